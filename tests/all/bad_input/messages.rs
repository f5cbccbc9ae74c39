//! Errors in the user's terms: each says what is wrong in the file, where, and what to
//! do, never a library's internals (`Nodes { nodes: 250001 }`, `from_str_multiple`).

use crate::bad_input::support::{assert_has_help, assert_rejected};
use crate::project::{Project, line_of};

/// Internals that must never reach a message.
const INTERNALS: &[&str] = &["Nodes {", "Depth {", "from_str", "budget breached"];

fn assert_plain(stderr: &str) {
    for internal in INTERNALS {
        assert!(!stderr.contains(internal), "`{internal}` in:\n{stderr}");
    }
    assert_has_help(stderr);
}

#[test]
fn too_many_values_say_so_and_blame_no_alias() {
    let project = Project::scaffold();
    let notes: String = (0..300_000).map(|_| "  - x\n").collect();
    project.write(
        "facts/zz-notes.yaml",
        &format!("destructive_patterns:\n{notes}"),
    );
    let app = project.read("facts/app.yaml");
    let start = app.find("destructive_patterns:").expect("patterns");
    project.write("facts/app.yaml", &app[..start]);
    let stderr = assert_rejected(
        &project,
        &[
            "facts/zz-notes.yaml:",
            "more YAML values than skillgen reads",
            "split it",
        ],
    );
    assert_plain(&stderr);
    assert!(!stderr.contains("alias"), "{stderr}");
}

#[test]
fn a_second_document_says_where_and_what_to_do() {
    let project = Project::scaffold();
    project.write("facts/zz.yaml", "decisions: []\n---\ndecisions: []\n");
    let stderr = assert_rejected(
        &project,
        &[
            "facts/zz.yaml:3:",
            "a second YAML document starts here",
            "remove the `---` line",
        ],
    );
    assert_plain(&stderr);
}

#[test]
fn carriage_returns_alone_end_lines() {
    let project = Project::scaffold();
    let app = project.read("facts/app.yaml");
    project.write("facts/app.yaml", &app.replace('\n', "\r"));
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    project.write(
        "facts/app.yaml",
        &format!("{}bogus: 1\r", app.replace('\n', "\r")),
    );
    let line = app.lines().count() + 1;
    assert_rejected(
        &project,
        &[&format!("facts/app.yaml:{line}:1"), "unknown field `bogus`"],
    );
}

#[test]
fn an_invisible_character_in_a_key_is_shown() {
    let project = Project::scaffold();
    project.edit(
        "facts/app.yaml",
        "  runner: uv run",
        "  run\u{200b}ner: uv run",
    );
    let line = line_of(&project.read("facts/app.yaml"), "run\u{200b}ner");
    let stderr = assert_rejected(
        &project,
        &[
            &format!("facts/app.yaml:{line}:3"),
            "unknown field `run\\u{200B}ner`",
            "U+200B ZERO WIDTH SPACE",
            "did you mean `runner`?",
        ],
    );
    assert_plain(&stderr);
}

#[test]
fn a_secret_passed_to_the_cli_is_refused_with_a_fix_the_loader_takes() {
    let project = Project::scaffold();
    project.edit(
        "facts/app.yaml",
        "env_vars: {}",
        "env_vars:\n  TOKEN:\n    environments: [prod]\n    about: x\n    secret: true\n    passed_to_cli: true",
    );
    let stderr = assert_rejected(
        &project,
        &[
            "facts/app.yaml:",
            "`TOKEN` is a secret, so it cannot be passed to the CLI",
            "remove `passed_to_cli: true`",
        ],
    );
    assert!(!stderr.contains("-e {env.TOKEN}"), "{stderr}");
}

#[test]
fn branch_file_names_a_file_system_would_refuse_are_located() {
    for (name, expected) in [
        (format!("{}.md", "s".repeat(300)), "longer than 255 bytes"),
        (
            "\"oper\\nations.md\"".to_string(),
            "contains a control character",
        ),
        ("skill.md".to_string(), "other than SKILL.md"),
    ] {
        let project = Project::scaffold();
        project.edit(
            "facts/skill.yaml",
            "file: operations.md",
            &format!("file: {name}"),
        );
        let line = line_of(&project.read("facts/skill.yaml"), "      file: ");
        let stderr = assert_rejected(
            &project,
            &[&format!("facts/skill.yaml:{line}:13"), expected],
        );
        assert_plain(&stderr);
        assert!(!stderr.contains(".demo-ops.new-"), "{stderr}");
    }
}

#[test]
fn deep_frontmatter_says_how_deep_in_plain_words() {
    let project = Project::scaffold();
    let skill = project.path("skill-out/demo-ops/SKILL.md");
    let text = std::fs::read_to_string(&skill).expect("SKILL.md");
    let deep = format!("metadata: {}1{}\n", "[".repeat(200), "]".repeat(200));
    std::fs::write(&skill, text.replacen("---\n", &format!("---\n{deep}"), 1)).expect("write");
    let run = project.run(&["lint"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("nested deeper than skillgen reads"),
        "{}",
        run.stdout
    );
    for internal in INTERNALS {
        assert!(!run.stdout.contains(internal), "{}", run.stdout);
    }
}
