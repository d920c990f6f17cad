//! The module model: the blocks of one Terraform module (one directory), indexed by address.

use crate::base::source::{FileId, Span};
use crate::input::parse::ParsedFile;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use std::collections::HashMap;
use std::path::PathBuf;

/// A block with the file it is written in.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub file: FileId,
    pub block: &'a Block,
}

impl<'a> Item<'a> {
    pub fn attr(&self, name: &str) -> Option<(FileId, &'a Expression)> {
        self.block
            .body
            .get_attribute(name)
            .map(|a| (self.file, &a.value))
    }

    pub fn span(&self) -> Span {
        span_of(self.file, self.block)
    }

    /// The block's label at `index` (`module "NAME"`: 0).
    pub fn label(&self, index: usize) -> Option<&'a str> {
        self.block.labels.get(index).map(|l| l.as_str())
    }

    /// The block's labels joined by `.`, e.g. `aws_iam_role.irsa`.
    pub fn address(&self) -> String {
        let labels: Vec<&str> = self.block.labels.iter().map(|l| l.as_str()).collect();
        labels.join(".")
    }
}

/// Span of any hcl-edit node (empty at 0 if the node has none, which parsed nodes always have).
pub fn span_of(file: FileId, node: &impl hcl_edit::Span) -> Span {
    Span::new(file, node.span().unwrap_or(0..0))
}

/// One Terraform module: the `.tf` files of a directory and what they declare.
#[derive(Debug, Default)]
pub struct Module<'a> {
    pub dir: PathBuf,
    /// The module's `.tf` files.
    pub files: Vec<FileId>,
    /// `resource` blocks, in file order.
    pub resources: Vec<Item<'a>>,
    /// `data` blocks, in file order.
    pub data: Vec<Item<'a>>,
    /// `module` blocks, in file order.
    pub calls: Vec<Item<'a>>,
    pub locals: HashMap<String, (FileId, &'a Attribute)>,
    pub variables: HashMap<String, Item<'a>>,
    pub outputs: HashMap<String, Item<'a>>,
    /// `provider` blocks, in file order.
    pub providers: Vec<Item<'a>>,
    /// Attributes outside any block: none in Terraform; a `terragrunt.hcl`'s `inputs`.
    pub attributes: HashMap<String, (FileId, &'a Attribute)>,
    /// A `terragrunt.hcl`'s `include` blocks and its `terraform` block, in file order.
    pub includes: Vec<Item<'a>>,
    pub terraform: Vec<Item<'a>>,
    resource_index: HashMap<(String, String), usize>,
    data_index: HashMap<(String, String), usize>,
    call_index: HashMap<String, usize>,
}

impl<'a> Module<'a> {
    pub fn new(dir: PathBuf, files: &'a [ParsedFile]) -> Module<'a> {
        let mut m = Module {
            dir,
            ..Module::default()
        };
        for f in files {
            m.files.push(f.id);
            m.add_body(f.id, &f.body);
        }
        m
    }

    fn add_body(&mut self, file: FileId, body: &'a Body) {
        for attr in body.attributes() {
            self.attributes
                .insert(attr.key.as_str().to_string(), (file, attr));
        }
        for block in body.blocks() {
            let item = Item { file, block };
            let label = |i: usize| block.labels.get(i).map(|l| l.as_str().to_string());
            match block.ident.as_str() {
                "resource" => {
                    if let (Some(t), Some(n)) = (label(0), label(1)) {
                        self.resource_index.insert((t, n), self.resources.len());
                        self.resources.push(item);
                    }
                }
                "data" => {
                    if let (Some(t), Some(n)) = (label(0), label(1)) {
                        self.data_index.insert((t, n), self.data.len());
                        self.data.push(item);
                    }
                }
                "module" => {
                    if let Some(n) = label(0) {
                        self.call_index.insert(n, self.calls.len());
                        self.calls.push(item);
                    }
                }
                "variable" => {
                    if let Some(n) = label(0) {
                        self.variables.insert(n, item);
                    }
                }
                "output" => {
                    if let Some(n) = label(0) {
                        self.outputs.insert(n, item);
                    }
                }
                "locals" => {
                    for attr in block.body.attributes() {
                        self.locals
                            .insert(attr.key.as_str().to_string(), (file, attr));
                    }
                }
                "provider" => self.providers.push(item),
                "include" => self.includes.push(item),
                "terraform" => self.terraform.push(item),
                _ => {}
            }
        }
    }

    pub fn resource(&self, kind: &str, name: &str) -> Option<Item<'a>> {
        self.resource_index
            .get(&(kind.to_string(), name.to_string()))
            .map(|&i| self.resources[i])
    }

    pub fn data_source(&self, kind: &str, name: &str) -> Option<Item<'a>> {
        self.data_index
            .get(&(kind.to_string(), name.to_string()))
            .map(|&i| self.data[i])
    }

    pub fn call(&self, name: &str) -> Option<Item<'a>> {
        self.call_index.get(name).map(|&i| self.calls[i])
    }

    /// Resources of one type, in file order.
    pub fn resources_of(&self, kind: &'a str) -> impl Iterator<Item = Item<'a>> + '_ {
        self.resources
            .iter()
            .copied()
            .filter(move |i| i.block.labels.first().map(|l| l.as_str()) == Some(kind))
    }

    /// Data sources of one type, in file order.
    pub fn data_of(&self, kind: &'a str) -> impl Iterator<Item = Item<'a>> + '_ {
        self.data
            .iter()
            .copied()
            .filter(move |i| i.block.labels.first().map(|l| l.as_str()) == Some(kind))
    }

    /// The name label of a block (its second label).
    pub fn name_of(item: &Item<'_>) -> String {
        item.block
            .labels
            .get(1)
            .map(|l| l.as_str().to_string())
            .unwrap_or_default()
    }
}
