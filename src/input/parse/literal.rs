//! Maps the decoded text of HCL string literals back to their raw source bytes.
//!
//! hcl-edit gives decoded literal values and the raw span; escapes (`\n`, `\u00e9`, `$${`) and
//! heredoc indentation (`<<-`) make the two differ, so every decoded byte gets its raw range.

use crate::base::source::{FileId, Span};
use crate::value::Origin;

/// How a literal was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralMode {
    /// Inside `"…"`: backslash escapes plus `$${` / `%%{`.
    Quoted,
    /// Heredoc or template file: no backslash escapes; `<<-` strips `indent` chars per line.
    Heredoc { indent: Option<usize> },
}

/// Origin of a literal whose decoded value is `decoded` and raw source is `raw` at `span`.
/// `at_line_start` tells whether the literal starts a heredoc line (for `<<-` dedent) and is
/// updated to whether it ends with a newline.
pub fn literal_origin(
    file: FileId,
    raw: &str,
    span_start: usize,
    decoded: &str,
    mode: LiteralMode,
    at_line_start: &mut bool,
) -> Origin {
    let whole = Span::new(file, span_start..span_start + raw.len());
    if raw == decoded && !matches!(mode, LiteralMode::Heredoc { indent: Some(_) }) {
        *at_line_start = raw.ends_with('\n');
        return Origin::Exact(whole);
    }
    let mapped = match mode {
        LiteralMode::Quoted => map_quoted(raw),
        LiteralMode::Heredoc { indent } => map_heredoc(raw, indent.unwrap_or(0), at_line_start),
    };
    *at_line_start = decoded.ends_with('\n');
    match mapped {
        Some((text, offsets)) if text == decoded => {
            let offsets = offsets
                .into_iter()
                .map(|(a, b)| ((span_start + a) as u32, (span_start + b) as u32))
                .collect::<Vec<_>>();
            let contiguous = offsets
                .iter()
                .enumerate()
                .all(|(i, &(a, b))| a as usize == span_start + i && b == a + 1);
            if contiguous && !offsets.is_empty() {
                let start = offsets[0].0 as usize;
                Origin::Exact(Span::new(file, start..start + offsets.len()))
            } else {
                Origin::Mapped { file, offsets }
            }
        }
        // Our decoder disagrees with hcl-edit's: fall back to the whole literal.
        _ => Origin::Derived(whole),
    }
}

/// The decoded text of a literal inside a `%{ if }` or `%{ for }`, when hcl-edit's value is not
/// what Terraform reads: hcl-edit parses directive bodies as raw template text, so inside a
/// quoted string their escapes (`\"`, `\n`) are left as written, and in a `<<-` heredoc their
/// lines keep the indentation it strips from the others (Terraform strips it from every line).
pub fn nested_literal_text(raw: &str, mode: LiteralMode, at_line_start: bool) -> Option<String> {
    match mode {
        LiteralMode::Quoted => map_quoted(raw).map(|(text, _)| text),
        LiteralMode::Heredoc {
            indent: Some(indent),
        } => map_heredoc(raw, indent, &mut { at_line_start }).map(|(text, _)| text),
        LiteralMode::Heredoc { indent: None } => None,
    }
}

type Mapped = (String, Vec<(usize, usize)>);

fn push_char(out: &mut String, offs: &mut Vec<(usize, usize)>, c: char, a: usize, b: usize) {
    out.push(c);
    for _ in 0..c.len_utf8() {
        offs.push((a, b));
    }
}

fn map_quoted(raw: &str) -> Option<Mapped> {
    let mut out = String::new();
    let mut offs = Vec::new();
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if c == '\\' {
            let (decoded, len) = match next? {
                'n' => ('\n', 2),
                'r' => ('\r', 2),
                't' => ('\t', 2),
                '"' => ('"', 2),
                '\\' => ('\\', 2),
                'u' => (hex_char(raw.get(pos + 2..pos + 6)?)?, 6),
                'U' => (hex_char(raw.get(pos + 2..pos + 10)?)?, 10),
                _ => return None,
            };
            push_char(&mut out, &mut offs, decoded, pos, pos + len);
            // `len` counts bytes and all escape bytes are ASCII, so it also counts chars.
            i += len;
            continue;
        }
        if is_template_escape(&chars, i) {
            push_char(&mut out, &mut offs, c, pos, pos + 2);
            i += 2;
            continue;
        }
        push_char(&mut out, &mut offs, c, pos, pos + c.len_utf8());
        i += 1;
    }
    Some((out, offs))
}

/// `$${` or `%%{` at `i`: a literal `${` / `%{`, two source bytes for its first character.
fn is_template_escape(chars: &[(usize, char)], i: usize) -> bool {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    matches!(at(i), Some('$' | '%')) && at(i + 1) == at(i) && at(i + 2) == Some('{')
}

fn hex_char(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

fn map_heredoc(raw: &str, indent: usize, at_line_start: &mut bool) -> Option<Mapped> {
    let mut out = String::new();
    let mut offs = Vec::new();
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let mut i = 0;
    let mut line_start = *at_line_start;
    while i < chars.len() {
        if line_start && indent > 0 {
            let mut skipped = 0;
            while skipped < indent && matches!(chars.get(i), Some((_, ' ' | '\t'))) {
                i += 1;
                skipped += 1;
            }
            line_start = false;
            if i >= chars.len() {
                break;
            }
        }
        let (pos, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if c == '\r' && next == Some('\n') && indent > 0 {
            push_char(&mut out, &mut offs, '\n', pos, pos + 2);
            i += 2;
            line_start = true;
            continue;
        }
        if is_template_escape(&chars, i) {
            push_char(&mut out, &mut offs, c, pos, pos + 2);
            i += 2;
            continue;
        }
        push_char(&mut out, &mut offs, c, pos, pos + c.len_utf8());
        line_start = c == '\n';
        i += 1;
    }
    Some((out, offs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(raw: &str, decoded: &str, mode: LiteralMode) -> Origin {
        literal_origin(FileId(0), raw, 100, decoded, mode, &mut true)
    }

    #[test]
    fn plain_literal_is_exact() {
        assert_eq!(
            origin("abc", "abc", LiteralMode::Quoted),
            Origin::Exact(Span::new(FileId(0), 100..103))
        );
    }

    #[test]
    fn escapes_map_to_their_raw_bytes() {
        let Origin::Mapped { offsets, .. } = origin(r#"a\"b\u00e9"#, "a\"bé", LiteralMode::Quoted)
        else {
            panic!("expected a mapped origin");
        };
        assert_eq!(offsets[1], (101, 103));
        assert_eq!(offsets[3], (104, 110));
    }

    #[test]
    fn heredoc_dedent_skips_indentation() {
        let Origin::Mapped { offsets, .. } = origin(
            "    {\n    }\n",
            "{\n}\n",
            LiteralMode::Heredoc { indent: Some(4) },
        ) else {
            panic!("expected a mapped origin");
        };
        assert_eq!(offsets[0], (104, 105));
        assert_eq!(offsets[2], (110, 111));
    }
}
