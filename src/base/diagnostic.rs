//! What a rule reports: a diagnostic with a primary span, labels, help and an optional fix.

use crate::base::rule_meta::RuleMeta;
use crate::base::source::Span;
use serde::Serialize;

/// Something a stage below the rules could not do (read or parse a file, follow a value),
/// returned as data; the engine reports it as a `PARSE` diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    /// Text under the span.
    pub label: Option<String>,
    pub help: Option<String>,
    pub severity: Severity,
}

impl Problem {
    pub fn error(span: Span, message: impl Into<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
            label: None,
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Problem {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding means for the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The policy cannot work: AccessDenied, InvalidIdentityToken or an apply failure.
    Breaks,
    /// The policy lets more principals in than intended.
    Exposes,
    /// A gap that AWS recommends closing.
    Hardening,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaks => "breaks",
            Kind::Exposes => "exposes",
            Kind::Hardening => "hardening",
        }
    }
}

/// Whether `--fix` may apply a fix without `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The edit may change what the policy allows beyond the finding; review it.
    Unsafe,
    /// The edit only repairs the finding.
    Safe,
}

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert_at(span_end: Span, text: impl Into<String>) -> Edit {
        Edit {
            span: Span {
                start: span_end.end,
                ..span_end
            },
            replacement: text.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by position.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        description: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.span.file, e.span.start, e.span.end));
        edits.dedup();
        Fix {
            description: description.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(description, Applicability::Safe, edits)
    }

    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(description, Applicability::Unsafe, edits)
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// The rule's kind, unless this finding is of another kind (rules that report both
    /// broken and over-broad trusts).
    pub kind: Kind,
    pub message: String,
    pub span: Span,
    /// Text shown under the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// For a finding of a workspace rule: the module views it is about (indexes into the
    /// rule's view list), so the engine can report a module instance's finding at its caller.
    pub views: Vec<usize>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            kind: rule.kind,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
            views: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        if span != self.span {
            self.labels.push(Label {
                span,
                message: message.into(),
            });
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Records the module views the finding is about (see [`Diagnostic::views`]).
    pub fn about(mut self, views: impl IntoIterator<Item = usize>) -> Self {
        self.views = views.into_iter().collect();
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
