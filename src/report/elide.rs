//! Long ARNs and EKS issuer hosts in snippet lines, shortened in the middle
//! (`arn:aws:iam:…3D041E`) so a snippet fits a narrow terminal instead of wrapping under its
//! labels. The message above the snippet still quotes the whole ARN; only the drawn source
//! line is shortened.
//!
//! A span boundary (where an underline starts or ends) is never inside a cut: each piece of
//! an ARN between two boundaries is shortened on its own, so every label keeps its place.

use std::ops::Range;

/// Characters kept at each end of a shortened piece.
const KEEP: usize = 10;

/// The text with some ranges replaced by `…`, and the map between both texts' offsets.
#[derive(Debug)]
pub struct Elided {
    pub text: String,
    /// Kept pieces: (original range, start in `text`), in order.
    pieces: Vec<(Range<usize>, usize)>,
    /// What stands for each cut.
    ellipsis: &'static str,
}

impl Elided {
    /// The offset in the shortened text of an original offset (one inside a cut maps to the
    /// `…`).
    pub fn to_new(&self, orig: usize) -> usize {
        let mut last_end = 0;
        for (range, start) in &self.pieces {
            if orig < range.start {
                return last_end;
            }
            if orig <= range.end {
                return start + (orig - range.start);
            }
            last_end = start + range.len() + self.ellipsis.len();
        }
        last_end
    }

    /// The original offset of an offset in the shortened text.
    pub fn to_orig(&self, new: usize) -> usize {
        let mut last = 0;
        for (range, start) in &self.pieces {
            if new < *start {
                return last;
            }
            if new <= start + range.len() {
                return range.start + (new - start);
            }
            last = range.end;
        }
        last
    }
}

/// `text` (a label, drawn on one line after its arrow) with each ARN or issuer host longer
/// than `max` characters cut in the middle to `max`.
pub fn shorten_in_text<'a>(text: &'a str, max: usize, ellipsis: &str) -> std::borrow::Cow<'a, str> {
    let mut out = String::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = text.get(search..).and_then(next_long_token) {
        let start = search + found;
        let end = start + text[start..].find(ends_arn).unwrap_or(text.len() - start);
        let token = &text[start..end];
        let chars = token.chars().count();
        let shown = ellipsis.chars().count();
        // `arn:<partition>:iam::…` is a template the reader needs whole.
        if chars > max && max > 2 * shown && !token.contains('<') {
            let head = (max - shown) / 2;
            let tail = max - shown - head;
            let at = |n: usize| token.char_indices().nth(n).map_or(token.len(), |(i, _)| i);
            out.push_str(&text[from..start]);
            out.push_str(&token[..at(head)]);
            out.push_str(ellipsis);
            out.push_str(&token[at(chars - tail)..]);
            from = end;
        }
        search = end.max(start + 4);
    }
    if from == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// Where the next ARN or EKS issuer host (`oidc.eks.<region>.amazonaws.com/id/<ID>`, as in
/// condition keys) starts.
fn next_long_token(s: &str) -> Option<usize> {
    ["arn:", "oidc.eks."].iter().filter_map(|p| s.find(p)).min()
}

/// Where an ARN ends: at whitespace, a quote or a list/argument separator.
fn ends_arn(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ']' | ')' | ',')
}

/// Shortens the ARNs on the lines in `lines` (byte range of whole lines of `text`) that are
/// longer than `max_line(offset of the line's start)` characters, as far as needed to fit (or as far as they can); each
/// cut becomes `ellipsis` (`…`, or `...` for an ASCII terminal). `boundaries` are offsets no cut may cover. `None` when
/// nothing is shortened.
pub fn elide_arns(
    text: &str,
    lines: Range<usize>,
    boundaries: &[usize],
    max_line: impl Fn(usize) -> usize,
    ellipsis: &'static str,
) -> Option<Elided> {
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let region = text.get(lines.clone())?;
    let mut line_start = lines.start;
    for line in region.split_inclusive('\n') {
        let chars = line.trim_end_matches(['\n', '\r']).chars().count();
        let max = max_line(line_start);
        if chars > max {
            let shown = ellipsis.chars().count();
            line_cuts(line, line_start, boundaries, chars - max, shown, &mut cuts);
        }
        line_start += line.len();
    }
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_by_key(|c| c.start);
    let mut out = String::with_capacity(text.len());
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts
        .iter()
        .chain(std::iter::once(&(text.len()..text.len())))
    {
        pieces.push((from..cut.start, out.len()));
        out.push_str(text.get(from..cut.start)?);
        if !cut.is_empty() {
            out.push_str(ellipsis);
        }
        from = cut.end;
    }
    Some(Elided {
        text: out,
        pieces,
        ellipsis,
    })
}

/// Cuts for one line that is `excess` characters too long: the longest ARN pieces first, each
/// cut only as far as needed (keeping [`KEEP`] characters at each end), so the ARN stays as
/// readable as the width allows.
fn line_cuts(
    line: &str,
    base: usize,
    boundaries: &[usize],
    mut excess: usize,
    ellipsis: usize,
    cuts: &mut Vec<Range<usize>>,
) {
    let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
    let mut search = 0;
    while let Some(found) = line.get(search..).and_then(next_long_token) {
        let start = search + found;
        let len = line[start..].find(ends_arn).unwrap_or(line.len() - start);
        let end = start + len;
        let mut points: Vec<usize> = boundaries
            .iter()
            .map(|&b| b.wrapping_sub(base))
            .filter(|&b| b > start && b < end && line.is_char_boundary(b))
            .collect();
        points.push(start);
        points.push(end);
        points.sort_unstable();
        points.dedup();
        for piece in points.windows(2) {
            let chars = line[piece[0]..piece[1]].chars().count();
            if chars > 2 * KEEP + 1 {
                pieces.push((piece[0], piece[1], chars));
            }
        }
        search = end.max(start + 4);
    }
    pieces.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    for (from, to, chars) in pieces {
        if excess == 0 {
            break;
        }
        // Removing `cut` characters and adding the ellipsis shortens the line by
        // `cut - ellipsis`.
        let cut = (excess + ellipsis).min(chars - 2 * KEEP);
        if cut <= ellipsis {
            continue;
        }
        let head = (chars - cut) / 2;
        let text = &line[from..to];
        let at = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
        cuts.push(base + from + at(head)..base + from + at(head + cut));
        excess = excess.saturating_sub(cut - ellipsis);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "  Federated = \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E\"\n";

    #[test]
    fn long_arns_are_cut_in_the_middle_of_each_piece() {
        let start = LINE.find("arn:").unwrap_or(0);
        let id = LINE.find("EXAMPLED").unwrap_or(0);
        let end = LINE.rfind('"').unwrap_or(0);
        let e = elide_arns(LINE, 0..LINE.len(), &[start, id, end], |_| 60, "…");
        let e = e.unwrap_or_else(|| panic!("not shortened"));
        // The longest piece is cut to its ends, the other only as far as the width needs.
        assert_eq!(
            e.text,
            "  Federated = \"arn:aws:ia…ws.com/id/EXAMPLED539…1B716D3041E\"\n"
        );
        assert_eq!(e.text.trim_end().chars().count(), 60);
        // Boundaries land on the same characters.
        assert_eq!(&e.text[e.to_new(id)..e.to_new(id) + 8], "EXAMPLED");
        assert_eq!(&e.text[e.to_new(end)..e.to_new(end) + 1], "\"");
        assert_eq!(e.to_orig(e.to_new(id)), id);
        assert_eq!(e.to_orig(e.to_new(end)), end);
        assert_eq!(e.to_orig(e.to_new(start)), start);
    }

    #[test]
    fn issuer_hosts_are_cut_too() {
        let line = "    variable = \"oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E:aud\"\n";
        let e = elide_arns(line, 0..line.len(), &[], |_| 50, "…");
        let e = e.unwrap_or_else(|| panic!("not shortened"));
        assert_eq!(
            e.text,
            "    variable = \"oidc.eks.us-west…E1B716D3041E:aud\"\n"
        );
    }

    #[test]
    fn labels_get_their_arns_cut() {
        let label = "annotated with `arn:aws:iam::111122223333:role/a-rather-long-role-name-for-external-dns` here";
        assert_eq!(
            shorten_in_text(label, 30, "…"),
            "annotated with `arn:aws:iam::1…or-external-dns` here"
        );
        for kept in [
            "the `arn:aws:iam::1:role/x` here",
            "expected arn:<partition>:iam::<account>:oidc-provider/<issuer host>",
        ] {
            assert!(matches!(
                shorten_in_text(kept, 30, "…"),
                std::borrow::Cow::Borrowed(_)
            ));
        }
    }

    #[test]
    fn short_lines_and_other_text_stay() {
        assert!(elide_arns(LINE, 0..LINE.len(), &[], |_| 200, "…").is_none());
        let plain = format!("  x = \"{}\"\n", "a".repeat(150));
        assert!(elide_arns(&plain, 0..plain.len(), &[], |_| 60, "...").is_none());
    }
}
