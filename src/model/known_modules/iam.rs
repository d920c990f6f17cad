//! terraform-aws-modules/iam: the role modules' trust policies, rebuilt from their inputs
//! (research §2): `iam-role-for-service-accounts` (v6) and `-eks` (v5), `iam-role` (v6,
//! generic and GitHub OIDC), `iam-assumable-role-with-oidc` (v5) and `iam-github-oidc-role`
//! (v5); and the `iam-oidc-provider` calls that keep the module's default client IDs (facts).

use super::policy::{
    Builder, complete_leaves, document_conditions, document_statement, host_of_arn, host_of_url,
    prefixed, prefixed_if_missing, prefixed_str, symbolic_leaf,
};
use super::version::Version;
use super::{Kind, RoleOutput, call_kind};
use crate::base::known::{GITHUB_HOST, SA_PREFIX, STS_AUDIENCE};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::model::facts::infra::{StrArg, header_span};
use crate::model::policy::from_value::leaves;
use crate::model::policy::{Leaf, Leaves, Statement};
use crate::value::Value;

/// Releases that have `iam-role-for-service-accounts-eks` (v5 and late v4; renamed in 6.0.0).
const EKS_PATH: (Version, Option<Version>) = (Version(4, 0, 0), Some(V6));
/// Releases that have the v6 `iam-role-for-service-accounts`.
const V6_PATH: (Version, Option<Version>) = (V6, None);
const V6: Version = Version(6, 0, 0);

/// The role outputs of the v6 modules (`iam-role`, `iam-role-for-service-accounts`) and of
/// v5 `iam-github-oidc-role`.
pub(super) const V6_ROLE_OUTPUTS: &[(&str, RoleOutput)] =
    &[("arn", RoleOutput::Arn), ("name", RoleOutput::Name)];
/// The role outputs of v5 `iam-role-for-service-accounts-eks` and
/// `iam-assumable-role-with-oidc` (and of aws-ia `eks-blueprints-addon`).
pub(super) const V5_ROLE_OUTPUTS: &[(&str, RoleOutput)] = &[
    ("iam_role_arn", RoleOutput::Arn),
    ("iam_role_name", RoleOutput::Name),
];
/// Whether the module adds `:aud` = `sts.amazonaws.com`: from 4.21.1 (research §2.2).
const AUDIENCE_CONDITION: &[(Version, bool)] =
    &[(Version(0, 0, 0), false), (Version(4, 21, 1), true)];

/// `oidc_providers = { x = { provider_arn, namespace_service_accounts = ["ns:sa"] } }`; `eks`:
/// the v5 `-eks` module (its operator input is `assume_role_condition_test`).
pub(super) fn service_accounts(b: &mut Builder<'_, '_, '_>, eks: bool) -> (Vec<Statement>, bool) {
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
        return (Vec::new(), b.call.attr("oidc_providers").is_none());
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
    (out, complete)
}

/// v5 `iam-assumable-role-with-oidc`: `provider_url(s)`, subjects and audiences.
pub(super) fn assumable_role_with_oidc(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
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
    let out = url_statements(b, &urls, &account, &subjects, &audiences, "StringLike");
    (out, complete)
}

/// Subject inputs: exact values (StringEquals) and patterns (StringLike).
struct Subjects<'s> {
    exact: &'s Leaves,
    wildcard: &'s Leaves,
}

/// One statement per issuer URL, as the generic OIDC modules render them; audiences (if any)
/// under `aud_operator`.
fn url_statements(
    b: &Builder<'_, '_, '_>,
    urls: &Leaves,
    account: &Leaf,
    subjects: &Subjects<'_>,
    audiences: &Leaves,
    aud_operator: &str,
) -> Vec<Statement> {
    let mut out = Vec::new();
    for url in &urls.items {
        let host = host_of_url(&url.value, url.span);
        let principal = b.provider_arn(account, &host, url.span);
        let mut st = b.statement(principal, &host, None, None);
        b.add_subjects(&mut st, &host, subjects.exact, subjects.wildcard);
        if !audiences.items.is_empty() {
            let key = b.key(&host, "aud");
            st.conditions
                .push(b.condition(b.constant(aud_operator), key, audiences.clone()));
        }
        out.push(st);
    }
    out
}

/// v6 `iam-role`: generic OIDC (`enable_oidc`) and GitHub (`enable_github_oidc`).
pub(super) fn iam_role_v6(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
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
    if b.call.attr("trust_policy_conditions").is_some() {
        let (extra, known) = match b.input("trust_policy_conditions") {
            Some(v) => document_conditions(b, &v),
            None => (Vec::new(), false),
        };
        for st in &mut out {
            st.conditions.extend(extra.iter().cloned());
            st.conditions_complete &= known;
        }
    }
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
    (out, complete)
}

/// v5 `iam-github-oidc-role`: `subjects` under `subject_condition` (default StringLike).
pub(super) fn github_oidc_role(b: &mut Builder<'_, '_, '_>) -> (Vec<Statement>, bool) {
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
    let st = b.statement(principal, &host, subs, Some(vec![audience]));
    (vec![st], complete)
}

/// A terraform-aws-iam `iam-oidc-provider` call that leaves `client_id_list` to the module's
/// default (unset or `[]`), which is `sts.amazonaws.com.cn` in China.
#[derive(Debug, Clone)]
pub struct IamOidcModule {
    /// `module.X`.
    pub address: String,
    pub header: Span,
    /// `url`, when it evaluates to a string.
    pub url: Option<StrArg>,
}

/// `call`, when it is an `iam-oidc-provider` call whose client IDs are the module's default.
pub(crate) fn oidc_provider_default(
    ev: &mut Evaluator<'_, '_>,
    call: &Item<'_>,
) -> Option<IamOidcModule> {
    if call_kind(ev, call) != Some(Kind::IamOidcProvider) {
        return None;
    }
    if let Some((f, e)) = call.attr("client_id_list") {
        // An empty list falls back to the default too.
        let empty = matches!(ev.eval(f, e), Value::List(ref items, _) if items.is_empty());
        if !empty {
            return None;
        }
    }
    let url = call.block.body.get_attribute("url").and_then(|attr| {
        let Value::Str(value, span) = ev.eval(call.file, &attr.value) else {
            return None;
        };
        Some(StrArg {
            key: span_of(call.file, &attr.key),
            value,
            span,
        })
    });
    Some(IamOidcModule {
        address: format!("module.{}", call.address()),
        header: header_span(call),
        url,
    })
}
