//! Every rendered file as an insta snapshot, so a change to facts or templates shows
//! up as a reviewable diff (`cargo insta review`).

use std::path::Path;

use skillgen::skill::Skill;

use crate::project::{SKILL, repo_root};

fn render() -> Skill {
    let root = repo_root();
    skillgen::build_skill(&root.join("facts"), &root.join("templates"))
        .unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn every_rendered_file_matches_its_snapshot() {
    let skill = render();
    assert_eq!(
        skill.files.len(),
        11,
        "SKILL.md and ten branches: {:?}",
        skill.files.keys()
    );
    for (path, text) in &skill.files {
        insta::assert_snapshot!(path.replace('.', "_"), text);
    }
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(render(), render());
}

#[test]
fn the_committed_skill_matches_the_facts() {
    let on_disk = Skill::read(&repo_root().join(SKILL)).expect("committed skill");
    let rendered = render();
    let drift = skillgen::sync::compare(&rendered, &on_disk, SKILL);
    assert!(drift.is_empty(), "run `cargo run -- generate`: {drift:?}");
    assert!(
        Path::new(&repo_root().join(SKILL))
            .join("SKILL.md")
            .exists()
    );
}
