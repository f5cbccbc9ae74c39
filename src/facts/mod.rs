//! The facts behind the skill: loaded from `facts/*.yaml`, checked and resolved.

mod load;
pub mod model;
mod placeholder;
mod resolve;
mod step;

use std::path::Path;

pub use model::Facts;
pub use resolve::WORKSTATION;

use crate::command::app_cli::{AppCli, AppCommand};
use crate::located::InputErrors;

/// Loads every facts file in `dir`, merges them and resolves every reference.
/// Reports all errors found, each with its file, line and column.
pub fn load(dir: &Path) -> Result<Facts, InputErrors> {
    let (mut facts, origins) = load::load_files(dir)?;
    resolve::resolve(&mut facts, &origins)?;
    Ok(facts)
}

/// The JSON Schema of one facts file, for editors (`skillgen schema`).
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(model::FactsFile);
    schema.insert("title".into(), "skillgen facts file".into());
    schema.insert(
        "description".into(),
        "One YAML file of a skillgen project's facts/ folder. Together the files define each top-level key once.".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
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

/// The words that name the app's prompting commands: their names and pdm scripts.
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
