//! What the PI rules share: how trust statements admit Pod Identity and a role's hop, the
//! session tags conditions test, fix builders and message text.

use crate::base::diagnostic::Edit;
use crate::base::diagnostic::{Applicability, Diagnostic};
use crate::base::source::Span;
use crate::model::facts::pod_identity::{Association, Attr};
use crate::model::facts::roles::{self, Resolved, RoleFact};
use crate::model::policy::{Condition, Leaf, Policy, PolicyForm, Statement};
use crate::rules::helpers::{Operator, grants};
use crate::rules::policy_syntax::{Syntax, list, list_append, quoted, quoted_span, statement_help};
use crate::rules::{Context, ModuleView, WorkspaceContext};
use crate::value::{Part, Shape, SymStr, Symbol, Value};
use std::path::Path;

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
    // Within one module a reference names the role by its address; one read through a
    // child's output names a role of the child, which the module's facts do not know.
    let is_source = |sym: &Symbol| match (&sym.shape, source) {
        (Shape::RoleArn(a) | Shape::RoleName(a), Some(s)) if a.instance().is_empty() => {
            Some(**a == *s)
        }
        _ => None,
    };
    admits_principal(st, name, &is_source)
}

/// [`admits_role`] with `is_source` telling whether a role reference (`….arn`, `….name`)
/// names the role.
fn admits_principal(
    st: &Statement,
    name: Option<&str>,
    is_source: &dyn Fn(&Symbol) -> Option<bool>,
) -> Option<bool> {
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
            match role_principal(&v.value, name, is_source) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => maybe = true,
            }
        }
    }
    if maybe { None } else { Some(false) }
}

/// Whether one `AWS` principal value is the role (see [`admits_principal`]).
fn role_principal(
    v: &SymStr,
    name: Option<&str>,
    is_source: &dyn Fn(&Symbol) -> Option<bool>,
) -> Option<bool> {
    if let Some(sym) = v.as_symbol() {
        return match &sym.shape {
            Shape::RoleArn(_) => is_source(sym),
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
        // `…:role/${aws_iam_role.x.name}`: the account may differ even for the same name.
        Some(Part::Sym(sym)) => match &sym.shape {
            Shape::RoleName(_) if is_source(sym) == Some(false) => Some(false),
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
pub fn label_users(mut d: Diagnostic, users: &[&Association]) -> Diagnostic {
    let mut seen = Vec::new();
    for a in users {
        if !seen.contains(&a.role_span) {
            seen.push(a.role_span);
            d = d.with_secondary(a.role_span, format!("used by {}", a.what));
        }
    }
    d
}

/// A role an association names, found in the workspace: the module view that declares it.
#[derive(Debug, Clone, Copy)]
pub struct Found<'w> {
    /// Index into [`WorkspaceContext::modules`].
    pub module: usize,
    /// The role's address in its module (`aws_iam_role.app`, `module.app`).
    pub address: &'w str,
    /// What the module's facts know of the role (a role of the `eks-pod-identity` module has
    /// none).
    pub role: Option<&'w RoleFact>,
    /// Found by the name in a literal ARN, not by a reference: the ARN may name a role of that
    /// name in another account.
    pub by_name: bool,
}

/// An association that names a role outside its module (`role_arn` or `target_role_arn`),
/// with the roles it names as far as the workspace resolves them.
pub struct Remote<'w> {
    /// The association's module (an index into [`WorkspaceContext::modules`]).
    pub module: usize,
    pub association: &'w Association,
    /// The role of another module `role_arn` names (a role of its own module is `None`:
    /// the module-level checks have it).
    pub role: Option<Found<'w>>,
    /// The role `target_role_arn` names, in this module or another one.
    pub target: Option<Found<'w>>,
}

/// Each module's directory and roles, for [`roles::resolve`].
pub fn role_table<'w>(cx: &'w WorkspaceContext<'_>) -> Vec<(&'w Path, &'w [RoleFact])> {
    cx.modules
        .iter()
        .map(|m| (m.dir, m.facts.roles.as_slice()))
        .collect()
}

/// Every association of the workspace that names a role outside its module.
pub fn remote_associations<'w>(
    cx: &'w WorkspaceContext<'_>,
    table: &[(&Path, &'w [RoleFact])],
) -> Vec<Remote<'w>> {
    let mut out = Vec::new();
    for (module, view) in cx.modules.iter().enumerate() {
        let Some(pi) = &view.facts.pod_identity else {
            continue;
        };
        for a in pi.associations.iter().filter(|a| !a.all_local()) {
            let elsewhere = |v: &Option<Value>| {
                v.as_ref()
                    .and_then(|v| resolve_elsewhere(cx, table, v, module))
            };
            let target = match &a.target {
                Some(address) => Some(local(view, module, address)),
                None => elsewhere(&a.target_value),
            };
            out.push(Remote {
                module,
                association: a,
                role: elsewhere(&a.role_value),
                target,
            });
        }
    }
    out
}

/// The role of another module than `own` that `value` names.
fn resolve_elsewhere<'w>(
    cx: &WorkspaceContext<'_>,
    table: &[(&Path, &'w [RoleFact])],
    value: &Value,
    own: usize,
) -> Option<Found<'w>> {
    let Resolved::Role { module, role } = roles::resolve(value, table, Some(own)) else {
        return None;
    };
    // A reference through a call's output names that call's instance of the module.
    let module = crate::rules::xr::helpers::instance_named(cx, own, value, module);
    // A literal ARN may name a role of the association's own module that the module's facts
    // did not resolve (a generated name): not another module's.
    if cx.modules.get(module)?.dir == cx.modules.get(own)?.dir {
        return None;
    }
    let by_name = value.as_str().and_then(SymStr::as_symbol).is_none();
    Some(Found {
        module,
        address: &role.address,
        role: Some(role),
        by_name,
    })
}

/// The role `address` of the association's own module.
fn local<'w>(view: &ModuleView<'w>, module: usize, address: &'w str) -> Found<'w> {
    Found {
        module,
        address,
        role: view.facts.roles.iter().find(|r| r.address == address),
        by_name: false,
    }
}

impl<'w> Found<'w> {
    /// The role's trust policy (as the module-level checks take it: the first one found).
    pub fn policy(&self, cx: &'w WorkspaceContext<'_>) -> Option<&'w crate::model::policy::Policy> {
        let view = cx.modules.get(self.module)?;
        view.policies
            .iter()
            .find(|p| p.role.as_deref() == Some(self.address))
    }

    /// The context the per-policy helpers take, in the role's module.
    pub fn context(
        &self,
        cx: &'w WorkspaceContext<'_>,
        policy: &'w crate::model::policy::Policy,
    ) -> Option<Context<'w>> {
        let view = cx.modules.get(self.module)?;
        Some(Context {
            policy,
            sources: cx.sources,
            facts: view.facts,
            settings: cx.settings,
        })
    }

    /// Whether `other` is the same role: of the same module view (two instances of a module
    /// create two roles, each with the trust its call's arguments build).
    pub fn is(&self, other: &Found<'_>) -> bool {
        self.address == other.address && self.module == other.module
    }

    /// The directory of the role's module.
    pub fn dir(&self, cx: &'w WorkspaceContext<'_>) -> Option<&'w Path> {
        cx.modules.get(self.module).map(|m| m.dir)
    }

    /// "`aws_iam_role.app` (in `modules/role`)": the address alone would be ambiguous across
    /// modules. The directory is shown as the report shows paths; a module instance's role
    /// by its address from the root (`module.api.aws_iam_role.this`).
    pub fn phrase(&self, cx: &WorkspaceContext<'_>) -> String {
        let address = self.address;
        match cx.modules.get(self.module) {
            Some(ModuleView {
                instance: Some(i), ..
            }) => format!("`{}.{address}`", i.address),
            Some(view) => format!(
                "`{address}` (in `{}`)",
                crate::base::source::display_path(view.dir)
            ),
            None => format!("`{address}`"),
        }
    }

    /// `d` with its fix kept only when every edit is in a file of the role's module (a role
    /// named by another module is edited there, never elsewhere), and unsafe when the role was
    /// found by name. The engine drops fixes that edit a module several callers share.
    /// The finding is about the role's module view (the engine reports an instance's at its
    /// caller).
    pub fn confine(&self, cx: &WorkspaceContext<'_>, mut d: Diagnostic) -> Diagnostic {
        if !d.views.contains(&self.module) {
            d.views.push(self.module);
        }
        let dir = self.dir(cx);
        let inside = |f: &crate::base::diagnostic::Fix| {
            f.edits
                .iter()
                .all(|e| dir.is_some() && cx.sources.get(e.span.file).path.parent() == dir)
        };
        d.fix = d.fix.filter(inside).map(|mut f| {
            if self.by_name {
                f.applicability = Applicability::Unsafe;
            }
            f
        });
        d
    }
}

/// The association's own role, as a target role's trust may name it.
pub struct Source<'w> {
    /// The role's module directory and address, when known.
    role: Option<(&'w Path, &'w str)>,
    /// Its literal name (not a prefix).
    name: Option<&'w str>,
    /// How messages name it.
    pub phrase: String,
    /// The reference to write for its ARN in the target's module, when it is the same module.
    reference: Option<String>,
}

impl<'w> Remote<'w> {
    /// The association's own role, of its module or another one.
    pub fn own_role(&self, cx: &'w WorkspaceContext<'_>) -> Option<Found<'w>> {
        let local_role = match (
            self.association.role.as_deref(),
            cx.modules.get(self.module),
        ) {
            (Some(address), Some(view)) => Some(local(view, self.module, address)),
            _ => None,
        };
        local_role.or(self.role)
    }

    /// The association's own role as a target trust's `AWS` principal may name it.
    pub fn source(&self, cx: &'w WorkspaceContext<'_>) -> Source<'w> {
        let Some(found) = self.own_role(cx) else {
            return Source {
                role: None,
                name: None,
                phrase: "the association's role".to_string(),
                reference: None,
            };
        };
        let dir = found.dir(cx);
        let same_module = dir.is_some() && dir == self.target.and_then(|t| t.dir(cx));
        Source {
            role: dir.map(|d| (d, found.address)),
            name: (found.role.and_then(|r| r.name.as_ref()))
                .filter(|n| !n.prefix)
                .map(|n| n.text.as_str()),
            phrase: found.phrase(cx),
            reference: (found.role)
                .filter(|_| same_module)
                .map(|r| r.arn_reference.clone()),
        }
    }
}

impl Source<'_> {
    /// Whether the statement admits this role as an `AWS` principal (see [`admits_role`]).
    /// A reference carries the role's address qualified by its module, so another address
    /// or module is another role.
    pub fn admitted_by(&self, st: &Statement) -> Option<bool> {
        let is_source = |sym: &Symbol| {
            let (dir, address) = self.role?;
            let (Shape::RoleArn(a) | Shape::RoleName(a)) = &sym.shape else {
                return None;
            };
            Some(**a == *address && a.module() == dir)
        };
        admits_principal(st, self.name, &is_source)
    }

    /// The reference to write for the role's ARN in the target's trust, when the two roles
    /// are in one module.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
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
