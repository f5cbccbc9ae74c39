//! `ssh-first`: every command of a shell fence runs on a known host through ssh, unless
//! it is marked as a workstation command.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

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
runs only when known hosts are given.",
        why: "A skill that operates a server must never run a server command on the \
workstation by accident: the same `docker compose down` means something else on each \
machine. Sending everything through a named ssh alias makes the target explicit, and the \
marker makes each exception visible and explained.",
        example: "```bash\ndocker ps\nssh hemma\n```\n\n(`docker ps` runs locally, and \
`ssh hemma` alone opens an interactive shell.)",
        fix: "Run the command through a known alias: `ssh hemma 'docker ps'` (pipes and \
redirections inside the quotes run on the server). For a command that must run on the \
workstation, put `# local: <why>` on the line right before it; the marker covers that one \
command line.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    let hosts = &context.config.ssh_hosts;
    if hosts.is_empty() {
        return;
    }
    let known = hosts.join(", ");
    let marker = context.config.local_marker.trim();
    for site in &context.commands {
        let (path, command) = (&site.file, &site.command);
        if command.local.is_some() {
            continue;
        }
        let shown = shorten(&command.text);
        match &command.ssh {
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
