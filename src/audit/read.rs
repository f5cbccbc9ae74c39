//! Reading one file of the app as text, with errors that say which file and where.

use std::path::Path;

use crate::input::read_source;
use crate::located::{LocatedError, SourceFile, Span};

/// Reads `path` as UTF-8 text, shown in messages as `shown`.
pub fn read_text(path: &Path, shown: &str) -> Result<SourceFile, LocatedError> {
    let text = read_source(path, Path::new(shown), "app's file")?;
    Ok(SourceFile::new(shown.into(), text))
}

/// An error at a 1-based line and column of `source`.
pub fn located(
    source: &SourceFile,
    line: usize,
    column: usize,
    message: impl Into<String>,
) -> LocatedError {
    LocatedError::at(
        Span {
            source: source.clone(),
            line: line.max(1),
            column: column.max(1),
            len: 1,
        },
        message,
        "here",
    )
}

/// Whether a file holds nothing but blank lines and comments starting with `comment`.
pub fn is_blank(text: &str, comment: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with(comment) || line == "---"
    })
}
