//! reviewdog's Diagnostic Format (`--format rdjson`): one `DiagnosticResult` (reviewdog's
//! `proto/rdf/reviewdog.proto`) with `source`, and per finding `message`,
//! `location.path`/`range` (1-based lines, columns in UTF-8 bytes, end exclusive),
//! `severity`, `code.value`/`url`, and the safe fix as `suggestions`.

use crate::base::diagnostic::{Applicability, Diagnostic, Severity};
use crate::base::source::SourceFile;
use crate::engine::check::Report;
use crate::report::terminal;
use serde_json::{Value, json};

/// A position as reviewdog counts it: the column in UTF-8 bytes from the line's start.
fn position(file: &SourceFile, offset: usize) -> Value {
    let p = file.position(offset);
    let line_start = file.lines().line_start(p.line.saturating_sub(1));
    // `position` skips a leading byte-order mark on the first line; editors do too.
    let bom = if p.line == 1 && file.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let column = p.offset.saturating_sub(line_start + bom) + 1;
    json!({ "line": p.line, "column": column })
}

fn range(file: &SourceFile, start: usize, end: usize) -> Value {
    json!({ "start": position(file, start), "end": position(file, end) })
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// The safe fix's edits, when they all change the diagnostic's own file (a suggestion has no
/// path of its own).
fn suggestions(d: &Diagnostic, file: &SourceFile) -> Vec<Value> {
    let Some(fix) = d
        .fix
        .as_ref()
        .filter(|f| f.applicability == Applicability::Safe)
    else {
        return Vec::new();
    };
    if fix.edits.iter().any(|e| e.span.file != d.span.file) {
        return Vec::new();
    }
    fix.edits
        .iter()
        .map(|e| json!({ "range": range(file, e.span.start, e.span.end), "text": e.replacement }))
        .collect()
}

pub fn render(report: &Report) -> String {
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = report.sources.get(d.span.file);
            let message = match &d.help {
                Some(help) => format!("{}\n{help}", d.message),
                None => d.message.clone(),
            };
            json!({
                "message": message,
                "location": {
                    "path": file.display_path,
                    "range": range(&file, d.span.start, d.span.end),
                },
                "severity": severity(d.severity),
                "source": { "name": "irsa-lint" },
                "code": { "value": d.rule.code, "url": d.rule.url() },
                "suggestions": suggestions(d, &file),
            })
        })
        .collect();
    let result = json!({
        "source": { "name": "irsa-lint", "url": env!("CARGO_PKG_REPOSITORY") },
        "diagnostics": diagnostics,
    });
    let text = serde_json::to_string_pretty(&result).unwrap_or_default();
    let mut text = terminal::escape_json_unsafe(&text).into_owned();
    text.push('\n');
    text
}
