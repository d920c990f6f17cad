//! Source files, byte spans and line indexes.
//!
//! Every file the analysis reads (a `.tf` file, or a `.json`/`.tpl` policy pulled in by `file()`)
//! lives once in a [`Sources`] table. Spans are byte ranges into one of those files; the
//! [`LineIndex`] turns offsets into lines and columns without rescanning the text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Identifies a file in the [`Sources`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end.max(range.start),
        }
    }

    /// The smallest span covering both, when they are in the same file.
    pub fn cover(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `inner` lies inside this span (in the same file).
    pub fn contains(self, inner: Span) -> bool {
        inner.file == self.file && inner.start >= self.start && inner.end <= self.end
    }
}

/// Line starts of a file, so offsets map to lines with a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column (in characters), plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn line_start(&self, line0: usize) -> usize {
        self.starts.get(line0).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Where columns of line `line0` start counting: a leading byte-order mark is invisible
    /// (editors, GitHub and Terraform ignore it), so the first line's columns start after it.
    fn column_start(&self, text: &str, line0: usize, offset: usize) -> usize {
        const BOM: char = '\u{feff}';
        if line0 == 0 && text.starts_with(BOM) && offset >= BOM.len_utf8() {
            BOM.len_utf8()
        } else {
            self.line_start(line0)
        }
    }

    /// Line and character column of `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line0 = self.line_of(offset);
        let start = self.column_start(text, line0, offset);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line0 + 1,
            column,
            offset,
        }
    }

    /// Column of `offset` counted in UTF-16 code units (SARIF's default unit), 1-based.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let offset = clamp_to_char_boundary(text, offset);
        let start = self.column_start(text, self.line_of(offset), offset);
        text.get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>())
            + 1
    }
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One file's path, text and line index.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as reports show it: relative to the current directory when below it, `/` separators.
    pub display_path: String,
    /// The bytes of the shown path when they are not UTF-8 (`display_path` is then lossy), so
    /// machine-readable reports can name the file exactly.
    pub display_bytes: Option<Vec<u8>>,
    pub text: Arc<str>,
    /// Built when first asked for: most files read are never shown.
    lines: std::sync::OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let shown = shown_path(&path);
        let display_bytes = {
            use std::os::unix::ffi::OsStrExt;
            shown
                .to_str()
                .is_none()
                .then(|| shown.as_os_str().as_bytes().to_vec())
        };
        SourceFile {
            display_path: shown.to_string_lossy().replace('\\', "/"),
            display_bytes,
            path,
            text: text.into(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// Where each line starts.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.text, offset)
    }

    /// The source text under `span` (empty if the span does not fit the text).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The whitespace that starts the line holding `offset`.
    pub fn indent_at(&self, offset: usize) -> &str {
        let start = self.lines().line_start(self.lines().line_of(offset));
        let line = self.text.get(start..).unwrap_or("");
        let width = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..width]
    }
}

/// Shows `path` relative to the current directory when it lies under it, else absolute.
pub fn display_path(path: &Path) -> String {
    shown_path(path).to_string_lossy().replace('\\', "/")
}

fn shown_path(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.as_ref()
            .map_or_else(|| path.to_path_buf(), |c| c.join(path))
    };
    let normal = normalize(&absolute);
    match cwd.as_ref().map(|c| normalize(c)) {
        Some(c) => normal
            .strip_prefix(&c)
            .map(Path::to_path_buf)
            .unwrap_or(normal),
        None => normal,
    }
}

/// Removes `.` and resolves `..` lexically (no filesystem access, symlinks untouched). A `..`
/// that climbs above the start of a relative path is kept (`../../x` stays `../../x`), and
/// `/..` is `/`.
pub fn normalize(path: &Path) -> PathBuf {
    if is_normal(path) {
        return path.to_path_buf();
    }
    normalize_steps(path)
}

/// [`normalize`], step by step.
fn normalize_steps(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when [`normalize`] would give `path` back as it is (no `.` or `..` step, no empty
/// step, not empty): most paths the walk yields, checked without parsing components.
fn is_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    !rest.is_empty()
        && rest
            .split(|&b| b == b'/')
            .all(|step| !matches!(step, b"" | b"." | b".."))
}

/// The directories that bound every read (and every `--fix` write) of a run: for each path
/// given, the git work tree that holds it, else the directory itself (a file's own directory,
/// so a linked file named on the command line cannot move the root to its target). A module
/// may read `../policies/x.json` inside its repository, never anything outside it. Canonical
/// (links resolved), so a prefix test on canonical paths decides containment; none is inside
/// another.
pub fn scan_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in paths {
        let dir = if p.is_dir() {
            p.as_path()
        } else {
            match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            }
        };
        let Ok(dir) = std::fs::canonicalize(dir) else {
            continue;
        };
        roots.push(git_work_tree(&dir).unwrap_or(dir));
    }
    roots.sort();
    let mut out: Vec<PathBuf> = Vec::new();
    for r in roots {
        if !out.iter().any(|o| r.starts_with(o)) {
            out.push(r);
        }
    }
    out
}

/// True when `canonical` lies under one of `roots` and not inside a `.git` directory there.
pub fn inside_roots(roots: &[PathBuf], canonical: &Path) -> bool {
    roots.iter().any(|root| {
        canonical
            .strip_prefix(root)
            .is_ok_and(|rest| !rest.components().any(|c| c.as_os_str() == ".git"))
    })
}

/// The nearest directory at or above `dir` that holds `.git` (a directory, or a file for
/// worktrees and submodules).
pub fn git_work_tree(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Why a file was not read. The message never quotes the file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Missing, unreadable, or a broken link: the operating system's message.
    Io(String),
    /// Resolves (through `..` or a symbolic link) to a place outside the scan root, or into
    /// `.git`, which holds credentials (an `extraheader` token) in CI checkouts.
    OutsideRoot,
    /// A directory, FIFO, socket or device: reading it could block or never end.
    NotRegular(&'static str),
    TooLarge {
        limit: u64,
    },
    /// Not UTF-8; `text` is the lossy text, so the error can point at `offset`.
    NotUtf8 {
        offset: usize,
        text: String,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
            ReadError::OutsideRoot => {
                f.write_str("not read: the path leaves the scanned tree (or enters `.git`)")
            }
            ReadError::NotRegular(kind) => write!(f, "not read: it is {kind}, not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "file is larger than the {limit} byte limit")
            }
            ReadError::NotUtf8 { offset, .. } => {
                write!(
                    f,
                    "file is not valid UTF-8 (invalid byte at offset {offset})"
                )
            }
        }
    }
}

/// [`read_confined`] for a file whose directory is resolved already ([`ResolvedDirs`]): the
/// path is that directory and the name, when the name is no link (`O_NOFOLLOW`). `None` (read
/// the slow way) on anything else (a link, a missing file, a name such as `..`), so every
/// outcome but success is [`read_confined`]'s own.
fn read_in_resolved_dir(
    path: &Path,
    roots: Option<&[PathBuf]>,
    max_bytes: u64,
    dirs: &ResolvedDirs,
) -> Option<Result<String, ReadError>> {
    let name = match path.components().next_back()? {
        std::path::Component::Normal(name) => name,
        _ => return None,
    };
    let dir = match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return None,
    };
    let resolved = dirs.get(dir)?.join(name);
    if roots.is_some_and(|r| !inside_roots(r, &resolved)) {
        return None;
    }
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
            .open(&resolved)
            .ok()?
    };
    Some(read_open(file, max_bytes))
}

/// Reads `path` if it lies inside one of `roots` (when given): a regular file, at most
/// `max_bytes`, UTF-8. The size limit counts the bytes actually read: procfs files report a
/// length of 0.
fn read_confined(
    path: &Path,
    roots: Option<&[PathBuf]>,
    max_bytes: u64,
) -> Result<String, ReadError> {
    let (resolved, missing) = resolve(path).map_err(|e| ReadError::Io(e.to_string()))?;
    // Containment is decided before the file is opened, and whether or not it exists, so the
    // messages tell nothing about files outside the tree.
    if roots.is_some_and(|r| !inside_roots(r, &resolved)) {
        return Err(ReadError::OutsideRoot);
    }
    if let Some(e) = missing {
        return Err(ReadError::Io(e.to_string()));
    }
    let canonical = resolved;
    // Non-blocking, so opening a FIFO never waits for a writer; no link is left to follow in
    // a canonical path, and O_NOFOLLOW makes sure of it.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
            .open(&canonical)
            .map_err(|e| ReadError::Io(e.to_string()))?
    };
    read_open(file, max_bytes)
}

/// The text of an opened file: a regular file, at most `max_bytes`, UTF-8.
fn read_open(mut file: std::fs::File, max_bytes: u64) -> Result<String, ReadError> {
    use std::io::Read;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    // A length the file system reports is a lower bound worth trusting (procfs says 0, so the
    // bytes read are counted too).
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge { limit: max_bytes });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge { limit: max_bytes });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
        text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// `path` made absolute and resolved as the system would open it: `..` lexically (as Terraform
/// joins paths), then every link of its longest existing ancestor; a missing rest is appended
/// as written. When the whole path does not resolve, the error says why (the result is
/// canonical otherwise).
fn resolve(path: &Path) -> std::io::Result<(PathBuf, Option<std::io::Error>)> {
    let lexical = normalize(&std::path::absolute(path)?);
    let mut missing = Vec::new();
    let mut existing = lexical.as_path();
    let mut first_error = None;
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut canonical) => {
                canonical.extend(missing.iter().rev());
                return Ok((canonical, first_error));
            }
            Err(e) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    missing.push(name);
                    existing = parent;
                    first_error.get_or_insert(e);
                }
                _ => return Err(e),
            },
        }
    }
}

/// What a non-regular file is, for messages.
pub fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// The table of every file read during one run. Append-only and shared between threads.
/// All reads go through it, so an overlay of edited texts (`--fix`, `--diff`) is seen by
/// every stage exactly as if it were on disk.
#[derive(Debug, Default)]
pub struct Sources {
    inner: RwLock<SourcesInner>,
    overlay: HashMap<PathBuf, String>,
    /// Reads outside these canonical directories are refused ([`scan_roots`]); `None` reads
    /// anywhere (library use on trusted input).
    roots: Option<Vec<PathBuf>>,
    /// Each directory read from, resolved once ([`ResolvedDirs`]).
    dirs: ResolvedDirs,
}

/// The canonical form of each directory files were read from (`None` when it does not fully
/// resolve). Resolving a path costs a system call per component; the files of a directory
/// share all but the last, so it is resolved once per directory.
#[derive(Debug, Default)]
struct ResolvedDirs(RwLock<HashMap<PathBuf, Option<PathBuf>>>);

impl ResolvedDirs {
    fn get(&self, dir: &Path) -> Option<PathBuf> {
        let known = self.0.read().unwrap_or_else(|e| e.into_inner());
        if let Some(resolved) = known.get(dir) {
            return resolved.clone();
        }
        drop(known);
        let resolved = match resolve(dir) {
            Ok((canonical, None)) => Some(canonical),
            _ => None,
        };
        let mut known = self.0.write().unwrap_or_else(|e| e.into_inner());
        known.insert(dir.to_path_buf(), resolved.clone());
        resolved
    }
}

#[derive(Debug, Default)]
struct SourcesInner {
    files: Vec<Arc<SourceFile>>,
    by_path: HashMap<PathBuf, FileId>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Sources that read `overlay` texts instead of the files at those paths.
    pub fn with_overlay(overlay: HashMap<PathBuf, String>) -> Sources {
        Sources {
            overlay,
            ..Sources::default()
        }
    }

    /// Confines every later read to `roots` (canonical directories).
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = Some(roots);
    }

    /// The directories reads are confined to (empty when unconfined).
    pub fn roots(&self) -> &[PathBuf] {
        self.roots.as_deref().unwrap_or_default()
    }

    /// Reads a file as UTF-8 text (from the overlay first), or says why it cannot be read.
    pub fn read(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError> {
        if let Some(text) = self.overlay.get(path) {
            return Ok(text.clone());
        }
        crate::base::timings::time(crate::base::timings::Stage::Read, || {
            read_in_resolved_dir(path, self.roots.as_deref(), max_bytes, &self.dirs)
                .unwrap_or_else(|| read_confined(path, self.roots.as_deref(), max_bytes))
        })
    }

    /// Adds a file (or returns the id it already has).
    pub fn add(&self, path: PathBuf, text: String) -> FileId {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = inner.by_path.get(&path) {
            return id;
        }
        let id = FileId(inner.files.len() as u32);
        inner.by_path.insert(path.clone(), id);
        inner.files.push(Arc::new(SourceFile::new(path, text)));
        id
    }

    pub fn lookup(&self, path: &Path) -> Option<FileId> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        inner.by_path.get(path).copied()
    }

    /// The file behind `id`. Ids only come from [`Sources::add`], so they are always valid.
    pub fn get(&self, id: FileId) -> Arc<SourceFile> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&inner.files[id.0 as usize])
    }

    /// Every file id, in the order the files were added.
    pub fn ids(&self) -> Vec<FileId> {
        (0..self.len() as u32).map(FileId).collect()
    }

    pub fn len(&self) -> usize {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .files
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_contain_spans_of_their_file() {
        let (a, b) = (FileId(0), FileId(1));
        let outer = Span::new(a, 4..10);
        assert!(outer.contains(Span::new(a, 4..10)));
        assert!(outer.contains(Span::new(a, 6..6)));
        assert!(!outer.contains(Span::new(a, 3..6)));
        assert!(!outer.contains(Span::new(a, 8..11)));
        assert!(!outer.contains(Span::new(b, 5..6)));
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "ab\né x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0).line, 1);
        let p = idx.position(text, text.find('x').unwrap());
        assert_eq!((p.line, p.column), (2, 3));
        let p = idx.position(text, text.find("last").unwrap());
        assert_eq!((p.line, p.column), (4, 1));
        assert_eq!(LineIndex::new("😀x").utf16_column("😀x", 4), 3);
        // A byte-order mark takes no column.
        let text = "\u{feff}ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3).column, 1);
        assert_eq!(index.position(text, 4).column, 2);
        assert_eq!(index.position(text, 0).column, 1);
        assert_eq!(index.utf16_column(text, 4), 2);
        assert_eq!(index.position(text, 7).column, 2);
    }

    #[test]
    fn paths_taken_as_they_are_are_those_the_steps_give_back() {
        for p in [
            "a/b/c.tf", "/a/b", "a", "/", "", ".", "./a", "a/./b", "a/../b", "../a", "a//b",
            "a/b/", "/..", "a/b/..", "a/.b/c", "a/..b", "a/b./c",
        ] {
            let path = Path::new(p);
            assert_eq!(normalize(path), normalize_steps(path), "{p}");
            if is_normal(path) {
                assert_eq!(normalize_steps(path), path, "{p}");
            }
        }
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        // A leading `..` is kept, never popped (trial 36: `../..` became empty).
        assert_eq!(normalize(Path::new("../..")), PathBuf::from("../.."));
        assert_eq!(normalize(Path::new("./../../x")), PathBuf::from("../../x"));
        assert_eq!(normalize(Path::new("a/../../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
    }

    #[test]
    fn reads_are_confined_to_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(tmp.path()).unwrap();
        let root = base.join("repo");
        std::fs::create_dir_all(root.join("m/.git")).unwrap();
        std::fs::write(base.join("secret.txt"), "s3cr3t").unwrap();
        std::fs::write(root.join("m/ok.json"), "{}").unwrap();
        std::fs::write(root.join("m/.git/config"), "token").unwrap();
        std::os::unix::fs::symlink(base.join("secret.txt"), root.join("m/link.json")).unwrap();
        std::os::unix::fs::symlink(root.join("m/ok.json"), root.join("m/inner.json")).unwrap();
        let roots = [root.clone()];
        let read = |p: &str| read_confined(&root.join(p), Some(&roots), 1024);
        assert_eq!(read("m/ok.json"), Ok("{}".into()));
        assert_eq!(read("m/inner.json"), Ok("{}".into()));
        assert_eq!(read("m/link.json"), Err(ReadError::OutsideRoot));
        assert_eq!(read("m/../../secret.txt"), Err(ReadError::OutsideRoot));
        assert_eq!(read("m/.git/config"), Err(ReadError::OutsideRoot));
        assert_eq!(read("m"), Err(ReadError::NotRegular("a directory")));
        assert!(matches!(read("m/missing.json"), Err(ReadError::Io(_))));
        // Whether a file outside exists is not told.
        assert_eq!(read("../missing.txt"), Err(ReadError::OutsideRoot));
        assert_eq!(read("../secret.txt"), Err(ReadError::OutsideRoot));
        // The limit counts bytes read, not the length the file system reports.
        let proc = read_confined(Path::new("/proc/self/status"), None, 16);
        assert_eq!(proc, Err(ReadError::TooLarge { limit: 16 }));
        let fifo = root.join("m/fifo.tf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(read("m/fifo.tf"), Err(ReadError::NotRegular("a FIFO")));
        }
    }

    #[test]
    fn scan_roots_are_the_git_work_trees_or_the_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir_all(base.join("repo/.git")).unwrap();
        std::fs::create_dir_all(base.join("repo/live/prod")).unwrap();
        std::fs::create_dir_all(base.join("plain/a")).unwrap();
        std::fs::create_dir_all(base.join("plain/b")).unwrap();
        std::fs::create_dir_all(base.join("elsewhere")).unwrap();
        std::fs::write(base.join("elsewhere/x.tf"), "").unwrap();
        std::fs::write(base.join("plain/a/main.tf"), "").unwrap();
        std::os::unix::fs::symlink(base.join("elsewhere/x.tf"), base.join("plain/a/l.tf")).unwrap();
        assert_eq!(
            scan_roots(&[base.join("repo/live/prod")]),
            [base.join("repo")]
        );
        assert_eq!(
            scan_roots(&[
                base.join("plain/a/main.tf"),
                base.join("plain/b"),
                base.join("plain/a")
            ]),
            [base.join("plain/a"), base.join("plain/b")]
        );
        // A linked file counts as the directory it is named in.
        assert_eq!(
            scan_roots(&[base.join("plain/a/l.tf")]),
            [base.join("plain/a")]
        );
        assert!(scan_roots(&[base.join("nowhere/x")]).is_empty());
        assert!(inside_roots(
            &[base.join("repo")],
            &base.join("repo/live/x.json")
        ));
        assert!(!inside_roots(
            &[base.join("repo")],
            &base.join("repo/.git/config")
        ));
        assert!(!inside_roots(&[base.join("repo")], &base.join("repo2/x")));
    }
}
