//! Writing files without surprises (SPEC §9). Every file irsa-lint writes (`--output`,
//! `--write-baseline`, `--fix`) goes to a temp file in the destination's own directory, is
//! fsynced, and is renamed over the destination. A rename replaces the directory entry
//! itself, so a symlink or hard link planted at the destination is replaced, never written
//! through, and a reader sees either the old file or the whole new one.

use std::fs::{File, Metadata, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Temp files start with this, so a leftover one (after a kill) is easy to recognise.
pub(crate) const TEMP_PREFIX: &str = ".irsa-lint-";
/// And end with this.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// Writes `contents` to `path`, replacing whatever is there atomically: a regular file keeps
/// its mode (and owner, when allowed); a symlink is replaced by a regular file and its target
/// is left alone. The parent directory must exist. Used for `--output` and `--write-baseline`.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    // `symlink_metadata`: the attributes of a link's target are none of our business.
    let keep = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Keep::from(&meta),
        _ => Keep::default(),
    };
    Staged::new(path, contents, &keep, "out-")?.commit()
}

/// The attributes a replacement takes over from the file it replaces.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Keep {
    /// Permission bits; `None` gives a new file's usual `0666 & !umask`.
    pub mode: Option<u32>,
    /// `(uid, gid)`; `None` leaves the running user's.
    pub owner: Option<(u32, u32)>,
}

impl From<&Metadata> for Keep {
    fn from(meta: &Metadata) -> Keep {
        Keep {
            mode: Some(meta.permissions().mode() & 0o7777),
            owner: Some((meta.uid(), meta.gid())),
        }
    }
}

/// A complete, fsynced temp file waiting to be renamed over its destination. Dropping it
/// removes the temp file, so every early return and error cleans up.
pub(crate) struct Staged {
    tmp: NamedTempFile,
    dest: PathBuf,
}

impl Staged {
    /// Writes `contents` to a new temp file next to `dest`, named `.irsa-lint-<kind>XXXXXX.tmp`.
    pub(crate) fn new(dest: &Path, contents: &[u8], keep: &Keep, kind: &str) -> io::Result<Staged> {
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is not a directory",
                    dir.display()
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("directory {} does not exist", dir.display()),
                ));
            }
            Err(e) => return Err(e),
        }
        let prefix = format!("{TEMP_PREFIX}{kind}");
        let mut tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TEMP_SUFFIX)
            // A new file as `std::fs::write` would create it; a replacement is private until
            // it has the replaced file's mode, which may be narrower than the umask's.
            .permissions(Permissions::from_mode(if keep.mode.is_some() {
                0o600
            } else {
                0o666
            }))
            .tempfile_in(dir)?;
        tmp.write_all(contents)?;
        let file = tmp.as_file();
        if let Some((uid, gid)) = keep.owner {
            set_owner(file, uid, gid)?;
        }
        // After the chown, which clears set-id bits.
        if let Some(mode) = keep.mode {
            file.set_permissions(Permissions::from_mode(mode))?;
        }
        file.sync_all()?;
        Ok(Staged {
            tmp,
            dest: dest.to_path_buf(),
        })
    }

    /// Renames the temp file over the destination. On error the temp file is removed and the
    /// destination is untouched.
    pub(crate) fn commit(self) -> io::Result<()> {
        let Staged { tmp, dest } = self;
        // A failed persist hands the temp file back inside the error; dropping it deletes it.
        tmp.persist(&dest).map_err(|e| e.error)?;
        sync_parent(&dest);
        Ok(())
    }
}

/// Gives the temp file the replaced file's owner. Without the privilege to (not root, file
/// owned by someone else) the new file stays the running user's, as with any editor's save:
/// nothing breaks, the user could replace the file anyway since they can write its directory.
fn set_owner(file: &File, uid: u32, gid: u32) -> io::Result<()> {
    let now = file.metadata()?;
    if (now.uid(), now.gid()) == (uid, gid) {
        return Ok(());
    }
    match std::os::unix::fs::fchown(file, Some(uid), Some(gid)) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// Makes the rename durable. Best effort: some file systems refuse to fsync a directory, and
/// the rename has already happened.
fn sync_parent(path: &Path) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// An I/O error as a sentence for the user, without Rust's ` (os error 2)`, which says nothing
/// to them (tempfile's errors put it before ` at path …`).
pub fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    let Some(at) = text.find(" (os error ") else {
        return text;
    };
    match text[at..].find(')') {
        Some(end) => format!("{}{}", &text[..at], &text[at + end + 1..]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_messages_leave_out_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&e), "No such file or directory");
        let e = io::Error::new(
            io::ErrorKind::NotFound,
            "No such file or directory (os error 2) at path \"/x\"",
        );
        assert_eq!(io_message(&e), "No such file or directory at path \"/x\"");
    }

    fn temp_files(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("readable")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect()
    }

    #[test]
    fn replaces_a_symlink_and_not_its_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").expect("write");
        let link = dir.path().join("report.sarif");
        std::os::unix::fs::symlink(&victim, &link).expect("symlink");
        replace_file(&link, b"report").expect("replace");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
        assert!(std::fs::symlink_metadata(&link).expect("meta").is_file());
        assert_eq!(std::fs::read_to_string(&link).expect("read"), "report");
        assert!(temp_files(dir.path()).is_empty());
    }

    #[test]
    fn keeps_the_mode_of_a_regular_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).expect("chmod");
        replace_file(&path, b"new").expect("replace");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
    }

    #[test]
    fn a_missing_directory_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = replace_file(&dir.path().join("no/such/report.json"), b"x").expect_err("fails");
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn a_failed_rename_removes_the_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A non-empty directory cannot be renamed over, even by root.
        let dest = dir.path().join("occupied");
        std::fs::create_dir(&dest).expect("mkdir");
        std::fs::write(dest.join("inside"), "x").expect("write");
        assert!(replace_file(&dest, b"report").is_err());
        assert!(
            temp_files(dir.path()).is_empty(),
            "{:?}",
            temp_files(dir.path())
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("inside")).expect("read"),
            "x"
        );
    }
}
