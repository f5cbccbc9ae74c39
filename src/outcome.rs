//! What a command found and did, as data: the one value the report turns into output,
//! so that no command prints and every format shows the same findings.

use std::collections::HashSet;

use crate::diagnostic::{Finding, Severity};
use crate::located::InputErrors;
use crate::skill::Skill;
use crate::sync::Drift;

/// Everything a command has to say. The report shows it in this order: input errors,
/// drift, each linted skill, then the messages.
#[derive(Debug, Default)]
pub struct Outcome {
    /// How the command ended, for the exit code.
    pub status: Status,
    /// Facts or templates that could not be loaded.
    pub input_errors: Option<InputErrors>,
    /// How the skill folder differs from what the facts render, when it does.
    pub drift: Option<Compared>,
    /// Each skill that was linted, in the order given.
    pub linted: Vec<Linted>,
    /// What the command did or says to do next, in order.
    pub messages: Vec<Message>,
}

/// How a command ended.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done; nothing is wrong.
    #[default]
    Ok,
    /// Done, and it found drift or lint errors, or refused to write because of them.
    Failed,
    /// The input or the usage was wrong, or a file could not be read or written.
    Invalid,
}

/// A skill folder compared with what the facts render.
#[derive(Debug)]
pub struct Compared {
    /// The skill folder as the user named it (`skill-out/demo`).
    pub folder: String,
    pub drift: Drift,
}

/// One skill's lint: its findings and, for the human report, the text they point into
/// and each file's lines against its budget.
#[derive(Debug)]
pub struct Linted {
    /// The skill folder as the user named it; finding paths are relative to it.
    pub folder: String,
    /// What was linted, when it is not plainly the folder (the skill the facts render).
    pub title: Option<String>,
    /// The files findings point into, for the source lines of the human report.
    pub sources: Skill,
    pub findings: Vec<Finding>,
    pub budgets: Vec<FileBudget>,
}

/// One file's lines against its budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBudget {
    pub file: String,
    pub lines: usize,
    pub max: usize,
}

/// A line for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The command's result (`wrote ...`, `... is up to date`, the fix to run): on
    /// standard output, and left out of the machine formats, whose output is data.
    Result(String),
    /// A note, warning or error about the run: on standard error, in every format.
    Notice(String),
}

impl Outcome {
    /// An outcome that is only a result: a listing, a schema, a completion script.
    pub fn result(text: impl Into<String>) -> Outcome {
        Outcome::default().say(text)
    }

    /// Facts or templates that could not be loaded: invalid input.
    pub fn input_errors(errors: InputErrors) -> Outcome {
        Outcome {
            status: Status::Invalid,
            input_errors: Some(errors),
            ..Outcome::default()
        }
    }

    /// A notice on standard error that ends the command with `status`.
    pub fn refused(status: Status, notice: impl Into<String>) -> Outcome {
        Outcome {
            status,
            ..Outcome::default()
        }
        .tell(notice)
    }

    /// Adds a result line.
    pub fn say(mut self, text: impl Into<String>) -> Outcome {
        self.messages.push(Message::Result(text.into()));
        self
    }

    /// Adds a notice.
    pub fn tell(mut self, text: impl Into<String>) -> Outcome {
        self.messages.push(Message::Notice(text.into()));
        self
    }

    /// Whether any linted skill has an error.
    pub fn has_lint_errors(&self) -> bool {
        self.linted.iter().any(Linted::has_errors)
    }
}

impl Linted {
    /// A skill's lint. Only the files findings point into are kept, so a lint of
    /// thousands of folders does not hold them all until the report.
    pub fn new(folder: impl Into<String>, mut skill: Skill, findings: Vec<Finding>) -> Linted {
        let pointed_at: HashSet<&str> = findings.iter().map(|f| f.file.as_str()).collect();
        skill
            .files
            .retain(|path, _| pointed_at.contains(path.as_str()));
        skill.unreadable.clear();
        Linted {
            folder: folder.into(),
            title: None,
            sources: skill,
            findings,
            budgets: Vec::new(),
        }
    }

    /// Shows each file's lines against its budget after the findings.
    pub fn with_budgets(mut self, budgets: Vec<(String, usize, usize)>) -> Linted {
        self.budgets = budgets
            .into_iter()
            .map(|(file, lines, max)| FileBudget { file, lines, max })
            .collect();
        self
    }

    /// Says what was linted, above its findings.
    pub fn titled(mut self, title: impl Into<String>) -> Linted {
        self.title = Some(title.into());
        self
    }

    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lint_keeps_only_the_files_its_findings_point_into() {
        let mut skill = Skill::new("demo");
        for file in ["SKILL.md", "a.md", "b.md"] {
            skill.files.insert(file.into(), "text\n".into());
        }
        let finding = Finding::new("broken-link", Severity::Warning, "a.md", 1, 1, "m");
        let linted = Linted::new("out/demo", skill, vec![finding]);
        let kept: Vec<_> = linted.sources.files.keys().collect();
        assert_eq!(kept, ["a.md"]);
        assert!(!linted.has_errors());
    }
}
