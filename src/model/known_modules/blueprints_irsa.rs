//! aws-ia eks-blueprints v4 `modules/irsa` (research §2.3; removed in v5): one statement with
//! `:sub` and `:aud` both under StringLike, as the module's `jsonencode` writes it.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `irsa_iam_policies` | `[]` | `null`: no role |
//! | `eks_oidc_provider_arn` | required | the principal; without everything up to `provider/`, the key prefix |
//! | `kubernetes_namespace` | required | the subject's namespace: `system:serviceaccount:<ns>:<sa>` |
//! | `kubernetes_service_account` | required | the subject's name |
//! | (none) | | `:aud` = `sts.amazonaws.com` under StringLike |
//!
//! Any of the three unset or not a string: the trust is not known.
//!
//! | output | symbol |
//! |---|---|
//! | `irsa_iam_role_arn` | the ARN of the call's role |
//! | `irsa_iam_role_name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{Builder, complete_leaves, host_of_arn, symbolic_leaf};
use crate::base::known::STS_AUDIENCE;
use crate::model::policy::Statement;
use crate::value::Value;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] = &[
    ("irsa_iam_role_arn", RoleOutput::Arn),
    ("irsa_iam_role_name", RoleOutput::Name),
];

/// The trust of the role: StringLike on sub and aud; `None` when the call creates no role.
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if matches!(b.input("irsa_iam_policies"), Some(Value::Null(_))) {
        return None;
    }
    let (Some(arn), Some(ns), Some(sa)) = (
        b.input("eks_oidc_provider_arn")
            .as_ref()
            .and_then(symbolic_leaf),
        b.input("kubernetes_namespace")
            .as_ref()
            .and_then(symbolic_leaf),
        b.input("kubernetes_service_account")
            .as_ref()
            .and_then(symbolic_leaf),
    ) else {
        return Some((Vec::new(), false));
    };
    let like = b.constant("StringLike");
    let sub = b.service_account_subject(ns, sa);
    let host = host_of_arn(&arn.value, arn.span);
    let aud = b.constant(STS_AUDIENCE);
    let mut st = b.statement(arn, &host, Some((like, complete_leaves(vec![sub]))), None);
    let aud_key = b.key(&host, "aud");
    st.conditions.push(b.condition(
        b.constant("StringLike"),
        aud_key,
        complete_leaves(vec![aud]),
    ));
    Some((vec![st], true))
}
