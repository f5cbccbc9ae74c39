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
pub mod suggest;
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

/// The lint settings the facts imply for their own skill: the ssh aliases of the hosts,
/// SKILL.md's budget and every branch file's budget.
pub fn lint_config(facts: &facts::Facts) -> lint::LintConfig {
    let mut config = lint::LintConfig {
        ssh_hosts: facts
            .hosts
            .values()
            .map(|host| host.alias.clone())
            .collect(),
        ..lint::LintConfig::default()
    };
    config.line_budgets.skill_file_max = facts.skill.skill_line_budget;
    for branch in &facts.skill.branches {
        config.line_budgets.files.insert(
            branch.file.value.clone(),
            lint::LineBudget {
                max: Some(facts.skill.branch_line_budget),
                min: None,
            },
        );
    }
    config
}
