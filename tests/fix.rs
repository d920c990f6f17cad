//! `--fix` on every fixture case that offers a safe fix: the fixed files parse, the fixed
//! findings are gone, a second run changes nothing, and the files keep their permissions.

use irsa_lint::config::Options;
use irsa_lint::diagnostic::Applicability;
use irsa_lint::fix::{fix, write_atomic};
use irsa_lint::{Selection, check};
use std::os::unix::fs::PermissionsExt;
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

fn cases() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(root).expect("readable").flatten() {
        let code = rule.file_name().to_string_lossy().to_string();
        for case in std::fs::read_dir(rule.path()).expect("readable").flatten() {
            if case.path().is_dir() {
                out.push((code.clone(), case.path()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn safe_fixes_converge_and_keep_files_valid() {
    let selection = Selection::default();
    let mut fixed_cases = 0;
    let mut failures = Vec::new();
    for (code, case) in cases() {
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
        for (path, _, new) in &outcome.changed {
            write_atomic(path, new).expect("write");
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
    for (_, case) in cases() {
        let before = check(std::slice::from_ref(&case), &selection);
        if !before.diagnostics.iter().any(|d| d.fix.is_some()) {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(&case, tmp.path());
        let root = vec![tmp.path().to_path_buf()];
        let (after, outcome) = fix(&root, &Options::default(), true);
        for (path, _, new) in &outcome.changed {
            write_atomic(path, new).expect("write");
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
