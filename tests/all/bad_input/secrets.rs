//! A secret's value never reaches the rendered skill, nor any message.

use crate::bad_input::support::assert_rejected;
use crate::project::Project;

const VALUE: &str = "Hunter2-bad-input-SeCrEt";

/// A value written on a secret is refused without echoing it in the message.
#[test]
fn a_secret_value_in_the_facts_is_not_echoed() {
    let project = Project::fixture();
    let text = project.read("facts/env.yaml");
    let secret = "    secret: true\n";
    assert!(text.contains(secret));
    project.write(
        "facts/env.yaml",
        &text.replacen(
            secret,
            &format!("{secret}    value: {VALUE}\n    example: \"x-{VALUE}\"\n"),
            1,
        ),
    );
    let line = crate::project::line_of(&project.read("facts/env.yaml"), VALUE);
    for command in ["generate", "check", "lint"] {
        let run = project.run(&[command]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("is a secret"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("facts/env.yaml:{line}:")),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(VALUE) && !run.stdout.contains(VALUE),
            "{command} echoed the secret:\n{}",
            run.stderr
        );
    }
    assert_rejected(&project, &["remove the value"]);
}

/// Secrets set in the environment skillgen runs in never reach the skill.
#[test]
fn secret_env_vars_never_reach_the_rendered_skill() {
    let project = Project::fixture();
    let names: Vec<String> = project
        .read("facts/env.yaml")
        .lines()
        .filter_map(|line| {
            line.strip_prefix("  ")?
                .strip_suffix(':')
                .map(str::to_string)
        })
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    assert!(names.len() > 3, "{names:?}");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .arg("generate")
        .current_dir(project.dir.path())
        .envs(names.iter().map(|name| (name.as_str(), VALUE)))
        .output()
        .expect("skillgen runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&output.stdout).contains(VALUE));
    for (path, bytes) in project.snapshot_output() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(VALUE),
            "{} holds the secret",
            path.display()
        );
    }
}

/// A secret used as a placeholder in a command is refused, naming it but no value.
#[test]
fn a_secret_placeholder_in_a_command_is_refused() {
    let project = Project::fixture();
    let file = crate::bad_input::support::append_section(
        &project,
        "steps:\n  - run: \"docker exec -e {env.SHOP_SECRET_KEY} {container.web} env\"",
    );
    let place = crate::bad_input::support::located(&project, &file, "{env.SHOP_SECRET_KEY}");
    assert_rejected(
        &project,
        &[
            &place,
            "`SHOP_SECRET_KEY` is a secret and cannot be put into a command",
        ],
    );
}

/// A secret with a value and another mistake in the same entry: whatever the first
/// error is (an unknown key, a `yes` for a boolean, a duplicate key), its snippet shows
/// the line masked, never the value.
#[test]
fn a_secret_value_never_reaches_an_error_snippet() {
    for (entry, expected) in [
        (
            format!(
                "  LEAKY: {{environments: [prod], about: x, secret: true, value: {VALUE}, bogus: 1}}\n"
            ),
            "unknown field `bogus`",
        ),
        (
            format!(
                "  LEAKY:\n    environments: [prod]\n    about: x\n    secret: yes\n    value: {VALUE}\n"
            ),
            "secret",
        ),
        (
            format!(
                "  LEAKY:\n    environments: [prod]\n    about: x\n    secret: true\n    value: {VALUE}\n    value: other-{VALUE}\n"
            ),
            "duplicate",
        ),
    ] {
        let project = Project::fixture();
        let text = project.read("facts/env.yaml");
        project.write(
            "facts/env.yaml",
            &text.replacen("env_vars:\n", &format!("env_vars:\n{entry}"), 1),
        );
        for command in ["generate", "check"] {
            let run = project.run(&[command]);
            assert_eq!(run.code, 2, "{command}: {}", run.stderr);
            assert!(run.stderr.contains(expected), "{}", run.stderr);
            assert!(run.stderr.contains("facts/env.yaml:"), "{}", run.stderr);
            assert!(
                !run.stderr.contains(VALUE) && !run.stdout.contains(VALUE),
                "{command} echoed the secret:\n{}",
                run.stderr
            );
        }
    }
}
