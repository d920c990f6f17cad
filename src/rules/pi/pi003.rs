use crate::base::diagnostic::{Diagnostic, Edit, Fix, Kind, Severity};
use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::model::facts::pod_identity::{Association, RoleNames, collect};
use crate::model::policy::{Condition, Statement};
use crate::rules::pi::helpers::{admits_role, candidates, operator, pod_principal, request_tag};
use crate::rules::{FixAvailability, ModuleContext, Rule, RuleMeta};
use crate::value::{Shape, Value};
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::Body;

/// PI003: an association with `disable_session_tags = true` while the role's trust requires
/// Pod Identity request tags, or its permission policies use Pod Identity principal tags.
pub struct SessionTagsDisabledButReliedOn;

pub static META: RuleMeta = RuleMeta {
    code: "PI003",
    name: "session-tags-disabled-but-relied-on",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "Pod Identity session tags disabled but relied on",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/PI003.md")),
    fix: FixAvailability::Sometimes,
};

/// Permission policies are searched this deep through nested documents.
const MAX_DEPTH: usize = 4;

/// One place that needs the tags.
struct Use {
    span: Span,
    what: String,
}

impl Rule for SessionTagsDisabledButReliedOn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_module(&self, cx: &mut ModuleContext<'_, '_, '_>, out: &mut Vec<Diagnostic>) {
        let Some((names, all)) = collect(cx.ev) else {
            return;
        };
        for a in all {
            if !a.tags_disabled() {
                continue;
            }
            let Some(flag) = a.disable_session_tags.clone() else {
                continue;
            };
            let mut uses = Vec::new();
            if let Some(role) = a.role.as_deref() {
                if let Some(policy) = cx.role_policy(role)
                    && let Some(stmts) = candidates(policy, pod_principal)
                {
                    uses.extend(trust_uses(cx, &stmts, &format!("`{role}`")));
                }
                uses.extend(permission_uses(cx.ev, &names, role));
            }
            if let Some(target) = a.target.as_deref() {
                let source = a.role.as_deref();
                let name = a.role_name.as_deref();
                if let Some(policy) = cx.role_policy(target)
                    && let Some(stmts) = candidates(policy, |st| admits_role(st, source, name))
                {
                    let whose = format!("target role `{target}`");
                    uses.extend(trust_uses(cx, &stmts, &whose));
                }
                uses.extend(permission_uses(cx.ev, &names, target));
            }
            let Some(first) = uses.first() else {
                continue;
            };
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
            .with_fix(fix(cx, &a, flag.span));
            for u in &uses {
                d = d.with_secondary(u.span, "needs the Pod Identity session tags");
            }
            out.push(d);
        }
    }
}

/// Turning the tags back on; not with a session `policy`, which requires them off.
fn fix(cx: &ModuleContext<'_, '_, '_>, a: &Association, span: Span) -> Option<Fix> {
    let written = cx.ev.sources.get(span.file).slice(span) == "true";
    (written && !a.session_policy).then(|| {
        Fix::unsafe_(
            "Set `disable_session_tags = false`",
            vec![Edit::replace(span, "false")],
        )
    })
}

/// When every statement that could admit the association requires a Pod Identity request
/// tag, the conditions that do.
fn trust_uses(cx: &ModuleContext<'_, '_, '_>, stmts: &[&Statement], whose: &str) -> Vec<Use> {
    let needed: Vec<Vec<&Condition>> = stmts.iter().map(|st| needs_tags(st)).collect();
    if needed.is_empty() || needed.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    needed
        .into_iter()
        .flatten()
        .map(|cond| {
            let key = cond.key.value.display(&|s| cx.ev.sources.get(s.file).slice(s).to_string());
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

/// Where the role's permission policies in this module read Pod Identity principal tags
/// (`aws:PrincipalTag/kubernetes-*`, `aws:PrincipalTag/eks-cluster-*`), as condition keys or
/// policy variables.
fn permission_uses(ev: &mut Evaluator<'_, '_>, names: &RoleNames, role: &str) -> Vec<Use> {
    let module = ev.module;
    let mut found = Vec::new();
    let mut scan = |ev: &mut Evaluator<'_, '_>, policy: String, file: FileId, expr: &Expression| {
        let v = ev.eval(file, expr);
        if let Some((span, key)) = find_tag(ev, &v, 0) {
            found.push(Use {
                span,
                what: format!("{policy} reads `{key}`, which is then never set"),
            });
        }
    };
    for item in module.resources_of("aws_iam_role_policy") {
        let attached = item
            .attr("role")
            .is_some_and(|(f, e)| names.names_role(&ev.eval(f, e), role));
        if attached && let Some((f, e)) = item.attr("policy") {
            let policy = format!("the permission policy `{}` of `{role}`", item.address());
            scan(ev, policy, f, e);
        }
    }
    for kind in [
        "aws_iam_role_policy_attachment",
        "aws_iam_policy_attachment",
    ] {
        for item in module.resources_of(kind) {
            let attached = match (item.attr("role"), item.attr("roles")) {
                (Some((f, e)), _) => names.names_role(&ev.eval(f, e), role),
                (None, Some((f, e))) => match ev.eval(f, e) {
                    Value::List(items, _) => items.iter().any(|v| names.names_role(v, role)),
                    _ => false,
                },
                _ => false,
            };
            let policy = item
                .attr("policy_arn")
                .and_then(|(_, e)| policy_resource(e))
                .and_then(|name| module.resource("aws_iam_policy", &name));
            if attached
                && let Some(p) = policy
                && let Some((f, e)) = p.attr("policy")
            {
                let policy = format!("the permission policy `{}` of `{role}`", p.address());
                scan(ev, policy, f, e);
            }
        }
    }
    if let Some(item) = role
        .strip_prefix("aws_iam_role.")
        .and_then(|name| module.resource("aws_iam_role", name))
    {
        for block in item.block.body.blocks() {
            if block.ident.as_str() == "inline_policy"
                && let Some(attr) = block.body.get_attribute("policy")
            {
                let policy = format!("an `inline_policy` of `{role}`");
                scan(ev, policy, item.file, &attr.value);
            }
        }
    }
    found
}

/// `aws_iam_policy.NAME.arn` → `NAME`.
fn policy_resource(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let path: Vec<&str> = t
        .operators
        .iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(id) => id.as_str(),
            _ => "?",
        })
        .collect();
    match (root.as_str(), path.as_slice()) {
        ("aws_iam_policy", [name, "arn" | "id"]) => Some((*name).to_string()),
        _ => None,
    }
}

/// The first Pod Identity principal tag in a policy value: JSON text, a `jsonencode` object
/// or a policy document.
fn find_tag(ev: &mut Evaluator<'_, '_>, v: &Value, depth: usize) -> Option<(Span, String)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match v {
        Value::Str(s, _) => {
            if let Some(sym) = s.as_symbol() {
                return match &sym.shape {
                    Shape::Json(inner) => find_tag(ev, inner, depth + 1),
                    _ => None,
                };
            }
            let flat = s.known_parts_text();
            let (start, len) = tag_in(&flat)?;
            let span = s.span_of(start, start + len)?;
            Some((span, flat.get(start..start + len)?.to_string()))
        }
        Value::List(items, _) => items.iter().find_map(|i| find_tag(ev, i, depth + 1)),
        Value::Object(entries, _) => entries.iter().find_map(|(k, ks, val)| {
            find_tag(ev, &Value::Str(k.clone(), *ks), depth + 1)
                .or_else(|| find_tag(ev, val, depth + 1))
        }),
        Value::PolicyDocument(name, _) => {
            let doc = ev.module.data_source("aws_iam_policy_document", name)?;
            find_in_body(ev, doc.file, &doc.block.body, depth + 1)
        }
        Value::Null(_) | Value::Unknown(_) => None,
    }
}

/// Searches every attribute of a document body and its nested blocks.
fn find_in_body(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    body: &Body,
    depth: usize,
) -> Option<(Span, String)> {
    if depth > MAX_DEPTH + 4 {
        return None;
    }
    for attr in body.attributes() {
        let v = ev.eval(file, &attr.value);
        if let Some(hit) = find_tag(ev, &v, depth) {
            return Some(hit);
        }
    }
    body.blocks()
        .find_map(|b| find_in_body(ev, file, &b.body, depth + 1))
}

/// Byte offset and length of `aws:PrincipalTag/<pod identity tag>` in `text`.
fn tag_in(text: &str) -> Option<(usize, usize)> {
    const PREFIX: &str = "aws:principaltag/";
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find(PREFIX) {
        let start = from + i;
        let rest = &lower[start + PREFIX.len()..];
        let tag_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let tag = &rest[..tag_len];
        if tag.starts_with("kubernetes-") || tag.starts_with("eks-cluster-") {
            return Some((start, PREFIX.len() + tag_len));
        }
        from = start + PREFIX.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tag_in;

    #[test]
    fn finds_pod_identity_principal_tags() {
        let t = r#"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*"#;
        let (s, l) = tag_in(t).unwrap_or_default();
        assert_eq!(&t[s..s + l], "aws:PrincipalTag/kubernetes-namespace");
        assert!(tag_in("aws:PrincipalTag/team").is_none());
        assert!(tag_in("aws:PrincipalTag/team aws:principaltag/eks-cluster-name").is_some());
    }
}
