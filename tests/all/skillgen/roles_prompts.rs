//! The database's admin role, container aliases and flags the app's CLI asks for, on a
//! small project of its own.

use crate::project::{Project, line_of};

/// Adds a section to the scaffold's operations branch.
fn add_section(project: &Project, section: &str) {
    let text = project.read("facts/operations.yaml");
    project.write("facts/operations.yaml", &format!("{text}\n{section}"));
}

#[test]
fn db_admin_user_renders_and_is_a_located_error_when_not_given() {
    let project = Project::scaffold();
    add_section(
        &project,
        "    - id: backup\n      title: Backup\n      steps:\n        - run: \"docker exec {container.db} pg_dump -U {db.admin_user} {db.name} > dump.sql\"\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = line_of(&project.read("facts/operations.yaml"), "{db.admin_user}");
    for expected in [
        format!("facts/operations.yaml:{line}:"),
        "the database has no `admin_user`".to_string(),
        "give `database:` an `admin_user:`".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}: {}", run.stderr);
    }

    project.edit(
        "facts/infrastructure.yaml",
        "  user: postgres\n",
        "  user: app\n  admin_user: postgres\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        project
            .read("skill-out/demo-ops/operations.md")
            .contains("pg_dump -U postgres app > dump.sql"),
        "{{db.admin_user}} and {{db.name}} render"
    );
}

#[test]
fn an_alias_must_be_on_one_of_the_containers_networks() {
    let project = Project::scaffold();
    project.edit(
        "facts/infrastructure.yaml",
        "    about: The compose project's network.\n",
        "    about: The compose project's network.\n  shared:\n    name: shared-network\n    about: Shared with the proxy.\n",
    );
    project.edit(
        "facts/infrastructure.yaml",
        "    networks: [default]\n    ports: \"8000\"\n",
        "    networks: [default]\n    aliases:\n      - network: shared\n        alias: app-web\n    ports: \"8000\"\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = line_of(
        &project.read("facts/infrastructure.yaml"),
        "- network: shared",
    );
    for expected in [
        format!("facts/infrastructure.yaml:{line}:"),
        "container `web` has an alias on `shared`, which is not one of its networks".to_string(),
        "add `shared` to its `networks:`".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}: {}", run.stderr);
    }

    project.edit(
        "facts/infrastructure.yaml",
        "    networks: [default]\n    aliases:",
        "    networks: [default, shared]\n    aliases:",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_left_out_prompted_flag_needs_a_terminal_and_a_given_one_does_not() {
    let project = Project::scaffold();
    project.edit(
        "facts/app.yaml",
        "  commands: {}",
        "  commands:\n    create_user:\n      name: create-user\n      about: Create an account\n      flags:\n        - flag: --email\n          value: EMAIL\n          about: its email\n        - flag: --password\n          value: PASSWORD\n          about: its password\n          secret: true\n          prompts: true",
    );
    add_section(
        &project,
        "    - id: users\n      title: Users\n      steps:\n        - run: \"docker exec {container.web} {cli.create_user} --email '<EMAIL>'\"\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = line_of(&project.read("facts/operations.yaml"), "{cli.create_user}");
    for expected in [
        format!("facts/operations.yaml:{line}:"),
        "`create-user` without `--password` (it prompts) needs a terminal".to_string(),
        "or pass `--password`".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}: {}", run.stderr);
    }

    // Asked for in a terminal: fine, and rendered as `ssh -t`.
    project.edit(
        "facts/operations.yaml",
        "        - run: \"docker exec {container.web} {cli.create_user}",
        "        - tty: true\n          run: \"docker exec -it {container.web} {cli.create_user}",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        project
            .read("skill-out/demo-ops/operations.md")
            .contains("ssh -t app-server \"docker exec -it app-web-1 uv run python -m app.cli create-user --email '<EMAIL>'\""),
        "{}",
        project.read("skill-out/demo-ops/operations.md")
    );

    // Given as a flag, it is not asked for: no terminal is needed.
    project.edit(
        "facts/operations.yaml",
        "        - tty: true\n          run: \"docker exec -it {container.web} {cli.create_user} --email '<EMAIL>'\"",
        "        - run: \"docker exec {container.web} {cli.create_user} --email '<EMAIL>' --password '<PASSWORD>'\"",
    );
    project.edit(
        "facts/operations.yaml",
        "      title: Users\n",
        "      title: Users\n      warning: The password shows in ps.\n",
    );
    let run = project.run(&["generate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        project
            .read("skill-out/demo-ops/operations.md")
            .contains("ssh app-server \"docker exec app-web-1 uv run python -m app.cli create-user --email '<EMAIL>' --password '<PASSWORD>'\""),
        "{}",
        project.read("skill-out/demo-ops/operations.md")
    );
}
