//! The scanned tree is untrusted (SPEC §9): one test per trial of the robustness audit
//! (`shared/research/robustness-audit.md`) that failed before, with its reproduction. Each
//! tree also holds `ok/main.tf`, whose two WIF003 findings must survive whatever its neighbour
//! does. Writes (`--fix`, `--output`) are covered in tests/fix.rs and tests/cli.rs, output
//! escaping in tests/cli.rs.

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};

fn irsa_lint(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("irsa-lint"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const PROVIDER: &str = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35ED8ED3A4C6E4B2C0B0C7E11";
const HOST: &str = "oidc.eks.us-east-1.amazonaws.com/id/5C54DDF35ED8ED3A4C6E4B2C0B0C7E11";

/// A role whose two condition keys start with the provider ARN: two WIF003 at lines 9 and 10.
fn ok_role() -> String {
    format!(
        r#"resource "aws_iam_role" "ok" {{
  assume_role_policy = jsonencode({{
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = {{ Federated = "{PROVIDER}" }}
      Condition = {{
        StringEquals = {{
          "{PROVIDER}:sub" = "system:serviceaccount:app:app"
          "{PROVIDER}:aud" = "sts.amazonaws.com"
        }}
      }}
    }}]
  }})
}}
"#
    )
}

/// A trust whose `:sub` value is `value` (an HCL expression).
fn role_with_subject(value: &str) -> String {
    format!(
        r#"resource "aws_iam_role" "x" {{
  assume_role_policy = jsonencode({{ Statement = [{{ Effect = "Allow",
    Action    = "sts:AssumeRoleWithWebIdentity",
    Principal = {{ Federated = "{PROVIDER}" }},
    Condition = {{ StringEquals = {{
      "{HOST}:sub" = {value}
      "{HOST}:aud" = "sts.amazonaws.com" }} }} }}] }})
}}
"#
    )
}

/// A fresh tree (a git work tree, so the scan root is its top) with `ok/main.tf`.
fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
    write(tmp.path(), "ok/main.tf", ok_role());
    tmp
}

/// `check --format json --fail-on never` in `dir` on `paths`: the report and the exit code.
fn check_json(dir: &Path, paths: &[&str]) -> (serde_json::Value, i32, String) {
    let out = irsa_lint(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(paths)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        report,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `(code, path, line, column, message)` of every diagnostic.
fn findings(report: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
                d["range"]["start"]["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The two WIF003 of `ok/main.tf` are reported.
fn assert_ok_survives(report: &serde_json::Value) {
    let lines: Vec<u64> = findings(report)
        .into_iter()
        .filter(|f| f.1.ends_with("ok/main.tf") && f.0 == "WIF003")
        .map(|f| f.2)
        .collect();
    assert_eq!(lines, [9, 10], "{report:#}");
}

fn assert_quick(started: Instant, what: &str) {
    // Generous for a debug build on a loaded 2-core machine; the audit measured minutes.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{what} took {:?}",
        started.elapsed()
    );
}

#[test]
fn secrets_outside_the_tree_never_reach_an_annotation() {
    // Trials 41 and 42: the whole environment in an IRSA001 annotation, credentials and the
    // checkout's token header through `..`, absolute paths and a planted link.
    let tmp = tree();
    let dir = tmp.path();
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "token.txt", "s3cr3t-outside-token");
    write(
        dir,
        ".git/config",
        "[http]\n\textraheader = AUTHORIZATION: basic s3cr3t-git\n",
    );
    write(
        dir,
        "infra/app/main.tf",
        role_with_subject(r#"file("/proc/self/environ")"#)
            + r#"resource "aws_iam_role" "git" {
  assume_role_policy = file("${path.module}/../../.git/config")
}
resource "aws_iam_role" "link" {
  assume_role_policy = file("${path.module}/trust.json")
}
"#,
    );
    std::os::unix::fs::symlink(
        outside.path().join("token.txt"),
        dir.join("infra/app/trust.json"),
    )
    .expect("symlink");
    let out = irsa_lint(dir)
        .args(["check", "--format", "github", "--fail-on", "never", "."])
        .env("FAKE_CI_SECRET", "s3cr3t-value-42")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for secret in [
        "s3cr3t-value-42",
        "s3cr3t-git",
        "s3cr3t-outside-token",
        "PATH=",
    ] {
        assert!(!stdout.contains(secret), "{secret} leaked:\n{stdout}");
    }
    let (report, _, _) = check_json(dir, &["."]);
    let refused: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "infra/app/main.tf")
        .map(|f| (f.0, f.2, f.4))
        .collect();
    assert_eq!(
        refused,
        [
            (
                "PARSE".into(),
                6,
                "`/proc/self/environ` is not read: absolute paths are outside the scanned tree"
                    .into()
            ),
            (
                "PARSE".into(),
                10,
                "`./../../.git/config`: not read: the path leaves the scanned tree (or enters `.git`)"
                    .into()
            ),
            (
                "PARSE".into(),
                13,
                "`./trust.json`: not read: the path leaves the scanned tree (or enters `.git`)"
                    .into()
            ),
        ]
    );
    assert_ok_survives(&report);
}

#[test]
fn a_file_target_that_is_not_a_readable_file_is_reported_at_the_call() {
    // Trials 7, 22 and 31: directories, missing files, FIFOs, procfs and invalid UTF-8 gave
    // no diagnostic (the policy was dropped), and /proc/self/pagemap was read until memory ran out.
    let tmp = tree();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("m/policies/dir")).expect("mkdir");
    write(dir, "m/policies/bad.json", b"{\"Statement\": \"\xff\"}");
    let fifo = dir.join("m/policies/fifo.json");
    let fifo_made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut tf = String::new();
    for (i, target) in ["dir", "missing.json", "bad.json", "fifo.json"]
        .iter()
        .enumerate()
    {
        tf.push_str(&format!(
            "resource \"aws_iam_role\" \"r{i}\" {{\n  assume_role_policy = file(\"${{path.module}}/policies/{target}\")\n}}\n"
        ));
    }
    tf.push_str("resource \"aws_iam_role\" \"p\" {\n  assume_role_policy = file(\"/proc/self/pagemap\")\n}\n");
    write(dir, "m/main.tf", tf);
    let started = Instant::now();
    let (report, code, _) = check_json(dir, &["."]);
    assert_quick(started, "unreadable file() targets");
    assert_eq!(code, 0);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "m/main.tf")
        .map(|f| (f.2, f.4))
        .collect();
    let mut want = vec![
        (
            2,
            "`./policies/dir`: not read: it is a directory, not a regular file".to_string(),
        ),
        (
            5,
            "`./policies/missing.json`: cannot read file: No such file or directory (os error 2)"
                .to_string(),
        ),
        (
            8,
            "`./policies/bad.json`: file is not valid UTF-8 (invalid byte at offset 15)"
                .to_string(),
        ),
    ];
    if fifo_made {
        want.push((
            11,
            "`./policies/fifo.json`: not read: it is a FIFO, not a regular file".to_string(),
        ));
    }
    want.push((
        14,
        "`/proc/self/pagemap` is not read: absolute paths are outside the scanned tree".to_string(),
    ));
    assert_eq!(got, want);
    assert_ok_survives(&report);
}

#[test]
fn non_ascii_text_in_issuers_never_panics() {
    // Trials 3, 4 and 46: `https:/é` panicked in strip_scheme (exit 101, no report).
    let tmp = tree();
    let dir = tmp.path();
    write(
        dir,
        "m/main.tf",
        "resource \"aws_iam_openid_connect_provider\" \"p\" {\n  url = \"https:/é\\n::error title=INJECTED::x\"\n}\n"
            .to_string()
            + &role_with_subject("\"system:serviceaccount:a:b\"").replace(PROVIDER, "abcdefgé"),
    );
    let (report, code, stderr) = check_json(dir, &["."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("INJECTED"),
        "{stderr}"
    );
    assert!(
        findings(&report)
            .iter()
            .any(|f| f.1 == "m/main.tf" && f.0 == "OIDCP001"),
        "{report:#}"
    );
    assert_ok_survives(&report);
}

#[test]
fn a_bug_in_one_module_loses_nothing_else_and_echoes_no_input() {
    // The panic hook and the per-module guard: exit 2, one line that names no input, and the
    // other modules' findings. `IRSA_LINT_DEBUG_PANIC_IN` exists in debug builds only.
    let tmp = tree();
    let dir = tmp.path();
    write(
        dir,
        "boom/main.tf",
        "# ::error title=INJECTED::from a panic\n",
    );
    let out = irsa_lint(dir)
        .args(["check", "--format", "json", "--fail-on", "never", "."])
        .env("IRSA_LINT_DEBUG_PANIC_IN", "boom")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("INJECTED"), "{stderr}");
    assert!(
        stderr.contains("irsa-lint: internal error at src/engine/load.rs:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: boom: internal error while analysing this module"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_ok_survives(&report);
}

#[test]
fn fan_out_and_cyclic_locals_are_bounded() {
    // Trials 26–28: 3 lines of HCL took 8 GB; 7 lines of non-cyclic fan-out 3.4 GB.
    let tmp = tree();
    let dir = tmp.path();
    write(
        dir,
        "cyclic/main.tf",
        "locals { a = [local.a, local.a, local.a] }\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Statement = local.a })\n}\n",
    );
    let mut fan = String::from("locals {\n  a0 = \"arn:aws:iam::111122223333:oidc-provider/x\"\n");
    for i in 1..=7 {
        fan.push_str(&format!(
            "  a{i} = [{}]\n",
            vec![format!("local.a{}", i - 1); 10].join(", ")
        ));
    }
    fan.push_str("}\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRoleWithWebIdentity\", Principal = { Federated = local.a7 } }] })\n}\n");
    write(dir, "fan/main.tf", fan);
    // A string that replace() would multiply to a terabyte.
    write(dir, "bomb/big.txt", "a".repeat(1 << 20));
    write(
        dir,
        "bomb/main.tf",
        "locals {\n  big = file(\"${path.module}/big.txt\")\n  x   = replace(local.big, \"a\", local.big)\n}\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Statement = [{ Principal = { Federated = local.x } }] })\n}\n",
    );
    let started = Instant::now();
    let (report, code, _) = check_json(dir, &["."]);
    assert_quick(started, "fan-out locals");
    assert_eq!(code, 0);
    let limits: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.0 == "PARSE")
        .map(|f| (f.1, f.2, f.4))
        .collect();
    let message = "a value here is too large to follow (the evaluation step budget is spent); \
                   what depends on it in this module is not checked";
    assert_eq!(
        limits,
        [
            ("bomb/main.tf".to_string(), 3, message.to_string()),
            ("fan/main.tf".to_string(), 8, message.to_string())
        ]
    );
    assert_eq!(
        report["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["code"] == "PARSE"))
            .map(|d| d["severity"].clone()),
        Some(serde_json::json!("warning"))
    );
    assert_ok_survives(&report);
}

#[test]
fn huge_objects_finish_quickly_and_repeated_keys_keep_the_last() {
    // Trials 15, 29 and 30: 40,000 keys took 14 s in the parser, merge() of 50,000 keys over
    // 2 minutes, 200,000 templatefile variables overflowed the stack.
    let tmp = tree();
    let dir = tmp.path();
    let keys: Vec<String> = (0..40_000).map(|i| format!("k{i} = \"v\"")).collect();
    write(
        dir,
        "keys/main.tf",
        format!("locals {{\n  x = {{ {} }}\n}}\n", keys.join(", ")),
    );
    let vars: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": \"v\"")).collect();
    write(dir, "tpl/vars.json", format!("{{{}}}", vars.join(",")));
    write(
        dir,
        "tpl/t.tpl",
        format!(
            r#"{{"Statement":[{{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{{"Federated":"{PROVIDER}"}},"Condition":{{"StringEquals":{{"{PROVIDER}:sub":"${{k1}}"}}}}}}]}}"#
        ),
    );
    write(
        dir,
        "tpl/main.tf",
        "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = templatefile(\"${path.module}/t.tpl\", jsondecode(file(\"${path.module}/vars.json\")))\n}\n",
    );
    write(
        dir,
        "merge/main.tf",
        "locals { m = merge(jsondecode(file(\"${path.module}/../tpl/vars.json\")), { k1 = \"arn:aws:iam::111122223333:oidc-provider/https://x\" }) }\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRoleWithWebIdentity\", Principal = { Federated = local.m[\"k1\"] } }] })\n}\n",
    );
    // Terraform keeps the last of repeated keys (hashicorp/terraform#28727): the key that
    // stays is the second, on column 58.
    write(
        dir,
        "dup/main.tf",
        ok_role().replace(
            &format!("\"{PROVIDER}:aud\" = \"sts.amazonaws.com\""),
            &format!(
                "\"{HOST}:aud\" = \"sts.amazonaws.com\", \"{HOST}:aud\" = \"sts.amazonaws.com\""
            ),
        ),
    );
    let started = Instant::now();
    let (report, code, stderr) = check_json(dir, &["."]);
    assert_quick(started, "huge objects");
    assert_eq!(code, 0, "{stderr}");
    let got: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| !f.1.starts_with("ok/"))
        .map(|f| (f.0, f.1, f.2))
        .collect();
    assert!(
        got.contains(&("WIF003".into(), "tpl/t.tpl".into(), 1)),
        "the template was rendered: {got:?}"
    );
    assert!(
        got.contains(&("WIF002".into(), "merge/main.tf".into(), 1)),
        "merge kept the last k1: {got:?}"
    );
    assert!(!got.iter().any(|f| f.0 == "PARSE"), "{got:?}");
    let dup: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "dup/main.tf")
        .map(|f| (f.0, f.2))
        .collect();
    assert_eq!(dup, [("WIF003".to_string(), 9)]);
    assert_ok_survives(&report);
}

#[test]
fn inputs_are_read_as_terraform_reads_them() {
    // Trials 6 and 8: a BOM lost the file's findings; invalid UTF-8 was reported at 1:1.
    let tmp = tree();
    let dir = tmp.path();
    write(
        dir,
        "bom/main.tf",
        [b"\xef\xbb\xbf".as_slice(), ok_role().as_bytes()].concat(),
    );
    write(dir, "utf8/main.tf", b"locals {\n  # caf\xe9\n  a = 1\n}\n");
    let (report, _, _) = check_json(dir, &["."]);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| !f.1.starts_with("ok/"))
        .map(|f| (f.0, f.1, f.2, f.3))
        .collect();
    assert_eq!(
        got,
        [
            ("WIF003".into(), "bom/main.tf".into(), 9, 12),
            ("WIF003".into(), "bom/main.tf".into(), 10, 12),
            ("PARSE".into(), "utf8/main.tf".into(), 2, 8),
        ]
    );
    assert_ok_survives(&report);
}

#[test]
fn paths_above_the_working_directory_resolve() {
    // Trials 36 and 37: `check ../..` and `file("${path.module}/../../x")` from a
    // subdirectory read the wrong files (normalize() popped a leading `..`).
    let tmp = tree();
    let dir = tmp.path();
    write(
        dir,
        "live/prod/main.tf",
        "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = file(\"${path.module}/../../policies/trust.json\")\n}\n",
    );
    write(
        dir,
        "policies/trust.json",
        format!(
            "{{\"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n  \"Principal\": {{\"Federated\": \"{PROVIDER}\"}},\n  \"Condition\": {{\"StringEquals\": {{\"{PROVIDER}:sub\": \"system:serviceaccount:a:b\", \"{HOST}:aud\": \"sts.amazonaws.com\"}}}}}}]}}\n"
        ),
    );
    let prod = dir.join("live/prod");
    let (report, _, _) = check_json(&prod, &["."]);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .map(|f| (f.0, f.1, f.2))
        .collect();
    // Above the working directory, paths are shown absolute.
    let shown = dir.join("policies/trust.json");
    assert_eq!(
        got,
        [("WIF003".into(), shown.to_string_lossy().into_owned(), 3)]
    );
    let (report, _, _) = check_json(&prod, &["../.."]);
    let files: Vec<_> = findings(&report).into_iter().map(|f| f.1).collect();
    assert!(
        files.iter().any(|p| p.ends_with("ok/main.tf"))
            && files.iter().any(|p| p.ends_with("policies/trust.json")),
        "{files:?}"
    );
}

#[test]
fn links_are_followed_inside_the_tree_and_named_fifos_are_reported() {
    // Trials 24, 39 and 40: linked .tf files were skipped silently; a named FIFO or a link to
    // /dev/random gave exit 0 and no message.
    let tmp = tree();
    let dir = tmp.path();
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "ext.tf", ok_role());
    write(dir, "shared/role.tf", ok_role());
    std::fs::create_dir_all(dir.join("m")).expect("mkdir");
    std::os::unix::fs::symlink(dir.join("shared/role.tf"), dir.join("m/inner.tf")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("ext.tf"), dir.join("m/ext.tf")).expect("link");
    std::os::unix::fs::symlink("/dev/random", dir.join("m/random.tf")).expect("link");
    let (report, _, _) = check_json(dir, &["."]);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1.starts_with("m/"))
        .map(|f| (f.0, f.1, f.4))
        .collect();
    assert_eq!(
        got,
        [
            (
                "PARSE".into(),
                "m/ext.tf".into(),
                "not read: the path leaves the scanned tree (or enters `.git`)".into()
            ),
            ("WIF003".into(), "m/inner.tf".into(), got[1].2.clone()),
            ("WIF003".into(), "m/inner.tf".into(), got[2].2.clone()),
            (
                "PARSE".into(),
                "m/random.tf".into(),
                "not read: the path leaves the scanned tree (or enters `.git`)".into()
            ),
        ]
    );
    let fifo = dir.join("fifo.json");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let (_, code, stderr) = check_json(dir, &["fifo.json", "ok"]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("error: fifo.json: not read: it is a FIFO, not a regular file"),
            "{stderr}"
        );
    }
}

#[test]
fn the_trees_own_configuration_cannot_switch_the_check_off_when_pinned() {
    // Trial 50 and S9: configuration above the repository applied, and nothing could ignore
    // the repository's own.
    let outer = tempfile::tempdir().expect("tempdir");
    write(outer.path(), ".irsa-lint.toml", "exclude = [\"**\"]\n");
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    write(&repo, "ok/main.tf", ok_role());
    let count = |args: &[&str]| {
        let (report, _, _) = check_json(&repo, args);
        findings(&report).len()
    };
    assert_eq!(
        count(&["."]),
        2,
        "a config above the work tree is not the repo's"
    );
    write(&repo, ".irsa-lint.toml", "exclude = [\"**\"]\n");
    assert_eq!(count(&["."]), 0);
    assert_eq!(count(&["--isolated", "."]), 2);
    write(outer.path(), "pinned.toml", "ignore = [\"WIF009\"]\n");
    let pinned = outer.path().join("pinned.toml");
    assert_eq!(count(&["--config", pinned.to_str().expect("utf8"), "."]), 2);
}

#[test]
fn the_action_pins_its_configuration() {
    let repo = tempfile::tempdir().expect("tempdir");
    write(repo.path(), "ok/main.tf", ok_role());
    write(repo.path(), ".irsa-lint.toml", "exclude = [\"**\"]\n");
    let pinned = tempfile::tempdir().expect("tempdir");
    write(pinned.path(), "base.toml", "fail-on = \"error\"\n");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
    let run = |env: &[(&str, &str)]| {
        let out = std::process::Command::new("bash")
            .arg(&script)
            .arg("run")
            .env("GITHUB_WORKSPACE", repo.path())
            .env("IRSA_LINT_BIN", assert_cmd::cargo::cargo_bin!("irsa-lint"))
            .env_remove("GITHUB_OUTPUT")
            .env_remove("GITHUB_STEP_SUMMARY")
            .envs(env.iter().copied())
            .output()
            .expect("runs");
        let annotations = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count();
        (annotations, out.status.code())
    };
    assert_eq!(
        run(&[]),
        (0, Some(0)),
        "the repository's config excludes everything"
    );
    assert_eq!(run(&[("INPUT_ISOLATED", "true")]), (2, Some(1)));
    let base = pinned.path().join("base.toml");
    assert_eq!(
        run(&[("INPUT_CONFIG", base.to_str().expect("utf8"))]),
        (2, Some(1))
    );
}

#[test]
fn non_utf8_file_names_map_back_to_their_file() {
    // Trial 35: the name was shown lossily in JSON and SARIF.
    use std::os::unix::ffi::OsStrExt;
    let tmp = tree();
    let dir = tmp.path();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.tf");
    std::fs::create_dir_all(dir.join("m")).expect("mkdir");
    std::fs::write(dir.join("m").join(name), ok_role()).expect("write");
    let (report, _, _) = check_json(dir, &["m"]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["path"], "m/caf\u{fffd}-\u{fffd}.tf");
    assert_eq!(d["path_escaped"], "m/caf%E9-%FF.tf");
    assert!(report["diagnostics"][0]["labels"][0]["path_escaped"] == "m/caf%E9-%FF.tf");
    let out = irsa_lint(dir)
        .args(["check", "--format", "sarif", "--fail-on", "never", "m"])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "m/caf%E9-%FF.tf"
    );
}

#[test]
fn a_large_file_of_unread_blocks_keeps_findings_and_errors_in_place() {
    // Trial 12: a 50 MB file took 1.8 GB. Above 1 MiB, blocks nothing reads are not kept;
    // the results must be those of a whole parse: the trust's findings, and a syntax error in
    // an unread block at its own line and column.
    let tmp = tree();
    let dir = tmp.path();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 1_200_000 {
        text.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"bucket-{i}\"\n  tags   = {{ Name = \"b{i}\" }}\n}}\n\n"
        ));
        i += 1;
    }
    let lines = text.lines().count() as u64;
    write(dir, "big/main.tf", format!("{text}{}", ok_role()));
    let (report, _, _) = check_json(dir, &["big"]);
    let got: Vec<_> = findings(&report).into_iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        got,
        [("WIF003".into(), lines + 9), ("WIF003".into(), lines + 10)]
    );
    write(
        dir,
        "big/main.tf",
        format!(
            "{text}resource \"aws_s3_bucket\" \"bad\" {{\n  bucket = = 1\n}}\n{}",
            ok_role()
        ),
    );
    let (report, _, _) = check_json(dir, &["big"]);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .map(|f| (f.0, f.2, f.3))
        .collect();
    assert_eq!(got, [("PARSE".into(), lines + 2, 12)]);
}
