//! When a command needs a terminal: the one policy behind `ssh -t`, applied by the facts
//! loader to the commands it builds and by lint to the commands it reads.

use super::ShellCommand;
use super::docker::Docker;

/// Why a command run on a server needs a terminal, if it does: `docker exec -t`,
/// `docker compose exec` without `-T`, an interactive `psql`, or a command that prompts
/// (one of `prompting`, the names of the app's prompting commands). `fed` says its input
/// already comes from elsewhere (ssh's own stdin is redirected or piped).
pub fn needs_terminal(command: &ShellCommand, prompting: &[String], fed: bool) -> Option<String> {
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
    prompting_command(command, prompting).map(|name| format!("`{name}` (it prompts)"))
}

/// The prompting command this command runs, if any.
pub fn prompting_command<'p>(command: &ShellCommand, prompting: &'p [String]) -> Option<&'p str> {
    prompting
        .iter()
        .find(|name| command.words.iter().any(|word| word == *name))
        .map(String::as_str)
}

/// A prompting command that `docker exec` runs without both `-i` and `-t`, so its prompt
/// never reaches the user.
pub fn prompt_without_terminal<'p>(
    command: &ShellCommand,
    prompting: &'p [String],
) -> Option<&'p str> {
    let prompting = prompting_command(command, prompting)?;
    match command.docker.as_ref() {
        Some(Docker::Container {
            tty, interactive, ..
        }) if !(*tty && *interactive) => Some(prompting),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse_remote;

    fn need(script: &str) -> Option<String> {
        let prompting = ["bootstrap-superuser".to_string()];
        let parsed = parse_remote(script, 1, 1);
        parsed
            .commands
            .iter()
            .find_map(|command| needs_terminal(command, &prompting, false))
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
    fn a_prompt_needs_exec_with_both_i_and_t() {
        let prompting = ["bootstrap-superuser".to_string()];
        let first = |script: &str| parse_remote(script, 1, 1).commands.remove(0);
        assert_eq!(
            prompt_without_terminal(
                &first("docker exec -t web app bootstrap-superuser"),
                &prompting
            ),
            Some("bootstrap-superuser")
        );
        assert_eq!(
            prompt_without_terminal(
                &first("docker exec -it web app bootstrap-superuser"),
                &prompting
            ),
            None
        );
    }
}
