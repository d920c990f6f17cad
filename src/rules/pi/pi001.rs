use crate::base::diagnostic::{Diagnostic, Fix};
use crate::model::facts::pod_identity::Association;
use crate::model::policy::{Policy, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::policy_context;
use crate::rules::helpers::{grants, is_oidc_statement, replace_leaf, show};
use crate::rules::pi::helpers::{
    ASSUME, Found, SERVICE, TAG, actions_span, allows, append_action, label_users, pod_principal,
    pod_statement_help, remote_associations, role_table,
};
use crate::rules::policy_syntax::keyed_by_name;
use crate::rules::{Context, ModuleContext, Rule, WorkspaceContext};

declare_rule! {
    /// PI001: a role named by a Pod Identity association whose trust policy does not let
    /// `pods.eks.amazonaws.com` call both `sts:AssumeRole` and `sts:TagSession`. EKS refuses to
    /// create the association ("Trust policy of the role provided is invalid").
    pub struct RoleLacksPodIdentityTrust;
    code: "PI001",
    name: "role-lacks-pod-identity-trust",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Role used by a Pod Identity association lacks the Pod Identity trust",
    scope: Workspace,
}

impl Rule for RoleLacksPodIdentityTrust {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(pi) = &cx.facts.pod_identity else {
            return;
        };
        // One finding per role, however many associations use it.
        let mut roles: Vec<(&str, Vec<&Association>)> = Vec::new();
        for a in &pi.associations {
            let Some(role) = a.role.as_deref() else {
                continue;
            };
            match roles.iter_mut().find(|(r, _)| *r == role) {
                Some((_, users)) => users.push(a),
                None => roles.push((role, vec![a])),
            }
        }
        for (role, users) in roles {
            let Some(policy) = cx.role_policy(role) else {
                continue;
            };
            let pcx = policy_context(cx, policy);
            if let Some(d) = diagnose(&pcx, &format!("`{role}`"), &users) {
                out.push(label_users(d, &users));
            }
        }
    }

    /// The roles of other modules that associations name: `module.x.arn` of a local module, a
    /// literal ARN of a role in another directory.
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        let mut roles: Vec<(Found<'_>, Vec<&Association>)> = Vec::new();
        for r in remote_associations(cx, &table) {
            let (Some(found), a) = (r.role, r.association) else {
                continue;
            };
            let same = |f: &Found<'_>| f.is(&found);
            match roles.iter_mut().find(|(f, _)| same(f)) {
                Some((f, users)) => {
                    f.by_name |= found.by_name;
                    // Instances of one calling module repeat the same association.
                    if !users
                        .iter()
                        .any(|u| u.role_span == a.role_span && u.what == a.what)
                    {
                        users.push(a);
                    }
                }
                None => roles.push((found, vec![a])),
            }
        }
        for (found, users) in roles {
            let Some(policy) = found.policy(cx) else {
                continue;
            };
            let Some(pcx) = found.context(cx, policy) else {
                continue;
            };
            if let Some(d) = diagnose(&pcx, &found.phrase(cx), &users) {
                out.push(found.confine(cx, label_users(d, &users)));
            }
        }
    }
}

/// Who uses the role, for messages.
fn users_phrase(users: &[&Association]) -> String {
    match users {
        [one] => one.what.clone(),
        [first, rest @ ..] => format!("{} and {} more", first.what, rest.len()),
        [] => String::new(),
    }
}

/// The finding for `role` (named as messages show it) and the associations that use it.
fn diagnose(cx: &Context<'_>, role: &str, users: &[&Association]) -> Option<Diagnostic> {
    let policy = cx.policy;
    // A finding needs every statement read: an unknown one may be the Pod Identity trust.
    if !policy.statements_complete || policy.statements.iter().any(|s| allows(s).is_none()) {
        return None;
    }
    let allow: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| allows(s) == Some(true))
        .collect();
    let mut pods = Vec::new();
    for st in &allow {
        if pod_principal(st)? {
            pods.push(*st);
        }
    }
    let by = users_phrase(users);
    if !pods.is_empty() {
        return missing_actions(cx, role, &by, &pods);
    }
    if let Some(d) = misspelled(cx, role, &by, &allow) {
        return Some(d);
    }
    if let Some(d) = wrong_principal_type(cx, role, &by, &allow) {
        return Some(d);
    }
    let invalid =
        "EKS rejects the association with \"Trust policy of the role provided is invalid\"";
    if let Some(oidc) = allow.iter().find(|s| is_oidc_statement(s)) {
        let principal = oidc.principals_of("Federated").next();
        let mut d = Diagnostic::new(
            &META,
            policy.span,
            format!(
                "{role} only trusts web identity from an OIDC provider (IRSA), but is used by {by}; {invalid}"
            ),
        )
        .with_label("no statement for `pods.eks.amazonaws.com`")
        .with_help(format!(
            "{}, next to the IRSA statement if the role serves both mechanisms.",
            pod_statement_help(policy.form)
        ));
        if let Some(p) = principal {
            d = d.with_secondary(p.span, "the IRSA trust (`sts:AssumeRoleWithWebIdentity`)");
        }
        return Some(d);
    }
    Some(
        Diagnostic::new(
            &META,
            policy.span,
            format!(
                "trust policy of {role} has no Allow for `{SERVICE}`, but the role is used by {by}; {invalid}"
            ),
        )
        .with_label("no statement for `pods.eks.amazonaws.com`")
        .with_help(format!("{}.", pod_statement_help(policy.form))),
    )
}

/// Pod Identity statements exist, but together they do not grant both actions.
fn missing_actions(
    cx: &Context<'_>,
    role: &str,
    by: &str,
    pods: &[&Statement],
) -> Option<Diagnostic> {
    let (mut assume, mut tag) = (false, false);
    for st in pods {
        if st.not_action {
            return None;
        }
        assume |= grants(&st.actions, ASSUME)?;
        tag |= grants(&st.actions, TAG)?;
    }
    let (granted, missing) = match (assume, tag) {
        (true, true) => return None,
        (true, false) => (Some(ASSUME), TAG),
        (false, true) => (Some(TAG), ASSUME),
        (false, false) => (None, ASSUME),
    };
    // Edit the statement that grants the other action; with both missing, point at the first.
    let st = pods
        .iter()
        .find(|s| granted.is_some_and(|g| grants(&s.actions, g) == Some(true)))
        .or_else(|| pods.first())?;
    let message = match granted {
        Some(g) => format!(
            "trust policy of {role} lets `{SERVICE}` call `{g}` but not `{missing}`, which EKS Pod Identity also needs ({by})"
        ),
        None => format!(
            "trust policy of {role} names `{SERVICE}` but grants it neither `{ASSUME}` nor `{TAG}` ({by})"
        ),
    };
    let fix = granted
        .and_then(|_| append_action(cx, st, missing))
        .map(|e| Fix::safe(format!("Add `{missing}` to the actions"), vec![e]));
    Some(
        Diagnostic::new(&META, actions_span(st), message)
            .with_label(format!("`{missing}` missing here"))
            .with_help(format!(
                "EKS Pod Identity assumes the role with `{ASSUME}` and attaches session tags with `{TAG}`; grant `{SERVICE}` both."
            ))
            .with_fix(fix),
    )
}

/// A service principal that looks like a misspelling of `pods.eks.amazonaws.com`
/// (`pod.eks.amazonaws.com`, a `.cn` suffix) — not the Fargate pod execution principal.
fn looks_like_pod_service(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l != SERVICE && l.contains("pod") && l.contains("eks") && !l.contains("fargate")
}

fn misspelled(cx: &Context<'_>, role: &str, by: &str, allow: &[&Statement]) -> Option<Diagnostic> {
    for st in allow {
        for leaf in st.principals_of("Service") {
            let Some(t) = leaf.known().filter(|t| looks_like_pod_service(t)) else {
                continue;
            };
            let mut edits: Vec<_> = replace_leaf(cx, leaf, SERVICE).into_iter().collect();
            let assume = grants(&st.actions, ASSUME) == Some(true);
            let tag = grants(&st.actions, TAG) == Some(true);
            let mut note = String::new();
            if assume && !tag && !st.not_action {
                note = format!(", and the statement lacks `{TAG}`");
                match append_action(cx, st, TAG) {
                    Some(e) if !edits.is_empty() => edits.push(e),
                    _ => edits.clear(),
                }
            } else if !(assume && tag) {
                edits.clear();
            }
            let fix = (!edits.is_empty()).then(|| Fix::safe(format!("Use `{SERVICE}`"), edits));
            return Some(
                Diagnostic::new(
                    &META,
                    leaf.span,
                    format!(
                        "`{t}` is not the EKS Pod Identity service principal `{SERVICE}`{note}; {role} is used by {by}"
                    ),
                )
                .with_label("misspelled service principal")
                .with_help(format!(
                    "The principal is `{SERVICE}` in every partition, China included; grant it `{ASSUME}` and `{TAG}`."
                ))
                .with_fix(fix),
            );
        }
    }
    None
}

/// `pods.eks.amazonaws.com` under `Federated`, `AWS` or another principal type.
fn wrong_principal_type(
    cx: &Context<'_>,
    role: &str,
    by: &str,
    allow: &[&Statement],
) -> Option<Diagnostic> {
    for st in allow {
        for p in &st.principals {
            let Some(kind) = p.kind.known().filter(|k| k != "Service") else {
                continue;
            };
            if !p
                .values
                .items
                .iter()
                .any(|v| v.known().is_some_and(|t| t.eq_ignore_ascii_case(SERVICE)))
            {
                continue;
            }
            let fix = type_fix(cx, st, p, cx.policy);
            return Some(
                Diagnostic::new(
                    &META,
                    p.kind.span,
                    format!(
                        "`{SERVICE}` is listed as a `{kind}` principal, but it is a service principal: {role} is used by {by}, which needs it under `Service`"
                    ),
                )
                .with_label(format!("`{kind}` instead of `Service`"))
                .with_help(format!(
                    "Move `{SERVICE}` under `Service` and grant it `{ASSUME}` and `{TAG}`."
                ))
                .with_fix(fix),
            );
        }
    }
    None
}

/// Renames the principal type to `Service` when that alone repairs the statement: the entry
/// holds only the Pod Identity principal, the actions are right, and (in JSON forms) no
/// `Service` key exists already.
fn type_fix(
    cx: &Context<'_>,
    st: &Statement,
    p: &crate::model::policy::Principal,
    policy: &Policy,
) -> Option<Fix> {
    if p.values.items.len() != 1
        || st.not_action
        || grants(&st.actions, ASSUME) != Some(true)
        || grants(&st.actions, TAG) != Some(true)
    {
        return None;
    }
    if keyed_by_name(policy.form)
        && st
            .principals
            .iter()
            .any(|q| q.kind.known().as_deref() == Some("Service"))
    {
        return None;
    }
    let edit = replace_leaf(cx, &p.kind, "Service")?;
    let shown = show(cx, &p.kind.value);
    Some(Fix::safe(
        format!("Change the principal type `{shown}` to `Service`"),
        vec![edit],
    ))
}

#[cfg(test)]
mod tests {
    use super::looks_like_pod_service;

    #[test]
    fn pod_service_misspellings() {
        assert!(looks_like_pod_service("pod.eks.amazonaws.com"));
        assert!(looks_like_pod_service("pods.eks.amazonaws.com.cn"));
        assert!(looks_like_pod_service("pods.eks.amazonaws.com "));
        assert!(!looks_like_pod_service("pods.eks.amazonaws.com"));
        assert!(!looks_like_pod_service("eks-fargate-pods.amazonaws.com"));
        assert!(!looks_like_pod_service("eks.amazonaws.com"));
    }
}
