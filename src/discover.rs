//! Finds the Terraform files to analyse and groups them into modules (one per directory).
//! The walk honours `.gitignore` and skips hidden directories, `.terraform` and
//! `.terragrunt-cache`; paths named on the command line are always scanned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `.tf` files of one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDir {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Problems met while walking (unreadable directories, missing paths).
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Directory names never entered, even with hidden files allowed.
const SKIP_DIRS: [&str; 3] = [".git", ".terraform", ".terragrunt-cache"];

fn is_terraform(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tf")
}

/// Walks `paths` and returns the modules found, sorted by directory, with sorted files.
pub fn discover(paths: &[PathBuf]) -> (Vec<ModuleDir>, Vec<WalkError>) {
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(WalkError {
                path: root.clone(),
                message: "no such file or directory".into(),
            });
            continue;
        }
        if root.is_file() {
            // Named explicitly: scanned whatever the ignore files say.
            if is_terraform(root) {
                let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
                by_dir.entry(dir).or_default().push(root.clone());
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                !e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIP_DIRS.contains(&n))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_terraform(e.path()) {
                        let path = e.into_path();
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        by_dir.entry(dir).or_default().push(path);
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: root.clone(),
                    message: err.to_string(),
                }),
            }
        }
    }
    let modules = by_dir
        .into_iter()
        .map(|(dir, mut files)| {
            files.sort();
            files.dedup();
            ModuleDir { dir, files }
        })
        .collect();
    (modules, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_terraform_cache_and_gitignored() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for p in [
            "a/main.tf",
            "a/.terraform/modules/x/main.tf",
            "b/skip.tf",
            "c/x.txt",
        ] {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "b/\n").unwrap();
        let (modules, errors) = discover(&[root.to_path_buf()]);
        assert!(errors.is_empty());
        assert_eq!(modules.len(), 1);
        assert_eq!(modules[0].files, vec![root.join("a/main.tf")]);
    }
}
