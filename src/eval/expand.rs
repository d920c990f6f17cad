//! Iterating a collection the way Terraform does, for `for` expressions, `dynamic` blocks and
//! resource `for_each`: written once.

use crate::base::source::Span;
use crate::value::{Origin, SymStr, Value};

/// How the items of a list are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKeys {
    /// By position (`for` expressions, `dynamic` blocks).
    Index,
    /// By the item itself: resource `for_each` takes a set of strings (others are skipped).
    Value,
}

/// The `(key, value)` pairs of a list or object, in order; `None` for anything else.
pub fn entries(collection: Value, keys: ListKeys) -> Option<Vec<(Value, Value)>> {
    match collection {
        Value::List(items, s) => Some(match keys {
            ListKeys::Index => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    (
                        Value::Str(SymStr::text(i.to_string(), Origin::Derived(s)), s),
                        v,
                    )
                })
                .collect(),
            ListKeys::Value => items
                .into_iter()
                .filter(|v| matches!(v, Value::Str(..)))
                .map(|v| (v.clone(), v))
                .collect(),
        }),
        Value::Object(entries, _) => Some(
            entries
                .into_iter()
                .map(|(k, ks, v)| (Value::Str(k, ks), v))
                .collect(),
        ),
        _ => None,
    }
}

/// `each` (or a `dynamic` block's iterator): `{ key = …, value = … }`, located at the value;
/// `key_at` is where the key's entry is said to be written.
pub fn binding(key: Value, value: Value, key_at: Span) -> Value {
    let span = value.span();
    Value::Object(
        vec![
            (SymStr::text("key", Origin::Derived(span)), key_at, key),
            (SymStr::text("value", Origin::Derived(span)), span, value),
        ],
        span,
    )
}
