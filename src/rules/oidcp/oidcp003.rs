use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::known::is_eks_host;
use crate::base::source::Span;
use crate::model::facts::infra::{ClusterKind, Irsa, parse_eks_host};
use crate::model::policy::Leaf;
use crate::model::policy::issuer::IssuerRef;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{editable_in_tf, is_tf, oidc_issuers, policy_context, show};
use crate::rules::irsa::helpers::host_findings;
use crate::rules::{Context, ModuleContext, ModuleFacts, Rule};
use crate::value::{Issuer, Shape};

declare_rule! {
    /// OIDCP003: a trust names an issuer for which no IAM OIDC provider exists in a configuration
    /// that manages the cluster or other providers, or trusts `module.eks` whose IRSA provider is
    /// switched off. STS then answers `InvalidIdentityToken: No OpenIDConnect provider found`.
    pub struct NoProviderForIssuer;
    code: "OIDCP003",
    name: "no-provider-for-issuer",
    severity: Warning,
    kind: Breaks,
    fix: Sometimes,
    summary: "Trusted issuer has no IAM OIDC provider in a configuration that manages them",
}

const HELP: &str = "STS looks the token issuer up among the IAM OIDC providers of the role's account; without one the call fails with `InvalidIdentityToken: No OpenIDConnect provider found` (HTTP 400). Enable IRSA on the cluster module (`enable_irsa = true`) or add an `aws_iam_openid_connect_provider` for the issuer, and trust its ARN.";

impl Rule for NoProviderForIssuer {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let infra = &cx.facts.infra;
        let world = World::of(cx);
        for policy in cx.policies {
            let pcx = policy_context(cx, policy);
            for st in policy.statements.iter().filter(|s| s.is_allow()) {
                if st.not_principal {
                    continue;
                }
                // Hosts IRSA003 explains (another region or cluster) are left to it.
                let explained: Vec<String> =
                    host_findings(st, &infra.literal_issuers, infra.regions.as_deref())
                        .iter()
                        .map(|f| f.host().to_ascii_lowercase())
                        .collect();
                for (issuer, leaf) in oidc_issuers(st) {
                    if let Some(d) = world.check(&pcx, &issuer, leaf, &explained) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// What the module manages: which issuers its IAM OIDC providers register, and the blocks
/// that show it manages clusters or providers at all.
struct World<'f> {
    facts: &'f ModuleFacts,
    /// Issuers of the providers created or looked up here.
    producers: Vec<IssuerRef>,
    /// A cluster created here (a lookup's provider is managed with the cluster, elsewhere).
    cluster: Option<(Span, String)>,
    /// A provider for an EKS issuer created here.
    eks_provider: Option<(Span, String)>,
    /// A provider for another issuer (with a known URL) created here.
    other_provider: Option<(Span, String)>,
}

impl<'f> World<'f> {
    fn of(cx: &ModuleContext<'f>) -> World<'f> {
        let facts = cx.facts;
        let infra = &facts.infra;
        let mut world = World {
            facts,
            producers: Vec::new(),
            // A cluster looked up by data source is managed, with its provider, elsewhere.
            cluster: infra
                .clusters
                .iter()
                .find(|c| c.kind != ClusterKind::Lookup)
                .map(|c| {
                    (
                        c.span,
                        format!("`{}` is created in this configuration", c.address),
                    )
                }),
            eks_provider: None,
            other_provider: None,
        };
        for p in facts
            .providers
            .iter()
            .filter(|p| p.address.starts_with("aws_iam_openid_connect_provider."))
        {
            let label = (p.header, format!("`{}` is managed here", p.address));
            match &p.issuer {
                i if i.is_eks() => {
                    world.eks_provider.get_or_insert(label);
                }
                Issuer::Host(_) => {
                    world.other_provider.get_or_insert(label);
                }
                _ => {}
            }
            world.producers.push(IssuerRef::Symbolic(p.issuer.clone()));
        }
        for c in &infra.clusters {
            if let ClusterKind::EksModule(m) = &c.kind
                && !matches!(m.irsa, Irsa::Disabled(_))
            {
                world.producers.push(IssuerRef::Symbolic(c.issuer.clone()));
                world.eks_provider.get_or_insert((
                    c.span,
                    format!("`{}` creates an IAM OIDC provider", c.address),
                ));
            }
        }
        for l in &infra.lookups {
            world.producers.push(IssuerRef::Symbolic(l.issuer.clone()));
        }
        world
    }

    /// The evidence that the provider for `issuer` belongs in this configuration.
    fn evidence(&self, issuer: &IssuerRef) -> Option<(Span, String)> {
        match issuer {
            IssuerRef::Symbolic(Issuer::Cluster(addr)) => self
                .facts
                .infra
                .cluster(addr)
                .map(|c| (c.span, format!("`{addr}` is defined in this configuration"))),
            IssuerRef::Symbolic(Issuer::ClusterLookup(_)) => self.eks_provider.clone(),
            IssuerRef::Text(h) | IssuerRef::Symbolic(Issuer::Host(h)) => {
                if h.to_ascii_lowercase().starts_with("oidc-eks.") {
                    // The dual-stack host is IRSA004's.
                    None
                } else if is_eks_host(h) {
                    parse_eks_host(h)?;
                    self.cluster.clone().or_else(|| self.eks_provider.clone())
                } else if plausible_host(h) {
                    self.other_provider.clone()
                } else {
                    None
                }
            }
            IssuerRef::Symbolic(Issuer::Provider(_)) | IssuerRef::Unknown => None,
        }
    }

    fn check(
        &self,
        cx: &Context<'_>,
        issuer: &IssuerRef,
        leaf: &Leaf,
        explained: &[String],
    ) -> Option<Diagnostic> {
        if let Some(d) = self.disabled_output(cx, leaf) {
            return Some(d);
        }
        let (evidence_span, evidence) = self.evidence(issuer)?;
        if self
            .producers
            .iter()
            .any(|p| p.same_as(issuer) != Some(false))
        {
            return None;
        }
        if let Some(h) = issuer.text()
            && explained.contains(&h.to_ascii_lowercase())
        {
            return None;
        }
        let mut d = Diagnostic::new(
            &META,
            leaf.span,
            format!(
                "no IAM OIDC provider in this configuration registers the issuer of `{}`; STS answers InvalidIdentityToken (No OpenIDConnect provider found)",
                show(cx, &leaf.value)
            ),
        )
        .with_label("no provider for this issuer")
        .with_secondary(evidence_span, evidence)
        .with_help(HELP);
        // `module.eks` with IRSA switched off: the fix is to switch it on.
        if let IssuerRef::Symbolic(Issuer::Cluster(addr)) = issuer
            && let Some((span, fix)) = self.enable_irsa(cx, addr)
        {
            d = d
                .with_secondary(span, "IRSA is switched off here")
                .with_fix(Some(fix));
        }
        Some(d)
    }

    /// `module.X.oidc_provider_arn` of a terraform-aws-eks call with `enable_irsa = false`:
    /// the output is null and the module creates no provider.
    fn disabled_output(&self, cx: &Context<'_>, leaf: &Leaf) -> Option<Diagnostic> {
        let sym = leaf.value.as_symbol()?;
        let Shape::ProviderArn(Issuer::Cluster(addr)) = &sym.shape else {
            return None;
        };
        // Only the module's own output (a provider resource for the cluster has the same shape).
        if cx.text(sym.site) != format!("{addr}.oidc_provider_arn") {
            return None;
        }
        let cluster = self.facts.infra.cluster(addr)?;
        let ClusterKind::EksModule(m) = &cluster.kind else {
            return None;
        };
        let Irsa::Disabled(off) = m.irsa else {
            return None;
        };
        // A provider resource for the same cluster: trust that one instead.
        let mut same = self.facts.providers.iter().filter(|p| {
            p.address.starts_with("aws_iam_openid_connect_provider.") && p.issuer == cluster.issuer
        });
        let fix = match (same.next(), same.next()) {
            (Some(p), None) => editable_in_tf(cx.sources, sym.site, sym.site).then(|| {
                Fix::unsafe_(
                    format!("Trust `{}.arn`", p.address),
                    vec![Edit::replace(sym.site, format!("{}.arn", p.address))],
                )
            }),
            _ => self.enable_irsa(cx, addr).map(|(_, f)| f),
        };
        Some(
            Diagnostic::new(
                &META,
                sym.site,
                format!(
                    "`{}` is null: `{addr}` has `enable_irsa = false` and creates no IAM OIDC provider, so no token can use this trust",
                    cx.text(sym.site)
                ),
            )
            .with_label("null provider ARN")
            .with_secondary(off, "IRSA is switched off here")
            .with_help(HELP)
            .with_fix(fix),
        )
    }

    /// The edit that sets `enable_irsa = true` on a terraform-aws-eks call that disables it.
    fn enable_irsa(&self, cx: &Context<'_>, addr: &str) -> Option<(Span, Fix)> {
        let cluster = self.facts.infra.cluster(addr)?;
        let ClusterKind::EksModule(m) = &cluster.kind else {
            return None;
        };
        let Irsa::Disabled(span) = m.irsa else {
            return None;
        };
        let fix = (cx.text(span) == "false" && is_tf(cx.sources, span)).then(|| {
            Fix::unsafe_(
                format!("Set `enable_irsa = true` on `{addr}`"),
                vec![Edit::replace(span, "true")],
            )
        });
        fix.map(|f| (span, f))
    }
}

/// A host an issuer could have: a domain, no scheme, port or placeholder.
fn plausible_host(h: &str) -> bool {
    let domain = h.split('/').next().unwrap_or_default();
    domain.contains('.')
        && !h.contains([':', ' ', '<', '>', '{', '}', '$'])
        && !crate::model::policy::issuer::is_placeholder_prefix(h)
}
