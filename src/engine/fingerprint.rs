//! Line-independent fingerprints of findings, for baselines and SARIF `partialFingerprints`:
//! the rule, the file, and the whitespace-normalised source lines of the primary span, plus an
//! occurrence index among equal ones. Editing other parts of a file keeps them stable.

use crate::engine::check::Report;
use std::collections::HashMap;

/// 64-bit FNV-1a: tiny, stable across platforms and releases (unlike std's hasher).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// One fingerprint per diagnostic of `report`, in the same order.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let file = report.sources.get(d.span.file);
            let first = file.lines().line_of(d.span.start);
            let last = file
                .lines()
                .line_of(d.span.end.saturating_sub(1).max(d.span.start));
            let start = file.lines().line_start(first);
            let end = if last + 1 < file.lines().line_count() {
                file.lines().line_start(last + 1)
            } else {
                file.text.len()
            };
            let snippet: Vec<&str> = file
                .text
                .get(start..end)
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let base = fnv1a(&[d.rule.code, &file.display_path, &snippet.join(" ")]);
            let n = seen.entry(base).or_insert(0);
            let occurrence = *n;
            *n += 1;
            format!("{base:016x}:{occurrence}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv_is_stable() {
        assert_eq!(super::fnv1a(&["a"]), super::fnv1a(&["a"]));
        assert_ne!(super::fnv1a(&["a", "b"]), super::fnv1a(&["ab"]));
    }
}
