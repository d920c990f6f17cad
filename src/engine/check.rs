//! The pipeline: discover → parse → module model → evaluate → policy model → rules.
//! Modules (directories) are analysed in parallel; the result is sorted, so it is the same on
//! every run.

use crate::base::diagnostic::{Diagnostic, Problem};
use crate::base::source::Sources;
use crate::engine::config::Options;
use crate::engine::selection::Selection;
use crate::eval::Evaluator;
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

/// What analysing one module found.
struct ModuleResult {
    dir: PathBuf,
    diagnostics: Vec<Diagnostic>,
    policies: Vec<Policy>,
    calls: Vec<ModuleCall>,
    /// Kept only for workspace rules.
    facts: Option<ModuleFacts>,
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
    let mut results = analyse_modules(&sources, &modules, options, &rules, &mut walk_errors);
    let tree = ModuleTree::new(
        results
            .iter_mut()
            .map(|r| (r.dir.clone(), std::mem::take(&mut r.calls)))
            .collect(),
    );
    let mut diagnostics = check_workspace(&sources, &results, &tree, options, &rules);
    let mut trust_policies = Vec::new();
    let mut policies = 0;
    for r in results {
        policies += r.policies.len();
        if options.keep_policies {
            trust_policies.extend(r.policies);
        }
        diagnostics.extend(r.diagnostics);
    }
    let diagnostics = filter(&sources, diagnostics, options);
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

/// Analyses the modules in parallel. A bug met in one module must not lose the findings of the
/// others: it becomes an error for that module (the panic hook in cli prints nothing of the
/// payload, which may quote the input).
fn analyse_modules(
    sources: &Sources,
    modules: &[ModuleDir],
    options: &Options,
    rules: &[&dyn Rule],
    errors: &mut Vec<WalkError>,
) -> Vec<ModuleResult> {
    let results: Vec<Result<ModuleResult, WalkError>> = modules
        .par_iter()
        .map(|m| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                analyse_module(sources, m, options, rules)
            }))
            .map_err(|_| WalkError {
                path: m.dir.clone(),
                message: "internal error while analysing this module (a bug in irsa-lint; \
                          the other modules were analysed)"
                    .into(),
            })
        })
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

fn analyse_module(
    sources: &Sources,
    m: &ModuleDir,
    options: &Options,
    rules: &[&dyn Rule],
) -> ModuleResult {
    let settings = &options.settings;
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
    let mut parsed: Vec<ParsedFile> = Vec::new();
    for path in &m.files {
        match parse_tf(sources, path) {
            Ok(p) => parsed.push(p),
            Err(p) => diagnostics.push(parse_diagnostic(*p)),
        }
    }
    let calls = crate::model::workspace::calls_of(sources, &m.dir, &parsed);
    if !parsed
        .iter()
        .any(|p| crate::input::parse::trust_relevant(&sources.get(p.id).text))
    {
        return ModuleResult {
            dir: m.dir.clone(),
            diagnostics,
            policies: Vec::new(),
            calls,
            facts: None,
        };
    }
    let module = Module::new(m.dir.clone(), &parsed);
    let mut ev = Evaluator::new(&module, sources, &KnownModules);
    // Analysed as a root module: its variable files, then `--var-file`, as Terraform loads them.
    let mut var_files = crate::input::discover::variable_files(&m.dir);
    var_files.extend(options.var_files.iter().cloned());
    let (inputs, problems) = crate::eval::tfvars::load(&mut ev, &var_files);
    diagnostics.extend(problems.into_iter().map(parse_diagnostic));
    ev.set_inputs(inputs);
    let extracted = extract(&mut ev);
    diagnostics.extend(extracted.errors.into_iter().map(parse_diagnostic));
    let facts = ModuleFacts::collect(&mut ev);
    for policy in &extracted.policies {
        let cx = Context {
            policy,
            sources,
            facts: &facts,
            settings,
        };
        check_policy(&cx, rules, &mut diagnostics);
    }
    let cx = ModuleContext {
        sources,
        policies: &extracted.policies,
        facts: &facts,
        settings,
    };
    check_module(&cx, rules, &mut diagnostics);
    diagnostics.extend(ev.take_problems().into_iter().map(parse_diagnostic));
    ModuleResult {
        dir: m.dir.clone(),
        diagnostics,
        policies: extracted.policies,
        calls,
        facts: crate::rules::any_workspace_rule(rules).then_some(facts),
    }
}

/// A problem a stage below the rules returned (an unreadable or unparsable file, a value too
/// large to follow), reported as `PARSE`.
fn parse_diagnostic(p: Problem) -> Diagnostic {
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
