//! Templates that are missing, broken, or never finish.

use std::fs;

use crate::bad_input::support::{assert_has_help, assert_rejected, fixture_text, install};
use crate::project::{Project, line_of};

/// The template of the fixture project's one branch with a template of its own.
const TEMPLATE: &str = "templates/server.md.j2";

/// Replaces that branch's template with a bad one and expects a rejection at the
/// fixture line holding `needle`.
fn rejected_template(name: &str, needle: &str, expected: &[&str]) {
    let project = Project::fixture();
    install(&project, &format!("templates/{name}"), TEMPLATE);
    let line = line_of(&fixture_text(&format!("templates/{name}")), needle);
    let place = format!("{TEMPLATE}:{line}:");
    let mut all = vec![place.as_str(), "fix the template"];
    all.extend_from_slice(expected);
    let stderr = assert_rejected(&project, &all);
    assert_has_help(&stderr);
}

#[test]
fn template_syntax_error() {
    rejected_template("syntax-error.md.j2", "{% for s in %}", &["syntax error"]);
}

#[test]
fn template_undefined_variable() {
    rejected_template("undefined-variable.md.j2", "branch.titel", &["undefined"]);
}

#[test]
fn template_recursing_without_end() {
    rejected_template(
        "recursion.md.j2",
        "down(n + 1)",
        &["recursion limit exceeded"],
    );
}

#[test]
fn template_including_itself() {
    rejected_template("include-self.md.j2", "{% include", &["include"]);
}

#[test]
fn missing_template() {
    let project = Project::fixture();
    fs::remove_file(project.path(TEMPLATE)).expect("remove");
    let stderr = assert_rejected(
        &project,
        &[TEMPLATE, "missing template for `server.md`", "create"],
    );
    assert_has_help(&stderr);
}

#[test]
fn missing_templates_folder() {
    let project = Project::fixture();
    fs::remove_dir_all(project.path("templates")).expect("remove");
    assert_rejected(
        &project,
        &[
            "templates",
            "cannot read the templates folder",
            "--templates DIR",
        ],
    );
}

#[test]
fn non_utf8_template() {
    let project = Project::fixture();
    let mut bytes = fs::read(project.path(TEMPLATE)).expect("template");
    let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.extend_from_slice(b"caf\xe9\n");
    fs::write(project.path(TEMPLATE), bytes).expect("write");
    assert_rejected(
        &project,
        &[&format!("{TEMPLATE}:{line}:4"), "not valid UTF-8", "save"],
    );
}

/// A branch file name that would write outside the skill folder.
fn unsafe_branch_file(name: &str) {
    let project = Project::fixture();
    project.edit(
        "facts/skill.yaml",
        "      file: data.md",
        &format!("      file: \"{name}\""),
    );
    let line = line_of(&project.read("facts/skill.yaml"), name);
    let stderr = assert_rejected(&project, &[&format!("facts/skill.yaml:{line}:")]);
    assert_has_help(&stderr);
    let outside = project.dir.path().join("escape.md");
    assert!(!outside.exists(), "{name} wrote outside the skill folder");
}

#[test]
fn branch_file_with_parent_dir() {
    unsafe_branch_file("../escape.md");
}

#[test]
fn branch_file_with_separator() {
    unsafe_branch_file("sub/escape.md");
}

#[test]
fn branch_file_with_backslash() {
    unsafe_branch_file("sub\\\\escape.md");
}

#[test]
fn branch_file_absolute() {
    unsafe_branch_file("/tmp/escape.md");
}

/// A loop of 100,000 x 1,000 steps once ran for minutes and 17 GB; the template runs
/// out of its step budget at the loop.
#[test]
fn template_looping_far_too_long() {
    let project = Project::fixture();
    install(&project, "templates/endless-loop.md.j2", TEMPLATE);
    let line = line_of(&fixture_text("templates/endless-loop.md.j2"), "range(1000)");
    let place = format!("{TEMPLATE}:{line}:");
    let stderr = assert_rejected(
        &project,
        &[
            place.as_str(),
            "did not finish within 10000000 steps",
            "range(...)",
        ],
    );
    assert_has_help(&stderr);
}

/// A template whose output grows without bound is stopped at 8 MB for the file.
#[test]
fn template_rendering_far_too_much() {
    let project = Project::fixture();
    install(&project, "templates/huge-output.md.j2", TEMPLATE);
    let stderr = assert_rejected(
        &project,
        &[TEMPLATE, "the template renders more than 8 MB for one file"],
    );
    assert_has_help(&stderr);
}
