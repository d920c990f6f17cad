//! Symbolic evaluation of HCL expressions within one module.
//!
//! Known text is kept with its source bytes; references whose value only exists at apply time
//! become symbols with a shape (see SPEC §4). Anything not understood is `Unknown`, never an
//! error: rules only fire on known contradictions.

mod calls;
pub mod expand;
mod functions;
mod operators;
mod template;

pub use template::JuxtaposedLoop;

pub use calls::{Calls, Instance, MAX_INSTANCES, Workspace};
pub mod tfvars;

use crate::base::diagnostic::{Problem, Severity};
use crate::base::source::{FileId, Sources, Span};
use crate::input::module::{Item, Module, span_of};
use crate::input::parse::literal::{LiteralMode, literal_origin};
use crate::value::{
    Address, Issuer, Origin, Part, Shape, SymStr, Symbol, UnindexedBlockAccess, Value,
};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::Template;
use std::collections::{HashMap, HashSet};

/// Evaluation stops following references this deep (pathological inputs).
const MAX_DEPTH: usize = 48;

/// Steps one module's evaluation may take, besides [`STEPS_PER_BYTE`]: an expression evaluated
/// is one step, a remembered value used again costs its size. This bounds time and memory on
/// any input (fan-out locals, huge decoded objects) while leaving real modules far below it.
const BASE_STEPS: usize = 200_000;
/// Further steps per byte of the module's `.tf` files and of the files `file()` reads, so the
/// budget grows with the input.
const STEPS_PER_BYTE: usize = 64;

/// A value remembered with its size, the steps its reuse costs.
#[derive(Debug, Clone)]
struct Remembered {
    value: Value,
    size: usize,
}

impl Remembered {
    fn new(value: Value) -> Remembered {
        let size = value.size();
        Remembered { value, size }
    }
}

/// The outputs of module calls whose source is not read (registry modules are not on disk).
/// The model implements it (`model::known_modules`), so the evaluator need not import it.
pub trait KnownOutputs: Sync {
    /// The value of `module.CALL.OUTPUT` (`call` is `module.CALL`, qualified by the calling
    /// module; `source` the known text of its `source`), or `None` when it is not known.
    fn output(
        &self,
        call: &Address,
        source: Option<&str>,
        output: &str,
        span: Span,
    ) -> Option<Value>;
}

/// What a remembered name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Named {
    Local,
    Variable,
    Output,
}

/// Evaluates expressions of one module.
pub struct Evaluator<'m, 'a> {
    pub module: &'m Module<'a>,
    /// The modules a local call can reach, and this module's place among them.
    workspace: &'m Workspace<'m, 'a>,
    index: usize,
    pub sources: &'m Sources,
    /// What `module.CALL.OUTPUT` is for a call whose source is not on disk.
    known_outputs: &'m dyn KnownOutputs,
    /// Names bound by `for` expressions and `dynamic` blocks, innermost last.
    scope: Vec<(String, Remembered)>,
    /// The variables of the `templatefile()` being rendered (looked up after `scope`).
    template_vars: Option<HashMap<String, Remembered>>,
    depth: usize,
    /// Locals, variables and outputs already evaluated, or being evaluated (`None`: a cycle).
    memo: HashMap<(Named, String), Option<Remembered>>,
    steps_left: usize,
    /// Files read by `file()` whose size was added to the budget.
    granted: HashSet<FileId>,
    problems: Vec<Problem>,
    /// Values the module's variables are given from outside (a caller's arguments, tfvars):
    /// they take the place of the defaults.
    inputs: HashMap<String, Value>,
    /// The instances of local calls whose outputs were read, by call name and instance key.
    children: HashMap<(String, String), Box<Evaluator<'m, 'a>>>,
    /// The calls from the root this evaluator's module is reached by (`module.a.module.b["k"]`;
    /// empty for the root).
    pub(crate) path: String,
    /// Calls whose arguments are being evaluated: an argument that reads the call's own
    /// outputs is a cycle (an error in Terraform), so it is unknown.
    instantiating: HashSet<String>,
    /// What rendering templates found (loops for WIF014) and the `template_file`s in progress.
    renders: template::Renders,
    /// Cluster issuer references read without the list indexes Terraform requires, once each.
    unindexed: Vec<UnindexedBlockAccess>,
}

impl<'m, 'a> Evaluator<'m, 'a> {
    /// An evaluator of the module at `index` in `workspace` (see [`Workspace::module`]), or
    /// `None` when there is none.
    pub fn new(
        workspace: &'m Workspace<'m, 'a>,
        index: usize,
        sources: &'m Sources,
        known_outputs: &'m dyn KnownOutputs,
    ) -> Option<Self> {
        let module = workspace.module(index)?;
        let bytes: usize = module
            .files
            .iter()
            .map(|&f| sources.get(f).text.len())
            .sum();
        Some(Evaluator {
            module,
            workspace,
            index,
            sources,
            known_outputs,
            scope: Vec::new(),
            template_vars: None,
            depth: 0,
            memo: HashMap::new(),
            steps_left: BASE_STEPS.saturating_add(bytes.saturating_mul(STEPS_PER_BYTE)),
            granted: HashSet::new(),
            problems: Vec::new(),
            inputs: HashMap::new(),
            children: HashMap::new(),
            path: String::new(),
            instantiating: HashSet::new(),
            renders: template::Renders::default(),
            unindexed: Vec::new(),
        })
    }

    /// Gives variables values from outside the module (a caller's arguments, tfvars); a variable
    /// with no input keeps its default. Call before evaluating anything.
    pub fn set_inputs(&mut self, inputs: HashMap<String, Value>) {
        self.memo.retain(|(kind, _), _| *kind == Named::Local);
        self.inputs = inputs;
    }

    /// `local` (an address as written in this module) qualified by the module.
    pub fn address(&self, local: impl Into<String>) -> Address {
        Address::new(&self.module.dir, local)
    }

    /// What could not be evaluated so far (unreadable files, the step budget).
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// The cluster issuer references read so far that Terraform refuses for a missing index.
    pub fn take_unindexed_accesses(&mut self) -> Vec<UnindexedBlockAccess> {
        std::mem::take(&mut self.unindexed)
    }

    pub(crate) fn problem(&mut self, span: Span, message: String, label: &'static str) {
        self.problems
            .push(Problem::error(span, message).with_label(label));
    }

    /// More steps for the `bytes` of `file`, input read during evaluation (a `file()` target):
    /// once per file, and not once the budget is spent (that evaluation has stopped).
    pub(crate) fn grant(&mut self, file: FileId, bytes: usize) {
        if self.steps_left > 0 && self.granted.insert(file) {
            self.steps_left = self
                .steps_left
                .saturating_add(bytes.saturating_mul(STEPS_PER_BYTE));
        }
    }

    /// A value a function would build beyond its size limit: unknown, with the budget's warning.
    pub(crate) fn too_large(&mut self, span: Span) -> Value {
        self.charge(usize::MAX, span);
        Value::Unknown(span)
    }

    /// Takes `cost` steps; false (and one warning, the first time) once the budget is spent.
    pub(crate) fn charge(&mut self, cost: usize, span: Span) -> bool {
        if self.steps_left == 0 {
            return false;
        }
        if cost < self.steps_left {
            self.steps_left -= cost;
            return true;
        }
        self.steps_left = 0;
        self.problems.push(Problem {
            severity: Severity::Warning,
            ..Problem::error(
                span,
                "a value here is too large to follow (the evaluation step budget is spent); \
                 what depends on it in this module is not checked",
            )
            .with_label("evaluation stopped here")
        });
        false
    }

    /// Evaluates `expr` with `name` bound to `value` (a `dynamic` block iterator, say).
    pub fn with_binding<T>(
        &mut self,
        name: &str,
        value: Value,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        self.scope.push((name.to_string(), Remembered::new(value)));
        let out = f(self);
        self.scope.pop();
        out
    }

    pub fn eval(&mut self, file: FileId, expr: &Expression) -> Value {
        if self.depth >= MAX_DEPTH || !self.charge(1, span_of(file, expr)) {
            return Value::Unknown(span_of(file, expr));
        }
        self.depth += 1;
        let v = self.eval_inner(file, expr);
        self.depth -= 1;
        if self.steps_left == 0 {
            // Spent during this expression: what it built is partial, so it is not used at all.
            return Value::Unknown(span_of(file, expr));
        }
        v
    }

    fn eval_inner(&mut self, file: FileId, expr: &Expression) -> Value {
        let span = span_of(file, expr);
        match expr {
            Expression::Null(_) => Value::Null(span),
            Expression::Bool(b) => Value::Str(
                SymStr::text(b.value().to_string(), Origin::Exact(span)),
                span,
            ),
            Expression::Number(n) => Value::Str(
                SymStr::text(n.to_string().trim().to_string(), Origin::Derived(span)),
                span,
            ),
            Expression::String(s) => Value::Str(self.quoted_string(file, s.value(), span), span),
            Expression::Array(items) => {
                Value::List(items.iter().map(|e| self.eval(file, e)).collect(), span)
            }
            Expression::Object(obj) => {
                let mut entries = Vec::new();
                for (k, v) in obj.iter() {
                    let (key, key_span) = match k {
                        ObjectKey::Ident(id) => {
                            let ks = span_of(file, id);
                            (SymStr::text(id.as_str(), Origin::Exact(ks)), ks)
                        }
                        ObjectKey::Expression(e) => {
                            let ks = span_of(file, e);
                            let key = match self.eval(file, e) {
                                Value::Str(s, _) => s,
                                other => SymStr::symbol(Shape::Unknown, other.span()),
                            };
                            (key, ks)
                        }
                    };
                    entries.push((key, key_span, self.eval(file, v.expr())));
                }
                Value::Object(entries, span)
            }
            Expression::StringTemplate(t) => {
                Value::Str(self.template(file, t, LiteralMode::Quoted), span)
            }
            Expression::HeredocTemplate(h) => Value::Str(
                self.template(
                    file,
                    &h.template,
                    LiteralMode::Heredoc { indent: h.indent() },
                ),
                span,
            ),
            Expression::Parenthesis(p) => self.eval(file, p.inner()),
            Expression::Variable(v) => self
                .lookup_scope(v.as_str(), &[], file)
                .unwrap_or(Value::Unknown(span)),
            Expression::Conditional(c) => {
                match self.eval(file, &c.cond_expr).known_text().as_deref() {
                    Some("true") => self.eval(file, &c.true_expr),
                    Some("false") => self.eval(file, &c.false_expr),
                    _ => Value::Unknown(span),
                }
            }
            Expression::FuncCall(call) => functions::call(self, file, call, span),
            Expression::Traversal(t) => {
                at_use_site(self.traversal(file, &t.expr, &t.operators, span), span)
            }
            Expression::ForExpr(f) => self.for_expr(file, f, span),
            Expression::UnaryOp(op) => operators::unary(self, file, op, span),
            Expression::BinaryOp(op) => operators::binary(self, file, op, span),
        }
    }

    /// A quoted string without interpolation; `span` includes the quotes.
    fn quoted_string(&self, file: FileId, decoded: &str, span: Span) -> SymStr {
        let text = self.sources.get(file);
        let raw = text.slice(span);
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        let start = if raw.starts_with('"') {
            span.start + 1
        } else {
            span.start
        };
        let origin = literal_origin(file, inner, start, decoded, LiteralMode::Quoted, &mut false);
        SymStr::text(decoded, origin)
    }

    fn lookup_scope(
        &mut self,
        name: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        file: FileId,
    ) -> Option<Value> {
        let bound = match self.scope.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => v,
            None => self.template_vars.as_ref()?.get(name)?,
        };
        let (value, size, span) = (bound.value.clone(), bound.size, bound.value.span());
        if !self.charge(size, span) {
            return Some(Value::Unknown(span));
        }
        Some(self.apply_ops(file, value, ops))
    }

    /// Renders `template` (a `templatefile()`) with only `vars` in scope, as Terraform does.
    pub(crate) fn render_template_file(
        &mut self,
        file: FileId,
        template: &Template,
        vars: HashMap<String, Value>,
    ) -> SymStr {
        let vars: HashMap<String, Remembered> = vars
            .into_iter()
            .map(|(k, v)| (k, Remembered::new(v)))
            .collect();
        let scope = std::mem::take(&mut self.scope);
        let outer = self.template_vars.replace(vars);
        let out = self.template(file, template, LiteralMode::Heredoc { indent: None });
        self.template_vars = outer;
        self.scope = scope;
        out
    }

    fn traversal(
        &mut self,
        file: FileId,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Value {
        let Expression::Variable(root) = root else {
            let v = self.eval(file, root);
            return self.apply_ops(file, v, ops);
        };
        let root = root.as_str();
        if let Some(v) = self.lookup_scope(root, ops, file) {
            return v;
        }
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        };
        match root {
            "local" => {
                let Some(name) = attr(0) else {
                    return Value::Unknown(span);
                };
                let v = self.named(Named::Local, name, span);
                self.apply_ops(file, v, &ops[1..])
            }
            "var" => {
                let Some(name) = attr(0) else {
                    return Value::Unknown(span);
                };
                let v = self.named(Named::Variable, name, span);
                self.apply_ops(file, v, &ops[1..])
            }
            "path" => match attr(0) {
                // Each directory is analysed as the root module `terraform` runs in, where
                // all three are `.`; `read_file` resolves relative paths from that directory.
                Some("module" | "root" | "cwd") if ops.len() == 1 => {
                    Value::Str(SymStr::text(".", Origin::Derived(span)), span)
                }
                _ => Value::Unknown(span),
            },
            "module" => self.module_reference(file, ops, span),
            "data" => match (attr(0), attr(1)) {
                (Some(kind), Some(name)) => self.attribute(true, kind, name, &ops[2..], span),
                _ => Value::Unknown(span),
            },
            "count" | "each" | "self" | "terraform" => Value::Unknown(span),
            kind => match attr(0) {
                Some(name) => self.attribute(false, kind, name, &ops[1..], span),
                None => Value::Unknown(span),
            },
        }
    }

    /// The value of `local.NAME`, of `var.NAME` (its input, else its default) or of the output
    /// `NAME`, evaluated once. All are evaluated in the module's scope, never in the scope of
    /// the reference (a `for` variable or a template variable is not visible inside a local),
    /// so the value can be remembered; a local that refers to itself, directly or not, is
    /// unknown.
    fn named(&mut self, kind: Named, name: &str, span: Span) -> Value {
        let key = (kind, name.to_string());
        match self.memo.get(&key) {
            Some(Some(known)) => {
                let (value, size) = (known.value.clone(), known.size);
                return if self.charge(size, span) {
                    value
                } else {
                    Value::Unknown(span)
                };
            }
            Some(None) => return Value::Unknown(span),
            None => {}
        }
        if kind == Named::Variable
            && let Some(given) = self.inputs.get(name).cloned()
        {
            let given = self.with_type_defaults(name, given);
            self.memo.insert(key, Some(Remembered::new(given.clone())));
            return given;
        }
        let definition = match kind {
            Named::Variable => self
                .module
                .variables
                .get(name)
                .and_then(|item| item.attr("default")),
            Named::Local => self.module.locals.get(name).map(|&(f, a)| (f, &a.value)),
            Named::Output => self
                .module
                .outputs
                .get(name)
                .and_then(|item| item.attr("value")),
        };
        let Some((file, expr)) = definition else {
            return Value::Unknown(span);
        };
        self.memo.insert(key.clone(), None);
        let scope = std::mem::take(&mut self.scope);
        let templates = self.template_vars.take();
        let v = self.eval(file, expr);
        self.scope = scope;
        self.template_vars = templates;
        self.memo.insert(key, Some(Remembered::new(v.clone())));
        v
    }

    /// `TYPE.NAME.rest` of a resource or data source.
    fn attribute(
        &mut self,
        is_data: bool,
        kind: &str,
        name: &str,
        rest: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Value {
        let path = crate::input::reference::steps(rest);
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let prefix = if is_data { "data." } else { "" };
        let address = format!("{prefix}{kind}.{name}");
        let sym = |shape| Value::Str(SymStr::symbol(shape, span), span);
        match (kind, path.as_slice()) {
            ("aws_iam_openid_connect_provider", ["arn"]) => sym(Shape::ProviderArn(
                self.provider_issuer(is_data, name, &address),
            )),
            ("aws_iam_openid_connect_provider", ["url"]) => sym(Shape::ProviderUrl(
                self.provider_issuer(is_data, name, &address),
            )),
            ("aws_eks_cluster", steps) if issuer_steps(steps).is_some() => {
                if issuer_steps(steps) == Some(false) {
                    self.unindexed_access(rest, span);
                }
                sym(Shape::IssuerUrl(if is_data {
                    Issuer::ClusterLookup(self.address(address))
                } else {
                    Issuer::Cluster(self.address(address))
                }))
            }
            ("aws_iam_role", ["arn"]) if !is_data => sym(Shape::RoleArn(self.address(address))),
            ("aws_iam_role", ["name" | "id"]) if !is_data => {
                sym(Shape::RoleName(self.address(address)))
            }
            ("aws_partition", ["partition"]) if is_data => sym(Shape::Partition),
            ("aws_caller_identity", ["account_id"]) if is_data => sym(Shape::Account),
            ("aws_region", ["name" | "region" | "id"]) if is_data => sym(Shape::Region),
            ("template_file", ["rendered"]) if is_data => self.template_file(name, span),
            ("aws_iam_policy_document", ["json" | "minified_json"]) if is_data => {
                Value::PolicyDocument(name.to_string(), span)
            }
            _ => Value::Unknown(span),
        }
    }

    /// Records `rest` (the steps after `TYPE.NAME` of the reference at `span`) as a cluster
    /// issuer read without its indexes, with the indexed text when the steps are plain.
    fn unindexed_access(&mut self, rest: &[hcl_edit::Decorated<TraversalOperator>], span: Span) {
        let (Some(first), Some(last)) = (rest.first(), rest.last()) else {
            return;
        };
        let steps = span_of(span.file, first).cover(span_of(span.file, last));
        if self.unindexed.iter().any(|u| u.span == steps) {
            return;
        }
        let source = self.sources.get(span.file);
        let written = source.slice(steps);
        let plain = written
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '[' | ']'));
        let dot = if written.starts_with('.') { "." } else { "" };
        self.unindexed.push(UnindexedBlockAccess {
            span: steps,
            reference: source.slice(span).to_string(),
            indexed: plain.then(|| format!("{dot}identity[0].oidc[0].issuer")),
        });
    }

    /// The issuer an `aws_iam_openid_connect_provider` stands for, from its `url`.
    pub fn provider_issuer(&mut self, is_data: bool, name: &str, address: &str) -> Issuer {
        let item: Option<Item<'a>> = if is_data {
            self.module
                .data_source("aws_iam_openid_connect_provider", name)
        } else {
            self.module
                .resource("aws_iam_openid_connect_provider", name)
        };
        let Some((file, url)) = item.and_then(|i| i.attr("url")) else {
            return Issuer::Provider(self.address(address));
        };
        match self.eval(file, url) {
            Value::Str(s, _) => match (s.as_symbol(), s.known()) {
                (
                    Some(Symbol {
                        shape: Shape::IssuerUrl(i) | Shape::IssuerHost(i),
                        ..
                    }),
                    _,
                ) => i.clone(),
                (_, Some(text)) => Issuer::Host(crate::base::known::hostpath(&text)),
                _ => Issuer::Provider(self.address(address)),
            },
            _ => Issuer::Provider(self.address(address)),
        }
    }

    fn apply_ops(
        &mut self,
        file: FileId,
        mut v: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> Value {
        for op in ops {
            let span = span_of(file, op);
            v = match op.value() {
                TraversalOperator::GetAttr(id) => get_key(&v, id.as_str(), span),
                TraversalOperator::Index(e) => {
                    let key = self.eval(file, e);
                    match key.known_text() {
                        Some(k) => get_key(&v, &k, span),
                        None => Value::Unknown(span),
                    }
                }
                TraversalOperator::LegacyIndex(i) => get_key(&v, &i.value().to_string(), span),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    Value::Unknown(span)
                }
            };
        }
        v
    }

    fn for_expr(&mut self, file: FileId, f: &hcl_edit::expr::ForExpr, span: Span) -> Value {
        let collection = self.eval(file, &f.intro.collection_expr);
        let Some(items) = expand::entries(collection, expand::ListKeys::Index) else {
            return Value::Unknown(span);
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut entries = Vec::new();
        for (k, v) in items {
            let depth = self.scope.len();
            if let Some(kv) = &key_var {
                self.scope.push((kv.clone(), Remembered::new(k)));
            }
            self.scope.push((value_var.clone(), Remembered::new(v)));
            let keep = match &f.cond {
                Some(c) => self.eval(file, &c.expr).known_text(),
                None => Some("true".into()),
            };
            match keep.as_deref() {
                Some("true") => match &f.key_expr {
                    Some(ke) => {
                        let key = self.eval(file, ke);
                        let value = self.eval(file, &f.value_expr);
                        match key {
                            Value::Str(ks, kspan) => entries.push((ks, kspan, value)),
                            _ => {
                                self.scope.truncate(depth);
                                return Value::Unknown(span);
                            }
                        }
                    }
                    None => list.push(self.eval(file, &f.value_expr)),
                },
                Some("false") => {}
                _ => {
                    self.scope.truncate(depth);
                    return Value::Unknown(span);
                }
            }
            self.scope.truncate(depth);
        }
        if f.key_expr.is_some() {
            Value::Object(entries, span)
        } else {
            Value::List(list, span)
        }
    }
}

/// A referenced value is located where it is used, and a reference that yields one symbol is
/// edited there, not where it is defined. Known text keeps the origin of its bytes.
fn at_use_site(v: Value, span: Span) -> Value {
    match v {
        Value::Str(mut s, _) => {
            if let [Part::Sym(sym)] = s.parts.as_mut_slice() {
                sym.site = span;
            }
            Value::Str(s, span)
        }
        Value::Unknown(_) => Value::Unknown(span),
        Value::Null(_) => Value::Null(span),
        Value::List(items, _) => Value::List(items, span),
        Value::Object(entries, _) => Value::Object(entries, span),
        Value::PolicyDocument(name, _) => Value::PolicyDocument(name, span),
    }
}

/// Whether `steps` read an EKS cluster's issuer, `identity[0].oidc[0].issuer`: `Some(true)`
/// with both list indexes, `Some(false)` when one is missing (a Terraform error, read as meant).
fn issuer_steps(steps: &[&str]) -> Option<bool> {
    let (identity, rest) = match steps {
        ["identity", "0", rest @ ..] => (true, rest),
        ["identity", rest @ ..] => (false, rest),
        _ => return None,
    };
    match rest {
        ["oidc", "0", "issuer"] => Some(identity),
        ["oidc", "issuer"] => Some(false),
        _ => None,
    }
}

fn get_key(v: &Value, key: &str, span: Span) -> Value {
    match v {
        Value::Object(..) => v.get(key).cloned().unwrap_or(Value::Unknown(span)),
        Value::List(items, _) => key
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i))
            .cloned()
            .unwrap_or(Value::Unknown(span)),
        _ => Value::Unknown(span),
    }
}

/// Converts a value interpolated at `site` into string parts. A value that is a single symbol
/// takes `site` as its edit site, so fixes change the policy's own expression.
pub fn interpolate(v: Value, site: Span) -> SymStr {
    match v {
        Value::Str(mut s, _) => {
            if let [Part::Sym(sym)] = s.parts.as_mut_slice() {
                sym.site = site;
            }
            s
        }
        Value::Null(_) => SymStr::default(),
        Value::PolicyDocument(..) | Value::List(..) | Value::Object(..) | Value::Unknown(_) => {
            SymStr::symbol(Shape::Unknown, site)
        }
    }
}
