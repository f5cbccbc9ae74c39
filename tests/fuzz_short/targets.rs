//! The fuzz targets: each takes arbitrary bytes and must return without panicking.
//! Shared by the cargo-fuzz crate (`fuzz/`, libFuzzer on nightly) and the stable
//! bounded run in `tests/fuzz_short`.

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use skillgen::lint::{self, LintConfig};
use skillgen::skill::{Skill, UnreadableFile};

/// The repository root.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tests/fixtures/project").is_dir())
        .expect("the skillgen repository root")
        .to_path_buf()
}

/// The test suite's fixture project, whose facts, templates and skill the targets start
/// from: a complete set of facts that no change to the committed facts moves, so a
/// regression input picks the same file and means the same thing tomorrow.
fn fixture_root() -> PathBuf {
    repo_root().join("tests/fixtures/project")
}

/// The fixture project's facts files, sorted: the first input byte picks which one the
/// rest of the input replaces, so the fuzzer starts from, and mutates, complete facts.
pub fn facts_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixture_root().join("facts"))
        .expect("facts folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// A private copy of the facts folder for this thread, and the original texts.
struct FactsCopy {
    _dir: tempfile::TempDir,
    facts: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
}

thread_local! {
    static FACTS: RefCell<Option<FactsCopy>> = const { RefCell::new(None) };
}

fn with_facts_copy(run: impl FnOnce(&FactsCopy)) {
    FACTS.with(|cell| {
        let mut slot = cell.borrow_mut();
        let copy = slot.get_or_insert_with(|| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let facts = dir.path().join("facts");
            fs::create_dir(&facts).expect("facts copy");
            let files = facts_files()
                .into_iter()
                .map(|path| {
                    let bytes = fs::read(&path).expect("facts file");
                    let copy = facts.join(path.file_name().expect("file name"));
                    fs::write(&copy, &bytes).expect("facts copy");
                    (copy, bytes)
                })
                .collect();
            FactsCopy {
                _dir: dir,
                facts,
                files,
            }
        });
        run(copy);
    });
}

/// Facts loading (parse, merge, resolve) and, when the facts load, rendering: the first
/// byte picks a fixture facts file, the rest replaces its text.
pub fn facts(data: &[u8]) {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    with_facts_copy(|copy| {
        let index = usize::from(pick) % copy.files.len();
        let (path, original) = &copy.files[index];
        fs::write(path, text).expect("write facts file");
        let result = skillgen::facts::load(&copy.facts).and_then(|facts| {
            skillgen::render::render_skill(&facts, &fixture_root().join("templates"))
        });
        if let Err(errors) = result {
            for error in &errors.0 {
                let _ = error.render(false);
                let _ = error.to_string();
            }
        }
        fs::write(path, original).expect("restore facts file");
    });
}

/// Markdown linting and the human report: the input is split at NUL bytes into
/// SKILL.md and further files, so links between files are exercised too.
pub fn markdown(data: &[u8]) {
    let mut skill = Skill::new("fuzz-skill");
    for (index, part) in data.split(|&byte| byte == 0).enumerate().take(4) {
        let name = if index == 0 {
            "SKILL.md".to_string()
        } else {
            format!("part{index}.md")
        };
        match std::str::from_utf8(part) {
            Ok(text) => {
                skill.files.insert(name, text.to_string());
            }
            Err(error) => {
                skill.unreadable.insert(
                    name,
                    UnreadableFile::NotUtf8 {
                        valid_up_to: error.valid_up_to(),
                        bytes: part.to_vec(),
                    },
                );
            }
        }
    }
    let config = LintConfig {
        ssh_hosts: vec!["hemma".to_string(), "hemma-local".to_string()],
        ..LintConfig::default()
    };
    let findings = lint::lint_skill(&skill, &config);
    let _ = skillgen::report::human(&findings, &skill, "fuzz-skill", false);
    let _ = skillgen::report::json(&findings);
    let _ = skillgen::report::github(&findings, "fuzz-skill");
}

/// Shell command reading: the input as the text of a shell fence, and each command's
/// words through the ssh splitter. Beyond not panicking, every command and error must
/// lie inside the script, in order.
pub fn shell(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let script =
        skillgen::command::parse_script(text, skillgen::command::LOCAL_MARKER, &|l, c| (l, c));
    let lines = text.split(['\n', '\r']).count().max(1);
    let mut last = (0, 0);
    for command in &script.commands {
        assert!(command.line >= 1 && command.line <= lines, "{command:?}");
        assert!(
            (command.line, command.column) >= last,
            "commands out of order"
        );
        last = (command.line, command.column);
        let _ = skillgen::command::ssh_call(&command.words);
        for word in &command.words {
            let _ = skillgen::command::unquote(word);
        }
    }
    for error in &script.errors {
        assert!(error.line >= 1 && error.line <= lines, "{error:?}");
    }
    // The same text inside a `bash` and a `console` fence of a markdown file.
    for language in ["bash", "console"] {
        let document = skillgen::markdown::Document::parse(
            "SKILL.md",
            &format!("# T\n\n```{language}\n{text}\n```\n"),
        );
        for fence in &document.fences {
            let _ =
                skillgen::command::parse_fence(&document, fence, skillgen::command::LOCAL_MARKER);
        }
    }
}

/// Seeds for each target, from the fixture project and the lint fixtures.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let root = repo_root();
    match target {
        "facts" => facts_files()
            .iter()
            .enumerate()
            .map(|(index, path)| {
                let mut seed = vec![u8::try_from(index).unwrap_or(0)];
                seed.extend(fs::read(path).expect("facts file"));
                seed
            })
            .collect(),
        "markdown" | "shell" => {
            let mut seeds = Vec::new();
            collect_md(&fixture_root().join("skill-out"), &mut seeds);
            collect_md(&root.join("tests/lint_fixtures"), &mut seeds);
            if target == "shell" {
                seeds = seeds
                    .iter()
                    .flat_map(|text| fence_bodies(&String::from_utf8_lossy(text)))
                    .map(String::into_bytes)
                    .collect();
            }
            seeds
        }
        other => panic!("no fuzz target `{other}`"),
    }
}

fn collect_md(dir: &Path, seeds: &mut Vec<Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_md(&path, seeds);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            seeds.push(fs::read(&path).expect("markdown file"));
        }
    }
}

fn fence_bodies(text: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(body) => bodies.push(body),
                None => current = Some(String::new()),
            }
        } else if let Some(body) = &mut current {
            body.push_str(line);
            body.push('\n');
        }
    }
    bodies
}
