//! The app's repository as typed data: its compose files, example env files, pdm
//! scripts and CLI commands, each with the file and line it came from.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::compose::{self, ComposeDoc};
use super::env_example::{self, ExampleVar};
use super::pyproject::{self, PdmScript};
use super::python_cli::{self, CliCommand};
use super::read::read_text;
use crate::located::{InputErrors, LocatedError, SourceFile};

/// One compose file of the app, by its name in the app's folder.
#[derive(Debug)]
pub struct ComposeFile {
    pub name: String,
    pub shown: String,
    pub doc: ComposeDoc,
}

/// One example env file.
#[derive(Debug)]
pub struct EnvExample {
    pub name: String,
    pub shown: String,
    pub vars: Vec<ExampleVar>,
}

/// Everything the audit reads from the app.
#[derive(Debug, Default)]
pub struct App {
    pub dir: PathBuf,
    pub compose: Vec<ComposeFile>,
    pub env_examples: Vec<EnvExample>,
    /// `pyproject.toml` as shown, when there is one.
    pub pyproject: Option<String>,
    pub pdm_scripts: Vec<PdmScript>,
    pub cli: Vec<CliCommand>,
    /// The text of every file read, by the path findings show.
    pub sources: IndexMap<String, String>,
}

/// How deep the default search for the CLI's source goes below `src/`.
const MAX_DEPTH: usize = 8;

impl App {
    /// Reads the app's folder. `cli_source` is the CLI's source (file or folder)
    /// relative to it; without it, every `cli` folder and `cli.py` under `src/`.
    /// Reports every file that does not parse, each at its line and column.
    pub fn read(dir: &Path, cli_source: Option<&str>) -> Result<App, InputErrors> {
        let entries = fs::read_dir(dir).map_err(|error| {
            LocatedError::file(dir, format!("cannot read the app's folder: {error}"))
                .with_help("pass the app repository's folder with --app DIR, or set skill.app_repo in the facts")
        })?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|kind| !kind.is_dir()))
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        let mut app = App {
            dir: dir.to_path_buf(),
            ..App::default()
        };
        let mut errors = Vec::new();
        for name in &names {
            let shown = app.shown(name);
            if is_compose_file(name) {
                match app.read_parsed(&dir.join(name), &shown, compose::parse) {
                    Ok(doc) => app.compose.push(ComposeFile {
                        name: name.clone(),
                        shown,
                        doc,
                    }),
                    Err(error) => errors.push(error),
                }
            } else if name.starts_with(".env.example") {
                match app.read_parsed(&dir.join(name), &shown, env_example::parse) {
                    Ok(vars) => app.env_examples.push(EnvExample {
                        name: name.clone(),
                        shown,
                        vars,
                    }),
                    Err(error) => errors.push(error),
                }
            } else if name == "pyproject.toml" {
                match app.read_parsed(&dir.join(name), &shown, pyproject::parse) {
                    Ok(scripts) => {
                        app.pyproject = Some(shown);
                        app.pdm_scripts = scripts;
                    }
                    Err(error) => errors.push(error),
                }
            }
        }
        match app.cli_files(cli_source) {
            Ok(files) => {
                let mut parsed = Vec::new();
                for file in files {
                    let relative = file
                        .strip_prefix(dir)
                        .unwrap_or(&file)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let shown = app.shown(&relative);
                    match read_text(&file, &shown).and_then(|source| {
                        let cli_file = python_cli::parse(&source)?;
                        Ok((source, cli_file))
                    }) {
                        Ok((source, cli_file)) => parsed.push((shown, source, cli_file)),
                        Err(error) => errors.push(error),
                    }
                }
                let (texts, cli_files): (Vec<_>, Vec<_>) = parsed
                    .into_iter()
                    .map(|(shown, source, cli_file)| ((shown, source.text), cli_file))
                    .unzip();
                app.cli = python_cli::resolve(cli_files);
                // Keep the text of the files that define a command: findings point there.
                let defining: HashSet<&str> = app
                    .cli
                    .iter()
                    .map(|command| command.file.as_str())
                    .collect();
                for (shown, text) in texts {
                    if defining.contains(shown.as_str()) {
                        app.sources.insert(shown, text.to_string());
                    }
                }
            }
            Err(error) => errors.push(error),
        }
        if errors.is_empty() {
            Ok(app)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// Reads and parses one file, keeping its text for the findings that point into it.
    fn read_parsed<T>(
        &mut self,
        path: &Path,
        shown: &str,
        parse: impl FnOnce(&SourceFile) -> Result<T, LocatedError>,
    ) -> Result<T, LocatedError> {
        let source = read_text(path, shown)?;
        let parsed = parse(&source)?;
        self.sources
            .insert(shown.to_string(), source.text.to_string());
        Ok(parsed)
    }

    /// A file of the app as findings show it: the app folder joined with its name.
    pub fn shown(&self, relative: &str) -> String {
        let dir = self.dir.to_string_lossy();
        let dir = dir.trim_end_matches('/');
        if dir.is_empty() || dir == "." {
            relative.to_string()
        } else {
            format!("{}/{relative}", dir.trim_start_matches("./"))
        }
    }

    /// The Python files of the CLI, sorted.
    fn cli_files(&self, cli_source: Option<&str>) -> Result<Vec<PathBuf>, LocatedError> {
        let mut files = Vec::new();
        match cli_source {
            Some(source) => {
                let path = self.dir.join(source);
                if path.is_file() {
                    files.push(path);
                } else if path.is_dir() {
                    python_files(&path, 0, &mut files);
                } else {
                    return Err(LocatedError::file(
                        self.shown(source),
                        "the CLI source the facts name (cli.source) does not exist in the app",
                    )
                    .with_help("fix cli.source in the facts: a file or folder relative to the app's repository"));
                }
            }
            None => find_cli_sources(&self.dir.join("src"), 0, &mut files),
        }
        files.sort();
        files.dedup();
        Ok(files)
    }
}

/// `compose*.yaml`, `compose*.yml`, `docker-compose*.yaml`, `docker-compose*.yml`.
fn is_compose_file(name: &str) -> bool {
    (name.starts_with("compose") || name.starts_with("docker-compose"))
        && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "__pycache__" || name == "node_modules"
}

/// Every `.py` file below `dir`.
fn python_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && !skipped(&name) && depth < MAX_DEPTH {
            python_files(&entry.path(), depth + 1, out);
        } else if kind.is_file() && name.ends_with(".py") {
            out.push(entry.path());
        }
    }
}

/// The Python files of every `cli` folder, and every `cli.py`, below `dir`.
fn find_cli_sources(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && !skipped(&name) && depth < MAX_DEPTH {
            if name == "cli" {
                python_files(&entry.path(), depth + 1, out);
            } else {
                find_cli_sources(&entry.path(), depth + 1, out);
            }
        } else if kind.is_file() && name == "cli.py" {
            out.push(entry.path());
        }
    }
}
