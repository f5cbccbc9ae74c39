//! `skillgen init`: a new skill project (facts, templates, schema, README section)
//! whose first `skillgen check` passes once it has been generated.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The files of a new project: path, and text with `NAME` standing for the skill name.
const FILES: &[(&str, &str)] = &[
    ("facts/skill.yaml", include_str!("scaffold/skill.yaml")),
    (
        "facts/infrastructure.yaml",
        include_str!("scaffold/infrastructure.yaml"),
    ),
    ("facts/app.yaml", include_str!("scaffold/app.yaml")),
    (
        "facts/operations.yaml",
        include_str!("scaffold/operations.yaml"),
    ),
    (
        "templates/SKILL.md.j2",
        include_str!("scaffold/SKILL.md.j2"),
    ),
    // The same shared macros and plain branch template this project uses.
    (
        "templates/macros.j2",
        include_str!("../templates/macros.j2"),
    ),
    (
        "templates/branch.md.j2",
        include_str!("../templates/branch.md.j2"),
    ),
];

/// Where the schema goes, relative to the project; facts files point at it.
pub const SCHEMA_PATH: &str = "schema/facts.schema.json";

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{name}` is not a valid skill name: {reason}")]
    BadName { name: String, reason: &'static str },
    #[error("{path} already exists; init writes only into a new project, so pick an empty folder")]
    Exists { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Checks a skill name the way the Agent Skills format does: 1-64 characters of
/// lowercase letters, digits and single hyphens, without the reserved words.
pub fn check_name(name: &str) -> Result<(), ScaffoldError> {
    let bad = |reason| ScaffoldError::BadName {
        name: name.to_string(),
        reason,
    };
    if name.is_empty() || name.len() > 64 {
        return Err(bad("it must have 1 to 64 characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(bad("use lowercase letters, digits and hyphens only"));
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Err(bad("hyphens may not start or end it, nor come in pairs"));
    }
    if name.contains("anthropic") || name.contains("claude") {
        return Err(bad("`anthropic` and `claude` are reserved"));
    }
    Ok(())
}

/// What `scaffold` created in a folder, so that a later failure can take it all back.
#[derive(Debug, Default)]
pub struct Scaffolded {
    /// Files and folders it created, in the order it created them.
    created: Vec<PathBuf>,
    /// The README as it was, when there was one.
    readme_before: Option<(PathBuf, String)>,
}

impl Scaffolded {
    /// Removes everything it created and puts the README back, newest first, so a
    /// failed `init` leaves the folder as it found it.
    pub fn undo(self) {
        for path in self.created.iter().rev() {
            let _ = fs::remove_file(path).or_else(|_| fs::remove_dir(path));
        }
        if let Some((path, text)) = self.readme_before {
            let _ = fs::write(path, text);
        }
    }
}

/// Writes the facts, templates, schema and README section of a new project into `dir`.
/// Refuses when the facts or templates folder already exists. On a failure midway
/// (a full disk) it takes back what it wrote before returning the error.
pub fn scaffold(dir: &Path, name: &str, schema: &str) -> Result<Scaffolded, ScaffoldError> {
    check_name(name)?;
    for folder in ["facts", "templates", "skill-out"] {
        let path = dir.join(folder);
        if path.exists() {
            return Err(ScaffoldError::Exists { path });
        }
    }
    let mut done = Scaffolded::default();
    match write_project(dir, name, schema, &mut done) {
        Ok(()) => Ok(done),
        Err(error) => {
            done.undo();
            Err(error)
        }
    }
}

fn write_project(
    dir: &Path,
    name: &str,
    schema: &str,
    done: &mut Scaffolded,
) -> Result<(), ScaffoldError> {
    let mut files: Vec<(String, String)> = FILES
        .iter()
        .map(|(relative, text)| {
            let mut text = text.replace("NAME", name);
            if relative.ends_with(".yaml") {
                text = format!("# yaml-language-server: $schema=../{SCHEMA_PATH}\n{text}");
            }
            (relative.to_string(), text)
        })
        .collect();
    files.push((SCHEMA_PATH.to_string(), schema.to_string()));
    for (relative, text) in &files {
        write_new(&dir.join(relative), text, done)?;
    }
    let readme = dir.join("README.md");
    let before = fs::read_to_string(&readme).ok();
    let mut text = before.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&readme_section(name));
    match before {
        Some(before) => {
            done.readme_before = Some((readme.clone(), before));
            fs::write(&readme, text).map_err(io_error(&readme))
        }
        None => write_new(&readme, &text, done),
    }
}

/// Writes a new file, creating its folders, and records what it created.
fn write_new(path: &Path, text: &str, done: &mut Scaffolded) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        let mut missing: Vec<&Path> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .collect();
        missing.reverse();
        for folder in missing {
            fs::create_dir(folder).map_err(io_error(folder))?;
            done.created.push(folder.to_path_buf());
        }
    }
    // Recorded before writing: a write that fails midway leaves a partial file.
    done.created.push(path.to_path_buf());
    fs::write(path, text).map_err(io_error(path))
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn readme_section(name: &str) -> String {
    format!(
        "## The `{name}` skill\n\n\
The skill in `skill-out/{name}/` is generated by [skillgen] from the\n\
facts in `facts/` and the templates in `templates/`; never edit it by hand.\n\n\
- Change a fact, then run `skillgen generate` and commit the facts with `skill-out/`.\n\
- `skillgen check` (run it in CI) fails with a diff when `skill-out/` no longer matches.\n\
- `skillgen lint` checks the skill; `skillgen rules` lists the rules.\n\
- Editors complete and validate the facts from `{SCHEMA_PATH}`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_agent_skills_rules() {
        assert!(check_name("team-ops").is_ok());
        assert!(check_name("Team").is_err());
        assert!(check_name("-ops").is_err());
        assert!(check_name("a--b").is_err());
        assert!(check_name("claude-helper").is_err());
        assert!(check_name("").is_err());
    }

    #[test]
    fn a_write_that_fails_midway_takes_back_everything_init_wrote() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "# Mine\n").unwrap();
        // A file where the schema folder must go: the schema write fails after the
        // facts and templates were written.
        std::fs::write(dir.path().join("schema"), "in the way").unwrap();
        assert!(matches!(
            scaffold(dir.path(), "demo-ops", "{}"),
            Err(ScaffoldError::Io { .. })
        ));
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["README.md", "schema"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
            "# Mine\n"
        );
        let fresh = dir.path().join("fresh");
        scaffold(&fresh, "demo-ops", "{}").unwrap().undo();
        assert!(!fresh.exists(), "undo removes the folder init made");
    }
}
