//! `shell-syntax`: a command line in a shell fence, or the remote command of an ssh
//! call, that is not valid shell.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::command::ShellCommand;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "shell-syntax",
    severity: Severity::Error,
    summary: "a command line in a shell fence that does not parse as shell",
    doc: RuleDoc {
        what: "Every `bash`, `sh`, `shell`, `zsh` or `console` fence is read as shell, and \
so is the remote command of each `ssh HOST \"...\"`. A line that is not valid shell is \
reported where reading stopped: a quote, `$(`, `${` or backtick never closed, an operator \
with no command after it, a redirection with no target, a here-document never ended, or \
`if`/`fi`, `do`/`done`, `case`/`esac`, `{`/`}` and `(`/`)` that do not pair up. The \
other lines of the fence are still read and checked. A `<placeholder>` as docs write it \
(`<from server .env>`) is a word, not a redirection. Runs on any skill.

A line that does not parse after a command that opens a program's prompt (`sqlite3 \
app.db`, `psql -U app`, `docker exec -it db mysql`, with nothing given to run) is the \
input a reader would type there, shown in the shell fence: a warning that says so, \
since a shell that runs the fence runs it as a command.",
        why: "A command that does not parse fails when Claude runs it, often after the \
part before the error already ran. And a line the reader cannot take apart cannot be \
checked for anything else: its ssh host, its container, its destructive flags.",
        example: "```bash\nssh hemma \"docker logs --tail 100 skriptoteket-web\nssh hemma \
\"docker ps\"\n```\n\n(The first quote is never closed, so the shell reads both lines as \
one argument.)",
        fix: "Close the quote or block, give the operator its command, or label the fence \
```text if it is not commands.",
    },
    check,
};

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

/// The program whose prompt this command opens (`sqlite3 app.db`, `docker exec -it db
/// psql -U app`): a prompt program, on its own or at the end of `docker exec`, with
/// stdin from the terminal and nothing to run given (for sqlite3, no SQL after the
/// database; for the others, no `-c`/`-e`/`-f` and no script).
pub(super) fn opens_a_prompt(command: &ShellCommand) -> Option<&str> {
    if command.stdin_redirected || command.piped_in {
        return None;
    }
    let words = &command.words;
    let at = words.iter().position(|word| {
        let name = word.rsplit('/').next().unwrap_or(word);
        PROMPT_PROGRAMS.contains(&name)
    })?;
    let name = words[at].rsplit('/').next().unwrap_or(&words[at]);
    let arguments = &words[at + 1..];
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
    let given_work = match name {
        "sqlite3" => positional > 1,
        "python" | "python3" | "node" | "irb" => positional > 0,
        _ => false,
    };
    (!given_work).then_some(name)
}

fn check(context: &Context, out: &mut Emitter) {
    for ((path, fence), script) in &context.scripts {
        // The fence's commands: the sites are in the order of the scripts.
        let sites = &context.commands;
        let key = (path.as_str(), *fence);
        let start = sites.partition_point(|site| (site.file.as_str(), site.fence) < key);
        let end = sites.partition_point(|site| (site.file.as_str(), site.fence) <= key);
        for error in &script.errors {
            let prompt = sites[start..end]
                .iter()
                .map(|site| &site.command)
                .take_while(|command| command.line < error.line)
                .filter_map(opens_a_prompt)
                .last();
            match prompt {
                Some(program) => out.emit_with(
                    Severity::Warning,
                    path,
                    error.line,
                    error.column,
                    format!("this line is not shell but input typed at the prompt of `{program}` above, and a shell runs it as a command; feed it to `{program}` with a here-document (`{program} ... <<'EOF'`) or show it in a fence of its own (```sql)"),
                ),
                None => out.emit(
                    path,
                    error.line,
                    error.column,
                    format!("this line is not valid shell: {}", error.message),
                ),
            }
        }
    }
    for site in &context.commands {
        let Some(remote) = &site.remote else {
            continue;
        };
        for error in &remote.errors {
            out.emit(
                &site.file,
                site.command.line,
                site.command.column,
                format!(
                    "the remote command is not valid shell on the server: {}; fix its quoting",
                    error.message
                ),
            );
        }
    }
}
