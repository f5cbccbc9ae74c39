//! Command-line interface: arguments, dispatch, output and exit codes.
// The binary is the one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use skillgen::located::InputErrors;
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
    ///
    /// Example: skillgen generate
    Generate,
    /// Render the skill in memory and compare it with OUT/<name>/ (exit 1 on any drift).
    ///
    /// Example: skillgen check
    Check,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { INVALID } else { OK });
        }
    };
    let code = match cli.command {
        Command::Generate => generate(&cli),
        Command::Check => check(&cli),
    };
    ExitCode::from(code)
}

fn generate(cli: &Cli) -> u8 {
    let skill = match skillgen::build_skill(&cli.facts, &cli.templates) {
        Ok(skill) => skill,
        Err(errors) => return report_input_errors(&errors),
    };
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
    let rendered = match skillgen::build_skill(&cli.facts, &cli.templates) {
        Ok(skill) => skill,
        Err(errors) => return report_input_errors(&errors),
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
    if drift.is_empty() {
        let mut out = anstream::stdout();
        let _ = writeln!(
            out,
            "{label} matches the facts ({} files)",
            rendered.files.len()
        );
        return OK;
    }
    print_drift(&drift, &label, cli);
    FINDINGS
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
