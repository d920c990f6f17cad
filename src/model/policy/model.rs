//! One model for every trust policy, whatever form it was written in. Every leaf keeps the
//! span of its text, so rules can point at it and fixes can replace it.

use crate::base::source::Span;
use crate::value::SymStr;

/// How the policy was written; decides the syntax of inserted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyForm {
    /// `jsonencode({ … })`: HCL object syntax.
    JsonEncode,
    /// JSON text: a heredoc, a quoted string, `file()` or `templatefile()`.
    JsonText,
    /// `data "aws_iam_policy_document"`.
    Document,
    /// Built from the inputs of a known module (`module "x" { source = ... }`).
    Module,
}

/// A string leaf with the span to point at (the text without its quotes, where known).
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub value: SymStr,
    pub span: Span,
}

impl Leaf {
    pub fn known(&self) -> Option<String> {
        self.value.known()
    }
}

/// A list whose elements may not all be known (`values = var.subjects`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Leaves {
    pub items: Vec<Leaf>,
    /// False when some elements (or the whole list) could not be evaluated.
    pub complete: bool,
}

/// `Principal` entries of one type: `Federated = [...]`, `principals { type identifiers }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// `Federated`, `AWS`, `Service`, `CanonicalUser` or `*` (for `"Principal": "*"`).
    pub kind: Leaf,
    pub values: Leaves,
    /// The whole entry or block.
    pub span: Span,
}

/// One condition: `operator → key → values`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: Leaf,
    pub key: Leaf,
    /// The key expression as written in the policy (quotes included).
    pub key_written: Span,
    pub values: Leaves,
    /// The `key = values` entry (JSON/jsonencode) or the `condition` block (document).
    pub entry: Span,
    /// How many keys share this operator (JSON forms group keys under one operator).
    pub siblings: usize,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub span: Span,
    pub sid: Option<Leaf>,
    /// `None` when the statement has no `Effect` (documents default to `Allow` and say so here).
    pub effect: Option<Leaf>,
    pub principals: Vec<Principal>,
    pub principals_complete: bool,
    /// `NotPrincipal` was used instead of `Principal`.
    pub not_principal: bool,
    pub actions: Leaves,
    /// `NotAction` / `not_actions` was used instead of `Action`.
    pub not_action: bool,
    pub conditions: Vec<Condition>,
    pub conditions_complete: bool,
    /// The `Condition` object (JSON forms), when present.
    pub condition_block: Option<Span>,
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        self.effect
            .as_ref()
            .and_then(Leaf::known)
            .is_some_and(|e| e == "Allow")
    }

    /// Values of every principal of `kind` (case-sensitive, as IAM is).
    pub fn principals_of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Leaf> + 's {
        self.principals
            .iter()
            .filter(move |p| p.kind.known().as_deref() == Some(kind))
            .flat_map(|p| p.values.items.iter())
    }
}

/// A trust policy and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub form: PolicyForm,
    /// The role whose `assume_role_policy` this is (`aws_iam_role.NAME`), if known.
    pub role: Option<String>,
    /// The expression or block that defines the policy.
    pub span: Span,
    pub version: Option<Leaf>,
    pub statements: Vec<Statement>,
    /// False when some statements could not be evaluated (a `dynamic` block over an unknown list).
    pub statements_complete: bool,
    /// The module instance it belongs to (`module.irsa["a"]`), when it was evaluated with a
    /// caller's inputs; `None` for a module evaluated on its own.
    pub instance: Option<String>,
    /// JSON text that does not parse because a `%{ for }` loop rendered its values side by side
    /// (no statements are known then).
    pub invalid_loop: Option<InvalidLoop>,
}

/// A `%{ for }` loop whose iterations render JSON values with no comma between them.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidLoop {
    /// The `%{ for … }` intro of the loop.
    pub intro: Span,
    /// Two iterations rendered one after the other with nothing between them.
    pub before: SymStr,
    pub after: SymStr,
    pub iterations: usize,
    /// The JSON parser's complaint.
    pub json_error: String,
}
