//! When a command needs a terminal: the one policy behind `ssh -t`, applied by the facts
//! loader to the commands it builds and by lint to the commands it reads.

use super::ShellCommand;
use super::docker::Docker;
use super::server::ServerFacts;

/// Why an app command prompts: it always does, or it is run without a flag it then
/// asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// The command's word as written (`bootstrap-superuser`).
    pub command: String,
    /// The left-out flag it asks for, when that is why.
    pub flag: Option<String>,
}

impl Prompt {
    /// What prompts, for a message: `` `provision-user` without `--password` ``.
    pub fn describe(&self) -> String {
        match &self.flag {
            Some(flag) => format!("`{}` without `{flag}`", self.command),
            None => format!("`{}`", self.command),
        }
    }
}

/// Why a command run on a server needs a terminal, if it does: `docker exec -t`,
/// `docker compose exec` without `-T`, an interactive `psql`, or an app command that
/// prompts (one that always does, or one run without a flag it asks for). `fed` says
/// its input already comes from elsewhere (ssh's own stdin is redirected or piped).
pub fn needs_terminal(command: &ShellCommand, facts: &ServerFacts, fed: bool) -> Option<String> {
    let fed = fed || command.stdin_redirected || command.piped_in;
    let inner = match command.docker.as_ref() {
        Some(Docker::Container {
            subcommand,
            tty,
            inner,
            ..
        }) if subcommand == "exec" => {
            if *tty {
                return Some("`docker exec -t`".to_string());
            }
            inner.as_slice()
        }
        // `docker compose exec` allocates a terminal unless given `-T`; `run` detects
        // whether it has one.
        Some(Docker::Compose {
            subcommand: Some(subcommand),
            no_tty,
            inner,
            ..
        }) if subcommand == "exec" || subcommand == "run" => {
            if subcommand == "exec" && !no_tty && !fed {
                return Some("`docker compose exec` without `-T`".to_string());
            }
            inner.as_slice()
        }
        _ => command.words.as_slice(),
    };
    let interactive_psql = inner.first().is_some_and(|word| word == "psql")
        && !inner.iter().any(|word| {
            matches!(word.as_str(), "-c" | "-f" | "--command" | "--file")
                || word.starts_with("--command=")
                || word.starts_with("--file=")
                || (word.starts_with("-c") && word.len() > 2)
        })
        && !fed;
    if interactive_psql {
        return Some("`psql` without `-c` or `-f`".to_string());
    }
    prompting_command(command, facts).map(|prompt| format!("{} (it prompts)", prompt.describe()))
}

/// The app command this command runs that will prompt, if any: one that always
/// prompts, or one run without a flag it asks for.
pub fn prompting_command(command: &ShellCommand, facts: &ServerFacts) -> Option<Prompt> {
    if let Some(name) = facts
        .interactive_commands
        .iter()
        .find(|name| command.words.iter().any(|word| word == *name))
    {
        return Some(Prompt {
            command: name.clone(),
            flag: None,
        });
    }
    facts
        .app_cli
        .missing_prompt(&command.words, &facts.prompted_flags)
        .map(|missing| Prompt {
            command: missing.command,
            flag: Some(missing.flag),
        })
}

/// A prompting command that `docker exec` runs without both `-i` and `-t`, so its prompt
/// never reaches the user.
pub fn prompt_without_terminal(command: &ShellCommand, facts: &ServerFacts) -> Option<Prompt> {
    let prompt = prompting_command(command, facts)?;
    match command.docker.as_ref() {
        Some(Docker::Container {
            tty, interactive, ..
        }) if !(*tty && *interactive) => Some(prompt),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::app_cli::{AppCli, AppCommand, PromptedFlags};
    use crate::command::parse_remote;

    fn facts() -> ServerFacts {
        ServerFacts {
            interactive_commands: vec!["bootstrap-superuser".to_string()],
            app_cli: AppCli {
                runner: vec!["pdm".into(), "run".into()],
                module: "app.cli".into(),
                commands: vec![AppCommand {
                    key: "provision".into(),
                    name: Some("provision-user".into()),
                    pdm_script: None,
                    flags: vec!["--email".into(), "--password".into()],
                }],
            },
            prompted_flags: vec![PromptedFlags {
                command: "provision".into(),
                flags: vec!["--password".into()],
            }],
            ..ServerFacts::default()
        }
    }

    fn need(script: &str) -> Option<String> {
        let facts = facts();
        let parsed = parse_remote(script, 1, 1);
        parsed
            .commands
            .iter()
            .find_map(|command| needs_terminal(command, &facts, false))
    }

    #[test]
    fn interactive_commands_need_a_terminal_and_fed_ones_do_not() {
        assert_eq!(
            need("docker exec -it web sh").as_deref(),
            Some("`docker exec -t`")
        );
        assert_eq!(
            need("sudo docker exec -ti web sh").as_deref(),
            Some("`docker exec -t`")
        );
        assert!(need("docker compose -f a.yaml exec web sh").is_some());
        assert_eq!(need("docker compose -f a.yaml exec -T web ls"), None);
        assert!(need("docker exec -i db psql -U x").is_some());
        assert_eq!(need("docker exec -i db psql -U x < dump.sql"), None);
        assert_eq!(need("docker exec db psql -U x -c 'SELECT 1'"), None);
        assert!(need("docker exec web app bootstrap-superuser").is_some());
        assert_eq!(need("docker logs --tail 5 web | grep x"), None);
    }

    #[test]
    fn an_app_command_needs_a_terminal_only_when_a_prompted_flag_is_left_out() {
        assert_eq!(
            need("docker exec web pdm run python -m app.cli provision-user --email a").as_deref(),
            Some("`provision-user` without `--password` (it prompts)")
        );
        assert_eq!(
            need("docker exec web pdm run python -m app.cli provision-user --email a --password b"),
            None
        );
    }

    #[test]
    fn a_prompt_needs_exec_with_both_i_and_t() {
        let facts = facts();
        let first = |script: &str| parse_remote(script, 1, 1).commands.remove(0);
        assert_eq!(
            prompt_without_terminal(&first("docker exec -t web app bootstrap-superuser"), &facts)
                .map(|prompt| prompt.describe()),
            Some("`bootstrap-superuser`".to_string())
        );
        assert_eq!(
            prompt_without_terminal(
                &first("docker exec -it web app bootstrap-superuser"),
                &facts
            ),
            None
        );
        assert_eq!(
            prompt_without_terminal(
                &first("docker exec web pdm run python -m app.cli provision-user"),
                &facts
            )
            .map(|prompt| prompt.describe()),
            Some("`provision-user` without `--password`".to_string())
        );
    }
}
