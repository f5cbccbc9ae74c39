//! Reading `docker` and `docker compose` command lines: which container or service a
//! command targets, with which compose files, whether it asks for a terminal, and which
//! of its flags its subcommand does not take.

use super::docker_flags::{self, Suggestion, UnknownFlag};

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

/// A flag that a docker or docker compose command passes and its subcommand does not
/// take: docker would stop with "unknown flag" before doing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagProblem {
    /// The index, in the words given to [`flag_problems`], of the word holding the flag.
    pub word_index: usize,
    /// The flag as written, without any `=value`; one letter of a cluster (`-T` of `-iT`).
    pub flag: String,
    /// A complete sentence for the user, with Markdown code spans: what has no such
    /// flag, and what was probably meant or why the flag does not belong there.
    pub message: String,
}

/// The options of the `docker` root that take a value (`docker --context prod ps`).
const DOCKER_GLOBAL_VALUES: &[&str] = &[
    "-c",
    "--context",
    "--config",
    "-H",
    "--host",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
];
/// The options of the `docker` root that take none.
const DOCKER_GLOBAL_SWITCHES: &[&str] = &["-D", "--debug", "--tls", "--tlsverify"];

/// The flags a docker or docker compose command passes that its subcommand does not take.
///
/// Reads `[sudo [options]] docker [global options] SUBCOMMAND [SUBCOMMAND2] ...`
/// (`docker network connect`, `docker container exec`), `docker compose [global flags]
/// SUBCOMMAND ...` and `docker-compose [global flags] SUBCOMMAND ...`, and checks the
/// compose global flags and the subcommand's options against the tables of
/// [`docker_flags`]. A subcommand the tables do not know is not checked, nor is
/// anything after the container of `docker exec`/`run` or the service of `docker
/// compose exec`/`run` (that is the inner command). Words are unquoted shell words;
/// any input is accepted.
pub fn flag_problems(words: &[String]) -> Vec<FlagProblem> {
    let rest = without_sudo(words);
    let start = words.len() - rest.len();
    let mut problems = Vec::new();
    match rest.first().map(String::as_str) {
        Some("docker-compose") => {
            compose_problems("docker-compose", words, start + 1, &mut problems)
        }
        Some("docker") => {
            let Some(at) = after_docker_globals(words, start + 1) else {
                return problems;
            };
            let Some(first) = words.get(at) else {
                return problems;
            };
            if first == "compose" {
                compose_problems("docker compose", words, at + 1, &mut problems);
                return problems;
            }
            // A group and its verb (`network connect`, `container exec`), else one word.
            let pair: Option<[&str; 2]> = words
                .get(at + 1)
                .map(|second| [first, second].map(String::as_str));
            let path: Vec<&str> = match pair {
                Some(pair) if docker_flags::flags_of(&pair).is_some() => pair.to_vec(),
                _ => vec![first.as_str()],
            };
            let shown = format!("docker {}", path.join(" "));
            check(&shown, &path, words, at + path.len(), &mut problems);
        }
        _ => {}
    }
    problems
}

/// The index of the docker subcommand after the `docker` root's own options, from
/// `at`; `None` when an option is one this reader does not know (or `--help`,
/// `--version`), so that nothing is checked rather than something misread.
fn after_docker_globals(words: &[String], mut at: usize) -> Option<usize> {
    while let Some(word) = words.get(at) {
        if !word.starts_with('-') {
            return Some(at);
        }
        let name = word.split_once('=').map_or(word.as_str(), |(name, _)| name);
        let attached = !word.starts_with("--") && word.chars().count() > 2;
        if DOCKER_GLOBAL_SWITCHES.contains(&word.as_str()) {
            at += 1;
        } else if DOCKER_GLOBAL_VALUES.contains(&name) {
            // `--context=prod` and `-Hssh://host` carry their value; `--context prod` not.
            at += if name != word.as_str() { 1 } else { 2 };
        } else if attached
            && word
                .get(..2)
                .is_some_and(|short| DOCKER_GLOBAL_VALUES.contains(&short))
        {
            at += 1;
        } else {
            return None;
        }
    }
    None
}

/// Checks `docker compose` (or `docker-compose`) words from `at`: the global flags
/// before the subcommand, then the subcommand's own.
fn compose_problems(shown: &str, words: &[String], at: usize, problems: &mut Vec<FlagProblem>) {
    let rest = words.get(at..).unwrap_or_default();
    check(shown, &["compose"], words, at, problems);
    let Some(sub) = docker_flags::first_positional(&["compose"], rest) else {
        return;
    };
    let Some(subcommand) = rest.get(sub) else {
        return;
    };
    let path = ["compose", subcommand.as_str()];
    check(
        &format!("{shown} {subcommand}"),
        &path,
        words,
        at + sub + 1,
        problems,
    );
}

/// Checks `words[at..]` as the option words of `path`, shown to the user as `shown`.
fn check(shown: &str, path: &[&str], words: &[String], at: usize, problems: &mut Vec<FlagProblem>) {
    let rest = words.get(at..).unwrap_or_default();
    for unknown in docker_flags::unknown_flags(path, rest) {
        let word_index = at + unknown.word_index;
        let word = words.get(word_index).map_or("", String::as_str);
        problems.push(FlagProblem {
            word_index,
            message: message(shown, word, &unknown),
            flag: unknown.flag,
        });
    }
}

fn message(shown: &str, word: &str, unknown: &UnknownFlag) -> String {
    let flag = &unknown.flag;
    // Name the cluster a letter came from: `-T` in `-iT`.
    let within = if !word.starts_with("--") && word != flag {
        format!(" (in `{word}`)")
    } else {
        String::new()
    };
    match &unknown.suggestion {
        Some(Suggestion::Explain(why)) => format!("`{shown}` has no flag `{flag}`{within}: {why}"),
        Some(Suggestion::DidYouMean(meant)) => {
            format!("`{shown}` has no flag `{flag}`{within}; did you mean `{meant}`?")
        }
        None => format!("`{shown}` has no flag `{flag}`{within}; `{shown} --help` lists its flags"),
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

    fn problems(text: &str) -> Vec<FlagProblem> {
        flag_problems(&words(text))
    }

    #[test]
    fn docker_exec_with_the_compose_no_tty_flag_is_one_problem() {
        let found = problems("docker exec -T web ls");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].word_index, found[0].flag.as_str()), (2, "-T"));
        let message = &found[0].message;
        assert!(
            message.starts_with("`docker exec` has no flag `-T`: ")
                && message.contains("`docker compose exec`"),
            "{message}"
        );
        let cluster = problems("docker exec -iT web sh");
        assert!(
            cluster[0].message.contains("`-T` (in `-iT`)"),
            "{cluster:?}"
        );
    }

    #[test]
    fn a_misspelt_flag_after_sudo_suggests_the_one_meant() {
        let found = problems("sudo docker logs --tial 5 web");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].word_index, found[0].flag.as_str()), (3, "--tial"));
        assert_eq!(
            found[0].message,
            "`docker logs` has no flag `--tial`; did you mean `--tail`?"
        );
        let with_options = problems("sudo -u root docker logs --tial 5 web");
        assert_eq!(with_options[0].word_index, 5, "{with_options:?}");
    }

    #[test]
    fn compose_global_flags_and_subcommand_flags_are_read_apart() {
        assert_eq!(problems("docker compose -f a.yaml exec -T web ls"), []);
        assert_eq!(
            problems("docker compose -f a.yaml -p app --profile x --env-file .env up -d"),
            []
        );
        let found = problems("docker compose -f a.yaml up -d --biuld");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].word_index, 6);
        assert!(
            found[0]
                .message
                .contains("`docker compose up` has no flag `--biuld`; did you mean `--build`?"),
            "{}",
            found[0].message
        );
        let standalone = problems("docker-compose -f a.yaml logs --tial 5 web");
        assert!(
            standalone[0]
                .message
                .starts_with("`docker-compose logs` has no flag `--tial`"),
            "{standalone:?}"
        );
        let global = problems("docker compose --fil a.yaml up");
        assert_eq!((global.len(), global[0].word_index), (1, 2), "{global:?}");
        assert!(
            global[0]
                .message
                .starts_with("`docker compose` has no flag")
        );
        let misplaced = problems("docker compose up -f a.yaml -d");
        assert!(
            misplaced[0].message.contains("put it before `up`"),
            "{misplaced:?}"
        );
    }

    #[test]
    fn the_inner_command_of_exec_is_not_checked() {
        assert_eq!(problems("docker exec web ls -la"), []);
        assert_eq!(problems("docker exec -it -e A=1 web sh -c --weird"), []);
        assert_eq!(problems("docker compose exec -T web pytest -x -T"), []);
    }

    #[test]
    fn two_word_subcommands_and_aliases_are_found() {
        assert_eq!(problems("docker network connect --alias x net web"), []);
        assert_eq!(problems("docker volume rm -f data"), []);
        assert_eq!(problems("docker system prune -af --volumes"), []);
        assert_eq!(problems("docker container exec -it web sh"), []);
        let alias = problems("docker container exec -T web ls");
        assert!(
            alias[0]
                .message
                .starts_with("`docker container exec` has no flag `-T`"),
            "{alias:?}"
        );
        let connect = problems("docker network connect --aliaz x net web");
        assert_eq!(connect[0].flag, "--aliaz", "{connect:?}");
        assert_eq!(problems("docker --context prod -D logs -n 5 web"), []);
        assert_eq!(problems("docker -H=ssh://hemma logs --tial 5 web").len(), 1);
    }

    #[test]
    fn unknown_subcommands_and_other_programs_are_not_checked() {
        for line in [
            "docker frobnicate --anything -Z",
            "docker network --bogus",
            "docker compose frobnicate --anything",
            "docker --weird-global exec -T web",
            "docker",
            "docker compose",
            "sudo",
            "sudo -u",
            "git log --tial",
            "",
        ] {
            assert_eq!(problems(line), [], "{line}");
        }
    }

    #[test]
    fn odd_words_never_panic() {
        let odd = [
            "",
            "-",
            "--",
            "-é",
            "--=",
            "-H",
            "-Hé",
            "sudo",
            "docker",
            "compose",
            "exec",
            "-T",
            "\u{1F600}",
            "-f",
            "network",
        ];
        for a in odd {
            for b in odd {
                for c in odd {
                    for d in odd {
                        let line: Vec<String> = [a, b, c, d].map(str::to_owned).to_vec();
                        for problem in flag_problems(&line) {
                            assert!(problem.word_index < line.len());
                        }
                    }
                }
            }
        }
    }
}
