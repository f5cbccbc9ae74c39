//! `frontmatter`: SKILL.md starts with valid Agent Skills frontmatter.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE};
use crate::diagnostic::Severity;
use crate::markdown::Frontmatter;

pub const RULE: Rule = Rule {
    name: "frontmatter",
    severity: Severity::Error,
    summary: "SKILL.md frontmatter that is missing, not YAML, or breaks the Agent Skills format",
    doc: RuleDoc {
        what: "SKILL.md exists and starts with YAML frontmatter between `---` lines, parsed \
as real YAML (block scalars, quoting). Every problem is reported, not only the first. \
Each check and the source it follows:
- present and closed: Agent Skills specification (agentskills.io) and Anthropic's \
quick_validate.py;
- a YAML mapping with `name` and `description`: specification;
- no keys besides name, description, license, compatibility, metadata, allowed-tools: \
Claude's upload check (\"Unexpected key(s) in SKILL.md frontmatter\"), stricter than Claude \
Code, which accepts more. A misspelled key (`descripton`, `allowed_tools`: one edit away, or `_` for `-`) is an \
error, since Claude reads nothing from it; Claude Code's own keys and any other key are \
warnings, as Claude Code loads the skill and only the upload refuses it;
- `name` a string of 1-64 characters, only lowercase ASCII letters, digits and `-`, no \
leading, trailing or double `-`: specification, ASCII-only per Claude's upload check \
(skills-ref also accepts Unicode letters);
- `name` equals the skill folder's name: specification and skills-ref;
- `name` without the reserved words `anthropic` or `claude`: Claude's upload check (a \
warning, as Claude Code loads it);
- `description` a non-empty string of at most 1024 characters: specification (the \
reference script lets an empty one pass);
- `description` without `<` or `>`: quick_validate.py (no XML tags; a warning, as \
Claude Code loads it);
- `compatibility` a string of 1-500 characters: specification;
- `metadata` a map of strings to strings: specification;
- `license` and `allowed-tools` strings: specification (`allowed-tools` as a YAML \
list of strings is a warning: Claude Code reads it).",
        why: "The frontmatter is the only part of a skill always in Claude's context: it \
decides whether the skill triggers at all. A skill whose frontmatter breaks the format is \
rejected on upload or silently ignored, and the hand-written parsers of the reference \
validators miss block scalars and stop at the first problem.",
        example: "---\nname: Skriptoteket_DevOps\ndescription: <b>ops</b>\nmodel: opus\n---",
        fix: "Write `name` as the folder's name in lowercase kebab-case, a plain-text \
`description` saying what the skill does and when to use it, and only the six allowed keys \
(put anything else under `metadata`).",
    },
    check,
};

const ALLOWED_KEYS: &[&str] = &[
    "name",
    "description",
    "license",
    "compatibility",
    "metadata",
    "allowed-tools",
];
/// Keys Claude Code accepts beyond the Agent Skills six; claude.ai's upload refuses them,
/// so they are warnings rather than errors.
const CLAUDE_CODE_KEYS: &[&str] = &[
    "when_to_use",
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "model",
    "context",
    "agent",
    "hooks",
    "effort",
    "paths",
    "shell",
];
const RESERVED_WORDS: &[&str] = &["anthropic", "claude"];

/// The known key an unknown one misspells: the same with `_` for `-` or in another
/// case (`allowed_tools`), or one edit away (two for long keys) from a key of five
/// letters or more (`descripton`, `licence`). Custom keys that only resemble one
/// (`contact`, `mode`, `user`) are not misspellings.
fn misspelling_of(key: &str) -> Option<&'static str> {
    let normal = key.to_ascii_lowercase().replace('_', "-");
    ALLOWED_KEYS
        .iter()
        .chain(CLAUDE_CODE_KEYS)
        .copied()
        .find(|known| {
            let allowed = if known.len() >= 9 { 2 } else { 1 };
            *known == normal
                || (known.len() >= 5
                    && normal.len() >= 5
                    && strsim::damerau_levenshtein(&normal, known) <= allowed)
        })
}

fn check(context: &Context, out: &mut Emitter) {
    let Some(document) = context.documents.get(SKILL_FILE) else {
        if !context.skill.unreadable.contains_key(SKILL_FILE) {
            out.emit(
                SKILL_FILE,
                1,
                1,
                "the skill has no SKILL.md; a skill folder needs one",
            );
        }
        return;
    };
    let Some(frontmatter) = &document.frontmatter else {
        out.emit(
            SKILL_FILE,
            1,
            1,
            "SKILL.md does not start with frontmatter; its first line must be `---`",
        );
        return;
    };
    if !frontmatter.closed {
        out.emit(
            SKILL_FILE,
            frontmatter.line,
            1,
            "the frontmatter is never closed; end it with a `---` line",
        );
        return;
    }
    let Some(yaml) = &context.skill_frontmatter else {
        return;
    };
    Checker {
        frontmatter,
        folder: &context.skill.name,
        out,
    }
    .run(yaml);
}

/// SKILL.md's frontmatter read as YAML: read once, for every rule that looks at it.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontmatterYaml {
    /// A mapping of keys to values (an empty frontmatter is an empty one).
    Mapping(BTreeMap<String, Value>),
    /// YAML, but a list or a single value.
    NotMapping,
    /// Not YAML: where in the file it stops being YAML, and why.
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Reads a frontmatter block as YAML.
pub fn read_yaml(frontmatter: &Frontmatter) -> FrontmatterYaml {
    match serde_saphyr::from_str::<Value>(&frontmatter.yaml) {
        Ok(Value::Object(map)) => FrontmatterYaml::Mapping(map.into_iter().collect()),
        Ok(Value::Null) => FrontmatterYaml::Mapping(BTreeMap::new()),
        Ok(_) => FrontmatterYaml::NotMapping,
        Err(error) => {
            let (line, column) = error.location().map_or((0, 1), |at| {
                (at.line() as usize, at.column().max(1) as usize)
            });
            FrontmatterYaml::Invalid {
                line: frontmatter.line + line.max(1),
                column,
                message: yaml_message(&error.to_string()),
            }
        }
    }
}

/// The file line of a top-level key of the frontmatter (`key:`, quoted or not).
pub fn key_line(frontmatter: &Frontmatter, key: &str) -> Option<usize> {
    let forms = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
    frontmatter
        .yaml
        .lines()
        .position(|line| {
            let line = line.trim_end();
            forms.iter().any(|form| {
                line.strip_prefix(form.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
        })
        .map(|index| frontmatter.line + 1 + index)
}

struct Checker<'a, 'e> {
    frontmatter: &'a Frontmatter,
    folder: &'a str,
    out: &'a mut Emitter<'e>,
}

impl Checker<'_, '_> {
    /// Reports at the line of a top-level key, or of the opening `---`.
    fn report(&mut self, key: Option<&str>, message: String) {
        let line = self.line_of(key);
        self.out.emit(SKILL_FILE, line, 1, message);
    }

    /// A warning at a key: what only Claude's upload (claude.ai, the Skills API)
    /// refuses, since a skill in `.claude/skills` is never uploaded.
    fn upload_only(&mut self, key: Option<&str>, message: String) {
        let line = self.line_of(key);
        self.out
            .emit_with(Severity::Warning, SKILL_FILE, line, 1, message);
    }

    /// The line of a top-level key, or of the opening `---`.
    fn line_of(&self, key: Option<&str>) -> usize {
        key.and_then(|key| self.key_line(key))
            .unwrap_or(self.frontmatter.line)
    }

    fn key_line(&self, key: &str) -> Option<usize> {
        key_line(self.frontmatter, key)
    }

    fn run(&mut self, yaml: &FrontmatterYaml) {
        let map = match yaml {
            FrontmatterYaml::Mapping(map) => map,
            FrontmatterYaml::NotMapping => {
                self.report(
                    None,
                    "the frontmatter is not a YAML mapping of keys to values".into(),
                );
                return;
            }
            FrontmatterYaml::Invalid {
                line,
                column,
                message,
            } => {
                self.out.emit(
                    SKILL_FILE,
                    *line,
                    *column,
                    format!("the frontmatter is not valid YAML: {message}"),
                );
                return;
            }
        };
        for key in map.keys() {
            if CLAUDE_CODE_KEYS.contains(&key.as_str()) {
                self.upload_only(
                    Some(key),
                    format!("`{key}` is a Claude Code key: Claude Code reads it, but claude.ai and the Skills API refuse a skill that has it"),
                );
            } else if !ALLOWED_KEYS.contains(&key.as_str()) {
                match misspelling_of(key) {
                    Some(meant) => self.report(
                        Some(key),
                        format!(
                            "`{key}` is no frontmatter key, so Claude reads nothing from it; did you mean `{meant}`?"
                        ),
                    ),
                    None => self.upload_only(
                        Some(key),
                        format!(
                            "`{key}` is not an Agent Skills frontmatter key (allowed: {}): Claude Code ignores it, but claude.ai and the Skills API refuse a skill that has it; move it under `metadata`",
                            ALLOWED_KEYS.join(", ")
                        ),
                    ),
                }
            }
        }
        match map.get("name") {
            None => self.report(None, "the frontmatter has no `name`".into()),
            Some(Value::String(name)) => self.check_name(name),
            Some(other) => self.report(
                Some("name"),
                format!("`name` must be a string, not {}", kind(other)),
            ),
        }
        match map.get("description") {
            None => self.report(None, "the frontmatter has no `description`".into()),
            Some(Value::String(description)) => self.check_description(description),
            Some(other) => self.report(
                Some("description"),
                format!("`description` must be a string, not {}", kind(other)),
            ),
        }
        match map.get("compatibility") {
            None => {}
            Some(Value::String(text)) => {
                let length = text.chars().count();
                if text.trim().is_empty() || length > 500 {
                    self.report(
                        Some("compatibility"),
                        format!("`compatibility` must have 1-500 characters, it has {length}"),
                    );
                }
            }
            Some(other) => self.report(
                Some("compatibility"),
                format!("`compatibility` must be a string, not {}", kind(other)),
            ),
        }
        let tools_as_list = map
            .get("allowed-tools")
            .and_then(Value::as_array)
            .is_some_and(|tools| tools.iter().all(Value::is_string));
        if tools_as_list {
            self.upload_only(
                Some("allowed-tools"),
                "`allowed-tools` is a YAML list: Claude Code reads it, but the Agent Skills format wants one space-separated string (`Bash(git:*) Read Grep`)".into(),
            );
        }
        for key in ["license", "allowed-tools"] {
            if key == "allowed-tools" && tools_as_list {
                continue;
            }
            if let Some(value) = map.get(key).filter(|value| !value.is_string()) {
                self.report(
                    Some(key),
                    format!("`{key}` must be a string, not {}", kind(value)),
                );
            }
        }
        match map.get("metadata") {
            None => {}
            Some(Value::Object(metadata)) => {
                for (key, value) in metadata {
                    if !value.is_string() {
                        self.report(
                            Some("metadata"),
                            format!(
                                "`metadata.{key}` must be a string, not {}; quote it",
                                kind(value)
                            ),
                        );
                    }
                }
            }
            Some(other) => self.report(
                Some("metadata"),
                format!("`metadata` must be a map of strings, not {}", kind(other)),
            ),
        }
    }

    fn check_name(&mut self, name: &str) {
        let at = Some("name");
        let length = name.chars().count();
        if length == 0 || length > 64 {
            self.report(
                at,
                format!("`name` must have 1-64 characters, it has {length}"),
            );
        }
        let bad: String = name
            .chars()
            .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
            .collect();
        if !bad.is_empty() {
            self.report(
                at,
                format!(
                    "`name` may hold only lowercase letters a-z, digits and `-`; it has `{bad}`"
                ),
            );
        }
        if name.starts_with('-') || name.ends_with('-') {
            self.report(at, "`name` must not start or end with `-`".into());
        }
        if name.contains("--") {
            self.report(at, "`name` must not contain `--`".into());
        }
        let lower = name.to_lowercase();
        for word in RESERVED_WORDS {
            if lower.contains(word) {
                self.upload_only(
                    at,
                    format!("`name` contains the reserved word `{word}`: Claude Code loads the skill, but claude.ai and the Skills API refuse it"),
                );
            }
        }
        if !name.is_empty() && name != self.folder {
            self.report(
                at,
                format!(
                    "`name` is `{name}` but the skill folder is `{}`; they must be equal",
                    self.folder
                ),
            );
        }
    }

    fn check_description(&mut self, description: &str) {
        let at = Some("description");
        let length = description.chars().count();
        if description.trim().is_empty() {
            self.report(
                at,
                "`description` is empty; say what the skill does and when to use it".into(),
            );
        } else if length > 1024 {
            self.report(
                at,
                format!("`description` has {length} characters, over the limit of 1024"),
            );
        }
        if description.contains(['<', '>']) {
            self.upload_only(
                at,
                "`description` contains `<` or `>`: Claude Code loads the skill, but claude.ai's upload refuses XML tags in it".into(),
            );
        }
    }
}

/// serde-saphyr's message without its `error: line L column C:` prefix, whose
/// position is relative to the frontmatter; the finding has the file's.
fn yaml_message(text: &str) -> String {
    let first = text.lines().next().unwrap_or("invalid YAML");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains("column") => rest,
        _ => first,
    };
    match crate::yaml_message::plain(message) {
        (message, Some(help)) => format!("{message}; {help}"),
        (message, None) => message,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelled_keys_are_told_from_custom_ones() {
        for (key, meant) in [
            ("allowed_tools", "allowed-tools"),
            ("descripton", "description"),
            ("licence", "license"),
            ("Argument_Hint", "argument-hint"),
            ("compatability", "compatibility"),
        ] {
            assert_eq!(misspelling_of(key), Some(meant), "{key}");
        }
        for custom in [
            "contact",
            "namespace",
            "mode",
            "disabled",
            "user",
            "version",
            "tags",
        ] {
            assert_eq!(misspelling_of(custom), None, "{custom}");
        }
    }
    use crate::lint::{LintConfig, lint_skill};
    use crate::skill::Skill;

    fn findings(frontmatter: &str) -> Vec<(usize, String)> {
        let mut skill = Skill::new("demo");
        let text = format!("---\n{frontmatter}---\n# Demo\n");
        skill.files.insert(SKILL_FILE.into(), text);
        lint_skill(&skill, &LintConfig::default())
            .into_iter()
            .map(|finding| (finding.line, finding.message))
            .collect()
    }

    #[test]
    fn block_scalars_and_quoted_colons_are_yaml() {
        assert_eq!(
            findings("name: demo\ndescription: |\n  Does: things.\n  Use when asked.\n"),
            []
        );
        assert_eq!(
            findings("'name': demo\ndescription: \"Use when: asked\"\n"),
            []
        );
    }

    #[test]
    fn duplicate_keys_and_empty_frontmatter_are_reported() {
        let duplicate = findings("name: demo\nname: demo\ndescription: x\n");
        assert_eq!(duplicate.len(), 1, "{duplicate:?}");
        let empty = findings("");
        let messages: Vec<_> = empty.iter().map(|(_, message)| message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the frontmatter has no `description`",
                "the frontmatter has no `name`"
            ]
        );
    }

    #[test]
    fn yaml_messages_lose_their_relative_position() {
        assert_eq!(
            yaml_message("error: line 2 column 14: unclosed bracket '['"),
            "unclosed bracket '['"
        );
        assert_eq!(yaml_message("invalid type\nmore"), "invalid type");
    }
}
