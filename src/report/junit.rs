//! JUnit XML (`--format junit`), as CI systems read test reports (GitLab
//! `artifacts:reports:junit`, Jenkins, Azure): `testsuites` holding one `testsuite` per file
//! read (`name`, `tests`, `failures`), one `testcase` per finding (`name`, `classname`) with a
//! `failure` (`message`, `type`, the details as text), and one passing `testcase` for a file
//! without findings.

use crate::base::diagnostic::Diagnostic;
use crate::base::source::FileId;
use crate::engine::check::Report;
use crate::report::terminal;
use std::collections::BTreeMap;

/// Text for an XML attribute or element: control characters shown as `\u{X}` (XML 1.0 cannot
/// carry most of them even as references), then the markup characters as entities, and in
/// attributes line breaks and tabs as references so they survive attribute normalisation.
fn xml(s: &str, attribute: bool) -> String {
    let shown = terminal::escape_controls(s);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

fn testcase(report: &Report, d: &Diagnostic, out: &mut String) {
    let file = report.sources.get(d.span.file);
    let p = file.position(d.span.start);
    let name = format!("{} {} at {}:{}", d.rule.code, d.rule.name, p.line, p.column);
    let mut details = format!(
        "{}:{}:{}: {}",
        file.display_path, p.line, p.column, d.message
    );
    if let Some(help) = &d.help {
        details.push_str(&format!("\n{help}"));
    }
    details.push_str(&format!("\n{}", d.rule.url()));
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
        xml(&name, true),
        xml(&file.display_path, true),
        xml(&d.message, true),
        d.rule.code,
        xml(&details, false)
    ));
}

pub fn render(report: &Report) -> String {
    // Files in path order (the order they were read in is not stable).
    let key = |id: FileId| (report.sources.get(id).display_path.clone(), id);
    let mut by_file: BTreeMap<(String, FileId), Vec<&Diagnostic>> = BTreeMap::new();
    for id in report.sources.ids() {
        by_file.insert(key(id), Vec::new());
    }
    for d in &report.diagnostics {
        by_file.entry(key(d.span.file)).or_default().push(d);
    }
    let failures = report.diagnostics.len();
    let tests: usize = by_file.values().map(|ds| ds.len().max(1)).sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"irsa-lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"
    );
    for ((shown, _), diagnostics) in &by_file {
        let path = xml(shown, true);
        out.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            diagnostics.len().max(1),
            diagnostics.len()
        ));
        if diagnostics.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"no problems\" classname=\"{path}\"/>\n"
            ));
        }
        for d in diagnostics {
            testcase(report, d, &mut out);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
