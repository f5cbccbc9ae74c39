//! Findings on rendered commands point back at the step in the facts that produced them.

use crate::project::{Project, line_of};

/// A scaffold project with a step the linter refuses: a volume-deleting command with no
/// warning in its section.
fn project_with_an_unwarned_reset() -> (Project, usize) {
    let project = Project::scaffold();
    let operations = project.read("facts/operations.yaml");
    project.write(
        "facts/operations.yaml",
        &format!(
            "{operations}\n    - id: reset\n      title: Reset\n      steps:\n        - dir: app_repo\n          run: \"{{compose.prod}} down --volumes\"\n"
        ),
    );
    let line = line_of(&project.read("facts/operations.yaml"), "down --volumes");
    (project, line)
}

#[test]
fn generate_names_the_step_behind_a_rendered_finding() {
    let (project, line) = project_with_an_unwarned_reset();
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("destructive-unmarked")
            && run.stdout.contains(&format!(
                "the command comes from this step: facts/operations.yaml:{line}:16"
            )),
        "{}",
        run.stdout
    );
}

#[test]
fn machine_formats_carry_the_step_as_a_related_location() {
    let (project, line) = project_with_an_unwarned_reset();
    project.run(&["generate", "--allow-lint-errors"]);
    let json = project.run(&["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let finding = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "destructive-unmarked")
        .expect("the finding");
    assert_eq!(
        finding["related"],
        serde_json::json!([{
            "file": "facts/operations.yaml",
            "line": line,
            "column": 16,
            "label": "the command comes from this step",
        }])
    );
    let sarif = project.run(&["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let related = &log["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "facts/operations.yaml"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], line);
    let github = project.run(&["check", "--format", "github"]);
    assert!(
        github.stdout.contains(&format!(
            "(the command comes from this step: facts/operations.yaml:{line}:16)"
        )),
        "{}",
        github.stdout
    );
}
