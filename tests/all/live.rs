//! The only tests that read the committed facts, templates and skill. They assert no
//! fact's value, so a change to a fact never means a change here: the committed skill
//! must match what the facts render (regenerate it), and each rendered file has a
//! snapshot (accept the new ones). Every other test runs on the fixture project.

use skillgen::skill::Skill;

use crate::project::{Project, repo_root};

fn render() -> Skill {
    let root = repo_root();
    skillgen::build_skill(&root.join("facts"), &root.join("templates"))
        .unwrap_or_else(|errors| panic!("{errors}"))
}

/// The skill folder the committed facts name, relative to the repository root.
fn committed_skill_dir() -> String {
    let facts = skillgen::facts::load(&repo_root().join("facts"))
        .unwrap_or_else(|errors| panic!("{errors}"));
    format!("skill-out/{}", facts.skill.name.value)
}

#[test]
fn the_committed_skill_matches_the_facts() {
    let dir = committed_skill_dir();
    let on_disk = Skill::read(&repo_root().join(&dir)).expect("committed skill");
    let rendered = render();
    let drift = skillgen::sync::compare(&rendered, &on_disk, &dir);
    assert!(drift.is_empty(), "run `cargo run -- generate`: {drift:?}");
    assert!(rendered.files.contains_key("SKILL.md"));

    // What CI runs: `check` on a copy of the committed project passes, lint included.
    let project = Project::copy();
    let run = project.run(&["check"]);
    assert_eq!(
        run.code, 0,
        "run `cargo run -- generate`:\n{}{}",
        run.stdout, run.stderr
    );
}

/// One snapshot per rendered file, whatever files the facts render: a change to facts
/// or templates shows as a reviewable diff (`cargo insta review`, or accept them all
/// with `INSTA_UPDATE=always cargo test`).
#[test]
fn every_rendered_file_matches_its_snapshot() {
    let skill = render();
    assert!(
        skill.files.contains_key("SKILL.md"),
        "{:?}",
        skill.files.keys()
    );
    for (path, text) in &skill.files {
        insta::assert_snapshot!(path.replace('.', "_"), text);
    }
}

/// Every committed facts file tells editors where the schema is, and the schema accepts
/// it, so editors complete keys and flag typos in the real facts as well.
#[test]
fn the_committed_facts_point_editors_at_the_schema() {
    crate::skillgen::ecosystem::assert_facts_validate(&repo_root().join("facts"), "../schema");
}
