//! The app's own command line inside a command: which of its commands a command runs
//! (`pdm run SCRIPT` or `python -m MODULE NAME`), and the flags passed that the command
//! does not declare.

use crate::suggest::nearest;

/// What the facts declare about the app's command line, in the command layer's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppCli {
    /// What runs a pdm script, split into words: `["pdm", "run"]`.
    pub runner: Vec<String>,
    /// The module behind `python -m`.
    pub module: String,
    pub commands: Vec<AppCommand>,
}

/// One command of the app's CLI and the flags it takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppCommand {
    /// The key the facts know it by.
    pub key: String,
    /// Its subcommand name under `python -m MODULE`.
    pub name: Option<String>,
    pub pdm_script: Option<String>,
    /// Its flags as declared (`--email`), besides `--help`, which every command takes.
    pub flags: Vec<String>,
}

/// The flags one app command asks for when they are left out (`--password`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromptedFlags {
    /// The key of the command (as in `AppCommand::key`).
    pub command: String,
    pub flags: Vec<String>,
}

/// An app command run without a flag it then asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPrompt {
    /// The command's name as written (its subcommand or pdm script).
    pub command: String,
    /// The first left-out flag it asks for.
    pub flag: String,
}

/// A flag passed to one of the app's commands that the command does not declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAppFlag {
    /// Index into the command's words.
    pub word_index: usize,
    /// The flag as written, without any `=value`.
    pub flag: String,
    /// The facts' key of the command it was passed to.
    pub command: String,
    /// The command's name as written in commands.
    pub command_name: String,
    /// What to write instead: the nearest declared flag, or the flags there are.
    pub help: String,
}

impl UnknownAppFlag {
    /// The whole message, for a finding.
    pub fn message(&self) -> String {
        format!(
            "the app's `{}` has no flag `{}`; {}",
            self.command_name, self.flag, self.help
        )
    }
}

impl AppCli {
    /// The app command a command's words run, and the index of its first argument.
    pub fn call(&self, words: &[String]) -> Option<(&AppCommand, usize)> {
        // `python -m MODULE NAME`, with or without the runner before it.
        if let Some(at) = words
            .windows(2)
            .position(|pair| pair[0] == "-m" && pair[1] == self.module)
        {
            let name = words.get(at + 2)?;
            let command = self
                .commands
                .iter()
                .find(|command| command.name.as_deref() == Some(name.as_str()))?;
            return Some((command, at + 3));
        }
        // `RUNNER SCRIPT`.
        if self.runner.is_empty() {
            return None;
        }
        let at = words
            .windows(self.runner.len())
            .position(|window| window == self.runner.as_slice())?;
        let script = words.get(at + self.runner.len())?;
        let command = self
            .commands
            .iter()
            .find(|command| command.pdm_script.as_deref() == Some(script.as_str()))?;
        Some((command, at + self.runner.len() + 1))
    }

    /// The flag an app command will ask for because the words leave it out, if any,
    /// given the flags each command asks for. `--help` asks for nothing.
    pub fn missing_prompt(
        &self,
        words: &[String],
        prompted: &[PromptedFlags],
    ) -> Option<MissingPrompt> {
        let (command, first) = self.call(words)?;
        let asks = prompted.iter().find(|p| p.command == command.key)?;
        let given: Vec<&str> = words[first..]
            .iter()
            .take_while(|word| *word != "--")
            .map(|word| word.split_once('=').map_or(word.as_str(), |(flag, _)| flag))
            .collect();
        if given.contains(&"--help") {
            return None;
        }
        let flag = asks
            .flags
            .iter()
            .find(|flag| !given.contains(&flag.as_str()))?;
        Some(MissingPrompt {
            command: words[first - 1].clone(),
            flag: flag.clone(),
        })
    }

    /// Every flag passed to an app command that it does not declare, with the nearest
    /// declared one suggested.
    pub fn unknown_flags(&self, words: &[String]) -> Vec<UnknownAppFlag> {
        let Some((command, first)) = self.call(words) else {
            return Vec::new();
        };
        let mut unknown = Vec::new();
        for (index, word) in words.iter().enumerate().skip(first) {
            if word == "--" {
                break;
            }
            if !word.starts_with('-') || word.len() < 2 {
                continue;
            }
            let flag = word.split_once('=').map_or(word.as_str(), |(flag, _)| flag);
            if flag == "--help" || command.flags.iter().any(|known| known == flag) {
                continue;
            }
            let shown = command.name.as_deref().or(command.pdm_script.as_deref());
            let shown = shown.unwrap_or(&command.key);
            let help = match nearest(flag, command.flags.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None if command.flags.is_empty() => format!("`{shown}` takes no flags"),
                None => format!("its flags: {}", command.flags.join(", ")),
            };
            unknown.push(UnknownAppFlag {
                word_index: index,
                flag: flag.to_string(),
                command: command.key.clone(),
                command_name: shown.to_string(),
                help,
            });
        }
        unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli() -> AppCli {
        AppCli {
            runner: vec!["pdm".into(), "run".into()],
            module: "app.cli".into(),
            commands: vec![
                AppCommand {
                    key: "prune".into(),
                    name: Some("prune-artifacts".into()),
                    pdm_script: None,
                    flags: vec!["--dry-run".into(), "--retention-days".into()],
                },
                AppCommand {
                    key: "seed".into(),
                    name: None,
                    pdm_script: Some("seed-bank".into()),
                    flags: Vec::new(),
                },
                AppCommand {
                    key: "provision".into(),
                    name: Some("provision-user".into()),
                    pdm_script: Some("provision-user".into()),
                    flags: vec!["--email".into(), "--password".into()],
                },
            ],
        }
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn finds_the_command_by_module_name_or_pdm_script() {
        let cli = cli();
        let module = words("docker exec web pdm run python -m app.cli prune-artifacts --dry-run");
        assert_eq!(
            cli.call(&module).map(|(c, at)| (c.key.as_str(), at)),
            Some(("prune", 9))
        );
        let script = words("pdm run seed-bank");
        assert_eq!(cli.call(&script).map(|(c, _)| c.key.as_str()), Some("seed"));
        assert_eq!(cli.call(&words("pdm run other")), None);
        assert_eq!(cli.call(&words("ls -m app.cli")), None);
    }

    #[test]
    fn a_left_out_prompted_flag_is_found_by_module_name_or_pdm_script() {
        let cli = cli();
        let prompted = [PromptedFlags {
            command: "provision".into(),
            flags: vec!["--email".into(), "--password".into()],
        }];
        let missing = |text: &str| {
            cli.missing_prompt(&words(text), &prompted)
                .map(|m| (m.command, m.flag))
        };
        assert_eq!(
            missing("pdm run python -m app.cli provision-user --email a@b"),
            Some(("provision-user".into(), "--password".into()))
        );
        assert_eq!(
            missing("pdm run provision-user --password=x"),
            Some(("provision-user".into(), "--email".into()))
        );
        assert_eq!(
            missing("pdm run provision-user --email a@b --password x"),
            None
        );
        assert_eq!(missing("pdm run provision-user --help"), None);
        assert_eq!(
            missing("pdm run provision-user -- --email a --password b"),
            Some(("provision-user".into(), "--email".into())),
            "flags after `--` are arguments"
        );
        assert_eq!(missing("pdm run python -m app.cli prune-artifacts"), None);
    }

    #[test]
    fn undeclared_flags_are_found_with_the_nearest_declared_one() {
        let cli = cli();
        let call = words(
            "pdm run python -m app.cli prune-artifacts --dry-run --retention-days=3 --retention-dyas 3 --help",
        );
        let unknown = cli.unknown_flags(&call);
        assert_eq!(unknown.len(), 1);
        assert_eq!(
            (unknown[0].word_index, unknown[0].flag.as_str()),
            (8, "--retention-dyas")
        );
        assert_eq!(
            unknown[0].message(),
            "the app's `prune-artifacts` has no flag `--retention-dyas`; did you mean `--retention-days`?"
        );
        let none = cli.unknown_flags(&words("pdm run seed-bank --profile x"));
        assert_eq!(none[0].help, "`seed-bank` takes no flags");
        assert!(
            cli.unknown_flags(&words("pdm run seed-bank -- --anything"))
                .is_empty()
        );
    }
}
