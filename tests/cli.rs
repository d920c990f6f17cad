//! The command line end to end: exit codes, formats, selection, snapshots of the bundled example.

mod common;

use common::{irsa_lint, write};
use predicates::prelude::*;
use std::path::Path;

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
        .args(["explain", "WIF003", "--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "# WIF003: condition-key-not-issuer-host",
        ));
    irsa_lint()
        .args(["explain", "condition-key-not-issuer-host"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\nFix\n───\n"));
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

/// A repository that plants `name` as a symlink to a file outside the tree (trial 49).
fn planted_symlink(name: &str) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let tree = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    write(tree.path(), "main.tf", WILDCARD_ROLE);
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    std::os::unix::fs::symlink(&victim, tree.path().join(name)).expect("symlink");
    (tree, outside, victim)
}

fn assert_replaced_not_followed(link: &Path, victim: &Path) -> String {
    assert_eq!(std::fs::read_to_string(victim).expect("read"), "precious");
    let meta = std::fs::symlink_metadata(link).expect("meta");
    assert!(meta.is_file(), "{} is still a symlink", link.display());
    let leftovers: Vec<_> = std::fs::read_dir(link.parent().expect("parent"))
        .expect("readable")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".irsa-lint-"))
        .map(|e| e.path())
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    std::fs::read_to_string(link).expect("read")
}

#[test]
fn output_replaces_a_planted_symlink_instead_of_following_it() {
    let (tree, _outside, victim) = planted_symlink("irsa-lint.sarif");
    let link = tree.path().join("irsa-lint.sarif");
    irsa_lint()
        .current_dir(tree.path())
        .args(["check", "--format", "sarif", "--fail-on", "never"])
        .args(["--output", "irsa-lint.sarif", "."])
        .assert()
        .code(0);
    let report = assert_replaced_not_followed(&link, &victim);
    let sarif: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn write_baseline_replaces_a_planted_symlink_instead_of_following_it() {
    let (tree, _outside, victim) = planted_symlink("baseline.json");
    let link = tree.path().join("baseline.json");
    irsa_lint()
        .current_dir(tree.path())
        .args(["check", "--write-baseline", "baseline.json", "."])
        .assert()
        .code(0);
    let baseline = assert_replaced_not_followed(&link, &victim);
    assert!(baseline.contains("WIF005"), "{baseline}");
}

#[test]
fn output_into_a_missing_directory_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let report = tmp.path().join("no-such-dir/report.json");
    irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--output"])
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"))
        .stderr(predicate::str::contains("os error").not());
    assert!(!report.exists());
}

#[test]
fn config_file_is_found_and_applied() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // The search goes up to the git work tree root.
    std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
    write(tmp.path(), "infra/main.tf", WILDCARD_ROLE);
    let dir = tmp.path().join("infra");
    let dir = dir.to_str().expect("utf8");
    write(
        tmp.path(),
        ".irsa-lint.toml",
        "[severity]\nWIF005 = \"info\"\n",
    );
    irsa_lint()
        .arg(dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("WIF005"));
    write(tmp.path(), ".irsa-lint.toml", "fail-on = \"info\"\n");
    irsa_lint().arg(dir).assert().code(1);
    write(
        tmp.path(),
        ".irsa-lint.toml",
        "[[allow]]\ncode = \"WIF005\"\npath = \"infra/**\"\nreason = \"demo\"\n",
    );
    irsa_lint()
        .arg(dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems"));
    write(
        tmp.path(),
        ".irsa-lint.toml",
        "exclude = [\"infra/*.tf\"]\n",
    );
    irsa_lint()
        .arg(dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("in 0 files"));
    write(
        tmp.path(),
        ".irsa-lint.toml",
        "select = [\"WIF\"]\nfail_on = \"info\"\n",
    );
    irsa_lint()
        .arg(dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".irsa-lint.toml:2:1"))
        .stderr(predicate::str::contains("fail_on"));
}

#[test]
fn baseline_hides_known_findings_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let dir = tmp.path().to_str().expect("utf8");
    let baseline = tmp.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf8");
    irsa_lint()
        .args([dir, "--write-baseline", baseline])
        .assert()
        .code(0);
    irsa_lint()
        .args([dir, "--baseline", baseline])
        .assert()
        .code(0);
    // Lines added above the finding do not invalidate the baseline...
    write(
        tmp.path(),
        "main.tf",
        &format!("# a comment\n\n{WILDCARD_ROLE}"),
    );
    irsa_lint()
        .args([dir, "--baseline", baseline])
        .assert()
        .code(0);
    // ...but a new finding is reported.
    write(
        tmp.path(),
        "main.tf",
        &format!(
            "{WILDCARD_ROLE}\n{}",
            WILDCARD_ROLE
                .replace("\"app\"", "\"other\"")
                .replace("apps:*", "jobs:*")
        ),
    );
    irsa_lint()
        .args([dir, "--baseline", baseline])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("jobs:*"));
    irsa_lint()
        .args([dir, "--baseline", "missing.json"])
        .assert()
        .code(2);
}

#[test]
fn fix_and_diff_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let dir = tmp.path().to_str().expect("utf8");
    irsa_lint()
        .args([dir, "--diff"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-        StringEquals = {"))
        .stdout(predicate::str::contains("+        StringLike = {"));
    assert!(
        std::fs::read_to_string(tmp.path().join("main.tf"))
            .expect("read")
            .contains("StringEquals")
    );
    irsa_lint()
        .args([dir, "--fix"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 problem"));
    assert!(
        std::fs::read_to_string(tmp.path().join("main.tf"))
            .expect("read")
            .contains("StringLike")
    );
    irsa_lint()
        .args([dir, "--diff"])
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    irsa_lint().args([dir, "--unsafe-fixes"]).assert().code(2);
}

/// Runs `--select code` on a copy of a fixture, without and then with a config file.
fn exit_codes_with_config(fixture: &str, code: &str, config: &str) -> (i32, i32) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/rules")
        .join(fixture);
    std::fs::copy(source.join("main.tf"), tmp.path().join("main.tf")).expect("copy");
    let dir = tmp.path().to_str().expect("utf8");
    let run = || {
        irsa_lint()
            .args([dir, "--select", code])
            .output()
            .expect("runs")
            .status
            .code()
            .unwrap_or(-1)
    };
    let before = run();
    write(tmp.path(), ".irsa-lint.toml", config);
    (before, run())
}

#[test]
fn size_limit_and_audiences_come_from_the_config() {
    assert_eq!(
        exit_codes_with_config(
            "WIF012/fail_story_five_clusters",
            "WIF012",
            "trust-policy-size-limit = 4096\n"
        ),
        (1, 0)
    );
    assert_eq!(
        exit_codes_with_config(
            "WIF010/fail_story_eksctl_1910",
            "WIF010",
            "expected-audiences = [\"sts.amazonaws.com.cn\"]\n"
        ),
        (1, 0)
    );
}

#[test]
fn inventory_lists_every_trust_policy() {
    let out = irsa_lint()
        .args(["inventory", "testdata/example", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entries = json.as_array().expect("array");
    assert_eq!(entries.len(), 8);
    let karpenter = entries
        .iter()
        .find(|e| e["role"] == "aws_iam_role.karpenter")
        .expect("karpenter role listed");
    assert_eq!(karpenter["form"], "jsonencode");
    let condition = &karpenter["statements"][0]["conditions"][0];
    assert_eq!(condition["operator"], "StringEquals");
    assert_eq!(
        condition["values"][0],
        "system:serviceaccount:karpenter:karpenter"
    );
    irsa_lint()
        .args(["inventory", "testdata/example"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("aws_iam_role.nodes"))
        .stdout(predicate::str::contains("8 trust policies in 4 files."));
    irsa_lint()
        .args(["inventory", "testdata/rules/WIF003/fail_jsonencode"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("1 trust policy in 1 file.\n"));
}

/// Each role of the example lists the charts that run as it, and whether its trust admits them:
/// external-dns's release runs in another namespace than its trust names (XR001), karpenter's
/// matches; a role nothing uses lists no workloads.
#[test]
fn inventory_shows_each_role_with_its_workloads() {
    let out = irsa_lint()
        .args(["inventory", "testdata/example", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entries = json.as_array().expect("array");
    let workloads_of = |role: &str| {
        entries
            .iter()
            .find(|e| e["role"] == role)
            .map(|e| e["workloads"].clone())
            .expect("role listed")
    };
    assert_eq!(
        workloads_of("aws_iam_role.external_dns"),
        serde_json::json!([{
            "source": "helm_release",
            "namespace": "kube-system",
            "name": "external-dns",
            "name_from_chart": false,
            "path": "testdata/example/platform/eks/helm.tf",
            "line": 4,
            "admitted": "no",
        }])
    );
    assert_eq!(
        workloads_of("aws_iam_role.karpenter"),
        serde_json::json!([{
            "source": "helm_release",
            "namespace": "karpenter",
            "name": "karpenter",
            "name_from_chart": false,
            "path": "testdata/example/platform/eks/helm.tf",
            "line": 21,
            "admitted": "yes",
        }])
    );
    assert_eq!(workloads_of("aws_iam_role.nodes"), serde_json::json!([]));
    let human = irsa_lint()
        .args(["inventory", "testdata/example"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let human = String::from_utf8(human).expect("utf8");
    let dns = human
        .split_once("aws_iam_role.external_dns  (")
        .and_then(|(_, rest)| rest.split_once("\naws_iam_role."))
        .map(|(block, _)| block)
        .expect("external-dns block");
    assert!(
        dns.ends_with(
            "\n  used by helm_release ServiceAccount kube-system/external-dns \
             (testdata/example/platform/eks/helm.tf:4): trust admits it: no"
        ),
        "{dns}"
    );
    assert!(
        human.contains(
            "\n  used by manifest ServiceAccount cert-manager/cert-manager \
             (testdata/example/k8s/cert-manager.yaml:2): trust admits it: no\n"
        ),
        "{human}"
    );
    assert_eq!(human.matches("  used by ").count(), 3, "{human}");
}

/// Roles and the workloads that name them, for the three answers of `admitted`.
const WORKLOADS: &str = r#"
variable "namespace" {
  type = string
}

resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub" = "system:serviceaccount:apps:api"
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "kubernetes_service_account_v1" "api" {
  metadata {
    name      = "api"
    namespace = "apps"
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.api.arn }
  }
}

resource "kubernetes_service_account_v1" "api_elsewhere" {
  metadata {
    name      = "api"
    namespace = "team-${var.namespace}"
    annotations = { "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/api" }
  }
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_eks_pod_identity_association" "worker" {
  cluster_name    = "main"
  namespace       = "apps"
  service_account = "worker"
  role_arn        = aws_iam_role.worker.arn
}
"#;

/// `admitted` is `yes` for the subject the trust names, `unknown` for a namespace built from a
/// variable without a value (shown as written), `no` for an association whose role trusts no Pod Identity; a
/// literal ARN resolves to the role by its name.
#[test]
fn inventory_says_whether_the_trust_admits_each_workload() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("main.tf"), WORKLOADS).expect("write");
    let out = irsa_lint()
        .current_dir(tmp.path())
        .args(["inventory", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entries = json.as_array().expect("array");
    let seen: Vec<(String, String, String, String, u64)> = entries
        .iter()
        .flat_map(|e| {
            let role = e["role"].as_str().unwrap_or_default().to_string();
            e["workloads"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |w| {
                    (
                        role.clone(),
                        w["source"].as_str().unwrap_or_default().to_string(),
                        format!(
                            "{}/{}",
                            w["namespace"].as_str().unwrap_or_default(),
                            w["name"].as_str().unwrap_or_default()
                        ),
                        w["admitted"].as_str().unwrap_or_default().to_string(),
                        w["line"].as_u64().unwrap_or_default(),
                    )
                })
        })
        .collect();
    let row = |role: &str, source: &str, sa: &str, admitted: &str, line: u64| {
        (
            role.to_string(),
            source.to_string(),
            sa.to_string(),
            admitted.to_string(),
            line,
        )
    };
    assert_eq!(
        seen,
        [
            row(
                "aws_iam_role.api",
                "kubernetes_service_account",
                "apps/api",
                "yes",
                24
            ),
            row(
                "aws_iam_role.api",
                "kubernetes_service_account",
                "team-${var.namespace}/api",
                "unknown",
                32
            ),
            row(
                "aws_iam_role.worker",
                "aws_eks_pod_identity_association",
                "apps/worker",
                "no",
                54
            ),
        ]
    );
}

/// A local wrapper's instance lists the ServiceAccount the wrapper declares with the caller's
/// namespace (not the wrapper's default) and the instance's address; add-ons and associations
/// of the root are listed.
#[test]
fn inventory_lists_add_ons_and_associations_and_wrapper_instances() {
    let out = irsa_lint()
        .args([
            "inventory",
            "testdata/repos/helm-and-addons",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entries = json.as_array().expect("array");
    let workloads_of = |role: &str| {
        entries
            .iter()
            .find(|e| e["role"] == role)
            .map(|e| e["workloads"].clone())
            .expect("role listed")
    };
    let dns = workloads_of("module.external_dns.aws_iam_role.dns");
    assert_eq!(
        (
            &dns[0]["namespace"],
            &dns[0]["instance"],
            &dns[0]["admitted"]
        ),
        (
            &serde_json::json!("external-dns"),
            &serde_json::json!("module.external_dns"),
            &serde_json::json!("yes")
        )
    );
    assert_eq!(dns.as_array().map(Vec::len), Some(1));
    let app = workloads_of("aws_iam_role.app");
    assert_eq!(app[0]["source"], "aws_eks_pod_identity_association");
    assert_eq!(app[0]["admitted"], "yes");
    let sources: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["workloads"].as_array().into_iter().flatten())
        .filter_map(|w| w["source"].as_str())
        .collect();
    assert!(sources.contains(&"aws_eks_addon"), "{sources:?}");
    assert!(sources.contains(&"helm_release"), "{sources:?}");
}

/// A tree with a role trust, an S3 bucket policy document (principals, no `sts:AssumeRole*`)
/// and a permission policy document (no principals): only the trust is a trust policy, and a
/// document no role uses counts when it grants `sts:AssumeRole*` to principals.
const TRUST_AND_OTHER_POLICIES: &str = r#"
data "aws_iam_policy_document" "ci_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/infra:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

data "aws_iam_policy_document" "module_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

data "aws_iam_policy_document" "logs_bucket" {
  statement {
    sid     = "AllowELBLogs"
    actions = ["s3:PutObject"]
    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
    resources = ["arn:aws:s3:::acme-logs/*"]
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = "acme-logs"
  policy = data.aws_iam_policy_document.logs_bucket.json
}

data "aws_iam_policy_document" "ci_permissions" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-artifacts/*"]
  }
}

resource "aws_iam_role_policy" "ci" {
  role   = aws_iam_role.ci.id
  policy = data.aws_iam_policy_document.ci_permissions.json
}
"#;

#[test]
fn inventory_lists_trust_policies_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("main.tf"), TRUST_AND_OTHER_POLICIES).expect("write");
    let out = irsa_lint()
        .args(["inventory", "--format", "json"])
        .arg(tmp.path())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entries = json.as_array().expect("array");
    let roles: Vec<&str> = entries.iter().filter_map(|e| e["role"].as_str()).collect();
    assert_eq!(roles, ["aws_iam_role.ci", "(policy document)"], "{json}");
    let text = String::from_utf8_lossy(&out);
    assert!(
        !text.contains("s3:PutObject"),
        "bucket policy listed: {text}"
    );
    assert!(
        !text.contains("s3:GetObject"),
        "permission policy listed: {text}"
    );
    assert!(
        text.contains("sts:AssumeRole\""),
        "unused trust document missing: {text}"
    );
    irsa_lint()
        .arg("inventory")
        .arg(tmp.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("aws_iam_role.ci"))
        .stdout(predicate::str::contains("s3:PutObject").not())
        .stdout(predicate::str::contains("s3:GetObject").not())
        .stdout(predicate::str::contains("logdelivery").not())
        .stdout(predicate::str::contains("2 trust policies in "));
}

// ---------------------------------------------------------------------------------------------
// Untrusted text in the human report and on stderr (SPEC §9)

/// The IRSA001 fixture with its subject replaced by `subject` (HCL string syntax) and `tail`
/// appended to the subject's line.
fn irsa001_role(subject: &str, tail: &str) -> String {
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/rules/IRSA001/fail_jsonencode/main.tf"),
    )
    .expect("fixture");
    let old = "\"system:serviceaccounts:kube-system:ebs-csi-controller-sa\"";
    assert!(fixture.contains(old));
    fixture.replace(old, &format!("\"{subject}\"{tail}"))
}

/// Fails when `text` has a line the GitHub runner would take as a workflow command, or a
/// character that drives a terminal.
fn assert_inert(what: &str, text: &str) {
    for line in text.split(['\n', '\r']) {
        // `trim_start` trims Unicode whitespace, as the runner's .NET `TrimStart`.
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a workflow command line: {line:?}"
        );
    }
    assert!(
        !text.contains("##["),
        "{what}: a legacy workflow command\n{text}"
    );
    assert!(
        !text
            .bytes()
            .any(|b| matches!(b, 0x00..=0x08 | 0x0b..=0x1f | 0x7f)),
        "{what}: a raw control byte\n{text:?}"
    );
    assert!(
        !text.chars().any(|c| matches!(c, '\u{80}'..='\u{9f}')),
        "{what}: a C1 control\n{text:?}"
    );
}

#[cfg(unix)]
#[test]
fn human_output_carries_no_workflow_commands_or_terminal_escapes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file_name = "x\n::error file=README.md,line=1,title=INJECTED::fake\n.tf";
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/WIF003/fail_jsonencode/main.tf"),
        tmp.path().join(file_name),
    )
    .expect("copy");
    let value = "system:serviceaccounts:kube-system:##[error]fake annotation from a value";
    write(tmp.path(), "value.tf", &irsa001_role(value, ""));
    // HCL escapes: the value holds OSC 0 (window title), BEL and CSI 2J (clear screen).
    let escapes = r"system:serviceaccounts:kube-system:\u001b]0;PWNED\u0007\u001b[2J";
    write(tmp.path(), "escapes.tf", &irsa001_role(escapes, ""));
    // Raw ESC and BEL bytes in a comment on the finding's line.
    let comment = " # \u{1b}]0;TITLE\u{7}\u{1b}[31mred";
    write(
        tmp.path(),
        "comment.tf",
        &irsa001_role("system:serviceaccounts:kube-system:app", comment),
    );

    let out = irsa_lint()
        .current_dir(tmp.path())
        .args(["check", "--no-color", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert_inert("stdout", &stdout);
    assert_inert("stderr", &stderr);
    assert_eq!(stderr, "");
    // The file name, on one line, in the snippet header.
    assert!(
        stdout.contains(
            "╭─[x\\u{a}::error file=README.md,line=1,title=INJECTED::fake\\u{a}.tf:15:14]"
        ),
        "{stdout}"
    );
    // The value in the message and the fix; its source line is not drawn.
    assert!(
        stdout.contains("kube-system:##\\u{5b}error]fake annotation from"),
        "{stdout}"
    );
    assert!(stdout.contains("help: at value.tf:15:48\n"), "{stdout}");
    // Decoded escapes in a value, shown as escapes; the source line holds only the HCL
    // escapes, plain text, so its snippet is drawn.
    assert!(
        stdout.contains("kube-system:\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J`"),
        "{stdout}"
    );
    assert!(stdout.contains("╭─[escapes.tf:15:48]"), "{stdout}");
    // A raw ESC on the finding's line: the snippet is left out rather than misdrawn.
    assert!(stdout.contains("help: at comment.tf:15:48\n"), "{stdout}");
    assert!(!stdout.contains("TITLE"), "{stdout}");
    assert!(stdout.ends_with("Found 5 problems (5 errors, 0 warnings, 0 info) in 4 files (4 .tf), 4 trust policies; 4 fixable with `--fix`.\n"), "{stdout}");

    // The machine formats stay exact: github escapes the `file` property, JSON and SARIF
    // escape ESC as `\u001b`.
    let github = irsa_lint()
        .current_dir(tmp.path())
        .args(["check", "--format", "github", "."])
        .output()
        .expect("runs");
    let github = String::from_utf8(github.stdout).expect("utf8");
    assert!(
        github.contains("::error file=x%0A%3A%3Aerror file=README.md%2Cline=1%2Ctitle=INJECTED%3A%3Afake%0A.tf,line=15,"),
        "{github}"
    );
    assert!(
        github
            .lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("irsa-lint: ")),
        "{github}"
    );
    for format in ["json", "sarif"] {
        let out = irsa_lint()
            .current_dir(tmp.path())
            .args(["check", "--format", format, "."])
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf8");
        assert!(
            text.contains(r"kube-system:\u001b]0;PWNED\u0007\u001b[2J"),
            "{format}: {text}"
        );
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert!(json.is_object(), "{format}");
        if format == "json" {
            let escaped = json["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .find(|d| d["path"] == "escapes.tf")
                .expect("escapes.tf reported");
            assert!(
                escaped["message"]
                    .as_str()
                    .expect("message")
                    .contains("kube-system:\u{1b}]0;PWNED\u{7}\u{1b}[2J`")
            );
            assert!(
                json["diagnostics"]
                    .as_array()
                    .expect("diagnostics")
                    .iter()
                    .any(|d| d["path"] == file_name)
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn inventory_carries_no_workflow_commands_or_terminal_escapes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let value = r"system:serviceaccounts:kube-system:\u001b]0;PWNED\u0007\n::error::x ##[error]y";
    write(tmp.path(), "a\n::warning::b.tf", &irsa001_role(value, ""));
    let out = irsa_lint()
        .current_dir(tmp.path())
        .args(["inventory", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    assert_inert("inventory", &stdout);
    assert!(
        stdout.starts_with("aws_iam_role.ebs_csi  (a\\u{a}::warning::b.tf:7, jsonencode)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            ":sub = system:serviceaccounts:kube-system:\\u{1b}]0;PWNED\\u{7}\\u{a}::error::x \
             ##\\u{5b}error]y\n"
        ),
        "{stdout}"
    );
}

/// A fix whose result does not parse: the path on stderr is escaped. (The policy file nests
/// deeper than serde_json, which checks fixed JSON, accepts; the analysis reads it.)
#[cfg(unix)]
#[test]
fn stderr_names_untrusted_paths_escaped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file_name = "x\n::error title=INJECTED::fix.json";
    let policy = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/IRSA001/fail_file/trust.json"),
    )
    .expect("fixture")
    .replace(
        "system:serviceaccount:kube-system:cluster-autoscaler:default",
        "system:serviceaccounts:kube-system:cluster-autoscaler",
    )
    .replacen(
        "\"Version\": \"2012-10-17\",",
        &format!(
            "\"Version\": \"2012-10-17\", \"Deep\": {}{},",
            "[".repeat(130),
            "]".repeat(130)
        ),
        1,
    );
    write(tmp.path(), file_name, &policy);
    write(
        tmp.path(),
        "main.tf",
        "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = file(\"${path.module}/x\\n::error title=INJECTED::fix.json\")\n}\n",
    );
    let out = irsa_lint()
        .current_dir(tmp.path())
        .args(["check", "--no-color", "--fix", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert_eq!(
        stderr,
        "error: fixes for x\\u{a}::error title=INJECTED::fix.json were not applied: the fixed \
         text does not parse (recursion limit exceeded at line 2 column 162)\n"
    );
    assert_inert("stderr", &stderr);
    assert_inert("stdout", &String::from_utf8(out.stdout).expect("utf8"));
}

/// A registry-module call whose issuer is a variable without default still shows its
/// statement: the issuer as the expression written, the subject the module renders, and no
/// `:aud` condition (which WIF009 then reports).
#[test]
fn inventory_shows_registry_module_statements_with_symbolic_inputs() {
    let out = irsa_lint()
        .args(["inventory", "testdata/repos/registry-modules"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    let orders = concat!(
        "module.orders_role  (testdata/repos/registry-modules/apps/main.tf:2, module)\n",
        "  Allow Federated arn:<partition>:iam::<account>:oidc-provider/${replace(var.cluster_oidc_issuer_url, \"https://\", \"\")} → sts:AssumeRoleWithWebIdentity\n",
        "      StringEquals ${replace(var.cluster_oidc_issuer_url, \"https://\", \"\")}:sub = system:serviceaccount:orders:orders\n",
        "module.legacy_irsa ",
    );
    assert!(text.contains(orders), "{text}");
    assert!(text.ends_with("8 trust policies in 4 files.\n"), "{text}");
    irsa_lint()
        .args([
            "testdata/repos/registry-modules/apps",
            "--select",
            "WIF009",
            "--format",
            "github",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::warning file=testdata/repos/registry-modules/apps/main.tf,line=2,endLine=9,title=WIF009 missing-audience-condition::web-identity statement trusting `arn:<partition>:iam::<account>:oidc-provider/${replace(var.cluster_oidc_issuer_url, \"https://\", \"\")}` has no `:aud` condition",
        ));
}

/// `code path:line:col`, then each label as `path:line:col message`, of every diagnostic.
fn located(json: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    let at = |v: &serde_json::Value| {
        format!(
            "{}:{}:{}",
            v["path"].as_str().unwrap_or_default(),
            v["range"]["start"]["line"],
            v["range"]["start"]["column"]
        )
    };
    json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let labels = d["labels"]
                .as_array()
                .map(|ls| {
                    ls.iter()
                        .map(|l| format!("{} {}", at(l), l["message"].as_str().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default();
            (
                format!("{} {}", d["code"].as_str().unwrap_or_default(), at(d)),
                labels,
            )
        })
        .collect()
}

fn check_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = irsa_lint()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn tfvars_values_are_found_at_their_use_with_the_tfvars_line_as_a_label() {
    let case = common::testdata("repos/tfvars");
    let found = located(&check_json(&case, &["live"]));
    assert_eq!(
        found,
        [
            (
                "WIF003 live/main.tf:22:14".to_string(),
                vec![
                    "live/main.tf:22:11 in this condition key".to_string(),
                    "live/terraform.tfvars:2:19 a URL scheme written here".to_string(),
                ]
            ),
            (
                "IRSA001 live/main.tf:22:41".to_string(),
                vec!["live/b.auto.tfvars.json:2:15 value written here".to_string()]
            ),
        ]
    );
}

#[test]
fn var_file_comes_after_the_auto_files_and_stays_inside_the_checked_paths() {
    let case = common::testdata("repos/tfvars");
    let json = check_json(&case, &["live", "--var-file", "live/prod.tfvars"]);
    let found = located(&json);
    assert!(
        found.contains(&(
            "IRSA001 live/main.tf:22:41".to_string(),
            vec!["live/prod.tfvars:2:12 value written here".to_string()]
        )),
        "{found:?}"
    );
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(
            &"service-account subject `system:serviceaccount:prod` has 1 segment(s) after the prefix; expected `<namespace>:<name>`"
        ),
        "{messages:?}"
    );
    // Outside the scanned tree (the repository of the checked path): refused, and reported
    // where the file would start.
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "secret.tfvars", "subject = \"x\"\n");
    let secret = outside.path().join("secret.tfvars");
    let secret = secret.to_str().expect("utf8");
    let json = check_json(&case, &["live", "--var-file", secret]);
    let parse: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "PARSE")
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        parse,
        [(
            secret,
            "not read: the path leaves the scanned tree (or enters `.git`)"
        )]
    );
    // A missing file is a PARSE finding too, never a crash.
    let json = check_json(&case, &["live", "--var-file", "live/missing.tfvars"]);
    assert!(
        located(&json)
            .iter()
            .any(|(d, _)| d == "PARSE live/missing.tfvars:1:1"),
        "{json}"
    );
}

/// A statement whose `Federated` principal is unknown shows the issuer its condition keys name.
#[test]
fn inventory_names_the_issuer_of_the_keys_when_the_principal_is_unknown() {
    irsa_lint()
        .args([
            "inventory",
            "testdata/rules/GH001/fail_unknown_principal_module_not_on_disk",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "  Allow Federated <unknown> (the condition keys name token.actions.githubusercontent.com) → sts:AssumeRoleWithWebIdentity\n",
        ));
    let out = irsa_lint()
        .args([
            "inventory",
            "--format",
            "json",
            "testdata/rules/GH001/pass_unknown_principal_keys_name_two_issuers",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    // Keys naming two issuers name none.
    assert!(!String::from_utf8_lossy(&out).contains("issuer_named_by_keys"));
}

/// A Kubernetes YAML manifest's ServiceAccount is a workload of the role its annotation names.
#[test]
fn inventory_lists_the_service_accounts_of_yaml_manifests() {
    irsa_lint()
        .args(["inventory", "testdata/repos/xr-yaml-manifest"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "  used by manifest ServiceAccount kube-system/ebs-csi-controler-sa (testdata/repos/xr-yaml-manifest/k8s/service-accounts.yaml:2): trust admits it: no\n",
        ))
        .stdout(predicate::str::contains(
            "  used by manifest ServiceAccount external-dns/external-dns (testdata/repos/xr-yaml-manifest/k8s/service-accounts.yaml:11): trust admits it: yes\n",
        ));
}

/// `inventory --format mermaid` and `--format dot` draw the example's roles with the charts and
/// the manifest that use them: external-dns and cert-manager are rejected by their trusts (a red
/// dashed edge), karpenter is admitted.
#[test]
fn inventory_graph_of_the_example() {
    for format in ["mermaid", "dot"] {
        let out = irsa_lint()
            .args(["inventory", "testdata/example", "--format", format])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).expect("utf8");
        insta::assert_snapshot!(format!("example_inventory_{format}"), text);
    }
}

/// A GitHub trust whose subject and file name carry quotes, line breaks, control characters and
/// the graph languages' own syntax: each stays inside its label, escaped, and the graph keeps
/// one statement per line.
#[cfg(unix)]
#[test]
fn inventory_graph_escapes_untrusted_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let role = r#"
resource "aws_iam_role" "deploy" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:o/r\"] --> x[\"|#`<b>&\\\n::error::x\u001b[2J"
        }
      }
    }]
  })
}
"#;
    write(tmp.path(), "a\"\n::warning::b.tf", role);
    let run = |format: &str| {
        let out = irsa_lint()
            .current_dir(tmp.path())
            .args(["inventory", ".", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8(out.stdout).expect("utf8");
        assert_inert(format, &text);
        text
    };
    let mermaid = run("mermaid");
    assert_eq!(
        mermaid,
        "flowchart LR\n  \
         r0[\"aws_iam_role.deploy (a#quot;\\u{a}::warning::b.tf:3)\"]\n  \
         s0{{\"token.actions.githubusercontent.com sub repo:o/r#quot;] --#gt; x[#quot;#124;#35;#96;#lt;b#gt;#amp;\\\\u{a}::error::x\\u{1b}[2J\"}}\n  \
         s0 -->|\"trusted: StringEquals\"| r0\n"
    );
    let dot = run("dot");
    assert_eq!(
        dot,
        "digraph inventory {\n  rankdir=LR;\n  \
         r0 [label=\"aws_iam_role.deploy (a\\\"\\\\u{a}::warning::b.tf:3)\", shape=box];\n  \
         s0 [label=\"token.actions.githubusercontent.com sub repo:o/r\\\"] --> x[\\\"|#`<b>&\\\\\\\\u{a}::error::x\\\\u{1b}[2J\", shape=hexagon];\n  \
         s0 -> r0 [label=\"trusted: StringEquals\"];\n}\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Output that fits: width, formats for other consumers, colour (issue 11 §2)
// ---------------------------------------------------------------------------------------------

fn example_stdout(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = irsa_lint();
    cmd.arg("testdata/example").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.assert().code(1).get_output().stdout.clone();
    String::from_utf8(out).expect("utf8")
}

#[test]
fn human_output_wraps_at_columns() {
    for width in [80, 120] {
        let out = example_stdout(&[], &[("COLUMNS", &width.to_string())]);
        // Message and help lines fit, unless they hold one token longer than the width (a
        // whole ARN); a source line with an ARN fits, or has its ARNs cut as far as they go.
        for line in out.lines().filter(|l| l.chars().count() > width) {
            let text = line.trim_start_matches([' ', '│', '×', '⚠']);
            let message = line.starts_with("  │ ") || line.starts_with("        ");
            let source = line.contains(" │ ") && !message;
            if message {
                assert_eq!(text.split(' ').count(), 1, "{width}: {line}");
            } else if source && line.contains("arn:") {
                assert!(line.contains("arn:aws:ia…"), "{width}: {line}");
            }
        }
        insta::assert_snapshot!(format!("example_human_{width}"), out);
    }
}

/// Every ARN, flag and other token of a message or help appears whole on one output line, at
/// any width: nothing is split at a hyphen or a slash.
#[test]
fn human_output_never_splits_a_token() {
    let json: serde_json::Value =
        serde_json::from_str(&example_stdout(&["--format", "json"], &[])).expect("json");
    let mut tokens: Vec<String> = Vec::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        for text in [&d["message"], &d["help"], &d["fix"]["description"]] {
            tokens.extend(
                text.as_str()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(String::from),
            );
        }
    }
    assert!(
        tokens
            .iter()
            .any(|t| t.contains("arn:aws:iam::111122223333:oidc-provider/oidc.us-west-2.eks"))
    );
    // The fix line the human report adds.
    tokens.extend(["--fix", "--unsafe-fixes)"].map(String::from));
    for width in ["40", "80", "100", "200"] {
        let out = example_stdout(&[], &[("COLUMNS", width)]);
        for t in &tokens {
            assert!(
                out.lines().any(|l| l.contains(t.as_str())),
                "{width}: `{t}` is split:\n{out}"
            );
        }
    }
}

#[test]
fn concise_is_one_line_per_finding() {
    let out = example_stdout(&["--output-format", "concise"], &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "testdata/example/legacy/ci/roles.tf:10:62: WIF002 [malformed-provider-arn] provider ARN \
         `arn:aws:iam::111122223333:oidc-provider/oidc.us-west-2.eks.amazonaws.com/EXAMPLED539D4633E53DE1B716D3041E`: \
         `oidc.us-west-2.eks.amazonaws.com` has the region and `eks` swapped; EKS issuers are \
         `oidc.eks.<region>.amazonaws.com/id/<ID>`"
    );
    assert_eq!(
        lines[8],
        "testdata/example/platform/eks/irsa.tf:48:19: WIF005 [wildcard-under-exact-operator] \
         `system:serviceaccount:crossplane-system:provider-aws-*` under `StringEquals` on \
         `${module.eks.oidc_provider}:sub` is compared literally; wildcards need `StringLike`"
    );
    // vim's default errorformat `%f:%l:%c: %m` and a VS Code problem matcher
    // `^(.*):(\d+):(\d+): (\w+) \[([\w-]+)\] (.*)$` read every finding line.
    let (findings, summary) = lines.split_at(lines.len() - 1);
    assert_eq!(findings.len(), 13);
    for line in findings {
        let mut parts = line.splitn(4, ':');
        let (path, l, c, rest) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        assert!(Path::new(path).is_file(), "{line}");
        assert!(
            l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(),
            "{line}"
        );
        let mut words = rest.strip_prefix(' ').unwrap_or("").splitn(3, ' ');
        let code = words.next().unwrap_or("");
        let name = words.next().unwrap_or("");
        assert!(
            code.chars().all(|c| c.is_ascii_alphanumeric()) && !code.is_empty(),
            "{line}"
        );
        assert!(name.starts_with('[') && name.ends_with(']'), "{line}");
        assert!(!words.next().unwrap_or("").is_empty(), "{line}");
    }
    assert!(
        summary[0].starts_with("Found 13 problems"),
        "{}",
        summary[0]
    );
}

#[test]
fn concise_keeps_each_finding_on_one_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "main.tf",
        &WILDCARD_ROLE.replace("apps:*", r"apps:*\n::error::x\u001b[2J"),
    );
    let out = irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--format", "concise"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf8");
    // Two findings and the summary.
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains(r"apps:*\u{a}::error::x\u{1b}[2J"), "{out}");
    assert_inert("concise", &out);
}

/// GitLab's documented Code Quality shape (docs.gitlab.com/ci/testing/code_quality,
/// "Code Quality report format").
#[test]
fn gitlab_code_quality_has_the_documented_shape() {
    let out = example_stdout(&["--format", "gitlab"], &[]);
    let issues: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let issues = issues.as_array().expect("a JSON array");
    assert_eq!(issues.len(), 13);
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        assert!(
            i["description"].as_str().is_some_and(|s| !s.is_empty()),
            "{i}"
        );
        assert!(
            i["check_name"].as_str().is_some_and(|s| !s.is_empty()),
            "{i}"
        );
        let fp = i["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fingerprints.insert(fp.to_string()),
            "duplicate fingerprint {fp}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap_or("")),
            "{i}"
        );
        assert!(
            Path::new(i["location"]["path"].as_str().unwrap_or("")).is_file(),
            "{i}"
        );
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1),
            "{i}"
        );
    }
    let wif005 = issues
        .iter()
        .find(|i| i["check_name"] == "WIF005")
        .expect("WIF005");
    assert_eq!(
        wif005["location"]["path"],
        "testdata/example/platform/eks/irsa.tf"
    );
    assert_eq!(wif005["location"]["lines"]["begin"], 48);
    assert_eq!(wif005["severity"], "major");
    // IRSA002 (exposes, a warning) is minor; an exposing error would be critical.
    let irsa002 = issues
        .iter()
        .find(|i| i["check_name"] == "IRSA002")
        .expect("IRSA002");
    assert_eq!(irsa002["severity"], "minor");
}

/// A small XML checker: well-formed tags, quoted attributes, known entities, no control
/// characters; returns the elements in document order.
/// An element: its depth, name and attributes.
type Element = (usize, String, Vec<(String, String)>);

fn xml_elements(xml: &str) -> Vec<Element> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut rest = body;
    let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#9;"];
    let check_text = |t: &str| {
        assert!(!t.contains('<') && !t.contains('>'), "markup in text: {t}");
        for (i, _) in t.match_indices('&') {
            assert!(
                entities.iter().any(|e| t[i..].starts_with(e)),
                "bad entity: {t}"
            );
        }
        assert!(
            !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control: {t:?}"
        );
    };
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("tag ends") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs_text) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attrs = Vec::new();
        while let Some((key, after)) = attrs_text.trim_start().split_once("=\"") {
            let end = after.find('"').expect("attribute value ends");
            check_text(&after[..end]);
            attrs.push((key.to_string(), after[..end].to_string()));
            attrs_text = &after[end + 1..];
        }
        assert!(attrs_text.trim().is_empty(), "junk in <{tag}>");
        elements.push((stack.len(), name.to_string(), attrs));
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed {stack:?}");
    elements
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key} in {attrs:?}"))
}

/// The common JUnit schema: testsuites / testsuite@name,tests,failures / testcase@name,
/// classname / failure@message, with the counts matching the elements.
#[test]
fn junit_has_the_common_schema_and_counts() {
    let out = example_stdout(&["--format", "junit"], &[]);
    let elements = xml_elements(&out);
    assert_eq!(elements[0].1, "testsuites");
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    let mut i = 1;
    while i < elements.len() {
        let (depth, name, attrs) = &elements[i];
        assert_eq!((*depth, name.as_str()), (1, "testsuite"));
        assert!(!attr(attrs, "name").is_empty());
        let (mut t, mut f) = (0, 0);
        i += 1;
        while i < elements.len() && elements[i].0 > 1 {
            let (depth, name, attrs) = &elements[i];
            match (*depth, name.as_str()) {
                (2, "testcase") => {
                    t += 1;
                    assert!(
                        !attr(attrs, "name").is_empty() && !attr(attrs, "classname").is_empty()
                    );
                }
                (3, "failure") => {
                    f += 1;
                    assert!(!attr(attrs, "message").is_empty());
                }
                other => panic!("unexpected {other:?}"),
            }
            i += 1;
        }
        assert_eq!(attr(attrs, "tests"), t.to_string(), "{attrs:?}");
        assert_eq!(attr(attrs, "failures"), f.to_string(), "{attrs:?}");
        suites += 1;
        cases += t;
        failures += f;
    }
    assert_eq!(attr(&elements[0].2, "tests"), cases.to_string());
    assert_eq!(attr(&elements[0].2, "failures"), "13");
    assert_eq!(failures, 13);
    assert!(suites >= 4);
    assert!(out.contains(
        "<testcase name=\"WIF005 wildcard-under-exact-operator at 48:19\" classname=\"testdata/example/platform/eks/irsa.tf\">"
    ));
    assert!(out.contains(
        "EKS issuers are `oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;ID&gt;`\" type=\"WIF002\">"
    ));
}

#[test]
fn junit_escapes_untrusted_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "main.tf",
        &WILDCARD_ROLE.replace("apps:*", r#"apps:*</failure><x a=\"&\u0007\u001b[2J"#),
    );
    let out = irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--format", "junit"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf8");
    let elements = xml_elements(&out);
    assert!(elements.iter().all(|e| e.1 != "x"), "{out}");
    assert!(
        out.contains(r#"apps:*&lt;/failure&gt;&lt;x a=&quot;&amp;\u{7}\u{1b}[2J"#),
        "{out}"
    );
}

/// reviewdog's `DiagnosticResult` (proto/rdf/reviewdog.proto): 1-based lines, columns in
/// UTF-8 bytes, the end exclusive; suggestions replace their range.
#[test]
fn rdjson_has_reviewdogs_shape_and_applicable_suggestions() {
    let out = example_stdout(&["--format", "rdjson"], &[]);
    let result: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(result["source"]["name"], "irsa-lint");
    let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 13);
    let mut suggested = 0;
    for d in diagnostics {
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
        let path = d["location"]["path"].as_str().expect("path");
        let text = std::fs::read_to_string(Path::new(path)).expect("readable path");
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let start = &d["location"]["range"]["start"];
        assert!(start["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
        assert!(start["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
        assert!(["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap_or("")));
        assert!(
            d["code"]["value"].as_str().is_some_and(|c| !c.is_empty()),
            "{d}"
        );
        assert!(
            d["code"]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://")),
            "{d}"
        );
        for s in d["suggestions"].as_array().expect("suggestions") {
            let (a, b) = (&s["range"]["start"], &s["range"]["end"]);
            assert_eq!(a["line"], b["line"], "single-line suggestion: {s}");
            let line = lines[a["line"].as_u64().expect("line") as usize - 1];
            let cols = a["column"].as_u64().expect("col") as usize - 1
                ..b["column"].as_u64().expect("col") as usize - 1;
            let replaced = format!(
                "{}{}{}",
                &line[..cols.start],
                s["text"].as_str().expect("text"),
                &line[cols.end..]
            );
            if d["code"]["value"] == "WIF005" {
                assert_eq!(&line[cols.clone()], "StringEquals");
                assert_eq!(replaced, "      test     = \"StringLike\"\n");
            }
            suggested += 1;
        }
    }
    // Only safe fixes: WIF005 and the two WIF003 of irsa.tf, plus WIF003 of roles.tf.
    assert_eq!(suggested, 4, "{out}");
    let unsafe_fix = diagnostics
        .iter()
        .find(|d| d["code"]["value"] == "WIF002")
        .expect("WIF002");
    assert_eq!(unsafe_fix["suggestions"], serde_json::json!([]));
}

#[test]
fn machine_formats_escape_unsafe_characters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "main.tf",
        &WILDCARD_ROLE.replace("apps:*", r"apps:*\u0085\u202e\u007f"),
    );
    for format in ["gitlab", "rdjson"] {
        let out = irsa_lint()
            .args([tmp.path().to_str().expect("utf8"), "--format", format])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).expect("utf8");
        assert!(out.contains(r"apps:*\u0085\u202e\u007f"), "{format}: {out}");
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {out:?}"
        );
        serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
    }
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let coloured = |args: &[&str], env: &[(&str, &str)], unset_no_color: bool| {
        let mut cmd = irsa_lint();
        if unset_no_color {
            cmd.env_remove("NO_COLOR");
        }
        cmd.arg("testdata/example").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.assert().code(1).get_output().stdout.clone();
        String::from_utf8(out).expect("utf8").contains("\u{1b}[")
    };
    // Piped: no colour unless asked.
    assert!(!coloured(&[], &[], true));
    assert!(coloured(&["--color", "always"], &[], false));
    assert!(coloured(&["--color=always"], &[("TERM", "dumb")], false));
    assert!(!coloured(
        &["--color", "never"],
        &[("FORCE_COLOR", "1")],
        true
    ));
    assert!(!coloured(&["--no-color"], &[("FORCE_COLOR", "1")], true));
    assert!(coloured(&[], &[("FORCE_COLOR", "1")], true));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")], true));
    assert!(!coloured(&[], &[("FORCE_COLOR", "0")], true));
    // NO_COLOR wins over FORCE_COLOR, as in anstream.
    assert!(!coloured(&[], &[("FORCE_COLOR", "1")], false));
    irsa_lint()
        .args(["testdata/example", "--color", "sometimes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: auto, always, never",
        ));
}

#[test]
fn dumb_terminal_gets_ascii() {
    let out = example_stdout(&[], &[("TERM", "dumb")]);
    assert!(
        out.contains("  x provider ARN\n  | `arn:aws:iam::"),
        "{out}"
    );
    assert!(
        out.contains(",-[testdata/example/platform/eks/irsa.tf:48:19]"),
        "{out}"
    );
    assert!(
        out.contains(
            " 10 |         Federated = \"arn:aws:iam::1...:oidc-provider/oidc.us-we...B716D3041E\""
        ),
        "{out}"
    );
    let foreign: Vec<char> = out.chars().filter(|c| !c.is_ascii()).collect();
    assert!(foreign.is_empty(), "{foreign:?}");
}

fn explain(code: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = irsa_lint();
    cmd.args(["explain", code]);
    for (k, v) in env {
        // NO_COLOR would win over FORCE_COLOR.
        if *k == "FORCE_COLOR" {
            cmd.env_remove("NO_COLOR");
        }
        cmd.env(k, v);
    }
    let out = cmd.assert().code(0).get_output().stdout.clone();
    String::from_utf8(out).expect("utf8")
}

#[test]
fn explain_renders_the_page_for_the_terminal() {
    let out = explain("WIF005", &[("COLUMNS", "80")]);
    let page = std::fs::read_to_string("docs/rules/WIF005.md").expect("page");
    assert!(
        out.starts_with(
            "WIF005: wildcard-under-exact-operator\n═════════════════════════════════════\n\n\
         Severity: error · Kind: breaks · Fix: sometimes\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\nWhat it detects\n───────────────\n"),
        "{out}"
    );
    assert!(
        !out.contains("**") && !out.contains("```") && !out.contains("\n## "),
        "{out}"
    );
    // Code blocks are kept verbatim (indented); everything else fits 80 columns, apart from
    // a URL or other token longer than the line.
    let in_code: Vec<&str> = page
        .split("```")
        .skip(1)
        .step_by(2)
        .flat_map(|block| block.lines().skip(1))
        .collect();
    assert!(
        in_code
            .iter()
            .any(|l| l.contains("test     = \"StringEquals\""))
    );
    for line in &in_code {
        assert!(
            out.contains(&format!("\n    {line}").trim_end().to_string()),
            "{line}"
        );
    }
    let page_text = out.split("What irsa-lint prints").next().unwrap_or("");
    for line in page_text.lines().filter(|l| l.chars().count() > 80) {
        let verbatim = line.starts_with("    ") || line.starts_with('|');
        assert!(verbatim || !line.trim().contains(' '), "too wide: {line}");
    }
    // Then the finding for the Bad example, with its scratch path left out.
    let tail = out
        .split("What irsa-lint prints for the Bad example\n")
        .nth(1)
        .expect("Bad example");
    assert!(
        tail.contains("WIF005[wildcard-under-exact-operator]"),
        "{tail}"
    );
    assert!(tail.contains("╭─[main.tf:9:19]"), "{tail}");
    assert!(!tail.contains("/tmp") && !tail.contains("Found "), "{tail}");
    // A finding from a module input names the input to change.
    assert!(
        out.contains("`assume_role_condition_test = \"StringLike\"`"),
        "{out}"
    );
}

#[test]
fn explain_follows_width_colour_and_term() {
    let narrow = explain("IRSA002", &[("COLUMNS", "60")]);
    let wide = explain("IRSA002", &[("COLUMNS", "120")]);
    assert!(narrow.lines().count() > wide.lines().count());
    assert!(!narrow.contains('\u{1b}'));
    assert!(explain("IRSA002", &[("FORCE_COLOR", "1")]).contains("\u{1b}[1m"));
    let always = irsa_lint()
        .args(["explain", "IRSA002", "--color", "always"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(always)
            .expect("utf8")
            .contains("\u{1b}[1m")
    );
    let dumb = explain("IRSA002", &[("TERM", "dumb")]);
    assert!(
        dumb.contains("\nWhat it detects\n---------------\n"),
        "{dumb}"
    );
    assert!(dumb.contains(",-[main.tf:"), "{dumb}");
}

// ---------------------------------------------------------------------------------------------
// Conventions from ruff (issue 11 §3)
// ---------------------------------------------------------------------------------------------

/// The command's stdout, stderr and exit code.
fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = irsa_lint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf8"),
        String::from_utf8(out.stderr).expect("utf8"),
        out.status.code().unwrap_or(-1),
    )
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fix_counts_separate_safe_and_unsafe_fixes() {
    let (out, _, code) = run_in(root(), &["testdata/example"]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with(
            "Found 13 problems (9 errors, 4 warnings, 0 info) in 6 files (4 .tf, 1 manifest, 1 \
             template), 8 trust policies; 4 fixable with `--fix` (5 more with `--unsafe-fixes`).\n"
        ),
        "{out}"
    );
    // Only unsafe fixes left: the count names the flags that apply them.
    let (out, _, _) = run_in(root(), &["testdata/example", "--select", "XR001"]);
    assert!(
        out.ends_with("; 2 fixable with `--fix --unsafe-fixes`.\n"),
        "{out}"
    );
}

#[test]
fn quiet_prints_the_findings_without_the_summary_and_silent_prints_nothing() {
    let (full, _, _) = run_in(root(), &["testdata/example"]);
    let (quiet, _, code) = run_in(root(), &["-q", "testdata/example"]);
    assert_eq!(code, 1);
    assert!(!quiet.contains("Found 13 problems"), "{quiet}");
    assert!(quiet.starts_with("WIF002"), "{quiet}");
    assert_eq!(
        quiet,
        format!(
            "{}\n",
            full.split("\nFound 13 problems")
                .next()
                .unwrap_or_default()
                .trim_end()
        )
    );
    let (long, _, _) = run_in(root(), &["--quiet", "testdata/example"]);
    assert_eq!(long, quiet);
    // Nothing found, nothing printed.
    let (out, _, code) = run_in(root(), &["-q", "testdata/example", "--select", "PI001"]);
    assert_eq!((out.as_str(), code), ("", 0));
    let (out, err, code) = run_in(root(), &["--silent", "testdata/example"]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 1));
    // Nor the lines --fix prints.
    let tmp = example_copy();
    let (out, err, code) = run_in(tmp.path(), &["--silent", "--fix", "platform/eks/main.tf"]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 1));
    let (out, err, code) = run_in(tmp.path(), &["--silent", "--fix", "."]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 1));
    assert!(read(tmp.path(), "platform/eks/irsa.tf").contains("StringLike"));
}

#[test]
fn exit_zero_and_short_flags() {
    let (_, _, code) = run_in(root(), &["--exit-zero", "testdata/example"]);
    assert_eq!(code, 0);
    let (_, err, code) = run_in(
        root(),
        &["--exit-zero", "--fail-on", "error", "testdata/example"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--exit-zero"), "{err}");
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("r.json");
    let file = file.to_str().expect("utf8");
    let (out, _, code) = run_in(root(), &["-f", "json", "-o", file, "testdata/example"]);
    assert_eq!((out.as_str(), code), ("", 1));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("written")).expect("json");
    assert_eq!(json["tool"]["name"], "irsa-lint");
}

#[test]
fn statistics_replace_the_report_sorted_by_count() {
    let (out, _, code) = run_in(root(), &["--statistics", "testdata/example"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "\
COUNT  CODE     NAME                               FIXABLE
    3  WIF003   condition-key-not-issuer-host      3
    2  IRSA002  missing-or-broad-subject           -
    2  WIF002   malformed-provider-arn             0 (+1 unsafe)
    2  XR001    service-account-not-trusted        0 (+2 unsafe)
    1  IRSA001  malformed-service-account-subject  -
    1  WIF005   wildcard-under-exact-operator      1
    1  WIF009   missing-audience-condition         0 (+1 unsafe)
    1  WIF010   audience-cannot-match              0 (+1 unsafe)
"
    );
    // `--quiet` does not drop them.
    let (quiet, _, _) = run_in(root(), &["--statistics", "-q", "testdata/example"]);
    assert_eq!(quiet, out);
    let (out, _, code) = run_in(root(), &["--statistics", "-f", "json", "testdata/example"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        json["statistics"][0],
        serde_json::json!({"code": "WIF003", "name": "condition-key-not-issuer-host",
            "count": 3, "fixable": 3, "unsafe_fixable": 0})
    );
    assert_eq!(json["statistics"].as_array().map(Vec::len), Some(8));
    for format in ["sarif", "github"] {
        let (out, err, code) = run_in(
            root(),
            &["--statistics", "--format", format, "testdata/example"],
        );
        assert_eq!((out.as_str(), code), ("", 2));
        assert_eq!(
            err,
            format!(
                "error: --statistics is not available with --format {format} (use human or \
                 json)\n"
            )
        );
    }
}

#[test]
fn mistyped_commands_and_codes_get_a_suggestion() {
    for (typed, meant) in [
        ("rule", "rules"),
        ("chek", "check"),
        ("inventry", "inventory"),
        ("version", "--version"),
    ] {
        let (out, err, code) = run_in(root(), &[typed, "testdata/example"]);
        assert_eq!((out.as_str(), code), ("", 2), "{typed}");
        assert_eq!(
            err,
            format!(
                "error: `{typed}` is neither a command nor an existing path; did you mean \
                 `{meant}`?\n"
            )
        );
    }
    // An existing directory of that name is a path.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("rule")).expect("mkdir");
    let (out, _, code) = run_in(tmp.path(), &["rule"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("No problems found in 0 files"), "{out}");

    let (_, err, code) = run_in(root(), &["--select", "WIF03", "testdata/example"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no rule matches `WIF03` (did you mean `WIF003` or `WIF013`?); see `irsa-lint \
         rules`\n"
    );
    let (_, err, _) = run_in(root(), &["--ignore", "", "testdata/example"]);
    assert_eq!(
        err,
        "error: no rule matches an empty rule code; see `irsa-lint rules`\n"
    );
    let (_, err, code) = run_in(root(), &["explain", "IRSA02"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no rule has the code or name `IRSA02` (did you mean `IRSA002`?); see \
         `irsa-lint rules`\n"
    );
    let (_, err, code) = run_in(root(), &["--config", "nope.toml", "testdata/example"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: nope.toml: cannot read: No such file or directory\n"
    );
}

#[test]
fn unknown_code_in_an_ignore_comment_gets_a_suggestion() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "main.tf",
        &WILDCARD_ROLE.replace(
            "Version = \"2012-10-17\"",
            "Version = \"2012-10-17\" # irsa-lint:ignore IRSA02",
        ),
    );
    let (out, _, _) = run_in(tmp.path(), &["-f", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "IGN001")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        ["unused ignore: `IRSA02` is not a rule code or name (did you mean `IRSA002`?)"]
    );
}

#[test]
fn rules_is_an_aligned_table_with_a_header_and_a_fix_column() {
    let (out, _, code) = run_in(root(), &["rules"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("CODE      NAME  "), "{}", lines[0]);
    let column = |line: &str, word: &str| line.find(word);
    let severity = column(lines[0], "SEVERITY");
    let fix = column(lines[0], "FIX");
    let summary = column(lines[0], "SUMMARY");
    assert!(severity.is_some() && fix.is_some() && summary.is_some());
    for line in &lines[1..] {
        // Every row starts its severity, fix and summary cells under the header's.
        let cells = |at: Option<usize>| at.and_then(|a| line.get(a..)).unwrap_or_default();
        assert!(
            ["error ", "warning ", "info "]
                .iter()
                .any(|s| cells(severity).starts_with(s)),
            "{line}"
        );
        assert!(
            ["yes ", "sometimes ", "- "]
                .iter()
                .any(|s| cells(fix).starts_with(s)),
            "{line}"
        );
        assert!(!cells(summary).starts_with(' '), "{line}");
    }
    assert!(
        out.contains("WIF003    condition-key-not-issuer-host "),
        "{out}"
    );
}

#[test]
fn top_level_help_and_version() {
    let (out, _, code) = run_in(root(), &["--help"]);
    assert_eq!(code, 0);
    for part in [
        "Usage: irsa-lint [check] [OPTIONS] [PATHS]...",
        "`check` is the default command",
        "Exit codes:\n  0  ",
        "\n  1  diagnostics at or above --fail-on remain",
        "\n  2  usage, configuration or read error",
        "Example:\n  irsa-lint .",
        "Docs: https://github.com/irsa-lint/irsa-lint#readme",
    ] {
        assert!(out.contains(part), "{part} missing from {out}");
    }
    let (out, _, code) = run_in(root(), &["--version"]);
    assert_eq!(code, 0);
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let expected = match commit {
        Some(c) => format!("irsa-lint {} ({c})\n", env!("CARGO_PKG_VERSION")),
        None => format!("irsa-lint {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(out, expected);
}

#[test]
fn explain_says_where_an_ignore_comment_goes() {
    // The page as written (the terminal rendering underlines headings instead of `##`).
    let (out, _, code) = run_in(root(), &["explain", "WIF005", "--format", "markdown"]);
    assert_eq!(code, 0);
    let tail = out
        .split("\n## Suppressing it\n")
        .nth(1)
        .unwrap_or_default();
    assert!(
        tail.starts_with(
            "`# irsa-lint:ignore WIF005 -- reason` (or `//`) at the end of a line of the finding: \
             its first line, or the line of any part the report underlines"
        ),
        "{out}"
    );
    assert!(
        tail.contains("`# irsa-lint:ignore-file WIF005 -- reason`"),
        "{tail}"
    );
    assert!(tail.contains("`code = \"WIF005\"`"), "{tail}");
}

/// `(path, code, severity)` of each finding of a JSON report.
fn findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("path"), text("code"), text("severity"))
        })
        .collect()
}

#[test]
fn each_file_takes_its_nearest_config_whatever_the_argument_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
    for dir in ["a", "b", "c"] {
        write(tmp.path(), &format!("{dir}/main.tf"), WILDCARD_ROLE);
    }
    write(tmp.path(), "a/.irsa-lint.toml", "ignore = [\"WIF005\"]\n");
    write(
        tmp.path(),
        "b/.irsa-lint.toml",
        "select = [\"WIF005\"]\n[severity]\nWIF005 = \"info\"\n",
    );
    let expected = [
        // a/ ignores it, b/ lowers it, c/ has no configuration.
        (
            "b/main.tf".to_string(),
            "WIF005".to_string(),
            "info".to_string(),
        ),
        ("c/main.tf".into(), "WIF005".into(), "error".into()),
    ];
    // pre-commit passes files in any order: the result is the same in each.
    for order in [
        ["a/main.tf", "b/main.tf", "c/main.tf"],
        ["c/main.tf", "b/main.tf", "a/main.tf"],
        ["b", "a", "c"],
    ] {
        let mut args = vec!["-f", "json"];
        args.extend(order);
        let (out, err, code) = run_in(tmp.path(), &args);
        assert_eq!((code, err.as_str()), (1, ""), "{order:?}");
        let json: serde_json::Value = serde_json::from_str(&out).expect("json");
        let found: Vec<_> = findings(&json)
            .into_iter()
            .filter(|(_, code, _)| code == "WIF005")
            .collect();
        assert_eq!(found, expected, "{order:?}");
        // b/ selects WIF005 only; a/ and c/ report their other findings.
        let other: Vec<&str> = findings(&json)
            .iter()
            .filter(|(_, code, _)| code != "WIF005")
            .map(|(path, _, _)| if path.starts_with("b/") { "b" } else { "ac" })
            .collect();
        assert!(!other.contains(&"b"), "{order:?}: {json}");
    }
    // Checking the directory above them: each file still takes the configuration nearest to it.
    let (out, _, _) = run_in(tmp.path(), &["-f", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found: Vec<_> = findings(&json)
        .into_iter()
        .filter(|(_, code, _)| code == "WIF005")
        .collect();
    assert_eq!(found, expected);
    // --config still applies one file to every path, --isolated none.
    let (out, _, _) = run_in(
        tmp.path(),
        &["-f", "json", "--config", "a/.irsa-lint.toml", "b", "c"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        findings(&json).iter().all(|(_, code, _)| code != "WIF005"),
        "{json}"
    );
    let (out, _, _) = run_in(tmp.path(), &["-f", "json", "--isolated", "a", "b"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let wif005: Vec<_> = findings(&json)
        .into_iter()
        .filter(|(_, code, _)| code == "WIF005")
        .collect();
    assert_eq!(
        wif005,
        [
            (
                "a/main.tf".to_string(),
                "WIF005".to_string(),
                "error".to_string()
            ),
            ("b/main.tf".into(), "WIF005".into(), "error".into()),
        ]
    );
}

/// A copy of the bundled example in a temporary directory.
fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = root().join("testdata/example");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).expect("under the example");
        let text = std::fs::read_to_string(&entry).expect("text fixture");
        write(tmp.path(), rel.to_str().expect("utf8"), &text);
    }
    tmp
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).expect("readable")
}

#[test]
fn fix_on_named_files_writes_only_those_files() {
    let tmp = example_copy();
    let irsa_before = read(tmp.path(), "platform/eks/irsa.tf");
    let main_before = read(tmp.path(), "platform/eks/main.tf");
    let (out, err, code) = run_in(tmp.path(), &["--fix", "platform/eks/main.tf"]);
    assert_eq!(code, 1);
    // The module is still analysed and reported.
    assert!(out.contains("platform/eks/irsa.tf:48:19"), "{out}");
    assert_eq!(
        err,
        "note: 3 fixes in platform/eks/irsa.tf were not applied: the file was not named on the \
         command line (name it or its directory to fix it)\n"
    );
    assert_eq!(read(tmp.path(), "platform/eks/irsa.tf"), irsa_before);
    assert_eq!(read(tmp.path(), "platform/eks/main.tf"), main_before);
    // --diff likewise shows only the named files.
    let (out, _, code) = run_in(tmp.path(), &["--diff", "platform/eks/main.tf"]);
    assert_eq!((out.as_str(), code), ("", 0));
    // Named, the file is fixed.
    let (_, err, _) = run_in(tmp.path(), &["--fix", "platform/eks/irsa.tf"]);
    assert_eq!(err, "Fixed 3 problems in 1 file.\n");
    let irsa_after = read(tmp.path(), "platform/eks/irsa.tf");
    assert!(
        irsa_after.contains("test     = \"StringLike\""),
        "{irsa_after}"
    );
    assert!(
        !irsa_after.contains("cluster_oidc_issuer_url}:sub"),
        "{irsa_after}"
    );
    assert_eq!(read(tmp.path(), "platform/eks/main.tf"), main_before);
    // A directory names every file under it.
    let legacy_before = read(tmp.path(), "legacy/ci/roles.tf");
    let (_, err, _) = run_in(tmp.path(), &["--fix", "."]);
    assert_eq!(err, "Fixed 1 problem in 1 file.\n");
    assert_ne!(read(tmp.path(), "legacy/ci/roles.tf"), legacy_before);
}

#[test]
fn show_fixes_lists_each_fix_and_what_applies_it() {
    let (out, _, code) = run_in(
        root(),
        &[
            "--show-fixes",
            "-q",
            "testdata/example/platform/eks/irsa.tf",
            "--select",
            "WIF005,WIF010,XR001",
        ],
    );
    assert_eq!(code, 1);
    let list = out.split("\nFixes:\n").nth(1).unwrap_or_default();
    assert_eq!(
        list,
        "  testdata/example/platform/eks/helm.tf:8:17: XR001 Set the ServiceAccount's namespace \
         to `external-dns`, which the trust admits (not applied: edits \
         testdata/example/platform/eks/helm.tf, which was not named)
  testdata/example/platform/eks/irsa.tf:48:19: WIF005 Change the operator to `StringLike` \
         (applied by --fix)
  testdata/example/platform/eks/irsa.tf:78:51: WIF010 Put the subject under the `:sub` key \
         (unsafe: applied by --fix --unsafe-fixes)
"
    );
    // With --diff, the list comes before the diff.
    let (out, _, code) = run_in(
        root(),
        &[
            "--show-fixes",
            "--diff",
            "testdata/example/platform/eks/irsa.tf",
            "--select",
            "WIF005",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "Fixes:\n  testdata/example/platform/eks/irsa.tf:48:19: WIF005 Change the operator to \
             `StringLike` (applied by --fix)\n--- "
        ),
        "{out}"
    );
    let (out, _, _) = run_in(
        root(),
        &["--show-fixes", "testdata/example", "--select", "IRSA002"],
    );
    assert!(out.ends_with("No fixes available.\n"), "{out}");
    let (_, err, code) = run_in(root(), &["--show-fixes", "-f", "json", "testdata/example"]);
    assert_eq!(
        (err.as_str(), code),
        ("error: --show-fixes is for the human format\n", 2)
    );
}

#[test]
fn the_fix_hook_runs_check_with_fix() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let fix_hook = hooks
        .split("\n- id: ")
        .find(|h| h.starts_with("irsa-lint-fix\n"))
        .expect("an irsa-lint-fix hook");
    for line in [
        "  entry: irsa-lint check\n",
        "  args: [--fix]\n",
        "  pass_filenames: true\n",
    ] {
        assert!(fix_hook.contains(line), "{line} missing from {fix_hook}");
    }
    // The same files as the check hook.
    let files = |hook: &str| {
        hook.lines()
            .find(|l| l.trim_start().starts_with("files:"))
            .map(str::to_string)
    };
    let check_hook = hooks
        .split("\n- id: ")
        .find(|h| h.starts_with("irsa-lint\n"))
        .expect("the irsa-lint hook");
    assert_eq!(files(fix_hook), files(check_hook));
}

/// `(path, code, line)` of each finding of the JSON report `irsa-lint -f json ARGS` prints
/// for `stdin`, and the number of files read.
fn stdin_json(dir: &Path, args: &[&str], stdin: &str) -> (Vec<(String, String, u64)>, u64) {
    let out = irsa_lint()
        .current_dir(dir)
        .args(["-f", "json"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let found = json["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (found, json["summary"]["files"].as_u64().unwrap_or_default())
}

#[test]
fn stdin_is_analysed_as_the_file_it_stands_for() {
    let role = WILDCARD_ROLE.trim_start();
    let wif005 = |path: &str| (path.to_string(), "WIF005".to_string(), 9);
    // No name: a module of its own, called `-`.
    let (found, files) = stdin_json(root(), &["-", "--select", "WIF005"], role);
    assert_eq!((found, files), (vec![wif005("-")], 1));
    let out = irsa_lint()
        .args(["-", "--select", "WIF005"])
        .write_stdin(role)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("╭─[-:9:9]"), "{text}");
    // An existing file: its text is replaced, in the module of its directory.
    let (found, files) = stdin_json(
        root(),
        &[
            "-",
            "--stdin-filename",
            "testdata/example/platform/eks/irsa.tf",
            "--select",
            "WIF005",
        ],
        role,
    );
    assert_eq!(
        (found, files),
        (vec![wif005("testdata/example/platform/eks/irsa.tf")], 3)
    );
    // A new file: in the module of its directory (the subject comes from a local of another of
    // its files), under its name, with the configuration of its directory.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
    write(
        tmp.path(),
        "infra/main.tf",
        "locals {\n  subject = \"system:serviceaccount:apps:*\"\n}\n",
    );
    let by_local = role.replace("\"system:serviceaccount:apps:*\"", "local.subject");
    let (found, files) = stdin_json(
        tmp.path(),
        &[
            "-",
            "--stdin-filename",
            "infra/new.tf",
            "--select",
            "WIF005",
        ],
        &by_local,
    );
    assert_eq!((found, files), (vec![wif005("infra/new.tf")], 2));
    // No path of the temporary copy shows.
    let out = irsa_lint()
        .current_dir(tmp.path())
        .args([
            "-",
            "--stdin-filename",
            "infra/new.tf",
            "--select",
            "WIF005",
        ])
        .write_stdin(by_local.as_str())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("╭─[infra/new.tf:9:9]"), "{text}");
    assert!(!text.contains(".tmp"), "{text}");
    // Without the module's files, no finding.
    let (found, _) = stdin_json(
        tmp.path(),
        &[
            "-",
            "--stdin-filename",
            "elsewhere/new.tf",
            "--select",
            "WIF005",
        ],
        &by_local,
    );
    assert_eq!(found, []);
    write(tmp.path(), ".irsa-lint.toml", "ignore = [\"WIF005\"]\n");
    for name in ["infra/new.tf", "infra/main.tf"] {
        let (found, _) = stdin_json(tmp.path(), &["-", "--stdin-filename", name], role);
        assert!(
            found.iter().all(|(_, code, _)| code != "WIF005"),
            "{name}: {found:?}"
        );
    }
    // Usage errors.
    for (args, message) in [
        (
            vec!["-", "."],
            "error: `-` (standard input) cannot be checked together with other paths\n",
        ),
        (
            vec!["--stdin-filename", "a.tf", "."],
            "error: --stdin-filename needs `-` as the path\n",
        ),
        (
            vec!["--fix", "-"],
            "error: --fix, --diff and --write-baseline work on files, not standard input\n",
        ),
    ] {
        let out = irsa_lint()
            .args(&args)
            .write_stdin(role)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message, "{args:?}");
    }
}
