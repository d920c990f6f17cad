//! What describes a rule: its code, name, severity, kind, summary, documentation and fix
//! availability. Diagnostics point at it, so it sits below them.

use crate::base::diagnostic::{Kind, Severity};

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// What a rule needs to see at once. Per-policy and per-module checks run inside each
/// module's analysis; a workspace rule also sees every module's policies and facts, which the
/// engine then keeps until all modules are analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Module,
    Workspace,
}

/// Everything that describes a rule; one static per rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub kind: Kind,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The rule's documentation (Markdown), the same text as `docs/rules/CODE.md`.
    pub doc: &'static str,
    pub fix: FixAvailability,
    pub scope: Scope,
}

/// Where every rule's documentation page lives (`<DOCS_BASE_URL><CODE>.md`): the `docs:` links,
/// `rules --format json` and SARIF `helpUri`. The one place to change when the docs move.
pub const DOCS_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");

impl RuleMeta {
    /// The rule's documentation page.
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.code)
    }
}
