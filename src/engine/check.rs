//! The pipeline: discover → parse → module model → evaluate → policy model → rules.
//! Modules (directories) are analysed in parallel; the result is sorted, so it is the same on
//! every run.

use crate::base::diagnostic::{Diagnostic, Problem};
use crate::base::source::Sources;
use crate::base::source::{Span, normalize};
use crate::engine::config::Options;
use crate::engine::instances;
use crate::engine::selection::Selection;
use crate::eval::{Evaluator, Workspace};
use crate::input::discover::{ModuleDir, WalkError, discover};
use crate::input::module::Module;
use crate::input::parse::{ParsedFile, parse_tf};
use crate::model::known_modules::KnownModules;
use crate::model::policy::Policy;
use crate::model::policy::extract::extract;
use crate::model::workspace::{ModuleCall, ModuleTree};
use crate::rules::{
    Context, ModuleContext, ModuleFacts, ModuleView, Rule, RuleMeta, WorkspaceContext,
    check_module, check_policy,
};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// The outcome of one check run.
#[derive(Debug)]
pub struct Report {
    pub sources: Sources,
    /// Sorted by path, line, column, code.
    pub diagnostics: Vec<Diagnostic>,
    /// `.tf` files read.
    pub files: usize,
    pub policies: usize,
    /// Every trust policy found, in module order, when `Options::keep_policies` is set.
    pub trust_policies: Vec<Policy>,
    pub elapsed_ms: u128,
    /// Paths that could not be walked.
    pub walk_errors: Vec<crate::input::discover::WalkError>,
    /// Which scanned module calls which.
    pub tree: ModuleTree,
}

impl Report {
    /// Findings of one severity.
    pub fn count(&self, severity: crate::base::diagnostic::Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// One directory parsed: its files, the problems reading them, and its calls.
struct ParsedDir {
    dir: PathBuf,
    files: Vec<ParsedFile>,
    diagnostics: Vec<Diagnostic>,
    calls: Vec<ModuleCall>,
    /// Whether any of its files mentions something a trust rule reads.
    relevant: bool,
    /// Installed by `terraform init` (under `.terraform/modules`): evaluated as the instances
    /// its callers create, never reported on its own.
    installed: bool,
}

/// What analysing one module found: on its own, and as the instances its calls create.
struct ModuleResult {
    dir: PathBuf,
    diagnostics: Vec<Diagnostic>,
    policies: Vec<Policy>,
    /// Kept only for workspace rules.
    facts: Option<ModuleFacts>,
    /// The instances of local calls below this module, when it is a root.
    instances: Vec<instances::InstanceResult>,
}

/// Analyses every Terraform module under `paths` with default options.
pub fn check(paths: &[PathBuf], selection: &Selection) -> Report {
    check_sources(
        Sources::new(),
        paths,
        &Options::from_selection(selection.clone()),
    )
}

/// Analyses every Terraform module under `paths`.
pub fn check_with(paths: &[PathBuf], options: &Options) -> Report {
    check_sources(Sources::new(), paths, options)
}

/// Like [`check_with`], reading files through `sources` (which may overlay edited texts).
pub fn check_sources(mut sources: Sources, paths: &[PathBuf], options: &Options) -> Report {
    let started = Instant::now();
    // Reads stay inside the scanned trees (with no existing path, nothing can be read).
    sources.set_roots(crate::base::source::scan_roots(paths));
    let (mut modules, mut walk_errors) = discover(paths);
    if options.exclude.is_some() {
        for m in &mut modules {
            m.files.retain(|f| !options.excluded(f));
        }
        modules.retain(|m| !m.files.is_empty());
    }
    let files = modules.iter().map(|m| m.files.len()).sum();
    let rules = crate::rules::enabled_rules(&|rule| options.selection.enabled(rule));
    let mut parsed = parse_modules(&sources, &modules, &mut walk_errors);
    add_installed_modules(&sources, &mut parsed);
    let tree = ModuleTree::new(
        parsed
            .iter()
            .map(|p| (p.dir.clone(), p.calls.clone()))
            .collect(),
    );
    let mut diagnostics: Vec<Diagnostic> = parsed
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.diagnostics))
        .collect();
    let models: Vec<Module<'_>> = parsed
        .iter()
        .map(|p| Module::new(p.dir.clone(), &p.files))
        .collect();
    let workspace = Workspace::new(&models, tree.followed());
    let analysis = Analysis {
        sources: &sources,
        options,
        rules: &rules,
        workspace: &workspace,
        tree: &tree,
        relevant: parsed.iter().map(|p| p.relevant).collect(),
        installed: parsed.iter().map(|p| p.installed).collect(),
        relevant_below: instances::relevant_below(
            &tree,
            &parsed.iter().map(|p| p.relevant).collect::<Vec<_>>(),
        ),
    };
    let results = analyse_modules(&analysis, &parsed, &mut walk_errors);
    diagnostics.extend(check_workspace(&sources, &results, &tree, options, &rules));
    let mut trust_policies = Vec::new();
    let mut policies = 0;
    let mut instance_results = Vec::new();
    let mut instanced = vec![false; parsed.len()];
    let mut standalone = Vec::new();
    for r in results {
        for i in &r.instances {
            instanced[i.module] = true;
        }
        standalone.push(r.policies);
        diagnostics.extend(r.diagnostics);
        instance_results.extend(r.instances);
    }
    // A module evaluated with its callers' inputs is listed as those instances, not on its own.
    for (i, p) in standalone.into_iter().enumerate() {
        if !instanced[i] {
            policies += p.len();
            if options.keep_policies {
                trust_policies.extend(p);
            }
        }
    }
    let (instance_diagnostics, instance_policies) =
        instances::report(&sources, &models, &diagnostics, instance_results);
    diagnostics.extend(instance_diagnostics);
    policies += instance_policies.len();
    if options.keep_policies {
        trust_policies.extend(instance_policies);
    }
    let diagnostics = filter(&sources, diagnostics, options);
    drop(models);
    drop(parsed);
    let mut report = Report {
        sources,
        diagnostics,
        files,
        policies,
        trust_policies,
        elapsed_ms: 0,
        walk_errors,
        tree,
    };
    if let Some(baseline) = &options.baseline {
        let prints = crate::engine::fingerprint::fingerprints(&report);
        let mut keep = prints.iter().map(|p| p.as_str());
        report.diagnostics.retain(|d| {
            keep.next()
                .is_none_or(|p| !baseline.contains(d.rule.code, p))
        });
    }
    report.elapsed_ms = started.elapsed().as_millis();
    report
}

/// What every module's analysis shares.
pub(crate) struct Analysis<'x, 'm, 'a> {
    pub sources: &'x Sources,
    pub options: &'x Options,
    pub rules: &'x [&'x dyn Rule],
    pub workspace: &'x Workspace<'m, 'a>,
    pub tree: &'x ModuleTree,
    /// Per module: whether its files mention anything a trust rule reads.
    pub relevant: Vec<bool>,
    /// Per module: whether it or a module it calls is relevant.
    pub relevant_below: Vec<bool>,
    /// Per module: installed by `terraform init`, not the user's code.
    pub installed: Vec<bool>,
}

/// At most this many installed module directories are read for one run.
const MAX_INSTALLED_MODULES: usize = 256;

/// Reads the modules under `.terraform/modules` (which the walk skips) that a scanned call
/// runs, as `terraform init` installed them, and those they call in turn.
fn add_installed_modules(sources: &Sources, parsed: &mut Vec<ParsedDir>) {
    let mut added = 0;
    loop {
        let known: std::collections::HashSet<PathBuf> =
            parsed.iter().map(|p| normalize(&p.dir)).collect();
        let mut wanted: Vec<PathBuf> = parsed
            .iter()
            .flat_map(|p| p.calls.iter().filter_map(|c| c.target.clone()))
            .filter(|t| is_installed(t) && !known.contains(&normalize(t)))
            .collect();
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() || added >= MAX_INSTALLED_MODULES {
            return;
        }
        for dir in wanted.into_iter().take(MAX_INSTALLED_MODULES - added) {
            added += 1;
            let files = crate::input::discover::installed_module_files(&dir);
            let mut p = parse_module(sources, &ModuleDir { dir, files });
            p.installed = true;
            // Problems of code the user did not write are not theirs to fix.
            p.diagnostics.clear();
            parsed.push(p);
        }
    }
}

/// Whether `path` lies in a `.terraform` directory.
pub(crate) fn is_installed(path: &std::path::Path) -> bool {
    path.components().any(|c| c.as_os_str() == ".terraform")
}

/// Parses the modules in parallel. A bug met in one module must not lose the findings of the
/// others: it becomes an error for that module (the panic hook in cli prints nothing of the
/// payload, which may quote the input).
fn parse_modules(
    sources: &Sources,
    modules: &[ModuleDir],
    errors: &mut Vec<WalkError>,
) -> Vec<ParsedDir> {
    let parsed: Vec<Result<ParsedDir, WalkError>> = modules
        .par_iter()
        .map(|m| guarded(&m.dir, || parse_module(sources, m)))
        .collect();
    parsed
        .into_iter()
        .filter_map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect()
}

/// Runs `f` for the module in `dir`, turning a panic into an error for that module.
fn guarded<T>(dir: &std::path::Path, f: impl FnOnce() -> T) -> Result<T, WalkError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| WalkError {
        path: dir.to_path_buf(),
        message: "internal error while analysing this module (a bug in irsa-lint; \
                  the other modules were analysed)"
            .into(),
    })
}

fn parse_module(sources: &Sources, m: &ModuleDir) -> ParsedDir {
    // Test builds only: a bug on demand, in the module whose directory has this name, with the
    // first line of its first file as the payload (which must never be printed).
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("IRSA_LINT_DEBUG_PANIC_IN")
        && m.dir.file_name() == Some(name.as_os_str())
    {
        let first = m
            .files
            .first()
            .and_then(|f| std::fs::read_to_string(f).ok());
        panic!("{}", first.unwrap_or_default().lines().next().unwrap_or(""));
    }
    let mut diagnostics = Vec::new();
    let mut files: Vec<ParsedFile> = Vec::new();
    for path in &m.files {
        match parse_tf(sources, path) {
            Ok(p) => files.push(p),
            Err(p) => diagnostics.push(parse_diagnostic(*p)),
        }
    }
    let calls = crate::model::workspace::calls_of(sources, &m.dir, &files);
    let relevant = files
        .iter()
        .any(|p| crate::input::parse::trust_relevant(&sources.get(p.id).text));
    ParsedDir {
        dir: m.dir.clone(),
        files,
        diagnostics,
        calls,
        relevant,
        installed: false,
    }
}

/// Analyses each module on its own, and from each root the instances its calls create, in
/// parallel.
fn analyse_modules(
    cx: &Analysis<'_, '_, '_>,
    parsed: &[ParsedDir],
    errors: &mut Vec<WalkError>,
) -> Vec<ModuleResult> {
    let results: Vec<Result<ModuleResult, WalkError>> = (0..parsed.len())
        .into_par_iter()
        .map(|i| guarded(&parsed[i].dir, || analyse_module(cx, i)))
        .collect();
    results
        .into_iter()
        .filter_map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect()
}

/// The findings of the enabled workspace rules, which see every module at once.
fn check_workspace(
    sources: &Sources,
    results: &[ModuleResult],
    tree: &ModuleTree,
    options: &Options,
    rules: &[&dyn Rule],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !crate::rules::any_workspace_rule(rules) {
        return out;
    }
    let no_facts = ModuleFacts::default();
    let cx = WorkspaceContext {
        sources,
        modules: results
            .iter()
            .map(|r| ModuleView {
                dir: &r.dir,
                policies: &r.policies,
                facts: r.facts.as_ref().unwrap_or(&no_facts),
            })
            .collect(),
        tree,
        settings: &options.settings,
    };
    crate::rules::check_workspace(rules, &cx, &mut out);
    out
}

/// Suppressions, the selection, `[[allow]]` entries and severity overrides, then the order.
fn filter(sources: &Sources, diagnostics: Vec<Diagnostic>, options: &Options) -> Vec<Diagnostic> {
    let selection = &options.selection;
    let enabled = |rule: &RuleMeta| selection.enabled(rule);
    let mut diagnostics = crate::engine::suppress::apply(sources, diagnostics, &enabled);
    diagnostics.retain(|d| {
        selection.enabled(d.rule)
            && !options.allowed(d.rule.code, d.rule.name, &sources.get(d.span.file).path)
    });
    for d in &mut diagnostics {
        if let Some(&level) = options.severity.get(d.rule.code) {
            d.severity = level;
        }
    }
    sort_diagnostics(sources, &mut diagnostics);
    diagnostics
}

/// Sorts by path, position and code, and drops exact duplicates (the same policy reached twice).
fn sort_diagnostics(sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_cached_key(|d| {
        let f = sources.get(d.span.file);
        (
            f.display_path.clone(),
            d.span.start,
            d.span.end,
            d.rule.code,
            d.message.clone(),
        )
    });
    diagnostics
        .dedup_by(|a, b| a.rule.code == b.rule.code && a.span == b.span && a.message == b.message);
}

fn analyse_module(cx: &Analysis<'_, '_, '_>, index: usize) -> ModuleResult {
    let module = &cx.workspace.modules[index];
    let mut ev = Evaluator::new(cx.workspace, index, cx.sources, &KnownModules);
    let mut result = ModuleResult {
        dir: module.dir.clone(),
        diagnostics: Vec::new(),
        policies: Vec::new(),
        facts: None,
        instances: Vec::new(),
    };
    if cx.installed[index] {
        return result;
    }
    let root = cx.tree.nodes[index].callers.is_empty();
    let walk_calls = root && cx.relevant_below[index];
    if !cx.relevant[index] && !walk_calls {
        return result;
    }
    // Analysed as a root module: its variable files, then (for the roots of the tree)
    // `--var-file`, as Terraform loads them. An instance gets its caller's values instead.
    let mut var_files = crate::input::discover::variable_files(&module.dir);
    if root {
        var_files.extend(cx.options.var_files.iter().cloned());
    }
    let (inputs, problems) = crate::eval::tfvars::load(&mut ev, &var_files);
    result
        .diagnostics
        .extend(problems.into_iter().map(parse_diagnostic));
    ev.set_inputs(inputs);
    if cx.relevant[index] {
        let analysed = analyse(cx, &mut ev);
        result
            .diagnostics
            .extend(analysed.diagnostics.into_iter().map(|(d, _)| d));
        result.policies = analysed.policies;
        result.facts = crate::rules::any_workspace_rule(cx.rules).then_some(analysed.facts);
    }
    if walk_calls {
        result.instances = instances::analyse_calls(cx, &mut ev);
    }
    result
}

/// What the rules found in one module (on its own or as an instance).
pub(crate) struct Analysed {
    /// Each finding with the trust policy it is about, when a policy rule reported it.
    pub diagnostics: Vec<(Diagnostic, Option<Span>)>,
    pub policies: Vec<Policy>,
    pub facts: ModuleFacts,
}

/// Extracts the policies and facts of `ev`'s module and runs the rules on them.
pub(crate) fn analyse(cx: &Analysis<'_, '_, '_>, ev: &mut Evaluator<'_, '_>) -> Analysed {
    let settings = &cx.options.settings;
    let extracted = extract(ev);
    let mut diagnostics: Vec<(Diagnostic, Option<Span>)> = extracted
        .errors
        .into_iter()
        .map(|p| (parse_diagnostic(p), None))
        .collect();
    let facts = ModuleFacts::collect(ev);
    for policy in &extracted.policies {
        let pcx = Context {
            policy,
            sources: cx.sources,
            facts: &facts,
            settings,
        };
        let mut found = Vec::new();
        check_policy(&pcx, cx.rules, &mut found);
        diagnostics.extend(found.into_iter().map(|d| (d, Some(policy.span))));
    }
    let mcx = ModuleContext {
        sources: cx.sources,
        policies: &extracted.policies,
        facts: &facts,
        settings,
    };
    let mut found = Vec::new();
    check_module(&mcx, cx.rules, &mut found);
    found.extend(ev.take_problems().into_iter().map(parse_diagnostic));
    diagnostics.extend(found.into_iter().map(|d| (d, None)));
    Analysed {
        diagnostics,
        policies: extracted.policies,
        facts,
    }
}

/// A problem a stage below the rules returned (an unreadable or unparsable file, a value too
/// large to follow), reported as `PARSE`.
pub(crate) fn parse_diagnostic(p: Problem) -> Diagnostic {
    let mut d =
        Diagnostic::new(&crate::rules::stage::PARSE, p.span, p.message).with_severity(p.severity);
    if let Some(label) = p.label {
        d = d.with_label(label);
    }
    if let Some(help) = p.help {
        d = d.with_help(help);
    }
    d
}
