//! The facts against the app: every fact the app contradicts is an error that points at
//! the fact and at the app's file; everything the app has that the facts do not describe
//! is a warning at the app's file.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_saphyr::Spanned;

use super::app::{App, ComposeFile};
use super::compose::Service;
use super::fact_positions::{FactPositions, Place};
use crate::diagnostic::{Finding, Related, Severity};
use crate::facts::Facts;

mod cli;
mod compose;
mod env;
mod pdm;

/// A finding, and for a warning about something undescribed, the `audit_ignore` item
/// (`env:NAME`, ...) that would suppress it.
pub struct Raw {
    pub finding: Finding,
    pub item: Option<String>,
}

struct Compare<'a> {
    facts: &'a Facts,
    app: &'a App,
    at: &'a FactPositions,
    out: Vec<Raw>,
}

/// Each variable the app sets for one environment: where, and its value.
type Evidence = IndexMap<String, (AppPlace, Option<String>)>;

/// A place in the app's files: shown path, line, column.
#[derive(Clone)]
struct AppPlace {
    file: String,
    line: usize,
    column: usize,
}

impl AppPlace {
    /// Where `value` stands in the compose file shown as `file`.
    fn of<T>(file: &str, value: &Spanned<T>) -> AppPlace {
        AppPlace {
            file: file.to_string(),
            line: value.referenced.line() as usize,
            column: value.referenced.column() as usize,
        }
    }

    fn related(&self, label: &str) -> Related {
        Related {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            label: label.to_string(),
        }
    }
}

/// One service as a compose file set defines it, merged over the set's files.
struct MergedService<'a> {
    defs: Vec<(&'a ComposeFile, AppPlace, &'a Service)>,
}

pub fn compare(facts: &Facts, app: &App, at: &FactPositions) -> Vec<Raw> {
    let mut compare = Compare {
        facts,
        app,
        at,
        out: Vec::new(),
    };
    let sets = compare.audited_sets();
    compare.compose_files(&sets);
    compare.containers(&sets);
    compare.env_vars(&sets);
    compare.database();
    compare.pdm_scripts();
    compare.cli();
    compare.out
}

impl<'a> Compare<'a> {
    fn error(&mut self, rule: &'static str, fact: Place, message: String, related: Vec<Related>) {
        let mut finding = Finding::new(
            rule,
            Severity::Error,
            fact.file,
            fact.line,
            fact.column,
            message,
        );
        finding.related = related;
        self.out.push(Raw {
            finding,
            item: None,
        });
    }

    fn warning(
        &mut self,
        rule: &'static str,
        place: &AppPlace,
        message: String,
        item: String,
        fact: Place,
    ) {
        let mut finding = Finding::new(
            rule,
            Severity::Warning,
            &place.file,
            place.line,
            place.column,
            message,
        );
        finding.related =
            vec![fact.related("describe it in the facts, or list it under audit_ignore")];
        self.out.push(Raw {
            finding,
            item: Some(item),
        });
    }

    /// Where the facts declare the CLI's commands, for findings about commands they lack:
    /// the `cli.commands` key, or its first command when the key has no line of its own.
    fn cli_commands_place(&self) -> Place {
        let place = self.at.of(&["cli.commands"]);
        if place.line != 1 {
            return place;
        }
        let first = self
            .facts
            .cli
            .commands
            .keys()
            .next()
            .map(|key| format!("cli.commands.{key}"))
            .unwrap_or_default();
        self.at.of(&[&first])
    }

    fn file_start(&self, name: &str) -> AppPlace {
        AppPlace {
            file: self.app.shown(name),
            line: 1,
            column: 1,
        }
    }

    /// The compose sets that live in the app's repository: those in the folder of the
    /// web containers' compose sets. Others (shared infrastructure) are not the app's.
    fn audited_sets(&self) -> Vec<&'a str> {
        let facts = self.facts;
        let app_dirs: HashSet<&str> = facts
            .environments
            .values()
            .filter_map(|environment| facts.containers.get(&environment.web.value))
            .filter_map(|web| web.compose.as_ref())
            .filter_map(|compose| facts.compose_files.get(&compose.value))
            .map(|set| set.dir.value.as_str())
            .collect();
        facts
            .compose_files
            .iter()
            .filter(|(_, set)| app_dirs.contains(set.dir.value.as_str()))
            .map(|(key, _)| key.as_str())
            .collect()
    }

    fn set_files(&self, set: &str) -> Vec<&'a ComposeFile> {
        let Some(fact) = self.facts.compose_files.get(set) else {
            return Vec::new();
        };
        fact.files
            .iter()
            .filter_map(|name| self.app.compose.iter().find(|file| &file.name == name))
            .collect()
    }

    /// The compose project name: the files' `name:`, else the last part of the folder.
    fn project(&self, set: &str) -> String {
        let files = self.set_files(set);
        if let Some(name) = files.iter().rev().find_map(|file| file.doc.name.as_ref()) {
            return name.value.clone();
        }
        let dir = self
            .facts
            .compose_files
            .get(set)
            .and_then(|fact| self.facts.paths.get(&fact.dir.value))
            .map(|path| path.path.trim_end_matches('/').to_string())
            .unwrap_or_default();
        dir.rsplit('/').next().unwrap_or("").to_lowercase()
    }

    fn services(&self, set: &str) -> IndexMap<String, MergedService<'a>> {
        let mut services: IndexMap<String, MergedService<'a>> = IndexMap::new();
        for file in self.set_files(set) {
            for (key, service) in &file.doc.services {
                let place = AppPlace::of(&file.shown, key);
                services
                    .entry(key.value.clone())
                    .or_insert_with(|| MergedService { defs: Vec::new() })
                    .defs
                    .push((file, place, service));
            }
        }
        services
    }
}

/// `NAME` of a `... -m MODULE NAME ...` command line.
fn module_command(line: &str, module: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words
        .windows(2)
        .position(|pair| pair[0] == "-m" && pair[1] == module)?;
    words
        .get(at + 2)
        .filter(|word| !word.starts_with('-'))
        .map(|word| word.to_string())
}
