//! What the XR rules share: the workspace's roles, the role a ServiceAccount names, the trust
//! policies of that role, and whether a trust admits a ServiceAccount's subject.

use crate::base::known::SA_PREFIX;
use crate::model::facts::roles::{self, Resolved, RoleFact, RoleName};
use crate::model::facts::service_accounts::{SaSource, ServiceAccount};
use crate::model::policy::{Leaf, Policy, Statement};
use crate::rules::helpers::{Operator, claim_conditions, grants, is_oidc_statement};
use crate::rules::pi::helpers as pi_helpers;
use crate::rules::{ModuleView, WorkspaceContext};
use crate::value::{Address, Shape, Value};
use std::path::Path;

/// A ServiceAccount with the module that declares it (`None` for a YAML manifest, which
/// belongs to no module).
pub struct Workload<'w> {
    pub module: Option<usize>,
    pub sa: &'w ServiceAccount,
}

/// Every ServiceAccount of the workspace that names a role: the modules', then the YAML
/// manifests'.
pub fn workloads<'w>(cx: &'w WorkspaceContext<'_>) -> impl Iterator<Item = Workload<'w>> {
    let declared = cx.modules.iter().enumerate().flat_map(|(module, m)| {
        m.facts.service_accounts.iter().map(move |sa| Workload {
            module: Some(module),
            sa,
        })
    });
    let manifests = cx.manifests.iter().map(|sa| Workload { module: None, sa });
    declared
        .chain(manifests)
        .filter(|w| w.sa.role_arn.is_some())
}

/// Each module's directory and roles, for [`roles::resolve`].
pub fn role_table<'w>(cx: &'w WorkspaceContext<'_>) -> Vec<(&'w Path, &'w [RoleFact])> {
    cx.modules
        .iter()
        .map(|m| (m.dir, m.facts.roles.as_slice()))
        .collect()
}

/// The role a workload's ServiceAccount names.
pub fn resolve<'w>(table: &[(&Path, &'w [RoleFact])], w: &Workload<'_>) -> Resolved<'w> {
    let module = w.module;
    match &w.sa.role_arn {
        Some(v) => roles::resolve(v, table, module),
        None => Resolved::Unknown,
    }
}

/// The trust policies of `role` in `module` (one per instance of the module).
pub fn role_policies<'w>(module: &ModuleView<'w>, role: &RoleFact) -> Vec<&'w Policy> {
    module
        .policies
        .iter()
        .filter(|p| p.role.as_deref() == Some(role.address.as_str()))
        .collect()
}

/// The trust policies the workload's role may have, each with its module view: the role
/// `resolve` found, in every instance of its module the workload may be using. A reference
/// read through module outputs (`module.irsa.arn`) names one instance, the one its calls
/// reach from the workload's module; a literal ARN names the instances whose role has that
/// name.
pub fn trusts<'w>(
    cx: &WorkspaceContext<'w>,
    w: &Workload<'_>,
    module: usize,
    role: &RoleFact,
) -> Vec<(usize, &'w Policy)> {
    let Some(view) = cx.modules.get(module) else {
        return Vec::new();
    };
    let mut views = vec![module];
    if view.instance.is_some() {
        let reference = w.sa.role_arn.as_ref().and_then(role_reference);
        let same_role = |m: &ModuleView<'_>| {
            m.dir == view.dir
                && m.instance.is_some()
                && m.facts.roles.iter().any(|r| {
                    r.address == role.address
                        && (reference.is_some() || same_name(r.name.as_ref(), role.name.as_ref()))
                })
        };
        views = (0..cx.modules.len())
            .filter(|&i| same_role(&cx.modules[i]))
            .collect();
        let reached = reference
            .zip(w.module.and_then(|m| cx.modules.get(m)))
            .map(|(a, own)| reached_by(cx, own, a.instance(), &views))
            .unwrap_or_default();
        if !reached.is_empty() {
            views = reached;
        }
    }
    views
        .into_iter()
        .flat_map(|i| {
            role_policies(&cx.modules[i], role)
                .into_iter()
                .map(move |p| (i, p))
        })
        .collect()
}

/// The view of the instance a role reference read through module outputs (`module.x.arn`,
/// read in module view `reader`) names, among the views of `module`'s directory; `module`
/// itself when `value` is no such reference or that instance was not analysed.
pub fn instance_named(
    cx: &WorkspaceContext<'_>,
    reader: usize,
    value: &Value,
    module: usize,
) -> usize {
    let (Some(a), Some(reader), Some(view)) = (
        role_reference(value),
        cx.modules.get(reader),
        cx.modules.get(module),
    ) else {
        return module;
    };
    let views: Vec<usize> = (0..cx.modules.len())
        .filter(|&i| cx.modules[i].dir == view.dir)
        .collect();
    reached_by(cx, reader, a.instance(), &views)
        .first()
        .copied()
        .unwrap_or(module)
}

/// The role a reference (`aws_iam_role.x.arn`, `module.x.arn`) names; `None` for a literal.
fn role_reference(value: &Value) -> Option<&Address> {
    match &value.as_str()?.as_symbol()?.shape {
        Shape::RoleArn(a) => Some(a),
        _ => None,
    }
}

/// Of `views`, the instance at `address` (the calls from the root) in the root `reader` is
/// analysed from.
fn reached_by(
    cx: &WorkspaceContext<'_>,
    reader: &ModuleView<'_>,
    address: &str,
    views: &[usize],
) -> Vec<usize> {
    if address.is_empty() {
        return Vec::new();
    }
    let (root, _) = reader.address();
    views
        .iter()
        .copied()
        .filter(|&i| cx.modules[i].address() == (root, address))
        .collect()
}

fn same_name(a: Option<&RoleName>, b: Option<&RoleName>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.text == b.text && a.prefix == b.prefix,
        _ => false,
    }
}

/// How a message names `role` of the module view `module`: with the instance's address when
/// the view is one instance of a called module (`module.api.aws_iam_role.this`).
pub fn role_shown(cx: &WorkspaceContext<'_>, module: usize, role: &RoleFact) -> String {
    match cx.modules.get(module).and_then(|m| m.instance) {
        Some(i) => format!("{}.{}", i.address, role.address),
        None => role.address.clone(),
    }
}

/// A workload with one trust policy of the role it names, and whether that trust admits it.
pub struct Link<'w> {
    pub sa: &'w ServiceAccount,
    /// The module view declaring the workload (`None` for a manifest).
    pub workload: Option<usize>,
    /// The module view declaring the role.
    pub view: usize,
    pub policy: &'w Policy,
    pub admission: Admission<'w>,
}

/// Every workload of the workspace whose role ARN names a role of it, with each trust that
/// role may have for it (the inventory's "used by").
pub fn links<'w>(cx: &'w WorkspaceContext<'_>) -> Vec<Link<'w>> {
    let table = role_table(cx);
    let mut out = Vec::new();
    for w in workloads(cx) {
        let Resolved::Role { module, role } = resolve(&table, &w) else {
            continue;
        };
        for (view, policy) in trusts(cx, &w, module, role) {
            out.push(Link {
                sa: w.sa,
                workload: w.module,
                view,
                policy,
                admission: admits_workload(policy, w.sa),
            });
        }
    }
    out
}

/// `system:serviceaccount:<namespace>:<name>`, when both are known.
pub fn subject(sa: &ServiceAccount) -> Option<String> {
    Some(format!(
        "{SA_PREFIX}{}:{}",
        sa.namespace.known()?,
        sa.name.known()?
    ))
}

/// Whether a trust policy lets a web-identity token with subject `sub` assume the role.
#[derive(Debug)]
pub enum Admission<'p> {
    Admitted,
    /// No Allow statement admits it; the `:sub` values the web-identity statements admit.
    Rejected(Vec<&'p Leaf>),
    /// Some part that decides is not known (or the trust has no web-identity statement).
    Unknown,
}

impl Admission<'_> {
    /// `yes`, `no` or `unknown`.
    pub fn word(&self) -> &'static str {
        match self {
            Admission::Admitted => "yes",
            Admission::Rejected(_) => "no",
            Admission::Unknown => "unknown",
        }
    }
}

/// Whether `policy` admits subject `sub` (Allow statements only; a Deny can only take away).
pub fn admits<'p>(policy: &'p Policy, sub: &str) -> Admission<'p> {
    if !policy.statements_complete {
        return Admission::Unknown;
    }
    let mut subjects = Vec::new();
    let mut unknown = false;
    let mut web_identity = false;
    for st in &policy.statements {
        if st.effect.is_some() && st.effect.as_ref().and_then(Leaf::known).is_none() {
            unknown = true;
            continue;
        }
        if !st.is_allow() && st.effect.is_some() {
            continue;
        }
        if !st.principals_complete {
            unknown = true;
            continue;
        }
        if !is_oidc_statement(st) {
            continue;
        }
        web_identity = true;
        match statement_admits(st, sub, &mut subjects) {
            Some(true) => return Admission::Admitted,
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown || !web_identity || subjects.is_empty() {
        Admission::Unknown
    } else {
        Admission::Rejected(subjects)
    }
}

/// Whether `policy` lets the workload `sa` assume its role: a Pod Identity association through
/// the Pod Identity service principal, any other ServiceAccount through web identity with its
/// subject. `Unknown` when the subject is not known.
pub fn admits_workload<'p>(policy: &'p Policy, sa: &ServiceAccount) -> Admission<'p> {
    if sa.source == SaSource::PodIdentityAssociation {
        return admits_pod_identity(policy);
    }
    match subject(sa) {
        Some(sub) => admits(policy, &sub),
        None => Admission::Unknown,
    }
}

/// Whether an Allow statement of `policy` lets the Pod Identity service `sts:AssumeRole`.
fn admits_pod_identity(policy: &Policy) -> Admission<'_> {
    if !policy.statements_complete {
        return Admission::Unknown;
    }
    let mut unknown = false;
    for st in &policy.statements {
        // A statement without an effect is an Allow (`aws_iam_policy_document`'s default).
        match (st.effect.is_some(), pi_helpers::allows(st)) {
            (false, _) | (true, Some(true)) => {}
            (true, Some(false)) => continue,
            (true, None) => {
                unknown = true;
                continue;
            }
        }
        match (
            pi_helpers::pod_principal(st),
            grants(&st.actions, pi_helpers::ASSUME),
        ) {
            (Some(true), Some(true)) => return Admission::Admitted,
            (Some(false), _) | (_, Some(false)) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Admission::Unknown
    } else {
        Admission::Rejected(Vec::new())
    }
}

/// Whether every `:sub` condition of the statement admits `sub`; collects the values.
fn statement_admits<'p>(
    st: &'p Statement,
    sub: &str,
    subjects: &mut Vec<&'p Leaf>,
) -> Option<bool> {
    if !st.conditions_complete {
        return None;
    }
    let mut admitted = true;
    for c in claim_conditions(st)
        .into_iter()
        .filter(|c| c.key.claim == "sub")
    {
        let op: &Operator = &c.op;
        // Negated and set operators, and non-string ones, are not modelled here.
        if !op.is_positive_string() || op.set.is_some() || !c.cond.values.complete {
            return None;
        }
        let mut any = false;
        for v in &c.cond.values.items {
            let pattern = v.known()?;
            subjects.push(v);
            any |= op.matches(&pattern, sub);
        }
        admitted &= any;
    }
    Some(admitted)
}

/// How a message names where a ServiceAccount is declared.
pub fn source_phrase(source: SaSource) -> &'static str {
    match source {
        SaSource::KubernetesResource => "Kubernetes resource",
        SaSource::KubernetesManifest => "`kubernetes_manifest`",
        SaSource::YamlManifest => "manifest",
        SaSource::HelmRelease => "Helm release",
        SaSource::EksAddon(_) => "EKS add-on",
        SaSource::PodIdentityAssociation => "Pod Identity association",
    }
}

/// True when the ServiceAccount's namespace and name are written literally where it is
/// declared (so the trust side is the one more likely to be wrong).
pub fn written_literally(sa: &ServiceAccount) -> bool {
    !sa.name_from_chart
        && matches!(
            sa.source,
            SaSource::KubernetesResource | SaSource::KubernetesManifest | SaSource::YamlManifest
        )
}

/// A ServiceAccount whose role's trust, in every instance of the role's module, admits no
/// subject of it.
pub struct Mismatch<'w> {
    pub sa: &'w ServiceAccount,
    /// The module view declaring the ServiceAccount (`None` for a manifest).
    pub workload: Option<usize>,
    pub role: &'w RoleFact,
    /// The module view declaring the role, and one trust policy there that rejects the
    /// subject.
    pub module: usize,
    pub policy: &'w Policy,
    /// `system:serviceaccount:<namespace>:<name>` of the ServiceAccount.
    pub sub: String,
    /// The `:sub` values that trust admits.
    pub subjects: Vec<&'w Leaf>,
}

impl Mismatch<'_> {
    /// The module views the finding is about: the workload's and the role's.
    pub fn views(&self) -> impl Iterator<Item = usize> {
        self.workload.into_iter().chain([self.module])
    }
}

/// Every ServiceAccount of the workspace whose role's trust is known to reject it. XR001 and
/// XR006 split them by source (add-ons are XR006's), so each mismatch is reported once.
pub fn mismatches<'w>(cx: &'w WorkspaceContext<'_>) -> Vec<Mismatch<'w>> {
    let table = role_table(cx);
    let mut out = Vec::new();
    for w in workloads(cx) {
        let Resolved::Role { module, role } = resolve(&table, &w) else {
            continue;
        };
        let Some(sub) = subject(w.sa) else { continue };
        let policies = trusts(cx, &w, module, role);
        // Every trust the workload may be using must reject it (an unknown one may admit).
        let mut rejected: Option<(usize, &Policy, Vec<&Leaf>)> = None;
        let mut all_reject = !policies.is_empty();
        for (view, p) in policies {
            match admits(p, &sub) {
                Admission::Rejected(subjects) => {
                    rejected.get_or_insert((view, p, subjects));
                }
                Admission::Admitted | Admission::Unknown => all_reject = false,
            }
        }
        if let Some((module, policy, subjects)) = rejected.filter(|_| all_reject) {
            out.push(Mismatch {
                sa: w.sa,
                workload: w.module,
                role,
                module,
                policy,
                sub,
                subjects,
            });
        }
    }
    out
}
