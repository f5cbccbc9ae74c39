//! Reading one file of the app as text, with errors that say which file and where.

use std::path::Path;

use crate::input::{MAX_SOURCE_BYTES, read_regular};
use crate::located::{LocatedError, SourceFile, Span};

/// Reads `path` as UTF-8 text, shown in messages as `shown`.
pub fn read_text(path: &Path, shown: &str) -> Result<SourceFile, LocatedError> {
    let bytes = read_regular(path, MAX_SOURCE_BYTES).map_err(|error| {
        LocatedError::file(shown, format!("cannot read the app's file: it {error}"))
            .with_help(error.help())
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
            Ok(SourceFile::new(shown.into(), text))
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let source = SourceFile::new(shown.into(), String::from_utf8_lossy(error.as_bytes()));
            let (line, column) = source.line_column(valid);
            Err(
                located(&source, line, column, "the file is not valid UTF-8")
                    .with_help("save the file as UTF-8"),
            )
        }
    }
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
