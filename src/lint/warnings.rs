//! Where a skill warns its reader before a dangerous command: the lines the safety
//! rules (`destructive-unmarked`, `secret-literal`) accept as a warning.

use crate::markdown::Document;

/// The words a warning opens with or says.
const WARNING_WORDS: &[&str] = &[
    "warning",
    "caution",
    "danger",
    "destructive",
    "irreversible",
];

/// Signs that open a warning line on their own.
const WARNING_SIGNS: &[char] = &['⚠', '🚨', '⛔', '🛑', '❗'];

/// The lines of a document that warn, in order: a blockquote that says one of the
/// warning words (`> **Warning:** ...`, `> [!CAUTION]`), a paragraph or list item
/// that opens with one (`**Danger:** ...`, `- DESTRUCTIVE: ...`) or with a warning
/// sign (`⚠️ ...`), and a shell comment in a fence that says one
/// (`# WARNING: deletes every volume`). Headings never count: a section titled
/// "Reset (destructive)" still needs a warning by its command.
pub fn warning_lines(document: &Document) -> Vec<usize> {
    let mut fence_lines = document
        .fences
        .iter()
        .flat_map(|fence| fence.lines.iter().map(|fence_line| fence_line.line))
        .peekable();
    let mut lines = Vec::new();
    for (index, text) in document.source.lines().enumerate() {
        let line = index + 1;
        while fence_lines
            .next_if(|&fence_line| fence_line < line)
            .is_some()
        {}
        let in_fence = fence_lines.next_if_eq(&line).is_some();
        let warns = if in_fence {
            warning_comment(text)
        } else {
            warning_prose(text)
        };
        if warns {
            lines.push(line);
        }
    }
    lines
}

fn says_a_warning_word(text: &str) -> bool {
    let lower = text.to_lowercase();
    WARNING_WORDS.iter().any(|word| lower.contains(word))
}

/// `# ...` that says a warning word, or that it cannot be undone.
fn warning_comment(text: &str) -> bool {
    let Some(comment) = text.trim_start().strip_prefix('#') else {
        return false;
    };
    let lower = comment.to_lowercase();
    says_a_warning_word(comment)
        || lower.contains("cannot be undone")
        || lower.contains("can't be undone")
}

fn warning_prose(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with('#') {
        return false;
    }
    if text.starts_with('>') {
        return says_a_warning_word(text);
    }
    let opening = text.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || "-*+_.)".contains(c)
    });
    if opening.starts_with(WARNING_SIGNS) {
        return true;
    }
    WARNING_WORDS.iter().any(|word| {
        opening
            .get(..word.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(word))
            && !opening[word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<usize> {
        warning_lines(&Document::parse("a.md", text))
    }

    #[test]
    fn blockquotes_openings_signs_and_comments_warn() {
        let text = "\
# Reset (destructive)
> **Warning:** deletes the volumes.
> [!CAUTION]
**Danger:** drops the database.
- DESTRUCTIVE: wipes the cache
⚠️ This cannot be undone.
```bash
# WARNING: deletes every volume
# restart the web container
ssh hemma \"docker compose down -v\"
> warning inside a fence is output, not a warning
```
Warnings are rare here.
The dangerous part comes next.
";
        assert_eq!(lines(text), [2, 3, 4, 5, 6, 8]);
    }
}
