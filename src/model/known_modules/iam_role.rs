//! terraform-aws-modules/iam v6 `iam-role` (research §2.2): the generic OIDC and GitHub OIDC
//! statements of its trust policy, and the caller's own statements.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `create` | `true` | `false`: no role |
//! | `enable_oidc` | `false` | `true`: one statement per `oidc_provider_urls` entry |
//! | `oidc_provider_urls` | `[]` | `https://` stripped: the provider ARN's host and the key prefix |
//! | `oidc_account_id` | the caller's account | the provider ARN's account (the module reads it for `enable_oidc` only; so far this model also for GitHub) |
//! | `enable_github_oidc` | `false` | `true`: one statement for `github_provider` |
//! | `github_provider` | `token.actions.githubusercontent.com` | the GitHub statement's host; `:iss` = `https://` + it under `ForAllValues:StringEquals` |
//! | `oidc_subjects` | `[]` | `:sub` under StringEquals (GitHub: `repo:` added when missing); none when empty |
//! | `oidc_wildcard_subjects` | `[]` | `:sub` under StringLike (GitHub: `repo:` added when missing); none when empty |
//! | `oidc_audiences` | `[]` | generic: `:aud` under StringEquals, none when empty; GitHub: `:aud` under `ForAllValues:StringEquals`, `sts.amazonaws.com` when empty |
//! | `trust_policy_conditions` | `[]` | `[{ test, variable, values }]` joined to every statement above |
//! | `trust_policy_permissions` | `null` | more statements, one per entry (conditions under `condition`) |
//!
//! Not modelled: `enable_bitbucket_oidc`.
//!
//! | output | symbol |
//! |---|---|
//! | `arn` | the ARN of the call's role |
//! | `name` | the name of the call's role |

use super::RoleOutput;
use super::policy::{
    Builder, Subjects, complete_leaves, document_statement, host_of_url, join_document_conditions,
    prefixed_if_missing, prefixed_str, url_statements,
};
use crate::base::known::{GITHUB_HOST, STS_AUDIENCE};
use crate::model::policy::from_value::leaves;
use crate::model::policy::{Leaf, Statement};
use crate::value::Value;

pub(super) const OUTPUTS: &[(&str, RoleOutput)] =
    &[("arn", RoleOutput::Arn), ("name", RoleOutput::Name)];

/// The trust of the role: generic OIDC (`enable_oidc`) and GitHub (`enable_github_oidc`);
/// `None` when the call creates no role.
pub(super) fn trust(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("create") == Some(false) {
        return None;
    }
    let mut out = Vec::new();
    let mut complete = true;
    let exact = b.list_input("oidc_subjects");
    let wildcard = b.list_input("oidc_wildcard_subjects");
    complete &= exact.complete && wildcard.complete;
    let account = b.account_leaf("oidc_account_id");
    if b.bool_input("enable_oidc") == Some(true) {
        let urls = b.list_input("oidc_provider_urls");
        let audiences = b.list_input("oidc_audiences");
        complete &= urls.complete && audiences.complete;
        let subjects = Subjects {
            exact: &exact,
            wildcard: &wildcard,
        };
        out.extend(url_statements(
            b,
            &urls,
            &account,
            &subjects,
            &audiences,
            "StringEquals",
        ));
    }
    if b.bool_input("enable_github_oidc") == Some(true) {
        let issuer = b.string_or("github_provider", GITHUB_HOST);
        let host = host_of_url(&issuer.value, issuer.span);
        let principal = b.provider_arn(&account, &host, issuer.span);
        let mut st = b.statement(principal, &host, None, None);
        // The module writes `repo:${trimprefix(subject, "repo:")}`.
        let exact = prefixed_if_missing(&exact, "repo:");
        let wildcard = prefixed_if_missing(&wildcard, "repo:");
        b.add_subjects(&mut st, &host, &exact, &wildcard);
        let set_equals = b.constant("ForAllValues:StringEquals");
        let iss = b.key(&host, "iss");
        let iss_value = Leaf {
            value: prefixed_str(&host, "https://", issuer.span),
            span: issuer.span,
        };
        st.conditions
            .push(b.condition(set_equals.clone(), iss, complete_leaves(vec![iss_value])));
        let aud = b.key(&host, "aud");
        // `coalescelist(var.oidc_audiences, ["sts.amazonaws.com"])`.
        let audiences = match b.input("oidc_audiences").map(|v| leaves(&v)) {
            Some(l) if !l.items.is_empty() || !l.complete => l,
            _ => complete_leaves(vec![b.constant(STS_AUDIENCE)]),
        };
        st.conditions.push(b.condition(set_equals, aud, audiences));
        out.push(st);
    }
    // `trust_policy_conditions` go into every statement the module enables.
    join_document_conditions(b, "trust_policy_conditions", &mut out);
    if b.call.attr("trust_policy_permissions").is_some() {
        match b.input("trust_policy_permissions") {
            Some(Value::Object(entries, _)) => {
                for (_, _, v) in &entries {
                    out.push(document_statement(b, v, "condition"));
                }
            }
            Some(Value::Null(_)) => {}
            _ => complete = false,
        }
    }
    Some((out, complete))
}
