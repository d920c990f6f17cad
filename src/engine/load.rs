//! Reading the modules before they are parsed, to decide which must be parsed at all (the
//! pre-filter) and which parse trees must be kept.
//!
//! Most directories of a monorepo hold nothing a rule reads. Their files are read once, scanned
//! for trust-related tokens and for the directories they name, checked for syntax errors by
//! the recognizer and let go: unless something they name matters, or an analysed directory
//! names them ([`analysed`]; they are then read again), the engine never parses or evaluates
//! them, and keeps no text of them but that of a file that does not parse or holds an ignore
//! comment.
//!
//! A module another module may call is parsed once and kept for the whole run (its instances
//! are evaluated from every caller); every other module is parsed, analysed and dropped, so
//! memory stays that of the shared modules plus one module per thread. Which modules may be
//! called is read from the text, before parsing: a call's `source` is always a quoted literal,
//! so every local target appears as a string starting with `./` or `../` (a superset: any such
//! string counts), Terragrunt's `${get_terragrunt_dir()}` is the unit's directory, an
//! `include` may name any directory above, and `terraform init` writes installed modules to
//! `.terraform/modules/modules.json`.

use crate::base::diagnostic::Diagnostic;
use crate::base::source::{FileId, ReadError, Sources, normalize};
use crate::base::timings::{self, Stage};
use crate::engine::check::{ParsedDir, parse_diagnostic};
use crate::input::discover::{ModuleDir, TERRAGRUNT_FILE};
use crate::input::parse::{MAX_FILE_BYTES, parse_loaded, recognize, register, trust_relevant};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// At most this many installed module directories are read for one run.
const MAX_INSTALLED_MODULES: usize = 256;

/// How many directories above a Terragrunt unit an `include` may reach.
const MAX_INCLUDE_ASCENT: usize = 16;

/// One directory read, not yet parsed.
pub(crate) struct LoadedDir {
    pub dir: PathBuf,
    pub files: Vec<FileId>,
    pub diagnostics: Vec<Diagnostic>,
    /// Directories its text may call (or include).
    pub hints: Vec<PathBuf>,
    /// Installed by `terraform init` (under `.terraform/modules`).
    pub installed: bool,
    pub var_files: Vec<PathBuf>,
    /// Some file mentions a token a rule reads ([`trust_relevant`]).
    pub relevant: bool,
    /// Set when the directory was settled as it was read: nothing in it is relevant, so it
    /// matters only if it names a directory that does, or an analysed one names it (it is then
    /// read again from this, in full). Its files were checked for syntax errors, and only
    /// those that failed or hold an ignore comment were kept in the sources
    /// ([`LoadedDir::keep_unclean`]).
    pub settled: Option<ModuleDir>,
    /// Files read and let go (settled, clean, no ignore comment): counted, not kept.
    pub let_go: Vec<PathBuf>,
}

/// A file's path and what reading it gave.
type ReadFile = (PathBuf, Result<String, ReadError>);

/// Reads the files of `m`. With `prefilter`, a directory with nothing relevant is settled at
/// once (see [`LoadedDir::settled`]), so its texts are not kept: most directories of a
/// monorepo, and it is rare that one of them is analysed after all (a caller that passes
/// nothing trust-related, a module only such callers call).
pub(crate) fn load_dir(
    sources: &Sources,
    m: &ModuleDir,
    installed: bool,
    prefilter: bool,
) -> LoadedDir {
    // Test builds only: a bug on demand, in the module whose directory has this name, with the
    // first line of its first file as the payload (which must never be printed).
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("IRSA_LINT_DEBUG_PANIC_IN")
        && m.dir.file_name() == Some(name.as_os_str())
    {
        let first = m
            .files
            .first()
            .and_then(|f| std::fs::read_to_string(f).ok());
        panic!("{}", first.unwrap_or_default().lines().next().unwrap_or(""));
    }
    let read: Vec<(&PathBuf, Result<String, ReadError>)> = m
        .files
        .iter()
        .map(|path| (path, sources.read(path, MAX_FILE_BYTES)))
        .collect();
    let mut hints = Vec::new();
    let mut relevant = false;
    timings::time(Stage::Prefilter, || {
        for (path, text) in &read {
            let Ok(text) = text else { continue };
            relevant = relevant || trust_relevant(text);
            hints.extend(local_paths(text).map(|p| normalize(&m.dir.join(p))));
            let terragrunt = path.file_name().is_some_and(|n| n == TERRAGRUNT_FILE);
            if terragrunt && text.contains("include") {
                hints.extend(
                    m.dir
                        .ancestors()
                        .skip(1)
                        .take(MAX_INCLUDE_ASCENT)
                        .map(normalize),
                );
            }
        }
    });
    hints.extend(
        crate::model::workspace::installed_modules(sources, &m.dir)
            .into_values()
            .map(|d| normalize(&m.dir.join(d))),
    );
    hints.sort();
    hints.dedup();
    let settle = prefilter && !relevant;
    let mut d = LoadedDir {
        dir: m.dir.clone(),
        files: Vec::new(),
        diagnostics: Vec::new(),
        hints,
        installed,
        var_files: m.var_files.clone(),
        relevant,
        settled: settle.then(|| m.clone()),
        let_go: Vec::new(),
    };
    let read = read.into_iter().map(|(p, r)| (p.clone(), r)).collect();
    if settle {
        d.keep_unclean(sources, read);
    } else {
        d.keep(sources, read);
    }
    d
}

impl LoadedDir {
    /// Adds the files read to the sources: the directory is analysed.
    fn keep(&mut self, sources: &Sources, read: Vec<ReadFile>) {
        for (path, read) in read {
            match register(sources, &path, read) {
                Ok(id) => self.files.push(id),
                Err(p) => self.diagnostics.push(parse_diagnostic(*p)),
            }
        }
    }

    /// Adds to the sources only the files read that do not parse (with their `PARSE`
    /// findings) or that hold an ignore comment (read from every kept file, and reported when
    /// unused); the others are let go: the directory is not analysed.
    fn keep_unclean(&mut self, sources: &Sources, read: Vec<ReadFile>) {
        for (path, read) in read {
            let (clean, ignores) = match &read {
                Ok(text) => (
                    timings::time(Stage::Prefilter, || parses_without_problem(&path, text)),
                    text.contains(crate::engine::suppress::MARKER),
                ),
                Err(_) => (false, false),
            };
            if clean && !ignores {
                self.let_go.push(path);
                continue;
            }
            let id = match register(sources, &path, read) {
                Ok(id) => id,
                Err(p) => {
                    self.diagnostics.push(parse_diagnostic(*p));
                    continue;
                }
            };
            // Where the recognizer is not sure, a parse (whose tree is dropped) says.
            if !clean && let Err(p) = timings::time(Stage::Parse, || parse_loaded(sources, id)) {
                self.diagnostics.push(parse_diagnostic(*p));
            }
            self.files.push(id);
        }
    }
}

/// Whether `text` (of the file at `path`) is known to parse: a `.tf` file the recognizer
/// accepts. JSON syntax is always parsed.
fn parses_without_problem(path: &Path, text: &str) -> bool {
    !crate::input::parse::tf_json::is_json_syntax(&path.to_string_lossy())
        && recognize::parses_cleanly(text)
}

/// Which of `loaded` must be parsed and analysed: a directory with a relevant token, one that
/// names (calls, includes, has installed) such a directory directly or through others, and
/// every directory those name in turn (their values and outputs are evaluated with them).
/// Names are read from the text (`hints`, a superset of the real calls), so this set holds
/// every module whose analysis can produce a finding; the others can only give `PARSE`.
pub(crate) fn analysed(loaded: &[LoadedDir]) -> Vec<bool> {
    let index: HashMap<&Path, usize> = loaded
        .iter()
        .enumerate()
        .map(|(i, d)| (d.dir.as_path(), i))
        .collect();
    let mut named: Vec<Vec<usize>> = vec![Vec::new(); loaded.len()];
    let mut named_by: Vec<Vec<usize>> = vec![Vec::new(); loaded.len()];
    for (i, d) in loaded.iter().enumerate() {
        for j in d
            .hints
            .iter()
            .filter_map(|h| index.get(h.as_path()).copied())
        {
            if j != i {
                named[i].push(j);
                named_by[j].push(i);
            }
        }
    }
    // Upwards from the relevant directories, to every directory that reaches one...
    let mut matters: Vec<bool> = loaded.iter().map(|d| d.relevant).collect();
    let mut queue: Vec<usize> = (0..loaded.len()).filter(|&i| matters[i]).collect();
    while let Some(i) = queue.pop() {
        for &caller in &named_by[i] {
            if !matters[caller] {
                matters[caller] = true;
                queue.push(caller);
            }
        }
    }
    // ...then downwards, to everything those name.
    let mut analysed = matters;
    let mut queue: Vec<usize> = (0..loaded.len()).filter(|&i| analysed[i]).collect();
    while let Some(i) = queue.pop() {
        for &child in &named[i] {
            if !analysed[child] {
                analysed[child] = true;
                queue.push(child);
            }
        }
    }
    analysed
}

/// The quoted strings of `text` that start with `./` or `../` (after Terragrunt's
/// `${get_terragrunt_dir()}`), with `dir//sub` read as `dir/sub`, in no particular order.
/// Every `"` followed by one of those is taken as an opening quote, so an escaped quote
/// elsewhere cannot hide one.
fn local_paths(text: &str) -> impl Iterator<Item = String> + '_ {
    const TERRAGRUNT_DIR: &str = "${get_terragrunt_dir()}/";
    // Searched for directly: most quoted strings are not paths.
    static OPENERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("\"./"),
                memchr::memmem::Finder::new("\"../"),
                memchr::memmem::Finder::new("\"${get_terragrunt_dir()}/"),
            ]
        });
    OPENERS
        .iter()
        .flat_map(|f| f.find_iter(text.as_bytes()))
        .filter_map(move |at| {
            let rest = text.get(at + 1..)?;
            let (prefix, rest) = match rest.strip_prefix(TERRAGRUNT_DIR) {
                Some(r) => ("./", r),
                None => ("", rest),
            };
            let path = &rest[..rest.find(['"', '\n'])?];
            Some(format!("{prefix}{path}").replace("//", "/"))
        })
}

/// Reads the modules under `.terraform/modules` (which the walk skips) that a read module may
/// call, and those they call in turn.
pub(crate) fn add_installed(sources: &Sources, loaded: &mut Vec<LoadedDir>, prefilter: bool) {
    let mut added = 0;
    loop {
        let known: HashSet<&Path> = loaded.iter().map(|d| d.dir.as_path()).collect();
        let mut wanted: Vec<PathBuf> = loaded
            .iter()
            .flat_map(|d| &d.hints)
            .filter(|t| is_installed(t) && !known.contains(t.as_path()) && t.is_dir())
            .cloned()
            .collect();
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() || added >= MAX_INSTALLED_MODULES {
            return;
        }
        for dir in wanted.into_iter().take(MAX_INSTALLED_MODULES - added) {
            added += 1;
            let files = crate::input::discover::installed_module_files(&dir);
            let module = ModuleDir {
                dir,
                files,
                var_files: Vec::new(),
            };
            let mut d = load_dir(sources, &module, true, prefilter);
            // Problems of code the user did not write are not theirs to fix.
            d.diagnostics.clear();
            loaded.push(d);
        }
    }
}

/// The directories of `loaded` that another may call: the shared modules.
pub(crate) fn shared_dirs(loaded: &[LoadedDir]) -> HashSet<PathBuf> {
    let dirs: HashSet<&Path> = loaded.iter().map(|d| d.dir.as_path()).collect();
    loaded
        .iter()
        .flat_map(|d| d.hints.iter().filter(|h| **h != d.dir))
        .filter(|h| dirs.contains(h.as_path()))
        .cloned()
        .collect()
}

/// Parses a read directory.
pub(crate) fn parse_dir(sources: &Sources, d: &LoadedDir) -> ParsedDir {
    timings::time(Stage::Parse, || parse_dir_timed(sources, d))
}

fn parse_dir_timed(sources: &Sources, d: &LoadedDir) -> ParsedDir {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for &id in &d.files {
        match parse_loaded(sources, id) {
            Ok(p) => files.push(p),
            Err(p) => diagnostics.push(parse_diagnostic(*p)),
        }
    }
    let calls = crate::model::workspace::calls_of(sources, &d.dir, &files);
    let relevant = timings::time(Stage::Prefilter, || {
        files
            .iter()
            .any(|p| trust_relevant(&sources.get(p.id).text))
    });
    ParsedDir {
        dir: d.dir.clone(),
        files,
        diagnostics,
        calls,
        relevant,
        installed: d.installed,
        var_files: d.var_files.clone(),
    }
}

/// Whether `path` lies in a `.terraform` directory.
pub(crate) fn is_installed(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == ".terraform")
}

#[cfg(test)]
mod tests {
    use super::local_paths;

    #[test]
    fn local_paths_are_every_quoted_relative_path() {
        let text = r#"module "a" { source = "../modules/a" }
terraform { source = "${get_terragrunt_dir()}/../../modules//irsa" }
x = "./b" y = "https://example.com" z = "."
"#;
        let mut found: Vec<String> = local_paths(text).collect();
        found.sort();
        assert_eq!(found, ["../modules/a", "./../../modules/irsa", "./b"]);
    }
}
