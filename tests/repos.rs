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

/// `aws_eks_cluster.main` in `a/` and in `b/` are two clusters: the issuers the two trusts name
/// are qualified by their module, so they are never taken for one identity.
#[test]
fn same_address_in_two_directories_is_two_clusters() {
    use irsa_lint::value::{Issuer, Part, Shape};
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/repos/two-clusters");
    let options = Options {
        keep_policies: true,
        ..Options::default()
    };
    let report = irsa_lint::engine::check::check_with(std::slice::from_ref(&repo), &options);
    let mut issuers = Vec::new();
    for policy in &report.trust_policies {
        for st in &policy.statements {
            for c in &st.conditions {
                for part in &c.key.value.parts {
                    if let Part::Sym(sym) = part
                        && let Shape::IssuerHost(issuer @ Issuer::Cluster(address)) = &sym.shape
                    {
                        issuers.push((
                            address.module().to_path_buf(),
                            address.to_string(),
                            issuer.clone(),
                        ));
                    }
                }
            }
        }
    }
    issuers.dedup();
    let shown: Vec<(String, String)> = issuers
        .iter()
        .map(|(m, a, _)| {
            (
                m.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                a.clone(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("a".to_string(), "aws_eks_cluster.main".to_string()),
            ("b".to_string(), "aws_eks_cluster.main".to_string())
        ]
    );
    assert!(issuers[0].2.certainly_differs(&issuers[1].2));
    assert!(!issuers[0].2.certainly_differs(&issuers[0].2));
}
