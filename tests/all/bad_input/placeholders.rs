//! Text shaped like a `{kind.key}` placeholder that is not a valid reference: each is
//! refused at the placeholder's line and column with the reference it most likely
//! meant, while the braces a command means literally still reach the skill as written.

use crate::bad_input::support::{
    append_section, assert_has_help, assert_no_panic, assert_rejected, located_exactly,
};
use crate::project::Project;

/// Adds a section with `body` (YAML keys of a section), and expects it refused at the
/// exact line and column of `placeholder` with every `expected` text.
fn malformed(body: &str, placeholder: &str, expected: &[&str]) {
    let project = Project::fixture();
    let file = append_section(&project, body);
    // The `-->` line of the report ends with the column.
    let place = format!("{}\n", located_exactly(&project, &file, placeholder));
    let mut all = vec![place.as_str(), "malformed placeholder"];
    all.extend_from_slice(expected);
    let stderr = assert_rejected(&project, &all);
    assert_has_help(&stderr);
}

#[test]
fn look_alike_letter_in_a_placeholder() {
    // The `ѕ` of `ѕhop_repo` is U+0455 CYRILLIC SMALL LETTER DZE.
    malformed(
        "text: \"See {path.\u{455}hop_repo} here.\"",
        "{path.\u{455}hop_repo}",
        &[
            "U+0455 CYRILLIC SMALL LETTER DZE",
            "help: did you mean `{path.shop_repo}`?",
        ],
    );
}

#[test]
fn invisible_character_in_a_placeholder() {
    malformed(
        "text: \"See {path.shop\u{200B}_repo} here.\"",
        "{path.shop\u{200B}_repo}",
        &[
            "U+200B ZERO WIDTH SPACE",
            "`{path.shop\\u{200B}_repo}`",
            "help: did you mean `{path.shop_repo}`?",
        ],
    );
}

#[test]
fn spaces_inside_a_placeholder() {
    malformed(
        "text: \"See { path.shop_repo } here.\"",
        "{ path.shop_repo }",
        &["spaces", "help: did you mean `{path.shop_repo}`?"],
    );
}

#[test]
fn placeholder_never_closed() {
    malformed(
        "steps:\n  - run: \"cd {path.shop_repo && git status\"",
        "{path.shop_repo &&",
        &[
            "`{path.shop_repo`",
            "never closed",
            "help: did you mean `{path.shop_repo}`?",
        ],
    );
}

#[test]
fn placeholder_never_closed_at_the_end_of_the_text() {
    malformed(
        "text: \"See {path.shop_repo\"",
        "{path.shop_repo\"",
        &["never closed", "help: did you mean `{path.shop_repo}`?"],
    );
}

#[test]
fn placeholder_with_an_empty_key() {
    malformed(
        "text: \"See {path.} here.\"",
        "{path.}",
        &["key is empty", "help: write one of", "`{path.shop_repo}`"],
    );
}

#[test]
fn placeholder_with_a_capitalised_kind() {
    malformed(
        "text: \"See {Host.box} here.\"",
        "{Host.box}",
        &["lowercase", "help: did you mean `{host.box}`?"],
    );
}

/// Braces a command or text means literally: Go templates, shell parameters, awk, `find
/// -exec {}`, brace expansion, JSON and `{CID}` load without an error and reach the
/// skill exactly as written.
#[test]
fn literal_braces_render_verbatim() {
    let literals = [
        "{{json .Containers}}",
        "{{.State.Health.Status}}",
        "${VAR}",
        "${VAR:-x}",
        "awk '{print $1}'",
        "find . -exec {} \\;",
        "{a,b}",
        "{.State.Health}",
        "{CID}",
        "{\"a\": 1}",
    ];
    let prose: Vec<String> = literals.iter().map(|l| format!("`{l}`")).collect();
    let command = "docker ps --format '{{json .Containers}}' | awk '{print $1}' && echo ${VAR}";
    let project = Project::fixture();
    let body = format!(
        "text: {}\nsteps:\n  - on: workstation\n    why_local: Shows the command unescaped for ssh.\n    run: {}",
        yaml_string(&format!("Literal: {}.", prose.join(", "))),
        yaml_string(command),
    );
    append_section(&project, &body);
    let generate = project.run(&["generate"]);
    assert_no_panic(&generate);
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    let skill: Vec<String> = project
        .snapshot_output()
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    for expected in prose.iter().map(String::as_str).chain([command]) {
        assert!(
            skill.iter().any(|file| file.contains(expected)),
            "{expected:?} is not in the skill as written"
        );
    }
    let check = project.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
