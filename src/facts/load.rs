//! Reading `facts/*.yaml`: strict parsing with located errors, and merging the files.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_saphyr::{Location, Spanned};

use super::model::{Facts, FactsFile, Section};
use super::redact;
use crate::input::read_source;
use crate::located::{InputErrors, LocatedError, SourceFile, Span};

/// Which file each top-level key, and each branch's sections, came from, so that
/// errors found after merging can still point into the right file.
#[derive(Debug, Default)]
pub struct Origins {
    pub keys: HashMap<&'static str, SourceFile>,
    pub sections: HashMap<String, SourceFile>,
}

impl Origins {
    /// The file that defined a top-level key.
    pub fn of(&self, key: &str) -> &SourceFile {
        &self.keys[key]
    }
}

/// Turns a parser position into a span in `source`.
pub fn span_at(source: &SourceFile, location: &Location, len: usize) -> Span {
    Span {
        source: source.clone(),
        line: (location.line() as usize).max(1),
        column: (location.column() as usize).max(1),
        len,
    }
}

/// The span of a spanned scalar, covering its first line of text.
pub fn span_of(source: &SourceFile, value: &Spanned<String>) -> Span {
    let first_line = value.value.lines().next().unwrap_or("");
    span_at(source, &value.referenced, first_line.chars().count().max(1))
}

/// Reads and merges every facts file in `dir`, reporting every error found.
pub fn load_files(dir: &Path) -> Result<(Facts, Origins), InputErrors> {
    let paths = facts_paths(dir)?;
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for path in paths {
        match parse_file(&path) {
            Ok(file) => parsed.push(file),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    merge(dir, parsed)
}

fn facts_paths(dir: &Path) -> Result<Vec<PathBuf>, LocatedError> {
    let entries = fs::read_dir(dir).map_err(|error| {
        LocatedError::file(dir, format!("cannot read the facts folder: {error}")).with_help(
            "run skillgen from the project root, or pass the facts folder with --facts DIR",
        )
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| {
            LocatedError::file(dir, format!("cannot list the facts folder: {error}"))
        })?;
        let path = entry.path();
        let is_yaml = matches!(
            path.extension().and_then(|ext| ext.to_str()),
            Some("yaml" | "yml")
        );
        if is_yaml {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(
            LocatedError::file(dir, "the facts folder holds no .yaml files")
                .with_help("add the facts files, or pass the right folder with --facts DIR"),
        );
    }
    Ok(paths)
}

/// A facts file parsed, with its text kept for error reports.
struct ParsedFile {
    source: SourceFile,
    facts: FactsFile,
}

fn parse_file(path: &Path) -> Result<ParsedFile, LocatedError> {
    let text = read_source(path, path, "facts file")?;
    // A lone carriage return ends a line, as in YAML; the reader and the reports count
    // lines at `\n`, and this keeps every position where it was.
    let text = if text.contains('\r') {
        lone_carriage_returns_to_newlines(&text)
    } else {
        text
    };
    let text = text.as_str();
    // Messages show lines of the file: the values of secrets are masked in what they show.
    let masked = redact::mask_secret_values(text);
    let hidden = masked
        .as_deref()
        .map(|masked| redact::hidden_values(text, masked))
        .unwrap_or_default();
    let source = SourceFile::new(path.to_path_buf(), masked.as_deref().unwrap_or(text));
    if text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---"
    }) {
        return Err(LocatedError::file(path, "the facts file is empty")
            .with_help("add facts to it, or delete it if it is no longer needed"));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<FactsFile>(text, options) {
        Ok(facts) => Ok(ParsedFile { source, facts }),
        Err(error) => {
            let mut error = yaml_error(&source, &error);
            for value in &hidden {
                error.scrub(value);
            }
            Err(error)
        }
    }
}

/// `\r` not followed by `\n` becomes `\n`, byte for byte.
fn lone_carriage_returns_to_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A parse or type error from serde-saphyr, with the position taken out of the message
/// and put where the report shows it, and a suggestion for a misspelt key.
fn yaml_error(source: &SourceFile, error: &serde_saphyr::Error) -> LocatedError {
    let full = error.to_string();
    let full = full.lines().next().unwrap_or("invalid YAML");
    // The position goes where the report shows it. An error through an alias carries
    // " (defined at line A, column B) (used at line C, column D)"; cutting at the last
    // " at line " alone would leave "... (used" behind.
    let end = [" (defined at line ", " (used at line "]
        .iter()
        .filter_map(|marker| full.find(marker))
        .min()
        .or_else(|| full.rfind(" at line "))
        .unwrap_or(full.len());
    let message = full[..end].to_string();
    // serde-saphyr names its own setting; the user's fix is in the file.
    let message = match message.split_once(", set DuplicateKeyPolicy") {
        Some((before, _)) => before.to_string(),
        None => message,
    };
    let (message, plain_help) = crate::yaml_message::plain(&message);
    let help = crate::suggest::unknown_name_help(&message)
        .or(plain_help)
        .or_else(|| {
            message
                .starts_with("duplicate mapping key")
                .then(|| "keep one of the two entries with this key".to_string())
        });
    // A key with an invisible or look-alike character reads like the key suggested.
    let message = match message.strip_prefix("unknown field `") {
        Some(rest) => match rest.split_once('`') {
            Some((key, tail)) if !key.is_ascii() => {
                let odd: Vec<String> = key
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .map(super::placeholder::describe)
                    .collect();
                format!(
                    "unknown field `{}`{tail}; the key holds {}",
                    super::placeholder::visible(key),
                    odd.join(", ")
                )
            }
            _ => message,
        },
        None => message,
    };
    let error = match error.location() {
        Some(location) if location.line() > 0 => {
            let mut span = span_at(source, &location, 1);
            let token_len = source.text[source.offset(span.line, span.column)..]
                .find([':', '\n', '\r'])
                .unwrap_or(1);
            span.len = token_len.max(1);
            LocatedError::at(span, message, "here")
        }
        _ => LocatedError::file(source.path.clone(), message),
    };
    match help {
        Some(help) => error.with_help(help),
        None => {
            error.with_help("fix the YAML here; the README lists what each facts file may hold")
        }
    }
}

/// The span of `key:` at the start of a line, for errors about a whole top-level key.
fn top_level_key_span(source: &SourceFile, key: &str) -> Span {
    let mut line_number = 1;
    for (index, line) in source.text.lines().enumerate() {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            line_number = index + 1;
            break;
        }
    }
    Span {
        source: source.clone(),
        line: line_number,
        column: 1,
        len: key.len(),
    }
}

/// Calls `$callback!` with every top-level key of a facts file except `sections`,
/// so that merging and requiring them cannot list different keys.
macro_rules! for_each_top_level_key {
    ($callback:ident) => {
        $callback!(
            skill,
            domains,
            hosts,
            default_host,
            server_notes,
            environments,
            paths,
            files,
            compose_files,
            networks,
            containers,
            database,
            env_vars,
            env_files,
            cli,
            decisions,
            destructive_patterns
        )
    };
}

/// Puts each top-level key's value into one place; a key in two files is an error.
struct Merger {
    origins: Origins,
    errors: Vec<LocatedError>,
}

impl Merger {
    fn take<T>(
        &mut self,
        key: &'static str,
        slot: &mut Option<T>,
        value: Option<T>,
        source: &SourceFile,
    ) {
        let Some(value) = value else { return };
        if let Some(first) = self.origins.keys.get(key) {
            let first = first.path.display().to_string();
            self.errors.push(
                LocatedError::at(
                    top_level_key_span(source, key),
                    format!("`{key}` is defined twice"),
                    format!("already defined in {first}"),
                )
                .with_help(format!(
                    "keep `{key}` in one facts file; merge the two definitions"
                )),
            );
            return;
        }
        self.origins.keys.insert(key, source.clone());
        *slot = Some(value);
    }
}

fn merge(dir: &Path, files: Vec<ParsedFile>) -> Result<(Facts, Origins), InputErrors> {
    let mut merger = Merger {
        origins: Origins::default(),
        errors: Vec::new(),
    };
    let mut all = FactsFile::default();
    let mut sections: IndexMap<String, Vec<Section>> = IndexMap::new();
    for ParsedFile { source, facts } in files {
        macro_rules! take {
            ($($key:ident),*) => {
                $(merger.take(stringify!($key), &mut all.$key, facts.$key, &source);)*
            };
        }
        for_each_top_level_key!(take);
        merger.take(
            "audit_ignore",
            &mut all.audit_ignore,
            facts.audit_ignore,
            &source,
        );
        for (branch, branch_sections) in facts.sections.unwrap_or_default() {
            if let Some(first) = merger.origins.sections.get(&branch) {
                let first = first.path.display().to_string();
                merger.errors.push(
                    LocatedError::at(
                        span_at(&source, &branch_sections.referenced, branch.len()),
                        format!("the sections of branch `{branch}` are defined twice"),
                        format!("already defined in {first}"),
                    )
                    .with_help("keep each branch's sections in one facts file"),
                );
                continue;
            }
            merger
                .origins
                .sections
                .insert(branch.clone(), source.clone());
            sections.insert(branch, branch_sections.value);
        }
    }
    macro_rules! require {
        ($($key:ident),*) => {
            $(if all.$key.is_none() {
                merger.errors.push(
                    LocatedError::file(dir, format!("no facts file defines `{}`", stringify!($key)))
                        .with_help(format!(
                            "add a top-level `{}:` key to a file in the facts folder",
                            stringify!($key)
                        )),
                );
            })*
        };
    }
    for_each_top_level_key!(require);
    let FactsFile {
        skill: Some(skill),
        domains: Some(domains),
        hosts: Some(hosts),
        default_host: Some(default_host),
        server_notes: Some(server_notes),
        environments: Some(environments),
        paths: Some(paths),
        files: Some(files),
        compose_files: Some(compose_files),
        networks: Some(networks),
        containers: Some(containers),
        database: Some(database),
        env_vars: Some(env_vars),
        env_files: Some(env_files),
        cli: Some(cli),
        decisions: Some(decisions),
        destructive_patterns: Some(destructive_patterns),
        sections: _,
        audit_ignore,
    } = all
    else {
        return Err(InputErrors(merger.errors));
    };
    if !merger.errors.is_empty() {
        return Err(InputErrors(merger.errors));
    }
    let facts = Facts {
        skill: skill.value,
        domains: domains.value,
        hosts: hosts.value,
        default_host,
        server_notes: server_notes.value,
        environments: environments.value,
        paths: paths.value,
        files: files.value,
        compose_files: compose_files.value,
        networks: networks.value,
        containers: containers.value,
        database: database.value,
        env_vars: env_vars.value,
        env_files: env_files.value,
        cli: cli.value,
        decisions: decisions.value,
        destructive_patterns: destructive_patterns.value,
        sections,
        audit_ignore: audit_ignore.map(|ignore| ignore.value).unwrap_or_default(),
    };
    Ok((facts, merger.origins))
}
