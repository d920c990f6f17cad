//! Finds the Terraform files to analyse and groups them into modules (one per directory).
//! The walk honours `.gitignore` and skips hidden directories, `.terraform` and
//! `.terragrunt-cache`; paths named on the command line are always scanned.
//!
//! A file named on the command line (as pre-commit passes them) stands for its whole module, so
//! references to the module's other files still resolve: a `.tf` file brings in the `.tf` files
//! beside it; a policy or manifest file (`.json`, `.tpl`, `.yaml`, ...) brings in the nearest
//! module at or above its directory (policies often live in a `policies/` subdirectory).

use crate::base::source::normalize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `.tf` files of one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDir {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    /// The variable files Terraform loads by itself when it runs in `dir`, in its order.
    pub var_files: Vec<PathBuf>,
}

/// Problems met while walking (unreadable directories, missing paths).
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// What a walk found: the modules, and the YAML files that may be Kubernetes manifests (they
/// belong to no module; the cross-resource rules read their ServiceAccounts).
#[derive(Debug, Default)]
pub struct Discovery {
    pub modules: Vec<ModuleDir>,
    /// Sorted, one spelling per path.
    pub manifests: Vec<PathBuf>,
    pub errors: Vec<WalkError>,
}

/// A `.yaml` / `.yml` file that may be a Kubernetes manifest: not a Helm chart's `Chart.yaml`
/// or values file (`values.yaml`, `values-prod.yaml`, `values.prod.yml`), which are not
/// applied as they are.
fn is_manifest(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(stem) = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
    else {
        return false;
    };
    !(stem == "Chart"
        || stem == "values"
        || stem.starts_with("values-")
        || stem.starts_with("values."))
}

/// Directory names never entered, even with hidden files allowed.
const SKIP_DIRS: [&str; 3] = [".git", ".terraform", ".terragrunt-cache"];

/// A Terraform or OpenTofu file (`.tf`, `.tf.json`, `.tofu`, `.tofu.json`), or a
/// `terragrunt.hcl` (whose `inputs` reach the module it runs).
fn is_terraform(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == TERRAGRUNT_FILE) || is_module_file(path)
}

/// A file Terraform or OpenTofu reads as part of a module.
fn is_module_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        MODULE_SUFFIXES
            .iter()
            .any(|s| n.ends_with(s) && n.len() > s.len())
    })
}

/// The names of a module's files: HCL and JSON syntax, Terraform's and OpenTofu's.
const MODULE_SUFFIXES: [&str; 4] = [".tf", ".tf.json", ".tofu", ".tofu.json"];

/// OpenTofu's rule: `x.tofu` replaces `x.tf` (and `x.tofu.json` replaces `x.tf.json`) in the
/// same directory, so the `.tf` file is not read. `files` are sorted and deduplicated.
fn without_overridden(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let replaced = |p: &PathBuf| {
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let tofu = if let Some(stem) = name.strip_suffix(".tf.json") {
            format!("{stem}.tofu.json")
        } else if let Some(stem) = name.strip_suffix(".tf") {
            format!("{stem}.tofu")
        } else {
            return false;
        };
        files.contains(&p.with_file_name(tofu))
    };
    files.iter().filter(|p| !replaced(p)).cloned().collect()
}

/// The file a Terragrunt unit is configured in.
pub const TERRAGRUNT_FILE: &str = "terragrunt.hcl";

/// A module file, or a link named like one: Terraform reads linked files, so they are analysed
/// when the link stays inside the scanned tree (the read refuses the others, with a
/// diagnostic). Directories are never followed through links, as ripgrep does by default.
fn is_candidate(e: &ignore::DirEntry) -> bool {
    e.file_type().is_some_and(|t| t.is_file() || t.is_symlink()) && is_terraform(e.path())
}

/// A walker that honours the ignore files and skips [`SKIP_DIRS`].
fn walker(root: &Path, max_depth: Option<usize>) -> ignore::Walk {
    ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .max_depth(max_depth)
        .filter_entry(|e| {
            !e.file_name()
                .to_str()
                .is_some_and(|n| SKIP_DIRS.contains(&n))
        })
        .build()
}

/// The `.tf` files directly in `dir` (`""` is the current directory), as `dir.join(name)` so
/// they match the path of a file named on the command line.
fn module_files(dir: &Path, errors: &mut Vec<WalkError>) -> Vec<PathBuf> {
    let root = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut files = Vec::new();
    for entry in walker(root, Some(1)) {
        match entry {
            Ok(e) if is_candidate(&e) => {
                files.push(dir.join(e.file_name()));
            }
            Ok(_) => {}
            Err(err) => errors.push(WalkError {
                path: root.to_path_buf(),
                message: err.to_string(),
            }),
        }
    }
    files
}

/// The `.tf` files of a module `terraform init` installed (under `.terraform/modules`, which
/// is commonly gitignored, so the ignore files do not apply), sorted.
pub fn installed_module_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| dir.join(e.file_name()))
        .filter(|p| is_module_file(p))
        .collect();
    files.sort();
    without_overridden(files)
}

/// The variable files Terraform loads by itself in a root module `dir`, in its order (a later
/// file wins): `terraform.tfvars`, `terraform.tfvars.json`, then every `*.auto.tfvars` and
/// `*.auto.tfvars.json` by file name. Ignore files apply as to the walk.
pub fn variable_files(dir: &Path) -> Vec<PathBuf> {
    let root = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let files: Vec<PathBuf> = walker(root, Some(1))
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| root.join(e.file_name()))
        .filter(|p| is_variable_file(p))
        .collect();
    in_load_order(files)
}

/// A file Terraform loads variables from by itself.
fn is_variable_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n == "terraform.tfvars"
            || n == "terraform.tfvars.json"
            || n.ends_with(".auto.tfvars")
            || n.ends_with(".auto.tfvars.json")
    })
}

/// Variable files in the order Terraform loads them.
fn in_load_order(mut files: Vec<PathBuf>) -> Vec<PathBuf> {
    let rank = |p: &PathBuf| match p.file_name().and_then(|n| n.to_str()) {
        Some("terraform.tfvars") => 0,
        Some("terraform.tfvars.json") => 1,
        _ => 2,
    };
    files.sort_by(|a, b| (rank(a), a.file_name()).cmp(&(rank(b), b.file_name())));
    files.dedup();
    files.iter().map(|p| normalize(p)).collect()
}

/// How many directories above a named policy file are searched for its module.
const MAX_MODULE_ASCENT: usize = 3;

/// The nearest module at or above `dir` (at most [`MAX_MODULE_ASCENT`] levels up, never above
/// a repository root), with its `.tf` files.
fn enclosing_module(dir: &Path, errors: &mut Vec<WalkError>) -> Option<(PathBuf, Vec<PathBuf>)> {
    let mut dir = dir.to_path_buf();
    for _ in 0..=MAX_MODULE_ASCENT {
        let files = module_files(&dir, errors);
        if !files.is_empty() {
            return Some((dir, files));
        }
        let root = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        };
        if root.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?.to_path_buf();
    }
    None
}

/// Walks `paths` and returns the modules found, sorted by directory, with sorted files.
pub fn discover(paths: &[PathBuf]) -> (Vec<ModuleDir>, Vec<WalkError>) {
    let found = discover_all(paths);
    (found.modules, found.errors)
}

/// Walks `paths` once for the modules and the manifests: a YAML file named on the command
/// line is a manifest too, whatever the ignore files say.
pub fn discover_all(paths: &[PathBuf]) -> Discovery {
    let mut manifests: Vec<PathBuf> = Vec::new();
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    // Collected in the same walk: one more walk per module would cost as much as this one.
    let mut vars_by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut walked: Vec<PathBuf> = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file or directory".to_string()
                } else {
                    e.to_string()
                };
                errors.push(WalkError {
                    path: root.clone(),
                    message,
                });
                continue;
            }
        };
        if !meta.is_dir() && !meta.is_file() && !is_terraform(root) {
            // A FIFO or device named on the command line is said, never passed over.
            errors.push(WalkError {
                path: root.clone(),
                message: format!(
                    "not read: it is {}, not a regular file",
                    crate::base::source::file_kind(&meta.file_type())
                ),
            });
            continue;
        }
        if !meta.is_dir() {
            let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
            if is_manifest(root) {
                manifests.push(root.clone());
            }
            if is_terraform(root) {
                let siblings = module_files(&dir, &mut errors);
                let files = by_dir.entry(dir.clone()).or_default();
                files.extend(siblings);
                // Named explicitly: scanned whatever the ignore files say.
                if let Some(name) = root.file_name() {
                    files.push(dir.join(name));
                }
            } else if let Some((dir, files)) = enclosing_module(&dir, &mut errors) {
                by_dir.entry(dir).or_default().extend(files);
            }
            continue;
        }
        walked.push(normalize(root));
        for entry in walker(root, None) {
            match entry {
                Ok(e) => {
                    if is_candidate(&e) {
                        let path = e.into_path();
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        by_dir.entry(dir).or_default().push(path);
                    } else if e.file_type().is_some_and(|t| t.is_file() || t.is_symlink())
                        && is_variable_file(e.path())
                    {
                        let path = e.into_path();
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        vars_by_dir.entry(dir).or_default().push(path);
                    } else if e.file_type().is_some_and(|t| t.is_file() || t.is_symlink())
                        && is_manifest(e.path())
                    {
                        manifests.push(e.into_path());
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: root.clone(),
                    message: err.to_string(),
                }),
            }
        }
    }
    let vars: BTreeMap<PathBuf, Vec<PathBuf>> = vars_by_dir
        .into_iter()
        .map(|(dir, files)| (normalize(&dir), files))
        .collect();
    // One spelling per path (`./m/a.tf` and `m/a.tf` are one file), so a file reached twice
    // is read once.
    let mut normalized: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (dir, files) in by_dir {
        normalized
            .entry(normalize(&dir))
            .or_default()
            .extend(files.iter().map(|f| normalize(f)));
    }
    let modules = normalized
        .into_iter()
        .map(|(dir, mut files)| {
            files.sort();
            files.dedup();
            let files = without_overridden(files);
            let var_files = match vars.get(&dir) {
                Some(v) => in_load_order(v.clone()),
                // A module reached through a named file: its directory was not walked.
                None if !walked.iter().any(|r| dir.starts_with(r)) => variable_files(&dir),
                None => Vec::new(),
            };
            ModuleDir {
                dir,
                files,
                var_files,
            }
        })
        .collect();
    let mut manifests: Vec<PathBuf> = manifests.iter().map(|p| normalize(p)).collect();
    manifests.sort();
    manifests.dedup();
    Discovery {
        modules,
        manifests,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(root: &Path, files: &[&str]) {
        for p in files {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
    }

    #[test]
    fn variable_files_in_terraform_order() {
        let dir = tempfile::tempdir().unwrap();
        tree(
            dir.path(),
            &[
                "b.auto.tfvars",
                "a.auto.tfvars.json",
                "terraform.tfvars.json",
                "terraform.tfvars",
                "main.tf",
                "prod.tfvars",
                "sub/c.auto.tfvars",
            ],
        );
        let names: Vec<String> = variable_files(dir.path())
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars.json",
                "b.auto.tfvars"
            ]
        );
    }

    #[test]
    fn a_named_tf_file_brings_its_module() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        tree(
            root,
            &[
                "m/main.tf",
                "m/vars.tf",
                "m/ignored.tf",
                "m/notes.txt",
                "m/sub/other.tf",
                "n/main.tf",
            ],
        );
        std::fs::write(root.join(".gitignore"), "ignored.tf\n").unwrap();
        let named = root.join("m/main.tf");
        let (modules, errors) = discover(&[named.clone(), named]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(modules.len(), 1);
        assert_eq!(modules[0].dir, root.join("m"));
        assert_eq!(
            modules[0].files,
            vec![root.join("m/main.tf"), root.join("m/vars.tf")]
        );
        // An ignored file is scanned when named, with its module.
        let (modules, _) = discover(&[root.join("m/ignored.tf")]);
        assert_eq!(
            modules[0].files,
            vec![
                root.join("m/ignored.tf"),
                root.join("m/main.tf"),
                root.join("m/vars.tf")
            ]
        );
    }

    #[test]
    fn a_named_policy_file_brings_the_enclosing_module() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        tree(
            root,
            &[
                ".git/HEAD",
                "m/main.tf",
                "m/policies/trust.json.tpl",
                "m/k8s/sa.yaml",
                "m/trust.json",
                "docs/x/y.json",
            ],
        );
        let main = vec![root.join("m/main.tf")];
        for named in ["m/policies/trust.json.tpl", "m/k8s/sa.yaml", "m/trust.json"] {
            let (modules, errors) = discover(&[root.join(named)]);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(modules.len(), 1, "{named}");
            assert_eq!(modules[0].files, main, "{named}");
        }
        // No module up to the repository root: nothing to check.
        let (modules, errors) = discover(&[root.join("docs/x/y.json")]);
        assert!(modules.is_empty() && errors.is_empty());
    }

    #[test]
    fn named_files_and_their_directory_give_one_module() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        tree(root, &["m/a.tf", "m/b.tf", "m/p/t.json"]);
        let (modules, _) =
            discover(&[root.join("m/a.tf"), root.join("m/p/t.json"), root.join("m")]);
        assert_eq!(modules.len(), 1);
        assert_eq!(
            modules[0].files,
            vec![root.join("m/a.tf"), root.join("m/b.tf")]
        );
        let (modules, _) = discover(&[
            root.join("m/./a.tf"),
            root.join("m/../m/b.tf"),
            root.join("./m"),
        ]);
        assert_eq!(modules.len(), 1);
        assert_eq!(modules[0].dir, root.join("m"));
        assert_eq!(
            modules[0].files,
            vec![root.join("m/a.tf"), root.join("m/b.tf")]
        );
    }

    #[test]
    fn yaml_manifests_beside_modules_but_not_helm_values() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        tree(
            root,
            &[
                ".git/HEAD",
                "infra/main.tf",
                "infra/k8s/sa.yaml",
                "infra/k8s/all.yml",
                "chart/Chart.yaml",
                "chart/values.yaml",
                "chart/values-prod.yaml",
                "chart/values.dev.yml",
                "chart/templates/sa.yaml",
                ".github/workflows/ci.yaml",
                "ignored/sa.yaml",
                "infra/k8s/notes.txt",
            ],
        );
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let found = discover_all(&[root.to_path_buf()]);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert_eq!(found.modules.len(), 1);
        assert_eq!(
            found.manifests,
            vec![
                root.join("chart/templates/sa.yaml"),
                root.join("infra/k8s/all.yml"),
                root.join("infra/k8s/sa.yaml"),
            ]
        );
        // Named: a manifest whatever the ignore files say, and its module comes along.
        let found = discover_all(&[root.join("ignored/sa.yaml"), root.join("infra/k8s/sa.yaml")]);
        assert_eq!(
            found.manifests,
            vec![root.join("ignored/sa.yaml"), root.join("infra/k8s/sa.yaml")]
        );
        assert_eq!(found.modules.len(), 1);
        assert_eq!(found.modules[0].dir, root.join("infra"));
    }

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
