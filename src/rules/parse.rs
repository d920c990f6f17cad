//! PARSE: a file that cannot be read or parsed. Reported by the parse stage, not by a check.

use super::{FixAvailability, RuleMeta};
use crate::base::diagnostic::{Kind, Severity};

pub static PARSE: RuleMeta = RuleMeta {
    code: "PARSE",
    name: "parse-error",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "File unreadable, or not valid HCL or JSON",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/PARSE.md")),
    fix: FixAvailability::None,
};
