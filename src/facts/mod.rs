//! The facts behind the skill: loaded from `facts/*.yaml`, checked and resolved.

mod load;
pub mod model;
mod resolve;

use std::path::Path;

pub use model::Facts;
pub use resolve::WORKSTATION;

use crate::located::InputErrors;

/// Loads every facts file in `dir`, merges them and resolves every reference.
/// Reports all errors found, each with its file, line and column.
pub fn load(dir: &Path) -> Result<Facts, InputErrors> {
    let (mut facts, origins) = load::load_files(dir)?;
    resolve::resolve(&mut facts, &origins)?;
    Ok(facts)
}
