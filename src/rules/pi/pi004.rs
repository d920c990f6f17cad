use crate::base::diagnostic::{Diagnostic, Fix};
use crate::model::facts::pod_identity::{Association, Attr};
use crate::model::policy::{Condition, PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::policy_context;
use crate::rules::helpers::{Operator, grants, show};
use crate::rules::pi::helpers::{
    ASSUME, TAG, actions_span, admits_role, allows, append_action, operator, rejects,
    remote_associations, role_table, values_span,
};
use crate::rules::policy_syntax::{Syntax, placeholder, reference, statement_help};
use crate::rules::{Context, ModuleContext, Rule, WorkspaceContext};

declare_rule! {
    /// PI004: an association with `target_role_arn` whose target role (in the config) does not
    /// let the association's role assume it with `sts:AssumeRole` and `sts:TagSession`, or whose
    /// `sts:ExternalId` condition cannot match the ID EKS passes.
    pub struct TargetRoleHopNotTrusted;
    code: "PI004",
    name: "target-role-hop-not-trusted",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Pod Identity target role does not trust the association's role",
    scope: Workspace,
}

/// One hop to check: how messages name both roles, and how a statement may name the first.
struct Hop<'h> {
    /// How messages name the target role.
    target: String,
    /// How messages name the association's role.
    who: String,
    /// Whether a statement admits the association's role (see `admits_role`).
    admits: &'h dyn Fn(&Statement) -> Option<bool>,
    /// The reference to write for the association role's ARN in the target's trust.
    reference: Option<String>,
}

impl Rule for TargetRoleHopNotTrusted {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(pi) = &cx.facts.pod_identity else {
            return;
        };
        // With the first role in another module, the workspace check has the hop.
        for a in pi.associations.iter().filter(|a| a.all_local()) {
            let (Some(target), Some(target_span)) = (a.target.as_deref(), a.target_span) else {
                continue;
            };
            let Some(policy) = cx.role_policy(target) else {
                continue;
            };
            let pcx = policy_context(cx, policy);
            let source = a.role.as_deref();
            let name = a.role_name.as_deref();
            let hop = Hop {
                target: format!("`{target}`"),
                who: match source {
                    Some(s) => format!("`{s}`"),
                    None => "the association's role".to_string(),
                },
                admits: &|st| admits_role(st, source, name),
                reference: source.map(|s| format!("{s}.arn")),
            };
            if let Some(d) = check_hop(&pcx, a, &hop) {
                out.push(d.with_secondary(target_span, format!("target role of {}", a.what)));
            }
        }
    }

    /// Associations whose role or target role is in another module.
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for r in remote_associations(cx, &table) {
            let a = r.association;
            let (Some(target), Some(target_span)) = (r.target, a.target_span) else {
                continue;
            };
            let Some(policy) = target.policy(cx) else {
                continue;
            };
            let Some(pcx) = target.context(cx, policy) else {
                continue;
            };
            let source = r.source(cx);
            let hop = Hop {
                target: target.phrase(cx),
                who: source.phrase.clone(),
                admits: &|st| source.admitted_by(st),
                reference: source.reference().map(str::to_string),
            };
            if let Some(d) = check_hop(&pcx, a, &hop) {
                let d = d.with_secondary(target_span, format!("target role of {}", a.what));
                out.push(target.confine(cx, d));
            }
        }
    }
}

fn check_hop(cx: &Context<'_>, a: &Association, hop: &Hop<'_>) -> Option<Diagnostic> {
    let policy = cx.policy;
    if !policy.statements_complete || policy.statements.iter().any(|s| allows(s).is_none()) {
        return None;
    }
    let (target, who) = (&hop.target, &hop.who);
    // Allow statements that admit (or may admit) the association's role.
    let admitting: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|st| allows(st) == Some(true))
        .filter(|st| (hop.admits)(st) != Some(false))
        .collect();
    if admitting.is_empty() {
        return Some(
            Diagnostic::new(
                &META,
                policy.span,
                format!(
                    "trust policy of target role {target} has no Allow for {who}, so {} cannot assume it",
                    a.what
                ),
            )
            .with_label(format!("no statement for {who}"))
            .with_help(hop_help(policy.form, hop.reference.as_deref())),
        );
    }
    if admitting.iter().any(|st| st.not_action) {
        return None;
    }
    let mut assume = false;
    let mut tag = false;
    for st in &admitting {
        assume |= grants(&st.actions, ASSUME)?;
        tag |= grants(&st.actions, TAG)?;
    }
    // Without session tags nothing is tagged on the second hop.
    let tag_needed = !a.tags_disabled();
    let (granted, missing) = match (assume, tag) {
        (true, false) if tag_needed => (ASSUME, TAG),
        (false, true) => (TAG, ASSUME),
        (false, false) => {
            let st = admitting.first()?;
            let what = if tag_needed {
                format!("neither `{ASSUME}` nor `{TAG}`")
            } else {
                format!("no `{ASSUME}`")
            };
            return Some(
                Diagnostic::new(
                    &META,
                    actions_span(st),
                    format!(
                        "trust policy of target role {target} grants {who} {what}, so {} cannot assume it",
                        a.what
                    ),
                )
                .with_label(format!("`{ASSUME}` missing here"))
                .with_help(format!("Grant {who} both `{ASSUME}` and `{TAG}`.")),
            );
        }
        _ => return external_id(cx, a, target, &admitting),
    };
    let st = admitting
        .iter()
        .find(|s| grants(&s.actions, granted) == Some(true))
        .or_else(|| admitting.first())?;
    let why = if missing == TAG {
        "the Pod Identity session tags are transitive, so the second hop passes them too"
    } else {
        "the second hop is an `sts:AssumeRole` call"
    };
    let fix = append_action(cx, st, missing)
        .map(|e| Fix::safe(format!("Add `{missing}` to the actions"), vec![e]));
    Some(
        Diagnostic::new(
            &META,
            actions_span(st),
            format!(
                "trust policy of target role {target} lets {who} call `{granted}` but not `{missing}`, which {} needs: {why}",
                a.what
            ),
        )
        .with_label(format!("`{missing}` missing here"))
        .with_help(format!("Grant {who} both `{ASSUME}` and `{TAG}`."))
        .with_fix(fix),
    )
}

/// Every statement that grants the hop requires an `sts:ExternalId` that cannot be the one EKS
/// passes: `<region>/<account>/<cluster>/<namespace>/<service account>` of the association.
fn external_id(
    cx: &Context<'_>,
    a: &Association,
    target: &str,
    admitting: &[&Statement],
) -> Option<Diagnostic> {
    let assuming: Vec<&Statement> = admitting
        .iter()
        .copied()
        .filter(|st| grants(&st.actions, ASSUME) == Some(true))
        .collect();
    let mut first: Option<&Condition> = None;
    for st in &assuming {
        let rejecting = st.conditions.iter().find(|c| {
            let is_external_id = c
                .key
                .known()
                .is_some_and(|k| k.eq_ignore_ascii_case("sts:ExternalId"));
            is_external_id
                && operator(c).is_some_and(|op| {
                    !op.is_negated()
                        && rejects(c, &op, |p| may_be_external_id(&op, p, a), |_| false)
                })
        });
        match rejecting {
            Some(c) => {
                first.get_or_insert(c);
            }
            None => return None,
        }
    }
    let cond = first?;
    let values: Vec<String> = cond
        .values
        .items
        .iter()
        .map(|v| format!("`{}`", show(cx, &v.value)))
        .collect();
    let expected = format!(
        "<region>/<account>/{}/{}/{}",
        known(a.cluster_name.as_ref(), "<cluster>"),
        known(a.namespace.as_ref(), "<namespace>"),
        known(a.service_account.as_ref(), "<service account>")
    );
    Some(
        Diagnostic::new(
            &META,
            values_span(cond),
            format!(
                "`sts:ExternalId` in the trust of target role {target} admits only {}, but EKS passes `{expected}` for {}",
                values.join(", "),
                a.what
            ),
        )
        .with_label("never equals the external ID of the association")
        .with_help(
            "Reference the association's `external_id` attribute, or write the ID in the form `<region>/<account>/<cluster>/<namespace>/<service account>` of this association.",
        ),
    )
}

fn known(attr: Option<&Attr>, placeholder: &str) -> String {
    attr.and_then(|a| a.text.clone())
        .unwrap_or_else(|| placeholder.to_string())
}

/// Whether a written external ID may be the association's: five `/`-separated parts whose
/// last three are its cluster, namespace and service account (where those are known).
fn may_be_external_id(op: &Operator, pattern: &str, a: &Association) -> bool {
    if op.is_like() && pattern.contains(['*', '?']) {
        return true;
    }
    let parts: Vec<&str> = pattern.split('/').collect();
    let [_, _, cluster, namespace, sa] = parts.as_slice() else {
        return false;
    };
    let same = |written: &str, attr: Option<&Attr>| {
        attr.and_then(|x| x.text.as_deref()).is_none_or(|actual| {
            if op.ignores_case() {
                written.eq_ignore_ascii_case(actual)
            } else {
                written == actual
            }
        })
    };
    same(cluster, a.cluster_name.as_ref())
        && same(namespace, a.namespace.as_ref())
        && same(sa, a.service_account.as_ref())
}

/// The statement the target role needs, in the policy's own syntax.
fn hop_help(form: PolicyForm, source_arn: Option<&str>) -> String {
    let syntax = Syntax::of(form);
    let arn = match source_arn {
        Some(s) => reference(syntax, s),
        None => placeholder(syntax, "<role ARN>"),
    };
    format!(
        "Add {}.",
        statement_help(syntax, "AWS", &arn, &[ASSUME, TAG])
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::{FileId, Span};

    fn attr(text: &str) -> Option<Attr> {
        Some(Attr {
            text: Some(text.to_string()),
            span: Span::new(FileId(0), 0..0),
        })
    }

    #[test]
    fn external_ids() {
        let a = Association {
            what: String::new(),
            role: None,
            role_name: None,
            role_span: Span::new(FileId(0), 0..0),
            role_value: None,
            target: None,
            target_span: None,
            target_value: None,
            namespace: attr("reporting"),
            service_account: attr("exporter"),
            cluster_name: None,
            cluster: None,
            disable_session_tags: None,
            session_policy: false,
        };
        let eq = Operator::parse("StringEquals");
        assert!(may_be_external_id(
            &eq,
            "eu-west-1/1/prod/reporting/exporter",
            &a
        ));
        assert!(!may_be_external_id(
            &eq,
            "eu-west-1/1/prod/reporting/collector",
            &a
        ));
        assert!(!may_be_external_id(&eq, "my-external-id", &a));
        let like = Operator::parse("StringLike");
        assert!(may_be_external_id(&like, "*/reporting/*", &a));
    }
}
