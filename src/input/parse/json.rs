//! Parses JSON text that may contain Terraform interpolations (a heredoc, a quoted string, a
//! `file()`/`templatefile()` result) into a [`Value`] whose strings keep their source spans.
//!
//! The text is a [`SymStr`]: known parts are copied, each symbol becomes a placeholder (`@`
//! inside a JSON string, `"@"` outside one). After jsonc-parser has parsed the text, every
//! byte of every string is mapped back through the parts to its file offset.

use crate::base::source::{FileId, Span};
use crate::value::{Origin, Part, Shape, SymStr, Symbol, Value, sub_part};
use jsonc_parser::ast::{ObjectPropName, Value as Json};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

/// Where a byte of the built text came from.
#[derive(Debug, Clone, Copy)]
enum Loc {
    /// Byte `byte` of text part `part`.
    Text { part: usize, byte: usize },
    /// Placeholder for symbol part `part`; `outside` when it stands for a whole JSON value.
    Sym { part: usize, outside: bool },
}

/// A JSON syntax error, with its position in the source.
#[derive(Debug, Clone)]
pub struct JsonError {
    pub message: String,
    pub span: Span,
    /// False when an interpolation stands outside a JSON string: its text could change the
    /// document's structure, so the error may not exist once rendered.
    pub structure_known: bool,
}

struct Built<'a> {
    src: &'a SymStr,
    text: String,
    locs: Vec<Loc>,
    fallback: Span,
}

fn strict() -> ParseOptions {
    ParseOptions {
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
    }
}

/// Parses `src` as one JSON document. `fallback` is the span used where nothing finer exists.
pub fn parse_json(src: &SymStr, fallback: Span) -> Result<Value, JsonError> {
    let built = build(src, fallback);
    let ast = parse_to_ast(&built.text, &CollectOptions::default(), &strict()).map_err(|e| {
        let r = e.range();
        JsonError {
            message: format!("{}", e.kind()),
            span: built.span(r.start, r.end.max(r.start + 1)),
            structure_known: !built
                .locs
                .iter()
                .any(|l| matches!(l, Loc::Sym { outside: true, .. })),
        }
    })?;
    match ast.value {
        Some(v) => Ok(built.convert(&v)),
        None => Err(JsonError {
            message: "empty JSON document".into(),
            span: fallback,
            structure_known: src.is_known(),
        }),
    }
}

fn build(src: &SymStr, fallback: Span) -> Built<'_> {
    let mut text = String::new();
    let mut locs = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, part) in src.parts.iter().enumerate() {
        match part {
            Part::Text { text: t, .. } => {
                for (b, byte) in t.bytes().enumerate() {
                    if in_string {
                        if escaped {
                            escaped = false;
                        } else if byte == b'\\' {
                            escaped = true;
                        } else if byte == b'"' {
                            in_string = false;
                        }
                    } else if byte == b'"' {
                        in_string = true;
                    }
                    locs.push(Loc::Text { part: i, byte: b });
                }
                text.push_str(t);
            }
            Part::Sym(_) => {
                let placeholder = if in_string { "@" } else { "\"@\"" };
                for _ in 0..placeholder.len() {
                    locs.push(Loc::Sym {
                        part: i,
                        outside: !in_string,
                    });
                }
                text.push_str(placeholder);
            }
        }
    }
    Built {
        src,
        text,
        locs,
        fallback,
    }
}

impl Built<'_> {
    fn loc_span(&self, loc: Loc) -> Span {
        match loc {
            Loc::Text { part, byte } => match &self.src.parts[part] {
                Part::Text { text, origin } => sub_part(text, origin, byte, byte + 1).span(),
                Part::Sym(s) => s.site,
            },
            Loc::Sym { part, .. } => self.src.parts[part].span(),
        }
    }

    /// File span of built-text range `start..end`.
    fn span(&self, start: usize, end: usize) -> Span {
        let (Some(&a), Some(&b)) = (
            self.locs.get(start.min(self.locs.len().saturating_sub(1))),
            self.locs
                .get(end.saturating_sub(1).min(self.locs.len().saturating_sub(1))),
        ) else {
            return self.fallback;
        };
        let (sa, sb) = (self.loc_span(a), self.loc_span(b));
        if sa.file == sb.file && sb.end >= sa.start {
            Span::new(sa.file, sa.start..sb.end)
        } else {
            sa
        }
    }

    fn convert(&self, v: &Json) -> Value {
        let r = v.range();
        let span = self.span(r.start, r.end);
        match v {
            Json::Object(o) => {
                let entries = o
                    .properties
                    .iter()
                    .map(|p| {
                        let (key, key_span) = match &p.name {
                            ObjectPropName::String(s) => {
                                (self.string(s.range.start, s.range.end), s.range)
                            }
                            ObjectPropName::Word(w) => (
                                SymStr::text(
                                    w.value,
                                    Origin::Derived(self.span(w.range.start, w.range.end)),
                                ),
                                w.range,
                            ),
                        };
                        let key_span = self.span(key_span.start, key_span.end);
                        (key, key_span, self.convert(&p.value))
                    })
                    .collect();
                Value::Object(entries, span)
            }
            Json::Array(a) => {
                Value::List(a.elements.iter().map(|e| self.convert(e)).collect(), span)
            }
            Json::StringLit(s) => {
                if let Some(sym) = self.whole_symbol(s.range.start, s.range.end) {
                    return match &sym.shape {
                        Shape::Json(inner) => (**inner).clone(),
                        _ => Value::Unknown(sym.site),
                    };
                }
                Value::Str(self.string(s.range.start, s.range.end), span)
            }
            Json::NumberLit(_) | Json::BooleanLit(_) => {
                let t = self.text.get(r.start..r.end).unwrap_or("").to_string();
                Value::Str(SymStr::text(t, Origin::Exact(span)), span)
            }
            Json::NullKeyword(_) => Value::Null(span),
        }
    }

    /// The symbol a string literal stands for when it is an outside-string placeholder.
    fn whole_symbol(&self, start: usize, end: usize) -> Option<&Symbol> {
        let first = self.locs.get(start)?;
        let Loc::Sym {
            part,
            outside: true,
        } = *first
        else {
            return None;
        };
        let all_same = self
            .locs
            .get(start..end)?
            .iter()
            .all(|l| matches!(*l, Loc::Sym { part: p, outside: true } if p == part));
        match (&self.src.parts[part], all_same) {
            (Part::Sym(s), true) => Some(s),
            _ => None,
        }
    }

    /// Decodes the JSON string literal at built range `start..end` (quotes included).
    fn string(&self, start: usize, end: usize) -> SymStr {
        let mut out = SymStr::default();
        let mut pending = Pending::default();
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let stop = end.saturating_sub(1);
        while i < stop {
            match self.locs[i] {
                Loc::Sym { part, .. } => {
                    pending.flush(&mut out);
                    out.push(self.src.parts[part].clone());
                    while i < stop && matches!(self.locs[i], Loc::Sym { part: p, .. } if p == part)
                    {
                        i += 1;
                    }
                    continue;
                }
                Loc::Text { .. } => {}
            }
            if bytes[i] == b'\\' {
                let (c, len) = decode_escape(&self.text[i..stop]);
                let sp = self.span(i, i + len);
                pending.push_char(&mut out, c, sp);
                i += len;
            } else {
                let len = utf8_len(bytes[i]);
                let sp = self.span(i, i + len);
                let c = self.text[i..].chars().next().unwrap_or('\u{fffd}');
                pending.push_char(&mut out, c, sp);
                i += len;
            }
        }
        pending.flush(&mut out);
        out
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Decodes one JSON escape at the start of `s`; returns the char and the escape's byte length.
/// The character a JSON escape at the start of `s` stands for, and the escape's length.
pub(super) fn decode_escape(s: &str) -> (char, usize) {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'n') => ('\n', 2),
        Some(b't') => ('\t', 2),
        Some(b'r') => ('\r', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'u') => {
            let hi = s.get(2..6).and_then(|h| u32::from_str_radix(h, 16).ok());
            match hi {
                Some(h) if (0xD800..0xDC00).contains(&h) => {
                    let lo = s
                        .get(6..8)
                        .filter(|p| *p == "\\u")
                        .and_then(|_| s.get(8..12))
                        .and_then(|l| u32::from_str_radix(l, 16).ok())
                        // A lone high surrogate is not a pair (and must not underflow below).
                        .filter(|l| (0xDC00..0xE000).contains(l));
                    match lo {
                        Some(l) => (
                            char::from_u32(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))
                                .unwrap_or('\u{fffd}'),
                            12,
                        ),
                        None => ('\u{fffd}', 6),
                    }
                }
                Some(h) => (char::from_u32(h).unwrap_or('\u{fffd}'), 6),
                None => ('\u{fffd}', 2),
            }
        }
        Some(&c) => (c as char, 2),
        None => ('\\', 1),
    }
}

/// Accumulates decoded chars of one source file into a text part with a byte map.
#[derive(Default)]
struct Pending {
    text: String,
    file: Option<FileId>,
    offsets: Vec<(u32, u32)>,
}

impl Pending {
    fn push_char(&mut self, out: &mut SymStr, c: char, span: Span) {
        if self.file.is_some_and(|f| f != span.file) {
            self.flush(out);
        }
        self.file = Some(span.file);
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.offsets.push((span.start as u32, span.end as u32));
        }
    }

    fn flush(&mut self, out: &mut SymStr) {
        let Some(file) = self.file.take() else {
            return;
        };
        let offsets = std::mem::take(&mut self.offsets);
        let text = std::mem::take(&mut self.text);
        let start = offsets.first().map_or(0, |o| o.0 as usize);
        let contiguous = offsets
            .iter()
            .enumerate()
            .all(|(i, &(a, b))| a as usize == start + i && b == a + 1);
        let origin = if contiguous {
            Origin::Exact(Span::new(file, start..start + offsets.len()))
        } else {
            Origin::Mapped { file, offsets }
        };
        out.push(Part::Text { text, origin });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Shape;

    fn f() -> FileId {
        FileId(1)
    }

    #[test]
    fn strings_map_to_file_offsets() {
        let text = r#"{"Action": "sts:AssumeRole", "K\u0041": 1}"#;
        let src = SymStr::text(text, Origin::Exact(Span::new(f(), 10..10 + text.len())));
        let v = parse_json(&src, Span::new(f(), 0..0)).unwrap();
        let action = v.get("Action").unwrap();
        let s = action.as_str().unwrap();
        assert_eq!(s.known().as_deref(), Some("sts:AssumeRole"));
        assert_eq!(s.verbatim_span(), Some(Span::new(f(), 22..36)));
        assert!(v.get("KA").is_some());
    }

    #[test]
    fn symbols_inside_and_outside_strings() {
        let mut src = SymStr::text("{\"k\": \"", Origin::Exact(Span::new(f(), 0..7)));
        src.push(Part::Sym(Symbol {
            shape: Shape::Account,
            site: Span::new(f(), 7..20),
        }));
        src.push(Part::Text {
            text: ":sub\", \"p\": ".into(),
            origin: Origin::Exact(Span::new(f(), 20..32)),
        });
        src.push(Part::Sym(Symbol {
            shape: Shape::Unknown,
            site: Span::new(f(), 32..40),
        }));
        src.push(Part::Text {
            text: "}".into(),
            origin: Origin::Exact(Span::new(f(), 40..41)),
        });
        let v = parse_json(&src, Span::new(f(), 0..0)).unwrap();
        let k = v.get("k").unwrap().as_str().unwrap();
        assert!(matches!(k.parts[0], Part::Sym(_)));
        assert_eq!(k.known_parts_text(), ":sub");
        assert!(matches!(v.get("p"), Some(Value::Unknown(_))));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let text = "{\"a\": 1,}";
        let src = SymStr::text(text, Origin::Exact(Span::new(f(), 0..text.len())));
        let e = parse_json(&src, Span::new(f(), 0..0)).unwrap_err();
        assert_eq!(e.span.start, 7);
    }
}
