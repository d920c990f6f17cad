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

#[cfg(test)]
mod tests {
    use super::*;

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
