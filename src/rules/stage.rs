//! The codes the engine reports for other stages, not for a check: `PARSE` (a file that
//! cannot be read or parsed, a value too large to follow) and `IGN001` (an `irsa-lint:ignore`
//! comment that suppresses nothing).

use crate::base::diagnostic::{Kind, Severity};
use crate::base::rule_meta::{FixAvailability, RuleMeta, Scope};

pub static PARSE: RuleMeta = RuleMeta {
    code: "PARSE",
    name: "parse-error",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "File unreadable, or not valid HCL or JSON",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/PARSE.md")),
    fix: FixAvailability::None,
    scope: Scope::Module,
};

pub static UNUSED_IGNORE: RuleMeta = RuleMeta {
    code: "IGN001",
    name: "unused-ignore",
    severity: Severity::Info,
    kind: Kind::Hardening,
    summary: "An ignore comment that suppresses nothing",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/IGN001.md")),
    fix: FixAvailability::None,
    scope: Scope::Module,
};
