//! How each policy form spells the text a fix inserts or a help message shows: conditions,
//! operators, strings and references, and where in a form a new operator goes. Rules decide
//! what to add and where; this file alone knows how `jsonencode`, JSON text and policy
//! documents write it.

use crate::base::source::{Sources, Span};
use crate::model::policy::{Condition, PolicyForm, Statement};

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

/// True for the JSON forms, which write operators as the keys of one `Condition` object and
/// principal types as the keys of one `Principal` object: a second key of one name collides,
/// and the keys under one operator share it. Documents and module inputs write one operator,
/// and one principal type, per entry.
pub fn keyed_by_name(form: PolicyForm) -> bool {
    matches!(form, PolicyForm::JsonEncode | PolicyForm::JsonText)
}

/// True when a new `operator` in `st` would be a second key of that name (JSON forms).
pub fn operator_taken(form: PolicyForm, st: &Statement, operator: &str) -> bool {
    keyed_by_name(form)
        && st
            .conditions
            .iter()
            .any(|c| c.operator.known().as_deref() == Some(operator))
}

/// Where a new operator beside `cond`'s goes, and the indentation of its line: after `cond`'s
/// block in documents; in JSON forms after the last operator of the `Condition` object that
/// holds `cond` (`None` when text follows that object's closing brace).
pub fn operator_slot(
    sources: &Sources,
    form: PolicyForm,
    st: &Statement,
    cond: &Condition,
) -> Option<(Span, String)> {
    let file = sources.get(cond.entry.file);
    if !keyed_by_name(form) {
        return Some((cond.entry, file.indent_at(cond.entry.start).to_string()));
    }
    let block = st.condition_block?;
    if !block.contains(cond.key_written) {
        return None;
    }
    let object = sources.get(block.file);
    let text = object.slice(block);
    let close = text.rfind('}')?;
    if !text[close + 1..].trim().is_empty() {
        return None;
    }
    let last = text[..close].trim_end().len();
    let at = Span::new(block.file, block.start..block.start + last);
    Some((at, file.indent_at(cond.operator.span.start).to_string()))
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

/// A new operator holding one condition on `key` with `value` (both as written), to insert at
/// the [`operator_slot`]: in documents a `condition` block, in JSON forms a key of the
/// `Condition` object whose value is written on the same line.
pub fn operator_entry(
    syntax: Syntax,
    indent: &str,
    operator: &str,
    key: &str,
    value: &str,
) -> String {
    let object = match syntax {
        Syntax::Blocks => return condition_entry(syntax, indent, operator, key, value),
        Syntax::Hcl => format!("{{ {key} = {value} }}"),
        Syntax::Json => format!("{{ {key}: {value} }}"),
        Syntax::EscapedJson => format!("{{{key}: {value}}}"),
    };
    condition_entry(syntax, indent, operator, &name(syntax, operator), &object)
}

/// An object key that is an identifier (`Null`, `Condition`): bare in HCL, a string in JSON.
fn name(syntax: Syntax, ident: &str) -> String {
    match syntax {
        Syntax::Hcl | Syntax::Blocks => ident.to_string(),
        Syntax::Json | Syntax::EscapedJson => quoted(syntax, ident),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::{Leaf, Leaves};
    use crate::value::{Origin, SymStr};

    /// One source file and the spans of its text.
    struct Text {
        sources: Sources,
        file: crate::base::source::FileId,
        text: &'static str,
    }

    impl Text {
        fn new(text: &'static str) -> Text {
            let sources = Sources::new();
            let file = sources.add("main.tf".into(), text.to_string());
            Text {
                sources,
                file,
                text,
            }
        }

        /// The span of the first `needle`.
        fn span(&self, needle: &str) -> Span {
            let start = self.text.find(needle).expect(needle);
            Span::new(self.file, start..start + needle.len())
        }

        fn leaf(&self, needle: &str) -> Leaf {
            let span = self.span(needle);
            Leaf {
                value: SymStr::text(needle, Origin::Exact(span)),
                span,
            }
        }

        /// A condition under `operator` whose entry is `entry` and whose key is written `key`.
        fn condition(&self, operator: &str, key: &str, entry: &str) -> Condition {
            Condition {
                operator: self.leaf(operator),
                key: self.leaf(key.trim_matches('"')),
                key_written: self.span(key),
                values: Leaves::default(),
                entry: self.span(entry),
                siblings: 1,
            }
        }

        /// A statement spanning `span`, with a `Condition` object spanning `block`.
        fn statement(
            &self,
            span: &str,
            block: Option<&str>,
            conditions: Vec<Condition>,
        ) -> Statement {
            Statement {
                span: self.span(span),
                sid: None,
                effect: None,
                principals: Vec::new(),
                principals_complete: true,
                not_principal: false,
                actions: Leaves::default(),
                not_action: false,
                conditions,
                conditions_complete: true,
                condition_block: block.map(|b| self.span(b)),
            }
        }
    }

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

    #[test]
    fn operator_entries() {
        let entry = |s, k: &str, v: &str| operator_entry(s, "    ", "Null", k, v);
        assert_eq!(
            entry(Syntax::Hcl, "\"h:sub\"", "\"false\""),
            "\n    Null = { \"h:sub\" = \"false\" }"
        );
        assert_eq!(
            entry(Syntax::Json, "\"h:sub\"", "\"false\""),
            ",\n    \"Null\": { \"h:sub\": \"false\" }"
        );
        assert_eq!(
            entry(Syntax::EscapedJson, "\\\"h:sub\\\"", "\\\"false\\\""),
            ", \\\"Null\\\": {\\\"h:sub\\\": \\\"false\\\"}"
        );
        assert_eq!(
            entry(Syntax::Blocks, "\"h:sub\"", "\"false\""),
            "\n\n    condition {\n      test     = \"Null\"\n      variable = \"h:sub\"\n      values   = [\"false\"]\n    }"
        );
    }

    #[test]
    fn operator_slots() {
        let t =
            Text::new("{\n  Condition = {\n    StringNotLike = { \"h:sub\" = \"x\" }\n  }\n}\n");
        let cond = t.condition("StringNotLike", "\"h:sub\"", "\"h:sub\" = \"x\"");
        let block = "{\n    StringNotLike = { \"h:sub\" = \"x\" }\n  }";
        let st = t.statement(t.text.trim_end(), Some(block), vec![cond.clone()]);
        // JSON forms: after the last operator of the `Condition` object, at its indentation.
        let (at, indent) = operator_slot(&t.sources, PolicyForm::JsonEncode, &st, &cond).unwrap();
        let end = t.span("StringNotLike = { \"h:sub\" = \"x\" }").end;
        assert_eq!((at.end, indent.as_str()), (end, "    "));
        assert!(operator_taken(PolicyForm::JsonText, &st, "StringNotLike"));
        assert!(!operator_taken(PolicyForm::JsonText, &st, "Null"));
        // Documents: after the condition's own block.
        let (at, _) = operator_slot(&t.sources, PolicyForm::Document, &st, &cond).unwrap();
        assert_eq!(at, cond.entry);
        assert!(!operator_taken(PolicyForm::Document, &st, "StringNotLike"));
        // Without a `Condition` object there is no operator to follow.
        let bare = t.statement(t.text.trim_end(), None, vec![cond.clone()]);
        assert!(operator_slot(&t.sources, PolicyForm::JsonText, &bare, &cond).is_none());
    }
}
