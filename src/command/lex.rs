//! The shell reader: one pass over a script, in time and memory linear in its length,
//! into and-or lists of simple commands, with each syntax error located where reading
//! stopped.
//!
//! It reads what skills contain: words with quotes, `$(...)`, `${...}`, backticks and
//! `$((...))`; `|`, `&&`, `||`, `;` and `&`; redirections and here-documents; line
//! continuations and comments; and the compound commands (`if`, `for`, `while`, `case`,
//! `{ }`, `( )`), whose keywords it checks for balance. Nested constructs live on an
//! explicit stack, never in recursion. When a quote or substitution is still open at the
//! end of the script, the script is read again from the command line where it opened,
//! line by line, so each line's error is reported on that line and one broken line hides
//! no command after it; no byte is read more than twice. A `<word>` placeholder, as docs
//! write them, is a word, not a redirection.

mod word;

use word::Nest;

/// A word as written, with its byte offset and its 1-based line and column in the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'s> {
    pub raw: &'s str,
    pub start: usize,
    pub line: usize,
    pub column: usize,
}

/// A redirection: its operator (with any file descriptor) and its target word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redirect<'s> {
    pub operator: &'s str,
    pub target: Word<'s>,
}

impl Redirect<'_> {
    /// Whether it feeds standard input: `< file`, `<<EOF`, `<<< text`, `<> file`.
    pub fn reads_stdin(&self) -> bool {
        let operator = self
            .operator
            .trim_start_matches(|c: char| c.is_ascii_digit());
        let fd = &self.operator[..self.operator.len() - operator.len()];
        (fd.is_empty() || fd == "0") && operator.starts_with('<') && !operator.starts_with("<&")
    }
}

/// One simple command: assignments, words and redirections, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simple<'s> {
    pub assignments: Vec<Word<'s>>,
    pub words: Vec<Word<'s>>,
    pub redirects: Vec<Redirect<'s>>,
    /// A `|` feeds it the output of the command before it.
    pub piped_in: bool,
    /// Line and column of its first token.
    pub line: usize,
    pub column: usize,
}

impl Simple<'_> {
    fn is_empty(&self) -> bool {
        self.assignments.is_empty() && self.words.is_empty() && self.redirects.is_empty()
    }
}

/// Commands joined by `|`, `&&` and `||`: what one `;`, `&` or line break ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List<'s> {
    pub commands: Vec<Simple<'s>>,
}

/// Where and why a script stops being valid shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A script read: its and-or lists in order, and its syntax errors in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading<'s> {
    pub lists: Vec<List<'s>>,
    pub errors: Vec<SyntaxError>,
}

/// Reads a shell script. Line breaks are `\n`; callers turn `\r\n` and `\r` into it.
pub fn read(script: &str) -> Reading<'_> {
    let mut reader = Reader {
        src: script,
        bytes: script.as_bytes(),
        pos: 0,
        line: 1,
        column: 1,
        line_by_line: false,
        reading: Reading::default(),
        list: List::default(),
        command: Simple::default(),
        operator: None,
        piped: false,
        compound_closed: false,
        blocks: Vec::new(),
        header: Header::None,
        here_documents: Vec::new(),
        mark: None,
    };
    reader.run();
    reader.reading
}

/// A position in the script: byte offset, line and column.
#[derive(Debug, Clone, Copy)]
struct At {
    pos: usize,
    line: usize,
    column: usize,
}

/// An open compound command, and whether its body has begun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    If { body: bool },
    Loop { body: bool },
    Case { pattern: bool },
    Brace,
    Paren,
}

impl Block {
    fn opener(self) -> (&'static str, &'static str) {
        match self {
            Block::If { .. } => ("if", "fi"),
            Block::Loop { .. } => ("while/until/for", "done"),
            Block::Case { .. } => ("case", "esac"),
            Block::Brace => ("{", "}"),
            Block::Paren => ("(", ")"),
        }
    }
}

/// Words that belong to a compound command's header rather than to a command.
#[derive(Debug, Clone, Copy)]
enum Header {
    None,
    /// After `for`/`select`: the name and the `in` list, up to `;`, a line break or `do`.
    For,
    /// After `case` (where it stands): the word, up to `in`.
    Case(At),
    /// After `function`: the function's name.
    Function,
    /// Inside `[[ ... ]]`, whose operators are not the shell's.
    Test,
}

/// A here-document whose body starts after the current line.
struct HereDocument {
    delimiter: String,
    strip_tabs: bool,
    at: At,
}

/// The reader's state where the current command line began, to read it again line by
/// line if a construct in it is never closed.
struct Mark {
    at: At,
    errors: usize,
    header: Header,
    compound_closed: bool,
    /// How many blocks were open, and the innermost as it was: a command line only
    /// opens blocks, and changes the innermost only at a case pattern's `)`.
    blocks: usize,
    top: Option<(Block, At)>,
    /// How many here-documents of earlier command lines still wait for their bodies.
    here_documents: usize,
}

struct Reader<'s> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
    line: usize,
    column: usize,
    /// Set once a construct was left open at the end: from then on no construct may
    /// span lines, so recovery reads each byte at most once more.
    line_by_line: bool,
    reading: Reading<'s>,
    list: List<'s>,
    command: Simple<'s>,
    /// The `|`, `&&` or `||` that still needs a command after it.
    operator: Option<(&'static str, At)>,
    /// The next command reads a pipe.
    piped: bool,
    /// A compound command just ended, so an operator may follow it.
    compound_closed: bool,
    blocks: Vec<(Block, At)>,
    header: Header,
    here_documents: Vec<HereDocument>,
    mark: Option<Mark>,
}

impl<'s> Reader<'s> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn at(&self) -> At {
        At {
            pos: self.pos,
            line: self.line,
            column: self.column,
        }
    }

    /// Moves past one byte, counting lines and (character) columns.
    fn bump(&mut self) {
        let Some(byte) = self.peek() else { return };
        self.pos += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    fn bump_n(&mut self, count: usize) {
        for _ in 0..count {
            self.bump();
        }
    }

    fn error(&mut self, at: At, message: impl Into<String>) {
        self.reading.errors.push(SyntaxError {
            line: at.line,
            column: at.column,
            message: message.into(),
        });
    }

    fn run(&mut self) {
        loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else { break };
            if self.mark.is_none() && !matches!(byte, b'\n' | b'#') {
                self.mark = Some(Mark {
                    at: self.at(),
                    errors: self.reading.errors.len(),
                    header: self.header,
                    compound_closed: self.compound_closed,
                    blocks: self.blocks.len(),
                    top: self.blocks.last().copied(),
                    here_documents: self.here_documents.len(),
                });
            }
            let in_test = matches!(self.header, Header::Test);
            let in_pattern = matches!(self.blocks.last(), Some((Block::Case { pattern: true }, _)));
            if (in_test && matches!(byte, b'&' | b'|' | b'(' | b')' | b'<' | b'>'))
                || (in_pattern && byte == b'|')
            {
                self.bump();
                continue;
            }
            match byte {
                b'\n' => {
                    self.bump();
                    self.line_break();
                }
                b'#' => self.skip_comment(),
                b';' => self.semicolon(),
                b'&' if self.peek_at(1) == Some(b'>') => self.redirect(),
                b'&' => self.ampersand(),
                b'|' => self.pipe(),
                b'(' => self.open_paren(),
                b')' => self.close_paren(),
                b'<' if self.placeholder_len().is_some() => self.word(),
                b'<' | b'>' if self.peek_at(1) == Some(b'(') => self.word(),
                b'<' | b'>' => self.redirect(),
                b'0'..=b'9' if self.fd_redirect_len().is_some() => self.redirect(),
                _ => self.word(),
            }
        }
        self.finish();
    }

    /// Spaces, tabs and line continuations between tokens.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.bump(),
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.bump_n(2),
                _ => return,
            }
        }
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|byte| byte != b'\n') {
            self.bump();
        }
    }

    /// Ends the command being read, adding it to the current list.
    fn end_command(&mut self) {
        let command = std::mem::take(&mut self.command);
        if !command.is_empty() {
            self.list.commands.push(command);
            self.operator = None;
            self.compound_closed = false;
        }
    }

    /// Ends the current and-or list.
    fn end_list(&mut self) {
        self.end_command();
        if let Some((operator, at)) = self.operator.take() {
            self.error(at, format!("`{operator}` has no command after it"));
        }
        self.piped = false;
        self.mark = None;
        let list = std::mem::take(&mut self.list);
        if !list.commands.is_empty() {
            self.reading.lists.push(list);
        }
    }

    fn line_break(&mut self) {
        if matches!(self.header, Header::For) {
            self.header = Header::None;
        }
        // After `|`, `&&` or `||` the command may follow on the next line.
        if self.operator.is_none() || !self.command.is_empty() {
            self.end_list();
        }
        self.read_here_documents();
    }

    /// Whether nothing was written since the last separator, so a separator here has
    /// nothing to end.
    fn nothing_before(&self) -> bool {
        self.command.is_empty() && !self.compound_closed
    }

    fn semicolon(&mut self) {
        let at = self.at();
        let case_end = match (self.peek_at(1), self.peek_at(2)) {
            (Some(b';'), Some(b'&')) => Some(3),
            (Some(b';' | b'&'), _) => Some(2),
            _ => None,
        };
        if let Some(len) = case_end {
            self.bump_n(len);
            self.end_list();
            match self.blocks.last_mut() {
                Some((Block::Case { pattern }, _)) if !*pattern => *pattern = true,
                _ => self.error(
                    at,
                    "`;;` ends a `case` branch, outside of which it is not shell",
                ),
            }
            return;
        }
        self.bump();
        if matches!(self.header, Header::For) {
            self.header = Header::None;
            return;
        }
        if self.nothing_before() {
            self.error(at, "`;` has no command before it");
        }
        self.end_list();
        self.compound_closed = false;
    }

    fn ampersand(&mut self) {
        let at = self.at();
        if self.peek_at(1) == Some(b'&') {
            self.bump_n(2);
            self.and_or("&&", at);
            return;
        }
        self.bump();
        if self.nothing_before() {
            self.error(at, "`&` has no command before it");
        }
        self.end_list();
        self.compound_closed = false;
    }

    fn pipe(&mut self) {
        let at = self.at();
        match self.peek_at(1) {
            Some(b'|') => {
                self.bump_n(2);
                self.and_or("||", at);
            }
            Some(b'&') => {
                self.bump_n(2);
                self.and_or("|&", at);
                self.piped = true;
            }
            _ => {
                self.bump();
                self.and_or("|", at);
                self.piped = true;
            }
        }
    }

    fn and_or(&mut self, operator: &'static str, at: At) {
        if let Some((pending, _)) = self.operator
            && self.command.is_empty()
        {
            self.error(
                at,
                format!("`{operator}` follows `{pending}` with no command between"),
            );
        } else if self.nothing_before() {
            self.error(at, format!("`{operator}` has no command before it"));
        }
        self.end_command();
        self.compound_closed = false;
        self.operator = Some((operator, at));
    }

    fn open_paren(&mut self) {
        let at = self.at();
        if matches!(self.header, Header::Case(_)) {
            self.error(at, "`(` in a `case` word; write `case WORD in`");
            self.bump();
            return;
        }
        if let Some((Block::Case { pattern: true }, _)) = self.blocks.last()
            && self.command.is_empty()
        {
            // The optional `(` before a case pattern.
            self.bump();
            return;
        }
        if self.peek_at(1) == Some(b'(') && self.command.is_empty() {
            // `((...))`: an arithmetic command, not a simple one; it may follow `&&`.
            self.operator = None;
            self.piped = false;
            match self.scan_word() {
                Ok(_) => self.compound_closed = true,
                Err((nest, open)) => self.unclosed(nest, open),
            }
            return;
        }
        if self.command.words.len() == 1 && self.command.assignments.is_empty() {
            // `name()`: a function definition; its body follows.
            self.bump();
            self.skip_blanks();
            if self.peek() == Some(b')') {
                self.bump();
                self.command = Simple::default();
                return;
            }
            self.error(
                at,
                "`(` after a command name; quote it, or write `name() { ...; }`",
            );
            return;
        }
        if !self.command.is_empty() {
            self.error(
                at,
                "`(` in the middle of a command; quote it if it is meant literally",
            );
            self.bump();
            return;
        }
        self.bump();
        self.open_block(Block::Paren, at);
    }

    fn close_paren(&mut self) {
        let at = self.at();
        self.bump();
        if let Some((Block::Case { pattern: true }, _)) = self.blocks.last() {
            self.end_command_as_pattern();
            return;
        }
        match self.blocks.last() {
            Some((Block::Paren, _)) => {
                self.end_list();
                self.blocks.pop();
                self.compound_closed = true;
            }
            _ => self.error(at, "`)` closes nothing: no `(` is open"),
        }
    }

    /// A case pattern ended at `)`: its words were not a command.
    fn end_command_as_pattern(&mut self) {
        self.command = Simple::default();
        self.operator = None;
        self.piped = false;
        if let Some((Block::Case { pattern }, _)) = self.blocks.last_mut() {
            *pattern = false;
        }
    }

    /// Opens a compound command. It may follow `&&` or `|`, so the list goes on.
    fn open_block(&mut self, block: Block, at: At) {
        self.end_command();
        self.operator = None;
        self.piped = false;
        self.blocks.push((block, at));
    }

    /// The length of a redirection's file descriptor when digits here start one (`2>`).
    fn fd_redirect_len(&self) -> Option<usize> {
        let digits = self.bytes[self.pos..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        matches!(self.peek_at(digits), Some(b'<' | b'>')).then_some(digits)
    }

    fn redirect(&mut self) {
        let at = self.at();
        let start = self.pos;
        let digits = self.fd_redirect_len().unwrap_or(0);
        self.bump_n(digits);
        let rest = &self.bytes[self.pos..];
        let len = [
            "<<<", "<<-", "&>>", "<<", "<>", "<&", ">>", ">|", ">&", "&>", "<", ">",
        ]
        .iter()
        .find(|operator| rest.starts_with(operator.as_bytes()))
        .map_or(1, |operator| operator.len());
        self.bump_n(len);
        let operator = &self.src[start..self.pos];
        self.skip_blanks();
        let target_at = self.at();
        // `< <(cmd)` and `> <file>` have a target; `<` or `>` alone after an operator do not.
        let substitution =
            matches!(self.peek(), Some(b'<' | b'>')) && self.peek_at(1) == Some(b'(');
        let placeholder = self.peek() == Some(b'<') && self.placeholder_len().is_some();
        let ends = !substitution
            && !placeholder
            && self.peek().is_none_or(|b| {
                matches!(b, b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
            });
        if ends {
            self.error(at, format!("`{operator}` has no file or word after it"));
            return;
        }
        let raw = if placeholder {
            let len = self.placeholder_len().unwrap_or(1);
            self.bump_n(len);
            &self.src[target_at.pos..self.pos]
        } else {
            match self.scan_word() {
                Ok(raw) => raw,
                Err((nest, open)) => return self.unclosed(nest, open),
            }
        };
        let redirect = Redirect {
            operator,
            target: Word {
                raw,
                start: target_at.pos,
                line: target_at.line,
                column: target_at.column,
            },
        };
        // A redirection of a compound command (`done < file`) belongs to no simple one.
        if !(self.command.is_empty() && self.compound_closed) {
            if self.command.is_empty() {
                (self.command.line, self.command.column) = (at.line, at.column);
                self.command.piped_in = std::mem::take(&mut self.piped);
            }
            self.command.redirects.push(redirect);
        }
        let bare = operator.trim_start_matches(|c: char| c.is_ascii_digit());
        if bare == "<<" || bare == "<<-" {
            self.here_documents.push(HereDocument {
                delimiter: super::words::unquote(raw),
                strip_tabs: bare == "<<-",
                at,
            });
        }
    }

    /// Reads the bodies of the here-documents of the line just ended.
    fn read_here_documents(&mut self) {
        for document in std::mem::take(&mut self.here_documents) {
            loop {
                if self.pos >= self.bytes.len() {
                    self.error(
                        document.at,
                        format!(
                            "the here-document is never ended: no line `{}` follows it",
                            document.delimiter
                        ),
                    );
                    return;
                }
                let end = self.bytes[self.pos..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(self.bytes.len(), |at| self.pos + at);
                let mut text = &self.src[self.pos..end];
                if document.strip_tabs {
                    text = text.trim_start_matches('\t');
                }
                let ended = text == document.delimiter;
                // A body line holds no command: skip it whole, and its line break if
                // it has one (the last line of a script may not).
                if end < self.bytes.len() {
                    self.pos = end + 1;
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += self.src[self.pos..end].chars().count();
                    self.pos = end;
                }
                if ended {
                    break;
                }
            }
        }
    }

    fn word(&mut self) {
        let at = self.at();
        let placeholder = match self.peek() {
            Some(b'<') => self.placeholder_len(),
            _ => None,
        };
        let raw = match placeholder {
            Some(len) => {
                self.bump_n(len);
                // `<project>-litestream` is one word: the rest goes on after it.
                let goes_on = self.peek().is_some_and(|b| {
                    !matches!(
                        b,
                        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
                    )
                });
                if goes_on && let Err((nest, open)) = self.scan_word() {
                    return self.unclosed(nest, open);
                }
                &self.src[at.pos..self.pos]
            }
            None => match self.scan_word() {
                Ok(raw) => raw,
                Err((nest, open)) => return self.unclosed(nest, open),
            },
        };
        let word = Word {
            raw,
            start: at.pos,
            line: at.line,
            column: at.column,
        };
        self.take_word(word, at);
    }

    fn take_word(&mut self, word: Word<'s>, at: At) {
        match self.header {
            Header::Test => {
                if word.raw == "]]" {
                    self.header = Header::None;
                    self.compound_closed = true;
                }
                return;
            }
            Header::Function => {
                // The name, then an optional `()`.
                self.header = Header::None;
                self.skip_blanks();
                if self.peek() == Some(b'(') {
                    self.bump();
                    self.skip_blanks();
                    if self.peek() == Some(b')') {
                        self.bump();
                    }
                }
                return;
            }
            Header::Case(case_at) => {
                if word.raw == "in" {
                    self.header = Header::None;
                    self.open_block(Block::Case { pattern: true }, case_at);
                }
                return;
            }
            Header::For if word.raw != "do" => return,
            Header::For => self.header = Header::None,
            Header::None => {}
        }
        if let Some((Block::Case { pattern: true }, _)) = self.blocks.last()
            && self.command.is_empty()
            && word.raw == "esac"
        {
            self.close_block("esac", at, |block| matches!(block, Block::Case { .. }));
            return;
        }
        if self.command.is_empty() && self.keyword(word.raw, at) {
            return;
        }
        if self.command.is_empty() {
            (self.command.line, self.command.column) = (word.line, word.column);
            self.command.piped_in = std::mem::take(&mut self.piped);
        }
        self.compound_closed = false;
        if self.command.words.is_empty() && is_assignment(word.raw) {
            self.command.assignments.push(word);
        } else {
            self.command.words.push(word);
        }
    }

    /// Handles a reserved word at the start of a command; false when it is none.
    fn keyword(&mut self, word: &str, at: At) -> bool {
        match word {
            "if" => self.open_block(Block::If { body: false }, at),
            "while" | "until" => self.open_block(Block::Loop { body: false }, at),
            "for" | "select" => {
                self.open_block(Block::Loop { body: false }, at);
                self.header = Header::For;
            }
            "case" => self.header = Header::Case(at),
            "{" => self.open_block(Block::Brace, at),
            "then" | "elif" | "else" => {
                self.end_list();
                match self.blocks.last_mut() {
                    Some((Block::If { body }, _)) => *body = word != "elif",
                    _ => self.error(at, format!("`{word}` without an open `if`")),
                }
            }
            "do" => {
                self.end_list();
                match self.blocks.last_mut() {
                    Some((Block::Loop { body }, _)) if !*body => *body = true,
                    _ => self.error(at, "`do` without an open `while`, `until` or `for`"),
                }
            }
            "fi" => self.close_block("fi", at, |block| matches!(block, Block::If { body: true })),
            "done" => {
                self.close_block("done", at, |block| {
                    matches!(block, Block::Loop { body: true })
                });
            }
            "esac" => self.close_block("esac", at, |block| matches!(block, Block::Case { .. })),
            "}" => self.close_block("}", at, |block| block == Block::Brace),
            "function" => self.header = Header::Function,
            "[[" => {
                // A test may follow `&&` or `|`: it is the command they wait for.
                self.operator = None;
                self.piped = false;
                self.header = Header::Test;
            }
            "!" | "time" => {}
            _ => return false,
        }
        true
    }

    fn close_block(&mut self, word: &str, at: At, closes: impl Fn(Block) -> bool) {
        self.end_list();
        match self.blocks.last() {
            Some(&(block, _)) if closes(block) => {
                self.blocks.pop();
                self.compound_closed = true;
            }
            Some(&(block, _)) => {
                let (opener, closer) = block.opener();
                self.error(
                    at,
                    format!("`{word}` where the open `{opener}` needs `{closer}` first"),
                );
                // Take it as closing that block, so one slip is one error.
                self.blocks.pop();
                self.compound_closed = true;
            }
            None => self.error(at, format!("`{word}` closes nothing: no block is open")),
        }
    }

    /// A construct opened at `open` never closed. Line by line, that drops the command
    /// line it is in; otherwise (at the end of the script) the reader goes back to where
    /// that command line began and reads on from there line by line.
    fn unclosed(&mut self, nest: Nest, open: At) {
        self.list = List::default();
        self.command = Simple::default();
        self.operator = None;
        self.piped = false;
        let Some(mark) = self.mark.take() else {
            self.compound_closed = false;
            self.error(open, nest.describe());
            return;
        };
        // What the broken command line did to the blocks is undone.
        self.header = mark.header;
        self.compound_closed = mark.compound_closed;
        self.blocks.truncate(mark.blocks);
        if let (Some(last), Some(top)) = (self.blocks.last_mut(), mark.top) {
            *last = top;
        }
        if self.line_by_line {
            // The here-documents opened before the broken word keep their bodies,
            // which follow this line.
            self.error(open, nest.describe());
        } else {
            self.line_by_line = true;
            self.reading.errors.truncate(mark.errors);
            self.here_documents.truncate(mark.here_documents);
            (self.pos, self.line, self.column) = (mark.at.pos, mark.at.line, mark.at.column);
        }
    }

    fn finish(&mut self) {
        if !matches!(self.header, Header::None | Header::For) {
            let at = self.at();
            self.error(
                at,
                "the script ends inside a `case`, `function` or `[[` header",
            );
        }
        self.end_list();
        if !self.here_documents.is_empty() {
            self.read_here_documents();
        }
        for (block, at) in std::mem::take(&mut self.blocks).into_iter().rev() {
            let (opener, closer) = block.opener();
            self.error(at, format!("`{opener}` is never closed with `{closer}`"));
        }
        // One error a line: the first is where reading that line stopped.
        let errors = &mut self.reading.errors;
        errors.sort_by_key(|error| (error.line, error.column));
        errors.dedup_by_key(|error| error.line);
    }
}

/// `NAME=value` or `NAME+=value`, with a shell variable name.
fn is_assignment(raw: &str) -> bool {
    let Some(equals) = raw.find('=') else {
        return false;
    };
    is_name(raw[..equals].strip_suffix('+').unwrap_or(&raw[..equals]))
}

/// A shell variable name: a letter or `_`, then letters, digits and `_`.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
