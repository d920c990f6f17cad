//! aws-ia `eks-blueprints-addon` (research §2.3), the per-add-on wrapper that
//! `eks-blueprints-addons` calls: its role's trust, one statement per OIDC provider.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `create_role` | `false` | not `true`: no role |
//! | `oidc_providers` | `{}` | one statement per entry `{ provider_arn, service_account, namespace }`: principal `provider_arn`; key prefix `provider_arn` without everything up to `provider/` |
//! | `service_account`, `namespace` (in an entry) | required, the chart's namespace | `system:serviceaccount:<namespace>:<service_account>`, the `:sub` value; an entry without `namespace` is not followed (trust not complete) |
//! | `assume_role_condition_test` | `StringEquals` | the operator of `:sub` and `:aud` |
//! | (none) | | `:aud` = `sts.amazonaws.com` |
//!
//! Not modelled: `trust_policy_statements`, `allow_self_assume_role`.
//!
//! | output | symbol |
//! |---|---|
//! | `iam_role_arn` | the ARN of the call's role |
//! | `iam_role_name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{Builder, complete_leaves, host_of_arn, symbolic_leaf};
use crate::base::known::STS_AUDIENCE;
use crate::model::policy::Statement;
use crate::value::Value;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] = &[
    ("iam_role_arn", RoleOutput::Arn),
    ("iam_role_name", RoleOutput::Name),
];

/// The trust of the role, only when the call sets `create_role = true` (`None` otherwise: the
/// call makes no role).
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("create_role") != Some(true) {
        return None;
    }
    let test = b.string_or("assume_role_condition_test", "StringEquals");
    let Some(Value::Object(providers, _)) = b.input("oidc_providers") else {
        return Some((Vec::new(), false));
    };
    let mut out = Vec::new();
    let mut complete = true;
    for (_, _, p) in &providers {
        let (Some(arn), Some(sa)) = (
            p.get("provider_arn").and_then(symbolic_leaf),
            p.get("service_account").and_then(symbolic_leaf),
        ) else {
            complete = false;
            continue;
        };
        let Some(ns) = p.get("namespace").and_then(symbolic_leaf) else {
            // The namespace defaults to the chart's, which this model does not follow.
            complete = false;
            continue;
        };
        let sub = b.service_account_subject(ns, sa);
        let host = host_of_arn(&arn.value, arn.span);
        let aud = b.constant(STS_AUDIENCE);
        out.push(b.statement(
            arn,
            &host,
            Some((test.clone(), complete_leaves(vec![sub]))),
            Some(vec![aud]),
        ));
    }
    Some((out, complete))
}
