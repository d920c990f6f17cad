use crate::base::diagnostic::{Diagnostic, Edit, Fix, Kind, Severity};
use crate::base::source::Span;
use crate::model::facts::infra::{ClusterKind, Irsa, LiteralIssuer, parse_eks_host, provider_ref};
use crate::model::policy::{PolicyForm, Statement};
use crate::rules::helpers::{
    claim_conditions, editable_in_tf, policy_context, show, verbatim_edit,
};
use crate::rules::{Context, FixAvailability, ModuleContext, Rule, RuleMeta};
use crate::value::SymStr;

/// IRSA003: a hand-written EKS issuer in a trust that is not the issuer of the cluster the
/// module defines: another region (warning), another cluster ID of a provider registered here
/// (error), or a provider ARN in another account than the role (error).
pub struct IssuerNotClusterIssuer;

pub static META: RuleMeta = RuleMeta {
    code: "IRSA003",
    name: "issuer-not-cluster-issuer",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "Hand-written EKS issuer is not the issuer of the cluster in the configuration",
    doc: include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/rules/IRSA003.md"
    )),
    fix: FixAvailability::Sometimes,
};

const HELP: &str = "Derive the trust from the cluster instead of copying its issuer: `module.eks.oidc_provider_arn` for the principal and `${module.eks.oidc_provider}:sub` for the keys (or the `aws_iam_openid_connect_provider` of the cluster and `replace(aws_eks_cluster.<name>.identity[0].oidc[0].issuer, \"https://\", \"\")`).";

impl Rule for IssuerNotClusterIssuer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_module(&self, cx: &mut ModuleContext<'_, '_, '_>, out: &mut Vec<Diagnostic>) {
        let literal = &cx.facts.infra.literal_issuers;
        let regions = evidence_regions(cx);
        let host_expr = cluster_host_expression(cx);
        for policy in cx.policies {
            let pcx = policy_context(cx, policy);
            let role_account = role_account(cx, policy.role.as_deref());
            for st in policy.statements.iter().filter(|s| s.is_allow()) {
                if st.not_principal {
                    continue;
                }
                for finding in host_findings(st, literal, regions.as_deref()) {
                    out.push(finding.diagnostic(&pcx, host_expr.as_deref()));
                }
                if let Some(account) = &role_account {
                    account_findings(&pcx, st, account, out);
                }
            }
        }
    }
}

/// One place a literal EKS issuer host is written in a statement.
struct Occurrence<'p> {
    value: &'p SymStr,
    /// Byte offset of the host in the value's known text.
    start: usize,
    host: String,
    /// The leaf or key, for labels.
    span: Span,
    /// Where an edit may land (the leaf or the key as written).
    written: Span,
}

/// Literal EKS issuer hosts of a statement: in Federated ARNs and in condition keys.
fn occurrences(st: &Statement) -> Vec<Occurrence<'_>> {
    let mut out = Vec::new();
    for leaf in st.principals_of("Federated") {
        let flat = leaf.value.known_parts_text();
        let Some(marker) = flat.find(":oidc-provider/") else {
            continue;
        };
        let start = marker + ":oidc-provider/".len();
        if let Some(host) = leaf.value.split_at(start).1.known()
            && parse_eks_host(&host).is_some()
        {
            out.push(Occurrence {
                value: &leaf.value,
                start,
                host,
                span: leaf.span,
                written: leaf.span,
            });
        }
    }
    for c in claim_conditions(st) {
        if let Some(host) = c.key.prefix.known()
            && parse_eks_host(&host).is_some()
        {
            out.push(Occurrence {
                value: &c.cond.key.value,
                start: 0,
                host,
                span: c.cond.key.span,
                written: c.cond.key_written,
            });
        }
    }
    out
}

/// A region the module's clusters (or, without clusters, its provider configurations) live in.
pub(crate) struct RegionEvidence {
    region: String,
    span: Span,
    what: String,
}

/// The regions a hand-written issuer may name: every cluster's region, or when the module
/// defines no cluster, every `provider "aws"` region. `None` when any of them is not known.
pub(crate) fn evidence_regions(cx: &ModuleContext<'_, '_, '_>) -> Option<Vec<RegionEvidence>> {
    let infra = &cx.facts.infra;
    let found: Option<Vec<RegionEvidence>> = if infra.clusters.is_empty() {
        infra
            .aws_providers
            .iter()
            .map(|p| {
                let (region, span) = p.region.clone()?;
                let what = match &p.alias {
                    Some(a) => format!("provider `aws.{a}`"),
                    None => "provider `aws`".to_string(),
                };
                Some(RegionEvidence { region, span, what })
            })
            .collect()
    } else {
        infra
            .clusters
            .iter()
            .map(|c| {
                let (region, span) = c.region.clone()?;
                Some(RegionEvidence {
                    region,
                    span,
                    what: format!("`{}`", c.address),
                })
            })
            .collect()
    };
    found.filter(|r| !r.is_empty())
}

/// What is wrong with one distinct issuer host of a statement.
pub(crate) struct HostFinding<'p> {
    occurrences: Vec<Occurrence<'p>>,
    problem: Problem,
}

enum Problem {
    /// A provider registered in the module for the same region has another cluster ID.
    Id { issuer: LiteralIssuer },
    /// The region is none of the clusters' (or providers') regions.
    Region {
        evidence: Vec<(String, Span, String)>,
    },
}

/// The statement's literal EKS hosts that contradict the module's clusters and providers.
pub(crate) fn host_findings<'p>(
    st: &'p Statement,
    literal: &[LiteralIssuer],
    regions: Option<&[RegionEvidence]>,
) -> Vec<HostFinding<'p>> {
    let mut groups: Vec<Vec<Occurrence<'p>>> = Vec::new();
    for occ in occurrences(st) {
        match groups
            .iter_mut()
            .find(|g| g[0].host.eq_ignore_ascii_case(&occ.host))
        {
            Some(g) => g.push(occ),
            None => groups.push(vec![occ]),
        }
    }
    let mut out = Vec::new();
    for group in groups {
        let host = group[0].host.clone();
        let Some(parsed) = parse_eks_host(&host) else {
            continue;
        };
        if literal.iter().any(|l| l.host.eq_ignore_ascii_case(&host)) {
            continue;
        }
        let region = &host[parsed.region.0..parsed.region.1];
        let same_region = literal.iter().find(|l| {
            parse_eks_host(&l.host).is_some_and(|p| {
                p.china == parsed.china
                    && l.host[p.region.0..p.region.1].eq_ignore_ascii_case(region)
            })
        });
        let problem = if let Some(l) = same_region {
            Problem::Id { issuer: l.clone() }
        } else if let Some(regions) = regions
            && !regions
                .iter()
                .any(|r| r.region.eq_ignore_ascii_case(region))
        {
            Problem::Region {
                evidence: regions
                    .iter()
                    .map(|r| (r.region.clone(), r.span, r.what.clone()))
                    .collect(),
            }
        } else {
            continue;
        };
        out.push(HostFinding {
            occurrences: group,
            problem,
        });
    }
    out
}

impl HostFinding<'_> {
    /// The host's canonical text (for OIDCP003, which leaves these hosts to this rule).
    pub(crate) fn host(&self) -> &str {
        &self.occurrences[0].host
    }

    fn diagnostic(&self, cx: &Context<'_>, host_expr: Option<&str>) -> Diagnostic {
        let first = &self.occurrences[0];
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
        let mut diag = match &self.problem {
            Problem::Id { issuer } => {
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
            Problem::Region { evidence } => {
                let (span, region) = piece(parsed.map(|p| p.region));
                let places: Vec<String> = evidence
                    .iter()
                    .map(|(r, _, what)| format!("{what} is in `{r}`"))
                    .collect();
                let mut d = Diagnostic::new(
                    &META,
                    span,
                    format!(
                        "EKS issuer `{host}` is in region `{region}`, but {}",
                        places.join(", ")
                    ),
                )
                .with_label("not the cluster's region")
                .with_severity(Severity::Warning);
                for (r, s, what) in evidence {
                    d = d.with_secondary(*s, format!("{what} is in `{r}`"));
                }
                d
            }
        };
        for other in &self.occurrences[1..] {
            diag = diag.with_secondary(other.span, "the same issuer");
        }
        diag.with_help(HELP).with_fix(self.fix(cx, host_expr))
    }

    /// Replaces every written host with the cluster's issuer host, when the module has exactly
    /// one cluster with an IAM OIDC provider.
    fn fix(&self, cx: &Context<'_>, host_expr: Option<&str>) -> Option<Fix> {
        let host_expr = host_expr?;
        let mut edits: Vec<Edit> = Vec::new();
        for occ in &self.occurrences {
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
}

/// The issuer host expression of the module's only cluster, when that cluster has exactly one
/// IAM OIDC provider (so the trust can be derived from it unambiguously).
fn cluster_host_expression(cx: &ModuleContext<'_, '_, '_>) -> Option<String> {
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
fn role_account(cx: &ModuleContext<'_, '_, '_>, role: Option<&str>) -> Option<(String, Span)> {
    let name = role?.strip_prefix("aws_iam_role.")?;
    let item = cx.ev.module.resource("aws_iam_role", name)?;
    cx.facts
        .infra
        .provider(&provider_ref(&item))?
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
        if *arn != "arn" || *iam != "iam" || !crate::model::facts::infra::is_account(written) {
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
