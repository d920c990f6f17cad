//! Module instances. From each root, every local call is evaluated with the caller's arguments
//! (see `eval::calls`) and the instance is analysed like a module, down the tree. A finding the
//! child does not have on its own comes from its caller's values, so it is reported where the
//! caller gives them: at the caller's argument (following `var.*` arguments further up), with
//! the place in the child as a label. A fix that would edit the child, which every caller
//! shares, is dropped.

use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use crate::base::source::{Sources, Span, normalize};
use crate::engine::check::{Analysis, analyse};
use crate::engine::load::is_installed;
use crate::eval::{Evaluator, Instance};
use crate::input::module::{Item, Module, span_of};
use crate::model::known_modules::KnownModules;
use crate::model::policy::Policy;
use crate::model::workspace::ModuleTree;
use crate::model::workspace::TERRAGRUNT_CALL;
use hcl_edit::expr::{Expression, TraversalOperator};
use std::collections::{HashMap, HashSet};

/// Instances analysed from one root at most (a `for_each` of `for_each`s).
const MAX_INSTANCES_PER_ROOT: usize = 1024;

/// One call on the way from a root to an instance.
#[derive(Debug, Clone)]
struct Frame {
    /// `module.NAME` with its instance key.
    name: String,
    /// Where the call is named (`module "NAME"`), in the caller.
    header: Span,
    /// Where each argument's expression is written, by name.
    arguments: HashMap<String, Span>,
    /// Arguments written as `var.X`: the caller's own input `X`, given further up.
    forwarded: HashMap<String, String>,
}

/// What analysing one instance found.
pub(crate) struct InstanceResult {
    /// The child module (an index into the workspace).
    pub module: usize,
    /// The child module's directory.
    pub dir: std::path::PathBuf,
    /// The root module the calls start from.
    pub root: std::path::PathBuf,
    /// `module.a.module.b["x"]`; a unit's module starts with `terragrunt:<unit directory>`.
    pub address: String,
    /// The calls from the root, outermost first.
    chain: Vec<Frame>,
    diagnostics: Vec<(Diagnostic, Option<Span>)>,
    policies: Vec<Policy>,
    /// Kept only for workspace rules: the instance's ServiceAccounts carry its caller's values.
    pub facts: Option<crate::rules::ModuleFacts>,
}

impl InstanceResult {
    /// The instance's trust policies, as analysed.
    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }
}

/// `module.a.module.b["x"]`: the names of the calls, outermost first.
fn address_of(chain: &[Frame]) -> String {
    let names: Vec<&str> = chain.iter().map(|f| f.name.as_str()).collect();
    names.join(".")
}

/// Per module: whether it, or a module it calls (directly or not), mentions anything a trust
/// rule reads. Instances are only evaluated down to such modules.
pub(crate) fn relevant_below(tree: &ModuleTree, relevant: &[bool]) -> Vec<bool> {
    let mut below = relevant.to_vec();
    // Propagate up from callees to callers until nothing changes: at most one pass per level
    // of the (depth-bounded) tree.
    let followed = tree.followed();
    for _ in 0..=crate::model::workspace::MAX_DEPTH {
        let mut changed = false;
        for (caller, _, child) in &followed {
            if below[*child] && !below[*caller] {
                below[*caller] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    below
}

/// Analyses the instances created by the calls of `ev`'s module (a root), and theirs.
pub(crate) fn analyse_calls(
    cx: &Analysis<'_, '_, '_>,
    ev: &mut Evaluator<'_, '_>,
) -> Vec<InstanceResult> {
    let root = ev.module.dir.clone();
    let mut walked = Walked {
        root: &root,
        out: Vec::new(),
        budget: MAX_INSTANCES_PER_ROOT,
    };
    walk(cx, ev, &mut Vec::new(), &mut walked);
    walked.out
}

/// What a walk from one root carries.
struct Walked<'r> {
    root: &'r std::path::Path,
    out: Vec<InstanceResult>,
    /// Instances left to analyse.
    budget: usize,
}

fn walk(
    cx: &Analysis<'_, '_, '_>,
    ev: &mut Evaluator<'_, '_>,
    chain: &mut Vec<Frame>,
    walked: &mut Walked<'_>,
) {
    let module = ev.module;
    for &call in &module.calls {
        let Some(name) = call.label(0) else { continue };
        let Some(child) = ev.child_module(name) else {
            continue;
        };
        // A known registry module checked out locally is checked from the call's inputs.
        let known = matches!(call.attr("source"), Some((_, Expression::String(s)))
            if crate::model::known_modules::is_known(s.value()));
        if known || !cx.relevant_below[child] {
            continue;
        }
        for instance in ev.instances(call) {
            let frame = Frame {
                name: instance.address.clone(),
                header: header(call),
                arguments: instance.arguments.clone(),
                forwarded: forwarded(call),
            };
            if !descend(cx, ev, child, &instance, frame, chain, walked) {
                return;
            }
        }
    }
    if let Some(child) = ev.child_module(TERRAGRUNT_CALL)
        && cx.relevant_below[child]
        && let Some(header) = terragrunt_source(module)
    {
        let mut instance = ev.terragrunt_instance().unwrap_or_default();
        for parent in included(cx, module) {
            let Some(mut parent_ev) =
                Evaluator::new(cx.workspace, parent, cx.sources, &KnownModules)
            else {
                continue;
            };
            let Some(given) = parent_ev.terragrunt_instance() else {
                continue;
            };
            // Terragrunt merges an included parent's inputs under the unit's own.
            for (name, value) in given.inputs {
                if let Some(&at) = given.arguments.get(&name)
                    && !instance.inputs.contains_key(&name)
                {
                    instance.arguments.insert(name.clone(), at);
                    instance.inputs.insert(name, value);
                }
            }
        }
        instance.address = format!("{TERRAGRUNT_CALL}:{}", module.dir.display());
        let frame = Frame {
            name: instance.address.clone(),
            header,
            arguments: instance.arguments.clone(),
            forwarded: HashMap::new(),
        };
        descend(cx, ev, child, &instance, frame, chain, walked);
    }
}

/// Analyses one instance of `child` and the instances below it; false once the budget is
/// spent.
fn descend(
    cx: &Analysis<'_, '_, '_>,
    ev: &mut Evaluator<'_, '_>,
    child: usize,
    instance: &Instance,
    frame: Frame,
    chain: &mut Vec<Frame>,
    walked: &mut Walked<'_>,
) -> bool {
    if walked.budget == 0 {
        return false;
    }
    walked.budget -= 1;
    chain.push(frame);
    let Some(mut child_ev) = ev.for_child(child, instance) else {
        return true;
    };
    if cx.relevant[child] {
        let analysed = analyse(cx, &mut child_ev);
        walked.out.push(InstanceResult {
            module: child,
            dir: cx.workspace.modules[child].dir.clone(),
            root: walked.root.to_path_buf(),
            address: address_of(chain),
            chain: chain.clone(),
            diagnostics: analysed.diagnostics,
            policies: analysed.policies,
            facts: (crate::rules::any_workspace_rule(cx.rules) || cx.options.keep_policies)
                .then_some(analysed.facts),
        });
    }
    walk(cx, &mut child_ev, chain, walked);
    chain.pop();
    true
}

/// Where a `terragrunt.hcl` names the module it runs.
fn terragrunt_source(module: &Module<'_>) -> Option<Span> {
    module
        .terraform
        .iter()
        .find_map(|t| t.attr("source").map(|(f, e)| span_of(f, e)))
}

/// The modules of the `terragrunt.hcl` files a unit includes: `find_in_parent_folders()`
/// (the nearest `terragrunt.hcl` above), `find_in_parent_folders("name")` or a relative
/// path; only files scanned as modules.
fn included(cx: &Analysis<'_, '_, '_>, module: &Module<'_>) -> Vec<usize> {
    let modules = cx.workspace.modules;
    let file_named = |dir: &std::path::Path, name: &str| {
        let dir = normalize(dir);
        modules.iter().position(|m| {
            normalize(&m.dir) == dir
                && m.files.iter().any(|&f| {
                    cx.sources
                        .get(f)
                        .path
                        .file_name()
                        .is_some_and(|n| n == name)
                })
        })
    };
    let mut out = Vec::new();
    for include in &module.includes {
        let Some((_, expr)) = include.attr("path") else {
            continue;
        };
        let found = match expr {
            Expression::FuncCall(call) if call.name.name.as_str() == "find_in_parent_folders" => {
                let name = match call.args.iter().next() {
                    None => Some(crate::input::discover::TERRAGRUNT_FILE.to_string()),
                    Some(Expression::String(s)) => Some(s.value().to_string()),
                    Some(_) => None,
                };
                name.and_then(|name| {
                    module
                        .dir
                        .ancestors()
                        .skip(1)
                        .find_map(|dir| file_named(dir, &name))
                })
            }
            Expression::String(s) => {
                let path = normalize(&module.dir.join(s.value()));
                match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
                    (Some(dir), Some(name)) => file_named(dir, name),
                    _ => None,
                }
            }
            _ => None,
        };
        out.extend(found);
    }
    out
}

/// Where a call is named: its first label, else the whole block.
fn header(call: Item<'_>) -> Span {
    call.block
        .labels
        .first()
        .map_or_else(|| call.span(), |l| span_of(call.file, l))
}

/// The arguments of a call written exactly as `var.X`, with `X`.
fn forwarded(call: Item<'_>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for a in call.block.body.attributes() {
        let Expression::Traversal(t) = &a.value else {
            continue;
        };
        let (Expression::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) else {
            continue;
        };
        if let (TraversalOperator::GetAttr(id), "var") = (op.value(), root.as_str()) {
            out.insert(a.key.as_str().to_string(), id.as_str().to_string());
        }
    }
    out
}

/// The findings and policies of the instances, as reported: a finding the module has on its
/// own (in `standalone`) is reported once, from there; any other is moved to the caller.
pub(crate) fn report(
    sources: &Sources,
    models: &[Module<'_>],
    standalone: &[Diagnostic],
    results: Vec<InstanceResult>,
) -> (Vec<Diagnostic>, Vec<Policy>) {
    // The same rule at the same place is the module's own problem, found without the caller
    // (the instance may word it with more of the values known).
    let seen: HashSet<(&str, Span)> = standalone.iter().map(|d| (d.rule.code, d.span)).collect();
    let mut diagnostics = Vec::new();
    let mut policies = Vec::new();
    for r in results {
        let in_child = in_module(sources, &models[r.module]);
        let path = r.address.clone();
        let shown = format!("`{path}`");
        for (d, policy) in &r.diagnostics {
            if seen.contains(&(d.rule.code, d.span)) {
                continue;
            }
            diagnostics.push(at_caller(
                sources,
                &r.chain,
                &shown,
                d.clone(),
                *policy,
                &in_child,
            ));
        }
        for mut p in r.policies {
            p.instance = Some(path.clone());
            policies.push(p);
        }
    }
    (diagnostics, policies)
}

/// A workspace rule's finding, reported where the instances it is about get their values:
/// for each instance in turn, a primary span in its module moves to its caller's argument (the
/// place in the module becomes a label), and an edit of the module moves to the caller or
/// drops the fix, as for the instance's own findings. A primary span that is a literal of the
/// module stays: that text is what must change, whoever calls it (the call becomes a label).
pub(crate) fn workspace_at_callers(
    sources: &Sources,
    models: &[Module<'_>],
    about: &[&InstanceResult],
    mut d: Diagnostic,
) -> Diagnostic {
    for r in about {
        let in_child = in_module(sources, &models[r.module]);
        let shown = format!("`{}`", r.address);
        let literal = in_child(d.span) && is_literal(sources.get(d.span.file).slice(d.span));
        match r.chain.last() {
            Some(call) if literal && given_by(sources, &r.chain, &d).is_none() => {
                d.labels.push(Label {
                    span: call.header,
                    message: format!("in {shown}, called here"),
                });
                // The module is shared by every caller: not edited for one of them.
                d.fix = None;
            }
            _ => d = at_caller(sources, &r.chain, &shown, d, None, &in_child),
        }
    }
    d
}

/// Whether `text` is written out whole: no interpolation and no reference to a variable,
/// local, module output or iteration value that a caller's values could change.
fn is_literal(text: &str) -> bool {
    const REFERENCES: [&str; 8] = [
        "${", "%{", "var.", "local.", "module.", "each.", "count.", "data.",
    ];
    !REFERENCES.iter().any(|r| text.contains(r))
}

/// Whether a span is in a file of `module`.
fn in_module<'s>(sources: &'s Sources, module: &Module<'_>) -> impl Fn(Span) -> bool + 's {
    let dir = normalize(&module.dir);
    move |span: Span| {
        sources
            .get(span.file)
            .path
            .parent()
            .is_some_and(|p| normalize(p) == dir)
    }
}

/// Moves a finding of an instance to the caller's argument it comes from.
fn at_caller(
    sources: &Sources,
    chain: &[Frame],
    shown: &str,
    mut d: Diagnostic,
    policy: Option<Span>,
    in_child: &dyn Fn(Span) -> bool,
) -> Diagnostic {
    if in_child(d.span) {
        let original = d.span;
        let argument = given_by(sources, chain, &d);
        let Some(last) = chain.last() else {
            return d;
        };
        d.span = argument.unwrap_or(last.header);
        let child_label = d
            .label
            .take()
            .map_or_else(|| format!("in {shown}"), |l| format!("{l} (in {shown})"));
        d.label = Some(if argument.is_some() {
            format!("given to {shown} here")
        } else {
            format!("the call of {shown}")
        });
        d.labels.insert(
            0,
            Label {
                span: original,
                message: child_label,
            },
        );
    } else if let Some(policy) = policy.filter(|s| in_child(*s)) {
        d.labels.push(Label {
            span: policy,
            message: format!("the trust policy of {shown}"),
        });
    }
    // The child is shared by every caller: its text is never edited for one caller's values.
    // An edit of a bare `var.X` there becomes the same edit of the caller's argument.
    if let Some(fix) = d.fix.take() {
        if !fix.edits.iter().any(|e| in_child(e.span)) {
            d.fix = Some(fix);
        } else {
            d.fix = at_caller_fix(sources, chain, &fix, in_child);
        }
    }
    // Code `terraform init` installed is not the user's: the finding goes to the nearest call
    // they wrote, and nothing there is edited.
    let installed = |span: Span| is_installed(&sources.get(span.file).path);
    if installed(d.span)
        && let Some(user) = chain.iter().rev().find(|f| !installed(f.header))
    {
        // At the argument a labelled value was written in, when there is one.
        let argument = user
            .arguments
            .values()
            .copied()
            .find(|a| d.labels.iter().any(|l| a.contains(l.span)));
        let original = std::mem::replace(&mut d.span, argument.unwrap_or(user.header));
        let label = d.label.take().unwrap_or_else(|| "here".into());
        d.label = Some(if argument.is_some() {
            format!("given to {shown} here")
        } else {
            format!("the call of {shown}")
        });
        d.labels.insert(
            0,
            Label {
                span: original,
                message: format!("{label} (in the installed module)"),
            },
        );
    }
    if d.fix
        .as_ref()
        .is_some_and(|f| f.edits.iter().any(|e| installed(e.span)))
    {
        d.fix = None;
    }
    d
}

/// `fix` with each edit of the child moved to the caller's argument it stands for, when every
/// such edit replaces exactly `var.X` (or a string that is just `"${var.X}"`). Unsafe: the
/// argument may be used elsewhere in the child too.
fn at_caller_fix(
    sources: &Sources,
    chain: &[Frame],
    fix: &Fix,
    in_child: &dyn Fn(Span) -> bool,
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut description = fix.description.clone();
    for e in &fix.edits {
        if !in_child(e.span) {
            edits.push(e.clone());
            continue;
        }
        let file = sources.get(e.span.file);
        let written = file.slice(e.span);
        // `var.X` (an expression), `"${var.X}"` (a string) or `${var.X}` (string content).
        let (name, form) = if let Some(name) = written.strip_prefix("var.") {
            (name, Written::Expression)
        } else if let Some(name) = written
            .strip_prefix("\"${var.")
            .and_then(|r| r.strip_suffix("}\""))
        {
            (name, Written::String)
        } else {
            let name = written
                .strip_prefix("${var.")
                .and_then(|r| r.strip_suffix('}'))?;
            (name, Written::Content)
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let argument = argument_span(chain, name)?;
        let caller = sources.get(argument.file);
        let given = caller.slice(argument);
        // A literal moved from the child's text to an HCL string, unless it holds what the
        // two escape differently.
        let plain = |t: &str| !t.contains(['\\', '"']) && !t.contains("${") && !t.contains("%{");
        let replacement = match form {
            Written::Expression => e.replacement.replace(&format!("var.{name}"), given),
            Written::String => {
                let inner = e
                    .replacement
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))?;
                if !plain(inner) {
                    return None;
                }
                e.replacement.clone()
            }
            Written::Content if plain(&e.replacement) => format!("\"{}\"", e.replacement),
            Written::Content => return None,
        };
        description = format!("Replace `{given}` with `{replacement}` in the call");
        edits.push(Edit::replace(argument, replacement));
    }
    Some(Fix::new(description, Applicability::Unsafe, edits))
}

/// How the child writes the variable an edit replaces.
enum Written {
    Expression,
    String,
    Content,
}

/// Where the caller of the last frame gives input `name`, followed up through `var.*`.
fn argument_span(chain: &[Frame], name: &str) -> Option<Span> {
    let mut level = chain.len().checked_sub(1)?;
    let mut name = name.to_string();
    let mut span = *chain[level].arguments.get(&name)?;
    while level > 0 {
        let Some(up) = chain[level].forwarded.get(&name) else {
            break;
        };
        let Some(&above) = chain[level - 1].arguments.get(up) else {
            break;
        };
        level -= 1;
        name = up.clone();
        span = above;
    }
    Some(span)
}

/// The caller's argument a finding in the child comes from: the first `var.X` written in the
/// finding's spans that the call gives, followed up through arguments that pass on the
/// caller's own `var.Y`.
fn given_by(sources: &Sources, chain: &[Frame], d: &Diagnostic) -> Option<Span> {
    let level = chain.len().checked_sub(1)?;
    let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
    let name = spans
        .flat_map(|s| variables_in(sources.get(s.file).slice(s)))
        .find(|v| chain[level].arguments.contains_key(v))?;
    argument_span(chain, &name)
}

/// The names `X` of the `var.X` references written in `text`.
fn variables_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("var.") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + 4..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name.clone());
        }
        rest = &after[name.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variables_in;

    #[test]
    fn variable_references_are_found_in_text() {
        assert_eq!(
            variables_in(r#""${var.url}:sub" = ["${var.ns}"] myvar.x var."#),
            ["url", "ns"]
        );
    }
}
