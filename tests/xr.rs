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
    // The namespace is the part the subject disagrees on.
    assert_eq!(place(&report, &dir, d.span), ("iam/main.tf".into(), 16, 58));
    assert_eq!(
        d.label.as_deref(),
        Some("the trust admits `default` here, not `external-dns`")
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
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 70));
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
    // The name part of the subject, which differs from the add-on's.
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 70));
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
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 25, 50));
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
    // The name part of the subject, which differs from the add-on's.
    assert_eq!(place(&report, &dir, d.span), ("main.tf".into(), 15, 70));
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
            ("live/main.tf".into(), 85, 51),
            "the trust admits `cert-manager` here, not `certs-cert-manager`"
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
fn wrapper_release_namespace_from_a_variable_default_is_reported_at_the_call() {
    let (dir, report) = findings("repos/xr-helm");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001" && d.message.contains("aws_iam_role.dns"))
        .expect("the external-dns finding");
    // The call gives no namespace: the finding is at the call, the wrapper's release (with the
    // variable's default) and the trust are labels.
    assert_eq!(
        place(&report, &dir, d.span),
        ("live/main.tf".into(), 104, 8)
    );
    assert_eq!(d.label.as_deref(), Some("the call of `module.dns`"));
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (
                ("modules/dns/main.tf".into(), 39, 16),
                "the ServiceAccount is `external-dns/external-dns` (in `module.dns`)"
            ),
            (
                ("modules/dns/main.tf".into(), 27, 58),
                "the trust admits `kube-system` here, not `external-dns`"
            )
        ]
    );
}

#[test]
fn correct_helm_wiring_is_silent() {
    let (_, report) = findings("repos/xr-helm-correct");
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn each_call_of_a_role_module_is_checked_with_its_own_arguments() {
    let (dir, report) = findings("repos/xr-module-instances");
    let xr: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "XR001")
        .collect();
    // `reports_irsa` and `dns_private` are wired right; the other two calls are not.
    assert_eq!(xr.len(), 2, "{xr:?}");
    let typo = xr[0];
    // The name that differs is written at the call's argument: the finding is there, and the
    // fix edits it.
    assert_eq!(
        place(&report, &dir, typo.span),
        ("apps/main.tf".into(), 24, 22)
    );
    assert_eq!(
        typo.label.as_deref(),
        Some("the trust admits `biling-worker` here, not `billing-worker`")
    );
    assert!(
        typo.message
            .contains("`module.billing_irsa.aws_iam_role.this`")
    );
    let fix = typo.fix.as_ref().expect("a fix");
    assert_eq!(fix.edits.len(), 1);
    assert_eq!(
        place(&report, &dir, fix.edits[0].span),
        ("apps/main.tf".into(), 24, 22)
    );
    assert_eq!(fix.edits[0].replacement, "billing-worker");
    // The wrapper's release namespace is given by the call: primary there, the release in the
    // wrapper and the trust's namespace (given to the role module) as labels.
    let wrapper = xr[1];
    assert_eq!(
        place(&report, &dir, wrapper.span),
        ("platform/main.tf".into(), 12, 15)
    );
    assert_eq!(wrapper.label.as_deref(), Some("given to `module.dns` here"));
    let labels: Vec<_> = wrapper
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (
                ("modules/dns/main.tf".into(), 14, 16),
                "the ServiceAccount is `external-dns/external-dns` (in `module.dns`)"
            ),
            (
                ("platform/main.tf".into(), 6, 22),
                "the trust admits `kube-system` here, not `external-dns`"
            )
        ]
    );
}

#[test]
fn helm_values_file_typo_points_into_the_values_file_and_labels_the_trust() {
    let (dir, report) = findings("repos/xr-helm-values");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001" && d.message.contains("external-dsn"))
        .expect("the values.yaml finding");
    // A release's ServiceAccount is the side to change: its name, where the values file
    // writes it.
    assert_eq!(
        place(&report, &dir, d.span),
        ("apps/values.yaml".into(), 7, 9)
    );
    assert_eq!(
        d.label.as_deref(),
        Some("the ServiceAccount is `external-dns/external-dsn`")
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| (place(&report, &dir, l.span), l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(
            ("iam/main.tf".into(), 16, 71),
            "the trust admits `external-dns` here, not `external-dsn`"
        )]
    );
    let edits: Vec<_> = d
        .fix
        .iter()
        .flat_map(|f| &f.edits)
        .map(|e| (place(&report, &dir, e.span), e.replacement.as_str()))
        .collect();
    assert_eq!(edits, [(("apps/values.yaml".into(), 7, 9), "external-dns")]);
}

#[test]
fn templatefile_values_resolve_the_role_and_label_the_namespace() {
    let (dir, report) = findings("repos/xr-helm-values");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "XR001" && d.message.contains("`module.lbc_irsa`"))
        .expect("the templatefile finding");
    assert_eq!(
        place(&report, &dir, d.span),
        ("apps/main.tf".into(), 31, 17)
    );
    let labels: Vec<_> = d
        .labels
        .iter()
        .map(|l| place(&report, &dir, l.span))
        .collect();
    assert_eq!(labels, [("apps/main.tf".into(), 20, 38)]);
}

#[test]
fn correct_helm_values_are_read_and_silent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/repos/xr-helm-values-correct");
    let options = irsa_lint::engine::config::Options {
        keep_policies: true,
        ..Default::default()
    };
    let report = irsa_lint::engine::check::check_with(std::slice::from_ref(&dir), &options);
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.is_empty(), "{codes:?}");
    // Silent because the trusts admit them, not because the values were not read: each
    // ServiceAccount's name and role come from its YAML, and its trust admits it.
    let mut read: Vec<_> = report
        .links
        .iter()
        .map(|link| {
            assert_eq!(link.admitted, "yes", "{link:?}");
            let sa = &link.sa;
            let role = sa.role_arn.as_ref().map(|r| place(&report, &dir, r.span()));
            (place(&report, &dir, sa.name.span), role)
        })
        .collect();
    read.sort();
    assert_eq!(
        read,
        [
            // `sa_name` in the templatefile vars; `role_arn` where the template writes it.
            (
                ("apps/main.tf".into(), 34, 21),
                Some(("apps/lbc-values.yaml.tftpl".into(), 7, 36))
            ),
            (
                ("apps/values.yaml".into(), 7, 9),
                Some(("apps/values.yaml".into(), 9, 33))
            ),
        ]
    );
}

#[test]
fn inventory_links_each_workload_to_the_instance_it_uses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/repos/xr-module-instances");
    let options = irsa_lint::engine::config::Options {
        keep_policies: true,
        ..Default::default()
    };
    let report = irsa_lint::engine::check::check_with(std::slice::from_ref(&dir), &options);
    let mut links: Vec<_> = report
        .links
        .iter()
        .map(|l| {
            (
                l.instance.clone().unwrap_or_default(),
                l.sa.name.known().unwrap_or_default(),
                l.sa.namespace.known().unwrap_or_default(),
                l.declared_in.clone(),
                l.admitted,
            )
        })
        .collect();
    links.sort();
    let s = |t: &str| t.to_string();
    assert_eq!(
        links,
        [
            (
                s("module.billing_irsa"),
                s("billing-worker"),
                s("apps"),
                None,
                "no"
            ),
            (
                s("module.dns_irsa"),
                s("external-dns"),
                s("external-dns"),
                Some(s("module.dns")),
                "no"
            ),
            (
                s("module.dns_irsa"),
                s("external-dns"),
                s("kube-system"),
                Some(s("module.dns_private")),
                "yes"
            ),
            (
                s("module.reports_irsa"),
                s("reports-worker"),
                s("apps"),
                None,
                "yes"
            ),
        ]
    );
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
        .filter(|d| d.code() == "PI001" && d.message.contains("module.api_role"))
        .collect();
    let [d] = found.as_slice() else {
        panic!("one PI001 finding on the child's role, got {}", found.len());
    };
    // The missing action is a literal of the child: the finding stays there; the association
    // and the call that creates the instance are labels.
    assert_eq!(
        place(&report, &dir, d.span),
        ("modules/api-role/main.tf".into(), 8, 21)
    );
    assert_eq!(d.label.as_deref(), Some("`sts:TagSession` missing here"));
    assert!(
        d.message
            .starts_with("trust policy of `module.api_role.aws_iam_role.this` lets"),
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
        [
            (
                ("live/main.tf".into(), 17, 21),
                "used by Pod Identity association `aws_eks_pod_identity_association.api`"
            ),
            (
                ("live/main.tf".into(), 1, 8),
                "in `module.api_role`, called here"
            )
        ]
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
            // The call that leaves out `sts:TagSession`, at its argument.
            ("PI001", "live/main.tf".into(), 98, 13, false),
            ("PI001", "modules/api-role/main.tf".into(), 8, 21, false),
        ]
    );
}

/// The primary span's place, the primary label, and each other label's place and message.
type Sides = (
    (String, usize, usize),
    Option<String>,
    Vec<((String, usize, usize), String)>,
);

fn sides(
    report: &irsa_lint::engine::check::Report,
    dir: &Path,
    d: &irsa_lint::base::diagnostic::Diagnostic,
) -> Sides {
    (
        place(report, dir, d.span),
        d.label.clone(),
        d.labels
            .iter()
            .map(|l| (place(report, dir, l.span), l.message.clone()))
            .collect(),
    )
}

/// The finding of rule `code` whose message contains `text` (exactly one).
fn finding_with<'r>(
    report: &'r irsa_lint::engine::check::Report,
    code: &str,
    text: &str,
) -> &'r irsa_lint::base::diagnostic::Diagnostic {
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code && d.message.contains(text))
        .collect();
    assert_eq!(found.len(), 1, "{code} `{text}`: {found:?}");
    found[0]
}

#[test]
fn kubernetes_manifests_point_at_the_trust_once_each() {
    let (dir, report) = findings("repos/xr-kubernetes-manifest");
    // The YAML file `kubernetes_manifest` decodes is not reported again as a manifest of the
    // tree: two ServiceAccounts, two findings.
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["XR001", "XR001"]);
    let typo = finding_with(&report, "XR001", "extenral-dns");
    assert!(
        typo.message
            .starts_with("`kubernetes_manifest` ServiceAccount")
    );
    assert_eq!(
        sides(&report, &dir, typo),
        (
            ("iam/main.tf".into(), 16, 71),
            Some("the trust admits `external-dns` here, not `extenral-dns`".into()),
            vec![(
                ("k8s/main.tf".into(), 12, 20),
                "the ServiceAccount is `external-dns/extenral-dns`".into()
            )]
        )
    );
    // Decoded from YAML: the ServiceAccount's namespace is labelled where the file writes it.
    let decoded = finding_with(&report, "XR001", "aws_iam_role.lb_controller");
    assert_eq!(
        sides(&report, &dir, decoded),
        (
            ("iam/main.tf".into(), 34, 58),
            Some("the trust admits `kube-system` here, not `aws-load-balancer-controller`".into()),
            vec![(
                ("k8s/lb-controller-sa.yaml".into(), 5, 14),
                "the ServiceAccount is `aws-load-balancer-controller/aws-load-balancer-controller`"
                    .into()
            )]
        )
    );
}

#[test]
fn addon_roles_across_directories_label_the_trust_and_the_addon() {
    let (dir, report) = findings("repos/xr-eks-addon");
    assert!(report.diagnostics.iter().all(|d| d.code() == "XR006"));
    // A literal ARN naming a role of a local module's instance whose subject is a literal of
    // the module: the finding stays on that literal (what must change, whoever calls it), the
    // add-on and the call that creates the instance are labels.
    let ebs = finding_with(&report, "XR006", "aws-ebs-csi-driver");
    assert_eq!(
        sides(&report, &dir, ebs),
        (
            ("iam/main.tf".into(), 18, 50),
            Some("the trust admits `ebs-csi-controller` here, not `ebs-csi-controller-sa`".into()),
            vec![
                (
                    ("cluster/main.tf".into(), 26, 30),
                    "`aws-ebs-csi-driver` runs as `kube-system/ebs-csi-controller-sa`".into()
                ),
                (
                    ("cluster/main.tf".into(), 17, 8),
                    "in `module.addon_roles`, called here".into()
                )
            ]
        )
    );
    // The module is shared by its callers: no fix edits it.
    assert!(ebs.fix.is_none());
    // v20 `cluster_addons` beside its role module: at the entry's name part, with the fix.
    let efs = finding_with(&report, "XR006", "aws-efs-csi-driver");
    assert_eq!(
        sides(&report, &dir, efs),
        (
            ("legacy/main.tf".into(), 27, 50),
            Some("the trust admits `efs-csi-node-sa` here, not `efs-csi-controller-sa`".into()),
            vec![(
                ("legacy/main.tf".into(), 11, 5),
                "`aws-efs-csi-driver` runs as `kube-system/efs-csi-controller-sa`".into()
            )]
        )
    );
    let edits: Vec<_> = efs
        .fix
        .iter()
        .flat_map(|f| &f.edits)
        .map(|e| (place(&report, &dir, e.span), e.replacement.as_str()))
        .collect();
    assert_eq!(
        edits,
        [(
            ("legacy/main.tf".into(), 27, 38),
            "kube-system:efs-csi-controller-sa"
        )]
    );
}

#[test]
fn annotation_arns_point_at_the_arn_and_label_the_service_account_or_the_role() {
    let (dir, report) = findings("repos/xr-annotation-arn");
    let count = |code: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code() == code)
            .count()
    };
    assert_eq!((count("XR003"), count("XR002")), (4, 2));
    let missing_role = finding_with(&report, "XR003", "billing-exporter");
    assert_eq!(
        sides(&report, &dir, missing_role),
        (
            ("k8s/service-accounts.yaml".into(), 8, 33),
            Some("the resource does not start with `role/`".into()),
            vec![(
                ("k8s/service-accounts.yaml".into(), 5, 9),
                "the ServiceAccount".into()
            )]
        )
    );
    // The whitespace is the defect: trimming it is a safe fix, at the ARN.
    let pasted = finding_with(&report, "XR003", "invoices");
    let fix = pasted.fix.as_ref().expect("a fix");
    assert_eq!(
        fix.applicability,
        irsa_lint::base::diagnostic::Applicability::Safe
    );
    let edits: Vec<_> = fix
        .edits
        .iter()
        .map(|e| (place(&report, &dir, e.span), e.replacement.as_str()))
        .collect();
    assert_eq!(
        edits,
        [(
            ("apps/main.tf".into(), 20, 39),
            "arn:aws:iam::111122223333:role/invoices"
        )]
    );
    let path = finding_with(&report, "XR002", "at path `/`");
    assert_eq!(
        sides(&report, &dir, path),
        (
            ("apps/main.tf".into(), 31, 39),
            Some("no role has this ARN".into()),
            vec![(
                ("iam/main.tf".into(), 44, 10),
                "the role is at path `/eks/`".into()
            )]
        )
    );
    // Across directories a reference cannot be written: no fix.
    assert!(path.fix.is_none());
}

#[test]
fn audience_annotations_point_at_the_annotation_and_label_the_trusts_audience() {
    let (dir, report) = findings("repos/xr-audience");
    let manifest = finding_with(&report, "XR004", "velero");
    assert_eq!(
        sides(&report, &dir, manifest),
        (
            ("k8s/velero.yaml".into(), 10, 33),
            Some("the token's audience".into()),
            vec![(
                ("iam/main.tf".into(), 18, 37),
                "the audience the trust accepts".into()
            )]
        )
    );
    // The module writes its audience itself: the label is at its call.
    let helm = finding_with(&report, "XR004", "external-secrets");
    assert_eq!(
        sides(&report, &dir, helm),
        (
            ("apps/main.tf".into(), 31, 41),
            Some("the token's audience".into()),
            vec![(
                ("apps/main.tf".into(), 3, 1),
                "the audience the trust accepts".into()
            )]
        )
    );
}
