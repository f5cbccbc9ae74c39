//! Where each fact the audit compares is written in `facts/`, so a finding can point at
//! the line to change. The facts are already loaded and valid; this reads the same files
//! again for positions only, skipping every key it does not need.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::Related;

/// A place in a facts file, as findings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn related(&self, label: impl Into<String>) -> Related {
        Related {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            label: label.into(),
        }
    }
}

/// The places of the facts, by a dotted path: `containers.web_dev.name`,
/// `compose_files.dev.files[1]`, `cli.commands.seed.flags[0]`, `audit_ignore[2]`.
#[derive(Debug, Default)]
pub struct FactPositions {
    places: HashMap<String, Place>,
    /// The text of each facts file, by the path findings show.
    pub sources: IndexMap<String, String>,
}

type S = Spanned<String>;

#[derive(Default, Deserialize)]
struct File {
    skill: Option<Spanned<SkillPos>>,
    #[serde(default)]
    compose_files: IndexMap<S, ComposePos>,
    #[serde(default)]
    containers: IndexMap<S, ContainerPos>,
    #[serde(default)]
    networks: IndexMap<S, NetworkPos>,
    #[serde(default)]
    env_vars: IndexMap<S, EnvVarPos>,
    #[serde(default)]
    env_files: IndexMap<S, S>,
    database: Option<DatabasePos>,
    cli: Option<CliPos>,
    #[serde(default)]
    audit_ignore: Vec<IgnorePos>,
}

#[derive(Deserialize)]
struct SkillPos {
    app_repo: Option<S>,
}

#[derive(Deserialize)]
struct ComposePos {
    #[serde(default)]
    files: Vec<S>,
}

#[derive(Deserialize)]
struct ContainerPos {
    name: Option<S>,
    service: Option<S>,
    ports: Option<S>,
    #[serde(default)]
    networks: Vec<S>,
}

#[derive(Deserialize)]
struct NetworkPos {
    name: Option<S>,
}

#[derive(Deserialize)]
struct EnvVarPos {
    #[serde(default)]
    environments: Vec<S>,
}

#[derive(Deserialize)]
struct DatabasePos {
    name: Option<S>,
    user: Option<S>,
}

#[derive(Deserialize)]
struct CliPos {
    source: Option<S>,
    #[serde(default)]
    commands: IndexMap<S, CommandPos>,
}

#[derive(Deserialize)]
struct CommandPos {
    name: Option<S>,
    pdm_script: Option<S>,
    #[serde(default)]
    flags: Vec<FlagPos>,
}

#[derive(Deserialize)]
struct FlagPos {
    flag: S,
}

#[derive(Deserialize)]
struct IgnorePos {
    what: S,
}

impl FactPositions {
    /// Reads the positions from every `.yaml` file of `dir`; a file that does not read
    /// gives no positions (the facts loader has already reported it).
    pub fn read(dir: &Path) -> FactPositions {
        let mut positions = FactPositions::default();
        let Ok(entries) = fs::read_dir(dir) else {
            return positions;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                )
            })
            .collect();
        paths.sort();
        for path in paths {
            let shown = path.to_string_lossy().trim_start_matches("./").to_string();
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            if let Ok(file) = serde_saphyr::from_str::<File>(&text) {
                positions.add(&shown, file);
            }
            positions.sources.insert(shown, text);
        }
        positions
    }

    fn put(&mut self, file: &str, key: String, at: &S) {
        self.places.entry(key).or_insert(Place {
            file: file.to_string(),
            line: (at.referenced.line() as usize).max(1),
            column: (at.referenced.column() as usize).max(1),
        });
    }

    fn add(&mut self, file: &str, facts: File) {
        if let Some(skill) = facts.skill
            && let Some(app_repo) = &skill.value.app_repo
        {
            self.put(file, "skill.app_repo".into(), app_repo);
        }
        for (key, set) in &facts.compose_files {
            self.put(file, format!("compose_files.{}", key.value), key);
            for (index, name) in set.files.iter().enumerate() {
                self.put(
                    file,
                    format!("compose_files.{}.files[{index}]", key.value),
                    name,
                );
            }
        }
        for (key, container) in &facts.containers {
            let base = format!("containers.{}", key.value);
            self.put(file, base.clone(), key);
            for (field, value) in [
                ("name", &container.name),
                ("service", &container.service),
                ("ports", &container.ports),
            ] {
                if let Some(value) = value {
                    self.put(file, format!("{base}.{field}"), value);
                }
            }
            for (index, network) in container.networks.iter().enumerate() {
                self.put(file, format!("{base}.networks[{index}]"), network);
            }
        }
        for (key, network) in &facts.networks {
            self.put(file, format!("networks.{}", key.value), key);
            if let Some(name) = &network.name {
                self.put(file, format!("networks.{}.name", key.value), name);
            }
        }
        for (key, var) in &facts.env_vars {
            self.put(file, format!("env_vars.{}", key.value), key);
            if let Some(first) = var.environments.first() {
                self.put(file, format!("env_vars.{}.environments", key.value), first);
            }
        }
        for (key, name) in &facts.env_files {
            self.put(file, format!("env_files.{}", key.value), name);
        }
        if let Some(database) = &facts.database {
            for (field, value) in [("name", &database.name), ("user", &database.user)] {
                if let Some(value) = value {
                    self.put(file, format!("database.{field}"), value);
                }
            }
        }
        if let Some(cli) = &facts.cli {
            if let Some(source) = &cli.source {
                self.put(file, "cli.source".into(), source);
            }
            for (key, command) in &cli.commands {
                let base = format!("cli.commands.{}", key.value);
                self.put(file, base.clone(), key);
                if let Some(name) = &command.name {
                    self.put(file, format!("{base}.name"), name);
                }
                if let Some(script) = &command.pdm_script {
                    self.put(file, format!("{base}.pdm_script"), script);
                }
                for (index, flag) in command.flags.iter().enumerate() {
                    self.put(file, format!("{base}.flags[{index}]"), &flag.flag);
                }
            }
        }
        for (index, ignore) in facts.audit_ignore.iter().enumerate() {
            self.put(file, format!("audit_ignore[{index}]"), &ignore.what);
        }
    }

    /// The place of the first of `paths` the facts have.
    pub fn of(&self, paths: &[&str]) -> Place {
        paths
            .iter()
            .find_map(|path| self.places.get(*path))
            .cloned()
            .unwrap_or_else(|| Place {
                file: self.sources.keys().next().cloned().unwrap_or_default(),
                line: 1,
                column: 1,
            })
    }
}
