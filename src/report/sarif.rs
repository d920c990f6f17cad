//! SARIF 2.1.0 (`--format sarif`, SPEC §6.2), as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` lists every rule in `rules::all_meta()` order (so `ruleIndex`
//! is stable). Columns are UTF-16 code units (`columnKind: utf16CodeUnits`, the SARIF
//! default) and `endColumn` is exclusive. GitHub ignores `fixes`, but other SARIF viewers
//! apply them.
//!
//! Every rule carries a `security-severity` (see [`security_severity`]), so GitHub files all of
//! irsa-lint's alerts on one scale (critical/high/medium/low) and a "fail on high" branch rule
//! sees them all.
//!
//! Artifact URIs are relative to the repository root, `%SRCROOT%` (the git work tree of the
//! scanned paths, else the current directory), whatever directory irsa-lint ran in, and the run's
//! `originalUriBaseIds` gives that root's `file://` URI; a file outside it gets an absolute
//! `file://` URI and no base.

use crate::base::diagnostic::{Applicability, Diagnostic, Kind, Severity};
use crate::base::source::{SourceFile, Sources, Span};
use crate::engine::check::Report;
use crate::rules::{self, RuleMeta};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub rejects longer `shortDescription`/`fullDescription` texts.
const MAX_DESCRIPTION: usize = 1024;
/// Key of the fingerprint (`crate::engine::fingerprint`, the one baselines use) in
/// `partialFingerprints`; GitHub matches alerts across runs by it.
const FINGERPRINT_KEY: &str = "primaryLocationLineHash";
/// The base id of URIs relative to the repository root (the name GitHub and the SARIF spec's
/// examples use).
const SRCROOT: &str = "%SRCROOT%";

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
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
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
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
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

#[derive(Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
struct BaseUri {
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

/// GitHub's scale: critical 9.0+, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. `exposes` rules
/// by who gets in: anyone with a token of the issuer (GH001: any repository on GitHub; WIF015:
/// no claim condition at all) is critical, every service account of a namespace or cluster
/// (IRSA002) high, and the rest (WIF006, PI005, other principals of the same issuer or account)
/// high at its low end. A `breaks` error (the role cannot be assumed, or IAM rejects the policy)
/// is high, a `breaks` warning medium; hardening gaps are medium, and an info (IGN001, an unused
/// ignore comment) low.
fn security_severity(meta: &RuleMeta) -> &'static str {
    match (meta.code, meta.kind, meta.severity) {
        ("GH001", ..) => "9.5",
        ("WIF015", ..) => "9.0",
        ("IRSA002", ..) => "8.0",
        (_, Kind::Exposes, _) => "7.0",
        (_, Kind::Breaks, Severity::Error) => "7.5",
        (_, Kind::Breaks, _) => "5.5",
        (_, Kind::Hardening, Severity::Info) => "2.0",
        (_, Kind::Hardening, _) => "5.0",
    }
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

/// The URI of a path (its exact bytes): relative paths stay relative, absolute ones become
/// `file://` URIs; other bytes are percent-encoded, so a name that is not UTF-8 maps back to its
/// file.
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

/// The artifact locations of one run's files, relative to `%SRCROOT%` when inside it; worked out
/// once per file.
struct Artifacts {
    /// Canonical.
    root: PathBuf,
    cwd: Option<PathBuf>,
    cache: RefCell<HashMap<crate::base::source::FileId, ArtifactLocation>>,
}

impl Artifacts {
    /// The root: the first scan root that is a git work tree, else the current directory.
    fn new(sources: &Sources) -> Artifacts {
        let cwd = std::env::current_dir().ok();
        let root = sources
            .roots()
            .iter()
            .find(|r| crate::base::source::git_work_tree(r).as_deref() == Some(r.as_path()))
            .cloned()
            .or_else(|| cwd.as_ref().and_then(|c| std::fs::canonicalize(c).ok()))
            .unwrap_or_else(|| PathBuf::from("/"));
        Artifacts {
            root,
            cwd,
            cache: RefCell::default(),
        }
    }

    /// `file:///…/` of the root (a base URI must end in `/`).
    fn root_uri(&self) -> String {
        use std::os::unix::ffi::OsStrExt;
        let mut uri = artifact_uri(self.root.as_os_str().as_bytes());
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    }

    /// The file's absolute path with its directory canonical (as the roots are) and its own
    /// name kept, so a linked file is named where it is, not where it points.
    fn absolute(&self, path: &Path) -> PathBuf {
        let joined = match &self.cwd {
            Some(c) if path.is_relative() => c.join(path),
            _ => path.to_path_buf(),
        };
        let joined = crate::base::source::normalize(&joined);
        match (joined.parent(), joined.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or(joined),
            _ => joined,
        }
    }

    fn of(&self, file: &SourceFile, id: crate::base::source::FileId) -> ArtifactLocation {
        use std::os::unix::ffi::OsStrExt;
        if let Some(done) = self.cache.borrow().get(&id) {
            return done.clone();
        }
        let absolute = self.absolute(&file.path);
        let location = match absolute.strip_prefix(&self.root) {
            Ok(relative) => ArtifactLocation {
                uri: artifact_uri(relative.as_os_str().as_bytes()),
                uri_base_id: Some(SRCROOT),
            },
            Err(_) => ArtifactLocation {
                uri: artifact_uri(absolute.as_os_str().as_bytes()),
                uri_base_id: None,
            },
        };
        self.cache.borrow_mut().insert(id, location.clone());
        location
    }
}

fn region(file: &SourceFile, span: Span) -> Region {
    let start = file.position(span.start);
    let end = file.position(span.end);
    Region {
        start_line: start.line,
        start_column: file.lines().utf16_column(&file.text, span.start),
        end_line: end.line,
        end_column: file.lines().utf16_column(&file.text, span.end),
    }
}

fn location(
    sources: &Sources,
    artifacts: &Artifacts,
    span: Span,
    id: Option<usize>,
    message: Option<String>,
) -> Location {
    let file = sources.get(span.file);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifacts.of(&file, span.file),
            region: region(&file, span),
        },
        message: message.map(|text| Text { text }),
    }
}

fn fix(sources: &Sources, artifacts: &Artifacts, f: &crate::base::diagnostic::Fix) -> SarifFix {
    // One artifactChange per file, in the edits' (sorted) order.
    let mut changes: Vec<ArtifactChange> = Vec::new();
    for e in &f.edits {
        let file = sources.get(e.span.file);
        let artifact_location = artifacts.of(&file, e.span.file);
        let replacement = Replacement {
            deleted_region: region(&file, e.span),
            inserted_content: Text {
                text: e.replacement.clone(),
            },
        };
        match changes
            .iter_mut()
            .find(|c| c.artifact_location == artifact_location)
        {
            Some(c) => c.replacements.push(replacement),
            None => changes.push(ArtifactChange {
                artifact_location,
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
    artifacts: &Artifacts,
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
        locations: vec![location(sources, artifacts, d.span, None, d.label.clone())],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                location(
                    sources,
                    artifacts,
                    l.span,
                    Some(i + 1),
                    Some(l.message.clone()),
                )
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        fixes: d.fix.iter().map(|f| fix(sources, artifacts, f)).collect(),
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
    let artifacts = Artifacts::new(&report.sources);
    let results = report
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fp)| {
            let i = index.get(d.rule.code).copied().unwrap_or_default();
            result(&report.sources, &artifacts, d, i, fp)
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
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseUri {
                    uri: artifacts.root_uri(),
                },
            )]),
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
    fn every_rule_has_a_security_severity_on_githubs_scale() {
        let score = |code: &str| -> f64 {
            let meta = rules::find(code).expect("a rule");
            security_severity(meta).parse().expect("a number")
        };
        // Any GitHub repository, or any token of the issuer, can assume the role: critical.
        assert!(score("GH001") >= 9.0);
        assert!(score("WIF015") >= 9.0);
        // Every service account of a namespace: high.
        assert!((7.0..9.0).contains(&score("IRSA002")));
        for meta in rules::all_meta() {
            let s: f64 = security_severity(meta).parse().expect("a number");
            let range = match (meta.kind, meta.severity) {
                (Kind::Exposes, _) => 7.0..10.1,
                (Kind::Breaks, Severity::Error) => 7.0..9.0,
                (Kind::Hardening, Severity::Info) => 0.1..4.0,
                _ => 4.0..7.0,
            };
            assert!(range.contains(&s), "{} {s}", meta.code);
        }
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
