//! Makes untrusted text safe to print to a terminal or a CI log (SPEC §9).
//!
//! The scanned tree is untrusted, and its file names, values and source lines end up in the
//! human report and on stderr. Printed raw, they could
//!
//! * drive the terminal: ESC/CSI/OSC sequences change the title, clear the screen, move the
//!   cursor over earlier findings or add hyperlinks; CR overwrites a line; bidi overrides
//!   reorder what is shown (Trojan Source);
//! * run GitHub workflow commands: the runner reads every stdout and stderr line of a step and
//!   takes `::cmd …` after leading whitespace, and the legacy `##[cmd]…` anywhere in a line.
//!
//! **The escape form.** A character is shown as `\u{X}`, X its code point in lower-case hex
//! without leading zeros (Rust's notation): ESC is `\u{1b}`, NUL `\u{0}`, CR `\u{d}`. The same
//! form breaks workflow commands: the first colon of a leading `::` becomes `\u{3a}`, the `[`
//! of `##[` becomes `\u{5b}`. It is ASCII and visible, so the reader sees that the text was
//! altered, and no comparison can skip it. An invisible character such as U+2060 WORD JOINER
//! would be weaker: the runner matches with culture-sensitive .NET `StartsWith`/`IndexOf`, and
//! under ICU such characters have no collation weight, so they may be ignored. (Read from the
//! runner's source, not tried on a runner.) The form is for reading, not reversible: a literal
//! `\u{1b}` in the input looks the same; the JSON and SARIF reports carry the exact text.
//!
//! None of this depends on `GITHUB_ACTIONS`: pre-commit and other tools show our output in CI
//! logs too.

use std::borrow::Cow;

pub use crate::base::text::is_unsafe_char;

/// Shows every character of [`is_unsafe_char`] except `\n` and `\t` as `\u{X}`; lines and
/// indentation stay. A CR is escaped too, also before a newline: no message legitimately holds
/// one, and the runner and terminals treat a lone CR as the start of a line.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Breaks every GitHub workflow command in `s`, line by line: a line whose first
/// non-whitespace characters are `::` gets `\u{3a}:` instead, and every `##[` becomes
/// `##\u{5b}`. A line ends at `\n` or `\r` (as the runner reads lines), and whitespace is
/// Unicode whitespace (as .NET's `TrimStart`). Other text is unchanged.
pub fn neutralize_commands(s: &str) -> Cow<'_, str> {
    if !s.contains("::") && !s.contains("##[") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_line_start = true;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if at_line_start && rest.starts_with("::") {
            out.push_str("\\u{3a}:");
            rest = &rest[2..];
            at_line_start = false;
            continue;
        }
        if rest.starts_with("##[") {
            out.push_str("##\\u{5b}");
            rest = &rest[3..];
            at_line_start = false;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        if c == '\n' || c == '\r' {
            at_line_start = true;
        } else if !c.is_whitespace() {
            at_line_start = false;
        }
    }
    Cow::Owned(out)
}

/// Both, for text that must stay on one line (paths, stderr lines): also escapes `\n` and
/// `\t`, then breaks commands.
pub fn safe(s: &str) -> Cow<'_, str> {
    match escape(s, true) {
        Cow::Borrowed(b) => neutralize_commands(b),
        Cow::Owned(o) => Cow::Owned(neutralize_commands(&o).into_owned()),
    }
}

/// Both, for text that may have several lines (messages, help): [`escape_controls`], then
/// [`neutralize_commands`].
pub fn safe_multiline(s: &str) -> Cow<'_, str> {
    match escape_controls(s) {
        Cow::Borrowed(b) => neutralize_commands(b),
        Cow::Owned(o) => Cow::Owned(neutralize_commands(&o).into_owned()),
    }
}

/// Prints `line` to stderr as one line made [`safe`]. Every stderr message goes through here
/// (see [`safe_eprintln!`](crate::safe_eprintln)): they name paths and echo messages from the
/// scanned tree, and the runner reads stderr for workflow commands too.
pub fn warn(line: &str) {
    // A closed stderr is not worth a panic.
    let _ = warn_to(&mut std::io::stderr().lock(), line);
}

fn warn_to(out: &mut impl std::io::Write, line: &str) -> std::io::Result<()> {
    writeln!(out, "{}", safe(line))
}

/// `eprintln!` through [`warn`]: the formatted line is made [`safe`] as a whole.
#[macro_export]
macro_rules! safe_eprintln {
    ($($arg:tt)*) => {
        $crate::report::terminal::warn(&format!($($arg)*))
    };
}

fn escape(s: &str, one_line: bool) -> Cow<'_, str> {
    escape_controls_except(s, if one_line { &[] } else { &['\n', '\t'] })
}

/// Shows every character of [`is_unsafe_char`] but those in `keep` as `\u{X}` (the GitHub
/// format keeps CR and LF, which its own escaping encodes).
pub fn escape_controls_except<'s>(s: &'s str, keep: &[char]) -> Cow<'s, str> {
    let escaped = |c: char| is_unsafe_char(c) && !keep.contains(&c);
    if !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Serialized JSON with every [`is_unsafe_char`] above C0 written as a `\uXXXX` escape.
/// serde_json escapes C0 controls in strings (a raw newline is layout); DEL, C1, line
/// separators and bidi controls would reach a log or a terminal raw when a consumer prints the
/// JSON. They can only be inside strings, so this changes no value.
pub fn escape_json_unsafe(json: &str) -> Cow<'_, str> {
    let unsafe_above_c0 = |c: char| c > '\u{1f}' && is_unsafe_char(c);
    if !json.chars().any(unsafe_above_c0) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_above_c0(c) {
            // Every such character is in the Basic Multilingual Plane: one `\u` escape.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_as_escapes() {
        assert_eq!(
            escape_controls("\u{1b}]0;PWNED\u{7}\u{1b}[2J"),
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J"
        );
        assert_eq!(
            escape_controls("a\0b\u{8}c\u{b}d\u{c}e\u{1f}f\u{7f}g"),
            "a\\u{0}b\\u{8}c\\u{b}d\\u{c}e\\u{1f}f\\u{7f}g"
        );
        // C1 (NEL, CSI), separators and bidi controls.
        assert_eq!(
            escape_controls("\u{85}\u{9b}\u{9f}\u{2028}\u{2029}"),
            "\\u{85}\\u{9b}\\u{9f}\\u{2028}\\u{2029}"
        );
        assert_eq!(
            escape_controls("\u{202a}\u{202e}x\u{2066}\u{2069}"),
            "\\u{202a}\\u{202e}x\\u{2066}\\u{2069}"
        );
        // A CR is escaped, also before a newline; the newline and tabs stay.
        assert_eq!(escape_controls("a\r\nb\tc\rd"), "a\\u{d}\nb\tc\\u{d}d");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in [
            "",
            "plain `system:serviceaccount:apps:web`",
            "é ü 日本 \u{a0} \u{200b} \u{a1}",
            "two\n\tlines",
        ] {
            assert!(
                matches!(escape_controls(s), Cow::Borrowed(b) if b == s),
                "{s:?}"
            );
            assert!(
                matches!(neutralize_commands(s), Cow::Borrowed(b) if b == s),
                "{s:?}"
            );
            assert!(
                matches!(safe_multiline(s), Cow::Borrowed(b) if b == s),
                "{s:?}"
            );
        }
        assert!(matches!(safe("a/b c.tf"), Cow::Borrowed("a/b c.tf")));
    }

    #[test]
    fn leading_double_colons_are_broken_on_every_line() {
        assert_eq!(
            neutralize_commands("::error file=a::b"),
            "\\u{3a}:error file=a::b"
        );
        assert_eq!(
            neutralize_commands("x\n  ::warning::w\n\t::notice::n"),
            "x\n  \\u{3a}:warning::w\n\t\\u{3a}:notice::n"
        );
        // The runner also ends a line at CR, and trims Unicode whitespace.
        assert_eq!(
            neutralize_commands("x\r::add-mask::y\n\u{a0}\u{3000}::stop-commands::z"),
            "x\r\\u{3a}:add-mask::y\n\u{a0}\u{3000}\\u{3a}:stop-commands::z"
        );
        // Not at the start of a line: left alone (ARNs have `::`).
        assert_eq!(
            neutralize_commands("arn:aws:iam::111122223333:role/x"),
            "arn:aws:iam::111122223333:role/x"
        );
        assert_eq!(neutralize_commands("x ::error"), "x ::error");
        assert_eq!(neutralize_commands(":::"), "\\u{3a}::");
    }

    #[test]
    fn legacy_commands_are_broken_anywhere() {
        assert_eq!(
            neutralize_commands("subject `##[error]fake` and ###[warning]x ##[##["),
            "subject `##\\u{5b}error]fake` and ###\\u{5b}warning]x ##\\u{5b}##\\u{5b}"
        );
        assert_eq!(neutralize_commands("## [ #[ ##"), "## [ #[ ##");
        assert_eq!(neutralize_commands("::##[x]"), "\\u{3a}:##\\u{5b}x]");
    }

    #[test]
    fn safe_keeps_one_line() {
        assert_eq!(
            safe("x\n::error file=README.md,line=1,title=INJECTED::fake\n.tf"),
            "x\\u{a}::error file=README.md,line=1,title=INJECTED::fake\\u{a}.tf"
        );
        assert_eq!(safe("::x\t##[y]\r"), "\\u{3a}:x\\u{9}##\\u{5b}y]\\u{d}");
        assert_eq!(
            safe_multiline("a\n::b ##[c]\u{1b}\td"),
            "a\n\\u{3a}:b ##\\u{5b}c]\\u{1b}\td"
        );
    }

    #[test]
    fn warn_writes_one_safe_line() {
        let mut out = Vec::new();
        warn_to(
            &mut out,
            "error: ./locked\n::error title=INJECTED-VIA-STDERR::fake: IO error",
        )
        .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "error: ./locked\\u{a}::error title=INJECTED-VIA-STDERR::fake: IO error\n"
        );
        let mut out = Vec::new();
        warn_to(
            &mut out,
            "error: cannot write a.json: Permission denied (os error 13)",
        )
        .expect("write");
        assert_eq!(
            out,
            b"error: cannot write a.json: Permission denied (os error 13)\n"
        );
    }

    #[test]
    fn json_keeps_its_values_with_unsafe_characters_escaped() {
        let json = serde_json::to_string(&"a\u{1b}b\u{85}c\u{202e}d\u{7f}").unwrap_or_default();
        let safe = escape_json_unsafe(&json);
        assert_eq!(safe, r#""a\u001bb\u0085c\u202ed\u007f""#);
        let back: String = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, "a\u{1b}b\u{85}c\u{202e}d\u{7f}");
        assert!(matches!(
            escape_json_unsafe("{\n  \"a\": 1\n}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn results_hold_no_unsafe_character_or_command() {
        let hostile = "\u{0}\u{7}\u{1b}[31m\r\n  ::error::x\u{85}##[group]\u{2028}\u{202e}\u{9b}";
        for out in [safe(hostile), safe_multiline(hostile)] {
            assert!(
                !out.chars().any(|c| is_unsafe_char(c) && c != '\n'),
                "{out:?}"
            );
            assert!(!out.contains("##["), "{out:?}");
            assert!(
                out.lines().all(|l| !l.trim_start().starts_with("::")),
                "{out:?}"
            );
        }
    }
}
