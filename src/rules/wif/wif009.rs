use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::known::STS_AUDIENCE;
use crate::base::known::{GITHUB_HOST, TFC_HOST};
use crate::model::policy::issuer::IssuerRef;
use crate::model::policy::issuer::trusted_issuers;
use crate::model::policy::{Condition, PolicyForm};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, trusted_issuer_phrase};
use crate::rules::policy_syntax::{Syntax, condition_entry, quoted};
use crate::rules::wif::wif015;
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF009: a web-identity Allow without an `:aud` condition. STS already checks the audience
    /// against the provider's client IDs, so this is hardening, as AWS recommends.
    pub struct MissingAudienceCondition;
    code: "WIF009",
    name: "missing-audience-condition",
    severity: Warning,
    kind: Hardening,
    fix: Sometimes,
    summary: "Web-identity Allow statement without an `:aud` condition",
}

impl Rule for MissingAudienceCondition {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if !st.is_allow() || !st.conditions_complete {
                continue;
            }
            let Some(trusted) = trusted_issuers(st).into_iter().next() else {
                continue;
            };
            let claims = claim_conditions(st);
            // With no claim condition at all, WIF015 reports the whole gap (`:sub` and `:aud`).
            if claims.iter().any(|c| c.key.claim == "aud") || wif015::reports(cx, st) {
                continue;
            }
            let audience = expected_audience(&trusted.issuer, &claims);
            let anchor = claims
                .iter()
                .find(|c| c.key.claim == "sub")
                .or(claims.first());
            let fix = match (anchor, audience) {
                (Some(a), Some(aud)) => insertion(cx, a.cond, aud)
                    .map(|e| Fix::unsafe_(format!("Add an `:aud` condition for `{aud}`"), vec![e])),
                _ => None,
            };
            let span = st.condition_block.unwrap_or(st.span);
            let mut d = Diagnostic::new(
                &META,
                span,
                format!(
                    "web-identity statement trusting {} has no `:aud` condition",
                    trusted_issuer_phrase(cx, &trusted)
                ),
            )
            .with_label("no audience condition here");
            if let Some(principal) = trusted.principal() {
                d = d.with_secondary(
                    principal.span,
                    if trusted.from_keys() {
                        "provider not known here"
                    } else {
                        "trusted provider"
                    },
                );
            }
            out.push(
                d.with_help(match audience {
                    Some(aud) => format!("Add `StringEquals` on `<issuer>:aud` = `{aud}` so only tokens minted for AWS are accepted."),
                    None => "Add `StringEquals` on `<issuer>:aud` with the audience your tokens carry.".to_string(),
                })
                .with_fix(fix),
            );
        }
    }
}

/// The audience tokens of this issuer carry by default, when there is one.
fn expected_audience(
    issuer: &IssuerRef,
    claims: &[crate::rules::helpers::ClaimCondition<'_>],
) -> Option<&'static str> {
    let any_eks = issuer.is_eks() || claims.iter().any(|c| c.issuer.is_eks());
    if any_eks || issuer.is_host(GITHUB_HOST) {
        Some(STS_AUDIENCE)
    } else if issuer.is_host(TFC_HOST) {
        Some("aws.workload.identity")
    } else {
        None
    }
}

/// The edit that adds `<prefix>:aud = audience` next to `anchor`.
fn insertion(cx: &Context<'_>, anchor: &Condition, audience: &str) -> Option<Edit> {
    // A module builds the statement itself: its inputs, not the policy, would change.
    if cx.policy.form == PolicyForm::Module {
        return None;
    }
    let key = audience_key(cx, anchor)?;
    let syntax = Syntax::of(cx.policy.form).beside(&key);
    let file = cx.sources.get(anchor.entry.file);
    let indent = file.indent_at(anchor.entry.start);
    let value = quoted(syntax, audience);
    let text = condition_entry(syntax, indent, "StringEquals", &key, &value);
    Some(Edit::insert_at(anchor.entry, text))
}

/// The key as written (quotes included), with its claim swapped to `aud`.
fn audience_key(cx: &Context<'_>, c: &Condition) -> Option<String> {
    swap_claim(&cx.text(c.key_written))
}

/// Replaces the trailing `:sub` (or other claim) of a written key with `:aud`.
fn swap_claim(raw: &str) -> Option<String> {
    let colon = raw.rfind(':')?;
    let tail = &raw[colon + 1..];
    let claim_len = tail.trim_end_matches(['"', '\\']).len();
    Some(format!("{}:aud{}", &raw[..colon], &tail[claim_len..]))
}
