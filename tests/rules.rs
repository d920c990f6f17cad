//! Fixture tests: every `testdata/rules/<CODE>/<case>/` directory is checked as its own
//! Terraform module with only `<CODE>` enabled (or the codes of its `select.txt`, which must
//! include `<CODE>`), so a change in one rule touches only that rule's fixtures; rules together
//! are `tests/interactions.rs`. A `fail_*` case must report `<CODE>`, a `pass_*` case must not,
//! and the full output must equal the case's `expected.txt` (run with `UPDATE_EXPECT=1` to
//! rewrite).

mod common;

use common::{Case, assert_no_failures, expect_text, render, rule_cases, text_of};
use irsa_lint::{Selection, check};

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    let cases = rule_cases();
    assert!(!cases.is_empty(), "no fixture cases found");
    for case in &cases {
        let Case { code, dir } = case;
        let select = match case.select() {
            Ok(select) => select,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let selection = Selection {
            select,
            ignore: vec![],
        };
        let report = check(std::slice::from_ref(dir), &selection);
        let lines = render(&report, dir);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
        let fired = codes.contains(&code.as_str());
        if case.name().starts_with("fail") && !fired {
            failures.push(format!("{}: expected {code}, got {codes:?}", case.label()));
        }
        if case.name().starts_with("pass") && fired {
            failures.push(format!(
                "{}: {code} fired on a passing case:\n  {}",
                case.label(),
                lines.join("\n  ")
            ));
        }
        failures.extend(expect_text(&dir.join("expected.txt"), &text_of(&lines)));
    }
    assert_no_failures("fixture", &failures);
}

/// Every rule has a doc page with the standard sections, and failing and passing fixtures.
#[test]
fn every_rule_has_docs_and_fixtures() {
    let root = std::path::Path::new(common::ROOT);
    let cases = rule_cases();
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
        let why = if meta.kind == irsa_lint::diagnostic::Kind::Breaks {
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
        let of_rule: Vec<&Case> = cases.iter().filter(|c| c.code == meta.code).collect();
        for prefix in ["fail", "pass"] {
            let has = of_rule.iter().any(|c| c.name().starts_with(prefix));
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
