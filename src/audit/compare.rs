//! The facts against the app: every fact the app contradicts is an error that points at
//! the fact and at the app's file; everything the app has that the facts do not describe
//! is a warning at the app's file.

use std::collections::{BTreeSet, HashSet};

use indexmap::IndexMap;

use super::app::{App, ComposeFile};
use super::compose::{External, Service};
use super::fact_positions::{FactPositions, Place};
use super::rules;
use crate::diagnostic::{Finding, Related, Severity};
use crate::facts::Facts;

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
                let place = AppPlace {
                    file: file.shown.clone(),
                    line: key.referenced.line() as usize,
                    column: key.referenced.column() as usize,
                };
                services
                    .entry(key.value.clone())
                    .or_insert_with(|| MergedService { defs: Vec::new() })
                    .defs
                    .push((file, place, service));
            }
        }
        services
    }

    fn compose_files(&mut self, sets: &[&'a str]) {
        let mut described = HashSet::new();
        for &set in sets {
            let Some(fact) = self.facts.compose_files.get(set) else {
                continue;
            };
            for (index, name) in fact.files.iter().enumerate() {
                described.insert(name.as_str());
                if !self.app.compose.iter().any(|file| &file.name == name) {
                    let place = self
                        .at
                        .of(&[&format!("compose_files.{set}.files[{index}]")]);
                    let related = vec![
                        self.file_start("")
                            .related("the app's folder, which has no such file"),
                    ];
                    self.error(
                        rules::COMPOSE_FILE,
                        place,
                        format!("compose file `{name}` (compose set `{set}`) is not in the app"),
                        related,
                    );
                }
            }
        }
        let first_set = sets
            .first()
            .map(|set| format!("compose_files.{set}"))
            .unwrap_or_default();
        for file in &self.app.compose {
            if !described.contains(file.name.as_str()) {
                let place = AppPlace {
                    file: file.shown.clone(),
                    line: 1,
                    column: 1,
                };
                let fact = self.at.of(&[&first_set]);
                self.warning(
                    rules::NEW_COMPOSE_FILE,
                    &place,
                    format!(
                        "compose file `{}` is in the app but in no compose set of the facts",
                        file.name
                    ),
                    format!("compose:{}", file.name),
                    fact,
                );
            }
        }
    }

    fn containers(&mut self, sets: &[&'a str]) {
        let facts = self.facts;
        let mut described: HashSet<(String, String)> = HashSet::new();
        for (key, container) in &facts.containers {
            let Some(set) = container.compose.as_ref().map(|c| c.value.as_str()) else {
                continue;
            };
            if !sets.contains(&set) {
                continue;
            }
            if self.set_files(set).is_empty() {
                continue; // every file of the set is missing: reported above
            }
            let Some(service_name) = &container.service else {
                continue;
            };
            described.insert((set.to_string(), service_name.clone()));
            let services = self.services(set);
            let files = facts.compose_files[set].files.join(", ");
            let Some(service) = services.get(service_name) else {
                let place = self.at.of(&[
                    &format!("containers.{key}.service"),
                    &format!("containers.{key}"),
                ]);
                let first = self.set_files(set)[0].name.clone();
                let related = vec![
                    self.file_start(&first)
                        .related("the compose file without it"),
                ];
                self.error(
                    rules::CONTAINER,
                    place,
                    format!(
                        "container `{key}`: service `{service_name}` is not defined in {files}"
                    ),
                    related,
                );
                continue;
            };
            let project = self.project(set);
            // Container name: the last file that sets it wins; else compose's default.
            let named = service.defs.iter().rev().find_map(|(file, _, def)| {
                def.container_name.as_ref().map(|name| {
                    (
                        name.value.clone(),
                        AppPlace {
                            file: file.shown.clone(),
                            line: name.referenced.line() as usize,
                            column: name.referenced.column() as usize,
                        },
                    )
                })
            });
            let (actual, where_) = match named {
                Some((name, place)) => (name, place.related("container_name here")),
                None => (
                    format!("{project}-{service_name}-1"),
                    service.defs[0]
                        .1
                        .related("no container_name: compose names it PROJECT-SERVICE-1"),
                ),
            };
            if actual != container.name {
                let place = self.at.of(&[
                    &format!("containers.{key}.name"),
                    &format!("containers.{key}"),
                ]);
                self.error(
                    rules::CONTAINER,
                    place,
                    format!(
                        "container `{key}` is named `{}` in the facts, but the app's compose files name it `{actual}`",
                        container.name
                    ),
                    vec![where_],
                );
            }
            self.networks(key, set, &project, service);
            self.ports(key, &container.ports, service);
        }
        // Services the facts do not describe.
        let mut warned = HashSet::new();
        for &set in sets {
            for (name, service) in self.services(set) {
                if described.contains(&(set.to_string(), name.clone())) {
                    continue;
                }
                let place = service.defs[0].1.clone();
                if !warned.insert((place.file.clone(), name.clone())) {
                    continue;
                }
                let profiles: BTreeSet<&str> = service
                    .defs
                    .iter()
                    .flat_map(|(_, _, def)| def.profiles.iter().map(String::as_str))
                    .collect();
                let profiles = if profiles.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (profiles: {})",
                        profiles.into_iter().collect::<Vec<_>>().join(", ")
                    )
                };
                let fact = self.at.of(&["containers"]).clone();
                let fact = if fact.line == 1 {
                    self.at.of(&[&format!("compose_files.{set}")])
                } else {
                    fact
                };
                self.warning(
                    rules::NEW_SERVICE,
                    &place,
                    format!("service `{name}`{profiles} of compose set `{set}` is no container in the facts"),
                    format!("service:{name}"),
                    fact,
                );
            }
        }
    }

    fn networks(&mut self, key: &str, set: &str, project: &str, service: &MergedService<'_>) {
        let facts = self.facts;
        let container = &facts.containers[key];
        let mut keys: Vec<&str> = service
            .defs
            .iter()
            .flat_map(|(_, _, def)| def.networks.0.iter().map(|name| name.value.as_str()))
            .collect();
        if keys.is_empty() {
            keys.push("default");
        }
        let files = self.set_files(set);
        let actual: Vec<String> = keys
            .iter()
            .map(|network| {
                let top = files.iter().rev().find_map(|file| {
                    file.doc
                        .networks
                        .iter()
                        .find(|(name, _)| name.value == *network)
                        .map(|(_, top)| top)
                });
                match top.and_then(|top| top.as_ref()) {
                    Some(top) if top.name.is_some() => top.name.clone().unwrap_or_default(),
                    Some(top) => match &top.external {
                        Some(External::Flag(true)) => network.to_string(),
                        Some(External::Named { name: Some(name) }) => name.clone(),
                        _ => format!("{project}_{network}"),
                    },
                    None => format!("{project}_{network}"),
                }
            })
            .collect();
        for (index, network) in container.networks.iter().enumerate() {
            let Some(fact) = facts.networks.get(&network.value) else {
                continue;
            };
            if !actual.contains(&fact.name) {
                let place = self.at.of(&[
                    &format!("containers.{key}.networks[{index}]"),
                    &format!("containers.{key}"),
                ]);
                let related = vec![service.defs[0].1.related("the service, on networks here")];
                self.error(
                    rules::NETWORK,
                    place,
                    format!(
                        "container `{key}` is on network `{}` in the facts, but its compose service joins {}",
                        fact.name,
                        actual.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                    related,
                );
            }
        }
    }

    /// The facts' `ports` is prose: a backticked `HOST:CONTAINER` must be published;
    /// "Not exposed" or "None" means nothing is. Anything else is not checked.
    fn ports(&mut self, key: &str, prose: &str, service: &MergedService<'_>) {
        let published: Vec<(String, AppPlace)> = service
            .defs
            .iter()
            .flat_map(|(file, _, def)| {
                def.ports.iter().map(|port| {
                    (
                        port.value.mapping(),
                        AppPlace {
                            file: file.shown.clone(),
                            line: port.referenced.line() as usize,
                            column: port.referenced.column() as usize,
                        },
                    )
                })
            })
            .collect();
        let place = self.at.of(&[
            &format!("containers.{key}.ports"),
            &format!("containers.{key}"),
        ]);
        let wanted = prose.split('`').nth(1).filter(|inner| inner.contains(':'));
        if let Some(wanted) = wanted {
            if !published.iter().any(|(mapping, _)| mapping == wanted) {
                let related = match published.first() {
                    Some((_, at)) => vec![at.related("ports published here")],
                    None => vec![
                        service.defs[0]
                            .1
                            .related("the service, which publishes no port"),
                    ],
                };
                let have = published
                    .iter()
                    .map(|(m, _)| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    rules::PORTS,
                    place,
                    format!("container `{key}` publishes `{wanted}` in the facts, but the app publishes {}", if have.is_empty() { "none".into() } else { have }),
                    related,
                );
            }
        } else if (prose.starts_with("Not exposed") || prose.starts_with("None"))
            && let Some((mapping, at)) = published.first()
        {
            self.error(
                    rules::PORTS,
                    place,
                    format!("container `{key}` publishes no port in the facts, but the app publishes `{mapping}`"),
                    vec![at.related("published here")],
                );
        }
    }

    /// Where the app sets each variable for one environment: its example env file and
    /// the `environment:` of its compose set.
    fn evidence(
        &self,
        environment: &str,
        sets: &[&str],
    ) -> Option<IndexMap<String, (AppPlace, Option<String>)>> {
        let mut found: IndexMap<String, (AppPlace, Option<String>)> = IndexMap::new();
        let mut any_source = false;
        if let Some(name) = self.facts.env_files.get(environment)
            && let Some(file) = self.app.env_examples.iter().find(|file| &file.name == name)
        {
            any_source = true;
            for var in &file.vars {
                found.entry(var.name.clone()).or_insert((
                    AppPlace {
                        file: file.shown.clone(),
                        line: var.line,
                        column: 1,
                    },
                    Some(var.value.clone()),
                ));
            }
        }
        let set = self
            .facts
            .environments
            .get(environment)
            .map(|e| e.compose.value.as_str());
        if let Some(set) = set.filter(|set| sets.contains(set)) {
            for file in self.set_files(set) {
                any_source = true;
                for service in file.doc.services.values() {
                    for entry in &service.environment.0 {
                        found.entry(entry.name.clone()).or_insert((
                            AppPlace {
                                file: file.shown.clone(),
                                line: entry.line,
                                column: entry.column,
                            },
                            entry.value.clone(),
                        ));
                    }
                }
            }
        }
        any_source.then_some(found)
    }

    fn env_vars(&mut self, sets: &[&'a str]) {
        let facts = self.facts;
        let evidence: Vec<(String, Evidence)> = facts
            .environments
            .keys()
            .filter_map(|env| self.evidence(env, sets).map(|found| (env.clone(), found)))
            .collect();
        let mut everywhere: IndexMap<String, AppPlace> = IndexMap::new();
        for (_, found) in &evidence {
            for (name, (place, _)) in found {
                everywhere
                    .entry(name.clone())
                    .or_insert_with(|| place.clone());
            }
        }
        for file in &self.app.env_examples {
            for var in &file.vars {
                everywhere
                    .entry(var.name.clone())
                    .or_insert_with(|| AppPlace {
                        file: file.shown.clone(),
                        line: var.line,
                        column: 1,
                    });
            }
        }
        for (name, var) in &facts.env_vars {
            // Variables the commands pass (`-e PYTHONPATH=...`) are not the app's settings.
            if var.passed_to_cli {
                continue;
            }
            let place = self.at.of(&[&format!("env_vars.{name}")]);
            if !everywhere.contains_key(name) {
                let files: Vec<String> = self
                    .app
                    .env_examples
                    .iter()
                    .map(|f| f.name.clone())
                    .collect();
                let related = match self.app.env_examples.first() {
                    Some(file) => vec![
                        AppPlace {
                            file: file.shown.clone(),
                            line: 1,
                            column: 1,
                        }
                        .related("not set here"),
                    ],
                    None => vec![
                        self.file_start("")
                            .related("the app, which has no .env.example file"),
                    ],
                };
                self.error(
                    rules::ENV_VAR,
                    place,
                    format!(
                        "env var `{name}` is set nowhere in the app (not in {}, nor in an `environment:` of the app's compose files)",
                        if files.is_empty() { "an example env file".to_string() } else { files.join(", ") }
                    ),
                    related,
                );
                continue;
            }
            let scoped: Vec<&str> = var.environments.iter().map(|e| e.value.as_str()).collect();
            let scope_place = self.at.of(&[
                &format!("env_vars.{name}.environments"),
                &format!("env_vars.{name}"),
            ]);
            for (environment, found) in &evidence {
                let declared = scoped.contains(&environment.as_str());
                match (declared, found.get(name)) {
                    (false, Some((at, _))) => self.error(
                        rules::ENV_SCOPE,
                        scope_place.clone(),
                        format!(
                            "env var `{name}` is scoped to {} in the facts, but {} sets it for {environment}",
                            scoped.join(", "),
                            at.file.rsplit('/').next().unwrap_or(&at.file)
                        ),
                        vec![at.related(&format!("set for {environment} here"))],
                    ),
                    (true, None) => {
                        let related = vec![self.environment_file(environment).related("not set here")];
                        self.error(
                            rules::ENV_SCOPE,
                            scope_place.clone(),
                            format!("env var `{name}` is scoped to {environment} in the facts, but the app does not set it for {environment}"),
                            related,
                        );
                    }
                    _ => {}
                }
            }
        }
        let fact = self.at.of(&["env_vars"]);
        let first_var = facts
            .env_vars
            .keys()
            .next()
            .map(|k| format!("env_vars.{k}"))
            .unwrap_or_default();
        let fact = if fact.line == 1 {
            self.at.of(&[&first_var])
        } else {
            fact
        };
        for (name, place) in everywhere {
            if !facts.env_vars.contains_key(&name) {
                self.warning(
                    rules::NEW_ENV_VAR,
                    &place,
                    format!("env var `{name}` is set by the app but not in the facts"),
                    format!("env:{name}"),
                    fact.clone(),
                );
            }
        }
    }

    /// The example env file of an environment, or its first compose file.
    fn environment_file(&self, environment: &str) -> AppPlace {
        if let Some(name) = self.facts.env_files.get(environment) {
            return self.file_start(name);
        }
        let set = self
            .facts
            .environments
            .get(environment)
            .map(|e| e.compose.value.clone())
            .unwrap_or_default();
        match self.set_files(&set).first() {
            Some(file) => self.file_start(&file.name.clone()),
            None => self.file_start(""),
        }
    }

    /// The database user and name in the `DATABASE_URL` of the default host's
    /// environment's compose files.
    fn database(&mut self) {
        let facts = self.facts;
        let Some(host) = facts.hosts.get(&facts.default_host.value) else {
            return;
        };
        let environment = host.environment.value.clone();
        let Some(set) = facts
            .environments
            .get(&environment)
            .map(|e| e.compose.value.clone())
        else {
            return;
        };
        let mut url = None;
        for file in self.set_files(&set) {
            for service in file.doc.services.values() {
                for entry in &service.environment.0 {
                    if entry.name == "DATABASE_URL"
                        && let Some(value) = &entry.value
                    {
                        url = Some((
                            value.clone(),
                            AppPlace {
                                file: file.shown.clone(),
                                line: entry.line,
                                column: entry.column,
                            },
                        ));
                    }
                }
            }
        }
        let Some((url, at)) = url else { return };
        let Some((_, rest)) = url.split_once("://") else {
            return;
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            let user = userinfo.split(':').next().unwrap_or("");
            if !user.is_empty() && !user.contains('$') && user != facts.database.user {
                let place = self.at.of(&["database.user"]);
                self.error(
                    rules::DATABASE,
                    place,
                    format!(
                        "the database user is `{}` in the facts, but {environment}'s DATABASE_URL connects as `{user}`",
                        facts.database.user
                    ),
                    vec![at.related("DATABASE_URL here")],
                );
            }
        }
        let name = path.split(['?', '#']).next().unwrap_or("");
        if !name.is_empty() && !name.contains('$') && name != facts.database.name {
            let place = self.at.of(&["database.name"]);
            self.error(
                rules::DATABASE,
                place,
                format!("the database is `{}` in the facts, but {environment}'s DATABASE_URL names `{name}`", facts.database.name),
                vec![at.related("DATABASE_URL here")],
            );
        }
    }

    fn pdm_scripts(&mut self) {
        let facts = self.facts;
        let module = facts.cli.module.as_str();
        let mut named = HashSet::new();
        for (key, command) in &facts.cli.commands {
            let Some(script_name) = &command.pdm_script else {
                continue;
            };
            named.insert(script_name.as_str());
            let place = self.at.of(&[
                &format!("cli.commands.{key}.pdm_script"),
                &format!("cli.commands.{key}"),
            ]);
            let Some(pyproject) = self.app.pyproject.clone() else {
                let related = vec![
                    self.file_start("")
                        .related("the app, which has no pyproject.toml"),
                ];
                self.error(
                    rules::PDM_SCRIPT,
                    place,
                    format!(
                        "pdm script `{script_name}` is not in the app: it has no pyproject.toml"
                    ),
                    related,
                );
                continue;
            };
            let Some(script) = self.app.pdm_scripts.iter().find(|s| &s.name == script_name) else {
                let related = vec![
                    AppPlace {
                        file: pyproject,
                        line: 1,
                        column: 1,
                    }
                    .related("no such script in [tool.pdm.scripts]"),
                ];
                self.error(
                    rules::PDM_SCRIPT,
                    place,
                    format!(
                        "pdm script `{script_name}` (of `{key}`) is not in the app's pyproject.toml"
                    ),
                    related,
                );
                continue;
            };
            // A script that runs `python -m MODULE NAME` must run the command's name.
            let runs = script
                .commands
                .iter()
                .find_map(|line| module_command(line, module));
            if let (Some(runs), Some(name)) = (runs, &command.name)
                && &runs != name
            {
                let related = vec![
                    AppPlace {
                        file: pyproject,
                        line: script.line,
                        column: script.column,
                    }
                    .related("the script here"),
                ];
                self.error(
                        rules::PDM_SCRIPT,
                        place,
                        format!("pdm script `{script_name}` runs `{module} {runs}`, but the facts say it runs `{name}`"),
                        related,
                    );
            }
        }
        let fact = self.cli_commands_place();
        let Some(pyproject) = self.app.pyproject.clone() else {
            return;
        };
        for script in &self.app.pdm_scripts {
            let runs_cli = script
                .commands
                .iter()
                .any(|line| module_command(line, module).is_some());
            if runs_cli && !named.contains(script.name.as_str()) {
                let place = AppPlace {
                    file: pyproject.clone(),
                    line: script.line,
                    column: script.column,
                };
                self.warning(
                    rules::NEW_PDM_SCRIPT,
                    &place,
                    format!(
                        "pdm script `{}` runs the app's CLI but no command in the facts names it",
                        script.name
                    ),
                    format!("script:{}", script.name),
                    fact.clone(),
                );
            }
        }
    }

    fn cli(&mut self) {
        let facts = self.facts;
        let cli_file = self.app.cli.first().map(|c| c.file.clone());
        let mut named = HashSet::new();
        for (key, command) in &facts.cli.commands {
            let Some(name) = &command.name else { continue };
            named.insert(name.as_str());
            let place = self.at.of(&[
                &format!("cli.commands.{key}.name"),
                &format!("cli.commands.{key}"),
            ]);
            let Some(app_command) = self.app.cli.iter().find(|c| &c.name == name) else {
                let related = match &cli_file {
                    Some(file) => vec![
                        AppPlace {
                            file: file.clone(),
                            line: 1,
                            column: 1,
                        }
                        .related("the CLI's commands are here"),
                    ],
                    None => vec![
                        self.file_start("")
                            .related("no Typer command found in the app (see cli.source)"),
                    ],
                };
                self.error(
                    rules::CLI_COMMAND,
                    place,
                    format!("CLI command `{name}` is not defined in the app's CLI"),
                    related,
                );
                continue;
            };
            let defined = AppPlace {
                file: app_command.file.clone(),
                line: app_command.line,
                column: app_command.column,
            };
            for (index, flag) in command.flags.iter().enumerate() {
                if !app_command
                    .options
                    .iter()
                    .any(|o| o.names.contains(&flag.flag))
                {
                    let place = self.at.of(&[
                        &format!("cli.commands.{key}.flags[{index}]"),
                        &format!("cli.commands.{key}"),
                    ]);
                    let known: Vec<&str> = app_command
                        .options
                        .iter()
                        .flat_map(|o| o.names.iter().map(String::as_str))
                        .collect();
                    self.error(
                        rules::CLI_FLAG,
                        place,
                        format!(
                            "`{name}` has no option `{}` in the app (it has {})",
                            flag.flag,
                            if known.is_empty() {
                                "none".into()
                            } else {
                                known.join(", ")
                            }
                        ),
                        vec![defined.related("the command here")],
                    );
                }
            }
            let fact = self.at.of(&[&format!("cli.commands.{key}")]);
            for option in &app_command.options {
                if option
                    .names
                    .iter()
                    .any(|n| command.flags.iter().any(|f| &f.flag == n))
                {
                    continue;
                }
                let primary = option.names.first().cloned().unwrap_or_default();
                let mut extra = Vec::new();
                if option.prompt {
                    extra.push("prompts".to_string());
                }
                if option.hide_input {
                    extra.push("hides its input".to_string());
                }
                if let Some(envvar) = &option.envvar {
                    extra.push(format!("read from ${envvar}"));
                }
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", extra.join(", "))
                };
                let place = AppPlace {
                    file: app_command.file.clone(),
                    line: option.line,
                    column: option.column,
                };
                self.warning(
                    rules::NEW_CLI_FLAG,
                    &place,
                    format!(
                        "`{name}` has option `{}`{extra}, which the facts do not declare",
                        option.names.join("/")
                    ),
                    format!("flag:{name} {primary}"),
                    fact.clone(),
                );
            }
        }
        let fact = self.cli_commands_place();
        for command in &self.app.cli {
            if !named.contains(command.name.as_str()) {
                let place = AppPlace {
                    file: command.file.clone(),
                    line: command.line,
                    column: command.column,
                };
                self.warning(
                    rules::NEW_CLI_COMMAND,
                    &place,
                    format!(
                        "CLI command `{}` (options: {}) is in the app but not in the facts",
                        command.name,
                        if command.options.is_empty() {
                            "none".to_string()
                        } else {
                            command
                                .options
                                .iter()
                                .map(|o| o.names.join("/"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    ),
                    format!("cli:{}", command.name),
                    fact.clone(),
                );
            }
        }
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
