//! `destructive-unmarked`: commands that destroy data, each with a warning before it.
//! It runs on any skill with the default patterns; facts add their own.

use super::{Context, Emitter, Rule, RuleDoc};
use crate::command::ShellCommand;
use crate::command::program::{base_name, program};
use crate::diagnostic::Severity;

pub const DESTRUCTIVE_UNMARKED: Rule = Rule {
    name: "destructive-unmarked",
    severity: Severity::Error,
    summary: "a command that destroys data with no warning before it in its section",
    doc: RuleDoc {
        what: "A command containing a destructive pattern (matched ignoring case, at word \
boundaries) must have a warning before it in the same section, between the section's \
heading and the command. The patterns are the defaults (`down --volumes`, `down -v`, \
`volume rm`, `volume prune`, `system prune`, `rm -rf`, `drop database`, `drop table`, \
`drop schema`, `dropdb`, `delete from`, `truncate`, `pg_restore --clean`, `pg_restore \
-c`, `git reset --hard`, `git clean`) and the facts' `destructive_patterns`. `rm` with \
`-r` and `-f` (in any spelling) counts unless every path it removes is scratch: under \
`/tmp/` or `/var/tmp/`, in a `$TMPDIR`-like variable, or a build or cache folder \
(`node_modules`, `.venv`, `__pycache__`, `dist`, `build`, `target`, `.cache`, ...).

A warning is a blockquote that says warning, caution, danger, destructive or \
irreversible (`> **Warning:** deletes ...`, `> [!CAUTION]`), a paragraph or list item \
that opens with one of those words or a warning sign (`**Danger:** ...`, `⚠️ ...`), or a \
shell comment in the fence that says one (`# WARNING: deletes every volume`). A heading \
is not a warning.",
        why: "Claude follows a skill to the letter. A command that deletes volumes or rows \
must make the reader stop, take a backup and ask first; the warning is what makes that \
happen.",
        example: "## Full reset\n\n```bash\nssh hemma \"cd ~/apps/app && docker compose -f \
compose.prod.yaml down --volumes\"\n```",
        fix: "Put `> **Warning:** what it destroys, and what to do first.` before the \
command in its section (in facts: the section's `warning:`).",
    },
    check: check_destructive,
};

/// Command fragments that destroy data on any system, matched ignoring case.
pub const DEFAULT_DESTRUCTIVE_PATTERNS: &[&str] = &[
    "down --volumes",
    "down -v",
    "volume rm",
    "volume prune",
    "system prune",
    "rm -rf",
    "drop database",
    "drop table",
    "drop schema",
    "dropdb",
    "delete from",
    "truncate",
    "pg_restore --clean",
    "pg_restore -c",
    "git reset --hard",
    "git clean",
];

/// Folders that hold only what a build, an install or a cache makes again.
const SCRATCH_FOLDERS: &[&str] = &[
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".cache",
    ".next",
    ".nuxt",
    ".turbo",
    ".parcel-cache",
    ".svelte-kit",
    ".tox",
    ".nox",
    ".gradle",
    ".eggs",
    "dist",
    "build",
    "target",
    "coverage",
    "htmlcov",
];

fn check_destructive(context: &Context, out: &mut Emitter) {
    let mut patterns: Vec<String> = DEFAULT_DESTRUCTIVE_PATTERNS
        .iter()
        .map(|pattern| pattern.to_string())
        .collect();
    if let Some(facts) = &context.config.facts {
        for pattern in &facts.destructive_patterns {
            let pattern = pattern.to_lowercase();
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
    }
    for site in &context.commands {
        let found = site
            .effective()
            .into_iter()
            .find_map(|command| destroys(command, &patterns));
        let Some(pattern) = found else {
            continue;
        };
        if !context.warned_before(&site.file, site.command.line) {
            out.emit(
                &site.file,
                site.command.line,
                site.command.column,
                format!("`{pattern}` destroys data, and no warning precedes it in this section; add a `> **Warning:**` line before it"),
            );
        }
    }
}

/// The destructive pattern a command matches, if any. An `rm -rf` of scratch paths
/// only is not destructive, whatever the patterns say.
fn destroys<'p>(command: &ShellCommand, patterns: &'p [String]) -> Option<&'p str> {
    match removal(command) {
        Some(Removal::Scratch) => return None,
        Some(Removal::Data) => {
            let found = patterns
                .iter()
                .find(|pattern| matches!(pattern.as_str(), "rm -rf" | "rm -fr"));
            return found.map(String::as_str);
        }
        None => {}
    }
    let text = command.text.to_lowercase();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A phrase can only match where its first word is a word of the text, so most
    // patterns are ruled out by one lookup instead of a substring search each.
    let words: Vec<&str> = text
        .split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
        .collect();
    patterns
        .iter()
        .filter(
            |pattern| match pattern.split(|c: char| !is_word_char(c)).next() {
                Some(first) if !first.is_empty() => words.contains(&first),
                _ => true,
            },
        )
        .find(|pattern| contains_phrase(&text, pattern))
        .map(String::as_str)
}

/// A character a word of a destructive phrase is made of.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// What an `rm -r -f` removes.
enum Removal {
    /// Only scratch paths.
    Scratch,
    /// Anything else, or paths it reads from its input.
    Data,
}

/// For `rm` with both `-r` (or `-R`, `--recursive`) and `-f` (`--force`), in any
/// spelling (`-rf`, `-fr`, `-r -f`), what it removes; `None` for any other command.
fn removal(command: &ShellCommand) -> Option<Removal> {
    let words = &command.words;
    let found = program(words)?;
    if base_name(&words[found.index]) != "rm" {
        return None;
    }
    let (mut recursive, mut force) = (false, false);
    let mut paths = Vec::new();
    let mut options_end = false;
    for word in &words[found.index + 1..] {
        if options_end || !word.starts_with('-') || word == "-" {
            paths.push(word.as_str());
        } else if word == "--" {
            options_end = true;
        } else if let Some(long) = word.strip_prefix("--") {
            recursive |= long == "recursive";
            force |= long == "force";
        } else {
            recursive |= word.contains(['r', 'R']);
            force |= word.contains('f');
        }
    }
    if !(recursive && force) {
        return None;
    }
    let scratch = !paths.is_empty() && paths.iter().all(|path| is_scratch(path));
    Some(if scratch {
        Removal::Scratch
    } else {
        Removal::Data
    })
}

/// A path that holds nothing a build, an install or a cache does not make again.
fn is_scratch(path: &str) -> bool {
    let path = path.trim_end_matches(['/', '*']);
    if ["/tmp/", "/var/tmp/"]
        .iter()
        .any(|folder| path.starts_with(folder))
    {
        return true;
    }
    if let Some(variable) = path.strip_prefix('$') {
        let name = variable.trim_start_matches('{').to_lowercase();
        return name.starts_with("tmp") || name.starts_with("temp");
    }
    path.split('/').any(|part| {
        SCRATCH_FOLDERS.contains(&part) || (part.ends_with(".egg-info") && part.len() > 9)
    })
}

/// `phrase` in `text` at word boundaries.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse_remote;

    fn destroyed(script: &str) -> Option<String> {
        let patterns: Vec<String> = DEFAULT_DESTRUCTIVE_PATTERNS
            .iter()
            .map(|pattern| pattern.to_string())
            .collect();
        parse_remote(script, 1, 1)
            .commands
            .iter()
            .find_map(|command| destroys(command, &patterns).map(str::to_string))
    }

    #[test]
    fn phrases_match_at_word_boundaries() {
        assert!(contains_phrase(
            "docker compose down --volumes --remove-orphans",
            "down --volumes"
        ));
        assert!(!contains_phrase(
            "pdm run artifacts-prune-dry",
            "artifacts-prune"
        ));
        assert!(contains_phrase("delete from sessions", "delete from"));
        assert!(contains_phrase("dropdb skriptoteket", "dropdb"));
        assert!(!contains_phrase("docker ps --no-truncate", "truncate"));
    }

    #[test]
    fn rm_of_data_is_destructive_and_rm_of_scratch_is_not() {
        for script in [
            "rm -rf ~/apps/shop",
            "sudo rm -fr /var/lib/docker/volumes/shop_data",
            "rm -r -f uploads",
            "rm --recursive --force /srv/media",
            "find . -name '*.log' | xargs rm -rf",
            "rm -rf node_modules ~/backups",
        ] {
            assert_eq!(destroyed(script).as_deref(), Some("rm -rf"), "{script}");
        }
        for script in [
            "rm -rf node_modules",
            "rm -rf dist/ build/",
            "rm -rf /tmp/shop-build",
            "rm -rf \"$TMPDIR/shop\"",
            "rm -rf .venv __pycache__ src/shop.egg-info",
            "rm -r uploads",
            "rm -f shop.pid",
        ] {
            assert_eq!(destroyed(script), None, "{script}");
        }
        assert_eq!(
            destroyed("docker compose -f compose.yaml down -v").as_deref(),
            Some("down -v")
        );
    }
}
