//! Cases that span several directories: each `testdata/repos/<case>/` is a small repository
//! (root modules, child module directories, shared policy files) checked as a whole with every
//! rule enabled. Its `expected.txt` holds the findings with paths relative to the case directory,
//! in the line format of `tests/rules.rs`; `expected.fixed/` and `expected.unsafe-fixed/` hold
//! what the fixes write, as for the rule fixtures (`UPDATE_EXPECT=1` rewrites all of them).

mod common;

use common::{
    FIXED_DIR, UNSAFE_FIXED_DIR, assert_no_failures, dirs_under, expect_fixed, expect_text,
    fixed_files, render, text_of,
};
use irsa_lint::engine::config::Options;
use irsa_lint::{Selection, check};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn repositories_with_every_rule_enabled() {
    let cases = dirs_under("repos");
    assert!(
        cases.len() >= 3,
        "only {} cases in testdata/repos",
        cases.len()
    );
    let mut failures = Vec::new();
    for dir in &cases {
        let report = check(std::slice::from_ref(dir), &Selection::default());
        let dirs: BTreeSet<_> = report
            .sources
            .ids()
            .into_iter()
            .filter_map(|id| report.sources.get(id).path.parent().map(Path::to_path_buf))
            .collect();
        if dirs.len() < 2 {
            failures.push(format!(
                "{}: files read from {} directory; a repository case spans several",
                dir.display(),
                dirs.len()
            ));
        }
        failures.extend(expect_text(
            &dir.join("expected.txt"),
            &text_of(&render(&report, dir)),
        ));
        let options = Options::default();
        match (
            fixed_files(dir, &options, false),
            fixed_files(dir, &options, true),
        ) {
            (Ok(safe), Ok(unsafe_)) => {
                let unsafe_ = if unsafe_ == safe {
                    Default::default()
                } else {
                    unsafe_
                };
                failures.extend(expect_fixed(dir, FIXED_DIR, &safe));
                failures.extend(expect_fixed(dir, UNSAFE_FIXED_DIR, &unsafe_));
            }
            (Err(e), _) | (_, Err(e)) => failures.push(format!("{}: {e}", dir.display())),
        }
    }
    assert_no_failures("repository", &failures);
}
