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
fn rendering_is_deterministic_across_processes() {
    // Two separate runs of the binary, each in its own copy, write the same bytes.
    let first = crate::project::Project::copy();
    let second = crate::project::Project::copy();
    std::fs::remove_dir_all(first.path(SKILL)).expect("remove");
    std::fs::remove_dir_all(second.path(SKILL)).expect("remove");
    assert_eq!(first.run(&["generate"]).code, 0);
    assert_eq!(second.run(&["generate"]).code, 0);
    let bytes = |project: &crate::project::Project| {
        project
            .snapshot_output()
            .into_iter()
            .map(|(path, bytes)| {
                (
                    path.strip_prefix(project.dir.path())
                        .expect("inside")
                        .to_path_buf(),
                    bytes,
                )
            })
            .collect::<Vec<_>>()
    };
    let written = bytes(&first);
    assert_eq!(written.len(), 11);
    assert_eq!(written, bytes(&second));
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
