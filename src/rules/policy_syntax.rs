//! How each policy form spells the text a fix inserts or a help message shows (strings,
//! references, lists, conditions, operators, statements) and, where that depends on the form,
//! where new text goes. Rules decide what to add and where; this file alone knows how
//! `jsonencode`, JSON text and policy documents write it.

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
    /// The syntax of a policy's own text.
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

/// `text` as a string. It is an AWS name or a value the rule chose: nothing to escape.
pub fn quoted(syntax: Syntax, text: &str) -> String {
    match syntax {
        Syntax::EscapedJson => format!("\\\"{text}\\\""),
        Syntax::Hcl | Syntax::Json | Syntax::Blocks => format!("\"{text}\""),
    }
}

/// A Terraform expression as a value: bare in HCL, interpolated into a string in JSON text.
pub fn reference(syntax: Syntax, expr: &str) -> String {
    match syntax {
        Syntax::Hcl | Syntax::Blocks => expr.to_string(),
        Syntax::Json | Syntax::EscapedJson => quoted(syntax, &format!("${{{expr}}}")),
    }
}

/// A placeholder the reader replaces (`<role ARN>`): bare where HCL takes an expression, a
/// string in JSON text.
pub fn placeholder(syntax: Syntax, text: &str) -> String {
    match syntax {
        Syntax::Hcl | Syntax::Blocks => text.to_string(),
        Syntax::Json | Syntax::EscapedJson => quoted(syntax, text),
    }
}

/// A list of items (as written); every form writes lists alike.
pub fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// The text that adds `item` (as written) after the last item of a list.
pub fn list_append(item: &str) -> String {
    format!(", {item}")
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
        Syntax::Hcl => format!("\n{indent}{}", pair(syntax, key, value)),
        Syntax::Json => format!(",\n{indent}{}", pair(syntax, key, value)),
        Syntax::EscapedJson => format!(", {}", pair(syntax, key, value)),
    }
}

/// The entry after which a new condition under `operator` goes: in JSON forms the last entry
/// of that operator (`None` when there is none); in documents, where each condition is a
/// block of its own, the statement's last condition or principal block.
pub fn condition_anchor(form: PolicyForm, st: &Statement, operator: &str) -> Option<Span> {
    if keyed_by_name(form) {
        return st
            .conditions
            .iter()
            .filter(|c| c.operator.known().as_deref() == Some(operator))
            .map(|c| c.entry)
            .max_by_key(|s| s.end);
    }
    st.conditions
        .iter()
        .map(|c| c.entry)
        .chain(st.principals.iter().map(|p| p.span))
        .filter(|s| st.span.contains(*s))
        .max_by_key(|s| s.end)
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
    if syntax == Syntax::Blocks {
        return condition_entry(syntax, indent, operator, key, value);
    }
    let object = inline_object(syntax, &pair(syntax, key, value));
    condition_entry(syntax, indent, operator, &name(syntax, operator), &object)
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

/// The place just after an object's `{` where a new first entry goes (see [`opening`]).
pub struct Opening {
    /// Just after the `{`: empty, or the blanks that follow it on one line (the new entry
    /// replaces them, so the old entries start afresh after it).
    pub at: Span,
    /// The indentation of the object's entries.
    indent: String,
    /// The object is written on one line.
    inline: bool,
}

/// Where a new first entry of the statement's `Condition` object goes, or of the statement
/// itself when it has none; `None` in documents (which have no such object) and when the
/// object does not open with `{`.
pub fn opening(sources: &Sources, form: PolicyForm, st: &Statement) -> Option<Opening> {
    if !keyed_by_name(form) {
        return None;
    }
    let object = st.condition_block.unwrap_or(st.span);
    let file = sources.get(object.file);
    let text = file.slice(object);
    if !text.starts_with('{') {
        return None;
    }
    let after = &text[1..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let inline = !after[blanks..].starts_with(['\n', '\r']);
    let at = Span::new(
        object.file,
        object.start + 1..object.start + 1 + if inline { blanks } else { 0 },
    );
    // Indent like an existing entry of that object: an operator, or the statement's `Effect`.
    let sample = match st.condition_block {
        Some(_) => st.conditions.first().map(|c| c.operator.span),
        None => st.effect.as_ref().map(|e| e.span),
    };
    let indent = match sample {
        Some(s) if object.contains(s) && !inline => file.indent_at(s.start).to_string(),
        _ => format!("{}  ", file.indent_at(object.start)),
    };
    Some(Opening { at, indent, inline })
}

impl Opening {
    /// The new first entry, `path` objects deep (`["Condition", "StringEquals"]`), that holds
    /// `key` with `value` (both as written); `followed` when other entries come after it.
    pub fn entry(
        &self,
        syntax: Syntax,
        path: &[&str],
        key: &str,
        value: &str,
        followed: bool,
    ) -> String {
        let indent = &self.indent;
        let entry = pair(syntax, key, value);
        let (text, tail) = match syntax {
            // HCL opens each object on lines of its own and needs a line break before the
            // entries that follow.
            Syntax::Hcl | Syntax::Blocks => (
                format!("\n{indent}{}", hcl_objects(indent, path, &entry)),
                format!("\n{indent}"),
            ),
            // JSON writes the new objects on one line and separates entries by commas.
            Syntax::Json | Syntax::EscapedJson => {
                let objects = path.iter().rev().fold(entry, |inner, p| {
                    pair(syntax, &name(syntax, p), &inline_object(syntax, &inner))
                });
                let comma = if followed { "," } else { "" };
                let line = match syntax {
                    Syntax::EscapedJson => " ".to_string(),
                    _ => format!("\n{indent}"),
                };
                (format!("{line}{objects}{comma}"), " ".to_string())
            }
        };
        if self.inline { text + &tail } else { text }
    }
}

/// A statement that allows `actions` to the principal of type `principal_type` written
/// `principal`, as a help message describes it: "the statement `{…}`" in JSON forms, "a
/// `statement` block with …" in documents.
pub fn statement_help(
    syntax: Syntax,
    principal_type: &str,
    principal: &str,
    actions: &[&str],
) -> String {
    let actions = list(
        &actions
            .iter()
            .map(|a| quoted(syntax, a))
            .collect::<Vec<_>>(),
    );
    match syntax {
        Syntax::Hcl => format!(
            "the statement `{{ Effect = \"Allow\", Principal = {{ {principal_type} = {principal} }}, Action = {actions} }}`"
        ),
        Syntax::Json | Syntax::EscapedJson => {
            let q = |text: &str| quoted(syntax, text);
            format!(
                "the statement `{{{}: {}, {}: {{{}: {principal}}}, {}: {actions}}}`",
                q("Effect"),
                q("Allow"),
                q("Principal"),
                q(principal_type),
                q("Action"),
            )
        }
        Syntax::Blocks => format!(
            "a `statement` block with `actions = {actions}` and `principals {{ type = \"{principal_type}\", identifiers = [{principal}] }}`"
        ),
    }
}

/// The string literal around `inner` (its text without quotes), quotes included: `"…"`, or
/// `\"…\"` in JSON inside an HCL quoted string. `None` when `inner` is not quoted.
pub fn quoted_span(sources: &Sources, inner: Span) -> Option<Span> {
    let file = sources.get(inner.file);
    let before = file.text.get(..inner.start)?;
    let after = file.text.get(inner.end..)?;
    // The escaped quote first: its last byte alone looks like a plain quote.
    let quote = ["\\\"", "\""]
        .into_iter()
        .find(|q| before.ends_with(q) && after.starts_with(q))?;
    Some(Span::new(
        inner.file,
        inner.start - quote.len()..inner.end + quote.len(),
    ))
}

/// `key = value` (HCL) or `key: value` (JSON).
fn pair(syntax: Syntax, key: &str, value: &str) -> String {
    match syntax {
        Syntax::Hcl | Syntax::Blocks => format!("{key} = {value}"),
        Syntax::Json | Syntax::EscapedJson => format!("{key}: {value}"),
    }
}

/// An object of one entry on one line; an escaped JSON string keeps it compact.
fn inline_object(syntax: Syntax, entry: &str) -> String {
    match syntax {
        Syntax::EscapedJson => format!("{{{entry}}}"),
        Syntax::Hcl | Syntax::Json | Syntax::Blocks => format!("{{ {entry} }}"),
    }
}

/// An object key that is an identifier (`Null`, `Condition`): bare in HCL, a string in JSON.
fn name(syntax: Syntax, ident: &str) -> String {
    match syntax {
        Syntax::Hcl | Syntax::Blocks => ident.to_string(),
        Syntax::Json | Syntax::EscapedJson => quoted(syntax, ident),
    }
}

/// `entry` inside `path` objects, each opened on lines of its own (HCL).
fn hcl_objects(indent: &str, path: &[&str], entry: &str) -> String {
    match path.split_first() {
        None => entry.to_string(),
        Some((first, rest)) => {
            let inner = hcl_objects(&format!("{indent}  "), rest, entry);
            format!("{first} = {{\n{indent}  {inner}\n{indent}}}")
        }
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

    #[test]
    fn references() {
        let r = |s| reference(s, "aws_x.p.id");
        assert_eq!(r(Syntax::Hcl), "aws_x.p.id");
        assert_eq!(r(Syntax::Blocks), "aws_x.p.id");
        assert_eq!(r(Syntax::Json), "\"${aws_x.p.id}\"");
        assert_eq!(r(Syntax::EscapedJson), "\\\"${aws_x.p.id}\\\"");
    }

    #[test]
    fn condition_anchors() {
        let body = "statement {\n  principals { x }\n  condition { StringEquals a }\n  condition { StringLike b }\n}";
        let t = Text::new(
            "statement {\n  principals { x }\n  condition { StringEquals a }\n  condition { StringLike b }\n}\nrest { StringEquals c }",
        );
        let mut st = t.statement(
            body,
            None,
            vec![
                t.condition("StringEquals", "a", "condition { StringEquals a }"),
                t.condition("StringLike", "b", "condition { StringLike b }"),
                t.condition("StringEquals", "c", "rest { StringEquals c }"),
            ],
        );
        st.principals.push(crate::model::policy::Principal {
            kind: t.leaf("principals"),
            values: Leaves::default(),
            span: t.span("principals { x }"),
        });
        // Documents: the statement's last block, whatever its operator.
        let doc = condition_anchor(PolicyForm::Document, &st, "StringEquals");
        assert_eq!(doc, Some(t.span("condition { StringLike b }")));
        // JSON forms: the last entry of that operator.
        let json = condition_anchor(PolicyForm::JsonText, &st, "StringEquals");
        assert_eq!(json, Some(t.span("rest { StringEquals c }")));
        assert_eq!(condition_anchor(PolicyForm::JsonEncode, &st, "Null"), None);
    }

    #[test]
    fn openings() {
        let t = Text::new(
            "{\n  Effect = \"Allow\"\n  Condition = {\n    StringLike = { \"h:amr\" = \"x\" }\n  }\n}\n{ Effect = \"Deny\" }",
        );
        let block = "{\n    StringLike = { \"h:amr\" = \"x\" }\n  }";
        let cond = t.condition("StringLike", "\"h:amr\"", "\"h:amr\" = \"x\"");
        let mut st = t.statement(
            &t.text[..t.text.find("\n{ E").unwrap()],
            Some(block),
            vec![cond],
        );
        // In a `Condition` object on lines of their own: nothing replaced, the operator's indent.
        let o = opening(&t.sources, PolicyForm::JsonEncode, &st).unwrap();
        let at = t.span(block).start + 1;
        assert_eq!(
            (o.at, o.indent.as_str(), o.inline),
            (Span::new(t.file, at..at), "    ", false)
        );
        assert!(opening(&t.sources, PolicyForm::Document, &st).is_none());
        // A statement on one line without one: the blanks after `{` go, indented one level.
        st.span = t.span("{ Effect = \"Deny\" }");
        st.effect = Some(t.leaf("\"Deny\""));
        st.condition_block = None;
        let o = opening(&t.sources, PolicyForm::JsonText, &st).unwrap();
        let at = st.span.start + 1;
        assert_eq!(
            (o.at, o.indent.as_str(), o.inline),
            (Span::new(t.file, at..at + 1), "  ", true)
        );
    }

    #[test]
    fn opening_entries() {
        let at = Span::new(crate::base::source::FileId(0), 0..0);
        let lines = Opening {
            at,
            indent: "    ".into(),
            inline: false,
        };
        let line = Opening {
            at,
            indent: "  ".into(),
            inline: true,
        };
        let operator = ["StringEquals"];
        let condition = ["Condition", "StringEquals"];
        let (hk, hv) = ("\"h:aud\"", "p.id");
        assert_eq!(
            lines.entry(Syntax::Hcl, &operator, hk, hv, true),
            "\n    StringEquals = {\n      \"h:aud\" = p.id\n    }"
        );
        assert_eq!(
            line.entry(Syntax::Hcl, &condition, hk, hv, true),
            "\n  Condition = {\n    StringEquals = {\n      \"h:aud\" = p.id\n    }\n  }\n  "
        );
        let (jk, jv) = ("\"h:aud\"", "\"${p.id}\"");
        assert_eq!(
            lines.entry(Syntax::Json, &operator, jk, jv, false),
            "\n    \"StringEquals\": { \"h:aud\": \"${p.id}\" }"
        );
        assert_eq!(
            lines.entry(Syntax::Json, &operator, jk, jv, true),
            "\n    \"StringEquals\": { \"h:aud\": \"${p.id}\" },"
        );
        assert_eq!(
            line.entry(Syntax::Json, &condition, jk, jv, true),
            "\n  \"Condition\": { \"StringEquals\": { \"h:aud\": \"${p.id}\" } }, "
        );
        // JSON in an HCL quoted string stays on its line.
        assert_eq!(
            line.entry(
                Syntax::EscapedJson,
                &operator,
                "\\\"h:aud\\\"",
                "\\\"v\\\"",
                true
            ),
            " \\\"StringEquals\\\": {\\\"h:aud\\\": \\\"v\\\"}, "
        );
    }

    #[test]
    fn lists_and_placeholders() {
        let items = ["\"a\"".to_string(), "\"b\"".to_string()];
        assert_eq!(list(&items), "[\"a\", \"b\"]");
        assert_eq!(list_append("\\\"b\\\""), ", \\\"b\\\"");
        assert_eq!(placeholder(Syntax::Hcl, "<role ARN>"), "<role ARN>");
        assert_eq!(placeholder(Syntax::Blocks, "<role ARN>"), "<role ARN>");
        assert_eq!(placeholder(Syntax::Json, "<role ARN>"), "\"<role ARN>\"");
    }

    #[test]
    fn statement_helps() {
        let help = |s| statement_help(s, "Service", &quoted(s, "p.amazonaws.com"), &["a:X", "a:Y"]);
        assert_eq!(
            help(Syntax::Hcl),
            "the statement `{ Effect = \"Allow\", Principal = { Service = \"p.amazonaws.com\" }, Action = [\"a:X\", \"a:Y\"] }`"
        );
        assert_eq!(
            help(Syntax::Json),
            "the statement `{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"p.amazonaws.com\"}, \"Action\": [\"a:X\", \"a:Y\"]}`"
        );
        assert_eq!(
            help(Syntax::EscapedJson),
            "the statement `{\\\"Effect\\\": \\\"Allow\\\", \\\"Principal\\\": {\\\"Service\\\": \\\"p.amazonaws.com\\\"}, \\\"Action\\\": [\\\"a:X\\\", \\\"a:Y\\\"]}`"
        );
        assert_eq!(
            help(Syntax::Blocks),
            "a `statement` block with `actions = [\"a:X\", \"a:Y\"]` and `principals { type = \"Service\", identifiers = [\"p.amazonaws.com\"] }`"
        );
        assert_eq!(
            statement_help(
                Syntax::Json,
                "AWS",
                &reference(Syntax::Json, "r.arn"),
                &["a:X"]
            ),
            "the statement `{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"${r.arn}\"}, \"Action\": [\"a:X\"]}`"
        );
    }

    #[test]
    fn quoted_spans() {
        let t = Text::new("a = [\"x\", y]\nb = \"{\\\"Action\\\": \\\"x2\\\"}\"");
        let inner = t.span("x\"");
        let inner = Span::new(t.file, inner.start..inner.start + 1);
        assert_eq!(quoted_span(&t.sources, inner), Some(t.span("\"x\"")));
        let escaped = t.span("x2");
        assert_eq!(quoted_span(&t.sources, escaped), Some(t.span("\\\"x2\\\"")));
        assert_eq!(quoted_span(&t.sources, t.span("y")), None);
    }
}
