//! The infrastructure of a module: its EKS clusters, `provider "aws"` configurations, IAM OIDC
//! providers as written, Cognito identity pools and roles, for the rules that compare a trust
//! with the resources it should name (IRSA003, IRSA004, OIDCP001-OIDCP004, WIF011, COG001):
//! where each cluster lives, whether terraform-aws-eks creates its IAM OIDC provider, which
//! providers are looked up by data source, and which account a provider configuration is
//! pinned to. Only text fixed in the module counts as known here: a variable's default is
//! often overridden per environment, so it is no evidence (WIF011's region is the exception).

use crate::base::known::hostpath;
use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::input::module::{Item, Module, span_of};
use crate::model::known_modules::eks;
use crate::model::known_modules::iam_oidc_provider::{self, IamOidcModule};
use crate::value::{Issuer, Shape, SymStr, Value};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use std::collections::HashMap;

// What a terraform-aws-eks call says is defined with the rest of that module's knowledge; rules
// read it here, with the other facts.
pub use crate::model::known_modules::eks::{EksModuleFact, Irsa};

/// How a cluster is defined in the module.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterKind {
    /// `resource "aws_eks_cluster"`.
    Resource,
    /// `data "aws_eks_cluster"`: a cluster created elsewhere.
    Lookup,
    /// A terraform-aws-modules/eks module call.
    EksModule(EksModuleFact),
}

/// An EKS cluster the module creates, looks up, or builds with terraform-aws-eks.
#[derive(Debug, Clone)]
pub struct ClusterFact {
    /// `aws_eks_cluster.X`, `data.aws_eks_cluster.X` or `module.X`.
    pub address: String,
    /// The issuer symbols that reference this cluster carry.
    pub issuer: Issuer,
    pub kind: ClusterKind,
    /// The cluster's region when fixed in the module, with where it is written.
    pub region: Option<(String, Span)>,
    /// The block header (`resource "aws_eks_cluster" "main"`).
    pub span: Span,
}

/// A `provider "aws"` block.
#[derive(Debug, Clone)]
pub struct AwsProviderFact {
    pub alias: Option<String>,
    pub region: Option<(String, Span)>,
    /// The region's known text, a variable's default included: WIF011 takes the partition a
    /// module is written for from it.
    pub region_with_default: Option<(String, Span)>,
    /// The account the configuration is pinned to: `allowed_account_ids` with one entry, or
    /// the account of `assume_role { role_arn }`.
    pub account: Option<(String, Span)>,
}

/// `data "aws_iam_openid_connect_provider"`: a provider created elsewhere and looked up here.
#[derive(Debug, Clone)]
pub struct ProviderLookup {
    pub address: String,
    pub issuer: Issuer,
    pub span: Span,
}

/// An `aws_iam_openid_connect_provider` resource or data source as written, for the rules
/// that check the provider's own arguments.
#[derive(Debug, Clone)]
pub struct ProviderBlock {
    /// `aws_iam_openid_connect_provider.X` or `data.aws_iam_openid_connect_provider.X`.
    pub address: String,
    /// A data source.
    pub lookup: bool,
    pub header: Span,
    /// `url`, when it evaluates to a string.
    pub url: Option<StrArg>,
    /// `thumbprint_list` of a resource, when it evaluates to a list.
    pub thumbprints: Option<Thumbprints>,
    /// The `data "tls_certificate"` whose fingerprints `thumbprint_list` reads (resources).
    pub certificate: Option<Certificate>,
}

/// A string argument: its value and where it is written.
#[derive(Debug, Clone)]
pub struct StrArg {
    /// The argument's name as written (`url`).
    pub key: Span,
    pub value: SymStr,
    /// The whole value.
    pub span: Span,
}

/// A provider's `thumbprint_list`.
#[derive(Debug, Clone)]
pub struct Thumbprints {
    pub span: Span,
    /// The entries that evaluate to strings, with their spans.
    pub entries: Vec<(SymStr, Span)>,
}

/// A `data "tls_certificate"` with a `url` fixed in the module.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// The data source's name.
    pub name: String,
    pub url: String,
    pub span: Span,
}

/// Where a cluster's or a provider configuration's region is written: the places a
/// hand-written EKS issuer's region is checked against.
#[derive(Debug, Clone)]
pub struct RegionEvidence {
    pub region: String,
    pub span: Span,
    pub of: RegionOf,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RegionOf {
    /// The cluster at this address.
    Cluster(String),
    /// The `provider "aws"` block with this alias (`None`: the default one).
    Provider(Option<String>),
}

/// A role attached to a slot of an identity pool (`aws_cognito_identity_pool_roles_attachment`
/// `roles = { authenticated = aws_iam_role.x.arn }`).
#[derive(Debug, Clone)]
pub struct PoolRole {
    /// The slot's name as written (`authenticated`).
    pub slot: String,
    /// `aws_iam_role.X`.
    pub role: String,
    /// The role ARN's value.
    pub span: Span,
}

/// Clusters, AWS provider configurations, IAM OIDC providers, roles and identity pools of one
/// module.
#[derive(Debug, Default)]
pub struct InfraFacts {
    pub clusters: Vec<ClusterFact>,
    pub aws_providers: Vec<AwsProviderFact>,
    pub lookups: Vec<ProviderLookup>,
    /// `aws_iam_openid_connect_provider` resources, then data sources, in file order.
    pub provider_blocks: Vec<ProviderBlock>,
    /// The providers among them with a fixed EKS issuer URL.
    pub literal_issuers: Vec<LiteralIssuer>,
    /// The regions of every cluster or, when there is none, of every `provider "aws"` block.
    /// `None` when there are none or any of them is not fixed.
    pub regions: Option<Vec<RegionEvidence>>,
    /// `iam-oidc-provider` calls whose client IDs are the module's default.
    pub iam_oidc_defaults: Vec<IamOidcModule>,
    /// The first `data "aws_partition"` (`data.aws_partition.X`).
    pub partition_lookup: Option<String>,
    /// The provider configuration of each `aws_iam_role`, by address.
    pub role_providers: HashMap<String, ProviderRef>,
    /// `aws_cognito_identity_pool` addresses.
    pub identity_pools: Vec<String>,
    /// Roles attached to identity-pool slots, with a known slot name and a role ARN reference.
    pub pool_roles: Vec<PoolRole>,
}

/// Which `provider "aws"` configuration a block uses.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderRef {
    Default,
    Alias(String),
    /// Something this analysis does not follow.
    Other,
}

impl InfraFacts {
    pub fn collect(ev: &mut Evaluator<'_, '_>) -> InfraFacts {
        let module = ev.module;
        let mut facts = InfraFacts::default();
        for item in &module.providers {
            if item.block.labels.first().map(|l| l.as_str()) != Some("aws") {
                continue;
            }
            let alias = item
                .attr("alias")
                .and_then(|(f, e)| fixed_text(ev, f, e))
                .map(|(t, _)| t);
            let value = item.attr("region").map(|(f, e)| ev.eval(f, e));
            let region = value
                .as_ref()
                .and_then(|v| fixed(ev, v).map(|t| (t, v.span())));
            let region_with_default = value
                .as_ref()
                .and_then(|v| v.known_text().map(|t| (t, v.span())));
            let account = provider_account(ev, item);
            facts.aws_providers.push(AwsProviderFact {
                alias,
                region,
                region_with_default,
                account,
            });
        }
        for (is_data, items) in [
            (
                false,
                module.resources_of("aws_eks_cluster").collect::<Vec<_>>(),
            ),
            (true, module.data_of("aws_eks_cluster").collect()),
        ] {
            for item in items {
                let address = if is_data {
                    format!("data.{}", item.address())
                } else {
                    item.address()
                };
                let region = facts.item_region(ev, &item, provider_ref(&item));
                facts.clusters.push(ClusterFact {
                    issuer: if is_data {
                        Issuer::ClusterLookup(ev.address(address.clone()))
                    } else {
                        Issuer::Cluster(ev.address(address.clone()))
                    },
                    address,
                    kind: if is_data {
                        ClusterKind::Lookup
                    } else {
                        ClusterKind::Resource
                    },
                    region,
                    span: header_span(&item),
                });
            }
        }
        for call in &module.calls {
            let Some(eks) = eks::cluster(ev, call) else {
                continue;
            };
            let address = format!("module.{}", call.address());
            let region = facts.item_region(ev, call, module_provider_ref(call));
            facts.clusters.push(ClusterFact {
                issuer: Issuer::Cluster(ev.address(address.clone())),
                address,
                kind: ClusterKind::EksModule(eks),
                region,
                span: header_span(call),
            });
        }
        for item in module.data_of("aws_iam_openid_connect_provider") {
            let name = Module::name_of(&item);
            let address = format!("data.{}", item.address());
            let issuer = ev.provider_issuer(true, &name, &address);
            facts.lookups.push(ProviderLookup {
                address,
                issuer,
                span: header_span(&item),
            });
        }
        facts.provider_blocks(ev);
        facts.regions = region_evidence(&facts);
        facts.iam_oidc_defaults = module
            .calls
            .iter()
            .filter_map(|call| iam_oidc_provider::oidc_provider_default(ev, call))
            .collect();
        facts.partition_lookup = module
            .data_of("aws_partition")
            .next()
            .map(|item| format!("data.aws_partition.{}", Module::name_of(&item)));
        for role in module.resources_of("aws_iam_role") {
            // Keyed as lookups name it: a repeated address names its last block.
            facts.role_providers.insert(
                format!("aws_iam_role.{}", Module::name_of(&role)),
                provider_ref(&role),
            );
        }
        facts.identity_pools = module
            .resources_of("aws_cognito_identity_pool")
            .map(|p| p.address())
            .collect();
        facts.pool_roles = pool_roles(ev);
        facts
    }

    /// The `aws_iam_openid_connect_provider` blocks, and which of them name a fixed EKS issuer.
    fn provider_blocks(&mut self, ev: &mut Evaluator<'_, '_>) {
        let module = ev.module;
        let items = module
            .resources_of("aws_iam_openid_connect_provider")
            .map(|i| (false, i))
            .chain(
                module
                    .data_of("aws_iam_openid_connect_provider")
                    .map(|i| (true, i)),
            )
            .collect::<Vec<_>>();
        for (lookup, item) in items {
            let address = if lookup {
                format!("data.{}", item.address())
            } else {
                item.address()
            };
            let mut url = None;
            if let Some(attr) = item.block.body.get_attribute("url") {
                let value = ev.eval(item.file, &attr.value);
                if let Some(text) = fixed(ev, &value) {
                    let host = hostpath(&text);
                    if parse_eks_host(&host).is_some() {
                        self.literal_issuers.push(LiteralIssuer {
                            host,
                            span: value.span(),
                            address: address.clone(),
                        });
                    }
                }
                if let Value::Str(value, span) = value {
                    url = Some(StrArg {
                        key: span_of(item.file, &attr.key),
                        value,
                        span,
                    });
                }
            }
            let (thumbprints, certificate) = if lookup {
                (None, None)
            } else {
                thumbprints(ev, &item)
            };
            self.provider_blocks.push(ProviderBlock {
                address,
                lookup,
                header: header_span(&item),
                url,
                thumbprints,
                certificate,
            });
        }
    }

    /// The cluster defined at `address`.
    pub fn cluster(&self, address: &str) -> Option<&ClusterFact> {
        self.clusters.iter().find(|c| c.address == address)
    }

    /// The `provider "aws"` block a reference names.
    pub fn provider(&self, r: &ProviderRef) -> Option<&AwsProviderFact> {
        match r {
            ProviderRef::Default => self.aws_providers.iter().find(|p| p.alias.is_none()),
            ProviderRef::Alias(a) => self
                .aws_providers
                .iter()
                .find(|p| p.alias.as_deref() == Some(a)),
            ProviderRef::Other => None,
        }
    }

    /// The account a module call creates its resources in: that of the `provider "aws"`
    /// configuration it passes on (or the default one), when that is pinned to an account.
    pub fn call_account(&self, call: &Item<'_>) -> Option<(String, Span)> {
        self.provider(&module_provider_ref(call))?.account.clone()
    }

    /// The account the role `aws_iam_role.NAME` is created in, when its provider
    /// configuration is pinned to one.
    pub fn role_account(&self, address: &str) -> Option<(String, Span)> {
        self.provider(self.role_providers.get(address)?)?
            .account
            .clone()
    }

    /// A block's region: its own `region` argument (AWS provider v6, terraform-aws-eks v21),
    /// else the region of the provider configuration it uses.
    fn item_region(
        &self,
        ev: &mut Evaluator<'_, '_>,
        item: &Item<'_>,
        provider: ProviderRef,
    ) -> Option<(String, Span)> {
        match item.attr("region") {
            Some((f, e)) => fixed_text(ev, f, e),
            None => self.provider(&provider).and_then(|p| p.region.clone()),
        }
    }
}

/// The regions a hand-written issuer may name: every cluster's region, or when the module
/// defines no cluster, every `provider "aws"` region. `None` when any of them is not known.
fn region_evidence(facts: &InfraFacts) -> Option<Vec<RegionEvidence>> {
    let found: Option<Vec<RegionEvidence>> = if facts.clusters.is_empty() {
        facts
            .aws_providers
            .iter()
            .map(|p| {
                let (region, span) = p.region.clone()?;
                let of = RegionOf::Provider(p.alias.clone());
                Some(RegionEvidence { region, span, of })
            })
            .collect()
    } else {
        facts
            .clusters
            .iter()
            .map(|c| {
                let (region, span) = c.region.clone()?;
                let of = RegionOf::Cluster(c.address.clone());
                Some(RegionEvidence { region, span, of })
            })
            .collect()
    };
    found.filter(|r| !r.is_empty())
}

/// A provider's `thumbprint_list` and the `data.tls_certificate` its text names.
fn thumbprints(
    ev: &mut Evaluator<'_, '_>,
    item: &Item<'_>,
) -> (Option<Thumbprints>, Option<Certificate>) {
    let Some((f, e)) = item.attr("thumbprint_list") else {
        return (None, None);
    };
    let list = match ev.eval(f, e) {
        Value::List(items, span) => Some(Thumbprints {
            span,
            entries: items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Str(s, span) => Some((s, span)),
                    _ => None,
                })
                .collect(),
        }),
        _ => None,
    };
    let sources = ev.sources;
    (list, certificate(ev, sources.get(f).slice(span_of(f, e))))
}

/// The `data "tls_certificate"` named in `thumbprints` (the list's source text), with its url.
fn certificate(ev: &mut Evaluator<'_, '_>, thumbprints: &str) -> Option<Certificate> {
    let name = thumbprints
        .split("data.tls_certificate.")
        .nth(1)?
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .next()?
        .to_string();
    let cert = ev.module.data_source("tls_certificate", &name)?;
    let (url, span) = cert.attr("url").and_then(|(f, e)| fixed_text(ev, f, e))?;
    Some(Certificate { name, url, span })
}

/// The roles of `aws_cognito_identity_pool_roles_attachment` slots.
fn pool_roles(ev: &mut Evaluator<'_, '_>) -> Vec<PoolRole> {
    let attachments: Vec<_> = ev
        .module
        .resources_of("aws_cognito_identity_pool_roles_attachment")
        .filter_map(|a| a.attr("roles"))
        .collect();
    let mut out = Vec::new();
    for (file, expr) in attachments {
        let Value::Object(entries, _) = ev.eval(file, expr) else {
            continue;
        };
        for (slot, _, role) in entries {
            let Some(slot) = slot.known() else { continue };
            let Value::Str(s, span) = role else { continue };
            if let Some(Shape::RoleArn(role)) = s.as_symbol().map(|sym| &sym.shape)
                && role.module() == ev.module.dir
            {
                out.push(PoolRole {
                    slot,
                    role: role.to_string(),
                    span,
                });
            }
        }
    }
    out
}

/// Known text of an expression that no variable default contributes to.
pub(crate) fn fixed_text(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    expr: &Expression,
) -> Option<(String, Span)> {
    let v = ev.eval(file, expr);
    fixed(ev, &v).map(|t| (t, v.span()))
}

/// Known text of a value that no variable default contributes to.
fn fixed(ev: &Evaluator<'_, '_>, v: &Value) -> Option<String> {
    let s = v.as_str()?;
    let text = s.known()?;
    let from_default = s.parts.iter().any(|p| {
        ev.module
            .variables
            .values()
            .any(|d| d.span().contains(p.span()))
    });
    (!from_default).then_some(text)
}

/// The account a provider configuration is pinned to.
fn provider_account(ev: &mut Evaluator<'_, '_>, item: &Item<'_>) -> Option<(String, Span)> {
    if let Some((f, e)) = item.attr("allowed_account_ids")
        && let Value::List(items, _) = ev.eval(f, e)
        && let [only] = items.as_slice()
        && let Some(text) = fixed(ev, only)
        && is_account(&text)
    {
        return Some((text, only.span()));
    }
    let assume = item.block.body.get_blocks("assume_role").next()?;
    let role_arn = assume.body.get_attribute("role_arn")?;
    let (arn, span) = fixed_text(ev, item.file, &role_arn.value)?;
    let account = arn.split(':').nth(4)?.to_string();
    is_account(&account).then_some((account, span))
}

pub fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The provider configuration a resource or data source uses (`provider = aws.west`).
fn provider_ref(item: &Item<'_>) -> ProviderRef {
    match item.attr("provider") {
        None => ProviderRef::Default,
        Some((_, e)) => aws_reference(e),
    }
}

/// The `aws` provider a module call passes on (`providers = { aws = aws.west }`).
fn module_provider_ref(call: &Item<'_>) -> ProviderRef {
    let Some((_, Expression::Object(obj))) = call.attr("providers") else {
        return ProviderRef::Default;
    };
    for (k, v) in obj.iter() {
        let key = match k {
            ObjectKey::Ident(id) => id.as_str().to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
            _ => continue,
        };
        if key == "aws" {
            return aws_reference(v.expr());
        }
    }
    ProviderRef::Default
}

fn aws_reference(e: &Expression) -> ProviderRef {
    match e {
        Expression::Variable(v) if v.as_str() == "aws" => ProviderRef::Default,
        Expression::Traversal(t) => match (&t.expr, t.operators.as_slice()) {
            (Expression::Variable(v), [op]) if v.as_str() == "aws" => match op.value() {
                TraversalOperator::GetAttr(alias) => ProviderRef::Alias(alias.as_str().to_string()),
                _ => ProviderRef::Other,
            },
            _ => ProviderRef::Other,
        },
        _ => ProviderRef::Other,
    }
}

/// The header of a block: its type and labels (`resource "aws_eks_cluster" "main"`).
pub(crate) fn header_span(item: &Item<'_>) -> Span {
    let start = span_of(item.file, &item.block.ident);
    let end = item
        .block
        .labels
        .last()
        .map_or(start, |l| span_of(item.file, l));
    if start.is_empty() && end.is_empty() {
        return item.span();
    }
    start.cover(end)
}

/// Byte ranges of the parts of an EKS issuer host `oidc.eks.<region>.amazonaws.com[.cn]/id/<ID>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EksHost {
    pub region: (usize, usize),
    pub id: (usize, usize),
    pub china: bool,
}

/// Parses a well-formed EKS issuer host+path (no scheme); `None` for anything else.
pub fn parse_eks_host(host: &str) -> Option<EksHost> {
    const PREFIX: &str = "oidc.eks.";
    let lower = host.to_ascii_lowercase();
    let rest = lower.strip_prefix(PREFIX)?;
    let dot = rest.find('.')?;
    let region = (PREFIX.len(), PREFIX.len() + dot);
    let region_text = &lower[region.0..region.1];
    if region_text.is_empty()
        || !region_text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return None;
    }
    let after = &lower[region.1 + 1..];
    let slash = after.find('/')?;
    let china = match &after[..slash] {
        "amazonaws.com" => false,
        "amazonaws.com.cn" => true,
        _ => return None,
    };
    let id_text = after[slash..].strip_prefix("/id/")?;
    if id_text.is_empty() || id_text.contains(['/', '?', '#', ':']) {
        return None;
    }
    Some(EksHost {
        region,
        id: (host.len() - id_text.len(), host.len()),
        china,
    })
}

/// An EKS issuer registered in the module with a fixed URL: an `aws_iam_openid_connect_provider`
/// resource or data source whose `url` is written out.
#[derive(Debug, Clone)]
pub struct LiteralIssuer {
    /// Host and path, without scheme.
    pub host: String,
    /// The `url` value.
    pub span: Span,
    /// `aws_iam_openid_connect_provider.X` or `data.aws_iam_openid_connect_provider.X`.
    pub address: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eks_hosts_parse() {
        let h = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF";
        let p = parse_eks_host(h).unwrap();
        assert_eq!(&h[p.region.0..p.region.1], "eu-west-1");
        assert_eq!(&h[p.id.0..p.id.1], "ABCDEF");
        assert!(!p.china);
        assert!(
            parse_eks_host("oidc.eks.cn-north-1.amazonaws.com.cn/id/AB")
                .unwrap()
                .china
        );
        assert!(parse_eks_host("oidc.us-west-2.eks.amazonaws.com/AB").is_none());
        assert!(parse_eks_host("oidc-eks.us-west-2.api.aws/id/AB").is_none());
        assert!(parse_eks_host("oidc.eks.us-west-2.amazonaws.com").is_none());
    }
}
