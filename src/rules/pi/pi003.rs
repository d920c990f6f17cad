use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::source::{Sources, Span};
use crate::model::facts::pod_identity::{Association, Attr, PermissionPolicy, TagRead};
use crate::model::policy::{Condition, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::pi::helpers::{
    Found, admits_role, candidates, operator, pod_principal, remote_associations, request_tag,
    role_table,
};
use crate::rules::{ModuleContext, Rule, WorkspaceContext};

declare_rule! {
    /// PI003: an association with `disable_session_tags = true` while the role's trust requires
    /// Pod Identity request tags, or its permission policies use Pod Identity principal tags.
    pub struct SessionTagsDisabledButReliedOn;
    code: "PI003",
    name: "session-tags-disabled-but-relied-on",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Pod Identity session tags disabled but relied on",
    scope: Workspace,
}

/// One place that needs the tags.
struct Use {
    span: Span,
    what: String,
}

impl Rule for SessionTagsDisabledButReliedOn {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(pi) = &cx.facts.pod_identity else {
            return;
        };
        // An association naming a role of another module is the workspace check's.
        for a in pi.associations.iter().filter(|a| a.all_local()) {
            let Some(flag) = disabled(a) else {
                continue;
            };
            let mut uses = Vec::new();
            if let Some(role) = a.role.as_deref() {
                if let Some(policy) = cx.role_policy(role)
                    && let Some(stmts) = candidates(policy, pod_principal)
                {
                    uses.extend(trust_uses(cx.sources, &stmts, &format!("`{role}`")));
                }
                uses.extend(permission_uses(pi.tag_reads(role), role));
            }
            if let Some(target) = a.target.as_deref() {
                let source = a.role.as_deref();
                let name = a.role_name.as_deref();
                if let Some(policy) = cx.role_policy(target)
                    && let Some(stmts) = candidates(policy, |st| admits_role(st, source, name))
                {
                    let whose = format!("target role `{target}`");
                    uses.extend(trust_uses(cx.sources, &stmts, &whose));
                }
                uses.extend(permission_uses(pi.tag_reads(target), target));
            }
            out.extend(report(cx.sources, a, flag, &uses));
        }
    }

    /// Associations whose role or target role is in another module; the permission policies
    /// read are only those of the association's own module.
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for r in remote_associations(cx, &table) {
            let a = r.association;
            let Some(flag) = disabled(a) else {
                continue;
            };
            let own_reads = |found: &Found<'_>| match cx.modules.get(r.module) {
                Some(view) if found.module == r.module => {
                    let reads = view.facts.pod_identity.as_ref();
                    let address = found.address;
                    permission_uses(reads.map_or(&[], |pi| pi.tag_reads(address)), address)
                }
                _ => Vec::new(),
            };
            let mut uses = Vec::new();
            if let Some(role) = r.own_role(cx) {
                if let Some(policy) = role.policy(cx)
                    && let Some(stmts) = candidates(policy, pod_principal)
                {
                    uses.extend(trust_uses(cx.sources, &stmts, &role.phrase(cx)));
                }
                uses.extend(own_reads(&role));
            }
            if let Some(target) = r.target {
                let source = r.source(cx);
                if let Some(policy) = target.policy(cx)
                    && let Some(stmts) = candidates(policy, |st| source.admitted_by(st))
                {
                    let whose = format!("target role {}", target.phrase(cx));
                    uses.extend(trust_uses(cx.sources, &stmts, &whose));
                }
                uses.extend(own_reads(&target));
            }
            out.extend(report(cx.sources, a, flag, &uses));
        }
    }
}

/// The `disable_session_tags` attribute of an association known to disable the tags.
fn disabled(a: &Association) -> Option<&Attr> {
    a.disable_session_tags
        .as_ref()
        .filter(|_| a.tags_disabled())
}

/// The finding for an association that disables the tags at `flag` while `uses` need them.
fn report(sources: &Sources, a: &Association, flag: &Attr, uses: &[Use]) -> Option<Diagnostic> {
    let first = uses.first()?;
    let mut d = Diagnostic::new(
        &META,
        flag.span,
        format!(
            "{} sets `disable_session_tags = true`, but {}",
            a.what, first.what
        ),
    )
    .with_label("session tags disabled here")
    .with_help(
        "Remove `disable_session_tags` (tags are on by default), or drop the conditions and policy variables that read the Pod Identity tags.",
    )
    .with_fix(fix(sources, a, flag.span));
    for u in uses {
        d = d.with_secondary(u.span, "needs the Pod Identity session tags");
    }
    Some(d)
}

/// Turning the tags back on; not with a session `policy`, which requires them off.
fn fix(sources: &Sources, a: &Association, span: Span) -> Option<Fix> {
    let written = sources.get(span.file).slice(span) == "true";
    (written && !a.session_policy).then(|| {
        Fix::unsafe_(
            "Set `disable_session_tags = false`",
            vec![Edit::replace(span, "false")],
        )
    })
}

/// When every statement that could admit the association requires a Pod Identity request
/// tag, the conditions that do.
fn trust_uses(sources: &Sources, stmts: &[&Statement], whose: &str) -> Vec<Use> {
    let needed: Vec<Vec<&Condition>> = stmts.iter().map(|st| needs_tags(st)).collect();
    if needed.is_empty() || needed.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    needed
        .into_iter()
        .flatten()
        .map(|cond| {
            let key = cond.key.value.display(&|s| sources.get(s.file).slice(s).to_string());
            Use {
                span: cond.key.span,
                what: format!(
                    "the trust of {whose} requires the session tag `{key}`, so the role can no longer be assumed"
                ),
            }
        })
        .collect()
}

/// The conditions on Pod Identity request tags that fail when the tag is absent.
fn needs_tags(st: &Statement) -> Vec<&Condition> {
    st.conditions
        .iter()
        .filter(|c| request_tag(c).is_some())
        .filter(|c| operator(c).is_some_and(|op| fails_when_absent(&op, c)))
        .collect()
}

/// IAM evaluates a condition on a missing key to false, except for negated operators,
/// `…IfExists`, `ForAllValues:` and `Null = true`.
fn fails_when_absent(op: &crate::rules::helpers::Operator, cond: &Condition) -> bool {
    if op.base == "Null" {
        return cond
            .values
            .items
            .iter()
            .any(|v| v.known().is_some_and(|t| t.eq_ignore_ascii_case("false")));
    }
    !op.is_negated() && !op.if_exists && op.set.as_deref() != Some("ForAllValues")
}

/// Where the role's permission policies in this module read Pod Identity principal tags.
fn permission_uses(reads: &[TagRead], role: &str) -> Vec<Use> {
    reads
        .iter()
        .map(|r| {
            let policy = match &r.policy {
                PermissionPolicy::Resource(address) => {
                    format!("the permission policy `{address}` of `{role}`")
                }
                PermissionPolicy::Inline => format!("an `inline_policy` of `{role}`"),
            };
            Use {
                span: r.span,
                what: format!("{policy} reads `{}`, which is then never set", r.key),
            }
        })
        .collect()
}
