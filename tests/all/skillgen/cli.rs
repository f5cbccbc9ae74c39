//! The `generate` and `check` commands: exit codes, drift reports, located errors,
//! and an untouched skill folder whenever the input is bad.

use crate::project::{Project, SKILL, line_of};

#[test]
fn a_fresh_copy_is_in_sync() {
    let project = Project::fixture();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("matches the facts"));
}

#[test]
fn renaming_the_host_alias_changes_every_server_command() {
    let project = Project::fixture();
    let before = project.read(&format!("{SKILL}/deploy.md"));
    let ssh_lines = before
        .lines()
        .filter(|l| l.starts_with("ssh prod-box "))
        .count();
    assert!(ssh_lines >= 5);
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: prod-box\n",
        "    alias: shop-host\n",
    );

    let check = project.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("-ssh prod-box \"cd ~/apps/shop && git pull"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("+ssh shop-host \"cd ~/apps/shop && git pull"),
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
    for file in ["deploy.md", "data.md", "server.md", "SKILL.md"] {
        let text = project.read(&format!("{SKILL}/{file}"));
        assert!(
            !text.contains("ssh prod-box "),
            "{file} still uses the old alias"
        );
        assert!(
            !text.contains("ssh -t prod-box "),
            "{file} still uses the old alias"
        );
    }
    let after = project.read(&format!("{SKILL}/deploy.md"));
    assert_eq!(
        after
            .lines()
            .filter(|l| l.starts_with("ssh shop-host "))
            .count(),
        ssh_lines
    );
    assert_eq!(project.run(&["check"]).code, 0);
}

#[test]
fn renaming_a_container_changes_every_command_that_names_it() {
    let project = Project::fixture();
    let uses = |project: &Project, name: &str| {
        ["SKILL.md", "deploy.md", "data.md", "server.md"]
            .iter()
            .map(|file| {
                project
                    .read(&format!("{SKILL}/{file}"))
                    .matches(name)
                    .count()
            })
            .sum::<usize>()
    };
    // No other name of the fixture contains `shop-web` or `shop-app`.
    let before = uses(&project, "shop-web");
    assert!(before >= 10, "{before}");
    project.edit(
        "facts/infrastructure.yaml",
        "    name: shop-web\n",
        "    name: shop-app\n",
    );

    let check = project.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains(
            "+ssh prod-box \"docker exec -e PYTHONPATH=/srv/shop/src shop-app pdm run migrate\""
        ),
        "{}",
        check.stdout
    );

    assert_eq!(project.run(&["generate"]).code, 0);
    assert_eq!(uses(&project, "shop-web"), 0);
    assert_eq!(uses(&project, "shop-app"), before);
}

#[test]
fn check_reports_stray_and_missing_files_and_generate_removes_strays() {
    let project = Project::fixture();
    project.write(&format!("{SKILL}/old-branch.md"), "# Old\n");
    std::fs::remove_file(project.path(&format!("{SKILL}/data.md"))).expect("remove");
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
        check.stdout.contains(&format!("missing: {SKILL}/data.md")),
        "{}",
        check.stdout
    );
    assert_eq!(project.run(&["generate"]).code, 0);
    assert!(!project.path(&format!("{SKILL}/old-branch.md")).exists());
    assert!(project.path(&format!("{SKILL}/data.md")).exists());
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
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: prod-box-lan",
        "    alais: prod-box-lan",
    );
    let line = line_of(&project.read("facts/infrastructure.yaml"), "alais:");
    assert_rejected(
        &project,
        &[
            &format!("facts/infrastructure.yaml:{line}:5"),
            "unknown field `alais`",
            "did you mean `alias`?",
            "alais: prod-box-lan",
        ],
    );
}

#[test]
fn a_duplicate_key_is_located() {
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: prod-box-lan\n",
        "    alias: prod-box-lan\n    alias: prod-box-office\n",
    );
    let line = line_of(
        &project.read("facts/infrastructure.yaml"),
        "alias: prod-box-office",
    );
    assert_rejected(
        &project,
        &[&format!("facts/infrastructure.yaml:{line}:"), "duplicate"],
    );
}

#[test]
fn a_key_defined_in_two_files_names_both() {
    let project = Project::fixture();
    project.write("facts/zz-extra.yaml", "default_host: box_lan\n");
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
    let project = Project::fixture();
    project.edit("facts/data.yaml", "{cli.migrate}", "{cli.migrat}");
    let text = project.read("facts/data.yaml");
    let line = line_of(&text, "{cli.migrat}");
    let column = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("{cli.migrat}"))
        .expect("column")
        + 1;
    assert_rejected(
        &project,
        &[
            &format!("facts/data.yaml:{line}:{column}"),
            "unknown cli `migrat`",
            "did you mean `{cli.migrate}`?",
        ],
    );
}

#[test]
fn a_dangling_section_reference_is_located() {
    let project = Project::fixture();
    project.edit(
        "facts/deploy.yaml",
        "then: [data#migrations]",
        "then: [data#migration]",
    );
    let line = line_of(&project.read("facts/deploy.yaml"), "data#migration]");
    assert_rejected(
        &project,
        &[
            &format!("facts/deploy.yaml:{line}:"),
            "unknown section `data#migration`",
            "did you mean `data#migrations`?",
        ],
    );
}

#[test]
fn a_wrong_type_and_a_yaml_boolean_word_are_refused() {
    let project = Project::fixture();
    project.edit(
        "facts/data.yaml",
        "        - tty: true\n",
        "        - tty: yes\n",
    );
    let line = line_of(&project.read("facts/data.yaml"), "tty: yes");
    assert_rejected(&project, &[&format!("facts/data.yaml:{line}:")]);
}

#[test]
fn a_dev_container_in_a_server_command_is_refused() {
    let project = Project::fixture();
    project.edit(
        "facts/server.yaml",
        "docker logs --tail 100 {container.web}",
        "docker logs --tail 100 {container.web_dev}",
    );
    let line = line_of(&project.read("facts/server.yaml"), "{container.web_dev}");
    assert_rejected(
        &project,
        &[
            &format!("facts/server.yaml:{line}:"),
            "belongs to `dev`",
            "runs on prod-box",
            "use `{container.web}`",
        ],
    );
}

#[test]
fn an_interactive_command_without_tty_is_refused() {
    let project = Project::fixture();
    project.edit(
        "facts/deploy.yaml",
        "        - tty: true\n          run: \"docker exec -it",
        "        - run: \"docker exec -it",
    );
    assert_rejected(
        &project,
        &[
            "facts/deploy.yaml:",
            "needs `tty: true`",
            "the input device is not a TTY",
        ],
    );
}

#[test]
fn a_literal_container_name_in_a_command_is_refused() {
    let project = Project::fixture();
    project.edit(
        "facts/server.yaml",
        "docker logs --tail 100 {container.proxy}",
        "docker logs --tail 100 edge-proxy",
    );
    assert_rejected(
        &project,
        &[
            "facts/server.yaml:",
            "`edge-proxy` is written literally",
            "{container.proxy}",
        ],
    );
}

#[test]
fn a_broken_template_is_located_and_nothing_is_written() {
    let project = Project::fixture();
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
    let project = Project::fixture();
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
    let project = Project::fixture();
    std::fs::remove_file(project.path("templates/server.md.j2")).expect("remove");
    assert_rejected(
        &project,
        &["templates/server.md.j2", "missing template for `server.md`"],
    );
}

#[test]
fn a_branch_file_name_that_leaves_the_skill_folder_is_refused() {
    for name in ["../escape.md", "sub/dir.md", "/tmp/abs.md"] {
        let project = Project::fixture();
        project.edit(
            "facts/skill.yaml",
            "      file: data.md",
            &format!("      file: \"{name}\""),
        );
        assert_rejected(&project, &["facts/skill.yaml:"]);
        assert!(!project.path("skill-out/escape.md").exists());
    }
}

#[test]
fn a_missing_facts_folder_is_a_usage_error() {
    let project = Project::fixture();
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
    let project = Project::fixture();
    assert_eq!(project.run(&["frobnicate"]).code, 2);
    assert_eq!(project.run(&[]).code, 2);
    let help = project.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("generate") && help.stdout.contains("check"));
}

#[test]
fn a_file_where_the_skill_folder_should_be_is_refused_untouched() {
    let project = Project::fixture();
    std::fs::remove_dir_all(project.path(SKILL)).expect("remove");
    project.write(SKILL, "not a folder");
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
    assert_eq!(project.read(SKILL), "not a folder");
}

#[test]
fn a_database_the_web_container_cannot_reach_is_refused() {
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "    networks: [edge]\n    ports: Not exposed\n",
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
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "    web: web\n",
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
