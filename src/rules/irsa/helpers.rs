//! Hand-written EKS issuers checked against the module's clusters and providers: IRSA003
//! reports the hosts that contradict them, and OIDCP003 leaves those hosts to IRSA003.

use crate::base::source::Span;
use crate::model::facts::infra::{LiteralIssuer, RegionEvidence, RegionOf, parse_eks_host};
use crate::model::policy::Statement;
use crate::rules::helpers::claim_conditions;
use crate::value::SymStr;

/// One place a literal EKS issuer host is written in a statement.
pub(crate) struct Occurrence<'p> {
    pub value: &'p SymStr,
    /// Byte offset of the host in the value's known text.
    pub start: usize,
    pub host: String,
    /// The leaf or key, for labels.
    pub span: Span,
    /// Where an edit may land (the leaf or the key as written).
    pub written: Span,
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

/// What is wrong with one distinct issuer host of a statement.
pub(crate) struct HostFinding<'p, 'f> {
    /// Never empty: the first is the one reported.
    pub occurrences: Vec<Occurrence<'p>>,
    pub problem: HostProblem<'f>,
}

pub(crate) enum HostProblem<'f> {
    /// A provider registered in the module for the same region has another cluster ID.
    Id { issuer: &'f LiteralIssuer },
    /// The region is none of the clusters' (or providers') regions.
    Region { evidence: &'f [RegionEvidence] },
}

/// The statement's literal EKS hosts that contradict the module's clusters and providers.
pub(crate) fn host_findings<'p, 'f>(
    st: &'p Statement,
    literal: &'f [LiteralIssuer],
    regions: Option<&'f [RegionEvidence]>,
) -> Vec<HostFinding<'p, 'f>> {
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
        let problem = if let Some(issuer) = same_region {
            HostProblem::Id { issuer }
        } else if let Some(evidence) = regions
            && !evidence
                .iter()
                .any(|r| r.region.eq_ignore_ascii_case(region))
        {
            HostProblem::Region { evidence }
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

impl HostFinding<'_, '_> {
    /// The host's canonical text (for OIDCP003, which leaves these hosts to IRSA003).
    pub fn host(&self) -> &str {
        &self.occurrences[0].host
    }
}

/// Where a region is set, for messages: "`aws_eks_cluster.main` is in `eu-west-1`".
pub(crate) fn region_place(r: &RegionEvidence) -> String {
    let owner = match &r.of {
        RegionOf::Cluster(address) => format!("`{address}`"),
        RegionOf::Provider(Some(alias)) => format!("provider `aws.{alias}`"),
        RegionOf::Provider(None) => "provider `aws`".to_string(),
    };
    format!("{owner} is in `{}`", r.region)
}
