//! Resolving the merged facts: every reference must land, every command must be right
//! for the host it runs on, and `{kind.key}` placeholders become the names they stand for.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_saphyr::Spanned;

use super::load::{Origins, span_at, span_of};
use super::model::{Facts, Keyed, Link, Section, TABLES};
use super::placeholder::{self, Malformed, Placeholder};
use crate::command::server::ServerFacts;
use crate::located::{InputErrors, LocatedError, SourceFile, Span};
use crate::markdown::github_slug;
use crate::suggest::nearest;

/// The `on:` value of a command that runs on the workstation.
pub const WORKSTATION: &str = "workstation";

/// Checks every reference and fills in the commands, anchors and links the templates use.
pub fn resolve(facts: &mut Facts, origins: &Origins) -> Result<(), InputErrors> {
    let mut sections = std::mem::take(&mut facts.sections);
    let mut preflight = std::mem::take(&mut facts.skill.preflight);
    let mut resolver = Resolver {
        facts,
        origins,
        servers: super::server_facts(facts),
        errors: Vec::new(),
    };
    resolver.check_entities();
    for step in &mut preflight {
        step.command = resolver.resolve_step(step, origins.of("skill"), false);
    }
    let anchors = resolver.check_branches(&sections);
    for (branch, branch_sections) in &mut sections {
        let Some(source) = origins.sections.get(branch) else {
            continue;
        };
        for section in branch_sections.iter_mut() {
            resolver.resolve_section(branch, section, source, &anchors);
        }
    }
    let errors = resolver.errors;
    facts.sections = sections;
    facts.skill.preflight = preflight;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// Where a placeholder is being expanded: in a command on a host, on the workstation,
/// or in prose.
#[derive(Clone, Copy)]
pub(super) enum Place<'a> {
    Server {
        environment: &'a str,
        alias: &'a str,
        dir: Option<&'a str>,
    },
    Workstation,
    Prose,
}

/// Sections by branch and id: their anchor, title and file, for links.
type Anchors = IndexMap<(String, String), (String, String, String)>;

pub(super) struct Resolver<'a> {
    pub(super) facts: &'a Facts,
    pub(super) origins: &'a Origins,
    /// The facts in the command layer's terms, for the policies lint applies too.
    pub(super) servers: ServerFacts,
    pub(super) errors: Vec<LocatedError>,
}

impl Resolver<'_> {
    /// Reports `value` when it is not a key of `map`, with the nearest key as a hint.
    pub(super) fn check_key<T>(
        &mut self,
        source: &SourceFile,
        value: &Spanned<String>,
        kind: &str,
        map: &Keyed<T>,
    ) -> bool {
        if map.contains_key(&value.value) {
            return true;
        }
        self.unknown(source, value, kind, map.keys().map(String::as_str));
        false
    }

    pub(super) fn unknown<'k>(
        &mut self,
        source: &SourceFile,
        value: &Spanned<String>,
        kind: &str,
        keys: impl Iterator<Item = &'k str> + Clone,
    ) {
        let help = match nearest(&value.value, keys.clone()) {
            Some(key) => format!("did you mean `{key}`?"),
            None => format!("known {kind} keys: {}", keys.collect::<Vec<_>>().join(", ")),
        };
        self.errors.push(
            LocatedError::at(
                span_of(source, value),
                format!("unknown {kind} `{}`", value.value),
                format!("no {kind} has this key"),
            )
            .with_help(help),
        );
    }

    pub(super) fn error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.errors
            .push(LocatedError::at(span, message, label).with_help(help));
    }

    /// The cross-references between hosts, environments, paths, compose files,
    /// containers, networks and env vars.
    fn check_entities(&mut self) {
        let facts = self.facts;
        let origins = self.origins;
        let source = origins.of("hosts");
        for host in facts.hosts.values() {
            self.check_key(
                source,
                &host.environment,
                "environment",
                &facts.environments,
            );
        }
        let source = origins.of("default_host");
        self.check_key(source, &facts.default_host, "host", &facts.hosts);

        let source = origins.of("environments");
        for environment in facts.environments.values() {
            self.check_key(
                source,
                &environment.compose,
                "compose file set",
                &facts.compose_files,
            );
            self.check_key(source, &environment.web, "container", &facts.containers);
            self.check_key(
                source,
                &environment.database,
                "container",
                &facts.containers,
            );
        }
        for (key, environment) in &facts.environments {
            self.check_environment_containers(source, key, environment);
        }
        let source = origins.of("files");
        for file in facts.files.values() {
            self.check_key(source, &file.dir, "path", &facts.paths);
        }
        let source = origins.of("compose_files");
        for compose in facts.compose_files.values() {
            self.check_key(source, &compose.dir, "path", &facts.paths);
            self.check_key(
                source,
                &compose.environment,
                "environment",
                &facts.environments,
            );
        }
        let source = origins.of("containers");
        for (key, container) in &facts.containers {
            self.check_key(
                source,
                &container.environment,
                "environment",
                &facts.environments,
            );
            for network in &container.networks {
                self.check_key(source, network, "network", &facts.networks);
            }
            for alias in &container.aliases {
                let network = &alias.network;
                if self.check_key(source, network, "network", &facts.networks)
                    && !container.networks.iter().any(|n| n.value == network.value)
                {
                    self.error(
                        span_of(source, network),
                        format!(
                            "container `{key}` has an alias on `{}`, which is not one of its networks",
                            network.value
                        ),
                        "not among the container's networks",
                        format!("add `{}` to its `networks:`, or alias it on one of them", network.value),
                    );
                }
            }
            if let Some(compose) = &container.compose
                && self.check_key(source, compose, "compose file set", &facts.compose_files)
            {
                let compose_environment = &facts.compose_files[&compose.value].environment.value;
                if *compose_environment != container.environment.value {
                    self.error(
                        span_of(source, compose),
                        format!(
                            "container `{key}` runs in `{}`, but compose file set `{}` is for `{compose_environment}`",
                            container.environment.value, compose.value
                        ),
                        "environment differs from the container's",
                        "a container's compose file set must belong to its environment",
                    );
                }
            }
        }
        let source = origins.of("env_vars");
        for (name, var) in &facts.env_vars {
            for environment in &var.environments {
                self.check_key(source, environment, "environment", &facts.environments);
            }
            if var.secret && var.passed_to_cli {
                self.error(
                    match var.environments.first() {
                        Some(environment) => span_at(source, &environment.referenced, 1),
                        None => top_level_span(source, name),
                    },
                    format!("`{name}` is a secret, so it cannot be passed to the CLI with `-e`"),
                    "a secret marked passed_to_cli",
                    "remove `passed_to_cli: true`: the container reads its secrets from its own environment",
                );
            }
            if var.secret {
                for value in [&var.example, &var.value].into_iter().flatten() {
                    self.error(
                        redacted_span(source, value),
                        format!("`{name}` is a secret, so its value must not be in the facts"),
                        "a secret's value",
                        "remove the value; the skill tells Claude where to read it on the server",
                    );
                }
            }
        }
    }

    /// An environment's web and database containers belong to it, and share a network,
    /// or the app could not reach its database.
    fn check_environment_containers(
        &mut self,
        source: &SourceFile,
        key: &str,
        environment: &super::model::Environment,
    ) {
        let facts = self.facts;
        let (Some(web), Some(database)) = (
            facts.containers.get(&environment.web.value),
            facts.containers.get(&environment.database.value),
        ) else {
            return;
        };
        for (role, reference, container) in [
            ("web", &environment.web, web),
            ("database", &environment.database, database),
        ] {
            if container.environment.value != key {
                self.error(
                    span_of(source, reference),
                    format!(
                        "the {role} container of `{key}` is `{}`, which belongs to `{}`",
                        reference.value, container.environment.value
                    ),
                    "container of another environment",
                    format!("name a container whose `environment` is `{key}`"),
                );
            }
        }
        let shared = web.networks.iter().any(|network| {
            database
                .networks
                .iter()
                .any(|other| other.value == network.value)
        });
        if !shared {
            self.error(span_of(source, &environment.database), format!("in `{key}`, `{}` and `{}` share no network, so the app cannot reach its database", web.name, database.name), "no common network", "put both containers on a common network in `containers:`");
        }
    }

    /// Branch files must be safe names and every branch must have sections, and the
    /// other way round. Returns every section's anchor.
    fn check_branches(&mut self, sections: &IndexMap<String, Vec<Section>>) -> Anchors {
        let facts = self.facts;
        let source = self.origins.of("skill");
        let mut keys = HashSet::new();
        let mut files = HashSet::new();
        for branch in &facts.skill.branches {
            if !keys.insert(branch.key.value.as_str()) {
                self.error(
                    span_of(source, &branch.key),
                    format!("branch `{}` is listed twice", branch.key.value),
                    "second listing",
                    "list each branch once",
                );
            }
            let file = &branch.file.value;
            if let Err(error) = crate::skill::check_relative_path(file) {
                self.error(
                    span_of(source, &branch.file),
                    error.to_string(),
                    "unsafe file name",
                    "use a plain file name such as `deploy.md`",
                );
            } else if !file.ends_with(".md")
                || file.contains('/')
                || file.eq_ignore_ascii_case("SKILL.md")
            {
                self.error(
                    span_of(source, &branch.file),
                    format!(
                        "branch file `{file}` must be a plain `.md` file name other than SKILL.md"
                    ),
                    "not a branch file name",
                    "use a name such as `deploy.md`",
                );
            } else if !files.insert(file.to_ascii_lowercase()) {
                self.error(
                    span_of(source, &branch.file),
                    format!("two branches write `{file}` (names that differ only in case are one file on some systems)"),
                    "second branch with this file",
                    "give each branch its own file",
                );
            }
            if !sections.contains_key(&branch.key.value) {
                self.error(
                    span_of(source, &branch.key),
                    format!("branch `{}` has no sections", branch.key.value),
                    "no `sections:` entry for this key",
                    format!(
                        "add `sections: {{ {}: [...] }}` to a facts file",
                        branch.key.value
                    ),
                );
            }
        }
        let mut anchors = Anchors::new();
        let branch_keys: Vec<&str> = facts
            .skill
            .branches
            .iter()
            .map(|b| b.key.value.as_str())
            .collect();
        for (branch, branch_sections) in sections {
            let source = &self.origins.sections[branch];
            let Some(file) = facts
                .skill
                .branches
                .iter()
                .find(|b| b.key.value == *branch)
                .map(|b| b.file.value.clone())
            else {
                let help = match nearest(branch, branch_keys.iter().copied()) {
                    Some(key) => format!("did you mean `{key}`?"),
                    None => format!("branches: {}", branch_keys.join(", ")),
                };
                let span = top_level_span(source, branch);
                self.error(
                    span,
                    format!("sections for unknown branch `{branch}`"),
                    "not a branch in skill.branches",
                    help,
                );
                continue;
            };
            let mut slugs = HashSet::new();
            for section in branch_sections {
                let id = &section.id;
                let anchor = github_slug(section.title.trim());
                if anchors.contains_key(&(branch.clone(), id.value.clone())) {
                    self.error(
                        span_of(source, id),
                        format!(
                            "section id `{}` is used twice in branch `{branch}`",
                            id.value
                        ),
                        "second use",
                        "give each section a unique id",
                    );
                } else if !slugs.insert(anchor.clone()) {
                    self.error(
                        span_of(source, id),
                        format!("two sections of `{branch}` have the heading anchor `#{anchor}`"),
                        "same title as another section",
                        "give each section a distinct title",
                    );
                }
                anchors.insert(
                    (branch.clone(), id.value.clone()),
                    (anchor, section.title.clone(), file.clone()),
                );
            }
        }
        anchors
    }

    fn resolve_section(
        &mut self,
        branch: &str,
        section: &mut Section,
        source: &SourceFile,
        anchors: &Anchors,
    ) {
        section.anchor = github_slug(section.title.trim());
        for prose in [
            &mut section.text,
            &mut section.cause,
            &mut section.warning,
            &mut section.fix,
        ]
        .into_iter()
        .flatten()
        {
            prose.value = self.expand(prose, source, Place::Prose);
        }
        for note in &mut section.notes {
            note.value = self.expand(note, source, Place::Prose);
        }
        let warned = section.warning.is_some();
        for step in section.steps.iter_mut().chain(section.fix_steps.iter_mut()) {
            step.command = self.resolve_step(step, source, warned);
        }
        section.then_links = section
            .then
            .iter()
            .filter_map(|target| self.link(branch, target, source, anchors))
            .collect();
        section.see_also_links = section
            .see_also
            .iter()
            .filter_map(|target| self.link(branch, target, source, anchors))
            .collect();
        for pattern in &mut section.patterns {
            pattern.link = self.link(branch, &pattern.see, source, anchors);
        }
        if let Some(table) = &section.table {
            self.check_table(table, source);
        }
    }

    /// A section's `table:` must name a table the templates know how to draw.
    fn check_table(&mut self, table: &Spanned<String>, source: &SourceFile) {
        let names = TABLES.iter().map(|(name, _)| *name);
        if names.clone().any(|name| name == table.value) {
            return;
        }
        let help = match nearest(&table.value, names.clone()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!(
                "the tables are {}",
                names
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(
            span_of(source, table),
            format!("unknown table `{}`", table.value),
            "not a table the templates draw",
            help,
        );
    }

    /// A `branch#id` reference as a link from a section of `from_branch`.
    fn link(
        &mut self,
        from_branch: &str,
        target: &Spanned<String>,
        source: &SourceFile,
        anchors: &Anchors,
    ) -> Option<Link> {
        let Some((branch, id)) = target.value.split_once('#') else {
            self.error(
                span_of(source, target),
                format!("`{}` is not a section reference", target.value),
                "expected `branch#section-id`",
                "write references as `database#backup`",
            );
            return None;
        };
        match anchors.get(&(branch.to_string(), id.to_string())) {
            Some((anchor, title, file)) => Some(Link {
                title: title.clone(),
                href: if branch == from_branch {
                    format!("#{anchor}")
                } else {
                    format!("{file}#{anchor}")
                },
            }),
            None => {
                let known: Vec<String> = anchors.keys().map(|(b, i)| format!("{b}#{i}")).collect();
                self.unknown(source, target, "section", known.iter().map(String::as_str));
                None
            }
        }
    }

    /// Replaces every `{kind.key}` in a text, checking each against where it is used,
    /// and reports anything shaped like a placeholder that is not a valid one.
    pub(super) fn expand(
        &mut self,
        text: &Spanned<String>,
        source: &SourceFile,
        place: Place<'_>,
    ) -> String {
        let value = text.value.as_str();
        let mut out = String::with_capacity(value.len());
        let mut copied = 0;
        for found in placeholder::find(value) {
            match found {
                Placeholder::Valid { range, kind, key } => {
                    out.push_str(&value[copied..range.start]);
                    match self.placeholder_value(kind, key, place, text, source, range.start) {
                        Some(expanded) => out.push_str(&expanded),
                        None => out.push_str(&value[range.clone()]),
                    }
                    copied = range.end;
                }
                Placeholder::Malformed(malformed) => self.malformed(&malformed, text, source),
            }
        }
        out.push_str(&value[copied..]);
        out
    }

    /// Reports a malformed placeholder with the valid reference it most likely meant.
    fn malformed(&mut self, malformed: &Malformed, text: &Spanned<String>, source: &SourceFile) {
        let written = &text.value[malformed.range.clone()];
        let span = placeholder_span(source, text, malformed.range.start, written);
        let (kind, key) = (malformed.kind.as_str(), malformed.key.as_str());
        let help = match known_keys(self.facts, kind) {
            None => match nearest(kind, placeholder::KINDS.iter().copied()) {
                Some(near) => format!("did you mean `{{{near}.{key}}}`?"),
                None => format!("placeholder kinds: {}", placeholder::KINDS.join(", ")),
            },
            Some(keys) => {
                let near = keys
                    .iter()
                    .copied()
                    .find(|known| *known == key)
                    .or_else(|| nearest(key, keys.iter().copied()));
                match near {
                    Some(near) => format!("did you mean `{{{kind}.{near}}}`?"),
                    None => {
                        let all: Vec<String> = keys
                            .iter()
                            .map(|known| format!("`{{{kind}.{known}}}`"))
                            .collect();
                        format!("write one of {}", all.join(", "))
                    }
                }
            }
        };
        self.error(
            span,
            format!(
                "malformed placeholder `{}`: {}",
                placeholder::visible(written),
                malformed.problem
            ),
            malformed.problem.label(),
            help,
        );
    }

    fn placeholder_value(
        &mut self,
        kind: &str,
        key: &str,
        place: Place<'_>,
        text: &Spanned<String>,
        source: &SourceFile,
        at: usize,
    ) -> Option<String> {
        let facts = self.facts;
        let span = placeholder_span(source, text, at, &format!("{{{kind}.{key}}}"));
        let unknown_key = |this: &mut Self| {
            let keys = known_keys(facts, kind).unwrap_or_default();
            let help = match nearest(key, keys.iter().copied()) {
                Some(near) => format!("did you mean `{{{kind}.{near}}}`?"),
                None => format!("known {kind} keys: {}", keys.join(", ")),
            };
            this.error(
                span.clone(),
                format!("unknown {kind} `{key}` in `{{{kind}.{key}}}`"),
                format!("no {kind} has this key"),
                help,
            );
            None
        };
        let value = match kind {
            "host" => match facts.hosts.get(key) {
                Some(host) => host.alias.clone(),
                None => return unknown_key(self),
            },
            "path" => match facts.paths.get(key) {
                Some(path) => path.path.clone(),
                None => return unknown_key(self),
            },
            "network" => match facts.networks.get(key) {
                Some(network) => network.name.clone(),
                None => {
                    return unknown_key(self);
                }
            },
            "domain" => match facts.domains.get(key) {
                Some(domain) => domain.name.clone(),
                None => {
                    return unknown_key(self);
                }
            },
            "db" => match key {
                "name" => facts.database.name.clone(),
                "user" => facts.database.user.clone(),
                "admin_user" => match &facts.database.admin_user {
                    Some(admin) => admin.clone(),
                    None => {
                        self.error(
                            span,
                            "`{db.admin_user}` is used, but the database has no `admin_user`",
                            "no admin role",
                            "give `database:` an `admin_user:`, or use `{db.user}`",
                        );
                        return None;
                    }
                },
                "engine" => facts.database.engine.clone(),
                _ => return unknown_key(self),
            },
            "compose_file" => match facts.compose_files.get(key) {
                Some(compose) if compose.files.is_empty() => {
                    "the folder's default compose file".to_string()
                }
                Some(compose) => compose.files.join(" + "),
                None => {
                    return unknown_key(self);
                }
            },
            "container" | "service" => {
                let Some(container) = facts.containers.get(key) else {
                    return unknown_key(self);
                };
                self.check_environment(
                    kind,
                    key,
                    &container.environment.value,
                    place,
                    span.clone(),
                );
                if kind == "container" {
                    container.name.clone()
                } else {
                    let Some(service) = &container.service else {
                        self.error(span, format!("container `{key}` is not a compose service"), "has no `service`", format!("use `{{container.{key}}}` with `docker`, or give the container a `service:`"));
                        return None;
                    };
                    if let (Some(compose), Place::Server { .. }) = (&container.compose, place)
                        && !text
                            .value
                            .contains(&format!("{{compose.{}}}", compose.value))
                    {
                        self.error(
                            span.clone(),
                            format!(
                                "service `{service}` is defined by compose file set `{}`",
                                compose.value
                            ),
                            "service",
                            format!("run it through `{{compose.{}}}`", compose.value),
                        );
                    }
                    service.clone()
                }
            }
            "compose" => {
                let Some(compose) = facts.compose_files.get(key) else {
                    return unknown_key(self);
                };
                self.check_environment(kind, key, &compose.environment.value, place, span.clone());
                if let Place::Server { dir, .. } = place
                    && dir != Some(compose.dir.value.as_str())
                {
                    self.error(
                        span.clone(),
                        format!(
                            "`{{compose.{key}}}` must run in its folder `{}`",
                            facts
                                .paths
                                .get(&compose.dir.value)
                                .map_or("", |p| p.path.as_str())
                        ),
                        "compose command in the wrong folder",
                        format!("add `dir: {}` to this step", compose.dir.value),
                    );
                }
                let mut words = vec!["docker compose".to_string()];
                words.extend(compose.files.iter().map(|file| format!("-f {file}")));
                words.join(" ")
            }
            "env" => {
                let Some(var) = facts.env_vars.get(key) else {
                    return unknown_key(self);
                };
                if var.secret {
                    self.error(span, format!("`{key}` is a secret and cannot be put into a command"), "secret", "let the container read it from its environment, or use a `<PLACEHOLDER>` the user fills in");
                    return None;
                }
                let Some(value) = &var.value else {
                    self.error(
                        span,
                        format!("`{key}` has no `value` to pass"),
                        "no value",
                        format!("give `{key}` a `value:` in the facts"),
                    );
                    return None;
                };
                format!("{key}={}", value.value)
            }
            "cli" => {
                let cli = &facts.cli;
                if key == "module" {
                    format!("{} python -m {}", cli.runner, cli.module)
                } else {
                    let Some(command) = cli.commands.get(key) else {
                        return unknown_key(self);
                    };
                    match (&command.name, &command.pdm_script) {
                        (Some(name), _) => {
                            format!("{} python -m {} {name}", cli.runner, cli.module)
                        }
                        (None, Some(script)) => format!("{} {script}", cli.runner),
                        (None, None) => {
                            self.error(
                                span,
                                format!("CLI command `{key}` has neither `name` nor `pdm_script`"),
                                "cannot be run",
                                "give it a `name` (module subcommand) or a `pdm_script`",
                            );
                            return None;
                        }
                    }
                }
            }
            _ => {
                let help = match nearest(kind, placeholder::KINDS.iter().copied()) {
                    Some(near) => format!("did you mean `{{{near}.{key}}}`?"),
                    None => format!("placeholder kinds: {}", placeholder::KINDS.join(", ")),
                };
                self.error(
                    span,
                    format!("unknown placeholder kind `{kind}`"),
                    "not a kind of fact",
                    help,
                );
                return None;
            }
        };
        Some(value)
    }

    /// A container or compose file used on a host must belong to the host's environment.
    fn check_environment(
        &mut self,
        kind: &str,
        key: &str,
        environment: &str,
        place: Place<'_>,
        span: Span,
    ) {
        match place {
            Place::Server {
                environment: host_environment,
                alias,
                ..
            } if environment != host_environment => {
                let replacement = self.facts.containers.iter().find(|(_, c)| {
                    c.environment.value == host_environment
                        && Some(&c.service) == self.facts.containers.get(key).map(|c| &c.service)
                });
                let help = match (kind, replacement) {
                    ("container" | "service", Some((other, _))) => {
                        format!("on {alias} use `{{{kind}.{other}}}`")
                    }
                    _ => format!("use a {kind} of the `{host_environment}` environment"),
                };
                self.error(span, format!("`{{{kind}.{key}}}` belongs to `{environment}`, but this command runs on {alias} (`{host_environment}`)"), format!("a `{environment}` {kind}"), help);
            }
            Place::Workstation if matches!(kind, "container" | "service" | "compose") => {
                self.error(span, format!("`{{{kind}.{key}}}` is on the server, but this command runs on the workstation"), "server-side name", "run the command on a host instead");
            }
            _ => {}
        }
    }
}

/// The keys a `{kind.key}` placeholder of `kind` can name, or `None` for no such kind.
fn known_keys<'f>(facts: &'f Facts, kind: &str) -> Option<Vec<&'f str>> {
    fn keys<T>(map: &Keyed<T>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }
    Some(match kind {
        "host" => keys(&facts.hosts),
        "path" => keys(&facts.paths),
        "network" => keys(&facts.networks),
        "domain" => keys(&facts.domains),
        "db" => vec!["name", "user", "admin_user", "engine"],
        "compose" | "compose_file" => keys(&facts.compose_files),
        "container" | "service" => keys(&facts.containers),
        "env" => keys(&facts.env_vars),
        "cli" => {
            let mut keys = keys(&facts.cli.commands);
            keys.push("module");
            keys
        }
        _ => return None,
    })
}

/// Byte offset of `word` in `text` where it is not part of a longer name.
pub(super) fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_name) && !after.is_some_and(|c| is_name(c) && c != '.')
    })
}

/// The position of a placeholder found at byte `at` of a spanned scalar.
pub(super) fn placeholder_span(
    source: &SourceFile,
    text: &Spanned<String>,
    at: usize,
    needle: &str,
) -> Span {
    let start = (
        text.referenced.line() as usize,
        text.referenced.column() as usize,
    );
    let needle = text.value[at..].get(..needle.len()).unwrap_or(needle);
    let (line, column) = source
        .find_from(start.0.max(1), start.1.max(1), needle)
        .unwrap_or(start);
    Span {
        source: source.clone(),
        line: line.max(1),
        column: column.max(1),
        len: needle.chars().count(),
    }
}

/// The span of a secret's value in a copy of the file where the value's line, from the
/// value on, is masked: the report shows where the secret is without echoing it.
fn redacted_span(source: &SourceFile, value: &Spanned<String>) -> Span {
    let span = span_of(source, value);
    let start = source.offset(span.line, span.column);
    let end = source.text[start..]
        .find(['\r', '\n'])
        .map_or(source.text.len(), |at| start + at);
    let masked = source.text[start..end].chars().count();
    let text = format!(
        "{}{}{}",
        &source.text[..start],
        "*".repeat(masked),
        &source.text[end..]
    );
    Span {
        source: SourceFile::new(source.path.clone(), text),
        len: masked.max(1),
        ..span
    }
}

/// The span of a `key:` line inside the `sections:` mapping.
fn top_level_span(source: &SourceFile, key: &str) -> Span {
    let needle = format!("{key}:");
    let (line, column) = source
        .text
        .lines()
        .enumerate()
        .find_map(|(index, line)| {
            let trimmed = line.trim_start();
            trimmed
                .starts_with(&needle)
                .then(|| (index + 1, line.len() - trimmed.len() + 1))
        })
        .unwrap_or((1, 1));
    Span {
        source: source.clone(),
        line,
        column,
        len: key.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_names_are_found_only_as_whole_names() {
        assert_eq!(
            find_word("docker logs skriptoteket-web", "skriptoteket-web"),
            Some(12)
        );
        assert_eq!(
            find_word("grep skriptoteket-web-2", "skriptoteket-web"),
            None
        );
        assert_eq!(
            find_word("grep -E 'skriptoteket|nginx'", "nginx-proxy"),
            None
        );
        assert_eq!(find_word("ping hemma.", "hemma"), Some(5));
    }
}
