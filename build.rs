//! Puts the git commit into `--version` (`0.1.0 (abc1234)`) when the source is a git checkout
//! and git is installed; otherwise the version alone. Never fails the build.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    println!("cargo:rerun-if-changed=build.rs");
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(commit) => {
            println!("cargo:rustc-env=IRSA_LINT_VERSION={version} ({commit})");
            // A new commit (HEAD moving, or the branch it names moving) rebuilds the version.
            for name in ["HEAD", "refs/heads"] {
                if let Some(path) = git(&["rev-parse", "--git-path", name]) {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
            if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
                && let Some(path) = git(&["rev-parse", "--git-path", &branch])
            {
                println!("cargo:rerun-if-changed={path}");
            }
        }
        None => println!("cargo:rustc-env=IRSA_LINT_VERSION={version}"),
    }
}
