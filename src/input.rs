//! Reading the user's input files: only regular files, up to a stated size. A FIFO, a
//! device or a socket named like a facts file, a template or a skill file would
//! otherwise hang a run (a FIFO with no writer) or feed it without end (`/dev/zero`).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::located::{LocatedError, SourceFile, Span};

/// The largest facts file or template skillgen reads.
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// The largest file of a skill folder skillgen reads.
pub const MAX_SKILL_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("is {kind}, not a regular file")]
    NotRegular { kind: &'static str },
    #[error("is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("could not be read: {0}")]
    Io(#[from] io::Error),
}

impl InputError {
    /// What to do about it, for the help line.
    pub fn help(&self) -> &'static str {
        match self {
            InputError::NotRegular { .. } => {
                "skillgen reads only regular files; remove it or replace it with a regular file"
            }
            InputError::TooLarge { .. } => "split it into smaller files, or move it elsewhere",
            InputError::Io(_) => "check that the file exists and is readable",
        }
    }
}

/// Reads `path` (following symlinks) if it is a regular file of at most `limit` bytes.
/// It is opened without blocking, so a FIFO is refused rather than waited on.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let metadata = file.metadata()?;
    let file_type = metadata.file_type();
    if !file_type.is_file() {
        let kind = if file_type.is_fifo() {
            "a FIFO (named pipe)"
        } else if file_type.is_char_device() || file_type.is_block_device() {
            "a device"
        } else if file_type.is_socket() {
            "a socket"
        } else if file_type.is_dir() {
            "a folder"
        } else {
            "a special file"
        };
        return Err(InputError::NotRegular { kind });
    }
    if metadata.len() > limit {
        return Err(InputError::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    read_at_most(file, limit)
}

/// Reads the source file `path` (a facts file, a template, a file of the app) as UTF-8
/// text without a byte order mark. Errors name `shown` (the path as the user sees it)
/// and `what` the file is: unreadable, special or too large with what to do, and text
/// that is not UTF-8 at its first bad byte.
pub fn read_source(path: &Path, shown: &Path, what: &str) -> Result<String, LocatedError> {
    let bytes = read_regular(path, MAX_SOURCE_BYTES).map_err(|error| {
        LocatedError::file(shown, format!("cannot read the {what}: it {error}"))
            .with_help(error.help())
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let source = SourceFile::new(
                shown.to_path_buf(),
                String::from_utf8_lossy(error.as_bytes()),
            );
            let (line, column) = source.line_column(valid);
            Err(LocatedError::at(
                Span {
                    source,
                    line,
                    column,
                    len: 1,
                },
                "the file is not valid UTF-8",
                "this byte is not UTF-8",
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Reads a regular file, refusing it if it grew past `limit` since it was measured.
fn read_at_most(file: File, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(InputError::TooLarge { size, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("zz.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            assert!(matches!(
                read_regular(&fifo, 10),
                Err(InputError::NotRegular {
                    kind: "a FIFO (named pipe)"
                })
            ));
        }
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(InputError::NotRegular { kind: "a device" })
        ));
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, "x".repeat(11)).unwrap();
        assert!(matches!(
            read_regular(&big, 10),
            Err(InputError::TooLarge {
                size: 11,
                limit: 10
            })
        ));
        assert_eq!(read_regular(&big, 11).unwrap().len(), 11);
    }
}
