//! Variable files of a root module: `terraform.tfvars`, `*.auto.tfvars` (and their `.json`
//! forms) and `--var-file`, loaded in Terraform's order so a later file wins. Their values
//! keep their origins in the variable file, so a finding can point at the line that set them.

use crate::base::diagnostic::Problem;
use crate::base::source::{ReadError, Span};
use crate::eval::Evaluator;
use crate::input::module::span_of;
use crate::input::parse::json::parse_json;
use crate::input::parse::{MAX_FILE_BYTES, parse_tf};
use crate::value::{Origin, SymStr, Value};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::template::{Element, Template};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The values `files` give the variables the module declares (the last file setting one
/// wins), and what could not be read or used. Values are evaluated with `ev`, which they
/// cannot refer back to: a variable file holds constants only.
pub fn load(
    ev: &mut Evaluator<'_, '_>,
    files: &[PathBuf],
) -> (HashMap<String, Value>, Vec<Problem>) {
    let mut values = HashMap::new();
    let mut problems = Vec::new();
    for path in files {
        let assigned = if path.to_string_lossy().ends_with(".json") {
            json_file(ev, path)
        } else {
            hcl_file(ev, path)
        };
        match assigned {
            Ok((entries, found)) => {
                problems.extend(found);
                for (name, value) in entries {
                    // Terraform warns about a value for an undeclared variable and ignores it.
                    if ev.module.variables.contains_key(&name) {
                        values.insert(name, value);
                    }
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    (values, problems)
}

type Assigned = (Vec<(String, Value)>, Vec<Problem>);

/// `name = value` lines of an HCL variable file.
fn hcl_file(ev: &mut Evaluator<'_, '_>, path: &Path) -> Result<Assigned, Problem> {
    let parsed = parse_tf(ev.sources, path).map_err(|p| *p)?;
    let file = parsed.id;
    ev.grant(file, ev.sources.get(file).text.len());
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for attr in parsed.body.attributes() {
        let name = attr.key.as_str().to_string();
        let span = span_of(file, &attr.value);
        let value = match written(&attr.value) {
            Written::Constant => ev.eval(file, &attr.value),
            Written::Unfollowed => Value::Unknown(span),
            Written::Refused => {
                problems.push(
                    Problem::error(
                        span,
                        format!(
                            "`{name}` in a variable file is not a constant; Terraform refuses \
                         references and function calls here"
                        ),
                    )
                    .with_label("not a constant value"),
                );
                Value::Unknown(span)
            }
        };
        entries.push((name, value));
    }
    if let Some(block) = parsed.body.blocks().next() {
        problems.push(
            Problem::error(
                span_of(file, &block.ident),
                "a variable file holds `name = value` lines only; Terraform refuses blocks here",
            )
            .with_label("a block"),
        );
    }
    Ok((entries, problems))
}

/// The top-level object of a JSON variable file.
fn json_file(ev: &mut Evaluator<'_, '_>, path: &Path) -> Result<Assigned, Problem> {
    let text = match ev.sources.read(path, MAX_FILE_BYTES) {
        Ok(text) => text,
        Err(error) => {
            let text = match &error {
                ReadError::NotUtf8 { text, .. } => text.clone(),
                _ => String::new(),
            };
            let id = ev.sources.add(path.to_path_buf(), text);
            return Err(Problem::error(Span::new(id, 0..0), error.to_string()));
        }
    };
    let len = text.len();
    let id = ev.sources.add(path.to_path_buf(), text.clone());
    ev.grant(id, len);
    let whole = Span::new(id, 0..len);
    let value = parse_json(&SymStr::text(text, Origin::Exact(whole)), whole).map_err(|e| {
        Problem::error(e.span, format!("invalid JSON: {}", e.message)).with_label("here")
    })?;
    match value {
        Value::Object(entries, _) => Ok((
            entries
                .into_iter()
                .filter_map(|(k, _, v)| Some((k.known()?, v)))
                .collect(),
            Vec::new(),
        )),
        other => Err(Problem::error(
            other.span(),
            "a JSON variable file must be an object of variable names to values",
        )
        .with_label("not an object")),
    }
}

/// How a variable file's value is read.
#[derive(Debug, PartialEq)]
enum Written {
    /// Literals, lists and objects of them, operators: evaluated.
    Constant,
    /// A reference or a function call somewhere in it: Terraform refuses the file.
    Refused,
    /// A `for` expression (its names are its own): valid, but not followed.
    Unfollowed,
}

fn written(expr: &Expression) -> Written {
    let all = |items: &mut dyn Iterator<Item = &Expression>| {
        items.fold(Written::Constant, |acc, e| match (acc, written(e)) {
            (Written::Refused, _) | (_, Written::Refused) => Written::Refused,
            (Written::Unfollowed, _) | (_, Written::Unfollowed) => Written::Unfollowed,
            _ => Written::Constant,
        })
    };
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => Written::Constant,
        Expression::Array(items) => all(&mut items.iter()),
        Expression::Object(obj) => all(&mut obj.iter().flat_map(|(k, v)| {
            let key = match k {
                ObjectKey::Ident(_) => None,
                ObjectKey::Expression(e) => Some(e),
            };
            key.into_iter().chain(std::iter::once(v.expr()))
        })),
        Expression::StringTemplate(t) => template(t),
        Expression::HeredocTemplate(h) => template(&h.template),
        Expression::Parenthesis(p) => written(p.inner()),
        Expression::UnaryOp(u) => written(&u.expr),
        Expression::BinaryOp(b) => all(&mut [&b.lhs_expr, &b.rhs_expr].into_iter()),
        Expression::Conditional(c) => {
            all(&mut [&c.cond_expr, &c.true_expr, &c.false_expr].into_iter())
        }
        Expression::ForExpr(_) => Written::Unfollowed,
        Expression::Variable(_) | Expression::Traversal(_) | Expression::FuncCall(_) => {
            Written::Refused
        }
    }
}

fn template(t: &Template) -> Written {
    let mut out = Written::Constant;
    for element in t.iter() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => match written(&i.expr) {
                Written::Refused => return Written::Refused,
                Written::Unfollowed => out = Written::Unfollowed,
                Written::Constant => {}
            },
            // `%{if}` / `%{for}`: valid, not followed.
            Element::Directive(_) => out = Written::Unfollowed,
        }
    }
    out
}
