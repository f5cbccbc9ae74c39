//! Which skill folders a folder given to `lint` names: a skill, or a folder of skills
//! such as `.claude/skills`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::lint::SKILL_FILE;

/// The skill folders `dir` names. `dir` itself when it holds a SKILL.md; else, when
/// some of its subfolders do, each of those (in name order, hidden ones left out), so
/// that `.claude/skills` lints each skill rather than being one skill without a
/// SKILL.md; else `dir` itself, for lint to report what is wrong with it. SKILL.md is
/// matched in any case, so that a skill whose `skill.md` is misnamed is linted (and
/// told) rather than passed over.
pub fn skill_folders(dir: &Path) -> Vec<PathBuf> {
    if holds_skill_file(dir) {
        return vec![dir.to_path_buf()];
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return vec![dir.to_path_buf()];
    };
    let mut skills: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && holds_skill_file(path))
        .collect();
    if skills.is_empty() {
        return vec![dir.to_path_buf()];
    }
    skills.sort();
    skills
}

/// Whether `dir` holds a file named SKILL.md, in any case.
fn holds_skill_file(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.eq_ignore_ascii_case(SKILL_FILE))
            && entry.path().is_file()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_skills_names_each_skill_and_a_skill_names_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let skills = tmp.path().join(".claude/skills");
        for (folder, file) in [
            ("review", "SKILL.md"),
            ("deploy", "SKILL.md"),
            ("misnamed", "skill.md"),
            ("shared", "notes.md"),
            (".cache", "SKILL.md"),
        ] {
            fs::create_dir_all(skills.join(folder)).unwrap();
            fs::write(skills.join(folder).join(file), "# x\n").unwrap();
        }
        fs::write(skills.join("README.md"), "# Our skills\n").unwrap();
        let names: Vec<_> = skill_folders(&skills)
            .into_iter()
            .map(|path| path.strip_prefix(&skills).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["deploy", "misnamed", "review"]);
        assert_eq!(
            skill_folders(&skills.join("deploy")),
            [skills.join("deploy")]
        );
        // No skill inside: the folder itself, whose lint says SKILL.md is missing.
        assert_eq!(
            skill_folders(&skills.join("shared")),
            [skills.join("shared")]
        );
        let missing = tmp.path().join("missing");
        assert_eq!(skill_folders(&missing), [missing]);
    }
}
