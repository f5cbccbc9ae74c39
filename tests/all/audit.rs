//! `skillgen audit`: a fixture app that matches its facts audits clean; each mutation of
//! an app file gives its finding at the fact and at the app's line; bad app files exit 2.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FACTS: &str = "tests/fixtures/audit-facts";
const APP: &str = "tests/fixtures/app";

/// A copy of the fixture app in a temporary folder, to mutate.
struct AppCopy {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl AppCopy {
    fn new() -> AppCopy {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("app");
        copy_dir(Path::new(APP), &path);
        AppCopy { _dir: dir, path }
    }

    /// Replaces `from` by `to` in one file of the app; `from` must be there.
    fn edit(&self, file: &str, from: &str, to: &str) -> &AppCopy {
        let path = self.path.join(file);
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write");
        self
    }

    fn write(&self, file: &str, text: &str) -> &AppCopy {
        fs::write(self.path.join(file), text).expect("write");
        self
    }

    fn shown(&self, file: &str) -> String {
        format!("{}/{file}", self.path.display())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn audit(facts: &str, app: Option<&Path>, format: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgen"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--facts", facts, "audit", "--format", format]);
    if let Some(app) = app {
        command.arg("--app").arg(app);
    }
    let output = command.output().expect("runs");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn findings(app: &AppCopy) -> (i32, Vec<Value>) {
    let run = audit(FACTS, Some(&app.path), "json");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let findings: Value = serde_json::from_str(&run.stdout).expect("JSON");
    (run.code, findings.as_array().expect("array").clone())
}

/// The one finding of `rule`.
fn only<'a>(findings: &'a [Value], rule: &str) -> &'a Value {
    let matching: Vec<&Value> = findings.iter().filter(|f| f["rule"] == rule).collect();
    assert_eq!(matching.len(), 1, "{rule} in {findings:#?}");
    matching[0]
}

/// The 1-based line of the first line holding `needle` in a file.
fn line_of(path: &str, needle: &str) -> u64 {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("read");
    text.lines()
        .position(|line| line.contains(needle))
        .expect(needle) as u64
        + 1
}

fn assert_at(finding: &Value, file: &str, line: u64) {
    assert_eq!(finding["file"], file, "{finding:#}");
    assert_eq!(finding["line"], line, "{finding:#}");
}

fn assert_related(finding: &Value, file: &str, line: u64) {
    let related = finding["related"].as_array().expect("related");
    assert!(
        related
            .iter()
            .any(|r| r["file"] == file && r["line"] == line),
        "no related {file}:{line} in {finding:#}"
    );
}

#[test]
fn the_matching_fixture_audits_clean() {
    // The facts name the app with skill.app_repo, so --app is not needed.
    let run = audit(FACTS, None, "human");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("the facts match the app"),
        "{}",
        run.stdout
    );
    let json = audit(FACTS, Some(Path::new(APP)), "json");
    assert_eq!((json.code, json.stdout.trim()), (0, "[]"));
}

#[test]
fn a_renamed_container_is_an_error_at_the_fact_and_the_compose_line() {
    let app = AppCopy::new();
    app.edit(
        "compose.prod.yaml",
        "container_name: skriptoteket-web",
        "container_name: skriptoteket-app",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-container");
    assert_eq!(finding["severity"], "error");
    let facts = format!("{FACTS}/infrastructure.yaml");
    assert_at(finding, &facts, line_of(&facts, "name: skriptoteket-web"));
    assert_eq!(finding["column"], 11);
    assert_related(finding, &app.shown("compose.prod.yaml"), 5);
}

#[test]
fn a_dropped_env_var_is_an_error_at_the_fact() {
    let app = AppCopy::new();
    app.edit(".env.example.prod", "SECRET_KEY=change-me\n", "");
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-env-var");
    let facts = format!("{FACTS}/env.yaml");
    assert_at(finding, &facts, line_of(&facts, "SECRET_KEY:"));
    assert_related(finding, &app.shown(".env.example"), 1);
}

#[test]
fn an_env_var_set_for_another_environment_is_a_scope_error() {
    let app = AppCopy::new();
    app.edit(
        "compose.dev.yaml",
        "- LOG_FORMAT=console",
        "- LOG_FORMAT=console\n      - SECRET_KEY=dev",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-env-scope");
    let facts = format!("{FACTS}/env.yaml");
    assert_at(finding, &facts, line_of(&facts, "SECRET_KEY:") + 1);
    assert_related(finding, &app.shown("compose.dev.yaml"), 5);
}

#[test]
fn the_production_database_user_comes_from_the_prod_compose_file() {
    let app = AppCopy::new();
    app.edit(
        "compose.prod.yaml",
        "asyncpg://skriptoteket:",
        "asyncpg://postgres:",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-database");
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or("")
            .contains("`postgres`"),
        "{finding:#}"
    );
    let facts = format!("{FACTS}/infrastructure.yaml");
    assert_at(finding, &facts, line_of(&facts, "user: skriptoteket"));
    assert_related(finding, &app.shown("compose.prod.yaml"), 9);
}

#[test]
fn a_renamed_pdm_script_is_an_error_and_the_new_name_a_warning() {
    let app = AppCopy::new();
    app.edit("pyproject.toml", "artifacts-prune =", "prune =");
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-pdm-script");
    let facts = format!("{FACTS}/cli.yaml");
    assert_at(
        finding,
        &facts,
        line_of(&facts, "pdm_script: artifacts-prune"),
    );
    assert_eq!(finding["column"], 19);
    assert_related(finding, &app.shown("pyproject.toml"), 1);
    let warning = only(&findings, "audit-new-pdm-script");
    assert_at(warning, &app.shown("pyproject.toml"), 9);
}

#[test]
fn a_dropped_cli_flag_is_an_error_at_the_flag() {
    let app = AppCopy::new();
    app.edit(
        "src/skriptoteket/cli/main.py",
        "    dry_run: bool = typer.Option(False, \"--dry-run\"),\n",
        "",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-cli-flag");
    let facts = format!("{FACTS}/cli.yaml");
    assert_at(finding, &facts, line_of(&facts, "- flag: --dry-run"));
    assert_related(finding, &app.shown("src/skriptoteket/cli/main.py"), 19);
}

#[test]
fn a_renamed_cli_command_is_an_error_and_the_new_one_a_warning() {
    let app = AppCopy::new();
    app.edit(
        "src/skriptoteket/cli/main.py",
        "@app.command(\"prune-artifacts\")",
        "@app.command(\"prune\")",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let facts = format!("{FACTS}/cli.yaml");
    assert_at(
        only(&findings, "audit-cli-command"),
        &facts,
        line_of(&facts, "name: prune-artifacts"),
    );
    assert_at(
        only(&findings, "audit-new-cli-command"),
        &app.shown("src/skriptoteket/cli/main.py"),
        19,
    );
}

#[test]
fn commands_registered_from_another_module_are_read_with_their_flags() {
    // The layout a growing Typer app moves to: one module per command, registered in
    // main.py as `app.command()(function)`.
    let app = AppCopy::new();
    app.edit(
        "src/skriptoteket/cli/main.py",
        "@app.command(\"prune-artifacts\")\ndef prune(",
        "def prune(",
    );
    let main = app.path.join("src/skriptoteket/cli/main.py");
    let text = fs::read_to_string(&main).expect("read");
    let (head, prune) = text.split_at(text.find("def prune(").expect("prune"));
    let (prune, rest) = prune.split_at(prune.find("\n\n\n").expect("end of prune"));
    fs::create_dir_all(app.path.join("src/skriptoteket/cli/commands")).expect("mkdir");
    app.write(
        "src/skriptoteket/cli/commands/prune.py",
        &format!("from typing import Annotated\n\nimport typer\n\n\n{prune}\n"),
    );
    app.write(
        "src/skriptoteket/cli/main.py",
        &format!(
            "{head}{rest}\n\nfrom skriptoteket.cli.commands.prune import prune\n\napp.command(\"prune-artifacts\")(prune)\n"
        ),
    );
    let (code, clean) = findings(&app);
    assert_eq!((code, clean.len()), (0, 0), "{clean:#?}");

    // And a flag dropped there is found there.
    app.edit(
        "src/skriptoteket/cli/commands/prune.py",
        "    dry_run: bool = typer.Option(False, \"--dry-run\"),\n",
        "",
    );
    let (code, findings) = findings(&app);
    assert_eq!(code, 1);
    let finding = only(&findings, "audit-cli-flag");
    assert_related(
        finding,
        &app.shown("src/skriptoteket/cli/commands/prune.py"),
        6,
    );
}

#[test]
fn what_the_facts_do_not_describe_is_a_warning_counted_per_kind() {
    let app = AppCopy::new();
    app.edit("compose.yaml", "  db:\n", "  worker:\n    image: worker\n  db:\n")
        .edit(".env.example", "LOG_FORMAT=console\n", "LOG_FORMAT=console\nFOO=bar\n")
        .edit(
            "src/skriptoteket/cli/main.py",
            "    dry_run: bool = typer.Option(False, \"--dry-run\"),\n",
            "    dry_run: bool = typer.Option(False, \"--dry-run\"),\n    limit: int = 10,\n",
        )
        .edit(
            "src/skriptoteket/cli/main.py",
            "def helper(",
            "@app.command()\ndef seed_script_bank(publish: bool = True) -> None:\n    pass\n\n\ndef helper(",
        )
        .write("compose.runner.yaml", "services:\n  runner:\n    image: runner\n");
    let (code, findings) = findings(&app);
    assert_eq!(code, 0, "warnings alone pass: {findings:#?}");
    assert_at(
        only(&findings, "audit-new-service"),
        &app.shown("compose.yaml"),
        16,
    );
    assert_at(
        only(&findings, "audit-new-env-var"),
        &app.shown(".env.example"),
        5,
    );
    let flags: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "audit-new-cli-flag")
        .collect();
    let flag_messages: Vec<&str> = flags.iter().filter_map(|f| f["message"].as_str()).collect();
    // The new command's options are named in its own warning, not one by one.
    assert_eq!(flags.len(), 1, "{flag_messages:?}");
    assert!(flag_messages[0].contains("`--limit`"), "{flag_messages:?}");
    let command = only(&findings, "audit-new-cli-command");
    assert!(
        command["message"]
            .as_str()
            .unwrap_or("")
            .contains("--publish/--no-publish"),
        "{command:#}"
    );
    assert_at(
        only(&findings, "audit-new-cli-command"),
        &app.shown("src/skriptoteket/cli/main.py"),
        28,
    );
    assert_at(
        only(&findings, "audit-new-compose-file"),
        &app.shown("compose.runner.yaml"),
        1,
    );
    let human = audit(FACTS, Some(&app.path), "human");
    assert!(
        human.stdout.contains("undescribed in the facts: 1 audit-new-cli-command, 1 audit-new-cli-flag, 1 audit-new-compose-file, 1 audit-new-env-var, 1 audit-new-service"),
        "{}",
        human.stdout
    );
}

#[test]
fn audit_ignore_suppresses_a_warning_with_its_reason() {
    let app = AppCopy::new();
    app.write(
        "compose.runner.yaml",
        "services:\n  runner:\n    image: runner\n",
    );
    app.write(
        ".env.example",
        &format!(
            "{}MAIL_HOST=smtp.example.org\nMAIL_PORT=587\nMAILBOX=inbox\n",
            fs::read_to_string(app.path.join(".env.example")).expect("read")
        ),
    );
    let facts = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new(FACTS), facts.path());
    fs::write(
        facts.path().join("audit.yaml"),
        "audit_ignore:\n  - what: \"compose:compose.runner.yaml\"\n    reason: builds the runner image only; no container of its own\n  - what: \"env:NOT_THERE\"\n    reason: stale\n  - what: \"env:MAIL_*\"\n    reason: mail settings; the skill sends no mail\n",
    )
    .expect("write");
    let facts_dir = facts.path().to_string_lossy().into_owned();
    let json = audit(&facts_dir, Some(&app.path), "json");
    let findings: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let findings = findings.as_array().expect("array");
    assert!(
        findings
            .iter()
            .all(|f| f["rule"] != "audit-new-compose-file"),
        "{findings:#?}"
    );
    // The family pattern covers MAIL_HOST and MAIL_PORT, not MAILBOX.
    let new_vars: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "audit-new-env-var")
        .collect();
    assert_eq!(new_vars.len(), 1, "{new_vars:#?}");
    assert!(
        new_vars[0]["message"]
            .as_str()
            .unwrap()
            .contains("`MAILBOX`")
    );
    let unused = only(findings, "audit-unused-ignore");
    assert_at(unused, &format!("{facts_dir}/audit.yaml"), 4);
    let human = audit(&facts_dir, Some(&app.path), "human");
    assert_eq!(human.code, 0, "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("suppressed by audit_ignore (3 items, 2 entries):")
            && human
                .stdout
                .contains("mail settings; the skill sends no mail")
            && human.stdout.contains("compose:compose.runner.yaml")
            && human.stdout.contains("builds the runner image only"),
        "{}",
        human.stdout
    );
}

#[test]
fn broken_app_files_exit_2_with_a_located_message() {
    let cases = [
        (
            "compose.prod.yaml",
            "services:\n  web: [\n",
            "compose.prod.yaml:2:",
        ),
        (
            "pyproject.toml",
            "[tool.pdm.scripts]\ndev = \n",
            "pyproject.toml:2:",
        ),
        (
            "src/skriptoteket/cli/main.py",
            "import typer\n\ndef f(:\n    pass\n",
            "main.py:3:",
        ),
        (".env.example", "A=1\nB C\n", ".env.example:2:"),
    ];
    for (file, text, location) in cases {
        let app = AppCopy::new();
        app.write(file, text);
        let run = audit(FACTS, Some(&app.path), "json");
        assert_eq!(run.code, 2, "{file}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(location), "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_missing_app_folder_exits_2() {
    let run = audit(
        FACTS,
        Some(Path::new("tests/fixtures/no-such-app")),
        "human",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-app"), "{}", run.stderr);
}
