//! The commands of a shell fence or script, located in the file: each simple command with
//! its words unquoted, where it runs (`ssh HOST ...` split out, `# local:` markers), and
//! the syntax errors of the lines that do not parse.

use super::docker::{self, Docker};
use super::lex::{self, Reading};
use super::ssh::{SshCall, ssh_call};
use super::words::{local_expansion, unquote};
use crate::markdown::{Document, Fence};

/// The default comment that marks the next command line of a shell fence as run on the
/// workstation on purpose: `# local: <reason>`.
pub const LOCAL_MARKER: &str = "# local:";

/// Fence languages whose content is shell commands.
pub const SHELL_LANGUAGES: &[&str] = &["bash", "sh", "shell", "console", "zsh"];

/// The commands of one shell fence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellScript {
    /// Every command that was read, including those after a line that does not parse.
    pub commands: Vec<ShellCommand>,
    pub local_markers: Vec<LocalMarker>,
    /// Where lines stop being valid shell, in order; their commands are left out.
    pub errors: Vec<ShellError>,
}

/// One simple command (a program with its arguments), wherever it sits: alone, in a
/// pipeline, in an `&&` or `;` list, or inside a compound command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    /// Line and column of the command's first word in the markdown file.
    pub line: usize,
    pub column: usize,
    /// The words with quoting removed; the first is the command name. Empty for a
    /// command of assignments or redirections only.
    pub words: Vec<String>,
    /// The command as written, its tokens joined by single spaces.
    pub text: String,
    /// Which and-or list (what one `;`, `&` or line break ends) of the script it is in.
    pub group: usize,
    /// Set when the command is `ssh [options] HOST [REMOTE...]`.
    pub ssh: Option<SshCall>,
    /// The reason of a `# local:` marker on the line before its command line.
    pub local: Option<String>,
    /// Its standard input comes from a file, a here-document or a here-string.
    pub stdin_redirected: bool,
    /// It reads the output of the command before it in a pipeline.
    pub piped_in: bool,
    /// `NAME=value` assignments before the command name (unquoted).
    pub assignments: Vec<String>,
    /// What it does to a container or a compose service, when it is such a docker call.
    pub docker: Option<Docker>,
}

/// A `# local: <reason>` comment line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMarker {
    pub line: usize,
    pub column: usize,
    pub reason: String,
    /// Whether a command line starts right after it.
    pub used: bool,
}

/// Where a script stops being valid shell, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Whether a fence's language marks it as shell commands.
pub fn is_shell_fence(fence: &Fence) -> bool {
    fence
        .language
        .as_deref()
        .is_some_and(|language| SHELL_LANGUAGES.contains(&language))
}

/// Reads a shell fence of `document`. In a `console` fence only lines starting with a
/// `$ ` prompt, their `\` continuation lines and the `> ` lines after them are
/// commands; the rest is output.
pub fn parse_fence(document: &Document, fence: &Fence, local_marker: &str) -> ShellScript {
    let console = fence.language.as_deref() == Some("console");
    // One script line per fence line, so that script line n is fence line n.
    let mut script = String::new();
    let mut shifts = Vec::with_capacity(fence.lines.len());
    let mut continuing = false;
    let mut in_command = false;
    for fence_line in &fence.lines {
        let file_line = document.line_text(fence_line.line).unwrap_or("");
        let indent = if file_line.ends_with(&fence_line.text) {
            file_line.chars().count() - fence_line.text.chars().count()
        } else {
            0
        };
        let secondary = fence_line
            .text
            .strip_prefix("> ")
            .or_else(|| (fence_line.text == ">").then_some(""));
        let (kept, prompt) = if !console {
            (fence_line.text.as_str(), 0)
        } else if let Some(command) = prompt_command(&fence_line.text) {
            (
                command,
                fence_line.text.chars().count() - command.chars().count(),
            )
        } else if continuing {
            (fence_line.text.as_str(), 0)
        } else if let (true, Some(rest)) = (in_command, secondary) {
            // The shell's `> ` prompt: a command that goes on (a here-document, an
            // open quote or block).
            (rest, fence_line.text.chars().count() - rest.chars().count())
        } else {
            ("", 0)
        };
        in_command = console && (prompt > 0 || continuing || !kept.is_empty());
        continuing = console && kept.trim_end().ends_with('\\');
        script.push_str(kept);
        script.push('\n');
        shifts.push(indent + prompt);
    }
    let at = |line: usize, column: usize| -> (usize, usize) {
        let index = line
            .saturating_sub(1)
            .min(fence.lines.len().saturating_sub(1));
        match fence.lines.get(index) {
            Some(fence_line) => (fence_line.line, column + shifts[index]),
            None => (fence.line + 1, column),
        }
    };
    parse_script(&script, local_marker, &at)
}

fn prompt_command(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if trimmed == "$" {
        return Some("");
    }
    trimmed.strip_prefix("$ ")
}

/// Reads shell text. `at` maps a 1-based line and column of `script` to the file.
pub fn parse_script(
    script: &str,
    local_marker: &str,
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> ShellScript {
    // A carriage return ends a line, as in markdown.
    let normalized;
    let script = if script.contains('\r') {
        normalized = script.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        script
    };
    let mut result = ShellScript::default();
    for (index, line) in script.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(reason) = trimmed.strip_prefix(local_marker) {
            let column = line.chars().count() - trimmed.chars().count() + 1;
            let (line, column) = at(index + 1, column);
            result.local_markers.push(LocalMarker {
                line,
                column,
                reason: reason.trim().to_string(),
                used: false,
            });
        }
    }
    let Reading { lists, errors } = lex::read(script);
    result.errors = errors
        .into_iter()
        .map(|error| {
            let (line, column) = at(error.line, error.column);
            ShellError {
                line,
                column,
                message: error.message,
            }
        })
        .collect();
    let mut markers = result.local_markers.iter_mut().peekable();
    for (group, list) in lists.iter().enumerate() {
        let first_line = list.commands.first().map_or(0, |command| command.line);
        let (first_line, _) = at(first_line, 1);
        // Markers are in line order, and so are the lists: one walk pairs them.
        while markers
            .peek()
            .is_some_and(|marker| marker.line + 1 < first_line)
        {
            markers.next();
        }
        let local = match markers.peek_mut() {
            Some(marker) if marker.line + 1 == first_line && !marker.reason.is_empty() => {
                marker.used = true;
                Some(marker.reason.clone())
            }
            _ => None,
        };
        for command in &list.commands {
            result
                .commands
                .push(shell_command(command, group, local.clone(), at));
        }
    }
    result
}

fn shell_command(
    command: &lex::Simple<'_>,
    group: usize,
    local: Option<String>,
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> ShellCommand {
    let words: Vec<String> = command.words.iter().map(|word| unquote(word.raw)).collect();
    let mut text = String::new();
    let tokens = command
        .assignments
        .iter()
        .chain(&command.words)
        .map(|word| word.raw);
    for token in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(token);
    }
    for redirect in &command.redirects {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(redirect.operator);
        text.push_str(redirect.target.raw);
    }
    let (line, column) = at(command.line, command.column);
    let mut ssh = ssh_call(&words);
    if let Some(call) = &mut ssh {
        call.local_expansion = command
            .words
            .iter()
            .skip(1)
            .find_map(|word| local_expansion(word.raw));
    }
    ShellCommand {
        line,
        column,
        docker: docker::parse(&words),
        words,
        text,
        group,
        ssh,
        local,
        stdin_redirected: command.redirects.iter().any(lex::Redirect::reads_stdin),
        piped_in: command.piped_in,
        assignments: command
            .assignments
            .iter()
            .map(|word| unquote(word.raw))
            .collect(),
    }
}

/// Reads the remote command of an ssh call as the server's shell will. Every command
/// and error is placed at `line` and `column`, the position of the ssh command.
pub fn parse_remote(remote: &str, line: usize, column: usize) -> ShellScript {
    parse_script(remote, "\u{0}no-marker", &|_, _| (line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(text: &str) -> ShellScript {
        parse_script(text, LOCAL_MARKER, &|line, column| (line, column))
    }

    fn names(script: &ShellScript) -> Vec<(usize, String)> {
        script
            .commands
            .iter()
            .map(|c| (c.line, c.words.first().cloned().unwrap_or_default()))
            .collect()
    }

    fn named(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs
            .iter()
            .map(|&(line, name)| (line, name.to_string()))
            .collect()
    }

    fn messages(script: &ShellScript) -> Vec<(usize, usize, String)> {
        script
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.message.clone()))
            .collect()
    }

    #[test]
    fn splits_pipelines_lists_and_continuations() {
        let parsed =
            script("ssh hemma 'docker ps' | grep web && echo ok; ls\n\nssh \\\n  hemma df -h\n");
        assert_eq!(parsed.errors, []);
        assert_eq!(
            names(&parsed),
            named(&[(1, "ssh"), (1, "grep"), (1, "echo"), (1, "ls"), (3, "ssh")])
        );
        assert!(parsed.commands[1].piped_in && !parsed.commands[2].piped_in);
        let last = parsed.commands.last().unwrap();
        assert_eq!(last.ssh.as_ref().unwrap().remote.as_deref(), Some("df -h"));
    }

    #[test]
    fn comments_and_heredoc_bodies_are_not_commands() {
        let parsed =
            script("# a comment\nssh hemma bash <<'EOF'\nrm -rf /tmp/x\nEOF\nls # trailing\n");
        assert_eq!(parsed.errors, []);
        assert_eq!(names(&parsed), named(&[(2, "ssh"), (5, "ls")]));
        assert!(parsed.commands[0].stdin_redirected);
        assert_eq!(
            parsed.commands[0].ssh.as_ref().unwrap().remote.as_deref(),
            Some("bash")
        );
        let tabs = script("cat <<-END | grep x\n\tbody\n\tEND\nls\n");
        assert_eq!(tabs.errors, []);
        assert_eq!(names(&tabs), named(&[(1, "cat"), (1, "grep"), (4, "ls")]));
    }

    #[test]
    fn angle_brackets_in_quotes_and_arithmetic_are_not_here_documents() {
        for text in [
            "ssh hemma \"printf '<<%s>>\\n' x\"\n",
            "printf \"<<%s>>\\n\" \"$x\"\n",
            "echo \"$((1 << 2))\"\n",
            "echo $((1 << 2))\n",
        ] {
            let parsed = script(text);
            assert_eq!(parsed.errors, [], "{text}");
            assert_eq!(parsed.commands.len(), 1, "{text}");
            assert!(!parsed.commands[0].stdin_redirected, "{text}");
        }
    }

    #[test]
    fn ssh_options_host_and_remote_are_split() {
        let parsed = script(
            "ssh -t -p 2222 -o BatchMode=yes deploy@hemma \"docker exec -it web sh -c 'ls /'\"\n",
        );
        let call = parsed.commands[0].ssh.clone().unwrap();
        assert_eq!(call.host, "hemma");
        assert_eq!(call.destination, "deploy@hemma");
        assert!(call.tty);
        assert_eq!(call.options, ["-t", "-p", "2222", "-o", "BatchMode=yes"]);
        assert_eq!(
            call.remote.as_deref(),
            Some("docker exec -it web sh -c 'ls /'")
        );
        let login = script("ssh -At hemma-local\n").commands[0]
            .ssh
            .clone()
            .unwrap();
        assert_eq!(
            (login.host.as_str(), login.tty, login.remote),
            ("hemma-local", true, None)
        );
        assert_eq!(script("sshd -t\n").commands[0].ssh, None);
        let expanded = script("ssh hemma \"pg_dump > x-$(date +%F).sql\"\n");
        let call = expanded.commands[0].ssh.as_ref().unwrap();
        assert_eq!(call.local_expansion.as_deref(), Some("$(date"));
    }

    #[test]
    fn local_marker_covers_the_next_command_line_only() {
        let parsed = script(
            "# local: needs the workstation browser\nA=1; curl -s x | jq .\ncurl y\n# local:\nls\n",
        );
        let local: Vec<_> = parsed.commands.iter().map(|c| c.local.is_some()).collect();
        assert_eq!(local, [true, true, true, false, false]);
        assert_eq!(parsed.commands[0].assignments, ["A=1"]);
        assert!(parsed.local_markers[0].used);
        assert!(
            !parsed.local_markers[1].used,
            "a marker without a reason marks nothing"
        );
    }

    #[test]
    fn compound_commands_yield_their_inner_commands() {
        let parsed = script(
            "if [ -f x ]; then\n  for i in a b; do echo \"$i\"; done\nelse { ls; }; fi && \
             (cd /tmp && pwd) | cat\ncase \"$x\" in\n  a|b) rm x ;;\n  *) touch y ;;\nesac\n\
             while read -r l; do grep q; done < file\nf() { uptime; }\n[[ -n $x && $y < 3 ]] || true\n\
             ((n++)) && echo n\nfunction g { hostname; }\n",
        );
        assert_eq!(parsed.errors, []);
        assert_eq!(
            names(&parsed),
            named(&[
                (1, "["),
                (2, "echo"),
                (3, "ls"),
                (3, "cd"),
                (3, "pwd"),
                (3, "cat"),
                (5, "rm"),
                (6, "touch"),
                (8, "read"),
                (8, "grep"),
                (9, "uptime"),
                (10, "true"),
                (11, "echo"),
                (12, "hostname"),
            ])
        );
    }

    #[test]
    fn a_line_that_does_not_parse_hides_no_other_line() {
        let parsed = script(
            "echo \"unterminated\nssh hemma \"docker compose down --volumes\"\nls )\nls &&\n",
        );
        assert_eq!(
            messages(&parsed),
            [
                (1, 6, "`\"` is never closed".to_string()),
                (3, 4, "`)` closes nothing: no `(` is open".to_string()),
                (4, 4, "`&&` has no command after it".to_string()),
            ]
        );
        assert_eq!(names(&parsed), named(&[(2, "ssh"), (3, "ls"), (4, "ls")]));
        assert_eq!(
            parsed.commands[0].ssh.as_ref().unwrap().remote.as_deref(),
            Some("docker compose down --volumes")
        );
    }

    #[test]
    fn syntax_errors_are_located_where_reading_stops() {
        for (text, line, column, message) in [
            ("echo 'a\n", 1, 6, "`'` is never closed"),
            ("x=$(date\n", 1, 3, "`$(` is never closed with `)`"),
            (
                "if true; then\n  ls\n",
                1,
                1,
                "`if` is never closed with `fi`",
            ),
            ("ls\nfi\n", 2, 1, "`fi` closes nothing: no block is open"),
            (
                "cat <<EOF\nx\n",
                1,
                5,
                "the here-document is never ended: no line `EOF` follows it",
            ),
            ("| grep x\n", 1, 1, "`|` has no command before it"),
            ("ls >\n", 1, 4, "`>` has no file or word after it"),
            (
                "ls ;;\n",
                1,
                4,
                "`;;` ends a `case` branch, outside of which it is not shell",
            ),
            (
                "while true; do ls; fi\n",
                1,
                20,
                "`fi` where the open `while/until/for` needs `done` first",
            ),
        ] {
            assert_eq!(
                messages(&script(text)),
                [(line, column, message.to_string())],
                "{text:?}"
            );
        }
    }

    #[test]
    fn placeholders_in_angle_brackets_are_words() {
        let parsed = script(
            "ssh hemma \"docker exec <container> ls\"\nexport KEY=<from server .env>\npsql <dump.sql >log\n",
        );
        assert_eq!(parsed.errors, []);
        assert_eq!(
            parsed.commands[1].words,
            ["export", "KEY=<from server .env>"]
        );
        assert!(parsed.commands[2].stdin_redirected);
        assert_eq!(parsed.commands[2].words, ["psql"]);
        let remote = parse_remote("docker exec <container> ls", 1, 1);
        assert_eq!(remote.errors, []);
        assert_eq!(
            remote.commands[0].words,
            ["docker", "exec", "<container>", "ls"]
        );
        // A placeholder that starts a word is the whole word, not a word and a flag.
        let logs = script("docker logs <project>-litestream | tail\ncat <name>.sql\n");
        assert_eq!(logs.errors, []);
        assert_eq!(
            logs.commands[0].words,
            ["docker", "logs", "<project>-litestream"]
        );
        assert_eq!(logs.commands[2].words, ["cat", "<name>.sql"]);
    }

    #[test]
    fn fences_map_to_file_lines_and_columns() {
        let text = "# T\n\n- step\n\n  ```console\n  $ ssh hemma uptime\n   10:00 up 3 days\n  $ ls \\\n    -l\n  ```\n";
        let document = Document::parse("a.md", text);
        let parsed = parse_fence(&document, &document.fences[0], LOCAL_MARKER);
        assert_eq!(parsed.errors, []);
        let found: Vec<_> = parsed
            .commands
            .iter()
            .map(|c| (c.line, c.column, c.words[0].as_str()))
            .collect();
        assert_eq!(found, [(6, 5, "ssh"), (8, 5, "ls")]);
    }

    #[test]
    fn deep_nesting_reads_without_recursion() {
        let nested = format!("{}echo{}\n", "{ ".repeat(50_000), "; }".repeat(50_000));
        let parsed = script(&nested);
        assert_eq!(parsed.errors, []);
        assert_eq!(names(&parsed), named(&[(1, "echo")]));
        let substitutions = format!("echo {}x{}\n", "$(".repeat(50_000), ")".repeat(50_000));
        assert_eq!(script(&substitutions).errors, []);
        let open = format!("echo {}\nls\n", "\"$(".repeat(50_000));
        let parsed = script(&open);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(names(&parsed), named(&[(2, "ls")]));
    }

    #[test]
    fn valid_bash_that_an_independent_review_found_refused_now_reads() {
        for text in [
            // `$'` inside double quotes is a `$` and a quote.
            "ssh hemma \"grep -c 'error$' /var/log/syslog\"\n",
            // A test or arithmetic command after `&&`, `||` or `!`.
            "ls && [[ -f x ]]\ncommand -v jq || (( missing++ ))\nls && ! [[ -f x ]]\n",
            "while IFS= read -r l || [[ -n $l ]]; do echo \"$l\"; done < file\n",
            "[ -f x ] && [[ -d y ]] && echo ok\n",
            // Process substitution and placeholders as redirection targets.
            "while read l; do echo \"$l\"; done < <(ls)\nexec > >(tee log) 2>&1\n",
            "docker logs web > <logfile>\npsql < <dump.sql>\n",
            // Array assignments.
            "arr=(a b)\nx+=(y)\nlocal -a xs=(\"$@\")\ndeclare -A m=([a]=1)\nc=($(ls))\n",
        ] {
            let parsed = script(text);
            assert_eq!(parsed.errors, [], "{text:?}");
        }
        // The line after a `$'` in double quotes is a command of its own.
        let parsed = script("ssh hemma \"grep -c '^ok$' /tmp/log\"\ndocker volume rm data\n");
        assert_eq!(names(&parsed), named(&[(1, "ssh"), (2, "docker")]));
    }

    #[test]
    fn console_continuation_prompts_are_part_of_the_command() {
        let text = "# T\n\n```console\n$ cat <<EOF\n> hi\n> EOF\nhi\n$ ssh hemma \"uptime\n> \"\n 10:00 up\n```\n";
        let document = Document::parse("a.md", text);
        let parsed = parse_fence(&document, &document.fences[0], LOCAL_MARKER);
        assert_eq!(parsed.errors, []);
        assert_eq!(names(&parsed), named(&[(4, "cat"), (8, "ssh")]));
    }

    #[test]
    fn recovery_keeps_the_state_the_broken_line_started_from() {
        // After a compound command, `&&` is valid; the error is the quote.
        let parsed = script("if true; then ls; fi && echo \"x\n");
        assert_eq!(
            messages(&parsed),
            [(1, 30, "`\"` is never closed".to_string())]
        );
        // A case pattern's `)` inside the broken line does not leak out of it.
        let parsed = script("case $x in\n  a) echo \"oops\n  *) ls ;;\nesac\n");
        assert_eq!(messages(&parsed).len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].line, 2);
        // Here-document bodies opened before the broken word stay bodies.
        let parsed = script("cat <<EOF > x && echo \"oops\nrm -rf /srv\nEOF\nls\n");
        assert_eq!(names(&parsed), named(&[(4, "ls")]));
    }
}
