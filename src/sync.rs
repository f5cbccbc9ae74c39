//! Comparing a rendered skill with the one on disk: what changed, what is missing, what
//! is stray, as diffs for people and as `out-of-date` findings for tools.

use similar::TextDiff;

use crate::diagnostic::{Finding, Severity};
use crate::skill::{Skill, UnreadableFile};

/// The rule name drift findings carry.
pub const OUT_OF_DATE: &str = "out-of-date";

/// What [`OUT_OF_DATE`] means, for rule tables such as SARIF's.
pub const OUT_OF_DATE_SUMMARY: &str = "the committed skill differs from what the facts render";

/// How the skill on disk differs from the rendered one. Empty when they are the same.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files on both sides whose text differs, with a unified diff from disk to rendered.
    pub changed: Vec<ChangedFile>,
    /// Files the facts produce that are not on disk.
    pub missing: Vec<String>,
    /// Files on disk that the facts no longer produce.
    pub stray: Vec<String>,
    /// How many files are the same on both sides.
    pub unchanged: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    pub diff: String,
    /// The first line of the committed file that differs (1-based).
    pub first_line: usize,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.stray.is_empty()
    }

    /// The drift as findings, one per changed, missing or stray file, each saying how
    /// to fix it: what the machine formats report.
    pub fn findings(&self) -> Vec<Finding> {
        let finding = |file: &str, line: usize, message: String| {
            Finding::new(OUT_OF_DATE, Severity::Error, file, line, 1, message)
        };
        let fix = "run `skillgen generate` and commit the result";
        let changed = self.changed.iter().map(|changed| {
            finding(
                &changed.path,
                changed.first_line,
                format!("differs from what the facts render from here on; {fix}"),
            )
        });
        let missing = self.missing.iter().map(|path| {
            finding(
                path,
                1,
                format!("the facts produce this file but it is not committed; {fix}"),
            )
        });
        let stray = self.stray.iter().map(|path| {
            finding(
                path,
                1,
                format!("the facts no longer produce this file; {fix}"),
            )
        });
        changed.chain(missing).chain(stray).collect()
    }
}

/// Compares `rendered` (what the facts say) with `on_disk` (what is committed).
/// `label` prefixes the paths in the diff headers, e.g. `skill-out/skriptoteket-devops`.
pub fn compare(rendered: &Skill, on_disk: &Skill, label: &str) -> Drift {
    let mut drift = Drift::default();
    for (path, text) in &rendered.files {
        let header = format!("{label}/{path}");
        match (on_disk.files.get(path), on_disk.unreadable.get(path)) {
            (Some(old), _) if old == text => drift.unchanged += 1,
            (Some(old), _) => drift.changed.push(ChangedFile {
                path: path.clone(),
                diff: unified_diff(old, text, &header),
                first_line: first_changed_line(old, text),
            }),
            (None, Some(unreadable)) => drift.changed.push(ChangedFile {
                path: path.clone(),
                diff: match unreadable {
                    UnreadableFile::NotUtf8 { .. } => "the file on disk is not UTF-8\n".to_string(),
                    UnreadableFile::OutsideLink { target } => {
                        format!("the file on disk is a symlink to {}\n", target.display())
                    }
                    UnreadableFile::NotRead { reason } => {
                        format!("the file on disk {reason}\n")
                    }
                },
                first_line: 1,
            }),
            (None, None) => drift.missing.push(path.clone()),
        }
    }
    let on_disk_paths = on_disk.files.keys().chain(on_disk.unreadable.keys());
    drift.stray = on_disk_paths
        .filter(|path| !rendered.files.contains_key(*path))
        .cloned()
        .collect();
    drift.stray.sort();
    drift
}

fn first_changed_line(old: &str, new: &str) -> usize {
    TextDiff::from_lines(old, new)
        .ops()
        .iter()
        .find(|op| !matches!(op, similar::DiffOp::Equal { .. }))
        .map_or(1, |op| op.old_range().start + 1)
}

fn unified_diff(old: &str, new: &str, header: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{header} (committed)"),
            &format!("b/{header} (from facts)"),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(files: &[(&str, &str)]) -> Skill {
        let mut skill = Skill::new("s");
        for (path, text) in files {
            skill.files.insert((*path).to_string(), (*text).to_string());
        }
        skill
    }

    #[test]
    fn reports_changed_missing_and_stray_files() {
        let rendered = skill(&[("SKILL.md", "a\nb\n"), ("new.md", "x\n")]);
        let on_disk = skill(&[("SKILL.md", "a\nc\n"), ("old.md", "y\n")]);
        let drift = compare(&rendered, &on_disk, "out/s");
        assert_eq!(drift.missing, ["new.md"]);
        assert_eq!(drift.stray, ["old.md"]);
        assert_eq!(drift.changed.len(), 1);
        assert!(
            drift.changed[0].diff.contains("-c\n+b\n"),
            "{}",
            drift.changed[0].diff
        );
        assert!(drift.changed[0].diff.contains("a/out/s/SKILL.md"));
        assert_eq!(drift.changed[0].first_line, 2);
        assert_eq!(drift.unchanged, 0);
    }

    #[test]
    fn drift_becomes_one_finding_per_file() {
        let rendered = skill(&[
            ("SKILL.md", "a\nb\n"),
            ("new.md", "x\n"),
            ("same.md", "s\n"),
        ]);
        let on_disk = skill(&[
            ("SKILL.md", "a\nc\n"),
            ("old.md", "y\n"),
            ("same.md", "s\n"),
        ]);
        let drift = compare(&rendered, &on_disk, "out/s");
        assert_eq!(drift.unchanged, 1);
        let findings = drift.findings();
        let places: Vec<_> = findings
            .iter()
            .map(|f| (f.rule, f.file.as_str(), f.line))
            .collect();
        assert_eq!(
            places,
            [
                (OUT_OF_DATE, "SKILL.md", 2),
                (OUT_OF_DATE, "new.md", 1),
                (OUT_OF_DATE, "old.md", 1)
            ]
        );
        assert!(
            findings
                .iter()
                .all(|f| f.message.contains("skillgen generate"))
        );
    }

    #[test]
    fn identical_skills_have_no_drift() {
        let files = [("SKILL.md", "a\n")];
        assert!(compare(&skill(&files), &skill(&files), "x").is_empty());
    }
}
