//! A throwaway copy of a project (facts, templates, skill-out) to run skillgen in: the
//! tests' own fixture project, a project `skillgen init` makes, or the committed one.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The fixture project's skill folder, as `Project::fixture()` lays it out.
pub const SKILL: &str = "skill-out/shop-ops";

/// The tests' own project: invented facts (a shop on `prod-box`), templates and the
/// skill generated from them. No change to the committed facts affects it.
pub const FIXTURE: &str = "tests/fixtures/project";

/// Repositories of hand-written skills, each with its lint settings.
pub const SETTINGS_FIXTURES: &str = "tests/fixtures/settings";

/// The tests' fixture folders.
const FIXTURES: &str = "tests/fixtures";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Project {
    pub dir: TempDir,
    root: PathBuf,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Project {
    /// A copy of the fixture project's facts, templates and generated skill: what
    /// almost every test runs on.
    pub fn fixture() -> Project {
        Project::copy_of(&repo_root().join(FIXTURE))
    }

    /// A copy of the committed facts, templates and generated skill. Only the tests in
    /// `live` use it; a test of behaviour runs on `fixture()` or `scaffold()`, so that
    /// changing a fact never means changing a test.
    pub fn copy() -> Project {
        Project::copy_of(&repo_root())
    }

    fn copy_of(source: &Path) -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        for folder in ["facts", "templates", "skill-out"] {
            copy_dir(&source.join(folder), &dir.path().join(folder));
        }
        let root = dir.path().to_path_buf();
        Project { dir, root }
    }

    /// A small project of its own, made by `skillgen init` (skill `demo-ops`), that no
    /// change to the committed facts affects.
    pub fn scaffold() -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        let output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
            .args(["init", "demo", "--name", "demo-ops"])
            .current_dir(dir.path())
            .output()
            .expect("skillgen runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let root = dir.path().join("demo");
        Project { dir, root }
    }

    /// A copy of `tests/fixtures/NAME`, a repository of hand-written skills (such as
    /// `settings/pyproject`), with a `.git` folder at its root so that the search for
    /// lint settings ends there.
    pub fn repository(name: &str) -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("repo");
        copy_dir(&repo_root().join(FIXTURES).join(name), &root);
        fs::create_dir(root.join(".git")).expect("a .git folder");
        Project { dir, root }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("readable file")
    }

    pub fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).expect("writable file");
    }

    /// Replaces `from` by `to` in a file, insisting that `from` is there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output: Output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("skillgen runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Every file under `skill-out/`, with its bytes, to prove a failed run changed nothing.
    pub fn snapshot_output(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        collect(&self.path("skill-out"), &mut files);
        files.sort();
        files
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

fn collect(dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            let bytes = fs::read(&path).expect("readable");
            files.push((path, bytes));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
