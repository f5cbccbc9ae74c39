//! `description-when`: the frontmatter description says when to use the skill.

use serde_json::Value;

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "description-when",
    severity: Severity::Warning,
    summary: "a description that never says when to use the skill",
    doc: RuleDoc {
        what: "SKILL.md's `description` says when to use the skill, not only what it \
covers. The check is lenient and fires only when every sign is missing: a word such as \
`when`, `whenever`, `if`, `use` (\"Use when\", \"Use for\", \"use this\"), `used`, \
`trigger`, `invoke`, `activate`, `asks`, `asked`, `needs`, `wants`, `before`, `after`, \
`during` or `while`, or `for` followed by a verb in -ing (\"for deploying\"). A skill \
with a Claude Code `when_to_use` key says it there and is not checked.",
        why: "The description is the only part of a skill always in Claude's context: Claude \
picks the skill by it. A list of topics (\"covering deploy, database, users\") says what \
is inside but not which requests it serves, so the skill triggers too rarely or on the \
wrong tasks. The Agent Skills specification asks for both what the skill does and when \
to use it.",
        example: "description: DevOps for the shop's server. Branched skill covering deploy, \
database, users and DNS.",
        fix: "Add the trigger: \"... Use when asked to deploy, inspect or repair the shop or \
its server.\"",
    },
    check,
};

/// Words that say when (compared in lowercase, as whole words).
const WHEN_WORDS: &[&str] = &[
    "when",
    "whenever",
    "if",
    "use",
    "used",
    "trigger",
    "triggers",
    "triggered",
    "invoke",
    "invoked",
    "activate",
    "activates",
    "asks",
    "asked",
    "needs",
    "wants",
    "before",
    "after",
    "during",
    "while",
];

fn check(context: &Context, out: &mut Emitter) {
    if context.skill_frontmatter_key("when_to_use").is_some() {
        return;
    }
    let Some((Value::String(description), line)) = context.skill_frontmatter_key("description")
    else {
        return;
    };
    if description.trim().is_empty() || says_when(description) {
        return;
    }
    out.emit(
        super::SKILL_FILE,
        line,
        1,
        "the description says what the skill covers but never when to use it; add a sentence such as \"Use when asked to ...\"",
    );
}

/// Whether a description says, in any of the usual ways, when to use the skill.
fn says_when(description: &str) -> bool {
    let lower = description.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    words.iter().any(|word| WHEN_WORDS.contains(word))
        || words
            .windows(2)
            .any(|pair| pair[0] == "for" && pair[1].len() > 4 && pair[1].ends_with("ing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_ways_of_saying_when_pass() {
        for description in [
            "Operates the shop. Use when asked to deploy it.",
            "Local dev setup: PDM scripts and the docker stack. Use for running/debugging the stack.",
            "Creates PDFs. Triggers on requests for reports.",
            "Tools for building and testing the frontend.",
            "Invoke this skill whenever the user mentions invoices.",
            "Guidance if the build breaks.",
        ] {
            assert!(says_when(description), "{description}");
        }
        for description in [
            "DevOps and server management for the shop on its home server. Branched skill covering deploy, database, users, CLI and DNS.",
            "A brutalist design system: components, tables and ledgers.",
            "Thing for king.",
        ] {
            assert!(!says_when(description), "{description}");
        }
    }
}
