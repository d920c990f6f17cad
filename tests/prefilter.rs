//! The pre-filter changes nothing: every fixture, the benchmark's generated tree and a tree
//! built to trip it give the same report (findings, fixes, counts, inventory) whether the
//! directories it rules out are skipped or parsed and analysed in full.

mod common;
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use common::{testdata, write};
use irsa_lint::engine::check::check_with;
use irsa_lint::engine::config::Options;
use std::path::{Path, PathBuf};

/// The report and the inventory of `root`, as JSON, with the run time left out.
fn outcome(root: &Path, parse_everything: bool) -> (serde_json::Value, String, usize) {
    let options = Options {
        parse_everything,
        ..Options::default()
    };
    let report = check_with(&[root.to_path_buf()], &options);
    let mut json: serde_json::Value =
        serde_json::from_str(&irsa_lint::report::json::render(&report)).expect("json report");
    if let Some(summary) = json.get_mut("summary").and_then(|s| s.as_object_mut()) {
        summary.remove("elapsed_ms");
    }
    let inventory = check_with(
        &[root.to_path_buf()],
        &Options {
            keep_policies: true,
            ..options
        },
    );
    let errors: Vec<String> = report
        .walk_errors
        .iter()
        .map(|e| format!("{}: {}", e.path.display(), e.message))
        .collect();
    json["walk_errors"] = serde_json::json!(errors);
    (
        json,
        irsa_lint::report::inventory::render_json(&inventory),
        report.unanalysed_files,
    )
}

/// Compares both ways on `root`; returns how many files the pre-filter ruled out.
fn assert_same(root: &Path) -> usize {
    let (filtered, filtered_inventory, ruled_out) = outcome(root, false);
    let (full, full_inventory, none) = outcome(root, true);
    assert_eq!(
        none,
        0,
        "{}: nothing is ruled out in a full run",
        root.display()
    );
    assert_eq!(
        filtered,
        full,
        "{}: the pre-filter changed the report",
        root.display()
    );
    assert_eq!(
        filtered_inventory,
        full_inventory,
        "{}: the pre-filter changed the inventory",
        root.display()
    );
    ruled_out
}

fn fixture_roots() -> Vec<PathBuf> {
    let mut roots = vec![testdata("example")];
    roots.extend(common::dirs_under("repos"));
    for rule in common::dirs_under("rules") {
        let cases = std::fs::read_dir(&rule).expect("rule dir");
        let mut cases: Vec<PathBuf> = cases
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        roots.extend(cases);
    }
    roots
}

#[test]
fn every_fixture_gives_the_same_report() {
    let roots = fixture_roots();
    assert!(roots.len() > 100, "{} fixture roots", roots.len());
    let ruled_out: usize = roots.iter().map(|r| assert_same(r)).sum();
    // Some fixtures have directories that cannot matter, so the comparison is not idle.
    assert!(ruled_out > 0);
}

#[test]
fn the_generated_tree_gives_the_same_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    corpus::generate(tmp.path(), 400);
    let ruled_out = assert_same(tmp.path());
    // Most stacks are ordinary: the pre-filter rules most files out.
    assert!(ruled_out > 200, "{ruled_out} files ruled out");
}

#[test]
fn a_tree_built_to_trip_the_pre_filter_gives_the_same_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    corpus::generate(root, 120);
    // Broken files where nothing is relevant: each must still be a PARSE finding.
    write(
        root,
        "plain/broken.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n",
    );
    write(root, "plain/ok.tf", "resource \"aws_s3_bucket\" \"c\" {}\n");
    write(
        root,
        "plain/split.tf",
        "locals {\n  a = \"one\n  two\"\n}\n",
    );
    write(
        root,
        "plain/broken.tf.json",
        "{\"resource\": {\"aws_s3_bucket\": {\"b\": {\"bucket\": }}}}",
    );
    std::fs::write(
        root.join("plain/latin1.tf"),
        b"locals { a = \"caf\xe9\" }\n",
    )
    .expect("write");
    write(
        root,
        "plain/repeated.tf",
        "resource \"aws_s3_bucket\" \"r\" {\n  bucket = \"a\"\n  bucket = \"b\"\n}\n",
    );
    // Ignore comments in files nothing reads: unused ones are reported either way.
    write(
        root,
        "plain/ignored.tf",
        "# irsa-lint:ignore-file WIF001\nresource \"aws_sns_topic\" \"t\" {}\n",
    );
    // A directory with nothing relevant that names another (a call, a string in a
    // description), both left out: the named one has a broken file too.
    write(
        root,
        "named/main.tf",
        "module \"net\" {\n  source = \"../plain\"\n}\nvariable \"v\" {\n  description = \"see ../other\"\n}\n",
    );
    write(
        root,
        "other/main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = [\n}\n",
    );
    // A relevant stack calling a directory with nothing relevant: that one is read again in
    // full, and its output reaches the trust.
    write(
        root,
        "account/main.tf",
        "output \"id\" {\n  value = \"111122223333\"\n}\noutput \"host\" {\n  value = \"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF\"\n}\n",
    );
    write(
        root,
        "irsa/main.tf",
        r#"module "account" {
  source = "../account"
}

resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${module.account.id}:oidc-provider/${module.account.host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringLike = { "${module.account.host}:sub" = "system:serviceaccount:*:*" } }
    }]
  })
}
"#,
    );
    // A directory with nothing relevant that calls a relevant module: analysed (its argument
    // reaches the child's trust).
    write(
        root,
        "caller/main.tf",
        "module \"role\" {\n  source = \"../child\"\n  sub    = \"system:serviceaccount:*:*\"\n}\n",
    );
    write(
        root,
        "child/main.tf",
        r#"variable "sub" {
  type    = string
  default = "system:serviceaccount:kube-system:app"
}

resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:sub" = var.sub } }
    }]
  })
}
"#,
    );
    let ruled_out = assert_same(root);
    assert!(ruled_out > 50, "{ruled_out} files ruled out");
    // And the findings this tree exists for are there.
    let (json, _, _) = outcome(root, false);
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or(""),
                common::relative(Path::new(d["path"].as_str().unwrap_or("")), root),
                d["range"]["start"]["line"]
            )
        })
        .filter(|l| {
            ["plain/", "other/", "irsa/", "caller/", "child/"]
                .iter()
                .any(|d| l.contains(d))
        })
        .collect();
    for expected in [
        "PARSE plain/broken.tf:2",
        "PARSE plain/split.tf:2",
        "PARSE plain/broken.tf.json:1",
        "PARSE plain/latin1.tf:1",
        "PARSE plain/repeated.tf:3",
        "IGN001 plain/ignored.tf:1",
        "PARSE other/main.tf:3",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "missing {expected} in {found:#?}"
        );
    }
    assert!(
        found.iter().any(|f| f.contains("irsa/main.tf")),
        "the trust built from a called module's outputs is checked: {found:#?}"
    );
    assert!(
        found.iter().any(|f| f.contains("caller/main.tf")),
        "the wildcard a caller passes is reported at the caller: {found:#?}"
    );
}
