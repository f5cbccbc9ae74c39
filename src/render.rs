//! Rendering the facts through the templates into a skill, in memory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value, context};

use crate::facts::Facts;
use crate::input::read_source;
use crate::located::{InputErrors, LocatedError, SourceFile, Span};
use crate::skill::Skill;

/// The template of the skill's entry file.
pub const SKILL_TEMPLATE: &str = "SKILL.md.j2";
/// Template files end in this; a branch `deploy.md` renders from `deploy.md.j2`.
pub const TEMPLATE_EXTENSION: &str = ".j2";

/// Renders every file of the skill from the templates in `template_dir`.
/// Nothing is written; any error leaves the caller with nothing half-made.
pub fn render_skill(facts: &Facts, template_dir: &Path) -> Result<Skill, InputErrors> {
    let templates = Templates::load(template_dir)?;
    let env = templates.environment()?;
    let facts_value = Value::from(Serde(facts));
    let mut skill = Skill::new(facts.skill.name.value.clone());
    let mut errors = Vec::new();

    let mut outputs = vec![(
        "SKILL.md".to_string(),
        SKILL_TEMPLATE.to_string(),
        Value::UNDEFINED,
        Value::UNDEFINED,
    )];
    for branch in &facts.skill.branches {
        let sections = facts
            .sections
            .get(&branch.key.value)
            .map(|sections| Value::from(Serde(sections)))
            .unwrap_or(Value::UNDEFINED);
        outputs.push((
            branch.file.value.clone(),
            branch
                .template
                .clone()
                .unwrap_or_else(|| format!("{}{TEMPLATE_EXTENSION}", branch.file.value)),
            Value::from(Serde(branch)),
            sections,
        ));
    }
    for (file, template_name, branch, sections) in outputs {
        let template = match env.get_template(&template_name) {
            Ok(template) => template,
            Err(_) => {
                errors.push(
                    LocatedError::file(
                        template_dir.join(&template_name),
                        format!("missing template for `{file}`"),
                    )
                    .with_help(format!(
                        "create {} (see the other templates)",
                        template_dir.join(&template_name).display()
                    )),
                );
                continue;
            }
        };
        let ctx = context! { facts => facts_value.clone(), branch => branch, sections => sections };
        let mut output = CappedOutput::default();
        match template.render_captured_to(ctx, &mut output) {
            Ok(_) => match String::from_utf8(output.bytes) {
                Ok(text) => {
                    skill.files.insert(file, tidy_markdown(&text));
                }
                Err(_) => errors.push(
                    LocatedError::file(
                        template_dir.join(&template_name),
                        "the template rendered text that is not UTF-8",
                    )
                    .with_help("fix the template, then run `skillgen generate` again"),
                ),
            },
            Err(error) => errors.push(templates.error(&error, &template_name)),
        }
    }
    if errors.is_empty() {
        Ok(skill)
    } else {
        Err(InputErrors(errors))
    }
}

/// The template files, read once and kept for error reports.
struct Templates {
    dir: PathBuf,
    sources: BTreeMap<String, SourceFile>,
}

impl Templates {
    fn load(dir: &Path) -> Result<Templates, LocatedError> {
        let entries = fs::read_dir(dir).map_err(|error| {
            LocatedError::file(dir, format!("cannot read the templates folder: {error}")).with_help(
                "run skillgen from the project root, or pass the folder with --templates DIR",
            )
        })?;
        let mut sources = BTreeMap::new();
        for entry in entries {
            let path = entry
                .map_err(|error| {
                    LocatedError::file(dir, format!("cannot list the templates folder: {error}"))
                })?
                .path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            if !name.ends_with(TEMPLATE_EXTENSION) {
                continue;
            }
            // Without a BOM, which would be copied into the rendered file before SKILL.md's `---`.
            let text = read_source(&path, &path, "template")?;
            sources.insert(name.to_string(), SourceFile::new(path.clone(), text));
        }
        Ok(Templates {
            dir: dir.to_path_buf(),
            sources,
        })
    }

    fn environment(&self) -> Result<Environment<'static>, InputErrors> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(MAX_TEMPLATE_STEPS));
        env.set_auto_escape_callback(|_| AutoEscape::None);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build();
        if let Ok(syntax) = syntax {
            env.set_syntax(syntax);
        }
        env.add_filter("ssh_quote", ssh_quote);
        env.add_filter("yaml_quote", yaml_quote);
        let mut errors = Vec::new();
        for (name, source) in &self.sources {
            if let Err(error) = env.add_template_owned(name.clone(), source.text.to_string()) {
                errors.push(self.error(&error, name));
            }
        }
        if errors.is_empty() {
            Ok(env)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// A template error pointing at the template's file and line; `rendering` is the
    /// template that was being rendered or loaded, for errors that name none.
    fn error(&self, error: &minijinja::Error, rendering: &str) -> LocatedError {
        let mut message = error
            .detail()
            .map_or_else(|| error.kind().to_string(), str::to_string);
        if let Some(source) = std::error::Error::source(error) {
            message = format!("{message}: {source}");
        }
        let mut help = "fix the template, then run `skillgen generate` again";
        match error.kind() {
            ErrorKind::OutOfFuel => {
                message = format!(
                    "the template did not finish within {MAX_TEMPLATE_STEPS} steps, a thousand times what a skill needs"
                );
                help = "look for a loop over far too many items, such as a large `range(...)`";
            }
            ErrorKind::WriteFailure => {
                message = format!(
                    "the template renders more than {} MB for one file",
                    MAX_RENDERED_BYTES >> 20
                );
                help = "look for a loop that repeats its output far too often; a skill file is a few KB";
            }
            _ => {}
        }
        let name = error.name().unwrap_or(rendering);
        let Some(source) = self.sources.get(name) else {
            return LocatedError::file(self.dir.join(name), message).with_help(help);
        };
        let (line, column, len) = match (error.range(), error.line()) {
            (Some(range), _) if range.start < source.text.len() => {
                let (line, column) = source.line_column(range.start);
                (
                    line,
                    column,
                    source.text[range.clone()].chars().count().max(1),
                )
            }
            (_, Some(line)) => (
                line,
                1,
                source
                    .text
                    .lines()
                    .nth(line.saturating_sub(1))
                    .map_or(1, |l| l.chars().count()),
            ),
            _ => return LocatedError::file(&source.path, message).with_help(help),
        };
        LocatedError::at(
            Span {
                source: source.clone(),
                line,
                column,
                len,
            },
            message,
            error.kind().to_string(),
        )
        .with_help(help)
    }
}

/// How many steps one file's template may take: real skills take a few thousand,
/// facts grown 100x about 100,000.
const MAX_TEMPLATE_STEPS: u64 = 10_000_000;

/// How many bytes one rendered file may have; the whole package may have 8 MB.
const MAX_RENDERED_BYTES: usize = 8 << 20;

/// A rendered file, refused once it passes [`MAX_RENDERED_BYTES`], so a runaway
/// template stops before it fills memory.
#[derive(Default)]
struct CappedOutput {
    bytes: Vec<u8>,
}

impl std::io::Write for CappedOutput {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + bytes.len() > MAX_RENDERED_BYTES {
            return Err(std::io::Error::other("the rendered file is too large"));
        }
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Quotes a remote script for `ssh HOST "..."`: inside double quotes the local shell
/// would expand `$`, backticks and `\`, and end the string at `"`, so each is escaped
/// and reaches the server's shell as written.
pub fn ssh_quote(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + 8);
    for c in script.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A YAML double-quoted scalar, so frontmatter values with `: ` or `#` stay one string.
pub fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Normalises rendered markdown so templates need not manage blank lines: trailing
/// spaces go, runs of blank lines outside code fences become one, headings and the
/// line after a table get the blank line markdown needs, and the file ends with
/// exactly one newline.
fn tidy_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut previous_blank = true;
    let mut previous_table_row = false;
    for line in text.lines() {
        let line = line.trim_end();
        let fence = line.trim_start().starts_with("```");
        let blank = line.is_empty();
        if !in_fence && !blank && !previous_blank {
            let table_row = line.starts_with('|');
            if line.starts_with('#')
                || (fence && !previous_blank)
                || (previous_table_row && !table_row)
            {
                out.push('\n');
            }
        }
        if fence {
            in_fence = !in_fence;
        }
        previous_table_row = !in_fence && line.starts_with('|');
        if blank && previous_blank && !in_fence {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        previous_blank = blank;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_quote_keeps_expansion_for_the_server() {
        assert_eq!(
            ssh_quote(r#"pg_dump db > ~/b/db-$(date +%F).sql"#),
            r#"pg_dump db > ~/b/db-\$(date +%F).sql"#
        );
        assert_eq!(
            ssh_quote(r#"psql -c "SELECT 1;""#),
            r#"psql -c \"SELECT 1;\""#
        );
        assert_eq!(ssh_quote(r"echo `id` \n"), r"echo \`id\` \\n");
        assert_eq!(ssh_quote("grep 'a b'"), "grep 'a b'");
    }

    #[test]
    fn tidy_collapses_blank_lines_outside_fences_only() {
        assert_eq!(
            tidy_markdown("\n# A  \n\n\n\ntext\n```\nx\n\n# c\n```\n\n\n"),
            "# A\n\ntext\n\n```\nx\n\n# c\n```\n"
        );
        assert_eq!(
            tidy_markdown("| a |\n| b |\nafter\n## H\n"),
            "| a |\n| b |\n\nafter\n\n## H\n"
        );
    }
}
