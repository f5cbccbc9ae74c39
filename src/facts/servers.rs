//! The facts in the command layer's terms: the servers, their containers and compose
//! files, and the app's CLI, for the policies the loader and lint share.

use super::Facts;
use crate::command::app_cli::{AppCli, AppCommand, PromptedFlags};
use crate::command::server::{KnownCompose, KnownContainer, KnownHost, ServerFacts};

/// What the facts say about the servers: hosts, containers, compose files, secrets,
/// prompting commands, destructive patterns and the app's CLI.
pub fn server_facts(facts: &Facts) -> ServerFacts {
    let compose_files = |key: &str| {
        facts
            .compose_files
            .get(key)
            .map(|set| set.files.clone())
            .unwrap_or_default()
    };
    ServerFacts {
        hosts: facts
            .hosts
            .values()
            .map(|host| KnownHost {
                alias: host.alias.clone(),
                environment: host.environment.value.clone(),
                docker_sudo: host.docker_sudo,
            })
            .collect(),
        containers: facts
            .containers
            .values()
            .map(|container| KnownContainer {
                name: container.name.clone(),
                environment: container.environment.value.clone(),
                service: container.service.clone(),
                compose_files: container
                    .compose
                    .as_ref()
                    .map(|key| compose_files(&key.value))
                    .unwrap_or_default(),
            })
            .collect(),
        compose_sets: facts
            .compose_files
            .values()
            .map(|set| KnownCompose {
                dir: facts
                    .paths
                    .get(&set.dir.value)
                    .map(|path| path.path.clone())
                    .unwrap_or_default(),
                files: set.files.clone(),
                environment: set.environment.value.clone(),
            })
            .collect(),
        secret_env: facts
            .env_vars
            .iter()
            .filter(|(_, var)| var.secret)
            .map(|(name, _)| name.clone())
            .collect(),
        secret_flags: facts
            .cli
            .commands
            .values()
            .flat_map(|command| &command.flags)
            .filter(|flag| flag.secret)
            .map(|flag| flag.flag.clone())
            .collect(),
        interactive_commands: prompting_commands(facts),
        prompted_flags: facts
            .cli
            .commands
            .iter()
            .map(|(key, command)| PromptedFlags {
                command: key.clone(),
                flags: command
                    .flags
                    .iter()
                    .filter(|flag| flag.prompts)
                    .map(|flag| flag.flag.clone())
                    .collect(),
            })
            .filter(|prompted| !prompted.flags.is_empty())
            .collect(),
        destructive_patterns: facts.destructive_patterns.clone(),
        app_cli: app_cli(facts),
    }
}

/// The app's CLI as the command layer reads it: its runner, module, commands and flags.
pub fn app_cli(facts: &Facts) -> AppCli {
    AppCli {
        runner: facts
            .cli
            .runner
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        module: facts.cli.module.clone(),
        commands: facts
            .cli
            .commands
            .iter()
            .map(|(key, command)| AppCommand {
                key: key.clone(),
                name: command.name.clone(),
                pdm_script: command.pdm_script.clone(),
                flags: command.flags.iter().map(|flag| flag.flag.clone()).collect(),
            })
            .collect(),
    }
}

/// The words that name the app's commands that always prompt: their names and pdm
/// scripts. (A command that asks only for left-out flags is in `app_cli`.)
pub fn prompting_commands(facts: &Facts) -> Vec<String> {
    facts
        .cli
        .commands
        .values()
        .filter(|command| command.interactive)
        .flat_map(|command| command.name.iter().chain(&command.pdm_script))
        .cloned()
        .collect()
}
