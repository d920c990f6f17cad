//! Terraform's JSON syntax (`*.tf.json`, `*.tofu.json`) read into the hcl-edit tree a `.tf`
//! file gives, so the module model, the evaluator and the rules read both alike.
//!
//! The blocks and attributes are built from the JSON structure (jsonc-parser gives the range of
//! every node), following Terraform's rules: top-level keys are block types, labels are nested
//! keys, a value may be an array of objects for repeated blocks, and `"//"` keys are comments.
//! Which body keys are nested blocks depends on a provider's schema, which is not at hand: the
//! nested blocks the model reads are known by name ([`NESTED`]); every other key is an attribute.
//!
//! The attribute values are parsed by hcl-edit in one pass from a *shadow* text as long as the
//! file: every byte outside a value is a space, the values form one HCL tuple (`[` and `]` at the
//! outer braces, a `,` after each value), and each JSON string is rewritten in place as the HCL
//! template Terraform reads it as (JSON-decoded, then parsed as a template). JSON objects,
//! arrays and scalars are HCL expressions as written. So every span hcl-edit gives is a span of
//! the JSON file and findings point at the JSON text. Where decoding shortens the text (an
//! escaped quote inside `${ }`), the freed bytes become spaces where HCL allows them, so the
//! positions after them stay exact.

use hcl_edit::expr::{Expression, ObjectKeyMut};
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body};
use hcl_edit::template::{Element, StringTemplate};
use hcl_edit::visit_mut::{VisitMut, visit_expr_mut};
use hcl_edit::{Decorated, Ident, SetSpan};
use jsonc_parser::ast::{Object, ObjectPropName, Value as Json};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::ops::Range;

/// Why a file could not be read: the message and its byte offset in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonSyntaxError {
    pub offset: usize,
    pub message: String,
}

/// True for a file in Terraform's (or OpenTofu's) JSON syntax.
pub fn is_json_syntax(name: &str) -> bool {
    name.ends_with(".tf.json") || name.ends_with(".tofu.json")
}

/// Nested block types of resources, data sources and providers that the model reads (policy
/// documents, ServiceAccount metadata, Helm `set`, EKS add-ons, provider `assume_role`,
/// `dynamic` blocks) and Terraform's own.
const NESTED: [&str; 26] = [
    "statement",
    "principals",
    "not_principals",
    "condition",
    "dynamic",
    "content",
    "metadata",
    "spec",
    "template",
    "container",
    "set",
    "set_sensitive",
    "set_list",
    "pod_identity_association",
    "inline_policy",
    "assume_role",
    "assume_role_with_web_identity",
    "default_tags",
    "access_config",
    "vpc_config",
    "lifecycle",
    "precondition",
    "postcondition",
    "provisioner",
    "connection",
    "timeouts",
];

/// Attributes whose strings Terraform reads as expressions, not templates.
const EXPRESSION_ATTRS: [&str; 6] = [
    "provider",
    "providers",
    "depends_on",
    "iterator",
    "ignore_changes",
    "replace_triggered_by",
];

/// How the body of a block type reads.
#[derive(Clone, Copy)]
enum Kind {
    /// Resources, data sources, providers: the [`NESTED`] blocks.
    Generic,
    /// Only these nested blocks (module calls and locals: none).
    Only(&'static [&'static str]),
}

/// The labels of a top-level block type and how its body reads; `None` for block types
/// nothing reads.
fn top_level(ident: &str) -> Option<(usize, Kind)> {
    Some(match ident {
        "resource" | "data" => (2, Kind::Generic),
        "provider" => (1, Kind::Generic),
        "module" => (1, Kind::Only(&[])),
        "variable" => (1, Kind::Only(&["validation"])),
        "output" => (1, Kind::Only(&["precondition"])),
        "locals" => (0, Kind::Only(&[])),
        "terraform" => (0, Kind::Only(&["required_providers", "backend", "cloud"])),
        _ => return None,
    })
}

/// Labels of a nested block type.
fn nested_labels(ident: &str) -> usize {
    match ident {
        "dynamic" | "provisioner" | "backend" => 1,
        _ => 0,
    }
}

/// A block or attribute before its values are parsed.
enum Node {
    Block {
        ident: (String, Range<usize>),
        labels: Vec<(String, Range<usize>)>,
        span: Range<usize>,
        body: Vec<Node>,
    },
    Attr {
        key: (String, Range<usize>),
        span: Range<usize>,
        /// Index of its value in the shadow tuple.
        value: usize,
    },
}

/// Collects the nodes and writes the values into the shadow text.
struct Builder<'t> {
    text: &'t str,
    shadow: Vec<u8>,
    values: usize,
}

/// Parses a Terraform JSON file into a body of blocks with spans into `text`.
pub fn parse_body(text: &str) -> Result<Body, JsonSyntaxError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    if let Some(offset) = too_deep(text) {
        return Err(JsonSyntaxError {
            offset,
            message: format!("JSON nested deeper than {MAX_DEPTH} levels"),
        });
    }
    // Terraform ignores a byte-order mark; the parser sees spaces, so offsets do not move.
    let parsed_text = match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => text.to_string(),
    };
    let ast = parse_to_ast(&parsed_text, &CollectOptions::default(), &options).map_err(|e| {
        JsonSyntaxError {
            offset: e.range().start,
            message: format!("invalid JSON: {}", e.kind()),
        }
    })?;
    let Some(Json::Object(top)) = ast.value else {
        return Err(JsonSyntaxError {
            offset: 0,
            message: "a Terraform JSON file holds one object (of block types)".into(),
        });
    };
    let mut b = Builder {
        text: &parsed_text,
        shadow: parsed_text
            .bytes()
            .map(|c| if c == b'\n' { b'\n' } else { b' ' })
            .collect(),
        values: 0,
    };
    let mut nodes = Vec::new();
    for prop in &top.properties {
        let Some((ident, ident_range)) = key_of(&prop.name) else {
            continue;
        };
        let Some((labels, kind)) = top_level(&ident) else {
            continue;
        };
        let header = Header {
            ident: (ident, inner(&ident_range)),
            labels: Vec::new(),
            start: ident_range.start,
        };
        b.labelled(&prop.value, header, labels, kind, &mut nodes);
    }
    let values = b.parse_values(top.range.start, top.range.end)?;
    let mut values: Vec<Option<Expression>> = values
        .into_iter()
        .map(|mut v| {
            Unwrap.visit_expr_mut(&mut v);
            Some(v)
        })
        .collect();
    let mut body = Body::new();
    for node in nodes {
        if let Some(s) = build(node, &mut values) {
            body.push(s);
        }
    }
    Ok(body)
}

/// Replaces each `"${x}"` by `x`: a template of one interpolation is its value, unconverted
/// (Terraform's rule), and in JSON every reference is written so. The model then reads
/// references in JSON as it reads them in a `.tf` file.
struct Unwrap;

impl VisitMut for Unwrap {
    /// An object key stays a template: a bare reference there would read as a literal name.
    fn visit_object_key_mut(&mut self, _: ObjectKeyMut) {}

    fn visit_expr_mut(&mut self, expr: &mut Expression) {
        visit_expr_mut(self, expr);
        let Expression::StringTemplate(t) = expr else {
            return;
        };
        if t.iter().count() != 1 || !matches!(t.iter().next(), Some(Element::Interpolation(_))) {
            return;
        }
        let owned = std::mem::replace(t, StringTemplate::new());
        if let Some(Element::Interpolation(i)) = owned.into_iter().next() {
            *expr = i.expr;
        }
    }
}

/// Objects and arrays nest at most this deep; deeper, the file is a parse error (every reader
/// here recurses on nesting, and no Terraform file comes near it).
const MAX_DEPTH: usize = 128;

/// Offset of the first bracket that opens past [`MAX_DEPTH`], strings skipped.
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A block header being read through its label levels.
#[derive(Clone)]
struct Header {
    ident: (String, Range<usize>),
    labels: Vec<(String, Range<usize>)>,
    start: usize,
}

/// The decoded text and the range (quotes included) of an object key.
fn key_of(name: &ObjectPropName) -> Option<(String, Range<usize>)> {
    match name {
        ObjectPropName::String(s) => Some((s.value.to_string(), s.range.start..s.range.end)),
        ObjectPropName::Word(_) => None,
    }
}

/// Inside the quotes of a key's range.
fn inner(range: &Range<usize>) -> Range<usize> {
    (range.start + 1).min(range.end)..range.end.saturating_sub(1).max(range.start)
}

impl Builder<'_> {
    /// Reads `value` as `remaining` more labels of `header`, then its body.
    fn labelled(
        &mut self,
        value: &Json,
        header: Header,
        remaining: usize,
        kind: Kind,
        out: &mut Vec<Node>,
    ) {
        match value {
            // Repeated blocks (or label objects) of the same labels.
            Json::Array(items) => {
                for item in &items.elements {
                    let mut h = header.clone();
                    if header.labels.is_empty() && remaining == 0 {
                        h.start = item.range().start;
                    }
                    self.labelled(item, h, remaining, kind, out);
                }
            }
            Json::Object(obj) if remaining > 0 => {
                for prop in &obj.properties {
                    let Some((label, range)) = key_of(&prop.name) else {
                        continue;
                    };
                    if label == "//" {
                        continue;
                    }
                    let mut h = header.clone();
                    // A block starts at its last label, where its name is written.
                    h.start = range.start;
                    h.labels.push((label, range));
                    self.labelled(&prop.value, h, remaining - 1, kind, out);
                }
            }
            Json::Object(obj) => {
                let body = self.body(obj, kind);
                out.push(Node::Block {
                    ident: header.ident,
                    labels: header.labels,
                    span: header.start..obj.range.end,
                    body,
                });
            }
            // Not a block (Terraform rejects it): nothing to read.
            _ => {}
        }
    }

    fn body(&mut self, obj: &Object, kind: Kind) -> Vec<Node> {
        let mut out = Vec::new();
        for prop in &obj.properties {
            let Some((key, range)) = key_of(&prop.name) else {
                continue;
            };
            if key == "//" {
                continue;
            }
            let nested = match kind {
                Kind::Generic => NESTED.contains(&key.as_str()),
                Kind::Only(names) => names.contains(&key.as_str()),
            };
            let blocklike = match &prop.value {
                Json::Object(_) => true,
                Json::Array(a) => a.elements.iter().all(|e| matches!(e, Json::Object(_))),
                _ => false,
            };
            if nested && blocklike {
                let header = Header {
                    ident: (key.clone(), inner(&range)),
                    labels: Vec::new(),
                    start: range.start,
                };
                let inner_kind = match key.as_str() {
                    "required_providers" | "backend" | "cloud" => Kind::Only(&[]),
                    "validation" | "precondition" | "postcondition" => Kind::Only(&[]),
                    _ => Kind::Generic,
                };
                self.labelled(
                    &prop.value,
                    header,
                    nested_labels(&key),
                    inner_kind,
                    &mut out,
                );
                continue;
            }
            if Ident::try_new(key.as_str()).is_err() {
                // Not an attribute name Terraform accepts.
                continue;
            }
            let expression = EXPRESSION_ATTRS.contains(&key.as_str())
                || (key == "type" && matches!(kind, Kind::Only(["validation"])));
            let value = self.value(&prop.value, expression);
            out.push(Node::Attr {
                key: (key, inner(&range)),
                span: range.start..prop.value.range().end,
                value,
            });
        }
        out
    }

    /// Writes `v` into the shadow text, its strings as HCL templates (or expressions), and
    /// returns its index in the tuple.
    fn value(&mut self, v: &Json, expression: bool) -> usize {
        let r = v.range();
        if let (Some(src), Some(dst)) = (
            self.text.as_bytes().get(r.start..r.end),
            self.shadow.get_mut(r.start..r.end),
        ) {
            dst.copy_from_slice(src);
        }
        self.strings(v, expression);
        if let Some(b) = self.shadow.get_mut(r.end) {
            *b = b',';
        }
        self.values += 1;
        self.values - 1
    }

    fn strings(&mut self, v: &Json, expression: bool) {
        match v {
            Json::StringLit(s) => self.string(s.range.start..s.range.end, expression),
            Json::Array(a) => a.elements.iter().for_each(|e| self.strings(e, expression)),
            Json::Object(o) => {
                for p in &o.properties {
                    if let ObjectPropName::String(s) = &p.name {
                        // Keys of an object expression are templates, never references.
                        self.string(s.range.start..s.range.end, false);
                    }
                    self.strings(&p.value, expression);
                }
            }
            _ => {}
        }
    }

    fn string(&mut self, range: Range<usize>, expression: bool) {
        let Some(raw) = self.text.get(range.clone()) else {
            return;
        };
        let rewritten = rewrite_string(raw, expression);
        if let Some(dst) = self.shadow.get_mut(range)
            && rewritten.len() == dst.len()
        {
            dst.copy_from_slice(&rewritten);
        }
    }

    /// Parses the values written into the shadow text as one tuple; `start..end` is the range
    /// of the file's outer object (`start` for errors).
    fn parse_values(
        mut self,
        start: usize,
        end: usize,
    ) -> Result<Vec<Expression>, JsonSyntaxError> {
        // At the very start: only whitespace (or a byte-order mark, read as spaces) comes before
        // the outer object, and hcl-edit reads no whitespace before an expression.
        if let Some(b) = self.shadow.first_mut() {
            *b = b'[';
        }
        if let Some(b) = end.checked_sub(1).and_then(|e| self.shadow.get_mut(e)) {
            *b = b']';
        }
        let shadow = String::from_utf8(self.shadow).map_err(|e| JsonSyntaxError {
            offset: e.utf8_error().valid_up_to(),
            message: "invalid JSON string".into(),
        })?;
        // Only up to the outer object's end: what follows it is no part of the tuple.
        let tuple = shadow.get(..end).unwrap_or(&shadow);
        let expr = hcl_edit::parser::parse_expr(tuple).map_err(|e| JsonSyntaxError {
            offset: e.location().offset(),
            message: format!("invalid expression in a JSON string: {}", e.message()),
        })?;
        match expr {
            Expression::Array(a) if a.len() == self.values => Ok(a.into_iter().collect()),
            _ => Err(JsonSyntaxError {
                offset: start,
                message: "this JSON could not be read as Terraform".into(),
            }),
        }
    }
}

/// The hcl-edit structure of a node, its value taken from `values`.
fn build(node: Node, values: &mut [Option<Expression>]) -> Option<hcl_edit::structure::Structure> {
    match node {
        Node::Attr { key, span, value } => {
            let mut ident = Decorated::new(Ident::try_new(key.0).ok()?);
            ident.set_span(key.1);
            let expr = values.get_mut(value)?.take()?;
            let mut attr = Attribute::new(ident, expr);
            attr.set_span(span);
            Some(attr.into())
        }
        Node::Block {
            ident,
            labels,
            span,
            body,
        } => {
            let mut id = Decorated::new(Ident::try_new(ident.0).ok()?);
            id.set_span(ident.1);
            let mut block = Block::new(id);
            for (text, range) in labels {
                let mut label = Decorated::new(text);
                label.set_span(range);
                block.labels.push(BlockLabel::String(label));
            }
            for n in body {
                if let Some(s) = build(n, values) {
                    block.body.push(s);
                }
            }
            block.set_span(span);
            Some(block.into())
        }
    }
}

/// One decoded character of a JSON string: where its raw text starts and ends (relative to
/// the literal, quotes included), and whether it was an escape HCL reads alike.
#[derive(Clone, Copy)]
struct Char {
    c: char,
    start: usize,
    end: usize,
    /// Raw text that is valid in an HCL quoted string with the same meaning.
    hcl_raw: bool,
}

fn decode(raw: &str) -> Vec<Char> {
    let mut out = Vec::new();
    let body_end = raw.len().saturating_sub(1);
    let mut i = 1;
    while i < body_end {
        let Some(rest) = raw.get(i..body_end) else {
            break;
        };
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first != '\\' {
            out.push(Char {
                c: first,
                start: i,
                end: i + first.len_utf8(),
                hcl_raw: true,
            });
            i += first.len_utf8();
            continue;
        }
        let (c, len) = super::json::decode_escape(rest);
        // HCL shares JSON's `\" \\ \n \r \t \uXXXX`, not `\/ \b \f` or surrogate pairs.
        let hcl_raw = matches!(
            rest.as_bytes().get(1),
            Some(b'"' | b'\\' | b'n' | b'r' | b't')
        ) || (rest.as_bytes().get(1) == Some(&b'u') && len == 6);
        out.push(Char {
            c,
            start: i,
            end: i + len,
            hcl_raw,
        });
        i += len;
    }
    out
}

/// What the rewriter is inside.
#[derive(Clone, Copy, PartialEq)]
enum Frame {
    /// The string's own literal text.
    Literal,
    /// A `${ }` or `%{ }` body, at this brace depth.
    Interp(usize),
    /// A whole string read as an expression (its braces close nothing).
    Expression,
    /// A quoted string inside an interpolation.
    Nested,
}

/// The HCL text, exactly as long as `raw` (a JSON string literal, quotes included), that
/// Terraform reads the string as: a quoted template, or with `expression` (and no `${`) the
/// expression it holds.
pub fn rewrite_string(raw: &str, expression: bool) -> Vec<u8> {
    let chars = decode(raw);
    let expression = expression && !chars.windows(2).any(|w| w[0].c == '$' && w[1].c == '{');
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let pad = |out: &mut Vec<u8>, to: usize| {
        while out.len() < to {
            out.push(b' ');
        }
    };
    let push = |out: &mut Vec<u8>, c: char| {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let mut stack = vec![if expression {
        Frame::Expression
    } else {
        Frame::Literal
    }];
    out.push(if expression { b' ' } else { b'"' });
    let at = |k: usize| chars.get(k).map(|c| c.c);
    let mut k = 0;
    while let Some(&ch) = chars.get(k) {
        let frame = stack.last().copied().unwrap_or(Frame::Literal);
        let opens = matches!(ch.c, '$' | '%') && at(k + 1) == Some('{');
        let escaped_opener =
            matches!(ch.c, '$' | '%') && at(k + 1) == Some(ch.c) && at(k + 2) == Some('{');
        match frame {
            Frame::Literal | Frame::Nested if escaped_opener => {
                // `$${` / `%%{`: a literal `${` / `%{`.
                for c in &chars[k..k + 3] {
                    emit(&mut out, raw, c, frame == Frame::Literal, &push);
                }
                k += 3;
                continue;
            }
            Frame::Literal | Frame::Nested if opens => {
                push(&mut out, ch.c);
                push(&mut out, '{');
                k += 2;
                if let Some(tilde) = chars.get(k).filter(|c| c.c == '~') {
                    push(&mut out, tilde.c);
                    k += 1;
                }
                // Bytes freed before this point become spaces inside the interpolation.
                if let Some(prev) = k.checked_sub(1).and_then(|p| chars.get(p)) {
                    pad(&mut out, prev.end);
                }
                stack.push(Frame::Interp(0));
                continue;
            }
            Frame::Literal => emit(&mut out, raw, &ch, true, &push),
            Frame::Nested => {
                if ch.c == '\\' {
                    push(&mut out, '\\');
                    if let Some(next) = chars.get(k + 1) {
                        push(&mut out, next.c);
                        k += 1;
                    }
                } else {
                    push(&mut out, ch.c);
                    if ch.c == '"' {
                        stack.pop();
                        pad(&mut out, ch.end);
                    }
                }
            }
            Frame::Interp(_) | Frame::Expression => match ch.c {
                '"' => {
                    pad(&mut out, ch.end - 1);
                    push(&mut out, '"');
                    stack.push(Frame::Nested);
                }
                '{' => {
                    push(&mut out, '{');
                    if let Some(Frame::Interp(d)) = stack.last_mut() {
                        *d += 1;
                    }
                }
                '}' if frame == Frame::Interp(0) => {
                    if k.checked_sub(1).and_then(at) != Some('~') {
                        pad(&mut out, ch.start);
                    }
                    push(&mut out, '}');
                    stack.pop();
                }
                '~' if at(k + 1) == Some('}') && frame == Frame::Interp(0) => {
                    pad(&mut out, ch.start);
                    push(&mut out, '~');
                }
                c => {
                    if c == '}'
                        && let Some(Frame::Interp(d)) = stack.last_mut()
                    {
                        *d = d.saturating_sub(1);
                    }
                    push(&mut out, c);
                    pad(&mut out, ch.end);
                }
            },
        }
        k += 1;
    }
    if !expression {
        out.push(b'"');
    }
    pad(&mut out, raw.len());
    // Never longer than the raw text (decoding only shortens it); cut to fit if it were.
    out.truncate(raw.len());
    out
}

/// Writes a literal character: its raw JSON text where HCL reads it alike (so the evaluator
/// maps it back byte for byte), else the decoded character.
fn emit(
    out: &mut Vec<u8>,
    raw: &str,
    ch: &Char,
    literal: bool,
    push: &impl Fn(&mut Vec<u8>, char),
) {
    match raw.get(ch.start..ch.end) {
        Some(text) if literal && ch.hcl_raw => out.extend_from_slice(text.as_bytes()),
        _ => push(out, ch.c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl_edit::Span as _;

    fn body(text: &str) -> Body {
        match parse_body(text) {
            Ok(b) => b,
            Err(e) => panic!("{e:?}"),
        }
    }

    fn rewritten(raw: &str) -> String {
        String::from_utf8(rewrite_string(raw, false)).unwrap()
    }

    #[test]
    fn strings_become_templates_of_the_same_length() {
        assert_eq!(rewritten(r#""plain \"q\" \n""#), r#""plain \"q\" \n""#);
        assert_eq!(
            rewritten(r#""${replace(x, \"https://\", \"\")}:sub""#),
            r#""${replace(x,  "https://" ,  "" )}:sub""#
        );
        assert_eq!(rewritten(r#""a\/b""#), "\"a/b\" ");
        assert_eq!(rewritten(r#""$${x}""#), r#""$${x}""#);
        assert_eq!(
            String::from_utf8(rewrite_string(r#""aws.west""#, true)).unwrap(),
            " aws.west "
        );
    }

    #[test]
    fn blocks_labels_and_spans_point_into_the_json() {
        let text = r#"{
  "resource": {
    "aws_iam_role": {
      "irsa": {
        "name": "x",
        "assume_role_policy": "${jsonencode({a = \"b\"})}"
      },
      "other": [{"name": "y"}]
    }
  },
  "data": {"aws_iam_policy_document": {"d": {"statement": [{"actions": ["sts:A"]}, {"effect": "Deny"}]}}},
  "locals": {"//": "comment", "issuer": "${var.i}"},
  "module": {"m": {"source": "./m", "condition": {"a": 1}}}
}"#;
        let b = body(text);
        let blocks: Vec<&Block> = b.blocks().collect();
        assert_eq!(blocks.len(), 5);
        let role = blocks[0];
        assert_eq!(role.ident.as_str(), "resource");
        let labels: Vec<&str> = role.labels.iter().map(|l| l.as_str()).collect();
        assert_eq!(labels, ["aws_iam_role", "irsa"]);
        let span = role.span().unwrap();
        assert!(text[span].starts_with("\"irsa\": {"));
        let name = role.body.get_attribute("name").unwrap();
        assert_eq!(&text[name.value.span().unwrap()], "\"x\"");
        let policy = role.body.get_attribute("assume_role_policy").unwrap();
        // `"${x}"` is `x`.
        let Expression::FuncCall(call) = &policy.value else {
            panic!("{:?}", policy.value);
        };
        assert_eq!(&text[call.span().unwrap()], r#"jsonencode({a = \"b\"})"#);
        assert_eq!(blocks[1].labels[1].as_str(), "other");
        let statements: Vec<&Block> = blocks[2].body.get_blocks("statement").collect();
        assert_eq!(statements.len(), 2);
        assert!(text[statements[1].span().unwrap()].starts_with("{\"effect\""));
        assert!(blocks[3].body.get_attribute("issuer").is_some());
        // A module input named like a nested block is an attribute.
        assert!(blocks[4].body.get_attribute("condition").is_some());
    }

    #[test]
    fn dynamic_blocks_and_expression_attributes() {
        let text = r#"{"data": {"aws_iam_policy_document": {"d": {
  "dynamic": {"statement": {"for_each": "${var.s}", "iterator": "s", "content": {"sid": "${s.key}"}}},
  "provider": "aws.west",
  "depends_on": ["aws_iam_role.r"]
}}}}"#;
        let b = body(text);
        let d = b.blocks().next().unwrap();
        let dynamic = d.body.get_blocks("dynamic").next().unwrap();
        assert_eq!(dynamic.labels[0].as_str(), "statement");
        assert!(dynamic.body.get_blocks("content").next().is_some());
        let iterator = dynamic.body.get_attribute("iterator").unwrap();
        assert!(matches!(&iterator.value, Expression::Variable(v) if v.as_str() == "s"));
        let provider = d.body.get_attribute("provider").unwrap();
        assert!(matches!(provider.value, Expression::Traversal(_)));
        assert_eq!(&text[provider.value.span().unwrap()], "aws.west");
    }

    #[test]
    fn leading_whitespace_and_byte_order_mark() {
        for text in [
            "\u{feff}{\"locals\": {\"a\": \"${var.x}:sub\"}}\n",
            "\n  {\"locals\": {\"a\": 1}}",
        ] {
            let b = body(text);
            let a = b.blocks().next().unwrap().body.get_attribute("a").unwrap();
            assert!(
                text[a.value.span().unwrap()].starts_with(['"', '1']),
                "{text}"
            );
        }
    }

    #[test]
    fn errors_have_offsets() {
        let e = parse_body("{\"resource\": }").unwrap_err();
        assert_eq!(e.offset, 13);
        assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
        let e = parse_body(r#"{"locals": {"a": "${x"}}"#).unwrap_err();
        assert!(e.message.starts_with("invalid expression"), "{}", e.message);
        assert!(parse_body("[]").is_err());
        let deep = format!(
            "{{\"locals\": {{\"a\": {}{}}}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = parse_body(&deep).unwrap_err();
        assert_eq!(
            (e.offset, e.message.as_str()),
            (143, "JSON nested deeper than 128 levels")
        );
    }
}
