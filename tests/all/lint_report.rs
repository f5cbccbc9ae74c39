//! Snapshots of the three lint reports (human, JSON, GitHub) for one fixture skill.

use std::path::Path;

use skillgen::lint::{LintConfig, lint_skill};
use skillgen::report;
use skillgen::skill::Skill;

fn fixture() -> (Skill, Vec<skillgen::diagnostic::Finding>) {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_fixtures/ssh-first/fail/demo-skill");
    let mut skill = Skill::read(&dir).unwrap();
    // An unused suppression at the end adds a warning without moving the other lines,
    // so that both severities and both counts of the summary show.
    let text = skill.files.get_mut("SKILL.md").unwrap();
    text.push_str("\n<!-- skillgen-disable-next-line broken-link -->\nNothing to silence.\n");
    let config = LintConfig {
        ssh_hosts: vec!["hemma".into(), "hemma-local".into()],
        ..LintConfig::default()
    };
    let findings = lint_skill(&skill, &config);
    (skill, findings)
}

#[test]
fn human_report() {
    let (skill, findings) = fixture();
    insta::assert_snapshot!(report::human(&findings, &skill, "", false));
}

#[test]
fn json_report() {
    let (_, findings) = fixture();
    insta::assert_snapshot!(report::json(&findings));
}

#[test]
fn github_report() {
    let (_, findings) = fixture();
    insta::assert_snapshot!(report::github(&findings, "skill-out/demo-skill"));
}
