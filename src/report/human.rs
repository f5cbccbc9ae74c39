//! The report for people: drift as a summary line and diffs, rustc-style findings with
//! their source line, each file's lines against its budget, and located input errors.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use super::digest::{self, Folding};
use super::display_path;
use crate::diagnostic::{Finding, Severity};
use crate::located::InputErrors;
use crate::outcome::{Compared, FileBudget, Outcome};
use crate::skill::Skill;
use crate::sync::Drift;

/// Standard output of an outcome, before its results: the drift first (what changed is
/// what the user came to see), then each linted skill with its budgets.
pub(super) fn outcome(outcome: &Outcome) -> String {
    let mut out = String::new();
    if let Some(Compared { folder, drift }) = &outcome.drift {
        out.push_str(&drift_summary(folder, drift));
        out.push_str("\n\n");
        out.push_str(&diffs(drift));
        for path in &drift.missing {
            out.push_str(&format!(
                "missing: {} (the facts produce it; it is not on disk)\n",
                display_path(folder, path)
            ));
        }
        for path in &drift.stray {
            out.push_str(&format!(
                "stray: {} (on disk; the facts no longer produce it)\n",
                display_path(folder, path)
            ));
        }
        out.push('\n');
    }
    for linted in &outcome.linted {
        let name = linted.title.as_deref().unwrap_or(&linted.folder);
        if linted.findings.is_empty() {
            out.push_str(&format!("{name}: no problems\n"));
        } else {
            if let Some(title) = &linted.title {
                out.push_str(&format!("{title}:\n"));
            }
            out.push_str(&human(
                &linted.findings,
                &linted.sources,
                &linted.folder,
                true,
            ));
        }
        if !linted.budgets.is_empty() {
            out.push_str(&budget_chart(&linted.budgets));
            out.push('\n');
        }
    }
    let by_rule = digest::by_rule(&outcome.linted);
    if !by_rule.is_empty() {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&by_rule);
    }
    out
}

/// One line that says how far the folder is from the facts:
/// `skill-out/demo is out of date: 3 files differ, 1 missing, 0 stray`.
fn drift_summary(folder: &str, drift: &Drift) -> String {
    let differ = if drift.changed.len() == 1 {
        "file differs"
    } else {
        "files differ"
    };
    format!(
        "{folder} is out of date: {} {differ}, {} missing, {} stray",
        drift.changed.len(),
        drift.missing.len(),
        drift.stray.len()
    )
}

/// The unified diff of every changed file, coloured for the terminal.
pub(super) fn diffs(drift: &Drift) -> String {
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let mut out = String::new();
    for line in drift
        .changed
        .iter()
        .flat_map(|changed| changed.diff.split_inclusive('\n'))
    {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            Style::new().bold()
        } else if line.starts_with('-') {
            red
        } else if line.starts_with('+') {
            green
        } else if line.starts_with("@@") {
            cyan
        } else {
            Style::new()
        };
        out.push_str(&format!("{style}{line}{style:#}"));
    }
    out
}

/// Each input error with the line it points at, then how many there were.
pub(super) fn input_errors(errors: &InputErrors) -> String {
    let mut out = String::new();
    for error in &errors.0 {
        out.push_str(&error.render(true));
        out.push('\n');
    }
    let count = errors.0.len();
    out.push_str(&format!(
        "skillgen: {count} error{} in the input; nothing was written\n",
        if count == 1 { "" } else { "s" }
    ));
    out
}

/// Every lint rule, then every audit rule, one line each: name, severity, summary.
pub fn rule_list() -> String {
    let lint = crate::lint::RULES
        .iter()
        .map(|rule| (rule.name, rule.severity, rule.summary));
    let audit = crate::audit::rules::RULES
        .iter()
        .map(|rule| (rule.name, rule.severity, rule.summary));
    let width = lint
        .clone()
        .chain(audit.clone())
        .map(|(name, _, _)| name.len())
        .max()
        .unwrap_or(0);
    let rows = |rules: &mut dyn Iterator<Item = (&str, Severity, &str)>| -> String {
        rules
            .map(|(name, severity, summary)| {
                format!("{name:width$}  {:7}  {summary}\n", severity.as_str())
            })
            .collect()
    };
    format!(
        "lint rules (lint, check, generate):\n{}\naudit rules (audit):\n{}",
        rows(&mut lint.clone()),
        rows(&mut audit.clone())
    )
}

/// The lint rules as a markdown table (name, default severity, summary): the rules
/// table of the README, generated so that it cannot drift from the rules.
pub fn rule_list_markdown() -> String {
    markdown_table(
        "Checks",
        crate::lint::RULES
            .iter()
            .map(|rule| (rule.name, rule.severity, rule.summary)),
    )
}

/// The audit rules as a markdown table, for the README's audit section.
pub fn audit_rule_list_markdown() -> String {
    markdown_table(
        "Reports",
        crate::audit::rules::RULES
            .iter()
            .map(|rule| (rule.name, rule.severity, rule.summary)),
    )
}

fn markdown_table<'a>(
    what: &str,
    rules: impl Iterator<Item = (&'a str, Severity, &'a str)>,
) -> String {
    let mut out = format!("| Rule | Severity | {what} |\n|---|---|---|\n");
    for (name, severity, summary) in rules {
        out.push_str(&format!(
            "| `{name}` | {severity} | {} |\n",
            summary.replace('|', "\\|")
        ));
    }
    out
}

/// rustc-style diagnostics with the source line and a caret under the column (under
/// the whole text, over its lines, when the finding knows where it ends), then a
/// summary line. A finding repeated more than five times (same rule and message) is
/// shown three times, then counted on one line. `color` picks ANSI styling; the caller
/// decides it (terminal, `NO_COLOR`).
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
    let folding = Folding::new(findings);
    for (index, finding) in findings.iter().enumerate() {
        if folding.hidden(index) {
            continue;
        }
        let path = display_path(root, &finding.file);
        let level = match finding.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level
            .primary_title(finding.message.as_str())
            .id(finding.rule);
        let shown = skill.files.get(&finding.file).and_then(|text| {
            let file_lines = lines
                .entry(finding.file.as_str())
                .or_insert_with(|| source_lines(text));
            underlined(file_lines, finding)
        });
        let mut group: Group<'_> = match shown {
            Some((text, span)) => title.element(
                Snippet::source(text)
                    .line_start(finding.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
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
        if let Some(more) = folding.more_after(index) {
            out.push_str(more);
            out.push_str("\n\n");
        }
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

/// How many lines a finding's span may cover before only its first line is shown.
const MOST_LINES_SHOWN: usize = 6;

/// The source a finding is shown in and the bytes of it to underline: from its column
/// to its end when the rule knows the end (a whole link, over the lines it spans), or
/// else the word at its column. `None` when the line is not in the file.
fn underlined(lines: &[&str], finding: &Finding) -> Option<(String, std::ops::Range<usize>)> {
    let first = *lines.get(finding.line.checked_sub(1)?)?;
    let start = byte_of_column(first, finding.column);
    let (end_line, end_column) = match finding.end {
        Some(end) if end > (finding.line, finding.column) => end,
        _ => return Some((first.to_string(), caret_span(first, finding.column))),
    };
    // An end at the start of a line means the text stopped at the line break before.
    let (end_line, end_column) = if end_column == 1 && end_line > finding.line {
        (end_line - 1, usize::MAX)
    } else {
        (end_line, end_column)
    };
    let last_index = (end_line - 1).min(lines.len() - 1);
    if last_index + 1 - finding.line >= MOST_LINES_SHOWN {
        return Some((first.to_string(), start..first.len()));
    }
    let mut text = String::new();
    let mut end = start;
    for (index, line) in lines[finding.line - 1..=last_index].iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let offset = text.len();
        text.push_str(line);
        end = if finding.line + index == end_line {
            offset + byte_of_column(line, end_column)
        } else {
            text.len() // the end is past the file's last line
        };
    }
    Some((text, start..end.max(start)))
}

/// The byte offset of a 1-based character column, or the line's end past it.
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at)
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
    fn a_known_end_is_underlined_whole_even_over_lines() {
        let lines = ["- [Deploy steps](deploy-steps.md) now", "next"];
        let mut finding =
            Finding::new("broken-link", Severity::Error, "a.md", 1, 3, "gone").ending_at(1, 34);
        let (text, span) = underlined(&lines, &finding).unwrap();
        assert_eq!(&text[span], "[Deploy steps](deploy-steps.md)");
        // Without an end, the word at the column.
        finding.end = None;
        let (text, span) = underlined(&lines, &finding).unwrap();
        assert_eq!(&text[span], "[Deploy");
        // Over a line break, both lines are shown.
        let lines = ["see [the deploy", "steps](deploy.md) now"];
        finding.column = 5;
        finding.end = Some((2, 18));
        let (text, span) = underlined(&lines, &finding).unwrap();
        assert_eq!(&text[span], "[the deploy\nsteps](deploy.md)");
        // An end at the start of the next line stops at the break; one past the file's
        // last line stops at its end.
        finding.end = Some((2, 1));
        let (text, span) = underlined(&lines, &finding).unwrap();
        assert_eq!(&text[span], "[the deploy");
        finding.end = Some((9, 4));
        let (text, span) = underlined(&lines, &finding).unwrap();
        assert_eq!(&text[span], "[the deploy\nsteps](deploy.md) now");
    }

    #[test]
    fn human_underlines_the_whole_link() {
        let mut skill = Skill::new("demo");
        skill.files.insert(
            "SKILL.md".into(),
            "- [Deploy steps](deploy-steps.md)\n".into(),
        );
        let finding =
            Finding::new("broken-link", Severity::Error, "SKILL.md", 1, 3, "gone").ending_at(1, 34);
        let out = human(&[finding], &skill, "", false);
        let carets = format!(" {}\n", "^".repeat("[Deploy steps](deploy-steps.md)".len()));
        assert!(out.contains(&carets), "{out}");
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
