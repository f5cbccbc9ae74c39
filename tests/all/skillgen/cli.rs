//! The `generate` and `check` commands: exit codes, drift reports, located errors,
//! and an untouched skill folder whenever the input is bad.

use crate::project::{Project, SKILL, line_of};

#[test]
fn a_fresh_copy_is_in_sync() {
    let project = Project::copy();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("matches the facts"));
}

#[test]
fn renaming_the_host_alias_changes_every_server_command() {
    let project = Project::copy();
    let before = project.read(&format!("{SKILL}/deploy.md"));
    let ssh_lines = before
        .lines()
        .filter(|l| l.starts_with("ssh hemma "))
        .count();
    assert!(ssh_lines >= 5);
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: hemma\n",
        "    alias: skriptoteket-host\n",
    );

    let check = project.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("-ssh hemma \"cd ~/apps/skriptoteket && git pull"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("+ssh skriptoteket-host \"cd ~/apps/skriptoteket && git pull"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("skillgen generate"),
        "the fix is named: {}",
        check.stdout
    );

    let generate = project.run(&["generate"]);
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    for file in [
        "deploy.md",
        "database.md",
        "users.md",
        "troubleshoot.md",
        "SKILL.md",
    ] {
        let text = project.read(&format!("{SKILL}/{file}"));
        assert!(
            !text.contains("ssh hemma "),
            "{file} still uses the old alias"
        );
        assert!(
            !text.contains("ssh -t hemma "),
            "{file} still uses the old alias"
        );
    }
    let after = project.read(&format!("{SKILL}/deploy.md"));
    assert_eq!(
        after
            .lines()
            .filter(|l| l.starts_with("ssh skriptoteket-host "))
            .count(),
        ssh_lines
    );
    assert_eq!(project.run(&["check"]).code, 0);
}

#[test]
fn renaming_a_container_changes_every_command_that_names_it() {
    let project = Project::copy();
    let uses = |project: &Project, name: &str| {
        [
            "database.md",
            "users.md",
            "seed.md",
            "cli.md",
            "troubleshoot.md",
            "network.md",
            "server-os.md",
        ]
        .iter()
        .map(|file| {
            project
                .read(&format!("{SKILL}/{file}"))
                .matches(name)
                .count()
        })
        .sum::<usize>()
    };
    let before = uses(&project, "skriptoteket-web ");
    assert!(before >= 10, "{before}");
    project.edit(
        "facts/infrastructure.yaml",
        "    name: skriptoteket-web\n",
        "    name: skriptoteket-app\n",
    );

    let check = project.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains(
            "+ssh hemma \"docker exec -e PYTHONPATH=/app/src skriptoteket-app pdm run db-upgrade\""
        ),
        "{}",
        check.stdout
    );

    assert_eq!(project.run(&["generate"]).code, 0);
    assert_eq!(uses(&project, "skriptoteket-web "), 0);
    assert_eq!(uses(&project, "skriptoteket-app "), before);
}

#[test]
fn check_reports_stray_and_missing_files_and_generate_removes_strays() {
    let project = Project::copy();
    project.write(&format!("{SKILL}/old-branch.md"), "# Old\n");
    std::fs::remove_file(project.path(&format!("{SKILL}/seed.md"))).expect("remove");
    let check = project.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains(&format!("stray: {SKILL}/old-branch.md")),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains(&format!("missing: {SKILL}/seed.md")),
        "{}",
        check.stdout
    );
    assert_eq!(project.run(&["generate"]).code, 0);
    assert!(!project.path(&format!("{SKILL}/old-branch.md")).exists());
    assert!(project.path(&format!("{SKILL}/seed.md")).exists());
}

/// Runs `generate` and `check` on a broken project; both must exit 2, name the place,
/// and leave `skill-out/` byte for byte as it was.
fn assert_rejected(project: &Project, expected: &[&str]) -> String {
    let before = project.snapshot_output();
    for command in ["generate", "check"] {
        let run = project.run(&[command]);
        assert_eq!(run.code, 2, "{command}: {}{}", run.stdout, run.stderr);
        for text in expected {
            assert!(
                run.stderr.contains(text),
                "{command}: expected {text:?} in:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(
            project.snapshot_output(),
            before,
            "{command} changed skill-out"
        );
    }
    project.run(&["generate"]).stderr
}

#[test]
fn an_unknown_key_is_located_and_the_nearest_key_suggested() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: hemma-local",
        "    alais: hemma-local",
    );
    let line = line_of(&project.read("facts/infrastructure.yaml"), "alais:");
    assert_rejected(
        &project,
        &[
            &format!("facts/infrastructure.yaml:{line}:5"),
            "unknown field `alais`",
            "did you mean `alias`?",
            "alais: hemma-local",
        ],
    );
}

#[test]
fn a_duplicate_key_is_located() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: hemma-local\n",
        "    alias: hemma-local\n    alias: hemma-lan\n",
    );
    let line = line_of(
        &project.read("facts/infrastructure.yaml"),
        "alias: hemma-lan",
    );
    assert_rejected(
        &project,
        &[&format!("facts/infrastructure.yaml:{line}:"), "duplicate"],
    );
}

#[test]
fn a_key_defined_in_two_files_names_both() {
    let project = Project::copy();
    project.write("facts/zz-extra.yaml", "default_host: server_lan\n");
    assert_rejected(
        &project,
        &[
            "facts/zz-extra.yaml:1:1",
            "`default_host` is defined twice",
            "already defined in",
            "infrastructure.yaml",
        ],
    );
}

#[test]
fn a_dangling_reference_is_located_with_a_suggestion() {
    let project = Project::copy();
    project.edit("facts/database.yaml", "{cli.db_upgrade}", "{cli.db_upgrad}");
    let text = project.read("facts/database.yaml");
    let line = line_of(&text, "{cli.db_upgrad}");
    let column = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("{cli.db_upgrad}"))
        .expect("column")
        + 1;
    assert_rejected(
        &project,
        &[
            &format!("facts/database.yaml:{line}:{column}"),
            "unknown cli `db_upgrad`",
            "did you mean `{cli.db_upgrade}`?",
        ],
    );
}

#[test]
fn a_dangling_section_reference_is_located() {
    let project = Project::copy();
    project.edit(
        "facts/deploy.yaml",
        "then: [database#migrations]",
        "then: [database#migration]",
    );
    let line = line_of(&project.read("facts/deploy.yaml"), "database#migration]");
    assert_rejected(
        &project,
        &[
            &format!("facts/deploy.yaml:{line}:"),
            "unknown section `database#migration`",
            "did you mean `database#migrations`?",
        ],
    );
}

#[test]
fn a_wrong_type_and_a_yaml_boolean_word_are_refused() {
    let project = Project::copy();
    project.edit(
        "facts/database.yaml",
        "        - tty: true\n",
        "        - tty: yes\n",
    );
    let line = line_of(&project.read("facts/database.yaml"), "tty: yes");
    assert_rejected(&project, &[&format!("facts/database.yaml:{line}:")]);
}

#[test]
fn a_dev_container_in_a_server_command_is_refused() {
    let project = Project::copy();
    project.edit(
        "facts/troubleshoot.yaml",
        "docker logs --tail 100 {container.web_prod}",
        "docker logs --tail 100 {container.web_dev}",
    );
    let line = line_of(
        &project.read("facts/troubleshoot.yaml"),
        "{container.web_dev}",
    );
    assert_rejected(
        &project,
        &[
            &format!("facts/troubleshoot.yaml:{line}:"),
            "belongs to `dev`",
            "runs on hemma",
            "use `{container.web_prod}`",
        ],
    );
}

#[test]
fn an_interactive_command_without_tty_is_refused() {
    let project = Project::copy();
    project.edit(
        "facts/users.yaml",
        "        - tty: true\n          run: \"docker exec -it",
        "        - run: \"docker exec -it",
    );
    assert_rejected(
        &project,
        &[
            "facts/users.yaml:",
            "needs `tty: true`",
            "the input device is not a TTY",
        ],
    );
}

#[test]
fn a_literal_container_name_in_a_command_is_refused() {
    let project = Project::copy();
    project.edit(
        "facts/troubleshoot.yaml",
        "docker logs --tail 100 {container.nginx_proxy}",
        "docker logs --tail 100 nginx-proxy",
    );
    assert_rejected(
        &project,
        &[
            "facts/troubleshoot.yaml:",
            "`nginx-proxy` is written literally",
            "{container.nginx_proxy}",
        ],
    );
}

#[test]
fn a_broken_template_is_located_and_nothing_is_written() {
    let project = Project::copy();
    project.edit(
        "templates/branch.md.j2",
        "{% for s in sections %}",
        "{% for s in %}",
    );
    let line = line_of(&project.read("templates/branch.md.j2"), "{% for s in %}");
    assert_rejected(
        &project,
        &[&format!("templates/branch.md.j2:{line}:"), "syntax error"],
    );
}

#[test]
fn an_undefined_template_variable_is_an_error_not_an_empty_string() {
    let project = Project::copy();
    project.edit(
        "templates/branch.md.j2",
        "{{ branch.title }}",
        "{{ branch.titel }}",
    );
    let line = line_of(&project.read("templates/branch.md.j2"), "branch.titel");
    assert_rejected(
        &project,
        &[&format!("templates/branch.md.j2:{line}:"), "undefined"],
    );
}

#[test]
fn a_missing_template_names_the_file_to_create() {
    let project = Project::copy();
    std::fs::remove_file(project.path("templates/network.md.j2")).expect("remove");
    assert_rejected(
        &project,
        &[
            "templates/network.md.j2",
            "missing template for `network.md`",
        ],
    );
}

#[test]
fn a_branch_file_name_that_leaves_the_skill_folder_is_refused() {
    for name in ["../escape.md", "sub/dir.md", "/tmp/abs.md"] {
        let project = Project::copy();
        project.edit(
            "facts/skill.yaml",
            "      file: seed.md",
            &format!("      file: \"{name}\""),
        );
        assert_rejected(&project, &["facts/skill.yaml:"]);
        assert!(!project.path("skill-out/escape.md").exists());
    }
}

#[test]
fn a_missing_facts_folder_is_a_usage_error() {
    let project = Project::copy();
    let run = project.run(&["check", "--facts", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nowhere") && run.stderr.contains("--facts"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let project = Project::copy();
    assert_eq!(project.run(&["frobnicate"]).code, 2);
    assert_eq!(project.run(&[]).code, 2);
    let help = project.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("generate") && help.stdout.contains("check"));
}

#[test]
fn a_file_where_the_skill_folder_should_be_is_refused_untouched() {
    let project = Project::copy();
    std::fs::remove_dir_all(project.path(SKILL)).expect("remove");
    project.write(SKILL, "not a folder");
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
    assert_eq!(project.read(SKILL), "not a folder");
}

#[test]
fn a_database_the_web_container_cannot_reach_is_refused() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "    networks: [hule]\n    ports: Not exposed\n",
        "    networks: []\n    ports: Not exposed\n",
    );
    assert_rejected(
        &project,
        &[
            "facts/infrastructure.yaml:",
            "share no network",
            "cannot reach its database",
        ],
    );
}

#[test]
fn an_environment_naming_another_environments_container_is_refused() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "    web: web_prod\n",
        "    web: web_dev\n",
    );
    let text = project.read("facts/infrastructure.yaml");
    let line = text
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| *l == "    web: web_dev")
        .expect("edited line")
        + 1;
    assert_rejected(
        &project,
        &[
            &format!("facts/infrastructure.yaml:{line}:"),
            "the web container of `prod` is `web_dev`, which belongs to `dev`",
        ],
    );
}
