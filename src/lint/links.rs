//! Links between the skill's files: `broken-link`, `broken-anchor`, `unreachable-file`.

use std::collections::BTreeMap;

use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE, is_markdown};
use crate::diagnostic::Severity;
use crate::markdown::Link;
use crate::suggest::nearest as closest;

pub const BROKEN_LINK: Rule = Rule {
    name: "broken-link",
    severity: Severity::Error,
    summary: "a relative link to a file that does not exist in the skill",
    doc: RuleDoc {
        what: "Every relative link and image in a markdown file points at a file or folder \
of the skill, resolved from the linking file's folder. Links with a scheme (`https:`, \
`mailto:`) are not checked; absolute paths and paths that climb out of the skill folder \
are reported.",
        why: "Claude follows a skill's links to load the right reference at the right time. \
A link to nothing leaves it without the instructions the link promised.",
        example: "See [deploy steps](deploy-steps.md) (the file is `deploy.md`).",
        fix: "Point the link at the file's real path relative to the linking file, or add \
the missing file.",
    },
    check: check_links,
};

pub const BROKEN_ANCHOR: Rule = Rule {
    name: "broken-anchor",
    severity: Severity::Error,
    summary: "a #fragment that matches no heading of the file it points into",
    doc: RuleDoc {
        what: "Every `#fragment` of a link into a markdown file of the skill, in the same \
file or another, equals the GitHub anchor of a heading there (or an HTML `id`/`name`). \
Anchors follow GitHub's slugs: lowercase, punctuation dropped except `-` and `_`, each \
space a hyphen, a repeated heading gets `-1`, `-2`.",
        why: "A cross-reference that lands on the top of a long file instead of the \
section it names makes Claude read, or guess, more than it should. Headings get renamed; \
anchors pointing at them silently go stale.",
        example: "[Rollback](deploy.md#roll-back) where deploy.md has `## Rollback` (anchor \
`#rollback`).",
        fix: "Use the heading's anchor as GitHub makes it (the message suggests the \
closest one), or rename the heading back.",
    },
    check: check_anchors,
};

pub const UNREACHABLE_FILE: Rule = Rule {
    name: "unreachable-file",
    severity: Severity::Warning,
    summary: "a markdown file that SKILL.md does not link to directly",
    doc: RuleDoc {
        what: "Every markdown file of the skill other than SKILL.md is the target of a link \
in SKILL.md itself, or is named there by its path (`references/api.md`). Files under \
`assets/` are material the skill hands out, not instructions, and are not checked (nor \
are their links).",
        why: "Claude finds a skill's other files only through SKILL.md. Agent Skills \
guidance keeps references one level deep: a file reached only through another reference \
may be read partially or not at all. Nothing is broken, though: the file is dead weight or \
read less reliably, so it is a warning.",
        example: "SKILL.md links to deploy.md, and only deploy.md links to rollback.md.",
        fix: "Link the file from SKILL.md, saying when to read it, or fold its content into \
a file SKILL.md already links to. Delete files nothing needs.",
    },
    check: check_unreachable,
};

/// Where a link points, resolved within the skill.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A URL with a scheme, or protocol-relative: not checked.
    External,
    /// `#fragment` alone: a place in the same file.
    SameFile { fragment: String },
    /// A path inside the skill folder (empty for the folder itself).
    Path {
        path: String,
        fragment: Option<String>,
    },
    /// An absolute path, or one that climbs out of the skill folder.
    Outside,
    /// An empty destination.
    Empty,
}

fn resolve(from: &str, dest: &str) -> Target {
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::Empty;
    }
    // An email autolink (`<user@example.org>`) has no scheme in its destination.
    let email = !dest.contains('/') && dest.contains('@') && !dest.starts_with('#');
    if has_scheme(dest) || dest.starts_with("//") || email {
        return Target::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decode(fragment))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() {
        return match fragment {
            Some(fragment) => Target::SameFile { fragment },
            None => Target::Empty,
        };
    }
    let path = percent_decode(path);
    if path.starts_with('/') {
        return Target::Outside;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the linking file's own name
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            part => parts.push(part),
        }
    }
    Target::Path {
        path: parts.join("/"),
        fragment,
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn exists(context: &Context, path: &str) -> bool {
    let skill = context.skill;
    path.is_empty()
        || skill.files.contains_key(path)
        || skill.unreadable.contains_key(path)
        || skill
            .files
            .keys()
            .chain(skill.unreadable.keys())
            .any(|file| {
                file.strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
}

/// Files under `assets/` are material a skill hands out (templates, examples), not
/// instructions: their links belong to the documents made from them.
fn is_asset(path: &str) -> bool {
    path.starts_with("assets/")
}

fn links<'c>(context: &'c Context) -> impl Iterator<Item = (&'c str, &'c Link, Target)> {
    context
        .documents
        .iter()
        .filter(|(path, _)| !is_asset(path))
        .flat_map(|(path, document)| {
            document
                .links
                .iter()
                .map(move |link| (path.as_str(), link, resolve(path, &link.dest)))
        })
}

fn check_links(context: &Context, out: &mut Emitter) {
    for (path, link, target) in links(context) {
        let what = if link.is_image { "image" } else { "link" };
        match target {
            Target::Path { path: target, .. } if !exists(context, &target) => {
                let files = context.skill.files.keys().map(String::as_str);
                let hint = closest(&target, files)
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                out.emit(
                    path,
                    link.line,
                    link.column,
                    format!("this {what} points at `{target}`, which is not in the skill{hint}"),
                );
            }
            Target::Outside => out.emit(
                path,
                link.line,
                link.column,
                format!(
                    "this {what} points at `{}`, outside the skill folder; link to a file inside it",
                    link.dest
                ),
            ),
            Target::Empty => out.emit(
                path,
                link.line,
                link.column,
                format!("this {what} has an empty destination"),
            ),
            _ => {}
        }
    }
}

fn check_anchors(context: &Context, out: &mut Emitter) {
    for (path, link, target) in links(context) {
        let (file, fragment) = match target {
            Target::SameFile { fragment } => (path.to_string(), fragment),
            Target::Path {
                path: file,
                fragment: Some(fragment),
            } => (file, fragment),
            _ => continue,
        };
        if fragment.is_empty() {
            continue;
        }
        let Some(document) = context.documents.get(&file) else {
            continue; // not markdown, or missing: broken-link's business
        };
        if document.anchors.contains(&fragment) {
            continue;
        }
        let anchors = document.anchors.iter().map(String::as_str);
        let hint = closest(&fragment, anchors)
            .map(|near| format!("; did you mean `#{near}`?"))
            .unwrap_or_default();
        out.emit(
            path,
            link.line,
            link.column,
            format!("no heading in `{file}` has the anchor `#{fragment}`{hint}"),
        );
    }
}

fn check_unreachable(context: &Context, out: &mut Emitter) {
    if !context.skill.files.contains_key(SKILL_FILE) {
        return; // frontmatter reports the missing SKILL.md
    }
    let mut linked_from: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (path, _, target) in links(context) {
        if let Target::Path { path: target, .. } = target {
            linked_from.entry(target).or_default().push(path);
        }
    }
    let skill_text = context
        .skill
        .files
        .get(SKILL_FILE)
        .map_or("", String::as_str);
    for path in context.documents.keys() {
        if path == SKILL_FILE || !is_markdown(path) || is_asset(path) {
            continue;
        }
        let sources = linked_from.get(path).map(Vec::as_slice).unwrap_or_default();
        // SKILL.md may also name the file by its path (`references/api.md`), which is
        // how many skills point Claude at a reference.
        if sources.contains(&SKILL_FILE) || mentions_path(skill_text, path) {
            continue;
        }
        let message = match sources.iter().find(|source| **source != path.as_str()) {
            Some(source) => format!(
                "{path} is linked only from {source}, not from SKILL.md; link it from SKILL.md so it stays one level deep"
            ),
            None => format!(
                "nothing in SKILL.md links to {path}; link it from SKILL.md, saying when to read it"
            ),
        };
        out.emit(path, 1, 1, message);
    }
}

/// Whether `text` names `path` as a whole path, not as part of a longer one.
fn mentions_path(text: &str, path: &str) -> bool {
    let is_path_char = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-');
    text.match_indices(path).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + path.len()..].chars().next();
        !before.is_some_and(is_path_char) && !after.is_some_and(|c| is_path_char(c) && c != '.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_autolinks_are_external_and_paths_in_text_count_as_mentions() {
        assert_eq!(resolve("SKILL.md", "help@example.org"), Target::External);
        assert!(mentions_path(
            "Read `references/api.md` first.",
            "references/api.md"
        ));
        assert!(!mentions_path(
            "Read old/references/api.md.",
            "references/api.md"
        ));
    }

    fn path(path: &str, fragment: Option<&str>) -> Target {
        Target::Path {
            path: path.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn links_resolve_from_the_linking_file() {
        assert_eq!(
            resolve("SKILL.md", "deploy.md#roll-back"),
            path("deploy.md", Some("roll-back"))
        );
        assert_eq!(resolve("refs/a.md", "../b.md"), path("b.md", None));
        assert_eq!(
            resolve("refs/a.md", "./c%20d.md?x=1"),
            path("refs/c d.md", None)
        );
        assert_eq!(
            resolve("a.md", "#top"),
            Target::SameFile {
                fragment: "top".into()
            }
        );
        assert_eq!(resolve("a.md", "../x.md"), Target::Outside);
        assert_eq!(resolve("a.md", "/etc/hosts"), Target::Outside);
        assert_eq!(
            resolve("a.md", "https://example.org/x.md"),
            Target::External
        );
        assert_eq!(resolve("a.md", "mailto:a@b"), Target::External);
        assert_eq!(resolve("a.md", ""), Target::Empty);
    }
}
