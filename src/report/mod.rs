//! The one output seam: [`report`] turns what a command found and did (an [`Outcome`])
//! into the text of standard output and standard error, in the format asked for. The
//! binary writes that text; no other code decides what is shown, or where.

mod digest;
mod human;
mod machine;

pub use human::{
    audit_rule_list_markdown, budget_chart, human, rule_list, rule_list_markdown, summary,
};
pub use machine::{RuleInfo, escape_data, escape_property, github, json, json_by_skill, sarif};

use crate::diagnostic::{Finding, Severity};
use crate::outcome::{Compared, Message, Outcome, Status};
use crate::sync::{OUT_OF_DATE, OUT_OF_DATE_SUMMARY};

/// How findings are written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: findings with their source line, diffs, budgets and what to do next.
    #[default]
    Human,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// The text of each stream. It may hold ANSI styles; the writer strips them where the
/// stream is not a terminal or `NO_COLOR` is set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Printed {
    pub stdout: String,
    pub stderr: String,
}

/// Everything `outcome` has to say, in `format`. In the human format, standard output
/// shows the drift (a summary line, then the diffs), each linted skill, then the
/// results; in the machine formats it holds only data: drift as `out-of-date` findings
/// and then the lint findings, while the diff goes to standard error; a command that
/// looked at nothing (bad input) writes no data at all. Input errors and notices always
/// go to standard error.
pub fn report(outcome: &Outcome, format: Format) -> Printed {
    let mut printed = Printed::default();
    if let Some(errors) = &outcome.input_errors {
        printed.stderr.push_str(&human::input_errors(errors));
    }
    let looked = outcome.drift.is_some() || !outcome.linted.is_empty();
    if format == Format::Human {
        printed.stdout = human::outcome(outcome);
    } else if looked || outcome.status != Status::Invalid {
        printed.stdout = machine_report(outcome, format);
        if let Some(compared) = &outcome.drift {
            printed.stderr.push_str(&human::diffs(&compared.drift));
        }
    }
    // Results are set off from what comes before them by one blank line.
    let mut after_result = false;
    for message in &outcome.messages {
        let (stream, text) = match message {
            Message::Result(text) if format == Format::Human => {
                let out = &mut printed.stdout;
                if !after_result && !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                after_result = true;
                (out, text)
            }
            Message::Result(_) => continue,
            Message::Notice(text) => (&mut printed.stderr, text),
        };
        stream.push_str(text);
        if !text.ends_with('\n') {
            stream.push('\n');
        }
    }
    printed
}

/// Findings as data: drift first, then each linted skill's, each file named from the
/// repository root in the formats that want it (GitHub, SARIF).
fn machine_report(outcome: &Outcome, format: Format) -> String {
    let drift = outcome
        .drift
        .as_ref()
        .map(|Compared { folder, drift }| (folder.as_str(), drift.findings()));
    let blocks: Vec<(&str, &[Finding])> = drift
        .iter()
        .map(|(folder, findings)| (*folder, findings.as_slice()))
        .chain(
            outcome
                .linted
                .iter()
                .map(|linted| (linted.folder.as_str(), linted.findings.as_slice())),
        )
        .collect();
    match format {
        Format::Json => json_by_skill(&blocks),
        Format::Github => blocks
            .iter()
            .map(|(folder, findings)| github(findings, folder))
            .collect(),
        Format::Sarif => sarif(&blocks, &rule_table()),
        Format::Human => String::new(),
    }
}

/// Every rule a finding may name, for SARIF: the lint rules, the audit rules and
/// `out-of-date`.
fn rule_table() -> Vec<RuleInfo<'static>> {
    let lint_rules = crate::lint::RULES.iter().map(|rule| RuleInfo {
        name: rule.name,
        summary: rule.summary,
        severity: rule.severity,
    });
    let audit_rules = crate::audit::rules::RULES.iter().map(|rule| RuleInfo {
        name: rule.name,
        summary: rule.summary,
        severity: rule.severity,
    });
    lint_rules
        .chain(audit_rules)
        .chain([RuleInfo {
            name: OUT_OF_DATE,
            summary: OUT_OF_DATE_SUMMARY,
            severity: Severity::Error,
        }])
        .collect()
}

/// A file of a skill folder as the user would open it: `root/file`, or `file` alone
/// when there is no root (`""` or `.`). Every format that names files from the
/// repository root roots them here.
fn display_path(root: &str, file: &str) -> String {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if root.is_empty() || root == "." {
        file.to_string()
    } else {
        format!("{root}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Linted;
    use crate::skill::Skill;
    use crate::sync::Drift;

    fn drifted() -> Outcome {
        let mut skill = Skill::new("demo");
        skill.files.insert("a.md".into(), "one\n".into());
        let finding = Finding::new("broken-link", Severity::Error, "a.md", 1, 1, "gone");
        Outcome {
            drift: Some(Compared {
                folder: "./out/demo".into(),
                drift: Drift {
                    stray: vec!["old.md".into()],
                    ..Drift::default()
                },
            }),
            linted: vec![Linted::new("./out/demo", skill, vec![finding])],
            ..Outcome::default()
        }
        .say("run it")
        .tell("note: n")
    }

    #[test]
    fn human_output_shows_the_drift_first_and_results_last() {
        let printed = report(&drifted(), Format::Human);
        let out = &printed.stdout;
        assert!(
            out.starts_with("./out/demo is out of date: 0 files differ, 0 missing, 1 stray\n"),
            "{out}"
        );
        let stray = out.find("stray: out/demo/old.md").expect("stray");
        let finding = out.find("error[broken-link]").expect("finding");
        assert!(stray < finding, "{out}");
        assert!(out.ends_with("\nrun it\n"), "{out}");
        assert_eq!(printed.stderr, "note: n\n");
    }

    #[test]
    fn machine_output_is_data_with_drift_first() {
        let printed = report(&drifted(), Format::Json);
        let value: serde_json::Value = serde_json::from_str(&printed.stdout).expect("JSON");
        let rules: Vec<_> = value
            .as_array()
            .expect("array")
            .iter()
            .map(|finding| finding["rule"].as_str().expect("rule"))
            .collect();
        assert_eq!(rules, [OUT_OF_DATE, "broken-link"]);
        assert_eq!(printed.stderr, "note: n\n", "no diff for a stray file");

        let github = report(&drifted(), Format::Github).stdout;
        assert!(
            github.starts_with("::error file=out/demo/old.md,"),
            "{github}"
        );
        let sarif = report(&drifted(), Format::Sarif).stdout;
        assert!(sarif.contains("\"uri\": \"out/demo/a.md\""), "{sarif}");
    }

    #[test]
    fn bad_input_writes_no_data() {
        let outcome = Outcome::refused(Status::Invalid, "error: no such folder");
        let printed = report(&outcome, Format::Json);
        assert_eq!(printed.stdout, "");
        assert_eq!(printed.stderr, "error: no such folder\n");
        let clean = report(&Outcome::default(), Format::Json);
        assert_eq!(clean.stdout, "[]\n");
    }

    #[test]
    fn paths_are_rooted_once() {
        assert_eq!(display_path("./skill-out/x/", "a.md"), "skill-out/x/a.md");
        assert_eq!(display_path(".", "a.md"), "a.md");
        assert_eq!(display_path("", "a.md"), "a.md");
    }
}
