//! How the human output looks where it goes: colour (`--color`, `NO_COLOR`, `FORCE_COLOR`,
//! `CLICOLOR_FORCE`), box drawing (`TERM=dumb`) and the width to wrap at (`COLUMNS`, the
//! terminal's size, 100 otherwise).

use clap::ValueEnum;

/// `--color`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set or `TERM=dumb`; `FORCE_COLOR` or
    /// `CLICOLOR_FORCE` colour any output
    #[default]
    Auto,
    Always,
    Never,
}

/// The width when the output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;

/// Narrower than this, miette's layout has no room left for text.
const MIN_WIDTH: usize = 40;

/// The environment the choices read, so tests can give their own.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    }
}

/// Set to a non-empty value (`NO_COLOR`'s rule: an empty one is unset).
fn set(env: &dyn Env, name: &str) -> bool {
    env.var(name).is_some_and(|v| !v.is_empty())
}

/// Set to something other than `0` or `false` (`FORCE_COLOR=0` means no colour in the tools
/// that read it).
fn forced(env: &dyn Env, name: &str) -> bool {
    env.var(name)
        .is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn dumb(env: &dyn Env) -> bool {
    env.var("TERM").as_deref() == Some("dumb")
}

/// Whether to colour: a flag wins; then `NO_COLOR`, then `FORCE_COLOR`/`CLICOLOR_FORCE` (as
/// anstream orders them); then a terminal that is not `TERM=dumb`.
pub fn color(choice: ColorChoice, to_terminal: bool, env: &dyn Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(env, "NO_COLOR") => false,
        ColorChoice::Auto if forced(env, "FORCE_COLOR") || forced(env, "CLICOLOR_FORCE") => true,
        ColorChoice::Auto => to_terminal && !dumb(env),
    }
}

/// Box drawing and symbols, except on `TERM=dumb`.
pub fn unicode(env: &dyn Env) -> bool {
    !dumb(env)
}

/// `COLUMNS` when it is a number, else the terminal's width when writing to one, else 100.
pub fn width(to_terminal: bool, env: &dyn Env) -> usize {
    let columns = env
        .var("COLUMNS")
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let detected = || {
        to_terminal
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten()
    };
    columns
        .or_else(detected)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Vars(HashMap<&'static str, &'static str>);

    impl Env for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    fn env(pairs: &[(&'static str, &'static str)]) -> Vars {
        Vars(pairs.iter().copied().collect())
    }

    #[test]
    fn colour_follows_flag_then_environment_then_terminal() {
        use ColorChoice::*;
        let none = env(&[]);
        assert!(color(Auto, true, &none));
        assert!(!color(Auto, false, &none));
        assert!(color(Always, false, &env(&[("NO_COLOR", "1")])));
        assert!(!color(Never, true, &env(&[("FORCE_COLOR", "1")])));
        assert!(!color(Auto, true, &env(&[("NO_COLOR", "1")])));
        assert!(color(Auto, true, &env(&[("NO_COLOR", "")])));
        assert!(color(Auto, false, &env(&[("FORCE_COLOR", "1")])));
        assert!(color(Auto, false, &env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!color(Auto, false, &env(&[("FORCE_COLOR", "0")])));
        assert!(!color(
            Auto,
            false,
            &env(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")])
        ));
        assert!(!color(Auto, true, &env(&[("TERM", "dumb")])));
        assert!(!unicode(&env(&[("TERM", "dumb")])));
        assert!(unicode(&env(&[("TERM", "xterm-256color")])));
    }

    #[test]
    fn width_comes_from_columns_or_defaults_to_100() {
        assert_eq!(width(false, &env(&[])), 100);
        assert_eq!(width(false, &env(&[("COLUMNS", "80")])), 80);
        assert_eq!(width(true, &env(&[("COLUMNS", " 132 ")])), 132);
        assert_eq!(width(false, &env(&[("COLUMNS", "wide")])), 100);
        assert_eq!(width(false, &env(&[("COLUMNS", "5")])), 40);
    }
}
