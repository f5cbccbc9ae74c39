//! What `check` shows a maintainer: drift before anything else.

use crate::project::{Project, line_of};

const FOLDER: &str = "skill-out/demo-ops";

/// A scaffold project whose facts rename the default host, so that every committed
/// server command still uses the old alias.
fn renamed_host() -> Project {
    let project = Project::scaffold();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: app-server\n",
        "    alias: app-host\n",
    );
    project
}

#[test]
fn check_starts_with_the_drift_and_ends_with_the_fix() {
    let project = renamed_host();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let mut lines = run.stdout.lines().filter(|line| !line.is_empty());
    assert_eq!(
        lines.next(),
        Some(format!("{FOLDER} is out of date: 2 files differ, 0 missing, 0 stray").as_str()),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines.next(),
        Some(format!("--- a/{FOLDER}/SKILL.md (committed)").as_str()),
        "the diff comes right after the summary:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("-ssh app-server \"docker ps\"\n+ssh app-host \"docker ps\"\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("unknown-host"),
        "findings about the out-of-date committed files are beside the point:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("what the facts render: no problems"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .trim_end()
            .ends_with("run `skillgen generate` (from a checkout: `cargo run --release -- generate`) and commit the result."),
        "{}",
        run.stdout
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn check_lints_what_the_facts_render_after_the_diff() {
    let project = renamed_host();
    let operations = project.read("facts/operations.yaml");
    project.write(
        "facts/operations.yaml",
        &format!(
            "{operations}\n    - id: reset\n      title: Reset\n      steps:\n        - dir: app_repo\n          run: \"{{compose.prod}} down --volumes\"\n"
        ),
    );
    let line = line_of(&project.read("facts/operations.yaml"), "down --volumes");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("{FOLDER} is out of date: 2 files differ")),
        "{}",
        run.stdout
    );
    let diff = run.stdout.find("+ssh app-host").expect("the diff");
    let finding = run
        .stdout
        .find("error[destructive-unmarked]")
        .expect("the rendered skill's finding");
    let fix = run
        .stdout
        .find("would refuse to write it")
        .expect("the fix");
    assert!(diff < finding && finding < fix, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "the command comes from this step: facts/operations.yaml:{line}:16"
        )),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unknown-host"), "{}", run.stdout);
}

#[test]
fn check_in_sync_lints_the_committed_skill() {
    let project = Project::scaffold();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("out of date"), "{}", run.stdout);
    assert!(
        run.stdout
            .trim_end()
            .ends_with(&format!("{FOLDER} matches the facts (2 files)")),
        "{}",
        run.stdout
    );
}

#[test]
fn check_json_keeps_the_contract_with_the_diff_on_stderr() {
    let project = renamed_host();
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("only JSON");
    let findings = findings.as_array().expect("an array");
    assert!(!findings.is_empty());
    for finding in findings {
        let mut keys: Vec<&str> = finding
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .filter(|key| *key != "related")
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["column", "file", "line", "message", "rule", "severity"]
        );
        assert_eq!(finding["rule"], "out-of-date", "{finding}");
        assert_eq!(finding["severity"], "error");
    }
    let files: Vec<_> = findings.iter().map(|f| f["file"].as_str()).collect();
    assert_eq!(files, [Some("SKILL.md"), Some("operations.md")]);
    assert!(
        run.stderr.contains("+ssh app-host \"docker ps\""),
        "{}",
        run.stderr
    );
}
