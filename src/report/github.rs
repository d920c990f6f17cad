//! GitHub Actions workflow commands (`--format github`, SPEC §6.2): one annotation per
//! diagnostic, in report order, then a plain summary line.
//!
//! GitHub turns at most 10 annotations of each level (error, warning, notice) per step and 50
//! per job into visible annotations; the rest stay in the log only. The summary line says so
//! when this run exceeds the per-step limit, and points to the SARIF report and the log.

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::engine::check::Report;

/// Annotations GitHub shows per level in one step.
const PER_LEVEL_LIMIT: usize = 10;

/// Escapes a command's message (data), as actions/toolkit's `escapeData`; other control
/// characters (ESC, NUL, …) are shown escaped, so an annotation cannot drive a terminal.
pub fn escape_data(s: &str) -> String {
    let s = crate::report::terminal::escape_controls_except(s, &['\r', '\n']);
    // `%` first, so the escapes added below are not escaped again.
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, as actions/toolkit's `escapeProperty`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(report: &Report, d: &Diagnostic) -> String {
    let file = report.sources.get(d.span.file);
    let start = file.position(d.span.start);
    let end = file.position(d.span.end);
    let mut props = format!(
        "file={},line={},endLine={}",
        escape_property(&file.display_path),
        start.line,
        end.line
    );
    // GitHub accepts columns only on single-line annotations and drops them otherwise.
    if start.line == end.line {
        props.push_str(&format!(",col={},endColumn={}", start.column, end.column));
    }
    let title = format!("{} {}", d.rule.code, d.rule.name);
    props.push_str(&format!(",title={}", escape_property(&title)));
    let message = match &d.help {
        Some(help) => format!("{}\n{help}", d.message),
        None => d.message.clone(),
    };
    format!(
        "::{} {props}::{}\n",
        command(d.severity),
        escape_data(&message)
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `irsa-lint: 3 problems (2 errors, 1 warning, 0 info) in 12 files`, plus a note when GitHub
/// will not show every annotation.
pub fn summary(report: &Report) -> String {
    let count = |s: Severity| report.count(s);
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files = plural(report.files, "file");
    let mut line = match report.diagnostics.len() {
        0 => format!("irsa-lint: no problems in {files}"),
        n => format!(
            "irsa-lint: {} ({}, {}, {infos} info) in {files}",
            plural(n, "problem"),
            plural(errors, "error"),
            plural(warnings, "warning"),
        ),
    };
    let hidden: usize = [errors, warnings, infos]
        .iter()
        .map(|n| n.saturating_sub(PER_LEVEL_LIMIT))
        .sum();
    if hidden > 0 {
        line.push_str(&format!(
            "; GitHub annotates at most {PER_LEVEL_LIMIT} findings per level in a step: \
             {hidden} more findings; see the SARIF/log"
        ));
    }
    line.push('\n');
    line
}

/// Renders one workflow command per diagnostic, then the summary line.
pub fn render(report: &Report) -> String {
    let mut out: String = report
        .diagnostics
        .iter()
        .map(|d| annotation(report, d))
        .collect();
    out.push_str(&summary(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first() {
        assert_eq!(escape_data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(
            escape_data("a\u{1b}]0;x\u{7}b\0"),
            "a\\u{1b}]0;x\\u{7}b\\u{0}"
        );
    }

    #[test]
    fn properties_escape_colon_and_comma() {
        assert_eq!(escape_property("dir,x/a:b%.tf\n"), "dir%2Cx/a%3Ab%25.tf%0A");
        assert_eq!(escape_property("WIF003 name"), "WIF003 name");
    }
}
