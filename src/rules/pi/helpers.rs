//! What the PI rules share: how trust statements admit Pod Identity and a role's hop, the
//! session tags conditions test, fix builders and message text.

use crate::base::diagnostic::Edit;
use crate::base::source::Span;
use crate::model::facts::pod_identity::{Association, Attr};
use crate::model::policy::{Condition, Leaf, Policy, PolicyForm, Statement};
use crate::rules::Context;
use crate::rules::helpers::{Operator, grants};
use crate::rules::policy_syntax::{Syntax, list, list_append, quoted, quoted_span, statement_help};
use crate::value::{Part, Shape, SymStr};

/// The service principal of EKS Pod Identity (the same in every partition, China included).
pub const SERVICE: &str = "pods.eks.amazonaws.com";
pub const ASSUME: &str = "sts:AssumeRole";
pub const TAG: &str = "sts:TagSession";

/// `Some(true)` for `Allow`, `Some(false)` for `Deny`, `None` when not known.
pub fn allows(st: &Statement) -> Option<bool> {
    match st.effect.as_ref()?.known()?.as_str() {
        "Allow" => Some(true),
        "Deny" => Some(false),
        _ => None,
    }
}

/// Whether the statement's principal is the Pod Identity service: `None` when a principal is
/// unknown or a wildcard.
pub fn pod_principal(st: &Statement) -> Option<bool> {
    if st.not_principal || !st.principals_complete {
        return None;
    }
    let mut unknown = false;
    for p in &st.principals {
        let kind = p.kind.known();
        for v in &p.values.items {
            match (kind.as_deref(), v.known()) {
                (Some("Service"), Some(t)) if t.eq_ignore_ascii_case(SERVICE) => return Some(true),
                (_, Some(t)) if t == "*" => unknown = true,
                (Some("Service"), None) => unknown = true,
                _ => {}
            }
        }
    }
    if unknown { None } else { Some(false) }
}

/// Whether the statement admits the role at `source` (named `name`) as an `AWS` principal:
/// `None` when it may (an account root, an unknown ARN), `Some(false)` when certainly not.
pub fn admits_role(st: &Statement, source: Option<&str>, name: Option<&str>) -> Option<bool> {
    if st.not_principal || !st.principals_complete {
        return None;
    }
    let mut maybe = false;
    for p in &st.principals {
        let kind = p.kind.known();
        match kind.as_deref() {
            Some("*") => return Some(true),
            Some("AWS") => {}
            _ => continue,
        }
        for v in &p.values.items {
            match role_principal(&v.value, source, name) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => maybe = true,
            }
        }
    }
    if maybe { None } else { Some(false) }
}

/// Whether one `AWS` principal value is the role `source` (see [`admits_role`]).
fn role_principal(v: &SymStr, source: Option<&str>, name: Option<&str>) -> Option<bool> {
    if let Some(sym) = v.as_symbol() {
        return match (&sym.shape, source) {
            (Shape::RoleArn(a), Some(s)) => Some(**a == *s),
            _ => None,
        };
    }
    let flat = v.known_parts_text();
    if v.known().as_deref() == Some("*") {
        return Some(true);
    }
    let Some(i) = flat.find(":role/") else {
        // `arn:…:root`, a bare account ID, or unknown: may be the role's account.
        let other_kind = [":user/", ":assumed-role/", ":federated-user/", ":group/"]
            .iter()
            .any(|k| flat.contains(k));
        return if other_kind { Some(false) } else { None };
    };
    match v.parts.last() {
        Some(Part::Text { text, .. }) if text.contains('/') => {
            let written = flat[i..].rsplit('/').next().unwrap_or_default();
            match name {
                Some(n) if n != written => Some(false),
                _ => None,
            }
        }
        Some(Part::Sym(sym)) => match (&sym.shape, source) {
            (Shape::RoleName(a), Some(s)) if **a != *s => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The statements of `policy` that may grant `sts:AssumeRole` to the principal `principal`
/// accepts (`Some(true)` or `None`). `None` when the policy is not completely known.
pub fn candidates(
    policy: &Policy,
    principal: impl Fn(&Statement) -> Option<bool>,
) -> Option<Vec<&Statement>> {
    if !policy.statements_complete {
        return None;
    }
    Some(
        policy
            .statements
            .iter()
            .filter(|st| allows(st) != Some(false))
            .filter(|st| principal(st) != Some(false))
            .filter(|st| st.not_action || grants(&st.actions, ASSUME) != Some(false))
            .collect(),
    )
}

/// The session tags EKS Pod Identity sets, by what they carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodTag {
    Namespace,
    ServiceAccount,
    ClusterName,
    ClusterArn,
    /// `kubernetes-pod-name`, `kubernetes-pod-uid`: not known statically.
    Pod,
}

impl PodTag {
    pub fn of_tag(tag: &str) -> Option<PodTag> {
        Some(match tag.to_ascii_lowercase().as_str() {
            "kubernetes-namespace" => PodTag::Namespace,
            "kubernetes-service-account" => PodTag::ServiceAccount,
            "eks-cluster-name" => PodTag::ClusterName,
            "eks-cluster-arn" => PodTag::ClusterArn,
            "kubernetes-pod-name" | "kubernetes-pod-uid" => PodTag::Pod,
            _ => return None,
        })
    }

    /// The association attribute the tag carries, in words.
    pub fn noun(self) -> &'static str {
        match self {
            PodTag::Namespace => "namespace",
            PodTag::ServiceAccount => "service account",
            PodTag::ClusterName | PodTag::ClusterArn => "cluster",
            PodTag::Pod => "pod",
        }
    }

    /// The association's value for this tag.
    pub fn of(self, a: &Association) -> Option<&Attr> {
        match self {
            PodTag::Namespace => a.namespace.as_ref(),
            PodTag::ServiceAccount => a.service_account.as_ref(),
            PodTag::ClusterName | PodTag::ClusterArn => a.cluster_name.as_ref(),
            PodTag::Pod => None,
        }
    }
}

/// The Pod Identity tag a condition key `aws:RequestTag/<tag>` tests.
pub fn request_tag(cond: &Condition) -> Option<PodTag> {
    let key = cond.key.known()?;
    let tag = key
        .get(..15)
        .filter(|p| p.eq_ignore_ascii_case("aws:RequestTag/"))?;
    PodTag::of_tag(&key[tag.len()..])
}

/// The condition's operator, when known.
pub fn operator(cond: &Condition) -> Option<Operator> {
    cond.operator.known().map(|t| Operator::parse(&t))
}

/// Whether a string condition certainly rejects a request whose key has value `actual`.
/// `may_match` tells whether a known pattern may match `actual` under a positive operator;
/// `surely_matches` whether it certainly does (for negated operators).
pub fn rejects(
    cond: &Condition,
    op: &Operator,
    may_match: impl Fn(&str) -> bool,
    surely_matches: impl Fn(&str) -> bool,
) -> bool {
    if !(op.is_exact_string() || op.is_like()) {
        return false;
    }
    let values = &cond.values;
    if op.is_negated() {
        values
            .items
            .iter()
            .any(|v| v.known().is_some_and(|p| surely_matches(&p)))
    } else {
        values.complete
            && !values.items.is_empty()
            && values
                .items
                .iter()
                .all(|v| v.known().is_some_and(|p| !may_match(&p)))
    }
}

/// Whether a pattern on `aws:RequestTag/eks-cluster-arn` may match the ARN of cluster `name`
/// (whose partition, region and account are not known): the ARN ends in `/<name>` and
/// cluster names have no `/`, so a pattern whose last segment is literal must name it.
pub fn cluster_arn_may_match(op: &Operator, pattern: &str, name: &str) -> bool {
    let wild = |s: &str| op.is_like() && s.contains(['*', '?']);
    match pattern.rsplit_once('/') {
        Some((_, last)) if !wild(last) => {
            if op.ignores_case() {
                last.eq_ignore_ascii_case(name)
            } else {
                last == name
            }
        }
        Some(_) => true,
        None => wild(pattern),
    }
}

/// The span of a condition's values (all of them when written together), else its entry.
pub fn values_span(cond: &Condition) -> Span {
    let items = &cond.values.items;
    match (items.first(), items.last()) {
        (Some(a), Some(b)) if a.span.file == b.span.file => a.span.cover(b.span),
        _ => cond.entry,
    }
}

/// The span of a statement's actions, else the statement.
pub fn actions_span(st: &Statement) -> Span {
    let items = &st.actions.items;
    match (items.first(), items.last()) {
        (Some(a), Some(b)) if a.span.file == b.span.file && st.span.contains(a.span) => {
            a.span.cover(b.span)
        }
        _ => st.span,
    }
}

/// An edit adding `action` to the statement's literal action list, quoted like the others:
/// after the last action of a list, or turning a single action into a list. `None` when the
/// last action is not written verbatim inside the statement.
pub fn append_action(cx: &Context<'_>, st: &Statement, action: &str) -> Option<Edit> {
    let last: &Leaf = st.actions.items.last()?;
    let text = last.known()?;
    if last.value.verbatim_span() != Some(last.span) || !st.span.contains(last.span) {
        return None;
    }
    let written = quoted_span(cx.sources, last.span)?;
    let file = cx.sources.get(written.file);
    let syntax = Syntax::of(cx.policy.form).beside(file.slice(written));
    let prev = file.text.get(..written.start)?.trim_end().chars().last()?;
    let added = quoted(syntax, action);
    match prev {
        '[' | ',' => Some(Edit::insert_at(written, list_append(&added))),
        ':' | '=' => Some(Edit::replace(
            written,
            list(&[quoted(syntax, &text), added]),
        )),
        _ => None,
    }
}

/// The Pod Identity trust statement, described in the policy's own syntax.
pub fn pod_statement_help(form: PolicyForm) -> String {
    let syntax = Syntax::of(form);
    let statement = statement_help(syntax, "Service", &quoted(syntax, SERVICE), &[ASSUME, TAG]);
    format!("Add {statement}")
}

/// Adds a secondary label at each association's `role_arn` (once per place).
pub fn label_users(
    mut d: crate::base::diagnostic::Diagnostic,
    users: &[&Association],
) -> crate::base::diagnostic::Diagnostic {
    let mut seen = Vec::new();
    for a in users {
        if !seen.contains(&a.role_span) {
            seen.push(a.role_span);
            d = d.with_secondary(a.role_span, format!("used by {}", a.what));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_arn_patterns() {
        let eq = Operator::parse("StringEquals");
        let like = Operator::parse("StringLike");
        let arn = "arn:aws:eks:eu-west-1:111122223333:cluster/prod";
        assert!(cluster_arn_may_match(&eq, arn, "prod"));
        assert!(!cluster_arn_may_match(&eq, arn, "staging"));
        // A bare name is not an ARN.
        assert!(!cluster_arn_may_match(&eq, "prod", "prod"));
        assert!(cluster_arn_may_match(
            &like,
            "arn:aws:eks:*:*:cluster/*",
            "prod"
        ));
        assert!(!cluster_arn_may_match(
            &like,
            "arn:aws:eks:*:*:cluster/dev",
            "prod"
        ));
        assert!(cluster_arn_may_match(&like, "arn:*", "prod"));
        let ic = Operator::parse("StringEqualsIgnoreCase");
        assert!(cluster_arn_may_match(
            &ic,
            "arn:aws:eks:r:a:cluster/PROD",
            "prod"
        ));
    }

    #[test]
    fn pod_tags() {
        assert_eq!(
            PodTag::of_tag("Kubernetes-Namespace"),
            Some(PodTag::Namespace)
        );
        assert_eq!(PodTag::of_tag("kubernetes-pod-uid"), Some(PodTag::Pod));
        assert_eq!(PodTag::of_tag("team"), None);
    }
}
