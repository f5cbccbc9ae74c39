//! skillgen: typed facts rendered into a Claude skill, and the checks that keep it true.

pub mod audit;
pub mod command;
pub mod diagnostic;
pub mod facts;
pub mod input;
pub mod lint;
pub mod located;
pub mod markdown;
pub mod outcome;
pub mod package;
pub mod parallel;
pub mod project;
pub mod provenance;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod settings;
pub mod skill;
pub mod skill_folders;
pub mod suggest;
pub mod sync;
pub mod yaml_message;

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

/// Lints the skill its facts generate against the settings the facts imply and then
/// `settings`, with each finding on a rendered command also pointing at the step in
/// the facts that produced it.
pub fn lint_with_facts(
    skill: &skill::Skill,
    facts: &facts::Facts,
    settings: settings::Settings<'_>,
) -> Vec<diagnostic::Finding> {
    let mut config = lint_config(facts);
    settings.apply(&mut config);
    let mut findings = lint::lint_skill(skill, &config);
    provenance::point_at_facts(&mut findings, skill, facts);
    findings
}

/// The lint settings for a skill folder named `skill_name`, chosen here for every
/// command that lints: with the facts of that very skill, all they imply (hosts,
/// servers, line budgets); with facts of another skill, their servers only; without
/// facts, the defaults. Then `settings` (the repository's file, the flags) on top.
pub fn lint_config_for(
    skill_name: &str,
    facts: Option<&facts::Facts>,
    settings: settings::Settings<'_>,
) -> lint::LintConfig {
    let mut config = match facts {
        Some(facts) if facts.skill.name.value == skill_name => lint_config(facts),
        Some(facts) => lint_config_for_any_skill(facts),
        None => lint::LintConfig::default(),
    };
    settings.apply(&mut config);
    config
}

/// The lint settings the facts imply for their own skill: the ssh aliases of the hosts,
/// SKILL.md's budget and every branch file's budget (its own `line_budget`, or the
/// skill's `branch_line_budget`). Those budgets are the project's own decisions, so
/// going over one is an error here, where on other skills `line-budget` only warns.
pub fn lint_config(facts: &facts::Facts) -> lint::LintConfig {
    let mut config = lint_config_for_any_skill(facts);
    config
        .rules
        .insert(lint::LINE_BUDGET, lint::RuleLevel::Error);
    config.line_budgets.skill_file_max = facts.skill.skill_line_budget;
    for branch in &facts.skill.branches {
        config.line_budgets.files.insert(
            branch.file.value.clone(),
            lint::LineBudget {
                max: Some(branch.line_budget.unwrap_or(facts.skill.branch_line_budget)),
                min: None,
            },
        );
    }
    config
}

/// The lint settings the facts imply for any skill that operates their servers: hosts,
/// containers, compose files, secrets and destructive patterns, without line budgets.
pub fn lint_config_for_any_skill(facts: &facts::Facts) -> lint::LintConfig {
    let server_facts = facts::server_facts(facts);
    lint::LintConfig {
        ssh_hosts: facts
            .hosts
            .values()
            .map(|host| host.alias.clone())
            .collect(),
        facts: Some(server_facts),
        ..lint::LintConfig::default()
    }
}
