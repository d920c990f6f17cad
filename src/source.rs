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
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

    /// Line and character column of `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line0 = self.line_of(offset);
        let start = self.line_start(line0);
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
        let start = self.line_start(self.line_of(offset));
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
    pub text: Arc<str>,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile {
            display_path: display_path(&path),
            path,
            text: text.into(),
            lines,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The source text under `span` (empty if the span does not fit the text).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The whitespace that starts the line holding `offset`.
    pub fn indent_at(&self, offset: usize) -> &str {
        let start = self.lines.line_start(self.lines.line_of(offset));
        let line = self.text.get(start..).unwrap_or("");
        let width = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..width]
    }
}

/// Shows `path` relative to the current directory when it lies under it, else absolute.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.as_ref()
            .map_or_else(|| path.to_path_buf(), |c| c.join(path))
    };
    let normal = normalize(&absolute);
    let shown = match cwd.as_ref().map(|c| normalize(c)) {
        Some(c) => normal
            .strip_prefix(&c)
            .map(Path::to_path_buf)
            .unwrap_or(normal),
        None => normal,
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// Removes `.` and resolves `..` lexically (no filesystem access, symlinks untouched).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The table of every file read during one run. Append-only and shared between threads.
/// All reads go through it, so an overlay of edited texts (`--fix`, `--diff`) is seen by
/// every stage exactly as if it were on disk.
#[derive(Debug, Default)]
pub struct Sources {
    inner: RwLock<SourcesInner>,
    overlay: HashMap<PathBuf, String>,
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

    /// Reads a file as UTF-8 text (from the overlay first), or says why it cannot be read.
    pub fn read(&self, path: &Path, max_bytes: u64) -> Result<String, String> {
        if let Some(text) = self.overlay.get(path) {
            return Ok(text.clone());
        }
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
        if !meta.is_file() {
            return Err("not a regular file".into());
        }
        if meta.len() > max_bytes {
            return Err(format!(
                "file is {} bytes, larger than the {max_bytes} byte limit",
                meta.len()
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?;
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
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
    fn positions_count_characters_and_lines() {
        let text = "ab\né x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0).line, 1);
        let p = idx.position(text, text.find('x').unwrap());
        assert_eq!((p.line, p.column), (2, 3));
        let p = idx.position(text, text.find("last").unwrap());
        assert_eq!((p.line, p.column), (4, 1));
        assert_eq!(LineIndex::new("😀x").utf16_column("😀x", 4), 3);
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}
