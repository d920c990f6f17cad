//! The XR findings' two sides: the primary span on one, a label on the other, each at the
//! line and column where it is written, across directories and within one module.

use irsa_lint::{Selection, check};
use std::path::{Path, PathBuf};

/// `(path relative to case, line, column)` of a span.
fn place(
    report: &irsa_lint::engine::check::Report,
    case: &Path,
    span: irsa_lint::base::source::Span,
) -> (String, usize, usize) {
    let file = report.sources.get(span.file);
    let pos = file.position(span.start);
    let rel = file.path.strip_prefix(case).unwrap_or(&file.path);
    (rel.display().to_string(), pos.line, pos.column)
}

fn findings(case: &str) -> (PathBuf, irsa_lint::engine::check::Report) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case);
    let report = check(std::slice::from_ref(&dir), &Selection::default());
    (dir, report)
}

#[test]
fn namespace_swap_across_directories_labels_both_sides() {
    let (dir, report) = findings("repos/xr-service-accounts");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001")
        .expect("an XR001 finding");
    assert_eq!(place(&report, &dir, d.span), ("iam/main.tf".into(), 16, 36));
    assert_eq!(
        d.label.as_deref(),
        Some(
            "the trust admits this subject, not `system:serviceaccount:external-dns:external-dns`"
        )
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    // The namespace is the part the subject disagrees on.
    assert_eq!(
        labels,
        [(
            ("k8s/main.tf".into(), 5, 18),
            "the ServiceAccount is `external-dns/external-dns`"
        )]
    );
    assert!(d.message.contains("`aws_iam_role.external_dns`"));
}

#[test]
fn name_prefix_points_at_the_arn_and_labels_the_module_name() {
    let (dir, report) = findings("repos/xr-service-accounts");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR002")
        .expect("an XR002 finding");
    assert_eq!(place(&report, &dir, d.span), ("k8s/main.tf".into(), 18, 39));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("iam/main.tf".into(), 28, 10),
            "the real name is `aws-load-balancer-controller-` + a generated suffix"
        )]
    );
    // Across directories a reference cannot be written: no fix.
    assert!(d.fix.is_none());
}

#[test]
fn typo_in_one_module_names_the_nearest_subject() {
    let (dir, report) = findings("rules/XR001/fail_name_typo");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001")
        .expect("an XR001 finding");
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 36));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("main.tf".into(), 25, 18),
            "the ServiceAccount is `kube-system/ebs-csi-controller-sa`"
        )]
    );
    assert!(d.help.as_deref().is_some_and(|h| {
        h.contains("instead of `system:serviceaccount:kube-system:ebs-csi-controler-sa`")
    }));
}

#[test]
fn correct_wiring_is_silent() {
    let (_, report) = findings("repos/xr-service-accounts-correct");
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.is_empty(), "{codes:?}");
}

/// The finding of rule `code` in `case` (exactly one), with its labels' places.
fn only_finding<'r>(
    report: &'r irsa_lint::engine::check::Report,
    code: &str,
) -> &'r irsa_lint::base::diagnostic::Diagnostic {
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    found[0]
}

#[test]
fn addon_with_the_wrong_subject_points_at_the_trust_and_labels_the_addon() {
    let (dir, report) = findings("rules/XR006/fail_addon_typo");
    // XR001 leaves add-ons to XR006: one mismatch, one finding.
    assert!(report.diagnostics.iter().all(|d| d.code() != "XR001"));
    let d = only_finding(&report, "XR006");
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 36));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("main.tf".into(), 25, 30),
            "`aws-ebs-csi-driver` runs as `kube-system/ebs-csi-controller-sa`"
        )]
    );
    assert!(d.help.as_deref().is_some_and(|h| h.contains(
        "instead of `system:serviceaccount:kube-system:ebs-csi-controller` in the trust"
    )));
}

#[test]
fn module_addon_points_at_namespace_service_accounts_and_labels_the_addon_key() {
    let (dir, report) = findings("rules/XR006/fail_module_addons");
    let d = only_finding(&report, "XR006");
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 25, 38));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("main.tf".into(), 9, 5),
            "`vpc-cni` runs as `kube-system/aws-node`"
        )]
    );
}

#[test]
fn renamed_addon_service_account_is_labelled_where_the_configuration_names_it() {
    let (dir, report) = findings("rules/XR006/fail_configuration_rename");
    let d = only_finding(&report, "XR006");
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 36));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| place(&report, &dir, l.span))
        .collect();
    assert_eq!(labels, [("main.tf".into(), 29, 47)]);
}

#[test]
fn chart_derived_name_is_a_warning_on_the_release_without_a_fix() {
    let (dir, report) = findings("repos/xr-helm");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001" && d.message.contains("certs-cert-manager"))
        .expect("the cert-manager finding");
    assert_eq!(d.severity, irsa_lint::base::diagnostic::Severity::Warning);
    assert_eq!(
        place(&report, &dir, d.span),
        ("live/main.tf".into(), 92, 16)
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("live/main.tf".into(), 85, 38),
            "the trust admits this subject, not `system:serviceaccount:cert-manager:certs-cert-manager`"
        )]
    );
    assert!(d.fix.is_none());
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("set the chart's `serviceAccount.name`"))
    );
}

#[test]
fn wrapper_release_namespace_from_a_variable_default_labels_the_trust() {
    let (dir, report) = findings("repos/xr-helm");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001" && d.message.contains("aws_iam_role.dns"))
        .expect("the external-dns finding");
    assert_eq!(
        place(&report, &dir, d.span),
        ("modules/dns/main.tf".into(), 39, 16)
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| place(&report, &dir, l.span))
        .collect();
    assert_eq!(labels, [("modules/dns/main.tf".into(), 27, 36)]);
}

#[test]
fn correct_helm_wiring_is_silent() {
    let (_, report) = findings("repos/xr-helm-correct");
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.is_empty(), "{codes:?}");
}

/// A Pod Identity association in a root naming `module.api_role.arn`: the finding points at
/// the child module's trust and labels the association, across the two directories. The
/// child is a module its caller instantiates, so no fix edits it.
#[test]
fn pod_identity_role_of_a_local_module_labels_the_association() {
    let (dir, report) = findings("repos/pi-cross-module");
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "PI001" && d.message.contains("aws_iam_role.this"))
        .collect();
    let [d] = found.as_slice() else {
        panic!("one PI001 finding on the child's role, got {}", found.len());
    };
    assert_eq!(
        place(&report, &dir, d.span),
        ("modules/api-role/main.tf".into(), 8, 21)
    );
    assert_eq!(d.label.as_deref(), Some("`sts:TagSession` missing here"));
    assert!(
        d.message
            .starts_with("trust policy of `aws_iam_role.this` (in `")
            && d.message.contains("modules/api-role`)"),
        "{}",
        d.message
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("live/main.tf".into(), 17, 21),
            "used by Pod Identity association `aws_eks_pod_identity_association.api`"
        )]
    );
    assert!(d.fix.is_none());
}

/// `--select PI001` runs both halves of the rule: the module-level check of a role in the
/// association's own module (with its fix) and the workspace check of a child module's role,
/// each reported once.
#[test]
fn selected_pod_identity_rule_checks_own_and_other_modules_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/repos/pi-cross-module");
    let selection = Selection {
        select: vec!["PI001".into()],
        ignore: Vec::new(),
    };
    let report = check(std::slice::from_ref(&dir), &selection);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (path, line, column) = place(&report, &dir, d.span);
            (d.code(), path, line, column, d.fix.is_some())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("PI001", "live/main.tf".into(), 73, 21, true),
            ("PI001", "modules/api-role/main.tf".into(), 8, 21, false),
        ]
    );
}
