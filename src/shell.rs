//! The shell command model of a code fence: its commands, where each starts, and which
//! of them run through `ssh HOST ...`, with the remote command split out.
//!
//! Fences are parsed with brush-parser, so pipelines, `&&`, `;`, line continuations,
//! comments, heredocs and quoting are read the way a shell reads them. A fence that does
//! not parse yields a [`ShellError`], never a panic.

use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};

use brush_parser::ast::{
    self, Command, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList, SourceLocation,
};
use brush_parser::{ParseError, Parser, ParserOptions, TokenizerError};

use crate::markdown::{Document, Fence};

/// The default comment that marks the next command line of a shell fence as run on the
/// workstation on purpose: `# local: <reason>`.
pub const LOCAL_MARKER: &str = "# local:";

/// Fence languages whose content is shell commands.
pub const SHELL_LANGUAGES: &[&str] = &["bash", "sh", "shell", "console", "zsh"];

/// The commands of one shell fence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellScript {
    pub commands: Vec<ShellCommand>,
    pub local_markers: Vec<LocalMarker>,
    /// Set when the fence is not valid shell; `commands` is then empty.
    pub error: Option<ShellError>,
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
    /// The command as written (normalised spacing).
    pub text: String,
    /// Which top-level command line (complete command) of the fence it belongs to.
    pub group: usize,
    /// Set when the command is `ssh [options] HOST [REMOTE...]`.
    pub ssh: Option<SshCall>,
    /// The reason of a `# local:` marker on the line before its command line.
    pub local: Option<String>,
}

/// `ssh [options] HOST [REMOTE...]`, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshCall {
    /// The destination as written, e.g. `deploy@hemma`.
    pub destination: String,
    /// The host alias: the destination without a `user@` part.
    pub host: String,
    /// Whether `-t` asks for a terminal.
    pub tty: bool,
    /// The options before the destination, as written.
    pub options: Vec<String>,
    /// The command the remote shell runs: the remaining words joined with spaces, the
    /// way ssh sends them. `None` for an interactive login.
    pub remote: Option<String>,
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

/// Parses a shell fence of `document`. In a `console` fence only lines starting with a
/// `$ ` prompt (and their continuation lines) are commands; the rest is output.
pub fn parse_fence(document: &Document, fence: &Fence, local_marker: &str) -> ShellScript {
    let console = fence.language.as_deref() == Some("console");
    // One script line per fence line, so that script line n is fence line n.
    let mut script = String::new();
    let mut shifts = Vec::with_capacity(fence.lines.len());
    let mut continuing = false;
    for fence_line in &fence.lines {
        let file_line = document.line_text(fence_line.line).unwrap_or("");
        let indent = if file_line.ends_with(&fence_line.text) {
            file_line.chars().count() - fence_line.text.chars().count()
        } else {
            0
        };
        let (kept, prompt) = if !console {
            (fence_line.text.as_str(), 0)
        } else if let Some(command) = prompt_command(&fence_line.text) {
            (
                command,
                fence_line.text.chars().count() - command.chars().count(),
            )
        } else if continuing {
            (fence_line.text.as_str(), 0)
        } else {
            ("", 0)
        };
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

/// Parses shell text. `at` maps a 1-based line and column of `script` to the file.
pub fn parse_script(
    script: &str,
    local_marker: &str,
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> ShellScript {
    let mut result = ShellScript::default();
    let lines: Vec<&str> = script.lines().collect();
    for (index, line) in lines.iter().enumerate() {
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

    // brush-parser backtracks over nested subshells in time exponential in their
    // depth (30 levels of `( ` take minutes); such a fence is reported, not parsed.
    // It also panics on a redirection's file descriptor number beyond `i32`.
    if let Some((line, column, message)) = unparsable(script) {
        let (line, column) = at(line, column);
        result.error = Some(ShellError {
            line,
            column,
            message,
        });
        return result;
    }
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let mut parser = Parser::new(BufReader::new(script.as_bytes()), &ParserOptions::default());
        parser.parse_program()
    }));
    let program = match parsed {
        Ok(Ok(program)) => program,
        Ok(Err(error)) => {
            result.error = Some(shell_error(&error, &lines, at));
            return result;
        }
        Err(_) => {
            let (line, column) = at(1, 1);
            result.error = Some(ShellError {
                line,
                column,
                message: "the shell parser failed on this fence".to_string(),
            });
            return result;
        }
    };

    let mut walker = Walker {
        at,
        commands: Vec::new(),
        group: 0,
    };
    for complete in &program.complete_commands {
        for item in &complete.0 {
            let start = walker.commands.len();
            walker.and_or_list(&item.0);
            // Mark the command line that starts right after a local marker.
            if let Some(first) = walker.commands.get(start).map(|c| c.line)
                && let Some(marker) = result
                    .local_markers
                    .iter_mut()
                    .find(|marker| marker.line + 1 == first && !marker.reason.is_empty())
            {
                marker.used = true;
                for command in &mut walker.commands[start..] {
                    command.local = Some(marker.reason.clone());
                }
            }
            walker.group += 1;
        }
    }
    result.commands = walker.commands;
    result
}

/// How deep unquoted parentheses may nest before a fence is refused unparsed.
const MAX_NESTING: usize = 16;

/// What brush-parser cannot be given: unquoted parentheses nested deeper than
/// [`MAX_NESTING`], or a file descriptor number (`NUMBER<` or `NUMBER>`) beyond `i32`.
/// Returns the 1-based line and column, and the message.
fn unparsable(script: &str) -> Option<(usize, usize, String)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (index, line) in script.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (column, &c) in chars.iter().enumerate() {
            if escaped {
                escaped = false;
                continue;
            }
            match (quote, c) {
                (Some('\''), '\'') | (Some('"'), '"') => quote = None,
                (Some('\''), _) => {}
                (_, '\\') => escaped = true,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                // A comment runs to the end of the line; quotes in it quote nothing.
                (None, '#') if column == 0 || chars[column - 1].is_whitespace() => break,
                (None, '(') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let message = format!("parentheses nested more than {MAX_NESTING} deep");
                        return Some((index + 1, column + 1, message));
                    }
                }
                (None, ')') => depth = depth.saturating_sub(1),
                (None, '0'..='9') => {
                    let word_start = column == 0
                        || chars[column - 1].is_whitespace()
                        || matches!(chars[column - 1], ';' | '&' | '|' | '(' | ')');
                    let digits: String = chars[column..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    let redirect = matches!(chars.get(column + digits.len()), Some('<' | '>'));
                    if word_start && redirect && digits.parse::<i32>().is_err() {
                        let message = format!("file descriptor `{digits}` is too large");
                        return Some((index + 1, column + 1, message));
                    }
                }
                _ => {}
            }
        }
        escaped = false;
    }
    None
}

fn shell_error(
    error: &ParseError,
    lines: &[&str],
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> ShellError {
    // brush-parser's messages carry positions in the fence's own coordinates; the
    // finding carries the file's, so the message keeps only the words.
    let (message, position) = match error {
        ParseError::ParsingNear(position) => ("syntax error".to_string(), Some(position)),
        ParseError::ParsingAtEndOfInput => (error.to_string(), None),
        ParseError::Tokenizing { inner, position } => match inner {
            TokenizerError::UnterminatedSingleQuote(at) => {
                ("unterminated single quote".into(), Some(at))
            }
            TokenizerError::UnterminatedDoubleQuote(at) => {
                ("unterminated double quote".into(), Some(at))
            }
            TokenizerError::UnterminatedAnsiCQuote(at) => {
                ("unterminated $'...' quote".into(), Some(at))
            }
            TokenizerError::UnterminatedBackquote(at) => {
                ("unterminated backquote".into(), Some(at))
            }
            TokenizerError::UnterminatedExtendedGlob(at) => {
                ("unterminated extended glob".into(), Some(at))
            }
            TokenizerError::UnterminatedHereDocuments(tags, _) => (
                format!("here document `{tags}` is never ended"),
                position.as_ref(),
            ),
            other => (other.to_string(), position.as_ref()),
        },
    };
    let position = position.map(|p| (p.line, p.column));
    let (line, column) = position.unwrap_or_else(|| {
        // At the end of input: point at the last line with text.
        let last = lines
            .iter()
            .rposition(|line| !line.trim().is_empty())
            .map_or(1, |index| index + 1);
        (last, 1)
    });
    let (line, column) = at(line.max(1), column.max(1));
    ShellError {
        line,
        column,
        message,
    }
}

struct Walker<'a> {
    at: &'a dyn Fn(usize, usize) -> (usize, usize),
    commands: Vec<ShellCommand>,
    group: usize,
}

impl Walker<'_> {
    fn and_or_list(&mut self, list: &ast::AndOrList) {
        self.pipeline(&list.first);
        for next in &list.additional {
            match next {
                ast::AndOr::And(pipeline) | ast::AndOr::Or(pipeline) => self.pipeline(pipeline),
            }
        }
    }

    fn pipeline(&mut self, pipeline: &ast::Pipeline) {
        for command in &pipeline.seq {
            self.command(command);
        }
    }

    fn compound_list(&mut self, list: &CompoundList) {
        for item in &list.0 {
            self.and_or_list(&item.0);
        }
    }

    fn command(&mut self, command: &Command) {
        match command {
            Command::Simple(simple) => self.simple(simple),
            Command::Compound(compound, _) => self.compound(compound),
            Command::Function(function) => self.compound(&function.body.0),
            Command::ExtendedTest(test, _) => {
                let (line, column) = self.start(command.location());
                self.commands.push(ShellCommand {
                    line,
                    column,
                    words: vec!["[[".to_string()],
                    text: format!("[[ {} ]]", test.expr),
                    group: self.group,
                    ssh: None,
                    local: None,
                });
            }
        }
    }

    fn compound(&mut self, compound: &CompoundCommand) {
        match compound {
            CompoundCommand::BraceGroup(group) => self.compound_list(&group.list),
            CompoundCommand::Subshell(subshell) => self.compound_list(&subshell.list),
            CompoundCommand::ForClause(clause) => self.compound_list(&clause.body.list),
            CompoundCommand::ArithmeticForClause(clause) => self.compound_list(&clause.body.list),
            CompoundCommand::WhileClause(clause) | CompoundCommand::UntilClause(clause) => {
                self.compound_list(&clause.0);
                self.compound_list(&clause.1.list);
            }
            CompoundCommand::IfClause(clause) => {
                self.compound_list(&clause.condition);
                self.compound_list(&clause.then);
                for branch in clause.elses.iter().flatten() {
                    if let Some(condition) = &branch.condition {
                        self.compound_list(condition);
                    }
                    self.compound_list(&branch.body);
                }
            }
            CompoundCommand::CaseClause(clause) => {
                for case in &clause.cases {
                    if let Some(list) = &case.cmd {
                        self.compound_list(list);
                    }
                }
            }
            CompoundCommand::Coprocess(coprocess) => self.command(&coprocess.body),
            CompoundCommand::Arithmetic(_) => {}
        }
    }

    fn simple(&mut self, simple: &ast::SimpleCommand) {
        let mut words = Vec::new();
        if let Some(name) = &simple.word_or_name {
            words.push(unquote(&name.value));
            for item in simple.suffix.iter().flat_map(|suffix| &suffix.0) {
                // After the command name, `a=b` is an argument, which brush-parser
                // keeps apart as an assignment word.
                match item {
                    CommandPrefixOrSuffixItem::Word(word)
                    | CommandPrefixOrSuffixItem::AssignmentWord(_, word) => {
                        words.push(unquote(&word.value));
                    }
                    _ => {}
                }
            }
        }
        let location = simple
            .word_or_name
            .as_ref()
            .and_then(SourceLocation::location)
            .or_else(|| simple.location());
        let (line, column) = self.start(location);
        let ssh = ssh_call(&words);
        self.commands.push(ShellCommand {
            line,
            column,
            words,
            text: simple.to_string(),
            group: self.group,
            ssh,
            local: None,
        });
    }

    fn start(&self, location: Option<brush_parser::SourceSpan>) -> (usize, usize) {
        match location {
            Some(span) => (self.at)(span.start.line.max(1), span.start.column.max(1)),
            None => (self.at)(1, 1),
        }
    }
}

/// ssh options that take an argument (from ssh(1)).
const SSH_OPTIONS_WITH_ARGUMENT: &str = "BbcDEeFIiJLlmOoPpQRSWw";

/// Splits `ssh [options] DESTINATION [COMMAND...]` (words already unquoted).
pub fn ssh_call(words: &[String]) -> Option<SshCall> {
    let (name, rest) = words.split_first()?;
    if name != "ssh" {
        return None;
    }
    let mut options = Vec::new();
    let mut tty = false;
    let mut index = 0;
    while let Some(word) = rest.get(index) {
        if word == "--" {
            index += 1;
            break;
        }
        let Some(flags) = word.strip_prefix('-').filter(|flags| !flags.is_empty()) else {
            break;
        };
        options.push(word.clone());
        index += 1;
        for (at, flag) in flags.char_indices() {
            if flag == 't' {
                tty = true;
            }
            if SSH_OPTIONS_WITH_ARGUMENT.contains(flag) {
                if at + flag.len_utf8() == flags.len()
                    && let Some(argument) = rest.get(index)
                {
                    options.push(argument.clone());
                    index += 1;
                }
                break;
            }
        }
    }
    let destination = rest.get(index)?.clone();
    let host = destination
        .rsplit_once('@')
        .map_or(destination.as_str(), |(_, host)| host)
        .to_string();
    let remote = &rest[index + 1..];
    Some(SshCall {
        destination,
        host,
        tty,
        options,
        remote: (!remote.is_empty()).then(|| remote.join(" ")),
    })
}

/// Removes shell quoting from a word: single and double quotes, `$'...'` and
/// backslashes. Expansions (`$VAR`, `$(...)`) are kept as written.
pub fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && next != '\n'
                {
                    out.push(next);
                }
            }
            '\'' => {
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    out.push(inner);
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                while let Some(inner) = chars.next() {
                    match inner {
                        '\'' => break,
                        '\\' => match chars.next() {
                            Some('n') => out.push('\n'),
                            Some('t') => out.push('\t'),
                            Some(other) => out.push(other),
                            None => {}
                        },
                        other => out.push(other),
                    }
                }
            }
            '"' => {
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&next @ ('$' | '`' | '"' | '\\')) => {
                                chars.next();
                                out.push(next);
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => out.push('\\'),
                        },
                        other => out.push(other),
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
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

    #[test]
    fn splits_pipelines_lists_and_continuations() {
        let parsed =
            script("ssh hemma 'docker ps' | grep web && echo ok; ls\n\nssh \\\n  hemma df -h\n");
        assert_eq!(parsed.error, None);
        let expected: Vec<(usize, String)> =
            [(1, "ssh"), (1, "grep"), (1, "echo"), (1, "ls"), (3, "ssh")]
                .into_iter()
                .map(|(line, name)| (line, name.to_string()))
                .collect();
        assert_eq!(names(&parsed), expected);
        let last = parsed.commands.last().unwrap();
        assert_eq!(last.ssh.as_ref().unwrap().remote.as_deref(), Some("df -h"));
    }

    #[test]
    fn comments_and_heredoc_bodies_are_not_commands() {
        let parsed =
            script("# a comment\nssh hemma bash <<'EOF'\nrm -rf /tmp/x\nEOF\nls # trailing\n");
        assert_eq!(parsed.error, None);
        let expected: Vec<(usize, String)> = vec![(2, "ssh".to_string()), (5, "ls".to_string())];
        assert_eq!(names(&parsed), expected);
        assert_eq!(
            parsed.commands[0].ssh.as_ref().unwrap().remote.as_deref(),
            Some("bash")
        );
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
    }

    #[test]
    fn local_marker_covers_the_next_command_line_only() {
        let parsed = script(
            "# local: needs the workstation browser\nA=1; curl -s x | jq .\ncurl y\n# local:\nls\n",
        );
        let local: Vec<_> = parsed.commands.iter().map(|c| c.local.is_some()).collect();
        assert_eq!(local, [true, true, true, false, false]);
        assert!(parsed.local_markers[0].used);
        assert!(
            !parsed.local_markers[1].used,
            "a marker without a reason marks nothing"
        );
    }

    #[test]
    fn broken_shell_is_an_error_not_a_panic() {
        for text in [
            "echo 'unterminated\n",
            "if true; then\n",
            "echo \"a\n",
            "cat <<EOF\nx\n",
            "( ls\n",
            "ls )\n",
            "|\n",
        ] {
            let parsed = script(text);
            if let Some(error) = &parsed.error {
                assert!(error.line >= 1, "{text:?}: {error:?}");
            }
        }
        assert!(script("echo 'unterminated\n").error.is_some());
        assert!(script("ls )\n").error.is_some());
    }

    #[test]
    fn fences_map_to_file_lines_and_columns() {
        let text = "# T\n\n- step\n\n  ```console\n  $ ssh hemma uptime\n   10:00 up 3 days\n  $ ls \\\n    -l\n  ```\n";
        let document = Document::parse("a.md", text);
        let parsed = parse_fence(&document, &document.fences[0], LOCAL_MARKER);
        assert_eq!(parsed.error, None);
        let found: Vec<_> = parsed
            .commands
            .iter()
            .map(|c| (c.line, c.column, c.words[0].as_str()))
            .collect();
        assert_eq!(found, [(6, 5, "ssh"), (8, 5, "ls")]);
    }

    #[test]
    fn unquote_handles_the_shell_quotes() {
        assert_eq!(
            unquote(r#"'a b'"c \"d\" $X"\ e$'\tf'"#),
            "a bc \"d\" $X e\tf"
        );
    }
}
