//! The compose files, containers, networks and ports of the facts against the app's compose sets.

use std::collections::{BTreeSet, HashSet};

use super::{AppPlace, Compare, MergedService};
use crate::audit::compose::External;
use crate::audit::rules;

impl<'a> Compare<'a> {
    pub(super) fn compose_files(&mut self, sets: &[&'a str]) {
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

    pub(super) fn containers(&mut self, sets: &[&'a str]) {
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
                def.container_name
                    .as_ref()
                    .map(|name| (name.value.clone(), AppPlace::of(&file.shown, name)))
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

    pub(super) fn networks(
        &mut self,
        key: &str,
        set: &str,
        project: &str,
        service: &MergedService<'_>,
    ) {
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
    pub(super) fn ports(&mut self, key: &str, prose: &str, service: &MergedService<'_>) {
        let published: Vec<(String, AppPlace)> = service
            .defs
            .iter()
            .flat_map(|(file, _, def)| {
                def.ports
                    .iter()
                    .map(|port| (port.value.mapping(), AppPlace::of(&file.shown, port)))
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
}
