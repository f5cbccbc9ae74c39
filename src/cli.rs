//! Command-line interface: arguments, dispatch, output and exit codes.
// The binary is the one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use skillgen::diagnostic::{Finding, Severity};
use skillgen::facts::Facts;
use skillgen::lint::{self, LintConfig, RULES};
use skillgen::located::InputErrors;
use skillgen::report;
use skillgen::skill::{Skill, SkillError, Written};
use skillgen::sync::{self, Drift};

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
    /// Example: skillgen check --format github
    Check {
        /// Output format of the findings; drift becomes `out-of-date` findings, and
        /// its diff goes to stderr, in every format but human.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
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
    /// Zip a skill folder (default: the generated one) as NAME.skill for Claude's
    /// upload, after lint; refuses on lint errors and on more than 8 MB.
    ///
    /// Example: skillgen package --output dist/skriptoteket-devops.skill
    Package {
        /// The skill folder; default OUT/<name from the facts>.
        #[arg(value_name = "SKILL_DIR")]
        dir: Option<PathBuf>,
        /// Where to write the package; default ./<name>.skill.
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
    /// Print the JSON Schema of a facts file, for editors.
    ///
    /// Example: skillgen schema > schema/facts.schema.json
    Schema,
    /// Print a shell completion script.
    ///
    /// Example: skillgen completions bash > ~/.local/share/bash-completion/completions/skillgen
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
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
    let code = match &cli.command {
        Command::Generate { allow_lint_errors } => generate(&cli, *allow_lint_errors),
        Command::Check { format } => check(&cli, *format),
        Command::Lint {
            dirs,
            format,
            hosts,
        } => lint_dirs(&cli, dirs, *format, hosts.as_deref()),
        Command::Audit { app, format } => audit(&cli, app.as_deref(), *format),
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(rule),
        Command::Package { dir, output } => package(&cli, dir.as_deref(), output.as_deref()),
        Command::Init { dir, name } => init(dir, name),
        Command::Schema => {
            let mut out = output::stdout();
            let _ = write!(out, "{}", skillgen::facts::schema());
            OK
        }
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails.
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "skillgen", &mut script);
            let _ = output::stdout().write_all(&script);
            OK
        }
    };
    ExitCode::from(output::finish(code))
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
    let findings = skillgen::lint_with_facts(&skill, &facts);
    let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
    if !findings.is_empty() {
        print_human(&findings, &skill, &folder);
    }
    if has_errors && !allow_lint_errors {
        let mut err = output::stderr();
        let _ = writeln!(
            err,
            "skillgen: the rendered skill has lint errors; nothing was written.\nFix the facts or templates, or pass --allow-lint-errors to write it anyway."
        );
        return FINDINGS;
    }
    match skill.write_atomically(&cli.out) {
        Ok(written) => report_written(&written),
        Err(error) => return report_write_error(&error),
    }
    let mut out = output::stdout();
    let _ = writeln!(
        out,
        "wrote {} ({} files)",
        cli.out.join(&skill.name).display(),
        skill.files.len()
    );
    OK
}

fn check(cli: &Cli, format: Format) -> u8 {
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
    // The committed skill is what Claude reads, so it is what lint reports on.
    let findings = skillgen::lint_with_facts(&on_disk, &facts);
    let failed = !drift.is_empty() || count_errors(&findings) > 0;
    if format != Format::Human {
        let mut all = findings;
        all.extend(drift_findings(&drift));
        let mut out = output::stdout();
        let _ = write!(out, "{}", machine_report(format, &all, &label));
        if !drift.is_empty() {
            let mut err = output::stderr();
            for changed in &drift.changed {
                let _ = write!(err, "{}", colour_diff(&changed.diff));
            }
        }
        return if failed { FINDINGS } else { OK };
    }
    let mut out = output::stdout();
    if !findings.is_empty() {
        let _ = write!(out, "{}", report::human(&findings, &on_disk, &label, true));
    }
    if !drift.is_empty() {
        // A hand edit shows above; what the facts render is linted too, so a broken
        // template or fact is named before it is written.
        let rendered_findings = skillgen::lint_with_facts(&rendered, &facts);
        if !rendered_findings.is_empty() {
            let _ = writeln!(out, "in the skill the facts render:");
            let _ = write!(
                out,
                "{}",
                report::human(&rendered_findings, &rendered, &label, true)
            );
        }
        print_drift(&drift, &label, cli);
        return FINDINGS;
    }
    let _ = write!(out, "{}", budget_chart(&on_disk, &config));
    if failed {
        return FINDINGS;
    }
    let _ = writeln!(
        out,
        "{label} matches the facts ({} files)",
        rendered.files.len()
    );
    OK
}

/// Drift as findings, for the machine formats: one per changed, missing or stray file.
fn drift_findings(drift: &Drift) -> Vec<Finding> {
    let finding = |file: &str, line: usize, message: String| {
        Finding::new(OUT_OF_DATE, Severity::Error, file, line, 1, message)
    };
    let fix = "run `skillgen generate` and commit the result";
    let mut findings = Vec::new();
    for changed in &drift.changed {
        findings.push(finding(
            &changed.path,
            changed.first_line,
            format!("differs from what the facts render from here on; {fix}"),
        ));
    }
    for path in &drift.missing {
        findings.push(finding(
            path,
            1,
            format!("the facts produce this file but it is not committed; {fix}"),
        ));
    }
    for path in &drift.stray {
        findings.push(finding(
            path,
            1,
            format!("the facts no longer produce this file; {fix}"),
        ));
    }
    findings
}

/// The rule name drift findings carry.
const OUT_OF_DATE: &str = "out-of-date";

/// JSON, GitHub or SARIF output of findings, with `root` before each file where the
/// format wants paths from the repository root.
fn machine_report(format: Format, findings: &[Finding], root: &str) -> String {
    match format {
        Format::Json => report::json(findings),
        Format::Github => report::github(findings, root.trim_start_matches("./")),
        Format::Sarif => {
            let mut rules: Vec<report::RuleInfo<'_>> = RULES
                .iter()
                .map(|rule| report::RuleInfo {
                    name: rule.name,
                    summary: rule.summary,
                    severity: rule.severity,
                })
                .collect();
            rules.push(report::RuleInfo {
                name: OUT_OF_DATE,
                summary: "the committed skill differs from what the facts render",
                severity: Severity::Error,
            });
            report::sarif(findings, root.trim_start_matches("./"), &rules)
        }
        Format::Human => String::new(),
    }
}

/// The line budget chart of a skill's markdown files, after a blank line.
fn budget_chart(skill: &Skill, config: &LintConfig) -> String {
    let budgets: Vec<report::FileBudget> = lint::line_budgets(skill, config)
        .into_iter()
        .map(|(file, lines, max)| report::FileBudget { file, lines, max })
        .collect();
    if budgets.is_empty() {
        return String::new();
    }
    format!("{}\n", report::budget_chart(&budgets))
}

fn count_errors(findings: &[Finding]) -> usize {
    lint::counts(findings).0
}

fn print_human(findings: &[Finding], skill: &Skill, folder: &Path) {
    let mut out = output::stdout();
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
            Some(facts) => skillgen::lint_config_for_any_skill(facts),
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
            Format::Human => {
                let mut text = if findings.is_empty() {
                    format!("{root}: no problems\n")
                } else {
                    report::human(&findings, &skill, &root, true)
                };
                text.push_str(&budget_chart(&skill, &config));
                text
            }
            Format::Github => machine_report(format, &findings, &root),
            Format::Json | Format::Sarif => String::new(),
        };
        Ok::<_, SkillError>((root, text, findings))
    });
    let mut all = Vec::new();
    let mut output = String::new();
    let mut unreadable = 0;
    // For JSON and SARIF: each folder and how many findings it gave, in order.
    let mut roots: Vec<(String, usize)> = Vec::new();
    for (dir, result) in dirs.iter().zip(linted_dirs) {
        match result {
            Ok((root, text, findings)) => {
                output.push_str(&text);
                roots.push((root, findings.len()));
                all.extend(findings);
            }
            Err(error) => {
                let mut err = output::stderr();
                let _ = writeln!(err, "error: cannot lint {}: {error}", dir.display());
                unreadable += 1;
            }
        }
    }
    match format {
        Format::Json => output = report::json(&all),
        // One SARIF run for all folders: each finding's path gets its folder in front.
        Format::Sarif => {
            let mut rooted = Vec::with_capacity(all.len());
            let mut rest = all.iter();
            for (root, count) in &roots {
                for finding in rest.by_ref().take(*count) {
                    let mut finding = finding.clone();
                    finding.file = format!(
                        "{}/{}",
                        root.trim_start_matches("./").trim_end_matches('/'),
                        finding.file
                    );
                    rooted.push(finding);
                }
            }
            output = machine_report(format, &rooted, "");
        }
        _ => {}
    }
    let mut out = output::stdout();
    let _ = write!(out, "{output}");
    if unreadable > 0 {
        INVALID
    } else if count_errors(&all) > 0 {
        FINDINGS
    } else {
        OK
    }
}

fn audit(cli: &Cli, app: Option<&Path>, format: Format) -> u8 {
    use skillgen::audit;
    let facts = match skillgen::facts::load(&cli.facts) {
        Ok(facts) => facts,
        Err(errors) => return report_input_errors(&errors),
    };
    let app_dir = match audit::app_dir(&cli.facts, &facts, app) {
        Ok(dir) => dir,
        Err(error) => return report_input_errors(&error.into()),
    };
    let result = match audit::audit(&cli.facts, &facts, &app_dir) {
        Ok(result) => result,
        Err(errors) => return report_input_errors(&errors),
    };
    let findings = &result.findings;
    let text = match format {
        Format::Human => {
            let mut sources = Skill::new("audit");
            sources.files.extend(result.sources.clone());
            let mut text = if findings.is_empty() {
                String::new()
            } else {
                report::human(findings, &sources, "", true)
            };
            let counts = audit::warning_counts(findings);
            if !counts.is_empty() {
                text.push_str(&format!("undescribed in the facts: {counts}\n"));
            }
            if !result.suppressed.is_empty() {
                text.push_str(&format!(
                    "suppressed by audit_ignore ({}):\n",
                    result.suppressed.len()
                ));
                for suppressed in &result.suppressed {
                    text.push_str(&format!(
                        "  {} ({}:{}): {}\n",
                        suppressed.what,
                        suppressed.finding.file,
                        suppressed.finding.line,
                        suppressed.reason
                    ));
                }
            }
            if findings.is_empty() {
                text.push_str(&format!("{}: the facts match the app\n", app_dir.display()));
            }
            text
        }
        Format::Json => report::json(findings),
        Format::Github => report::github(findings, ""),
        Format::Sarif => {
            let rules: Vec<report::RuleInfo<'_>> = audit::rules::RULES
                .iter()
                .map(|rule| report::RuleInfo {
                    name: rule.name,
                    summary: rule.summary,
                    severity: rule.severity,
                })
                .collect();
            report::sarif(findings, "", &rules)
        }
    };
    let mut out = output::stdout();
    let _ = write!(out, "{text}");
    if count_errors(findings) > 0 {
        FINDINGS
    } else {
        OK
    }
}

fn package(cli: &Cli, dir: Option<&Path>, output: Option<&Path>) -> u8 {
    let (dir, config) = match dir {
        Some(dir) => {
            let config = match cli
                .facts
                .is_dir()
                .then(|| skillgen::facts::load(&cli.facts))
            {
                Some(Ok(facts)) => skillgen::lint_config_for_any_skill(&facts),
                Some(Err(errors)) => return report_input_errors(&errors),
                None => LintConfig::default(),
            };
            (dir.to_path_buf(), config)
        }
        None => match skillgen::facts::load(&cli.facts) {
            Ok(facts) => (
                cli.out.join(&facts.skill.name.value),
                skillgen::lint_config(&facts),
            ),
            Err(errors) => return report_input_errors(&errors),
        },
    };
    let skill = match Skill::read(&dir) {
        Ok(skill) => skill,
        Err(error) => {
            let mut err = output::stderr();
            let _ = writeln!(err, "error: cannot package {}: {error}", dir.display());
            return INVALID;
        }
    };
    let findings = lint::lint_skill(&skill, &config);
    let root = dir.display().to_string();
    if count_errors(&findings) > 0 {
        let mut out = output::stdout();
        let _ = write!(out, "{}", report::human(&findings, &skill, &root, true));
        let mut err = output::stderr();
        let _ = writeln!(
            err,
            "skillgen: {root} has lint errors; no package was written"
        );
        return FINDINGS;
    }
    let bytes = match skillgen::package::package(&skill) {
        Ok(bytes) => bytes,
        Err(error) => {
            let mut err = output::stderr();
            let _ = writeln!(err, "error: {error}; no package was written");
            return FINDINGS;
        }
    };
    let target = output.map_or_else(
        || PathBuf::from(format!("{}.skill", skill.name)),
        Path::to_path_buf,
    );
    if let Err(error) = skillgen::skill::write_file_atomically(&target, &bytes) {
        let mut err = output::stderr();
        let _ = writeln!(
            err,
            "error: cannot write {}: {error}\nskillgen: nothing was written",
            target.display()
        );
        return INVALID;
    }
    let mut out = output::stdout();
    let _ = writeln!(
        out,
        "wrote {} ({} files, {} bytes)",
        target.display(),
        skill.files.len() + skill.unreadable.len(),
        bytes.len()
    );
    OK
}

/// Writes `bytes` beside `target` first, then renames, so a failed write leaves no
/// half-written file.
fn init(dir: &Path, name: &str) -> u8 {
    let mut err = output::stderr();
    let scaffolded = match skillgen::scaffold::scaffold(dir, name, &skillgen::facts::schema()) {
        Ok(scaffolded) => scaffolded,
        Err(error) => {
            let _ = writeln!(err, "error: {error}\nskillgen: nothing was written");
            return INVALID;
        }
    };
    let facts_dir = dir.join("facts");
    let skill = match skillgen::build_skill(&facts_dir, &dir.join("templates")) {
        Ok(skill) => skill,
        Err(errors) => {
            scaffolded.undo();
            return report_input_errors(&errors);
        }
    };
    match skill.write_atomically(&dir.join("skill-out")) {
        Ok(written) => report_written(&written),
        Err(error) => {
            scaffolded.undo();
            let _ = fs::remove_dir(dir.join("skill-out"));
            let _ = writeln!(
                err,
                "error: {error}\nskillgen: the new project was taken back; nothing was left in {}",
                dir.display()
            );
            return INVALID;
        }
    }
    let mut out = output::stdout();
    let _ = writeln!(
        out,
        "created {dir} with the `{name}` skill in {dir}/skill-out/{name}\nnext: edit {dir}/facts, then run `skillgen generate` and `skillgen check` in {dir}",
        dir = dir.display()
    );
    OK
}

fn list_rules() -> u8 {
    let width = RULES.iter().map(|rule| rule.name.len()).max().unwrap_or(0);
    let mut out = output::stdout();
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
        let mut out = output::stdout();
        let _ = write!(out, "{}", rule.explain());
        return OK;
    }
    let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    let hint = match skillgen::suggest::nearest(name, names.iter().copied()) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("the rules are: {}", names.join(", ")),
    };
    let mut err = output::stderr();
    let _ = writeln!(err, "error: no lint rule named `{name}`; {hint}");
    INVALID
}

fn print_drift(drift: &Drift, label: &str, cli: &Cli) {
    let mut out = output::stdout();
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
    let mut err = output::stderr();
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
            let _ = writeln!(
                output::stderr(),
                "skillgen: interrupted; nothing was left half-written"
            );
            std::process::exit(128 + signal);
        }
    });
}

/// Says what a successful write did besides writing: leftovers of interrupted runs it
/// removed, and an old copy it could not remove.
fn report_written(written: &Written) {
    let mut err = output::stderr();
    for path in &written.removed_leftovers {
        let _ = writeln!(
            err,
            "note: removed {}, left by an earlier run that was interrupted",
            path.display()
        );
    }
    if let Some((path, error)) = &written.old_copy_left {
        let _ = writeln!(
            err,
            "warning: the new skill is in place, but its old copy could not be removed: {}: {error}\nRemove it by hand (`chmod -R u+w {path} && rm -rf {path}`), so it is not committed with the skill.",
            path.display(),
            path = path.display()
        );
    }
}

fn report_write_error(error: &SkillError) -> u8 {
    let mut err = output::stderr();
    let _ = writeln!(
        err,
        "error: {error}\nskillgen: the skill folder was left as it was"
    );
    INVALID
}
