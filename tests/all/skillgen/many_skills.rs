//! `skillgen lint` on a folder of skills (`.claude/skills`): each skill linted, each
//! finding naming its skill, and a human report that stays readable.

use serde_json::Value;

use crate::project::Project;

const SKILLS: &str = ".claude/skills";

/// The (skill, rule, severity) of each finding of a JSON report.
fn json_findings(stdout: &str) -> Vec<(String, String, String)> {
    let findings: Value = serde_json::from_str(stdout).expect("JSON array");
    findings
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().expect(key).to_string();
            (text("skill"), text("rule"), text("severity"))
        })
        .collect()
}

#[test]
fn a_folder_of_skills_is_linted_skill_by_skill() {
    let project = Project::repository("skills_folder");
    let run = project.run(&["lint", SKILLS]);
    assert_eq!(run.code, 1, "a broken anchor is an error: {}", run.stdout);
    let out = &run.stdout;
    // The folder is not one skill without a SKILL.md, and `shared/` is no skill.
    assert!(!out.contains("no SKILL.md"), "{out}");
    assert!(!out.contains("shared"), "{out}");
    assert!(
        out.contains("--> .claude/skills/db-restore/SKILL.md:8:6"),
        "{out}"
    );
    assert!(
        out.contains(".claude/skills/preview-deploy: no problems"),
        "{out}"
    );
    assert!(
        out.contains("--> .claude/skills/repo-map/SKILL.md:12:1"),
        "{out}"
    );
    // Eight alike fences: three shown, five counted.
    assert_eq!(out.matches("warning[fence-language]").count(), 3, "{out}");
    assert!(
        out.contains("... and 5 more like this in SKILL.md (5); --format json lists every one"),
        "{out}"
    );
    let table = &out[out
        .find("findings by rule in 2 skills:")
        .expect("the table")..];
    assert_eq!(
        table,
        "findings by rule in 2 skills:\n  rule            errors  warnings  files\n  broken-anchor        1         0      1\n  fence-language       0         8      1\n  total                1         8      2\n"
    );
}

#[test]
fn json_and_sarif_name_the_skill_of_each_finding() {
    let project = Project::repository("skills_folder");
    let json = project.run(&["lint", SKILLS, "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.stderr);
    let findings = json_findings(&json.stdout);
    assert_eq!(
        findings.len(),
        9,
        "JSON keeps every finding: {}",
        json.stdout
    );
    assert_eq!(
        findings[0],
        (
            ".claude/skills/db-restore".to_string(),
            "broken-anchor".to_string(),
            "error".to_string()
        )
    );
    assert!(
        findings[1..]
            .iter()
            .all(|(skill, rule, _)| skill == ".claude/skills/repo-map" && rule == "fence-language"),
        "{findings:?}"
    );

    let sarif = project.run(&["lint", SKILLS, "--format", "sarif"]);
    let log: Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 9);
    for result in results {
        let skill = result["properties"]["skill"].as_str().expect("skill");
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(
            uri.starts_with(&format!("{skill}/")),
            "{uri} not in {skill}"
        );
    }
    assert_eq!(
        results[0]["properties"]["skill"],
        ".claude/skills/db-restore"
    );
}

#[test]
fn the_exit_code_depends_on_errors_only() {
    let project = Project::repository("skills_folder");
    let run = project.run(&["lint", SKILLS, "--no-rule", "broken-anchor"]);
    assert_eq!(run.code, 0, "warnings alone: {}", run.stdout);
    assert!(
        run.stdout.contains("warning[fence-language]"),
        "{}",
        run.stdout
    );
    // One skill of the folder, named alone, is that one skill.
    let run = project.run(&["lint", &format!("{SKILLS}/repo-map"), "--format", "json"]);
    let skills: Vec<_> = json_findings(&run.stdout)
        .into_iter()
        .map(|(skill, _, _)| skill)
        .collect();
    assert_eq!(skills, vec![format!("{SKILLS}/repo-map"); 8]);
    assert_eq!(run.code, 0);
}
