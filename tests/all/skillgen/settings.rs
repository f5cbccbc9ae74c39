//! The repository's lint settings (`skillgen.toml`, `[tool.skillgen]`) and the flags of
//! one run (`--rule`, `--no-rule`, `--hosts`) over them.

use crate::project::{Project, SKILL};

/// The skill of every settings fixture repository.
const RELEASE_NOTES: &str = ".claude/skills/release-notes";

#[test]
fn a_settings_file_turns_rules_off_changes_severities_and_sets_budgets_and_hosts() {
    let project = Project::repository("settings/skillgen-toml");
    let run = project.run(&["lint", RELEASE_NOTES]);
    // fence-language is off (the file tree has no language); unreachable-file is
    // raised to an error; ssh to build-box is a known host; SKILL.md has 40 lines and
    // its body 100 tokens.
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("fence-language"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[unreachable-file]: nothing in SKILL.md links to or names style.md"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unknown-host"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("warning[skill-tokens]: SKILL.md's body is about 146 tokens (582 characters / 4), over its budget of 100"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("SKILL.md  █████████░  34/40"),
        "{}",
        run.stdout
    );

    // One line more than the file's budget for SKILL.md.
    project.edit(
        &format!("{RELEASE_NOTES}/SKILL.md"),
        "## Publish\n",
        "## Publish\n\nA filler line.\n\n\n\n\n\n",
    );
    let over = project.run(&["lint", RELEASE_NOTES]);
    assert!(
        over.stdout
            .contains("warning[line-budget]: SKILL.md has 41 lines, over its budget of 40"),
        "{}",
        over.stdout
    );
}

#[test]
fn flags_win_over_the_file() {
    let project = Project::repository("settings/skillgen-toml");
    let relaxed = project.run(&["lint", RELEASE_NOTES, "--rule", "unreachable-file=warning"]);
    assert_eq!(relaxed.code, 0, "{}", relaxed.stdout);
    assert!(
        relaxed.stdout.contains("warning[unreachable-file]"),
        "{}",
        relaxed.stdout
    );

    let off = project.run(&[
        "lint",
        RELEASE_NOTES,
        "--rule",
        "fence-language=error",
        "--no-rule",
        "unreachable-file",
    ]);
    assert_eq!(off.code, 1, "{}", off.stdout);
    assert!(
        off.stdout.contains("error[fence-language]"),
        "{}",
        off.stdout
    );
    assert!(!off.stdout.contains("unreachable-file"), "{}", off.stdout);

    // --hosts replaces the file's hosts.
    let hosts = project.run(&["lint", RELEASE_NOTES, "--hosts", "deploy-box"]);
    assert!(
        hosts.stdout.contains("error[unknown-host]") && hosts.stdout.contains("`build-box`"),
        "{}",
        hosts.stdout
    );
}

#[test]
fn a_pyproject_tool_skillgen_table_is_read() {
    let project = Project::repository("settings/pyproject");
    let run = project.run(&["lint", RELEASE_NOTES, "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rules: Vec<(&str, &str)> = findings
        .as_array()
        .expect("array")
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    // fence-language is off; unreachable-file keeps its default; build-box is known.
    assert_eq!(rules, [("unreachable-file", "warning")], "{}", run.stdout);
    assert_eq!(run.code, 0);

    // A skillgen.toml in the same folder comes first.
    project.write("skillgen.toml", "[rules]\nunreachable-file = \"off\"\n");
    let run = project.run(&["lint", RELEASE_NOTES]);
    assert!(
        run.stdout.contains("warning[fence-language]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unreachable-file"), "{}", run.stdout);
}

#[test]
fn an_unknown_rule_in_the_file_is_invalid_input_at_its_line() {
    let project = Project::repository("settings/typo");
    for format in ["human", "json"] {
        let run = project.run(&["lint", RELEASE_NOTES, "--format", format]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stdout, "", "nothing is linted");
        for expected in [
            "no lint rule named `fence-langauge`; did you mean `fence-language`?",
            "--> skillgen.toml:2:1",
            "no lint rule named `unreachable-fle`; did you mean `unreachable-file`?",
            "--> skillgen.toml:3:1",
        ] {
            assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
        }
    }
}

#[test]
fn an_unknown_rule_in_a_flag_is_a_usage_error() {
    let project = Project::repository("settings/skillgen-toml");
    let run = project.run(&["lint", RELEASE_NOTES, "--no-rule", "fence-langage"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `fence-language`?"),
        "{}",
        run.stderr
    );
    let run = project.run(&["lint", RELEASE_NOTES, "--rule", "fence-language=warn"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `warning`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_search_ends_at_the_repository_root() {
    let project = Project::repository("settings/pyproject");
    // Above the repository's .git: another project's settings, never read.
    std::fs::write(
        project.dir.path().join("skillgen.toml"),
        "[rules]\nunreachable-file = \"off\"\n",
    )
    .expect("write");
    std::fs::remove_file(project.path("pyproject.toml")).expect("remove");
    let run = project.run(&["lint", RELEASE_NOTES]);
    assert!(
        run.stdout.contains("warning[fence-language]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning[unreachable-file]"),
        "{}",
        run.stdout
    );
    // Without the .git folder, the search goes on up and finds it.
    std::fs::remove_dir(project.path(".git")).expect("remove .git");
    let run = project.run(&["lint", RELEASE_NOTES]);
    assert!(!run.stdout.contains("unreachable-file"), "{}", run.stdout);
}

#[test]
fn generate_and_check_take_the_file_and_the_flags() {
    let project = Project::fixture();
    project.edit(
        "templates/branch.md.j2",
        "{% for s in sections %}",
        "```bash\ndocker ps\n```\n\n{% for s in sections %}",
    );
    let refused = project.run(&["generate"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    let flagged = project.run(&["generate", "--no-rule", "ssh-first"]);
    assert_eq!(flagged.code, 0, "{}{}", flagged.stdout, flagged.stderr);
    assert_eq!(
        project.run(&["check"]).code,
        1,
        "check has the default rules"
    );
    assert_eq!(project.run(&["check", "--no-rule", "ssh-first"]).code, 0);

    project.write("skillgen.toml", "[rules]\nssh-first = \"warning\"\n");
    let check = project.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.contains("warning[ssh-first]"),
        "{}",
        check.stdout
    );
    let lint = project.run(&["lint", SKILL]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
}

#[test]
fn package_lints_with_the_settings_file() {
    // unreachable-file is an error by the file: no package.
    let strict = Project::repository("settings/skillgen-toml");
    let refused = strict.run(&["package", RELEASE_NOTES, "--output", "notes.skill"]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stdout.contains("error[unreachable-file]"),
        "{}",
        refused.stdout
    );
    assert!(!strict.path("notes.skill").exists());
    // The pyproject's settings leave it a warning: packaged.
    let relaxed = Project::repository("settings/pyproject");
    let packaged = relaxed.run(&["package", RELEASE_NOTES, "--output", "notes.skill"]);
    assert_eq!(packaged.code, 0, "{}{}", packaged.stdout, packaged.stderr);
    assert!(relaxed.path("notes.skill").is_file());
}
