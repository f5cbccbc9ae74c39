//! Helpers shared by the bad-input cases.

use std::fs;
use std::path::PathBuf;

use crate::project::{Project, Run};

pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad_input")
        .join(relative)
}

pub fn fixture_text(relative: &str) -> String {
    String::from_utf8_lossy(&fs::read(fixture(relative)).expect("fixture")).into_owned()
}

/// Copies a fixture into the project at `to`.
pub fn install(project: &Project, fixture_path: &str, to: &str) {
    fs::copy(fixture(fixture_path), project.path(to)).expect("copy fixture");
}

/// No panic and no Rust backtrace, whatever the exit code.
pub fn assert_no_panic(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("panicked"), "panic:\n{text}");
        assert!(!text.contains("RUST_BACKTRACE"), "panic:\n{text}");
    }
}

/// Runs `generate` and `check`: both must exit 2, print every `expected` text on stderr,
/// not panic, and leave `skill-out/` byte for byte as it was. Returns generate's stderr.
pub fn assert_rejected(project: &Project, expected: &[&str]) -> String {
    assert_rejected_by(project, &["generate", "check"], expected)
}

pub fn assert_rejected_by(project: &Project, commands: &[&str], expected: &[&str]) -> String {
    let before = project.snapshot_output();
    let mut first = None;
    for command in commands {
        let run = project.run(&[command]);
        assert_no_panic(&run);
        assert_eq!(run.code, 2, "{command}: {}{}", run.stdout, run.stderr);
        for text in expected {
            assert!(
                run.stderr.contains(text),
                "{command}: expected {text:?} in:\n{}",
                run.stderr
            );
        }
        assert_eq!(
            project.snapshot_output(),
            before,
            "{command} changed skill-out"
        );
        first.get_or_insert(run.stderr);
    }
    first.unwrap_or_default()
}

/// Asserts the message says what to do: every rejection carries a `help:` line, or for
/// output-folder errors the sentence that says what to remove or rename.
pub fn assert_has_help(stderr: &str) {
    assert!(
        stderr.contains("help: ") || stderr.contains("remove") || stderr.contains("rename"),
        "no advice in:\n{stderr}"
    );
}

/// Appends a section to the branch whose sections end a facts file, so that a case can
/// add one command or reference without editing the existing ones. Returns the facts
/// file it went to (relative to the project).
pub fn append_section(project: &Project, body: &str) -> String {
    let mut files: Vec<PathBuf> = fs::read_dir(project.path("facts"))
        .expect("facts folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).expect("facts file");
        // A file that holds only the sections of one branch, as `sections:\n  KEY:\n    - id:`.
        let mut lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let (Some("sections:"), Some(branch), Some(item)) =
            (lines.next(), lines.next(), lines.next())
        else {
            continue;
        };
        let one_branch = branch.starts_with("  ")
            && !branch.starts_with("   ")
            && item.starts_with("    - id:")
            && text
                .lines()
                .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                .count()
                == 1;
        if !one_branch {
            continue;
        }
        let mut new = text.trim_end().to_string();
        new.push_str("\n    - id: bad-input-case\n      title: Bad input case\n");
        for line in body.lines() {
            new.push_str("      ");
            new.push_str(line);
            new.push('\n');
        }
        fs::write(&path, new).expect("write facts file");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        return format!("facts/{name}");
    }
    panic!("no facts file holds the sections of exactly one branch");
}

/// `file:line:` of the first line of a project file containing `needle`.
pub fn located(project: &Project, relative: &str, needle: &str) -> String {
    let text =
        String::from_utf8_lossy(&fs::read(project.path(relative)).expect("file")).into_owned();
    format!("{relative}:{}:", crate::project::line_of(&text, needle))
}

/// `file:line:column` of `needle` in a project file, where it must occur exactly once:
/// the exact position an error about it must name.
pub fn located_exactly(project: &Project, relative: &str, needle: &str) -> String {
    let text = project.read(relative);
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once in {relative}"
    );
    let before = &text[..text.find(needle).expect("needle")];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{relative}:{line}:{column}")
}
