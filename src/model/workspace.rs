//! The workspace: its module tree, which directory calls which through `module` blocks.
//!
//! Local sources (`./…`, `../…`) name a directory beside the caller; other sources (registry,
//! git) are found through the caller's `.terraform/modules/modules.json` when `terraform init`
//! wrote one, as tflint does. A directory no scanned module calls is a root. Calls that form a
//! cycle, or a chain deeper than [`MAX_DEPTH`], are recorded and never followed further, so the
//! evaluation of calls (inputs into a child, outputs back) can walk the tree safely.

use crate::base::source::{Sources, Span, normalize};
use crate::input::parse::ParsedFile;
use hcl_edit::expr::Expression;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Calls nested deeper than this are not followed (Terraform itself has no limit; real trees
/// stay within a handful of levels).
pub const MAX_DEPTH: usize = 16;

/// One `module "NAME" { source = "…" }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleCall {
    pub name: String,
    /// The `source` as written (a literal in valid Terraform).
    pub source: String,
    /// Where `source` is written.
    pub span: Span,
    /// The directory the source names: local sources resolved beside the caller, others
    /// through `modules.json`; `None` when not on disk.
    pub target: Option<PathBuf>,
}

impl ModuleCall {
    pub fn is_local(&self) -> bool {
        self.source.starts_with("./") || self.source.starts_with("../")
    }
}

/// The name of the call a `terragrunt.hcl` makes: its `terraform { source }` runs with its
/// `inputs` as the module's variables.
pub const TERRAGRUNT_CALL: &str = "terragrunt";

/// The calls written in one module's files, with their targets resolved from `dir`.
pub fn calls_of(sources: &Sources, dir: &Path, files: &[ParsedFile]) -> Vec<ModuleCall> {
    let installed = installed_modules(sources, dir);
    let mut out = Vec::new();
    for f in files {
        if let Some(call) = terragrunt_call(sources, dir, f) {
            out.push(call);
        }
        for block in f.body.blocks().filter(|b| b.ident.as_str() == "module") {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            let Some(attr) = block.body.get_attribute("source") else {
                continue;
            };
            let Expression::String(source) = &attr.value else {
                continue;
            };
            let span = crate::input::module::span_of(f.id, &attr.value);
            let mut call = ModuleCall {
                name,
                source: source.value().to_string(),
                span,
                target: None,
            };
            call.target = if call.is_local() {
                Some(normalize(&dir.join(&call.source)))
            } else {
                installed.get(&call.name).map(|d| normalize(&dir.join(d)))
            };
            out.push(call);
        }
    }
    out
}

/// The local module a `terragrunt.hcl` runs: `terraform { source = "../modules//irsa" }`,
/// also written from `${get_terragrunt_dir()}`. Remote sources are not followed.
fn terragrunt_call(sources: &Sources, dir: &Path, f: &ParsedFile) -> Option<ModuleCall> {
    let file = sources.get(f.id);
    if file.path.file_name()? != crate::input::discover::TERRAGRUNT_FILE {
        return None;
    }
    let block = f.body.blocks().find(|b| b.ident.as_str() == "terraform")?;
    let attr = block.body.get_attribute("source")?;
    let span = crate::input::module::span_of(f.id, &attr.value);
    let written = file.slice(span);
    let inner = written.strip_prefix('"')?.strip_suffix('"')?;
    let source = inner.replace("${get_terragrunt_dir()}", ".");
    if source.contains("${") || source.contains('?') {
        return None;
    }
    // `dir//sub`: Terragrunt copies `dir` and runs `sub` in it.
    let source = source.replace("//", "/");
    let call = ModuleCall {
        name: TERRAGRUNT_CALL.to_string(),
        target: None,
        span,
        source,
    };
    call.is_local().then(|| ModuleCall {
        target: Some(normalize(&dir.join(&call.source))),
        ..call
    })
}

/// `Key → Dir` of `.terraform/modules/modules.json` (top-level calls only: their key is the
/// call's name), read when `terraform init` has run in `dir`.
pub fn installed_modules(sources: &Sources, dir: &Path) -> HashMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let path = dir.join(".terraform/modules/modules.json");
    // Most directories have none: one lstat instead of resolving the path for each module.
    if std::fs::symlink_metadata(&path).is_err() {
        return HashMap::new();
    }
    // Read like every other file: confined to the scan roots, bounded (a manifest is small).
    let Ok(text) = sources.read(&path, 1 << 20) else {
        return HashMap::new();
    };
    match serde_json::from_str::<Manifest>(&text) {
        Ok(m) => m
            .modules
            .into_iter()
            .filter(|e| !e.key.is_empty() && !e.key.contains('.'))
            .map(|e| (e.key, e.dir))
            .collect(),
        Err(_) => HashMap::new(),
    }
}

/// A module of the workspace in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub dir: PathBuf,
    pub calls: Vec<ModuleCall>,
    /// Who calls this module: (caller node, call name).
    pub callers: Vec<(usize, String)>,
}

/// The modules of a workspace and the calls between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleTree {
    pub nodes: Vec<Node>,
    /// Modules no scanned module calls.
    pub roots: Vec<usize>,
    /// Calls not followed: (caller node, call name) closing a cycle or past [`MAX_DEPTH`].
    pub cut: Vec<(usize, String)>,
}

impl ModuleTree {
    /// Builds the tree of `modules` (directory and calls, in any order).
    pub fn new(modules: Vec<(PathBuf, Vec<ModuleCall>)>) -> ModuleTree {
        let index: HashMap<PathBuf, usize> = modules
            .iter()
            .enumerate()
            .map(|(i, (dir, _))| (normalize(dir), i))
            .collect();
        let mut nodes: Vec<Node> = modules
            .into_iter()
            .map(|(dir, calls)| Node {
                dir,
                calls,
                callers: Vec::new(),
            })
            .collect();
        for caller in 0..nodes.len() {
            for c in 0..nodes[caller].calls.len() {
                let call = &nodes[caller].calls[c];
                if let Some(&child) = call.target.as_ref().and_then(|t| index.get(t)) {
                    let name = call.name.clone();
                    nodes[child].callers.push((caller, name));
                }
            }
        }
        let roots: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].callers.is_empty())
            .collect();
        let mut tree = ModuleTree {
            nodes,
            roots,
            cut: Vec::new(),
        };
        tree.cut = tree.calls_not_followed(&index);
        tree
    }

    /// Walks from every root (and from modules only reachable through a cycle), depth-first
    /// with the path on a stack, and lists the calls that close a cycle or go too deep.
    fn calls_not_followed(&self, index: &HashMap<PathBuf, usize>) -> Vec<(usize, String)> {
        let mut cut = Vec::new();
        let mut seen = vec![false; self.nodes.len()];
        let starts: Vec<usize> = self
            .roots
            .iter()
            .copied()
            .chain(0..self.nodes.len())
            .collect();
        for start in starts {
            if seen[start] {
                continue;
            }
            // (node, next call to look at); the stack is the current path.
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            seen[start] = true;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let Some(call) = self.nodes[node].calls.get(*next) else {
                    stack.pop();
                    continue;
                };
                *next += 1;
                let Some(&child) = call.target.as_ref().and_then(|t| index.get(t)) else {
                    continue;
                };
                if stack.iter().any(|&(n, _)| n == child) || stack.len() >= MAX_DEPTH {
                    cut.push((node, call.name.clone()));
                    continue;
                }
                if !seen[child] {
                    seen[child] = true;
                    stack.push((child, 0));
                }
            }
        }
        cut.sort();
        cut.dedup();
        cut
    }

    /// The calls evaluation follows, as `(caller, call name, child)`: every call whose target
    /// is a scanned module, except those in [`ModuleTree::cut`].
    pub fn followed(&self) -> Vec<(usize, String, usize)> {
        let mut out = Vec::new();
        for (child, node) in self.nodes.iter().enumerate() {
            for (caller, name) in &node.callers {
                if !self.cut.iter().any(|(c, n)| c == caller && n == name) {
                    out.push((*caller, name.clone(), child));
                }
            }
        }
        out.sort();
        out
    }

    /// The node of `dir`.
    pub fn node(&self, dir: &Path) -> Option<&Node> {
        let dir = normalize(dir);
        self.nodes.iter().find(|n| normalize(&n.dir) == dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::FileId;

    fn parsed(sources: &Sources, path: &str, text: &str) -> ParsedFile {
        let id = sources.add(PathBuf::from(path), text.to_string());
        ParsedFile {
            id,
            body: hcl_edit::parser::parse_body(text).expect("valid HCL"),
        }
    }

    fn call(name: &str, source: &str) -> String {
        format!("module \"{name}\" {{\n  source = \"{source}\"\n}}\n")
    }

    #[test]
    fn local_calls_make_a_tree_with_roots() {
        let sources = Sources::new();
        let root = parsed(
            &sources,
            "live/main.tf",
            &(call("irsa", "../modules/irsa") + &call("eks", "terraform-aws-modules/eks/aws")),
        );
        let child = parsed(&sources, "modules/irsa/main.tf", "locals {}\n");
        let calls = calls_of(&sources, Path::new("live"), std::slice::from_ref(&root));
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].target, Some(PathBuf::from("modules/irsa")));
        assert_eq!(
            calls[1].target, None,
            "a registry module that is not installed"
        );
        let tree = ModuleTree::new(vec![
            (PathBuf::from("live"), calls),
            (
                PathBuf::from("modules/irsa"),
                calls_of(&sources, Path::new("modules/irsa"), &[child]),
            ),
            (PathBuf::from("other"), Vec::new()),
        ]);
        assert_eq!(tree.roots, [0, 2]);
        assert_eq!(tree.nodes[1].callers, [(0, "irsa".to_string())]);
        assert!(tree.cut.is_empty());
    }

    #[test]
    fn cycles_and_depth_are_cut() {
        let node = |dir: &str, to: &[&str]| {
            let calls = to
                .iter()
                .map(|t| ModuleCall {
                    name: format!("to_{t}"),
                    source: format!("../{t}"),
                    span: Span::new(FileId(0), 0..0),
                    target: Some(PathBuf::from(t)),
                })
                .collect();
            (PathBuf::from(dir), calls)
        };
        // a → b → a, and c calls itself.
        let tree = ModuleTree::new(vec![
            node("a", &["b"]),
            node("b", &["a"]),
            node("c", &["c"]),
        ]);
        assert!(tree.roots.is_empty());
        assert_eq!(tree.cut, [(1, "to_a".to_string()), (2, "to_c".to_string())]);
        // A chain longer than the limit is cut at the limit.
        let chain: Vec<_> = (0..MAX_DEPTH + 3)
            .map(|i| {
                let next = format!("m{}", i + 1);
                node(&format!("m{i}"), &[next.as_str()])
            })
            .collect();
        let tree = ModuleTree::new(chain);
        assert_eq!(tree.roots, [0]);
        assert_eq!(tree.cut, [(MAX_DEPTH - 1, format!("to_m{MAX_DEPTH}"))]);
    }

    #[test]
    fn installed_registry_modules_are_found_through_modules_json() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join(".terraform/modules")).expect("mkdir");
        std::fs::write(
            dir.join(".terraform/modules/modules.json"),
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"irsa","Source":"registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks","Version":"5.60.0","Dir":".terraform/modules/irsa/modules/iam-role-for-service-accounts-eks"}]}"#,
        )
        .expect("write");
        let sources = Sources::new();
        let root = parsed(
            &sources,
            "main.tf",
            &call(
                "irsa",
                "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks",
            ),
        );
        let calls = calls_of(&sources, dir, &[root]);
        assert_eq!(
            calls[0].target,
            Some(dir.join(".terraform/modules/irsa/modules/iam-role-for-service-accounts-eks"))
        );
    }
}
