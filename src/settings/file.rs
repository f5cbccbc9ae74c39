//! The repository's lint settings file as it is written: `skillgen.toml`, or the
//! `[tool.skillgen]` table of `pyproject.toml`, parsed strictly, with every error
//! located in the file, and its JSON Schema.

use std::collections::BTreeMap;
use std::ops::Range;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use toml::Spanned;

use crate::lint::{self, RuleLevel};
use crate::located::{InputErrors, LocatedError, SourceFile, Span};

/// The name of the settings file of its own.
pub const SETTINGS_FILE: &str = "skillgen.toml";

/// The Python project file whose `[tool.skillgen]` table may hold the same settings.
pub const PYPROJECT_FILE: &str = "pyproject.toml";

/// The lint settings of the skills in a repository. In `skillgen.toml` they are the
/// whole file; in `pyproject.toml`, the `[tool.skillgen]` table. Every key may be left
/// out.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "skillgen.toml",
    description = "Lint settings for the Claude skills of a repository: skillgen.toml, or [tool.skillgen] in pyproject.toml. The nearest such file above a skill folder applies to it; command-line flags win over it."
)]
pub struct RawSettings {
    /// The ssh host aliases a skill's commands may run through, added to those the
    /// facts define (`--hosts` replaces both).
    pub hosts: Option<Vec<String>>,
    /// Rules by name, each `off` (it does not run), `warning` or `error` (every
    /// finding of the rule at that severity).
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    pub rules: IndexMap<Spanned<String>, Level>,
    /// Budgets of the skill's files.
    pub budgets: Option<Budgets>,
}

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl From<Level> for RuleLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Off => RuleLevel::Off,
            Level::Warning => RuleLevel::Warning,
            Level::Error => RuleLevel::Error,
        }
    }
}

/// Budgets of the skill's files: their lines, and the tokens of SKILL.md's body.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Budgets {
    /// The most lines SKILL.md may have (default 500).
    pub skill_md_lines: Option<usize>,
    /// The most tokens SKILL.md's body may have, about four characters each (default
    /// 5000; the `skill-tokens` rule).
    pub skill_md_tokens: Option<usize>,
    /// The most lines every other markdown file may have (default: no limit).
    pub max_lines: Option<usize>,
    /// The fewest lines every markdown file must have (default: none).
    pub min_lines: Option<usize>,
    /// Budgets of single files, by path relative to the skill folder
    /// (`references/api.md`); they replace the ones above for that file.
    #[serde(default)]
    pub files: BTreeMap<String, FileBudget>,
}

/// The budget of one file.
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileBudget {
    /// The most lines it may have.
    pub max_lines: Option<usize>,
    /// The fewest lines it must have.
    pub min_lines: Option<usize>,
}

/// Where the settings are in a file: the whole of `skillgen.toml`, or a table of
/// `pyproject.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    WholeFile,
    ToolTable,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    skillgen: Option<RawSettings>,
}

/// The settings in `source`, or `None` for a `pyproject.toml` without a
/// `[tool.skillgen]` table. A TOML error, an unknown key or value, and every rule name
/// that is no rule are errors at their place in the file.
pub fn parse(source: &SourceFile, place: Place) -> Result<Option<RawSettings>, InputErrors> {
    let parsed = match place {
        Place::WholeFile => toml::from_str::<RawSettings>(&source.text).map(Some),
        Place::ToolTable => toml::from_str::<Pyproject>(&source.text)
            .map(|project| project.tool.and_then(|tool| tool.skillgen)),
    };
    let parsed = parsed.map_err(|error| {
        let message = error.message().trim().to_string();
        let help = crate::suggest::unknown_name_help(&message).unwrap_or_else(|| {
            "fix the TOML here; the README's \"Lint settings\" lists the keys".to_string()
        });
        let span = error.span().unwrap_or(0..0);
        InputErrors(vec![
            at(source, span, format!("not valid lint settings: {message}")).with_help(help),
        ])
    })?;
    let mut settings = parsed;
    if let Some(settings) = &mut settings {
        // toml hands the table over sorted by name; keep the file's order.
        settings
            .rules
            .sort_by(|a, _, b, _| a.span().start.cmp(&b.span().start));
        let unknown: Vec<LocatedError> = settings
            .rules
            .keys()
            .filter_map(|name| {
                let problem = lint::rule_named(name.get_ref()).err()?;
                Some(at(source, name.span(), problem).with_help(
                    "`skillgen rules` lists every rule; a rule's name is the same in every setting",
                ))
            })
            .collect();
        if !unknown.is_empty() {
            return Err(InputErrors(unknown));
        }
    }
    Ok(settings)
}

/// An error at a byte range of `source`, marked on its first line.
fn at(source: &SourceFile, span: Range<usize>, message: impl Into<String>) -> LocatedError {
    let (line, column) = source.line_column(span.start);
    let text = source.text.get(span).unwrap_or_default();
    let len = text.lines().next().map_or(1, |first| first.chars().count());
    LocatedError::at(
        Span {
            source: source.clone(),
            line,
            column,
            len: len.max(1),
        },
        message,
        "here",
    )
}

/// The JSON Schema of `skillgen.toml` (and of `[tool.skillgen]`), for editors.
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(RawSettings).to_value();
    without_null(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Takes `null` out of every type: TOML has none, an optional key is one left out.
fn without_null(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let mut pending = vec![schema];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::Array(types)) = object.get_mut("type") {
                    types.retain(|kind| kind != "null");
                    if let [only] = types.as_slice() {
                        let only = only.clone();
                        object.insert("type".into(), only);
                    }
                }
                if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
                    choices.retain(|choice| choice.get("type").is_none_or(|kind| kind != "null"));
                    if let [only] = choices.as_slice() {
                        let only = only.clone();
                        object.remove("anyOf");
                        if let Value::Object(only) = only {
                            object.extend(only);
                        }
                    }
                }
                pending.extend(object.values_mut());
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// `rules`: one property per lint rule, with its summary and default, so that an
/// editor completes rule names and flags one that is no rule.
fn rules_schema(_: &mut SchemaGenerator) -> Schema {
    let properties: serde_json::Map<String, serde_json::Value> = lint::RULES
        .iter()
        .map(|rule| {
            let property = serde_json::json!({
                "description": format!("{} (default: {})", rule.summary, rule.severity),
                "type": "string",
                "enum": ["off", "warning", "error"],
            });
            (rule.name.to_string(), property)
        })
        .collect();
    schemars::json_schema!({
        "description": "Rules by name, each `off` (it does not run), `warning` or `error` (every finding of the rule at that severity).",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::new("skillgen.toml".into(), text)
    }

    #[test]
    fn reads_every_key() {
        let text = "hosts = [\"prod\"]\n\n[rules]\nfence-language = \"off\"\nline-budget = \"error\"\n\n[budgets]\nskill-md-lines = 300\nmax-lines = 150\nmin-lines = 3\n\n[budgets.files.\"references/api.md\"]\nmax-lines = 400\n";
        let settings = parse(&source(text), Place::WholeFile).unwrap().unwrap();
        assert_eq!(settings.hosts, Some(vec!["prod".to_string()]));
        let rules: Vec<_> = settings
            .rules
            .iter()
            .map(|(name, level)| (name.get_ref().as_str(), *level))
            .collect();
        assert_eq!(
            rules,
            [
                ("fence-language", Level::Off),
                ("line-budget", Level::Error)
            ]
        );
        let budgets = settings.budgets.unwrap();
        assert_eq!(budgets.skill_md_lines, Some(300));
        assert_eq!(budgets.files["references/api.md"].max_lines, Some(400));
    }

    #[test]
    fn every_unknown_rule_name_is_located_with_the_nearest() {
        let text = "[rules]\nfence-langauge = \"off\"\nbroken-link = \"warning\"\nbroken-ancor = \"off\"\n";
        let errors = parse(&source(text), Place::WholeFile).unwrap_err().0;
        let found: Vec<_> = errors
            .iter()
            .map(|error| (error.location(), error.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "skillgen.toml:2:1".to_string(),
                    "no lint rule named `fence-langauge`; did you mean `fence-language`?"
                ),
                (
                    "skillgen.toml:4:1".to_string(),
                    "no lint rule named `broken-ancor`; did you mean `broken-anchor`?"
                )
            ]
        );
    }

    #[test]
    fn unknown_keys_and_values_suggest_the_nearest() {
        let errors = parse(&source("[budgets]\nskill-lines = 3\n"), Place::WholeFile)
            .unwrap_err()
            .0;
        assert_eq!(errors[0].location(), "skillgen.toml:2:1", "{}", errors[0]);
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `skill-md-lines`?")
        );
        let errors = parse(
            &source("[rules]\nbroken-link = \"warn\"\n"),
            Place::WholeFile,
        )
        .unwrap_err()
        .0;
        assert_eq!(errors[0].location(), "skillgen.toml:2:15", "{}", errors[0]);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `warning`?"));
    }

    #[test]
    fn a_pyproject_holds_them_under_tool_skillgen_or_not_at_all() {
        let text = "[project]\nname = \"app\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.skillgen.rules]\nfence-language = \"off\"\n";
        let pyproject = SourceFile::new("pyproject.toml".into(), text);
        let settings = parse(&pyproject, Place::ToolTable).unwrap().unwrap();
        assert_eq!(settings.rules.len(), 1);
        let other = SourceFile::new("pyproject.toml".into(), "[tool.ruff]\nx = 1\n");
        assert!(parse(&other, Place::ToolTable).unwrap().is_none());
        let typo = SourceFile::new(
            "pyproject.toml".into(),
            "[project]\nname = \"app\"\n\n[tool.skillgen]\nhost = [\"prod\"]\n",
        );
        let errors = parse(&typo, Place::ToolTable).unwrap_err().0;
        assert_eq!(errors[0].location(), "pyproject.toml:5:1", "{}", errors[0]);
    }
}
