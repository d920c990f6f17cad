use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::known::is_eks_host;
use crate::base::source::Span;
use crate::model::facts::infra::InfraFacts;
use crate::model::policy::Leaf;
use crate::model::policy::issuer::{FederatedKind, classify_federated};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{policy_context, show, verbatim_edit};
use crate::rules::{Context, ModuleContext, Rule};

declare_rule! {
    /// WIF011: an ARN whose partition cannot be right: a provider ARN in `aws` for an EKS issuer
    /// in China (or the reverse), or `arn:aws:` in a module whose AWS provider is in China or
    /// GovCloud (eksctl#1871).
    pub struct PartitionMismatch;
    code: "WIF011",
    name: "partition-mismatch",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "ARN partition does not match the issuer or the provider region",
}

/// Partitions whose regions and EKS hosts this rule knows.
const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

/// The region every `provider "aws"` block of the module is configured with, when they all
/// name literal regions of one partition.
struct ModuleRegion {
    region: String,
    partition: &'static str,
    span: Span,
}

impl Rule for PartitionMismatch {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let region = module_region(&cx.facts.infra);
        let partition_source = cx
            .facts
            .infra
            .partition_lookup
            .as_ref()
            .map(|lookup| format!("{lookup}.partition"));
        for policy in cx.policies {
            let pcx = policy_context(cx, policy);
            for st in &policy.statements {
                for p in &st.principals {
                    let federated = p.kind.known().as_deref() == Some("Federated");
                    for leaf in &p.values.items {
                        if let Some(d) = check_arn(
                            &pcx,
                            leaf,
                            federated,
                            region.as_ref(),
                            partition_source.as_deref(),
                        ) {
                            out.push(d);
                        }
                    }
                }
            }
        }
    }
}

/// The partition of a region name.
fn partition_of_region(region: &str) -> Option<&'static str> {
    let r = region.trim().to_ascii_lowercase();
    if r.starts_with("cn-") {
        Some("aws-cn")
    } else if r.starts_with("us-gov-") {
        Some("aws-us-gov")
    } else if r.starts_with("us-iso") || r.starts_with("eu-isoe") || r.is_empty() {
        None
    } else {
        Some("aws")
    }
}

/// The partition of an EKS issuer host (`oidc.eks.<region>.amazonaws.com[.cn]/id/…`).
fn partition_of_host(host: &str) -> Option<&'static str> {
    if !is_eks_host(host) {
        return None;
    }
    let h = host.split('/').next()?.to_ascii_lowercase();
    if h.ends_with(".amazonaws.com.cn") {
        return Some("aws-cn");
    }
    let region = h
        .strip_prefix("oidc.eks.")?
        .strip_suffix(".amazonaws.com")?;
    partition_of_region(region)
}

fn module_region(infra: &InfraFacts) -> Option<ModuleRegion> {
    let mut found: Option<ModuleRegion> = None;
    for p in &infra.aws_providers {
        // A provider without a literal region takes it from the environment: unknown.
        let (region, span) = p.region_with_default.clone()?;
        let partition = partition_of_region(&region)?;
        match &found {
            Some(f) if f.partition != partition => return None,
            Some(_) => {}
            None => {
                found = Some(ModuleRegion {
                    region,
                    partition,
                    span,
                });
            }
        }
    }
    found
}

/// A finding for one principal value, when its literal partition is wrong.
fn check_arn(
    cx: &Context<'_>,
    leaf: &Leaf,
    federated: bool,
    region: Option<&ModuleRegion>,
    partition_source: Option<&str>,
) -> Option<Diagnostic> {
    let lead = leaf.value.leading_text();
    let rest = lead.strip_prefix("arn:")?;
    let (partition, _) = rest.split_once(':')?;
    if !PARTITIONS.contains(&partition) {
        return None;
    }
    let range = (4, 4 + partition.len());
    let span = leaf
        .value
        .span_of(range.0, range.1)
        .filter(|s| leaf.span.contains(*s))
        .unwrap_or(leaf.span);
    let arn = show(cx, &leaf.value);
    let host = match classify_federated(&leaf.value) {
        FederatedKind::OidcProvider(i) if federated => i.text().map(str::to_string),
        _ => None,
    };
    let host_partition = host.as_deref().and_then(partition_of_host);
    let diagnostic = if let (Some(host), Some(expected)) = (&host, host_partition)
        && expected != partition
    {
        Diagnostic::new(
            &META,
            span,
            format!(
                "provider ARN `{arn}` is in partition `{partition}`, but its issuer `{host}` is an EKS cluster of partition `{expected}`; no such provider can exist"
            ),
        )
        .with_label(format!("should be `{expected}`"))
    } else if let Some(r) = region
        && r.partition != partition
    {
        Diagnostic::new(
            &META,
            span,
            format!(
                "`{arn}` is in partition `{partition}`, but the module's AWS provider region `{}` is in partition `{}`",
                r.region, r.partition
            ),
        )
        .with_label(format!("should be `{}`", r.partition))
        .with_secondary(r.span, "provider region")
    } else {
        return None;
    };
    let fix = partition_source.and_then(|source| {
        let edit = verbatim_edit(cx, &leaf.value, range.0, range.1, &format!("${{{source}}}"))
            .filter(|e| leaf.span.contains(e.span))?;
        // Only Terraform files can interpolate; a `file()` or template JSON cannot.
        let path = cx
            .sources
            .get(edit.span.file)
            .path
            .to_string_lossy()
            .to_string();
        [".tf", ".tf.json", ".tofu", ".tofu.json"]
            .iter()
            .any(|s| path.ends_with(s))
            .then(|| Fix::unsafe_(format!("Take the partition from `{source}`"), vec![edit]))
    });
    Some(
        diagnostic
            .with_help(
                "Build ARNs with `data.aws_partition.current.partition` (or use the provider's `arn` \
                 attribute) so they follow the region: China uses `aws-cn`, GovCloud `aws-us-gov`.",
            )
            .with_fix(fix),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions() {
        assert_eq!(partition_of_region("cn-north-1"), Some("aws-cn"));
        assert_eq!(partition_of_region("us-gov-west-1"), Some("aws-us-gov"));
        assert_eq!(partition_of_region("eu-west-1"), Some("aws"));
        assert_eq!(
            partition_of_host("oidc.eks.cn-northwest-1.amazonaws.com.cn/id/ABC"),
            Some("aws-cn")
        );
        assert_eq!(
            partition_of_host("oidc.eks.us-gov-west-1.amazonaws.com/id/ABC"),
            Some("aws-us-gov")
        );
        assert_eq!(
            partition_of_host("token.actions.githubusercontent.com"),
            None
        );
    }
}
