//! Inline suppressions (SPEC §6.3): `# irsa-lint:ignore CODE[,CODE] -- reason` (or `//`) at
//! the end of a line of the finding (its primary span or any labelled part) or alone on the
//! line above it, and
//! `# irsa-lint:ignore-file CODE` anywhere in a file. An ignore that suppresses nothing is
//! itself reported (`IGN001`).

use crate::base::diagnostic::Diagnostic;
use crate::base::source::{FileId, SourceFile, Sources, Span};
use crate::rules::RuleMeta;
use crate::rules::stage::UNUSED_IGNORE;

pub(crate) const MARKER: &str = "irsa-lint:ignore";

/// One ignore comment.
#[derive(Debug, Clone)]
struct Ignore {
    file: FileId,
    /// 0-based line of the comment.
    line: usize,
    /// The comment is the only thing on its line (so it applies to the next line).
    own_line: bool,
    file_wide: bool,
    codes: Vec<(String, Span)>,
}

impl Ignore {
    fn covers(&self, code: &str, rule: &RuleMeta) -> Option<usize> {
        self.codes.iter().position(|(c, _)| {
            c.eq_ignore_ascii_case(code)
                || c.eq_ignore_ascii_case(rule.name)
                || c.eq_ignore_ascii_case("all")
        })
    }
}

/// Parses the ignore comments of a file.
fn ignores_of(id: FileId, file: &SourceFile) -> Vec<Ignore> {
    if !file.text.contains(MARKER) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for (line, text) in file.text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += text.len();
        let Some(at) = text.find(MARKER) else {
            continue;
        };
        let before = text[..at].trim_end();
        let comment_start = if before.ends_with('#') {
            before.len() - 1
        } else if before.ends_with("//") {
            before.len() - 2
        } else {
            continue;
        };
        let own_line = text[..comment_start].trim().is_empty();
        let rest = &text[at + MARKER.len()..];
        let (file_wide, rest, rest_at) = match rest.strip_prefix("-file") {
            Some(r) => (true, r, at + MARKER.len() + 5),
            None => (false, rest, at + MARKER.len()),
        };
        // Codes run up to `--` (the reason) or the end of the line.
        let list = rest.split("--").next().unwrap_or_default();
        let mut codes = Vec::new();
        let mut pos = 0;
        for part in list.split([',', ' ', '\t', '\r', '\n', ':']) {
            let code_at = rest_at + pos;
            pos += part.len() + 1;
            if part.is_empty() {
                continue;
            }
            let s = start + code_at;
            codes.push((part.to_string(), Span::new(id, s..s + part.len())));
        }
        out.push(Ignore {
            file: id,
            line,
            own_line,
            file_wide,
            codes,
        });
    }
    out
}

/// Removes suppressed diagnostics and adds one `IGN001` per ignore code that suppressed
/// nothing (only for rules that are enabled in the comment's file, so `--select` does not make
/// ignores "unused").
pub fn apply(
    sources: &Sources,
    diagnostics: Vec<Diagnostic>,
    enabled: &dyn Fn(&RuleMeta, &std::path::Path) -> bool,
) -> Vec<Diagnostic> {
    let mut ignores: Vec<Ignore> = Vec::new();
    for id in sources.ids() {
        ignores.extend(ignores_of(id, &sources.get(id)));
    }
    if ignores.is_empty() {
        return diagnostics;
    }
    let mut used: Vec<Vec<bool>> = ignores.iter().map(|i| vec![false; i.codes.len()]).collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        // The primary span and every labelled part: the user may put the comment beside the
        // value they see underlined (a key's issuer, the subject a label points at), which is
        // not always the primary line.
        let places: Vec<(FileId, usize)> = std::iter::once(d.span)
            .chain(d.labels.iter().map(|l| l.span))
            .map(|span| {
                (
                    span.file,
                    sources.get(span.file).lines().line_of(span.start),
                )
            })
            .collect();
        let hit = ignores.iter().enumerate().find_map(|(i, ig)| {
            let applies = places.iter().any(|&(file, line)| {
                ig.file == file
                    && (ig.file_wide || ig.line == line || (ig.own_line && ig.line + 1 == line))
            });
            applies
                .then(|| ig.covers(d.rule.code, d.rule).map(|c| (i, c)))
                .flatten()
        });
        match hit {
            Some((i, c)) => used[i][c] = true,
            None => kept.push(d),
        }
    }
    for (ig, used) in ignores.iter().zip(used) {
        for ((code, span), used) in ig.codes.iter().zip(used) {
            let rule = crate::rules::find(code);
            let path = &sources.get(ig.file).path;
            let relevant = rule.is_none_or(|r| enabled(r, path));
            if !used && relevant {
                let why = match rule {
                    Some(r) => format!("`{}` ({}) is not reported here", r.code, r.name),
                    None => format!(
                        "`{code}` is not a rule code or name{}",
                        crate::engine::selection::did_you_mean(code)
                    ),
                };
                kept.push(
                    Diagnostic::new(&UNUSED_IGNORE, *span, format!("unused ignore: {why}"))
                        .with_label("suppresses nothing")
                        .with_help("Remove the code from the comment (or the comment)."),
                );
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn parses_codes_reasons_and_positions() {
        let sources = Sources::new();
        let text = "a = 1 # irsa-lint:ignore WIF005,IRSA002 -- platform role\n  // irsa-lint:ignore-file wif009\n";
        let id = sources.add(PathBuf::from("main.tf"), text.into());
        let ig = ignores_of(id, &sources.get(id));
        assert_eq!(ig.len(), 2);
        assert!(!ig[0].own_line && !ig[0].file_wide);
        let codes: Vec<&str> = ig[0].codes.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["WIF005", "IRSA002"]);
        assert_eq!(
            &text[ig[0].codes[1].1.start..ig[0].codes[1].1.end],
            "IRSA002"
        );
        assert!(ig[1].own_line && ig[1].file_wide);
        assert_eq!(ig[1].codes[0].0, "wif009");
    }
}
