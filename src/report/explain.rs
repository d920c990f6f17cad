//! `irsa-lint explain CODE`: the rule's page rendered for a terminal (paragraphs and lists
//! wrapped at the width, headings underlined, code blocks and tables verbatim), then what
//! irsa-lint prints for the page's Bad example.
//!
//! The pages are ours (compiled in), so their text is printed as it is.

use crate::base::rule_meta::RuleMeta;
use crate::engine::check::check_with;
use crate::engine::config::Options;
use crate::report::human::{self, HumanOptions};
use textwrap::{WordSeparator, WordSplitter};

/// A rule's page, then where a comment that suppresses it goes (every page would repeat it).
pub fn page(meta: &RuleMeta) -> String {
    format!(
        "{}\n\n## Suppressing it\n\
         `# irsa-lint:ignore {code} -- reason` (or `//`) at the end of a line of the finding: its \
         first line, or the line of any part the report underlines (the value, a label); or alone \
         on the line above one. `# irsa-lint:ignore-file {code} -- reason` anywhere in the file \
         covers the whole file; an `[[allow]]` entry with `code = \"{code}\"` in .irsa-lint.toml \
         covers paths. Findings inside JSON text (heredocs, `file()`) take `ignore-file` or \
         `[[allow]]`.\n",
        meta.doc.trim_end(),
        code = meta.code
    )
}

/// The page for the terminal, followed by the Bad example's findings when it has any.
pub fn render(meta: &RuleMeta, options: HumanOptions) -> String {
    let mut out = markdown(&page(meta), options);
    if let Some(shown) = bad_example_findings(meta, options) {
        out.push('\n');
        out.push_str(&heading(
            "What irsa-lint prints for the Bad example",
            2,
            options,
        ));
        out.push('\n');
        out.push_str(&shown);
    }
    out
}

const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

fn heading(text: &str, level: usize, options: HumanOptions) -> String {
    let text = inline(text, options);
    let width = textwrap::core::display_width(&text);
    let rule = match (level, options.unicode) {
        (1, true) => "═",
        (1, false) => "=",
        (2, true) => "─",
        (2, false) => "-",
        _ => return format!("{}\n", bold(&text, options)),
    };
    format!("{}\n{}\n", bold(&text, options), rule.repeat(width))
}

fn bold(text: &str, options: HumanOptions) -> String {
    if options.color {
        format!("{BOLD}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// `**strong**` shown bold (or plain), `[text](url)` as `text <url>`; code spans keep their
/// backticks, which say where a value starts and ends.
fn inline(text: &str, options: HumanOptions) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut strong = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("**") {
            out.push_str(match (options.color, strong) {
                (false, _) => "",
                (true, false) => BOLD,
                (true, true) => RESET,
            });
            strong = !strong;
            rest = after;
            continue;
        }
        if let Some(link) = link_at(rest) {
            out.push_str(&format!("{} <{}>", link.0, link.1));
            rest = &rest[link.2..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if strong && options.color {
        out.push_str(RESET);
    }
    out
}

/// `[text](url)` at the start of `s`: the text, the url and the length.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let body = s.strip_prefix('[')?;
    let close = body.find("](")?;
    let text = &body[..close];
    let after = &body[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    if text.contains('[') || url.contains(char::is_whitespace) {
        return None;
    }
    Some((text, url, 1 + close + 2 + end + 1))
}

fn wrap(text: &str, first: &str, rest: &str, options: HumanOptions) -> String {
    let wrap_options = textwrap::Options::new(options.width)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(false)
        .initial_indent(first)
        .subsequent_indent(rest);
    let mut out = String::new();
    for line in textwrap::wrap(&inline(text, options), wrap_options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A list item's marker (`- `, `* `, `1. `) and its text.
fn list_item(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    if let Some(text) = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
    {
        return Some((&line[..indent + 2], text));
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let text = trimmed.get(digits..)?.strip_prefix(". ")?;
    (digits > 0).then(|| (&line[..indent + digits + 2], text))
}

/// The page as terminal text.
pub fn markdown(doc: &str, options: HumanOptions) -> String {
    let mut out = String::new();
    // The paragraph or list item being gathered: its first-line and other-line prefixes.
    let mut para: Option<(String, String, String)> = None;
    let flush = |para: &mut Option<(String, String, String)>, out: &mut String| {
        if let Some((text, first, rest)) = para.take() {
            out.push_str(&wrap(&text, &first, &rest, options));
        }
    };
    let mut fence: Option<String> = None;
    for line in doc.lines() {
        if let Some(marker) = &fence {
            if line.trim_start().starts_with(marker.as_str()) {
                fence = None;
            } else {
                out.push_str(format!("    {line}").trim_end());
                out.push('\n');
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut para, &mut out);
            fence = Some(trimmed[..3].to_string());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut para, &mut out);
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with(' ') {
            flush(&mut para, &mut out);
            out.push_str(&heading(trimmed[level..].trim(), level, options));
            continue;
        }
        if trimmed.starts_with('|') {
            flush(&mut para, &mut out);
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some((marker, text)) = list_item(line) {
            flush(&mut para, &mut out);
            let hang = " ".repeat(marker.chars().count());
            para = Some((text.to_string(), marker.to_string(), hang));
            continue;
        }
        if let Some(quoted) = trimmed.strip_prefix('>') {
            let quoted = quoted.trim_start();
            match &mut para {
                Some((text, first, _)) if first.starts_with('>') => {
                    text.push(' ');
                    text.push_str(quoted);
                }
                _ => {
                    flush(&mut para, &mut out);
                    para = Some((quoted.to_string(), "> ".into(), "> ".into()));
                }
            }
            continue;
        }
        match &mut para {
            Some((text, _, _)) => {
                text.push(' ');
                text.push_str(trimmed);
            }
            None => para = Some((trimmed.to_string(), String::new(), String::new())),
        }
    }
    flush(&mut para, &mut out);
    out
}

/// The fenced blocks of the `## Bad` section, as (language, text).
fn bad_blocks(doc: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut in_bad = false;
    let mut current: Option<(String, String)> = None;
    for line in doc.lines() {
        if let Some((lang, text)) = &mut current {
            if line.trim_start().starts_with("```") {
                blocks.push((lang.clone(), std::mem::take(text)));
                current = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if let Some(title) = line.strip_prefix("## ") {
            in_bad = title.trim() == "Bad";
            continue;
        }
        if in_bad && let Some(lang) = line.trim_start().strip_prefix("```") {
            current = Some((lang.trim().to_lowercase(), String::new()));
        }
    }
    blocks
}

/// Checks the Bad example in a scratch directory (HCL blocks as `main.tf`, YAML ones as
/// `manifest.yaml`) and renders this rule's findings with the scratch path left out. `None`
/// when there is no example or it yields none of them.
fn bad_example_findings(meta: &RuleMeta, options: HumanOptions) -> Option<String> {
    let (mut hcl, mut yaml) = (String::new(), String::new());
    for (lang, text) in bad_blocks(meta.doc) {
        match lang.as_str() {
            "hcl" | "terraform" | "tf" => hcl.push_str(&text),
            "yaml" | "yml" => {
                if !yaml.is_empty() {
                    yaml.push_str("---\n");
                }
                yaml.push_str(&text);
            }
            _ => {}
        }
    }
    if hcl.is_empty() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    std::fs::write(dir.path().join("main.tf"), &hcl).ok()?;
    if !yaml.is_empty() {
        std::fs::write(dir.path().join("manifest.yaml"), &yaml).ok()?;
    }
    let mut report = check_with(&[dir.path().to_path_buf()], &Options::default());
    report.diagnostics.retain(|d| d.rule.code == meta.code);
    if report.diagnostics.is_empty() {
        return None;
    }
    let text = human::render_findings(&report, options);
    // Paths are shown absolute (the scratch directory is outside the current one).
    let mut prefixes = vec![format!("{}/", dir.path().display())];
    if let Ok(canonical) = dir.path().canonicalize() {
        prefixes.push(format!("{}/", canonical.display()));
    }
    Some(
        prefixes
            .iter()
            .fold(text, |text, prefix| text.replace(prefix.as_str(), "")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: HumanOptions = HumanOptions {
        color: false,
        width: 40,
        unicode: true,
    };

    #[test]
    fn paragraphs_wrap_and_code_stays() {
        let doc = "# T1: name\n\n**Severity:** error · **Kind:** breaks\n\nA long paragraph that goes on\nand on past the width of forty columns.\n\n- an item that is long enough to wrap onto a second line\n- `--unsafe-fixes`\n\n```hcl\nresource \"aws_iam_role\" \"a_role_with_a_rather_long_name\" {\n```\n";
        assert_eq!(
            markdown(doc, PLAIN),
            "T1: name\n════════\n\nSeverity: error · Kind: breaks\n\nA long paragraph that goes on and on\npast the width of forty columns.\n\n- an item that is long enough to wrap\n  onto a second line\n- `--unsafe-fixes`\n\n    resource \"aws_iam_role\" \"a_role_with_a_rather_long_name\" {\n"
        );
    }

    #[test]
    fn links_and_bold() {
        let colored = HumanOptions {
            color: true,
            ..PLAIN
        };
        assert_eq!(
            inline("see [AWS](https://x.y/z) **now**", PLAIN),
            "see AWS <https://x.y/z> now"
        );
        assert_eq!(inline("**a**", colored), "\u{1b}[1ma\u{1b}[0m");
    }
}
