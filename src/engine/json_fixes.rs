//! Fixes in Terraform's JSON syntax (`.tf.json`, `.tofu.json`). Rules write replacements as
//! HCL text; in a JSON file an expression lives inside a JSON string, so a replacement that
//! lands inside one is escaped as JSON (`"https://"` becomes `\"https://\"`). A fix whose edits
//! would still leave the file invalid JSON (a block inserted as HCL) is dropped: it is not
//! offered, rather than offered and then refused.

use crate::base::diagnostic::{Diagnostic, Edit};
use crate::base::source::{FileId, Sources};
use crate::input::parse::tf_json::is_json_syntax;
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
            let inside = ranges.as_ref().is_some_and(|r| {
                let i = r.partition_point(|&(start, _)| start < edit.span.start);
                // The literal that opens before the edit (its quote excluded) and ends after it.
                i > 0 && r[i - 1].1 > edit.span.end
            });
            if inside {
                // An edit of a string inside `${ }` starts or ends at an escaped quote (its
                // span keeps the decoded quote): the whole escape is replaced.
                edit.span.start = escape_start(&file.text, edit.span.start);
                edit.span.end = escape_end(&file.text, edit.span.end);
                edit.replacement = escape(&edit.replacement);
            }
        }
        files.sort();
        files.dedup();
        for id in files {
            let text = sources.get(id).text.clone();
            let edits: Vec<&Edit> = fix.edits.iter().filter(|e| e.span.file == id).collect();
            keep &= applied(&text, &edits)
                .is_some_and(|t| serde_json::from_str::<serde_json::Value>(&t).is_ok());
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

/// `at`, moved back to the start of the JSON escape it splits.
fn escape_start(text: &str, at: usize) -> usize {
    if backslashes_before(text, at) % 2 == 1 {
        at - 1
    } else {
        at
    }
}

/// `at`, moved on to the end of the JSON escape it splits (`\"`, `\uXXXX`).
fn escape_end(text: &str, at: usize) -> usize {
    if backslashes_before(text, at) % 2 == 0 {
        return at;
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
        // The nested string's span keeps the decoded quotes: `"abc\`.
        let (start, end) = (text.find('"').unwrap() + 6, text.rfind('\\').unwrap() + 1);
        assert_eq!(&text[start..end], "\"abc\\");
        assert_eq!(
            &text[escape_start(text, start)..escape_end(text, end)],
            "\\\"abc\\\""
        );
        assert_eq!((escape_start(text, 1), escape_end(text, 1)), (1, 1));
        assert_eq!(
            escape(r#"replace(x, "https://", "")"#),
            r#"replace(x, \"https://\", \"\")"#
        );
    }
}
