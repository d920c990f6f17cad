use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::base::source::{Sources, Span};
use crate::model::policy::{Leaf, Policy, PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    ClaimCondition, Operator, claim_conditions, rename_operator, replace_leaf, show,
};
use crate::rules::policy_syntax::{
    Syntax, condition_anchor, condition_entry, keyed_by_name, opening, quoted, reference,
};
use crate::rules::{Context, ModuleContext, Rule};

declare_rule! {
    /// COG001: a role trusting Cognito identity pools (`Federated = cognito-identity.amazonaws.com`)
    /// without the `:aud` condition IAM now demands, with the multi-valued `:amr` claim under a
    /// single-valued or `ForAllValues` operator, with `:amr` values no token carries, or attached to
    /// the pool slot (authenticated / unauthenticated) its trust does not admit.
    pub struct CognitoIdentityPoolTrust;
    code: "COG001",
    name: "cognito-identity-pool-trust",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Cognito identity-pool trust without a pool audience, or with `amr` conditions that cannot work",
}

const SLOTS: [&str; 2] = ["authenticated", "unauthenticated"];

impl Rule for CognitoIdentityPoolTrust {
    /// The `:amr` conditions of each Cognito statement.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in cognito_statements(cx.policy) {
            for c in amr_conditions(st) {
                if let Some(d) = set_operator(cx, st, &c) {
                    out.push(d);
                }
                for value in &c.cond.values.items {
                    if let Some(d) = amr_value(cx, &c, value) {
                        out.push(d);
                    }
                }
            }
        }
    }

    /// The missing pool audience (its fix names the module's pool) and the slot check against
    /// `aws_cognito_identity_pool_roles_attachment`.
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let infra = &cx.facts.infra;
        let pool = match infra.identity_pools.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        };
        let sources = cx.sources();
        for policy in cx.policies {
            for st in cognito_statements(policy) {
                if let Some(d) = missing_audience(sources, policy, st, pool) {
                    out.push(d);
                }
            }
        }
        for attached in &infra.pool_roles {
            if !SLOTS.contains(&attached.slot.as_str()) {
                continue;
            }
            let Some(policy) = cx.role_policy(&attached.role) else {
                continue;
            };
            if let Some(d) = slot_mismatch(policy, &attached.role, &attached.slot, attached.span) {
                out.push(d);
            }
        }
    }
}

/// True for the identity-pool principal (`cognito-identity.amazonaws.com`, and the regional
/// form used in the China partition).
fn is_cognito(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "cognito-identity.amazonaws.com"
        || (h.starts_with("cognito-identity.")
            && (h.ends_with(".amazonaws.com") || h.ends_with(".amazonaws.com.cn")))
}

/// Allow statements whose Federated principal is the identity-pool service.
fn cognito_statements(policy: &Policy) -> impl Iterator<Item = &Statement> {
    policy
        .statements
        .iter()
        .filter(|st| st.is_allow() && !st.not_principal && cognito_principal(st).is_some())
}

fn cognito_principal(st: &Statement) -> Option<&Leaf> {
    st.principals_of("Federated")
        .find(|l| l.known().is_some_and(|t| is_cognito(&t)))
}

/// Conditions on a Cognito claim, with positive string operators.
fn cognito_claims<'s>(st: &'s Statement, claim: &str) -> Vec<ClaimCondition<'s>> {
    claim_conditions(st)
        .into_iter()
        .filter(|c| {
            c.key.claim == claim
                && c.op.is_positive_string()
                && c.issuer.text().is_some_and(is_cognito)
        })
        .collect()
}

fn amr_conditions(st: &Statement) -> Vec<ClaimCondition<'_>> {
    cognito_claims(st, "amr")
}

/// `:amr` lists `authenticated` or `unauthenticated` and, for signed-in identities, every
/// login provider: only `ForAnyValue:` asks whether one entry matches.
fn set_operator(cx: &Context<'_>, st: &Statement, c: &ClaimCondition<'_>) -> Option<Diagnostic> {
    let op_text = c.cond.operator.known()?;
    let why = match c.op.set.as_deref() {
        Some(s) if s.eq_ignore_ascii_case("ForAnyValue") => return None,
        Some(s) if s.eq_ignore_ascii_case("ForAllValues") => {
            "`ForAllValues` requires every entry to match, and signed-in identities also list their login providers"
        }
        Some(_) => return None,
        None => "a single-valued operator cannot test a claim that holds a list",
    };
    let wanted = for_any_value(&c.op);
    let fix = operator_fix(cx, st, c, &wanted);
    Some(
        Diagnostic::new(
            &META,
            c.cond.operator.span,
            format!(
                "`{}` is multi-valued but is tested with `{op_text}`: {why}",
                show(cx, &c.cond.key.value)
            ),
        )
        .with_label(format!("use `{wanted}`"))
        .with_secondary(c.cond.key.span, "multi-valued claim")
        .with_help("Cognito's `amr` claim is a list (`authenticated` plus the login providers, or `unauthenticated`); test it with `ForAnyValue:StringLike`.")
        .with_fix(fix),
    )
}

/// `ForAnyValue:` + the operator's base (and `IfExists`).
fn for_any_value(op: &Operator) -> String {
    let suffix = if op.if_exists { "IfExists" } else { "" };
    format!("ForAnyValue:{}{suffix}", op.base)
}

/// Renames the operator when that changes only this key and makes no duplicate operator.
fn operator_fix(
    cx: &Context<'_>,
    st: &Statement,
    c: &ClaimCondition<'_>,
    wanted: &str,
) -> Option<Fix> {
    // In JSON forms the operator is shared by every key under it.
    if keyed_by_name(cx.policy.form) && c.cond.siblings > 1 {
        return None;
    }
    rename_operator(cx, st, c.cond, wanted, Applicability::Safe)
}

/// An `:amr` value that is neither a slot nor a login provider (which has a `.` or `:`).
fn amr_value(cx: &Context<'_>, c: &ClaimCondition<'_>, value: &Leaf) -> Option<Diagnostic> {
    let text = value.known()?;
    if text.contains(['.', ':']) || (!c.op.is_like() && text.contains(['*', '?'])) {
        return None;
    }
    if SLOTS.iter().any(|s| c.op.matches(&text, s)) {
        return None;
    }
    let fix = SLOTS
        .iter()
        .find(|s| s.eq_ignore_ascii_case(&text))
        .and_then(|s| replace_leaf(cx, value, s))
        .map(|e| Fix::safe("Write the value in lower case", vec![e]));
    Some(
        Diagnostic::new(
            &META,
            value.span,
            format!(
                "`{}` value `{text}` never appears in the claim: it holds `authenticated` or `unauthenticated` and login provider names",
                show(cx, &c.cond.key.value)
            ),
        )
        .with_severity(Severity::Warning)
        .with_label("no identity-pool token carries this")
        .with_help("Use `authenticated` or `unauthenticated` (comparisons are case-sensitive), or a login provider such as `graph.facebook.com`.")
        .with_fix(fix),
    )
}

/// A Cognito statement without a positive `:aud` condition.
fn missing_audience(
    sources: &Sources,
    policy: &Policy,
    st: &Statement,
    pool: Option<&str>,
) -> Option<Diagnostic> {
    if !st.conditions_complete || !cognito_claims(st, "aud").is_empty() {
        return None;
    }
    let principal = cognito_principal(st)?;
    let host = principal.known()?;
    // The regional China principal pairs with keys on `cognito-identity.amazonaws.com.cn`.
    let prefix = if host.to_ascii_lowercase().ends_with(".cn") {
        "cognito-identity.amazonaws.com.cn"
    } else {
        "cognito-identity.amazonaws.com"
    };
    let fix = pool.and_then(|p| {
        let edit = audience_edit(sources, policy, st, &format!("{prefix}:aud"), p)?;
        Some(Fix::unsafe_(
            format!("Require `{prefix}:aud` = `{p}.id`"),
            vec![edit],
        ))
    });
    Some(
        Diagnostic::new(
            &META,
            st.condition_block.unwrap_or(st.span),
            format!(
                "trust in `{host}` has no `StringEquals` on `{prefix}:aud`: any identity pool could use the role, and IAM rejects such trust policies"
            ),
        )
        .with_label("no identity-pool condition")
        .with_secondary(principal.span, "identity-pool principal")
        .with_help(format!("Add `StringEquals` on `{prefix}:aud` = the identity pool ID (`aws_cognito_identity_pool.<name>.id`)."))
        .with_fix(fix),
    )
}

/// The edit that adds `key = <pool>.id` under `StringEquals`, in the policy's own syntax:
/// `jsonencode`, a policy document, or JSON in a heredoc (where `${…}` interpolates).
fn audience_edit(
    sources: &Sources,
    policy: &Policy,
    st: &Statement,
    key: &str,
    pool: &str,
) -> Option<Edit> {
    let form = policy.form;
    // A module builds the statement itself; of JSON text only a heredoc interpolates `${…}`,
    // so quoted strings and files are left alone.
    let heredoc = || {
        sources
            .get(policy.span.file)
            .slice(policy.span)
            .starts_with("<<")
    };
    if form == PolicyForm::Module || (form == PolicyForm::JsonText && !heredoc()) {
        return None;
    }
    let syntax = Syntax::of(form);
    let key = quoted(syntax, key);
    let value = reference(syntax, &format!("{pool}.id"));
    if let Some(anchor) = condition_anchor(form, st, "StringEquals") {
        let indent = sources.get(anchor.file).indent_at(anchor.start).to_string();
        let text = condition_entry(syntax, &indent, "StringEquals", &key, &value);
        return Some(Edit::insert_at(anchor, text));
    }
    // No `StringEquals` yet: open one in the `Condition` object, or open that object too.
    let opening = opening(sources, form, st)?;
    let path: &[&str] = match st.condition_block {
        Some(_) => &["StringEquals"],
        None => &["Condition", "StringEquals"],
    };
    // Other operators follow the new one in a non-empty `Condition` object; a new
    // `Condition` is followed by the statement's other entries.
    let followed = st.condition_block.is_none() || !st.conditions.is_empty();
    let text = opening.entry(syntax, path, &key, &value, followed);
    Some(Edit::replace(opening.at, text))
}

/// Which slots the role's Cognito statements admit; `None` when not all are known.
fn admitted_slots(policy: &Policy) -> Option<Vec<&'static str>> {
    if !policy.statements_complete {
        return None;
    }
    let mut admitted = Vec::new();
    let mut any = false;
    for st in cognito_statements(policy) {
        any = true;
        if !st.conditions_complete {
            return None;
        }
        let amr = amr_conditions(st);
        if amr.is_empty() {
            return None;
        }
        // Conditions AND: a slot passes the statement when every amr condition admits it.
        for slot in SLOTS {
            let passes = amr.iter().all(|c| {
                c.cond.values.items.iter().any(|v| {
                    v.known().is_some_and(|t| {
                        c.op.matches(&t, slot)
                            || (slot == "authenticated" && t.contains(['.', ':']))
                    })
                })
            });
            if passes && !admitted.contains(&slot) {
                admitted.push(slot);
            }
        }
        let unknown = amr.iter().any(|c| {
            !c.cond.values.complete || c.cond.values.items.iter().any(|v| !v.value.is_known())
        });
        if unknown {
            return None;
        }
    }
    any.then_some(admitted)
}

/// A role attached to a pool slot its trust does not admit.
fn slot_mismatch(policy: &Policy, address: &str, slot: &str, at: Span) -> Option<Diagnostic> {
    let admitted = admitted_slots(policy)?;
    if admitted.contains(&slot) {
        return None;
    }
    let what = match admitted.as_slice() {
        [] => "admits neither slot".to_string(),
        [one] => format!("only admits `{one}` identities"),
        _ => return None,
    };
    let amr = cognito_statements(policy)
        .flat_map(amr_conditions)
        .find_map(|c| c.cond.values.items.first().map(|v| v.span));
    let mut d = Diagnostic::new(
        &META,
        at,
        format!(
            "`{address}` is the identity pool's {slot} role, but its trust {what} (`cognito-identity.amazonaws.com:amr`)"
        ),
    )
    .with_label(format!("the {slot} role"))
    .with_help(format!("Make the role's `ForAnyValue:StringLike` `cognito-identity.amazonaws.com:amr` condition `{slot}`, or attach it to the other slot."));
    if let Some(span) = amr {
        d = d.with_secondary(span, "the trust's amr condition");
    }
    Some(d)
}
