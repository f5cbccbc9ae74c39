//! `pyproject.toml`: the pdm scripts (`[tool.pdm.scripts]`) in their three forms.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::read::located;
use crate::located::{LocatedError, SourceFile};

/// One pdm script, at the line of its name.
#[derive(Debug)]
pub struct PdmScript {
    pub name: String,
    pub line: usize,
    pub column: usize,
    /// The command lines it runs: its `cmd` (a list joined by spaces), `shell` or `call`.
    pub commands: Vec<String>,
    /// For `{composite = [...]}`: the scripts or commands it runs in turn.
    pub composite: Vec<String>,
    /// The variables its `env` sets.
    pub env: Vec<String>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    pdm: Option<Pdm>,
}

#[derive(Deserialize)]
struct Pdm {
    #[serde(default)]
    scripts: IndexMap<Spanned<String>, ScriptDef>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScriptDef {
    Cmd(String),
    Table(ScriptTable),
}

#[derive(Deserialize)]
struct ScriptTable {
    cmd: Option<CmdValue>,
    shell: Option<String>,
    call: Option<String>,
    composite: Option<Vec<String>>,
    #[serde(default)]
    env: IndexMap<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CmdValue {
    Line(String),
    Args(Vec<String>),
}

/// Parses `pyproject.toml` and returns its pdm scripts (none without `[tool.pdm]`).
pub fn parse(source: &SourceFile) -> Result<Vec<PdmScript>, LocatedError> {
    let project: Pyproject = toml::from_str(&source.text).map_err(|error| {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| source.line_column(span.start));
        located(
            source,
            line,
            column,
            format!("not a valid pyproject.toml: {}", error.message().trim()),
        )
        .with_help("fix the TOML here")
    })?;
    let scripts = project
        .tool
        .and_then(|tool| tool.pdm)
        .map(|pdm| pdm.scripts)
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, definition) in scripts {
        // `_` holds options shared by every script, not a script.
        if name.get_ref() == "_" {
            continue;
        }
        let (line, column) = source.line_column(name.span().start);
        let mut script = PdmScript {
            name: name.into_inner(),
            line,
            column,
            commands: Vec::new(),
            composite: Vec::new(),
            env: Vec::new(),
        };
        match definition {
            ScriptDef::Cmd(line) => script.commands.push(line),
            ScriptDef::Table(table) => {
                match table.cmd {
                    Some(CmdValue::Line(line)) => script.commands.push(line),
                    Some(CmdValue::Args(args)) => script.commands.push(args.join(" ")),
                    None => {}
                }
                script.commands.extend(table.shell);
                script.commands.extend(table.call);
                script.composite = table.composite.unwrap_or_default();
                script.env = table.env.into_keys().collect();
            }
        }
        out.push(script);
    }
    // toml hands the table over sorted by name; keep the file's order.
    out.sort_by_key(|script| script.line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms_with_their_lines() {
        let source = SourceFile::new(
            "pyproject.toml".into(),
            "[project]\nname = \"x\"\n\n[tool.pdm.scripts]\n_.env_file = \".env\"\nplain = \"python -m app.cli a\"\ntable = {cmd = [\"python\", \"-m\", \"app.cli\", \"b\"], env = {PYTHONPATH = \"src\"}}\nboth = {composite = [\"plain\", \"table\"]}\n",
        );
        let scripts = parse(&source).expect("parses");
        let names: Vec<_> = scripts.iter().map(|s| (s.name.as_str(), s.line)).collect();
        assert_eq!(names, [("plain", 6), ("table", 7), ("both", 8)]);
        assert_eq!(scripts[1].commands, ["python -m app.cli b"]);
        assert_eq!(scripts[1].env, ["PYTHONPATH"]);
        assert_eq!(scripts[2].composite, ["plain", "table"]);
    }

    #[test]
    fn broken_toml_is_located() {
        let source = SourceFile::new("pyproject.toml".into(), "[tool.pdm.scripts]\na = \n");
        let error = parse(&source).unwrap_err();
        assert_eq!(
            error.span.as_ref().map(|span| span.line),
            Some(2),
            "{error}"
        );
    }
}
