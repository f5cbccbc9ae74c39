//! The servers a command may run on, as the facts describe them, and the policies a
//! command run on one of them must meet: the containers and services it names belong to
//! the host's environment, and compose runs in the folder of that environment's compose
//! files, naming them. The facts loader and lint both call these.

use super::ShellCommand;
use super::app_cli::{AppCli, PromptedFlags};
use super::docker::Docker;

/// What the facts know about the servers, in the command layer's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFacts {
    pub hosts: Vec<KnownHost>,
    pub containers: Vec<KnownContainer>,
    pub compose_sets: Vec<KnownCompose>,
    /// Env var names whose values are secret.
    pub secret_env: Vec<String>,
    /// Command-line flags that take a secret (`--password`).
    pub secret_flags: Vec<String>,
    /// Words naming commands that always prompt (`bootstrap-superuser`).
    pub interactive_commands: Vec<String>,
    /// The flags each app command asks for when they are left out.
    pub prompted_flags: Vec<PromptedFlags>,
    /// Command fragments that destroy data (`down --volumes`), matched ignoring case.
    pub destructive_patterns: Vec<String>,
    /// The app's CLI: its commands and the flags each takes.
    pub app_cli: AppCli,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHost {
    pub alias: String,
    pub environment: String,
    /// Docker there needs `sudo`.
    pub docker_sudo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownContainer {
    pub name: String,
    pub environment: String,
    pub service: Option<String>,
    /// The compose files that define it, if compose does.
    pub compose_files: Vec<String>,
}

/// A set of compose files used together, in the folder (as written in commands,
/// e.g. `~/apps/app`) where they are run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCompose {
    pub dir: String,
    pub files: Vec<String>,
    pub environment: String,
}

/// A host's environment, by its ssh alias.
impl ServerFacts {
    pub fn environment_of(&self, alias: &str) -> Option<&str> {
        self.hosts
            .iter()
            .find(|known| known.alias == alias)
            .map(|known| known.environment.as_str())
    }
}

/// The commands of a remote script, each with the folder a preceding `cd` moved to.
pub fn with_folders<'c>(
    commands: impl IntoIterator<Item = &'c ShellCommand>,
) -> Vec<(Option<String>, &'c ShellCommand)> {
    let mut folder = None;
    let mut out = Vec::new();
    for command in commands {
        if command.words.first().is_some_and(|word| word == "cd") {
            folder = command.words.get(1).cloned();
            continue;
        }
        out.push((folder.clone(), command));
    }
    out
}

/// What is wrong with the containers or the compose service a command run on `host`
/// (in `environment`) names.
pub fn container_problems(
    command: &ShellCommand,
    host: &str,
    environment: &str,
    facts: &ServerFacts,
) -> Vec<String> {
    let mut problems = Vec::new();
    match command.docker.as_ref() {
        Some(Docker::Container {
            subcommand,
            containers,
            ..
        }) => {
            for name in containers {
                if name.contains('{') || name.starts_with('$') || name.starts_with('<') {
                    continue;
                }
                match facts.containers.iter().find(|c| c.name == *name) {
                    Some(container) if container.environment == environment => {}
                    Some(container) => {
                        let instead = facts
                            .containers
                            .iter()
                            .find(|c| {
                                c.environment == environment
                                    && c.service.is_some()
                                    && c.service == container.service
                            })
                            .map(|c| format!("; on {host} use `{}`", c.name))
                            .unwrap_or_default();
                        problems.push(format!(
                            "`docker {subcommand}` names `{name}`, a `{}` container, but {host} runs `{environment}`{instead}",
                            container.environment
                        ));
                    }
                    None => problems.push(format!(
                        "`docker {subcommand}` names `{name}`, which the facts do not place on {host} (`{environment}`); known there: {}",
                        names_in(facts, environment)
                    )),
                }
            }
        }
        Some(Docker::Compose {
            service: Some(service),
            files,
            subcommand,
            ..
        }) => {
            let defined = facts.containers.iter().any(|c| {
                c.service.as_deref() == Some(service.as_str())
                    && c.environment == environment
                    && (files.is_empty() || c.compose_files == *files)
            });
            if !defined {
                let which = if files.is_empty() {
                    " (and no `-f` says which files are meant)".to_string()
                } else {
                    format!(" in {}", files.join(", "))
                };
                problems.push(format!(
                    "`docker compose {}` names service `{service}`, which no compose file set of `{environment}` on {host} defines{which}",
                    subcommand.as_deref().unwrap_or_default(),
                ));
            }
        }
        _ => {}
    }
    problems
}

fn names_in(facts: &ServerFacts, environment: &str) -> String {
    let names: Vec<&str> = facts
        .containers
        .iter()
        .filter(|c| c.environment == environment)
        .map(|c| c.name.as_str())
        .collect();
    names.join(", ")
}

/// What is wrong with where a `docker compose` command run on `host` runs and which
/// files it names, if anything; `folder` is where a `cd` before it moved.
pub fn compose_problem(
    command: &ShellCommand,
    folder: Option<&str>,
    host: &str,
    environment: &str,
    facts: &ServerFacts,
) -> Option<String> {
    let Some(Docker::Compose { files, .. }) = command.docker.as_ref() else {
        return None;
    };
    let Some(folder) = folder else {
        return Some(format!(
            "`docker compose` on {host} runs in the login folder; `cd` to the folder of its compose files first (`cd DIR && docker compose ...`)"
        ));
    };
    let sets: Vec<&KnownCompose> = facts
        .compose_sets
        .iter()
        .filter(|set| set.environment == environment && same_folder(folder, &set.dir))
        .collect();
    if sets.iter().any(|set| set.files == *files) {
        return None;
    }
    let expected: Vec<String> = sets
        .iter()
        .map(|set| {
            let mut words = vec!["docker compose".to_string()];
            words.extend(set.files.iter().map(|file| format!("-f {file}")));
            let default = if set.files.is_empty() {
                " (its default compose file, no `-f`)"
            } else {
                ""
            };
            format!("`{}` in {}{default}", words.join(" "), set.dir)
        })
        .collect();
    Some(if expected.is_empty() {
        format!(
            "`docker compose` runs in {folder} on {host}, where no compose file set of `{environment}` lives"
        )
    } else if files.is_empty() {
        format!(
            "`docker compose` on {host} (`{environment}`) reads the default compose file; use {}",
            expected.join(" or ")
        )
    } else {
        format!(
            "`docker compose -f {}` on {host} (`{environment}`) is not a compose file set of that environment; use {}",
            files.join(" -f "),
            expected.join(" or ")
        )
    })
}

fn same_folder(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}
