//! How hosts run things (`docker_sudo`, `approval_required`, `user`) and the commands
//! the loader reads back through the command layer, on a small project of its own.

use crate::project::{Project, line_of};

const SKILL: &str = "skill-out/demo-ops";

/// The one-line fact change under test: the scaffold's host runs docker with sudo.
fn set_docker_sudo(project: &Project) {
    project.edit(
        "facts/infrastructure.yaml",
        "    use_when: Always; the ssh alias from ~/.ssh/config.\n",
        "    use_when: Always; the ssh alias from ~/.ssh/config.\n    docker_sudo: true\n",
    );
}

/// The removed and added lines of a `check` diff, without the file headers.
fn diff_lines(stdout: &str) -> (Vec<&str>, Vec<&str>) {
    let removed = stdout
        .lines()
        .filter(|line| line.starts_with('-') && !line.starts_with("---"))
        .map(|line| &line[1..])
        .collect();
    let added = stdout
        .lines()
        .filter(|line| line.starts_with('+') && !line.starts_with("+++"))
        .map(|line| &line[1..])
        .collect();
    (removed, added)
}

#[test]
fn docker_sudo_is_one_edit_that_changes_exactly_the_docker_lines() {
    let project = Project::scaffold();
    let before = project.read(&format!("{SKILL}/operations.md"));
    let docker_lines = before
        .lines()
        .filter(|line| line.starts_with("ssh ") && line.contains("docker"))
        .count();
    assert!(docker_lines >= 3, "the scaffold runs docker: {before}");

    set_docker_sudo(&project);
    let check = project.run(&["check"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    let (removed, added) = diff_lines(&check.stdout);
    assert_eq!(removed.len(), added.len(), "{}", check.stdout);
    assert_eq!(removed.len(), docker_lines, "{}", check.stdout);
    for (old, new) in removed.iter().zip(&added) {
        assert!(
            old.contains("docker"),
            "a line without docker changed: {old}"
        );
        let expected = old
            .replace("\"docker ", "\"sudo docker ")
            .replace("&& docker ", "&& sudo docker ");
        assert_eq!(*new, expected, "{}", check.stdout);
    }

    let generate = project.run(&["generate"]);
    assert_eq!(generate.code, 0, "{}{}", generate.stdout, generate.stderr);
    assert_eq!(project.run(&["lint"]).code, 0);
    assert_eq!(project.run(&["check"]).code, 0);
}

#[test]
fn docker_in_a_substitution_on_a_sudo_host_is_refused() {
    let project = Project::scaffold();
    set_docker_sudo(&project);
    project.edit(
        "facts/operations.yaml",
        "        - run: \"docker ps\"",
        "        - run: \"echo $(docker ps -q)\"",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let line = line_of(&project.read("facts/operations.yaml"), "$(docker ps -q)");
    assert!(
        run.stderr
            .contains(&format!("facts/operations.yaml:{line}:"))
            && run
                .stderr
                .contains("`$(docker ...` runs docker inside another command"),
        "{}",
        run.stderr
    );
}

const ROOT_HOST: &str = "  root:\n    alias: app-root\n    address: app.example.org\n    environment: prod\n    use_when: Root work the user approved.\n    user: root\n    approval_required: true\n";

const ROOT_SECTION: &str = "    - id: restart-docker\n      title: Restart Docker\n      steps:\n        - on: root\n          run: \"systemctl restart docker\"\n";

#[test]
fn a_privileged_host_needs_a_warning_and_says_so() {
    let project = Project::scaffold();
    project.edit(
        "facts/infrastructure.yaml",
        "default_host: server",
        &format!("{ROOT_HOST}default_host: server"),
    );
    let operations = project.read("facts/operations.yaml");
    project.write(
        "facts/operations.yaml",
        &format!("{operations}\n{ROOT_SECTION}"),
    );

    let refused = project.run(&["generate"]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    let line = line_of(&project.read("facts/operations.yaml"), "- on: root");
    assert!(
        refused
            .stderr
            .contains(&format!("facts/operations.yaml:{line}:15"))
            && refused
                .stderr
                .contains("`ssh app-root` needs the user's approval")
            && refused.stderr.contains("give the section a `warning:`"),
        "{}",
        refused.stderr
    );

    project.edit(
        "facts/operations.yaml",
        "      title: Restart Docker\n",
        "      title: Restart Docker\n      warning: Stops every container; ask the user first.\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let operations = project.read(&format!("{SKILL}/operations.md"));
    assert!(
        operations.contains(
            "# needs the user's approval: app-root is privileged\nssh app-root \"systemctl restart docker\""
        ),
        "{operations}"
    );
    let skill = project.read(&format!("{SKILL}/SKILL.md"));
    assert!(
        skill.contains("`ssh app-root` (app.example.org, as `root`)")
            && skill.contains("ask the user before every command through it"),
        "{skill}"
    );
    assert_eq!(project.run(&["check"]).code, 0);
}

/// A project whose app CLI has one command with two flags.
fn with_cli(run: &str) -> Project {
    let project = Project::scaffold();
    project.edit(
        "facts/app.yaml",
        "  commands: {}",
        "  commands:\n    export:\n      name: export-data\n      about: Export the data\n      flags:\n        - flag: --profile\n          about: which profile\n        - flag: --dry-run\n          about: only show\n",
    );
    project.edit(
        "facts/operations.yaml",
        "        - run: \"docker ps\"",
        &format!("        - run: \"{run}\""),
    );
    project
}

#[test]
fn an_app_cli_flag_the_facts_do_not_declare_is_refused_with_the_nearest() {
    let project = with_cli("docker exec {container.web} {cli.export} --dry-run --profle x");
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let text = project.read("facts/operations.yaml");
    let line = line_of(&text, "--profle");
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("--profle")
        .unwrap()
        + 1;
    assert!(
        run.stderr
            .contains(&format!("facts/operations.yaml:{line}:{column}"))
            && run.stderr.contains("`{cli.export}` has no flag `--profle`")
            && run.stderr.contains("did you mean `--profile`?"),
        "{}",
        run.stderr
    );

    let fine = with_cli("docker exec {container.web} {cli.export} --dry-run --profile=x --help");
    let run = fine.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        fine.read(&format!("{SKILL}/operations.md"))
            .contains("uv run python -m app.cli export-data --dry-run --profile=x --help")
    );
}

#[test]
fn every_spelling_of_an_interactive_exec_needs_tty() {
    for run in [
        "docker exec -ti {container.db} psql",
        "docker exec -i -t {container.db} psql",
        "docker exec --interactive --tty {container.db} psql",
        "docker exec -i {container.db} psql -U app",
    ] {
        let project = Project::scaffold();
        project.edit(
            "facts/operations.yaml",
            "        - run: \"docker ps\"",
            &format!("        - run: \"{run}\""),
        );
        let refused = project.run(&["generate"]);
        assert_eq!(refused.code, 2, "{run}: {}", refused.stdout);
        assert!(
            refused.stderr.contains("needs `tty: true`"),
            "{run}: {}",
            refused.stderr
        );
    }
    let project = Project::scaffold();
    project.edit(
        "facts/operations.yaml",
        "        - run: \"docker ps\"",
        "        - tty: true\n          run: \"docker exec -i {container.db} psql -U app < dump.sql\"",
    );
    let refused = project.run(&["generate"]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused
            .stderr
            .contains("`tty: true` on a command that is not interactive"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_docker_flag_docker_refuses_is_refused_at_load() {
    let project = Project::scaffold();
    project.edit(
        "facts/operations.yaml",
        "        - run: \"docker logs --tail 100 {container.web}\"",
        "        - run: \"docker exec -T {container.web} ls\"",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let text = project.read("facts/operations.yaml");
    let line = line_of(&text, "exec -T");
    let column = text.lines().nth(line - 1).unwrap().find("-T").unwrap() + 1;
    assert!(
        run.stderr
            .contains(&format!("facts/operations.yaml:{line}:{column}"))
            && run.stderr.contains("`-T` is a `docker compose exec` flag"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_loader_applies_the_compose_policy_lint_applies() {
    let project = Project::scaffold();
    project.edit(
        "facts/operations.yaml",
        "          run: \"git pull && {compose.prod} up -d --build\"",
        "          run: \"git pull && cd /tmp && {compose.prod} up -d --build\"",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let line = line_of(&project.read("facts/operations.yaml"), "cd /tmp");
    assert!(
        run.stderr.contains(&format!("facts/operations.yaml:{line}:"))
            && run
                .stderr
                .contains("`docker compose` runs in /tmp on app-server, where no compose file set of `prod` lives"),
        "{}",
        run.stderr
    );
}

#[test]
fn sudo_goes_where_docker_runs_and_a_place_it_cannot_go_is_refused() {
    let sudo_project = || {
        let project = Project::scaffold();
        set_docker_sudo(&project);
        project
    };
    for (run, rendered) in [
        ("timeout 10 docker ps", "timeout 10 sudo docker ps"),
        (
            "cd /tmp && nohup docker ps",
            "cd /tmp && nohup sudo docker ps",
        ),
        (
            "docker ps -q | xargs -n 1 docker inspect",
            "sudo docker ps -q | xargs -n 1 sudo docker inspect",
        ),
        (
            "echo '$(docker ps)' && which docker",
            "echo '\\$(docker ps)' && which docker",
        ),
        ("sudo docker ps", "sudo docker ps"),
    ] {
        let project = sudo_project();
        project.edit(
            "facts/operations.yaml",
            "        - run: \"docker ps\"",
            &format!("        - run: \"{run}\""),
        );
        let generate = project.run(&["generate"]);
        assert_eq!(generate.code, 0, "{run}: {}", generate.stderr);
        let operations = project.read(&format!("{SKILL}/operations.md"));
        assert!(
            operations.contains(&format!("ssh app-server \"{rendered}\"")),
            "{run}: {operations}"
        );
    }
    for (run, expected) in [
        (
            "FOO=1 docker ps",
            "variables set before docker would be dropped by `sudo`",
        ),
        (
            "env FOO=1 docker ps",
            "variables set before docker would be dropped by `sudo`",
        ),
        (
            "sh -c 'docker ps'",
            "`sh -c` runs docker inside another shell",
        ),
        ("echo `docker ps -q`", "runs docker inside another command"),
    ] {
        let project = sudo_project();
        project.edit(
            "facts/operations.yaml",
            "        - run: \"docker ps\"",
            &format!("        - run: \"{run}\""),
        );
        let refused = project.run(&["generate"]);
        assert_eq!(refused.code, 2, "{run}: {}", refused.stdout);
        assert!(
            refused.stderr.contains(expected),
            "{run}: {}",
            refused.stderr
        );
    }
}
