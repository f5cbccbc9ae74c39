//! `fence-language`: every fenced code block names its language (a warning) and is
//! closed (an error).

use super::{Context, Emitter, Rule, RuleDoc};
use crate::diagnostic::Severity;
use crate::markdown::{Fence, FenceEnd};

pub const RULE: Rule = Rule {
    name: "fence-language",
    severity: Severity::Warning,
    summary: "a code fence without a language; one never closed is an error",
    doc: RuleDoc {
        what: "Every fenced code block has a language after its opening backticks or \
tildes (`bash`, `yaml`, `text`, ...), and has a closing fence. A missing language is a \
warning; a fence that is never closed is an error. Fences inside block quotes and list \
items are read as CommonMark reads them: a closing `> ```` or an indented closing fence \
closes them. A fence whose list item or block quote ends before any closing fence is \
reported too: CommonMark ends it there, but its author never closed it.",
        why: "The language tells the reader, and skillgen's own rules, what the block is: \
`ssh-first` checks shell fences only, so an unlabelled block of commands escapes it. Many \
unlabelled blocks are harmless (a file tree, an HTTP exchange, a quotation), so it is only a \
warning. An unclosed fence turns the rest of the file into code: the instructions after it \
are no longer read as instructions, which is why that case is an error.",
        example: "```\nssh hemma docker ps\n```\n\nor, in a list item whose closing fence is not indented with it:\n\n1. Check:\n   ```bash\n   ssh hemma docker ps\n```",
        fix: "Name the language: ```` ```bash ```` for commands, ```` ```text ```` for \
output or plain text. Close every fence with the same characters that opened it, \
inside the same block quote (`> ````) or indented like the list item's text.",
    },
    check,
};

fn check(context: &Context, out: &mut Emitter) {
    for (path, document) in &context.documents {
        for (index, fence) in document.fences.iter().enumerate() {
            if fence.language.is_none() {
                out.emit(
                    path,
                    fence.line,
                    fence.column,
                    "this code fence has no language; add one, e.g. ```bash or ```text",
                );
            }
            if let Some(message) = unclosed(fence, document.fences.get(index + 1)) {
                out.emit_with(Severity::Error, path, fence.line, fence.column, message);
            }
        }
    }
}

/// What to say about a fence that no closing fence ends, given the fence after it.
fn unclosed(fence: &Fence, next: Option<&Fence>) -> Option<String> {
    let marker = &fence.marker;
    match fence.end {
        FenceEnd::Closed => None,
        FenceEnd::EndOfFile => Some(format!(
            "this code fence is never closed, so the rest of the file is code; close it with {marker}"
        )),
        FenceEnd::ContainerEnds { container, line } => {
            let container = container.name();
            // A fence opening on the very line that ended the container is almost
            // always the closing fence, written outside the container.
            let hint = if next.is_some_and(|next| next.line == line) {
                format!(
                    "; the {marker} on line {line} is outside the {container}, so it opens a new block instead of closing this one"
                )
            } else {
                String::new()
            };
            Some(format!(
                "this code fence is never closed: it ends only because its {container} ends before line {line}; close it with {marker} inside the {container}{hint}"
            ))
        }
    }
}
