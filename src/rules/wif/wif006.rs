use crate::base::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::base::source::Span;
use crate::model::policy::Statement;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{ClaimCondition, claim_conditions, rename_operator, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF006: `ForAllValues:` / `ForAnyValue:` on `:sub`, `:aud` or `:iss`, which hold one value.
    /// `ForAllValues:` is true when the claim is missing, so the condition restricts nothing for
    /// tokens without it (or when the key is misspelled).
    pub struct SetOperatorOnSingleValuedClaim;
    code: "WIF006",
    name: "set-operator-on-single-valued-claim",
    severity: Warning,
    kind: Exposes,
    fix: Sometimes,
    summary: "Set operator (`ForAllValues:`/`ForAnyValue:`) on a single-valued claim",
}

/// Claims that tokens carry as one string. (`amr` is multi-valued and not listed.)
const SINGLE_VALUED: [&str; 3] = ["sub", "aud", "iss"];

impl Rule for SetOperatorOnSingleValuedClaim {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if !st.is_allow() {
                continue;
            }
            let claims = claim_conditions(st);
            // A plain positive `:sub` condition still pins the subject (terraform-aws-iam v6
            // GitHub statements pair `ForAllValues:` on iss/aud with one).
            let plain_sub = claims
                .iter()
                .find(|c| c.key.claim == "sub" && c.op.set.is_none() && c.op.is_positive_string());
            // One finding per written operator: in JSON forms several keys share it.
            let mut groups: Vec<(Span, String, Vec<&ClaimCondition<'_>>)> = Vec::new();
            for c in &claims {
                let is_set = matches!(c.op.set.as_deref(), Some("ForAllValues" | "ForAnyValue"));
                if !is_set || !SINGLE_VALUED.contains(&c.key.claim.as_str()) {
                    continue;
                }
                let text = c.cond.operator.known().unwrap_or_default();
                let span = c.cond.operator.span;
                match groups.iter_mut().find(|(s, t, _)| *s == span && *t == text) {
                    Some((_, _, members)) => members.push(c),
                    None => groups.push((span, text, vec![c])),
                }
            }
            for (span, op_text, members) in groups {
                let Some(first) = members.first() else {
                    continue;
                };
                let for_all = first.op.set.as_deref() == Some("ForAllValues");
                let keys = format!(
                    "{} {}",
                    if members.len() == 1 {
                        "the single-valued claim"
                    } else {
                        "the single-valued claims"
                    },
                    members
                        .iter()
                        .map(|c| format!("`{}`", show(cx, &c.cond.key.value)))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let plain = plain_operator(first);
                let (severity, message) = match (for_all, plain_sub) {
                    (true, None) => (
                        Severity::Warning,
                        format!(
                            "`{op_text}` on {keys} is true when the claim is missing, so it fails open"
                        ),
                    ),
                    (true, Some(_)) => (
                        Severity::Info,
                        format!(
                            "`{op_text}` on {keys} is true when the claim is missing; the plain `:sub` condition still restricts this statement"
                        ),
                    ),
                    (false, _) => (
                        Severity::Info,
                        format!(
                            "`{op_text}` on {keys}: set operators are meant for multi-valued keys; `{plain}` says the same"
                        ),
                    ),
                };
                let mut d = Diagnostic::new(&META, span, message)
                    .with_severity(severity)
                    .with_label("set operator on a single-valued claim")
                    .with_help(format!(
                        "Use `{plain}`: it is false when the claim is missing or the key is misspelled. \
                         Set operators belong on multi-valued keys such as Cognito's `amr`."
                    ))
                    .with_fix(rename_fix(cx, st, span, &members, &plain));
                if for_all && let Some(sub) = plain_sub {
                    d = d.with_secondary(sub.cond.key.span, "this `:sub` condition still applies");
                }
                out.push(d);
            }
        }
    }
}

/// The operator without its set qualifier.
fn plain_operator(c: &ClaimCondition<'_>) -> String {
    if c.op.if_exists {
        format!("{}IfExists", c.op.base)
    } else {
        c.op.base.clone()
    }
}

/// Drops the qualifier, when every condition under this operator is a single-valued claim
/// (renaming the operator renames it for all of them) and, in JSON forms, the plain operator
/// is not already a key of the statement.
fn rename_fix(
    cx: &Context<'_>,
    st: &Statement,
    span: Span,
    members: &[&ClaimCondition<'_>],
    plain: &str,
) -> Option<Fix> {
    let sharing = st
        .conditions
        .iter()
        .filter(|c| c.operator.span == span)
        .count();
    if sharing != members.len() {
        return None;
    }
    rename_operator(cx, st, members.first()?.cond, plain, Applicability::Unsafe)
}
