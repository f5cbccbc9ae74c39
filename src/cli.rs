//! Command-line interface: arguments, dispatch, output and exit codes.
// The binary is the one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use skillgen::diagnostic::{Finding, Severity};
use skillgen::facts::Facts;
use skillgen::lint::{self, LintConfig, RULES};
use skillgen::located::InputErrors;
use skillgen::report;
use skillgen::skill::{Skill, SkillError};
use skillgen::sync::{self, Drift};

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
    /// Render the skill and write it to OUT/<name>/, replacing the old folder atomically.
    /// Refuses to write a skill with lint errors.
    ///
    /// Example: skillgen generate
    Generate {
        /// Write the skill even when lint finds errors in it.
        #[arg(long)]
        allow_lint_errors: bool,
    },
    /// Render the skill in memory, compare it with OUT/<name>/ and lint both
    /// (exit 1 on any drift or lint error).
    ///
    /// Example: skillgen check
    Check,
    /// Lint skill folders (default: the generated one) against the skill rules.
    ///
    /// Example: skillgen lint ~/.claude/skills/my-skill --hosts prod,staging --format json
    Lint {
        /// Skill folders to lint; default OUT/<name from the facts>.
        #[arg(value_name = "SKILL_DIR")]
        dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// SSH host aliases the skill may use (comma-separated); default: the facts' hosts.
        #[arg(long, value_delimiter = ',', value_name = "ALIASES")]
        hosts: Option<Vec<String>>,
    },
    /// List the lint rules, one line each.
    ///
    /// Example: skillgen rules
    Rules,
    /// Show the documentation of one lint rule.
    ///
    /// Example: skillgen explain broken-anchor
    Explain {
        /// The rule's name, as `skillgen rules` lists it.
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style diagnostics with the source line.
    Human,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { INVALID } else { OK });
        }
    };
    let code = match &cli.command {
        Command::Generate { allow_lint_errors } => generate(&cli, *allow_lint_errors),
        Command::Check => check(&cli),
        Command::Lint {
            dirs,
            format,
            hosts,
        } => lint_dirs(&cli, dirs, *format, hosts.as_deref()),
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(rule),
    };
    ExitCode::from(code)
}

/// Loads the facts and renders the skill, or reports why not.
fn build(cli: &Cli) -> Result<(Facts, Skill), u8> {
    let facts = skillgen::facts::load(&cli.facts).map_err(|errors| report_input_errors(&errors))?;
    let skill = skillgen::render::render_skill(&facts, &cli.templates)
        .map_err(|errors| report_input_errors(&errors))?;
    Ok((facts, skill))
}

fn generate(cli: &Cli, allow_lint_errors: bool) -> u8 {
    let (facts, skill) = match build(cli) {
        Ok(built) => built,
        Err(code) => return code,
    };
    let folder = cli.out.join(&skill.name);
    let findings = lint::lint_skill(&skill, &skillgen::lint_config(&facts));
    let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
    if !findings.is_empty() {
        print_human(&findings, &skill, &folder);
    }
    if has_errors && !allow_lint_errors {
        let mut err = anstream::stderr();
        let _ = writeln!(
            err,
            "skillgen: the rendered skill has lint errors; nothing was written.\nFix the facts or templates, or pass --allow-lint-errors to write it anyway."
        );
        return FINDINGS;
    }
    if let Err(error) = skill.write_atomically(&cli.out) {
        return report_write_error(&error);
    }
    let mut out = anstream::stdout();
    let _ = writeln!(
        out,
        "wrote {} ({} files)",
        cli.out.join(&skill.name).display(),
        skill.files.len()
    );
    OK
}

fn check(cli: &Cli) -> u8 {
    let (facts, rendered) = match build(cli) {
        Ok(built) => built,
        Err(code) => return code,
    };
    let folder = cli.out.join(&rendered.name);
    let on_disk = match Skill::read(&folder) {
        Ok(skill) => skill,
        Err(SkillError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Skill::new(rendered.name.clone())
        }
        Err(error) => return report_write_error(&error),
    };
    let label = folder.display().to_string();
    let drift = sync::compare(&rendered, &on_disk, &label);
    let config = skillgen::lint_config(&facts);
    // The committed skill is what Claude reads; when it differs from the rendered one,
    // both are linted so a hand edit that breaks a rule is named as such.
    let mut findings = lint::lint_skill(&on_disk, &config);
    let mut lint_errors = count_errors(&findings);
    if !findings.is_empty() {
        print_human(&findings, &on_disk, &folder);
    }
    if !drift.is_empty() {
        findings = lint::lint_skill(&rendered, &config);
        lint_errors += count_errors(&findings);
        if !findings.is_empty() {
            let mut out = anstream::stdout();
            let _ = writeln!(out, "in the skill the facts render:");
            print_human(&findings, &rendered, &folder);
        }
    }
    if drift.is_empty() && lint_errors == 0 {
        let mut out = anstream::stdout();
        let _ = writeln!(
            out,
            "{label} matches the facts ({} files)",
            rendered.files.len()
        );
        return OK;
    }
    if !drift.is_empty() {
        print_drift(&drift, &label, cli);
    }
    FINDINGS
}

fn count_errors(findings: &[Finding]) -> usize {
    lint::counts(findings).0
}

fn print_human(findings: &[Finding], skill: &Skill, folder: &Path) {
    let mut out = anstream::stdout();
    let root = folder.display().to_string();
    let _ = write!(out, "{}", report::human(findings, skill, &root, true));
}

fn lint_dirs(cli: &Cli, dirs: &[PathBuf], format: Format, hosts: Option<&[String]>) -> u8 {
    // Facts give the generated skill's folder, its hosts and its budgets. They are
    // needed only when no folder or no hosts are given; a folder outside a skillgen
    // project is linted without them.
    let facts = if dirs.is_empty() || (hosts.is_none() && cli.facts.is_dir()) {
        match skillgen::facts::load(&cli.facts) {
            Ok(facts) => Some(facts),
            Err(errors) => return report_input_errors(&errors),
        }
    } else {
        None
    };
    let dirs: Vec<PathBuf> = match (&facts, dirs.is_empty()) {
        (Some(facts), true) => vec![cli.out.join(&facts.skill.name.value)],
        _ => dirs.to_vec(),
    };
    // Folders are read and linted on every core; each gives its report text and
    // findings, and they are joined in the order given, so the output is the same.
    let linted_dirs = skillgen::parallel::map_ordered(&dirs, |dir| {
        let skill = Skill::read(dir)?;
        let mut config = match &facts {
            Some(facts) if facts.skill.name.value == skill.name => skillgen::lint_config(facts),
            Some(facts) => LintConfig {
                ssh_hosts: facts
                    .hosts
                    .values()
                    .map(|host| host.alias.clone())
                    .collect(),
                ..LintConfig::default()
            },
            None => LintConfig::default(),
        };
        if let Some(hosts) = hosts {
            config.ssh_hosts = hosts
                .iter()
                .map(|host| host.trim().to_string())
                .filter(|host| !host.is_empty())
                .collect();
        }
        let findings = lint::lint_skill(&skill, &config);
        let root = dir.display().to_string();
        let text = match format {
            Format::Human if !findings.is_empty() => report::human(&findings, &skill, &root, true),
            Format::Github => report::github(&findings, root.trim_start_matches("./")),
            _ => String::new(),
        };
        Ok::<_, SkillError>((root, text, findings))
    });
    let mut all = Vec::new();
    let mut output = String::new();
    let mut unreadable = 0;
    let mut linted = Vec::new();
    for (dir, result) in dirs.iter().zip(linted_dirs) {
        match result {
            Ok((root, text, findings)) => {
                linted.push(root);
                output.push_str(&text);
                all.extend(findings);
            }
            Err(error) => {
                let mut err = anstream::stderr();
                let _ = writeln!(err, "error: cannot lint {}: {error}", dir.display());
                unreadable += 1;
            }
        }
    }
    match format {
        Format::Json => output = report::json(&all),
        Format::Human if all.is_empty() && !linted.is_empty() => {
            output = format!("{}: {}\n", linted.join(", "), report::summary(&all));
        }
        _ => {}
    }
    let mut out = anstream::stdout();
    let _ = write!(out, "{output}");
    if unreadable > 0 {
        INVALID
    } else if count_errors(&all) > 0 {
        FINDINGS
    } else {
        OK
    }
}

fn list_rules() -> u8 {
    let width = RULES.iter().map(|rule| rule.name.len()).max().unwrap_or(0);
    let mut out = anstream::stdout();
    for rule in RULES {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.name,
            rule.severity.as_str(),
            rule.summary
        );
    }
    OK
}

fn explain(name: &str) -> u8 {
    if let Some(rule) = lint::explain(name) {
        let mut out = anstream::stdout();
        let _ = write!(out, "{}", rule.explain());
        return OK;
    }
    let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    let hint = match skillgen::suggest::nearest(name, names.iter().copied()) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("the rules are: {}", names.join(", ")),
    };
    let mut err = anstream::stderr();
    let _ = writeln!(err, "error: no lint rule named `{name}`; {hint}");
    INVALID
}

fn print_drift(drift: &Drift, label: &str, cli: &Cli) {
    let mut out = anstream::stdout();
    for changed in &drift.changed {
        let _ = write!(out, "{}", colour_diff(&changed.diff));
    }
    for path in &drift.missing {
        let _ = writeln!(
            out,
            "missing: {label}/{path} (the facts produce it; it is not on disk)"
        );
    }
    for path in &drift.stray {
        let _ = writeln!(
            out,
            "stray: {label}/{path} (on disk; the facts no longer produce it)"
        );
    }
    let _ = writeln!(
        out,
        "\n{label} is out of date: {} changed, {} missing, {} stray.\nTo fix it, run `{}` (from a checkout: `cargo run --release -- {}`) and commit the result.",
        drift.changed.len(),
        drift.missing.len(),
        drift.stray.len(),
        generate_command(cli),
        generate_command(cli).trim_start_matches("skillgen "),
    );
}

/// The command that brings the skill folder back in sync, with the same folders.
fn generate_command(cli: &Cli) -> String {
    let mut command = String::from("skillgen generate");
    for (flag, value, default) in [
        ("--facts", &cli.facts, "facts"),
        ("--templates", &cli.templates, "templates"),
        ("--out", &cli.out, "skill-out"),
    ] {
        if value != Path::new(default) {
            command.push_str(&format!(" {flag} {}", value.display()));
        }
    }
    command
}

fn colour_diff(diff: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let mut out = String::with_capacity(diff.len());
    for line in diff.split_inclusive('\n') {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            Style::new().bold()
        } else if line.starts_with('-') {
            red
        } else if line.starts_with('+') {
            green
        } else if line.starts_with("@@") {
            cyan
        } else {
            Style::new()
        };
        out.push_str(&format!("{style}{line}{style:#}"));
    }
    out
}

fn report_input_errors(errors: &InputErrors) -> u8 {
    let mut err = anstream::stderr();
    for error in &errors.0 {
        let _ = writeln!(err, "{}", error.render(true));
    }
    let count = errors.0.len();
    let _ = writeln!(
        err,
        "skillgen: {count} error{} in the input; nothing was written",
        if count == 1 { "" } else { "s" }
    );
    INVALID
}

fn report_write_error(error: &SkillError) -> u8 {
    let mut err = anstream::stderr();
    let _ = writeln!(
        err,
        "error: {error}\nskillgen: the skill folder was left as it was"
    );
    INVALID
}
