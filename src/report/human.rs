//! Human output: rustc-style snippets rendered by miette, with labels, help and the fix.

use crate::check::Report;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// A file as miette source, answering span reads from the line index instead of rescanning.
struct IndexedSource(Arc<SourceFile>);

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let f = &self.0;
        let text = f.text.as_bytes();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = f.lines.line_of(start);
        let last = f.lines.line_of(end.saturating_sub(1).max(start));
        let win_first = first.saturating_sub(context_lines_before);
        let win_last = (last + context_lines_after).min(f.lines.line_count().saturating_sub(1));
        let win_start = f.lines.line_start(win_first);
        let mut win_end = if win_last + 1 < f.lines.line_count() {
            f.lines.line_start(win_last + 1)
        } else {
            text.len()
        };
        // Leave the final newline out, as miette's own reader does.
        while win_end > win_start && matches!(text[win_end - 1], b'\n' | b'\r') && win_end > end {
            win_end -= 1;
        }
        let column = if context_lines_before == 0 {
            start - f.lines.line_start(first)
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            f.display_path.clone(),
            &text[win_start..win_end],
            (win_start..win_end).into(),
            win_first,
            column,
            win_last - win_first + 1,
        )))
    }
}

/// One diagnostic seen through miette's `Diagnostic` trait.
struct Rendered<'a> {
    d: &'a Diagnostic,
    /// `None` when the snippet cannot be drawn (lines too long for miette's layout).
    source: Option<IndexedSource>,
    help: Option<String>,
}

/// Lines longer than this are not drawn as snippets: miette's layout overflows on them.
const MAX_SNIPPET_LINE: usize = 2_000;

/// True when every line the diagnostic's labels touch is short enough to draw.
fn drawable(file: &SourceFile, d: &Diagnostic) -> bool {
    let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
    spans.filter(|s| s.file == d.span.file).all(|s| {
        let first = file.lines.line_of(s.start).saturating_sub(1);
        let last = (file.lines.line_of(s.end) + 1).min(file.lines.line_count().saturating_sub(1));
        (first..=last).all(|l| {
            let start = file.lines.line_start(l);
            let end = if l + 1 < file.lines.line_count() {
                file.lines.line_start(l + 1)
            } else {
                file.text.len()
            };
            end.saturating_sub(start) <= MAX_SNIPPET_LINE
        })
    })
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.d.rule.code, self.d.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(
            self.d.label.clone(),
            self.d.span.start..self.d.span.end,
        );
        // miette renders one source per diagnostic: labels in other files are left out.
        let file = self.d.span.file;
        let others = self
            .d
            .labels
            .iter()
            .filter(move |l| l.span.file == file)
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), l.span.start..l.span.end));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Options for the human renderer.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

/// Renders every diagnostic, then a summary line.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = report.sources.get(d.span.file);
        let source = drawable(&file, d).then(|| IndexedSource(std::sync::Arc::clone(&file)));
        let mut help = help_text(d);
        // miette draws one file per diagnostic: name the labels that live elsewhere.
        for l in d.labels.iter().filter(|l| l.span.file != d.span.file) {
            let f = report.sources.get(l.span.file);
            let p = f.position(l.span.start);
            help = Some(format!(
                "{}\nnote: {} at {}:{}:{}",
                help.unwrap_or_default(),
                l.message,
                f.display_path,
                p.line,
                p.column
            ));
        }
        if source.is_none() {
            let p = file.position(d.span.start);
            help = Some(format!(
                "at {}:{}:{}\n{}",
                file.display_path,
                p.line,
                p.column,
                help.unwrap_or_default()
            ));
        }
        let rendered = Rendered { d, source, help };
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str("  (could not render the source snippet)\n");
        }
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}

fn help_text(d: &Diagnostic) -> Option<String> {
    let docs = format!("docs: irsa-lint explain {}", d.rule.code);
    let fix = d.fix.as_ref().map(|f| match f.applicability {
        Applicability::Safe => format!("fix: {} (apply with --fix)", f.description),
        Applicability::Unsafe => format!(
            "fix: {} (unsafe: apply with --fix --unsafe-fixes)",
            f.description
        ),
    });
    let lines: Vec<String> = d
        .help
        .iter()
        .cloned()
        .chain(fix)
        .chain(Some(docs))
        .collect();
    Some(lines.join("\n"))
}

/// `Found 3 problems (2 errors, 1 warning) in 12 files, 7 trust policies.`
pub fn summary(report: &Report) -> String {
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let n = report.diagnostics.len();
    let fixable = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .count();
    let mut line = if n == 0 {
        "No problems found".to_string()
    } else {
        format!(
            "Found {n} problem{} ({} error{}, {} warning{}, {} info)",
            plural(n),
            count(Severity::Error),
            plural(count(Severity::Error)),
            count(Severity::Warning),
            plural(count(Severity::Warning)),
            count(Severity::Info)
        )
    };
    line.push_str(&format!(
        " in {} file{}, {} trust polic{}",
        report.files,
        plural(report.files),
        report.policies,
        if report.policies == 1 { "y" } else { "ies" }
    ));
    if fixable > 0 {
        line.push_str(&format!("; {fixable} fixable"));
    }
    line.push_str(".\n");
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
