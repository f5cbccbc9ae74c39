//! Which lines of a shell fence are input typed at a program's prompt: after
//! `sqlite3 app.db` or `ssh -t hemma "docker exec -it db psql -U app"`, the lines right
//! below it (`.tables`, `SELECT ...;`) are what a reader types there, not shell.

use std::collections::{BTreeMap, HashMap};

use super::CommandSite;
use crate::command::ShellCommand;
use crate::command::ShellScript;
use crate::command::docker::Docker;
use crate::command::program::{base_name, named_program};

/// Programs that read commands at a prompt when given nothing to run.
const PROMPT_PROGRAMS: &[&str] = &[
    "sqlite3",
    "psql",
    "mysql",
    "mariadb",
    "redis-cli",
    "mongosh",
    "mongo",
    "python",
    "python3",
    "node",
    "irb",
    "sqlcmd",
    "clickhouse-client",
];

/// Options that give a prompt program its work, so it opens no prompt.
const WORK_OPTIONS: &[&str] = &[
    "-c",
    "-f",
    "-e",
    "-m",
    "--command",
    "--file",
    "--execute",
    "--eval",
];

/// The lines of a skill's shell fences that are input to a prompt opened above them,
/// with the program, by file and line. Found once per skill, for every rule.
#[derive(Debug, Default)]
pub struct PromptInput {
    by_file: HashMap<String, HashMap<usize, &'static str>>,
}

impl PromptInput {
    /// The program whose prompt a line of `file` is typed at, when it is one.
    pub fn at(&self, file: &str, line: usize) -> Option<&'static str> {
        self.by_file.get(file)?.get(&line).copied()
    }
}

/// The lines of every shell fence that are input to a prompt opened on the line above
/// them. A run of input is the lines right below the command, each holding a command
/// or a line that does not parse, up to the first other line (blank, a comment) or
/// ssh call.
pub fn input_lines(
    scripts: &BTreeMap<(String, usize), ShellScript>,
    commands: &[CommandSite],
) -> PromptInput {
    let mut input = PromptInput::default();
    // Most skills open no prompt: then there is nothing to lay out.
    let any_prompt = commands.iter().any(|site| {
        site.effective()
            .into_iter()
            .any(|command| opens_a_prompt(command).is_some())
    });
    if !any_prompt {
        return input;
    }
    // Per fence: each line with a command or an error, and what opens a prompt there.
    let mut fences: BTreeMap<(&str, usize), BTreeMap<usize, Line>> = BTreeMap::new();
    for ((path, fence), script) in scripts {
        let lines = fences.entry((path.as_str(), *fence)).or_default();
        for error in &script.errors {
            lines.entry(error.line).or_insert(Line::Other);
        }
    }
    for site in commands {
        let line = if site.command.ssh.is_some() && site.remote.is_none() {
            Line::Ssh
        } else {
            match site.effective().into_iter().find_map(opens_a_prompt) {
                Some(program) => Line::Prompt(program),
                None if site.command.ssh.is_some() => Line::Ssh,
                None => Line::Other,
            }
        };
        let lines = fences.entry((site.file.as_str(), site.fence)).or_default();
        let entry = lines.entry(site.command.line).or_insert(Line::Other);
        if *entry == Line::Other {
            *entry = line;
        }
    }
    for ((path, _), lines) in fences {
        let mut open: Option<(&'static str, usize)> = None;
        for (line, kind) in lines {
            open = match (kind, open) {
                (Line::Prompt(program), _) => Some((program, line)),
                (Line::Other, Some((program, last))) if line == last + 1 => {
                    input
                        .by_file
                        .entry(path.to_string())
                        .or_default()
                        .insert(line, program);
                    Some((program, line))
                }
                _ => None,
            };
        }
    }
    input
}

/// What a fence line holds, for finding runs of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// A command that opens this program's prompt.
    Prompt(&'static str),
    /// An ssh call: shell for sure.
    Ssh,
    /// Another command, or a line that does not parse.
    Other,
}

/// The program whose prompt this command opens (`sqlite3 app.db`, `sudo psql -U app`,
/// `docker exec -it db psql`): a prompt program as the command's program, or as the
/// program `docker exec` or `docker compose exec` runs, with stdin from the terminal
/// and nothing given to run (for sqlite3, no SQL after the database; for the others,
/// no `-c`/`-e`/`-f` and no script).
fn opens_a_prompt(command: &ShellCommand) -> Option<&'static str> {
    if command.stdin_redirected || command.piped_in {
        return None;
    }
    let words = match &command.docker {
        Some(Docker::Container {
            subcommand, inner, ..
        }) if subcommand == "exec" => inner,
        Some(Docker::Compose {
            subcommand: Some(subcommand),
            inner,
            ..
        }) if subcommand == "exec" || subcommand == "run" => inner,
        _ => &command.words,
    };
    // Most commands name no prompt program at all: a compare per word rules them out.
    if !words
        .iter()
        .any(|word| PROMPT_PROGRAMS.contains(&base_name(word)))
    {
        return None;
    }
    // `command -v psql` asks where psql is.
    if words.first().is_some_and(|word| word == "command")
        && words
            .get(1)
            .is_some_and(|word| word.starts_with("-v") || word.starts_with("-V"))
    {
        return None;
    }
    let (name, arguments) = named_program(words)?;
    let name = PROMPT_PROGRAMS.iter().find(|known| **known == name)?;
    if arguments.iter().any(|word| {
        WORK_OPTIONS.contains(&word.as_str())
            || word.starts_with("--command=")
            || word.starts_with("--file=")
    }) {
        return None;
    }
    let positional = arguments
        .iter()
        .filter(|word| !word.starts_with('-'))
        .count();
    let given_work = match *name {
        "sqlite3" => positional > 1,
        "python" | "python3" | "node" | "irb" => positional > 0,
        _ => false,
    };
    (!given_work).then_some(name)
}

/// The language of a fence that shows what is typed at the program's prompt.
pub fn fence_language(program: &str) -> &'static str {
    match program {
        "python" | "python3" => "python",
        "node" => "js",
        "irb" => "ruby",
        "redis-cli" | "mongosh" | "mongo" => "text",
        _ => "sql",
    }
}
