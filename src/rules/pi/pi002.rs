use crate::base::diagnostic::Diagnostic;
use crate::model::facts::pod_identity::Association;
use crate::model::policy::{Condition, Leaf, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::policy_context;
use crate::rules::helpers::show;
use crate::rules::pi::helpers::{
    PodTag, Remote, admits_role, candidates, cluster_arn_may_match, operator, pod_principal,
    rejects, remote_associations, request_tag, role_table, values_span,
};
use crate::rules::{Context, ModuleContext, Rule, WorkspaceContext};

declare_rule! {
    /// PI002: `aws:RequestTag/…` conditions of a Pod Identity trust whose values rule out the
    /// namespace, service account or cluster of an association that uses the role.
    pub struct RequestTagConditionsExcludeAssociation;
    code: "PI002",
    name: "request-tag-conditions-exclude-association",
    severity: Error,
    kind: Breaks,
    fix: None,
    summary: "Pod Identity request-tag conditions exclude the association",
    scope: Workspace,
}

impl Rule for RequestTagConditionsExcludeAssociation {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(pi) = &cx.facts.pod_identity else {
            return;
        };
        for a in &pi.associations {
            // Without session tags every tag condition fails: PI003 reports that.
            if !a.tags_enabled() {
                continue;
            }
            if let Some(role) = a.role.as_deref()
                && let Some(policy) = cx.role_policy(role)
                && let Some(stmts) = candidates(policy, pod_principal)
            {
                let pcx = policy_context(cx, policy);
                report(&pcx, a, &format!("`{role}`"), &stmts, out);
            }
            // With the first role in another module, the workspace check has the hop.
            if a.all_local()
                && let Some(target) = a.target.as_deref()
                && let Some(policy) = cx.role_policy(target)
            {
                let source = a.role.as_deref();
                let name = a.role_name.as_deref();
                if let Some(stmts) = candidates(policy, |st| admits_role(st, source, name)) {
                    let pcx = policy_context(cx, policy);
                    report(&pcx, a, &format!("target role `{target}`"), &stmts, out);
                }
            }
        }
    }

    /// Associations whose role or target role is in another module.
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for r in remote_associations(cx, &table) {
            check_remote(cx, &r, out);
        }
    }
}

/// The same checks where one of the roles is in another module.
fn check_remote(cx: &WorkspaceContext<'_>, r: &Remote<'_>, out: &mut Vec<Diagnostic>) {
    let a = r.association;
    if !a.tags_enabled() {
        return;
    }
    if let Some(role) = r.role
        && let Some(policy) = role.policy(cx)
        && let Some(stmts) = candidates(policy, pod_principal)
        && let Some(pcx) = role.context(cx, policy)
    {
        let start = out.len();
        report(&pcx, a, &role.phrase(cx), &stmts, out);
        about(out, start, role.module);
    }
    if let Some(target) = r.target
        && let Some(policy) = target.policy(cx)
        && let Some(pcx) = target.context(cx, policy)
    {
        let source = r.source(cx);
        if let Some(stmts) = candidates(policy, |st| source.admitted_by(st)) {
            let whose = format!("target role {}", target.phrase(cx));
            let start = out.len();
            report(&pcx, a, &whose, &stmts, out);
            about(out, start, target.module);
        }
    }
}

/// Marks the findings from `start` on as about the role's module view (the engine reports an
/// instance's at its caller).
fn about(out: &mut [Diagnostic], start: usize, view: usize) {
    for d in out.iter_mut().skip(start) {
        d.views.push(view);
    }
}

/// Reports the association when every statement that could admit it has a tag condition
/// that rejects it.
fn report(
    cx: &Context<'_>,
    a: &Association,
    whose: &str,
    stmts: &[&Statement],
    out: &mut Vec<Diagnostic>,
) {
    let found: Vec<Vec<_>> = stmts.iter().map(|st| exclusions(st, a)).collect();
    if found.is_empty() || found.iter().any(Vec::is_empty) {
        return;
    }
    for (cond, tag, actual, culprit) in found.into_iter().flatten() {
        let op = cond.operator.known().unwrap_or_default();
        let key = show(cx, &cond.key.value);
        // A negated condition is wrong through the value that names the association.
        let (span, shown): (_, Vec<&Leaf>) = match culprit {
            Some(v) => (v.span, vec![v]),
            None => (values_span(cond), cond.values.items.iter().collect()),
        };
        let values: Vec<String> = shown
            .iter()
            .map(|v| format!("`{}`", show(cx, &v.value)))
            .collect();
        let noun = tag.noun();
        let verb = if op.contains("Not") {
            "excludes"
        } else {
            "admits only"
        };
        let mut d = Diagnostic::new(
            &META,
            span,
            format!(
                "trust of {whose} rejects {} ({noun} `{actual}`): `{key}` under `{op}` {verb} {}",
                a.what,
                values.join(", ")
            ),
        )
        .with_label(format!("does not admit {noun} `{actual}`"))
        .with_help(format!(
            "Make the condition admit the association's {noun}, or change the association; a role shared by several {noun}s can list them all (or use `StringLike` patterns)."
        ));
        if let Some(attr) = tag.of(a) {
            d = d.with_secondary(attr.span, format!("the association's {noun}"));
        }
        out.push(d);
    }
}

/// The request-tag conditions of a statement that certainly reject the association, with
/// the value that excludes it under a negated operator.
fn exclusions<'s, 'a>(
    st: &'s Statement,
    a: &'a Association,
) -> Vec<(&'s Condition, PodTag, &'a str, Option<&'s Leaf>)> {
    let mut out = Vec::new();
    for cond in &st.conditions {
        let (Some(tag), Some(op)) = (request_tag(cond), operator(cond)) else {
            continue;
        };
        let Some(actual) = tag.of(a).and_then(|attr| attr.text.as_deref()) else {
            continue;
        };
        let rejected = if tag == PodTag::ClusterArn {
            // The ARN's partition, region and account are unknown: only its name is compared.
            rejects(
                cond,
                &op,
                |p| cluster_arn_may_match(&op, p, actual),
                |_| false,
            )
        } else {
            rejects(
                cond,
                &op,
                |p| op.matches(p, actual),
                |p| op.matches(p, actual),
            )
        };
        if rejected {
            let culprit = op
                .is_negated()
                .then(|| {
                    cond.values
                        .items
                        .iter()
                        .find(|v| v.known().is_some_and(|p| op.matches(&p, actual)))
                })
                .flatten();
            out.push((cond, tag, actual, culprit));
        }
    }
    out
}
