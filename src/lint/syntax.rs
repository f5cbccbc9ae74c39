//! `shell-syntax`: a command line in a shell fence, or the remote command of an ssh
//! call, that is not valid shell.

use super::prompt;
use super::{Context, Emitter, Rule, RuleDoc};
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

fn check(context: &Context, out: &mut Emitter) {
    for ((path, _), script) in &context.scripts {
        for error in &script.errors {
            match context.prompt_input.at(path, error.line) {
                Some(program) => out.emit_with(
                    Severity::Warning,
                    path,
                    error.line,
                    error.column,
                    format!(
                        "this line is not shell but input typed at the prompt of `{program}` above, and a shell runs it as a command; feed it to `{program}` with a here-document (`{program} ... <<'EOF'`) or show it in a fence of its own (```{})",
                        prompt::fence_language(program)
                    ),
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
