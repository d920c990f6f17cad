use crate::base::diagnostic::Diagnostic;
use crate::model::facts::roles::Resolved;
use crate::model::policy::{Leaf, Policy};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, is_oidc_statement};
use crate::rules::xr::helpers::{
    resolve, role_shown, role_table, source_phrase, trusts, workloads,
};
use crate::rules::{Rule, WorkspaceContext};

declare_rule! {
    /// XR004: a ServiceAccount's `eks.amazonaws.com/audience` annotation that none of its
    /// role's web-identity statements accepts as `:aud`. The pod's token carries that
    /// audience, so STS refuses it.
    pub struct AudienceAnnotationNotTrusted;
    code: "XR004",
    name: "audience-annotation-not-trusted",
    severity: Error,
    kind: Breaks,
    fix: None,
    summary: "Audience annotation disagrees with the role's trust",
    scope: Workspace,
}

impl Rule for AudienceAnnotationNotTrusted {
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for w in workloads(cx) {
            let Some(audience) = &w.sa.audience else {
                continue;
            };
            let Some(aud) = audience.known() else {
                continue;
            };
            let Resolved::Role { module, role } = resolve(&table, &w) else {
                continue;
            };
            let policies = trusts(cx, &w, module, role);
            let rejected: Vec<(usize, Vec<&Leaf>)> = policies
                .iter()
                .map_while(|(view, p)| Some((*view, audiences_rejecting(p, &aud)?)))
                .collect();
            if rejected.is_empty() || rejected.len() != policies.len() {
                continue;
            }
            let (view, leaves) = &rejected[0];
            let values: Vec<String> = leaves.iter().filter_map(|l| l.known()).collect();
            let ns = w.sa.namespace.known().unwrap_or_default();
            let name = w.sa.name.known().unwrap_or_default();
            let mut d = Diagnostic::new(
                &META,
                audience.span,
                format!(
                    "{} ServiceAccount `{ns}/{name}` asks for tokens with audience `{aud}`, but the trust of `{}` accepts only {}",
                    source_phrase(w.sa.source),
                    role_shown(cx, *view, role),
                    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_label("the token's audience")
            .with_help(format!(
                "Drop the annotation (the default audience is `sts.amazonaws.com`), or add `{aud}` to the trust's `:aud` condition and to the OIDC provider's `client_id_list`."
            ));
            if let Some(first) = leaves.first() {
                d = d.with_secondary(first.span, "the audience the trust accepts");
            }
            out.push(d.about(w.module.into_iter().chain([*view])));
        }
    }
}

/// The `:aud` values of the policy's web-identity Allow statements, when every one of them
/// is known, each statement has one and none accepts `aud`; `None` otherwise.
fn audiences_rejecting<'p>(policy: &'p Policy, aud: &str) -> Option<Vec<&'p Leaf>> {
    if !policy.statements_complete {
        return None;
    }
    let mut values = Vec::new();
    for st in &policy.statements {
        let effect = st.effect.as_ref().map(Leaf::known);
        if matches!(effect, Some(None)) || !st.principals_complete {
            return None;
        }
        if (!st.is_allow() && effect.is_some()) || !is_oidc_statement(st) {
            continue;
        }
        if !st.conditions_complete {
            return None;
        }
        let mut has_aud = false;
        for c in claim_conditions(st)
            .into_iter()
            .filter(|c| c.key.claim == "aud")
        {
            if !c.op.is_positive_string() || !c.cond.values.complete {
                return None;
            }
            has_aud = true;
            for v in &c.cond.values.items {
                let pattern = v.known()?;
                if c.op.matches(&pattern, aud) {
                    return None;
                }
                values.push(v);
            }
        }
        if !has_aud {
            return None;
        }
    }
    (!values.is_empty()).then_some(values)
}
