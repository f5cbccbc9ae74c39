//! The pdm scripts of the facts against `[tool.pdm.scripts]` in pyproject.toml.

use std::collections::HashSet;

use super::{AppPlace, Compare, module_command};
use crate::audit::rules;

impl<'a> Compare<'a> {
    pub(super) fn pdm_scripts(&mut self) {
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
}
