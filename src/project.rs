//! What skillgen does to a project (its facts, templates and skill folder): `generate`,
//! `check`, `lint`, `audit`, `package` and `init`, each a function that returns an
//! [`Outcome`] and prints nothing.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::diagnostic::Severity;
use crate::facts::{self, Facts};
use crate::located::InputErrors;
use crate::outcome::{Compared, Linted, Outcome, Status};
use crate::settings::{Finder, Flags, Settings};
use crate::skill::{self, Skill, SkillError, Written};
use crate::skill_folders::skill_folders;
use crate::sync::{self, Drift};
use crate::{audit, lint, lint_config_for, lint_with_facts, package, parallel, scaffold};

/// The folders a command works on, as the user named them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub facts: PathBuf,
    pub templates: PathBuf,
    /// The skill folder is `out/<skill name>`.
    pub out: PathBuf,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            facts: PathBuf::from("facts"),
            templates: PathBuf::from("templates"),
            out: PathBuf::from("skill-out"),
        }
    }
}

impl Project {
    /// Renders the skill, lints it, and writes it to its folder unless it is already
    /// there; refuses a skill with lint errors unless `allow_lint_errors`. Says which
    /// files changed. The lint takes the repository's settings file above the skill
    /// folder, and `flags` over it.
    pub fn generate(&self, allow_lint_errors: bool, flags: &Flags) -> Outcome {
        let (facts, rendered) = match self.build() {
            Ok(built) => built,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let folder = self.out.join(&rendered.name);
        let label = folder.display().to_string();
        let file = match Finder::default().find(&folder) {
            Ok(file) => file,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let settings = Settings {
            file: file.as_deref(),
            flags,
        };
        let findings = lint_with_facts(&rendered, &facts, settings);
        let mut outcome = Outcome::default();
        if !findings.is_empty() {
            outcome
                .linted
                .push(Linted::new(&label, rendered.clone(), findings));
        }
        if outcome.has_lint_errors() && !allow_lint_errors {
            outcome.status = Status::Failed;
            return outcome.tell(
                "skillgen: the rendered skill has lint errors; nothing was written.\nFix the facts or templates, or pass --allow-lint-errors to write it anyway.",
            );
        }
        let on_disk = read_own_folder(&folder);
        let empty = Skill::new(rendered.name.clone());
        let drift = sync::compare(&rendered, on_disk.as_ref().unwrap_or(&empty), &label);
        if on_disk.is_some() && drift.is_empty() {
            let written = Written {
                removed_leftovers: skill::remove_stale_staging(&self.out, &rendered.name),
                old_copy_left: None,
            };
            return tell_written(outcome, &written).say(format!(
                "{label} is up to date ({} files); nothing to write",
                rendered.files.len()
            ));
        }
        match rendered.write_atomically(&self.out) {
            Ok(written) => tell_written(outcome, &written).say(changes(&label, &drift)),
            Err(error) => write_failed(outcome, &error),
        }
    }

    /// Renders the skill in memory and compares it with its folder. With drift, shows
    /// it, and lints what the facts render (the committed files are out of date, so
    /// their findings are beside the point); without, lints the committed skill. The
    /// lint takes the settings file and `flags` as `generate` does.
    pub fn check(&self, flags: &Flags) -> Outcome {
        let (facts, rendered) = match self.build() {
            Ok(built) => built,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let folder = self.out.join(&rendered.name);
        let label = folder.display().to_string();
        let file = match Finder::default().find(&folder) {
            Ok(file) => file,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let settings = Settings {
            file: file.as_deref(),
            flags,
        };
        let on_disk = match Skill::read(&folder) {
            Ok(skill) => skill,
            Err(SkillError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Skill::new(rendered.name.clone())
            }
            Err(error) => return write_failed(Outcome::default(), &error),
        };
        let drift = sync::compare(&rendered, &on_disk, &label);
        if drift.is_empty() {
            let budgets = lint::line_budgets(
                &on_disk,
                &lint_config_for(&rendered.name, Some(&facts), settings),
            );
            let findings = lint_with_facts(&on_disk, &facts, settings);
            let mut outcome = Outcome::default();
            outcome
                .linted
                .push(Linted::new(&label, on_disk, findings).with_budgets(budgets));
            if outcome.has_lint_errors() {
                outcome.status = Status::Failed;
                return outcome;
            }
            return outcome.say(format!(
                "{label} matches the facts ({} files)",
                rendered.files.len()
            ));
        }
        let findings = lint_with_facts(&rendered, &facts, settings);
        let linted = Linted::new(&label, rendered, findings).titled("what the facts render");
        let generate = self.generate_command();
        let fix = if linted.has_errors() {
            format!(
                "The facts render a skill with lint errors, so `{generate}` would refuse to write it: fix the facts or templates the findings above point at, then run it and commit the result."
            )
        } else {
            format!(
                "To fix it, run `{generate}` (from a checkout: `cargo run --release -- {}`) and commit the result.",
                generate.trim_start_matches("skillgen ")
            )
        };
        Outcome {
            status: Status::Failed,
            drift: Some(Compared {
                folder: label,
                drift,
            }),
            linted: vec![linted],
            ..Outcome::default()
        }
        .say(fix)
    }

    /// Lints skill folders (by default the generated one; a folder of skills is each
    /// of its skills), each against what the facts say about it, the repository's settings file above it and `flags`, on
    /// every core.
    pub fn lint(&self, dirs: &[PathBuf], flags: &Flags) -> Outcome {
        // Facts give the generated skill's folder, its hosts and its budgets. They are
        // needed only when no folder or no hosts are given; a folder outside a skillgen
        // project is linted without them.
        let hosts_given = flags.hosts.is_some();
        let facts = match self.facts_if(dirs.is_empty() || (!hosts_given && self.facts.is_dir())) {
            Ok(facts) => facts,
            Err(errors) => return Outcome::input_errors(errors),
        };
        // A folder of skills (`.claude/skills`) is linted skill by skill.
        let dirs: Vec<PathBuf> = match (&facts, dirs.is_empty()) {
            (Some(facts), true) => vec![self.out.join(&facts.skill.name.value)],
            _ => dirs.iter().flat_map(|dir| skill_folders(dir)).collect(),
        };
        let mut finder = Finder::default();
        let mut files = Vec::with_capacity(dirs.len());
        for dir in &dirs {
            match finder.find(dir) {
                Ok(file) => files.push(file),
                Err(errors) => return Outcome::input_errors(errors),
            }
        }
        let jobs: Vec<_> = dirs.iter().zip(&files).collect();
        let linted = parallel::map_ordered(&jobs, |&(dir, file)| {
            let skill = Skill::read(dir)?;
            let settings = Settings {
                file: file.as_deref(),
                flags,
            };
            let config = lint_config_for(&skill.name, facts.as_ref(), settings);
            let findings = lint::lint_skill(&skill, &config);
            let budgets = lint::line_budgets(&skill, &config);
            let folder = dir.display().to_string();
            Ok::<_, SkillError>(Linted::new(folder, skill, findings).with_budgets(budgets))
        });
        let mut outcome = Outcome::default();
        for (dir, result) in dirs.iter().zip(linted) {
            match result {
                Ok(linted) => outcome.linted.push(linted),
                Err(error) => {
                    outcome.status = Status::Invalid;
                    outcome =
                        outcome.tell(format!("error: cannot lint {}: {error}", dir.display()));
                }
            }
        }
        if outcome.status == Status::Ok && outcome.has_lint_errors() {
            outcome.status = Status::Failed;
        }
        outcome
    }

    /// Holds the facts against the app's real files in `app` (or the facts'
    /// `skill.app_repo`): what the app contradicts is an error, what the facts do not
    /// describe a warning, counted per kind.
    pub fn audit(&self, app: Option<&Path>) -> Outcome {
        let facts = match facts::load(&self.facts) {
            Ok(facts) => facts,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let app_dir = match audit::app_dir(&self.facts, &facts, app) {
            Ok(dir) => dir,
            Err(error) => return Outcome::input_errors(InputErrors(vec![error])),
        };
        let result = match audit::audit(&self.facts, &facts, &app_dir) {
            Ok(result) => result,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let mut sources = Skill::new("audit");
        sources.files.extend(result.sources);
        let counts = audit::warning_counts(&result.findings);
        let clean = result.findings.is_empty();
        let mut outcome = Outcome::default();
        outcome
            .linted
            .push(Linted::new("", sources, result.findings).titled("audit"));
        if !counts.is_empty() {
            outcome = outcome.say(format!("undescribed in the facts: {counts}"));
        }
        if !result.suppressed.is_empty() {
            outcome = outcome.say(suppressed_summary(&result.suppressed));
        }
        if clean {
            outcome = outcome.say(format!("{}: the facts match the app", app_dir.display()));
        }
        if outcome.has_lint_errors() {
            outcome.status = Status::Failed;
        }
        outcome
    }

    /// Lints a skill folder (by default the generated one) and zips it as a `.skill`
    /// file, to `output` or `dist/<name>.skill`.
    pub fn package(&self, dir: Option<&Path>, output: Option<&Path>) -> Outcome {
        // Without a folder, the facts name it; with one, they are used when present.
        let facts = match self.facts_if(dir.is_none() || self.facts.is_dir()) {
            Ok(facts) => facts,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let Some(dir) = dir
            .map(Path::to_path_buf)
            .or_else(|| Some(self.out.join(&facts.as_ref()?.skill.name.value)))
        else {
            return Outcome::refused(Status::Invalid, "error: no skill folder to package");
        };
        let skill = match Skill::read(&dir) {
            Ok(skill) => skill,
            Err(error) => {
                return Outcome::refused(
                    Status::Invalid,
                    format!("error: cannot package {}: {error}", dir.display()),
                );
            }
        };
        let root = dir.display().to_string();
        let file = match Finder::default().find(&dir) {
            Ok(file) => file,
            Err(errors) => return Outcome::input_errors(errors),
        };
        let settings = Settings {
            file: file.as_deref(),
            flags: &Flags::default(),
        };
        let mut findings = lint::lint_skill(
            &skill,
            &lint_config_for(&skill.name, facts.as_ref(), settings),
        );
        // A package is for Claude's upload, so what only the upload refuses (the
        // frontmatter's warnings) stops it too.
        for finding in &mut findings {
            if finding.rule == "frontmatter" {
                finding.severity = Severity::Error;
            }
        }
        let linted = Linted::new(&root, skill.clone(), findings);
        if linted.has_errors() {
            let outcome = Outcome {
                status: Status::Failed,
                linted: vec![linted],
                ..Outcome::default()
            };
            return outcome.tell(format!(
                "skillgen: {root} has lint errors; no package was written"
            ));
        }
        let bytes = match package::package(&skill) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Outcome::refused(
                    Status::Failed,
                    format!("error: {error}; no package was written"),
                );
            }
        };
        let target = output.map_or_else(|| package::default_path(&skill.name), Path::to_path_buf);
        let written = if output.is_none() {
            fs::create_dir_all(package::DEFAULT_FOLDER).map_err(|source| SkillError::Io {
                path: PathBuf::from(package::DEFAULT_FOLDER),
                source,
            })
        } else {
            Ok(())
        }
        .and_then(|()| skill::write_file_atomically(&target, &bytes));
        if let Err(error) = written {
            return Outcome::refused(
                Status::Invalid,
                format!(
                    "error: cannot write {}: {error}\nskillgen: nothing was written",
                    target.display()
                ),
            );
        }
        Outcome::result(format!(
            "wrote {} ({} files, {} bytes)",
            target.display(),
            skill.files.len() + skill.unreadable.len(),
            bytes.len()
        ))
    }

    /// The command that brings the skill folder back in sync, with the same folders.
    pub fn generate_command(&self) -> String {
        let mut command = String::from("skillgen generate");
        let default = Project::default();
        for (flag, value, default) in [
            ("--facts", &self.facts, &default.facts),
            ("--templates", &self.templates, &default.templates),
            ("--out", &self.out, &default.out),
        ] {
            if value != default {
                command.push_str(&format!(" {flag} {}", value.display()));
            }
        }
        command
    }

    /// Loads the facts and renders the skill.
    fn build(&self) -> Result<(Facts, Skill), InputErrors> {
        let facts = facts::load(&self.facts)?;
        let skill = crate::render::render_skill(&facts, &self.templates)?;
        Ok((facts, skill))
    }

    /// The facts when `wanted`.
    fn facts_if(&self, wanted: bool) -> Result<Option<Facts>, InputErrors> {
        wanted.then(|| facts::load(&self.facts)).transpose()
    }
}

/// Starts a new project in `dir`: facts, templates, schema, README section, and the
/// generated skill. Takes everything back when a step fails.
pub fn init(dir: &Path, name: &str) -> Outcome {
    let scaffolded = match scaffold::scaffold(dir, name, &facts::schema()) {
        Ok(scaffolded) => scaffolded,
        Err(error) => {
            return Outcome::refused(
                Status::Invalid,
                format!("error: {error}\nskillgen: nothing was written"),
            );
        }
    };
    let skill = match crate::build_skill(&dir.join("facts"), &dir.join("templates")) {
        Ok(skill) => skill,
        Err(errors) => {
            scaffolded.undo();
            return Outcome::input_errors(errors);
        }
    };
    let outcome = match skill.write_atomically(&dir.join("skill-out")) {
        Ok(written) => tell_written(Outcome::default(), &written),
        Err(error) => {
            scaffolded.undo();
            let _ = fs::remove_dir(dir.join("skill-out"));
            return Outcome::refused(
                Status::Invalid,
                format!(
                    "error: {error}\nskillgen: the new project was taken back; nothing was left in {}",
                    dir.display()
                ),
            );
        }
    };
    outcome.say(format!(
        "created {dir} with the `{name}` skill in {dir}/skill-out/{name}\nnext: edit {dir}/facts, then run `skillgen generate` and `skillgen check` in {dir}",
        dir = dir.display()
    ))
}

/// The skill in `folder` when it is a real folder that can be read. Anything else
/// (missing, a symlink, a file) is left for the write to handle or refuse.
fn read_own_folder(folder: &Path) -> Option<Skill> {
    let is_folder = fs::symlink_metadata(folder).is_ok_and(|meta| meta.is_dir());
    is_folder.then(|| Skill::read(folder).ok()).flatten()
}

/// Which files a write changed: `wrote DIR: 3 files changed, 8 unchanged`, then each
/// of them marked modified, added or removed; past a dozen, the first ten.
fn changes(label: &str, drift: &Drift) -> String {
    let modified = drift.changed.iter().map(|file| ("modified", &file.path));
    let added = drift.missing.iter().map(|path| ("added", path));
    let removed = drift.stray.iter().map(|path| ("removed", path));
    let files: Vec<_> = modified.chain(added).chain(removed).collect();
    let mut text = format!(
        "wrote {label}: {} {} changed, {} unchanged",
        files.len(),
        if files.len() == 1 { "file" } else { "files" },
        drift.unchanged
    );
    let shown = if files.len() > 12 { 10 } else { files.len() };
    for (how, path) in &files[..shown] {
        text.push_str(&format!("\n  {how:<8}  {path}"));
    }
    if shown < files.len() {
        text.push_str(&format!("\n  and {} more", files.len() - shown));
    }
    text
}

/// Adds what a write did besides writing: leftovers of interrupted runs it removed, and
/// an old copy it could not remove.
fn tell_written(mut outcome: Outcome, written: &Written) -> Outcome {
    for path in &written.removed_leftovers {
        outcome = outcome.tell(format!(
            "note: removed {}, left by an earlier run that was interrupted",
            path.display()
        ));
    }
    if let Some((path, error)) = &written.old_copy_left {
        outcome = outcome.tell(format!(
            "warning: the new skill is in place, but its old copy could not be removed: {}: {error}\nRemove it by hand (`chmod -R u+w {path} && rm -rf {path}`), so it is not committed with the skill.",
            path.display(),
            path = path.display()
        ));
    }
    outcome
}

/// A skill folder that could not be read or written: invalid, and left as it was.
fn write_failed(mut outcome: Outcome, error: &SkillError) -> Outcome {
    outcome.status = Status::Invalid;
    outcome.tell(format!(
        "error: {error}\nskillgen: the skill folder was left as it was"
    ))
}

/// What `audit_ignore` silenced, one line per entry with its reason: the place of a
/// single item, or the count and names of a family's items.
fn suppressed_summary(suppressed: &[audit::Suppressed]) -> String {
    let mut entries: IndexMap<&str, Vec<&audit::Suppressed>> = IndexMap::new();
    for one in suppressed {
        entries.entry(one.what.as_str()).or_default().push(one);
    }
    let mut text = format!(
        "suppressed by audit_ignore ({} items, {} entries):",
        suppressed.len(),
        entries.len()
    );
    for (what, items) in &entries {
        let first = items[0];
        let place = if items.len() == 1 && first.item == *what {
            format!("{}:{}", first.finding.file, first.finding.line)
        } else {
            let names: Vec<&str> = items
                .iter()
                .map(|one| {
                    one.item
                        .split_once(':')
                        .map_or(one.item.as_str(), |(_, name)| name)
                })
                .collect();
            format!("{}: {}", items.len(), names.join(", "))
        };
        text.push_str(&format!("\n  {what} ({place}): {}", first.reason));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_each_file_and_how() {
        let drift = Drift {
            missing: vec!["new.md".into()],
            stray: vec!["old.md".into()],
            unchanged: 8,
            ..Drift::default()
        };
        assert_eq!(
            changes("out/demo", &drift),
            "wrote out/demo: 2 files changed, 8 unchanged\n  added     new.md\n  removed   old.md"
        );
    }

    #[test]
    fn the_fix_command_keeps_the_folders_given() {
        let project = Project {
            out: PathBuf::from("elsewhere"),
            ..Project::default()
        };
        assert_eq!(Project::default().generate_command(), "skillgen generate");
        assert_eq!(
            project.generate_command(),
            "skillgen generate --out elsewhere"
        );
    }
}
