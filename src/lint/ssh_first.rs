//! `ssh-first`: every command of a shell fence runs on a known host through ssh, unless
//! it is marked as a workstation command, sits where the skill says the workstation is
//! meant, or is no command to run (a value documented, a list of ssh aliases).

use std::collections::{BTreeMap, BTreeSet};

use super::{CommandSite, Context, Emitter, Rule, RuleDoc};
use crate::command::ShellCommand;
use crate::diagnostic::Severity;
use crate::markdown::Document;

pub const RULE: Rule = Rule {
    name: "ssh-first",
    severity: Severity::Error,
    summary: "a shell command that does not run through `ssh HOST ...`",
    doc: RuleDoc {
        what: "In every `bash`, `sh`, `shell`, `zsh` or `console` fence, each command \
(every part of a pipeline, `&&`/`||`/`;` list or compound command) is `ssh [options] HOST \
COMMAND` (whether HOST is known is the `unknown-host` rule's job), unless its \
command line follows a `# local: <reason>` comment line. The fence is read as real \
shell, so heredoc bodies, comments and quoted text are not commands (lines that do not \
parse are the `shell-syntax` rule's). In `console` fences only `$ ` prompt lines are commands. The rule \
runs only when known hosts are given, and only on a skill that reaches a server over ssh \
somewhere (an ssh call, also under `sudo`, `scp`, `sftp`, `rsync`, an `ssh://` address such \
as `DOCKER_HOST`'s): a skill that never does (a testing or coding skill linted with its \
repository's hosts) works on the workstation as a whole. `scp`, `sftp` and `rsync` run \
on the workstation by nature and are not findings themselves.

Commands meant for the workstation are left alone: those of a section whose heading says \
so (a word `local`, `locally`, `workstation`, `laptop` or `macbook`, or \"your machine\", \
\"your computer\", \"dev machine\": \"## Local Dev\", \"## GPU Tunnels (Local \
Workstation)\", \"### On your laptop\") and of its subsections, and those of a fence marked \
local as a whole by the word `local` after its language (```` ```bash local ````). So are \
lines that run nothing: a bare `NAME=value` (documenting a value; one with `$(...)` runs \
it), a fence that only lists ssh aliases (two or more `ssh HOST` logins, or known \
aliases as bare words), and the lines after a command that opens a program's prompt \
(`sqlite3 app.db`, then its SQL; see `shell-syntax`). An ssh call there is still checked.",
        why: "A skill that operates a server must never run a server command on the \
workstation by accident: the same `docker compose down` means something else on each \
machine. Sending everything through a named ssh alias makes the target explicit, and the \
marker makes each exception visible and explained.",
        example: "```bash\ndocker ps\nssh hemma\n```\n\n(`docker ps` runs locally, and \
`ssh hemma` alone opens an interactive shell.)",
        fix: "Run the command through a known alias: `ssh hemma 'docker ps'` (pipes and \
redirections inside the quotes run on the server). For a command that must run on the \
workstation, put `# local: <why>` on the line right before it; the marker covers that one \
command line. For a whole block of workstation commands, put them under a heading that \
says so (\"## On the workstation\") or mark the fence: ```` ```bash local ````.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let hosts = &context.config.ssh_hosts;
    if hosts.is_empty() || !uses_ssh(context) {
        return;
    }
    let known = hosts.join(", ");
    let marker = context.config.local_marker.trim();
    let local_headings: BTreeMap<&str, Vec<bool>> = context
        .documents
        .iter()
        .map(|(path, document)| (path.as_str(), local_headings(document)))
        .collect();
    let alias_lists = alias_lists(context);
    for site in &context.commands {
        let (path, command) = (&site.file, &site.command);
        if command.ssh.is_none() && context.prompt_input.at(path, command.line).is_some() {
            continue; // input typed at the prompt, not a command of the workstation
        }
        if command.local.is_some() {
            continue;
        }
        let shown = shorten(&command.text);
        match &command.ssh {
            None if is_bare_assignment(command)
                || copies_over_ssh(command)
                || alias_lists.contains(&(path.as_str(), site.fence))
                || meant_for_the_workstation(context, &local_headings, site) => {}
            None => out.emit(
                path,
                command.line,
                command.column,
                format!(
                    "`{shown}` runs on the workstation; run it as `ssh HOST '...'` with a known host ({known}), or mark its line with `{marker} <reason>` above it"
                ),
            ),
            Some(call) if call.local_expansion.is_some() => out.emit(
                path,
                command.line,
                command.column,
                format!(
                    "`{}` is expanded on the workstation before ssh sends the command; escape it (`\\$(...)`) or single-quote the remote command so it runs on the server",
                    call.local_expansion.as_deref().unwrap_or_default()
                ),
            ),
            Some(_) if alias_lists.contains(&(path.as_str(), site.fence)) => {}
            Some(call) if call.remote.is_none() => out.emit(
                path,
                command.line,
                command.column,
                format!(
                    "`{shown}` opens an interactive shell; give the command to run: `ssh {} '...'`",
                    call.destination
                ),
            ),
            Some(_) => {}
        }
    }
    for ((path, _), script) in &context.scripts {
        for local in &script.local_markers {
            if !local.used {
                let problem = if local.reason.is_empty() {
                    "gives no reason"
                } else {
                    "is not on the line right before a command"
                };
                out.emit(
                    path,
                    local.line,
                    local.column,
                    format!("this `{marker}` marker {problem}; write `{marker} <reason>` right above the command it covers"),
                );
            }
        }
    }
}

/// Whether some command of the skill reaches a server over ssh. Only a skill that
/// does has commands that could run on the wrong machine.
fn uses_ssh(context: &Context) -> bool {
    context.commands.iter().any(|site| {
        let command = &site.command;
        command.ssh.is_some()
            || copies_over_ssh(command)
            || command
                .words
                .iter()
                .chain(&command.assignments)
                .any(|word| word.contains("ssh://"))
    })
}

/// `scp`, `sftp`, `rsync`, or `ssh` under `sudo`: the workstation's own ways to reach a
/// server, right where they are.
fn copies_over_ssh(command: &ShellCommand) -> bool {
    crate::command::program::named_program(&command.words)
        .is_some_and(|(name, _)| matches!(name, "ssh" | "scp" | "sftp" | "rsync"))
}

/// Whether a command sits in a fence marked `local` or under a heading (or in a
/// subsection of one) that says it is meant for the workstation.
fn meant_for_the_workstation(
    context: &Context,
    local_headings: &BTreeMap<&str, Vec<bool>>,
    site: &CommandSite,
) -> bool {
    let Some(document) = context.documents.get(&site.file) else {
        return false;
    };
    let fence_is_local = document.fences.get(site.fence).is_some_and(|fence| {
        fence
            .info
            .split_whitespace()
            .skip(1)
            .any(|word| word.eq_ignore_ascii_case("local"))
    });
    let headings = &document.headings;
    let before = headings.partition_point(|heading| heading.line <= site.command.line);
    let section_is_local = before
        .checked_sub(1)
        .and_then(|index| local_headings.get(site.file.as_str())?.get(index).copied())
        .unwrap_or(false);
    fence_is_local || section_is_local
}

/// Words of a heading that say its section runs on the workstation.
const LOCAL_WORDS: &[&str] = &[
    "local",
    "locally",
    "workstation",
    "workstations",
    "laptop",
    "laptops",
    "macbook",
];
const LOCAL_PHRASES: &[&str] = &["your machine", "your computer", "dev machine"];

/// For each heading of a document, whether its section is meant for the workstation:
/// its own text says so, or that of a heading it is a subsection of.
fn local_headings(document: &Document) -> Vec<bool> {
    let mut open: Vec<(u8, bool)> = Vec::new();
    let mut local = Vec::with_capacity(document.headings.len());
    for heading in &document.headings {
        while open
            .last()
            .is_some_and(|&(level, _)| level >= heading.level)
        {
            open.pop();
        }
        let inherited = open.last().is_some_and(|&(_, local)| local);
        let is_local = inherited || says_local(&heading.text);
        open.push((heading.level, is_local));
        local.push(is_local);
    }
    local
}

/// Whether a heading's text says the workstation: `Local Dev`, `(Local Workstation)`,
/// `On your laptop`; not `hemma-local`, an alias.
fn says_local(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|word| !word.is_empty())
        .collect();
    words.iter().any(|word| LOCAL_WORDS.contains(word))
        || LOCAL_PHRASES
            .iter()
            .any(|phrase| words.join(" ").contains(phrase))
}

/// `NAME=value` alone: it documents a value and runs nothing, unless it substitutes a
/// command's output or redirects.
fn is_bare_assignment(command: &ShellCommand) -> bool {
    command.words.is_empty()
        && !command.assignments.is_empty()
        && !command.stdin_redirected
        && !command.text.contains("$(")
        && !command.text.contains('`')
        && !command.text.split(' ').any(|token| {
            token
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '&')
                .starts_with(['>', '<'])
        })
}

/// The fences (file, index) that only list ssh aliases: two or more plain `ssh HOST`
/// logins, or known aliases written as bare words.
fn alias_lists<'c>(context: &'c Context) -> BTreeSet<(&'c str, usize)> {
    let known = context.known_hosts();
    let mut fences: BTreeMap<(&str, usize), (usize, usize, usize)> = BTreeMap::new();
    for site in &context.commands {
        let (total, logins, aliases) = fences.entry((site.file.as_str(), site.fence)).or_default();
        *total += 1;
        let command = &site.command;
        if command.ssh.as_ref().is_some_and(|call| {
            call.remote.is_none() && call.options.is_empty() && call.local_expansion.is_none()
        }) {
            *logins += 1;
        } else if command.words.len() == 1 && known.contains(&command.words[0].as_str()) {
            *aliases += 1;
        }
    }
    fences
        .into_iter()
        .filter(|(_, (total, logins, aliases))| {
            logins + aliases == *total && (*logins >= 2 || *aliases >= 1)
        })
        .map(|(fence, _)| fence)
        .collect()
}

/// The command for a message: its first line, at most 60 characters.
fn shorten(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > 60 || first.len() < text.len() {
        let cut: String = first.chars().take(57).collect();
        format!("{cut}...")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_say_local_in_words_not_in_aliases() {
        for local in [
            "Local Dev (DX)",
            "GPU Tunnels (Local Workstation)",
            "On your laptop",
            "Local machine",
            "Run it locally",
            "On your machine",
        ] {
            assert!(says_local(local), "{local}");
        }
        for server in [
            "Via hemma-local (LAN)",
            "Deploy",
            "Localization files",
            "Non-local backups",
        ] {
            assert!(!says_local(server), "{server}");
        }
    }

    #[test]
    fn subsections_of_a_local_section_are_local_until_the_next_section() {
        let document = Document::parse(
            "a.md",
            "# Ops\n## Local Dev\n### Logs\n#### Tail\n## Deploy\n### Local volumes\n",
        );
        assert_eq!(
            local_headings(&document),
            [false, true, true, true, false, true]
        );
    }
}
