//! Finds the Terraform files to analyse and groups them into modules (one per directory).
//! The walk honours `.gitignore` and skips hidden directories, `.terraform` and
//! `.terragrunt-cache`; paths named on the command line are always scanned.
//!
//! A file named on the command line (as pre-commit passes them) stands for its whole module, so
//! references to the module's other files still resolve: a `.tf` file brings in the `.tf` files
//! beside it; a policy or manifest file (`.json`, `.tpl`, `.yaml`, ...) brings in the nearest
//! module at or above its directory (policies often live in a `policies/` subdirectory).

use crate::base::source::normalize;
use std::collections::{BTreeMap, HashMap};
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

/// A file named on the command line that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The message of a [`WalkError`] for a path that does not exist.
pub const NOT_FOUND: &str = "no such file or directory";

/// What a walk found: the modules, and the YAML files that may be Kubernetes manifests (they
/// belong to no module; the cross-resource rules read their ServiceAccounts).
#[derive(Debug, Default)]
pub struct Discovery {
    pub modules: Vec<ModuleDir>,
    /// Sorted, one spelling per path.
    pub manifests: Vec<PathBuf>,
    pub errors: Vec<WalkError>,
    /// Named files that are not read, in the order named.
    pub skipped: Vec<Skipped>,
}

/// Extensions of files read through the module that uses them (`file()`, `templatefile()`,
/// variable files) or as manifests.
const READ_ALONG: [&str; 8] = [
    "json", "tpl", "tftpl", "tmpl", "tfvars", "yaml", "yml", "txt",
];

/// How much of a named file is read to tell what it is.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Why a named file that is not a module file is not read, or `None` when it is (as a
/// manifest, or through the module that uses it).
fn skip_reason(path: &Path) -> Option<String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !READ_ALONG.contains(&ext) {
        return Some(if ext == "hcl" {
            "an HCL file that is not Terraform, OpenTofu or `terragrunt.hcl`".to_string()
        } else {
            "not a Terraform, OpenTofu, JSON policy, template or Kubernetes manifest file"
                .to_string()
        });
    }
    if !matches!(ext, "json" | "yaml" | "yml") {
        return None;
    }
    let mut head = String::new();
    let file = std::fs::File::open(path).ok()?;
    std::io::Read::read_to_string(&mut std::io::Read::take(file, SNIFF_BYTES), &mut head).ok()?;
    if head.contains("AWSTemplateFormatVersion")
        || (head.contains("Resources") && head.contains("AWS::IAM::"))
    {
        return Some("a CloudFormation template: irsa-lint reads Terraform and OpenTofu".into());
    }
    if ext == "json"
        && (head.contains("\"planned_values\"")
            || head.contains("\"resource_changes\"")
            || (head.contains("\"terraform_version\"") && head.contains("\"values\"")))
    {
        return Some(
            "a Terraform plan or state (`terraform show -json`): irsa-lint reads the \
             configuration (the `.tf` files)"
                .into(),
        );
    }
    None
}

/// `x.tofu` for `x.tf`, `x.tofu.json` for `x.tf.json`.
fn tofu_name(name: &str) -> Option<String> {
    if let Some(stem) = name.strip_suffix(".tf.json") {
        Some(format!("{stem}.tofu.json"))
    } else {
        name.strip_suffix(".tf").map(|stem| format!("{stem}.tofu"))
    }
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
    // By bytes: a file name need not be UTF-8.
    path.file_name().is_some_and(|n| {
        let n = n.as_encoded_bytes();
        MODULE_SUFFIXES
            .iter()
            .any(|s| n.ends_with(s.as_bytes()) && n.len() > s.len())
    })
}

/// The names of a module's files: HCL and JSON syntax, Terraform's and OpenTofu's.
const MODULE_SUFFIXES: [&str; 4] = [".tf", ".tf.json", ".tofu", ".tofu.json"];

/// OpenTofu's rule: `x.tofu` replaces `x.tf` (and `x.tofu.json` replaces `x.tf.json`) in the
/// same directory, so the `.tf` file is not read. `files` are sorted and deduplicated.
fn without_overridden(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let tofu = |p: &PathBuf| {
        p.file_name().is_some_and(|n| {
            let n = n.as_encoded_bytes();
            n.ends_with(b".tofu") || n.ends_with(b".tofu.json")
        })
    };
    if !files.iter().any(tofu) {
        return files;
    }
    let replaced = |p: &PathBuf| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(tofu_name)
            .is_some_and(|tofu| files.contains(&p.with_file_name(tofu)))
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
    files.sort_by(|a, b| (rank(a), a.file_name(), a).cmp(&(rank(b), b.file_name(), b)));
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
    // Hashed, not ordered, while the walk adds to them: comparing paths component by component
    // for every file was a third of the walk. `normalized` below gives the order.
    let mut by_dir: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    // Collected in the same walk: one more walk per module would cost as much as this one.
    let mut vars_by_dir: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut walked: Vec<PathBuf> = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut named_terraform = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    NOT_FOUND.to_string()
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
            let reason = (!is_terraform(root)).then(|| skip_reason(root)).flatten();
            if let Some(reason) = reason {
                skipped.push(Skipped {
                    path: root.clone(),
                    reason,
                });
                continue;
            }
            if is_manifest(root) {
                manifests.push(root.clone());
            }
            if is_terraform(root) {
                named_terraform.push(root.clone());
                let siblings = module_files(&dir, &mut errors);
                let files = by_dir.entry(dir.clone()).or_default();
                files.extend(siblings);
                // Named explicitly: scanned whatever the ignore files say.
                if let Some(name) = root.file_name() {
                    files.push(dir.join(name));
                }
            } else if let Some((dir, files)) = enclosing_module(&dir, &mut errors) {
                by_dir.entry(dir).or_default().extend(files);
            } else if !is_manifest(root) {
                skipped.push(Skipped {
                    path: root.clone(),
                    reason: "a policy or template is read through the module that uses it, and \
                             there is none at or above its directory"
                        .into(),
                });
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
    // Two spellings of one directory (`m` and `./m` both given) are one module: merged.
    let mut vars: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    for (dir, files) in vars_by_dir {
        vars.entry(normalize(&dir))
            .or_default()
            .extend(files.iter().map(|f| normalize(f)));
    }
    // One spelling per path (`./m/a.tf` and `m/a.tf` are one file), so a file reached twice
    // is read once.
    let mut normalized: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (dir, files) in by_dir {
        normalized
            .entry(normalize(&dir))
            .or_default()
            .extend(files.iter().map(|f| normalize(f)));
    }
    let modules: Vec<ModuleDir> = normalized
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
    for named in named_terraform {
        let path = normalize(&named);
        let read = modules.iter().any(|m| m.files.contains(&path));
        let tofu = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(tofu_name);
        if let (false, Some(tofu)) = (read, tofu) {
            skipped.push(Skipped {
                path: named,
                reason: format!("OpenTofu reads `{tofu}` instead (a `.tofu` file replaces the `.tf` file of its name)"),
            });
        }
    }
    Discovery {
        modules,
        manifests,
        errors,
        skipped,
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
    fn a_directory_given_twice_is_one_module_with_its_variable_files_once() {
        let dir = tempfile::tempdir().unwrap();
        tree(
            dir.path(),
            &["m/main.tf", "m/terraform.tfvars", "m/a.auto.tfvars"],
        );
        let m = dir.path().join("m");
        let dotted = dir.path().join(".").join("m");
        for _ in 0..8 {
            let found = discover_all(&[m.clone(), dotted.clone()]);
            assert_eq!(found.modules.len(), 1);
            let names: Vec<String> = found.modules[0]
                .var_files
                .iter()
                .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
                .collect();
            assert_eq!(names, ["m/terraform.tfvars", "m/a.auto.tfvars"]);
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
    fn json_and_opentofu_files_and_tofu_over_tf() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        tree(
            root,
            &[
                "m/main.tf",
                "m/main.tofu",
                "m/vars.tf",
                "m/roles.tf.json",
                "m/roles.tofu.json",
                "m/extra.tf.json",
                "m/terraform.tfvars.json",
                "m/.tf",
            ],
        );
        let names = |modules: &[ModuleDir]| -> Vec<String> {
            modules[0]
                .files
                .iter()
                .map(|p| {
                    p.strip_prefix(root.join("m"))
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect()
        };
        let want = ["extra.tf.json", "main.tofu", "roles.tofu.json", "vars.tf"];
        let (modules, _) = discover(&[root.to_path_buf()]);
        assert_eq!(names(&modules), want);
        // Named, the replaced file is still replaced: OpenTofu would not read it.
        let (modules, _) = discover(&[root.join("m/main.tf")]);
        assert_eq!(names(&modules), want);
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
