//! Findings: what a lint rule reports, as data for the reporters.

use std::fmt;

use serde::Serialize;

/// How much a finding matters: errors fail `lint`, `check` and `generate`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The lowercase word used in every output format: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file of a skill, at a 1-based line and column (columns count
/// characters, not bytes). `file` is relative to the skill folder, with forward slashes.
/// When the rule knows where the text it points at ends (a whole link), `end` says so
/// and the human report underlines all of it; otherwise it underlines the word at the
/// column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Other places that explain it, such as the fact that produced a rendered command.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Where the text the finding points at ends: the 1-based line and the column just
    /// past its last character, at or after `line` and `column`. Not in the JSON report,
    /// whose keys are a contract; SARIF carries it as `endLine`/`endColumn`.
    #[serde(skip)]
    pub end: Option<(usize, usize)>,
}

/// Another place a finding points at: a path (as the user would open it), a 1-based
/// line and column, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Related {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub label: String,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            related: Vec::new(),
            end: None,
        }
    }

    /// The finding, covering the text up to `line` and the column just past its end.
    /// An end before the start is dropped: the finding keeps its single position.
    pub fn ending_at(mut self, line: usize, column: usize) -> Self {
        let end = (line.max(1), column.max(1));
        self.end = (end > (self.line, self.column)).then_some(end);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file, self.line, self.column, self.severity, self.rule, self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_at_least_one() {
        let finding = Finding::new("x", Severity::Warning, "SKILL.md", 0, 0, "m");
        assert_eq!((finding.line, finding.column), (1, 1));
        assert_eq!(finding.to_string(), "SKILL.md:1:1: warning[x]: m");
    }

    #[test]
    fn an_end_before_the_start_is_dropped() {
        let finding = Finding::new("x", Severity::Error, "a.md", 3, 5, "m");
        assert_eq!(finding.clone().ending_at(3, 9).end, Some((3, 9)));
        assert_eq!(finding.clone().ending_at(4, 1).end, Some((4, 1)));
        assert_eq!(finding.clone().ending_at(3, 5).end, None);
        assert_eq!(finding.ending_at(2, 40).end, None);
    }
}
