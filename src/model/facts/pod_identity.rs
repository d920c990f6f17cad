//! EKS Pod Identity associations of a module (`aws_eks_pod_identity_association`, and the
//! `pod_identity_association` blocks of `aws_eks_addon`), the roles they name, and where the
//! permission policies of those roles read the session tags. Collected once per module, before
//! the rules run; the PI rules read them and evaluate nothing.

use super::helm::{derived, unknown};
use super::service_accounts::{SaSource, ServiceAccount};
use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::eval::expand::{ListKeys, binding, entries};
use crate::input::module::{Item, span_of};
use crate::input::reference::reference;
use crate::model::known_modules::eks_pod_identity::{self, ModuleAssociation};
use crate::value::{Address, Issuer, Part, Shape, SymStr, Value};
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;

/// Permission policies are searched this deep through nested documents.
const MAX_DEPTH: usize = 4;

/// The Pod Identity facts of a module.
#[derive(Debug, Clone)]
pub struct PodIdentity {
    /// One per known `for_each` instance.
    pub associations: Vec<Association>,
    /// Where the permission policies of each role that an association disabling session tags
    /// names (`role_arn` or `target_role_arn`) read them. Only those roles: nothing checks the
    /// others, and evaluating their policies could only add problems to the report.
    tag_reads: Vec<(String, Vec<TagRead>)>,
}

impl PodIdentity {
    /// Where the permission policies of `role` read Pod Identity principal tags; empty for a
    /// role no association that disables session tags names.
    pub fn tag_reads(&self, role: &str) -> &[TagRead] {
        self.tag_reads
            .iter()
            .find(|(r, _)| r == role)
            .map_or(&[], |(_, reads)| reads.as_slice())
    }
}

/// A permission policy of a role that reads a Pod Identity principal tag
/// (`aws:PrincipalTag/kubernetes-*`, `aws:PrincipalTag/eks-cluster-*`), as a condition key or
/// a policy variable.
#[derive(Debug, Clone)]
pub struct TagRead {
    pub policy: PermissionPolicy,
    /// The first such tag the policy names, as written.
    pub key: String,
    pub span: Span,
}

/// Which permission policy of the role a [`TagRead`] is in.
#[derive(Debug, Clone)]
pub enum PermissionPolicy {
    /// `aws_iam_role_policy.X`, or the `aws_iam_policy.X` an attachment attaches.
    Resource(String),
    /// An `inline_policy` block of the role.
    Inline,
}

/// One attribute of an association: its known text, if any, and where its expression is.
#[derive(Debug, Clone)]
pub struct Attr {
    pub text: Option<String>,
    pub span: Span,
}

/// One Pod Identity association (one instance of a `for_each` resource).
#[derive(Debug, Clone)]
pub struct Association {
    /// `Pod Identity association `aws_eks_pod_identity_association.app["x"]`` and the like.
    pub what: String,
    /// The role `role_arn` names, when it is a role of the module.
    pub role: Option<String>,
    /// That role's `name`, when literal: an `AWS` principal may name the role by it.
    pub role_name: Option<String>,
    pub role_span: Span,
    /// `role_arn` as evaluated, when it names no role of the module: the workspace rules
    /// resolve it to a role of another module (`module.x.arn`, a literal ARN).
    pub role_value: Option<Value>,
    /// The role `target_role_arn` names, when it is a role of the module.
    pub target: Option<String>,
    pub target_span: Option<Span>,
    /// `target_role_arn` as evaluated, when it names no role of the module.
    pub target_value: Option<Value>,
    pub namespace: Option<Attr>,
    pub service_account: Option<Attr>,
    pub cluster_name: Option<Attr>,
    /// The cluster `cluster_name` refers to (`module.eks.cluster_name`, `aws_eks_cluster.x.name`).
    pub cluster: Option<Issuer>,
    pub disable_session_tags: Option<Attr>,
    /// The association has a session `policy` (which requires `disable_session_tags = true`).
    pub session_policy: bool,
}

impl Association {
    /// True when neither `role_arn` nor `target_role_arn` names a role outside the module:
    /// the checks that involve both roles are then the module's alone.
    pub fn all_local(&self) -> bool {
        self.role_value.is_none() && self.target_value.is_none()
    }

    /// True when the association is known to pass Pod Identity session tags (the default).
    pub fn tags_enabled(&self) -> bool {
        self.disable_session_tags
            .as_ref()
            .is_none_or(|d| d.text.as_deref() == Some("false"))
    }

    /// True when the association is known to disable session tags.
    pub fn tags_disabled(&self) -> bool {
        self.disable_session_tags
            .as_ref()
            .is_some_and(|d| d.text.as_deref() == Some("true"))
    }
}

impl Association {
    /// The ServiceAccount the association gives the role to; `None` without a namespace or
    /// ServiceAccount. The role is the one the module (in `module`) resolves, else an unknown
    /// value.
    pub fn service_account(&self, module: &std::path::Path) -> Option<ServiceAccount> {
        let (namespace, name) = (self.namespace.as_ref()?, self.service_account.as_ref()?);
        let as_leaf = |a: &Attr| match &a.text {
            Some(t) => derived(t, a.span),
            None => unknown(a.span),
        };
        let role_arn = match &self.role {
            Some(role) => Value::Str(
                SymStr::symbol(
                    Shape::RoleArn(Address::new(module, role.clone())),
                    self.role_span,
                ),
                self.role_span,
            ),
            None => Value::Unknown(self.role_span),
        };
        Some(ServiceAccount {
            source: SaSource::PodIdentityAssociation,
            namespace: as_leaf(namespace),
            name: as_leaf(name),
            name_from_chart: false,
            role_arn: Some(role_arn),
            audience: None,
            declared_at: self.role_span.cover(namespace.span).cover(name.span),
        })
    }
}

/// Names of the module's roles (`name` attribute) with their addresses, to resolve ARNs
/// written as text (`arn:aws:iam::111122223333:role/app`).
struct RoleNames {
    /// The module's directory: a role symbol of another module names none of its roles.
    dir: std::path::PathBuf,
    names: Vec<(String, String)>,
}

impl RoleNames {
    fn collect(ev: &mut Evaluator<'_, '_>) -> RoleNames {
        let module = ev.module;
        let mut names = Vec::new();
        for role in module.resources_of("aws_iam_role") {
            if let Some(name) = role
                .attr("name")
                .and_then(|(f, e)| ev.eval(f, e).known_text())
            {
                names.push((name, role.address()));
            }
        }
        RoleNames {
            dir: module.dir.clone(),
            names,
        }
    }

    /// Whether `a` is an address in this module.
    fn own(&self, a: &Address) -> bool {
        a.module() == self.dir
    }

    /// The address of the only role called `name`.
    fn address(&self, name: &str) -> Option<String> {
        let mut found = self.names.iter().filter(|(n, _)| n == name);
        match (found.next(), found.next()) {
            (Some((_, a)), None) => Some(a.clone()),
            _ => None,
        }
    }

    /// The `name` of the role at `address`, when it is literal.
    fn name_of(&self, address: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|(_, a)| a == address)
            .map(|(n, _)| n.as_str())
    }

    /// Whether `v` (a role name or ARN) names the role at `address`.
    fn names_role(&self, v: &Value, address: &str) -> bool {
        let Some(s) = v.as_str() else { return false };
        if let Some(sym) = s.as_symbol() {
            return matches!(&sym.shape, Shape::RoleArn(a) | Shape::RoleName(a)
                if self.own(a) && **a == *address);
        }
        match s.known() {
            Some(t) => {
                let name = t.rsplit('/').next().unwrap_or(&t);
                self.name_of(address) == Some(name)
            }
            None => self.resolve(v).as_deref() == Some(address),
        }
    }

    /// The role of the module a role ARN value names: `aws_iam_role.X.arn`, or an ARN written
    /// out whose name is `${aws_iam_role.X.name}` or the literal name of exactly one role.
    fn resolve(&self, v: &Value) -> Option<String> {
        let s = v.as_str()?;
        if let Some(sym) = s.as_symbol() {
            return match &sym.shape {
                Shape::RoleArn(a) if self.own(a) => Some(a.to_string()),
                _ => None,
            };
        }
        let flat = s.known_parts_text();
        if !s.leading_text().starts_with("arn:") || !flat.contains(":role/") {
            return None;
        }
        match s.parts.last()? {
            Part::Sym(sym) => match &sym.shape {
                Shape::RoleName(a) if self.own(a) && flat.ends_with('/') => Some(a.to_string()),
                _ => None,
            },
            Part::Text { text, .. } => {
                let (_, name) = text.rsplit_once('/')?;
                self.address(name)
            }
        }
    }
}

/// Every Pod Identity association of the module (resources, add-on blocks and
/// terraform-aws-eks-pod-identity calls) and the tag reads of its roles; `None` when the module
/// has no association, so most modules cost nothing.
pub fn collect(ev: &mut Evaluator<'_, '_>) -> Option<PodIdentity> {
    let module = ev.module;
    let has_addon_association = || {
        module.resources_of("aws_eks_addon").any(|a| {
            a.block
                .body
                .blocks()
                .any(|b| b.ident.as_str() == "pod_identity_association")
        })
    };
    let mut from_calls = Vec::new();
    for call in &module.calls {
        from_calls.extend(eks_pod_identity::associations(ev, call).unwrap_or_default());
    }
    if module
        .resources_of("aws_eks_pod_identity_association")
        .next()
        .is_none()
        && !has_addon_association()
        && from_calls.is_empty()
    {
        return None;
    }
    let names = RoleNames::collect(ev);
    let mut associations = associations(ev, &names);
    associations.extend(from_calls.into_iter().map(|a| from_module(&names, a)));
    let mut tag_reads: Vec<(String, Vec<TagRead>)> = Vec::new();
    for a in associations.iter().filter(|a| a.tags_disabled()) {
        for role in [&a.role, &a.target].into_iter().flatten() {
            if !tag_reads.iter().any(|(r, _)| r == role) {
                let reads = permission_tag_reads(ev, &names, role);
                tag_reads.push((role.clone(), reads));
            }
        }
    }
    Some(PodIdentity {
        associations,
        tag_reads,
    })
}

/// An association an `eks-pod-identity` call creates; its role is the call's own.
fn from_module(names: &RoleNames, a: ModuleAssociation) -> Association {
    let as_attr = |(v, span): (Value, Span)| Attr {
        text: v.known_text(),
        span,
    };
    let target = a
        .target_role_arn
        .as_ref()
        .and_then(|(v, _)| names.resolve(v));
    let target_value = match (&target, a.target_role_arn.as_ref()) {
        (None, Some((v, _))) => Some(v.clone()),
        _ => None,
    };
    Association {
        what: a.what,
        role: Some(a.role),
        role_name: None,
        role_span: a.span,
        role_value: None,
        target,
        target_span: a.target_role_arn.as_ref().map(|(_, s)| *s),
        target_value,
        namespace: a.namespace.map(as_attr),
        service_account: a.service_account.map(as_attr),
        cluster_name: a.cluster_name.map(as_attr),
        cluster: None,
        disable_session_tags: a.disable_session_tags.map(as_attr),
        session_policy: false,
    }
}

fn associations(ev: &mut Evaluator<'_, '_>, names: &RoleNames) -> Vec<Association> {
    let module = ev.module;
    let mut out = Vec::new();
    for item in module.resources_of("aws_eks_pod_identity_association") {
        for (label, binding) in instances(ev, &item) {
            let what = format!("Pod Identity association `{label}`");
            with_each(ev, binding, |ev| {
                if let Some(a) = read(ev, names, item.file, &item.block.body, &item, what) {
                    out.push(a);
                }
            });
        }
    }
    for item in module.resources_of("aws_eks_addon") {
        let blocks: Vec<_> = item
            .block
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == "pod_identity_association")
            .collect();
        if blocks.is_empty() {
            continue;
        }
        for (label, binding) in instances(ev, &item) {
            with_each(ev, binding, |ev| {
                for block in &blocks {
                    let what = format!("the Pod Identity association of add-on `{label}`");
                    if let Some(a) = read(ev, names, item.file, &block.body, &item, what) {
                        out.push(a);
                    }
                }
            });
        }
    }
    out
}

/// The instances of a resource: its address, or `address["key"]` with the `each` binding.
pub(crate) fn instances(
    ev: &mut Evaluator<'_, '_>,
    item: &Item<'_>,
) -> Vec<(String, Option<Value>)> {
    let address = item.address();
    if let Some((f, e)) = item.attr("count")
        && ev.eval(f, e).known_text().as_deref() == Some("0")
    {
        return Vec::new();
    }
    let Some((f, e)) = item.attr("for_each") else {
        return vec![(address, None)];
    };
    let collection = ev.eval(f, e);
    let Some(items) = entries(collection, ListKeys::Value) else {
        return vec![(address, None)];
    };
    items
        .into_iter()
        .map(|(k, v)| {
            let label = format!("{address}[\"{}\"]", k.known_text().unwrap_or_default());
            let at = k.span();
            (label, Some(binding(k, v, at)))
        })
        .collect()
}

pub(crate) fn with_each<'m, 'a>(
    ev: &mut Evaluator<'m, 'a>,
    binding: Option<Value>,
    f: impl FnOnce(&mut Evaluator<'m, 'a>),
) {
    match binding {
        Some(b) => ev.with_binding("each", b, f),
        None => f(ev),
    }
}

/// Reads the attributes of one association from `body` (the resource, or the add-on's
/// `pod_identity_association` block); the cluster comes from `owner`.
fn read(
    ev: &mut Evaluator<'_, '_>,
    names: &RoleNames,
    file: FileId,
    body: &Body,
    owner: &Item<'_>,
    what: String,
) -> Option<Association> {
    let as_attr = |(v, span): (Value, Span)| Attr {
        text: v.known_text(),
        span,
    };
    let (role, role_value, role_span) = role_attr(ev, names, file, body, "role_arn")?;
    let target = role_attr(ev, names, file, body, "target_role_arn");
    let owner_body = &owner.block.body;
    let cluster_expr = owner_body.get_attribute("cluster_name").map(|a| &a.value);
    let (target, target_value, target_span) = match target {
        Some((role, value, span)) => (role, value, Some(span)),
        None => (None, None, None),
    };
    Some(Association {
        what,
        role_name: role
            .as_deref()
            .and_then(|r| names.name_of(r))
            .map(str::to_string),
        role,
        role_span,
        role_value,
        target,
        target_span,
        target_value,
        namespace: eval_attr(ev, file, body, "namespace").map(as_attr),
        service_account: eval_attr(ev, file, body, "service_account").map(as_attr),
        cluster_name: eval_attr(ev, file, owner_body, "cluster_name").map(as_attr),
        cluster: cluster_expr.and_then(|e| cluster_of(ev, e)),
        disable_session_tags: eval_attr(ev, file, body, "disable_session_tags").map(as_attr),
        session_policy: body.get_attribute("policy").is_some(),
    })
}

/// A role ARN attribute: the role of the module it names, or else its value (for the
/// workspace rules to resolve in another module), and where it is written.
fn role_attr(
    ev: &mut Evaluator<'_, '_>,
    names: &RoleNames,
    file: FileId,
    body: &Body,
    name: &str,
) -> Option<(Option<String>, Option<Value>, Span)> {
    let attr = body.get_attribute(name)?;
    let span = span_of(file, &attr.value);
    let value = ev.eval(file, &attr.value);
    Some(match names.resolve(&value) {
        Some(role) => (Some(role), None, span),
        None => (None, Some(value), span),
    })
}

fn eval_attr(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    body: &Body,
    name: &str,
) -> Option<(Value, Span)> {
    body.get_attribute(name)
        .map(|a| (ev.eval(file, &a.value), span_of(file, &a.value)))
}

/// The cluster a `cluster_name` expression refers to, read from its syntax.
pub(crate) fn cluster_of(ev: &Evaluator<'_, '_>, expr: &Expression) -> Option<Issuer> {
    let (root, steps) = reference(expr)?;
    let path: Vec<&str> = steps.iter().map(String::as_str).collect();
    match (root, path.as_slice()) {
        ("module", [name, "cluster_name" | "cluster_id"]) => {
            Some(Issuer::Cluster(ev.address(format!("module.{name}"))))
        }
        ("aws_eks_cluster", [name, "name" | "id"]) => Some(Issuer::Cluster(
            ev.address(format!("aws_eks_cluster.{name}")),
        )),
        ("data", ["aws_eks_cluster", name, "name" | "id"]) => Some(Issuer::ClusterLookup(
            ev.address(format!("data.aws_eks_cluster.{name}")),
        )),
        _ => None,
    }
}

/// Where the permission policies of `role` in this module read Pod Identity principal tags:
/// `aws_iam_role_policy`, policies attached by `aws_iam_role_policy_attachment` or
/// `aws_iam_policy_attachment`, and the role's `inline_policy` blocks, in that order.
fn permission_tag_reads(ev: &mut Evaluator<'_, '_>, names: &RoleNames, role: &str) -> Vec<TagRead> {
    let module = ev.module;
    let mut found = Vec::new();
    let mut scan =
        |ev: &mut Evaluator<'_, '_>, policy: PermissionPolicy, file: FileId, expr: &Expression| {
            let v = ev.eval(file, expr);
            if let Some((span, key)) = find_tag(ev, &v, 0) {
                found.push(TagRead { policy, key, span });
            }
        };
    for item in module.resources_of("aws_iam_role_policy") {
        let attached = item
            .attr("role")
            .is_some_and(|(f, e)| names.names_role(&ev.eval(f, e), role));
        if attached && let Some((f, e)) = item.attr("policy") {
            scan(ev, PermissionPolicy::Resource(item.address()), f, e);
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
                scan(ev, PermissionPolicy::Resource(p.address()), f, e);
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
                scan(ev, PermissionPolicy::Inline, item.file, &attr.value);
            }
        }
    }
    found
}

/// `aws_iam_policy.NAME.arn` → `NAME`.
fn policy_resource(expr: &Expression) -> Option<String> {
    let (root, steps) = reference(expr)?;
    let path: Vec<&str> = steps.iter().map(String::as_str).collect();
    match (root, path.as_slice()) {
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
    use super::{collect, tag_in};
    use crate::model::facts::helm::tests::facts_of;

    #[test]
    fn associations_are_service_accounts() {
        let tf = r#"
variable "ns" {}
resource "aws_iam_role" "app" { name = "app" }
resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "main"
  namespace       = "apps"
  service_account = "app-sa"
  role_arn        = aws_iam_role.app.arn
}
resource "aws_eks_pod_identity_association" "other" {
  cluster_name    = "main"
  namespace       = var.ns
  service_account = "other"
  role_arn        = "arn:aws:iam::111122223333:role/elsewhere"
}
"#;
        let service_accounts = |ev: &mut crate::eval::Evaluator<'_, '_>| {
            collect(ev).map_or_else(Vec::new, |pi| {
                let associations = pi.associations.iter();
                associations
                    .filter_map(|a| a.service_account(&ev.module.dir))
                    .collect()
            })
        };
        assert_eq!(
            facts_of(tf, service_accounts),
            [
                "apps@\"apps\" app-sa@\"app-sa\" \
                 role=RoleArn(\"aws_iam_role.app\")@aws_iam_role.app.arn",
                // Not a role of the module: unknown, where it is written.
                "?@var.ns other@\"other\" role=?@\"arn:aws:iam::111122223333:role/elsewhere\"",
            ]
        );
    }

    #[test]
    fn finds_pod_identity_principal_tags() {
        let t = r#"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*"#;
        let (s, l) = tag_in(t).unwrap_or_default();
        assert_eq!(&t[s..s + l], "aws:PrincipalTag/kubernetes-namespace");
        assert!(tag_in("aws:PrincipalTag/team").is_none());
        assert!(tag_in("aws:PrincipalTag/team aws:principaltag/eks-cluster-name").is_some());
    }
}
