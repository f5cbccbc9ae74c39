//! The human report's digest of many findings: a finding repeated many times in one
//! skill is shown a few times and then counted, and the report ends with a table of
//! the findings per rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::{Finding, Severity};
use crate::outcome::Linted;

/// A group of findings of one rule with one message is folded when it has more than
/// this many findings...
const FOLD_OVER: usize = 5;
/// ...to its first this many, then one line that counts the rest.
const SHOWN: usize = 3;
/// At most this many files are named on that line.
const FILES_NAMED: usize = 5;

/// Which findings of one skill the human report shows, and where it says how many
/// more there are like one it showed.
#[derive(Debug, Default)]
pub(super) struct Folding {
    hidden: Vec<bool>,
    /// After the finding at this index: the line that counts the rest of its group.
    more_after: HashMap<usize, String>,
}

impl Folding {
    /// Groups `findings` (in report order) by rule, severity and message, in one pass.
    pub(super) fn new(findings: &[Finding]) -> Folding {
        let mut groups: HashMap<(&str, Severity, &str), Vec<usize>> = HashMap::new();
        for (index, finding) in findings.iter().enumerate() {
            groups
                .entry((finding.rule, finding.severity, finding.message.as_str()))
                .or_default()
                .push(index);
        }
        let mut folding = Folding {
            hidden: vec![false; findings.len()],
            more_after: HashMap::new(),
        };
        for indices in groups.values().filter(|indices| indices.len() > FOLD_OVER) {
            let rest = &indices[SHOWN..];
            for &index in rest {
                folding.hidden[index] = true;
            }
            let line = more_like_this(rest.iter().map(|&index| &findings[index]));
            folding.more_after.insert(indices[SHOWN - 1], line);
        }
        folding
    }

    /// Whether the finding at `index` is left out, counted on its group's line.
    pub(super) fn hidden(&self, index: usize) -> bool {
        self.hidden.get(index).copied().unwrap_or(false)
    }

    /// The line to show after the finding at `index`, when its group is folded there.
    pub(super) fn more_after(&self, index: usize) -> Option<&str> {
        self.more_after.get(&index).map(String::as_str)
    }
}

/// `... and 49 more like this in deploy.md (12), db.md (37); --format json lists every one`.
fn more_like_this<'a>(rest: impl Iterator<Item = &'a Finding>) -> String {
    let mut per_file: Vec<(&str, usize)> = Vec::new();
    let mut count = 0;
    for finding in rest {
        count += 1;
        match per_file.last_mut() {
            Some((file, n)) if *file == finding.file => *n += 1,
            _ => per_file.push((&finding.file, 1)),
        }
    }
    // Findings come sorted by file, so each file is one run; merge any that are not.
    let mut merged: Vec<(&str, usize)> = Vec::new();
    for (file, n) in per_file {
        match merged.iter_mut().find(|(known, _)| *known == file) {
            Some((_, total)) => *total += n,
            None => merged.push((file, n)),
        }
    }
    let mut files: Vec<String> = merged
        .iter()
        .take(FILES_NAMED)
        .map(|(file, n)| format!("{file} ({n})"))
        .collect();
    if merged.len() > FILES_NAMED {
        files.push(format!("{} other files", merged.len() - FILES_NAMED));
    }
    format!(
        "... and {count} more like this in {}; --format json lists every one",
        files.join(", ")
    )
}

/// The findings of every linted skill per rule, most errors first: errors, warnings and
/// how many files they are in. Empty when there is at most one finding.
pub(super) fn by_rule(linted: &[Linted]) -> String {
    #[derive(Default)]
    struct Row<'a> {
        errors: usize,
        warnings: usize,
        files: BTreeSet<(&'a str, &'a str)>,
    }
    let mut rows: BTreeMap<&str, Row<'_>> = BTreeMap::new();
    let mut total = Row::default();
    for skill in linted {
        for finding in &skill.findings {
            let place = (skill.folder.as_str(), finding.file.as_str());
            for row in [rows.entry(finding.rule).or_default(), &mut total] {
                match finding.severity {
                    Severity::Error => row.errors += 1,
                    Severity::Warning => row.warnings += 1,
                }
                row.files.insert(place);
            }
        }
    }
    if total.errors + total.warnings <= 1 {
        return String::new();
    }
    let mut rows: Vec<(&str, Row<'_>)> = rows.into_iter().collect();
    rows.sort_by(|(a_name, a), (b_name, b)| {
        (b.errors, b.warnings, a_name).cmp(&(a.errors, a.warnings, b_name))
    });
    let width = rows
        .iter()
        .map(|(name, _)| name.len())
        .chain(["total".len()])
        .max()
        .unwrap_or(0);
    let skills = linted
        .iter()
        .filter(|skill| !skill.findings.is_empty())
        .count();
    let mut out = format!(
        "findings by rule{}:\n  {:width$}  errors  warnings  files\n",
        if skills > 1 {
            format!(" in {skills} skills")
        } else {
            String::new()
        },
        "rule"
    );
    for (name, row) in rows
        .iter()
        .map(|(name, row)| (*name, row))
        .chain([("total", &total)])
    {
        out.push_str(&format!(
            "  {name:width$}  {:>6}  {:>8}  {:>5}\n",
            row.errors,
            row.warnings,
            row.files.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skill::Skill;

    fn finding(rule: &'static str, severity: Severity, file: &str, line: usize) -> Finding {
        Finding::new(rule, severity, file, line, 1, format!("{rule} message"))
    }

    #[test]
    fn a_group_of_more_than_five_shows_three_and_counts_the_rest() {
        let mut findings: Vec<Finding> = (1..=4)
            .map(|line| finding("fence-language", Severity::Warning, "a.md", line))
            .collect();
        findings.push(finding("broken-link", Severity::Error, "a.md", 9));
        findings
            .extend((1..=3).map(|line| finding("fence-language", Severity::Warning, "b.md", line)));
        let folding = Folding::new(&findings);
        let shown: Vec<usize> = (0..findings.len())
            .filter(|&i| !folding.hidden(i))
            .collect();
        assert_eq!(shown, [0, 1, 2, 4]);
        assert_eq!(
            folding.more_after(2),
            Some("... and 4 more like this in a.md (1), b.md (3); --format json lists every one")
        );
        assert_eq!(folding.more_after(4), None);

        // Five alike are all shown.
        let five: Vec<Finding> = (1..=5)
            .map(|line| finding("fence-language", Severity::Warning, "a.md", line))
            .collect();
        let folding = Folding::new(&five);
        assert!((0..5).all(|i| !folding.hidden(i) && folding.more_after(i).is_none()));
    }

    #[test]
    fn the_table_counts_per_rule_most_errors_first() {
        let linted = |folder: &str, findings| Linted::new(folder, Skill::new("x"), findings);
        let skills = [
            linted(
                "skills/a",
                vec![
                    finding("fence-language", Severity::Warning, "SKILL.md", 1),
                    finding("fence-language", Severity::Warning, "ref.md", 1),
                    finding("broken-anchor", Severity::Error, "SKILL.md", 2),
                ],
            ),
            linted("skills/b", Vec::new()),
            linted(
                "skills/c",
                vec![finding("fence-language", Severity::Error, "SKILL.md", 1)],
            ),
        ];
        assert_eq!(
            by_rule(&skills),
            "findings by rule in 2 skills:\n  rule            errors  warnings  files\n  fence-language       1         2      3\n  broken-anchor        1         0      1\n  total                2         2      3\n"
        );
        assert_eq!(by_rule(&skills[2..]), "", "one finding needs no table");
    }
}
