//! terraform-aws-modules/iam `iam-role-for-service-accounts` (v6) and its v5 name
//! `iam-role-for-service-accounts-eks` (research §2.2): one file, as both render the trust
//! the same way and differ only in the operator's input name and the outputs' names.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `create_role` (v5 `-eks`) / `create` (v6) | `true` | `false`: no role |
//! | `oidc_providers` | `{}` | one statement per entry `{ provider_arn, namespace_service_accounts }`: principal `provider_arn`; key prefix `provider_arn` without everything up to `provider/` |
//! | `namespace_service_accounts` (in an entry) | required | `system:serviceaccount:` + each `ns:sa`, the `:sub` values |
//! | `assume_role_condition_test` (v5 `-eks`) / `trust_condition_test` (v6) | `StringEquals` | the operator of `:sub` and `:aud` |
//! | (none) | | `:aud` = `sts.amazonaws.com` from 4.21.1, none before (not known when the admitted releases disagree) |
//!
//! Not modelled: `allow_self_assume_role` (v5; an `AWS` principal statement, not web identity).
//!
//! | output | symbol |
//! |---|---|
//! | `arn` (v6), `iam_role_arn` (v5 `-eks`) | the ARN of the call's role |
//! | `name` (v6), `iam_role_name` (v5 `-eks`) | the name of the call's role |

use super::policy::{Builder, host_of_arn, prefixed, symbolic_leaf};
use super::version::Version;
use super::{IAM_V6, RoleOutput};
use crate::base::known::{SA_PREFIX, STS_AUDIENCE};
use crate::model::policy::Statement;
use crate::model::policy::from_value::leaves;
use crate::value::Value;

/// The role outputs of v6 `iam-role-for-service-accounts`.
pub(super) const OUTPUTS: &[(&str, RoleOutput)] =
    &[("arn", RoleOutput::Arn), ("name", RoleOutput::Name)];
/// The role outputs of v5 `iam-role-for-service-accounts-eks`.
pub(super) const EKS_OUTPUTS: &[(&str, RoleOutput)] = &[
    ("iam_role_arn", RoleOutput::Arn),
    ("iam_role_name", RoleOutput::Name),
];

/// Releases that have `iam-role-for-service-accounts-eks` (v5 and late v4; renamed in 6.0.0).
const EKS_PATH: (Version, Option<Version>) = (Version(4, 0, 0), Some(IAM_V6));
/// Releases that have the v6 `iam-role-for-service-accounts`.
const V6_PATH: (Version, Option<Version>) = (IAM_V6, None);
/// Whether the module adds `:aud` = `sts.amazonaws.com`: from 4.21.1 (research §2.2).
const AUDIENCE_CONDITION: &[(Version, bool)] =
    &[(Version(0, 0, 0), false), (Version(4, 21, 1), true)];

/// The trust of the role, `None` when the call creates no role; `eks`: the v5 `-eks` module
/// (its operator input is `assume_role_condition_test`).
pub(super) fn trust(b: &mut Builder<'_, '_, '_>, eks: bool) -> Option<(Vec<Statement>, bool)> {
    let create = if eks { "create_role" } else { "create" };
    if b.bool_input(create) == Some(false) {
        return None;
    }
    let (test, exists) = if eks {
        (
            b.string_or("assume_role_condition_test", "StringEquals"),
            EKS_PATH,
        )
    } else {
        (b.string_or("trust_condition_test", "StringEquals"), V6_PATH)
    };
    // `None`: the admitted releases disagree, so whether there is an `:aud` is not known.
    let audience = b.release.behaviour(AUDIENCE_CONDITION, exists);
    let Some(Value::Object(providers, _)) = b.input("oidc_providers") else {
        return Some((Vec::new(), b.call.attr("oidc_providers").is_none()));
    };
    let mut out = Vec::new();
    let mut complete = true;
    for (_, _, p) in &providers {
        let (Some(arn), Some(accounts)) =
            (p.get("provider_arn"), p.get("namespace_service_accounts"))
        else {
            complete = false;
            continue;
        };
        let Some(arn) = symbolic_leaf(arn) else {
            complete = false;
            continue;
        };
        let subs = prefixed(&leaves(accounts), SA_PREFIX);
        let host = host_of_arn(&arn.value, arn.span);
        let aud = (audience == Some(true)).then(|| vec![b.constant(STS_AUDIENCE)]);
        let mut st = b.statement(arn, &host, Some((test.clone(), subs)), aud);
        st.conditions_complete &= audience.is_some();
        out.push(st);
    }
    Some((out, complete))
}
