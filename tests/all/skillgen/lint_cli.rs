//! `skillgen lint`, `rules` and `explain`, and the lint that `generate` and `check` run.

use crate::project::{Project, SKILL};

#[test]
fn the_generated_skill_lints_clean() {
    let project = Project::fixture();
    let run = project.run(&["lint"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
}

/// Each edit breaks one rule in a committed file. `check` must fail and show the edit as
/// drift (the committed file is out of date, so what it shows is the diff, not its
/// findings); `lint` must name the rule, and fail unless the rule only warns.
#[test]
fn check_fails_when_a_committed_file_breaks_any_rule() {
    /// Rules that only warn on a committed skill: `lint` names them and exits 0.
    const WARNINGS: &[&str] = &["fence-language", "unreachable-file"];
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "deploy.md",
            "[Backup](data.md#backup)",
            "[Backup](data.md#no-such-heading)",
            "broken-anchor",
        ),
        (
            "deploy.md",
            "[SKILL.md](SKILL.md)",
            "[SKILL.md](SKIL.md)",
            "broken-link",
        ),
        (
            "deploy.md",
            "```bash\n# Recent commits",
            "```\n# Recent commits",
            "fence-language",
        ),
        (
            "deploy.md",
            "ssh prod-box \"cd ~/apps/shop && git log --oneline -10\"",
            "cd ~/apps/shop && git log --oneline -10",
            "ssh-first",
        ),
        (
            "deploy.md",
            "ssh prod-box \"cd ~/apps/shop && git log --oneline -10\"",
            "ssh prod-boxx \"cd ~/apps/shop && git log --oneline -10\"",
            "unknown-host",
        ),
        (
            "server.md",
            "docker logs --tail 100 shop-web",
            "docker logs --tail 100 shop-dev-web-1",
            "unknown-container",
        ),
        (
            "data.md",
            "ssh -t prod-box \"docker exec -it",
            "ssh prod-box \"docker exec -it",
            "ssh-tty",
        ),
        (
            "deploy.md",
            "docker compose -f compose.live.yaml up -d --force-recreate",
            "docker compose up -d --force-recreate",
            "compose-file",
        ),
        (
            "server.md",
            "> **Warning:** `docker system prune -f`",
            "`docker system prune -f`",
            "destructive-unmarked",
        ),
        (
            "deploy.md",
            "--password '<PASSWORD>'",
            "--password 'hunter2'",
            "secret-literal",
        ),
        (
            "SKILL.md",
            "name: shop-ops",
            "name: Shop_Ops",
            "frontmatter",
        ),
        (
            "SKILL.md",
            "| [data.md](data.md) |",
            "| data |",
            "unreachable-file",
        ),
        (
            "deploy.md",
            "## Rollback\n",
            &format!("## Rollback\n{}", "filler\n".repeat(100)),
            "line-budget",
        ),
    ];
    for (file, from, to, rule) in cases {
        let project = Project::fixture();
        project.edit(&format!("{SKILL}/{file}"), from, to);
        let check = project.run(&["check"]);
        assert_eq!(check.code, 1, "{rule}: {}", check.stdout);
        assert!(
            check
                .stdout
                .contains(&format!("--- a/{SKILL}/{file} (committed)")),
            "{rule}: the edit is not shown as drift:\n{}",
            check.stdout
        );

        let run = project.run(&["lint"]);
        let (code, severity) = if WARNINGS.contains(rule) {
            (0, "warning")
        } else {
            (1, "error")
        };
        assert_eq!(run.code, code, "{rule}: {}", run.stdout);
        assert!(
            run.stdout.contains(&format!("{severity}[{rule}]")),
            "{rule} not reported:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("--> {SKILL}/")),
            "{rule}: path not shown:\n{}",
            run.stdout
        );
    }
}

#[test]
fn json_output_has_exactly_the_contract_keys() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/deploy.md"),
        "[SKILL.md](SKILL.md)",
        "[SKILL.md](SKIL.md)",
    );
    let run = project.run(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON array");
    let findings = findings.as_array().expect("array");
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let finding = findings[0].as_object().expect("object");
    let mut keys: Vec<&str> = finding.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "column", "file", "line", "message", "rule", "severity", "skill"
        ]
    );
    assert_eq!(finding["skill"], SKILL);
    assert_eq!(finding["rule"], "broken-link");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], "deploy.md");
    assert_eq!(finding["line"], 3);
}

#[test]
fn github_output_names_files_from_the_repository_root() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/deploy.md"),
        "[SKILL.md](SKILL.md)",
        "[SKILL.md](SKIL.md)",
    );
    let run = project.run(&["lint", "--format", "github", SKILL]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with(&format!("::error file={SKILL}/deploy.md,line=3,col=")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(",title=broken-link::"),
        "{}",
        run.stdout
    );
}

#[test]
fn piped_output_has_no_colour() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/deploy.md"),
        "[SKILL.md](SKILL.md)",
        "[SKILL.md](SKIL.md)",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .arg("lint")
        .current_dir(project.dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("error[broken-link]"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "ANSI escapes in piped output: {stdout:?}"
    );
}

#[test]
fn a_foreign_skill_is_linted_with_the_hosts_given() {
    let project = Project::fixture();
    let dir = project.path("other/my-skill");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(
        dir.join("SKILL.md"),
        "---\nname: my-skill\ndescription: Restarts the demo service. Use when it hangs.\n---\n\n# My skill\n\n```bash\nssh prod \"systemctl restart demo\"\n```\n",
    )
    .expect("write");
    let with_host = project.run(&["lint", "other/my-skill", "--hosts", "prod,staging"]);
    assert_eq!(with_host.code, 0, "{}", with_host.stdout);
    let wrong_host = project.run(&["lint", "other/my-skill", "--hosts", "staging"]);
    assert_eq!(wrong_host.code, 1, "{}", wrong_host.stdout);
    assert!(
        wrong_host.stdout.contains("error[unknown-host]"),
        "{}",
        wrong_host.stdout
    );
}

#[test]
fn warnings_alone_exit_zero_and_carets_cover_the_whole_link() {
    let project = Project::fixture();
    let dir = project.path("other/my-skill");
    std::fs::create_dir_all(&dir).expect("folder");
    let skill = "---\nname: my-skill\ndescription: Restarts the demo service. Use when it hangs.\n---\n\n# My skill\n\n<!-- skillgen-disable-next-line broken-link -->\nNothing to silence here.\n";
    std::fs::write(dir.join("SKILL.md"), skill).expect("write");
    let warned = project.run(&["lint", "other/my-skill"]);
    assert!(
        warned.stdout.contains("warning[unused-suppression]"),
        "{}",
        warned.stdout
    );
    assert_eq!(
        warned.code, 0,
        "a warning alone does not fail: {}",
        warned.stdout
    );

    let link = "[the restart steps](restart-steps.md)";
    std::fs::write(dir.join("SKILL.md"), format!("{skill}\nSee {link}.\n")).expect("write");
    let broken = project.run(&["lint", "other/my-skill"]);
    assert_eq!(broken.code, 1, "{}", broken.stdout);
    let carets = format!(
        "| {:>width$}{}\n",
        "",
        "^".repeat(link.len()),
        width = "See ".len()
    );
    assert!(broken.stdout.contains(&carets), "{}", broken.stdout);
}

#[test]
fn lint_of_a_missing_folder_is_invalid_input() {
    let project = Project::fixture();
    let run = project.run(&["lint", "no/such/skill", SKILL]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no/such/skill"), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{SKILL}: no problems")),
        "the other folder is still linted: {}",
        run.stdout
    );
}

#[test]
fn generate_refuses_a_skill_with_lint_errors_unless_allowed() {
    let project = Project::fixture();
    project.edit(
        "templates/branch.md.j2",
        "{% for s in sections %}",
        "```bash\ndocker ps\n```\n\n{% for s in sections %}",
    );
    let before = project.snapshot_output();
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("error[ssh-first]"), "{}", run.stdout);
    assert!(run.stderr.contains("--allow-lint-errors"), "{}", run.stderr);
    assert_eq!(
        project.snapshot_output(),
        before,
        "a skill with lint errors was written"
    );

    let allowed = project.run(&["generate", "--allow-lint-errors"]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert!(
        project
            .read(&format!("{SKILL}/data.md"))
            .contains("```bash\ndocker ps\n```")
    );
}

#[test]
fn rules_lists_every_rule_and_explain_documents_one() {
    let project = Project::fixture();
    let rules = project.run(&["rules"]);
    assert_eq!(rules.code, 0);
    for rule in [
        "frontmatter",
        "line-budget",
        "broken-link",
        "broken-anchor",
        "unreachable-file",
        "fence-language",
        "ssh-first",
    ] {
        assert!(
            rules.stdout.lines().any(|line| line.starts_with(rule)),
            "{rule} missing:\n{}",
            rules.stdout
        );
        let explain = project.run(&["explain", rule]);
        assert_eq!(explain.code, 0);
        for heading in ["What it checks", "Why", "Example that fails", "The fix"] {
            assert!(
                explain.stdout.contains(heading),
                "{rule}: no {heading:?}:\n{}",
                explain.stdout
            );
        }
    }
    let unknown = project.run(&["explain", "broken-anchr"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `broken-anchor`?"),
        "{}",
        unknown.stderr
    );

    // The audit's rules are in the same list, after the lint rules, and explained.
    let audit_line = rules
        .stdout
        .lines()
        .position(|line| line.starts_with("audit-env-var "))
        .expect("audit-env-var listed");
    let lint_line = rules
        .stdout
        .lines()
        .position(|line| line.starts_with("ssh-first "))
        .expect("ssh-first listed");
    assert!(lint_line < audit_line, "{}", rules.stdout);
    let explain = project.run(&["explain", "audit-env-var"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain
            .stdout
            .starts_with("audit-env-var (error)\n\nan env var is set in no example env file"),
        "{}",
        explain.stdout
    );
    let unknown = project.run(&["explain", "audit-env-vars"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `audit-env-var`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn lint_with_facts_checks_any_skill_against_the_servers() {
    let project = Project::fixture();
    let fixture =
        crate::project::repo_root().join("tests/lint_fixtures/unknown-container/fail/seed-way");
    let run = project.run(&[
        "--facts",
        "facts",
        "lint",
        fixture.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[unknown-container]"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_names_the_skill_of_each_finding_when_several_are_linted() {
    let project = Project::fixture();
    let copy = project.path("other/shop-ops");
    std::fs::create_dir_all(&copy).expect("folder");
    for entry in std::fs::read_dir(project.path(SKILL)).expect("skill folder") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copy");
    }
    for folder in [SKILL, "other/shop-ops"] {
        project.edit(
            &format!("{folder}/deploy.md"),
            "[SKILL.md](SKILL.md)",
            "[SKILL.md](SKIL.md)",
        );
    }
    let run = project.run(&["lint", "--format", "json", SKILL, "other/shop-ops"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON array");
    let skills: Vec<&str> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter(|finding| finding["rule"] == "broken-link")
        .map(|finding| finding["skill"].as_str().expect("skill"))
        .collect();
    assert_eq!(skills, [SKILL, "other/shop-ops"]);
}

/// The README's rules tables are the lists of rules (RULES in src/lint/mod.rs and
/// src/audit/rules.rs: name, default severity, summary), as `rules --format markdown`
/// prints them, so a rule added, renamed or given another severity shows there.
#[test]
fn the_readme_rules_table_is_the_list_of_rules() {
    let lint = skillgen::report::rule_list_markdown();
    let audit = skillgen::report::audit_rule_list_markdown();
    let printed = Project::fixture().run(&["rules", "--format", "markdown"]);
    assert_eq!(
        (printed.code, printed.stdout),
        (0, format!("{lint}\n{audit}"))
    );
    let path = crate::project::repo_root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let readme = in_sync(readme, "rules", &lint);
    let readme = in_sync(readme, "audit rules", &audit);
    if std::env::var_os("SKILLGEN_UPDATE_README").is_some() {
        std::fs::write(&path, readme).expect("README.md written");
    }
}

/// The README with the table between its `<!-- {what}: ... -->` and
/// `<!-- end of {what} -->` markers checked against `expected`: replaced when
/// `SKILLGEN_UPDATE_README` is set, else a failure saying how to regenerate it.
fn in_sync(readme: String, what: &str, expected: &str) -> String {
    let start_marker = format!(
        "<!-- {what}: generated by `skillgen rules --format markdown`; a test keeps it in sync -->\n"
    );
    let end_marker = format!("<!-- end of {what} -->\n");
    let start = readme
        .find(&start_marker)
        .unwrap_or_else(|| panic!("the README's {what} table has no start marker"))
        + start_marker.len();
    let end = start
        + readme[start..]
            .find(&end_marker)
            .unwrap_or_else(|| panic!("the README's {what} table has no end marker"));
    if readme[start..end] == *expected {
        return readme;
    }
    assert!(
        std::env::var_os("SKILLGEN_UPDATE_README").is_some(),
        "README.md's {what} table is not the list of rules.\nRegenerate it with `SKILLGEN_UPDATE_README=1 cargo test readme_rules_table`, or put the output of `cargo run -q -- rules --format markdown` between its markers. It should read:\n{expected}"
    );
    format!("{}{expected}{}", &readme[..start], &readme[end..])
}
