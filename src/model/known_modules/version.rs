//! Terraform version constraints of a registry module call (`version = "~> 5.0"`), and what a
//! module does under them: where a module's behaviour changed between releases, the call gets
//! the behaviour only when every release its constraint admits agrees, or when the constraint
//! leaves `terraform init` free to pick the newest release (which then decides). Anything else
//! is unknown, so no rule fires on a guess about which release is installed.

use std::cmp::Ordering;

/// A release `major.minor.patch` (missing parts are 0, as Terraform pads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

/// One end of an interval of releases: the version and whether it is admitted itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bound {
    at: Version,
    inclusive: bool,
}

/// The releases a constraint admits: an interval (either end open) minus single versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    lower: Option<Bound>,
    upper: Option<Bound>,
    excluded: Vec<Version>,
}

/// At most this many comma-separated terms are read; a longer constraint is unknown.
const MAX_TERMS: usize = 16;

impl Constraint {
    /// No `version` argument: every release.
    pub fn any() -> Constraint {
        Constraint {
            lower: None,
            upper: None,
            excluded: Vec::new(),
        }
    }

    /// Exactly one release (a git source's `ref=v5.60.0`).
    pub fn exactly(v: Version) -> Constraint {
        let b = Some(Bound {
            at: v,
            inclusive: true,
        });
        Constraint {
            lower: b,
            upper: b,
            excluded: Vec::new(),
        }
    }

    /// `"5.60.0"`, `"~> 5.0"`, `">= 4.21.1, < 6"`, `"!= 5.1.0"`; `None` for anything else
    /// (pre-releases, unknown operators, malformed numbers).
    pub fn parse(text: &str) -> Option<Constraint> {
        let mut c = Constraint::any();
        let terms: Vec<&str> = text.split(',').map(str::trim).collect();
        if terms.len() > MAX_TERMS {
            return None;
        }
        for term in terms {
            let (op, rest) = split_operator(term)?;
            let (v, parts) = parse_version(rest.trim())?;
            match op {
                "=" => {
                    c.raise(Bound {
                        at: v,
                        inclusive: true,
                    });
                    c.lower_upper(Bound {
                        at: v,
                        inclusive: true,
                    });
                }
                "!=" => c.excluded.push(v),
                ">" | ">=" => c.raise(Bound {
                    at: v,
                    inclusive: op == ">=",
                }),
                "<" | "<=" => c.lower_upper(Bound {
                    at: v,
                    inclusive: op == "<=",
                }),
                // `~> 5` and `~> 5.0` admit 5.x; `~> 5.0.1` admits 5.0.x from 5.0.1.
                "~>" => {
                    c.raise(Bound {
                        at: v,
                        inclusive: true,
                    });
                    let next = if parts >= 3 {
                        Version(v.0, v.1.checked_add(1)?, 0)
                    } else {
                        Version(v.0.checked_add(1)?, 0, 0)
                    };
                    c.lower_upper(Bound {
                        at: next,
                        inclusive: false,
                    });
                }
                _ => return None,
            }
        }
        Some(c)
    }

    fn raise(&mut self, b: Bound) {
        self.lower = Some(match self.lower {
            Some(l) if tighter_lower(l, b) => l,
            _ => b,
        });
    }

    fn lower_upper(&mut self, b: Bound) {
        self.upper = Some(match self.upper {
            Some(u) if tighter_upper(u, b) => u,
            _ => b,
        });
    }

    /// Whether some release in `from..until` (`until` `None`: no end) is admitted.
    pub fn admits_between(&self, from: Version, until: Option<Version>) -> bool {
        let mut lower = Bound {
            at: from,
            inclusive: true,
        };
        if let Some(l) = self.lower
            && tighter_lower(l, lower)
        {
            lower = l;
        }
        let mut upper = until.map(|at| Bound {
            at,
            inclusive: false,
        });
        if let Some(u) = self.upper
            && upper.is_none_or(|cur| tighter_upper(u, cur))
        {
            upper = Some(u);
        }
        let Some(upper) = upper else {
            return true;
        };
        match lower.at.cmp(&upper.at) {
            Ordering::Less => true,
            Ordering::Equal => {
                lower.inclusive && upper.inclusive && !self.excluded.contains(&lower.at)
            }
            Ordering::Greater => false,
        }
    }

    /// Whether the constraint admits releases without end, so `terraform init` installs the
    /// newest one.
    pub fn open_above(&self) -> bool {
        self.upper.is_none()
    }
}

/// `a` admits no more than `b` as a lower bound.
fn tighter_lower(a: Bound, b: Bound) -> bool {
    a.at > b.at || (a.at == b.at && !a.inclusive)
}

/// `a` admits no more than `b` as an upper bound.
fn tighter_upper(a: Bound, b: Bound) -> bool {
    a.at < b.at || (a.at == b.at && !a.inclusive)
}

fn split_operator(term: &str) -> Option<(&str, &str)> {
    for op in ["~>", ">=", "<=", "!=", ">", "<", "="] {
        if let Some(rest) = term.strip_prefix(op) {
            return Some((op, rest));
        }
    }
    // A bare version is an exact pin.
    term.starts_with(|c: char| c.is_ascii_digit() || c == 'v')
        .then_some(("=", term))
}

/// `5`, `5.0`, `v5.60.0`: the version and how many parts were written.
fn parse_version(text: &str) -> Option<(Version, usize)> {
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = [0u64; 3];
    let mut count = 0;
    for part in text.split('.') {
        if count == 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[count] = part.parse().ok()?;
        count += 1;
    }
    Some((Version(parts[0], parts[1], parts[2]), count))
}

/// What a call's constraint says about the module's release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Release {
    /// Admitted releases (a registry `version`, none written, or a git `ref=`).
    Admits(Constraint),
    /// Not known: a constraint that does not parse or is not fixed text, or a local checkout.
    Unknown,
}

impl Release {
    /// The behaviour a call gets from `table` (each entry applies from its version up to the
    /// next entry's; the module path exists in `exists`): the one every admitted release
    /// shows, or the newest's when `terraform init` is free to install the newest and the path
    /// still exists there; `None` when that is not known.
    pub fn behaviour<T: Clone + PartialEq>(
        &self,
        table: &[(Version, T)],
        exists: (Version, Option<Version>),
    ) -> Option<T> {
        let (first, until) = exists;
        let mut admitted: Vec<&T> = Vec::new();
        for (i, (from, value)) in table.iter().enumerate() {
            let end = table.get(i + 1).map(|(v, _)| *v).or(until);
            let start = (*from).max(first);
            if end.is_some_and(|e| e <= start) {
                continue;
            }
            let admitted_here = match self {
                Release::Admits(c) => c.admits_between(start, end),
                Release::Unknown => true,
            };
            if admitted_here {
                admitted.push(value);
            }
        }
        let (newest, older) = admitted.split_last()?;
        if older.iter().all(|v| v == newest) {
            return Some((*newest).clone());
        }
        match self {
            Release::Admits(c) if c.open_above() && until.is_none() => Some((*newest).clone()),
            _ => None,
        }
    }

    /// Whether the constraint may install a release from `from` on (a missing `version`
    /// included); unknown constraints never say so.
    pub fn may_install_from(&self, from: Version) -> bool {
        match self {
            Release::Admits(c) => c.admits_between(from, None),
            Release::Unknown => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Constraint {
        Constraint::parse(text).unwrap_or_else(|| panic!("{text} does not parse"))
    }

    const V4_21_1: Version = Version(4, 21, 1);

    #[test]
    fn parses_the_constraint_forms() {
        assert!(c("5.60.0").admits_between(Version(5, 60, 0), Some(Version(5, 60, 1))));
        assert!(!c("5.60.0").admits_between(Version(5, 60, 1), None));
        assert!(!c("= 5.60.0").admits_between(Version(0, 0, 0), Some(Version(5, 60, 0))));
        assert!(c("v5.1").admits_between(Version(5, 1, 0), Some(Version(5, 1, 1))));
        assert!(c("~> 5.0").admits_between(Version(5, 99, 0), None));
        assert!(!c("~> 5.0").admits_between(Version(6, 0, 0), None));
        assert!(!c("~> 5.0").admits_between(Version(0, 0, 0), Some(Version(5, 0, 0))));
        assert!(c("~> 5").admits_between(Version(5, 3, 0), Some(Version(5, 4, 0))));
        assert!(!c("~> 5").admits_between(Version(6, 0, 0), None));
        assert!(!c("~> 4.20.0").admits_between(Version(4, 21, 0), None));
        assert!(c("~> 4.20.0").admits_between(Version(4, 20, 9), Some(Version(4, 21, 0))));
        assert!(!c(">= 4.21.1, < 6").admits_between(Version(0, 0, 0), Some(V4_21_1)));
        assert!(!c(">= 4.21.1, < 6").admits_between(Version(6, 0, 0), None));
        assert!(c(">= 4.21.1, < 6").admits_between(Version(5, 0, 0), Some(Version(6, 0, 0))));
        assert!(!c("> 5.0.0").admits_between(Version(0, 0, 0), Some(Version(5, 0, 0))));
        assert!(c("> 5.0.0").admits_between(Version(5, 0, 1), None));
        assert!(c("<= 5.0.0").admits_between(Version(5, 0, 0), Some(Version(5, 0, 1))));
        assert!(!c("< 5.0.0").admits_between(Version(5, 0, 0), None));
    }

    #[test]
    fn exclusions_remove_single_releases() {
        assert!(!c("5.1.0, != 5.1.0").admits_between(Version(0, 0, 0), None));
        // `!=` alone still admits everything around the excluded release.
        assert!(c("!= 5.1.0").admits_between(Version(5, 0, 0), Some(Version(6, 0, 0))));
    }

    #[test]
    fn rejects_what_terraform_rejects_or_this_does_not_model() {
        for bad in [
            "",
            "latest",
            "5.0.0-beta1",
            "~> ",
            "1.2.3.4",
            "=> 5",
            "5..0",
            "99999999999999999999",
        ] {
            assert_eq!(Constraint::parse(bad), None, "{bad:?}");
        }
        let many = vec![">= 1"; MAX_TERMS + 1].join(",");
        assert_eq!(Constraint::parse(&many), None);
    }

    /// The `:aud` condition of `iam-role-for-service-accounts-eks`: added in 4.21.1, the
    /// module path removed in 6.0.0.
    fn audience(release: &Release) -> Option<bool> {
        release.behaviour(
            &[(Version(0, 0, 0), false), (V4_21_1, true)],
            (Version(4, 0, 0), Some(Version(6, 0, 0))),
        )
    }

    #[test]
    fn behaviour_follows_the_admitted_releases() {
        let admits = |t| Release::Admits(c(t));
        assert_eq!(audience(&admits("~> 5.0")), Some(true));
        assert_eq!(audience(&admits(">= 4.21.1, < 6")), Some(true));
        assert_eq!(audience(&admits("4.20.0")), Some(false));
        assert_eq!(audience(&admits("< 4.21.1")), Some(false));
        // Both sides admitted, and the upper end bounded: not known which is installed.
        assert_eq!(audience(&admits("~> 4.0")), None);
        // Unbounded, but the newest releases lack the path: init fails, nothing is picked.
        assert_eq!(audience(&Release::Admits(Constraint::any())), None);
        assert_eq!(audience(&Release::Unknown), None);
        // Every admitted release that has the path agrees.
        assert_eq!(audience(&admits(">= 4.22")), Some(true));
    }

    #[test]
    fn open_constraints_take_the_newest_release_of_a_living_path() {
        let table = [(Version(0, 0, 0), 1), (Version(6, 2, 0), 2)];
        let exists = (Version(6, 0, 0), None);
        let any = Release::Admits(Constraint::any());
        assert_eq!(any.behaviour(&table, exists), Some(2));
        assert_eq!(Release::Admits(c("~> 6.0")).behaviour(&table, exists), None);
        assert_eq!(
            Release::Admits(c("6.1.0")).behaviour(&table, exists),
            Some(1)
        );
        assert_eq!(Release::Unknown.behaviour(&table, exists), None);
        // Nothing admitted where the path exists.
        assert_eq!(Release::Admits(c("~> 5.0")).behaviour(&table, exists), None);
    }

    #[test]
    fn may_install_a_release() {
        let v6 = Version(6, 0, 0);
        assert!(Release::Admits(Constraint::any()).may_install_from(v6));
        assert!(Release::Admits(c(">= 5.0")).may_install_from(v6));
        assert!(!Release::Admits(c("~> 5.0")).may_install_from(v6));
        assert!(!Release::Admits(c("5.60.0")).may_install_from(v6));
        assert!(!Release::Unknown.may_install_from(v6));
    }
}
