//! Lint settings a run adds to what the facts imply: the repository's settings file
//! (`skillgen.toml`, or `[tool.skillgen]` in `pyproject.toml`), found upward from each
//! skill folder, then the command line's `--rule`, `--no-rule` and `--hosts`.
//!
//! Layers, each replacing what it sets: the rules' defaults, the facts, the file, the
//! flags. The file's `hosts` add to the facts' aliases; `--hosts` replaces both.

mod file;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use file::{PYPROJECT_FILE, SETTINGS_FILE, schema};
use file::{Place, RawSettings};

use crate::input::read_source;
use crate::lint::{self, LineBudget, LintConfig, RuleLevel};
use crate::located::{InputErrors, SourceFile};

/// A repository's settings, checked: the file they come from and what they set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SettingsFile {
    /// The file, as messages show it.
    pub path: PathBuf,
    /// ssh aliases added to those of the facts.
    pub hosts: Vec<String>,
    /// Rules set off or to a severity, in the file's order.
    pub rules: Vec<(&'static str, RuleLevel)>,
    /// SKILL.md's most lines.
    pub skill_md_lines: Option<usize>,
    /// SKILL.md's body's most tokens.
    pub skill_md_tokens: Option<usize>,
    /// Every other markdown file's most lines.
    pub max_lines: Option<usize>,
    /// Every markdown file's fewest lines.
    pub min_lines: Option<usize>,
    /// Budgets of single files, by path relative to the skill folder.
    pub files: Vec<(String, LineBudget)>,
}

impl SettingsFile {
    /// The settings in `source`, if it holds any (see [`file::parse`]).
    fn parse(source: &SourceFile, place: Place) -> Result<Option<SettingsFile>, InputErrors> {
        let Some(raw) = file::parse(source, place)? else {
            return Ok(None);
        };
        let RawSettings {
            hosts,
            rules,
            budgets,
        } = raw;
        let budgets = budgets.unwrap_or_default();
        Ok(Some(SettingsFile {
            path: source.path.clone(),
            hosts: clean_hosts(hosts.unwrap_or_default()),
            rules: rules
                .into_iter()
                .filter_map(|(name, level)| {
                    let rule = lint::explain(name.get_ref())?;
                    Some((rule.name, level.into()))
                })
                .collect(),
            skill_md_lines: budgets.skill_md_lines,
            skill_md_tokens: budgets.skill_md_tokens,
            max_lines: budgets.max_lines,
            min_lines: budgets.min_lines,
            files: budgets
                .files
                .into_iter()
                .map(|(path, budget)| {
                    let budget = LineBudget {
                        max: budget.max_lines,
                        min: budget.min_lines,
                    };
                    (path, budget)
                })
                .collect(),
        }))
    }

    fn apply(&self, config: &mut LintConfig) {
        for host in &self.hosts {
            if !config.ssh_hosts.contains(host) {
                config.ssh_hosts.push(host.clone());
            }
        }
        config.rules.extend(self.rules.iter().copied());
        if let Some(tokens) = self.skill_md_tokens {
            config.skill_token_budget = tokens;
        }
        let budgets = &mut config.line_budgets;
        if let Some(max) = self.skill_md_lines {
            budgets.skill_file_max = max;
        }
        if let Some(max) = self.max_lines {
            budgets.default_max = Some(max);
        }
        if let Some(min) = self.min_lines {
            budgets.default_min = Some(min);
        }
        for (path, budget) in &self.files {
            budgets.files.insert(path.clone(), *budget);
        }
    }
}

/// What the command line sets for one run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flags {
    /// `--hosts`: the only ssh aliases, replacing the facts' and the file's.
    pub hosts: Option<Vec<String>>,
    /// `--rule NAME=LEVEL`, then `--no-rule NAME` (so that off wins).
    pub rules: Vec<(&'static str, RuleLevel)>,
}

impl Flags {
    fn apply(&self, config: &mut LintConfig) {
        if let Some(hosts) = &self.hosts {
            config.ssh_hosts = clean_hosts(hosts.clone());
        }
        config.rules.extend(self.rules.iter().copied());
    }
}

/// `NAME=LEVEL` of `--rule`: a rule's name and `off`, `warning` or `error`.
pub fn parse_rule_flag(text: &str) -> Result<(&'static str, RuleLevel), String> {
    let Some((name, level)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not NAME=LEVEL; write e.g. `fence-language=off` (LEVEL is off, warning or error)"
        ));
    };
    let rule = lint::rule_named(name.trim())?;
    let level = match level.trim() {
        "off" => RuleLevel::Off,
        "warning" => RuleLevel::Warning,
        "error" => RuleLevel::Error,
        other => {
            let hint = crate::suggest::nearest(other, ["off", "warning", "error"])
                .map_or(String::new(), |known| format!("; did you mean `{known}`?"));
            return Err(format!(
                "`{other}` is not a level: write off, warning or error{hint}"
            ));
        }
    };
    Ok((rule.name, level))
}

/// The rule `--no-rule NAME` turns off.
pub fn parse_rule_name(text: &str) -> Result<(&'static str, RuleLevel), String> {
    Ok((lint::rule_named(text.trim())?.name, RuleLevel::Off))
}

/// Everything one skill folder's lint adds to the facts: its settings file, if any,
/// and the run's flags.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub file: Option<&'a SettingsFile>,
    pub flags: &'a Flags,
}

impl Settings<'_> {
    /// Applies the file, then the flags, over a config the facts made.
    pub fn apply(&self, config: &mut LintConfig) {
        if let Some(file) = self.file {
            file.apply(config);
        }
        self.flags.apply(config);
    }
}

/// Finds the settings file of skill folders, reading each file once however many
/// skills share it.
#[derive(Debug, Default)]
pub struct Finder {
    read: HashMap<PathBuf, Option<Arc<SettingsFile>>>,
}

impl Finder {
    /// The settings for the skill in `dir`: from the first folder, going up from `dir`
    /// itself, that holds a `skillgen.toml`, or a `pyproject.toml` with a
    /// `[tool.skillgen]` table (`skillgen.toml` first when a folder holds both). The
    /// search ends at the repository's root (the folder holding `.git`) or, outside a
    /// repository, at the filesystem's root.
    pub fn find(&mut self, dir: &Path) -> Result<Option<Arc<SettingsFile>>, InputErrors> {
        for folder in start_folder(dir).ancestors() {
            for (name, place) in [
                (SETTINGS_FILE, Place::WholeFile),
                (PYPROJECT_FILE, Place::ToolTable),
            ] {
                let path = folder.join(name);
                if !path.exists() {
                    continue;
                }
                if let Some(found) = self.read(&path, place)? {
                    return Ok(Some(found));
                }
            }
            if folder.join(".git").exists() {
                break;
            }
        }
        Ok(None)
    }

    fn read(
        &mut self,
        path: &Path,
        place: Place,
    ) -> Result<Option<Arc<SettingsFile>>, InputErrors> {
        if let Some(read) = self.read.get(path) {
            return Ok(read.clone());
        }
        let shown = shown_path(path);
        let text = read_source(path, &shown, "lint settings file")?;
        // A pyproject.toml that never says `skillgen` has no [tool.skillgen] table and
        // is passed over unparsed: it is another tool's file.
        let settings = if place == Place::ToolTable && !text.contains("skillgen") {
            None
        } else {
            SettingsFile::parse(&SourceFile::new(shown, text), place)?.map(Arc::new)
        };
        self.read.insert(path.to_path_buf(), settings.clone());
        Ok(settings)
    }
}

/// The folder the search starts from, absolute and without `..`: `dir` itself, or for
/// a folder not written yet, its nearest existing ancestor.
fn start_folder(dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .ancestors()
        .find_map(|folder| folder.canonicalize().ok())
        .unwrap_or(absolute)
}

/// `path` relative to the working folder when it is below it, else as it is.
fn shown_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Aliases without surrounding spaces, and no empty ones.
fn clean_hosts(hosts: Vec<String>) -> Vec<String> {
    hosts
        .into_iter()
        .map(|host| host.trim().to_string())
        .filter(|host| !host.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn layers_apply_in_order_file_then_flags() {
        let mut config = LintConfig {
            ssh_hosts: vec!["from-facts".into()],
            ..LintConfig::default()
        };
        config.rules.insert(lint::LINE_BUDGET, RuleLevel::Error);
        let file = SettingsFile {
            hosts: vec!["from-file".into(), "from-facts".into()],
            rules: vec![
                ("line-budget", RuleLevel::Warning),
                ("fence-language", RuleLevel::Off),
            ],
            skill_md_lines: Some(300),
            files: vec![(
                "big.md".into(),
                LineBudget {
                    max: Some(900),
                    min: None,
                },
            )],
            ..SettingsFile::default()
        };
        let flags = Flags {
            hosts: None,
            rules: vec![("fence-language", RuleLevel::Error)],
        };
        Settings {
            file: Some(&file),
            flags: &flags,
        }
        .apply(&mut config);
        assert_eq!(config.ssh_hosts, ["from-facts", "from-file"]);
        assert_eq!(config.rules["line-budget"], RuleLevel::Warning);
        assert_eq!(config.rules["fence-language"], RuleLevel::Error);
        assert_eq!(config.line_budgets.skill_file_max, 300);
        assert_eq!(config.line_budgets.files["big.md"].max, Some(900));

        let flags = Flags {
            hosts: Some(vec![" only ".into(), String::new()]),
            rules: Vec::new(),
        };
        Settings {
            file: Some(&file),
            flags: &flags,
        }
        .apply(&mut config);
        assert_eq!(config.ssh_hosts, ["only"], "--hosts replaces every alias");
    }

    #[test]
    fn rule_flags_name_a_rule_and_a_level() {
        assert_eq!(
            parse_rule_flag("fence-language=off"),
            Ok(("fence-language", RuleLevel::Off))
        );
        assert_eq!(
            parse_rule_flag("line-budget = error"),
            Ok(("line-budget", RuleLevel::Error))
        );
        assert!(
            parse_rule_flag("fence-langage=off")
                .unwrap_err()
                .contains("did you mean `fence-language`?")
        );
        assert!(
            parse_rule_flag("fence-language=warn")
                .unwrap_err()
                .contains("did you mean `warning`?")
        );
        assert!(
            parse_rule_flag("fence-language")
                .unwrap_err()
                .contains("NAME=LEVEL")
        );
        assert_eq!(
            parse_rule_name("broken-link"),
            Ok(("broken-link", RuleLevel::Off))
        );
    }

    #[test]
    fn the_nearest_file_up_to_the_repository_root_applies() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let skills = repo.join("app/.claude/skills");
        fs::create_dir_all(skills.join("deploy")).unwrap();
        fs::create_dir_all(repo.join(".git")).unwrap();
        // Above the repository: never read.
        fs::write(
            tmp.path().join(SETTINGS_FILE),
            "[rules]\nbroken-link = \"off\"\n",
        )
        .unwrap();
        let mut finder = Finder::default();
        assert_eq!(finder.find(&skills.join("deploy")).unwrap(), None);

        // A pyproject.toml of another tool is passed over; one with the table counts.
        fs::write(
            repo.join("app/pyproject.toml"),
            "[tool.ruff]\nline-length = 99\n",
        )
        .unwrap();
        assert_eq!(finder.find(&skills.join("deploy")).unwrap(), None);
        fs::write(
            repo.join(PYPROJECT_FILE),
            "[tool.skillgen.rules]\nfence-language = \"off\"\n",
        )
        .unwrap();
        let found = finder.find(&skills.join("deploy")).unwrap().unwrap();
        assert!(found.path.ends_with("repo/pyproject.toml"), "{found:?}");

        // Nearer wins, and skillgen.toml before pyproject.toml in one folder.
        fs::write(
            repo.join("app/pyproject.toml"),
            "[tool.skillgen]\nhosts = [\"py\"]\n",
        )
        .unwrap();
        fs::write(repo.join("app").join(SETTINGS_FILE), "hosts = [\"toml\"]\n").unwrap();
        let mut finder = Finder::default();
        let found = finder.find(&skills.join("deploy")).unwrap().unwrap();
        assert_eq!(found.hosts, ["toml"]);
        // A folder not written yet finds its ancestors' file.
        let later = finder.find(&skills.join("not-yet/sub")).unwrap().unwrap();
        assert!(Arc::ptr_eq(&found, &later), "the file is read once");
    }

    #[test]
    fn a_broken_file_is_located_input_error() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join(".git")).unwrap();
        fs::write(
            tmp.path().join(SETTINGS_FILE),
            "[rules]\nbroken-lnk = \"off\"\n",
        )
        .unwrap();
        let errors = Finder::default().find(tmp.path()).unwrap_err();
        assert!(
            errors.0[0].location().ends_with("skillgen.toml:2:1"),
            "{errors}"
        );
        assert!(errors.to_string().contains("did you mean `broken-link`?"));
    }
}
