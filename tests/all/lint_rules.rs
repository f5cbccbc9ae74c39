//! Each lint rule against its failing and passing fixture skills.

use std::path::{Path, PathBuf};

use skillgen::command::app_cli::{AppCli, AppCommand};
use skillgen::diagnostic::{Finding, Severity};
use skillgen::lint::{KnownContainer, KnownHost, LintConfig, RULES, ServerFacts, lint_skill};
use skillgen::skill::Skill;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lint_fixtures")
        .join(path)
}

/// The config of the generated skill: its two ssh aliases and 100-line branch files.
fn config() -> LintConfig {
    let mut config = LintConfig {
        ssh_hosts: vec!["hemma".into(), "hemma-local".into()],
        ..LintConfig::default()
    };
    config.line_budgets.default_max = Some(100);
    config
}

/// Rules that check commands against the facts; their fixtures are linted with the
/// fixture project's facts (a shop on `prod-box`).
const FACTS_RULES: &[&str] = &[
    "unknown-container",
    "compose-file",
    "ssh-tty",
    "destructive-unmarked",
    "secret-literal",
    "duplicate-command",
];

/// The config `skillgen lint --facts tests/fixtures/project/facts` gives a skill: the
/// fixture project's facts about prod-box.
fn facts_config() -> LintConfig {
    let facts = skillgen::facts::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(crate::project::FIXTURE)
            .join("facts"),
    )
    .unwrap_or_else(|errors| panic!("{errors}"));
    skillgen::lint_config_for_any_skill(&facts)
}

/// Rules whose fixtures are linted with the small facts of `own_facts_config`.
const OWN_FACTS_RULES: &[&str] = &["docker-sudo", "app-cli-flag"];

/// Facts of the fixtures' own: hemma runs docker with sudo, hemma-local does not, and
/// the app's CLI has one module command and one pdm script.
fn own_facts_config() -> LintConfig {
    let host = |alias: &str, docker_sudo| KnownHost {
        alias: alias.into(),
        environment: "prod".into(),
        docker_sudo,
    };
    let facts = ServerFacts {
        hosts: vec![host("hemma", true), host("hemma-local", false)],
        containers: vec![KnownContainer {
            name: "web".into(),
            environment: "prod".into(),
            service: None,
            compose_files: Vec::new(),
        }],
        app_cli: AppCli {
            runner: vec!["pdm".into(), "run".into()],
            module: "app.cli".into(),
            commands: vec![
                AppCommand {
                    key: "prune".into(),
                    name: Some("prune-artifacts".into()),
                    pdm_script: None,
                    flags: vec!["--dry-run".into(), "--retention-days".into()],
                },
                AppCommand {
                    key: "seed".into(),
                    name: None,
                    pdm_script: Some("seed-bank".into()),
                    flags: vec!["--dry-run".into()],
                },
            ],
        },
        ..ServerFacts::default()
    };
    LintConfig {
        facts: Some(facts),
        ..config()
    }
}

fn lint(path: &str) -> Vec<Finding> {
    let skill = Skill::read(&fixture(path)).expect("fixture folder");
    let rule = path.split('/').next().unwrap_or_default();
    let config = if FACTS_RULES.contains(&rule) {
        facts_config()
    } else if OWN_FACTS_RULES.contains(&rule) {
        own_facts_config()
    } else if rule == "reference-toc" {
        // Its files are long on purpose: no 100-line budget for them.
        LintConfig {
            line_budgets: Default::default(),
            ..config()
        }
    } else {
        config()
    };
    lint_skill(&skill, &config)
}

/// The lines where `rule` fires in a fixture, ignoring other rules.
fn lines_of(path: &str, rule: &str) -> Vec<usize> {
    lint(path)
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .map(|finding| finding.line)
        .collect()
}

/// The findings of a fixture as (rule, file, line), after checking that they all come
/// from `rule`.
fn found(path: &str, rule: &str) -> Vec<(String, usize)> {
    let findings = lint(path);
    for finding in &findings {
        assert_eq!(finding.rule, rule, "{path}: unexpected {finding}");
    }
    findings.into_iter().map(|f| (f.file, f.line)).collect()
}

fn at(expected: &[(&str, usize)]) -> Vec<(String, usize)> {
    expected
        .iter()
        .map(|(file, line)| (file.to_string(), *line))
        .collect()
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture_and_passes_pass() {
    for rule in RULES {
        for side in ["fail", "pass"] {
            let dir = fixture(&format!("{}/{side}", rule.name));
            let skills: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|_| panic!("missing fixture folder {}", dir.display()))
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(!skills.is_empty(), "{} has no {side} fixture", rule.name);
            for skill in skills {
                let path = format!("{}/{side}/{skill}", rule.name);
                let findings = lint(&path);
                if side == "pass" {
                    assert!(findings.is_empty(), "{path}: {findings:#?}");
                } else {
                    assert!(
                        findings.iter().any(|f| f.rule == rule.name),
                        "{path} does not fail"
                    );
                }
            }
        }
    }
}

#[test]
fn frontmatter_reports_every_problem() {
    let findings = lint("frontmatter/fail/demo-skill");
    let lines: Vec<_> = findings.iter().map(|f| (f.rule, f.line)).collect();
    let name = ("frontmatter", 2);
    assert_eq!(
        lines,
        [
            name,
            name,
            name,
            name,
            name,
            ("description-when", 3), // "Uses <b>tags</b>." says no when
            ("frontmatter", 3),
            ("frontmatter", 5),
            ("frontmatter", 6),
            ("frontmatter", 8)
        ]
    );
    let text: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
    for part in [
        "folder is `demo-skill`",
        "`DC`",
        "`--`",
        "`claude`",
        "start or end",
        "`<` or `>`",
        "`model`",
        "metadata.version",
        "compatibility",
    ] {
        assert!(
            text.iter().any(|m| m.contains(part)),
            "no finding mentions {part}: {text:#?}"
        );
    }
    assert_eq!(
        found("frontmatter/fail/no-frontmatter", "frontmatter"),
        at(&[("SKILL.md", 1)])
    );
    assert_eq!(
        found("frontmatter/fail/unclosed", "frontmatter"),
        at(&[("SKILL.md", 1)])
    );
    let yaml = lint("frontmatter/fail/bad-yaml");
    assert_eq!((yaml.len(), yaml[0].line, yaml[0].column), (1, 3, 14));
    assert!(yaml[0].message.contains("not valid YAML"));
}

/// What only Claude's upload refuses is a warning: a skill in `.claude/skills` loads in
/// Claude Code with it. A key Claude reads nothing from because it is misspelled is an
/// error.
#[test]
fn frontmatter_upload_limits_are_warnings_and_misspelled_keys_errors() {
    let severity_of = |path: &str, part: &str| {
        lint(path)
            .into_iter()
            .find(|f| f.rule == "frontmatter" && f.message.contains(part))
            .map(|f| f.severity)
    };
    let demo = "frontmatter/fail/demo-skill";
    assert_eq!(severity_of(demo, "`claude`"), Some(Severity::Warning));
    assert_eq!(severity_of(demo, "`<` or `>`"), Some(Severity::Warning));
    assert_eq!(severity_of(demo, "`DC`"), Some(Severity::Error));
    let keys = "frontmatter/fail/misspelled-key";
    assert_eq!(
        severity_of(keys, "did you mean `allowed-tools`?"),
        Some(Severity::Error)
    );
    assert_eq!(severity_of(keys, "`version`"), Some(Severity::Warning));
    assert_eq!(severity_of(keys, "`tags`"), Some(Severity::Warning));
    // Claude Code reads `allowed-tools` as a list; `license` has no such reading.
    let tools = "frontmatter/fail/tools-list";
    assert_eq!(
        severity_of(tools, "`allowed-tools` is a YAML list"),
        Some(Severity::Warning)
    );
    assert_eq!(
        severity_of(tools, "`license` must be a string, not a list"),
        Some(Severity::Error)
    );
}

#[test]
fn line_budget_points_at_the_first_line_over() {
    assert_eq!(
        found("line-budget/fail/demo-skill", "line-budget"),
        at(&[("reference.md", 101)])
    );
    // On a skill the budgets were not written for, a long file is a warning.
    assert_eq!(
        lint("line-budget/fail/demo-skill")[0].severity,
        Severity::Warning
    );
}

#[test]
fn broken_links_are_reported_where_they_are() {
    assert_eq!(
        found("broken-link/fail/demo-skill", "broken-link"),
        at(&[
            ("SKILL.md", 8),
            ("SKILL.md", 9),
            ("SKILL.md", 10),
            ("SKILL.md", 11),
            ("SKILL.md", 12)
        ])
    );
    // A link out of the skill folder works in the repository it was written in and
    // breaks where the skill is installed alone: a warning. A missing file is an error.
    let severities: Vec<_> = lint("broken-link/fail/demo-skill")
        .into_iter()
        .map(|f| (f.line, f.severity))
        .collect();
    assert_eq!(
        severities,
        [
            (8, Severity::Error),
            (9, Severity::Warning),
            (10, Severity::Error),
            (11, Severity::Warning),
            // Out and back in by the skill's own name: a missing file of the skill.
            (12, Severity::Error)
        ]
    );
}

/// A skill that says where its files are (`.claude/skills/<name>/branches/`) has them
/// there: its `branches/*.md` paths are checked though the folder is missing, and a
/// path of the repository (`docs/runbooks/server.md`) is not.
#[test]
fn paths_under_a_folder_the_skill_claims_are_checked() {
    assert_eq!(
        found("broken-link/fail/routing-skill", "broken-link"),
        at(&[("SKILL.md", 13), ("SKILL.md", 14)])
    );
}

#[test]
fn broken_anchors_use_github_slugs() {
    let findings = lint("broken-anchor/fail/demo-skill");
    assert_eq!(
        found("broken-anchor/fail/demo-skill", "broken-anchor"),
        at(&[("SKILL.md", 7), ("SKILL.md", 8), ("SKILL.md", 9)])
    );
    assert!(findings[0].message.contains("did you mean `#rollback`"));
}

#[test]
fn files_not_linked_from_skill_md_are_unreachable() {
    assert_eq!(
        found("unreachable-file/fail/demo-skill", "unreachable-file"),
        at(&[("orphan.md", 1), ("rollback.md", 1)])
    );
    let findings = lint("unreachable-file/fail/demo-skill");
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn skill_dir_links_and_paths_in_inline_code_resolve_from_the_skill() {
    let findings = lint("broken-link/fail/review-skill");
    let found: Vec<_> = findings
        .iter()
        .map(|f| (f.rule, f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        found
            .iter()
            .map(|(rule, line, _)| (*rule, *line))
            .collect::<Vec<_>>(),
        [
            ("broken-link", 10),
            ("broken-link", 16),
            ("broken-link", 17),
            ("broken-link", 18)
        ],
        "{found:#?}"
    );
    let hints = [
        "did you mean `jobs/review-branch.md`?",
        "`${CLAUDE_SKILL_DIR}/scripts/clasify.py` is not in the skill folder; did you mean `scripts/classify.py`?",
        "though its folder `specs/` is; did you mean `specs/finding.md`?",
        // The file of the same name, not the nearest path (`diagrams/radar.md`).
        "did you mean `references/mermaid_diagrams/class.md`?",
    ];
    for ((_, _, message), hint) in found.iter().zip(hints) {
        assert!(message.contains(hint), "{message}");
    }
    // Each finding covers all it points at: the whole link, the whole path.
    let spans: Vec<_> = findings.iter().map(|f| (f.column, f.end)).collect();
    assert_eq!(
        spans,
        [
            (4, Some((10, 72))),
            (12, Some((16, 50))),
            (19, Some((17, 38))),
            (13, Some((18, 56)))
        ]
    );
}

#[test]
fn skill_md_reaches_files_by_name_folder_glob_and_skill_dir() {
    assert_eq!(
        found("unreachable-file/fail/diagram-guides", "unreachable-file"),
        at(&[
            ("checklists/release.md", 1),
            ("examples/state.md", 1),
            // `class.md` names the file at the skill's top, and `*.txt` matches no guide.
            ("references/mermaid/class.md", 1),
            ("references/mermaid/sequence.md", 1)
        ])
    );
}

#[test]
fn fences_need_a_language_and_an_end() {
    assert_eq!(
        found("fence-language/fail/demo-skill", "fence-language"),
        at(&[("SKILL.md", 7), ("SKILL.md", 15), ("SKILL.md", 15)])
    );
    // A missing language only warns; a fence never closed swallows the rest of the
    // file, and is an error.
    let severities: Vec<_> = lint("fence-language/fail/demo-skill")
        .into_iter()
        .map(|f| (f.line, f.severity, f.message.contains("never closed")))
        .collect();
    assert_eq!(
        severities,
        [
            (7, Severity::Warning, false),
            (15, Severity::Warning, false),
            (15, Severity::Error, true)
        ]
    );
}

#[test]
fn fences_in_containers_are_closed_the_commonmark_way() {
    let findings = lint("fence-language/fail/container-fences");
    let found: Vec<_> = findings
        .iter()
        .map(|f| (f.rule, f.line, f.message.as_str()))
        .collect();
    let messages = |line: usize| -> Vec<&str> {
        found
            .iter()
            .filter(|(rule, at, _)| *rule == "fence-language" && *at == line)
            .map(|(_, _, message)| *message)
            .collect()
    };
    // The quote ends at the blank line before the heading; the first list item ends
    // where the second begins; the last fence's closing line is outside its item, so
    // it opens a fence of its own that runs to the end of the file.
    assert!(
        messages(9)[0].contains("its block quote ends before line 12"),
        "{found:#?}"
    );
    assert!(messages(15)[0].contains("its list item ends before line 17"));
    assert!(messages(19)[0].contains("the ``` on line 21 is outside the list item"));
    let last = messages(21);
    assert_eq!(last.len(), 2, "{last:?}");
    assert!(last.iter().any(|m| m.contains("has no language")));
    assert!(
        last.iter()
            .any(|m| m.contains("the rest of the file is code"))
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.rule == "fence-language")
            .count(),
        5,
        "{found:#?}"
    );
}

#[test]
fn ssh_first_reports_the_line_of_each_command() {
    assert_eq!(
        lines_of("ssh-first/fail/demo-skill", "ssh-first")
            .into_iter()
            .map(|line| ("SKILL.md".to_string(), line))
            .collect::<Vec<_>>(),
        at(&[
            ("SKILL.md", 8),  // docker ps
            ("SKILL.md", 10), // interactive ssh
            ("SKILL.md", 11), // grep after the pipe runs locally
            ("SKILL.md", 12), // marker without a reason
            ("SKILL.md", 13), // so ls is not covered
            ("SKILL.md", 19), // console prompt line
        ])
    );
    let grep = &lint("ssh-first/fail/demo-skill")
        .into_iter()
        .filter(|f| f.rule == "ssh-first")
        .collect::<Vec<_>>()[2];
    assert_eq!(grep.column, 31);
}

/// The SQL typed at `sqlite3`'s prompt, shown after it, runs nothing on the
/// workstation: only `sqlite3` itself is a command there.
#[test]
fn ssh_first_leaves_input_typed_at_a_prompt_alone() {
    assert_eq!(lines_of("ssh-first/fail/prompt-session", "ssh-first"), [10]);
}

/// A skill that reaches its server with `scp` is a server skill: its local restart
/// is found though it has no ssh call.
#[test]
fn ssh_first_runs_on_a_skill_that_reaches_a_server_without_ssh_calls() {
    assert_eq!(
        lines_of("ssh-first/fail/copies-over-scp", "ssh-first"),
        [12]
    );
}

#[test]
fn ssh_first_tells_look_alikes_of_local_commands_apart() {
    assert_eq!(
        lines_of("ssh-first/fail/look-alikes", "ssh-first"),
        [
            10, // a heading naming the alias hemma-local is not local
            11, // an assignment that runs docker is a command
            17, // one login is no list of aliases
            23, // a local section does not make `$(date)` expand on the server
        ]
    );
}

#[test]
fn ssh_first_is_off_without_known_hosts() {
    let skill = Skill::read(&fixture("ssh-first/fail/demo-skill")).unwrap();
    assert!(lint_skill(&skill, &LintConfig::default()).is_empty());
}

#[test]
fn non_utf8_and_binary_markdown_are_findings() {
    assert_eq!(
        found("invalid-file/fail/demo-skill", "invalid-file"),
        at(&[("blob.md", 2), ("notes.md", 3)])
    );
}

#[test]
fn suppressions_that_silence_nothing_are_warnings() {
    let findings = lint("unused-suppression/fail/demo-skill");
    assert_eq!(
        found("unused-suppression/fail/demo-skill", "unused-suppression"),
        at(&[("SKILL.md", 7), ("SKILL.md", 10)])
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_skill_are_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo-skill");
    std::fs::create_dir(&dir).unwrap();
    let source = fixture("frontmatter/pass/demo-skill/SKILL.md");
    std::fs::copy(source, dir.join("SKILL.md")).unwrap();
    std::fs::write(tmp.path().join("secret.md"), "# Secret\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.md"), dir.join("secret.md")).unwrap();
    let skill = Skill::read(&dir).unwrap();
    let findings = lint_skill(&skill, &config());
    let rules: Vec<_> = findings.iter().map(|f| (f.rule, f.file.as_str())).collect();
    assert_eq!(rules, [("invalid-file", "secret.md")]);
}

#[test]
fn odd_input_never_panics() {
    let nasty = [
        "",
        "\u{feff}",
        "---",
        "---\r\n",
        "---\n---\n",
        "---\nname: [\n---\n",
        "---\n- a\n- b\n---\n",
        "---\nname: demo-skill\ndescription: x\n---\n```bash\necho 'open\n",
        "```sh\ncat <<EOF\nno end\n```\n",
        "```bash\nif then fi; )( && || ;;\n```\n",
        "```console\n$ \n$ ssh\n$ ssh -o\n```\n",
        "```bash\nssh -- \nssh -p\n\\\n```\n",
        "[a](<>) [b]( ) [c](#) [d](%zz) [e](../../..) ![f](?)\n",
        "# \n#\n## ##\n<!-- skillgen-disable-next-line -->\n<!--\n",
        "\r\n\r\n```\r\n\r\n",
        "> ```bash\n> ls\n",
        "- ```bash\n  ssh hemma ls\n",
    ];
    for (index, text) in nasty.iter().enumerate() {
        let mut skill = Skill::new("demo-skill");
        skill.files.insert("SKILL.md".into(), text.to_string());
        skill
            .files
            .insert("ref.md".into(), text.replace('\n', "\r\n"));
        let findings = lint_skill(&skill, &config());
        for finding in findings {
            assert!(
                finding.line >= 1 && finding.column >= 1,
                "input {index}: {finding}"
            );
        }
    }
}

#[test]
fn unknown_host_names_the_alias_and_the_nearest_known_one() {
    let findings = found("unknown-host/fail/demo-skill", "unknown-host");
    assert_eq!(findings, at(&[("SKILL.md", 11), ("SKILL.md", 12)]));
    let first = &lint("unknown-host/fail/demo-skill")[0];
    assert!(
        first.message.contains("`hema`") && first.message.contains("did you mean `hemma`?"),
        "{first}"
    );
}

#[test]
fn unknown_container_catches_the_seeds_dev_container_on_the_server() {
    assert_eq!(
        lines_of("unknown-container/fail/seed-way", "unknown-container"),
        [12, 14, 20, 26]
    );
    let findings = lint("unknown-container/fail/seed-way");
    assert!(
        findings[0].message.contains("`shop-dev-web-1`, a `dev` container, but prod-box runs `prod`; on prod-box use `shop-web`"),
        "{}",
        findings[0]
    );
}

#[test]
fn ssh_tty_catches_exec_it_without_ssh_t_and_ssh_t_with_a_redirect() {
    assert_eq!(
        lines_of("ssh-tty/fail/seed-way", "ssh-tty"),
        [11, 12, 18, 24, 30, 36]
    );
    let messages: Vec<String> = lint("ssh-tty/fail/seed-way")
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the input device is not a TTY"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("standard input redirected"))
    );
}

#[test]
fn compose_file_catches_the_default_and_the_dev_compose_file_on_the_server() {
    assert_eq!(
        lines_of("compose-file/fail/seed-way", "compose-file"),
        [11, 17, 18]
    );
    let findings = lint("compose-file/fail/seed-way");
    let first = findings.iter().find(|f| f.rule == "compose-file").unwrap();
    assert!(
        first
            .message
            .contains("use `docker compose -f compose.live.yaml` in ~/apps/shop"),
        "{first}"
    );
}

#[test]
fn docker_flag_reports_each_rejected_flag_at_its_command() {
    let findings = lint("docker-flag/fail/demo-skill");
    for finding in &findings {
        assert_eq!(finding.rule, "docker-flag", "unexpected {finding}");
        assert_eq!(finding.column, 1, "{finding}");
    }
    let expected = [
        (
            10,
            "`docker exec` has no flag `-T`: `-T` is a `docker compose exec` flag",
        ),
        (
            11,
            "`docker logs` has no flag `--tial`; did you mean `--tail`?",
        ),
        (
            12,
            "`docker compose up` has no flag `--biuld`; did you mean `--build`?",
        ),
        (13, "`docker exec` has no flag `-T` (in `-iT`)"),
        (
            14,
            "`docker compose up` has no flag `-f`: `-f` is a `docker compose` flag: put it before `up`",
        ),
        (
            16,
            "`docker logs` has no flag `-a` (in `-tail`); did you mean `--tail`?",
        ),
    ];
    let summary: Vec<(usize, &str)> = findings
        .iter()
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(findings.len(), expected.len(), "{summary:#?}");
    for ((line, message), finding) in expected.iter().zip(&findings) {
        assert!(
            finding.line == *line && finding.message.contains(message),
            "expected line {line} with {message:?}, got {finding}"
        );
    }
}

#[test]
fn docker_flag_runs_without_facts_or_hosts() {
    let skill = Skill::read(&fixture("docker-flag/fail/demo-skill")).unwrap();
    let findings = lint_skill(&skill, &LintConfig::default());
    let flagged = findings.iter().filter(|f| f.rule == "docker-flag").count();
    assert_eq!(flagged, 6, "{findings:#?}");
    let with_facts = lint_markdown(
        "```bash\nssh prod-box \"cd ~/apps/shop && docker compose -f compose.live.yaml exec -T web pdm run migrate\"\n```\n",
    );
    assert!(
        with_facts.iter().all(|f| f.rule != "docker-flag"),
        "{with_facts:#?}"
    );
}

#[test]
fn destructive_unmarked_wants_a_warning_in_the_same_section() {
    assert_eq!(
        lines_of("destructive-unmarked/fail/seed-way", "destructive-unmarked"),
        [11, 18, 24, 31, 37]
    );
}

/// (line, severity, the start of the message) of each `rule` finding of a fixture
/// linted with `config`.
fn summary_of(path: &str, rule: &str, config: &LintConfig) -> Vec<(usize, String, String)> {
    let skill = Skill::read(&fixture(path)).expect("fixture folder");
    lint_skill(&skill, config)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let start: String = f.message.split(' ').take(5).collect::<Vec<_>>().join(" ");
            (f.line, f.severity.as_str().to_string(), start)
        })
        .collect()
}

fn expected(rows: &[(usize, &str, &str)]) -> Vec<(usize, String, String)> {
    rows.iter()
        .map(|(line, severity, start)| (*line, severity.to_string(), start.to_string()))
        .collect()
}

#[test]
fn secret_literal_catches_passwords_and_warns_on_unexplained_secret_arguments() {
    let literal = "error";
    let argument = "warning";
    assert_eq!(
        summary_of(
            "secret-literal/fail/seed-way",
            "secret-literal",
            &facts_config()
        ),
        expected(&[
            // `USER_PASS`-style placeholders in argv: not a leaked value, but they
            // teach Claude to put the real password where `ps` shows it.
            (11, argument, "`--actor-password` passes a secret as"),
            (11, argument, "`--password` passes a secret as"),
            (12, literal, "the value of `--actor-password` is"),
            // The URL's password is its user name: a local service's default.
            (19, argument, "the URL's login `shop_admin:shop_admin` is"),
            (21, literal, "the value of `SHOP_ADMIN_PASSWORD` is"),
            (27, argument, "`--actor-password` passes a secret as"),
            (34, literal, "the value of `SHOP_API_TOKEN` is"),
            (36, literal, "a password in a URL"),
            // `echo user:password | chpasswd` puts it in the command line too.
            (42, argument, "`echo ... | chpasswd` passes"),
            (43, literal, "the password piped into `chpasswd`"),
            (45, literal, "the password piped into `chpasswd`"),
        ])
    );
}

#[test]
fn safety_rules_run_without_facts_or_hosts() {
    let bare = LintConfig::default();
    let secrets = summary_of("secret-literal/fail/seed-way", "secret-literal", &bare);
    let lines: Vec<usize> = secrets.iter().map(|(line, _, _)| *line).collect();
    assert_eq!(
        lines,
        [11, 11, 12, 19, 21, 27, 34, 36, 42, 43, 45],
        "{secrets:#?}"
    );
    assert_eq!(
        lines_with(
            "destructive-unmarked/fail/seed-way",
            "destructive-unmarked",
            &bare
        ),
        [11, 18, 24, 31, 37]
    );
    assert_eq!(
        lines_with("ssh-tty/fail/seed-way", "ssh-tty", &bare),
        [11, 12, 18, 24, 30]
    );
    for rule in ["secret-literal", "destructive-unmarked", "ssh-tty"] {
        let skill = Skill::read(&fixture(&format!("{rule}/pass/corrected"))).unwrap();
        let findings = lint_skill(&skill, &bare);
        assert!(findings.iter().all(|f| f.rule != rule), "{findings:#?}");
    }
}

#[test]
fn facts_sharpen_the_safety_rules() {
    // Only the facts know that the app's `create-admin` prompts (line 36 runs it
    // with `ssh -t` but without `docker exec -it`) and that `purge-orders` destroys data.
    let bare = LintConfig::default();
    assert!(!lines_with("ssh-tty/fail/seed-way", "ssh-tty", &bare).contains(&36));
    assert!(lines_of("ssh-tty/fail/seed-way", "ssh-tty").contains(&36));
    let mut skill = Skill::new("demo");
    skill.files.insert(
        "SKILL.md".into(),
        "---\nname: demo\ndescription: Operates the shop. Use when asked.\n---\n\n# Demo\n\n```bash\nssh prod-box \"docker exec shop-web pdm run purge-orders --older-than 90\"\n```\n".into(),
    );
    let purging = |config: &LintConfig| {
        lint_skill(&skill, config)
            .iter()
            .any(|f| f.rule == "destructive-unmarked")
    };
    let facts = ServerFacts {
        destructive_patterns: vec!["purge-orders".into()],
        ..ServerFacts::default()
    };
    assert!(!purging(&bare));
    assert!(purging(&LintConfig {
        facts: Some(facts),
        ..LintConfig::default()
    }));
}

/// The lines where `rule` fires in a fixture linted with `config`.
fn lines_with(path: &str, rule: &str, config: &LintConfig) -> Vec<usize> {
    let skill = Skill::read(&fixture(path)).expect("fixture folder");
    lint_skill(&skill, config)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.line)
        .collect()
}

#[test]
fn duplicate_command_points_at_the_copy_in_the_other_file() {
    let findings = found("duplicate-command/fail/seed-way", "duplicate-command");
    assert_eq!(findings.len(), 1);
    let finding = &lint("duplicate-command/fail/seed-way")[0];
    assert_eq!(finding.file, "troubleshoot.md");
    assert!(
        finding.message.contains("server-os.md (line 7)"),
        "{finding}"
    );
}

#[test]
fn host_rules_are_off_without_facts() {
    for rule in ["unknown-container", "compose-file", "duplicate-command"] {
        let skill = Skill::read(&fixture(&format!("{rule}/fail/seed-way"))).unwrap();
        let findings = lint_skill(&skill, &config());
        assert!(
            findings.iter().all(|f| f.rule != rule),
            "{rule}: {findings:#?}"
        );
    }
}

/// Lints one SKILL.md body with the fixture project's facts.
fn lint_markdown(body: &str) -> Vec<Finding> {
    let mut skill = Skill::new("demo");
    skill.files.insert(
        "SKILL.md".into(),
        format!(
            "---\nname: demo\ndescription: Operates prod-box. Use when asked.\n---\n\n# Demo\n\n{body}"
        ),
    );
    lint_skill(&skill, &facts_config())
}

#[test]
fn ssh_first_catches_expansion_on_the_workstation() {
    let findings = lint_markdown(
        "```bash\nssh prod-box \"mkdir -p ~/b && docker exec shop-db pg_dump -U shop_admin shop > ~/b/x-$(date +%Y%m%d).sql\"\n```\n",
    );
    assert!(
        findings.iter().any(|f| f.rule == "ssh-first"
            && f.message
                .contains("`$(date` is expanded on the workstation")),
        "{findings:#?}"
    );
    let escaped = lint_markdown(
        "```bash\nssh prod-box \"mkdir -p ~/b && docker exec shop-db pg_dump -U shop_admin shop > ~/b/x-\\$(date +%Y%m%d).sql\"\n```\n",
    );
    assert!(escaped.is_empty(), "{escaped:#?}");
}

#[test]
fn a_remote_command_that_does_not_parse_is_reported() {
    let findings =
        lint_markdown("```bash\nssh prod-box \"docker exec shop-dev-web-1 ls; if\"\n```\n");
    assert!(
        findings.iter().any(|f| f.rule == "shell-syntax"
            && f.message.contains("remote command")
            && f.message.contains("`if` is never closed")),
        "{findings:#?}"
    );
}

#[test]
fn shell_syntax_reports_each_broken_line_and_reads_the_others() {
    let findings = lint("shell-syntax/fail/demo-skill");
    let syntax: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "shell-syntax")
        .map(|f| (f.line, f.column))
        .collect();
    assert_eq!(syntax, [(8, 6), (14, 1), (19, 1), (23, 1)], "{findings:#?}");
    // The ssh commands after the broken lines are still read: the one to an unknown
    // host is found.
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "unknown-host" && f.line == 9),
        "{findings:#?}"
    );
}

/// What a reader types at `sqlite3`'s prompt, shown in the shell fence after it, is
/// a warning that says so; after a program given its work (`psql -c`), a line that
/// does not parse is a shell error as any other.
#[test]
fn input_at_a_prompt_in_a_shell_fence_is_a_warning() {
    let findings: Vec<_> = lint("shell-syntax/fail/prompt-input")
        .into_iter()
        .filter(|f| f.rule == "shell-syntax")
        .map(|f| (f.line, f.severity, f.message))
        .collect();
    let lines: Vec<_> = findings.iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        lines,
        [
            (12, Severity::Warning),
            (19, Severity::Error),
            // `systemctl restart mysql` opens no prompt: the broken quote is shell's.
            (26, Severity::Error),
            // psql's prompt, opened on the server through ssh -t.
            (33, Severity::Warning),
        ],
        "{findings:#?}"
    );
    assert!(
        findings[0]
            .2
            .contains("input typed at the prompt of `sqlite3`"),
        "{findings:#?}"
    );
}

#[test]
fn input_given_to_ssh_itself_needs_no_terminal() {
    let findings = lint_markdown(
        "```bash\n# local: the dump is on the workstation\nssh prod-box \"docker exec -i shop-db psql -U shop_admin -d shop\" < dump.sql\n```\n",
    );
    assert!(
        findings.iter().all(|f| f.rule != "ssh-tty"),
        "{findings:#?}"
    );
}

#[test]
fn sudo_and_docker_container_forms_are_checked_too() {
    let findings = lint_markdown(
        "```bash\nssh prod-box \"sudo docker container logs --tail 5 shop-dev-web-1\"\n```\n",
    );
    assert!(
        findings.iter().any(|f| f.rule == "unknown-container"),
        "{findings:#?}"
    );
}

#[test]
fn destructive_patterns_match_across_extra_spaces() {
    let findings = lint_markdown(
        "```bash\nssh prod-box \"docker exec shop-db psql -U shop_admin -c 'DROP   DATABASE shop;'\"\n```\n",
    );
    assert!(
        findings.iter().any(|f| f.rule == "destructive-unmarked"),
        "{findings:#?}"
    );
}

#[test]
fn docker_sudo_finds_each_docker_command_without_sudo_on_a_sudo_host() {
    let findings = lint("docker-sudo/fail/demo-skill");
    let found: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "docker-sudo")
        .map(|f| (f.rule, f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "docker-sudo",
                8,
                "`docker` on hemma needs `sudo` (the facts say docker there runs as root); write `sudo docker ...`"
            ),
            (
                "docker-sudo",
                9,
                "`docker` on hemma needs `sudo` (the facts say docker there runs as root); write `sudo docker ...`"
            ),
            (
                "docker-sudo",
                10,
                "`docker-compose` on hemma needs `sudo` (the facts say docker there runs as root); write `sudo docker-compose ...`"
            ),
        ]
    );
    let skill = Skill::read(&fixture("docker-sudo/fail/demo-skill")).unwrap();
    assert!(
        lint_skill(&skill, &config()).is_empty(),
        "without facts nobody knows docker needs sudo"
    );
}

#[test]
fn app_cli_flag_names_the_command_and_the_flag_meant() {
    let messages: Vec<_> = lint("app-cli-flag/fail/demo-skill")
        .into_iter()
        .map(|f| (f.line, f.message))
        .collect();
    assert_eq!(
        messages,
        [
            (8, "the app's `prune-artifacts` has no flag `--retention-dyas`; did you mean `--retention-days`?".to_string()),
            (9, "the app's `seed-bank` has no flag `--profile`; its flags: --dry-run".to_string()),
        ]
    );
}

#[test]
fn a_hand_written_skill_shows_its_dangers_with_hosts_alone() {
    let hosts = LintConfig {
        ssh_hosts: vec!["attic".into(), "attic-root".into()],
        ..LintConfig::default()
    };
    let path = "ssh-tty/fail/home-server";
    assert_eq!(lines_with(path, "ssh-tty", &hosts), [22, 25, 32]);
    assert_eq!(
        summary_of(path, "secret-literal", &hosts),
        expected(&[
            (35, "warning", "`--actor-password` passes a secret as"),
            (35, "warning", "`--password` passes a secret as"),
        ])
    );
    assert_eq!(lines_with(path, "destructive-unmarked", &hosts), [41, 42]);
    // The alias list, the documented DATABASE_URL and the local sections are no
    // commands to run on the server.
    assert_eq!(lines_with(path, "ssh-first", &hosts), [] as [usize; 0]);
}

#[test]
fn reference_toc_wants_a_table_of_contents_in_long_reference_files_only() {
    assert_eq!(
        found("reference-toc/fail/demo-skill", "reference-toc"),
        at(&[("reference.md", 1)])
    );
    let finding = &lint("reference-toc/fail/demo-skill")[0];
    assert!(
        finding.message.contains("reference.md has 159 lines")
            && finding.severity == skillgen::diagnostic::Severity::Warning,
        "{finding}"
    );
    // The length is a setting: raised above the file's, the file needs no contents.
    let skill = Skill::read(&fixture("reference-toc/fail/demo-skill")).unwrap();
    let longer = LintConfig {
        reference_toc_lines: 200,
        ..LintConfig::default()
    };
    assert!(lint_skill(&skill, &longer).is_empty());
}

#[test]
fn skill_tokens_points_at_the_line_where_the_estimate_passes_the_budget() {
    let findings = found("skill-tokens/fail/demo-skill", "skill-tokens");
    assert_eq!(findings, at(&[("SKILL.md", 130)]));
    let finding = &lint("skill-tokens/fail/demo-skill")[0];
    assert!(
        finding
            .message
            .contains("about 6773 tokens (27091 characters / 4), over its budget of 5000"),
        "{finding}"
    );
    // The budget is a setting; a reference file's size never counts.
    let skill = Skill::read(&fixture("skill-tokens/pass/demo-skill")).unwrap();
    let tight = LintConfig {
        skill_token_budget: 20,
        ..LintConfig::default()
    };
    let rules: Vec<_> = lint_skill(&skill, &tight)
        .into_iter()
        .map(|f| (f.rule, f.file))
        .collect();
    assert_eq!(rules, [("skill-tokens", "SKILL.md".to_string())]);
}

#[test]
fn description_when_fires_only_when_no_sign_of_when_is_there() {
    assert_eq!(
        found("description-when/fail/demo-skill", "description-when"),
        at(&[("SKILL.md", 3)])
    );
    let mut skill = Skill::new("demo");
    skill.files.insert(
        "SKILL.md".into(),
        "---\nname: demo\ndescription: Server management for the demo service.\nwhen_to_use: Asked to deploy or repair it.\n---\n# Demo\n".into(),
    );
    let findings = lint_skill(&skill, &LintConfig::default());
    let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["frontmatter"], "{findings:#?}");
}

#[test]
fn allowed_tools_bash_names_the_unscoped_entry() {
    for (path, entry) in [
        ("allowed-tools-bash/fail/demo-skill", "`Bash`"),
        ("allowed-tools-bash/fail/demo-any", "`Bash(*)`"),
    ] {
        let findings = lint(path);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            (findings[0].rule, findings[0].line),
            ("allowed-tools-bash", 4)
        );
        assert!(
            findings[0]
                .message
                .contains(&format!("`allowed-tools` grants {entry}")),
            "{}",
            findings[0]
        );
    }
}
