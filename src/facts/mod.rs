//! The facts behind the skill: loaded from `facts/*.yaml`, checked and resolved.

mod load;
pub mod model;
mod placeholder;
mod redact;
mod resolve;
mod servers;
mod step;

use std::path::Path;

pub use model::Facts;
pub use resolve::WORKSTATION;
pub use servers::{app_cli, prompting_commands, server_facts};

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
