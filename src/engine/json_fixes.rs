//! Fixes in Terraform's JSON syntax (`.tf.json`, `.tofu.json`). Rules write replacements as
//! HCL text; in a JSON file an expression lives inside a JSON string, so a replacement that
//! lands inside one is escaped as JSON (`"https://"` becomes `\"https://\"`). A fix whose edits
//! would leave a file that does not read as Terraform JSON (a block inserted as HCL, text copied
//! from the file and escaped twice) is dropped: it is not offered, rather than offered and then
//! refused.

use crate::base::diagnostic::{Diagnostic, Edit};
use crate::base::source::{FileId, Sources};
use crate::input::parse::tf_json::{is_json_syntax, parse_body, rewrite_string};
use std::collections::HashMap;

/// Rewrites or drops the fixes of `diagnostics` that edit a Terraform JSON file.
pub(crate) fn adapt(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    let mut strings: HashMap<FileId, Option<Vec<(usize, usize)>>> = HashMap::new();
    for d in diagnostics.iter_mut() {
        let Some(fix) = &mut d.fix else {
            continue;
        };
        let mut keep = true;
        let mut files = Vec::new();
        for edit in &mut fix.edits {
            let file = sources.get(edit.span.file);
            if !is_json_syntax(&file.path.to_string_lossy()) {
                continue;
            }
            files.push(edit.span.file);
            let ranges = strings
                .entry(edit.span.file)
                .or_insert_with(|| string_ranges(&file.text));
            let literal = ranges.as_ref().and_then(|r| {
                let i = r.partition_point(|&(start, _)| start < edit.span.start);
                // The literal that opens before the edit (its quote excluded) and ends after it.
                (i > 0 && r[i - 1].1 >= edit.span.end).then(|| r[i - 1])
            });
            if let Some((open, close)) = literal {
                // An edit of a string inside `${ }` may start or end inside a JSON escape (the
                // quotes of that string are escaped): the boundary moves to where the decoded
                // character lies in the text the parser read.
                let raw = file.text.get(open..=close).unwrap_or_default();
                let shadow = rewrite_string(raw, false);
                let snap = |at: usize| snap_to_escape(&file.text, &shadow, open, at);
                let (start, end) = (snap(edit.span.start), snap(edit.span.end));
                edit.span.start = start;
                edit.span.end = end.max(start);
                edit.replacement = escape(&edit.replacement);
            }
        }
        files.sort();
        files.dedup();
        for id in files {
            let text = sources.get(id).text.clone();
            let edits: Vec<&Edit> = fix.edits.iter().filter(|e| e.span.file == id).collect();
            keep &= applied(&text, &edits).is_some_and(|t| parse_body(&t).is_ok());
        }
        if !keep {
            d.fix = None;
        }
    }
}

/// `(opening quote, closing quote)` offsets of every JSON string in `text`, in order; `None`
/// when a string is not closed.
fn string_ranges(text: &str) -> Option<Vec<(usize, usize)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            if i >= b.len() {
                return None;
            }
            out.push((start, i));
        }
        i += 1;
    }
    Some(out)
}

/// How many backslashes end `text[..at]`.
fn backslashes_before(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(..at)
        .map_or(0, |b| b.iter().rev().take_while(|&&c| c == b'\\').count())
}

/// `at`, moved out of the JSON escape it splits: before it when the parser's text holds the
/// decoded character at the escape's end (an opening quote, after a space), else after it.
/// `shadow` is that text for the string literal starting at `open`.
fn snap_to_escape(text: &str, shadow: &[u8], open: usize, at: usize) -> usize {
    if backslashes_before(text, at).is_multiple_of(2) {
        return at;
    }
    if at > open && shadow.get(at - 1 - open) == Some(&b' ') {
        return at - 1;
    }
    let len = if text.as_bytes().get(at) == Some(&b'u') {
        5
    } else {
        1
    };
    (at + len).min(text.len())
}

fn escape(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}

/// `text` with `edits` (sorted, non-overlapping) applied, or `None` when one does not fit.
fn applied(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.span.start)?);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            string_ranges(r#"{"a": "x\"y", "b": 1}"#),
            Some(vec![(1, 3), (6, 11), (14, 16)])
        );
        assert_eq!(string_ranges(r#"{"a"#), None);
        let text = r#""${f(\"abc\")}""#;
        let shadow = rewrite_string(text, false);
        assert_eq!(shadow, br#""${f( "abc" )}""#);
        let snap = |at| snap_to_escape(text, &shadow, 0, at);
        // The nested string's span as parsed, `"abc\`, is the whole `\"abc\"`.
        let (start, end) = (6, 11);
        assert_eq!(&text[start..end], "\"abc\\");
        assert_eq!(&text[snap(start)..snap(end)], "\\\"abc\\\"");
        // An insertion after the closing quote goes after its escape.
        assert_eq!(snap(11), 12);
        assert_eq!(snap(1), 1);
        assert_eq!(
            escape(r#"replace(x, "https://", "")"#),
            r#"replace(x, \"https://\", \"\")"#
        );
    }
}
