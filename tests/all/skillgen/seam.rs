//! What `check`, `generate` and `package` show a maintainer: drift before anything
//! else, which files a write changed, and a package out of the way of commits.

use std::fs;
use std::os::unix::fs::MetadataExt;

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
            [
                "column", "file", "line", "message", "rule", "severity", "skill"
            ]
        );
        assert_eq!(finding["skill"], "skill-out/demo-ops", "{finding}");
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

#[test]
fn generate_says_up_to_date_and_leaves_the_folder_alone() {
    let project = Project::scaffold();
    let inode = |project: &Project| fs::metadata(project.path(FOLDER)).expect("folder").ino();
    let before = inode(&project);
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!("{FOLDER} is up to date (2 files); nothing to write\n")
    );
    assert_eq!(
        inode(&project),
        before,
        "an up-to-date folder was rewritten"
    );
}

#[test]
fn generate_names_the_files_it_changed() {
    let project = renamed_host();
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wrote {FOLDER}: 2 files changed, 0 unchanged\n  modified  SKILL.md\n  modified  operations.md\n"
        )
    );
    project.edit(
        "templates/branch.md.j2",
        "{% for s in sections %}",
        "Read first.\n\n{% for s in sections %}",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("wrote {FOLDER}: 1 file changed, 1 unchanged\n")),
        "{}",
        run.stdout
    );
    let again = project.run(&["generate"]);
    assert!(again.stdout.contains("is up to date"), "{}", again.stdout);
    assert_eq!(project.run(&["check"]).code, 0);
}

#[test]
fn generate_lists_added_and_removed_files() {
    let project = Project::scaffold();
    project.write(&format!("{FOLDER}/old.md"), "# Old\n");
    fs::remove_file(project.path(&format!("{FOLDER}/operations.md"))).expect("remove");
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wrote {FOLDER}: 2 files changed, 1 unchanged\n  added     operations.md\n  removed   old.md\n"
        )
    );
}

#[test]
fn an_up_to_date_generate_still_removes_what_a_killed_run_left() {
    let project = Project::scaffold();
    // No process has the largest id, so the folder belongs to a run that is gone.
    let pid_max = fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(4_194_304);
    let stale = project.path(&format!("skill-out/.demo-ops.new-{pid_max}"));
    fs::create_dir(&stale).expect("stale staging");
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("is up to date"), "{}", run.stdout);
    assert!(!stale.exists(), "the stale staging folder is still there");
    assert!(run.stderr.contains("note: removed"), "{}", run.stderr);
}

#[test]
fn package_writes_into_dist_unless_told() {
    let project = Project::scaffold();
    let run = project.run(&["package"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let package = project.path("dist/demo-ops.skill");
    let bytes = fs::read(&package).expect("dist/demo-ops.skill");
    assert!(bytes.starts_with(b"PK"), "a zip");
    assert!(
        run.stdout.starts_with("wrote dist/demo-ops.skill ("),
        "{}",
        run.stdout
    );
    assert!(!project.path("demo-ops.skill").exists());

    let run = project.run(&["package", "--output", "elsewhere.skill"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        fs::read(project.path("elsewhere.skill")).expect("written"),
        bytes
    );
}

#[test]
fn this_repository_ignores_dist() {
    let ignore =
        fs::read_to_string(crate::project::repo_root().join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|line| line == "/dist"), "{ignore}");
}
