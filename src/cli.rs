//! Command-line interface: arguments, dispatch and exit codes. Each command returns
//! an [`Outcome`]; [`report`] turns it into text in the format asked for, and
//! [`output`] writes it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use skillgen::lint::RuleLevel;
use skillgen::outcome::{Outcome, Status};
use skillgen::project::{self, Project};
use skillgen::report::{self, report};
use skillgen::settings::{self, Flags};

use crate::output;

/// Exit code: success, in sync.
const OK: u8 = 0;
/// Exit code: findings or drift.
const FINDINGS: u8 = 1;
/// Exit code: invalid input or usage.
const INVALID: u8 = 2;

/// Generate the skriptoteket-devops Claude skill from typed facts, and check that the
/// committed skill still matches them.
#[derive(Debug, Parser)]
#[command(name = "skillgen", version, about, long_about = None)]
struct Cli {
    /// Folder of the facts YAML files.
    #[arg(long, global = true, default_value = "facts", value_name = "DIR")]
    facts: PathBuf,
    /// Folder of the minijinja templates.
    #[arg(long, global = true, default_value = "templates", value_name = "DIR")]
    templates: PathBuf,
    /// Folder the skill folder is written to (as OUT/<skill name>/).
    #[arg(long, global = true, default_value = "skill-out", value_name = "DIR")]
    out: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the skill and write it to OUT/<name>/, replacing the old folder atomically,
    /// and say which files changed; "up to date" when none did. Refuses to write a skill
    /// with lint errors.
    ///
    /// Example: skillgen generate
    Generate {
        /// Write the skill even when lint finds errors in it.
        #[arg(long)]
        allow_lint_errors: bool,
        #[command(flatten)]
        rules: RuleFlags,
    },
    /// Render the skill in memory and compare it with OUT/<name>/: on drift, show it
    /// and lint what the facts render; else lint the committed skill (exit 1 on any
    /// drift or lint error).
    ///
    /// Example: skillgen check --format github
    Check {
        /// Output format of the findings; drift becomes `out-of-date` findings, and
        /// its diff goes to stderr, in every format but human.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        rules: RuleFlags,
    },
    /// Lint skill folders (default: the generated one) against the skill rules; a
    /// folder of skills (such as .claude/skills) is linted skill by skill.
    ///
    /// Example: skillgen lint ~/.claude/skills/my-skill --hosts prod,staging --format json
    Lint {
        /// Skill folders, or folders of skills, to lint; default OUT/<name from the facts>.
        #[arg(value_name = "SKILL_DIR")]
        dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// SSH host aliases the skill may use (comma-separated); they replace the
        /// facts' hosts and the settings file's.
        #[arg(long, value_delimiter = ',', value_name = "ALIASES")]
        hosts: Option<Vec<String>>,
        #[command(flatten)]
        rules: RuleFlags,
    },
    /// Compare the facts with the app's repository: compose files, example env files,
    /// pdm scripts and the Typer CLI (exit 1 when the app contradicts a fact).
    ///
    /// Example: skillgen audit --app ../skriptoteket --format github
    Audit {
        /// The app repository's folder; default: `skill.app_repo` of the facts.
        #[arg(long, value_name = "DIR")]
        app: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List the lint rules, one line each (or as the README's markdown table).
    ///
    /// Example: skillgen rules --format markdown
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Show the documentation of one lint rule.
    ///
    /// Example: skillgen explain broken-anchor
    Explain {
        /// The rule's name, as `skillgen rules` lists it.
        rule: String,
    },
    /// Zip a skill folder (default: the generated one) as dist/NAME.skill for Claude's
    /// upload, after lint; refuses on lint errors and on more than 8 MB.
    ///
    /// Example: skillgen package --output ~/Downloads/skriptoteket-devops.skill
    Package {
        /// The skill folder; default OUT/<name from the facts>.
        #[arg(value_name = "SKILL_DIR")]
        dir: Option<PathBuf>,
        /// Where to write the package; default dist/<name>.skill.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Start a new skill project in DIR: facts, templates, schema, README section, and
    /// the generated skill, so that `skillgen check` passes at once.
    ///
    /// Example: skillgen init my-team-ops --name my-team-ops
    Init {
        /// The project folder (created if missing; must not hold facts/ or templates/).
        dir: PathBuf,
        /// The skill's name: lowercase letters, digits and hyphens.
        #[arg(long)]
        name: String,
    },
    /// Print the JSON Schema of a facts file, or of the lint settings file, for editors.
    ///
    /// Example: skillgen schema settings > schema/skillgen.schema.json
    Schema {
        /// Which file's schema.
        #[arg(value_enum, default_value_t = SchemaOf::Facts)]
        of: SchemaOf,
    },
    /// Print a shell completion script.
    ///
    /// Example: skillgen completions bash > ~/.local/share/bash-completion/completions/skillgen
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

/// How `skillgen rules` lists the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    /// One line each: name, default severity, summary.
    Human,
    /// A markdown table, as in the README.
    Markdown,
}

/// The files `skillgen schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaOf {
    /// A facts file (schema/facts.schema.json).
    Facts,
    /// The lint settings: skillgen.toml, or [tool.skillgen] of pyproject.toml
    /// (schema/skillgen.schema.json).
    Settings,
}

/// One run's rule settings, over the repository's settings file.
#[derive(Debug, Clone, Default, clap::Args)]
struct RuleFlags {
    /// Set a rule to off, warning or error for this run (repeatable).
    #[arg(long = "rule", value_name = "NAME=LEVEL", value_parser = settings::parse_rule_flag)]
    set: Vec<(&'static str, RuleLevel)>,
    /// Turn a rule off for this run (repeatable; wins over --rule).
    #[arg(long = "no-rule", value_name = "NAME", value_parser = settings::parse_rule_name)]
    off: Vec<(&'static str, RuleLevel)>,
}

impl RuleFlags {
    /// The flags of the run, with `hosts` when the command takes them.
    fn with_hosts(&self, hosts: Option<&[String]>) -> Flags {
        Flags {
            hosts: hosts.map(<[String]>::to_vec),
            rules: self.set.iter().chain(&self.off).copied().collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style diagnostics with the source line.
    Human,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { INVALID } else { OK });
        }
    };
    if matches!(
        cli.command,
        Command::Generate { .. } | Command::Init { .. } | Command::Package { .. }
    ) {
        clean_up_when_interrupted();
    }
    let project = Project {
        facts: cli.facts.clone(),
        templates: cli.templates.clone(),
        out: cli.out.clone(),
    };
    let (outcome, format) = match &cli.command {
        Command::Generate {
            allow_lint_errors,
            rules,
        } => (
            project.generate(*allow_lint_errors, &rules.with_hosts(None)),
            None,
        ),
        Command::Check { format, rules } => (project.check(&rules.with_hosts(None)), Some(*format)),
        Command::Lint {
            dirs,
            format,
            hosts,
            rules,
        } => (
            project.lint(dirs, &rules.with_hosts(hosts.as_deref())),
            Some(*format),
        ),
        Command::Audit { app, format } => (project.audit(app.as_deref()), Some(*format)),
        Command::Package { dir, output } => {
            (project.package(dir.as_deref(), output.as_deref()), None)
        }
        Command::Init { dir, name } => (project::init(dir, name), None),
        Command::Rules { format } => {
            let list = match format {
                RulesFormat::Human => report::rule_list(),
                RulesFormat::Markdown => format!(
                    "{}\n{}",
                    report::rule_list_markdown(),
                    report::audit_rule_list_markdown()
                ),
            };
            (Outcome::result(list), None)
        }
        Command::Explain { rule } => (explain(rule), None),
        Command::Schema { of } => {
            let schema = match of {
                SchemaOf::Facts => skillgen::facts::schema(),
                SchemaOf::Settings => settings::schema(),
            };
            (Outcome::result(schema), None)
        }
        Command::Completions { shell } => (completions(*shell), None),
    };
    let format = format.map_or(report::Format::Human, report::Format::from);
    output::print(&report(&outcome, format));
    let code = match outcome.status {
        Status::Ok => OK,
        Status::Failed => FINDINGS,
        Status::Invalid => INVALID,
    };
    ExitCode::from(output::finish(code))
}

impl From<Format> for report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Human => report::Format::Human,
            Format::Json => report::Format::Json,
            Format::Github => report::Format::Github,
            Format::Sarif => report::Format::Sarif,
        }
    }
}

/// The documentation of one lint or audit rule, or the nearest rule's name.
fn explain(name: &str) -> Outcome {
    if let Some(rule) = skillgen::lint::explain(name) {
        return Outcome::result(rule.explain());
    }
    if let Some(rule) = skillgen::audit::rules::named(name) {
        return Outcome::result(rule.explain());
    }
    let lint_rules = skillgen::lint::RULES.iter().map(|rule| rule.name);
    let audit_rules = skillgen::audit::rules::RULES.iter().map(|rule| rule.name);
    let problem = match skillgen::suggest::nearest(name, lint_rules.chain(audit_rules)) {
        Some(known) => format!("no rule named `{name}`; did you mean `{known}`?"),
        None => format!("no rule named `{name}`; `skillgen rules` lists them"),
    };
    Outcome::refused(Status::Invalid, format!("error: {problem}"))
}

/// A completion script for `shell`.
fn completions(shell: clap_complete::Shell) -> Outcome {
    // Into memory first: clap_complete panics when its writer fails.
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "skillgen", &mut script);
    Outcome::result(String::from_utf8_lossy(&script))
}

/// On SIGINT or SIGTERM, removes the staging folder or file of a write in progress
/// before exiting (128 + the signal, as a shell reports it). The skill folder is then
/// the old one or the new one, never a mix, and nothing is left beside it.
fn clean_up_when_interrupted() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            skillgen::skill::abandon_write();
            output::print(&report::Printed {
                stderr: "skillgen: interrupted; nothing was left half-written\n".into(),
                ..report::Printed::default()
            });
            std::process::exit(128 + signal);
        }
    });
}
