//! cloudposse `eks-iam-role` (research §2.4): its trust policy, rebuilt from its inputs. The
//! cloudposse `helm-release` module calls it with its own inputs of the same names.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `enabled` | `true` | `false`: no role |
//! | `eks_cluster_oidc_issuer_url` | required | `https://` stripped: the provider ARN's host and the key prefix |
//! | `aws_account_number` | the caller's account | the provider ARN's account |
//! | `service_account_name` | `null` | `coalesce(name, "*")`: the subject's name (StringLike) |
//! | `service_account_namespace` | `null` | `coalesce(namespace, "*")`: the subject's namespace |
//! | `service_account_namespace_name_list` | `[]` | more `ns:name` subjects; alone when name and namespace are both null |
//!
//! `:aud` is always `sts.amazonaws.com` under StringEquals.
//!
//! | output | symbol |
//! |---|---|
//! | `service_account_role_arn` | the ARN of the call's role |
//! | `service_account_role_name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{Builder, complete_leaves, host_of_url, prefixed, symbolic_leaf};
use crate::base::known::{SA_PREFIX, STS_AUDIENCE};
use crate::model::policy::from_value::leaf;
use crate::model::policy::{Leaf, Statement};
use crate::value::Value;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] = &[
    ("service_account_role_arn", RoleOutput::Arn),
    ("service_account_role_name", RoleOutput::Name),
];

pub(super) fn eks_iam_role(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("enabled") == Some(false) {
        return None;
    }
    Some(trust(b))
}

/// The trust of the role, from the call's inputs of the names `eks-iam-role` takes.
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
    let Some(url) = b.input_leaf("eks_cluster_oidc_issuer_url") else {
        return (Vec::new(), false);
    };
    let host = host_of_url(&url.value, url.span);
    let account = b.account_leaf("aws_account_number");
    let principal = b.provider_arn(&account, &host, url.span);
    let list = b.list_input("service_account_namespace_name_list");
    let name = b.input("service_account_name");
    let namespace = b.input("service_account_namespace");
    let unset = |v: &Option<Value>| matches!(v, None | Some(Value::Null(_)));
    let mut subs =
        if unset(&name) && unset(&namespace) && (!list.items.is_empty() || !list.complete) {
            complete_leaves(Vec::new())
        } else {
            match (star(b, &namespace), star(b, &name)) {
                (Some(ns), Some(n)) => complete_leaves(vec![b.service_account_subject(ns, n)]),
                _ => return (Vec::new(), false),
            }
        };
    let listed = prefixed(&list, SA_PREFIX);
    subs.items.extend(listed.items);
    subs.complete &= listed.complete;
    let like = b.constant("StringLike");
    let mut st = b.statement(principal, &host, Some((like, subs)), None);
    let aud = b.key(&host, "aud");
    st.conditions.push(b.condition(
        b.constant("StringEquals"),
        aud,
        complete_leaves(vec![b.constant(STS_AUDIENCE)]),
    ));
    (vec![st], true)
}

/// `coalesce(v, "*")`: null, unset and `""` become `*` (at the call when not written).
fn star(b: &Builder<'_, '_, '_>, v: &Option<Value>) -> Option<Leaf> {
    match v {
        Some(v @ Value::Str(s, span)) if s.known().as_deref() == Some("") => Some(Leaf {
            value: b.constant("*").value,
            span: leaf(v).map_or(*span, |l| l.span),
        }),
        Some(v @ (Value::Str(..) | Value::Unknown(_))) => symbolic_leaf(v),
        Some(Value::Null(_)) | None => Some(b.constant("*")),
        Some(_) => None,
    }
}
