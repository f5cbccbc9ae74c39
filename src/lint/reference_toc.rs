//! `reference-toc`: a long reference file opens with a table of contents.

use std::collections::BTreeSet;

use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE};
use crate::diagnostic::Severity;
use crate::markdown::Document;

pub const RULE: Rule = Rule {
    name: "reference-toc",
    severity: Severity::Warning,
    summary: "a reference file over 100 lines without a table of contents near its top",
    doc: RuleDoc {
        what: "A markdown file other than SKILL.md that is longer than 100 lines (unless \
configured otherwise) and has at least three sections has a table of contents within its \
first 40 lines. Counted as one: a heading or a line that reads \"Contents\", \"Table of \
contents\", \"TOC\", \"On this page\", \"In this file\", \"Sections\" or \"Navigation\"; three \
or more links to the file's own headings (`[Rollback](#rollback)`); or three or more list \
items naming its headings. Anthropic's authoring guidance sets the length at 100 lines \
(its skill-creator says 300).",
        why: "Claude often reads a long reference file partially (with `head`, or the first \
lines of a read). A table of contents at the top shows everything the file covers, so \
Claude knows what is there and where to read on, instead of missing what lies below.",
        example: "A `reference.md` of 240 lines whose first lines are a title and a \
paragraph, followed by twelve sections.",
        fix: "Open the file with a list of its sections, linked to their headings:\n\n\
```markdown\n## Contents\n- [Deploy](#deploy)\n- [Rollback](#rollback)\n- [Logs](#logs)\n```",
    },
    check,
};

/// The lines from the top within which the table of contents must be.
const TOC_WINDOW: usize = 40;

/// Titles of a table of contents, in lowercase.
const TOC_TITLES: &[&str] = &[
    "contents",
    "table of contents",
    "toc",
    "on this page",
    "in this file",
    "in this document",
    "sections",
    "navigation",
    "quick navigation",
];

/// How many entries pointing at its own sections make a table of contents.
const TOC_ENTRIES: usize = 3;

fn check(context: &Context, out: &mut Emitter) {
    let longest = context.config.reference_toc_lines;
    for (path, document) in &context.documents {
        if path == SKILL_FILE {
            continue;
        }
        let lines = document.line_count();
        if lines <= longest || sections(document) < TOC_ENTRIES || has_toc(document) {
            continue;
        }
        out.emit(
            path,
            1,
            1,
            format!(
                "{path} has {lines} lines and no table of contents in its first {TOC_WINDOW}; Claude may read only its top, so list its sections there (`## Contents` with links to them)"
            ),
        );
    }
}

/// The sections of a document: its headings, less a single title above the others.
fn sections(document: &Document) -> usize {
    let headings = &document.headings;
    let Some(top) = headings.iter().map(|heading| heading.level).min() else {
        return 0;
    };
    let titles = headings
        .iter()
        .filter(|heading| heading.level == top)
        .count();
    if titles == 1 && headings.len() > 1 {
        headings.len() - 1
    } else {
        headings.len()
    }
}

fn has_toc(document: &Document) -> bool {
    let own_name = document.path.rsplit('/').next().unwrap_or(&document.path);
    let own_links = document
        .links
        .iter()
        .filter(|link| link.line <= TOC_WINDOW)
        .filter(|link| {
            link.dest
                .split_once('#')
                .is_some_and(|(file, _)| file.is_empty() || file == own_name)
        })
        .count();
    if own_links >= TOC_ENTRIES {
        return true;
    }
    let heading_texts: BTreeSet<String> = document
        .headings
        .iter()
        .map(|heading| heading.text.to_lowercase())
        .collect();
    let mut named_sections = 0;
    for text in document.source.lines().take(TOC_WINDOW) {
        let title = text
            .trim_matches(|c: char| c.is_whitespace() || "#*_:>".contains(c))
            .to_lowercase();
        if TOC_TITLES.contains(&title.as_str()) {
            return true;
        }
        if let Some(item) = list_item(text)
            && heading_texts.contains(&item.to_lowercase())
        {
            named_sections += 1;
        }
    }
    named_sections >= TOC_ENTRIES
}

/// The text of a list item line (`- Deploy`, `1. [Deploy](#deploy)`), link text only.
fn list_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = line
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0)
                .then(|| line[digits..].strip_prefix(['.', ')']))
                .flatten()
        })?
        .strip_prefix(' ')?
        .trim();
    let text = match rest.strip_prefix('[') {
        Some(linked) => linked.split(']').next().unwrap_or(linked),
        None => rest,
    };
    Some(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(top: &str) -> Document {
        let mut text = format!("# Reference\n\n{top}\n");
        for name in ["Deploy", "Rollback", "Logs", "Backups"] {
            text.push_str(&format!("\n## {name}\n\n"));
            text.push_str(&"Some detail.\n".repeat(30));
        }
        Document::parse("reference.md", &text)
    }

    #[test]
    fn tables_of_contents_take_several_shapes() {
        for top in [
            "## Contents\n\nEverything below.",
            "**Table of contents:**",
            "- [Deploy](#deploy)\n- [Rollback](#rollback)\n- [Logs](reference.md#logs)",
            "1. Deploy\n2. Rollback\n3. Logs\n4. Backups",
        ] {
            assert!(has_toc(&long(top)), "{top}");
        }
        for top in [
            "An introduction to the contents of this file.",
            "- [Setup](setup.md#setup)\n- [FAQ](faq.md#faq)\n- [Glossary](glossary.md)",
            "- Deploy\n- Something else",
        ] {
            assert!(!has_toc(&long(top)), "{top}");
        }
        assert_eq!(sections(&long("")), 4);
        assert_eq!(list_item("  - [Logs](#logs)"), Some("Logs"));
        assert_eq!(list_item("12) Backups"), Some("Backups"));
        assert_eq!(list_item("-not an item"), None);
    }
}
