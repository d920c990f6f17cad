//! The command line end to end: exit codes, formats, selection, snapshots of the bundled example.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn irsa_lint() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("irsa-lint"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const WILDCARD_ROLE: &str = r#"
resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

#[test]
fn example_human_output() {
    let out = irsa_lint()
        .args(["check", "testdata/example"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("example_human", String::from_utf8(out).expect("utf8"));
}

#[test]
fn example_json_output() {
    let out = irsa_lint()
        .args(["testdata/example", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "irsa-lint");
    let first = &json["diagnostics"][0];
    for field in [
        "code", "name", "severity", "kind", "message", "path", "range", "labels", "help", "url",
        "fix",
    ] {
        assert!(first.get(field).is_some(), "diagnostic lacks `{field}`");
    }
    insta::with_settings!({filters => vec![(r#""elapsed_ms": \d+"#, r#""elapsed_ms": "[ms]""#)]}, {
        insta::assert_snapshot!("example_json", String::from_utf8(out).expect("utf8"));
    });
}

#[test]
fn exit_codes_follow_fail_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let dir = tmp.path().to_str().expect("utf8 path");
    irsa_lint()
        .arg(dir)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("WIF005"));
    irsa_lint()
        .args([dir, "--fail-on", "never"])
        .assert()
        .code(0);
    irsa_lint()
        .args([dir, "--ignore", "WIF005"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems"));
    irsa_lint().args([dir, "--select", "IRSA"]).assert().code(0);
    irsa_lint()
        .args([dir, "--select", "wildcard-under-exact-operator"])
        .assert()
        .code(1);
}

#[test]
fn clean_directory_exits_zero() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    );
    irsa_lint()
        .arg(tmp.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file"));
}

#[test]
fn usage_errors_exit_two() {
    irsa_lint().args(["--format", "xml"]).assert().code(2);
    irsa_lint()
        .args(["--select", "NOPE999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("NOPE999"));
    irsa_lint()
        .arg("does/not/exist")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does/not/exist"));
    irsa_lint().args(["explain", "XYZ"]).assert().code(2);
}

#[test]
fn parse_error_does_not_hide_other_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "broken/main.tf",
        "resource \"aws_iam_role\" \"x\" {\n  name = \n}\n",
    );
    write(tmp.path(), "good/main.tf", WILDCARD_ROLE);
    write(tmp.path(), "good/extra.tf", "locals {\n  a = [\n}\n");
    let out = irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let codes: Vec<(&str, &str, u64)> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["path"].as_str().unwrap_or_default(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        codes
            .iter()
            .any(|(c, p, l)| *c == "PARSE" && p.ends_with("broken/main.tf") && *l == 2),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|(c, p, _)| *c == "PARSE" && p.ends_with("good/extra.tf")),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|(c, p, l)| *c == "WIF005" && p.ends_with("good/main.tf") && *l == 10),
        "{codes:?}"
    );
}

#[test]
fn explain_and_rules() {
    irsa_lint()
        .args(["explain", "WIF003"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "# WIF003: condition-key-not-issuer-host",
        ));
    irsa_lint()
        .args(["explain", "condition-key-not-issuer-host"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Fix"));
    let out = irsa_lint()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let rules: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let codes: Vec<&str> = rules
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    for code in ["WIF001", "WIF003", "IRSA002", "PARSE"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn output_file_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let report = tmp.path().join("report.json");
    irsa_lint()
        .args([
            tmp.path().to_str().expect("utf8"),
            "--format",
            "json",
            "--output",
            report.to_str().expect("utf8"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).expect("written")).expect("json");
    assert_eq!(json["summary"]["diagnostics"], 1);
}
