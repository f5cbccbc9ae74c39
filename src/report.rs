//! Writing findings out: rustc-style for people, JSON for tools, workflow commands for
//! GitHub Actions. Each reporter returns a `String`; the binary decides where it goes.

use std::collections::HashMap;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Finding, Severity};
use crate::skill::Skill;

/// rustc-style diagnostics with the source line and a caret under the column, then a
/// summary line. `color` picks ANSI styling; the caller decides it (terminal, `NO_COLOR`).
/// `skill` supplies the source text; a finding in a file it cannot show (missing or not
/// UTF-8) gets its `file:line:column` without a snippet. `root` is the skill folder as
/// the user named it; paths are shown below it (`skill-out/demo/deploy.md:3:1`).
pub fn human(findings: &[Finding], skill: &Skill, root: &str, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    // Each file's lines, split once: finding a line from the top of the file for every
    // finding made a report of many findings cost the square of the file's length.
    let mut lines: HashMap<&str, Vec<&str>> = HashMap::new();
    for finding in findings {
        let path = display_path(root, &finding.file);
        let level = match finding.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level
            .primary_title(finding.message.as_str())
            .id(finding.rule);
        let line_text = skill.files.get(&finding.file).and_then(|text| {
            let file_lines = lines
                .entry(finding.file.as_str())
                .or_insert_with(|| source_lines(text));
            file_lines.get(finding.line.checked_sub(1)?).copied()
        });
        let mut group: Group<'_> = match line_text {
            Some(text) => {
                let span = caret_span(text, finding.column);
                title.element(
                    Snippet::source(text)
                        .line_start(finding.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => title.element(
                Origin::path(path.as_str())
                    .line(finding.line)
                    .char_column(finding.column),
            ),
        };
        for related in &finding.related {
            group = group.element(Level::NOTE.message(format!(
                "{}: {}:{}:{}",
                related.label, related.file, related.line, related.column
            )));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// `root/file`, or `file` alone when there is no root.
fn display_path(root: &str, file: &str) -> String {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if root.is_empty() || root == "." {
        file.to_string()
    } else {
        format!("{root}/{file}")
    }
}

/// One line of counts: `2 errors, 1 warning` or `no problems`.
pub fn summary(findings: &[Finding]) -> String {
    let (errors, warnings) = crate::lint::counts(findings);
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (errors, 0) => plural(errors, "error"),
        (0, warnings) => plural(warnings, "warning"),
        (errors, warnings) => format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

/// A JSON array with one object per finding, with exactly the keys `rule`, `severity`,
/// `file`, `line`, `column` and `message`.
pub fn json(findings: &[Finding]) -> String {
    let mut text = serde_json::to_string_pretty(findings)
        .unwrap_or_else(|_| unreachable!("findings are strings and integers"));
    text.push('\n');
    text
}

/// GitHub Actions workflow commands, one line per finding. `root` is the skill folder's
/// path from the repository root (empty when it is the root); it is put before each file.
pub fn github(findings: &[Finding], root: &str) -> String {
    let mut out = String::new();
    for finding in findings {
        let root = root.trim_end_matches('/');
        let file = if root.is_empty() {
            finding.file.clone()
        } else {
            format!("{root}/{}", finding.file)
        };
        let mut message = finding.message.clone();
        for related in &finding.related {
            message.push_str(&format!(
                " ({}: {}:{}:{})",
                related.label, related.file, related.line, related.column
            ));
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            finding.severity,
            escape_property(&file),
            finding.line,
            finding.column,
            escape_property(finding.rule),
            escape_data(&message),
        ));
    }
    out
}

/// What SARIF says about a rule: its name, one line, and its default severity.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub severity: Severity,
}

/// A SARIF 2.1.0 log of one run, for GitHub code scanning. `root` is put before each
/// file, as in [`github`]; `rules` describes every rule that may appear.
pub fn sarif(findings: &[Finding], root: &str, rules: &[RuleInfo<'_>]) -> String {
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let location = |uri: String, line: usize, column: usize| sarif::Location {
        physical_location: sarif::PhysicalLocation {
            artifact_location: sarif::Artifact { uri },
            region: sarif::Region {
                start_line: line.max(1),
                start_column: column.max(1),
            },
        },
        message: None,
    };
    let results: Vec<sarif::Result<'_>> = findings
        .iter()
        .map(|finding| sarif::Result {
            rule_id: finding.rule,
            rule_index: rules.iter().position(|rule| rule.name == finding.rule),
            level: level(finding.severity),
            message: sarif::Text {
                text: &finding.message,
            },
            locations: vec![location(
                display_path(root, &finding.file),
                finding.line,
                finding.column,
            )],
            related_locations: finding
                .related
                .iter()
                .map(|related| sarif::Location {
                    message: Some(sarif::Text {
                        text: &related.label,
                    }),
                    ..location(related.file.clone(), related.line, related.column)
                })
                .collect(),
        })
        .collect();
    let help: Vec<String> = rules
        .iter()
        .map(|rule| format!("skillgen explain {}", rule.name))
        .collect();
    let descriptors: Vec<sarif::Rule<'_>> = rules
        .iter()
        .zip(&help)
        .map(|(rule, help)| sarif::Rule {
            id: rule.name,
            short_description: sarif::Text { text: rule.summary },
            help: sarif::Text { text: help },
            default_configuration: sarif::Configuration {
                level: level(rule.severity),
            },
        })
        .collect();
    let log = sarif::Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [sarif::Run {
            tool: sarif::Tool {
                driver: sarif::Driver {
                    name: "skillgen",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|_| unreachable!("a SARIF log is strings and integers"));
    text.push('\n');
    text
}

/// The parts of a SARIF 2.1.0 log skillgen writes, serialized straight from the
/// findings: a tree of JSON values cost about 10 KB a finding.
mod sarif {
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Log<'a> {
        #[serde(rename = "$schema")]
        pub schema: &'a str,
        pub version: &'a str,
        pub runs: [Run<'a>; 1],
    }

    #[derive(Serialize)]
    pub struct Run<'a> {
        pub tool: Tool<'a>,
        pub results: Vec<Result<'a>>,
    }

    #[derive(Serialize)]
    pub struct Tool<'a> {
        pub driver: Driver<'a>,
    }

    #[derive(Serialize)]
    pub struct Driver<'a> {
        pub name: &'a str,
        pub version: &'a str,
        pub rules: Vec<Rule<'a>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Rule<'a> {
        pub id: &'a str,
        pub short_description: Text<'a>,
        pub help: Text<'a>,
        pub default_configuration: Configuration<'a>,
    }

    #[derive(Serialize)]
    pub struct Configuration<'a> {
        pub level: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Result<'a> {
        pub rule_id: &'a str,
        pub level: &'a str,
        pub message: Text<'a>,
        pub locations: Vec<Location<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub rule_index: Option<usize>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub related_locations: Vec<Location<'a>>,
    }

    #[derive(Serialize)]
    pub struct Text<'a> {
        pub text: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Location<'a> {
        pub physical_location: PhysicalLocation,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message: Option<Text<'a>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PhysicalLocation {
        pub artifact_location: Artifact,
        pub region: Region,
    }

    #[derive(Serialize)]
    pub struct Artifact {
        pub uri: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Region {
        pub start_line: usize,
        pub start_column: usize,
    }
}

/// One file's lines against its budget, for [`budget_chart`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBudget {
    pub file: String,
    pub lines: usize,
    pub max: usize,
}

/// Each file's lines against its budget as a small bar chart, because a reviewer reads
/// a bar faster than a number: `deploy.md  ███████░░░  72/100`.
pub fn budget_chart(budgets: &[FileBudget]) -> String {
    const WIDTH: usize = 10;
    let name_width = budgets
        .iter()
        .map(|b| b.file.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for budget in budgets {
        let filled = if budget.max == 0 {
            WIDTH
        } else {
            (budget.lines * WIDTH).div_ceil(budget.max).min(WIDTH)
        };
        let over = if budget.lines > budget.max {
            "  over budget"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:name_width$}  {}{}  {}/{}{over}\n",
            budget.file,
            "█".repeat(filled),
            "░".repeat(WIDTH - filled),
            budget.lines,
            budget.max,
        ));
    }
    out
}

/// Writes a report to `out`, for callers that stream.
pub fn write_to(out: &mut impl Write, report: &str) -> io::Result<()> {
    out.write_all(report.as_bytes())
}

/// GitHub's escaping of a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn the_chart_fills_in_proportion_and_flags_overruns() {
        let chart = budget_chart(&[
            FileBudget {
                file: "SKILL.md".into(),
                lines: 77,
                max: 500,
            },
            FileBudget {
                file: "deploy.md".into(),
                lines: 72,
                max: 100,
            },
            FileBudget {
                file: "x.md".into(),
                lines: 120,
                max: 100,
            },
        ]);
        assert_eq!(
            chart,
            "SKILL.md   ██░░░░░░░░  77/500\ndeploy.md  ████████░░  72/100\nx.md       ██████████  120/100  over budget\n"
        );
    }
}

/// A file's lines as lint numbers them: after any byte order mark, split at `\n`,
/// without a trailing `\r`.
fn source_lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// The bytes under the caret: the word starting at the 1-based character column.
fn caret_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let word = line[start..]
        .find(char::is_whitespace)
        .map_or(line.len(), |end| start + end);
    let end = if word > start {
        word
    } else {
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(message: &str) -> Finding {
        Finding::new("broken-link", Severity::Error, "a,b:c.md", 3, 7, message)
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let out = github(&[finding("100% off\r\nnext: line, two")], "skills/x/");
        assert_eq!(
            out,
            "::error file=skills/x/a%2Cb%3Ac.md,line=3,col=7,title=broken-link::100%25 off%0D%0Anext: line, two\n"
        );
    }

    #[test]
    fn json_has_exactly_the_contract_keys() {
        let value: serde_json::Value = serde_json::from_str(&json(&[finding("m")])).unwrap();
        let object = value[0].as_object().unwrap();
        let keys: Vec<_> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["column", "file", "line", "message", "rule", "severity"]
        );
        assert_eq!(object["severity"], "error");
        assert_eq!(object["column"], 7);
    }

    #[test]
    fn summary_counts_both_kinds() {
        let mut warning = finding("w");
        warning.severity = Severity::Warning;
        assert_eq!(summary(&[]), "no problems");
        assert_eq!(
            summary(&[finding("a"), finding("b"), warning.clone()]),
            "2 errors, 1 warning"
        );
        assert_eq!(summary(&[warning]), "1 warning");
    }

    #[test]
    fn caret_covers_the_word_at_the_column() {
        assert_eq!(caret_span("ssh prod-box ls", 5), 4..12);
        assert_eq!(caret_span("åä x", 4), 5..6);
        assert_eq!(caret_span("", 1), 0..0);
        assert_eq!(caret_span("ab", 9), 2..2);
    }

    #[test]
    fn human_shows_the_line_and_falls_back_without_source() {
        let mut skill = Skill::new("demo");
        skill
            .files
            .insert("a,b:c.md".into(), "one\ntwo\nsee [x](y.md)\r\n".into());
        let out = human(&[finding("gone")], &skill, "", false);
        assert!(out.contains("error[broken-link]: gone"), "{out}");
        assert!(out.contains("a,b:c.md:3:7"), "{out}");
        assert!(out.contains("see [x](y.md)"), "{out}");
        assert!(out.ends_with("1 error\n"), "{out}");
        let out = human(&[finding("gone")], &Skill::new("demo"), "", false);
        assert!(out.contains("a,b:c.md:3:7"), "{out}");
    }
}
