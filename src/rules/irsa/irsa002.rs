use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::known::SA_PREFIX;
use crate::model::policy::PolicyForm;
use crate::model::policy::issuer::trusted_issuers;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, is_eks_statement, show, trusted_issuer_phrase};
use crate::rules::{Context, Rule};

declare_rule! {
    /// IRSA002: an EKS web-identity Allow with no `:sub` condition, or with a wildcard subject:
    /// every matching service account of the cluster can assume the role.
    pub struct MissingOrBroadSubject;
    code: "IRSA002",
    name: "missing-or-broad-subject",
    severity: Warning,
    kind: Exposes,
    fix: None,
    summary: "Missing or over-broad IRSA subject",
}

impl Rule for MissingOrBroadSubject {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if !st.is_allow() {
                continue;
            }
            let trusted = trusted_issuers(st);
            let Some(first) = trusted.first() else {
                continue;
            };
            // The principal's issuer may not be known while the keys name a cluster.
            let eks = trusted.iter().any(|t| t.issuer.is_eks())
                || (!first.from_keys() && is_eks_statement(st));
            let claims = claim_conditions(st);
            let subs: Vec<_> = claims
                .iter()
                .filter(|c| c.key.claim == "sub" && c.op.is_positive_string())
                .collect();
            // An issuer read from elsewhere (remote state, a variable) may still be a cluster's:
            // a `system:serviceaccount:` subject is a Kubernetes service-account token. A known
            // non-EKS host is not second-guessed.
            let service_account_subject = trusted.iter().all(|t| t.issuer.text().is_none())
                && subs.iter().any(|c| {
                    c.cond
                        .values
                        .items
                        .iter()
                        .any(|v| v.known().is_some_and(|t| t.starts_with(SA_PREFIX)))
                });
            if !eks && !service_account_subject {
                continue;
            }
            // A `:sub` key under a misspelled operator is WIF013's finding, not a missing subject.
            let sub_under_unknown_operator = claims.iter().any(|c| {
                c.key.claim == "sub"
                    && !c.op.is_negated()
                    && !c.op.is_exact_string()
                    && !c.op.is_like()
                    && c.op.base != "Null"
            });
            if subs.is_empty() && !sub_under_unknown_operator {
                if !st.conditions_complete {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &META,
                    st.condition_block.unwrap_or(st.span),
                    format!(
                        "no `:sub` condition: every service account in the cluster behind {} can assume this role",
                        trusted_issuer_phrase(cx, first)
                    ),
                )
                .with_label("no subject condition");
                if let Some(principal) = first.principal() {
                    d = d.with_secondary(
                        principal.span,
                        if first.from_keys() {
                            "provider not known here"
                        } else {
                            "trusted cluster"
                        },
                    );
                }
                out.push(d.with_help(
                    "Add `StringEquals` on `<issuer>:sub` = `system:serviceaccount:<namespace>:<name>`.",
                ));
                continue;
            }
            for c in subs.into_iter().filter(|c| c.op.is_like()) {
                for value in &c.cond.values.items {
                    let Some(text) = value.known() else { continue };
                    if text == CLOUDPOSSE_DEFAULT && cloudposse_default(cx) {
                        continue;
                    }
                    let Some((severity, scope)) = breadth(&text) else {
                        continue;
                    };
                    out.push(
                        Diagnostic::new(
                            &META,
                            value.span,
                            format!(
                                "subject pattern `{text}` on `{}` admits {scope}",
                                show(cx, &c.cond.key.value)
                            ),
                        )
                        .with_severity(severity)
                        .with_label("wildcard subject")
                        .with_help(
                            "Pin the namespace and service-account name and use `StringEquals`.",
                        ),
                    );
                }
            }
        }
    }
}

/// The subject cloudposse's role modules render when no ServiceAccount is named.
const CLOUDPOSSE_DEFAULT: &str = "system:serviceaccount:*:*";

/// True when the policy is a cloudposse role module's that names no ServiceAccount: XR005
/// reports it on the module's inputs, which is where it is fixed.
fn cloudposse_default(cx: &Context<'_>) -> bool {
    cx.policy.form == PolicyForm::Module
        && cx
            .facts
            .any_service_account
            .iter()
            .any(|a| Some(a.address.as_str()) == cx.policy.role.as_deref())
}

/// How much of the cluster a `StringLike` subject pattern admits, when it is broad.
fn breadth(pattern: &str) -> Option<(Severity, &'static str)> {
    if pattern == "*" || pattern == "system:*" || pattern == "system:serviceaccount:*" {
        return Some((
            Severity::Warning,
            "every service account in every namespace",
        ));
    }
    let rest = pattern.strip_prefix(SA_PREFIX)?;
    let (ns, name) = rest.split_once(':')?;
    if ns.contains('*') && name == "*" {
        return Some((
            Severity::Warning,
            "every service account in every namespace",
        ));
    }
    if ns.contains('*') {
        return Some((Severity::Warning, "service accounts in any namespace"));
    }
    if name == "*" {
        return Some((Severity::Info, "every service account in the namespace"));
    }
    None
}
