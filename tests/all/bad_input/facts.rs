//! Facts files that are not valid YAML, not the right shape, or not text at all.

use std::fs;

use crate::bad_input::support::{
    assert_has_help, assert_no_panic, assert_rejected, fixture_text, install, located,
};
use crate::project::{Project, SKILL, line_of};

/// Installs `facts/NAME` from the fixtures and expects a rejection at the fixture line
/// holding `needle`, with every `expected` text.
fn rejected_fixture(name: &str, needle: &str, expected: &[&str]) -> String {
    let project = Project::fixture();
    let to = format!("facts/{name}");
    install(&project, &format!("facts/{name}"), &to);
    let line = line_of(&fixture_text(&format!("facts/{name}")), needle);
    let place = format!("{to}:{line}:");
    let mut all = vec![place.as_str()];
    all.extend_from_slice(expected);
    let stderr = assert_rejected(&project, &all);
    assert_has_help(&stderr);
    stderr
}

#[test]
fn invalid_yaml_syntax() {
    rejected_fixture(
        "invalid-syntax.yaml",
        "decisions: []",
        &["fix the YAML here"],
    );
}

#[test]
fn tab_indentation() {
    rejected_fixture("tab-indentation.yaml", "\tdev", &["tabs"]);
}

#[test]
fn duplicate_key() {
    let stderr = rejected_fixture(
        "duplicate-key.yaml",
        "dev: .env.dev",
        &["duplicate mapping key: dev"],
    );
    assert!(
        !stderr.contains("DuplicateKeyPolicy"),
        "a library setting is no advice:\n{stderr}"
    );
}

#[test]
fn unknown_key_with_suggestion() {
    rejected_fixture(
        "unknown-key.yaml",
        "pionts",
        &["unknown field `pionts`", "did you mean `points`?"],
    );
}

#[test]
fn wrong_type() {
    rejected_fixture("wrong-type.yaml", "dev: [", &["expected string"]);
}

#[test]
fn wrong_type_text_for_a_number() {
    let project = Project::fixture();
    project.edit(
        "facts/skill.yaml",
        "skill_line_budget: 500",
        "skill_line_budget: lots",
    );
    let place = located(&project, "facts/skill.yaml", "skill_line_budget: lots");
    assert_rejected(&project, &[&place, "invalid"]);
}

/// `yes`, `no`, `on` and `off` are not booleans: only `true` and `false` are.
fn boolean_word(word: &str) {
    let project = Project::fixture();
    let file = crate::bad_input::support::append_section(
        &project,
        &format!("steps:\n  - tty: {word}\n    run: \"docker exec -it {{container.web}} bash\""),
    );
    let place = located(&project, &file, &format!("tty: {word}"));
    let stderr = assert_rejected(&project, &[&place]);
    assert_has_help(&stderr);
}

#[test]
fn yes_where_a_boolean_is_expected() {
    boolean_word("yes");
}

#[test]
fn no_where_a_boolean_is_expected() {
    boolean_word("no");
}

#[test]
fn on_where_a_boolean_is_expected() {
    boolean_word("on");
}

#[test]
fn off_where_a_boolean_is_expected() {
    boolean_word("off");
}

/// Where a string is expected, `yes`/`no`/`on`/`off` are that word (YAML 1.2), never a
/// boolean turned into `true`: the host alias `off` renders as `ssh off`.
#[test]
fn yes_no_on_off_where_a_string_is_expected_stay_words() {
    for word in ["yes", "no", "on", "off"] {
        let project = Project::fixture();
        project.edit(
            "facts/infrastructure.yaml",
            "    alias: prod-box\n",
            &format!("    alias: {word}\n"),
        );
        let run = project.run(&["generate", "--allow-lint-errors"]);
        assert_no_panic(&run);
        assert_eq!(run.code, 0, "{word}: {}", run.stderr);
        let deploy = project.read(&format!("{SKILL}/deploy.md"));
        assert!(
            deploy.contains(&format!("ssh {word} \"")),
            "{word}:\n{deploy}"
        );
        assert!(!deploy.contains("ssh true ") && !deploy.contains("ssh false "));
    }
}

#[test]
fn empty_file() {
    let project = Project::fixture();
    install(&project, "facts/empty.yaml", "facts/empty.yaml");
    let stderr = assert_rejected(&project, &["facts/empty.yaml", "the facts file is empty"]);
    assert_has_help(&stderr);
}

#[test]
fn only_comments() {
    let project = Project::fixture();
    install(
        &project,
        "facts/only-comments.yaml",
        "facts/only-comments.yaml",
    );
    let stderr = assert_rejected(
        &project,
        &["facts/only-comments.yaml", "the facts file is empty"],
    );
    assert_has_help(&stderr);
}

#[test]
fn non_utf8_bytes() {
    rejected_fixture(
        "non-utf8.yaml",
        "caf",
        &["not valid UTF-8", "save the file as UTF-8"],
    );
}

/// A UTF-8 BOM and CRLF line endings in every facts file and template: the same skill.
#[test]
fn bom_and_crlf_work() {
    let project = Project::fixture();
    let before = project.snapshot_output();
    for folder in ["facts", "templates"] {
        for entry in fs::read_dir(project.path(folder)).expect("folder") {
            let path = entry.expect("entry").path();
            let text = fs::read_to_string(&path).expect("text");
            fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("write");
        }
    }
    let check = project.run(&["check"]);
    assert_no_panic(&check);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let generate = project.run(&["generate"]);
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    assert_eq!(
        project.snapshot_output(),
        before,
        "BOM/CRLF changed the skill"
    );
}

/// Characters beyond ASCII in a command (a Swedish word, an emoji, a stray BOM) load
/// and reach the skill as written; a `!` check once sliced a command mid-character.
#[test]
fn non_ascii_characters_in_a_command_work() {
    let project = Project::fixture();
    let path = project.path("facts/data.yaml");
    let text = fs::read_to_string(&path).expect("text");
    let edited = text.replacen(
        "-%H%M%S).sql && ",
        "-%H%M%S).sql && echo klar\u{feff}✓ färdig && ",
        1,
    );
    assert_ne!(edited, text, "the backup command moved");
    fs::write(&path, edited).expect("write");
    let generate = project.run(&["generate"]);
    assert_no_panic(&generate);
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    let data = fs::read_to_string(project.path(&format!("{SKILL}/data.md"))).expect("data.md");
    assert!(data.contains("echo klar\u{feff}✓ färdig"), "{data}");
}

/// An error in a CRLF file still names the right line.
#[test]
fn crlf_errors_name_the_right_line() {
    let project = Project::fixture();
    install(&project, "facts/unknown-key.yaml", "facts/unknown-key.yaml");
    let path = project.path("facts/unknown-key.yaml");
    let text = fs::read_to_string(&path).expect("text");
    fs::write(&path, text.replace('\n', "\r\n")).expect("write");
    let line = line_of(&text, "pionts");
    assert_rejected(
        &project,
        &[
            &format!("facts/unknown-key.yaml:{line}:5"),
            "did you mean `points`?",
        ],
    );
}

/// A facts file of several megabytes (thousands of notes) loads, and the error in its
/// last line is still found and located.
#[test]
fn very_large_file() {
    let project = Project::fixture();
    let mut text = String::from("decisions:\n");
    for index in 0..20_000 {
        text.push_str(&format!(
            "  - title: Decision {index}\n    adrs: [ADR-{index:05}]\n    points: [\"{}\"]\n",
            "a point of some length ".repeat(4)
        ));
    }
    text.push_str("  - title: The last one\n    adrs: []\n    pionts: []\n");
    assert!(text.len() > 2_000_000);
    project.write("facts/zz-large.yaml", &text);
    let line = line_of(&text, "pionts");
    let start = std::time::Instant::now();
    assert_rejected(
        &project,
        &[
            &format!("facts/zz-large.yaml:{line}:5"),
            "did you mean `points`?",
        ],
    );
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

/// Aliases of aliases ten deep would expand to 10^9 strings.
#[test]
fn alias_bomb() {
    let start = std::time::Instant::now();
    rejected_fixture("alias-bomb.yaml", "&a1", &["expected string"]);
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

/// One 10 kB string aliased 100,000 times is a gigabyte when expanded; the parser's
/// budget stops it, and the message says where and what to do.
#[test]
fn alias_flood() {
    let project = Project::fixture();
    let mut text = format!("server_notes:\n  - &big \"{}\"\n", "x".repeat(10_000));
    for _ in 0..100_000 {
        text.push_str("  - *big\n");
    }
    project.write("facts/zz-flood.yaml", &text);
    let start = std::time::Instant::now();
    let stderr = assert_rejected(
        &project,
        &["facts/zz-flood.yaml:", "more text than skillgen reads"],
    );
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    assert!(
        stderr.contains("alias"),
        "the help names aliases:\n{stderr}"
    );
    assert!(
        !stderr.contains("(used\n") && !stderr.contains("(used "),
        "a cut message:\n{stderr}"
    );
}

/// 100,000 nested flow sequences: a recursion limit, not a stack overflow.
#[test]
fn deeply_nested_document() {
    let project = Project::fixture();
    let depth = 100_000;
    let text = format!("server_notes: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    project.write("facts/zz-deep.yaml", &text);
    assert_rejected(&project, &["facts/zz-deep.yaml:1:", "recursion limit"]);
}

/// Deep block nesting, one level per line.
#[test]
fn deeply_nested_block_mappings() {
    let project = Project::fixture();
    let mut text = String::from("env_files:\n");
    for depth in 1..1_500 {
        text.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    project.write("facts/zz-deep.yaml", &text);
    assert_rejected(&project, &["facts/zz-deep.yaml:"]);
}

#[test]
fn missing_facts_folder() {
    let project = Project::fixture();
    fs::remove_dir_all(project.path("facts")).expect("remove facts");
    let stderr = assert_rejected(
        &project,
        &["facts", "cannot read the facts folder", "--facts DIR"],
    );
    assert_has_help(&stderr);
}

#[test]
fn facts_folder_without_yaml() {
    let project = Project::fixture();
    fs::remove_dir_all(project.path("facts")).expect("remove facts");
    fs::create_dir(project.path("facts")).expect("facts folder");
    project.write("facts/README.txt", "notes\n");
    assert_rejected(&project, &["facts", "holds no .yaml files"]);
}

/// A required top-level key that no file defines.
#[test]
fn a_required_fact_is_missing() {
    let project = Project::fixture();
    project.edit("facts/infrastructure.yaml", "default_host: box\n", "");
    assert_rejected(
        &project,
        &[
            "no facts file defines `default_host`",
            "add a top-level `default_host:`",
        ],
    );
}
