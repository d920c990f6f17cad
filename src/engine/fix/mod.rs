//! Applying fixes (SPEC §6.4): byte-range splices into the original text, repeated until
//! nothing changes. Edited texts live in an overlay until the end, so every pass re-analyses
//! exactly what would be written, and a file whose edited text no longer parses is left as it
//! was. Edits keep a file's line endings (CRLF) and never touch its byte-order mark. Writing
//! is in [`write`]: only inside the scan root, only over the exact text that was analysed.

use crate::base::diagnostic::{Applicability, Edit, Fix};
use crate::base::source::{Sources, Span};
use crate::engine::check::{Report, check_sources};
use crate::engine::config::Options;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod write;
pub use write::{FileWrite, NotWritten, Skip, write_fixed, write_fixes};

/// A UTF-8 byte-order mark, which edits must never touch.
const BOM: char = '\u{feff}';

/// Passes before giving up on reaching a fixed point (fixes that undo each other).
const MAX_PASSES: usize = 10;

/// What fixing produced.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// `(path, old, new)` for files that changed: `old` is the text the analysis read.
    pub changed: Vec<(PathBuf, String, String)>,
    /// Fixes applied over all passes, in the changed files.
    pub applied: usize,
    /// Fixes applied per changed file (a fix counts in the file of its first edit).
    pub applied_by_file: HashMap<PathBuf, usize>,
    /// Files whose fixed text did not parse, with the parser's message; left unchanged.
    pub rejected: Vec<(PathBuf, String)>,
    /// Fixes left out because they edit a file that may not be written ([`fix_within`]), by
    /// the first such file, sorted.
    pub held_back: Vec<(PathBuf, usize)>,
}

/// Computes the fixed texts of every file under `paths`, and the report of the final state.
pub fn fix(paths: &[PathBuf], options: &Options, unsafe_fixes: bool) -> (Report, FixOutcome) {
    fix_within(paths, options, unsafe_fixes, &|_| true)
}

/// Like [`fix`], applying only the fixes whose every edit is in a file `writable` accepts
/// (`--fix` on named files: the module is analysed, only those files change). A fix that also
/// edits another file is left out whole, never applied in part.
pub fn fix_within(
    paths: &[PathBuf],
    options: &Options,
    unsafe_fixes: bool,
    writable: &dyn Fn(&Path) -> bool,
) -> (Report, FixOutcome) {
    let mut overlay: HashMap<PathBuf, String> = HashMap::new();
    let mut originals: HashMap<PathBuf, String> = HashMap::new();
    let mut rejected: HashMap<PathBuf, String> = HashMap::new();
    let mut applied_by_file: HashMap<PathBuf, usize> = HashMap::new();
    let mut report = check_sources(Sources::with_overlay(overlay.clone()), paths, options);
    for _ in 0..MAX_PASSES {
        let fixes = applicable_fixes(&report, unsafe_fixes, &rejected, writable);
        if fixes.is_empty() {
            break;
        }
        let (texts, counts) = apply(&report.sources, &fixes);
        let mut progressed = false;
        for (path, (old, new)) in texts {
            if old == new {
                continue;
            }
            match validate(&path, &new) {
                Ok(()) => {
                    let count = counts.get(&path).copied().unwrap_or(0);
                    *applied_by_file.entry(path.clone()).or_default() += count;
                    originals.entry(path.clone()).or_insert(old);
                    overlay.insert(path, new);
                    progressed = true;
                }
                Err(message) => {
                    rejected.insert(path, message);
                }
            }
        }
        if !progressed {
            break;
        }
        report = check_sources(Sources::with_overlay(overlay.clone()), paths, options);
    }
    let mut changed: Vec<(PathBuf, String, String)> = overlay
        .into_iter()
        .filter_map(|(path, new)| {
            let old = originals.remove(&path)?;
            (old != new).then_some((path, old, new))
        })
        .collect();
    changed.sort_by(|a, b| a.0.cmp(&b.0));
    // A file edited and then edited back is not changed, and its fixes do not count.
    applied_by_file.retain(|path, _| changed.iter().any(|(p, _, _)| p == path));
    let applied = applied_by_file.values().sum();
    let mut rejected: Vec<_> = rejected.into_iter().collect();
    rejected.sort();
    let held_back = held_back(&report, unsafe_fixes, writable);
    (
        report,
        FixOutcome {
            changed,
            applied,
            applied_by_file,
            rejected,
            held_back,
        },
    )
}

fn allowed(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.applicability == Applicability::Safe || unsafe_fixes
}

/// The fixes to apply this pass: allowed, editing only writable files, and not touching files
/// already rejected.
fn applicable_fixes<'r>(
    report: &'r Report,
    unsafe_fixes: bool,
    rejected: &HashMap<PathBuf, String>,
    writable: &dyn Fn(&Path) -> bool,
) -> Vec<&'r Fix> {
    report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| allowed(f, unsafe_fixes) && !f.edits.is_empty())
        .filter(|f| {
            f.edits.iter().all(|e| {
                let path = &report.sources.get(e.span.file).path;
                !rejected.contains_key(path) && writable(path)
            })
        })
        .collect()
}

/// The allowed fixes of the final report that edit a file `writable` refuses, counted by the
/// first such file.
fn held_back(
    report: &Report,
    unsafe_fixes: bool,
    writable: &dyn Fn(&Path) -> bool,
) -> Vec<(PathBuf, usize)> {
    let mut by_file: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    for f in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if !allowed(f, unsafe_fixes) {
            continue;
        }
        let refused = f
            .edits
            .iter()
            .map(|e| report.sources.get(e.span.file).path.clone())
            .find(|p| !writable(p));
        if let Some(path) = refused {
            *by_file.entry(path).or_default() += 1;
        }
    }
    by_file.into_iter().collect()
}

/// `(old, new)` texts by path.
type OldAndNew = HashMap<PathBuf, (String, String)>;

/// Splices non-overlapping fixes into their files. A fix is applied whole or not at all; an
/// edit identical to one already taken (two findings with the same repair) counts as taken.
/// A fix that would touch a byte-order mark is not applied. In a file with CRLF line endings,
/// replacement newlines become CRLF too. Returns `(old, new)` texts by path and the number of
/// fixes applied per path (in the file of each fix's first edit).
fn apply(sources: &Sources, fixes: &[&Fix]) -> (OldAndNew, HashMap<PathBuf, usize>) {
    let mut taken: Vec<Edit> = Vec::new();
    let mut counts: HashMap<PathBuf, usize> = HashMap::new();
    let mut ordered: Vec<&Fix> = fixes.to_vec();
    ordered.sort_by_key(|f| {
        f.edits
            .first()
            .map(|e| (e.span.file, e.span.start, e.span.end))
    });
    for fix in ordered {
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        let clashes = fresh
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(t.span, e.span)));
        let touches_bom = fix.edits.iter().any(|e| {
            e.span.start < BOM.len_utf8() && sources.get(e.span.file).text.starts_with(BOM)
        });
        if clashes || touches_bom {
            continue;
        }
        taken.extend(fresh.into_iter().cloned());
        if let Some(first) = fix.edits.first() {
            *counts
                .entry(sources.get(first.span.file).path.clone())
                .or_default() += 1;
        }
    }
    let mut by_file: HashMap<crate::base::source::FileId, Vec<&Edit>> = HashMap::new();
    for e in &taken {
        by_file.entry(e.span.file).or_default().push(e);
    }
    let mut out = HashMap::new();
    for (file, mut edits) in by_file {
        let source = sources.get(file);
        let old = source.text.to_string();
        let crlf = uses_crlf(&old);
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut new = String::with_capacity(old.len());
        let mut pos = 0;
        for e in edits {
            let (Some(before), true) = (old.get(pos..e.span.start), e.span.end <= old.len()) else {
                continue;
            };
            // A span may end after a line's `\r` (parsers count it as trailing space), so an
            // edit can land inside a `\r\n` pair: splice it before the `\r` instead, or the
            // pair splits into a lone `\r` and a bare `\n`.
            let inside_pair = crlf
                && before.ends_with('\r')
                && old.get(e.span.end..).is_some_and(|r| r.starts_with('\n'));
            let kept = before.strip_suffix('\r').filter(|_| inside_pair);
            new.push_str(kept.unwrap_or(before));
            if crlf {
                push_with_crlf(&mut new, &e.replacement);
            } else {
                new.push_str(&e.replacement);
            }
            if inside_pair {
                new.push('\r');
            }
            pos = e.span.end;
        }
        new.push_str(old.get(pos..).unwrap_or(""));
        out.insert(source.path.clone(), (old, new));
    }
    (out, counts)
}

/// A file uses CRLF line endings when its first line ends with one.
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// Appends `text` with every `\n` not already preceded by `\r` written as `\r\n`.
fn push_with_crlf(out: &mut String, text: &str) {
    let mut previous = out.chars().next_back();
    for c in text.chars() {
        if c == '\n' && previous != Some('\r') {
            out.push('\r');
        }
        out.push(c);
        previous = Some(c);
    }
}

/// True when two edits touch the same bytes, or insert at the same point.
fn overlaps(a: Span, b: Span) -> bool {
    a.file == b.file && (a.start < b.end && b.start < a.end || a.start == b.start)
}

/// A fixed text must still parse as what it is.
fn validate(path: &Path, text: &str) -> Result<(), String> {
    let name = path.to_string_lossy();
    if name.ends_with(".tf") || name.ends_with(".tofu") {
        hcl_edit::parser::parse_body(text)
            .map(|_| ())
            .map_err(|e| e.message().to_string())
    } else if name.ends_with(".json") {
        serde_json::from_str::<serde_json::Value>(text)
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else {
        hcl_edit::parser::parse_template(text)
            .map(|_| ())
            .map_err(|e| e.message().to_string())
    }
}

/// A unified diff of every changed file.
pub fn unified_diff(outcome: &FixOutcome) -> String {
    let mut out = String::new();
    for (path, old, new) in &outcome.changed {
        let shown = crate::base::source::display_path(path);
        let diff = similar::TextDiff::from_lines(old, new);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&diff_name("a", &shown), &diff_name("b", &shown))
                .to_string(),
        );
    }
    out
}

/// `a/path` for relative paths, as git writes them; absolute paths stay as they are.
fn diff_name(side: &str, shown: &str) -> String {
    if shown.starts_with('/') {
        shown.to_string()
    } else {
        format!("{side}/{shown}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Fix;

    fn sources_with(text: &str) -> (Sources, crate::base::source::FileId) {
        let sources = Sources::new();
        let id = sources.add(PathBuf::from("main.tf"), text.to_string());
        (sources, id)
    }

    #[test]
    fn overlapping_fixes_apply_once_and_identical_edits_merge() {
        let (sources, id) = sources_with("a = \"StringEquals\"\n");
        let span = Span::new(id, 5..17);
        let one = Fix::safe("x", vec![Edit::replace(span, "StringLike")]);
        let same = Fix::safe("y", vec![Edit::replace(span, "StringLike")]);
        let other = Fix::safe("z", vec![Edit::replace(Span::new(id, 6..8), "XX")]);
        let (texts, counts) = apply(&sources, &[&one, &same, &other]);
        assert_eq!(
            counts[Path::new("main.tf")],
            2,
            "the identical edit counts as applied, the overlapping one does not"
        );
        assert_eq!(texts[Path::new("main.tf")].1, "a = \"StringLike\"\n");
    }

    #[test]
    fn inserted_lines_take_the_files_crlf_endings() {
        let (sources, id) = sources_with("a = 1\r\nb = 2\r\n");
        // An inserted line, and a replacement that already carries a CRLF.
        let insert = Fix::safe("x", vec![Edit::replace(Span::new(id, 7..7), "c = 3\n")]);
        let replace = Fix::safe(
            "y",
            vec![Edit::replace(Span::new(id, 7..14), "d = 4\r\ne = 5\n")],
        );
        let (texts, _) = apply(&sources, &[&insert]);
        assert_eq!(texts[Path::new("main.tf")].1, "a = 1\r\nc = 3\r\nb = 2\r\n");
        let (texts, _) = apply(&sources, &[&replace]);
        assert_eq!(texts[Path::new("main.tf")].1, "a = 1\r\nd = 4\r\ne = 5\r\n");
        // An insertion between a line's `\r` and its `\n`.
        let inside = Fix::safe("z", vec![Edit::replace(Span::new(id, 6..6), "\n  c = 3")]);
        let (texts, _) = apply(&sources, &[&inside]);
        assert_eq!(
            texts[Path::new("main.tf")].1,
            "a = 1\r\n  c = 3\r\nb = 2\r\n"
        );
        let (sources, id) = sources_with("a = 1\nb = 2\n");
        let insert = Fix::safe("x", vec![Edit::replace(Span::new(id, 6..6), "c = 3\n")]);
        let (texts, _) = apply(&sources, &[&insert]);
        assert_eq!(texts[Path::new("main.tf")].1, "a = 1\nc = 3\nb = 2\n");
    }

    #[test]
    fn the_byte_order_mark_is_never_edited() {
        let (sources, id) = sources_with("\u{feff}a = \"x\"\n");
        let at_start = Fix::safe("x", vec![Edit::replace(Span::new(id, 0..0), "# c\n")]);
        let after = Fix::safe("y", vec![Edit::replace(Span::new(id, 3..3), "# c\n")]);
        let (texts, counts) = apply(&sources, &[&at_start]);
        assert!(counts.is_empty());
        assert_eq!(texts.get(Path::new("main.tf")), None);
        let (texts, _) = apply(&sources, &[&after]);
        assert_eq!(texts[Path::new("main.tf")].1, "\u{feff}# c\na = \"x\"\n");
    }

    #[test]
    fn fixed_text_that_does_not_parse_is_rejected() {
        assert!(validate(Path::new("main.tf"), "a = \"x\"\n").is_ok());
        assert!(validate(Path::new("main.tf"), "a = \"x\n").is_err());
        assert!(validate(Path::new("trust.json"), "{\"a\": 1,}").is_err());
    }
}
