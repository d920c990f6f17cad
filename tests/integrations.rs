//! The integrations of SPEC §6.2 and §7: SARIF (checked by structure, snapshot and the SARIF
//! Multitool), GitHub workflow commands, the pre-commit hook (through `pre-commit try-repo`) and
//! the GitHub Action's script (with a fake `GITHUB_*` environment).
//!
//! External tools come from environment variables that `.ci/run` sets after installing them
//! into `target/tools/`: `SARIF_MULTITOOL` (the `sarif-multitool` npm binary) and `PRE_COMMIT`.
//! Without them a plain `cargo test` runs everything else and says what it skipped; under
//! `CI=true` a missing tool fails the test.

mod common;

use assert_cmd::Command;
use common::{ROOT, irsa_lint, write};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Prints past the test harness's capture, so skips and timings show in a plain `cargo test`.
fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: {text}");
}

/// The tool named by `var`, or `None` (after saying so) when it is not set outside CI.
fn external_tool(var: &str, what: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{var} is not set: under CI=true {what} must run (.ci/run installs it)"
            );
            note(&format!(
                "SKIPPED {what}: set {var} (as .ci/run does) to run it"
            ));
            None
        }
    }
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).expect("utf8 output")
}

const WILDCARD_ROLE: &str = r#"
resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = local.subject
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

/// Declares the subject the role above uses, in a file of its own (cross-file resolution).
const WILDCARD_LOCALS: &str = "locals {\n  subject = \"system:serviceaccount:apps:*\"\n}\n";

const GOOD_ROLE: &str = r#"
resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:api"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

// ---------------------------------------------------------------------------------------------
// SARIF

fn sarif_of(args: &[&str]) -> (String, Value) {
    let mut cmd = irsa_lint();
    cmd.args(["check", "--format", "sarif", "--fail-on", "never"])
        .args(args);
    let text = stdout_of(&mut cmd, 0);
    let json = serde_json::from_str(&text).expect("SARIF is JSON");
    (text, json)
}

fn json_of(args: &[&str]) -> Value {
    let mut cmd = irsa_lint();
    cmd.args(["check", "--format", "json", "--fail-on", "never"])
        .args(args);
    serde_json::from_str(&stdout_of(&mut cmd, 0)).expect("JSON report")
}

fn uint(v: &Value, what: &str) -> usize {
    let n = v
        .as_u64()
        .unwrap_or_else(|| panic!("{what} is not a number: {v}"));
    usize::try_from(n).expect("fits")
}

/// The 1-based UTF-16 column of byte `offset` in `text`.
fn utf16_column(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].encode_utf16().count() + 1
}

/// Checks a region against the JSON report's range of the same span: same lines, and columns
/// in UTF-16 units computed from the byte offsets.
fn check_region(region: &Value, json_range: &Value, text: &str) {
    let offset = |p: &str| uint(&json_range[p]["offset"], "offset");
    let line = |p: &str| uint(&json_range[p]["line"], "line");
    assert_eq!(uint(&region["startLine"], "startLine"), line("start"));
    assert_eq!(uint(&region["endLine"], "endLine"), line("end"));
    assert_eq!(
        uint(&region["startColumn"], "startColumn"),
        utf16_column(text, offset("start"))
    );
    assert_eq!(
        uint(&region["endColumn"], "endColumn"),
        utf16_column(text, offset("end")),
        "endColumn is exclusive"
    );
}

/// The artifact location of a reported path, for a run in the repository root: relative paths
/// as they are, against `%SRCROOT%`, absolute ones (outside the repository) as file URIs with
/// no base. Test paths need no percent-encoding.
fn location_of(path: &str) -> Value {
    if path.starts_with('/') {
        serde_json::json!({ "uri": format!("file://{path}") })
    } else {
        serde_json::json!({ "uri": path, "uriBaseId": "%SRCROOT%" })
    }
}

/// What GitHub code scanning and SARIF 2.1.0 require of the log, checked field by field
/// against the JSON report of the same run.
fn check_sarif_structure(sarif: &Value, report: &Value) {
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{ROOT}/"),
        "the repository root, as a directory URI"
    );
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "irsa-lint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().is_some());

    // Rules: every rule, in `irsa-lint rules` order, within GitHub's limits.
    let listed: Value = serde_json::from_str(&stdout_of(
        irsa_lint().args(["rules", "--format", "json"]),
        0,
    ))
    .expect("rules JSON");
    let listed = listed.as_array().expect("array");
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), listed.len());
    for (rule, meta) in rules.iter().zip(listed) {
        let id = rule["id"].as_str().expect("id");
        assert_eq!(rule["id"], meta["code"]);
        assert_eq!(rule["name"], meta["name"]);
        assert_eq!(rule["helpUri"], meta["url"]);
        for field in ["shortDescription", "fullDescription"] {
            let text = rule[field]["text"].as_str().expect("description");
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{id} {field}"
            );
        }
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let markdown = rule["help"]["markdown"].as_str().expect("markdown help");
        assert!(
            markdown.contains(meta["url"].as_str().expect("url")),
            "{id}"
        );
        let level = rule["defaultConfiguration"]["level"]
            .as_str()
            .expect("level");
        let expected = match meta["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "note",
        };
        assert_eq!(level, expected, "{id}");
        let props = &rule["properties"];
        let tags = props["tags"].as_array().expect("tags");
        assert_eq!(tags[0], "security");
        assert!(tags.contains(&meta["kind"]), "{id}: kind tag");
        assert!(
            ["very-high", "high", "medium", "low"]
                .contains(&props["precision"].as_str().unwrap_or_default())
        );
        // Every rule, so GitHub puts all of irsa-lint's alerts on one scale.
        let score: f64 = props["security-severity"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: security-severity"))
            .parse()
            .expect("a number");
        assert!((0.1..=10.0).contains(&score), "{id}");
        if meta["severity"] == "error" && meta["kind"] == "breaks" {
            assert!(
                (7.0..9.0).contains(&score),
                "{id}: a breaking error is high"
            );
        }
    }

    // Results: one per diagnostic, in report order.
    let results = run["results"].as_array().expect("results");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(results.len(), diagnostics.len());
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut text_of = |path: &str| -> String {
        texts
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read_to_string(Path::new(ROOT).join(path)).expect("read"))
            .clone()
    };
    let mut fingerprints = std::collections::BTreeSet::new();
    for (r, d) in results.iter().zip(diagnostics) {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert_eq!(id, d["code"]);
        let index = uint(&r["ruleIndex"], "ruleIndex");
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        let level = r["level"].as_str().expect("level");
        assert!(["error", "warning", "note"].contains(&level), "{level}");
        let message = r["message"]["text"].as_str().expect("message");
        assert!(message.starts_with(d["message"].as_str().expect("message")));

        let path = d["path"].as_str().expect("path");
        let text = text_of(path);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"], location_of(path));
        check_region(&loc["region"], &d["range"], &text);

        let labels = d["labels"].as_array().expect("labels");
        let related = r.get("relatedLocations").and_then(Value::as_array);
        assert_eq!(related.map_or(0, Vec::len), labels.len());
        for (i, (rel, label)) in related.into_iter().flatten().zip(labels).enumerate() {
            assert_eq!(uint(&rel["id"], "id"), i + 1);
            assert_eq!(rel["message"]["text"], label["message"]);
            let lpath = label["path"].as_str().expect("path");
            assert_eq!(
                rel["physicalLocation"]["artifactLocation"],
                location_of(lpath)
            );
            check_region(
                &rel["physicalLocation"]["region"],
                &label["range"],
                &text_of(lpath),
            );
        }

        let fp = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .expect("fingerprint");
        let (hash, n) = fp.split_once(':').expect("hash:occurrence");
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
        assert!(n.parse::<usize>().is_ok(), "{fp}");
        assert!(
            fingerprints.insert((path.to_string(), fp.to_string())),
            "{fp} twice in {path}"
        );

        match (&d["fix"], r.get("fixes")) {
            (Value::Null, None) => {}
            (fix, Some(fixes)) => {
                let fixes = fixes.as_array().expect("fixes");
                assert_eq!(fixes.len(), 1);
                let changes = fixes[0]["artifactChanges"].as_array().expect("changes");
                let edits = fix["edits"].as_array().expect("edits");
                let replacements: Vec<&Value> = changes
                    .iter()
                    .flat_map(|c| c["replacements"].as_array().expect("replacements"))
                    .collect();
                assert_eq!(replacements.len(), edits.len());
                for (rep, edit) in replacements.iter().zip(edits) {
                    assert_eq!(rep["insertedContent"]["text"], edit["replacement"]);
                    let epath = edit["path"].as_str().expect("path");
                    check_region(&rep["deletedRegion"], &edit["range"], &text_of(epath));
                }
            }
            (fix, fixes) => panic!("fix {fix} but SARIF fixes {fixes:?}"),
        }
    }
}

/// The SARIF log as a snapshot: results in full, but the rules left out (whole documentation
/// pages, and more with every rule; `check_sarif_structure` checks them), `ruleIndex` too (it
/// moves whenever a rule is added), and the version filtered.
fn sarif_snapshot_view(sarif: &Value) -> String {
    let mut view = sarif.clone();
    let run = &mut view["runs"][0];
    run["tool"]["driver"]["rules"] = Value::String("[rules]".into());
    // Where the repository is checked out (checked by `check_sarif_structure`).
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = Value::String("file:///[root]/".into());
    if let Some(results) = run["results"].as_array_mut() {
        for r in results {
            if let Some(o) = r.as_object_mut() {
                o.remove("ruleIndex");
            }
        }
    }
    serde_json::to_string_pretty(&view)
        .expect("serialises")
        .replace(
            &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"[version]\"",
        )
}

#[test]
fn sarif_of_the_example() {
    let (_, sarif) = sarif_of(&["testdata/example"]);
    let report = json_of(&["testdata/example"]);
    check_sarif_structure(&sarif, &report);
    insta::assert_snapshot!("example_sarif", sarif_snapshot_view(&sarif));
}

#[test]
fn sarif_of_every_fixture_is_well_formed() {
    let (_, sarif) = sarif_of(&["testdata/rules"]);
    let report = json_of(&["testdata/rules"]);
    assert!(
        !report["diagnostics"].as_array().expect("array").is_empty(),
        "fixtures have findings"
    );
    check_sarif_structure(&sarif, &report);
}

#[test]
fn sarif_columns_count_utf16_units() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // An astral-plane character (two UTF-16 units, one char) before the finding on its line
    // (WIF005 points at the operator).
    let role = WILDCARD_ROLE
        .replace("local.subject", "\"system:serviceaccount:apps:*\"")
        .replace("StringEquals = {", "/* 😀 */ StringEquals = {");
    write(tmp.path(), "main.tf", &role);
    let dir = tmp.path().to_str().expect("utf8");
    let (_, sarif) = sarif_of(&[dir]);
    let report = json_of(&[dir]);
    check_sarif_structure(&sarif, &report);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "WIF005");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let chars = uint(
        &report["diagnostics"][0]["range"]["start"]["column"],
        "column",
    );
    assert_eq!(uint(&region["startColumn"], "startColumn"), chars + 1);
}

/// The artifact locations of every result and related location.
fn artifact_locations(sarif: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for r in sarif["runs"][0]["results"].as_array().expect("results") {
        for l in r["locations"]
            .as_array()
            .into_iter()
            .chain(r["relatedLocations"].as_array())
            .flatten()
        {
            out.push(l["physicalLocation"]["artifactLocation"].clone());
        }
    }
    out
}

#[test]
fn sarif_uris_are_relative_to_the_repository_root_from_any_directory() {
    // From a subdirectory of this repository (audit B20): the URIs still start at its root.
    let mut cmd = irsa_lint();
    cmd.current_dir(Path::new(ROOT).join("testdata/example/platform"))
        .args(["check", "--format", "sarif", "--fail-on", "never", "."]);
    let sarif: Value = serde_json::from_str(&stdout_of(&mut cmd, 0)).expect("SARIF");
    assert_eq!(
        sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{ROOT}/")
    );
    let locations = artifact_locations(&sarif);
    assert!(!locations.is_empty());
    for l in &locations {
        assert_eq!(l["uriBaseId"], "%SRCROOT%", "{l}");
        let uri = l["uri"].as_str().expect("uri");
        assert!(uri.starts_with("testdata/example/platform/"), "{uri}");
        assert!(Path::new(ROOT).join(uri).is_file(), "{uri}");
    }

    // Another repository, checked from its subdirectory, with `--sarif-output` beside
    // `--format github`: one run gives the annotations (paths from the current directory, as
    // GitHub's are from the workspace) and the SARIF report.
    let repo = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(repo.path()).expect("canonical");
    std::fs::create_dir(root.join(".git")).expect("mkdir .git");
    write(&root, "infra/main.tf", WILDCARD_ROLE);
    write(&root, "infra/locals.tf", WILDCARD_LOCALS);
    let out = root.join("out.sarif");
    let mut cmd = irsa_lint();
    cmd.current_dir(root.join("infra"))
        .args(["check", "--format", "github", "--sarif-output"])
        .arg(&out)
        .arg(".");
    let annotations = stdout_of(&mut cmd, 1);
    assert!(
        annotations.starts_with("::error file=main.tf,line=10,"),
        "{annotations}"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("SARIF written")).expect("JSON");
    assert_eq!(
        sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", root.display())
    );
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let count = annotations
        .lines()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .count();
    assert_eq!(results.len(), count);
    assert_eq!(results[0]["ruleId"], "WIF005");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "infra/main.tf", "uriBaseId": "%SRCROOT%" })
    );

    // A SARIF file that cannot be written is exit code 2, after the main report.
    let mut cmd = irsa_lint();
    cmd.current_dir(root.join("infra")).args([
        "check",
        "--format",
        "github",
        "--sarif-output",
        "missing/x.sarif",
        ".",
    ]);
    let assert = cmd.assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: cannot write missing/x.sarif: "),
        "{stderr}"
    );
}

/// Runs the Multitool's `validate` on `file` and returns the errors it reports. The Multitool
/// exits 0 even when it finds errors, so its output is parsed: error lines look like
/// `FILE(LINE,COL): error CODE: message`. `validate` also says nothing at all about a log it
/// cannot deserialize (a bad enum value), so `rewrite` (which deserializes the log and fails
/// loudly) runs as well.
fn multitool_errors(tool: &Path, file: &Path, scratch: &Path) -> Vec<String> {
    let out = std::process::Command::new(tool)
        .arg("validate")
        .arg(file)
        .output()
        .expect("run sarif-multitool validate");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut errors: Vec<String> = stdout
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .filter(|l| l.contains(": error ") || l.contains(" : error "))
        .map(str::to_string)
        .collect();
    if !out.status.success() {
        errors.push(format!("validate exited with {}", out.status));
    }
    if !stdout.contains("1 files scanned") {
        errors.push(format!("validate did not scan the file: {stdout}"));
    }
    let rewritten = scratch.join("rewritten.sarif");
    let _ = std::fs::remove_file(&rewritten);
    let out = std::process::Command::new(tool)
        .arg("rewrite")
        .arg(file)
        .arg("--output")
        .arg(&rewritten)
        .output()
        .expect("run sarif-multitool rewrite");
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stdout);
        let first = text
            .lines()
            .find(|l| l.contains("rror"))
            .unwrap_or_default();
        errors.push(format!("rewrite cannot read the log: {first}"));
    }
    errors
}

#[test]
fn sarif_validates_with_the_sarif_multitool() {
    let Some(tool) = external_tool("SARIF_MULTITOOL", "SARIF Multitool validation") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("tempdir");
    // Every fixture too: each rule's results, labels and fixes.
    let (fixtures, _) = sarif_of(&["testdata/rules"]);
    let fixtures_file = tmp.path().join("fixtures.sarif");
    std::fs::write(&fixtures_file, &fixtures).expect("write");
    let errors = multitool_errors(&tool, &fixtures_file, tmp.path());
    assert!(
        errors.is_empty(),
        "SARIF Multitool errors on the fixtures:\n{}",
        errors.join("\n")
    );
    let (text, sarif) = sarif_of(&["testdata/example"]);
    let good = tmp.path().join("example.sarif");
    std::fs::write(&good, &text).expect("write");
    let errors = multitool_errors(&tool, &good, tmp.path());
    assert!(
        errors.is_empty(),
        "SARIF Multitool errors:\n{}",
        errors.join("\n")
    );

    // The harness itself: a broken region and a broken level must both be caught.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let bad_region = tmp.path().join("bad-region.sarif");
    std::fs::write(&bad_region, broken.to_string()).expect("write");
    assert!(
        multitool_errors(&tool, &bad_region, tmp.path())
            .iter()
            .any(|e| e.contains("JSON1008")),
        "a startLine of 0 went unnoticed"
    );
    let mut broken = sarif;
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    let bad_level = tmp.path().join("bad-level.sarif");
    std::fs::write(&bad_level, broken.to_string()).expect("write");
    assert!(
        !multitool_errors(&tool, &bad_level, tmp.path()).is_empty(),
        "an invalid level went unnoticed"
    );
    note(&format!(
        "SARIF Multitool checks took {:.1?}",
        started.elapsed()
    ));
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

/// One parsed `::level props::message` line, with properties and message unescaped.
#[derive(Debug)]
struct WorkflowCommand {
    level: String,
    props: BTreeMap<String, String>,
    message: String,
}

fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Parses an annotation command strictly: known level and properties, and no character left
/// that should have been escaped.
fn parse_command(line: &str) -> WorkflowCommand {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("::message");
    let (level, props) = head.split_once(' ').expect("level and properties");
    assert!(["error", "warning", "notice"].contains(&level), "{line}");
    assert!(!message.contains(['\r', '\n']), "{line}");
    let mut map = BTreeMap::new();
    for prop in props.split(',') {
        let (k, v) = prop.split_once('=').expect("key=value");
        assert!(
            ["file", "line", "endLine", "col", "endColumn", "title"].contains(&k),
            "unknown property {k} in {line}"
        );
        assert!(!v.contains([':', ',', '\r', '\n']), "{line}");
        assert!(
            map.insert(k.to_string(), unescape(v)).is_none(),
            "{k} twice"
        );
    }
    let number = |k: &str| map.get(k).map(|v| v.parse::<usize>().expect("a number"));
    let (line_no, end_line) = (number("line"), number("endLine"));
    assert!(
        line_no.is_some_and(|l| l >= 1) && end_line >= line_no,
        "{line}"
    );
    match (number("col"), number("endColumn")) {
        (Some(c), Some(e)) => assert!(c >= 1 && e >= c && line_no == end_line, "{line}"),
        (None, None) => assert_ne!(line_no, end_line, "columns only go with one line"),
        _ => panic!("col without endColumn: {line}"),
    }
    WorkflowCommand {
        level: level.to_string(),
        props: map,
        message: unescape(message),
    }
}

/// Checks `--format github` output against the JSON report of the same run.
fn check_github_output(out: &str, report: &Value) -> Vec<WorkflowCommand> {
    let lines: Vec<&str> = out.lines().collect();
    let (summary, commands) = lines.split_last().expect("a summary line");
    assert!(summary.starts_with("irsa-lint: "), "{summary}");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(commands.len(), diagnostics.len());
    let parsed: Vec<WorkflowCommand> = commands.iter().map(|l| parse_command(l)).collect();
    for (c, d) in parsed.iter().zip(diagnostics) {
        let level = match d["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "notice",
        };
        assert_eq!(c.level, level);
        assert_eq!(c.props["file"], d["path"].as_str().expect("path"));
        assert_eq!(c.props["line"], d["range"]["start"]["line"].to_string());
        assert_eq!(
            c.props["title"],
            format!(
                "{} {}",
                d["code"].as_str().expect("code"),
                d["name"].as_str().expect("name")
            )
        );
        assert!(
            c.message
                .starts_with(d["message"].as_str().expect("message"))
        );
    }
    parsed
}

#[test]
fn github_output_of_the_example() {
    let out = stdout_of(
        irsa_lint().args(["check", "--format", "github", "testdata/example"]),
        1,
    );
    check_github_output(&out, &json_of(&["testdata/example"]));
    insta::assert_snapshot!("example_github", out);
}

#[test]
fn github_properties_are_escaped() {
    // A module directory whose name needs escaping in the `file` property.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("a,b:c%d");
    write(&dir, "main.tf", WILDCARD_ROLE);
    write(&dir, "locals.tf", WILDCARD_LOCALS);
    let out = stdout_of(
        irsa_lint()
            .current_dir(tmp.path())
            .args(["check", "--format", "github", "a,b:c%d"]),
        1,
    );
    assert!(
        out.starts_with("::error file=a%2Cb%3Ac%25d/main.tf,"),
        "{out}"
    );
    let commands = check_github_output(&out, &{
        let mut cmd = irsa_lint();
        cmd.current_dir(tmp.path()).args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "a,b:c%d",
        ]);
        serde_json::from_str(&stdout_of(&mut cmd, 0)).expect("json")
    });
    assert_eq!(commands[0].props["file"], "a,b:c%d/main.tf");
    assert!(out.ends_with("irsa-lint: 1 problem (1 error, 0 warnings, 0 info) in 2 files\n"));
}

#[test]
fn github_summary_mentions_the_annotation_limit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for i in 0..12 {
        write(
            &tmp.path().join(format!("m{i:02}")),
            "main.tf",
            &WILDCARD_ROLE.replace("local.subject", "\"system:serviceaccount:apps:*\""),
        );
    }
    let out = stdout_of(
        irsa_lint()
            .args(["check", "--format", "github"])
            .arg(tmp.path()),
        1,
    );
    let summary = out.lines().last().expect("summary");
    assert!(
        summary.starts_with("irsa-lint: ")
            && summary.contains("12 errors")
            && summary.contains("GitHub annotates at most 10 findings per level in a step")
            && summary.ends_with("more findings; see the SARIF/log"),
        "{summary}"
    );
}

// ---------------------------------------------------------------------------------------------
// pre-commit

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=irsa-lint tests",
            "-c",
            "user.email=tests@irsa-lint.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed in {}", dir.display());
}

/// A git repository holding this working tree's files (tracked and untracked, not ignored), with
/// one commit: `pre-commit try-repo` installs hooks from committed files only.
fn hook_repository(into: &Path) {
    let listed = std::process::Command::new("git")
        .current_dir(ROOT)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output()
        .expect("git ls-files");
    assert!(
        listed.status.success(),
        "this test needs the crate's git checkout"
    );
    for name in listed.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(name).expect("utf8 name");
        let from = Path::new(ROOT).join(name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = into.join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&from, &to).expect("copy");
    }
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "-m", "hook under test"]);
}

#[test]
fn pre_commit_hook_checks_the_modules_of_the_named_files() {
    let Some(pre_commit) = external_tool("PRE_COMMIT", "the pre-commit hook test") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let hooks = tmp.path().join("hooks");
    hook_repository(&hooks);
    let project = tmp.path().join("project");
    // `infra/main.tf` reads its subject from `infra/locals.tf`: the finding appears only when
    // the hook checks the whole module of the file it is given.
    write(&project, "infra/main.tf", WILDCARD_ROLE);
    write(&project, "infra/locals.tf", WILDCARD_LOCALS);
    write(&project, "good/main.tf", GOOD_ROLE);
    git(&project, &["init", "-q"]);
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "infra"]);

    // The hook's build directory is shared between runs: the second try-repo reuses the
    // dependencies and rebuilds only irsa-lint (try-repo clones the hook repository anew).
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-target");
    let try_hook = |hook: &str, file: &str| {
        let started = Instant::now();
        let out = std::process::Command::new(&pre_commit)
            .current_dir(&project)
            .args(["try-repo"])
            .arg(&hooks)
            .args([hook, "--files", file])
            .env("CARGO_TARGET_DIR", &target)
            // pre-commit builds the hook with `cargo install` (a release build); unoptimised it
            // builds several times faster and behaves the same.
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .env("PRE_COMMIT_HOME", tmp.path().join("cache"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        note(&format!(
            "pre-commit try-repo {hook} --files {file}: {:.1?}",
            started.elapsed()
        ));
        (out.status.code(), text)
    };
    let try_repo = |file: &str| try_hook("irsa-lint", file);

    let (code, text) = try_repo("infra/main.tf");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("WIF005"), "{text}");
    assert!(text.contains("infra/main.tf"), "{text}");

    let (code, text) = try_repo("good/main.tf");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Passed"), "{text}");

    // The fix hook writes only the files pre-commit passes: WIF005's fix edits the operator in
    // main.tf, so given locals.tf it says so and changes nothing.
    let main_before = std::fs::read_to_string(project.join("infra/main.tf")).expect("read");
    let (code, text) = try_hook("irsa-lint-fix", "infra/locals.tf");
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("note: 1 fix in infra/main.tf was not applied"),
        "{text}"
    );
    let main_after = std::fs::read_to_string(project.join("infra/main.tf")).expect("read");
    assert_eq!(main_after, main_before);
    let (code, text) = try_hook("irsa-lint-fix", "infra/main.tf");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Fixed 1 problem in 1 file."), "{text}");
    assert!(text.contains("files were modified by this hook"), "{text}");
    let fixed = std::fs::read_to_string(project.join("infra/main.tf")).expect("read");
    assert_eq!(fixed, main_before.replace("StringEquals", "StringLike"));
}

// ---------------------------------------------------------------------------------------------
// The GitHub Action's script

struct ActionRun {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

/// Runs `scripts/action.sh` in `workspace` with a fake GitHub environment (an X64 Linux runner
/// whose home is a temp directory) and the binary under test.
fn run_action(workspace: &Path, subcommand: &str, inputs: &[(&str, &str)]) -> ActionRun {
    let runner = tempfile::tempdir().expect("tempdir");
    run_action_on(runner.path(), workspace, subcommand, inputs)
}

/// As [`run_action`], on the runner directory `runner` (its home, outputs and summary).
fn run_action_on(
    runner: &Path,
    workspace: &Path,
    subcommand: &str,
    inputs: &[(&str, &str)],
) -> ActionRun {
    let _ = std::fs::remove_file(runner.join("output"));
    let _ = std::fs::remove_file(runner.join("summary.md"));
    let output = runner.join("output");
    let summary = runner.join("summary.md");
    let mut cmd = std::process::Command::new("bash");
    cmd.arg(Path::new(ROOT).join("scripts/action.sh"))
        .arg(subcommand)
        .current_dir(runner)
        .env("HOME", runner)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", workspace)
        .env("GITHUB_ACTION_PATH", ROOT)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("IRSA_LINT_BIN", assert_cmd::cargo::cargo_bin!("irsa-lint"))
        .env("NO_COLOR", "1");
    for var in [
        "INPUT_PATH",
        "INPUT_WORKING_DIRECTORY",
        "INPUT_VERSION",
        "INPUT_ARGS",
        "INPUT_FAIL_ON",
        "INPUT_SARIF_FILE",
        "INPUT_CONFIG",
        "INPUT_BASELINE",
        "INPUT_WRITE_BASELINE",
        "INPUT_ISOLATED",
        "ACTION_REF",
        "GITHUB_PATH",
        "IRSA_LINT_RELEASES",
        "IRSA_LINT_CARGO",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('=').expect("name=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    ActionRun {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn action_script_annotates_and_writes_outputs() {
    let started = Instant::now();
    let workspace = tempfile::tempdir().expect("tempdir");
    let example = workspace.path().join("example");
    std::fs::create_dir_all(&example).expect("mkdir");
    copy_dir(&Path::new(ROOT).join("testdata/example"), &example);

    let run = run_action(
        workspace.path(),
        "run",
        &[
            ("INPUT_PATH", "example"),
            ("INPUT_ARGS", "--ignore WIF009"),
            ("INPUT_SARIF_FILE", "irsa-lint.sarif"),
        ],
    );
    assert_eq!(
        run.code,
        Some(1),
        "findings at warning fail the step\n{}",
        run.stdout
    );
    let report: Value = {
        let mut cmd = irsa_lint();
        cmd.current_dir(workspace.path()).args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--ignore",
            "WIF009",
            "example",
        ]);
        serde_json::from_str(&stdout_of(&mut cmd, 0)).expect("json")
    };
    // The annotations and the summary line; the human report follows in a group.
    let (annotations, report_group) = run
        .stdout
        .split_once("::group::irsa-lint report\n")
        .expect("a report group");
    assert!(report_group.ends_with("::endgroup::\n"), "{report_group}");
    let commands = check_github_output(annotations, &report);
    let count = commands.len();
    assert!(
        count > 0
            && commands
                .iter()
                .all(|c| !c.props["title"].starts_with("WIF009"))
    );
    assert_eq!(run.outputs["diagnostics"], count.to_string());
    assert_eq!(run.outputs["sarif-file"], "irsa-lint.sarif");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace.path().join("irsa-lint.sarif")).expect("SARIF written"),
    )
    .expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(count)
    );
    assert!(
        run.summary.starts_with("### irsa-lint\n"),
        "{}",
        run.summary
    );
    assert_eq!(
        run.summary
            .lines()
            .filter(|l| l.starts_with("| error") || l.starts_with("| warning"))
            .count(),
        count,
        "{}",
        run.summary
    );
    assert!(run.summary.contains("Exit code: 1"));

    // fail-on never: the same findings, a green step; no SARIF asked, no SARIF path.
    let run = run_action(
        workspace.path(),
        "run",
        &[("INPUT_PATH", "example"), ("INPUT_FAIL_ON", "never")],
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.outputs["sarif-file"], "");

    // Markdown and HTML from the scanned tree reach the summary as text only: a subject with
    // a backtick (ends a code span), an image (a tracking pixel), a link and HTML, in a file
    // whose name has a backtick, `|` and a tag (audit S8, trial 48).
    let hostile = tempfile::tempdir().expect("tempdir");
    let subject = "system:serviceaccounts:apps:`![pixel](https://attacker.example/t.png) \
                   [Click](https://x) <img src=x> <details open>";
    write(
        hostile.path(),
        "ev`il|<b>.tf",
        &GOOD_ROLE.replace("system:serviceaccount:apps:api", subject),
    );
    let run = run_action(hostile.path(), "run", &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for raw in ["<img", "<details", "<b>", "![", "](", "`"] {
        assert!(!run.summary.contains(raw), "{raw} in\n{}", run.summary);
    }
    let row = run
        .summary
        .lines()
        .find(|l| l.starts_with("| error |"))
        .expect("a row");
    assert_eq!(
        row,
        "| error | <code>ev&#96;il&#124;&#60;b&#62;&#46;tf:11</code> \
         | IRSA001 malformed&#45;service&#45;account&#45;subject \
         | service&#45;account subject &#96;system&#58;serviceaccounts&#58;apps&#58;&#96;\
         &#33;&#91;pixel&#93;&#40;https&#58;&#47;&#47;attacker&#46;example&#47;t&#46;png&#41; \
         &#91;Click&#93;&#40;https&#58;&#47;&#47;x&#41; &#60;img src&#61;x&#62; \
         &#60;details open&#62;&#96; uses &#96;serviceaccounts&#96; &#40;the group prefix&#41;&#59; \
         the subject is &#96;system&#58;serviceaccount&#58;&#96; |"
    );
    // The table keeps its shape: the cells hold no raw `|`.
    assert_eq!(row.matches('|').count(), 5, "{row}");

    // A clean workspace.
    let clean = tempfile::tempdir().expect("tempdir");
    write(clean.path(), "main.tf", GOOD_ROLE);
    let run = run_action(clean.path(), "run", &[]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.outputs["diagnostics"], "0");
    assert_eq!(run.stdout, "irsa-lint: no problems in 1 file\n");

    // A usage error is exit code 2, never a green step, and says what failed (audit B16).
    let run = run_action(clean.path(), "run", &[("INPUT_ARGS", "--select NOPE999")]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stdout.lines().last(),
        Some(
            "::error title=irsa-lint failed::error: no rule matches `NOPE999`; see `irsa-lint rules`"
        )
    );
    note(&format!(
        "action script checks took {:.1?}",
        started.elapsed()
    ));
}

/// The summary's words, with the step summary's character references undone.
fn summary_text(summary: &str) -> String {
    let mut out = String::new();
    let mut rest = summary;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        match tail
            .find(';')
            .and_then(|j| Some((j, tail[..j].parse::<u32>().ok()?)))
        {
            Some((j, n)) => {
                out.extend(char::from_u32(n));
                rest = &tail[j + 1..];
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn action_script_reports_failures_and_runs_once_for_annotations_and_sarif() {
    let workspace = tempfile::tempdir().expect("tempdir");
    let infra = workspace.path().join("infra");
    write(&infra, "main.tf", WILDCARD_ROLE);
    write(&infra, "locals.tf", WILDCARD_LOCALS);

    // A working directory, a SARIF file in a folder that does not exist yet (B15), and a
    // configuration file whose name has a space, quoted in `args` (B17).
    write(&infra, "my config.toml", "select = [\"WIF005\"]\n");
    let run = run_action(
        workspace.path(),
        "run",
        &[
            ("INPUT_WORKING_DIRECTORY", "infra"),
            ("INPUT_SARIF_FILE", "reports/sarif/irsa-lint.sarif"),
            (
                "INPUT_ARGS",
                "--config 'my config.toml'\n--ignore \"WIF009\"",
            ),
        ],
    );
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    // Annotations name the file from the workspace, where GitHub looks for it.
    assert!(
        run.stdout
            .starts_with("::error file=infra/main.tf,line=10,endLine=10,"),
        "{}",
        run.stdout
    );
    assert_eq!(run.outputs["diagnostics"], "1");
    assert_eq!(
        run.outputs["sarif-file"],
        "infra/reports/sarif/irsa-lint.sarif"
    );
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(infra.join("reports/sarif/irsa-lint.sarif")).expect("SARIF"),
    )
    .expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "WIF005");
    // The full human report follows the annotations, collapsed (B27).
    let group = run
        .stdout
        .split_once("::group::irsa-lint report\n")
        .and_then(|(_, rest)| rest.split_once("::endgroup::\n"))
        .map(|(inside, _)| inside)
        .unwrap_or_else(|| panic!("no report group in\n{}", run.stdout));
    assert!(group.contains("WIF005"), "{group}");
    assert!(group.contains("docs: irsa-lint explain WIF005"), "{group}");

    // Usage errors: an annotation saying what failed, the same in the summary (B16).
    let run = run_action(workspace.path(), "run", &[("INPUT_FAIL_ON", "high")]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stdout.lines().last(),
        Some(
            "::error title=irsa-lint failed::error: invalid value 'high' for '--fail-on \
             <FAIL_ON>'%0A[possible values: error, warning, info, never]"
        )
    );
    assert!(
        summary_text(&run.summary).contains(
            "failed (exit code 2): error: invalid value 'high' for '--fail-on <FAIL_ON>'; \
             [possible values: error, warning, info, never]"
        ),
        "{}",
        run.summary
    );
    assert_eq!(run.outputs["diagnostics"], "0");
    assert_eq!(run.outputs["sarif-file"], "");
    // A flag the action sets itself, an unbalanced quote, a missing working directory.
    for (inputs, message) in [
        (
            [("INPUT_ARGS", "--format json")],
            "args: --format is set by the action (use its inputs: fail-on, sarif-file, config, \
             baseline)",
        ),
        (
            [("INPUT_ARGS", "--config \"my config.toml")],
            "args: unterminated \" quote in: --config \"my config.toml",
        ),
        (
            [("INPUT_WORKING_DIRECTORY", "nope")],
            "working-directory nope is not a directory in the workspace",
        ),
    ] {
        let run = run_action(workspace.path(), "run", &inputs);
        assert_eq!(run.code, Some(2), "{inputs:?}");
        assert_eq!(
            run.stdout,
            format!("::error title=irsa-lint failed::{message}\n")
        );
        assert!(
            summary_text(&run.summary).contains(&format!("irsa-lint failed: {message}")),
            "{}",
            run.summary
        );
    }
    // A SARIF file that cannot be written: exit code 2, and no `sarif-file` output.
    write(workspace.path(), "taken", "a file, not a folder");
    let run = run_action(
        workspace.path(),
        "run",
        &[("INPUT_SARIF_FILE", "taken/x.sarif")],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stdout,
        "::error title=irsa-lint failed::sarif-file: cannot create the folder of taken/x.sarif\n"
    );
    assert_eq!(run.outputs["sarif-file"], "");

    // Fail only on new findings: a baseline written from the base branch (here, a copy of the
    // tree before the pull request, in a hidden directory the check does not walk) hides the
    // findings the branch already had (README recipe).
    let base = workspace.path().join(".base/infra");
    write(&base, "main.tf", WILDCARD_ROLE);
    write(&base, "locals.tf", WILDCARD_LOCALS);
    let baseline = workspace.path().join("baseline/irsa-lint.json");
    let baseline = baseline.to_str().expect("utf8");
    let run = run_action(
        workspace.path(),
        "run",
        &[
            ("INPUT_WORKING_DIRECTORY", ".base"),
            ("INPUT_PATH", "infra"),
            ("INPUT_WRITE_BASELINE", baseline),
        ],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, format!("Wrote 1 finding to {baseline}.\n"));
    let run = run_action(
        workspace.path(),
        "run",
        &[("INPUT_PATH", "infra"), ("INPUT_BASELINE", baseline)],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.outputs["diagnostics"], "0");
    // A finding the pull request adds still fails the step.
    write(
        &infra,
        "new.tf",
        &WILDCARD_ROLE.replace("\"app\"", "\"new\""),
    );
    let run = run_action(
        workspace.path(),
        "run",
        &[("INPUT_PATH", "infra"), ("INPUT_BASELINE", baseline)],
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.starts_with("::error file=infra/new.tf,line=10,"),
        "{}",
        run.stdout
    );
}

/// A fake `cargo` that records its arguments in `$HOME/cargo-args`.
fn fake_cargo(dir: &Path) -> PathBuf {
    let path = dir.join("fake-cargo");
    std::fs::write(
        &path,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>\"$HOME/cargo-args\"\n",
    )
    .expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// The action's version, as its Cargo.toml says.
fn tag() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

#[test]
fn action_installs_the_release_binary_for_the_runner_or_builds_from_source() {
    // A fake release: the binary under test, packed as release.yml packs it.
    let releases = tempfile::tempdir().expect("tempdir");
    let tag = tag();
    let dir = releases.path().join(&tag);
    let stage = releases.path().join("stage");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::create_dir_all(stage.join("irsa-lint")).expect("mkdir");
    std::fs::copy(
        assert_cmd::cargo::cargo_bin!("irsa-lint"),
        stage.join("irsa-lint/irsa-lint"),
    )
    .expect("copy");
    let asset = format!("irsa-lint-{tag}-x86_64-unknown-linux-musl.tar.gz");
    let status = std::process::Command::new("tar")
        .arg("-czf")
        .arg(dir.join(&asset))
        .arg("-C")
        .arg(&stage)
        .arg("irsa-lint")
        .status()
        .expect("tar");
    assert!(status.success());
    let sha = std::process::Command::new("sha256sum")
        .arg(dir.join(&asset))
        .output()
        .expect("sha256sum");
    let sha = String::from_utf8_lossy(&sha.stdout);
    let sha = sha.split_whitespace().next().expect("a hash");
    std::fs::write(
        dir.join(format!("{asset}.sha256")),
        format!("{sha}  {asset}\n"),
    )
    .expect("write");

    let workspace = tempfile::tempdir().expect("tempdir");
    write(workspace.path(), "main.tf", GOOD_ROLE);
    let releases_dir = releases.path().to_str().expect("utf8");
    let runner = tempfile::tempdir().expect("tempdir");
    let cargo = fake_cargo(runner.path());
    let cargo = cargo.to_str().expect("utf8");
    let base = [
        ("IRSA_LINT_BIN", ""),
        ("IRSA_LINT_RELEASES", releases_dir),
        ("IRSA_LINT_CARGO", cargo),
    ];
    let with = |extra: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        base.iter()
            .chain(extra)
            .map(|(k, v)| (*k, v.to_string()))
            .collect()
    };
    let run = |r: &Path, inputs: &[(&'static str, String)]| {
        let inputs: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run_action_on(r, workspace.path(), "run", &inputs)
    };
    let cargo_args = |r: &Path| std::fs::read_to_string(r.join("cargo-args")).unwrap_or_default();

    // `uses:` names the action's tag: the release binary, checked against its SHA-256.
    let run1 = run(runner.path(), &with(&[("ACTION_REF", &tag)]));
    assert_eq!(run1.code, Some(0), "{}{}", run1.stdout, run1.stderr);
    assert!(
        run1.stdout
            .contains(&format!("Installed the release binary {tag}/{asset}\n")),
        "{}",
        run1.stdout
    );
    assert!(runner.path().join(".irsa-lint/bin/irsa-lint").is_file());
    assert_eq!(cargo_args(runner.path()), "", "no build");
    // The action used again in the job: the binary of that version is in place.
    let again = run_action_on(
        runner.path(),
        workspace.path(),
        "install",
        &[("ACTION_REF", "main"), ("IRSA_LINT_CARGO", cargo)],
    );
    // `--version` carries the commit when the binary was built in a git checkout.
    let version = format!("irsa-lint {}", env!("CARGO_PKG_VERSION"));
    assert!(
        again.stdout.starts_with(&version) && again.stdout.ends_with(" is installed\n"),
        "{}",
        again.stdout
    );
    assert_eq!(cargo_args(runner.path()), "", "no build");

    // A branch or a commit: built from the action's source.
    let fresh = tempfile::tempdir().expect("tempdir");
    let r = run(fresh.path(), &with(&[("ACTION_REF", "main")]));
    assert_eq!(
        cargo_args(fresh.path()),
        format!(
            "install --path {ROOT} --locked --force --root {}/.irsa-lint\n",
            fresh.path().display()
        ),
        "{}",
        r.stdout
    );

    // A runner the release has no binary for (ARM64 here), and Windows (a .zip): a notice,
    // then a build.
    for (os, arch, name) in [
        (
            "Linux",
            "ARM64",
            format!("irsa-lint-{tag}-aarch64-unknown-linux-musl.tar.gz"),
        ),
        (
            "Windows",
            "X64",
            format!("irsa-lint-{tag}-x86_64-pc-windows-msvc.zip"),
        ),
    ] {
        let fresh = tempfile::tempdir().expect("tempdir");
        let r = run(
            fresh.path(),
            &with(&[
                ("ACTION_REF", &tag),
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
            ]),
        );
        assert!(
            r.stdout.contains(&format!(
                "::notice title=irsa-lint::no release binary {tag}/{name}; building from source\n"
            )),
            "{}",
            r.stdout
        );
        assert!(cargo_args(fresh.path()).starts_with("install --path "));
    }

    // `version`: that release, else crates.io.
    let fresh = tempfile::tempdir().expect("tempdir");
    run(fresh.path(), &with(&[("INPUT_VERSION", "9.9.9")]));
    assert_eq!(
        cargo_args(fresh.path()),
        format!(
            "install irsa-lint --version 9.9.9 --locked --force --root {}/.irsa-lint\n",
            fresh.path().display()
        )
    );

    // A download that does not match its checksum is never run.
    std::fs::write(
        dir.join(format!("{asset}.sha256")),
        format!("{}  {asset}\n", "0".repeat(64)),
    )
    .expect("write");
    let fresh = tempfile::tempdir().expect("tempdir");
    let r = run(fresh.path(), &with(&[("ACTION_REF", &tag)]));
    assert_eq!(r.code, Some(2));
    assert!(
        r.stdout.contains(&format!(
            "::error title=irsa-lint::{tag}/{asset} does not match its published SHA-256\n"
        )),
        "{}",
        r.stdout
    );
    assert!(!fresh.path().join(".irsa-lint/bin/irsa-lint").exists());
    assert_eq!(cargo_args(fresh.path()), "");
}

/// Copies the inputs of the build (what the cache key hashes) to `to`.
fn copy_build_inputs(to: &Path) {
    for f in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(Path::new(ROOT).join(f), to.join(f)).expect("copy");
    }
    for d in ["src", "docs", "vendor"] {
        std::fs::create_dir_all(to.join(d)).expect("mkdir");
        copy_dir(&Path::new(ROOT).join(d), &to.join(d));
    }
}

#[test]
fn action_cache_key_covers_the_runner_and_every_build_input() {
    let action = tempfile::tempdir().expect("tempdir");
    copy_build_inputs(action.path());
    let key = |inputs: &[(&str, &str)]| -> (String, String) {
        let runner = tempfile::tempdir().expect("tempdir");
        let mut cmd = std::process::Command::new("bash");
        let output = runner.path().join("output");
        cmd.arg(Path::new(ROOT).join("scripts/action.sh"))
            .arg("cache-key")
            .env("GITHUB_ACTION_PATH", action.path())
            .env("GITHUB_OUTPUT", &output)
            .env("HOME", "/home/runner")
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env_remove("INPUT_VERSION")
            .env_remove("ACTION_REF");
        for (k, v) in inputs {
            cmd.env(k, v);
        }
        assert!(cmd.status().expect("bash").success());
        let out = std::fs::read_to_string(&output).expect("outputs");
        let get = |name: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .expect("output")
                .to_string()
        };
        (get("key"), get("path"))
    };
    let (source, path) = key(&[]);
    assert!(
        source.starts_with("irsa-lint-Linux-X64-src-")
            && source.len() == "irsa-lint-Linux-X64-src-".len() + 16,
        "{source}"
    );
    assert_eq!(path, "/home/runner/.irsa-lint/bin/irsa-lint");
    // Another architecture, another binary (B14).
    let (arm, _) = key(&[("RUNNER_ARCH", "ARM64")]);
    assert_eq!(arm, source.replace("-X64-", "-ARM64-"));
    // Windows keeps the `.exe`.
    let (_, exe) = key(&[("RUNNER_OS", "Windows")]);
    assert_eq!(exe, "/home/runner/.irsa-lint/bin/irsa-lint.exe");
    // The docs are compiled in: a changed page is a new binary (B14).
    let page = action.path().join("docs/rules/WIF001.md");
    let text = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, format!("{text}\nMore.\n")).expect("write");
    let (after_docs, _) = key(&[]);
    assert_ne!(after_docs, source);
    // A release: keyed by its tag.
    assert_eq!(
        key(&[("INPUT_VERSION", "0.1.0")]).0,
        "irsa-lint-Linux-X64-v0.1.0"
    );
    assert_eq!(
        key(&[("ACTION_REF", &tag())]).0,
        format!("irsa-lint-Linux-X64-{}", tag())
    );
    assert_eq!(key(&[("ACTION_REF", "main")]).0, after_docs);
}
