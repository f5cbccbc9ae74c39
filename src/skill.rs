//! The skill as files: one type for a rendered skill and a skill read from disk.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::input::{InputError, MAX_SKILL_FILE_BYTES, read_regular};

/// A skill folder in memory: its name and its files, by path relative to the folder.
///
/// Paths use forward slashes and never leave the folder (see [`check_relative_path`]).
/// Files that are not UTF-8 are kept apart in `unreadable`, so a linter can report them
/// instead of failing on them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skill {
    pub name: String,
    pub files: BTreeMap<String, String>,
    pub unreadable: BTreeMap<String, UnreadableFile>,
}

/// Why a file of a skill folder could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnreadableFile {
    /// The bytes are not UTF-8; `valid_up_to` is the byte offset of the first bad byte.
    NotUtf8 { valid_up_to: usize, bytes: Vec<u8> },
    /// A symlink that points outside the skill folder, or at nothing.
    OutsideLink { target: PathBuf },
    /// Not a regular file (a FIFO, a device, a socket), or one over the size limit:
    /// the reason, as "is a FIFO (named pipe), not a regular file".
    NotRead { reason: String },
}

/// A failure to read or write a skill folder.
#[derive(Debug, thiserror::Error)]
pub enum SkillError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path}: not a folder; remove or rename it so skillgen can write the skill folder there"
    )]
    NotAFolder { path: PathBuf },
    #[error(
        "`{}`: {reason}; a skill file name must be a plain relative path inside the skill folder",
        path.escape_debug()
    )]
    UnsafePath { path: String, reason: &'static str },
    #[error(
        "{path}: is a symlink; skillgen writes only real folders it owns, remove the link and run `skillgen generate` again"
    )]
    SymlinkTarget { path: PathBuf },
}

/// What writing a skill folder did besides putting the new folder in place.
#[derive(Debug, Default)]
pub struct Written {
    /// Staging folders of earlier runs that were interrupted, now removed.
    pub removed_leftovers: Vec<PathBuf>,
    /// The old copy, when it could not be removed after the new folder took its place.
    pub old_copy_left: Option<(PathBuf, io::Error)>,
}

/// The staging folder a write is filling. Each step of a write holds the lock, so
/// [`abandon_write`] runs between steps, never inside one.
static STAGING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Removes the staging folder of a write in progress, if any, and makes sure the write
/// takes no further step: for the binary to call when it is interrupted (SIGINT,
/// SIGTERM) before it exits. The skill folder is then either the old one or the new one,
/// as at any moment of a write.
pub fn abandon_write() {
    let mut staging = STAGING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(path) = staging.take() {
        let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
    }
    // The lock is kept: the caller exits while holding it.
    std::mem::forget(staging);
}

/// Writes one file so that `target` is either wholly the old file or wholly the new
/// one: the bytes go to a temporary file beside it, which then takes its place. On any
/// error, the temporary file is removed and `target` is left as it was.
pub fn write_file_atomically(target: &Path, bytes: &[u8]) -> Result<(), SkillError> {
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = target.with_file_name(format!(".{name}.new-{}", std::process::id()));
    *STAGING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(staging.clone());
    let result = step(&staging, || {
        fs::write(&staging, bytes).map_err(io_error(&staging))?;
        fs::rename(&staging, target).map_err(io_error(target))
    });
    *STAGING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

/// Runs one step of a write, unless the write was abandoned.
fn step<T>(staging: &Path, work: impl FnOnce() -> Result<T, SkillError>) -> Result<T, SkillError> {
    let guard = STAGING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if guard.as_deref() != Some(staging) {
        return Err(SkillError::Io {
            path: staging.to_path_buf(),
            source: io::Error::new(io::ErrorKind::Interrupted, "the write was abandoned"),
        });
    }
    let result = work();
    drop(guard);
    result
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> SkillError + '_ {
    move |source| SkillError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The longest file name (one path segment) file systems take, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Refuses a file name that could escape the skill folder: absolute, `..`, backslashes,
/// empty segments. Returns the reason, for the error message.
pub fn check_relative_path(path: &str) -> Result<(), SkillError> {
    let unsafe_path = |reason| {
        Err(SkillError::UnsafePath {
            path: path.to_string(),
            reason,
        })
    };
    if path.is_empty() {
        return unsafe_path("the name is empty");
    }
    if path.contains('\\') {
        return unsafe_path("contains a backslash");
    }
    if path.contains('\0') {
        return unsafe_path("contains a NUL byte");
    }
    if path.chars().any(char::is_control) {
        return unsafe_path("contains a control character such as a line break");
    }
    if path.starts_with('/') || Path::new(path).is_absolute() {
        return unsafe_path("is an absolute path");
    }
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) => {}
            Component::ParentDir => return unsafe_path("contains `..`"),
            Component::CurDir => return unsafe_path("contains `.`"),
            _ => return unsafe_path("is not a plain relative path"),
        }
    }
    if path.split('/').any(str::is_empty) {
        return unsafe_path("has an empty path segment");
    }
    if path
        .split('/')
        .any(|segment| segment.len() > MAX_NAME_BYTES)
    {
        return unsafe_path("has a name longer than 255 bytes, which file systems refuse");
    }
    Ok(())
}

impl Skill {
    pub fn new(name: impl Into<String>) -> Self {
        Skill {
            name: name.into(),
            ..Skill::default()
        }
    }

    /// Reads every file below `dir` (recursively, in sorted order). The skill's name is
    /// the folder's name. Symlinks are followed only when they stay inside the folder.
    pub fn read(dir: &Path) -> Result<Skill, SkillError> {
        let metadata = fs::metadata(dir).map_err(io_error(dir))?;
        if !metadata.is_dir() {
            return Err(SkillError::NotAFolder {
                path: dir.to_path_buf(),
            });
        }
        let root = dir.canonicalize().map_err(io_error(dir))?;
        let name = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut skill = Skill::new(name);
        read_into(&root, &root, root.clone(), "", &mut skill, &mut Vec::new())?;
        Ok(skill)
    }

    /// Writes the skill to `parent/<name>` so that the folder is either wholly the old
    /// one or wholly the new one: the files go to a temporary folder beside the target,
    /// which then takes the target's place. Files the skill no longer has disappear with
    /// the old folder. On an error the old folder is left as it was; once the new folder
    /// is in place, a failure to remove the old copy is reported in [`Written`], not as
    /// an error.
    pub fn write_atomically(&self, parent: &Path) -> Result<Written, SkillError> {
        check_relative_path(&self.name)?;
        if self.name.contains('/') {
            return Err(SkillError::UnsafePath {
                path: self.name.clone(),
                reason: "a skill name must not contain `/`",
            });
        }
        for path in self.files.keys() {
            check_relative_path(path)?;
        }
        match fs::symlink_metadata(parent) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(SkillError::SymlinkTarget {
                    path: parent.to_path_buf(),
                });
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(SkillError::NotAFolder {
                    path: parent.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            Err(err) => return Err(io_error(parent)(err)),
        }
        let target = parent.join(&self.name);
        let target_exists = match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(SkillError::SymlinkTarget { path: target });
            }
            Ok(meta) if !meta.is_dir() => return Err(SkillError::NotAFolder { path: target }),
            Ok(_) => true,
            Err(err) if err.kind() == io::ErrorKind::NotFound => false,
            Err(err) => return Err(io_error(&target)(err)),
        };

        let mut written = Written {
            removed_leftovers: remove_stale_staging(parent, &self.name),
            old_copy_left: None,
        };
        let staging = parent.join(format!(".{}.new-{}", self.name, std::process::id()));
        let aside = parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        *STAGING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(staging.clone());
        let result = self.write_files(&staging).and_then(|()| {
            step(&staging, || {
                swap_into_place(&staging, &target, target_exists, &aside)
            })
        });
        let mut slot = STAGING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = None;
        drop(slot);
        match result {
            Ok(None) => Ok(written),
            Ok(Some(left)) => {
                written.old_copy_left = Some(left);
                Ok(written)
            }
            Err(error) => {
                // The staging folder is ours alone and never the target.
                let _ = fs::remove_dir_all(&staging);
                Err(error)
            }
        }
    }

    fn write_files(&self, staging: &Path) -> Result<(), SkillError> {
        step(staging, || {
            if staging.exists() {
                fs::remove_dir_all(staging).map_err(io_error(staging))?;
            }
            fs::create_dir(staging).map_err(io_error(staging))
        })?;
        for (relative, text) in &self.files {
            step(staging, || {
                let path = staging.join(relative);
                if let Some(folder) = path.parent() {
                    fs::create_dir_all(folder).map_err(io_error(folder))?;
                }
                fs::write(&path, text).map_err(io_error(&path))?;
                let file = fs::File::open(&path).map_err(io_error(&path))?;
                file.sync_all().map_err(io_error(&path))
            })?;
        }
        Ok(())
    }
}

/// Puts `staging` where `target` is. With an existing target the two are exchanged in
/// one step (Linux `renameat2(RENAME_EXCHANGE)`), then the old folder, now at
/// `staging`, is removed. Where the exchange is not supported, the old folder is first
/// moved aside, which leaves a short window with no target at all but never a mix.
/// Once the new folder is in place, an old copy that cannot be removed is returned
/// with why, not as an error.
fn swap_into_place(
    staging: &Path,
    target: &Path,
    target_exists: bool,
    aside: &Path,
) -> Result<Option<(PathBuf, io::Error)>, SkillError> {
    if !target_exists {
        return fs::rename(staging, target)
            .map(|()| None)
            .map_err(io_error(target));
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        staging,
        rustix::fs::CWD,
        target,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    let old = match exchanged {
        Ok(()) => staging,
        Err(_) => {
            fs::rename(target, aside).map_err(io_error(target))?;
            if let Err(err) = fs::rename(staging, target) {
                let _ = fs::rename(aside, target);
                return Err(io_error(target)(err));
            }
            aside
        }
    };
    Ok(fs::remove_dir_all(old)
        .err()
        .map(|error| (old.to_path_buf(), error)))
}

/// Removes the staging and set-aside folders of runs that were killed before they
/// cleaned up, and returns them. Their names carry the writer's process id; a folder
/// whose process is gone belongs to no one, while a running `generate`'s folder is
/// left alone. Every write does this; a run that finds nothing to write calls it itself.
pub fn remove_stale_staging(parent: &Path, name: &str) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return removed;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|file_name| {
            prefixes
                .iter()
                .find_map(|prefix| file_name.strip_prefix(prefix.as_str()))
        }) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id()
            && !process_may_exist(pid)
            && fs::remove_dir_all(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}

/// Whether a process may still be running. Without `/proc` there is no telling, and
/// the folder is kept.
fn process_may_exist(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Reads the folder `dir`, whose real path (symlinks resolved) is `real_dir`.
fn read_into(
    root: &Path,
    dir: &Path,
    real_dir: PathBuf,
    prefix: &str,
    skill: &mut Skill,
    visiting: &mut Vec<PathBuf>,
) -> Result<(), SkillError> {
    if visiting.contains(&real_dir) {
        return Ok(()); // a symlink loop back into a folder being read
    }
    visiting.push(real_dir);
    let mut entries = fs::read_dir(dir)
        .map_err(io_error(dir))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_error(dir))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let file_type = entry.file_type().map_err(io_error(&path))?;
        // A folder's real path is its parent's real path and its name, unless it is a
        // symlink: only those are resolved, which spares lint a realpath per folder.
        let (resolved, real) = if file_type.is_symlink() {
            match path.canonicalize() {
                Ok(real) if real.starts_with(root) => (real.clone(), real),
                Ok(real) => {
                    skill
                        .unreadable
                        .insert(relative, UnreadableFile::OutsideLink { target: real });
                    continue;
                }
                Err(_) => {
                    let target = fs::read_link(&path).unwrap_or_default();
                    skill
                        .unreadable
                        .insert(relative, UnreadableFile::OutsideLink { target });
                    continue;
                }
            }
        } else {
            let real = visiting
                .last()
                .map_or_else(|| path.clone(), |parent| parent.join(entry.file_name()));
            (path.clone(), real)
        };
        let is_dir = if file_type.is_symlink() {
            resolved.is_dir()
        } else {
            file_type.is_dir()
        };
        if is_dir {
            read_into(
                root,
                &resolved,
                real,
                &format!("{relative}/"),
                skill,
                visiting,
            )?;
        } else {
            let bytes = match read_regular(&resolved, MAX_SKILL_FILE_BYTES) {
                Ok(bytes) => bytes,
                Err(InputError::Io(source)) => return Err(SkillError::Io { path, source }),
                Err(error) => {
                    let reason = error.to_string();
                    skill
                        .unreadable
                        .insert(relative, UnreadableFile::NotRead { reason });
                    continue;
                }
            };
            match String::from_utf8(bytes) {
                Ok(text) => {
                    skill.files.insert(relative, text);
                }
                Err(err) => {
                    let valid_up_to = err.utf8_error().valid_up_to();
                    skill.unreadable.insert(
                        relative,
                        UnreadableFile::NotUtf8 {
                            valid_up_to,
                            bytes: err.into_bytes(),
                        },
                    );
                }
            }
        }
    }
    visiting.pop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in [
            "",
            "../x.md",
            "a/../../x.md",
            "/etc/passwd",
            "a\\b.md",
            "a//b.md",
            "./a.md",
        ] {
            assert!(
                check_relative_path(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        for good in ["deploy.md", "references/deploy.md", "a.b-c_d.md"] {
            assert!(check_relative_path(good).is_ok(), "{good:?} should pass");
        }
    }

    #[test]
    fn write_replaces_the_folder_and_drops_stray_files() {
        let tmp = tempfile::tempdir().unwrap();
        let mut skill = Skill::new("demo");
        skill.files.insert("SKILL.md".into(), "one\n".into());
        skill.files.insert("old.md".into(), "old\n".into());
        skill.write_atomically(tmp.path()).unwrap();
        skill.files.remove("old.md");
        skill.files.insert("SKILL.md".into(), "two\n".into());
        skill.write_atomically(tmp.path()).unwrap();

        let read = Skill::read(&tmp.path().join("demo")).unwrap();
        assert_eq!(read.files, skill.files);
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder may be left behind");
    }

    #[test]
    fn a_file_write_that_fails_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A non-empty folder where the file should go: the final rename fails.
        let target = dir.path().join("demo.skill");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), "x").unwrap();
        assert!(write_file_atomically(&target, b"zip").is_err());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["demo.skill"]);
        assert_eq!(fs::read_to_string(target.join("keep")).unwrap(), "x");
        let file = dir.path().join("ok.skill");
        write_file_atomically(&file, b"zip").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"zip");
    }

    #[test]
    fn reading_keeps_non_utf8_files_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("SKILL.md"), "ok\n").unwrap();
        fs::write(dir.join("bad.md"), b"ok \xff\xfe").unwrap();
        let skill = Skill::read(&dir).unwrap();
        assert_eq!(skill.name, "demo");
        assert!(skill.files.contains_key("SKILL.md"));
        assert!(matches!(
            skill.unreadable.get("bad.md"),
            Some(UnreadableFile::NotUtf8 { valid_up_to: 3, .. })
        ));
    }
}
