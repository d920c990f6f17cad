//! Builds the policy model from an evaluated JSON-shaped value: a `jsonencode({...})` object or
//! parsed JSON text. Both produce the same [`Value`] tree, so one walk serves both forms.

use super::model::{Condition, Leaf, Leaves, Policy, PolicyForm, Principal, Statement};
use crate::base::source::Span;
use crate::value::{Origin, SymStr, Value};

/// The policy of an evaluated document value, or `None` when it is not an object.
pub fn policy_from_value(
    v: &Value,
    form: PolicyForm,
    role: Option<String>,
    span: Span,
) -> Option<Policy> {
    let Value::Object(..) = v else {
        return None;
    };
    let version = v.get("Version").and_then(leaf);
    let (statements, statements_complete) = match v.get("Statement") {
        Some(Value::List(items, _)) => {
            let mut complete = true;
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::Object(..) => out.push(statement(item)),
                    _ => complete = false,
                }
            }
            (out, complete)
        }
        Some(obj @ Value::Object(..)) => (vec![statement(obj)], true),
        Some(_) => (Vec::new(), false),
        None => (Vec::new(), true),
    };
    Some(Policy {
        form,
        role,
        span,
        version,
        statements,
        statements_complete,
        instance: None,
        invalid_loop: None,
    })
}

/// The leaf of a string value; `None` for anything else.
pub fn leaf(v: &Value) -> Option<Leaf> {
    match v {
        // Known text points where it is written; a bare reference points at its use.
        // Text written inside the value's own expression points at itself; text that came
        // from elsewhere (a local, a variable) and references point at where they are used.
        Value::Str(s, span) => Some(Leaf {
            span: match s.span() {
                Some(inner) if s.as_symbol().is_none() && span.contains(inner) => inner,
                _ => *span,
            },
            value: s.clone(),
        }),
        _ => None,
    }
}

/// A string or a list of strings (IAM accepts both wherever a list is allowed).
pub fn leaves(v: &Value) -> Leaves {
    match v {
        Value::Str(..) => Leaves {
            items: leaf(v).into_iter().collect(),
            complete: true,
        },
        Value::List(items, _) => {
            let mut out = Leaves {
                items: Vec::new(),
                complete: true,
            };
            for item in items {
                match leaf(item) {
                    Some(l) => out.items.push(l),
                    None => out.complete = false,
                }
            }
            out
        }
        _ => Leaves::default(),
    }
}

fn key_leaf(key: &SymStr, key_span: Span) -> Leaf {
    Leaf {
        span: key
            .span()
            .filter(|s| key_span.contains(*s))
            .unwrap_or(key_span),
        value: key.clone(),
    }
}

fn statement(v: &Value) -> Statement {
    let span = v.span();
    let mut st = Statement {
        span,
        sid: v.get("Sid").and_then(leaf),
        // Present but not a string (an unknown reference): an unknown leaf, so that `None`
        // means the statement has no `Effect` at all.
        effect: v.get("Effect").map(|e| {
            leaf(e).unwrap_or_else(|| Leaf {
                value: SymStr::symbol(crate::value::Shape::Unknown, e.span()),
                span: e.span(),
            })
        }),
        principals: Vec::new(),
        principals_complete: true,
        not_principal: false,
        actions: Leaves::default(),
        not_action: false,
        conditions: Vec::new(),
        conditions_complete: true,
        condition_block: None,
    };
    let principal = match (v.get("Principal"), v.get("NotPrincipal")) {
        (Some(p), _) => Some(p),
        (None, Some(p)) => {
            st.not_principal = true;
            Some(p)
        }
        (None, None) => None,
    };
    match principal {
        Some(Value::Object(entries, _)) => {
            for (k, ks, val) in entries {
                let values = leaves(val);
                st.principals_complete &= values.complete && k.is_known();
                st.principals.push(Principal {
                    kind: key_leaf(k, *ks),
                    values,
                    span: ks.cover(val.span()),
                });
            }
        }
        // `"Principal": "*"`
        Some(star @ Value::Str(..)) => {
            if let Some(l) = leaf(star) {
                st.principals.push(Principal {
                    kind: Leaf {
                        value: SymStr::text("*", Origin::Derived(l.span)),
                        span: l.span,
                    },
                    values: Leaves {
                        items: vec![l.clone()],
                        complete: true,
                    },
                    span: l.span,
                });
            }
        }
        Some(Value::Null(_)) | None => {}
        Some(_) => st.principals_complete = false,
    }
    let (actions, not_action) = match (v.get("Action"), v.get("NotAction")) {
        (Some(a), _) => (Some(a), false),
        (None, Some(a)) => (Some(a), true),
        _ => (None, false),
    };
    st.not_action = not_action;
    if let Some(a) = actions {
        st.actions = leaves(a);
    } else {
        st.actions.complete = true;
    }
    match v.get("Condition") {
        Some(block @ Value::Object(ops, _)) => {
            st.condition_block = Some(block.span());
            for (op, op_span, keys) in ops {
                let Value::Object(keys, _) = keys else {
                    st.conditions_complete = false;
                    continue;
                };
                for (k, ks, vals) in keys {
                    let values = leaves(vals);
                    st.conditions.push(Condition {
                        operator: key_leaf(op, *op_span),
                        key: key_leaf(k, *ks),
                        key_written: *ks,
                        values,
                        entry: ks.cover(vals.span()),
                        siblings: keys.len(),
                    });
                }
            }
        }
        Some(Value::Null(_)) | None => {}
        Some(_) => st.conditions_complete = false,
    }
    st
}
