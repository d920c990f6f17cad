//! Finds a quoted string that runs past the end of its line. Terraform rejects those, but
//! hcl-edit reads on to the next quote and reports a confusing error lines later (or none).

/// Byte offset of the opening quote of the first quoted string that contains a newline.
pub fn unterminated_string(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    // Brace depth inside `${ }` of the innermost open string, and where that string opened.
    let mut string: Option<(usize, usize)> = None;
    let mut interpolation_depth: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    while i < b.len() {
        let c = b[i];
        if let Some((start, _)) = string {
            match c {
                b'\\' => i += 1,
                b'\n' => return Some(start),
                b'"' => string = None,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    if i > 0 && b[i - 1] == c {
                        // `$${` is an escape, not an interpolation.
                    } else {
                        interpolation_depth.push(depth);
                        depth += 1;
                        string = None;
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => string = Some((i, depth)),
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if interpolation_depth.last() == Some(&depth) {
                    interpolation_depth.pop();
                    // Back inside the string the interpolation was written in.
                    string = Some((i, depth));
                }
            }
            b'#' => i = skip_line(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 1);
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i = skip_heredoc(text, i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// Skips `<<EOF … EOF` / `<<-EOF … EOF`; returns the index of the last byte of the closing line.
fn skip_heredoc(text: &str, i: usize) -> usize {
    let rest = &text[i + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() {
        return i + 1;
    }
    let Some(body) = text[i..].find('\n').map(|n| i + n + 1) else {
        return text.len();
    };
    let mut pos = body;
    for line in text[body..].split_inclusive('\n') {
        pos += line.len();
        if line.trim() == ident {
            return pos.saturating_sub(1);
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::unterminated_string;

    #[test]
    fn finds_strings_that_run_past_their_line() {
        let text = "a = \"ok\"\nname = \"eks-node\nb = \"x\"\n";
        assert_eq!(unterminated_string(text), Some(text.find("\"eks").unwrap()));
    }

    #[test]
    fn ignores_heredocs_comments_and_interpolations() {
        let text =
            "# it's \"\na = <<EOF\n\"\nEOF\nb = \"${jsonencode({\n  x = \"y\"\n})}\"\n/* \" */\n";
        assert_eq!(unterminated_string(text), None);
    }
}
