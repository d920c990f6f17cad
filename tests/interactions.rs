//! Rules together: a chosen set of fixture cases run with every rule enabled, where
//! `tests/rules.rs` runs each case with its own rule alone. A case of `testdata/rules/` is in the
//! set when it has an `expected.all.txt` next to its `expected.txt` (same line format); the
//! bundled `testdata/example` is always in it. The set holds, for every pair of rules that fire
//! together on some fixture, at least one case where they do (`UPDATE_EXPECT=1` rewrites the
//! files of the set; it adds no case to it).

mod common;

use common::{assert_no_failures, expect_text, render, rule_cases, testdata, text_of};
use irsa_lint::{Selection, check};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The file that puts a case in the set, and holds its output with every rule enabled.
const ALL_RULES_FILE: &str = "expected.all.txt";

/// The cases of the set, each with the rules its own run in `tests/rules.rs` enables (none
/// for the example).
fn interaction_cases() -> Vec<(Vec<String>, PathBuf)> {
    let mut out: Vec<(Vec<String>, PathBuf)> = rule_cases()
        .into_iter()
        .filter(|c| c.dir.join(ALL_RULES_FILE).is_file())
        .map(|c| (c.select().unwrap_or_else(|e| panic!("{e}")), c.dir))
        .collect();
    out.push((Vec::new(), testdata("example")));
    out
}

#[test]
fn cases_with_every_rule_enabled() {
    let cases = interaction_cases();
    assert!(
        cases.len() >= 25,
        "only {} interaction cases (files named {ALL_RULES_FILE})",
        cases.len()
    );
    let mut failures = Vec::new();
    for (own, dir) in &cases {
        let report = check(std::slice::from_ref(dir), &Selection::default());
        let lines = render(&report, dir);
        // What makes it an interaction: a finding of a rule its own run does not enable (for
        // the example, findings of two rules at least).
        let codes: BTreeSet<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.rule.code)
            .filter(|c| !own.iter().any(|o| o == c))
            .collect();
        if codes.len() < 1 + usize::from(own.is_empty()) {
            failures.push(format!(
                "{}: no other rule fires here ({codes:?}); it does not belong in the set",
                dir.display()
            ));
        }
        failures.extend(expect_text(&dir.join(ALL_RULES_FILE), &text_of(&lines)));
    }
    assert_no_failures("interaction", &failures);
}
