//! Terraform functions the evaluator understands. Unknown functions give `Unknown`.

use super::Evaluator;
use crate::base::source::{FileId, ReadError, Span};
use crate::value::{Origin, Part, Shape, SymStr, Symbol, Value, sub_part};
use hcl_edit::expr::FuncCall;
use std::collections::HashMap;
use std::path::Path;

/// Policy files larger than this are not read by `file()`/`templatefile()`.
const MAX_POLICY_FILE: u64 = 4 * 1024 * 1024;

/// Strings a function may build, in bytes: `replace` and `join` can multiply their input.
const MAX_TEXT: usize = 16 * 1024 * 1024;

pub(super) fn call(ev: &mut Evaluator<'_, '_>, file: FileId, call: &FuncCall, span: Span) -> Value {
    let result = call_inner(ev, file, call, span);
    // What a function builds (a decoded file, a joined list) costs its size.
    if ev.charge(result.size(), span) {
        result
    } else {
        Value::Unknown(span)
    }
}

fn call_inner(ev: &mut Evaluator<'_, '_>, file: FileId, call: &FuncCall, span: Span) -> Value {
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
    match name {
        "jsonencode" | "jsondecode" | "yamldecode" | "file" | "templatefile" => {
            encoding_and_files(ev, file, call, name, vals, span)
        }
        "replace" | "trimprefix" | "lower" | "upper" | "format" | "join" | "split" => {
            strings(ev, name, &vals, span)
        }
        _ => collections(name, vals, span),
    }
}

/// `jsonencode`, `jsondecode`, `yamldecode`, `file` and `templatefile`.
fn encoding_and_files(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    call: &FuncCall,
    name: &str,
    vals: Vec<Value>,
    span: Span,
) -> Value {
    let str_arg = |i: usize| vals.get(i).and_then(Value::as_str);
    let text_arg = |i: usize| vals.get(i).and_then(Value::known_text);
    match name {
        "jsonencode" => match vals.into_iter().next() {
            Some(v) => Value::Str(SymStr::symbol(Shape::Json(Box::new(v)), span), span),
            None => Value::Unknown(span),
        },
        "jsondecode" => match str_arg(0) {
            Some(s) => {
                crate::input::parse::json::parse_json(s, span).unwrap_or(Value::Unknown(span))
            }
            None => Value::Unknown(span),
        },
        "yamldecode" => match str_arg(0) {
            Some(s) => crate::input::yaml::decode(s, span).unwrap_or(Value::Unknown(span)),
            None => Value::Unknown(span),
        },
        "file" => match text_arg(0) {
            Some(path) => read_file(ev, &path, call_site(file, call, span))
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
            Some(path) => templatefile(ev, &path, vals.get(1), call_site(file, call, span), span),
            None => Value::Unknown(span),
        },
        _ => Value::Unknown(span),
    }
}

/// String functions: `replace`, `trimprefix`, `lower`/`upper`, `format`, `join`, `split`.
fn strings(ev: &mut Evaluator<'_, '_>, name: &str, vals: &[Value], span: Span) -> Value {
    let str_arg = |i: usize| vals.get(i).and_then(Value::as_str);
    let text_arg = |i: usize| vals.get(i).and_then(Value::known_text);
    match name {
        "replace" => match (str_arg(0), text_arg(1), text_arg(2)) {
            (Some(s), Some(old), Some(new)) if replaced_len(s, &old, &new) <= MAX_TEXT => {
                Value::Str(replace(s, &old, &new, span), span)
            }
            (Some(_), Some(_), Some(_)) => ev.too_large(span),
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
            (Some(sep), Some(Value::List(items, _)))
                if sep.len().saturating_mul(items.len()) > MAX_TEXT =>
            {
                ev.too_large(span)
            }
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
        "split" => match (text_arg(0), str_arg(1)) {
            (Some(sep), Some(s)) if !sep.is_empty() && s.is_known() => split(s, &sep, span),
            _ => Value::Unknown(span),
        },
        _ => Value::Unknown(span),
    }
}

/// `split(sep, s)` of known text: each piece keeps the origin of its bytes. One pass over the
/// parts, however many pieces there are.
fn split(s: &SymStr, sep: &str, span: Span) -> Value {
    let text = s.known_parts_text();
    let mut pieces = Vec::new();
    let mut last = 0;
    for (at, _) in text.match_indices(sep) {
        pieces.push((last, at));
        last = at + sep.len();
    }
    pieces.push((last, text.len()));
    // Each text part with the offset where it starts in `text`.
    let mut parts = Vec::new();
    let mut pos = 0;
    for p in &s.parts {
        if let Part::Text { text, origin } = p {
            parts.push((pos, text, origin));
            pos += text.len();
        }
    }
    let mut first = 0;
    let mut items = Vec::with_capacity(pieces.len());
    for (a, b) in pieces {
        let mut piece = SymStr::default();
        while first + 1 < parts.len() && parts[first].0 + parts[first].1.len() <= a {
            first += 1;
        }
        for &(start, t, origin) in parts.iter().skip(first) {
            if start >= b {
                break;
            }
            let lo = a.max(start) - start;
            let hi = b.min(start + t.len()) - start;
            piece.push(sub_part(t, origin, lo, hi));
        }
        items.push(Value::Str(piece, span));
    }
    Value::List(items, span)
}

/// Collection functions and conversions: `concat`, `flatten`, `merge`, `lookup`, `element`,
/// `tolist` and the like.
fn collections(name: &str, vals: Vec<Value>, span: Span) -> Value {
    let text_arg = |i: usize| vals.get(i).and_then(Value::known_text);
    match name {
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
            // Later keys replace earlier ones in place; an index by key keeps this linear.
            let mut out: Vec<(SymStr, Span, Value)> = Vec::new();
            let mut index: HashMap<String, usize> = HashMap::new();
            for v in vals {
                match v {
                    Value::Object(entries, _) => {
                        for (k, ks, v) in entries {
                            match k.known() {
                                Some(text) => match index.get(&text) {
                                    Some(&i) => out[i] = (k, ks, v),
                                    None => {
                                        index.insert(text, out.len());
                                        out.push((k, ks, v));
                                    }
                                },
                                None => out.push((k, ks, v)),
                            }
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
        "length" => match vals.first() {
            Some(Value::List(items, _)) => count(items.len(), span),
            Some(Value::Object(entries, _)) => count(entries.len(), span),
            Some(Value::Str(s, _)) => s
                .known()
                .map_or(Value::Unknown(span), |t| count(t.chars().count(), span)),
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
        _ => Value::Unknown(span),
    }
}

fn count(n: usize, span: Span) -> Value {
    Value::Str(SymStr::text(n.to_string(), Origin::Derived(span)), span)
}

/// The length of the known text of `replace(s, old, new)`, before building it.
fn replaced_len(s: &SymStr, old: &str, new: &str) -> usize {
    let text = s.known_parts_text();
    let matches = if old.is_empty() {
        0
    } else {
        text.matches(old).count()
    };
    text.len().saturating_add(matches.saturating_mul(new.len()))
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

/// The span of a call's first argument (the path), where a read problem is reported.
fn call_site(file: FileId, call: &FuncCall, span: Span) -> Span {
    call.args
        .iter()
        .next()
        .map_or(span, |a| crate::input::module::span_of(file, a))
}

/// Reads the file a `file()`/`templatefile()` path names, as Terraform resolves it: relative
/// to the module directory, where `terraform` runs (`path.module`, `path.root` and `path.cwd`
/// all evaluate to `.`). Absolute paths, paths that leave the scan root (through `..` or a
/// link) and anything but a regular UTF-8 file are refused with a problem at `site`; the
/// file's content is never part of the message.
fn read_file(ev: &mut Evaluator<'_, '_>, written: &str, site: Span) -> Option<(FileId, String)> {
    let p = Path::new(written);
    if p.is_absolute() {
        ev.problem(
            site,
            format!("`{written}` is not read: absolute paths are outside the scanned tree"),
            "absolute path",
        );
        return None;
    }
    let path = crate::base::source::normalize(&ev.module.dir.join(p));
    if let Some(id) = ev.sources.lookup(&path) {
        let f = ev.sources.get(id);
        ev.grant(id, f.text.len());
        return Some((id, f.text.to_string()));
    }
    match ev.sources.read(&path, MAX_POLICY_FILE) {
        Ok(text) => {
            let id = ev.sources.add(path, text.clone());
            ev.grant(id, text.len());
            Some((id, text))
        }
        Err(e) => {
            let label = match e {
                ReadError::OutsideRoot => "outside the scanned tree",
                _ => "this file cannot be read",
            };
            ev.problem(site, format!("`{written}`: {e}"), label);
            None
        }
    }
}

fn templatefile(
    ev: &mut Evaluator<'_, '_>,
    path: &str,
    vars: Option<&Value>,
    site: Span,
    span: Span,
) -> Value {
    let Some((id, text)) = read_file(ev, path, site) else {
        return Value::Unknown(span);
    };
    let Some(template) = ev.parse_template_file(id, &text) else {
        return Value::Unknown(span);
    };
    let vars = super::template::template_vars(vars);
    Value::Str(ev.render_template_file(id, &template, vars), span)
}
