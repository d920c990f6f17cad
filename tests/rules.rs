//! Fixture tests: every `testdata/rules/<CODE>/<case>/` directory is checked as its own
//! Terraform module with only `<CODE>` enabled (or the codes of its `select.txt`, which must
//! include `<CODE>`), so a change in one rule touches only that rule's fixtures; rules together
//! are `tests/interactions.rs`. A `fail_*` case must report `<CODE>`, a `pass_*` case must not,
//! and the full output must equal the case's `expected.txt` (run with `UPDATE_EXPECT=1` to
//! rewrite).

mod common;

use common::{
    Case, FIXED_DIR, FixedFiles, UNSAFE_FIXED_DIR, assert_no_failures, expect_fixed, expect_text,
    fixed_files, render, rule_cases, text_of, updating,
};
use irsa_lint::engine::config::Options;
use irsa_lint::{Selection, check};

/// The selection a case runs with: its own rule, or its `select.txt`.
fn selection_of(case: &Case) -> Result<Selection, String> {
    Ok(Selection {
        select: case.select()?,
        ignore: vec![],
    })
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    let cases = rule_cases();
    assert!(!cases.is_empty(), "no fixture cases found");
    for case in &cases {
        let Case { code, dir } = case;
        let selection = match selection_of(case) {
            Ok(selection) => selection,
            Err(e) => {
                failures.push(e);
                continue;
            }
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

/// What the fixes write, with the case's rules enabled: `expected.fixed/` holds the files the
/// safe fixes change, `expected.unsafe-fixed/` the files `--unsafe-fixes` changes when that
/// differs from the safe result; each holds only changed files, at their paths in the case.
#[test]
fn fixed_text_fixtures() {
    let mut failures = Vec::new();
    let (mut safe_cases, mut unsafe_cases) = (0, 0);
    for case in rule_cases() {
        let fixed = selection_of(&case).and_then(|selection| {
            let options = Options::from_selection(selection);
            Ok((
                fixed_files(&case.dir, &options, false)?,
                fixed_files(&case.dir, &options, true)?,
            ))
        });
        let (safe, unsafe_) = match fixed {
            Ok(fixed) => fixed,
            Err(e) => {
                failures.push(format!("{}: {e}", case.label()));
                continue;
            }
        };
        if unsafe_.is_empty() && !safe.is_empty() {
            failures.push(format!(
                "{}: the safe fixes change files, --unsafe-fixes changes none",
                case.label()
            ));
        }
        safe_cases += usize::from(!safe.is_empty());
        failures.extend(expect_fixed(&case.dir, FIXED_DIR, &safe));
        if unsafe_ != safe {
            unsafe_cases += 1;
            failures.extend(expect_fixed(&case.dir, UNSAFE_FIXED_DIR, &unsafe_));
        } else if !updating() && case.dir.join(UNSAFE_FIXED_DIR).exists() {
            failures.push(format!(
                "{}: --unsafe-fixes gives the safe result, so {UNSAFE_FIXED_DIR}/ must not \
                 exist (UPDATE_EXPECT=1 removes it)",
                case.label()
            ));
        } else {
            failures.extend(expect_fixed(
                &case.dir,
                UNSAFE_FIXED_DIR,
                &FixedFiles::new(),
            ));
        }
    }
    assert_no_failures("fixed-text", &failures);
    assert!(
        safe_cases >= 80 && unsafe_cases >= 50,
        "only {safe_cases} cases with safe fixes and {unsafe_cases} with other unsafe results"
    );
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
