//! Local module calls, both ways (`testdata/repos/local-module-calls`): a finding caused by a
//! caller's value is reported at the caller's argument with the place in the child as a label,
//! its fix edits the caller, the child alone stays silent, and `inventory` lists the
//! instances with their callers' values. The findings' lines are in that case's expected.txt.

mod common;

use common::{irsa_lint, relative, testdata, write};
use irsa_lint::base::diagnostic::{Applicability, Diagnostic};
use irsa_lint::{Selection, check};

const CASE: &str = "repos/local-module-calls";

fn findings() -> (irsa_lint::engine::check::Report, Vec<Diagnostic>) {
    let report = check(&[testdata(CASE)], &Selection::default());
    let diagnostics = report.diagnostics.clone();
    (report, diagnostics)
}

/// `path:line:col` of a span, relative to the case.
fn at(report: &irsa_lint::engine::check::Report, span: irsa_lint::base::source::Span) -> String {
    let file = report.sources.get(span.file);
    let pos = file.position(span.start);
    format!(
        "{}:{}:{}",
        relative(&file.path, &testdata(CASE)),
        pos.line,
        pos.column
    )
}

#[test]
fn a_childs_finding_is_reported_at_the_callers_argument_with_the_child_as_a_label() {
    let (report, diagnostics) = findings();
    let d = diagnostics
        .iter()
        .find(|d| {
            d.rule.code == "WIF003"
                && d.message.contains("https://oidc.eks")
                && d.message.contains(":sub")
        })
        .expect("WIF003 for the URL given to module.with_scheme");
    assert_eq!(at(&report, d.span), "live/main.tf:26:21");
    assert_eq!(
        d.label.as_deref(),
        Some("given to `module.with_scheme` here")
    );
    let labels: Vec<(String, &str)> = d
        .labels
        .iter()
        .map(|l| (at(&report, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (
                "modules/irsa-role/main.tf:28:14".to_string(),
                "a URL scheme here, so the key never matches (in `module.with_scheme`)"
            ),
            (
                "modules/irsa-role/main.tf:28:11".to_string(),
                "in this condition key"
            ),
            (
                "live/main.tf:26:22".to_string(),
                "a URL scheme written here"
            ),
        ]
    );
    // The fix edits the call, never the shared child, and is unsafe: the argument may be
    // used elsewhere in the child.
    let fix = d.fix.as_ref().expect("a fix at the caller");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(fix.edits.len(), 1);
    assert_eq!(at(&report, fix.edits[0].span), "live/main.tf:26:21");
    assert_eq!(
        fix.edits[0].replacement,
        r#"replace("https://${local.host}", "https://", "")"#
    );
}

#[test]
fn findings_whose_value_is_written_in_the_caller_stay_there_and_label_the_childs_policy() {
    let (report, diagnostics) = findings();
    let d = diagnostics
        .iter()
        .find(|d| d.rule.code == "GH002")
        .expect("GH002 for the subject given to module.github");
    assert_eq!(at(&report, d.span), "live/main.tf:58:62");
    assert!(
        d.labels
            .iter()
            .any(|l| l.message == "the trust policy of `module.github`"
                && at(&report, l.span) == "modules/github-role/main.tf:5:1"),
        "{:?}",
        d.labels
    );
}

#[test]
fn no_finding_edits_a_called_module() {
    let (report, diagnostics) = findings();
    for d in &diagnostics {
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            let path = &report.sources.get(e.span.file).path;
            assert!(
                !path.starts_with(testdata(CASE).join("modules")),
                "{} edits {}",
                d.rule.code,
                path.display()
            );
        }
    }
}

#[test]
fn a_called_module_checked_alone_is_silent() {
    for child in [
        "irsa-role",
        "github-role",
        "tfc-role",
        "irsa-wrapper",
        "cluster",
    ] {
        let report = check(
            &[testdata(&format!("{CASE}/modules/{child}"))],
            &Selection::default(),
        );
        assert!(
            report.diagnostics.is_empty(),
            "{child}: {:?}",
            report
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn inventory_lists_instances_with_their_callers_values() {
    let out = irsa_lint()
        .args(["inventory", "--format", "json"])
        .arg(testdata(CASE))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let entries: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let roles: Vec<&str> = entries
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["role"].as_str())
        .collect();
    for role in [
        "module.api.aws_iam_role.this",
        r#"module.workers["batch"].aws_iam_role.this"#,
        r#"module.workers["queue"].aws_iam_role.this"#,
        "module.cni.module.role",
        "aws_iam_role.dns",
    ] {
        assert!(roles.contains(&role), "{role} not in {roles:?}");
    }
    // `count = 0` creates no instance; the child on its own is not listed beside its instances.
    assert!(
        !roles.iter().any(|r| r.starts_with("module.disabled")),
        "{roles:?}"
    );
    assert!(!roles.contains(&"aws_iam_role.this"), "{roles:?}");
    let subjects = |role: &str| -> Vec<String> {
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["role"] == role)
            .flat_map(|e| e["statements"].as_array().cloned().unwrap_or_default())
            .flat_map(|s| s["conditions"].as_array().cloned().unwrap_or_default())
            .filter(|c| c["key"].as_str().is_some_and(|k| k.ends_with(":sub")))
            .flat_map(|c| c["values"].as_array().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        subjects("module.api.aws_iam_role.this"),
        ["system:serviceaccount:apps:api"]
    );
    // The `optional()` default of the object variable fills the name the caller left out.
    assert_eq!(
        subjects(r#"module.workers["batch"].aws_iam_role.this"#),
        ["system:serviceaccount:batch:default"]
    );
    assert_eq!(
        subjects("module.cni.module.role"),
        ["system:serviceaccount:kube-system/aws-node"]
    );
}

#[test]
fn outputs_of_a_local_module_reach_the_caller() {
    let (report, diagnostics) = findings();
    let d = diagnostics
        .iter()
        .find(|d| d.rule.code == "WIF003" && at(&report, d.span).starts_with("live/cluster.tf"))
        .expect("WIF003 for the issuer URL output");
    assert_eq!(at(&report, d.span), "live/cluster.tf:36:14");
    let fix = d.fix.as_ref().expect("fix");
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(
        fix.edits[0].replacement,
        r#"replace(module.cluster.issuer_url, "https://", "")"#
    );
    // The correct role built from the same module's outputs (lines 7-23) is silent.
    let lines: Vec<usize> = diagnostics
        .iter()
        .filter(|d| {
            report
                .sources
                .get(d.span.file)
                .path
                .ends_with("live/cluster.tf")
        })
        .map(|d| report.sources.get(d.span.file).position(d.span.start).line)
        .collect();
    assert!(lines.iter().all(|&l| l > 23), "{lines:?}");
}

#[test]
fn cycles_between_modules_end() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let role = |from: &str, to: &str| {
        format!(
            r#"
variable "host" {{}}
module "next" {{
  source = "../{to}"
  host   = var.host
}}
output "host" {{
  value = module.next.host
}}
resource "aws_iam_role" "r" {{
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Federated = "arn:aws:iam::111122223333:oidc-provider/${{var.host}}" }}
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {{ StringEquals = {{ "${{module.next.host}}:sub" = "system:serviceaccount:{from}:x" }} }}
    }}]
  }})
}}
"#
        )
    };
    write(&dir.join("a"), "main.tf", &role("a", "b"));
    write(&dir.join("b"), "main.tf", &role("b", "a"));
    write(
        &dir.join("root"),
        "main.tf",
        "module \"a\" {\n  source = \"../a\"\n  host = \"https://example.com\"\n}\n",
    );
    let report = check(&[dir.to_path_buf()], &Selection::default());
    // The cycle a → b → a is cut where it closes: the root's value reaches a and b once each.
    assert!(report.walk_errors.is_empty(), "{:?}", report.walk_errors);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let f = report.sources.get(d.span.file);
            format!(
                "{} {}:{}",
                d.rule.code,
                relative(&f.path, dir),
                f.position(d.span.start).line
            )
        })
        .collect();
    // Each module's own missing audience once; the root's URL once, at the root, though it
    // reaches a and, through a's `var.host`, b.
    assert_eq!(
        found,
        [
            "WIF009 a/main.tf:17",
            "WIF009 b/main.tf:17",
            "WIF002 root/main.tf:3"
        ]
    );
}

/// `testdata/repos/terragrunt`: each unit's `inputs`, under those of the `terragrunt.hcl` it
/// includes, reach the module its `terraform { source }` names.
#[test]
fn terragrunt_inputs_reach_the_module_a_unit_runs() {
    let case = testdata("repos/terragrunt");
    let report = check(std::slice::from_ref(&case), &Selection::default());
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let f = report.sources.get(d.span.file);
            let p = f.position(d.span.start);
            format!(
                "{} {}:{}:{} {}",
                d.rule.code,
                relative(&f.path, &case),
                p.line,
                p.column,
                d.label.as_deref().unwrap_or_default()
            )
        })
        .collect();
    // prod takes the included parent's issuer (with its scheme); staging sets its own.
    let prod = format!(
        "given to `terragrunt:{}` here",
        case.join("live/prod/irsa").display()
    );
    assert_eq!(
        found,
        [
            "GH002 live/dev/github/terragrunt.hcl:6:16 no GitHub token carries this subject"
                .to_string(),
            format!("WIF003 live/terragrunt.hcl:3:18 {prod}"),
            format!("WIF003 live/terragrunt.hcl:3:18 {prod}"),
        ]
    );
    let mut keep = irsa_lint::engine::config::Options::from_selection(Selection::default());
    keep.keep_policies = true;
    let report = irsa_lint::engine::check::check_with(std::slice::from_ref(&case), &keep);
    let mut instances: Vec<String> = report
        .trust_policies
        .iter()
        .filter_map(|p| p.instance.clone())
        .collect();
    instances.sort();
    assert_eq!(
        instances,
        ["dev/github", "prod/irsa", "staging/irsa"]
            .map(|u| format!("terragrunt:{}", case.join("live").join(u).display()))
    );
}
