//! cloudposse `eks-iam-role`: its trust policy, rebuilt from its inputs.

use super::policy::{Builder, complete_leaves, host_of_url, prefixed, symbolic_leaf};
use crate::base::known::{SA_PREFIX, STS_AUDIENCE};
use crate::model::policy::Statement;
use crate::value::Value;

/// StringLike sub built from name/namespace (null → `*`).
pub(super) fn eks_iam_role(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
    let Some(url) = b.input_leaf("eks_cluster_oidc_issuer_url") else {
        return (Vec::new(), false);
    };
    let host = host_of_url(&url.value, url.span);
    let account = b.account_leaf("aws_account_number");
    let principal = b.provider_arn(&account, &host, url.span);
    let list = b.list_input("service_account_namespace_name_list");
    let name = b.input("service_account_name");
    let namespace = b.input("service_account_namespace");
    let star = |b: &Builder<'_, '_, '_>, v: &Option<Value>| match v {
        Some(v @ (Value::Str(..) | Value::Unknown(_))) => symbolic_leaf(v),
        Some(Value::Null(_)) | None => Some(b.constant("*")),
        Some(_) => None,
    };
    let subs = if !list.items.is_empty() || !list.complete {
        prefixed(&list, SA_PREFIX)
    } else {
        match (star(b, &namespace), star(b, &name)) {
            (Some(ns), Some(n)) => complete_leaves(vec![b.service_account_subject(ns, n)]),
            _ => return (Vec::new(), false),
        }
    };
    let like = b.constant("StringLike");
    let aud = b.constant(STS_AUDIENCE);
    (
        vec![b.statement(principal, &host, Some((like, subs)), Some(vec![aud]))],
        true,
    )
}
