//! Finds a template directive that is never closed (`%{ for }` with no `%{ endfor }`, `%{ if }`
//! with no `%{ endif }`). hcl-edit reports those as the template's end being missing
//! ("expected heredoc end delimiter", "unexpected token"), far from the cause; when parsing
//! fails, this scan names the directive instead.

/// An opening directive with no end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    /// The `%{ … }` control of the opening directive.
    pub start: usize,
    pub end: usize,
    /// `for` or `if`.
    pub keyword: &'static str,
    /// Where the template holding it begins (`<<`, the opening quote, or 0 in a template file).
    pub template_start: usize,
}

impl Unclosed {
    /// The closing directive it lacks.
    pub fn closer(&self) -> &'static str {
        if self.keyword == "for" {
            "endfor"
        } else {
            "endif"
        }
    }
}

/// In the text of a template file (`templatefile()`, `template_file`): the whole text is one
/// template.
pub fn unclosed_in_template(text: &str) -> Option<Unclosed> {
    scan_template(text.as_bytes(), 0, End::Text, 0).1
}

/// In a `.tf` file: every heredoc and quoted string is a template.
pub fn unclosed_in_tf(text: &str) -> Option<Unclosed> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                continue;
            }
            b'"' => {
                let (end, found) = scan_template(b, i + 1, End::Quote, i);
                if found.is_some() {
                    return found;
                }
                i = end;
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                if let Some((body, body_end, after)) = heredoc(text, i) {
                    let (_, found) = scan_template(&b[..body_end], body, End::Text, i);
                    if found.is_some() {
                        return found;
                    }
                    i = after;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// A quoted string: ends at its closing quote (or the line's end, where it is broken).
    Quote,
    /// Runs to the end of the bytes given.
    Text,
}

/// Scans template text from `i`; returns where it ended and the first unclosed directive.
fn scan_template(
    b: &[u8],
    mut i: usize,
    end: End,
    template_start: usize,
) -> (usize, Option<Unclosed>) {
    let mut open: Vec<Unclosed> = Vec::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\n' if end == End::Quote => break,
            b'\\' if end == End::Quote => i += 2,
            b'$' | b'%' if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') => i += 3,
            b'$' if b.get(i + 1) == Some(&b'{') => i = control_end(b, i + 2),
            b'%' if b.get(i + 1) == Some(&b'{') => {
                let close = control_end(b, i + 2);
                let inner = b.get(i + 2..close.saturating_sub(1)).unwrap_or_default();
                let inner = inner.strip_prefix(b"~").unwrap_or(inner);
                let word: Vec<u8> = inner
                    .iter()
                    .copied()
                    .skip_while(u8::is_ascii_whitespace)
                    .take_while(u8::is_ascii_alphabetic)
                    .collect();
                let directive = |keyword| Unclosed {
                    start: i,
                    end: close,
                    keyword,
                    template_start,
                };
                match word.as_slice() {
                    b"for" => open.push(directive("for")),
                    b"if" => open.push(directive("if")),
                    b"endfor" | b"endif" => {
                        let keyword = if word == b"endfor" { "for" } else { "if" };
                        match open.last() {
                            Some(top) if top.keyword == keyword => {
                                open.pop();
                            }
                            // Closed by the other directive's end: the innermost is unclosed.
                            Some(top) => return (close, Some(*top)),
                            None => {}
                        }
                    }
                    _ => {}
                }
                i = close;
            }
            _ => i += 1,
        }
    }
    (i.saturating_add(1), open.pop())
}

/// The index after the `}` closing a `${` or `%{` whose inside starts at `i`, skipping quoted
/// strings and nested braces.
fn control_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' if depth == 0 => return i + 1,
            b'}' => depth -= 1,
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// For `<<EOF` / `<<-EOF` at `i`: the body's start and end, and the index after the closing
/// delimiter line.
fn heredoc(text: &str, i: usize) -> Option<(usize, usize, usize)> {
    let rest = text.get(i + 2..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() {
        return None;
    }
    let body = text[i..].find('\n').map(|n| i + n + 1)?;
    let mut pos = body;
    for line in text[body..].split_inclusive('\n') {
        if line.trim() == ident {
            return Some((body, pos, pos + line.len()));
        }
        pos += line.len();
    }
    Some((body, text.len(), text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(&str, &'static str)> {
        unclosed_in_tf(text).map(|u| (&text[u.start..u.end], u.keyword))
    }

    #[test]
    fn unclosed_loops_and_conditions_in_heredocs_and_strings() {
        let heredoc = "a = <<-EOF\n  [%{ for s in l }\"${s}\"]\nEOF\n";
        assert_eq!(found(heredoc), Some(("%{ for s in l }", "for")));
        let quoted = "a = \"x %{~ if c ~}y\"\n";
        assert_eq!(found(quoted), Some(("%{~ if c ~}", "if")));
        // Closed by the wrong end: the inner `if` is the one left open.
        let crossed = "a = <<EOF\n%{ for s in l }%{ if s }x%{ endfor }\nEOF\n";
        assert_eq!(found(crossed), Some(("%{ if s }", "if")));
    }

    #[test]
    fn balanced_escaped_and_commented_directives_are_not_reported() {
        let text = "# %{ for x in y }\na = \"%%{ for x }\"\nb = <<EOF\n%{ for x in y }${x}%{ endfor }\nEOF\nc = \"${\"}\"} %{ if a }b%{ endif }\"\n";
        assert_eq!(found(text), None);
        assert_eq!(
            unclosed_in_template("%{ if a }b%{ else }c").map(|u| (u.start, u.end, u.closer())),
            Some((0, 9, "endif"))
        );
    }
}
