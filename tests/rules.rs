//! Fixture tests: every `testdata/rules/<CODE>/<case>/` directory is checked as its own
//! Terraform module. A `fail_*` case must report `<CODE>`, a `pass_*` case must not, and the
//! full output must equal the case's `expected.txt` (run with `UPDATE_EXPECT=1` to rewrite).

use irsa_lint::{Selection, check};
use std::path::{Path, PathBuf};

fn case_dirs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(&root).expect("testdata/rules exists") {
        let rule = rule.expect("readable").path();
        let code = rule
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        for case in std::fs::read_dir(&rule).expect("readable rule dir") {
            let case = case.expect("readable").path();
            if case.is_dir() {
                out.push((code.clone(), case));
            }
        }
    }
    out.sort();
    out
}

/// One line per diagnostic: `file:line:col: CODE severity message [fix]`.
fn render(case: &Path) -> (Vec<String>, Vec<String>) {
    let report = check(&[case.to_path_buf()], &Selection::default());
    let mut lines = Vec::new();
    let mut codes = Vec::new();
    for d in &report.diagnostics {
        let f = report.sources.get(d.span.file);
        let p = f.position(d.span.start);
        let name = f
            .path
            .strip_prefix(case)
            .unwrap_or(&f.path)
            .to_string_lossy()
            .replace('\\', "/");
        let fix = d
            .fix
            .as_ref()
            .map(|f| format!(" [fix {:?}: {}]", f.applicability, f.description))
            .unwrap_or_default();
        lines.push(format!(
            "{name}:{}:{}: {} {} {}{fix}",
            p.line,
            p.column,
            d.rule.code,
            d.severity.as_str(),
            d.message
        ));
        codes.push(d.rule.code.to_string());
    }
    (lines, codes)
}

#[test]
fn rule_fixtures() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let cases = case_dirs();
    assert!(!cases.is_empty(), "no fixture cases found");
    for (code, case) in &cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let (lines, codes) = render(case);
        let fired = codes.iter().any(|c| c == code);
        if name.starts_with("fail") && !fired {
            failures.push(format!(
                "{}: expected {code}, got {codes:?}",
                case.display()
            ));
        }
        if name.starts_with("pass") && fired {
            failures.push(format!(
                "{}: {code} fired on a passing case:\n  {}",
                case.display(),
                lines.join("\n  ")
            ));
        }
        let actual = if lines.is_empty() {
            String::new()
        } else {
            lines.join("\n") + "\n"
        };
        let expected_path = case.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: output differs from expected.txt\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            )),
            Err(_) => failures.push(format!("{}: missing expected.txt; actual:\n{actual}", case.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Every rule has a doc page with the standard sections, and failing and passing fixtures.
#[test]
fn every_rule_has_docs_and_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = case_dirs();
    let mut problems = Vec::new();
    for meta in irsa_lint::rules::all_meta() {
        let doc_path = root.join(format!("docs/rules/{}.md", meta.code));
        match std::fs::read_to_string(&doc_path) {
            Ok(text) if text == meta.doc => {}
            Ok(_) => problems.push(format!(
                "{}: the compiled doc differs from {}",
                meta.code,
                doc_path.display()
            )),
            Err(_) => problems.push(format!("{}: missing {}", meta.code, doc_path.display())),
        }
        let title = format!("# {}: {}", meta.code, meta.name);
        if !meta.doc.starts_with(&title) {
            problems.push(format!("{}: doc must start with `{title}`", meta.code));
        }
        let why = if meta.kind == irsa_lint::base::diagnostic::Kind::Breaks {
            "## Why it breaks"
        } else {
            "## Why it matters"
        };
        for section in [
            "## What it detects",
            why,
            "## Bad",
            "## Good",
            "## Fix",
            "## References",
        ] {
            if !meta.doc.contains(section) {
                problems.push(format!("{}: doc lacks `{section}`", meta.code));
            }
        }
        let of_rule: Vec<_> = cases.iter().filter(|(c, _)| c == meta.code).collect();
        for prefix in ["fail", "pass"] {
            let has = of_rule.iter().any(|(_, p)| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
            });
            if !has {
                problems.push(format!(
                    "{}: no `{prefix}_*` fixture in testdata/rules/{}/",
                    meta.code, meta.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
