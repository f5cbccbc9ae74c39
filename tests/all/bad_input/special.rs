//! Special files where skillgen expects regular ones: a FIFO would hang a run and
//! `/dev/zero` would feed it without end. Each is refused, located, with what to do.

use std::path::Path;
use std::process::Command;

use crate::bad_input::support::{assert_has_help, assert_no_panic, assert_rejected_by};
use crate::project::Project;

/// Makes a FIFO at `path`; false where `mkfifo` is missing.
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn a_fifo_or_a_device_among_the_facts_is_refused() {
    let project = Project::scaffold();
    if !mkfifo(&project.path("facts/zz.yaml")) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    let stderr = assert_rejected_by(
        &project,
        &["generate", "check"],
        &[
            "facts/zz.yaml",
            "is a FIFO (named pipe), not a regular file",
        ],
    );
    assert_has_help(&stderr);
    std::fs::remove_file(project.path("facts/zz.yaml")).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", project.path("facts/zz.yaml")).expect("symlink");
    assert_rejected_by(
        &project,
        &["generate", "check"],
        &["facts/zz.yaml", "is a device, not a regular file"],
    );
}

#[test]
fn a_fifo_among_the_templates_is_refused() {
    let project = Project::scaffold();
    if !mkfifo(&project.path("templates/zz.md.j2")) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    let stderr = assert_rejected_by(
        &project,
        &["generate", "check"],
        &[
            "templates/zz.md.j2",
            "is a FIFO (named pipe), not a regular file",
        ],
    );
    assert_has_help(&stderr);
}

#[test]
fn a_fifo_inside_a_skill_folder_is_a_finding_not_a_hang() {
    let project = Project::scaffold();
    if !mkfifo(&project.path("skill-out/demo-ops/pipe.md")) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    // `check` shows the FIFO as drift (a file the facts do not produce), and lints
    // what the facts render instead of the out-of-date folder.
    let check = project.run(&["check"]);
    assert_no_panic(&check);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("stray: skill-out/demo-ops/pipe.md"),
        "{}",
        check.stdout
    );
    for command in ["lint", "package"] {
        let run = project.run(&[command]);
        assert_no_panic(&run);
        assert_eq!(run.code, 1, "{command}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("skill-out/demo-ops/pipe.md:1:1")
                && run
                    .stdout
                    .contains("not read: it is a FIFO (named pipe), not a regular file"),
            "{command}: {}",
            run.stdout
        );
    }
}
