//! The shell command model of a code fence: its commands, where each starts, and which
//! of them run through `ssh HOST ...`, with the remote command split out.
//!
//! Fences are parsed with brush-parser, so pipelines, `&&`, `;`, line continuations,
//! comments, heredocs and quoting are read the way a shell reads them. A fence that does
//! not parse, or that the parser cannot finish within its allowance of memory and time,
//! yields a [`ShellError`], never a panic or a hang.

use std::io::BufReader;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use brush_parser::ast::{
    self, Command, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList, SourceLocation,
};
use brush_parser::{ParseError, Parser, ParserOptions, TokenizerError};

use crate::allowance::{self, Allowance, Overrun};
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
    /// Its standard input comes from a file, a here-document or a here-string.
    pub stdin_redirected: bool,
    /// It reads the output of the command before it in a pipeline.
    pub piped_in: bool,
    /// `NAME=value` assignments before the command name (unquoted).
    pub assignments: Vec<String>,
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
    /// An expansion (`$(...)`, a backtick, `$VAR`) the workstation's shell performs in
    /// the arguments before ssh sends them, as written.
    pub local_expansion: Option<String>,
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
    parse_script_with(script, local_marker, at, true)
}

/// [`parse_script`], reading plain command lines itself when `plain` is set.
fn parse_script_with(
    script: &str,
    local_marker: &str,
    at: &dyn Fn(usize, usize) -> (usize, usize),
    plain: bool,
) -> ShellScript {
    // A carriage return ends a line, as in markdown; brush-parser's tokenizer instead
    // loops, allocating without end, on a here-document operator followed by a lone
    // `\r` (`<<\r<```).
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

    if let Some(lists) = plain.then(|| plain_lists(script)).flatten() {
        let commands = plain_commands(&lists, at);
        mark_local_commands(&mut result, commands, lists.iter().map(Vec::len));
        return result;
    }
    // What the full parser cannot be given: nesting deep enough to overflow its stack
    // or to make it backtrack for minutes, and file descriptors beyond `i32`.
    if let Some((line, column, message)) = too_deep(script).or_else(|| unparsable(script)) {
        let (line, column) = at(line, column);
        result.error = Some(ShellError {
            line,
            column,
            message,
        });
        return result;
    }
    let program = match parse_program(script) {
        Ok(Ok(program)) => program,
        Ok(Err(error)) => {
            let lines: Vec<&str> = script.lines().collect();
            result.error = Some(shell_error(&error, &lines, at));
            return result;
        }
        Err(overrun) => {
            let (line, column) = at(1, 1);
            result.error = Some(ShellError {
                line,
                column,
                message: overrun_message(overrun).to_string(),
            });
            return result;
        }
    };

    let mut walker = Walker {
        at,
        commands: Vec::new(),
        group: 0,
    };
    let mut sizes = Vec::new();
    for complete in &program.complete_commands {
        for item in &complete.0 {
            let start = walker.commands.len();
            walker.and_or_list(&item.0);
            sizes.push(walker.commands.len() - start);
            walker.group += 1;
        }
    }
    mark_local_commands(&mut result, walker.commands, sizes.into_iter());
    result
}

/// Stores the commands, `sizes` giving how many belong to each and-or list in turn,
/// and marks the list that starts on the line right after a local marker.
fn mark_local_commands(
    result: &mut ShellScript,
    mut commands: Vec<ShellCommand>,
    sizes: impl Iterator<Item = usize>,
) {
    let mut start = 0;
    for size in sizes {
        let list = &mut commands[start..start + size];
        start += size;
        if let Some(first) = list.first().map(|c| c.line)
            && let Some(marker) = result
                .local_markers
                .iter_mut()
                .find(|marker| marker.line + 1 == first && !marker.reason.is_empty())
        {
            marker.used = true;
            for command in list {
                command.local = Some(marker.reason.clone());
            }
        }
    }
    result.commands = commands;
}

/// A word of a plain command line as written, with its 1-based line and column.
struct PlainWord<'s> {
    raw: &'s str,
    line: usize,
    column: usize,
}

/// The command's name, unless it is missing, an assignment or a reserved word.
fn plain_command_name<'c>(command: &'c PlainCommand<'_>) -> Option<&'c str> {
    let first = command.words.first()?.raw;
    (!first.contains('=') && !RESERVED_WORDS.contains(&first)).then_some(first)
}

/// One command of a plain line: its words, and whether a `|` feeds it.
struct PlainCommand<'s> {
    words: Vec<PlainWord<'s>>,
    piped_in: bool,
}

/// Words that open or shape a compound command where a command name stands.
const RESERVED_WORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "time", "coproc", "[[", "]]",
];

/// Reads a script made only of plain command lines, the shape of nearly every command
/// in a skill: words (bare, `'single'` or `"double"` quoted without expansions), joined
/// by `|`, `&&`, `||` and `;`, with `#` comments, one command line per line. Returns
/// its and-or lists in order, or `None` for anything else (expansions, redirections,
/// compound commands, assignments, continuation lines), which the full shell parser
/// reads. Profiling `lint` showed the full parser to cost most of its time, on lines
/// this reader takes in one pass; the tests check both read every plain line the same.
fn plain_lists(script: &str) -> Option<Vec<Vec<PlainCommand<'_>>>> {
    let mut lists = Vec::new();
    for (index, line) in script.lines().enumerate() {
        let mut list: Vec<PlainCommand> = Vec::new();
        let mut command = PlainCommand {
            words: Vec::new(),
            piped_in: false,
        };
        // The operator just read, if a command must follow it on this line.
        let mut pending_operator = false;
        let mut chars = line.char_indices().peekable();
        let mut column = 0;
        while let Some((start, c)) = chars.next() {
            column += 1;
            match c {
                ' ' | '\t' => continue,
                '#' => break,
                '|' | '&' | ';' => {
                    plain_command_name(&command)?;
                    let next = chars.peek().map(|&(_, next)| next);
                    let piped = match (c, next) {
                        ('|', Some('|')) | ('&', Some('&')) => {
                            chars.next();
                            column += 1;
                            false
                        }
                        ('|', Some('&')) | ('&', _) | (';', Some(';' | '&')) => return None,
                        ('|', _) => true,
                        _ => false,
                    };
                    let done = std::mem::replace(
                        &mut command,
                        PlainCommand {
                            words: Vec::new(),
                            piped_in: piped,
                        },
                    );
                    list.push(done);
                    if c == ';' {
                        lists.push(std::mem::take(&mut list));
                        pending_operator = false;
                    } else {
                        pending_operator = true;
                    }
                }
                _ => {
                    let word_column = column;
                    let mut end = start + c.len_utf8();
                    let mut quote = None;
                    let mut c = c;
                    loop {
                        match (quote, c) {
                            (None, '\'' | '"') => quote = Some(c),
                            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
                            (Some('\''), _) => {}
                            (Some(_), '\\') => {
                                let (at, next) = chars.next()?;
                                column += 1;
                                if next.is_control() {
                                    return None;
                                }
                                end = at + next.len_utf8();
                            }
                            (Some(_), '$' | '`' | '!') => return None,
                            (None, '<' | '>' | '(' | ')' | '{' | '}' | '$' | '`' | '!' | '\\') => {
                                return None;
                            }
                            _ if c.is_control() => return None,
                            _ => {}
                        }
                        match chars.peek() {
                            Some(&(_, ' ' | '\t' | '|' | '&' | ';')) if quote.is_none() => break,
                            Some(&(at, next)) => {
                                chars.next();
                                column += 1;
                                c = next;
                                end = at + next.len_utf8();
                            }
                            None => break,
                        }
                    }
                    if quote.is_some() {
                        return None;
                    }
                    command.words.push(PlainWord {
                        raw: &line[start..end],
                        line: index + 1,
                        column: word_column,
                    });
                    pending_operator = false;
                }
            }
        }
        if pending_operator {
            return None;
        }
        if !command.words.is_empty() {
            plain_command_name(&command)?;
            list.push(command);
        }
        if !list.is_empty() {
            lists.push(list);
        }
    }
    Some(lists)
}

/// The shell commands of plain and-or lists, as the full parser would give them.
fn plain_commands(
    lists: &[Vec<PlainCommand<'_>>],
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> Vec<ShellCommand> {
    let mut commands = Vec::new();
    for (group, list) in lists.iter().enumerate() {
        for command in list {
            let words: Vec<String> = command.words.iter().map(|w| unquote(w.raw)).collect();
            let first = &command.words[0];
            let (line, column) = at(first.line, first.column);
            let mut text = String::with_capacity(line_length(&command.words));
            for (index, word) in command.words.iter().enumerate() {
                if index > 0 {
                    text.push(' ');
                }
                text.push_str(word.raw);
            }
            commands.push(ShellCommand {
                line,
                column,
                ssh: ssh_call(&words),
                words,
                text,
                group,
                local: None,
                stdin_redirected: false,
                piped_in: command.piped_in,
                assignments: Vec::new(),
            });
        }
    }
    commands
}

fn line_length(words: &[PlainWord<'_>]) -> usize {
    words.iter().map(|word| word.raw.len() + 1).sum()
}

/// Nesting depth beyond which a fence is not parsed: the parser recurses once per
/// level, and no real command comes near this.
const MAX_NESTING: usize = 100;

/// Where a script first nests deeper than [`MAX_NESTING`]: brackets, `$(`, and the
/// `if`/`case`/`do` keywords that open a block. Counting quoted brackets too only
/// makes it stricter.
fn too_deep(script: &str) -> Option<(usize, usize, String)> {
    // Every opener is `(`, `{` or a keyword starting with `i`, `c` or `d`: a script
    // with no more of those bytes than the limit cannot nest past it. This one pass
    // over the bytes spares nearly every script the word-by-word walk below.
    let openers = script
        .bytes()
        .filter(|byte| matches!(byte, b'(' | b'{' | b'i' | b'c' | b'd'))
        .count();
    if openers <= MAX_NESTING {
        return None;
    }
    let mut depth: usize = 0;
    for (index, line) in script.lines().enumerate() {
        let mut column = 0;
        for word in line.split_inclusive(|c: char| c.is_whitespace() || c == ';') {
            let bare = word.trim_end_matches(|c: char| c.is_whitespace() || c == ';');
            match bare {
                "if" | "case" | "do" => depth += 1,
                "fi" | "esac" | "done" => depth = depth.saturating_sub(1),
                _ => {}
            }
            for c in word.chars() {
                column += 1;
                match c {
                    '(' | '{' => depth += 1,
                    ')' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if depth > MAX_NESTING {
                    let message =
                        format!("nested more than {MAX_NESTING} levels deep, too deep to check");
                    return Some((index + 1, column, message));
                }
            }
        }
    }
    None
}

/// What brush-parser may use on one script. It is fast on real commands, but loops,
/// backtracks or allocates without end on some malformed ones, and only some of those
/// are known and refused beforehand. Large real scripts need about 210 bytes and 2.3
/// allocations per byte of script; the costliest of 21,000 fuzzed inputs (all under
/// 600 bytes) that still ended needed 1.2 MiB and 130,000 allocations. The allowance
/// is about five times both, and a parser stopped at it holds little memory.
fn parser_allowance(script_len: usize) -> Allowance {
    Allowance {
        bytes: script_len
            .saturating_mul(1024)
            .saturating_add(6 << 20)
            .min(1 << 30),
        allocations: script_len.saturating_mul(12).saturating_add(600_000),
        // A backstop for a loop that does not allocate; the counts above end the
        // known overruns within a second.
        time: Duration::from_secs(2),
        // Deep enough for MAX_NESTING levels, which the parser recurses into (they
        // fit in the 2 MiB of a default thread).
        stack: 16 << 20,
        max_stranded: MAX_STRANDED_PARSERS.load(Ordering::Relaxed),
    }
}

/// How many parsers that overran a process may leave behind before fences that need
/// the full parser are refused unparsed. A stranded parser holds about 2.5 MiB, at most
/// 6 MiB plus 1 KiB per byte of its script, until the process exits: 64 of them about
/// 160 MiB, at most about 400 MiB on real-sized fences.
static MAX_STRANDED_PARSERS: AtomicUsize = AtomicUsize::new(64);

/// Sets how many parsers that overran this process may leave behind (64 unless set).
/// For fuzzing, whose random inputs overrun the parser often: a long run raises it to
/// keep reaching the parser, at the cost of the memory the stranded parsers hold.
pub fn set_max_stranded_parsers(limit: usize) {
    MAX_STRANDED_PARSERS.store(limit, Ordering::Relaxed);
}

/// Parses `script` with brush-parser on a worker thread within [`parser_allowance`].
fn parse_program(script: &str) -> Result<Result<ast::Program, ParseError>, Overrun> {
    quiet_parser_panics();
    let owned = script.to_string();
    allowance::run_within(parser_allowance(script.len()), move || {
        IN_PARSER.with(|flag| flag.set(true));
        let mut parser = Parser::new(BufReader::new(owned.as_bytes()), &ParserOptions::default());
        let parsed = parser.parse_program();
        IN_PARSER.with(|flag| flag.set(false));
        parsed
    })
}

fn overrun_message(overrun: Overrun) -> &'static str {
    match overrun {
        Overrun::Memory => "too complex to check: the shell parser ran out of its memory allowance",
        Overrun::Time => "too complex to check: the shell parser ran out of time",
        Overrun::Panic => "the shell parser failed on this fence",
        Overrun::Refused => {
            "not checked: the shell parser could not be run (too many earlier fences overran its allowance, or no thread was left)"
        }
    }
}

thread_local! {
    /// Set while this thread runs brush-parser, whose panics are caught and reported
    /// as a finding.
    static IN_PARSER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// brush-parser panics on some malformed input (`unwrap`s in its tokenizer). The panic
/// is caught, but the panic hook would still print it, with a backtrace, to stderr. A
/// hook that stays silent for panics inside the parser, and hands every other panic to
/// the hook it replaced, is installed once.
fn quiet_parser_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_PARSER.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// How deep unquoted parentheses may nest before a fence is refused unparsed.
const MAX_PARENTHESES: usize = 16;

/// What brush-parser cannot be given: unquoted parentheses nested deeper than
/// [`MAX_PARENTHESES`], a file descriptor number (`NUMBER<` or `NUMBER>`) beyond `i32`,
/// or a vertical tab or form feed (after `<<`, its tokenizer allocates without end).
/// Returns the 1-based line and column, and the message.
fn unparsable(script: &str) -> Option<(usize, usize, String)> {
    let mut depth = 0usize;
    // Open parentheses, each marked whether it opened arithmetic (`((` or `$((`),
    // where `<<` is a shift, not a here-document.
    let mut opened: Vec<bool> = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (index, line) in script.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (column, &c) in chars.iter().enumerate() {
            if matches!(c, '\u{b}' | '\u{c}') {
                let message = format!(
                    "a control character (U+{:04X}) in a shell line",
                    u32::from(c)
                );
                return Some((index + 1, column + 1, message));
            }
            if escaped {
                escaped = false;
                continue;
            }
            match (quote, c) {
                (Some('\''), '\'') | (Some('"'), '"') => quote = None,
                (Some('\''), _) => {}
                (_, '\\') => escaped = true,
                (None, '<') if opened.contains(&true) => {}
                (None, '<') => match here_tag(&chars, column) {
                    HereTag::NotHere => {}
                    HereTag::NotPlain => {
                        let message =
                            "the here-document tag after `<<` must be a plain word such as EOF"
                                .to_string();
                        return Some((index + 1, column + 1, message));
                    }
                    HereTag::Plain { tag, strip_tabs } => {
                        let ended = script.lines().skip(index + 1).any(|line| {
                            let line = if strip_tabs {
                                line.trim_start_matches('\t')
                            } else {
                                line
                            };
                            line == tag
                        });
                        if !ended {
                            let message = format!("here document `{tag}` is never ended");
                            return Some((index + 1, column + 1, message));
                        }
                    }
                },
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                // A comment runs to the end of the line; quotes in it quote nothing.
                (None, '#') if column == 0 || chars[column - 1].is_whitespace() => break,
                (None, '(') => {
                    depth += 1;
                    let arithmetic = chars.get(column + 1) == Some(&'(')
                        || (column > 0 && chars[column - 1] == '(' && opened.last() == Some(&true));
                    opened.push(arithmetic);
                    if depth > MAX_PARENTHESES {
                        let message =
                            format!("parentheses nested more than {MAX_PARENTHESES} deep");
                        return Some((index + 1, column + 1, message));
                    }
                }
                (None, ')') => {
                    depth = depth.saturating_sub(1);
                    opened.pop();
                }
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

/// What follows a `<` in a shell line, as far as here-documents go.
enum HereTag {
    /// Not the start of a `<<` here-document operator (`<`, `<<<`, or its second `<`).
    NotHere,
    /// `<<` followed by something other than a plain word.
    NotPlain,
    /// `<<TAG` with a plain tag; `<<-` strips leading tabs from the closing line.
    Plain { tag: String, strip_tabs: bool },
}

/// The here-document tag after a `<<` (not `<<<`) starting at `at`. brush-parser's
/// tokenizer allocates without end on a here-document that is never ended and on
/// some tags that are not plain words (`<<$(` and tabs), so both are checked before
/// it sees the text. A plain tag is `EOF`, `'EOF'`, `"EOF"` or `\\EOF`, after an
/// optional `-`.
fn here_tag(chars: &[char], at: usize) -> HereTag {
    let is_here = chars.get(at + 1) == Some(&'<')
        && chars.get(at + 2) != Some(&'<')
        && (at == 0 || chars[at - 1] != '<');
    if !is_here {
        return HereTag::NotHere;
    }
    let word = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut rest = &chars[at + 2..];
    let strip_tabs = rest.first() == Some(&'-');
    if strip_tabs {
        rest = &rest[1..];
    }
    while let Some(' ' | '\t') = rest.first() {
        rest = &rest[1..];
    }
    let tag: Option<String> = match rest.first() {
        Some(&quote @ ('\'' | '"')) => {
            let inner: String = rest[1..].iter().take_while(|&&c| c != quote).collect();
            let closed = rest.get(inner.chars().count() + 1) == Some(&quote);
            (closed && !inner.is_empty() && inner.chars().all(|c| word(&c))).then_some(inner)
        }
        _ => {
            if rest.first() == Some(&'\\') {
                rest = &rest[1..];
            }
            let len = rest.iter().take_while(|c| word(c)).count();
            let ends = rest
                .get(len)
                .is_none_or(|c| matches!(c, ' ' | '\t' | ';' | '|' | '&' | ')' | '<' | '>' | '"'));
            (len > 0 && ends).then(|| rest[..len].iter().collect())
        }
    };
    match tag {
        Some(tag) => HereTag::Plain { tag, strip_tabs },
        None => HereTag::NotPlain,
    }
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
        for (index, command) in pipeline.seq.iter().enumerate() {
            let start = self.commands.len();
            self.command(command);
            if index > 0 {
                for command in &mut self.commands[start..] {
                    command.piped_in = true;
                }
            }
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
                    stdin_redirected: false,
                    piped_in: false,
                    assignments: Vec::new(),
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
        let mut assignments = Vec::new();
        let mut stdin_redirected = false;
        let items = simple
            .prefix
            .iter()
            .flat_map(|prefix| &prefix.0)
            .chain(simple.suffix.iter().flat_map(|suffix| &suffix.0));
        for item in items {
            if let CommandPrefixOrSuffixItem::IoRedirect(redirect) = item {
                stdin_redirected |= reads_stdin(redirect);
            }
        }
        for item in simple.prefix.iter().flat_map(|prefix| &prefix.0) {
            if let CommandPrefixOrSuffixItem::AssignmentWord(_, word) = item {
                assignments.push(unquote(&word.value));
            }
        }
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
        let mut ssh = ssh_call(&words);
        if let Some(call) = &mut ssh {
            call.local_expansion =
                simple
                    .suffix
                    .iter()
                    .flat_map(|suffix| &suffix.0)
                    .find_map(|item| match item {
                        CommandPrefixOrSuffixItem::Word(word)
                        | CommandPrefixOrSuffixItem::AssignmentWord(_, word) => {
                            local_expansion(&word.value)
                        }
                        _ => None,
                    });
        }
        self.commands.push(ShellCommand {
            line,
            column,
            words,
            text: simple.to_string(),
            group: self.group,
            ssh,
            local: None,
            stdin_redirected,
            piped_in: false,
            assignments,
        });
    }

    fn start(&self, location: Option<brush_parser::SourceSpan>) -> (usize, usize) {
        match location {
            Some(span) => (self.at)(span.start.line.max(1), span.start.column.max(1)),
            None => (self.at)(1, 1),
        }
    }
}

/// The first expansion the local shell performs in a word as written: `$(...)`,
/// `` `...` ``, `${...}` or `$NAME` outside single quotes and not escaped.
pub fn local_expansion(raw: &str) -> Option<String> {
    let mut chars = raw.char_indices().peekable();
    let mut in_single = false;
    let mut in_double = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if !in_single => {
                chars.next();
            }
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '`' if !in_single => return Some(expansion_text(raw, at)),
            '$' if !in_single => {
                let next = chars.peek().map(|(_, c)| *c);
                if next.is_some_and(|c| c == '(' || c == '{' || c == '_' || c.is_ascii_alphabetic())
                {
                    return Some(expansion_text(raw, at));
                }
            }
            _ => {}
        }
    }
    None
}

/// The expansion starting at byte `at`, up to its end or 30 characters.
fn expansion_text(raw: &str, at: usize) -> String {
    let rest = &raw[at..];
    let end = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, ')' | '}' | '`' | '"' | '\'') || c.is_whitespace())
        .map_or(rest.len(), |(index, c)| {
            index
                + if matches!(c, ')' | '}' | '`') {
                    c.len_utf8()
                } else {
                    0
                }
        });
    rest[..end].chars().take(30).collect()
}

/// Whether a redirection feeds standard input: `< file`, `<<EOF`, `<<< text`.
fn reads_stdin(redirect: &ast::IoRedirect) -> bool {
    let on_stdin = |fd: &Option<ast::IoFd>| fd.as_ref().is_none_or(|fd| *fd == 0);
    match redirect {
        ast::IoRedirect::File(fd, kind, _) => {
            on_stdin(fd)
                && matches!(
                    kind,
                    ast::IoFileRedirectKind::Read | ast::IoFileRedirectKind::ReadAndWrite
                )
        }
        ast::IoRedirect::HereDocument(fd, _) | ast::IoRedirect::HereString(fd, _) => on_stdin(fd),
        ast::IoRedirect::OutputAndError(..) => false,
    }
}

/// Parses the remote command of an ssh call as the server's shell will. Every command
/// is placed at `line` and `column`, the position of the ssh command in the file.
pub fn parse_remote(remote: &str, line: usize, column: usize) -> ShellScript {
    parse_script(remote, "\u{0}no-marker", &|_, _| (line, column))
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
        local_expansion: None,
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
    fn shift_and_angle_brackets_in_double_quotes_are_not_here_documents() {
        for text in [
            "ssh hemma \"printf '<<%s>>\\n' x\"\n",
            "printf \"<<%s>>\\n\" \"$x\"\n",
            "echo \"$((1 << 2))\"\n",
            "echo $((1 << 2))\n",
        ] {
            // Through the full parser, as the plain-line reader would take some of them.
            let parsed = parse_script_with(text, LOCAL_MARKER, &|l, c| (l, c), false);
            assert_eq!(parsed.error, None, "{text}");
            assert!(!parsed.commands.is_empty(), "{text}");
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
    fn plain_lines_read_as_the_full_parser_reads_them() {
        const PIECES: &[&str] = &[
            "ls",
            "-la",
            "ssh",
            "-t",
            "hemma",
            "deploy@hemma",
            "\"a b\"",
            "'c d'",
            "\"x \\\"y\\\" z\"",
            "a=b",
            "--since=\"1 hour\"",
            "~/apps/app",
            "*.md",
            "[",
            "]",
            "åäö",
            "a#b",
            "#c",
            "\"cd ~/app && git pull\"",
            "'x | y; z'",
            "-o",
            "BatchMode=yes",
            "\"docker compose -f a.yaml up -d\"",
            "|",
            "&&",
            "||",
            ";",
            "  ",
            "\t",
            "docker",
            "exec",
            "web",
            "if",
            "done",
            "echo",
            "\\$HOME",
            "\"\\$(date)\"",
            "'$X'",
            "x\"y\"z",
            "\"\"",
            "''",
            "e'f'g",
            "grep",
            "-i",
            "error",
            "x,y",
            "%s",
            "@",
            "+1",
            ":",
            "==",
        ];
        let mut seed: u64 = 7;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound
        };
        let mut plain = 0;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..1 + next(3) {
                for index in 0..1 + next(7) {
                    if index > 0 && next(3) > 0 {
                        text.push(' ');
                    }
                    text.push_str(PIECES[next(PIECES.len())]);
                }
                text.push('\n');
                if next(5) == 0 {
                    text.push_str("# local: why\n");
                }
            }
            let at = |line: usize, column: usize| (line + 10, column + 2);
            if plain_lists(&text).is_some() {
                plain += 1;
            }
            assert_eq!(
                parse_script_with(&text, LOCAL_MARKER, &at, true),
                parse_script_with(&text, LOCAL_MARKER, &at, false),
                "{text:?}"
            );
        }
        assert!(plain > 400, "only {plain} scripts were plain");
    }

    #[test]
    fn unquote_handles_the_shell_quotes() {
        assert_eq!(
            unquote(r#"'a b'"c \"d\" $X"\ e$'\tf'"#),
            "a bc \"d\" $X e\tf"
        );
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn deeply_nested_shell_is_an_error_not_a_stack_overflow() {
        let script = format!("{}echo{}\n", "{ ".repeat(5000), " }".repeat(5000));
        let parsed = parse_script(&script, LOCAL_MARKER, &|line, column| (line, column));
        let error = parsed.error.expect("refused");
        assert!(error.message.contains("too deep"), "{}", error.message);
        let script = format!(
            "{}true{}\n",
            "if true; then ".repeat(3000),
            "; fi".repeat(3000)
        );
        assert!(
            parse_script(&script, LOCAL_MARKER, &|l, c| (l, c))
                .error
                .is_some()
        );
        let fine = parse_script(
            "if true; then { echo (a); }; fi\n",
            LOCAL_MARKER,
            &|l, c| (l, c),
        );
        assert!(fine.error.is_none() || !fine.error.unwrap().message.contains("too deep"));
    }
}

#[cfg(test)]
mod expansion_tests {
    use super::local_expansion;

    #[test]
    fn expansions_the_local_shell_performs_are_found() {
        assert_eq!(
            local_expansion(r#""pg_dump > ~/b/x-$(date +%F).sql""#).as_deref(),
            Some("$(date")
        );
        assert_eq!(
            local_expansion(r#""echo `hostname`""#).as_deref(),
            Some("`hostname`")
        );
        assert_eq!(local_expansion(r#""echo $HOME""#).as_deref(), Some("$HOME"));
        assert_eq!(
            local_expansion(r#""pg_dump > ~/b/x-\$(date +%F).sql""#),
            None
        );
        assert_eq!(local_expansion(r#"'echo $(date)'"#), None);
        assert_eq!(local_expansion(r#""grep -c '$'""#), None);
    }
}

#[cfg(test)]
mod allowance_tests {
    use super::*;

    /// Inputs brush-parser is known to hang or allocate without end on, given to it
    /// without the checks that normally refuse them first.
    #[test]
    fn the_parser_is_stopped_on_inputs_it_cannot_finish() {
        for (input, expected) in [
            (
                format!("{}ssh hemma uptime\n", "(".repeat(30)),
                "backtracking",
            ),
            (
                String::from_utf8_lossy(include_bytes!(
                    "../tests/fuzz_short/regressions/shell/heredoc-in-quoted-expansion-oom"
                ))
                .into_owned(),
                "here-document in a quoted expansion",
            ),
            (
                String::from_utf8_lossy(include_bytes!(
                    "../tests/fuzz_short/regressions/shell/heredoc-tag-oom"
                ))
                .into_owned(),
                "here-document tag",
            ),
        ] {
            let outcome = parse_program(&input);
            assert!(
                matches!(outcome, Err(Overrun::Memory | Overrun::Time)),
                "{expected}: {outcome:?}"
            );
        }
    }

    #[test]
    fn real_commands_parse_well_within_the_allowance() {
        let script = "if [ -f x ]; then\n  for i in $(seq 1 3); do echo \"$i\" | grep -q 1 && { cat <<EOF\nhello $i\nEOF\n  }; done\nfi\n".repeat(500);
        let outcome = parse_program(&script);
        assert!(matches!(outcome, Ok(Ok(_))), "{outcome:?}");
    }
}
