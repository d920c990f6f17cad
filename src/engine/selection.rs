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

/// The rule codes or names `text` most likely meant (`IRSA02` → `IRSA002`; `WIF03` → `WIF003`
/// or `WIF013`): the closest within a typo's distance, at most three.
pub fn suggest_rules(text: &str) -> Vec<&'static str> {
    let lower = text.trim().to_ascii_lowercase();
    let limit = (lower.chars().count() / 5).clamp(1, 3);
    let mut scored: Vec<(usize, &'static str)> = crate::rules::all_meta()
        .iter()
        .flat_map(|m| [m.code, m.name])
        .map(|c| {
            let d = crate::base::text::edit_distance(&lower, &c.to_ascii_lowercase());
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    let best = scored.iter().map(|(d, _)| *d).min().unwrap_or(0);
    scored.retain(|(d, _)| *d == best);
    scored.sort();
    scored.into_iter().map(|(_, c)| c).take(3).collect()
}

/// ` (did you mean `A`?)`, ` (did you mean `A` or `B`?)`, or nothing.
pub fn did_you_mean(text: &str) -> String {
    let found: Vec<String> = suggest_rules(text)
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    if found.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", found.join(" or "))
    }
}

/// `no rule matches `WIF03` (did you mean `WIF003`?)`, one clause per pattern; an empty
/// pattern (`--select ""`) is named as such instead of quoted.
pub fn describe_unknown(patterns: &[String]) -> String {
    let parts: Vec<String> = patterns
        .iter()
        .map(|p| {
            let p = p.trim();
            if p.is_empty() {
                return "an empty rule code".to_string();
            }
            format!("`{p}`{}", did_you_mean(p))
        })
        .collect();
    format!("no rule matches {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_patterns_get_a_suggestion_or_are_named_empty() {
        assert_eq!(
            describe_unknown(&["WIF03".into(), "".into(), "zzzzzzzz".into()]),
            "no rule matches `WIF03` (did you mean `WIF003` or `WIF013`?), an empty rule code, \
             `zzzzzzzz`"
        );
        assert_eq!(suggest_rules("IRSA02"), ["IRSA002"]);
        assert_eq!(
            suggest_rules("wildcard-under-exact-operatr"),
            ["wildcard-under-exact-operator"]
        );
    }
}
