//! terraform-aws-modules `eks-pod-identity` (research §2.5, §3.1): the role's trust policy,
//! rebuilt from the call's inputs, and the Pod Identity associations the call creates (facts,
//! read by the PI rules as if they were `aws_eks_pod_identity_association` resources).
//!
//! | input | default | trust / association |
//! |---|---|---|
//! | `create` | `true` | `false`: no role, no association |
//! | (none) | | one Allow statement: `Service = pods.eks.amazonaws.com`, `sts:AssumeRole` + `sts:TagSession` |
//! | `trust_policy_conditions` (from 1.3.0) | `[]` | `[{ test, variable, values }]` joined to that statement |
//! | `trust_policy_statements` | `[]` | more statements; their conditions are `conditions` before 2.0.0, `condition` from 2.0.0 (the other name is ignored) |
//! | `associations` | `{}` | one association per entry: `{ cluster_name, namespace, service_account, disable_session_tags, target_role_arn }` |
//! | `association_defaults` | `{}` | what an entry leaves unset (`coalesce(entry, default)`) |
//!
//! `disable_session_tags` and `target_role_arn` exist from 2.0.0; 1.x creates the association
//! without them.
//!
//! | output | symbol |
//! |---|---|
//! | `iam_role_arn` | the ARN of the call's role |
//! | `iam_role_name` | the name of the call's role |

use super::policy::{Builder, complete_leaves, document_conditions, document_statement};
use super::version::Version;
use super::{Kind, RoleOutput, call_kind, release_of, source_of};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::Item;
use crate::model::policy::Statement;
use crate::value::Value;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] = &[
    ("iam_role_arn", RoleOutput::Arn),
    ("iam_role_name", RoleOutput::Name),
];

const SERVICE: &str = "pods.eks.amazonaws.com";
/// Every release of the module.
const RELEASES: (Version, Option<Version>) = (Version(1, 0, 0), None);
/// The field of a `trust_policy_statements` entry the module reads its conditions from.
const STATEMENT_CONDITIONS: &[(Version, &str)] = &[
    (Version(1, 0, 0), "conditions"),
    (Version(2, 0, 0), "condition"),
];
/// Whether associations take `disable_session_tags` and `target_role_arn`.
const ASSOCIATION_V2_FIELDS: &[(Version, bool)] =
    &[(Version(1, 0, 0), false), (Version(2, 0, 0), true)];

/// The role's trust; `None` when the call creates no role.
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("create") == Some(false) {
        return None;
    }
    let mut complete = true;
    let mut pods = b.service_statement(SERVICE, &["sts:AssumeRole", "sts:TagSession"]);
    if b.call.attr("trust_policy_conditions").is_some() {
        let (extra, known) = match b.input("trust_policy_conditions") {
            Some(v) => document_conditions(b, &v),
            None => (Vec::new(), false),
        };
        pods.conditions.extend(extra);
        pods.conditions_complete &= known;
    }
    let mut out = vec![pods];
    if b.call.attr("trust_policy_statements").is_some() {
        let field = b.release.behaviour(STATEMENT_CONDITIONS, RELEASES);
        match b.input("trust_policy_statements") {
            Some(Value::List(items, _)) => {
                for v in &items {
                    // Which name the installed release reads is not known: the statement's
                    // conditions are not either.
                    let mut st = document_statement(b, v, field.unwrap_or("condition"));
                    st.conditions_complete &= field.is_some();
                    out.push(st);
                }
            }
            Some(Value::Null(_)) => {}
            _ => complete = false,
        }
    }
    Some((out, complete))
}

/// One entry of a call's `associations`, with `association_defaults` filled in: each
/// attribute's value and the span of the expression that gave it.
#[derive(Debug, Clone)]
pub struct ModuleAssociation {
    /// `module.X.associations["key"]`.
    pub what: String,
    /// `module.X`: the role the association names.
    pub role: String,
    /// The entry.
    pub span: Span,
    pub cluster_name: Option<(Value, Span)>,
    pub namespace: Option<(Value, Span)>,
    pub service_account: Option<(Value, Span)>,
    /// `Some((Unknown, _))` when the release that reads it is not known.
    pub disable_session_tags: Option<(Value, Span)>,
    pub target_role_arn: Option<(Value, Span)>,
}

/// The associations `call` creates, when it is an `eks-pod-identity` call; `None` for any
/// other call, or when they are not known.
pub(crate) fn associations(
    ev: &mut Evaluator<'_, '_>,
    call: &Item<'_>,
) -> Option<Vec<ModuleAssociation>> {
    if call_kind(ev, call) != Some(Kind::PodIdentity) {
        return None;
    }
    if let Some((f, e)) = call.attr("create")
        && ev.eval(f, e).known_text().as_deref() == Some("false")
    {
        return Some(Vec::new());
    }
    let source = source_of(ev, call)?;
    let v2 = release_of(ev, call, &source).behaviour(ASSOCIATION_V2_FIELDS, RELEASES);
    let defaults = call
        .attr("association_defaults")
        .map(|(f, e)| ev.eval(f, e));
    let (file, expr) = call.attr("associations")?;
    let Value::Object(entries, _) = ev.eval(file, expr) else {
        return None;
    };
    let role = format!("module.{}", call.address());
    let mut out = Vec::new();
    for (key, _, entry) in &entries {
        let field = |name: &str| -> Option<(Value, Span)> {
            let own = entry.get(name).filter(|v| !matches!(v, Value::Null(_)));
            let default = defaults
                .as_ref()
                .and_then(|d| d.get(name))
                .filter(|v| !matches!(v, Value::Null(_)));
            own.or(default).map(|v| (v.clone(), v.span()))
        };
        // 1.x ignores these fields; unknown release: whether they apply is not known.
        let versioned = |name: &str| match v2 {
            Some(true) => field(name),
            Some(false) => None,
            None => field(name).map(|(_, span)| (Value::Unknown(span), span)),
        };
        out.push(ModuleAssociation {
            what: format!(
                "Pod Identity association `{role}.associations[\"{}\"]`",
                key.known().unwrap_or_default()
            ),
            role: role.clone(),
            span: entry.span(),
            cluster_name: field("cluster_name"),
            namespace: field("namespace"),
            service_account: field("service_account"),
            disable_session_tags: versioned("disable_session_tags"),
            target_role_arn: versioned("target_role_arn"),
        });
    }
    Some(out)
}

impl Builder<'_, '_, '_> {
    /// An Allow statement for the service principal `service` with `actions`, as the module
    /// writes it.
    fn service_statement(&self, service: &str, actions: &[&str]) -> Statement {
        let span = self.call.span();
        Statement {
            span,
            sid: None,
            effect: Some(self.constant("Allow")),
            principals: vec![crate::model::policy::Principal {
                kind: self.constant("Service"),
                span,
                values: complete_leaves(vec![self.constant(service)]),
            }],
            principals_complete: true,
            not_principal: false,
            actions: complete_leaves(actions.iter().map(|a| self.constant(a)).collect()),
            not_action: false,
            conditions: Vec::new(),
            conditions_complete: true,
            condition_block: None,
        }
    }
}
