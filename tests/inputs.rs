//! Never green while blind (issue 11 §1): what a run reads, what it skips and why, and how the
//! human, JSON and SARIF reports say so.

mod common;

use common::{irsa_lint, write};
use predicates::prelude::*;

/// A role whose trust is flagged (WIF005, a wildcard subject), in HCL.
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

fn stdout_of(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).expect("utf8")
}

/// The human report's summary: its last line.
fn summary_line(out: &str) -> String {
    out.lines()
        .last()
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}

#[test]
fn summary_says_what_was_read_by_kind() {
    let out = stdout_of(irsa_lint().args(["testdata/example"]), 1);
    assert_eq!(
        summary_line(&out),
        "Found 13 problems (9 errors, 4 warnings, 0 info) in 6 files (4 .tf, 1 manifest, 1 \
         template), 8 trust policies; 4 fixable with `--fix` (5 more with `--unsafe-fixes`).\n"
    );
    let out = stdout_of(irsa_lint().args(["testdata/repos/opentofu-files"]), 1);
    assert_eq!(
        summary_line(&out),
        "Found 1 problem (1 error, 0 warnings, 0 info) in 2 files (1 .tofu, 1 .tofu.json), 1 \
         trust policy.\n"
    );
}

#[test]
fn named_files_that_are_not_read_are_reported_as_skipped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "m/main.tf", WILDCARD_ROLE);
    write(tmp.path(), "m/README.md", "# notes\n");
    write(
        tmp.path(),
        "m/plan.json",
        r#"{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}}"#,
    );
    write(
        tmp.path(),
        "cfn/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Role:\n    Type: AWS::IAM::Role\n",
    );
    write(tmp.path(), "m/root.hcl", "locals {}\n");
    let args = [
        "m/main.tf",
        "m/README.md",
        "m/plan.json",
        "cfn/template.yaml",
        "m/root.hcl",
    ];
    let assert = irsa_lint()
        .current_dir(tmp.path())
        .args(args)
        .assert()
        .code(1);
    let out = assert.get_output();
    assert_eq!(
        summary_line(&String::from_utf8_lossy(&out.stdout)),
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file (1 .tf), 1 trust policy; 4 \
         skipped; 1 fixable with `--fix`.\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: m/README.md: skipped: not a Terraform, OpenTofu, JSON policy, template or \
         Kubernetes manifest file\n\
         warning: m/plan.json: skipped: a Terraform plan or state (`terraform show -json`): \
         irsa-lint reads the configuration (the `.tf` files)\n\
         warning: cfn/template.yaml: skipped: a CloudFormation template: irsa-lint reads \
         Terraform and OpenTofu\n\
         warning: m/root.hcl: skipped: an HCL file that is not Terraform, OpenTofu or \
         `terragrunt.hcl`\n"
    );
    let json = stdout_of(
        irsa_lint()
            .current_dir(tmp.path())
            .args(["--format", "json", "m/main.tf", "m/README.md"]),
        1,
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        json["skipped"],
        serde_json::json!([{"path": "m/README.md", "reason": "not a Terraform, OpenTofu, JSON policy, template or Kubernetes manifest file"}])
    );
    assert_eq!(json["summary"]["read"], serde_json::json!({".tf": 1}));
    let sarif = stdout_of(
        irsa_lint()
            .current_dir(tmp.path())
            .args(["--format", "sarif", "m/main.tf", "m/README.md"]),
        1,
    );
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        serde_json::json!([{"level": "warning", "message": {"text": "m/README.md: skipped: not a Terraform, OpenTofu, JSON policy, template or Kubernetes manifest file"}}])
    );
}

#[test]
fn a_tf_file_a_tofu_file_replaces_is_skipped_when_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    write(tmp.path(), "main.tofu", "locals {}\n");
    let assert = irsa_lint()
        .current_dir(tmp.path())
        .args(["main.tf"])
        .assert()
        .code(0);
    let out = assert.get_output();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "No problems found in 1 file (1 .tofu), 0 trust policies; 1 skipped.\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: main.tf: skipped: OpenTofu reads `main.tofu` instead (a `.tofu` file replaces \
         the `.tf` file of its name)\n"
    );
}

#[test]
fn a_missing_path_prints_no_success_line() {
    irsa_lint()
        .args(["nonexistent/"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: nonexistent/: no such file or directory\n");
    irsa_lint()
        .args(["inventory", "nonexistent/"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: nonexistent/: no such file or directory\n");
    // With a finding elsewhere, the findings and their summary are still printed.
    irsa_lint()
        .args(["nonexistent/", "testdata/rules/WIF003/fail_tf_json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("\nFound 2 problems"));
}

#[test]
fn summary_counts_findings_the_baseline_hides() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "main.tf", WILDCARD_ROLE);
    let dir = tmp.path().to_str().expect("utf8");
    let baseline = tmp.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf8");
    irsa_lint()
        .args([dir, "--write-baseline", baseline])
        .assert()
        .code(0);
    let out = stdout_of(irsa_lint().args([dir, "--baseline", baseline]), 0);
    assert_eq!(
        summary_line(&out),
        "No problems found in 1 file (1 .tf), 1 trust policy; 1 hidden by the baseline.\n"
    );
    let json = stdout_of(
        irsa_lint().args(["--format", "json", dir, "--baseline", baseline]),
        0,
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["summary"]["hidden_by_baseline"], 1);
}

#[test]
fn pre_commit_hook_files_cover_every_input_read() {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").expect("hooks file");
    let files: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files: "))
        .collect();
    // Both hooks (`irsa-lint` and `irsa-lint-fix`) take every file kind irsa-lint reads.
    let every = r"(\.(tf|tf\.json|tofu|tofu\.json|json|tpl|tftpl|yaml|yml)|(^|/)terragrunt\.hcl)$";
    assert_eq!(files, [every, every]);
}
