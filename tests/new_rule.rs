//! `scripts/new-rule` from a clean copy of the repository: it writes the rule file, registers
//! it, writes the doc page and both fixtures, and the crate still builds with the new rule
//! (a code no rule has, in a family that exists).

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// The target directory this test was built in, so the copy reuses the compiled dependencies.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    // target/<profile>/deps/new_rule-…
    exe.ancestors().nth(3).expect("target dir").to_path_buf()
}

#[test]
fn new_rule_scaffolds_a_rule_that_builds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let copy = tmp.path().join("irsa-lint");
    for dir in ["src", "docs", "vendor", "benches", "scripts"] {
        copy_tree(&repo.join(dir), &copy.join(dir));
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(repo.join(file), copy.join(file)).expect("copy");
    }
    std::fs::create_dir_all(copy.join("testdata/rules")).expect("mkdir");
    let out = Command::new("python3")
        .arg(copy.join("scripts/new-rule"))
        .args(["XR099", "service-account-not-admitted", "--kind", "breaks"])
        .args([
            "--summary",
            "ServiceAccount whose role's trust does not admit it",
        ])
        .current_dir(&copy)
        .output()
        .expect("python3 runs the script");
    assert!(
        out.status.success(),
        "new-rule failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &str| std::fs::read_to_string(copy.join(p)).unwrap_or_default();
    let rule = read("src/rules/xr/xr099.rs");
    assert!(
        rule.contains("pub struct ServiceAccountNotAdmitted;"),
        "{rule}"
    );
    assert!(rule.contains("code: \"XR099\","), "{rule}");
    assert!(read("src/rules/xr/mod.rs").contains("pub mod xr099;"));
    let registry = read("src/rules/mod.rs");
    assert!(registry.contains("pub mod xr;\n"), "{registry}");
    assert!(
        registry.contains("    &xr::xr099::ServiceAccountNotAdmitted,\n"),
        "{registry}"
    );
    let doc = read("docs/rules/XR099.md");
    assert!(doc.starts_with(
        "# XR099: service-account-not-admitted\n\n**Severity:** error · **Kind:** breaks · **Fix:** none\n"
    ));
    for case in ["fail_jsonencode", "pass_jsonencode"] {
        assert!(
            copy.join("testdata/rules/XR099")
                .join(case)
                .join("main.tf")
                .is_file()
        );
    }
    // A second run refuses to overwrite.
    let again = Command::new("python3")
        .arg(copy.join("scripts/new-rule"))
        .args(["XR099", "service-account-not-admitted"])
        .current_dir(&copy)
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    let build = Command::new(env!("CARGO"))
        .args(["build", "--lib", "--offline", "--locked"])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        build.status.success() && !stderr.contains("warning"),
        "the scaffolded crate does not build cleanly:\n{stderr}"
    );
}
