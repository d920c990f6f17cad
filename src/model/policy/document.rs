//! `data "aws_iam_policy_document"` → policy model, including `dynamic` blocks over known
//! collections and `source_policy_documents` / `override_policy_documents`.

use super::from_value::{leaf, leaves};
use super::model::{Condition, Leaf, Leaves, Policy, PolicyForm, Principal, Statement};
use crate::base::source::FileId;
use crate::eval::Evaluator;
use crate::eval::expand::{ListKeys, binding, entries};
use crate::input::module::{Item, span_of};
use crate::value::{Origin, SymStr, Value};
use hcl_edit::structure::{Block, Body};

/// Documents nest through `source_policy_documents`; this bounds the recursion.
const MAX_NESTING: usize = 8;

/// Builds the policy of the document data source `name`.
pub fn document_policy(
    ev: &mut Evaluator<'_, '_>,
    name: &str,
    role: Option<String>,
) -> Option<Policy> {
    document_policy_nested(ev, name, role, 0)
}

fn document_policy_nested(
    ev: &mut Evaluator<'_, '_>,
    name: &str,
    role: Option<String>,
    depth: usize,
) -> Option<Policy> {
    let item = ev.module.data_source("aws_iam_policy_document", name)?;
    if depth > MAX_NESTING {
        return None;
    }
    let mut policy = Policy {
        form: PolicyForm::Document,
        role,
        span: item.span(),
        version: item.attr("version").and_then(|(f, e)| leaf(&ev.eval(f, e))),
        statements: Vec::new(),
        statements_complete: true,
        instance: None,
        invalid_loop: None,
    };
    let (own, complete) = statements_of(ev, item.file, &item.block.body);
    policy.statements_complete &= complete;

    // Source documents come first; the document's own statements replace those with the same Sid.
    for (f, doc) in list_attr(ev, item, "source_policy_documents") {
        match nested_policy(ev, f, &doc, depth) {
            Some(p) => {
                policy.statements_complete &= p.statements_complete;
                policy.statements.extend(p.statements);
            }
            None => policy.statements_complete = false,
        }
    }
    merge_by_sid(&mut policy.statements, own);
    // Override documents replace statements with the same Sid, and add the rest.
    for (f, doc) in list_attr(ev, item, "override_policy_documents") {
        match nested_policy(ev, f, &doc, depth) {
            Some(p) => {
                policy.statements_complete &= p.statements_complete;
                merge_by_sid(&mut policy.statements, p.statements);
            }
            None => policy.statements_complete = false,
        }
    }
    Some(policy)
}

fn list_attr(ev: &mut Evaluator<'_, '_>, item: Item<'_>, name: &str) -> Vec<(FileId, Value)> {
    match item.attr(name) {
        Some((f, e)) => match ev.eval(f, e) {
            Value::List(items, _) => items.into_iter().map(|v| (f, v)).collect(),
            other => vec![(f, Value::Unknown(other.span()))],
        },
        None => Vec::new(),
    }
}

fn nested_policy(
    ev: &mut Evaluator<'_, '_>,
    _file: FileId,
    v: &Value,
    depth: usize,
) -> Option<Policy> {
    match v {
        Value::PolicyDocument(name, _) => document_policy_nested(ev, name, None, depth + 1),
        other => super::extract::policy_of_value(ev, other, None, 0),
    }
}

fn merge_by_sid(into: &mut Vec<Statement>, statements: Vec<Statement>) {
    for st in statements {
        let sid = st
            .sid
            .as_ref()
            .and_then(Leaf::known)
            .filter(|s| !s.is_empty());
        match sid.and_then(|sid| {
            into.iter()
                .position(|e| e.sid.as_ref().and_then(Leaf::known).as_deref() == Some(sid.as_str()))
        }) {
            Some(i) => into[i] = st,
            None => into.push(st),
        }
    }
}

/// The statements of a document body: `statement` blocks and `dynamic "statement"` blocks.
fn statements_of(ev: &mut Evaluator<'_, '_>, file: FileId, body: &Body) -> (Vec<Statement>, bool) {
    let mut out = Vec::new();
    let mut complete = true;
    for block in body.blocks() {
        match block.ident.as_str() {
            "statement" => out.push(statement(ev, file, block, &block.body)),
            "dynamic" if label(block) == Some("statement") => {
                complete &= expand_dynamic(ev, file, block, &mut |ev, content| {
                    out.push(statement(ev, file, block, content));
                });
            }
            _ => {}
        }
    }
    (out, complete)
}

fn label(block: &Block) -> Option<&str> {
    block.labels.first().map(|l| l.as_str())
}

/// Runs `each` once per element of a `dynamic` block's known `for_each`, with the iterator
/// bound. Returns false when the collection is not known.
pub(crate) fn expand_dynamic(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    block: &Block,
    each: &mut dyn FnMut(&mut Evaluator<'_, '_>, &Body),
) -> bool {
    let Some(content) = block.body.blocks().find(|b| b.ident.as_str() == "content") else {
        return false;
    };
    let Some(for_each) = block.body.get_attribute("for_each") else {
        return false;
    };
    let iterator = block
        .body
        .get_attribute("iterator")
        .and_then(|a| match &a.value {
            hcl_edit::expr::Expression::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        })
        .or_else(|| label(block).map(str::to_string))
        .unwrap_or_default();
    let collection = ev.eval(file, &for_each.value);
    let Some(items) = entries(collection, ListKeys::Index) else {
        return false;
    };
    for (key, value) in items {
        let at = value.span();
        ev.with_binding(&iterator, binding(key, value, at), |ev| {
            each(ev, &content.body)
        });
    }
    true
}

fn attr_value(ev: &mut Evaluator<'_, '_>, file: FileId, body: &Body, name: &str) -> Option<Value> {
    body.get_attribute(name).map(|a| ev.eval(file, &a.value))
}

fn statement(ev: &mut Evaluator<'_, '_>, file: FileId, block: &Block, body: &Body) -> Statement {
    let span = span_of(file, block);
    let effect = match attr_value(ev, file, body, "effect") {
        Some(v) => leaf(&v),
        // Terraform's default.
        None => Some(Leaf {
            value: SymStr::text("Allow", Origin::Derived(span)),
            span,
        }),
    };
    let mut st = Statement {
        span,
        sid: attr_value(ev, file, body, "sid").as_ref().and_then(leaf),
        effect,
        principals: Vec::new(),
        principals_complete: true,
        not_principal: false,
        actions: Leaves {
            items: Vec::new(),
            complete: true,
        },
        not_action: false,
        conditions: Vec::new(),
        conditions_complete: true,
        condition_block: None,
    };
    match (
        attr_value(ev, file, body, "actions"),
        attr_value(ev, file, body, "not_actions"),
    ) {
        (Some(a), _) => st.actions = leaves(&a),
        (None, Some(a)) => {
            st.actions = leaves(&a);
            st.not_action = true;
        }
        _ => {}
    }
    for inner in body.blocks() {
        match (inner.ident.as_str(), label(inner)) {
            ("principals", _) => st.principals.push(principal(ev, file, inner, &inner.body)),
            ("not_principals", _) => {
                st.not_principal = true;
                st.principals.push(principal(ev, file, inner, &inner.body));
            }
            ("condition", _) => match condition(ev, file, inner, &inner.body) {
                Some(c) => st.conditions.push(c),
                None => st.conditions_complete = false,
            },
            ("dynamic", Some("principals")) => {
                let mut found = Vec::new();
                st.principals_complete &= expand_dynamic(ev, file, inner, &mut |ev, content| {
                    found.push(principal(ev, file, inner, content));
                });
                st.principals.extend(found);
            }
            ("dynamic", Some("condition")) => {
                let mut found = Vec::new();
                let mut all = true;
                st.conditions_complete &=
                    expand_dynamic(ev, file, inner, &mut |ev, content| match condition(
                        ev, file, inner, content,
                    ) {
                        Some(c) => found.push(c),
                        None => all = false,
                    });
                st.conditions_complete &= all;
                st.conditions.extend(found);
            }
            _ => {}
        }
    }
    for p in &st.principals {
        st.principals_complete &= p.values.complete && p.kind.value.is_known();
    }
    st
}

fn principal(ev: &mut Evaluator<'_, '_>, file: FileId, block: &Block, body: &Body) -> Principal {
    let span = span_of(file, block);
    let kind = attr_value(ev, file, body, "type")
        .as_ref()
        .and_then(leaf)
        .unwrap_or(Leaf {
            value: SymStr::symbol(crate::value::Shape::Unknown, span),
            span,
        });
    let values = attr_value(ev, file, body, "identifiers")
        .map(|v| leaves(&v))
        .unwrap_or_default();
    Principal { kind, values, span }
}

fn condition(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    block: &Block,
    body: &Body,
) -> Option<Condition> {
    let operator = leaf(&attr_value(ev, file, body, "test")?)?;
    let variable = body.get_attribute("variable")?;
    let key = leaf(&ev.eval(file, &variable.value))?;
    let key_written = span_of(file, &variable.value);
    let values = attr_value(ev, file, body, "values")
        .map(|v| leaves(&v))
        .unwrap_or_default();
    Some(Condition {
        operator,
        key,
        key_written,
        values,
        entry: span_of(file, block),
        siblings: 1,
    })
}
