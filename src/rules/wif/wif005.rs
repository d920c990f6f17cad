use crate::base::diagnostic::{Applicability, Diagnostic};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{Operator, claim_conditions, rename_operator, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF005: `*` or `?` under an exact-match string operator, where IAM compares them as literal
    /// characters. No EKS, GitHub or HCP Terraform claim contains them, so the value never matches.
    pub struct WildcardUnderExactOperator;
    code: "WIF005",
    name: "wildcard-under-exact-operator",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Wildcard under an exact-match operator",
}

impl Rule for WildcardUnderExactOperator {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            for c in claim_conditions(st) {
                if !c.op.is_exact_string() {
                    continue;
                }
                let Some(value) = c
                    .cond
                    .values
                    .items
                    .iter()
                    .find(|v| v.value.known_parts_text().contains(['*', '?']))
                else {
                    continue;
                };
                let op_text = c.cond.operator.known().unwrap_or_default();
                let like = like_operator(&c.op);
                let fix = rename_operator(cx, st, c.cond, &like, Applicability::Safe);
                // An operator a module applies by default is not written: point at the value.
                let primary = if c.cond.operator.value.verbatim_span().is_some() {
                    c.cond.operator.span
                } else {
                    value.span
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        primary,
                        format!(
                            "`{}` under `{op_text}` on `{}` is compared literally; wildcards need `{like}`",
                            show(cx, &value.value),
                            show(cx, &c.cond.key.value)
                        ),
                    )
                    .with_label(format!("`{op_text}` does not expand `*` or `?`"))
                    .with_secondary(value.span, "this wildcard never matches")
                    .with_help(format!("Use `{like}` for patterns, or write the exact value."))
                    .with_fix(fix),
                );
            }
        }
    }
}

/// The Like operator with the same qualifier and `IfExists`.
fn like_operator(op: &Operator) -> String {
    let base = if op.is_negated() {
        "StringNotLike"
    } else {
        "StringLike"
    };
    let mut s = String::new();
    if let Some(set) = &op.set {
        s.push_str(set);
        s.push(':');
    }
    s.push_str(base);
    if op.if_exists {
        s.push_str("IfExists");
    }
    s
}
