//! How each policy form spells the text a fix inserts or a help message shows: conditions,
//! strings and references. Rules decide what to add and where; this file alone knows how
//! `jsonencode`, JSON text and policy documents write it.

use crate::model::policy::PolicyForm;

/// The syntax of new text at one place of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `jsonencode({ … })`: HCL object syntax, one entry per line.
    Hcl,
    /// JSON text: a heredoc, `file()` or `templatefile()`.
    Json,
    /// JSON text inside an HCL quoted string: its quotes are escaped and it has no line breaks.
    EscapedJson,
    /// `aws_iam_policy_document` blocks; module inputs are HCL attributes written alike.
    Blocks,
}

impl Syntax {
    pub fn of(form: PolicyForm) -> Syntax {
        match form {
            PolicyForm::JsonEncode => Syntax::Hcl,
            PolicyForm::JsonText => Syntax::Json,
            PolicyForm::Document | PolicyForm::Module => Syntax::Blocks,
        }
    }

    /// The syntax next to `written`, a key or value as the source writes it (quotes
    /// included): JSON text whose quotes are escaped sits in an HCL quoted string.
    pub fn beside(self, written: &str) -> Syntax {
        match self {
            Syntax::Json if written.starts_with("\\\"") => Syntax::EscapedJson,
            other => other,
        }
    }
}

/// `text` as a string. It is an AWS name or a value the rule chose: nothing to escape.
pub fn quoted(syntax: Syntax, text: &str) -> String {
    match syntax {
        Syntax::EscapedJson => format!("\\\"{text}\\\""),
        Syntax::Hcl | Syntax::Json | Syntax::Blocks => format!("\"{text}\""),
    }
}

/// A condition on `key` with `value` (both as written), to insert after the condition entry
/// beside which it goes, whose line gives `indent`: in documents a `condition` block testing
/// `test`, in JSON forms one more key of that entry's operator.
pub fn condition_entry(syntax: Syntax, indent: &str, test: &str, key: &str, value: &str) -> String {
    match syntax {
        Syntax::Blocks => format!(
            "\n\n{indent}condition {{\n{indent}  test     = \"{test}\"\n{indent}  variable = {key}\n{indent}  values   = [{value}]\n{indent}}}"
        ),
        // HCL separates entries by line breaks, JSON by commas.
        Syntax::Hcl => format!("\n{indent}{key} = {value}"),
        Syntax::Json => format!(",\n{indent}{key}: {value}"),
        Syntax::EscapedJson => format!(", {key}: {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_of_forms() {
        assert_eq!(Syntax::of(PolicyForm::JsonEncode), Syntax::Hcl);
        assert_eq!(Syntax::of(PolicyForm::JsonText), Syntax::Json);
        assert_eq!(Syntax::of(PolicyForm::Document), Syntax::Blocks);
        assert_eq!(Syntax::of(PolicyForm::Module), Syntax::Blocks);
        assert_eq!(Syntax::Json.beside("\\\"a:sub\\\""), Syntax::EscapedJson);
        assert_eq!(Syntax::Json.beside("\"a:sub\""), Syntax::Json);
        assert_eq!(Syntax::Hcl.beside("\\\"a:sub\\\""), Syntax::Hcl);
    }

    #[test]
    fn quoting() {
        assert_eq!(quoted(Syntax::Hcl, "sts:TagSession"), "\"sts:TagSession\"");
        assert_eq!(quoted(Syntax::Json, "sts:TagSession"), "\"sts:TagSession\"");
        assert_eq!(
            quoted(Syntax::Blocks, "sts:TagSession"),
            "\"sts:TagSession\""
        );
        assert_eq!(
            quoted(Syntax::EscapedJson, "sts:TagSession"),
            "\\\"sts:TagSession\\\""
        );
    }

    #[test]
    fn condition_entries() {
        let entry = |s| condition_entry(s, "  ", "StringEquals", "\"h:aud\"", "\"sts\"");
        assert_eq!(entry(Syntax::Hcl), "\n  \"h:aud\" = \"sts\"");
        assert_eq!(entry(Syntax::Json), ",\n  \"h:aud\": \"sts\"");
        assert_eq!(
            condition_entry(
                Syntax::EscapedJson,
                "  ",
                "StringEquals",
                "\\\"h:aud\\\"",
                "\\\"sts\\\""
            ),
            ", \\\"h:aud\\\": \\\"sts\\\""
        );
        assert_eq!(
            entry(Syntax::Blocks),
            "\n\n  condition {\n    test     = \"StringEquals\"\n    variable = \"h:aud\"\n    values   = [\"sts\"]\n  }"
        );
    }
}
