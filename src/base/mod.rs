//! What every layer shares: source files and spans, diagnostics and fixes, safe file writes.

pub mod diagnostic;
pub mod fsio;
pub mod known;
pub mod rule_meta;
pub mod source;
pub mod text;
pub mod timings;
