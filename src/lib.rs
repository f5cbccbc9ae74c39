//! skillgen: typed facts rendered into a Claude skill, and the checks that keep it true.

pub mod diagnostic;
pub mod facts;
pub mod lint;
pub mod located;
pub mod markdown;
pub mod render;
pub mod report;
pub mod shell;
pub mod skill;
mod suggest;
pub mod sync;

use std::path::Path;

/// Loads the facts and renders the skill in memory: the one pipeline `generate` and
/// `check` share.
pub fn build_skill(
    facts_dir: &Path,
    template_dir: &Path,
) -> Result<skill::Skill, located::InputErrors> {
    let facts = facts::load(facts_dir)?;
    render::render_skill(&facts, template_dir)
}
