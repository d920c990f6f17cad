//! Unary and binary operators over known operands (`i > 0`, `ns != "default"`, `n - 1`), as
//! templates use them to place separators. An operand that is not known text gives `Unknown`.

use super::Evaluator;
use crate::base::source::{FileId, Span};
use crate::value::{Origin, SymStr, Value};
use hcl_edit::expr::{BinaryOp, BinaryOperator, UnaryOp, UnaryOperator};

fn text(t: impl Into<String>, span: Span) -> Value {
    Value::Str(SymStr::text(t, Origin::Derived(span)), span)
}

fn boolean(b: bool, span: Span) -> Value {
    text(if b { "true" } else { "false" }, span)
}

fn number(n: f64, span: Span) -> Value {
    if !n.is_finite() {
        return Value::Unknown(span);
    }
    // Whole numbers print without a fraction, as Terraform shows them.
    if n.fract() == 0.0 && n.abs() < 1e15 {
        text(format!("{}", n as i64), span)
    } else {
        text(n.to_string(), span)
    }
}

fn as_bool(v: &Value) -> Option<bool> {
    match v.known_text().as_deref() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

fn as_number(v: &Value) -> Option<f64> {
    v.known_text()?.trim().parse::<f64>().ok()
}

pub(super) fn unary(ev: &mut Evaluator<'_, '_>, file: FileId, op: &UnaryOp, span: Span) -> Value {
    let v = ev.eval(file, &op.expr);
    match op.operator.value() {
        UnaryOperator::Not => as_bool(&v).map_or(Value::Unknown(span), |b| boolean(!b, span)),
        UnaryOperator::Neg => as_number(&v).map_or(Value::Unknown(span), |n| number(-n, span)),
    }
}

pub(super) fn binary(ev: &mut Evaluator<'_, '_>, file: FileId, op: &BinaryOp, span: Span) -> Value {
    let lhs = ev.eval(file, &op.lhs_expr);
    let rhs = ev.eval(file, &op.rhs_expr);
    let unknown = Value::Unknown(span);
    match op.operator.value() {
        BinaryOperator::Eq | BinaryOperator::NotEq => {
            let equal = match (as_number(&lhs), as_number(&rhs)) {
                (Some(a), Some(b)) => Some(a == b),
                _ => match (&lhs, &rhs) {
                    (Value::Str(a, _), Value::Str(b, _)) => match (a.known(), b.known()) {
                        (Some(a), Some(b)) => Some(a == b),
                        _ => None,
                    },
                    (Value::Null(_), Value::Null(_)) => Some(true),
                    (Value::Null(_), Value::Str(s, _)) | (Value::Str(s, _), Value::Null(_)) => {
                        s.is_known().then_some(false)
                    }
                    _ => None,
                },
            };
            let not = *op.operator.value() == BinaryOperator::NotEq;
            equal.map_or(unknown, |e| boolean(e != not, span))
        }
        BinaryOperator::And | BinaryOperator::Or => {
            let and = *op.operator.value() == BinaryOperator::And;
            match (as_bool(&lhs), as_bool(&rhs)) {
                (Some(a), Some(b)) => boolean(if and { a && b } else { a || b }, span),
                // A known `false` decides `&&` (a known `true` decides `||`) whatever the other
                // side is, as in Terraform: `module.this.enabled && var.iam_role_enabled`.
                (Some(decisive), None) | (None, Some(decisive)) if decisive != and => {
                    boolean(decisive, span)
                }
                _ => unknown,
            }
        }
        other => {
            let (Some(a), Some(b)) = (as_number(&lhs), as_number(&rhs)) else {
                return unknown;
            };
            match other {
                BinaryOperator::Less => boolean(a < b, span),
                BinaryOperator::LessEq => boolean(a <= b, span),
                BinaryOperator::Greater => boolean(a > b, span),
                BinaryOperator::GreaterEq => boolean(a >= b, span),
                BinaryOperator::Plus => number(a + b, span),
                BinaryOperator::Minus => number(a - b, span),
                BinaryOperator::Mul => number(a * b, span),
                BinaryOperator::Div if b != 0.0 => number(a / b, span),
                BinaryOperator::Mod if b != 0.0 => number(a % b, span),
                _ => unknown,
            }
        }
    }
}
