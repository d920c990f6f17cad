//! The JSON report of SPEC §6.1 (`--format json`), version 1.

use crate::base::diagnostic::{Applicability, Diagnostic, Severity};
use crate::base::source::{Position, Sources, Span};
use crate::engine::check::Report;
use serde::Serialize;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Named files that were not read.
    skipped: Vec<JsonSkipped>,
}

#[derive(Serialize)]
struct JsonSkipped {
    path: String,
    reason: String,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    policies: usize,
    diagnostics: usize,
    by_severity: BySeverity,
    fixable: usize,
    elapsed_ms: u128,
    /// Files read by kind (`.tf`, `template`, ...), beside `files` (the module files).
    read: std::collections::BTreeMap<&'static str, usize>,
    hidden_by_baseline: usize,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonLabel {
    message: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_escaped: Option<String>,
    range: JsonRange,
}

#[derive(Serialize)]
struct JsonEdit {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_escaped: Option<String>,
    range: JsonRange,
    replacement: String,
}

#[derive(Serialize)]
struct JsonFix {
    description: String,
    applicability: Applicability,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    kind: crate::base::diagnostic::Kind,
    message: &'a str,
    path: String,
    /// Only for a path that is not UTF-8 (`path` is then lossy): its bytes, percent-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_escaped: Option<String>,
    range: JsonRange,
    labels: Vec<JsonLabel>,
    help: Option<&'a str>,
    url: String,
    fix: Option<JsonFix>,
}

fn pos(p: Position) -> JsonPosition {
    JsonPosition {
        line: p.line,
        column: p.column,
        offset: p.offset,
    }
}

/// The shown path, its escaped bytes when it is not UTF-8, and the range.
fn located(sources: &Sources, span: Span) -> (String, Option<String>, JsonRange) {
    let f = sources.get(span.file);
    let range = JsonRange {
        start: pos(f.position(span.start)),
        end: pos(f.position(span.end)),
    };
    let escaped = f
        .display_bytes
        .as_deref()
        .map(crate::report::sarif::artifact_uri);
    (f.display_path.clone(), escaped, range)
}

fn diagnostic<'a>(sources: &Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (path, path_escaped, range) = located(sources, d.span);
    JsonDiagnostic {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity,
        kind: d.kind,
        message: &d.message,
        path,
        path_escaped,
        range,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (path, path_escaped, range) = located(sources, l.span);
                JsonLabel {
                    message: l.message.clone(),
                    path,
                    path_escaped,
                    range,
                }
            })
            .collect(),
        help: d.help.as_deref(),
        url: d.rule.url(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            description: f.description.clone(),
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (path, path_escaped, range) = located(sources, e.span);
                    JsonEdit {
                        path,
                        path_escaped,
                        range,
                        replacement: e.replacement.clone(),
                    }
                })
                .collect(),
        }),
    }
}

fn skipped(report: &Report) -> Vec<JsonSkipped> {
    report
        .skipped
        .iter()
        .map(|s| JsonSkipped {
            path: crate::base::source::display_path(&s.path),
            reason: s.reason.clone(),
        })
        .collect()
}

/// Renders the report as pretty JSON.
pub fn render(report: &Report) -> String {
    let count = |s: Severity| report.count(s);
    let doc = JsonReport {
        version: 1,
        tool: Tool {
            name: "irsa-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: report.files,
            policies: report.policies,
            diagnostics: report.diagnostics.len(),
            by_severity: BySeverity {
                error: count(Severity::Error),
                warning: count(Severity::Warning),
                info: count(Severity::Info),
            },
            fixable: report
                .diagnostics
                .iter()
                .filter(|d| d.fix.is_some())
                .count(),
            elapsed_ms: report.elapsed_ms,
            read: report.read.iter().copied().collect(),
            hidden_by_baseline: report.hidden_by_baseline,
        },
        skipped: skipped(report),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(&report.sources, d))
            .collect(),
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
