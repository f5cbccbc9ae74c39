//! Reading `docker` and `docker compose` command lines: which container or service a
//! command targets, with which compose files, and whether it asks for a terminal.

/// A docker command line, split into what the facts-aware rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Docker {
    /// `docker exec|logs|inspect|restart|stop|start ... CONTAINER` and
    /// `docker network connect|disconnect NETWORK CONTAINER`.
    Container {
        subcommand: String,
        containers: Vec<String>,
        /// `-t` / `--tty` on `docker exec`.
        tty: bool,
        /// `-i` / `--interactive` on `docker exec`.
        interactive: bool,
        /// The command run inside the container (`docker exec` only).
        inner: Vec<String>,
    },
    /// `docker compose [-f FILE]... SUBCOMMAND [options] [SERVICE] [...]`.
    Compose {
        files: Vec<String>,
        subcommand: Option<String>,
        service: Option<String>,
        /// `-T` / `--no-TTY` on `exec` or `run`.
        no_tty: bool,
        inner: Vec<String>,
    },
}

const EXEC_VALUES: &[&str] = &[
    "-e",
    "--env",
    "--env-file",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--detach-keys",
];
const LOGS_VALUES: &[&str] = &["-n", "--tail", "--since", "--until"];
const INSPECT_VALUES: &[&str] = &["-f", "--format", "--type"];
const NETWORK_VALUES: &[&str] = &[
    "--alias",
    "--ip",
    "--ip6",
    "--link",
    "--link-local-ip",
    "--driver-opt",
];
const COMPOSE_VALUES: &[&str] = &[
    "-f",
    "--file",
    "-p",
    "--project-name",
    "--project-directory",
    "--env-file",
    "--profile",
    "--ansi",
    "--progress",
    "--parallel",
];
const COMPOSE_SUB_VALUES: &[&str] = &[
    "-e",
    "--env",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--index",
    "--name",
    "--entrypoint",
    "-v",
    "--volume",
    "-l",
    "--label",
    "-p",
    "--publish",
    "--cap-add",
    "--cap-drop",
    "-n",
    "--tail",
    "--since",
    "--until",
];

/// Reads a docker command line (words already unquoted); `None` when it is not one
/// that names a container or service.
pub fn parse(words: &[String]) -> Option<Docker> {
    let words = without_sudo(words);
    let (program, rest) = words.split_first()?;
    // `docker container exec` is `docker exec`.
    let rest = match rest.split_first() {
        Some((group, rest)) if program == "docker" && group == "container" => rest,
        _ => rest,
    };
    if program == "docker-compose" {
        return Some(compose(rest));
    }
    if program != "docker" {
        return None;
    }
    let (subcommand, rest) = rest.split_first()?;
    match subcommand.as_str() {
        "compose" => Some(compose(rest)),
        "exec" => {
            let (flags, positional) = split_options(rest, EXEC_VALUES, true);
            let (container, inner) = positional.split_first()?;
            Some(Docker::Container {
                subcommand: "exec".into(),
                containers: vec![container.clone()],
                tty: has_flag(&flags, 't', "--tty"),
                interactive: has_flag(&flags, 'i', "--interactive"),
                inner: inner.to_vec(),
            })
        }
        "logs" | "inspect" | "restart" | "stop" | "start" | "kill" | "rm" | "pause" | "unpause" => {
            let values = if subcommand == "inspect" {
                INSPECT_VALUES
            } else {
                LOGS_VALUES
            };
            let (_, positional) = split_options(rest, values, subcommand == "logs");
            let containers = if subcommand == "logs" {
                positional.into_iter().take(1).collect()
            } else {
                positional
            };
            (!containers.is_empty()).then(|| Docker::Container {
                subcommand: subcommand.clone(),
                containers,
                tty: false,
                interactive: false,
                inner: Vec::new(),
            })
        }
        "network" => {
            let (action, rest) = rest.split_first()?;
            if action != "connect" && action != "disconnect" {
                return None;
            }
            let (_, positional) = split_options(rest, NETWORK_VALUES, false);
            let container = positional.get(1)?.clone();
            Some(Docker::Container {
                subcommand: format!("network {action}"),
                containers: vec![container],
                tty: false,
                interactive: false,
                inner: Vec::new(),
            })
        }
        _ => None,
    }
}

/// The words after `sudo [options]`, or all of them.
fn without_sudo(words: &[String]) -> &[String] {
    match words.split_first() {
        Some((first, rest)) if first == "sudo" => {
            let mut index = 0;
            while let Some(word) = rest.get(index) {
                if !word.starts_with('-') {
                    break;
                }
                // -u USER, -g GROUP take a value.
                index += if matches!(word.as_str(), "-u" | "-g" | "-h" | "-p") {
                    2
                } else {
                    1
                };
            }
            rest.get(index..).unwrap_or_default()
        }
        _ => words,
    }
}

fn compose(words: &[String]) -> Docker {
    let mut files = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if !word.starts_with('-') {
            break;
        }
        if let Some(file) = word.strip_prefix("--file=") {
            files.push(file.to_string());
        } else if let Some(file) = word
            .strip_prefix("-f")
            .filter(|f| !f.is_empty() && !word.starts_with("--"))
        {
            files.push(file.to_string());
        } else if COMPOSE_VALUES.contains(&word.as_str()) {
            if (word == "-f" || word == "--file")
                && let Some(file) = words.get(index + 1)
            {
                files.push(file.clone());
            }
            index += 1;
        }
        index += 1;
    }
    let subcommand = words.get(index).cloned();
    let rest = words.get(index + 1..).unwrap_or_default();
    let takes_service = matches!(subcommand.as_deref(), Some("exec" | "run" | "logs"));
    let (flags, positional) = split_options(rest, COMPOSE_SUB_VALUES, true);
    let (service, inner) = match positional.split_first() {
        Some((service, inner)) if takes_service => (Some(service.clone()), inner.to_vec()),
        _ => (None, Vec::new()),
    };
    Docker::Compose {
        files,
        subcommand,
        service,
        no_tty: has_flag(&flags, 'T', "--no-TTY") || flags.iter().any(|f| f == "--no-tty"),
        inner,
    }
}

/// Splits leading options (and the values of those in `with_value`) from the rest.
/// With `stop_at_first`, everything after the first positional word is positional.
fn split_options(
    words: &[String],
    with_value: &[&str],
    stop_at_first: bool,
) -> (Vec<String>, Vec<String>) {
    let mut flags = Vec::new();
    let mut positional = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if stop_at_first && !positional.is_empty() {
            positional.extend(words[index..].iter().cloned());
            break;
        }
        if word.starts_with('-') && word.len() > 1 {
            flags.push(word.clone());
            if with_value.contains(&word.as_str()) {
                index += 1;
            }
        } else {
            positional.push(word.clone());
        }
        index += 1;
    }
    (flags, positional)
}

/// A short flag in any cluster (`-it`) or its long form.
fn has_flag(flags: &[String], short: char, long: &str) -> bool {
    flags.iter().any(|flag| {
        flag == long
            || (flag.starts_with('-') && !flag.starts_with("--") && flag[1..].contains(short))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_exec_with_options_and_terminal_flags() {
        let docker = parse(&words(
            "docker exec -it -e PYTHONPATH=/app/src skriptoteket-web pdm run x",
        ));
        assert_eq!(
            docker,
            Some(Docker::Container {
                subcommand: "exec".into(),
                containers: vec!["skriptoteket-web".into()],
                tty: true,
                interactive: true,
                inner: words("pdm run x"),
            })
        );
    }

    #[test]
    fn reads_compose_files_subcommand_and_service() {
        let Some(Docker::Compose {
            files,
            subcommand,
            service,
            no_tty,
            ..
        }) = parse(&words(
            "docker compose -f compose.prod.yaml exec -T -e A=1 web pdm run db-upgrade",
        ))
        else {
            panic!("not compose")
        };
        assert_eq!(files, ["compose.prod.yaml"]);
        assert_eq!(subcommand.as_deref(), Some("exec"));
        assert_eq!(service.as_deref(), Some("web"));
        assert!(no_tty);
    }

    #[test]
    fn reads_logs_network_connect_and_ignores_other_commands() {
        let logs = parse(&words("docker logs --tail 100 nginx-proxy"));
        assert!(
            matches!(logs, Some(Docker::Container { containers, .. }) if containers == ["nginx-proxy"])
        );
        let connect = parse(&words(
            "docker network connect hule-network skriptoteket_web --alias skriptoteket-web",
        ));
        assert!(
            matches!(connect, Some(Docker::Container { containers, .. }) if containers == ["skriptoteket_web"])
        );
        assert_eq!(parse(&words("docker ps")), None);
        let sudo = parse(&words(
            "sudo -u root docker container exec skriptoteket_web ls",
        ));
        assert!(
            matches!(sudo, Some(Docker::Container { containers, .. }) if containers == ["skriptoteket_web"])
        );
        assert_eq!(parse(&words("git pull")), None);
    }
}
