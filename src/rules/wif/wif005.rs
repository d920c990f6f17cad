use crate::base::diagnostic::{Applicability, Diagnostic, Kind, Severity};
use crate::rules::helpers::{Operator, claim_conditions, rename_operator, show};
use crate::rules::{Context, FixAvailability, Rule, RuleMeta};

/// WIF005: `*` or `?` under an exact-match string operator, where IAM compares them as literal
/// characters. No EKS, GitHub or HCP Terraform claim contains them, so the value never matches.
pub struct WildcardUnderExactOperator;

pub static META: RuleMeta = RuleMeta {
    code: "WIF005",
    name: "wildcard-under-exact-operator",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "Wildcard under an exact-match operator",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/WIF005.md")),
    fix: FixAvailability::Sometimes,
};

impl Rule for WildcardUnderExactOperator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

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
