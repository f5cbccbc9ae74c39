//! `<!-- skillgen-disable-next-line RULE -->`: silencing one rule on one line, and
//! reporting suppressions that silence nothing.

use std::collections::{BTreeSet, HashMap};

use super::{Context, Emitter, RULES, Rule, RuleDoc};
use crate::diagnostic::{Finding, Severity};

pub const NAME: &str = "unused-suppression";

pub const RULE: Rule = Rule {
    name: NAME,
    severity: Severity::Warning,
    summary: "a skillgen-disable-next-line comment that silences nothing",
    doc: RuleDoc {
        what: "Every `<!-- skillgen-disable-next-line RULE ... -->` comment names at least one \
rule, only rules that exist, and each named rule reports a finding on the line right after \
the comment.",
        why: "A suppression outlives the problem it was written for. Once the line is fixed \
or moved, the comment silences nothing today and may hide a new problem tomorrow.",
        example: "<!-- skillgen-disable-next-line broken-link -->\n[Deploy](deploy.md)\n\n\
(deploy.md exists, so broken-link reports nothing on that line.)",
        fix: "Delete the comment, or move it to the line right before the finding it is \
meant to silence. Rule names are listed by `skillgen rules`.",
    },
    check: check_names,
};

/// Reports suppression comments that name no rule or an unknown rule.
fn check_names(context: &Context, out: &mut Emitter) {
    for (path, document) in &context.documents {
        for suppression in &document.suppressions {
            if suppression.rules.is_empty() {
                out.emit_span(
                    path,
                    (suppression.line, suppression.column),
                    suppression.end,
                    "this suppression names no rule; write the rule to silence after the directive",
                );
            }
            for name in &suppression.rules {
                if !RULES.iter().any(|rule| rule.name == *name) {
                    out.emit_span(
                        path,
                        (suppression.line, suppression.column),
                        suppression.end,
                        format!("`{name}` is not a skillgen rule; see `skillgen rules`"),
                    );
                }
            }
        }
    }
}

/// Drops findings silenced by a suppression on the line before them, and adds an
/// `unused-suppression` warning for each known rule a suppression names but silences
/// nothing of; a rule that is off this run silences nothing, so its suppressions are
/// left alone.
pub fn apply(context: &Context, findings: Vec<Finding>) -> Vec<Finding> {
    // The suppressions by the file and line they silence, so each finding is looked
    // up rather than compared with every suppression of its file.
    let mut by_line: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (path, document) in &context.documents {
        for (index, suppression) in document.suppressions.iter().enumerate() {
            by_line
                .entry((path.as_str(), suppression.line + 1))
                .or_default()
                .push(index);
        }
    }
    let mut used = BTreeSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let silenced_by = by_line
            .get(&(finding.file.as_str(), finding.line))
            .into_iter()
            .flatten()
            .copied()
            .find(|&index| {
                context.documents[&finding.file].suppressions[index]
                    .rules
                    .iter()
                    .any(|rule| rule == finding.rule)
            });
        match silenced_by {
            Some(index) if finding.rule != NAME => {
                used.insert((finding.file.clone(), index, finding.rule));
            }
            _ => kept.push(finding),
        }
    }
    for (path, document) in &context.documents {
        for (index, suppression) in document.suppressions.iter().enumerate() {
            for name in &suppression.rules {
                let Some(rule) = RULES.iter().find(|rule| rule.name == *name) else {
                    continue; // reported by check_names
                };
                if context.config.runs(rule.name)
                    && !used.contains(&(path.clone(), index, rule.name))
                {
                    kept.push(Finding::new(
                        NAME,
                        RULE.severity,
                        path,
                        suppression.line,
                        suppression.column,
                        format!(
                            "this suppression of `{name}` silences nothing on line {}; remove it",
                            suppression.line + 1
                        ),
                    )
                    .ending_at(suppression.end.0, suppression.end.1));
                }
            }
        }
    }
    kept
}
