use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::known::strip_scheme;
use crate::model::policy::issuer::{IssuerRef, is_placeholder_prefix};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, oidc_issuers, show, verbatim_edit};
use crate::rules::{Context, Rule};
use crate::value::Part;

declare_rule! {
    /// WIF004: a claim key names a different issuer than the statement's Federated provider. The
    /// token only carries keys of its own issuer, so the condition can never be met.
    pub struct KeyIssuerMismatch;
    code: "WIF004",
    name: "key-issuer-mismatch",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Condition-key issuer differs from the statement's Federated provider",
}

impl Rule for KeyIssuerMismatch {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            let providers = oidc_issuers(st);
            if providers.is_empty() || st.not_principal {
                continue;
            }
            for c in claim_conditions(st) {
                let prefix = &c.key.prefix;
                let key_text = show(cx, &c.cond.key.value);
                // Keys with an ARN (or its resource part) or a scheme are WIF003's.
                if let Some(Part::Text { .. }) = prefix.parts.first() {
                    let lead = prefix.leading_text();
                    if lead.starts_with("arn:")
                        || lead.starts_with("oidc-provider/")
                        || strip_scheme(&lead).len() != lead.len()
                    {
                        continue;
                    }
                }
                // The finding points at the key where the policy writes it; an issuer whose
                // text comes from elsewhere (a variable default, a local) is labelled there.
                let key_span = c.cond.key.span;
                let (prefix_span, origin) = match prefix.span() {
                    Some(s) if key_span.contains(s) => (s, None),
                    Some(s) => (key_span, Some(s)),
                    None => (key_span, None),
                };
                let from_origin = |d: Diagnostic| match origin {
                    Some(s) => d.with_secondary(s, "the issuer comes from here"),
                    None => d,
                };
                if let Some(p) = prefix.known()
                    && is_placeholder_prefix(&p)
                {
                    out.push(from_origin(
                        Diagnostic::new(&META, prefix_span, format!("condition key `{key_text}` uses the placeholder `{p}` instead of the issuer host"))
                            .with_label("not an issuer host"))
                            .with_secondary(providers[0].1.span, "the statement trusts this provider")
                            .with_help("Build the key from the same expression as the principal, e.g. `${module.eks.oidc_provider}:sub`."),
                    );
                    continue;
                }
                let verdicts: Vec<Option<bool>> = providers
                    .iter()
                    .map(|(i, _)| i.same_as(&c.issuer))
                    .collect();
                if !verdicts.iter().all(|v| *v == Some(false)) {
                    continue;
                }
                let (provider, leaf) = &providers[0];
                let principal_text = show(cx, &leaf.value);
                let fix = match (provider, prefix.known()) {
                    (IssuerRef::Text(host), Some(p))
                        if providers.len() == 1 && plausible_host(host) =>
                    {
                        verbatim_edit(cx, prefix, 0, p.len(), host).map(|e| {
                            Fix::unsafe_(
                                format!("Use the provider's issuer `{host}` in the key"),
                                vec![e],
                            )
                        })
                    }
                    _ => None,
                };
                out.push(
                    from_origin(
                        Diagnostic::new(
                            &META,
                            prefix_span,
                            format!(
                                "condition key `{key_text}` names issuer `{}`, but the statement trusts `{principal_text}`",
                                show(cx, prefix)
                            ),
                        )
                        .with_label("this issuer"),
                    )
                    .with_secondary(leaf.span, "differs from this provider")
                    .with_help("Tokens only carry claim keys of their own issuer. Derive the principal and the keys from the same cluster or provider (e.g. `module.eks.oidc_provider_arn` and `module.eks.oidc_provider`).")
                    .with_fix(fix),
                );
            }
        }
    }
}

/// A provider host worth copying into keys: not empty, a domain, and for EKS with `/id/`.
fn plausible_host(host: &str) -> bool {
    let domain = host.split('/').next().unwrap_or_default();
    domain.contains('.') && (!crate::base::known::is_eks_host(host) || host.contains("/id/"))
}
