//! `line-budget`: each markdown file stays within its line limits.

use super::{Context, Emitter, LineBudget, LineBudgets, Rule, RuleDoc, SKILL_FILE};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "line-budget",
    severity: Severity::Warning,
    summary: "a markdown file longer (or shorter) than its line budget",
    doc: RuleDoc {
        what: "Each markdown file has at most its maximum number of lines, and at least \
its minimum when one is set. SKILL.md defaults to 500 lines (Agent Skills guidance); other \
files have no limit unless one is configured. A generated skill takes its limits from its \
facts: `skill_line_budget` for SKILL.md, and for each branch file its own `line_budget` \
or else `branch_line_budget`. It is a warning, except for the skill its facts generate, \
whose budgets are the project's own decisions and so errors.",
        why: "The body of SKILL.md enters Claude's context every time the skill triggers, and \
a reference file is read whole when the body points there: every line costs context. A \
budget keeps the skill compact and makes growth a decision instead of an accident. A long \
file still works, though, so on a skill the budgets were not written for it only warns.",
        example: "A SKILL.md of 620 lines, with a budget of 500.",
        fix: "Move detail out of the file: from SKILL.md into a reference file it links to, \
from a long reference file into a second one. Raise the budget only on purpose.",
    },
    check,
};

/// The budget that applies to one file.
pub fn budget_of(budgets: &LineBudgets, path: &str) -> LineBudget {
    budgets.files.get(path).copied().unwrap_or(LineBudget {
        max: if path == SKILL_FILE {
            Some(budgets.skill_file_max)
        } else {
            budgets.default_max
        },
        min: budgets.default_min,
    })
}

fn check(context: &Context, out: &mut Emitter) {
    let budgets = &context.config.line_budgets;
    for (path, document) in &context.documents {
        let budget = budget_of(budgets, path);
        let lines = document.line_count();
        if let Some(max) = budget.max.filter(|&max| lines > max) {
            out.emit(
                path,
                max + 1,
                1,
                format!(
                    "{path} has {lines} lines, over its budget of {max}; move detail into a file it links to"
                ),
            );
        }
        if let Some(min) = budget.min.filter(|&min| lines < min) {
            out.emit(
                path,
                lines.max(1),
                1,
                format!("{path} has {lines} lines, under its minimum of {min}"),
            );
        }
    }
}
