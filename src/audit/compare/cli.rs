//! The CLI commands and flags of the facts against the app's Typer CLI.

use std::collections::HashSet;

use super::{AppPlace, Compare};
use crate::audit::rules;

impl<'a> Compare<'a> {
    pub(super) fn cli(&mut self) {
        let facts = self.facts;
        let cli_file = self.app.cli.first().map(|c| c.file.clone());
        let mut named = HashSet::new();
        for (key, command) in &facts.cli.commands {
            let Some(name) = &command.name else { continue };
            named.insert(name.as_str());
            let place = self.at.of(&[
                &format!("cli.commands.{key}.name"),
                &format!("cli.commands.{key}"),
            ]);
            let Some(app_command) = self.app.cli.iter().find(|c| &c.name == name) else {
                let related = match &cli_file {
                    Some(file) => vec![
                        AppPlace {
                            file: file.clone(),
                            line: 1,
                            column: 1,
                        }
                        .related("the CLI's commands are here"),
                    ],
                    None => vec![
                        self.file_start("")
                            .related("no Typer command found in the app (see cli.source)"),
                    ],
                };
                self.error(
                    rules::CLI_COMMAND,
                    place,
                    format!("CLI command `{name}` is not defined in the app's CLI"),
                    related,
                );
                continue;
            };
            let defined = AppPlace {
                file: app_command.file.clone(),
                line: app_command.line,
                column: app_command.column,
            };
            for (index, flag) in command.flags.iter().enumerate() {
                if !app_command
                    .options
                    .iter()
                    .any(|o| o.names.contains(&flag.flag))
                {
                    let place = self.at.of(&[
                        &format!("cli.commands.{key}.flags[{index}]"),
                        &format!("cli.commands.{key}"),
                    ]);
                    let known: Vec<&str> = app_command
                        .options
                        .iter()
                        .flat_map(|o| o.names.iter().map(String::as_str))
                        .collect();
                    self.error(
                        rules::CLI_FLAG,
                        place,
                        format!(
                            "`{name}` has no option `{}` in the app (it has {})",
                            flag.flag,
                            if known.is_empty() {
                                "none".into()
                            } else {
                                known.join(", ")
                            }
                        ),
                        vec![defined.related("the command here")],
                    );
                }
            }
            let fact = self.at.of(&[&format!("cli.commands.{key}")]);
            for option in &app_command.options {
                if option
                    .names
                    .iter()
                    .any(|n| command.flags.iter().any(|f| &f.flag == n))
                {
                    continue;
                }
                let primary = option.names.first().cloned().unwrap_or_default();
                let mut extra = Vec::new();
                if option.prompt {
                    extra.push("prompts".to_string());
                }
                if option.hide_input {
                    extra.push("hides its input".to_string());
                }
                if let Some(envvar) = &option.envvar {
                    extra.push(format!("read from ${envvar}"));
                }
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", extra.join(", "))
                };
                let place = AppPlace {
                    file: app_command.file.clone(),
                    line: option.line,
                    column: option.column,
                };
                self.warning(
                    rules::NEW_CLI_FLAG,
                    &place,
                    format!(
                        "`{name}` has option `{}`{extra}, which the facts do not declare",
                        option.names.join("/")
                    ),
                    format!("flag:{name} {primary}"),
                    fact.clone(),
                );
            }
        }
        let fact = self.cli_commands_place();
        for command in &self.app.cli {
            if !named.contains(command.name.as_str()) {
                let place = AppPlace {
                    file: command.file.clone(),
                    line: command.line,
                    column: command.column,
                };
                self.warning(
                    rules::NEW_CLI_COMMAND,
                    &place,
                    format!(
                        "CLI command `{}` (options: {}) is in the app but not in the facts",
                        command.name,
                        if command.options.is_empty() {
                            "none".to_string()
                        } else {
                            command
                                .options
                                .iter()
                                .map(|o| o.names.join("/"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    ),
                    format!("cli:{}", command.name),
                    fact.clone(),
                );
            }
        }
    }
}
