use crate::base::diagnostic::Diagnostic;
use crate::base::known::{COGNITO, GITLAB_HOST, WEB_IDENTITY_ACTION, is_eks_host};
use crate::model::policy::issuer::{FederatedKind, claim_key, classify_federated};
use crate::model::policy::{Leaf, Statement};
use crate::rules::ci::helpers::{deny_may_apply, is_github_issuer};
use crate::rules::ci::tfc001::is_tfc_issuer;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{glob_match, grants, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF015: a web-identity Allow with no condition on any claim of its issuer, so every token
    /// the issuer signs can assume the role. Issuers with a rule of their own (EKS, GitHub,
    /// GitLab, HCP Terraform, Cognito) are left to that rule.
    pub struct WebIdentityWithoutClaimCondition;
    code: "WIF015",
    name: "web-identity-without-claim-condition",
    severity: Warning,
    kind: Exposes,
    fix: None,
    summary: "Web-identity Allow with no condition on any claim of its issuer",
}

impl Rule for WebIdentityWithoutClaimCondition {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            for (principal, issuer) in unconditioned(cx, st) {
                let written = show(cx, &principal.value);
                // A built-in provider is its own issuer: no need to name it twice.
                let through = if written == issuer {
                    String::new()
                } else {
                    format!(" through `{written}`")
                };
                let mut d = Diagnostic::new(
                    &META,
                    principal.span,
                    format!(
                        "no condition on any claim of `{issuer}`: every token it issues can assume this role{through}"
                    ),
                )
                .with_label("trusted with no claim condition")
                .with_help(format!(
                    "Add `StringEquals` on `{issuer}:sub` = the subject of the workload that should assume the role, and on `{issuer}:aud` = the audience its tokens carry."
                ));
                if let Some(action) = granting_action(st) {
                    d = d.with_secondary(
                        action.span,
                        format!("grants `{WEB_IDENTITY_ACTION}` to every token"),
                    );
                }
                out.push(d);
            }
        }
    }
}

/// True when WIF015 reports the statement (WIF009 then leaves its missing `:aud` to it).
pub fn reports(cx: &Context<'_>, st: &Statement) -> bool {
    !unconditioned(cx, st).is_empty()
}

/// The statement's Federated principals, with their issuer, that admit every token of an issuer
/// no issuer-specific rule covers: an Allow of web identity whose conditions are all known and
/// none is on a claim key. Silent when a Deny of the policy may narrow the trust.
fn unconditioned<'p>(cx: &Context<'_>, st: &'p Statement) -> Vec<(&'p Leaf, String)> {
    let allows = st.is_allow()
        && !st.not_principal
        && !st.not_action
        && grants(&st.actions, WEB_IDENTITY_ACTION) == Some(true);
    // An unknown key may be a claim key of any issuer.
    let no_claim_condition = st.conditions_complete
        && st
            .conditions
            .iter()
            .all(|c| c.key.known().is_some() && claim_key(&c.key.value).is_none());
    if !allows || !no_claim_condition {
        return Vec::new();
    }
    st.principals_of("Federated")
        .filter_map(|leaf| {
            let issuer = match classify_federated(&leaf.value) {
                FederatedKind::OidcProvider(i) if !i.is_eks() => i.text()?.to_string(),
                FederatedKind::BuiltIn(idp) if idp != COGNITO => idp,
                _ => return None,
            };
            let covered = is_eks_host(&issuer)
                || is_github_issuer(&issuer)
                || issuer.eq_ignore_ascii_case(GITLAB_HOST)
                || is_tfc_issuer(cx, &issuer);
            let denied = deny_may_apply(cx.policy, |h| h.eq_ignore_ascii_case(&issuer));
            (!covered && !denied).then_some((leaf, issuer))
        })
        .collect()
}

/// The action entry that grants web identity (`sts:AssumeRoleWithWebIdentity`, `sts:*`, `*`).
fn granting_action(st: &Statement) -> Option<&Leaf> {
    let wanted = WEB_IDENTITY_ACTION.to_ascii_lowercase();
    st.actions.items.iter().find(|a| {
        a.known()
            .is_some_and(|t| glob_match(&t.to_ascii_lowercase(), &wanted))
    })
}
