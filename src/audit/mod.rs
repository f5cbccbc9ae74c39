//! `skillgen audit`: the app's real files read as typed data, compared with the facts.
//!
//! `check` proves the skill matches the facts; `audit` proves the facts match the app.
//! Errors are facts the app contradicts; warnings are what the app has that the facts
//! do not describe, unless `audit_ignore` lists it with a reason.

mod app;
mod compare;
mod compose;
mod env_example;
mod fact_positions;
mod pyproject;
mod python_cli;
mod read;
pub mod rules;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

pub use app::App;

use crate::diagnostic::{Finding, Severity};
use crate::facts::Facts;
use crate::located::{InputErrors, LocatedError};
use fact_positions::FactPositions;

/// What the audit found.
#[derive(Debug)]
pub struct Audit {
    /// Errors and warnings, sorted by file and line.
    pub findings: Vec<Finding>,
    /// Warnings that `audit_ignore` silenced.
    pub suppressed: Vec<Suppressed>,
    /// The text of every file a finding may point at, by the path it shows.
    pub sources: IndexMap<String, String>,
}

/// A warning silenced by an `audit_ignore` entry, with that entry's reason.
#[derive(Debug)]
pub struct Suppressed {
    pub finding: Finding,
    /// The silenced item, as `KIND:NAME`.
    pub item: String,
    /// The entry that silenced it, as written.
    pub what: String,
    pub reason: String,
}

/// The app's folder: `given` (from `--app`), else the facts' `skill.app_repo` relative
/// to the facts folder.
pub fn app_dir(
    facts_dir: &Path,
    facts: &Facts,
    given: Option<&Path>,
) -> Result<PathBuf, LocatedError> {
    if let Some(given) = given {
        return Ok(given.to_path_buf());
    }
    match &facts.skill.app_repo {
        Some(app_repo) => Ok(facts_dir.join(app_repo)),
        None => Err(LocatedError::file(
            facts_dir,
            "no app folder: pass --app DIR, or set `skill.app_repo` in the facts",
        )
        .with_help(
            "skill.app_repo is a checkout of the app's repository, relative to the facts folder",
        )),
    }
}

/// Reads the app in `app_dir` and compares it with the facts loaded from `facts_dir`.
pub fn audit(facts_dir: &Path, facts: &Facts, app_dir: &Path) -> Result<Audit, InputErrors> {
    let app = App::read(app_dir, facts.cli.source.as_deref())?;
    let positions = FactPositions::read(facts_dir);
    let raw = compare::compare(facts, &app, &positions);
    let mut used = vec![false; facts.audit_ignore.len()];
    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    for compare::Raw { finding, item } in raw {
        let ignore = item.as_deref().and_then(|item| {
            facts
                .audit_ignore
                .iter()
                .position(|ignore| ignores(ignore.what.value.trim(), item))
                .map(|index| (index, item.to_string()))
        });
        match ignore {
            Some((index, item)) => {
                used[index] = true;
                let ignore = &facts.audit_ignore[index];
                suppressed.push(Suppressed {
                    finding,
                    item,
                    what: ignore.what.value.clone(),
                    reason: ignore.reason.clone(),
                });
            }
            None => findings.push(finding),
        }
    }
    for (index, ignore) in facts.audit_ignore.iter().enumerate() {
        if !used[index] {
            let place = positions.of(&[&format!("audit_ignore[{index}]")]);
            findings.push(Finding::new(
                rules::UNUSED_IGNORE,
                Severity::Warning,
                place.file,
                place.line,
                place.column,
                format!(
                    "audit_ignore `{}` matches nothing the audit reports; remove it (kinds: env:, service:, compose:, cli:, flag:, script:)",
                    ignore.what.value
                ),
            ));
        }
    }
    findings.sort();
    let mut sources = positions.sources;
    sources.extend(app.sources);
    Ok(Audit {
        findings,
        suppressed,
        sources,
    })
}

/// Whether an `audit_ignore` entry covers `item`: the same `KIND:NAME`, or, for an
/// entry ending in `*`, every item of that kind whose name starts with the rest
/// (`env:EMAIL_*`, a family of variables left out for one reason).
fn ignores(what: &str, item: &str) -> bool {
    match what.strip_suffix('*') {
        Some(prefix) => prefix.contains(':') && item.starts_with(prefix),
        None => what == item,
    }
}

/// One line per kind of warning with its count: `3 audit-new-env-var, 1 audit-new-service`.
pub fn warning_counts(findings: &[Finding]) -> String {
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Warning) {
        *counts.entry(finding.rule).or_default() += 1;
    }
    counts.sort_keys();
    counts
        .iter()
        .map(|(rule, count)| format!("{count} {rule}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::ignores;

    #[test]
    fn an_entry_names_one_item_or_a_family_of_one_kind() {
        assert!(ignores("env:SERVICE_NAME", "env:SERVICE_NAME"));
        assert!(!ignores("env:SERVICE_NAME", "env:SERVICE_NAME_X"));
        assert!(ignores("env:EMAIL_*", "env:EMAIL_SMTP_HOST"));
        assert!(!ignores("env:EMAIL_*", "service:EMAIL_SMTP"));
        assert!(!ignores("*", "env:ANYTHING"), "a pattern keeps its kind");
    }
}
