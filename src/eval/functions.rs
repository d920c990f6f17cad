//! Terraform functions the evaluator understands. Unknown functions give `Unknown`.

use super::Evaluator;
use super::value::{Origin, Part, Shape, SymStr, Symbol, Value, sub_part};
use crate::parse::literal::LiteralMode;
use crate::source::{FileId, Span};
use hcl_edit::expr::FuncCall;
use std::path::{Path, PathBuf};

/// Policy files larger than this are not read by `file()`/`templatefile()`.
const MAX_POLICY_FILE: u64 = 4 * 1024 * 1024;

pub(super) fn call(ev: &mut Evaluator<'_, '_>, file: FileId, call: &FuncCall, span: Span) -> Value {
    let name = call.name.name.as_str();
    if call.name.is_namespaced() || call.args.expand_final() {
        return Value::Unknown(span);
    }
    let args: Vec<_> = call.args.iter().collect();
    // `try` and `coalesce` look at their arguments lazily.
    match name {
        "try" => {
            return args
                .first()
                .map_or(Value::Unknown(span), |a| ev.eval(file, a));
        }
        "coalesce" => {
            for a in &args {
                match ev.eval(file, a) {
                    Value::Null(_) => continue,
                    Value::Str(s, _) if s.known().is_some_and(|t| t.is_empty()) => continue,
                    v => return v,
                }
            }
            return Value::Unknown(span);
        }
        _ => {}
    }
    let vals: Vec<Value> = args.iter().map(|a| ev.eval(file, a)).collect();
    let str_arg = |i: usize| vals.get(i).and_then(Value::as_str);
    let text_arg = |i: usize| vals.get(i).and_then(Value::known_text);
    match name {
        "jsonencode" => match vals.into_iter().next() {
            Some(v) => Value::Str(SymStr::symbol(Shape::Json(Box::new(v)), span), span),
            None => Value::Unknown(span),
        },
        "jsondecode" => match str_arg(0) {
            Some(s) => crate::parse::json::parse_json(s, span).unwrap_or(Value::Unknown(span)),
            None => Value::Unknown(span),
        },
        "replace" => match (str_arg(0), text_arg(1), text_arg(2)) {
            (Some(s), Some(old), Some(new)) => Value::Str(replace(s, &old, &new, span), span),
            _ => Value::Unknown(span),
        },
        "trimprefix" => match (str_arg(0), text_arg(1)) {
            (Some(s), Some(prefix)) => Value::Str(trim_prefix(s, &prefix), span),
            _ => Value::Unknown(span),
        },
        "lower" | "upper" => match text_arg(0) {
            Some(t) => {
                let t = if name == "lower" {
                    t.to_lowercase()
                } else {
                    t.to_uppercase()
                };
                Value::Str(SymStr::text(t, Origin::Derived(span)), span)
            }
            None => Value::Unknown(span),
        },
        "format" => match text_arg(0) {
            Some(fmt) => format(&fmt, &vals[1..], span),
            None => Value::Unknown(span),
        },
        "join" => match (text_arg(0), vals.get(1)) {
            (Some(sep), Some(Value::List(items, _))) => {
                let mut out = SymStr::default();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(Part::Text {
                            text: sep.clone(),
                            origin: Origin::Derived(span),
                        });
                    }
                    out.extend(super::interpolate(item.clone(), item.span()));
                }
                Value::Str(out, span)
            }
            _ => Value::Unknown(span),
        },
        "concat" => {
            let mut out = Vec::new();
            for v in vals {
                match v {
                    Value::List(items, _) => out.extend(items),
                    _ => return Value::Unknown(span),
                }
            }
            Value::List(out, span)
        }
        "flatten" => match vals.into_iter().next() {
            Some(Value::List(items, _)) => {
                let mut out = Vec::new();
                for v in items {
                    match v {
                        Value::List(inner, _) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                Value::List(out, span)
            }
            _ => Value::Unknown(span),
        },
        "merge" => {
            let mut out: Vec<(SymStr, Span, Value)> = Vec::new();
            for v in vals {
                match v {
                    Value::Object(entries, _) => {
                        for (k, ks, v) in entries {
                            out.retain(|(ek, _, _)| {
                                ek.known().is_none() || ek.known() != k.known()
                            });
                            out.push((k, ks, v));
                        }
                    }
                    Value::Null(_) => {}
                    _ => return Value::Unknown(span),
                }
            }
            Value::Object(out, span)
        }
        "tolist" | "toset" | "tomap" | "tostring" | "sensitive" | "nonsensitive" | "distinct"
        | "compact" => vals.into_iter().next().unwrap_or(Value::Unknown(span)),
        "lookup" => match (vals.first(), text_arg(1)) {
            (Some(obj @ Value::Object(..)), Some(key)) => obj
                .get(&key)
                .cloned()
                .or_else(|| vals.get(2).cloned())
                .unwrap_or(Value::Unknown(span)),
            _ => Value::Unknown(span),
        },
        "element" => match (
            vals.first(),
            text_arg(1).and_then(|t| t.parse::<usize>().ok()),
        ) {
            (Some(Value::List(items, _)), Some(i)) if !items.is_empty() => {
                items[i % items.len()].clone()
            }
            _ => Value::Unknown(span),
        },
        "file" => match text_arg(0) {
            Some(path) => read_policy_file(ev, &path)
                .map(|(id, text)| {
                    let len = text.len();
                    Value::Str(
                        SymStr::text(text, Origin::Exact(Span::new(id, 0..len))),
                        span,
                    )
                })
                .unwrap_or(Value::Unknown(span)),
            None => Value::Unknown(span),
        },
        "templatefile" => match text_arg(0) {
            Some(path) => templatefile(ev, &path, vals.get(1), span),
            None => Value::Unknown(span),
        },
        _ => Value::Unknown(span),
    }
}

/// `replace(s, old, new)`: literal replacement inside known parts, and the shape changes that
/// turn issuer URLs and provider ARNs into issuer hosts.
fn replace(s: &SymStr, old: &str, new: &str, span: Span) -> SymStr {
    let strips_scheme = new.is_empty()
        && (old == "https://" || old == "/^https?:\\/\\//" || old == "/^https:\\/\\//");
    let strips_arn = new.is_empty() && is_provider_prefix_regex(old);
    let mut out = SymStr::default();
    for part in &s.parts {
        match part {
            Part::Sym(sym) => out.push(Part::Sym(Symbol {
                shape: match &sym.shape {
                    Shape::IssuerUrl(i) | Shape::ProviderUrl(i) if strips_scheme => {
                        Shape::IssuerHost(i.clone())
                    }
                    Shape::ProviderArn(i) if strips_arn => Shape::IssuerHost(i.clone()),
                    // Still the dual-stack host, which IRSA004 reports wherever it lands.
                    Shape::DualstackIssuerUrl(i) if strips_scheme => {
                        Shape::DualstackIssuerUrl(i.clone())
                    }
                    Shape::IssuerHost(i) if strips_scheme || strips_arn => {
                        Shape::IssuerHost(i.clone())
                    }
                    // Any other replacement of an unknown value gives an unknown value.
                    _ => Shape::Unknown,
                },
                site: sym.site,
            })),
            Part::Text { text, origin } => {
                if strips_arn {
                    match text.rfind("provider/") {
                        Some(i) => {
                            out.push(sub_part(text, origin, i + "provider/".len(), text.len()))
                        }
                        None => out.push(part.clone()),
                    }
                    continue;
                }
                if old.len() > 1 && old.starts_with('/') && old.ends_with('/') {
                    // A regular expression we do not evaluate.
                    out.push(Part::Sym(Symbol {
                        shape: Shape::Unknown,
                        site: span,
                    }));
                    continue;
                }
                if old.is_empty() {
                    out.push(part.clone());
                    continue;
                }
                let mut last = 0;
                for (i, _) in text.match_indices(old) {
                    out.push(sub_part(text, origin, last, i));
                    out.push(Part::Text {
                        text: new.to_string(),
                        origin: Origin::Derived(span),
                    });
                    last = i + old.len();
                }
                out.push(sub_part(text, origin, last, text.len()));
            }
        }
    }
    out
}

/// `"/^(.*provider/)/"` and the like: the regex modules use to strip an ARN down to the host.
fn is_provider_prefix_regex(pattern: &str) -> bool {
    pattern.len() > 1
        && pattern.starts_with('/')
        && pattern.ends_with('/')
        && (pattern.contains("provider\\/") || pattern.contains("provider/"))
}

fn trim_prefix(s: &SymStr, prefix: &str) -> SymStr {
    let mut out = s.clone();
    match out.parts.first_mut() {
        Some(Part::Text { text, origin }) => {
            if let Some(rest) = text.strip_prefix(prefix) {
                let cut = text.len() - rest.len();
                let part = sub_part(text, origin, cut, text.len());
                out.parts[0] = part;
            }
        }
        Some(Part::Sym(sym)) => {
            sym.shape = match &sym.shape {
                Shape::IssuerUrl(i) | Shape::ProviderUrl(i) if prefix == "https://" => {
                    Shape::IssuerHost(i.clone())
                }
                Shape::IssuerHost(i) => Shape::IssuerHost(i.clone()),
                Shape::DualstackIssuerUrl(i) if prefix == "https://" => {
                    Shape::DualstackIssuerUrl(i.clone())
                }
                _ => Shape::Unknown,
            };
        }
        None => {}
    }
    out
}

/// `format()` with `%s`, `%v`, `%d` and `%%`.
fn format(fmt: &str, args: &[Value], span: Span) -> Value {
    let mut out = SymStr::default();
    let mut args = args.iter();
    let mut literal = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => literal.push('%'),
            Some('s' | 'v' | 'd') => {
                out.push(Part::Text {
                    text: std::mem::take(&mut literal),
                    origin: Origin::Derived(span),
                });
                match args.next() {
                    Some(v) => out.extend(super::interpolate(v.clone(), v.span())),
                    None => return Value::Unknown(span),
                }
            }
            _ => return Value::Unknown(span),
        }
    }
    out.push(Part::Text {
        text: literal,
        origin: Origin::Derived(span),
    });
    Value::Str(out, span)
}

/// Resolves a `file()` path: relative paths are relative to the module directory, as they are
/// for a root module (`path.module` already yields the module directory).
fn resolve(ev: &Evaluator<'_, '_>, path: &str) -> PathBuf {
    let p = Path::new(path);
    let dir = &ev.module.dir;
    if p.is_absolute() || (!dir.as_os_str().is_empty() && p.starts_with(dir)) {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

fn read_policy_file(ev: &Evaluator<'_, '_>, path: &str) -> Option<(FileId, String)> {
    let path = crate::source::normalize(&resolve(ev, path));
    if let Some(id) = ev.sources.lookup(&path) {
        let f = ev.sources.get(id);
        return Some((id, f.text.to_string()));
    }
    let text = ev.sources.read(&path, MAX_POLICY_FILE).ok()?;
    let id = ev.sources.add(path, text.clone());
    Some((id, text))
}

fn templatefile(ev: &mut Evaluator<'_, '_>, path: &str, vars: Option<&Value>, span: Span) -> Value {
    let Some((id, text)) = read_policy_file(ev, path) else {
        return Value::Unknown(span);
    };
    let Ok(template) = hcl_edit::parser::parse_template(&text) else {
        return Value::Unknown(span);
    };
    let bindings: Vec<(String, Value)> = match vars {
        Some(Value::Object(entries, _)) => entries
            .iter()
            .filter_map(|(k, _, v)| k.known().map(|k| (k, v.clone())))
            .collect(),
        _ => Vec::new(),
    };
    let mut result = None;
    let mut run = |ev: &mut Evaluator<'_, '_>| {
        result = Some(ev.template(id, &template, LiteralMode::Heredoc { indent: None }));
    };
    bind_all(ev, &bindings, &mut run);
    match result {
        Some(s) => Value::Str(s, span),
        None => Value::Unknown(span),
    }
}

fn bind_all(
    ev: &mut Evaluator<'_, '_>,
    bindings: &[(String, Value)],
    run: &mut dyn FnMut(&mut Evaluator<'_, '_>),
) {
    match bindings.split_first() {
        None => run(ev),
        Some(((name, value), rest)) => {
            ev.with_binding(name, value.clone(), |ev| bind_all(ev, rest, run))
        }
    }
}
