//! Human output: rustc-style snippets rendered by miette, with labels, help and the fix.
//!
//! Everything taken from the scanned tree (messages, labels, help, fix descriptions, paths,
//! source lines) is untrusted: it goes through [`terminal`] before it reaches miette, a
//! snippet is drawn only when its source lines need no escaping, and the rendered text is
//! checked once more at the end.

use crate::base::diagnostic::{Applicability, Diagnostic, Severity};
use crate::base::source::SourceFile;
use crate::engine::check::Report;
use crate::report::elide::{Elided, elide_arns, shorten_in_text};
use crate::report::terminal;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// A file as miette source, answering span reads from the line index instead of rescanning.
struct IndexedSource {
    file: Arc<SourceFile>,
    /// The display path made safe: miette prints it in the snippet header.
    name: String,
    /// When `file` is a copy with long ARNs shortened: the map back to the original offsets,
    /// so the header still shows the original column.
    elided: Option<Elided>,
}

impl IndexedSource {
    /// An original offset in `file`'s text.
    fn offset(&self, orig: usize) -> usize {
        self.elided.as_ref().map_or(orig, |e| e.to_new(orig))
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let f = &self.file;
        let text = f.text.as_bytes();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = f.lines().line_of(start);
        let last = f.lines().line_of(end.saturating_sub(1).max(start));
        let win_first = first.saturating_sub(context_lines_before);
        let win_last = (last + context_lines_after).min(f.lines().line_count().saturating_sub(1));
        let win_start = f.lines().line_start(win_first);
        let mut win_end = if win_last + 1 < f.lines().line_count() {
            f.lines().line_start(win_last + 1)
        } else {
            text.len()
        };
        // Leave the final newline out, as miette's own reader does.
        while win_end > win_start && matches!(text[win_end - 1], b'\n' | b'\r') && win_end > end {
            win_end -= 1;
        }
        let column = if context_lines_before == 0 {
            let line_start = f.lines().line_start(first);
            match &self.elided {
                Some(e) => e.to_orig(start) - e.to_orig(line_start),
                None => start - line_start,
            }
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text[win_start..win_end],
            (win_start..win_end).into(),
            win_first,
            column,
            win_last - win_first + 1,
        )))
    }
}

/// One diagnostic seen through miette's `Diagnostic` trait, its texts already made safe.
struct Rendered<'a> {
    d: &'a Diagnostic,
    message: String,
    label: Option<String>,
    /// Secondary labels in the diagnostic's own file.
    labels: Vec<(String, std::ops::Range<usize>)>,
    /// `None` when the snippet cannot be drawn (lines too long for miette's layout, or
    /// holding characters that would have to be escaped).
    source: Option<IndexedSource>,
    help: Option<String>,
}

/// Lines longer than this are not drawn as snippets: miette's layout overflows on them.
const MAX_SNIPPET_LINE: usize = 2_000;

/// True when every line the diagnostic's labels touch can be drawn as it is: short enough for
/// miette's layout, and with nothing [`terminal`] would escape or neutralize. miette prints
/// source lines raw, and escaping them here would move the labels off their columns, so such
/// a diagnostic is shown with an `at path:line:col` line instead.
fn drawable(file: &SourceFile, d: &Diagnostic) -> bool {
    let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
    spans.filter(|s| s.file == d.span.file).all(|s| {
        let first = file.lines().line_of(s.start).saturating_sub(1);
        let last =
            (file.lines().line_of(s.end) + 1).min(file.lines().line_count().saturating_sub(1));
        (first..=last).all(|l| {
            let start = file.lines().line_start(l);
            let end = if l + 1 < file.lines().line_count() {
                file.lines().line_start(l + 1)
            } else {
                file.text.len()
            };
            end.saturating_sub(start) <= MAX_SNIPPET_LINE
                && file.text.get(start..end).is_some_and(plain_line)
        })
    })
}

/// A source line (with its line break) that is safe to print raw: no control character but
/// `\t` and the `\r` of a `\r\n` ending (miette drops both line-break characters), and no
/// `##[`. A `::` cannot start an output line: miette puts the line number before it.
fn plain_line(line: &str) -> bool {
    let body = line
        .strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .unwrap_or(line);
    !body.contains("##[")
        && !body
            .chars()
            .any(|c| c != '\t' && terminal::is_unsafe_char(c))
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
        let source = self.source.as_ref()?;
        let range = |r: std::ops::Range<usize>| source.offset(r.start)..source.offset(r.end);
        let primary = LabeledSpan::new_primary_with_span(
            self.label.clone(),
            range(self.d.span.start..self.d.span.end),
        );
        let others = self.labels.iter().map(move |(message, r)| {
            LabeledSpan::new_with_span(Some(message.clone()), range(r.clone()))
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Options for the human renderer.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Columns to wrap messages and help at.
    pub width: usize,
    /// Box drawing and `×`/`⚠` (else ASCII, for `TERM=dumb` and legacy consoles).
    pub unicode: bool,
}

/// The longest ARN a label shows whole.
const LABEL_TOKEN: usize = 40;

/// Columns the snippet gutter takes (line number, ` │ `, the arrows of multi-line spans):
/// source lines longer than the width less this have their ARNs shortened.
const GUTTER: usize = 10;

/// The miette handler for `options`: wrapped at the width, only at spaces, and never inside a
/// word: textwrap's defaults break after a hyphen or `/` (Unicode line breaking) and split
/// long words, which cuts ARNs and flags such as `--unsafe-fixes` in two.
pub fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = match (options.unicode, options.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_links(false)
        .with_context_lines(1)
}

/// The snippet source of `d`: the file itself, or a copy with long ARNs shortened when a
/// drawn line would not fit `width`.
fn snippet_source(file: &Arc<SourceFile>, d: &Diagnostic, options: HumanOptions) -> IndexedSource {
    let name = terminal::safe(&file.display_path).into_owned();
    let spans: Vec<_> = std::iter::once(d.span)
        .chain(d.labels.iter().map(|l| l.span))
        .filter(|s| s.file == d.span.file)
        .collect();
    let first = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.end).max().unwrap_or(0);
    let from = file
        .lines()
        .line_start(file.lines().line_of(first).saturating_sub(1));
    let last_line = file.lines().line_of(last) + 2;
    let to = if last_line < file.lines().line_count() {
        file.lines().line_start(last_line)
    } else {
        file.text.len()
    };
    let boundaries: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    // A label is drawn after an arrow from the middle of its underline: a line leaves room for
    // about half of its longest label.
    let labelled = std::iter::once((d.span, d.label.as_deref().unwrap_or("")))
        .chain(d.labels.iter().map(|l| (l.span, l.message.as_str())))
        .filter(|(s, _)| s.file == d.span.file)
        .map(|(s, text)| {
            let line = file.lines().line_start(file.lines().line_of(s.start));
            (line, text.chars().count())
        })
        .collect::<Vec<_>>();
    let max_line = |line_start: usize| {
        let label = labelled
            .iter()
            .filter(|(l, _)| *l == line_start)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        options.width.saturating_sub(GUTTER + label / 2)
    };
    match elide_arns(
        &file.text,
        from..to,
        &boundaries,
        max_line,
        if options.unicode { "…" } else { "..." },
    ) {
        Some(elided) => IndexedSource {
            file: Arc::new(SourceFile::new(file.path.clone(), elided.text.clone())),
            name,
            elided: Some(elided),
        },
        None => IndexedSource {
            file: Arc::clone(file),
            name,
            elided: None,
        },
    }
}

/// Renders every diagnostic, then a summary line.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let mut out = render_findings(report, options);
    // The summary holds only counts.
    out.push_str(&summary(report));
    out
}

/// Renders every diagnostic.
pub fn render_findings(report: &Report, options: HumanOptions) -> String {
    let handler = handler(options);
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = report.sources.get(d.span.file);
        let source = drawable(&file, d).then(|| snippet_source(&file, d, options));
        let mut help = help_text(d);
        // miette draws one file per diagnostic: name the labels that live elsewhere.
        for l in d.labels.iter().filter(|l| l.span.file != d.span.file) {
            let f = report.sources.get(l.span.file);
            let p = f.position(l.span.start);
            help = Some(format!(
                "{}\nnote: {} at {}:{}:{}",
                help.unwrap_or_default(),
                terminal::safe(&l.message),
                terminal::safe(&f.display_path),
                p.line,
                p.column
            ));
        }
        if source.is_none() {
            let p = file.position(d.span.start);
            help = Some(format!(
                "at {}:{}:{}\n{}",
                terminal::safe(&file.display_path),
                p.line,
                p.column,
                help.unwrap_or_default()
            ));
        }
        // miette renders one source per diagnostic: labels in other files are left out. Each
        // label is drawn on one line, so line breaks are escaped too.
        // A label is not wrapped: long ARNs in it are cut in the middle instead.
        let ellipsis = if options.unicode { "…" } else { "..." };
        let label_text =
            |l: &str| terminal::safe(&shorten_in_text(l, LABEL_TOKEN, ellipsis)).into_owned();
        let labels = d
            .labels
            .iter()
            .filter(|l| l.span.file == d.span.file)
            .map(|l| (label_text(&l.message), l.span.start..l.span.end))
            .collect();
        let rendered = Rendered {
            d,
            message: terminal::safe_multiline(&d.message).into_owned(),
            label: d.label.as_deref().map(label_text),
            labels,
            source,
            help,
        };
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str("  (could not render the source snippet)\n");
        }
        out.push('\n');
    }
    // A last guard over everything: miette wraps lines, which can put an input's ` ::` at the
    // start of a help line. Our own text never has `##[` or a line starting with `::`, so only
    // input-derived text changes. Without colour no control character of ours is left either;
    // with colour, miette's SGR sequences must stay.
    let out = terminal::neutralize_commands(&out).into_owned();
    if options.color {
        out
    } else {
        terminal::escape_controls(&out).into_owned()
    }
}

fn help_text(d: &Diagnostic) -> Option<String> {
    let docs = format!("docs: irsa-lint explain {}", d.rule.code);
    let fix = d.fix.as_ref().map(|f| match f.applicability {
        Applicability::Safe => {
            format!("fix: {} (apply with --fix)", terminal::safe(&f.description))
        }
        Applicability::Unsafe => format!(
            "fix: {} (unsafe: apply with --fix --unsafe-fixes)",
            terminal::safe(&f.description)
        ),
    });
    let lines: Vec<String> = d
        .help
        .iter()
        .map(|h| terminal::safe_multiline(h).into_owned())
        .chain(fix)
        .chain(Some(docs))
        .collect();
    Some(lines.join("\n"))
}

/// `Found 3 problems (2 errors, 1 warning) in 12 files, 7 trust policies.`
pub fn summary(report: &Report) -> String {
    if named_path_missing(report) && report.diagnostics.is_empty() {
        // A path that does not exist was checked by nobody: no success line, only its error.
        return String::new();
    }
    let count = |s: Severity| report.count(s);
    let n = report.diagnostics.len();
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
        " in {}, {} trust polic{}",
        files_read(report),
        report.policies,
        if report.policies == 1 { "y" } else { "ies" }
    ));
    line.push_str(&skipped_and_hidden(report));
    line.push_str(&fixable_note(report));
    line.push_str(".\n");
    line
}

/// True when a path named on the command line does not exist.
fn named_path_missing(report: &Report) -> bool {
    report
        .walk_errors
        .iter()
        .any(|e| e.message == crate::input::discover::NOT_FOUND)
}

/// `4 files (3 .tf, 1 template)`: every file read, by kind.
fn files_read(report: &Report) -> String {
    let total: usize = report.read.iter().map(|(_, n)| n).sum();
    let kinds: Vec<String> = report
        .read
        .iter()
        .map(|(kind, n)| {
            // File-name kinds (`.tf`, `tfvars`) stay as written; words take a plural.
            let word = kind.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && !kind.starts_with("tf")
                && !kind.contains('.');
            format!("{n} {kind}{}", if word { plural(*n) } else { "" })
        })
        .collect();
    let mut out = format!("{total} file{}", plural(total));
    if !kinds.is_empty() {
        out.push_str(&format!(" ({})", kinds.join(", ")));
    }
    out
}

/// `; 1 skipped; 2 hidden by the baseline`, for what the report does not show.
fn skipped_and_hidden(report: &Report) -> String {
    let mut out = String::new();
    if !report.skipped.is_empty() {
        out.push_str(&format!("; {} skipped", report.skipped.len()));
    }
    if report.hidden_by_baseline > 0 {
        out.push_str(&format!(
            "; {} hidden by the baseline",
            report.hidden_by_baseline
        ));
    }
    out
}

/// `; 4 fixable with `--fix` (3 more with `--unsafe-fixes`)`, as ruff counts: a fix marked
/// unsafe is not applied by `--fix` alone, so it is not counted as fixable by it.
fn fixable_note(report: &Report) -> String {
    let (safe, unsafe_) = fix_counts(report);
    match (safe, unsafe_) {
        (0, 0) => String::new(),
        (0, u) => format!("; {u} fixable with `--fix --unsafe-fixes`"),
        (s, 0) => format!("; {s} fixable with `--fix`"),
        (s, u) => format!("; {s} fixable with `--fix` ({u} more with `--unsafe-fixes`)"),
    }
}

/// Findings with a safe fix and findings with an unsafe one.
pub fn fix_counts(report: &Report) -> (usize, usize) {
    let fixes = report.diagnostics.iter().filter_map(|d| d.fix.as_ref());
    let safe = fixes
        .clone()
        .filter(|f| f.applicability == crate::base::diagnostic::Applicability::Safe)
        .count();
    (safe, fixes.count() - safe)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Options;

    const ROLE: &str = r#"resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "SUBJECT"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

    fn render_role(subject: &str, color: bool) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.tf");
        std::fs::write(&path, ROLE.replace("SUBJECT", subject)).expect("write");
        let report = crate::engine::check::check_with(&[path], &Options::default());
        assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
        render(
            &report,
            HumanOptions {
                color,
                width: 100,
                unicode: true,
            },
        )
    }

    #[test]
    fn colour_keeps_miette_styles_but_escapes_input() {
        // HCL escapes, decoded into the value: the message quotes ESC and BEL.
        let out = render_role(
            r"system:serviceaccounts:kube-system:\u001b]0;PWNED\u0007##[error]x",
            true,
        );
        assert!(
            out.contains("\u{1b}["),
            "miette's colours are gone: {out:?}"
        );
        // (miette may wrap the line after an escape's `}`.)
        assert!(
            out.contains(r"kube-system:\u{1b}]0;PWNED\u{7}##\u{5b}"),
            "{out:?}"
        );
        assert!(!out.contains('\u{7}') && !out.contains("\u{1b}]") && !out.contains("##["));
    }

    #[test]
    fn snippets_are_drawn_only_from_plain_lines() {
        let sub = "system:serviceaccounts:kube-system:app";
        let drawn = render_role(sub, false);
        assert!(drawn.contains("╭─["), "{drawn}");
        // The HCL escape `\u001b` is plain text in the source line: still drawn.
        let escaped_in_source = render_role(&format!(r"{sub}\u001b"), false);
        assert!(escaped_in_source.contains("╭─["), "{escaped_in_source}");
        for hostile in ["\u{1b}[2J", "\u{7}", "##[error]", "\u{202e}", "\r"] {
            let out = render_role(&format!("{sub}{hostile}"), false);
            assert!(!out.contains("╭─["), "{hostile:?}: {out}");
            assert!(out.contains("help: at "), "{hostile:?}: {out}");
        }
        assert!(plain_line("a\tb\r\n") && plain_line("a\n") && plain_line("a"));
        assert!(!plain_line("a\rb\n") && !plain_line("a\r") && !plain_line("a\u{0}\n"));
    }
}
