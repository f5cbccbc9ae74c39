//! Packaging a skill as `<name>.skill`: the zip Claude's skill upload takes.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::skill::{Skill, UnreadableFile};

/// The largest package Claude's upload accepts.
pub const MAX_PACKAGE_BYTES: usize = 8 * 1024 * 1024;

/// The folder packages go to by default, which the repository's `.gitignore` keeps out
/// of commits.
pub const DEFAULT_FOLDER: &str = "dist";

/// Where `skillgen package` writes a skill's package unless told: `dist/<name>.skill`.
pub fn default_path(skill_name: &str) -> PathBuf {
    PathBuf::from(DEFAULT_FOLDER).join(format!("{skill_name}.skill"))
}

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(
        "the package is {size} bytes, over the upload limit of {MAX_PACKAGE_BYTES} (8 MB); move large files out of the skill"
    )]
    TooLarge { size: usize },
    #[error("cannot build the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("cannot build the zip: {0}")]
    Io(#[from] std::io::Error),
}

/// The zip of a skill: every file under a top folder named after the skill
/// (`NAME/SKILL.md`, ...), in path order with fixed timestamps, so the same skill always
/// gives the same bytes. Symlinks out of the skill are left out.
pub fn package(skill: &Skill) -> Result<Vec<u8>, PackageError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut entries: Vec<(&str, &[u8])> = skill
        .files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_bytes()))
        .collect();
    for (path, file) in &skill.unreadable {
        if let UnreadableFile::NotUtf8 { bytes, .. } = file {
            entries.push((path.as_str(), bytes.as_slice()));
        }
    }
    entries.sort_by_key(|(path, _)| *path);
    for (path, bytes) in entries {
        zip.start_file(format!("{}/{path}", skill.name), options)?;
        zip.write_all(bytes)?;
    }
    let bytes = zip.finish()?.into_inner();
    if bytes.len() > MAX_PACKAGE_BYTES {
        return Err(PackageError::TooLarge { size: bytes.len() });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sit_under_the_skill_folder_and_the_bytes_are_stable() {
        let mut skill = Skill::new("demo");
        skill
            .files
            .insert("SKILL.md".into(), "---\nname: demo\n---\n".into());
        skill.files.insert("refs/a.md".into(), "# A\n".into());
        let bytes = package(&skill).expect("package");
        assert_eq!(bytes, package(&skill).expect("package"));
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let names: Vec<String> = (0..archive.len())
            .map(|i| {
                archive
                    .by_index(i)
                    .expect("entry")
                    .name()
                    .expect("name")
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["demo/SKILL.md", "demo/refs/a.md"]);
    }

    #[test]
    fn a_package_over_8_mb_is_refused() {
        let mut skill = Skill::new("big");
        // Random bytes do not compress below the limit.
        let mut state = 1u64;
        let noise: Vec<u8> = (0..9 * 1024 * 1024)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 56) as u8
            })
            .collect();
        skill
            .files
            .insert("SKILL.md".into(), "---\nname: big\n---\n".into());
        skill.unreadable.insert(
            "assets/noise.bin".into(),
            UnreadableFile::NotUtf8 {
                valid_up_to: 0,
                bytes: noise,
            },
        );
        assert!(matches!(
            package(&skill),
            Err(PackageError::TooLarge { .. })
        ));
    }
}
