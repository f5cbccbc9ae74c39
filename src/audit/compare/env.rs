//! The env vars of the facts against the app's example env files and compose `environment:`, and the production database user.

use indexmap::IndexMap;

use super::{AppPlace, Compare, Evidence};
use crate::audit::rules;

impl<'a> Compare<'a> {
    /// Where the app sets each variable for one environment: its example env file and
    /// the `environment:` of its compose set.
    pub(super) fn evidence(
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

    pub(super) fn env_vars(&mut self, sets: &[&'a str]) {
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
    pub(super) fn environment_file(&self, environment: &str) -> AppPlace {
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
    pub(super) fn database(&mut self) {
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
}
