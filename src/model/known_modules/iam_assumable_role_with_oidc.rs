//! terraform-aws-modules/iam v5 `iam-assumable-role-with-oidc` (research §2.2; removed in
//! 6.0.0): one statement per issuer URL.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `create_role` | `false` | not `true`: no role |
//! | `provider_url`, `provider_urls` | `""`, `[]` | one statement per URL, `https://` stripped: the provider ARN's host and the key prefix |
//! | `aws_account_id` | the caller's account | the provider ARN's account |
//! | `oidc_fully_qualified_subjects` | `[]` | `:sub` under StringEquals; none when empty |
//! | `oidc_subjects_with_wildcards` | `[]` | `:sub` under StringLike; none when empty |
//! | `oidc_fully_qualified_audiences` | `[]` | `:aud` under StringLike; none when empty |
//! | `provider_trust_policy_conditions` | `[]` | `[{ test, variable, values }]` joined to every statement |
//!
//! Not modelled: `allow_self_assume_role`.
//!
//! | output | symbol |
//! |---|---|
//! | `iam_role_arn` | the ARN of the call's role |
//! | `iam_role_name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{Builder, Subjects, join_document_conditions, url_statements};
use crate::model::policy::Statement;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] = &[
    ("iam_role_arn", RoleOutput::Arn),
    ("iam_role_name", RoleOutput::Name),
];

/// The trust of the role: `provider_url(s)`, subjects and audiences; `None` when the call
/// creates no role (the module's default).
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("create_role") != Some(true) {
        return None;
    }
    let mut urls = b.list_input("provider_urls");
    if let Some(u) = b.input_leaf("provider_url") {
        urls.items.insert(0, u);
    }
    let exact = b.list_input("oidc_fully_qualified_subjects");
    let wildcard = b.list_input("oidc_subjects_with_wildcards");
    let audiences = b.list_input("oidc_fully_qualified_audiences");
    let account = b.account_leaf("aws_account_id");
    let complete = urls.complete && exact.complete && wildcard.complete && audiences.complete;
    let subjects = Subjects {
        exact: &exact,
        wildcard: &wildcard,
    };
    let mut out = url_statements(b, &urls, &account, &subjects, &audiences, "StringLike");
    join_document_conditions(b, "provider_trust_policy_conditions", &mut out);
    Some((out, complete))
}
