//! aws-ia eks-blueprints: the v4 `modules/irsa` and `eks-blueprints-addon` trust policies,
//! rebuilt from their inputs.

use super::RoleOutput;
use super::policy::{Builder, complete_leaves, host_of_arn, symbolic_leaf};
use crate::base::known::STS_AUDIENCE;
use crate::model::policy::Statement;
use crate::value::Value;

/// eks-blueprints-addon: `oidc_providers = { x = { provider_arn, service_account, namespace } }`,
/// only when the call sets `create_role = true` (`None` otherwise: the call makes no role).
pub(super) fn addon(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
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

/// The role outputs of v4 `modules/irsa`.
pub(super) const IRSA_OUTPUTS: &[(&str, RoleOutput)] = &[
    ("irsa_iam_role_arn", RoleOutput::Arn),
    ("irsa_iam_role_name", RoleOutput::Name),
];

/// eks-blueprints v4 `modules/irsa`: StringLike on sub and aud.
pub(super) fn irsa(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
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
        return (Vec::new(), false);
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
    (vec![st], true)
}
