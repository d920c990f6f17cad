//! One line per finding (`--format concise`): `path:line:col: CODE [name] message`, the
//! shape grep, vim's quickfix (`%f:%l:%c: %m`) and VS Code problem matchers read, then the
//! summary line.

use crate::engine::check::Report;
use crate::report::{human, terminal};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = report.sources.get(d.span.file);
        let p = file.position(d.span.start);
        // Each finding stays on its line: line breaks in the message are escaped too.
        out.push_str(&format!(
            "{}:{}:{}: {} [{}] {}\n",
            terminal::safe(&file.display_path),
            p.line,
            p.column,
            d.rule.code,
            d.rule.name,
            terminal::safe(&d.message)
        ));
    }
    out.push_str(&human::summary(report));
    out
}
