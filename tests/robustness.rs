//! Malformed input never panics, always yields well-formed reports, and never hides the
//! findings of other files (SPEC §9).
//!
//! Each case copies one fixture directory (`testdata/rules/<CODE>/<case>/`, or
//! `testdata/example`) with all its siblings (the `file()`/`templatefile()` targets) into
//! `case/` of a temp tree, next to an untouched module `ok/main.tf` with known findings, and
//! mutates ONE file of `case/`: a truncation, random bytes (invalid UTF-8 too), non-ASCII
//! characters (mostly inside string literals: issuer URLs, ARNs, condition keys), inserted
//! `${`, quotes, heredoc openers, template directives, closing brackets, `\xff\xfe`, a BOM,
//! CRLF line ends, NUL, terminal control characters, a duplicated key line, or a 200 kB
//! string. Then:
//!
//! * every case runs the library pipeline and every renderer (JSON, SARIF, GitHub, human
//!   without colour, inventory) and checks the reports are well-formed, the human ones free of
//!   raw control characters and workflow commands, every span lies in its file, and `ok/` has
//!   exactly the findings it has alone; CRLF line ends and a BOM on a `.tf` file must not
//!   change any finding of `case/` (compared with the fixture unmutated);
//! * one case in [`FIX_EVERY`] also runs the fix engine with unsafe fixes, writes the result
//!   into the temp tree and checks that fixes keep files parsing, keep the BOM, line endings
//!   and mode, leave no temp file, write exactly the fixed text, fix `ok/` as alone, and are
//!   idempotent;
//! * a few cases run the real binary (`--isolated`, so no configuration file above the temp
//!   tree applies) in JSON and human format: exit code, no panic on stderr, valid JSON that
//!   agrees with the library.
//!
//! The generator is seeded, so every case reproduces: a failure prints its case number, seed
//! and mutation. Environment variables (all optional):
//!
//! * `IRSA_LINT_FUZZ_CASES`: number of cases (default [`DEFAULT_CASES`]);
//! * `IRSA_LINT_FUZZ_SEED`: the seed, decimal or `0x…` hex (default [`DEFAULT_SEED`]);
//! * `IRSA_LINT_FUZZ_CASE`: every test runs only this case number, and keeps its temp tree
//!   (printed; the fix test's tree holds the fixed files);
//! * `IRSA_LINT_FUZZ_BIN_CASES`: cases that also run the binary (default 100, scaled with the
//!   number of cases).
//!
//! A longer campaign (a new seed explores new cases):
//! `IRSA_LINT_FUZZ_CASES=20000 IRSA_LINT_FUZZ_SEED=0x1234 cargo test --release --test robustness`.

use irsa_lint::base::source::scan_roots;
use irsa_lint::engine::check::check_with;
use irsa_lint::engine::config::Options;
use irsa_lint::engine::fix::{fix, write_fixes};
use irsa_lint::report::{github, human, inventory, json, sarif};
use irsa_lint::{Report, Selection, check};
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, OnceLock};
use std::time::Instant;

/// Cases in a plain `cargo test`.
const DEFAULT_CASES: usize = 2000;
const DEFAULT_SEED: u64 = 0x5eed;
/// One case in this many also runs the fix engine.
const FIX_EVERY: usize = 10;
/// Cases that run the binary when the case count is [`DEFAULT_CASES`].
const DEFAULT_BIN_CASES: usize = 100;
/// The untouched neighbour: a failing fixture whose findings are known.
const OK_FIXTURE: &str = "testdata/rules/WIF003/fail_jsonencode/main.tf";
/// Failures printed in full; the rest are counted.
const SHOWN_FAILURES: usize = 20;
/// Size of the huge string.
const HUGE: usize = 200_000;

// ---------------------------------------------------------------------------------------------
// Configuration and generator
// ---------------------------------------------------------------------------------------------

struct Config {
    seed: u64,
    cases: usize,
    only: Option<usize>,
    bin_cases: usize,
}

fn env_number(name: &str) -> Option<u64> {
    let raw = std::env::var(name).ok()?;
    let raw = raw.trim().replace('_', "");
    let parsed = match raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => raw.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={raw:?} is not a number: {e}")))
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let cases = env_number("IRSA_LINT_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize);
        let scaled = (cases * DEFAULT_BIN_CASES).div_ceil(DEFAULT_CASES);
        Config {
            seed: env_number("IRSA_LINT_FUZZ_SEED").unwrap_or(DEFAULT_SEED),
            cases,
            only: env_number("IRSA_LINT_FUZZ_CASE").map(|n| n as usize),
            bin_cases: env_number("IRSA_LINT_FUZZ_BIN_CASES")
                .map_or(scaled, |n| n as usize)
                .min(cases),
        }
    })
}

/// SplitMix64: small, fast and good enough to spread cases; one stream per case, so a case
/// reproduces on its own.
struct Rng(u64);

impl Rng {
    fn for_case(seed: u64, case: usize) -> Rng {
        let mut rng = Rng(seed ^ (case as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A fixture directory, read once: its files by relative path.
struct Fixture {
    name: String,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// The test harness's own files in a case: expected output (`expected.txt`,
/// `expected.all.txt`, the `expected.fixed/` trees) and `select.txt`. They are not part of it.
fn is_harness_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("expected.") || n == "select.txt")
}

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if is_harness_file(&path) {
            continue;
        }
        if path.is_dir() {
            read_tree(root, &path, out);
        } else {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let rel = path
                .strip_prefix(root)
                .expect("below its root")
                .to_path_buf();
            out.push((rel, bytes));
        }
    }
}

fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut dirs = vec![testdata().join("example")];
        let rules = testdata().join("rules");
        for rule in std::fs::read_dir(&rules).expect("testdata/rules is readable") {
            let rule = rule.expect("readable directory entry").path();
            for case in std::fs::read_dir(&rule).expect("a rule directory is readable") {
                let case = case.expect("readable directory entry").path();
                if case.is_dir() {
                    dirs.push(case);
                }
            }
        }
        dirs.sort();
        let out: Vec<Fixture> = dirs
            .into_iter()
            .map(|dir| {
                let mut files = Vec::new();
                read_tree(&dir, &dir, &mut files);
                files.sort();
                let name = dir
                    .strip_prefix(testdata())
                    .expect("below testdata")
                    .display()
                    .to_string();
                Fixture { name, files }
            })
            .filter(|f| !f.files.is_empty())
            .collect();
        assert!(out.len() > 100, "only {} fixture directories", out.len());
        out
    })
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

/// One generated case: a fixture, the file of it that is mutated, and the new bytes.
struct Case {
    index: usize,
    seed: u64,
    fixture: &'static Fixture,
    file: PathBuf,
    kind: &'static str,
    mutation: String,
    bytes: Vec<u8>,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "case {} ({}, {}: {}, {}); reproduce with IRSA_LINT_FUZZ_SEED={:#x} \
             IRSA_LINT_FUZZ_CASE={} cargo test --test robustness",
            self.index,
            self.fixture.name,
            self.file.display(),
            self.kind,
            self.mutation,
            self.seed,
            self.index
        )
    }
}

const NON_ASCII: [&str; 8] = ["é", "ˆ", "中", "😀", "\u{301}", "ß", "İ", "ﬀ"];
const INSERTS: [&[u8]; 6] = [
    b"${",
    b"\"",
    b"<<EOF\n",
    b"%{ for x in y }",
    b"}}}]]",
    b"\xff\xfe",
];
const CONTROLS: [&[u8]; 7] = [
    b"\x1b",
    b"\x1b[2J",
    b"\x1b]0;title\x07",
    b"\r",
    b"\x7f",
    "\u{85}".as_bytes(),
    "\u{202e}".as_bytes(),
];
/// Lines holding one of these carry issuer URLs, ARNs or condition keys.
const HOT: [&str; 8] = [
    "oidc",
    "arn:",
    "https://",
    ":sub",
    ":aud",
    "amazonaws",
    "token.actions",
    "issuer",
];

/// Byte offsets of ASCII characters inside string literals (`"…"` on one line, as HCL and
/// JSON write them), and those of them on lines that name an issuer, ARN or claim key.
struct Positions {
    strings: Vec<usize>,
    hot: Vec<usize>,
}

fn positions(text: &[u8]) -> Positions {
    let mut strings = Vec::new();
    let mut hot = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        let lossy = String::from_utf8_lossy(line);
        let is_hot = HOT.iter().any(|h| lossy.contains(h));
        let mut inside = false;
        let mut escaped = false;
        for (i, &b) in line.iter().enumerate() {
            if inside && b == b'"' && !escaped {
                inside = false;
            } else if !inside && b == b'"' {
                inside = true;
            } else if inside && b.is_ascii() && b != b'\n' && b != b'\r' {
                strings.push(start + i);
                if is_hot {
                    hot.push(start + i);
                }
            }
            escaped = inside && b == b'\\' && !escaped;
        }
        start += line.len();
    }
    Positions { strings, hot }
}

/// Mostly a position inside a string literal (on an issuer/ARN/key line when there is one).
fn in_string(text: &[u8], rng: &mut Rng) -> Option<usize> {
    let p = positions(text);
    let roll = rng.below(10);
    if roll < 5 && !p.hot.is_empty() {
        Some(*rng.pick(&p.hot))
    } else if roll < 8 && !p.strings.is_empty() {
        Some(*rng.pick(&p.strings))
    } else {
        None
    }
}

/// Where to insert: [`in_string`], else anywhere in `0..=len`.
fn insert_position(text: &[u8], rng: &mut Rng) -> usize {
    in_string(text, rng).unwrap_or_else(|| rng.below(text.len() + 1))
}

/// Which ASCII byte to replace: [`in_string`], else any ASCII byte (none in an empty file).
fn replace_position(text: &[u8], rng: &mut Rng) -> Option<usize> {
    in_string(text, rng).or_else(|| {
        let any: Vec<usize> = (0..text.len()).filter(|&i| text[i].is_ascii()).collect();
        (!any.is_empty()).then(|| *rng.pick(&any))
    })
}

fn insert(text: &[u8], at: usize, what: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    out.splice(at..at, what.iter().copied());
    out
}

/// The kinds of mutation, in the order [`mutate`] numbers them.
const KINDS: [&str; 10] = [
    "truncation",
    "random bytes",
    "non-ASCII characters",
    "insertion",
    "BOM",
    "CRLF",
    "NUL",
    "control character",
    "duplicated key line",
    "huge string",
];

/// Applies one random mutation; returns the new bytes, the kind and what was done.
fn mutate(text: &[u8], rng: &mut Rng) -> (Vec<u8>, &'static str, String) {
    // The huge string has a quarter of the weight of the others: it is ten times as slow.
    let others = KINDS.len() - 1;
    let kind = match rng.below(4 * others + 1) {
        k if k == 4 * others => others,
        k => k / 4,
    };
    let (bytes, what) = mutate_as(kind, text, rng);
    (bytes, KINDS[kind], what)
}

fn mutate_as(kind: usize, text: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let len = text.len();
    match kind {
        0 => {
            let at = rng.below(len + 1);
            (
                text[..at].to_vec(),
                format!("truncated at byte {at} of {len}"),
            )
        }
        1 => {
            let mut out = text.to_vec();
            let n = *rng.pick(&[1, 2, 4, 8]);
            let mut done = Vec::new();
            for _ in 0..n {
                if out.is_empty() {
                    break;
                }
                let i = rng.below(out.len());
                let b = rng.below(256) as u8;
                done.push(format!("{i}: {:#04x} -> {b:#04x}", out[i]));
                out[i] = b;
            }
            (out, format!("bytes set [{}]", done.join(", ")))
        }
        2 => {
            let mut at: Vec<(usize, &str)> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                if let Some(p) = replace_position(text, rng) {
                    at.push((p, *rng.pick(&NON_ASCII)));
                }
            }
            at.sort();
            at.dedup_by_key(|(p, _)| *p);
            let mut out = text.to_vec();
            for &(p, c) in at.iter().rev() {
                out.splice(p..p + 1, c.bytes());
            }
            let shown: Vec<String> = at.iter().map(|(p, c)| format!("{p}: {c:?}")).collect();
            (out, format!("characters replaced [{}]", shown.join(", ")))
        }
        3 => {
            let what = *rng.pick(&INSERTS);
            let at = insert_position(text, rng);
            (
                insert(text, at, what),
                format!("{:?} inserted at byte {at}", String::from_utf8_lossy(what)),
            )
        }
        4 => (
            insert(text, 0, "\u{feff}".as_bytes()),
            "UTF-8 BOM prepended".into(),
        ),
        5 => {
            let mut out = Vec::with_capacity(len + len / 20);
            for (i, &b) in text.iter().enumerate() {
                if b == b'\n' && (i == 0 || text[i - 1] != b'\r') {
                    out.push(b'\r');
                }
                out.push(b);
            }
            (out, "line ends converted to CRLF".into())
        }
        6 => {
            let at = insert_position(text, rng);
            (
                insert(text, at, b"\0"),
                format!("NUL inserted at byte {at}"),
            )
        }
        7 => {
            let what = *rng.pick(&CONTROLS);
            let at = insert_position(text, rng);
            (
                insert(text, at, what),
                format!("{:?} inserted at byte {at}", String::from_utf8_lossy(what)),
            )
        }
        8 => {
            let lines: Vec<(usize, &[u8])> = text
                .split_inclusive(|&b| b == b'\n')
                .scan(0, |start, line| {
                    let at = *start;
                    *start += line.len();
                    Some((at, line))
                })
                .collect();
            let keys: Vec<&(usize, &[u8])> = lines
                .iter()
                .filter(|(_, l)| l.contains(&b'=') || l.windows(2).any(|w| w == b"\":"))
                .collect();
            let Some(&&(at, line)) = (!keys.is_empty()).then(|| rng.pick(&keys)) else {
                return (text.to_vec(), "no key line to duplicate".into());
            };
            let mut copy = line.to_vec();
            if !copy.ends_with(b"\n") {
                copy.insert(0, b'\n');
            }
            let end = at + line.len();
            (
                insert(text, end, &copy),
                format!("line at byte {at} duplicated"),
            )
        }
        _ => {
            let at = insert_position(text, rng);
            let huge = vec![b'a'; HUGE];
            (
                insert(text, at, &huge),
                format!("{HUGE}-byte string inserted at byte {at}"),
            )
        }
    }
}

fn is_target(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "tf" || e == "json" || e == "tpl")
}

fn make_case(cfg: &Config, index: usize) -> Case {
    let all = fixtures();
    let mut rng = Rng::for_case(cfg.seed, index);
    // Round-robin from a seed-dependent start: every fixture is used once per `all.len()` cases.
    let fixture = &all[(index + (cfg.seed as usize % all.len())) % all.len()];
    let tf: Vec<&PathBuf> = fixture
        .files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    let siblings: Vec<&PathBuf> = fixture
        .files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| is_target(p) && !tf.contains(p))
        .collect();
    let file = if !siblings.is_empty() && (tf.is_empty() || rng.one_in(2)) {
        (*rng.pick(&siblings)).clone()
    } else if !tf.is_empty() {
        (*rng.pick(&tf)).clone()
    } else {
        rng.pick(&fixture.files).0.clone()
    };
    let original = &fixture
        .files
        .iter()
        .find(|(p, _)| *p == file)
        .expect("the picked file is in the fixture")
        .1;
    let (bytes, kind, mutation) = mutate(original, &mut rng);
    Case {
        index,
        seed: cfg.seed,
        fixture,
        file,
        kind,
        mutation,
        bytes,
    }
}

/// Writes `case/` (the fixture with the mutated file) and `ok/main.tf` under `root`.
fn write_tree(case: &Case, root: &Path) {
    for (rel, bytes) in &case.fixture.files {
        let dest = root.join("case").join(rel);
        std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("mkdir in temp tree");
        let bytes = if *rel == case.file {
            &case.bytes
        } else {
            bytes
        };
        std::fs::write(&dest, bytes).expect("write into temp tree");
    }
    write_ok(root);
}

fn write_ok(root: &Path) {
    std::fs::create_dir_all(root.join("ok")).expect("mkdir ok/");
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(OK_FIXTURE))
        .expect("the ok/ fixture is readable");
    std::fs::write(root.join("ok/main.tf"), text).expect("write ok/main.tf");
}

// ---------------------------------------------------------------------------------------------
// What a report must look like
// ---------------------------------------------------------------------------------------------

/// Returns early with a formatted error when `cond` fails.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// A finding, as the `ok/` comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    code: String,
    severity: String,
    start: (usize, usize),
    end: (usize, usize),
    message: String,
}

/// The findings of the file at `path` in a library report.
fn findings_in(report: &Report, path: &Path) -> Vec<Finding> {
    report
        .diagnostics
        .iter()
        .filter(|d| report.sources.get(d.span.file).path == path)
        .map(|d| {
            let file = report.sources.get(d.span.file);
            let (s, e) = (file.position(d.span.start), file.position(d.span.end));
            Finding {
                code: d.rule.code.to_string(),
                severity: d.severity.as_str().to_string(),
                start: (s.line, s.column),
                end: (e.line, e.column),
                message: d.message.clone(),
            }
        })
        .collect()
}

/// The findings of the file `path` (as shown) in a JSON report.
fn findings_in_json(report: &serde_json::Value, path: &str) -> Vec<Finding> {
    let at = |d: &serde_json::Value, end: &str| {
        let p = &d["range"][end];
        (
            p["line"].as_u64().unwrap_or(0) as usize,
            p["column"].as_u64().unwrap_or(0) as usize,
        )
    };
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["path"] == path)
        .map(|d| Finding {
            code: d["code"].as_str().unwrap_or_default().to_string(),
            severity: d["severity"].as_str().unwrap_or_default().to_string(),
            start: at(d, "start"),
            end: at(d, "end"),
            message: d["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// What `ok/` gives when analysed alone, and its fixed text: computed once.
struct Expected {
    findings: Vec<Finding>,
    fixed: Option<String>,
}

fn expected() -> &'static Expected {
    static EXPECTED: OnceLock<Expected> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        write_ok(tmp.path());
        let paths = [tmp.path().to_path_buf()];
        let report = check(&paths, &Selection::default());
        let findings = findings_in(&report, &tmp.path().join("ok/main.tf"));
        assert!(
            !findings.is_empty(),
            "{OK_FIXTURE} must have findings, or losing them would go unnoticed"
        );
        assert_eq!(
            findings.len(),
            report.diagnostics.len(),
            "ok/ alone: every finding is in ok/main.tf"
        );
        let (_, outcome) = fix(&paths, &Options::default(), true);
        let fixed = outcome
            .changed
            .into_iter()
            .find(|(p, _, _)| p.ends_with("ok/main.tf"))
            .map(|(_, _, new)| new);
        Expected { findings, fixed }
    })
}

/// Characters a no-colour human report must never print raw (terminal and bidi controls).
fn unsafe_in_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal or CI log: no control character, no workflow command.
fn terminal_safe(what: &str, text: &str) -> Result<(), String> {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| unsafe_in_terminal(c)) {
        return Err(format!(
            "{what} prints the raw control character {c:?} at byte {i}: {:?}",
            context(text, i)
        ));
    }
    if let Some(line) = text
        .lines()
        .find(|l| l.trim_start().starts_with("::") || l.contains("##["))
    {
        return Err(format!("{what} has a workflow command line: {line:?}"));
    }
    Ok(())
}

/// Up to 80 bytes around `at`, on character boundaries.
fn context(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// Every span of a report lies on character boundaries inside its file.
fn spans_in_bounds(report: &Report) -> Result<(), String> {
    let files = report.sources.len();
    for d in &report.diagnostics {
        let mut spans = vec![("primary span", d.span)];
        spans.extend(d.labels.iter().map(|l| ("label", l.span)));
        if let Some(f) = &d.fix {
            spans.extend(f.edits.iter().map(|e| ("fix edit", e.span)));
        }
        for (what, span) in spans {
            ensure!(
                (span.file.0 as usize) < files,
                "{} {what}: file id {} of {files}",
                d.rule.code,
                span.file.0
            );
            let file = report.sources.get(span.file);
            let text = &file.text;
            ensure!(
                span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end),
                "{} {what} {}..{} out of bounds or not on character boundaries in {} ({} bytes): {}",
                d.rule.code,
                span.start,
                span.end,
                file.display_path,
                text.len(),
                d.message
            );
        }
    }
    Ok(())
}

/// The checks every report passes, whatever the input.
fn well_formed(report: &Report) -> Result<(), String> {
    let n = report.diagnostics.len();
    ensure!(
        report.walk_errors.is_empty(),
        "walk errors (a panic in a module shows here): {:?}",
        report.walk_errors
    );
    spans_in_bounds(report)?;

    let text = json::render(report);
    let parsed: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("JSON report does not parse: {e}"))?;
    let codes: Vec<&str> = parsed["diagnostics"]
        .as_array()
        .ok_or("JSON report has no diagnostics array")?
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("?"))
        .collect();
    let want: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
    ensure!(codes == want, "JSON diagnostics {codes:?}, report {want:?}");

    let text = sarif::render(report);
    let parsed: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("SARIF does not parse: {e}"))?;
    ensure!(
        parsed["version"] == "2.1.0",
        "SARIF version {}",
        parsed["version"]
    );
    let results = parsed["runs"][0]["results"].as_array().map(Vec::len);
    ensure!(
        results == Some(n),
        "SARIF has {results:?} results for {n} diagnostics"
    );

    let text = github::render(report);
    let lines: Vec<&str> = text.split('\n').collect();
    ensure!(
        text.ends_with('\n') && lines.len() == n + 2,
        "GitHub output has {} lines for {n} diagnostics and a summary: {text:?}",
        lines.len() - 1
    );
    for (line, d) in lines.iter().zip(&report.diagnostics) {
        let level = match d.severity {
            irsa_lint::Severity::Error => "::error file=",
            irsa_lint::Severity::Warning => "::warning file=",
            irsa_lint::Severity::Info => "::notice file=",
        };
        ensure!(
            line.starts_with(level) && !line.contains('\r'),
            "GitHub line is not one {level}… command: {line:?}"
        );
    }
    ensure!(
        lines[n].starts_with("irsa-lint: "),
        "GitHub summary line: {:?}",
        lines[n]
    );

    let text = human::render(
        report,
        human::HumanOptions {
            color: false,
            width: 80,
            unicode: true,
        },
    );
    ensure!(
        text.ends_with(".\n"),
        "human report lacks its summary: {:?}",
        context(&text, text.len())
    );
    terminal_safe("human report", &text)?;

    let text = inventory::render_json(report);
    let parsed: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("inventory JSON does not parse: {e}"))?;
    let entries = parsed.as_array().map(Vec::len);
    ensure!(
        entries == Some(report.trust_policies.len()),
        "inventory has {entries:?} entries for {} policies",
        report.trust_policies.len()
    );
    terminal_safe("human inventory", &inventory::render_human(report))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Running cases
// ---------------------------------------------------------------------------------------------

/// Panic messages seen by the hook, so a panic that the pipeline caught (it reports the module
/// as a walk error) can be shown with its location.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn install_panic_recorder() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // The suite's own failures reach `run_cases` as payloads; only record the others.
            if let Some(l) = info.location().filter(|l| !l.file().starts_with("tests/")) {
                PANICS
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!(
                        "panicked at {}:{}:{}: {payload}",
                        l.file(),
                        l.line(),
                        l.column()
                    ));
            }
            default(info);
        }));
    });
}

fn panic_mark() -> usize {
    PANICS.lock().unwrap_or_else(|e| e.into_inner()).len()
}

/// The panics recorded since `mark` (of any test running at the time), one line each.
fn panics_since(mark: usize) -> String {
    let mut panics: Vec<String> = PANICS.lock().unwrap_or_else(|e| e.into_inner())[mark..].to_vec();
    panics.dedup();
    panics
        .iter()
        .map(|p| format!("\n  recorded: {p}"))
        .collect()
}

/// Runs `body` on each selected case in its own temp tree; fails with every failing case.
/// With `IRSA_LINT_FUZZ_CASE`, every test runs that one case and keeps its tree.
fn run_cases(
    what: &str,
    selected: impl Fn(usize) -> bool,
    body: impl Fn(&Case, &Path) -> Result<(), String>,
) {
    install_panic_recorder();
    let cfg = config();
    let indices: Vec<usize> = match cfg.only {
        Some(i) => vec![i],
        None => (0..cfg.cases).filter(|&i| selected(i)).collect(),
    };
    let started = Instant::now();
    let mut failures = Vec::new();
    // The slowest case, for campaigns: a mutation that makes the work explode shows here.
    let mut slowest = (0.0, None);
    for &i in &indices {
        let case = make_case(cfg, i);
        let tmp = tempfile::tempdir().expect("tempdir");
        write_tree(&case, tmp.path());
        let mark = panic_mark();
        let case_started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| body(&case, tmp.path())));
        let took = case_started.elapsed().as_secs_f64();
        if took > slowest.0 {
            slowest = (took, Some(i));
        }
        let error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(payload) => Some(format!(
                "panicked: {}",
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
        };
        if let Some(error) = error {
            failures.push(format!("{case}\n  {error}{}", panics_since(mark)));
        }
        if cfg.only.is_some() {
            eprintln!("{case}\n  tree kept at {}", tmp.keep().display());
        }
    }
    eprintln!(
        "{what}: {} cases (seed {:#x}) in {:.1} s, {} failed; slowest: case {} ({:.2} s)",
        indices.len(),
        cfg.seed,
        started.elapsed().as_secs_f64(),
        failures.len(),
        slowest.1.map_or("-".to_string(), |i| i.to_string()),
        slowest.0
    );
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(SHOWN_FAILURES).collect();
        panic!(
            "{what}: {} of {} cases failed:\n\n{}{}",
            failures.len(),
            indices.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
            if failures.len() > SHOWN_FAILURES {
                format!("\n\n… and {} more", failures.len() - SHOWN_FAILURES)
            } else {
                String::new()
            }
        );
    }
}

/// The library pipeline and every renderer; `ok/` keeps its findings. Two mutations must not
/// change any finding: CRLF line ends, and a BOM on a `.tf` file (Terraform ignores it).
fn library_case(case: &Case, root: &Path) -> Result<(), String> {
    let options = Options {
        keep_policies: true,
        ..Options::default()
    };
    let report = check_with(&[root.to_path_buf()], &options);
    well_formed(&report)?;
    let ok = findings_in(&report, &root.join("ok/main.tf"));
    let want = &expected().findings;
    ensure!(
        ok == *want,
        "the findings of the untouched ok/main.tf changed:\n  expected {want:?}\n  got      {ok:?}"
    );
    let neutral = match case.kind {
        "CRLF" => true,
        // A second BOM is not ignored: only a file without one keeps its findings.
        "BOM" => {
            case.file.extension().is_some_and(|e| e == "tf")
                && !case.fixture.files.iter().any(|(rel, bytes)| {
                    case.file.ends_with(rel) && bytes.starts_with("\u{feff}".as_bytes())
                })
        }
        _ => false,
    };
    if neutral {
        let unmutated = tempfile::tempdir().expect("tempdir");
        for (rel, bytes) in &case.fixture.files {
            let dest = unmutated.path().join("case").join(rel);
            std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(&dest, bytes).expect("write into temp tree");
        }
        let before = check(&[unmutated.path().to_path_buf()], &Selection::default());
        let mut want = findings_under(&before, &unmutated.path().join("case"));
        let mut got = findings_under(&report, &root.join("case"));
        if case.kind == "CRLF" {
            // A parse error may stop at the `\r` rather than the `\n`: compare where it starts.
            for (_, f) in want.iter_mut().chain(got.iter_mut()) {
                if f.code == "PARSE" {
                    f.start.1 = 0;
                    f.end = (0, 0);
                }
            }
        }
        ensure!(
            got == want,
            "{} changed the findings:\n  without it {want:?}\n  with it    {got:?}",
            case.kind
        );
    }
    Ok(())
}

/// The findings of every file under `dir`, by path relative to it.
fn findings_under(report: &Report, dir: &Path) -> Vec<(PathBuf, Finding)> {
    let mut paths: Vec<PathBuf> = report
        .sources
        .ids()
        .into_iter()
        .map(|id| report.sources.get(id).path.clone())
        .filter(|p| p.starts_with(dir))
        .collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .flat_map(|p| {
            let rel = p.strip_prefix(dir).expect("below dir").to_path_buf();
            findings_in(report, &p)
                .into_iter()
                .map(move |f| (rel.clone(), f))
        })
        .collect()
}

/// Every file under `root`, by path.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = Vec::new();
    read_tree(root, root, &mut files);
    files.into_iter().map(|(p, b)| (root.join(p), b)).collect()
}

/// True when the text has line breaks and each is a CRLF.
fn all_crlf(text: &str) -> bool {
    let lf = text.matches('\n').count();
    lf > 0 && text.matches("\r\n").count() == lf
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// Parses `text` as the fix engine validates a file of that name.
fn parses(path: &Path, text: &str) -> bool {
    let name = path.to_string_lossy();
    if name.ends_with(".tf") {
        hcl_edit::parser::parse_body(text).is_ok()
    } else if name.ends_with(".json") {
        serde_json::from_str::<serde_json::Value>(text).is_ok()
    } else {
        hcl_edit::parser::parse_template(text).is_ok()
    }
}

/// Unsafe fixes on the mutated tree, written into it.
fn fix_case(_: &Case, root: &Path) -> Result<(), String> {
    let paths = [root.to_path_buf()];
    let before = snapshot(root);
    let (after, outcome) = fix(&paths, &Options::default(), true);
    well_formed(&after).map_err(|e| format!("report after fixing: {e}"))?;
    for (path, message) in &outcome.rejected {
        let original = before.get(path).map(|b| String::from_utf8_lossy(b));
        ensure!(
            !original.is_some_and(|t| parses(path, &t)),
            "a fix made {} unparsable although it parsed before: {message}",
            path.display()
        );
    }
    let ok_path = root.join("ok/main.tf");
    for (path, old, new) in &outcome.changed {
        ensure!(
            before.get(path).map(Vec::as_slice) == Some(old.as_bytes()),
            "fix of {}: the text it started from is not the file on disk",
            path.display()
        );
        ensure!(
            !parses(path, old) || parses(path, new),
            "a fix made {} unparsable although it parsed before",
            path.display()
        );
        ensure!(
            !old.starts_with('\u{feff}') || new.starts_with('\u{feff}'),
            "a fix removed the byte-order mark of {}",
            path.display()
        );
        ensure!(
            !all_crlf(old) || all_crlf(new),
            "a fix put a bare LF into {}, whose lines all end in CRLF",
            path.display()
        );
        ensure!(
            old.contains('\r') || !new.contains('\r'),
            "a fix put a CR into {}, which had none",
            path.display()
        );
    }
    let modes: Vec<(PathBuf, u32)> = outcome
        .changed
        .iter()
        .map(|(p, _, _)| (p.clone(), mode(p)))
        .collect();
    let ok_fixed = outcome
        .changed
        .iter()
        .find(|(p, _, _)| *p == ok_path)
        .map(|(_, _, new)| new);
    ensure!(
        ok_fixed == expected().fixed.as_ref(),
        "the fixes of the untouched ok/main.tf changed: expected {:?}, got {ok_fixed:?}",
        expected().fixed
    );

    for w in write_fixes(&outcome, &scan_roots(&paths)) {
        ensure!(
            w.result.is_ok(),
            "writing {} failed: {:?}",
            w.path.display(),
            w.result
        );
    }
    for (path, was) in modes {
        let now = mode(&path);
        ensure!(
            now == was,
            "writing {} changed its mode from {was:o} to {now:o}",
            path.display()
        );
    }
    let written = snapshot(root);
    let leftovers: Vec<&PathBuf> = written
        .keys()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".irsa-lint-"))
        })
        .collect();
    ensure!(
        leftovers.is_empty(),
        "temp files left behind: {leftovers:?}"
    );
    ensure!(
        written.keys().eq(before.keys()),
        "writing fixes changed the set of files: before {:?}, after {:?}",
        before.keys().collect::<Vec<_>>(),
        written.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &written {
        let want = outcome
            .changed
            .iter()
            .find(|(p, _, _)| p == path)
            .map_or(before[path].as_slice(), |(_, _, new)| new.as_bytes());
        ensure!(
            bytes.as_slice() == want,
            "{} on disk ({} bytes) is not the fixed text ({} bytes)",
            path.display(),
            bytes.len(),
            want.len()
        );
    }

    let (_, again) = fix(&paths, &Options::default(), true);
    if let Some((path, old, new)) = again.changed.first() {
        return Err(format!(
            "fixing twice changes {} again (not idempotent):\n{}",
            path.display(),
            similar::TextDiff::from_lines(old, new).unified_diff()
        ));
    }
    Ok(())
}

fn irsa_lint(root: &Path, format: &[&str]) -> Result<std::process::Output, String> {
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("irsa-lint"))
        .current_dir(root)
        .args(["check", "--isolated", "--fail-on", "never"])
        .args(format)
        .arg(".")
        .env_remove("NO_COLOR")
        .output()
        .map_err(|e| format!("cannot run irsa-lint: {e}"))
}

fn clean_exit(what: &str, out: &std::process::Output) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    ensure!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: exit status {:?}; stderr: {stderr}",
        out.status
    );
    for bad in ["panicked", "RUST_BACKTRACE", "internal error"] {
        ensure!(
            !stderr.contains(bad),
            "{what}: stderr has {bad:?}: {stderr}"
        );
    }
    terminal_safe(&format!("{what}: stderr"), &stderr)
}

/// The binary, in JSON and human format; its JSON agrees with the library.
fn binary_case(_: &Case, root: &Path) -> Result<(), String> {
    let out = irsa_lint(root, &["--format", "json"])?;
    clean_exit("--format json", &out)?;
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "--format json: stdout is not JSON ({e}): {:?}",
            String::from_utf8_lossy(&out.stdout)
        )
    })?;
    let library = check(&[root.to_path_buf()], &Selection::default());
    let count = report["diagnostics"].as_array().map(Vec::len);
    ensure!(
        count == Some(library.diagnostics.len()),
        "--format json: {count:?} diagnostics, the library finds {}",
        library.diagnostics.len()
    );
    let ok = findings_in_json(&report, "ok/main.tf");
    ensure!(
        ok == expected().findings,
        "--format json: the findings of ok/main.tf changed:\n  expected {:?}\n  got      {ok:?}",
        expected().findings
    );

    let out = irsa_lint(root, &["--format", "human", "--no-color"])?;
    clean_exit("--format human", &out)?;
    let text = String::from_utf8(out.stdout)
        .map_err(|e| format!("--format human: stdout is not UTF-8: {e}"))?;
    ensure!(
        text.ends_with(".\n"),
        "--format human: no summary line: {:?}",
        context(&text, text.len())
    );
    terminal_safe("--format human", &text)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

// Two halves, so the test harness runs them on two threads.
#[test]
fn mutated_trees_give_well_formed_reports_and_keep_other_findings_even() {
    run_cases(
        "library and renderers, even cases",
        |i| i % 2 == 0,
        library_case,
    );
}

#[test]
fn mutated_trees_give_well_formed_reports_and_keep_other_findings_odd() {
    run_cases(
        "library and renderers, odd cases",
        |i| i % 2 == 1,
        library_case,
    );
}

#[test]
fn fixes_on_mutated_trees_keep_files_whole_and_are_idempotent() {
    run_cases("fix engine", |i| i % FIX_EVERY == 0, fix_case);
}

#[test]
fn the_binary_survives_mutated_trees() {
    let cfg = config();
    let stride = cfg.cases.div_ceil(cfg.bin_cases.max(1)).max(1);
    run_cases(
        "binary",
        |i| cfg.bin_cases > 0 && i % stride == stride / 2,
        binary_case,
    );
}

#[test]
fn the_generator_makes_every_kind_of_mutation() {
    // The suite is only as good as its mutations: each kind must come up in the default run.
    let cfg = Config {
        seed: DEFAULT_SEED,
        cases: DEFAULT_CASES,
        only: None,
        bin_cases: 0,
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut siblings = 0;
    for i in 0..DEFAULT_CASES {
        let case = make_case(&cfg, i);
        *seen.entry(case.kind).or_default() += 1;
        if case.file.extension().is_none_or(|e| e != "tf") {
            siblings += 1;
        }
    }
    for kind in KINDS {
        let n = seen.get(kind).copied().unwrap_or(0);
        assert!(
            n >= DEFAULT_CASES / (8 * KINDS.len()),
            "only {n} {kind:?} mutations in {DEFAULT_CASES} cases: {seen:?}"
        );
    }
    assert!(
        siblings > DEFAULT_CASES / 50,
        "only {siblings} cases mutate a file()/templatefile() sibling"
    );
}

#[test]
fn hostile_files_are_reported_not_fatal() {
    install_panic_recorder();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("empty.tf"), "").expect("write");
    std::fs::write(dir.join("binary.tf"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    std::fs::write(
        dir.join("deep.tf"),
        format!(
            "locals {{\n  x = {}{}\n}}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("deep_json.tf"),
        format!(
            "resource \"aws_iam_role\" \"r\" {{\n  assume_role_policy = <<EOF\n{}{}\nEOF\n}}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .expect("write");
    let options = Options {
        keep_policies: true,
        ..Options::default()
    };
    let report = check_with(&[dir.to_path_buf()], &options);
    if let Err(e) = well_formed(&report) {
        panic!("hostile files: {e}");
    }
    let parse_errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "PARSE")
        .map(|d| report.sources.get(d.span.file).display_path.clone())
        .collect();
    assert!(
        parse_errors.iter().any(|p| p.ends_with("binary.tf")),
        "{parse_errors:?}"
    );
    assert!(
        parse_errors.iter().any(|p| p.ends_with("deep.tf")),
        "{parse_errors:?}"
    );
}
