//! Local module calls, both ways, as Terraform evaluates them: a call's arguments, evaluated in
//! the caller, are the child's variables (defaults for the rest, `optional()` attributes
//! included), and `module.NAME.OUTPUT` is the child's `output` evaluated with them. `count` and
//! `for_each` make keyed instances (none for `count = 0` or an empty collection). Only the calls
//! the workspace follows are evaluated (source on disk, no cycle, not too deep); any other call
//! is answered by the known registry modules or is unknown.

use super::expand::{self, ListKeys};
use super::{Evaluator, Named};
use crate::base::source::{FileId, Span};
use crate::input::module::{Item, Module, span_of};
use crate::value::{Origin, Shape, SymStr, Value};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use std::collections::HashMap;

/// At most this many instances of one call (a `for_each` over a long list) are evaluated.
pub const MAX_INSTANCES: usize = 64;

/// Steps a new instance of a call costs, besides what evaluating it takes.
const INSTANCE_STEPS: usize = 100;

/// The arguments of a `module` block that are not inputs of the child.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// The local calls evaluation follows between shared modules: `(caller, call name) → child`,
/// indexes into the modules of a [`Workspace`].
#[derive(Debug, Default)]
pub struct Calls(HashMap<(usize, String), usize>);

impl Calls {
    /// `calls` are `(caller, call name, child)` triples; the caller must exclude the calls that
    /// close a cycle or go too deep.
    pub fn new(calls: impl IntoIterator<Item = (usize, String, usize)>) -> Calls {
        Calls(
            calls
                .into_iter()
                .map(|(caller, name, child)| ((caller, name), child))
                .collect(),
        )
    }
}

/// The modules a local call can reach: the modules other modules call (shared by every
/// evaluation), and possibly one more module that calls them, at index `modules.len()` (a root
/// analysed beside them, so the shared set need not hold every module of the scan).
pub struct Workspace<'m, 'a> {
    pub modules: &'m [Module<'a>],
    calls: &'m Calls,
    root: Option<(&'m Module<'a>, HashMap<String, usize>)>,
}

impl<'m, 'a> Workspace<'m, 'a> {
    pub fn new(modules: &'m [Module<'a>], calls: &'m Calls) -> Workspace<'m, 'a> {
        Workspace {
            modules,
            calls,
            root: None,
        }
    }

    /// The same modules with `root` beside them, whose `calls` name the children it follows.
    pub fn with_root(
        &self,
        root: &'m Module<'a>,
        calls: HashMap<String, usize>,
    ) -> Workspace<'m, 'a> {
        Workspace {
            modules: self.modules,
            calls: self.calls,
            root: Some((root, calls)),
        }
    }

    /// The index of the root beside the shared modules.
    pub fn root_index(&self) -> usize {
        self.modules.len()
    }

    /// The module at `index`: a shared one, or the root.
    pub fn module(&self, index: usize) -> Option<&'m Module<'a>> {
        match (self.modules.get(index), &self.root) {
            (Some(m), _) => Some(m),
            (None, Some((root, _))) if index == self.modules.len() => Some(root),
            _ => None,
        }
    }

    /// The module `call` of module `caller` runs, when followed.
    pub fn child(&self, caller: usize, call: &str) -> Option<usize> {
        match &self.root {
            Some((_, calls)) if caller == self.modules.len() => calls.get(call).copied(),
            _ => self.calls.0.get(&(caller, call.to_string())).copied(),
        }
    }
}

/// One instance of a module call, with the child's inputs.
#[derive(Debug, Clone, Default)]
pub struct Instance {
    /// `["key"]` for a `for_each` instance, `[0]` for a `count` one, `[*]` when the collection
    /// is unknown; `None` for a call with neither.
    pub key: Option<String>,
    /// `module.NAME` with the key; `terragrunt:<unit directory>` for a Terragrunt unit's module.
    pub address: String,
    /// The child's variables given by the call, by name.
    pub inputs: HashMap<String, Value>,
    /// Where each argument's expression is written, by name.
    pub arguments: HashMap<String, Span>,
}

/// How a call repeats: the instance key and the binding (`each` or `count`) its arguments see.
struct Repetition {
    key: Option<String>,
    binding: Option<(&'static str, Value)>,
}

impl<'m, 'a> Evaluator<'m, 'a> {
    /// The module a call of this module runs, when the workspace follows it.
    pub fn child_module(&self, call: &str) -> Option<usize> {
        self.workspace.child(self.index, call)
    }

    /// An evaluator of the child `index` with `instance`'s inputs.
    pub fn for_child(&self, index: usize, instance: &Instance) -> Option<Evaluator<'m, 'a>> {
        let mut child = Evaluator::new(self.workspace, index, self.sources, self.known_outputs)?;
        child.set_inputs(instance.inputs.clone());
        child.path = if self.path.is_empty() {
            instance.address.clone()
        } else {
            format!("{}.{}", self.path, instance.address)
        };
        Some(child)
    }

    /// The instances `call` (a `module` block of this module) creates, with their inputs
    /// evaluated here; at most [`MAX_INSTANCES`].
    pub fn instances(&mut self, call: Item<'a>) -> Vec<Instance> {
        let name = call.label(0).unwrap_or_default().to_string();
        if !self.instantiating.insert(name.clone()) {
            return Vec::new();
        }
        let out = self
            .repetitions(call)
            .into_iter()
            .map(|r| self.instance(call, r))
            .collect();
        self.instantiating.remove(&name);
        out
    }

    fn instance(&mut self, call: Item<'a>, repetition: Repetition) -> Instance {
        let arguments: Vec<_> = call
            .block
            .body
            .attributes()
            .filter(|a| !META_ARGUMENTS.contains(&a.key.as_str()))
            .collect();
        let evaluate = |ev: &mut Self| {
            let mut inputs = HashMap::new();
            let mut spans = HashMap::new();
            for a in &arguments {
                let name = a.key.as_str().to_string();
                spans.insert(name.clone(), span_of(call.file, &a.value));
                inputs.insert(name, ev.eval(call.file, &a.value));
            }
            (inputs, spans)
        };
        let (inputs, arguments) = match repetition.binding {
            Some((name, value)) => self.with_binding(name, value, evaluate),
            None => evaluate(self),
        };
        Instance {
            address: format!(
                "module.{}{}",
                call.label(0).unwrap_or_default(),
                repetition.key.as_deref().unwrap_or_default()
            ),
            key: repetition.key,
            inputs,
            arguments,
        }
    }

    /// The instance a `terragrunt.hcl` runs: its `inputs` object as the module's variables;
    /// `None` when it has none or they are not a known object.
    pub fn terragrunt_instance(&mut self) -> Option<Instance> {
        let &(file, attr) = self.module.attributes.get("inputs")?;
        let Value::Object(entries, _) = self.eval(file, &attr.value) else {
            return None;
        };
        let mut inputs = HashMap::new();
        let mut arguments = HashMap::new();
        for (key, key_span, value) in entries {
            let Some(name) = key.known() else { continue };
            // Where the value is written; a value built elsewhere is located at its key.
            let at = match value.span() {
                s if s.file == key_span.file && s.start >= key_span.end => s,
                _ => key_span,
            };
            arguments.insert(name.clone(), at);
            inputs.insert(name, value);
        }
        // The caller names the instance (see `model::workspace::TERRAGRUNT_CALL`).
        Some(Instance {
            key: None,
            address: String::new(),
            inputs,
            arguments,
        })
    }

    /// The repetitions of a call: one without `count`/`for_each`, none for `count = 0` or an
    /// empty `for_each`, one unknown (`[*]`) when the collection is not known.
    fn repetitions(&mut self, call: Item<'a>) -> Vec<Repetition> {
        let unknown = |binding| {
            vec![Repetition {
                key: Some("[*]".into()),
                binding: Some((binding, Value::Unknown(call.span()))),
            }]
        };
        if let Some((file, expr)) = call.attr("for_each") {
            let collection = self.eval(file, expr);
            let Some(items) = expand::entries(collection, ListKeys::Value) else {
                return unknown("each");
            };
            return items
                .into_iter()
                .take(MAX_INSTANCES)
                .map(|(k, v)| {
                    let key = k.known_text().map(|t| format!("[{t:?}]"));
                    let at = k.span();
                    Repetition {
                        key: Some(key.unwrap_or_else(|| "[*]".into())),
                        binding: Some(("each", expand::binding(k, v, at))),
                    }
                })
                .collect();
        }
        if let Some((file, expr)) = call.attr("count") {
            let count = self.eval(file, expr);
            let Some(n) = count.known_text().and_then(|t| t.parse::<usize>().ok()) else {
                return unknown("count");
            };
            let span = count.span();
            return (0..n.min(MAX_INSTANCES))
                .map(|i| {
                    let index =
                        Value::Str(SymStr::text(i.to_string(), Origin::Derived(span)), span);
                    Repetition {
                        key: Some(format!("[{i}]")),
                        binding: Some((
                            "count",
                            Value::Object(
                                vec![(SymStr::text("index", Origin::Derived(span)), span, index)],
                                span,
                            ),
                        )),
                    }
                })
                .collect();
        }
        vec![Repetition {
            key: None,
            binding: None,
        }]
    }

    /// `module.NAME…`: the output of a local child's instance, else what the known registry
    /// modules say, else unknown.
    pub(super) fn module_reference(
        &mut self,
        file: FileId,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Value {
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        };
        let Some(name) = attr(0) else {
            return Value::Unknown(span);
        };
        // `module.NAME[KEY].OUTPUT` for a call with `count` or `for_each`.
        let (key, at) = match ops.get(1).map(|o| o.value()) {
            Some(TraversalOperator::Index(e)) => (self.eval(file, e).known_text(), 2),
            Some(TraversalOperator::LegacyIndex(i)) => (Some(i.value().to_string()), 2),
            _ => (None, 1),
        };
        let Some(output) = attr(at) else {
            return Value::Unknown(span);
        };
        let rest = &ops[at + 1..];
        let from_child = self.child_output(name, key.as_deref(), at == 2, output, span);
        let v = match from_child {
            Some(v) if !matches!(v, Value::Unknown(_)) => v,
            // A wrapper whose output is not known here may still re-export a known module's.
            _ if at == 1 => {
                let source = self
                    .module
                    .call(name)
                    .and_then(|c| c.attr("source"))
                    .and_then(|(f, e)| self.eval(f, e).known_text());
                let call = self.address(format!("module.{name}"));
                self.known_outputs
                    .output(&call, source.as_deref(), output, span)
                    .unwrap_or(Value::Unknown(span))
            }
            _ => Value::Unknown(span),
        };
        self.apply_ops(file, v, rest)
    }

    /// The output `output` of the instance `key` of the local call `name`, evaluated in a child
    /// evaluator kept for later references; `None` when the call is not followed.
    fn child_output(
        &mut self,
        name: &str,
        key: Option<&str>,
        indexed: bool,
        output: &str,
        span: Span,
    ) -> Option<Value> {
        let child_index = self.child_module(name)?;
        let call = self.module.call(name)?;
        let slot = (name.to_string(), key.unwrap_or_default().to_string());
        let mut child = match self.children.remove(&slot) {
            Some(child) => child,
            None => {
                if !self.charge(INSTANCE_STEPS, span) || self.instantiating.contains(name) {
                    return None;
                }
                self.instantiating.insert(name.to_string());
                let repetitions = self.repetitions(call);
                let wanted = repetitions.into_iter().find(|r| match (&r.key, key) {
                    (None, None) => !indexed,
                    (Some(k), Some(want)) => {
                        *k == format!("[{want:?}]") || *k == format!("[{want}]")
                    }
                    _ => false,
                });
                let instance = wanted.map(|r| self.instance(call, r));
                self.instantiating.remove(name);
                let instance = instance?;
                let mut child = Box::new(self.for_child(child_index, &instance)?);
                child.depth = self.depth;
                child
            }
        };
        // One budget for the whole evaluation: the child spends the caller's steps.
        child.steps_left = self.steps_left;
        let mut v = child.named(Named::Output, output, span);
        self.steps_left = child.steps_left;
        self.problems.extend(child.take_problems());
        // The child's roles are those of this instance of it (an output of a module the child
        // calls already names its own instance).
        v.map_symbols(&mut |sym| {
            if let Shape::RoleArn(a) | Shape::RoleName(a) = &mut sym.shape
                && a.instance().is_empty()
            {
                a.set_instance(&child.path);
            }
        });
        self.children.insert(slot, child);
        Some(v)
    }

    /// A variable's input with the defaults its `type` gives to `optional()` object attributes
    /// the caller left out, as Terraform fills them in.
    pub(super) fn with_type_defaults(&mut self, variable: &str, value: Value) -> Value {
        let Some((file, ty)) = self
            .module
            .variables
            .get(variable)
            .and_then(|item| item.attr("type"))
        else {
            return value;
        };
        self.fill_defaults(file, ty, value, 0)
    }

    fn fill_defaults(
        &mut self,
        file: FileId,
        ty: &Expression,
        value: Value,
        depth: usize,
    ) -> Value {
        let Expression::FuncCall(call) = ty else {
            return value;
        };
        // Types nest only as deep as they are written; this bounds hostile ones.
        if depth > super::MAX_DEPTH {
            return value;
        }
        let args: Vec<&Expression> = call.args.iter().collect();
        match (call.name.name.as_str(), args.as_slice(), value) {
            ("list" | "set", [element], Value::List(items, s)) => Value::List(
                items
                    .into_iter()
                    .map(|v| self.fill_defaults(file, element, v, depth + 1))
                    .collect(),
                s,
            ),
            ("map", [element], Value::Object(entries, s)) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, ks, v)| (k, ks, self.fill_defaults(file, element, v, depth + 1)))
                    .collect(),
                s,
            ),
            ("object", [Expression::Object(attrs)], Value::Object(mut entries, s)) => {
                for (k, t) in attrs.iter() {
                    let ObjectKey::Ident(id) = k else { continue };
                    let key = id.as_str();
                    let t = t.expr();
                    match entries
                        .iter()
                        .position(|(ek, _, _)| ek.known().as_deref() == Some(key))
                    {
                        Some(i) => {
                            let inner = optional_type(t).map_or(t, |(inner, _)| inner);
                            let v = std::mem::replace(&mut entries[i].2, Value::Null(s));
                            entries[i].2 = self.fill_defaults(file, inner, v, depth + 1);
                        }
                        None => {
                            let Some((inner, default)) = optional_type(t) else {
                                continue;
                            };
                            let v = match default {
                                Some(d) => {
                                    let v = self.eval(file, d);
                                    self.fill_defaults(file, inner, v, depth + 1)
                                }
                                None => Value::Null(s),
                            };
                            let ks = span_of(file, id);
                            entries.push((SymStr::text(key, Origin::Derived(ks)), ks, v));
                        }
                    }
                }
                Value::Object(entries, s)
            }
            (_, _, value) => value,
        }
    }
}

/// `optional(TYPE)` or `optional(TYPE, DEFAULT)`: the type and the default.
fn optional_type(ty: &Expression) -> Option<(&Expression, Option<&Expression>)> {
    let Expression::FuncCall(call) = ty else {
        return None;
    };
    if call.name.name.as_str() != "optional" {
        return None;
    }
    let mut args = call.args.iter();
    let inner = args.next()?;
    Some((inner, args.next()))
}
