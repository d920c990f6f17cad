//! `--fix` on every fixture case that offers a safe fix: the fixed files parse, the fixed
//! findings are gone, a second run changes nothing, and the files keep their permissions.
//! Then writing (SPEC §9): links, hard links, owner, mode, line endings, the scan root, files
//! changed since the analysis, and failures that must not stop the other files.

mod common;

use common::{Case, irsa_lint, rule_cases};
use irsa_lint::base::diagnostic::Applicability;
use irsa_lint::engine::config::Options;
use irsa_lint::engine::fix::{NotWritten, Skip, fix, write_fixed, write_fixes};
use irsa_lint::{Selection, check};
use predicates::prelude::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let p = entry.path();
        if p.is_file() {
            let dest = to.join(entry.file_name());
            std::fs::copy(&p, &dest).expect("copy");
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
    }
}

#[test]
fn safe_fixes_converge_and_keep_files_valid() {
    let selection = Selection::default();
    let mut fixed_cases = 0;
    let mut failures = Vec::new();
    for Case { code, dir: case } in rule_cases() {
        let before = check(std::slice::from_ref(&case), &selection);
        let fixable = before.diagnostics.iter().any(|d| {
            d.rule.code == code
                && d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if !fixable {
            continue;
        }
        fixed_cases += 1;
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(&case, tmp.path());
        let root = vec![tmp.path().to_path_buf()];
        let (after, outcome) = fix(&root, &Options::default(), false);
        if !outcome.rejected.is_empty() {
            failures.push(format!(
                "{}: fixed text rejected: {:?}",
                case.display(),
                outcome.rejected
            ));
        }
        for (path, old, new) in &outcome.changed {
            write_fixed(path, old, new, &canonical_roots(tmp.path())).expect("write");
            let mode = std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
            if mode != 0o640 {
                failures.push(format!(
                    "{}: permissions changed to {mode:o}",
                    path.display()
                ));
            }
        }
        let still = after.diagnostics.iter().filter(|d| {
            d.rule.code == code
                && d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        let still: Vec<String> = still.map(|d| d.message.clone()).collect();
        if !still.is_empty() {
            failures.push(format!(
                "{}: {code} still reported after --fix: {still:?}",
                case.display()
            ));
        }
        if after.diagnostics.iter().any(|d| d.rule.code == "PARSE") {
            failures.push(format!("{}: a PARSE error after --fix", case.display()));
        }
        let (_, again) = fix(&root, &Options::default(), false);
        if !again.changed.is_empty() {
            failures.push(format!(
                "{}: a second --fix changed {:?}",
                case.display(),
                again.changed
            ));
        }
    }
    assert!(
        fixed_cases >= 10,
        "only {fixed_cases} fixture cases have a safe fix"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unsafe_fixes_keep_files_valid_and_converge() {
    let selection = Selection::default();
    let mut failures = Vec::new();
    for Case { dir: case, .. } in rule_cases() {
        let before = check(std::slice::from_ref(&case), &selection);
        if !before.diagnostics.iter().any(|d| d.fix.is_some()) {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(&case, tmp.path());
        let root = vec![tmp.path().to_path_buf()];
        let (after, outcome) = fix(&root, &Options::default(), true);
        for (path, old, new) in &outcome.changed {
            write_fixed(path, old, new, &canonical_roots(tmp.path())).expect("write");
        }
        if after.diagnostics.iter().any(|d| d.rule.code == "PARSE")
            && !before.diagnostics.iter().any(|d| d.rule.code == "PARSE")
        {
            failures.push(format!(
                "{}: --unsafe-fixes produced a PARSE error",
                case.display()
            ));
        }
        let (_, again) = fix(&root, &Options::default(), true);
        if !again.changed.is_empty() {
            failures.push(format!(
                "{}: a second --fix --unsafe-fixes changed files",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

/// A role whose `:sub` wildcard sits under `StringEquals`: one safe fix (WIF005).
const WILDCARD_ROLE: &str = r#"resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

/// The same trust as a `file()` policy, and the role that reads it.
const FILE_ROLE: &str = r#"resource "aws_iam_role" "tfc" {
  assume_role_policy = file("${path.module}/trust.json")
}
"#;
const TRUST_JSON: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {
        "app.terraform.io:aud": "aws.workload.identity",
        "app.terraform.io:sub": "organization:example:project:infra:workspace:prod:run_phase:*"
      }
    }
  }]
}
"#;

/// Every leftover temp file under `dir`, at any depth.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if entry.file_type().expect("type").is_dir() {
            out.extend(temp_files(&path));
        } else if entry
            .file_name()
            .to_string_lossy()
            .starts_with(".irsa-lint-")
        {
            out.push(path);
        }
    }
    out
}

fn assert_no_temp_files(dir: &Path) {
    let left = temp_files(dir);
    assert!(left.is_empty(), "temp files left behind: {left:?}");
}

fn running_as_root(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    std::fs::write(&probe, "").expect("write");
    let root = std::fs::metadata(&probe).expect("meta").uid() == 0;
    std::fs::remove_file(probe).expect("remove");
    root
}

#[test]
fn a_linked_policy_inside_the_tree_is_fixed_through_the_link() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("main.tf"), FILE_ROLE).expect("write");
    std::fs::create_dir(tmp.path().join("policies")).expect("mkdir");
    let real = tmp.path().join("policies/real.json");
    std::fs::write(&real, TRUST_JSON).expect("write");
    let link = tmp.path().join("trust.json");
    std::os::unix::fs::symlink("policies/real.json", &link).expect("symlink");
    irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--fix"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 problem in 1 file."));
    assert!(read(&real).contains("\"StringLike\""));
    let meta = std::fs::symlink_metadata(&link).expect("meta");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_link(&link).expect("link"),
        Path::new("policies/real.json")
    );
    assert_no_temp_files(tmp.path());
}

#[test]
fn a_linked_policy_outside_the_tree_is_not_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let tree = tmp.path().join("repo");
    std::fs::create_dir(&tree).expect("mkdir");
    std::fs::write(tree.join("main.tf"), FILE_ROLE).expect("write");
    let victim = outside.path().join("victim.json");
    std::fs::write(&victim, TRUST_JSON).expect("write");
    std::os::unix::fs::symlink(&victim, tree.join("trust.json")).expect("symlink");
    // The analysis refuses to read it, so there is nothing to fix and the refusal is reported.
    irsa_lint()
        .args([tree.to_str().expect("utf8"), "--fix"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "not read: the path leaves the scanned tree",
        ))
        .stderr(predicate::str::contains("Fixed").not());
    assert_eq!(read(&victim), TRUST_JSON);
    assert!(
        std::fs::symlink_metadata(tree.join("trust.json"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_no_temp_files(tmp.path());
    assert_no_temp_files(outside.path());
}

#[test]
fn an_absolute_file_policy_outside_the_tree_is_not_written() {
    let tree = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let victim = outside.path().join("abs-trust.json");
    std::fs::write(&victim, TRUST_JSON).expect("write");
    let role = FILE_ROLE.replace("${path.module}/trust.json", victim.to_str().expect("utf8"));
    std::fs::write(tree.path().join("main.tf"), role).expect("write");
    irsa_lint()
        .args([tree.path().to_str().expect("utf8"), "--fix"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "absolute paths are outside the scanned tree",
        ))
        .stderr(predicate::str::contains("Fixed").not());
    assert_eq!(read(&victim), TRUST_JSON);
    assert_no_temp_files(outside.path());
}

#[test]
fn outside_the_root_is_decided_on_the_canonical_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let tree = tmp.path().join("repo");
    std::fs::create_dir(&tree).expect("mkdir");
    let outside = tmp.path().join("elsewhere.json");
    std::fs::write(&outside, "old").expect("write");
    // Reached with `..` from inside the tree: still outside.
    let sneaky = tree.join("../elsewhere.json");
    let roots = [std::fs::canonicalize(&tree).expect("canonical")];
    match write_fixed(&sneaky, "old", "new", &roots) {
        Err(NotWritten::Skipped(Skip::OutsideRoot { .. })) => {}
        other => panic!("expected an outside-root skip, got {other:?}"),
    }
    assert_eq!(read(&outside), "old");
}

#[test]
fn a_hard_linked_file_is_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let main = tmp.path().join("main.tf");
    std::fs::write(&main, WILDCARD_ROLE).expect("write");
    let partner = outside.path().join("partner.tf");
    std::fs::hard_link(&main, &partner).expect("hard link");
    irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--fix"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has 2 hard links; fixing would break them; not fixed",
        ))
        // The report describes the file as it is: the finding is still there.
        .stdout(predicate::str::contains("WIF005"));
    assert_eq!(read(&main), WILDCARD_ROLE);
    assert_eq!(read(&partner), WILDCARD_ROLE);
    assert_eq!(std::fs::metadata(&main).expect("meta").nlink(), 2);
    assert_no_temp_files(tmp.path());
}

#[test]
fn mode_and_owner_are_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let main = tmp.path().join("main.tf");
    std::fs::write(&main, WILDCARD_ROLE).expect("write");
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let root = running_as_root(tmp.path());
    if root {
        std::os::unix::fs::chown(&main, Some(1234), Some(2345)).expect("chown");
    }
    let inode = std::fs::metadata(&main).expect("meta").ino();
    irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--fix"])
        .assert()
        .code(0);
    let meta = std::fs::metadata(&main).expect("meta");
    assert_ne!(meta.ino(), inode, "replaced, not written in place");
    assert!(read(&main).contains("StringLike"));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (1234, 2345));
    }
    assert_no_temp_files(tmp.path());
}

#[test]
fn a_read_only_file_is_skipped_and_the_others_are_fixed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let locked = tmp.path().join("locked/main.tf");
    let open = tmp.path().join("open/main.tf");
    for path in [&locked, &open] {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, WILDCARD_ROLE).expect("write");
    }
    // Root could write it anyway (no EACCES), so this is the explicit check at work.
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    irsa_lint()
        .args([tmp.path().to_str().expect("utf8"), "--fix"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is read-only; not fixed"))
        .stderr(predicate::str::contains("Fixed 1 problem in 1 file."));
    assert_eq!(read(&locked), WILDCARD_ROLE);
    assert!(read(&open).contains("StringLike"));
    assert_no_temp_files(tmp.path());
}

#[test]
fn a_file_changed_since_the_analysis_is_not_overwritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let main = tmp.path().join("main.tf");
    std::fs::write(&main, WILDCARD_ROLE).expect("write");
    let (_, outcome) = fix(&[tmp.path().to_path_buf()], &Options::default(), false);
    assert_eq!(outcome.changed.len(), 1);
    // The user edits the file after the analysis read it.
    let edited = format!("{WILDCARD_ROLE}# a user edit\n");
    std::fs::write(&main, &edited).expect("write");
    let writes = write_fixes(&outcome, &canonical_roots(tmp.path()));
    assert_eq!(writes.len(), 1);
    match &writes[0].result {
        Err(e @ NotWritten::Skipped(Skip::Changed)) => {
            assert_eq!(e.to_string(), "changed since it was analysed; not fixed");
        }
        other => panic!("expected a changed-file skip, got {other:?}"),
    }
    assert_eq!(read(&main), edited);
    // Same length, different bytes: still caught.
    let (path, old, new) = &outcome.changed[0];
    let same_length = old.replacen("apps", "APPS", 1);
    std::fs::write(path, &same_length).expect("write");
    assert!(matches!(
        write_fixed(path, old, new, &canonical_roots(tmp.path())),
        Err(NotWritten::Skipped(Skip::Changed))
    ));
    assert_eq!(read(path), same_length);
    assert_no_temp_files(tmp.path());
}

#[test]
fn a_write_error_does_not_stop_the_next_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = tmp.path().join("a/main.tf");
    let second = tmp.path().join("b/main.tf");
    for path in [&first, &second] {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, WILDCARD_ROLE).expect("write");
    }
    let (_, outcome) = fix(&[tmp.path().to_path_buf()], &Options::default(), false);
    assert_eq!(outcome.changed.len(), 2);
    assert_eq!(outcome.changed[0].0, first);
    // Between analysis and write the first file becomes a directory (a failure even as root).
    std::fs::remove_file(&first).expect("remove");
    std::fs::create_dir(&first).expect("mkdir");
    let writes = write_fixes(&outcome, &canonical_roots(tmp.path()));
    assert!(
        matches!(writes[0].result, Err(NotWritten::Failed(_))),
        "{:?}",
        writes[0]
    );
    assert!(writes[1].result.is_ok(), "{:?}", writes[1]);
    assert!(read(&second).contains("StringLike"));
    assert!(first.is_dir());
    // And a file deleted since the analysis is not brought back.
    std::fs::remove_dir(&first).expect("rmdir");
    assert!(matches!(
        write_fixes(&outcome, &canonical_roots(tmp.path()))[0].result,
        Err(NotWritten::Failed(_))
    ));
    assert!(!first.exists());
    assert_no_temp_files(tmp.path());
}

/// `text` with every line ending CRLF.
fn to_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Bare `\n` and lone `\r` in `text`.
fn bad_line_endings(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            (bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\r'))
                || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        })
        .count()
}

#[test]
fn an_inserted_line_in_a_crlf_file_is_crlf() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/WIF009/fail_jsonencode/main.tf");
    let main = tmp.path().join("main.tf");
    let before = to_crlf(&read(&fixture));
    std::fs::write(&main, &before).expect("write");
    irsa_lint()
        .args([
            tmp.path().to_str().expect("utf8"),
            "--fix",
            "--unsafe-fixes",
            "--fail-on",
            "never",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 problem"));
    let after = read(&main);
    assert!(after.contains(":aud\" = \"sts.amazonaws.com\"\r\n"));
    assert_eq!(
        after.matches("\r\n").count(),
        before.matches("\r\n").count() + 1,
        "one line inserted"
    );
    assert_eq!(bad_line_endings(&after), 0, "{after:?}");
    assert_no_temp_files(tmp.path());
}

#[test]
fn every_fixture_fixed_in_crlf_keeps_crlf() {
    let mut fixed = 0;
    let mut failures = Vec::new();
    for Case { dir: case, .. } in rule_cases() {
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(&case, tmp.path());
        for entry in std::fs::read_dir(tmp.path()).expect("readable").flatten() {
            let path = entry.path();
            if let Ok(text) = std::fs::read_to_string(&path) {
                std::fs::write(&path, to_crlf(&text)).expect("write");
            }
        }
        let (_, outcome) = fix(&[tmp.path().to_path_buf()], &Options::default(), true);
        for w in write_fixes(&outcome, &canonical_roots(tmp.path())) {
            if let Err(e) = &w.result {
                failures.push(format!("{}: {e}", w.path.display()));
                continue;
            }
            fixed += 1;
            let bad = bad_line_endings(&read(&w.path));
            if bad > 0 {
                failures.push(format!(
                    "{}: {bad} line endings not CRLF after --fix",
                    case.display()
                ));
            }
        }
        assert_no_temp_files(tmp.path());
    }
    assert!(fixed >= 10, "only {fixed} CRLF files were fixed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The scan roots of a run over `dir` alone.
fn canonical_roots(dir: &Path) -> Vec<std::path::PathBuf> {
    vec![std::fs::canonicalize(dir).expect("canonical")]
}
