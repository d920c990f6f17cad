//! Shared by the integration tests: the fixture-case walker, the one-line renderer, the
//! comparison with stored expected files (`UPDATE_EXPECT=1` rewrites them) and the binary's
//! command. Each test crate uses a part of it (`mod common;`), hence `dead_code` is allowed.
#![allow(dead_code)]

use assert_cmd::Command;
use irsa_lint::Report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `testdata/<rel>` in the source tree.
pub fn testdata(rel: &str) -> PathBuf {
    Path::new(ROOT).join("testdata").join(rel)
}

/// `UPDATE_EXPECT=1` (any value) rewrites the stored expected files instead of comparing.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// The binary, run from the source tree without colours, at the default width (100) and with
/// Unicode box drawing whatever the terminal running the tests says.
pub fn irsa_lint() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("irsa-lint"));
    cmd.current_dir(ROOT)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("TERM")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Writes `dir/name`, creating its directories.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/// The file in a case directory that names the rules the case runs with, when its own rule
/// alone is not enough (IGN001 reports an unused ignore only for an enabled rule).
pub const SELECT_FILE: &str = "select.txt";

/// One fixture case: `testdata/rules/<code>/<name>/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Case {
    pub code: String,
    pub dir: PathBuf,
}

impl Case {
    pub fn name(&self) -> &str {
        self.dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    /// `testdata/rules/<CODE>/<case>`, for messages.
    pub fn label(&self) -> String {
        self.dir
            .strip_prefix(ROOT)
            .unwrap_or(&self.dir)
            .display()
            .to_string()
    }

    /// The rules this case runs with: its own code, or the codes in its `select.txt` (which
    /// must include its own). `#` starts a comment; codes are separated by commas or spaces.
    pub fn select(&self) -> Result<Vec<String>, String> {
        let path = self.dir.join(SELECT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(vec![self.code.clone()]);
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let codes: Vec<String> = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default())
            .flat_map(|l| l.split([',', ' ', '\t']))
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if !codes.contains(&self.code) {
            return Err(format!(
                "{}: {SELECT_FILE} must include the case's own rule {}, has {codes:?}",
                self.label(),
                self.code
            ));
        }
        Ok(codes)
    }
}

/// Every `testdata/rules/<CODE>/<case>/` directory, sorted.
pub fn rule_cases() -> Vec<Case> {
    let root = testdata("rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(&root).expect("testdata/rules is readable") {
        let rule = rule.expect("readable").path();
        if !rule.is_dir() {
            continue;
        }
        let code = rule
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        for case in std::fs::read_dir(&rule).expect("readable rule dir") {
            let dir = case.expect("readable").path();
            if dir.is_dir() {
                out.push(Case {
                    code: code.clone(),
                    dir,
                });
            }
        }
    }
    out.sort();
    out
}

/// The directories directly under `testdata/<rel>`, sorted.
pub fn dirs_under(rel: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(testdata(rel))
        .unwrap_or_else(|e| panic!("testdata/{rel}: {e}"))
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Rendering and expected text
// ---------------------------------------------------------------------------------------------

/// `path` relative to `base` (or to its canonical form), with `/` separators.
pub fn relative(path: &Path, base: &Path) -> String {
    let rel = match path.strip_prefix(base) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => std::fs::canonicalize(base)
            .ok()
            .and_then(|c| path.strip_prefix(c).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf()),
    };
    rel.to_string_lossy().replace('\\', "/")
}

/// One line per diagnostic, paths relative to `base`:
/// `file:line:col: CODE severity message [fix Applicability: description]`.
pub fn render(report: &Report, base: &Path) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let f = report.sources.get(d.span.file);
            let p = f.position(d.span.start);
            let fix = d
                .fix
                .as_ref()
                .map(|f| format!(" [fix {:?}: {}]", f.applicability, f.description))
                .unwrap_or_default();
            format!(
                "{}:{}:{}: {} {} {}{fix}",
                relative(&f.path, base),
                p.line,
                p.column,
                d.rule.code,
                d.severity.as_str(),
                d.message
            )
        })
        .collect()
}

/// The lines as a file's text: each ends with `\n`; none gives the empty file.
pub fn text_of(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Compares `actual` with the file at `path`, or (with `UPDATE_EXPECT`) writes it.
/// Returns the failure to report, if any.
pub fn expect_text(path: &Path, actual: &str) -> Option<String> {
    let shown = path
        .strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string();
    if updating() {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("write {shown}: {e}"));
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!(
            "{shown}: output differs\n--- expected\n{expected}--- actual\n{actual}"
        )),
        Err(_) => Some(format!("{shown}: missing; actual:\n{actual}")),
    }
}

/// Panics with every failure, when there are any.
pub fn assert_no_failures(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} {what} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Fixed text
// ---------------------------------------------------------------------------------------------

/// The directory in a case holding the files as the safe fixes leave them.
pub const FIXED_DIR: &str = "expected.fixed";
/// The directory holding the files as `--unsafe-fixes` leaves them, present only when that
/// differs from the safe result.
pub const UNSAFE_FIXED_DIR: &str = "expected.unsafe-fixed";

/// Fixed texts by path relative to the case directory.
pub type FixedFiles = BTreeMap<String, String>;

/// What the library fix engine writes for `case` (nothing is written here), by path relative
/// to it. A rejected fixed text or a change outside the case is an error.
pub fn fixed_files(
    case: &Path,
    options: &irsa_lint::engine::config::Options,
    unsafe_fixes: bool,
) -> Result<FixedFiles, String> {
    let (_, outcome) = irsa_lint::engine::fix::fix(&[case.to_path_buf()], options, unsafe_fixes);
    if !outcome.rejected.is_empty() {
        return Err(format!(
            "fixed text rejected (unsafe fixes: {unsafe_fixes}): {:?}",
            outcome.rejected
        ));
    }
    let mut out = FixedFiles::new();
    for (path, _, new) in outcome.changed {
        let rel = relative(&path, case);
        if Path::new(&rel).is_absolute() || rel.starts_with("..") {
            return Err(format!("a fix changes {rel}, outside the case"));
        }
        out.insert(rel, new);
    }
    Ok(out)
}

/// Every file under `dir`, by path relative to it.
fn stored_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("readable").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).expect("readable stored file");
                out.insert(relative(&path, root), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Compares `case/<dir_name>/` with `actual`, byte for byte: a stored file that differs, a
/// changed file that is not stored and a stored file that is no longer changed all fail. With
/// `UPDATE_EXPECT` the directory is rewritten to hold exactly `actual` (removed when empty).
pub fn expect_fixed(case: &Path, dir_name: &str, actual: &FixedFiles) -> Vec<String> {
    let dir = case.join(dir_name);
    let shown = dir.strip_prefix(ROOT).unwrap_or(&dir).display().to_string();
    if updating() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("remove {shown}: {e}"));
        }
        for (rel, text) in actual {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {shown}/{rel}: {e}"));
        }
        return Vec::new();
    }
    let stored = stored_files(&dir);
    let mut failures = Vec::new();
    for (rel, text) in actual {
        match stored.get(rel) {
            Some(bytes) if bytes == text.as_bytes() => {}
            Some(bytes) => failures.push(format!(
                "{shown}/{rel}: the fixed text differs\n--- stored\n{}--- actual\n{text}",
                String::from_utf8_lossy(bytes)
            )),
            None => failures.push(format!(
                "{shown}/{rel}: missing; the fixes change this file to:\n{text}"
            )),
        }
    }
    for rel in stored.keys().filter(|rel| !actual.contains_key(*rel)) {
        failures.push(format!(
            "{shown}/{rel}: stored, but the fixes no longer change this file"
        ));
    }
    failures
}
