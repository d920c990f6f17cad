use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::base::source::Span;
use crate::model::facts::infra::{ClusterKind, Irsa, is_account, parse_eks_host};
use crate::model::policy::{PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{editable_in_tf, policy_context, show, verbatim_edit};
use crate::rules::irsa::helpers::{HostFinding, HostProblem, host_findings, region_place};
use crate::rules::{Context, ModuleContext, Rule};

declare_rule! {
    /// IRSA003: a hand-written EKS issuer in a trust that is not the issuer of the cluster the
    /// module defines: another region (warning), another cluster ID of a provider registered here
    /// (error), or a provider ARN in another account than the role (error).
    pub struct IssuerNotClusterIssuer;
    code: "IRSA003",
    name: "issuer-not-cluster-issuer",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Hand-written EKS issuer is not the issuer of the cluster in the configuration",
}

const HELP: &str = "Derive the trust from the cluster instead of copying its issuer: `module.eks.oidc_provider_arn` for the principal and `${module.eks.oidc_provider}:sub` for the keys (or the `aws_iam_openid_connect_provider` of the cluster and `replace(aws_eks_cluster.<name>.identity[0].oidc[0].issuer, \"https://\", \"\")`).";

impl Rule for IssuerNotClusterIssuer {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let infra = &cx.facts.infra;
        let host_expr = cluster_host_expression(cx);
        for policy in cx.policies {
            let pcx = policy_context(cx, policy);
            let role_account = role_account(cx, policy.role.as_deref());
            for st in policy.statements.iter().filter(|s| s.is_allow()) {
                if st.not_principal {
                    continue;
                }
                for finding in host_findings(st, &infra.literal_issuers, infra.regions.as_deref()) {
                    out.push(diagnostic(&finding, &pcx, host_expr.as_deref()));
                }
                if let Some(account) = &role_account {
                    account_findings(&pcx, st, account, out);
                }
            }
        }
    }
}

/// IRSA003's finding for one host.
fn diagnostic(
    finding: &HostFinding<'_, '_>,
    cx: &Context<'_>,
    host_expr: Option<&str>,
) -> Diagnostic {
    let first = &finding.occurrences[0];
    let host = &first.host;
    let parsed = parse_eks_host(host);
    // The piece to change: the cluster ID or the region inside the first written host.
    let piece = |range: Option<(usize, usize)>| {
        let (a, b) = range.unwrap_or((0, host.len()));
        let span = first
            .value
            .span_of(first.start + a, first.start + b)
            .unwrap_or(first.span);
        (span, host.get(a..b).unwrap_or(host))
    };
    let mut diag = match &finding.problem {
        HostProblem::Id { issuer } => {
            let (span, _) = piece(parsed.map(|p| p.id));
            Diagnostic::new(
                &META,
                span,
                format!(
                    "EKS issuer `{host}` is not `{}`, the issuer registered by `{}`: the cluster OIDC IDs differ",
                    issuer.host, issuer.address
                ),
            )
            .with_label("another cluster's OIDC ID")
            .with_secondary(issuer.span, "the cluster issuer registered in this configuration")
        }
        HostProblem::Region { evidence } => {
            let (span, region) = piece(parsed.map(|p| p.region));
            let places: Vec<(Span, String)> =
                evidence.iter().map(|r| (r.span, region_place(r))).collect();
            let listed: Vec<&str> = places.iter().map(|(_, p)| p.as_str()).collect();
            let mut d = Diagnostic::new(
                &META,
                span,
                format!(
                    "EKS issuer `{host}` is in region `{region}`, but {}",
                    listed.join(", ")
                ),
            )
            .with_label("not the cluster's region")
            .with_severity(Severity::Warning);
            for (at, place) in places {
                d = d.with_secondary(at, place);
            }
            d
        }
    };
    for other in &finding.occurrences[1..] {
        diag = diag.with_secondary(other.span, "the same issuer");
    }
    diag.with_help(HELP).with_fix(fix(finding, cx, host_expr))
}

/// Replaces every written host with the cluster's issuer host, when the module has exactly
/// one cluster with an IAM OIDC provider.
fn fix(finding: &HostFinding<'_, '_>, cx: &Context<'_>, host_expr: Option<&str>) -> Option<Fix> {
    let host_expr = host_expr?;
    let mut edits: Vec<Edit> = Vec::new();
    for occ in &finding.occurrences {
        let edit = verbatim_edit(
            cx,
            occ.value,
            occ.start,
            occ.start + occ.host.len(),
            &format!("${{{host_expr}}}"),
        )
        .filter(|e| editable_in_tf(cx.sources, e.span, occ.written));
        match edit {
            Some(e) if !edits.iter().any(|x| x.span == e.span) => edits.push(e),
            Some(_) => {}
            // Module inputs feed principal and keys from one written value.
            None if cx.policy.form == PolicyForm::Module => {}
            None => return None,
        }
    }
    (!edits.is_empty()).then(|| {
        Fix::unsafe_(
            format!("Use the cluster's issuer `${{{host_expr}}}`"),
            edits,
        )
    })
}

/// The issuer host expression of the module's only cluster, when that cluster has exactly one
/// IAM OIDC provider (so the trust can be derived from it unambiguously).
fn cluster_host_expression(cx: &ModuleContext<'_>) -> Option<String> {
    let [cluster] = cx.facts.infra.clusters.as_slice() else {
        return None;
    };
    let addr = &cluster.address;
    match &cluster.kind {
        ClusterKind::EksModule(m) => {
            (m.irsa == Irsa::Enabled).then(|| format!("{addr}.oidc_provider"))
        }
        ClusterKind::Resource | ClusterKind::Lookup => {
            let mut providers = cx
                .facts
                .providers
                .iter()
                .filter(|p| p.issuer == cluster.issuer);
            (providers.next().is_some() && providers.next().is_none())
                .then(|| format!("replace({addr}.identity[0].oidc[0].issuer, \"https://\", \"\")"))
        }
    }
}

/// The account of the role whose trust this is, from its provider configuration.
fn role_account(cx: &ModuleContext<'_>, role: Option<&str>) -> Option<(String, Span)> {
    let infra = &cx.facts.infra;
    infra
        .provider(infra.role_providers.get(role?)?)?
        .account
        .clone()
}

/// Federated EKS provider ARNs whose account is not the role's account.
fn account_findings(
    cx: &Context<'_>,
    st: &Statement,
    (account, account_span): &(String, Span),
    out: &mut Vec<Diagnostic>,
) {
    for leaf in st.principals_of("Federated") {
        let crate::model::policy::issuer::FederatedKind::OidcProvider(issuer) =
            crate::model::policy::issuer::classify_federated(&leaf.value)
        else {
            continue;
        };
        if !issuer.is_eks() {
            continue;
        }
        let flat = leaf.value.known_parts_text();
        let Some(marker) = flat.find(":oidc-provider/") else {
            continue;
        };
        let Some(head) = leaf.value.split_at(marker).0.known() else {
            continue;
        };
        let fields: Vec<&str> = head.split(':').collect();
        let [arn, _, iam, "", written] = fields.as_slice() else {
            continue;
        };
        if *arn != "arn" || *iam != "iam" || !is_account(written) {
            continue;
        }
        if written == account {
            continue;
        }
        let span = leaf
            .value
            .span_of(marker - written.len(), marker)
            .unwrap_or(leaf.span);
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!(
                    "provider ARN `{}` is in account `{written}`, but the role is created in account `{account}`",
                    show(cx, &leaf.value)
                ),
            )
            .with_label("another account")
            .with_secondary(*account_span, "the role's provider configuration is pinned to this account")
            .with_help("STS looks the OIDC provider up in the role's own account. For cross-account IRSA, create an IAM OIDC provider for the cluster's issuer in the role's account and trust that ARN."),
        );
    }
}
