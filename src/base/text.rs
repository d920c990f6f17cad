//! Text arithmetic rules share: how far apart two words are, and which known word a typo meant.

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            let del = prev[j + 1] + 1;
            let ins = cur[j] + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The one candidate closest to `text` (ignoring case), when it is close enough and no other
/// candidate is as close.
pub fn closest<'c>(text: &str, candidates: &'c [String]) -> Option<&'c str> {
    let lower = text.trim().to_ascii_lowercase();
    let limit = (lower.chars().count() / 5).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    let len = lower.chars().count();
    for c in candidates {
        // The distance is at least the length difference: skip hopeless candidates cheaply
        // (this also keeps a huge bogus operator from costing quadratic time).
        if len.abs_diff(c.chars().count()) > limit {
            continue;
        }
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, c));
                tie = false;
            }
        }
    }
    match best {
        Some((d, c)) if d <= limit && !tie => Some(c),
        _ => None,
    }
}

/// True for the characters the reports show as escapes (`report::terminal`): C0 controls
/// (including `\n` and `\t`, which only one-line text escapes), DEL, C1 controls
/// (U+0080–U+009F), the line and paragraph separators U+2028/U+2029, and the bidi embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Scanned text quoted in a one-line message: each run of whitespace becomes one space, the
/// other [`is_unsafe_char`] characters are shown as `\u{X}` (the reports' escape form), and
/// text beyond `max` characters is cut with `…`.
pub fn one_line_excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if shown >= max {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            shown += 1;
            space = false;
        }
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        shown += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_safe_line() {
        assert_eq!(
            one_line_excerpt("  {\"a\":\n\t 1}\u{1b}[2J ", 40),
            "{\"a\": 1}\\u{1b}[2J"
        );
        assert_eq!(one_line_excerpt("abcdef", 3), "abc…");
        assert_eq!(one_line_excerpt("abc", 3), "abc");
    }

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("enviroment", "environment"), 1);
        assert_eq!(edit_distance("ref", "ref"), 0);
        let known = vec!["StringEquals".to_string(), "StringLike".to_string()];
        assert_eq!(closest("stringequal", &known), Some("StringEquals"));
        assert_eq!(closest("Bool", &known), None);
    }
}
