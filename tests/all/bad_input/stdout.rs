//! Standard output that cannot be written: a closed pipe ends the output quietly, and
//! a full disk is an error with a message and exit code 2. Never a panic, and never a
//! success exit after a partial write.

use std::fs::OpenOptions;
use std::process::{Command, Stdio};

use crate::project::Project;

/// Every command that prints, with the exit code it has when its output is written.
const PRINTING: &[(&[&str], i32)] = &[
    (&["schema"], 0),
    (&["rules"], 0),
    (&["explain", "ssh-first"], 0),
    (&["completions", "bash"], 0),
    (&["completions", "zsh"], 0),
    (&["completions", "fish"], 0),
    (&["completions", "elvish"], 0),
    (&["completions", "powershell"], 0),
    (&["check"], 0),
    (&["check", "--format", "json"], 0),
    (&["lint"], 0),
    (&["lint", "--format", "sarif"], 0),
    (&["lint", "--format", "json"], 0),
];

fn run_with(project: &Project, args: &[&str], stdout: Stdio) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .args(args)
        .current_dir(project.path(""))
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("skillgen runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let project = Project::scaffold();
    for (args, code) in PRINTING {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let (exit, stderr) = run_with(&project, args, Stdio::from(writer));
        assert_eq!(exit, *code, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} complained: {stderr}");
    }
}

#[test]
fn a_full_disk_is_an_error_not_a_success() {
    let Ok(full) = OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here; skipped");
        return;
    };
    let project = Project::scaffold();
    for (args, _) in PRINTING {
        let stdout = Stdio::from(full.try_clone().expect("clone"));
        let (exit, stderr) = run_with(&project, args, stdout);
        assert_eq!(exit, 2, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("could not write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}
