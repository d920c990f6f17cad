//! SARIF 2.1.0 (`--format sarif`, SPEC §6.2), as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` lists every rule in `rules::all_meta()` order (so `ruleIndex`
//! is stable). Columns are UTF-16 code units (`columnKind: utf16CodeUnits`, the SARIF
//! default) and `endColumn` is exclusive. GitHub ignores `fixes`, but other SARIF viewers
//! apply them.
//!
//! `security-severity` is set only for `exposes` rules (those that let more principals in than
//! intended), from the rule's default severity: error → 8.0 (high), warning → 5.0 (medium),
//! info → 3.0 (low). `breaks` rules lock everyone out, which is an outage rather than a
//! vulnerability, so they carry no security severity and GitHub files them by `level`.

use crate::base::diagnostic::{Applicability, Diagnostic, Kind, Severity};
use crate::base::source::{SourceFile, Sources, Span};
use crate::engine::check::Report;
use crate::rules::{self, RuleMeta};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub rejects longer `shortDescription`/`fullDescription` texts.
const MAX_DESCRIPTION: usize = 1024;
/// Key of the fingerprint (`crate::engine::fingerprint`, the one baselines use) in
/// `partialFingerprints`; GitHub matches alerts across runs by it.
const FINGERPRINT_KEY: &str = "primaryLocationLineHash";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct MultiformatText {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: MultiformatText,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn security_severity(meta: &RuleMeta) -> Option<&'static str> {
    (meta.kind == Kind::Exposes).then_some(match meta.severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "3.0",
    })
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The doc's opening paragraph (after the `# CODE: name` title and the severity line), on one
/// line: the rule's full description.
fn doc_intro(doc: &str) -> Option<String> {
    let paragraph: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#') || l.starts_with("**Severity:**"))
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

fn descriptor(meta: &'static RuleMeta) -> ReportingDescriptor<'static> {
    let url = meta.url();
    let full = doc_intro(meta.doc).unwrap_or_else(|| meta.summary.to_string());
    ReportingDescriptor {
        id: meta.code,
        name: meta.name,
        short_description: Text {
            text: truncate(meta.summary, MAX_DESCRIPTION),
        },
        full_description: Text {
            text: truncate(&full, MAX_DESCRIPTION),
        },
        help: MultiformatText {
            text: format!("{}\nDocumentation: {url}\n", meta.doc.trim_end()),
            // GitHub shows `help.markdown` but not `helpUri`, so the link goes in the text too.
            markdown: format!("{}\n\n[Documentation]({url})\n", meta.doc.trim_end()),
        },
        help_uri: url,
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: vec!["security", meta.kind.as_str()],
            // Rules fire only on known contradictions, never on unknown values.
            precision: "high",
            security_severity: security_severity(meta),
        },
    }
}

/// Characters a URI path may carry as they are (RFC 3986 unreserved, `/`, and sub-delims that
/// are harmless in a path).
fn uri_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b)
}

/// The artifact URI of a displayed path (its exact bytes): relative paths stay relative
/// (GitHub resolves them against the repository root), absolute ones become `file://` URIs;
/// other bytes are percent-encoded, so a name that is not UTF-8 maps back to its file.
pub fn artifact_uri(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    if bytes.first() == Some(&b'/') {
        out.push_str("file://");
    } else if let [drive, b':', tail @ ..] = bytes
        && drive.is_ascii_alphabetic()
        && tail.first() == Some(&b'/')
    {
        // A Windows drive path, already shown with `/` separators.
        out.push_str("file:///");
        out.push(*drive as char);
        out.push(':');
        rest = tail;
    }
    for &b in rest {
        if uri_safe(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(file: &SourceFile, span: Span) -> Region {
    let start = file.position(span.start);
    let end = file.position(span.end);
    Region {
        start_line: start.line,
        start_column: file.lines.utf16_column(&file.text, span.start),
        end_line: end.line,
        end_column: file.lines.utf16_column(&file.text, span.end),
    }
}

fn location(sources: &Sources, span: Span, id: Option<usize>, message: Option<String>) -> Location {
    let file = sources.get(span.file);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: artifact_uri(file.display_path_bytes()),
            },
            region: region(&file, span),
        },
        message: message.map(|text| Text { text }),
    }
}

fn fix(sources: &Sources, f: &crate::base::diagnostic::Fix) -> SarifFix {
    // One artifactChange per file, in the edits' (sorted) order.
    let mut changes: Vec<ArtifactChange> = Vec::new();
    for e in &f.edits {
        let file = sources.get(e.span.file);
        let uri = artifact_uri(file.display_path_bytes());
        let replacement = Replacement {
            deleted_region: region(&file, e.span),
            inserted_content: Text {
                text: e.replacement.clone(),
            },
        };
        match changes.iter_mut().find(|c| c.artifact_location.uri == uri) {
            Some(c) => c.replacements.push(replacement),
            None => changes.push(ArtifactChange {
                artifact_location: ArtifactLocation { uri },
                replacements: vec![replacement],
            }),
        }
    }
    let description = match f.applicability {
        Applicability::Safe => f.description.clone(),
        Applicability::Unsafe => format!("{} (unsafe: review before applying)", f.description),
    };
    SarifFix {
        description: Text { text: description },
        artifact_changes: changes,
    }
}

fn result(
    sources: &Sources,
    d: &Diagnostic,
    rule_index: usize,
    fingerprint: String,
) -> SarifResult {
    let message = match &d.help {
        Some(help) => format!("{}\n\n{help}", d.message),
        None => d.message.clone(),
    };
    SarifResult {
        rule_id: d.rule.code,
        rule_index,
        level: level(d.severity),
        message: Text { text: message },
        locations: vec![location(sources, d.span, None, d.label.clone())],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| location(sources, l.span, Some(i + 1), Some(l.message.clone())))
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        fixes: d.fix.iter().map(|f| fix(sources, f)).collect(),
    }
}

/// Renders the report as a SARIF 2.1.0 log (pretty JSON).
/// A warning for each named file that was not read, with the reason.
fn skipped_notifications(report: &Report) -> Vec<Notification> {
    report
        .skipped
        .iter()
        .map(|s| Notification {
            level: "warning",
            message: Text {
                text: format!(
                    "{}: skipped: {}",
                    crate::base::source::display_path(&s.path),
                    s.reason
                ),
            },
        })
        .collect()
}

pub fn render(report: &Report) -> String {
    let all = rules::all_meta();
    let index: HashMap<&str, usize> = all.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
    let prints = crate::engine::fingerprint::fingerprints(report);
    let results = report
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fp)| {
            let i = index.get(d.rule.code).copied().unwrap_or_default();
            result(&report.sources, d, i, fp)
        })
        .collect();
    let mut notifications = report
        .walk_errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: Text {
                text: format!("{}: {}", e.path.display(), e.message),
            },
        })
        .collect::<Vec<_>>();
    notifications.extend(skipped_notifications(report));
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "irsa-lint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: all.into_iter().map(descriptor).collect(),
                },
            },
            invocations: vec![Invocation {
                // A skipped file is a warning, not a failed run.
                execution_successful: report.walk_errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "utf16CodeUnits",
        }],
    };
    let mut out =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_or_file_uris() {
        assert_eq!(artifact_uri(b"infra/main.tf"), "infra/main.tf");
        assert_eq!(artifact_uri("a b/ü.tf".as_bytes()), "a%20b/%C3%BC.tf");
        assert_eq!(artifact_uri(b"/tmp/x/main.tf"), "file:///tmp/x/main.tf");
        assert_eq!(artifact_uri(b"C:/x/main.tf"), "file:///C:/x/main.tf");
        assert_eq!(artifact_uri(b"a:b.tf"), "a%3Ab.tf");
        // A name that is not UTF-8 keeps its bytes.
        assert_eq!(artifact_uri(b"m/caf\xe9-\xff.tf"), "m/caf%E9-%FF.tf");
    }

    #[test]
    fn descriptions_fit_github_limits() {
        for meta in rules::all_meta() {
            let d = descriptor(meta);
            assert!(d.short_description.text.chars().count() <= MAX_DESCRIPTION);
            assert!(d.full_description.text.chars().count() <= MAX_DESCRIPTION);
            assert!(!d.full_description.text.starts_with('#'), "{}", meta.code);
            assert!(!d.full_description.text.starts_with("**"), "{}", meta.code);
        }
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
