//! A branch's own `line_budget`, and tables a section asks for by name (`table:`), on a
//! small project of its own.

use crate::project::{Project, line_of};

const SKILL: &str = "skill-out/demo-ops";
const OPERATIONS: &str = "skill-out/demo-ops/operations.md";

/// The scaffold's operations.md, and how many lines it has.
fn operations_lines(project: &Project) -> usize {
    project.read(OPERATIONS).lines().count()
}

/// Gives the scaffold's one branch a `line_budget:` of its own.
fn set_branch_budget(project: &Project, budget: usize) {
    project.edit(
        "facts/skill.yaml",
        "      template: branch.md.j2\n",
        &format!("      template: branch.md.j2\n      line_budget: {budget}\n"),
    );
}

#[test]
fn a_branch_budget_overrides_the_default_both_ways() {
    // Over the default, within its own budget: passes, and the chart shows its own.
    let project = Project::scaffold();
    let lines = operations_lines(&project);
    assert!(lines > 5, "the scaffold's branch has {lines} lines");
    project.edit(
        "facts/skill.yaml",
        "branch_line_budget: 100",
        "branch_line_budget: 5",
    );
    let over_default = project.run(&["lint"]);
    assert_eq!(over_default.code, 1, "{}", over_default.stdout);
    assert!(
        over_default.stdout.contains(&format!(
            "operations.md has {lines} lines, over its budget of 5"
        )),
        "{}",
        over_default.stdout
    );
    set_branch_budget(&project, lines);
    let own = project.run(&["lint"]);
    assert_eq!(own.code, 0, "{}{}", own.stdout, own.stderr);
    assert!(
        own.stdout.contains(&format!("{lines}/{lines}")),
        "the budget chart shows the branch's own budget: {}",
        own.stdout
    );
    assert_eq!(project.run(&["check"]).code, 0);

    // Under the default, over its own budget: fails, naming its own budget.
    let project = Project::scaffold();
    set_branch_budget(&project, lines - 1);
    let over_own = project.run(&["lint"]);
    assert_eq!(over_own.code, 1, "{}", over_own.stdout);
    assert!(
        over_own.stdout.contains(&format!(
            "error[line-budget]: operations.md has {lines} lines, over its budget of {}",
            lines - 1
        )),
        "{}",
        over_own.stdout
    );
    let check = project.run(&["check"]);
    assert_eq!(check.code, 1, "check fails on a file over its own budget");
}

#[test]
fn table_env_vars_renders_the_environment_variable_table() {
    let project = Project::scaffold();
    project.edit(
        "facts/app.yaml",
        "env_vars: {}\nenv_files: {}",
        "env_vars:\n  LOG_LEVEL:\n    environments: [prod]\n    set_in: \"prod: compose.yaml\"\n    example: INFO\n    about: How much the app logs\n  API_TOKEN:\n    environments: [prod]\n    about: Token for the upstream API\n    secret: true\nenv_files:\n  prod: .env.example",
    );
    project.edit(
        "facts/operations.yaml",
        "      title: Status\n",
        "      title: Status\n      table: env_vars\n",
    );
    let generate = project.run(&["generate"]);
    assert_eq!(generate.code, 0, "{}{}", generate.stdout, generate.stderr);
    let text = project.read(OPERATIONS);
    let status = &text[text.find("## Status").expect("the Status section")..];
    for row in [
        "| Variable | Used in | Set in | Example | Meaning |",
        "| `LOG_LEVEL` | prod | prod: compose.yaml | `INFO` | How much the app logs |",
        "| `API_TOKEN` | prod |  | secret, never shown | Token for the upstream API |",
        "Example files in the app repository: `.env.example` (prod).",
    ] {
        assert!(status.contains(row), "missing {row:?} in:\n{status}");
    }
    assert!(
        status.find("```bash") < status.find("| Variable |"),
        "the table follows the section's commands:\n{status}"
    );
    assert!(
        !text[..text.find("## Status").unwrap()].contains("| Variable |"),
        "only the section that asks for the table shows it"
    );
    assert_eq!(project.run(&["check"]).code, 0);
}

#[test]
fn an_unknown_table_is_a_located_load_error_with_the_nearest_name() {
    let project = Project::scaffold();
    project.edit(
        "facts/operations.yaml",
        "      title: Status\n",
        "      title: Status\n      table: env_var\n",
    );
    let before = project.snapshot_output();
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let line = line_of(&project.read("facts/operations.yaml"), "table: env_var");
    for expected in [
        format!("facts/operations.yaml:{line}:14"),
        "unknown table `env_var`".to_string(),
        "did you mean `env_vars`?".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}: {}", run.stderr);
    }
    assert_eq!(
        project.snapshot_output(),
        before,
        "a failed run wrote {SKILL}"
    );

    // A name close to none lists the tables there are.
    project.edit(
        "facts/operations.yaml",
        "table: env_var",
        "table: flowchart",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown table `flowchart`")
            && run.stderr.contains("`env_vars`")
            && run.stderr.contains("`roles`"),
        "{}",
        run.stderr
    );
}
