//! How skills name their own files in text rather than by a link: `${CLAUDE_SKILL_DIR}`
//! paths, paths in inline code, file names, folders and globs.
//!
//! Claude Code sets `${CLAUDE_SKILL_DIR}` to the skill's folder, so a path after it is
//! a file of the skill wherever it is written. A bare path in inline code
//! (`branches/deploy.md`) is taken for a file of the skill only when its first folder
//! is a folder of the skill: `src/main.rs` in a skill without `src/` names a file of
//! the user's project, which lint cannot see.

use std::collections::HashSet;
use std::ops::Range;

use crate::markdown::Document;
use crate::skill::Skill;

/// The variable Claude Code sets to the skill's folder, in its two spellings.
const SKILL_DIR: [&str; 2] = ["${CLAUDE_SKILL_DIR}", "$CLAUDE_SKILL_DIR"];

/// A path with the skill folder's variable in front, relative to the skill folder:
/// `references/api.md` for `${CLAUDE_SKILL_DIR}/references/api.md` (empty for the
/// folder itself). `None` for any other path.
pub fn skill_dir_relative(path: &str) -> Option<&str> {
    SKILL_DIR.iter().find_map(|variable| {
        let rest = path.strip_prefix(variable)?;
        match rest.strip_prefix('/') {
            Some(rest) => Some(rest),
            None => rest.is_empty().then_some(rest),
        }
    })
}

/// Joins `path` onto the folder `base` (both `/`-separated, relative to the skill),
/// dropping `.` and empty segments. `None` when `..` climbs out of the skill.
pub fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|part| !part.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The folders of the skill (every folder that holds a file, at any depth), and its
/// files, for the questions the rules ask about paths.
pub struct SkillTree<'a> {
    files: HashSet<&'a str>,
    folders: HashSet<&'a str>,
    /// Top folders the skill's text says it has, by its path from the project's root
    /// (`.claude/skills/<name>/branches/`), whether or not they exist.
    claimed: HashSet<&'a str>,
}

impl<'a> SkillTree<'a> {
    pub fn new(skill: &'a Skill) -> Self {
        let mut files = HashSet::new();
        let mut folders = HashSet::new();
        for path in skill.files.keys().chain(skill.unreadable.keys()) {
            files.insert(path.as_str());
            for (at, _) in path.match_indices('/') {
                folders.insert(&path[..at]);
            }
        }
        SkillTree {
            files,
            folders,
            claimed: claimed_folders(skill),
        }
    }

    /// Whether the path (relative to the skill, empty for the folder itself) is a file
    /// or a folder of the skill.
    pub fn exists(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        path.is_empty() || self.files.contains(path) || self.folders.contains(path)
    }

    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub fn is_folder(&self, path: &str) -> bool {
        self.folders.contains(path.trim_end_matches('/'))
    }

    /// Whether the skill's text says it has this top folder, though it may not.
    fn claims(&self, first: &str) -> bool {
        self.claimed.contains(first)
    }
}

/// The top folders named by the skill's own path from the project's root in any of its
/// markdown files: `branches` for `.claude/skills/ops/branches/deploy.md` in skill `ops`.
/// A skill that says where its files are has them there, so `branches/deploy.md` in
/// its text is one of its files even when the folder is missing.
fn claimed_folders(skill: &Skill) -> HashSet<&str> {
    let own = format!(".claude/skills/{}/", skill.name);
    let mut claimed = HashSet::new();
    for (path, text) in &skill.files {
        if !crate::lint::is_markdown(path) {
            continue;
        }
        for (at, _) in text.match_indices(&own) {
            let rest = &text[at + own.len()..];
            let end = rest
                .find(|c: char| c == '/' || c.is_whitespace() || "`\"'()[]<>|,;:*?{}$#".contains(c))
                .unwrap_or(rest.len());
            if rest[end..].starts_with('/') && end > 0 {
                claimed.insert(&rest[..end]);
            }
        }
    }
    claimed
}

/// A path of the skill named in a document's text, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPath {
    /// As written (`${CLAUDE_SKILL_DIR}/scripts/run.sh`, `branches/deploy.md`).
    pub written: String,
    /// Relative to the skill folder, without a trailing `/`.
    pub path: String,
    /// Whether it is written bare, without `${CLAUDE_SKILL_DIR}/` in front.
    pub bare: bool,
    /// Another folder the path may be read from, relative to the skill (the naming
    /// file's folder, for a bare path in a file below the skill's top).
    pub also_from: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The line and the column just past it.
    pub end: (usize, usize),
}

/// Every path of the skill that `document` names outside its links, in the order
/// written: each `${CLAUDE_SKILL_DIR}/...` path in prose, inline code, shell fences or
/// the frontmatter, and each inline code span that is a bare path whose first folder
/// is a folder of the skill. Patterns and placeholders (`*`, `<name>`, `$VAR`, `{a,b}`)
/// and paths that climb out of the skill are not paths of one file, and are left out.
pub fn named_paths(document: &Document, tree: &SkillTree) -> Vec<NamedPath> {
    let mut named = skill_dir_paths(document);
    named.extend(inline_code_paths(document, tree));
    named.sort_by_key(|named| (named.line, named.column));
    named
}

/// `${CLAUDE_SKILL_DIR}/...` paths, outside links (the link rules read those) and
/// outside fences that are not shell (a ```markdown fence shows an example skill).
fn skill_dir_paths(document: &Document) -> Vec<NamedPath> {
    let source = &document.source;
    let mut starts: Vec<(usize, &str)> = SKILL_DIR
        .iter()
        .flat_map(|variable| source.match_indices(variable))
        .collect();
    starts.sort_unstable();
    let in_link = |at: usize| inside(&document.links, at, |link| &link.range);
    let in_example = |at: usize| {
        let index = document
            .fences
            .partition_point(|fence| fence.range.start <= at);
        index.checked_sub(1).is_some_and(|index| {
            let fence = &document.fences[index];
            fence.range.contains(&at) && !crate::command::is_shell_fence(fence)
        })
    };
    let mut named = Vec::new();
    for (at, variable) in starts {
        let after = &source[at + variable.len()..];
        let Some(rest) = after.strip_prefix('/') else {
            continue;
        };
        let Some(token) = path_token(rest) else {
            continue;
        };
        if token.is_empty() || in_link(at) || in_example(at) {
            continue;
        }
        let Some(path) = join("", token) else {
            continue; // climbs out of the skill: a file of the plugin around it
        };
        let end = at + variable.len() + 1 + token.len();
        named.push(NamedPath {
            written: source[at..end].to_string(),
            path,
            bare: false,
            also_from: None,
            line: document.position(at).0,
            column: document.position(at).1,
            end: document.position(end),
        });
    }
    named
}

/// Whether `at` falls in the range of one of `items`, which are in order of their
/// ranges' starts and do not overlap.
fn inside<T>(items: &[T], at: usize, range: impl Fn(&T) -> &Range<usize>) -> bool {
    let index = items.partition_point(|item| range(item).start <= at);
    index
        .checked_sub(1)
        .is_some_and(|index| range(&items[index]).contains(&at))
}

/// The path at the start of `text`, up to the first character no file path of a skill
/// holds. `None` when it runs into a pattern or placeholder: then it names no one file.
fn path_token(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| c.is_whitespace() || "`\"'()[]<>|,;:*?{}$#!&=%\\".contains(c))
        .unwrap_or(text.len());
    if text[end..].starts_with(['*', '?', '{', '}', '$', '<', '[', '%']) {
        return None;
    }
    // A sentence may end right after the path.
    Some(text[..end].trim_end_matches('.'))
}

/// Inline code spans that are one bare path (`branches/deploy.md`, `@scripts/run.sh`,
/// `references/`) whose first folder is a folder of the skill, and whose last part
/// has an extension or is a folder.
fn inline_code_paths<'d>(
    document: &'d Document,
    tree: &'d SkillTree,
) -> impl Iterator<Item = NamedPath> + 'd {
    let folder = document
        .path
        .rsplit_once('/')
        .map(|(folder, _)| folder.to_string());
    document
        .code_spans
        .iter()
        .filter(|span| !span.in_link)
        .filter_map(move |span| {
            let written = span.text.trim();
            let bare = written.trim_start_matches('@').trim_start_matches("./");
            let bare = bare.split('#').next().unwrap_or(bare);
            if !is_bare_skill_path(bare, tree) {
                return None;
            }
            Some(NamedPath {
                written: written.to_string(),
                path: bare.trim_end_matches('/').to_string(),
                bare: true,
                also_from: folder.clone(),
                line: span.line,
                column: span.column,
                end: span.end,
            })
        })
}

fn is_bare_skill_path(path: &str, tree: &SkillTree) -> bool {
    let Some((first, _)) = path.split_once('/') else {
        return false;
    };
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let plain = !path
        .chars()
        .any(|c| c.is_whitespace() || "`\"'()[]<>|,;:*?{}$!&=%\\~".contains(c));
    let named_file = last.trim_start_matches('.').contains('.') || path.ends_with('/');
    plain
        && named_file
        && !path.starts_with('/')
        && !path.split('/').any(|part| part == "..")
        && (tree.is_folder(first) || (tree.claims(first) && path.ends_with(".md")))
}

/// What SKILL.md's text names, for `unreachable-file`: every word that looks like a
/// path, a file name, a folder (`references/`) or a glob (`references/*.md`), read
/// once from the whole file, frontmatter and fences included.
pub struct Mentions<'t> {
    names: HashSet<String>,
    folders: HashSet<String>,
    globs: Vec<String>,
    /// The whole text, for paths with characters that end a word (a space).
    text: &'t str,
}

impl<'t> Mentions<'t> {
    pub fn new(document: &'t Document) -> Self {
        let text = document.source.as_str();
        let mut names = HashSet::new();
        let mut folders = HashSet::new();
        let mut globs = HashSet::new();
        let words = text.split(ends_a_word);
        for word in words {
            let Some(word) = normalize(word) else {
                continue;
            };
            if word.contains('*') {
                if looks_like_a_glob(word) {
                    globs.insert(word.to_string());
                }
            } else if let Some(folder) = word.strip_suffix('/') {
                folders.insert(folder.to_ascii_lowercase());
            } else if word.contains('.') {
                // Only markdown files are asked about, and their names hold a `.`.
                names.insert(word.to_ascii_lowercase());
            }
        }
        // `references` in inline code names the folder too.
        for span in &document.code_spans {
            folders.insert(span.text.trim().trim_end_matches('/').to_ascii_lowercase());
        }
        let mut globs: Vec<String> = globs.into_iter().collect();
        globs.sort_unstable();
        Mentions {
            names,
            folders,
            globs,
            text,
        }
    }

    /// Whether the text names `path` (a markdown file of the skill), in any case: by its path; by
    /// a shorter tail of it (`class.md`, `mermaid/class.md`) that is not itself a file at the
    /// skill's top; by a folder above it; or by a glob that matches it.
    pub fn reach(&self, path: &str, tree: &SkillTree) -> bool {
        // Names are compared without ASCII case (so byte offsets agree): `FORMS.md` in the text is how Claude finds
        // `forms.md` too (it lists the folder when an open fails).
        let lower = path.to_ascii_lowercase();
        if self.names.contains(&lower) {
            return true;
        }
        let tail_named = lower
            .match_indices('/')
            .any(|(at, _)| self.names.contains(&lower[at + 1..]) && !tree.is_file(&path[at + 1..]));
        let folder_named = lower
            .match_indices('/')
            .any(|(at, _)| self.folders.contains(&lower[..at]));
        tail_named
            || folder_named
            || self.globs.iter().any(|glob| glob_matches(glob, path))
            || (path.contains(char::is_whitespace) && mentions_path(self.text, path))
    }
}

/// Whether a character ends a word of SKILL.md's text that may name a file. A
/// `match`, not a search of a string of them: it runs for every character of the text.
fn ends_a_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '`' | '"'
                | '\''
                | '('
                | ')'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | ','
                | ';'
                | ':'
                | '='
                | '!'
                | '&'
        )
}

/// Whether a word with `*` is a path pattern (`references/*.md`, `*.md`, `ref*`,
/// `**/x.md`) rather than markdown emphasis: `**Note**:` leaves the words `**Note` and
/// `**`, `*really*` one word starred at both ends.
fn looks_like_a_glob(word: &str) -> bool {
    let stars_then_letter = |text: &str| {
        let rest = text.trim_start_matches('*');
        rest.len() < text.len() && rest.starts_with(|c: char| c.is_alphanumeric())
    };
    let reversed: String = word.chars().rev().collect();
    let bold = word.starts_with("**") && stars_then_letter(word)
        || word.ends_with("**") && stars_then_letter(&reversed);
    let italic = stars_then_letter(word) && stars_then_letter(&reversed);
    !word.replace('*', "").is_empty() && !bold && !italic
}

/// A word of text as a path relative to the skill: without a sentence's closing
/// punctuation, an `@` import mark, `./`, the skill folder's variable or a `#fragment`.
/// `None` when nothing path-like is left.
fn normalize(word: &str) -> Option<&str> {
    let mut word = word.trim_end_matches(['.', ',']).trim_start_matches('@');
    if let Some(rest) = skill_dir_relative(word) {
        word = rest;
    }
    while let Some(rest) = word.strip_prefix("./") {
        word = rest;
    }
    let word = word.split('#').next().unwrap_or(word);
    (!word.is_empty() && word != "/").then_some(word)
}

/// Whether `text` names `path` as a whole path, not as part of a longer one.
pub fn mentions_path(text: &str, path: &str) -> bool {
    let is_path_char = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-');
    text.match_indices(path).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + path.len()..].chars().next();
        !before.is_some_and(is_path_char) && !after.is_some_and(|c| is_path_char(c) && c != '.')
    })
}

/// Whether a glob matches a path: `*` and `?` within one folder's name, `**` for any
/// number of folders. Both are `/`-separated and relative to the skill.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let globs: Vec<&str> = glob.split('/').filter(|part| !part.is_empty()).collect();
    let parts: Vec<&str> = path.split('/').collect();
    segments_match(&globs, &parts)
}

/// Whether the glob's segments match the path's, `**` standing for any number of
/// them. Dynamic programming over (glob segment, path segment), so that globs with
/// many `**` cost the product of the two lengths, never more.
fn segments_match(globs: &[&str], parts: &[&str]) -> bool {
    // matched[j]: the globs read so far match the first j parts.
    let mut matched = vec![false; parts.len() + 1];
    matched[0] = true;
    for glob in globs {
        let mut next = vec![false; parts.len() + 1];
        if *glob == "**" {
            let mut any = false;
            for (j, slot) in next.iter_mut().enumerate() {
                any |= matched[j];
                *slot = any;
            }
        } else {
            for j in 0..parts.len() {
                next[j + 1] = matched[j] && name_matches(glob, parts[j]);
            }
        }
        matched = next;
    }
    matched[parts.len()]
}

/// `*` and `?` wildcard matching of one name, by the usual backtracking to the last
/// star: at most the product of the two lengths.
fn name_matches(glob: &str, name: &str) -> bool {
    let glob: Vec<char> = glob.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut g, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == name[n]) {
            g += 1;
            n += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some((g, n));
            g += 1;
        } else if let Some((star_g, star_n)) = star {
            g = star_g + 1;
            n = star_n + 1;
            star = Some((star_g, star_n + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(files: &[&str]) -> Skill {
        let mut skill = Skill::new("demo");
        for file in files {
            skill.files.insert(file.to_string(), String::new());
        }
        skill
    }

    #[test]
    fn the_skill_folder_variable_is_read_in_both_spellings() {
        assert_eq!(
            skill_dir_relative("${CLAUDE_SKILL_DIR}/jobs/a.md"),
            Some("jobs/a.md")
        );
        assert_eq!(skill_dir_relative("$CLAUDE_SKILL_DIR/a.md"), Some("a.md"));
        assert_eq!(skill_dir_relative("${CLAUDE_SKILL_DIR}"), Some(""));
        assert_eq!(skill_dir_relative("${CLAUDE_SKILL_DIRS}/a.md"), None);
        assert_eq!(skill_dir_relative("${CLAUDE_PLUGIN_ROOT}/a.md"), None);
        assert_eq!(join("", "../x.md"), None);
        assert_eq!(join("refs", "../x.md").as_deref(), Some("x.md"));
    }

    #[test]
    fn globs_match_within_and_across_folders() {
        assert!(glob_matches("references/*.md", "references/api.md"));
        assert!(!glob_matches("references/*.md", "references/deep/api.md"));
        assert!(glob_matches("references/**/*.md", "references/deep/api.md"));
        assert!(glob_matches("references/**/*.md", "references/api.md"));
        assert!(glob_matches("**", "a/b/c.md"));
        assert!(glob_matches("*.md", "rollback.md"));
        assert!(!glob_matches("*.md", "refs/rollback.md"));
        assert!(glob_matches("jobs/scan-?.md", "jobs/scan-1.md"));
        assert!(!glob_matches("jobs/*.txt", "jobs/scan.md"));
        assert!(glob_matches("a*b*c", "aXXbYYc") && !glob_matches("a*b*c", "aXXbYY"));
        // Many `**` against a deep path stay cheap.
        let glob = "**/*/".repeat(200) + "x.md";
        let path = "d/".repeat(300) + "x.md";
        assert!(glob_matches(&glob, &path));
        assert!(!glob_matches(&glob, "d/x.md"));
    }

    #[test]
    fn globs_are_told_from_emphasis() {
        for glob in ["ref*", "*.md", "references/*.md", "**/x.md", "jobs/*"] {
            assert!(looks_like_a_glob(glob), "{glob}");
        }
        for emphasis in ["**", "**Note", "mode**", "*really*", "**one**", "*"] {
            assert!(!looks_like_a_glob(emphasis), "{emphasis}");
        }
    }

    #[test]
    fn skill_md_names_files_by_path_tail_folder_and_glob() {
        let tree_skill = skill(&[
            "SKILL.md",
            "deploy.md",
            "examples/deploy.md",
            "references/mermaid/class.md",
            "jobs/scan.md",
            "guides/a.md",
            "specs/deep/b.md",
            "forms.md",
        ]);
        let tree = SkillTree::new(&tree_skill);
        let text = "Read `class.md`, then follow @${CLAUDE_SKILL_DIR}/jobs/scan.md and FORMS.md.\n\
                    See deploy.md. Guides live in `guides/`; specs: `specs/**/*.md`.\n";
        let document = Document::parse("SKILL.md", text);
        let mentions = Mentions::new(&document);
        for reached in [
            "references/mermaid/class.md",
            "jobs/scan.md",
            "deploy.md",
            "guides/a.md",
            "specs/deep/b.md",
            "forms.md",
        ] {
            assert!(mentions.reach(reached, &tree), "{reached}");
        }
        // `deploy.md` names the file at the top, not the example of the same name.
        assert!(!mentions.reach("examples/deploy.md", &tree));
    }

    #[test]
    fn inline_code_is_a_skill_path_only_under_a_folder_of_the_skill() {
        let tree_skill = skill(&["SKILL.md", "branches/deploy.md", "scripts/run.sh"]);
        let tree = SkillTree::new(&tree_skill);
        let text = "Use `branches/deploy.md`, `branches/users.md`, `scripts/`, `src/main.rs`,\n\
                    `branches/<name>.md`, `scripts/run.sh --dry-run`, `branches/*.md`,\n\
                    `scripts/run.sh:12`, [`branches/x.md`](branches/x.md), `branches/notes`.\n";
        let document = Document::parse("SKILL.md", text);
        let paths: Vec<_> = named_paths(&document, &tree)
            .into_iter()
            .map(|named| named.path)
            .collect();
        assert_eq!(
            paths,
            ["branches/deploy.md", "branches/users.md", "scripts"]
        );
    }

    #[test]
    fn skill_dir_paths_are_found_outside_links_and_example_fences() {
        let text = "---\nallowed-tools: Bash(${CLAUDE_SKILL_DIR}/scripts/notify.sh *)\n---\n\
                    Run `python3 ${CLAUDE_SKILL_DIR}/scripts/a.py <file>`, then read\n\
                    @$CLAUDE_SKILL_DIR/role.md. See [job](${CLAUDE_SKILL_DIR}/jobs/x.md).\n\
                    Not `${CLAUDE_SKILL_DIR}/runs/*.json` nor ${CLAUDE_SKILL_DIR}/../shared/y.md.\n\n\
                    ```bash\nbash \"${CLAUDE_SKILL_DIR}/scripts/b.sh\"\n```\n\n\
                    ```markdown\n!`cat ${CLAUDE_SKILL_DIR}/template.ts`\n```\n";
        let document = Document::parse("SKILL.md", text);
        let tree_skill = skill(&["SKILL.md"]);
        let found: Vec<_> = named_paths(&document, &SkillTree::new(&tree_skill))
            .into_iter()
            .map(|named| (named.line, named.path, named.written))
            .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    "scripts/notify.sh".into(),
                    "${CLAUDE_SKILL_DIR}/scripts/notify.sh".into()
                ),
                (
                    4,
                    "scripts/a.py".into(),
                    "${CLAUDE_SKILL_DIR}/scripts/a.py".into()
                ),
                (5, "role.md".into(), "$CLAUDE_SKILL_DIR/role.md".into()),
                (
                    9,
                    "scripts/b.sh".into(),
                    "${CLAUDE_SKILL_DIR}/scripts/b.sh".into()
                ),
            ]
        );
    }
}
