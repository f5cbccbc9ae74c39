//! Links between the skill's files: `broken-link`, `broken-anchor`, `unreachable-file`.

use std::collections::BTreeMap;

use super::named_files::{Mentions, NamedPath, SkillTree, join, named_paths, skill_dir_relative};
use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE, is_markdown};
use crate::diagnostic::Severity;
use crate::markdown::Link;
use crate::suggest::{nearest as closest, nearest_path};

pub const BROKEN_LINK: Rule = Rule {
    name: "broken-link",
    severity: Severity::Error,
    summary: "a relative link, or a path of the skill in the text, to a file that does not exist",
    doc: RuleDoc {
        what: "Every relative link and image in a markdown file points at a file or folder \
of the skill, resolved from the linking file's folder; a link that starts with \
`${CLAUDE_SKILL_DIR}/` (Claude Code's variable for the skill's folder) is resolved from \
the skill's folder. Links with a scheme (`https:`, `mailto:`) are not checked, nor \
are paths that start with another variable (`${CLAUDE_PLUGIN_ROOT}/...`) or climb out \
of `${CLAUDE_SKILL_DIR}` (they point into the plugin around the skill), nor paths from \
the project's root (`.claude/skills/other/spec.md`). Other absolute paths and paths \
that climb out of the skill folder (`../../docs/runbook.md`) are warnings: they work in \
the repository the skill was written in, and break wherever it is installed alone.\n\n\
Paths written in the text are checked too: every `${CLAUDE_SKILL_DIR}/...` path in \
prose, inline code, shell fences or the frontmatter, and every inline code span that \
is one bare path (`branches/users.md`, `scripts/`) whose first folder is a folder of \
the skill, or (for a markdown file) one the skill's text says it has by its path from \
the project's root (`.claude/skills/<name>/branches/`), read from the skill's folder or the naming file's \
folder. A bare path under \
a folder the skill does not have (`src/main.rs`) names a file of the user's project \
and is not checked; nor are patterns and placeholders (`references/*.md`, \
`jobs/<name>.md`).",
        why: "Claude follows a skill's links, and opens the paths it names, to load the \
right reference at the right time. A link or path to nothing leaves it without the \
instructions it promised.",
        example: "See [deploy steps](deploy-steps.md) (the file is `deploy.md`), or \
`branches/users.md` in a skill whose `branches/` has no `users.md`.",
        fix: "Point the link or path at the file's real path (the message suggests a \
file of the same name first), or add the missing file.",
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
    summary: "a markdown file that SKILL.md neither links to nor names",
    doc: RuleDoc {
        what: "Every markdown file of the skill other than SKILL.md is reached from SKILL.md \
itself, the ways Claude finds files: a link (also through `${CLAUDE_SKILL_DIR}/`, or to \
a folder above the file), or the file named anywhere in SKILL.md's text, inline code \
and fences included, by its path (`references/api.md`, \
`${CLAUDE_SKILL_DIR}/jobs/scan.md`), by its name or a shorter tail of its path \
(`api.md`, unless a file of that name sits at the skill's top), by a folder above it \
(`references/`, or `references` in inline code) or by a glob that matches it \
(`references/*.md`, `specs/**/*.md`). Files under `assets/` are material the skill \
hands out, not instructions, and are not checked (nor are their links).",
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
    /// A path into the plugin around the skill (`${CLAUDE_PLUGIN_ROOT}/...`, or
    /// `${CLAUDE_SKILL_DIR}/../...`), behind another variable, or from the project's
    /// root (`.claude/...`): not checked.
    Unchecked,
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
    if let Some(rest) = skill_dir_relative(&path) {
        return match join("", rest) {
            Some(path) => Target::Path { path, fragment },
            None => Target::Unchecked,
        };
    }
    // `.claude/...` is written from the project's root (a skill has no `.claude`
    // folder of its own): Claude Code opens it from there.
    if path.starts_with('$') || path.starts_with(".claude/") {
        return Target::Unchecked;
    }
    if path.starts_with('/') {
        return Target::Outside;
    }
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    match join(folder, &path) {
        Some(path) => Target::Path { path, fragment },
        None => Target::Outside,
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
        .flat_map(move |(path, document)| {
            document.links.iter().map(move |link| {
                let target = match resolve(path, &link.dest) {
                    Target::Outside => back_into(&context.skill.name, path, &link.dest),
                    target => target,
                };
                (path.as_str(), link, target)
            })
        })
}

/// A link that climbs out of the skill folder and back into it by its name
/// (`../ops/references/api.md` in skill `ops`) is a link inside it.
fn back_into(skill: &str, from: &str, dest: &str) -> Target {
    match resolve(&format!("{skill}/{from}"), dest) {
        Target::Path { path, fragment } => match path.strip_prefix(&format!("{skill}/")) {
            Some(inside) => Target::Path {
                path: inside.to_string(),
                fragment,
            },
            None => Target::Outside,
        },
        _ => Target::Outside,
    }
}

fn check_links(context: &Context, out: &mut Emitter) {
    let tree = SkillTree::new(context.skill);
    let files = || context.skill.files.keys().map(String::as_str);
    for (path, link, target) in links(context) {
        let what = if link.is_image { "image" } else { "link" };
        let start = (link.line, link.column);
        match target {
            Target::Path { path: target, .. } if !tree.exists(&target) => {
                let hint = nearest_path(&target, files())
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                out.emit_span(
                    path,
                    start,
                    link.end,
                    format!("this {what} points at `{target}`, which is not in the skill{hint}"),
                );
            }
            Target::Outside => out.emit_span_with(
                Severity::Warning,
                path,
                start,
                link.end,
                format!(
                    "this {what} points at `{}`, outside the skill folder: it breaks wherever the skill is installed without the files around it; link to a file inside it",
                    link.dest
                ),
            ),
            Target::Empty => out.emit_span(
                path,
                start,
                link.end,
                format!("this {what} has an empty destination"),
            ),
            _ => {}
        }
    }
    for (path, document) in &context.documents {
        if is_asset(path) {
            continue;
        }
        for named in named_paths(document, &tree) {
            if !names_a_file(&named, &tree) {
                let hint = nearest_path(&named.path, files())
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                let message = match named.path.split_once('/') {
                    Some((folder, _)) if named.bare && tree.is_folder(folder) => format!(
                        "`{}` is not in the skill, though its folder `{folder}/` is{hint}",
                        named.written
                    ),
                    Some((folder, _)) if named.bare => format!(
                        "`{}` is not in the skill: the skill says its files are in `{folder}/` (`.claude/skills/{}/{folder}/`), which it does not have{hint}",
                        named.written, context.skill.name
                    ),
                    _ => format!("`{}` is not in the skill folder{hint}", named.written),
                };
                out.emit_span(path, (named.line, named.column), named.end, message);
            }
        }
    }
}

/// Whether a path named in the text is in the skill, from its folder or (for a bare
/// path in a file below the top) from the naming file's folder.
fn names_a_file(named: &NamedPath, tree: &SkillTree) -> bool {
    tree.exists(&named.path)
        || named
            .also_from
            .as_deref()
            .and_then(|folder| join(folder, &named.path))
            .is_some_and(|path| tree.exists(&path))
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
        out.emit_span(
            path,
            (link.line, link.column),
            link.end,
            format!("no heading in `{file}` has the anchor `#{fragment}`{hint}"),
        );
    }
}

fn check_unreachable(context: &Context, out: &mut Emitter) {
    let Some(skill_document) = context.documents.get(SKILL_FILE) else {
        return; // frontmatter reports the missing SKILL.md
    };
    let tree = SkillTree::new(context.skill);
    let mut linked_from: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    // Folders SKILL.md links to (`[examples](examples/)`) reach every file below them.
    let mut linked_folders = Vec::new();
    for (path, _, target) in links(context) {
        if let Target::Path { path: target, .. } = target {
            if path == SKILL_FILE && tree.is_folder(&target) {
                linked_folders.push(format!("{target}/"));
            }
            linked_from.entry(target).or_default().push(path);
        }
    }
    let mentions = Mentions::new(skill_document);
    for path in context.documents.keys() {
        if path == SKILL_FILE || !is_markdown(path) || is_asset(path) {
            continue;
        }
        let sources = linked_from.get(path).map(Vec::as_slice).unwrap_or_default();
        let under_linked_folder = linked_folders
            .iter()
            .any(|folder| path.starts_with(folder.as_str()));
        if sources.contains(&SKILL_FILE) || under_linked_folder || mentions.reach(path, &tree) {
            continue;
        }
        let message = match sources.iter().find(|source| **source != path.as_str()) {
            Some(source) => format!(
                "{path} is linked only from {source}, not from SKILL.md; link it from SKILL.md so it stays one level deep"
            ),
            None => format!(
                "nothing in SKILL.md links to or names {path}; link it from SKILL.md, saying when to read it"
            ),
        };
        out.emit(path, 1, 1, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_autolinks_are_external() {
        assert_eq!(resolve("SKILL.md", "help@example.org"), Target::External);
    }

    #[test]
    fn skill_dir_links_resolve_from_the_skill_and_plugin_paths_are_not_checked() {
        assert_eq!(
            resolve("refs/a.md", "${CLAUDE_SKILL_DIR}/jobs/scan.md#steps"),
            path("jobs/scan.md", Some("steps"))
        );
        assert_eq!(
            resolve("SKILL.md", "$CLAUDE_SKILL_DIR/role.md"),
            path("role.md", None)
        );
        for dest in [
            "${CLAUDE_PLUGIN_ROOT}/templates/ticket.yml",
            "${CLAUDE_SKILL_DIR}/../../references/schema.md",
            "$HOME/notes.md",
            ".claude/skills/deep-review/specs/finding.md",
        ] {
            assert_eq!(resolve("SKILL.md", dest), Target::Unchecked, "{dest}");
        }
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
