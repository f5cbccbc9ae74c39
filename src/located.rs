//! Errors in the user's own input files, pointing at file, line and column.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// An input file's text, shared by every error that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// The byte offset where each line starts, so a position is found without
    /// scanning the text from its start.
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = line
            .checked_sub(1)
            .and_then(|index| self.line_starts.get(index))
            .filter(|&&start| start < self.text.len())
        else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        let text_line = &self.text[start..end];
        let within = text_line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text_line.trim_end_matches(['\r', '\n']).len(), |(at, _)| at);
        start + within
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }

    /// Finds `needle` at or after a 1-based position, so an error can point at the exact
    /// text inside a YAML scalar rather than at the scalar's start.
    pub fn find_from(&self, line: usize, column: usize, needle: &str) -> Option<(usize, usize)> {
        let start = self.offset(line, column);
        let found = self.text[start..].find(needle)? + start;
        Some(self.line_column(found))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where in an input file something is: 1-based line and column, and how many characters.
#[derive(Debug, Clone)]
pub struct Span {
    pub source: SourceFile,
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// One error in an input file: what is wrong, where, and what to do about it.
#[derive(Debug, Clone)]
pub struct LocatedError {
    pub message: String,
    /// `None` when the problem is a whole file or folder (missing, unreadable).
    pub span: Option<Box<Span>>,
    pub path: PathBuf,
    pub label: String,
    pub help: Option<String>,
}

impl LocatedError {
    /// An error about a whole file or folder.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        LocatedError {
            message: message.into(),
            span: None,
            path: path.into(),
            label: String::new(),
            help: None,
        }
    }

    /// An error at a position in a file.
    pub fn at(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        LocatedError {
            message: message.into(),
            path: span.source.path.clone(),
            span: Some(Box::new(span)),
            label: label.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Replaces `secret` by asterisks in the message, label and help, for a value that
    /// must never be shown.
    pub fn scrub(&mut self, secret: &str) {
        let mask = "*".repeat(secret.chars().count());
        for text in [&mut self.message, &mut self.label] {
            *text = text.replace(secret, &mask);
        }
        if let Some(help) = &mut self.help {
            *help = help.replace(secret, &mask);
        }
    }

    /// `path:line:column` (or just the path when there is no position).
    pub fn location(&self) -> String {
        match &self.span {
            Some(span) => format!("{}:{}:{}", self.path.display(), span.line, span.column),
            None => self.path.display().to_string(),
        }
    }

    /// A rustc-style report: the message, the file position, the source line with a
    /// caret under the offending text, and the help line.
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let title = Level::ERROR.primary_title(self.message.as_str());
        let path = self.path.display().to_string();
        let group = match &self.span {
            Some(span) => {
                let text: &str = &span.source.text;
                let start = span.source.offset(span.line, span.column);
                let line_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
                let end = text[start..line_end]
                    .char_indices()
                    .nth(span.len.max(1))
                    .map_or(line_end, |(at, _)| start + at);
                title.element(
                    Snippet::source(text).path(path.as_str()).annotation(
                        AnnotationKind::Primary
                            .span(start..end)
                            .label(self.label.as_str()),
                    ),
                )
            }
            None => title.element(Level::NOTE.message(format!("in {path}"))),
        };
        let group = match &self.help {
            Some(help) => group.element(Level::HELP.message(help.as_str())),
            None => group,
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LocatedError {}

/// Every error found in one pass over the input, so the user can fix them all at once.
#[derive(Debug, Clone)]
pub struct InputErrors(pub Vec<LocatedError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

impl From<LocatedError> for InputErrors {
    fn from(error: LocatedError) -> Self {
        InputErrors(vec![error])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_positions_match_a_scan_of_the_text() {
        for text in ["", "a", "a\n", "ab\r\ncd\n\nå: ö\nlast", "\n\n"] {
            let source = SourceFile::new("f.yaml".into(), text);
            for offset in 0..=text.len() + 1 {
                let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |at| at + 1);
                let expected = (line, before[start..].chars().count() + 1);
                assert_eq!(source.line_column(offset), expected, "{text:?} at {offset}");
            }
            for line in 0..7 {
                for column in 0..6_usize {
                    let mut expected = text.len();
                    let mut offset = 0;
                    for (index, piece) in text.split_inclusive('\n').enumerate() {
                        if index + 1 == line {
                            expected = offset
                                + piece.char_indices().nth(column.saturating_sub(1)).map_or(
                                    piece.trim_end_matches(['\r', '\n']).len(),
                                    |(at, _)| at,
                                );
                            break;
                        }
                        offset += piece.len();
                    }
                    assert_eq!(
                        source.offset(line, column),
                        expected,
                        "{text:?} {line}:{column}"
                    );
                }
            }
        }
    }

    #[test]
    fn offsets_and_positions_agree_on_multibyte_text() {
        let source = SourceFile::new("f.yaml".into(), "a: å\nbb: {x.y}\n");
        assert_eq!(source.line_column(source.offset(2, 5)), (2, 5));
        assert_eq!(source.find_from(1, 1, "{x.y}"), Some((2, 5)));
    }

    #[test]
    fn render_shows_the_file_position_the_line_and_the_help() {
        let source = SourceFile::new(
            "facts/hosts.yaml".into(),
            "hosts:\n  server:\n    alais: hemma\n",
        );
        let error = LocatedError::at(
            Span {
                source,
                line: 3,
                column: 5,
                len: 5,
            },
            "unknown key `alais`",
            "not a host field",
        )
        .with_help("did you mean `alias`?");
        let text = error.render(false);
        assert!(text.contains("facts/hosts.yaml:3:5"), "{text}");
        assert!(text.contains("alais: hemma"), "{text}");
        assert!(text.contains("did you mean `alias`?"), "{text}");
    }
}
