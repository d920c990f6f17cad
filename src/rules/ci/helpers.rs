//! Helpers shared by the CI-issuer rules (GitHub Actions, HCP Terraform, GitLab): which
//! statements trust an issuer, which claim conditions name it, and a rendering of partly known
//! values that keeps unknown parts visible as opaque characters.

use crate::base::diagnostic::{Diagnostic, Kind, Severity};
use crate::base::known::{GITHUB_HOST, SA_PREFIX, WEB_IDENTITY_ACTION};
use crate::base::rule_meta::RuleMeta;
use crate::model::policy::issuer::{FederatedKind, classify_federated, trusted_issuers};
use crate::model::policy::{Leaf, Policy, Statement};
use crate::rules::Context;
use crate::rules::helpers::{ClaimCondition, claim_conditions, grants, oidc_issuers, show};
use crate::value::{Part, SymStr};

/// Stands for an unknown part (a `${…}` interpolation) in a rendered value: it matches only
/// itself, so it is never taken for a wildcard, a separator or a known name.
pub const MARK: char = '\u{1}';

/// The value's known text with every unknown part replaced by [`MARK`].
pub fn render(s: &SymStr) -> String {
    let mut out = String::new();
    for p in &s.parts {
        match p {
            Part::Text { text, .. } => out.push_str(text),
            Part::Sym(_) => out.push(MARK),
        }
    }
    out
}

/// The part of a rendered value whose every character is fixed: up to the first unknown part,
/// and under a `Like` operator also up to the first wildcard (which may absorb anything).
pub fn fixed_prefix(text: &str, like: bool) -> &str {
    let end = text
        .find(|c: char| c == MARK || (like && (c == '*' || c == '?')))
        .unwrap_or(text.len());
    &text[..end]
}

/// True for a rendered value holding a wildcard character.
pub fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// GitHub Actions issuers: github.com (`token.actions.githubusercontent.com`), GitHub
/// Enterprise Cloud issuers with an enterprise path below it, and GitHub Enterprise Server
/// (`<host>/_services/token`).
pub fn is_github_issuer(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == GITHUB_HOST
        || h.strip_prefix(GITHUB_HOST)
            .is_some_and(|rest| rest.starts_with('/'))
        || h.ends_with("/_services/token")
}

/// Who a GitHub issuer lets in when nothing narrows the subject.
pub fn github_scope(issuer: &str) -> String {
    let h = issuer.to_ascii_lowercase();
    if let Some(rest) = h
        .strip_prefix(GITHUB_HOST)
        .and_then(|r| r.strip_prefix('/'))
    {
        format!("any repository of the GitHub enterprise `{rest}`")
    } else if let Some(host) = h.strip_suffix("/_services/token") {
        format!("any repository on `{host}`")
    } else {
        "any repository on GitHub".to_string()
    }
}

/// A statement's trust in one issuer: the issuer (host+path), the Federated principal that
/// names it (if one does), and the claim conditions on it.
pub struct IssuerTrust<'p> {
    pub issuer: String,
    pub principal: Option<&'p Leaf>,
    pub claims: Vec<ClaimCondition<'p>>,
    /// A positive condition on a claim key of another (or an unknown) issuer: such a key is
    /// absent from this issuer's tokens, so the statement may admit nobody at all.
    pub foreign_condition: bool,
}

impl IssuerTrust<'_> {
    /// A Federated principal to point at: the issuer's own, or any.
    pub fn principal_leaf<'s>(&'s self, st: &'s Statement) -> Option<&'s Leaf> {
        self.principal
            .or_else(|| st.principals_of("Federated").next())
    }

    /// The claim conditions on `claim` with a positive string operator.
    pub fn positive<'s>(&'s self, claim: &'s str) -> impl Iterator<Item = &'s ClaimCondition<'s>> {
        self.claims
            .iter()
            .filter(move |c| c.key.claim == claim && c.op.is_positive_string())
    }

    /// True when an `:aud` condition holds a subject: the claims are swapped, the statement
    /// admits nobody, and WIF010 reports it.
    pub fn audience_holds_subject(&self) -> bool {
        const SUBJECTS: [&str; 4] = ["repo:", "project_path:", "organization:", SA_PREFIX];
        self.claims
            .iter()
            .filter(|c| c.key.claim == "aud")
            .any(|c| {
                c.cond.values.items.iter().any(|v| {
                    let lead = v.value.leading_text();
                    SUBJECTS.iter().any(|p| lead.starts_with(p))
                })
            })
    }
}

/// How a statement trusts an issuer for which `is_issuer(host+path)` holds: through its
/// Federated principal, or (when no principal's issuer is known) through its condition keys.
pub fn issuer_trust<'p>(
    st: &'p Statement,
    is_issuer: impl Fn(&str) -> bool,
) -> Option<IssuerTrust<'p>> {
    let principal = oidc_issuers(st)
        .into_iter()
        .find(|(i, _)| i.text().is_some_and(&is_issuer));
    let all = claim_conditions(st);
    let foreign = |claims: &[ClaimCondition<'_>]| {
        all.iter().any(|c| {
            c.op.is_positive_string()
                && !c.op.if_exists
                && !claims.iter().any(|o| std::ptr::eq(o.cond, c.cond))
        })
    };
    match principal {
        Some((issuer_ref, leaf)) => {
            let issuer = issuer_ref.text().unwrap_or_default().to_string();
            let claims: Vec<ClaimCondition<'p>> = claim_conditions(st)
                .into_iter()
                .filter(|c| {
                    c.issuer.text().is_some_and(&is_issuer)
                        || c.issuer.same_as(&issuer_ref) == Some(true)
                })
                .collect();
            Some(IssuerTrust {
                issuer,
                principal: Some(leaf),
                foreign_condition: foreign(&claims),
                claims,
            })
        }
        None => {
            // The principal is unknown: the issuer the condition keys name, when it is this one.
            let keys = trusted_issuers(st).into_iter().find(|t| t.from_keys())?;
            let issuer = keys.issuer.text().filter(|i| is_issuer(i))?.to_string();
            Some(IssuerTrust {
                issuer,
                principal: None,
                // Every claim key names this issuer.
                foreign_condition: false,
                claims: all,
            })
        }
    }
}

/// True when a `Deny` statement of the policy may apply to web-identity requests of the issuer:
/// it may narrow (or block) what an `Allow` admits, so an over-broad trust is not established.
pub fn deny_may_apply(policy: &Policy, is_issuer: impl Fn(&str) -> bool) -> bool {
    policy.statements.iter().any(|st| {
        let deny = match st.effect.as_ref().map(Leaf::known) {
            Some(Some(e)) => e == "Deny",
            Some(None) => true,
            None => false,
        };
        let action = st.not_action || grants(&st.actions, WEB_IDENTITY_ACTION) != Some(false);
        let principal = st.not_principal
            || !st.principals_complete
            || st
                .principals
                .iter()
                .any(|p| match p.kind.known().as_deref() {
                    Some("*") => true,
                    Some("AWS") => p
                        .values
                        .items
                        .iter()
                        .any(|v| v.known().is_none_or(|t| t == "*")),
                    Some("Federated") => {
                        p.values
                            .items
                            .iter()
                            .any(|v| match classify_federated(&v.value) {
                                FederatedKind::OidcProvider(i) => i.text().is_none_or(&is_issuer),
                                FederatedKind::Unknown => true,
                                FederatedKind::BuiltIn(_) | FederatedKind::Saml => false,
                            })
                    }
                    Some(_) => false,
                    None => true,
                });
        deny && action && principal
    })
}

/// The warning for a subject pattern that admits the tokens of more than one project: `whose`
/// names them (`runs of`, `CI jobs of`), `scope` says how many (`every workspace of org/x`).
#[allow(clippy::too_many_arguments)]
pub fn broad_subject(
    meta: &'static RuleMeta,
    cx: &Context<'_>,
    value: &Leaf,
    key: &Leaf,
    whose: &str,
    scope: &str,
    label: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(
        meta,
        value.span,
        format!(
            "subject pattern `{}` on `{}` lets {whose} {scope} assume this role",
            show(cx, &value.value),
            show(cx, &key.value)
        ),
    )
    .with_severity(Severity::Warning)
    .with_kind(Kind::Exposes)
    .with_label(label)
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_issuers() {
        assert!(is_github_issuer("token.actions.githubusercontent.com"));
        assert!(is_github_issuer("token.actions.githubusercontent.com/acme"));
        assert!(is_github_issuer("ghes.example.com/_services/token"));
        assert!(!is_github_issuer(
            "token.actions.githubusercontent.com.evil"
        ));
        assert!(!is_github_issuer("gitlab.com"));
        assert_eq!(
            github_scope("token.actions.githubusercontent.com/acme"),
            "any repository of the GitHub enterprise `acme`"
        );
    }

    #[test]
    fn prefixes_and_distance() {
        assert_eq!(fixed_prefix("repo:o/*:x", true), "repo:o/");
        assert_eq!(fixed_prefix("repo:o/*:x", false), "repo:o/*:x");
        assert_eq!(fixed_prefix("repo:\u{1}/a", false), "repo:");
    }
}
