//! `--select` / `--ignore` (and the configuration's `select`/`ignore`): which rules run.

use crate::rules::RuleMeta;

/// Which rules run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Codes, names or code prefixes; empty means every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    fn matches(pattern: &str, rule: &RuleMeta) -> bool {
        let p = pattern.trim();
        !p.is_empty()
            && (rule.name.eq_ignore_ascii_case(p)
                || rule
                    .code
                    .to_ascii_uppercase()
                    .starts_with(&p.to_ascii_uppercase())
                || p.eq_ignore_ascii_case("ALL"))
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|p| Self::matches(p, rule));
        selected && !self.ignore.iter().any(|p| Self::matches(p, rule))
    }

    /// Patterns that match no rule (a typo in `--select`), for a usage error.
    pub fn unknown_patterns(&self) -> Vec<String> {
        let all = crate::rules::all_meta();
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|p| !all.iter().any(|r| Self::matches(p, r)))
            .cloned()
            .collect()
    }
}
