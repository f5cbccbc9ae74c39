//! `invalid-file`: markdown that is not UTF-8 text, and links that leave the skill.

use super::{Context, Emitter, Rule, RuleDoc, is_markdown};
use crate::diagnostic::Severity;
use crate::skill::UnreadableFile;

pub const RULE: Rule = Rule {
    name: "invalid-file",
    severity: Severity::Error,
    summary: "a markdown file that is not UTF-8 text, a symlink out of the skill folder, or a special file",
    doc: RuleDoc {
        what: "Every markdown file of the skill is UTF-8 text without NUL bytes, no \
symlink in the skill folder points outside it or at nothing, and every file is a regular \
file (not a FIFO, device or socket) of at most 64 MB.",
        why: "Claude reads skill files as UTF-8 text; a file in another encoding or a binary \
file named `.md` is garbled or skipped. A symlink out of the folder is lost when the \
skill is packaged or copied, and skillgen does not follow it.",
        example: "notes.md saved as Latin-1 (`caf\\xe9`), or `refs.md -> ../../shared/refs.md`.",
        fix: "Save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`). Replace an \
outside symlink with a copy of the file inside the skill folder.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    for (path, unreadable) in &context.skill.unreadable {
        match unreadable {
            UnreadableFile::NotUtf8 { valid_up_to, bytes } if is_markdown(path) => {
                let valid = String::from_utf8_lossy(&bytes[..(*valid_up_to).min(bytes.len())]);
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
                out.emit(
                    path,
                    line,
                    column,
                    format!(
                        "not UTF-8 text: byte {valid_up_to} is not valid UTF-8; save the file as UTF-8"
                    ),
                );
            }
            UnreadableFile::NotUtf8 { .. } => {} // assets such as images are binary
            UnreadableFile::NotRead { reason } => out.emit(
                path,
                1,
                1,
                format!("not read: it {reason}; a skill holds only regular files of reasonable size"),
            ),
            UnreadableFile::OutsideLink { target } => out.emit(
                path,
                1,
                1,
                format!(
                    "a symlink to `{}`, outside the skill folder or missing; copy the file into the skill",
                    target.display()
                ),
            ),
        }
    }
    for (path, text) in &context.skill.files {
        if is_markdown(path)
            && let Some(at) = text.find('\0')
        {
            let document = &context.documents[path];
            let offset = at - (text.len() - document.source.len());
            let (line, column) = document.position(offset);
            out.emit(
                path,
                line,
                column,
                "a NUL byte: this is a binary file, not markdown",
            );
        }
    }
}
