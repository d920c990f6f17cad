use crate::base::diagnostic::Diagnostic;
use crate::model::policy::issuer::{IssuerRef, is_placeholder_prefix};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{ClaimCondition, claim_conditions, oidc_issuers, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF007: one Allow statement requires claims of two different issuers. Conditions are
    /// ANDed and a token comes from one issuer, so no token satisfies them all.
    pub struct SeveralIssuersInOneStatement;
    code: "WIF007",
    name: "several-issuers-in-one-statement",
    severity: Error,
    kind: Breaks,
    fix: None,
    summary: "Claims of several issuers required in one statement",
}

impl Rule for SeveralIssuersInOneStatement {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if !st.is_allow() {
                continue;
            }
            let providers: Vec<IssuerRef> = oidc_issuers(st).into_iter().map(|(i, _)| i).collect();
            // A key whose issuer differs from every Federated provider is WIF004's (a key of
            // the wrong cluster); the second issuer here must be one the statement trusts, or
            // the providers must be unknown.
            let required: Vec<ClaimCondition<'_>> = claim_conditions(st)
                .into_iter()
                .filter(|c| {
                    requires_claim(c)
                        && !is_placeholder(c)
                        && (providers.is_empty()
                            || !providers
                                .iter()
                                .all(|p| p.same_as(&c.issuer) == Some(false)))
                })
                .collect();
            let Some((a, b)) = certainly_different_pair(&required) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &META,
                b.cond.key.span,
                format!(
                    "`{}` and `{}` are claims of different issuers, ANDed in one statement: no token carries both, so the statement admits nobody",
                    show(cx, &a.cond.key.value),
                    show(cx, &b.cond.key.value)
                ),
            )
            .with_label("claim of a second issuer")
            .with_secondary(a.cond.key.span, "claim of the first issuer")
            .with_help(
                "Write one statement per identity provider, each with its own Federated principal and \
                 only that issuer's claim keys (as terraform-aws-iam does for several clusters).",
            );
            for (_, leaf) in oidc_issuers(st) {
                d = d.with_secondary(leaf.span, "trusted provider");
            }
            out.push(d);
        }
    }
}

/// True when the condition is false for a token without the claim: not negated, not
/// `…IfExists`, not `ForAllValues:` and not `Null`.
fn requires_claim(c: &ClaimCondition<'_>) -> bool {
    !c.op.is_negated()
        && !c.op.if_exists
        && c.op.set.as_deref() != Some("ForAllValues")
        && c.op.base != "Null"
}

/// Placeholder prefixes (`OIDC_PROVIDER:sub`) are WIF004's, not a second issuer.
fn is_placeholder(c: &ClaimCondition<'_>) -> bool {
    c.key
        .prefix
        .known()
        .is_some_and(|p| is_placeholder_prefix(&p))
        || matches!(c.issuer, IssuerRef::Unknown)
}

/// The first two conditions whose issuers certainly differ.
fn certainly_different_pair<'a, 'p>(
    conds: &'a [ClaimCondition<'p>],
) -> Option<(&'a ClaimCondition<'p>, &'a ClaimCondition<'p>)> {
    for (i, a) in conds.iter().enumerate() {
        for b in conds.iter().skip(i + 1) {
            if a.issuer.same_as(&b.issuer) == Some(false) {
                return Some((a, b));
            }
        }
    }
    None
}
