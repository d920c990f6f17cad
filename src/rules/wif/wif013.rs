use crate::base::diagnostic::{Applicability, Diagnostic};
use crate::base::text::closest;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{rename_operator, show};
use crate::rules::{Context, Rule};
use std::collections::HashSet;

declare_rule! {
    /// WIF013: a condition operator IAM does not know (`StringEqual`, `StringsEquals`,
    /// `stringEquals`). IAM rejects the whole document with `MalformedPolicyDocument: Invalid
    /// Condition type`, so the role cannot be created or updated.
    pub struct UnknownConditionOperator;
    code: "WIF013",
    name: "unknown-condition-operator",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Condition operator that IAM does not know",
}

/// IAM's condition operators without qualifier and `IfExists`.
const BASES: [&str; 27] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

const QUALIFIERS: [&str; 2] = ["ForAllValues", "ForAnyValue"];

/// Whether IAM accepts `op` as a condition operator (names are case-sensitive).
pub fn is_valid_operator(op: &str) -> bool {
    let rest = match op.split_once(':') {
        Some((q, rest)) if QUALIFIERS.contains(&q) => rest,
        Some(_) => return false,
        None => op,
    };
    if BASES.contains(&rest) {
        return true;
    }
    rest.strip_suffix("IfExists")
        .is_some_and(|b| b != "Null" && BASES.contains(&b))
}

/// Every valid operator name.
fn all_operators() -> Vec<String> {
    let mut names = Vec::new();
    for base in BASES {
        let mut forms = vec![base.to_string()];
        if base != "Null" {
            forms.push(format!("{base}IfExists"));
        }
        for f in forms {
            for q in QUALIFIERS {
                names.push(format!("{q}:{f}"));
            }
            names.push(f);
        }
    }
    names
}

impl Rule for UnknownConditionOperator {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // In JSON forms one operator key holds several conditions: report it once.
        let mut seen = HashSet::new();
        for st in &cx.policy.statements {
            for cond in &st.conditions {
                let Some(op) = cond.operator.known() else {
                    continue;
                };
                if is_valid_operator(&op) || !seen.insert(cond.operator.span) {
                    continue;
                }
                // `NullIfExists`: the suffix is the only defect.
                let suggestion = match op.strip_suffix("IfExists") {
                    Some(base) if is_valid_operator(base) => Some(base.to_string()),
                    _ => closest(&op, &all_operators()).map(str::to_string),
                };
                let message = match &suggestion {
                    Some(s) => format!(
                        "`{op}` is not an IAM condition operator; did you mean `{s}`? (condition on `{}`)",
                        show(cx, &cond.key.value)
                    ),
                    None => format!(
                        "`{op}` is not an IAM condition operator (condition on `{}`)",
                        show(cx, &cond.key.value)
                    ),
                };
                let fix =
                    suggestion.and_then(|s| rename_operator(cx, st, cond, &s, Applicability::Safe));
                out.push(
                    Diagnostic::new(&META, cond.operator.span, message)
                        .with_label("IAM rejects this operator: MalformedPolicyDocument")
                        .with_help(
                            "Operators are case-sensitive: String*, Numeric*, Date*, Bool, BinaryEquals, \
                             IpAddress, NotIpAddress, Arn* and Null, optionally prefixed with \
                             `ForAllValues:`/`ForAnyValue:` and suffixed with `IfExists` (not `Null`).",
                        )
                        .with_fix(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_operators() {
        for op in [
            "StringEquals",
            "ForAllValues:StringLike",
            "ForAnyValue:StringEqualsIfExists",
            "Null",
            "BoolIfExists",
            "NotIpAddress",
            "ArnNotLikeIfExists",
        ] {
            assert!(is_valid_operator(op), "{op}");
        }
        for op in [
            "StringEqual",
            "stringEquals",
            "NullIfExists",
            "ForAllValue:StringLike",
            "StringLikeIgnoreCase",
            "",
        ] {
            assert!(!is_valid_operator(op), "{op}");
        }
    }

    #[test]
    fn suggestions() {
        let names = all_operators();
        assert_eq!(closest("StringEqual", &names), Some("StringEquals"));
        assert_eq!(closest("StringsEquals", &names), Some("StringEquals"));
        assert_eq!(closest("stringequals", &names), Some("StringEquals"));
        assert_eq!(
            closest("ForAnyValues:StringLike", &names),
            Some("ForAnyValue:StringLike")
        );
        assert_eq!(closest("Matches", &names), None);
    }
}
