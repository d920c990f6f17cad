//! The recognizer of files that parse (`input::parse::recognize`) against the parser itself:
//! it may say "not sure" of a file that parses, never "parses" of one that does not.
//!
//! * `recognizer_never_accepts_what_the_parser_refuses`: every `.tf` fixture under `testdata/`
//!   and `tests/`, and many deterministic mutations of each (truncations, deleted and doubled
//!   bytes, inserted quotes, brackets, template starts, heredoc openers, newlines, comments,
//!   a repeated attribute line);
//! * `recognizer_accepts_most_fixtures_that_parse`: so a recognizer that always says "not
//!   sure" fails;
//! * `measure_on_trees` (ignored): acceptance rate and throughput on the trees named in
//!   `IRSA_LINT_RECOGNIZE_DIRS` (`:`-separated), for `cargo test --release --test recognize --
//!   --ignored --nocapture`.

use irsa_lint::base::source::Sources;
use irsa_lint::input::parse::parse_loaded;
use irsa_lint::input::parse::recognize::parses_cleanly;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            tf_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "tf") {
            out.push(path);
        }
    }
}

fn fixtures() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    tf_files(&root.join("testdata"), &mut paths);
    tf_files(&root.join("tests"), &mut paths);
    paths
        .into_iter()
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
        .collect()
}

/// What the engine does with a `.tf` file's text.
fn parser_accepts(text: &str) -> bool {
    let sources = Sources::new();
    let id = sources.add(PathBuf::from("main.tf"), text.to_owned());
    parse_loaded(&sources, id).is_ok()
}

/// A linear congruential generator: deterministic, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INSERTS: [&str; 50] = [
    "\"",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "${",
    "%{",
    "=",
    "\n",
    "#",
    "<<EOF\n",
    "\nEOF\n",
    "\\",
    ",",
    " = = 1",
    "%{ endif }",
    "$${",
    "~}",
    "?",
    "\r",
    "\u{3000}",
    "é",
    "\t",
    "/*",
    "*/",
    "//",
    "<<-EOT\n",
    "EOT",
    "...",
    "::",
    "for ",
    " if ",
    "in(",
    ".0",
    "00",
    ":",
    "=>",
    "!",
    "&&",
    "-",
    "\"${",
    "}\"",
    "%{ else }",
    "%{ for x in y }",
    "%{ endfor }",
    "\n}\n",
    "a = 1\n",
    "\\u",
];

/// The byte offset nearest `at` that is a character boundary of `text`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Mutations of `text`, deterministic for one seed.
fn mutations(text: &str, seed: u64, count: usize) -> Vec<String> {
    let mut rng = Lcg(seed);
    let mut out = Vec::with_capacity(count);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for n in 0..count {
        let at = boundary(text, rng.below(text.len() + 1));
        let (head, tail) = text.split_at(at);
        let mutated = match n % 6 {
            // Truncation.
            0 => head.to_owned(),
            // A deleted character.
            1 => {
                let skip = tail.chars().next().map_or(0, char::len_utf8);
                format!("{head}{}", &tail[skip..])
            }
            // A doubled character.
            2 => {
                let c = tail.chars().next().map(String::from).unwrap_or_default();
                format!("{head}{c}{tail}")
            }
            // A repeated line (often an attribute, so a redefined key).
            3 if !lines.is_empty() => {
                let i = rng.below(lines.len());
                let mut lines = lines.clone();
                lines.insert(i, lines[i]);
                lines.concat()
            }
            // Two inserts, so one may close what the other opened.
            4 => {
                let a = INSERTS[rng.below(INSERTS.len())];
                let b = INSERTS[rng.below(INSERTS.len())];
                let at2 = boundary(tail, rng.below(tail.len().min(64) + 1));
                format!("{head}{a}{}{b}{}", &tail[..at2], &tail[at2..])
            }
            _ => format!("{head}{}{tail}", INSERTS[rng.below(INSERTS.len())]),
        };
        out.push(mutated);
    }
    out
}

/// Mutations per fixture: `IRSA_LINT_RECOGNIZE_MUTATIONS`, 24 unless set (a longer campaign:
/// `IRSA_LINT_RECOGNIZE_MUTATIONS=1000 cargo test --release --test recognize`).
fn mutation_count() -> usize {
    std::env::var("IRSA_LINT_RECOGNIZE_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

#[test]
fn recognizer_never_accepts_what_the_parser_refuses() {
    let fixtures = fixtures();
    let count = mutation_count();
    assert!(fixtures.len() > 100, "fixtures found: {}", fixtures.len());
    let mut accepted_mutants = 0;
    let mut refused_by_parser = 0;
    let mut checked = 0;
    for (k, (path, text)) in fixtures.iter().enumerate() {
        let variants = std::iter::once(text.clone()).chain(mutations(text, k as u64 + 1, count));
        for (n, variant) in variants.enumerate() {
            checked += 1;
            if !parses_cleanly(&variant) {
                continue;
            }
            let ok = parser_accepts(&variant);
            assert!(
                ok,
                "accepted a text the parser refuses: {} mutation {n}:\n{variant}",
                path.display()
            );
            if n > 0 {
                accepted_mutants += 1;
            }
        }
        // How many mutants the parser refuses, so the test is known to exercise refusals.
        for variant in mutations(text, k as u64 + 1, count).iter().take(6) {
            if !parser_accepts(variant) {
                refused_by_parser += 1;
            }
        }
    }
    assert!(checked > 10_000, "checked {checked}");
    assert!(
        accepted_mutants > 1000,
        "accepted mutants: {accepted_mutants}"
    );
    assert!(
        refused_by_parser > 1000,
        "refused mutants: {refused_by_parser}"
    );
}

#[test]
fn recognizer_accepts_most_fixtures_that_parse() {
    let mut parsed = 0;
    let mut refused = Vec::new();
    for (path, text) in fixtures() {
        if parser_accepts(&text) {
            parsed += 1;
            if !parses_cleanly(&text) {
                refused.push(path);
            }
        }
    }
    let accepted = parsed - refused.len();
    assert!(
        accepted * 100 >= parsed * 95,
        "accepted {accepted} of {parsed}; refused: {refused:#?}"
    );
}

#[test]
#[ignore = "measures; needs IRSA_LINT_RECOGNIZE_DIRS"]
fn measure_on_trees() {
    let dirs = std::env::var("IRSA_LINT_RECOGNIZE_DIRS").unwrap_or_default();
    for dir in dirs.split(':').filter(|d| !d.is_empty()) {
        let mut paths = Vec::new();
        tf_files(Path::new(dir), &mut paths);
        let texts: Vec<(PathBuf, String)> = paths
            .into_iter()
            .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
            .collect();
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        // Mutations of these files too, when asked (`IRSA_LINT_RECOGNIZE_MUTATIONS`).
        if std::env::var_os("IRSA_LINT_RECOGNIZE_MUTATIONS").is_some() {
            for (k, (path, text)) in texts.iter().enumerate() {
                for (n, variant) in mutations(text, k as u64 + 7, mutation_count())
                    .iter()
                    .enumerate()
                {
                    assert!(
                        !parses_cleanly(variant) || parser_accepts(variant),
                        "accepted a text the parser refuses: {} mutation {n}:\n{variant}",
                        path.display()
                    );
                }
            }
        }
        let (mut parsed, mut accepted, mut unsound) = (0, 0, 0);
        for (path, text) in &texts {
            let parses = parser_accepts(text);
            let recognized = parses_cleanly(text);
            parsed += usize::from(parses);
            accepted += usize::from(parses && recognized);
            if recognized && !parses {
                unsound += 1;
                println!("UNSOUND {}", path.display());
            }
            if parses && !recognized {
                println!("refused {}", path.display());
            }
        }
        let rounds = 5;
        let time = |f: &dyn Fn(&str) -> bool| {
            let mut best = Duration::MAX;
            for _ in 0..rounds {
                let start = Instant::now();
                let n = texts.iter().filter(|(_, t)| f(t)).count();
                std::hint::black_box(n);
                best = best.min(start.elapsed());
            }
            bytes as f64 / best.as_secs_f64() / 1e6
        };
        let recognizer = time(&|t| parses_cleanly(t));
        let hcl = time(&|t| hcl_edit::parser::parse_body(t).is_ok());
        println!(
            "{dir}: {} files, {bytes} bytes; parser accepts {parsed}, recognizer {accepted} \
             ({:.1}%), unsound {unsound}; recognizer {recognizer:.0} MB/s, hcl-edit {hcl:.1} MB/s",
            texts.len(),
            accepted as f64 * 100.0 / parsed.max(1) as f64
        );
        assert_eq!(unsound, 0);
    }
}
