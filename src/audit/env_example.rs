//! An example env file (`.env.example*`): its variables, read with dotenvy's parser.

use super::read::located;
use crate::located::{LocatedError, SourceFile};

/// One variable of an example env file, at the line that sets it.
#[derive(Debug)]
pub struct ExampleVar {
    pub name: String,
    pub value: String,
    pub line: usize,
}

/// Parses an example env file; an error points at the line that does not parse.
pub fn parse(source: &SourceFile) -> Result<Vec<ExampleVar>, LocatedError> {
    let text: &str = &source.text;
    let mut vars = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((name, value)) => {
                let line = line_of(text, &name);
                vars.push(ExampleVar { name, value, line });
            }
            Err(dotenvy::Error::LineParse(bad, index)) => {
                let line = text
                    .lines()
                    .position(|line| !bad.is_empty() && line.contains(bad.trim_end()))
                    .map_or(1, |at| at + 1);
                let column = text
                    .lines()
                    .nth(line - 1)
                    .and_then(|line| line.find(bad.trim_end()))
                    .map_or(1, |start| start + index + 1);
                return Err(located(source, line, column, "not a valid env file line")
                    .with_help("write NAME=value, quoting a value with spaces"));
            }
            Err(error) => {
                return Err(located(
                    source,
                    1,
                    1,
                    format!("cannot read the env file: {error}"),
                ));
            }
        }
    }
    Ok(vars)
}

/// The line that sets `name`: the first whose first word, after an optional `export`, is
/// `name` followed by `=`.
fn line_of(text: &str, name: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
            line.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_values_and_lines() {
        let source = SourceFile::new(
            ".env.example".into(),
            "# comment\nA=1\n\nexport B=\"two words\"\nC='x' # note\n",
        );
        let vars: Vec<_> = parse(&source)
            .expect("parses")
            .into_iter()
            .map(|var| (var.name, var.value, var.line))
            .collect();
        assert_eq!(
            vars,
            [
                ("A".into(), "1".into(), 2),
                ("B".into(), "two words".into(), 4),
                ("C".into(), "x".into(), 5)
            ]
        );
    }

    #[test]
    fn a_bad_line_is_located() {
        let source = SourceFile::new(".env.example".into(), "A=1\nB C\n");
        let error = parse(&source).unwrap_err();
        assert_eq!(
            error.span.as_ref().map(|span| span.line),
            Some(2),
            "{error}"
        );
    }
}
