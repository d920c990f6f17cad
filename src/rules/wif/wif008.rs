use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::known::WEB_IDENTITY_ACTION;
use crate::base::source::Span;
use crate::model::policy::issuer::{FederatedKind, IssuerRef, is_placeholder_prefix};
use crate::model::policy::{PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    ClaimCondition, claim_conditions, federated, grants, oidc_issuers, show,
};
use crate::rules::policy_syntax::{
    Syntax, keyed_by_name, operator_entry, operator_slot, operator_taken, quoted,
};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF008: a Deny on web identity with a negated claim condition (`StringNotLike A:sub …`).
    /// Tokens of other issuers have no `A:sub`; negated operators are true for a missing key
    /// (with or without `IfExists`), so the Deny refuses every one of them.
    pub struct DenyWithNegatedClaimCondition;
    code: "WIF008",
    name: "deny-with-negated-claim-condition",
    severity: Warning,
    kind: Breaks,
    fix: Sometimes,
    summary: "Deny with a negated claim condition also denies other issuers' tokens",
}

/// An issuer some Allow statement trusts, with where it is named.
struct Admitted {
    issuer: IssuerRef,
    span: Span,
    text: String,
}

impl Rule for DenyWithNegatedClaimCondition {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let admitted = admitted_issuers(cx);
        for st in &cx.policy.statements {
            if !is_deny(st) || !denies_web_identity(st) || st.not_principal {
                continue;
            }
            let Some(scope) = deny_scope(st) else {
                continue;
            };
            let claims = claim_conditions(st);
            let candidates: Vec<&ClaimCondition<'_>> = claims
                .iter()
                .filter(|c| {
                    is_negated_string(c)
                        && !c
                            .key
                            .prefix
                            .known()
                            .is_some_and(|p| is_placeholder_prefix(&p))
                        && !matches!(c.issuer, IssuerRef::Unknown)
                        && !scoped_to_issuer(&claims, &c.issuer)
                })
                .collect();
            // JSON forms take one new `Null` operator per statement: with several keys to
            // scope, the edits would collide, so offer none.
            let fixable = candidates.len() == 1 || !keyed_by_name(cx.policy.form);
            for c in candidates {
                // Another issuer an Allow trusts whose tokens this Deny sees.
                let victim = admitted.iter().find(|a| {
                    a.issuer.same_as(&c.issuer) == Some(false)
                        && match &scope {
                            Scope::Everyone => true,
                            Scope::Federated(list) => {
                                list.iter().any(|f| f.same_as(&a.issuer) == Some(true))
                            }
                        }
                });
                let op = c.cond.operator.known().unwrap_or_default();
                let key = show(cx, &c.cond.key.value);
                let message = match (victim, &scope) {
                    (Some(v), _) => format!(
                        "`{op}` on `{key}` in a Deny is true for tokens without that claim, so tokens from `{}`, which this policy trusts, are denied",
                        v.text
                    ),
                    (None, Scope::Everyone) => format!(
                        "`{op}` on `{key}` in a Deny that applies to every principal is true for tokens without that claim, so tokens of any other issuer are denied"
                    ),
                    (None, Scope::Federated(_)) => continue,
                };
                let mut d = Diagnostic::new(&META, c.cond.key.span, message)
                    .with_label("a missing claim makes this negated condition true")
                    .with_help(format!(
                        "Limit the Deny to tokens that carry the claim: add `Null` = `false` on `{key}` \
                         (adding `IfExists` changes nothing for negated operators), give the Deny a \
                         Federated principal of that issuer only, or express the restriction as a \
                         condition of the Allow statement."
                    ))
                    .with_fix(if fixable { null_fix(cx, st, c) } else { None });
                if let Some(v) = victim {
                    d = d.with_secondary(v.span, "trusted issuer whose tokens are denied");
                }
                out.push(d);
            }
        }
    }
}

fn is_deny(st: &Statement) -> bool {
    st.effect
        .as_ref()
        .and_then(|e| e.known())
        .is_some_and(|e| e == "Deny")
}

/// True when the statement's actions certainly cover `sts:AssumeRoleWithWebIdentity`.
fn denies_web_identity(st: &Statement) -> bool {
    match grants(&st.actions, WEB_IDENTITY_ACTION) {
        Some(g) => g != st.not_action,
        None => false,
    }
}

/// Whom a Deny applies to among web-identity callers.
enum Scope {
    /// `"Principal": "*"` or `{"AWS": "*"}`.
    Everyone,
    /// Only callers federated through these issuers.
    Federated(Vec<IssuerRef>),
}

/// The Deny's scope; `None` when it is not known or cannot apply to web identity.
fn deny_scope(st: &Statement) -> Option<Scope> {
    if !st.principals_complete {
        return None;
    }
    let everyone = st.principals.iter().any(|p| {
        matches!(p.kind.known().as_deref(), Some("*" | "AWS"))
            && p.values
                .items
                .iter()
                .any(|v| v.known().as_deref() == Some("*"))
    });
    if everyone {
        return Some(Scope::Everyone);
    }
    let issuers: Vec<IssuerRef> = federated(st)
        .into_iter()
        .filter_map(|f| match f.kind {
            FederatedKind::OidcProvider(i) => Some(i),
            FederatedKind::BuiltIn(name) => Some(IssuerRef::Text(name)),
            _ => None,
        })
        .collect();
    (!issuers.is_empty()).then_some(Scope::Federated(issuers))
}

/// `StringNotEquals`, `StringNotLike`, `StringNotEqualsIgnoreCase` (with or without
/// `IfExists`), plain or under `ForAllValues:`: all are true when the claim is missing.
fn is_negated_string(c: &ClaimCondition<'_>) -> bool {
    c.op.base.starts_with("StringNot") && c.op.set.as_deref() != Some("ForAnyValue")
}

/// True when another condition of the Deny already requires a claim of `issuer` (a positive
/// operator, or `Null` = `false`), so tokens of other issuers never match the Deny.
fn scoped_to_issuer(claims: &[ClaimCondition<'_>], issuer: &IssuerRef) -> bool {
    claims.iter().any(|c| {
        if c.issuer.same_as(issuer) != Some(true) {
            return false;
        }
        if c.op.base == "Null" {
            return c.cond.values.complete
                && !c.cond.values.items.is_empty()
                && c.cond
                    .values
                    .items
                    .iter()
                    .all(|v| v.known().as_deref() == Some("false"));
        }
        !c.op.is_negated() && !c.op.if_exists && c.op.set.as_deref() != Some("ForAllValues")
    })
}

/// Every issuer the policy's Allow statements trust, by principal or by claim key.
fn admitted_issuers(cx: &Context<'_>) -> Vec<Admitted> {
    let mut out = Vec::new();
    for st in cx.policy.statements.iter().filter(|s| s.is_allow()) {
        for (issuer, leaf) in oidc_issuers(st) {
            out.push(Admitted {
                issuer,
                span: leaf.span,
                text: show(cx, &leaf.value),
            });
        }
        for f in federated(st) {
            if let FederatedKind::BuiltIn(name) = f.kind {
                out.push(Admitted {
                    issuer: IssuerRef::Text(name),
                    span: f.leaf.span,
                    text: show(cx, &f.leaf.value),
                });
            }
        }
        for c in claim_conditions(st) {
            if !c.op.is_negated() && !matches!(c.issuer, IssuerRef::Unknown) {
                out.push(Admitted {
                    issuer: c.issuer.clone(),
                    span: c.cond.key.span,
                    text: show(cx, &c.key.prefix),
                });
            }
        }
    }
    out
}

/// Adds `Null` = `false` on the same key, so the Deny only sees tokens that carry the claim.
/// JSON forms get a new `Null` operator in the `Condition` object (not when one exists).
fn null_fix(cx: &Context<'_>, st: &Statement, c: &ClaimCondition<'_>) -> Option<Fix> {
    let form = cx.policy.form;
    // A module builds the statement itself (its inputs, not the policy, would change), and a
    // second `Null` key in a JSON `Condition` object would collide.
    if form == PolicyForm::Module || operator_taken(form, st, "Null") {
        return None;
    }
    let key = cx.text(c.cond.key_written);
    let syntax = Syntax::of(form).beside(&key);
    let (at, indent) = operator_slot(cx.sources, form, st, c.cond)?;
    let text = operator_entry(syntax, &indent, "Null", &key, &quoted(syntax, "false"));
    Some(Fix::unsafe_(
        format!(
            "Add `Null` = `false` on `{}` to the Deny",
            show(cx, &c.cond.key.value)
        ),
        vec![Edit::insert_at(at, text)],
    ))
}
