//! Malformed input never panics and always yields a well-formed report (SPEC §9): every
//! fixture is truncated, byte-flipped and spliced with `${`, quotes and huge strings, then run
//! through the whole pipeline and every renderer.

use irsa_lint::report::{human, json};
use irsa_lint::{Selection, check};
use std::path::{Path, PathBuf};

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() as usize) % n
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e == "tf" || e == "json" || e == "tpl")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs the pipeline on `dir` and checks that each renderer produces sane output.
fn run(dir: &Path, label: &str) {
    let report = check(&[dir.to_path_buf()], &Selection::default());
    let rendered = json::render(&report);
    let parsed: serde_json::Value = serde_json::from_str(&rendered)
        .unwrap_or_else(|e| panic!("{label}: JSON report does not parse: {e}"));
    assert_eq!(
        parsed["diagnostics"].as_array().map(Vec::len),
        Some(report.diagnostics.len()),
        "{label}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&irsa_lint::report::sarif::render(&report))
        .unwrap_or_else(|e| panic!("{label}: SARIF does not parse: {e}"));
    assert_eq!(sarif["version"], "2.1.0", "{label}");
    let github = irsa_lint::report::github::render(&report);
    assert_eq!(
        github.lines().filter(|l| l.starts_with("::")).count(),
        report.diagnostics.len(),
        "{label}: one workflow command per diagnostic"
    );
    let text = human::render(
        &report,
        human::HumanOptions {
            color: false,
            width: 80,
        },
    );
    assert!(
        text.ends_with(".\n"),
        "{label}: human report lacks its summary"
    );
    for d in &report.diagnostics {
        let file = report.sources.get(d.span.file);
        assert!(
            d.span.start <= d.span.end && d.span.end <= file.text.len(),
            "{label}: span out of bounds"
        );
    }
}

fn mutations(text: &[u8], rng: &mut Lcg) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for _ in 0..6 {
        out.push(text[..rng.below(text.len() + 1)].to_vec());
    }
    for _ in 0..6 {
        let mut t = text.to_vec();
        if !t.is_empty() {
            let i = rng.below(t.len());
            t[i] ^= 1 << rng.below(8);
        }
        out.push(t);
    }
    for insert in [
        &b"${"[..],
        b"\"",
        b"<<EOF\n",
        b"%{ for x in y }",
        b"}}}]]",
        b"\xff\xfe",
    ] {
        let mut t = text.to_vec();
        let i = rng.below(t.len() + 1);
        t.splice(i..i, insert.iter().copied());
        out.push(t);
    }
    let mut huge = text.to_vec();
    let i = rng.below(huge.len() + 1);
    huge.splice(i..i, std::iter::repeat_n(b'a', 200_000));
    out.push(huge);
    out
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut rng = Lcg(0x5eed);
    let files = fixtures();
    assert!(!files.is_empty());
    // A fixed sample keeps the test quick as fixtures grow; the generator varies the rest.
    let step = files.len().div_ceil(60).max(1);
    for path in files.into_iter().step_by(step) {
        let original = std::fs::read(&path).expect("readable fixture");
        let siblings: Vec<PathBuf> = std::fs::read_dir(path.parent().expect("has dir"))
            .expect("readable dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        for (i, mutated) in mutations(&original, &mut rng).into_iter().enumerate() {
            let tmp = tempfile::tempdir().expect("tempdir");
            for s in &siblings {
                let name = s.file_name().expect("file name");
                std::fs::copy(s, tmp.path().join(name)).expect("copy");
            }
            let name = path.file_name().expect("file name");
            std::fs::write(tmp.path().join(name), &mutated).expect("write");
            run(tmp.path(), &format!("{} mutation {i}", path.display()));
        }
    }
}

#[test]
fn hostile_files_are_reported_not_fatal() {
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
    run(dir, "hostile files");
    let report = check(&[dir.to_path_buf()], &Selection::default());
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
