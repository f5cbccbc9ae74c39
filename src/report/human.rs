//! The report for people: rustc-style findings with their source line, a count, and
//! each file's lines against its budget.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::display_path;
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
