//! Renders a [`Report`](crate::Report) in the formats of SPEC §6.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::source::{Position, Sources, Span};

/// Start and end positions of a span.
pub fn range(sources: &Sources, span: Span) -> (Position, Position) {
    let f = sources.get(span.file);
    (f.position(span.start), f.position(span.end))
}
