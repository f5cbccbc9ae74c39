//! The app's Typer CLI, read from its Python source with tree-sitter's Python grammar:
//! every `@APP.command()` function, every function registered as `APP.command()(FUNCTION)`
//! (in the same file or imported from another file of the CLI), and the options their
//! parameters declare.

use tree_sitter::{Node, Parser};

use super::read::located;
use crate::located::{LocatedError, SourceFile};

/// A command of the CLI, at the line of its function's name.
#[derive(Debug)]
pub struct CliCommand {
    pub name: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub options: Vec<CliOption>,
}

/// One option of a command: every name it answers to (`--dry-run`, `--no-dry-run`, `-n`).
#[derive(Debug)]
pub struct CliOption {
    pub names: Vec<String>,
    pub line: usize,
    pub column: usize,
    pub envvar: Option<String>,
    pub prompt: bool,
    pub hide_input: bool,
}

/// What one Python file of the CLI holds: its decorated commands, its top-level
/// functions (as commands, should another line register them) and its registrations.
#[derive(Debug, Default)]
pub struct CliFile {
    pub commands: Vec<CliCommand>,
    pub functions: Vec<(String, CliCommand)>,
    pub registrations: Vec<Registration>,
}

/// `APP.command()(FUNCTION)` or `APP.command("name")(FUNCTION)`.
#[derive(Debug)]
pub struct Registration {
    /// The Python name of the registered function.
    pub function: String,
    /// The command name given in the call, if any.
    pub name: Option<String>,
}

/// The commands of the whole CLI: the decorated ones, then each registered function
/// found by its name, in the registering file first, else in the one other file that
/// defines it. A registration whose function is defined nowhere, or in several other
/// files, names no command the audit can read, and is left out.
pub fn resolve(files: Vec<CliFile>) -> Vec<CliCommand> {
    let mut by_name: std::collections::HashMap<String, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (file_index, file) in files.iter().enumerate() {
        for (function_index, (name, _)) in file.functions.iter().enumerate() {
            by_name
                .entry(name.clone())
                .or_default()
                .push((file_index, function_index));
        }
    }
    let mut picked = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for registration in &file.registrations {
            let Some(places) = by_name.get(&registration.function) else {
                continue;
            };
            let own = places.iter().find(|(index, _)| *index == file_index);
            let place = own.or(if places.len() == 1 {
                places.first()
            } else {
                None
            });
            if let Some(&place) = place {
                picked.push((place, registration.name.clone()));
            }
        }
    }
    let mut functions: Vec<Vec<Option<CliCommand>>> = Vec::with_capacity(files.len());
    let mut commands = Vec::new();
    for file in files {
        commands.extend(file.commands);
        functions.push(file.functions.into_iter().map(|(_, f)| Some(f)).collect());
    }
    for ((file_index, function_index), name) in picked {
        if let Some(mut command) = functions[file_index][function_index].take() {
            if let Some(name) = name {
                command.name = name;
            }
            commands.push(command);
        }
    }
    commands
}

/// Parses one Python file and returns what it holds of the Typer CLI.
pub fn parse(source: &SourceFile) -> Result<CliFile, LocatedError> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .map_err(|error| LocatedError::file(source.path.clone(), error.to_string()))?;
    let tree = parser
        .parse(&*source.text, None)
        .ok_or_else(|| LocatedError::file(source.path.clone(), "the Python parser gave up"))?;
    let root = tree.root_node();
    if root.has_error() {
        let bad = first_error(root).unwrap_or(root);
        let (line, column) = source.line_column(bad.start_byte());
        let what = if bad.is_missing() {
            format!("invalid Python: `{}` is missing here", bad.kind())
        } else {
            "invalid Python: the parser cannot read this".to_string()
        };
        return Err(located(source, line, column, what)
            .with_help("fix the Python here; `python -m py_compile FILE` shows the same"));
    }
    let mut file = CliFile::default();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        match node.kind() {
            "function_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let name = text(name, source).to_string();
                    file.functions
                        .push((name, function_command(node, None, source)));
                }
            }
            "expression_statement" => {
                if let Some(registration) = registration(node, source) {
                    file.registrations.push(registration);
                }
            }
            _ => {}
        }
    }
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.kind() == "decorated_definition"
            && let Some(command) = command(node, source)
        {
            file.commands.push(command);
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    Ok(file)
}

/// Whether `node` is a call of `SOMETHING.command(...)`.
fn is_command_call(node: Node<'_>, source: &SourceFile) -> bool {
    let callee = if node.kind() == "call" {
        node.child_by_field_name("function")
    } else {
        Some(node)
    };
    callee.is_some_and(|callee| {
        callee.kind() == "attribute"
            && callee
                .child_by_field_name("attribute")
                .is_some_and(|name| text(name, source) == "command")
    })
}

/// The command name given to `.command("name")` or `.command(name="name")`.
fn explicit_name(call: Node<'_>, source: &SourceFile) -> Option<String> {
    if call.kind() != "call" {
        return None;
    }
    let (positional, keywords) = arguments(call);
    positional
        .first()
        .copied()
        .or_else(|| keyword(&keywords, "name", source))
        .and_then(|node| string_value(node, source))
}

/// `APP.command(...)(FUNCTION)` as a statement.
fn registration(statement: Node<'_>, source: &SourceFile) -> Option<Registration> {
    let outer = statement.named_child(0)?;
    if outer.kind() != "call" {
        return None;
    }
    let inner = outer.child_by_field_name("function")?;
    if inner.kind() != "call" || !is_command_call(inner, source) {
        return None;
    }
    let (positional, _) = arguments(outer);
    let [function] = positional.as_slice() else {
        return None;
    };
    if function.kind() != "identifier" {
        return None;
    }
    Some(Registration {
        function: text(*function, source).to_string(),
        name: explicit_name(inner, source),
    })
}

fn first_error(root: Node<'_>) -> Option<Node<'_>> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    None
}

fn text<'a>(node: Node<'_>, source: &'a SourceFile) -> &'a str {
    let text: &'a str = &source.text;
    &text[node.byte_range()]
}

/// The value of a plain string literal (its content parts joined).
fn string_value(node: Node<'_>, source: &SourceFile) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    Some(
        node.named_children(&mut cursor)
            .filter(|child| child.kind() == "string_content")
            .map(|child| text(child, source))
            .collect(),
    )
}

/// A `@something.command(...)` decorated function, as a command.
fn command(node: Node<'_>, source: &SourceFile) -> Option<CliCommand> {
    let function = node.child_by_field_name("definition")?;
    if function.kind() != "function_definition" {
        return None;
    }
    let mut cursor = node.walk();
    let decorator_call = node
        .named_children(&mut cursor)
        .filter(|child| child.kind() == "decorator")
        .filter_map(|decorator| decorator.named_child(0))
        .find(|expression| is_command_call(*expression, source))?;
    Some(function_command(
        function,
        explicit_name(decorator_call, source),
        source,
    ))
}

/// A function as a command: its name in kebab-case (or `explicit`), at the line of
/// its name, with the options its parameters declare.
fn function_command(
    function: Node<'_>,
    explicit: Option<String>,
    source: &SourceFile,
) -> CliCommand {
    let (name, (line, column)) = match function.child_by_field_name("name") {
        Some(name_node) => (
            text(name_node, source).replace('_', "-"),
            source.line_column(name_node.start_byte()),
        ),
        None => (String::new(), source.line_column(function.start_byte())),
    };
    let mut options = Vec::new();
    if let Some(parameters) = function.child_by_field_name("parameters") {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            options.extend(option(parameter, source));
        }
    }
    CliCommand {
        name: explicit.unwrap_or(name),
        file: source.path.display().to_string(),
        line,
        column,
        options,
    }
}

/// The positional arguments and the `name=value` arguments of a call.
fn arguments(call: Node<'_>) -> (Vec<Node<'_>>, Vec<Node<'_>>) {
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    if let Some(list) = call.child_by_field_name("arguments") {
        let mut cursor = list.walk();
        for argument in list.named_children(&mut cursor) {
            match argument.kind() {
                "keyword_argument" => keywords.push(argument),
                "comment" | "list_splat" | "dictionary_splat" => {}
                _ => positional.push(argument),
            }
        }
    }
    (positional, keywords)
}

fn keyword<'t>(keywords: &[Node<'t>], name: &str, source: &SourceFile) -> Option<Node<'t>> {
    keywords.iter().find_map(|argument| {
        let key = argument.child_by_field_name("name")?;
        (text(key, source) == name)
            .then(|| argument.child_by_field_name("value"))
            .flatten()
    })
}

/// A call to `typer.Option` / `Option` (or `Argument`), with which of the two it is.
fn typer_call<'t>(node: Node<'t>, source: &SourceFile) -> Option<(Node<'t>, bool)> {
    if node.kind() != "call" {
        return None;
    }
    let callee = text(node.child_by_field_name("function")?, source);
    match callee {
        "typer.Option" | "Option" => Some((node, true)),
        "typer.Argument" | "Argument" => Some((node, false)),
        _ => None,
    }
}

/// The `typer.Option(...)` inside `Annotated[T, typer.Option(...)]`, and `T`.
fn annotated<'t>(
    annotation: Node<'t>,
    source: &SourceFile,
) -> (Option<Node<'t>>, Option<Node<'t>>) {
    let expression = if annotation.kind() == "type" {
        annotation.named_child(0)
    } else {
        Some(annotation)
    };
    let Some(expression) = expression else {
        return (None, None);
    };
    if expression.kind() == "subscript" {
        let value = expression
            .child_by_field_name("value")
            .map(|v| text(v, source));
        if matches!(
            value,
            Some("Annotated" | "typing.Annotated" | "typing_extensions.Annotated")
        ) {
            let mut cursor = expression.walk();
            let parts: Vec<Node<'t>> = expression
                .children_by_field_name("subscript", &mut cursor)
                .collect();
            let call = parts
                .iter()
                .skip(1)
                .find(|part| typer_call(**part, source).is_some())
                .copied();
            return (call, parts.first().copied());
        }
    }
    (None, Some(expression))
}

/// The option a function parameter declares, if it is one: a parameter with a default,
/// or with `typer.Option(...)` as its default or inside `Annotated[...]`.
fn option(parameter: Node<'_>, source: &SourceFile) -> Option<CliOption> {
    let (name_node, annotation, default) = match parameter.kind() {
        "default_parameter" => (
            parameter.child_by_field_name("name")?,
            None,
            parameter.child_by_field_name("value"),
        ),
        "typed_default_parameter" => (
            parameter.child_by_field_name("name")?,
            parameter.child_by_field_name("type"),
            parameter.child_by_field_name("value"),
        ),
        "typed_parameter" => (
            parameter.named_child(0)?,
            parameter.child_by_field_name("type"),
            None,
        ),
        _ => return None,
    };
    if name_node.kind() != "identifier" {
        return None;
    }
    let name = text(name_node, source);
    let (annotated_call, base_type) = annotation.map_or((None, None), |a| annotated(a, source));
    // Old style: `x: T = typer.Option(DEFAULT, "--decl", ...)`; new style: the call sits
    // in `Annotated[...]` and every positional argument is a declaration.
    let (call, skip_first) = match (default.and_then(|d| typer_call(d, source)), annotated_call) {
        (Some((call, is_option)), _) => (Some((call, is_option)), true),
        (None, Some(call)) => (typer_call(call, source), false),
        (None, None) => (None, false),
    };
    if call.is_some_and(|(_, is_option)| !is_option) {
        return None;
    }
    if call.is_none() && default.is_none() {
        // A parameter without a default is a positional argument.
        return None;
    }
    let is_bool = base_type.is_some_and(|t| text(t, source) == "bool")
        || default.is_some_and(|d| matches!(d.kind(), "true" | "false"))
        || call.is_some_and(|(call, _)| {
            arguments(call)
                .0
                .first()
                .is_some_and(|first| skip_first && matches!(first.kind(), "true" | "false"))
        });
    let mut option = CliOption {
        names: Vec::new(),
        line: 0,
        column: 0,
        envvar: None,
        prompt: false,
        hide_input: false,
    };
    (option.line, option.column) = source.line_column(name_node.start_byte());
    if let Some((call, _)) = call {
        let (positional, keywords) = arguments(call);
        for declaration in positional.iter().skip(usize::from(skip_first)) {
            if let Some(value) = string_value(*declaration, source) {
                option.names.extend(
                    value
                        .split('/')
                        .map(str::trim)
                        .filter(|part| part.starts_with('-'))
                        .map(str::to_string),
                );
            }
        }
        option.envvar = keyword(&keywords, "envvar", source).map(|node| {
            string_value(node, source).unwrap_or_else(|| text(node, source).to_string())
        });
        option.prompt = keyword(&keywords, "prompt", source)
            .is_some_and(|node| !matches!(node.kind(), "false" | "none"));
        option.hide_input =
            keyword(&keywords, "hide_input", source).is_some_and(|node| node.kind() == "true");
    }
    if option.names.is_empty() {
        let flag = name.trim_matches('_').replace('_', "-");
        option.names.push(format!("--{flag}"));
        if is_bool {
            option.names.push(format!("--no-{flag}"));
        }
    }
    Some(option)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLI: &str = r#"
import typer
from typing import Annotated

app = typer.Typer()

@app.command()
def bootstrap_superuser(
    email: str = typer.Option(..., "--email", "-e", envvar="BOOTSTRAP_SUPERUSER_EMAIL"),
    password: str = typer.Option(..., prompt=True, hide_input=True),
) -> None:
    pass

@app.command("seed-script-bank")
def seed(
    dry_run: bool = typer.Option(False),
    publish: Annotated[bool, typer.Option("--publish/--no-publish")] = True,
    slug: Annotated[str | None, typer.Option()] = None,
    limit: int = 3,
    target: str = typer.Argument(...),
    path: str,
):
    pass

def helper(x=1):
    pass
"#;

    #[test]
    fn reads_commands_and_their_options() {
        let source = SourceFile::new("cli/main.py".into(), CLI);
        let commands = parse(&source).expect("parses").commands;
        let names: Vec<_> = commands.iter().map(|c| (c.name.as_str(), c.line)).collect();
        assert_eq!(
            names,
            [("bootstrap-superuser", 8), ("seed-script-bank", 15)]
        );
        let options: Vec<Vec<&str>> = commands[0]
            .options
            .iter()
            .map(|o| o.names.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(options, [vec!["--email", "-e"], vec!["--password"]]);
        assert_eq!(
            commands[0].options[0].envvar.as_deref(),
            Some("BOOTSTRAP_SUPERUSER_EMAIL")
        );
        assert!(commands[0].options[1].prompt && commands[0].options[1].hide_input);
        let options: Vec<Vec<&str>> = commands[1]
            .options
            .iter()
            .map(|o| o.names.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            options,
            [
                vec!["--dry-run", "--no-dry-run"],
                vec!["--publish", "--no-publish"],
                vec!["--slug"],
                vec!["--limit"],
            ]
        );
    }

    #[test]
    fn registered_functions_are_commands_wherever_they_are_defined() {
        let main = SourceFile::new(
            "cli/main.py".into(),
            "import typer\nfrom cli.commands.prune import prune_artifacts\n\napp = typer.Typer()\n\ndef local(force: bool = False):\n    pass\n\napp.command()(prune_artifacts)\napp.command(\"do-local\")(local)\napp.command()(nowhere)\n",
        );
        let prune = SourceFile::new(
            "cli/commands/prune.py".into(),
            "import typer\n\ndef prune_artifacts(\n    dry_run: bool = typer.Option(False),\n) -> None:\n    pass\n\ndef unregistered(x: int = 1):\n    pass\n",
        );
        let files = vec![parse(&main).unwrap(), parse(&prune).unwrap()];
        let commands = resolve(files);
        let found: Vec<_> = commands
            .iter()
            .map(|c| (c.name.as_str(), c.file.as_str(), c.line))
            .collect();
        assert_eq!(
            found,
            [
                ("prune-artifacts", "cli/commands/prune.py", 3),
                ("do-local", "cli/main.py", 6),
            ]
        );
        let flags: Vec<_> = commands[0].options[0]
            .names
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(flags, ["--dry-run", "--no-dry-run"]);
    }

    #[test]
    fn broken_python_is_located() {
        let source = SourceFile::new("cli/main.py".into(), "import typer\n\ndef f(:\n    pass\n");
        let error = parse(&source).unwrap_err();
        assert_eq!(
            error.span.as_ref().map(|span| span.line),
            Some(3),
            "{error}"
        );
    }
}
