//! `fence-language`: every fenced code block names its language (a warning) and is
//! closed (an error).

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    name: "fence-language",
    severity: Severity::Warning,
    summary: "a code fence without a language; one never closed is an error",
    doc: RuleDoc {
        what: "Every fenced code block has a language after its opening backticks or \
tildes (`bash`, `yaml`, `text`, ...), and has a closing fence. A missing language is a \
warning; a fence that is never closed is an error.",
        why: "The language tells the reader, and skillgen's own rules, what the block is: \
`ssh-first` checks shell fences only, so an unlabelled block of commands escapes it. Many \
unlabelled blocks are harmless (a file tree, an HTTP exchange, a quotation), so it is only a \
warning. An unclosed fence turns the rest of the file into code: the instructions after it \
are no longer read as instructions, which is why that case is an error.",
        example: "```\nssh hemma docker ps\n```",
        fix: "Name the language: ```` ```bash ```` for commands, ```` ```text ```` for \
output or plain text. Close every fence with the same characters that opened it.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    for (path, document) in &context.documents {
        for fence in &document.fences {
            if fence.language.is_none() {
                out.emit(
                    path,
                    fence.line,
                    fence.column,
                    "this code fence has no language; add one, e.g. ```bash or ```text",
                );
            }
            if !fence.closed {
                out.emit_with(
                    Severity::Error,
                    path,
                    fence.line,
                    fence.column,
                    "this code fence is never closed, so the rest of the file is code; close it",
                );
            }
        }
    }
}
