//! Writing fixed texts back (SPEC §6.4, §9). The scanned tree is untrusted, so a fix is only
//! written when it cannot surprise: the file is inside the scan root (after following links),
//! is still exactly what the analysis read, and can be replaced atomically without breaking a
//! hard link or overriding a read-only bit. Anything else is left untouched and reported; one
//! file's problem never stops the others.

use super::FixOutcome;
use crate::base::fsio::{Keep, Staged};
use std::fmt;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Why a fixed text was not written.
#[derive(Debug)]
pub enum NotWritten {
    /// Left alone on purpose.
    Skipped(Skip),
    /// An I/O error; the file is untouched.
    Failed(io::Error),
}

/// The deliberate reasons to leave a file alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The file, after following every link, lies outside the scan roots (or in `.git`).
    OutsideRoot { target: PathBuf },
    /// Replacing the file would detach its other hard links (`links` in all).
    HardLinks { links: u64 },
    /// The owner's write bit is off: the user protected it.
    ReadOnly,
    /// The file's content is no longer what the analysis read (a user edit).
    Changed,
}

impl fmt::Display for NotWritten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotWritten::Skipped(skip) => write!(f, "{skip}"),
            NotWritten::Failed(e) => write!(f, "cannot write: {e}"),
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::OutsideRoot { target } => write!(
                f,
                "resolves to {}, outside the scanned tree; not fixed",
                target.display()
            ),
            Skip::HardLinks { links } => {
                write!(
                    f,
                    "has {links} hard links; fixing would break them; not fixed"
                )
            }
            Skip::ReadOnly => write!(f, "is read-only; not fixed"),
            Skip::Changed => write!(f, "changed since it was analysed; not fixed"),
        }
    }
}

impl From<io::Error> for NotWritten {
    fn from(e: io::Error) -> NotWritten {
        NotWritten::Failed(e)
    }
}

/// What happened to one changed file.
#[derive(Debug)]
pub struct FileWrite {
    /// The path as the analysis read it.
    pub path: PathBuf,
    pub result: Result<(), NotWritten>,
}

/// Writes every changed file of `outcome` that lies inside `roots` (canonical directories,
/// [`crate::base::source::scan_roots`]), each independently; returns one result per file, in the
/// order of `outcome.changed`.
pub fn write_fixes(outcome: &FixOutcome, roots: &[PathBuf]) -> Vec<FileWrite> {
    outcome
        .changed
        .iter()
        .map(|(path, old, new)| FileWrite {
            path: path.clone(),
            result: write_fixed(path, old, new, roots),
        })
        .collect()
}

/// Replaces the file at `path` with `new`, provided its content on disk is still `old` (the
/// text the analysis read). A symlink is written through to its target, which must be inside
/// `roots`; the link stays a link. The replacement keeps the mode and, when allowed, the
/// owner. A file already holding `new` counts as written.
pub fn write_fixed(path: &Path, old: &str, new: &str, roots: &[PathBuf]) -> Result<(), NotWritten> {
    // Canonical, so `..`, absolute `file()` paths and links all compare as the real locations.
    let target = std::fs::canonicalize(path)?;
    if !crate::base::source::inside_roots(roots, &target) {
        return Err(NotWritten::Skipped(Skip::OutsideRoot { target }));
    }
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        // Replaced (by a directory, a FIFO…) since the analysis; reading could even block.
        return Err(NotWritten::Failed(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no longer a regular file",
        )));
    }
    if meta.permissions().mode() & 0o200 == 0 {
        // Root could write it anyway; the bit is the user's intent, so honour it.
        return Err(NotWritten::Skipped(Skip::ReadOnly));
    }
    if meta.nlink() > 1 {
        // A rename gives the path a new inode and leaves the other links with the old text;
        // writing in place instead would give up atomicity (and might edit a link outside the
        // root). Both would surprise, so the file is left to the user.
        return Err(NotWritten::Skipped(Skip::HardLinks {
            links: meta.nlink(),
        }));
    }
    let staged = Staged::new(&target, new.as_bytes(), &Keep::from(&meta), "fix-")?;
    // Compare as late as possible: the window for an edit to slip in is the rename alone.
    let now = std::fs::read(&target)?;
    if now == new.as_bytes() {
        // Fixed already: the same file reached by two paths, or the user made the same edit.
        return Ok(());
    }
    if now != old.as_bytes() {
        return Err(NotWritten::Skipped(Skip::Changed));
    }
    staged.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_why() {
        let skip = NotWritten::Skipped(Skip::HardLinks { links: 3 });
        assert_eq!(
            skip.to_string(),
            "has 3 hard links; fixing would break them; not fixed"
        );
        assert_eq!(
            Skip::Changed.to_string(),
            "changed since it was analysed; not fixed"
        );
    }

    #[test]
    fn permissions_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.tf");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_fixed(
            &path,
            "old",
            "new",
            &[std::fs::canonicalize(dir.path()).expect("canonical")],
        )
        .expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_file_that_already_holds_the_fix_counts_as_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.tf");
        std::fs::write(&path, "new").expect("write");
        write_fixed(
            &path,
            "old",
            "new",
            &[std::fs::canonicalize(dir.path()).expect("canonical")],
        )
        .expect("nothing to do");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
    }
}
