//! IGN001: an `irsa-lint:ignore` comment that suppresses nothing. Reported by the suppression
//! stage, not by a check.

use super::{FixAvailability, RuleMeta};
use crate::base::diagnostic::{Kind, Severity};

pub static UNUSED_IGNORE: RuleMeta = RuleMeta {
    code: "IGN001",
    name: "unused-ignore",
    severity: Severity::Info,
    kind: Kind::Hardening,
    summary: "An ignore comment that suppresses nothing",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/IGN001.md")),
    fix: FixAvailability::None,
};
