//! terraform-aws-modules/iam v5 `iam-github-oidc-role` (research §2.2; merged into v6
//! `iam-role`): one statement for the GitHub issuer.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `create` | `true` | `false`: no role |
//! | `provider_url` | `token.actions.githubusercontent.com` | the provider ARN's host and the key prefix, `https://` stripped |
//! | `aws_account_id` | the caller's account | the provider ARN's account (the module has no such input and always uses the caller's; this model reads it when written) |
//! | `subjects` | `[]` | `:sub` values, `repo:` added when missing; no `:sub` when empty |
//! | `subject_condition` | `StringLike` | the operator of `:sub`; this model puts `:aud` under it too (under StringEquals when there is no `:sub`), where the module writes `ForAllValues:StringEquals` |
//! | `audience` | `sts.amazonaws.com` | the `:aud` value |
//! | `additional_trust_policy_conditions` | `[]` | `[{ test, variable, values }]` joined to the statement |
//!
//! Not modelled: the module's `:iss` condition.
//!
//! | output | symbol |
//! |---|---|
//! | `arn` | the ARN of the call's role |
//! | `name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{Builder, host_of_url, join_document_conditions, prefixed_if_missing};
use crate::base::known::{GITHUB_HOST, STS_AUDIENCE};
use crate::model::policy::Statement;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] =
    &[("arn", RoleOutput::Arn), ("name", RoleOutput::Name)];

/// The trust of the role: `subjects` under `subject_condition`; `None` when the call creates
/// no role.
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("create") == Some(false) {
        return None;
    }
    let issuer = b.string_or("provider_url", GITHUB_HOST);
    let host = host_of_url(&issuer.value, issuer.span);
    let account = b.account_leaf("aws_account_id");
    let principal = b.provider_arn(&account, &host, issuer.span);
    let test = b.string_or("subject_condition", "StringLike");
    let subjects = b.list_input("subjects");
    let complete = subjects.complete;
    let audience = b.string_or("audience", STS_AUDIENCE);
    let subs = (!subjects.items.is_empty() || !complete)
        .then(|| (test, prefixed_if_missing(&subjects, "repo:")));
    let mut out = vec![b.statement(principal, &host, subs, Some(vec![audience]))];
    join_document_conditions(b, "additional_trust_policy_conditions", &mut out);
    Some((out, complete))
}
