//! GitLab Code Quality (`--format gitlab`): a JSON array of Code Climate issues, the shape
//! GitLab reads from `artifacts:reports:codequality` (docs.gitlab.com, "Code Quality report
//! format"): `description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`,
//! `major`, `critical`, `blocker`), `location.path` and `location.lines.begin`.

use crate::base::diagnostic::{Diagnostic, Kind, Severity};
use crate::engine::check::Report;
use crate::engine::fingerprint::fingerprints;
use crate::report::terminal;
use serde_json::json;

/// Errors that let more principals in rank highest; a warning is `minor`.
fn severity(d: &Diagnostic) -> &'static str {
    match (d.severity, d.kind) {
        (Severity::Error, Kind::Exposes) => "critical",
        (Severity::Error, _) => "major",
        (Severity::Warning, _) => "minor",
        (Severity::Info, _) => "info",
    }
}

pub fn render(report: &Report) -> String {
    let issues: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .zip(fingerprints(report))
        .map(|(d, fingerprint)| {
            let file = report.sources.get(d.span.file);
            let begin = file.position(d.span.start).line;
            let end = file.position(d.span.end).line;
            json!({
                "type": "issue",
                "check_name": d.rule.code,
                "description": format!("{} [{}] {}", d.rule.code, d.rule.name, d.message),
                "content": { "body": d.help.clone().unwrap_or_default() },
                "categories": ["Security"],
                "fingerprint": fingerprint,
                "severity": severity(d),
                "location": { "path": file.display_path, "lines": { "begin": begin, "end": end } },
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    let mut text = terminal::escape_json_unsafe(&text).into_owned();
    text.push('\n');
    text
}
