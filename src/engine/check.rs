//! The pipeline: discover → parse → module model → evaluate → policy model → rules.
//! Modules (directories) are analysed in parallel; the result is sorted, so it is the same on
//! every run.

use crate::base::diagnostic::{Diagnostic, Problem};
use crate::base::source::Sources;
use crate::base::source::Span;
use crate::base::timings::{self, Stage};
use crate::engine::config::Options;
use crate::engine::instances;
use crate::engine::load::{self, LoadedDir};
use crate::engine::selection::Selection;
use crate::eval::{Calls, Evaluator, Workspace};
use crate::input::discover::{Discovery, ModuleDir, WalkError, discover_all};
use crate::input::module::Module;
use crate::input::parse::ParsedFile;
use crate::model::facts::service_accounts::ServiceAccount;
use crate::model::known_modules::KnownModules;
use crate::model::policy::Policy;
use crate::model::policy::extract::extract;
use crate::model::workspace::{ModuleCall, ModuleTree};
use crate::rules::{
    Context, InstanceOf, ModuleContext, ModuleFacts, ModuleView, Rule, RuleMeta, WorkspaceContext,
    check_module, check_policy,
};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
    /// Each workload naming a role of the workspace, with the trusts of that role, when
    /// `Options::keep_policies` is set (the inventory's "used by").
    pub links: Vec<WorkloadLink>,
    /// Files named on the command line that were not read, with the reason.
    pub skipped: Vec<crate::input::discover::Skipped>,
    /// How many files of each kind were read (see [`read_kinds`]).
    pub read: Vec<(&'static str, usize)>,
    /// Findings the baseline hid.
    pub hidden_by_baseline: usize,
    /// Files of directories the pre-filter left out (nothing in them can matter; they were
    /// only checked for syntax errors).
    pub unanalysed_files: usize,
}

/// The kinds of files a run reads, in the order the summary lists them.
pub const FILE_KINDS: [&str; 9] = [
    ".tf",
    ".tf.json",
    ".tofu",
    ".tofu.json",
    "terragrunt.hcl",
    "tfvars",
    "manifest",
    "JSON",
    "template",
];

/// The kind of a file read, by its name.
fn file_kind(path: &std::path::Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let by_suffix = [
        (".tf", ".tf"),
        (".tf.json", ".tf.json"),
        (".tofu", ".tofu"),
        (".tofu.json", ".tofu.json"),
        (".tfvars", "tfvars"),
        (".tfvars.json", "tfvars"),
        (".yaml", "manifest"),
        (".yml", "manifest"),
        (".json", "JSON"),
    ];
    if name == crate::input::discover::TERRAGRUNT_FILE {
        return "terragrunt.hcl";
    }
    by_suffix
        .iter()
        .filter(|(suffix, _)| name.ends_with(suffix))
        .max_by_key(|(suffix, _)| suffix.len())
        .map_or("template", |(_, kind)| kind)
}

/// How many files of each kind were read (those `sources` holds and those let go), leaving
/// out modules `terraform init` installed (not the user's files), in [`FILE_KINDS`] order,
/// kinds with none left out.
pub fn read_kinds(sources: &Sources, let_go: &[PathBuf]) -> Vec<(&'static str, usize)> {
    let mut counts = [0usize; FILE_KINDS.len()];
    let mut count = |path: &std::path::Path| {
        if load::is_installed(path) {
            return;
        }
        let kind = file_kind(path);
        if let Some(i) = FILE_KINDS.iter().position(|k| *k == kind) {
            counts[i] += 1;
        }
    };
    for id in sources.ids() {
        count(&sources.get(id).path);
    }
    for path in let_go {
        count(path);
    }
    FILE_KINDS
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (*k, n))
        .collect()
}

/// A workload (ServiceAccount, add-on, association) and one trust policy of the role it uses.
#[derive(Debug)]
pub struct WorkloadLink {
    pub sa: ServiceAccount,
    /// The module instance declaring the workload (`module.dns`), when it is one.
    pub declared_in: Option<String>,
    /// The trust policy, as listed in `trust_policies`: its instance (`None` for a module's
    /// own), role and span.
    pub instance: Option<String>,
    pub role: String,
    pub policy: Span,
    /// `yes`, `no` or `unknown`: whether that trust lets the workload assume the role.
    pub admitted: &'static str,
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
pub(crate) struct ParsedDir {
    pub dir: PathBuf,
    pub files: Vec<ParsedFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub calls: Vec<ModuleCall>,
    /// Whether any of its files mentions something a trust rule reads.
    pub relevant: bool,
    /// Installed by `terraform init` (under `.terraform/modules`): evaluated as the instances
    /// its callers create, never reported on its own.
    pub installed: bool,
    /// The variable files Terraform loads by itself when it runs here.
    pub var_files: Vec<PathBuf>,
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
    calls: Vec<ModuleCall>,
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
pub fn check_sources(sources: Sources, paths: &[PathBuf], options: &Options) -> Report {
    timings::time(Stage::Engine, || check_timed(sources, paths, options))
}

fn check_timed(mut sources: Sources, paths: &[PathBuf], options: &Options) -> Report {
    let started = Instant::now();
    // Reads stay inside the scanned trees (with no existing path, nothing can be read).
    sources.set_roots(crate::base::source::scan_roots(paths));
    let Discovery {
        mut modules,
        mut manifests,
        errors: mut walk_errors,
        skipped,
    } = timings::time(Stage::Walk, || discover_all(paths));
    if options.exclude.is_some() || options.scoped.iter().any(|o| o.exclude.is_some()) {
        for m in &mut modules {
            m.files.retain(|f| !options.for_file(f).excluded(f));
        }
        modules.retain(|m| !m.files.is_empty());
        manifests.retain(|f| !options.for_file(f).excluded(f));
    }
    let files = modules.iter().map(|m| m.files.len()).sum();
    let rules = crate::rules::enabled_rules(&|rule| options.enabled_anywhere(rule));
    let prefilter = !options.parse_everything;
    let mut loaded = load_modules(&sources, &modules, &mut walk_errors, prefilter);
    load::add_installed(&sources, &mut loaded, prefilter);
    let Kept {
        mut loaded,
        let_go,
        mut diagnostics,
        unanalysed_files,
    } = keep_analysed(&sources, loaded, &mut walk_errors, prefilter);
    diagnostics.extend(
        loaded
            .iter_mut()
            .flat_map(|d| std::mem::take(&mut d.diagnostics)),
    );
    let mut manifest_accounts =
        read_manifests(&sources, &manifests, &mut walk_errors, &mut diagnostics);
    // The modules another may call are parsed once and kept; the others are parsed, analysed
    // beside them and dropped one by one.
    let shared_dirs = load::shared_dirs(&loaded);
    let (shared, others): (Vec<LoadedDir>, Vec<LoadedDir>) = loaded
        .into_iter()
        .partition(|d| shared_dirs.contains(&d.dir));
    let mut parsed: Vec<ParsedDir> =
        guarded_each(&shared, &mut walk_errors, |d| load::parse_dir(&sources, d));
    for p in &mut parsed {
        diagnostics.append(&mut p.diagnostics);
    }
    let shared_tree = ModuleTree::new(
        parsed
            .iter()
            .map(|p| (p.dir.clone(), p.calls.clone()))
            .collect(),
    );
    let models: Vec<Module<'_>> = parsed
        .iter()
        .map(|p| Module::new(p.dir.clone(), &p.files))
        .collect();
    let calls = Calls::new(shared_tree.followed());
    let workspace = Workspace::new(&models, &calls);
    let relevant: Vec<bool> = parsed.iter().map(|p| p.relevant).collect();
    let analysis = Analysis {
        sources: &sources,
        options,
        rules: &rules,
        workspace: &workspace,
        relevant_below: instances::relevant_below(&shared_tree, &relevant),
        relevant,
        installed: parsed.iter().map(|p| p.installed).collect(),
        shared_index: parsed
            .iter()
            .enumerate()
            .map(|(i, p)| (p.dir.clone(), i))
            .collect(),
    };
    let results = guarded_each(&others, &mut walk_errors, |d| {
        let parsed = load::parse_dir(&sources, d);
        timings::time(Stage::Evaluate, || analyse_other(&analysis, parsed))
    });
    // A shared module no module calls is a root too.
    let mut called = vec![false; parsed.len()];
    for (_, _, child) in shared_tree.followed() {
        called[child] = true;
    }
    for call in results.iter().flat_map(|r| &r.calls) {
        if let Some(&i) = call
            .target
            .as_ref()
            .and_then(|t| analysis.shared_index.get(t))
        {
            called[i] = true;
        }
    }
    let indexes: Vec<(usize, PathBuf)> = parsed
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.dir.clone()))
        .collect();
    let mut shared_results = guarded_each(&indexes, &mut walk_errors, |&(i, _)| {
        timings::time(Stage::Evaluate, || {
            analyse_shared(&analysis, &parsed[i], i, !called[i])
        })
    });
    let mut instanced = vec![false; parsed.len()];
    for r in shared_results.iter().chain(&results) {
        for i in &r.instances {
            instanced[i.module] = true;
        }
    }
    // A module evaluated with its callers' inputs declares its ServiceAccounts, roles and Pod
    // Identity associations with those values: workspace rules see each instance's, not the
    // module's own with its defaults.
    for (i, r) in shared_results.iter_mut().enumerate() {
        if instanced[i]
            && let Some(facts) = &mut r.facts
        {
            facts.service_accounts.clear();
            facts.roles.clear();
            facts.pod_identity = None;
        }
    }
    let instance_views: Vec<&instances::InstanceResult> = shared_results
        .iter()
        .chain(&results)
        .flat_map(|r| &r.instances)
        .filter(|i| i.facts.is_some())
        .collect();
    // A YAML file a module decodes (`kubernetes_manifest` of `yamldecode(file(…))`) holds that
    // module's ServiceAccount: the same document read as a manifest of the tree is not a second
    // one (it would repeat each finding).
    let decoded: HashSet<Span> = shared_results
        .iter()
        .chain(&results)
        .filter_map(|r| r.facts.as_ref())
        .chain(instance_views.iter().filter_map(|i| i.facts.as_ref()))
        .flat_map(|f| &f.service_accounts)
        .map(|sa| sa.name.span)
        .collect();
    manifest_accounts.retain(|sa| !decoded.contains(&sa.name.span));
    let standalone_views = shared_results.len() + results.len();
    let (workspace_found, links) = timings::time(Stage::Rules, || {
        check_workspace(
            &sources,
            shared_results.iter().chain(&results),
            &instance_views,
            options,
            &rules,
            &manifest_accounts,
        )
    });
    // A finding about an instance is reported where its caller gives the values.
    let mut workspace_found: Vec<Diagnostic> = workspace_found
        .into_iter()
        .map(|d| {
            let about: Vec<&instances::InstanceResult> = d
                .views
                .iter()
                .filter_map(|v| v.checked_sub(standalone_views))
                .filter_map(|k| instance_views.get(k).copied())
                .collect();
            instances::workspace_at_callers(&sources, &models, &about, d)
        })
        .collect();
    // The module is shared by every caller: no fix edits it for one caller's values.
    let instanced_dirs: Vec<&std::path::Path> = (0..parsed.len())
        .filter(|&i| instanced[i])
        .map(|i| models[i].dir.as_path())
        .collect();
    for d in &mut workspace_found {
        let edits_shared = d.fix.as_ref().is_some_and(|f| {
            f.edits.iter().any(|e| {
                let path = &sources.get(e.span.file).path;
                instanced_dirs.iter().any(|dir| path.parent() == Some(*dir))
            })
        });
        if edits_shared {
            d.fix = None;
        }
    }
    diagnostics.extend(workspace_found);
    drop(manifest_accounts);
    let mut trust_policies = Vec::new();
    let mut policies = 0;
    let mut instance_results = Vec::new();
    // A module evaluated with its callers' inputs is listed as those instances, not on its own.
    let shared_results = shared_results
        .into_iter()
        .enumerate()
        .map(|(i, r)| (instanced[i], r));
    for (hidden, r) in shared_results.chain(results.into_iter().map(|r| (false, r))) {
        diagnostics.extend(r.diagnostics);
        instance_results.extend(r.instances);
        if !hidden {
            policies += r.policies.len();
            if options.keep_policies {
                trust_policies.extend(r.policies);
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
    let mut diagnostics = filter(&sources, diagnostics, options);
    crate::engine::json_fixes::adapt(&sources, &mut diagnostics);
    drop(analysis);
    drop(workspace);
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
        links,
        skipped,
        read: Vec::new(),
        hidden_by_baseline: 0,
        unanalysed_files,
    };
    if let Some(baseline) = &options.baseline {
        let prints = crate::engine::fingerprint::fingerprints(&report);
        let mut keep = prints.iter().map(|p| p.as_str());
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| {
            keep.next()
                .is_none_or(|p| !baseline.contains(d.rule.code, p))
        });
        report.hidden_by_baseline = before - report.diagnostics.len();
    }
    report.read = read_kinds(&report.sources, &let_go);
    report.elapsed_ms = started.elapsed().as_millis();
    report
}

/// What every module's analysis shares.
pub(crate) struct Analysis<'x, 'm, 'a> {
    pub sources: &'x Sources,
    pub options: &'x Options,
    pub rules: &'x [&'x dyn Rule],
    /// The shared modules (those another module may call).
    pub workspace: &'x Workspace<'m, 'a>,
    /// Per shared module: whether its files mention anything a trust rule reads.
    pub relevant: Vec<bool>,
    /// Per shared module: whether it or a module it calls is relevant.
    pub relevant_below: Vec<bool>,
    /// Per shared module: installed by `terraform init`, not the user's code.
    pub installed: Vec<bool>,
    /// The shared modules by directory.
    pub shared_index: HashMap<PathBuf, usize>,
}

/// Reads the modules' files in parallel.
fn load_modules(
    sources: &Sources,
    modules: &[ModuleDir],
    errors: &mut Vec<WalkError>,
    prefilter: bool,
) -> Vec<LoadedDir> {
    guarded_each(modules, errors, |m| {
        load::load_dir(sources, m, false, prefilter)
    })
}

/// What the pre-filter keeps of the directories read.
struct Kept {
    /// To parse and analyse ([`load::analysed`]).
    loaded: Vec<LoadedDir>,
    /// Files read but not kept.
    let_go: Vec<PathBuf>,
    /// The `PARSE` findings of the directories left out.
    diagnostics: Vec<Diagnostic>,
    /// Files of the user's directories left out.
    unanalysed_files: usize,
}

/// Keeps the directories to analyse; one settled as it was read that must be analysed after
/// all is read again, in full. The others are reduced to their `PARSE` findings.
fn keep_analysed(
    sources: &Sources,
    loaded: Vec<LoadedDir>,
    errors: &mut Vec<WalkError>,
    prefilter: bool,
) -> Kept {
    if !prefilter {
        return Kept {
            loaded,
            let_go: Vec::new(),
            diagnostics: Vec::new(),
            unanalysed_files: 0,
        };
    }
    let analysed = load::analysed(&loaded);
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for (d, analysed) in loaded.into_iter().zip(analysed) {
        if analysed {
            kept.push(d);
        } else {
            dropped.push(d);
        }
    }
    let mut let_go: Vec<PathBuf> = Vec::new();
    let loaded = guarded_into(kept, errors, |d| match &d.settled {
        Some(m) => {
            let mut full = load::load_dir(sources, m, d.installed, false);
            if d.installed {
                full.diagnostics.clear();
            }
            full
        }
        None => d,
    });
    let mut diagnostics = Vec::new();
    let mut unanalysed_files = 0;
    for mut d in dropped {
        if !d.installed {
            unanalysed_files += d.files.len() + d.let_go.len();
            diagnostics.append(&mut d.diagnostics);
        }
        let_go.append(&mut d.let_go);
    }
    Kept {
        loaded,
        let_go,
        diagnostics,
        unanalysed_files,
    }
}

/// The ServiceAccounts of the Kubernetes YAML manifests among `paths`, read in parallel; a
/// broken manifest is a `PARSE` finding (its documents before the error still count).
fn read_manifests(
    sources: &Sources,
    paths: &[PathBuf],
    errors: &mut Vec<WalkError>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ServiceAccount> {
    let read = guarded_each(paths, errors, |path| {
        timings::time(Stage::Parse, || {
            crate::input::yaml::read_manifest(sources, path)
        })
    });
    let mut accounts = Vec::new();
    for manifest in read.into_iter().flatten() {
        accounts.extend(crate::model::facts::yaml_manifests::service_accounts(
            &manifest,
        ));
        diagnostics.extend(manifest.problem.map(parse_diagnostic));
    }
    accounts
}

/// Runs `f` on each item in parallel, in order. A bug met in one module must not lose the
/// findings of the others: it becomes an error for that module (the panic hook in cli prints
/// nothing of the payload, which may quote the input).
fn guarded_each<T: Sync + Dirs, R: Send>(
    items: &[T],
    errors: &mut Vec<WalkError>,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    guarded_into(items.iter().collect(), errors, |item: &T| f(item))
}

/// The error for a module whose analysis met a bug.
fn internal_error(path: PathBuf) -> WalkError {
    WalkError {
        path,
        message: "internal error while analysing this module (a bug in irsa-lint; the other \
                  modules were analysed)"
            .into(),
    }
}

/// [`guarded_each`] for items `f` takes.
fn guarded_into<T: Send + Dirs, R: Send>(
    items: Vec<T>,
    errors: &mut Vec<WalkError>,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    let run = || {
        items
            .into_par_iter()
            .map(|item| {
                let path = item.dir().to_path_buf();
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item)))
                    .map_err(|_| internal_error(path))
            })
            .collect::<Vec<_>>()
    };
    // Outside the pool the caller only waits; inside it, it works on the items too.
    let results = if rayon::current_thread_index().is_some() {
        run()
    } else {
        timings::paused(run)
    };
    results
        .into_iter()
        .filter_map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect()
}

/// What names the module an item of [`guarded_each`] is about.
trait Dirs {
    fn dir(&self) -> &std::path::Path;
}

impl<T: Dirs> Dirs for &T {
    fn dir(&self) -> &std::path::Path {
        (**self).dir()
    }
}

impl Dirs for ModuleDir {
    fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

/// A manifest file, for the reading of manifests.
impl Dirs for PathBuf {
    fn dir(&self) -> &std::path::Path {
        self
    }
}

impl Dirs for LoadedDir {
    fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

impl Dirs for (usize, PathBuf) {
    fn dir(&self) -> &std::path::Path {
        &self.1
    }
}

/// The address of module view `view` when it is an instance (`module.a.module.b["k"]`).
fn instance_address(cx: &WorkspaceContext<'_>, view: Option<usize>) -> Option<String> {
    let i = cx.modules.get(view?)?.instance?;
    Some(i.address.to_string())
}

/// The findings of the enabled workspace rules, which see every module at once, and (when the
/// policies are kept) which workloads use which trusts.
fn check_workspace<'r>(
    sources: &Sources,
    results: impl Iterator<Item = &'r ModuleResult>,
    instances: &[&'r instances::InstanceResult],
    options: &Options,
    rules: &[&dyn Rule],
    manifests: &[ServiceAccount],
) -> (Vec<Diagnostic>, Vec<WorkloadLink>) {
    let mut out = Vec::new();
    if !crate::rules::any_workspace_rule(rules) && !options.keep_policies {
        return (out, Vec::new());
    }
    let no_facts = ModuleFacts::default();
    let cx = WorkspaceContext {
        sources,
        modules: results
            .map(|r| ModuleView {
                dir: &r.dir,
                policies: &r.policies,
                facts: r.facts.as_ref().unwrap_or(&no_facts),
                instance: None,
            })
            .chain(instances.iter().map(|i| ModuleView {
                dir: &i.dir,
                policies: i.policies(),
                facts: i.facts.as_ref().unwrap_or(&no_facts),
                instance: Some(InstanceOf {
                    root: &i.root,
                    address: &i.address,
                }),
            }))
            .collect(),
        settings: &options.settings,
        manifests,
    };
    crate::rules::check_workspace(rules, &cx, &mut out);
    let links = if options.keep_policies {
        crate::rules::xr::helpers::links(&cx)
            .into_iter()
            .map(|l| WorkloadLink {
                sa: l.sa.clone(),
                declared_in: instance_address(&cx, l.workload),
                instance: instance_address(&cx, Some(l.view)),
                role: l.policy.role.clone().unwrap_or_default(),
                policy: l.policy.span,
                admitted: l.admission.word(),
            })
            .collect()
    } else {
        Vec::new()
    };
    (out, links)
}

fn filter(sources: &Sources, diagnostics: Vec<Diagnostic>, options: &Options) -> Vec<Diagnostic> {
    // Each file's findings follow the configuration nearest to it.
    let enabled =
        |rule: &RuleMeta, path: &std::path::Path| options.for_file(path).selection.enabled(rule);
    let mut diagnostics = crate::engine::suppress::apply(sources, diagnostics, &enabled);
    diagnostics.retain(|d| {
        let path = &sources.get(d.span.file).path;
        let options = options.for_file(path);
        options.selection.enabled(d.rule) && !options.allowed(d.rule.code, d.rule.name, path)
    });
    for d in &mut diagnostics {
        let path = &sources.get(d.span.file).path;
        if let Some(&level) = options.for_file(path).severity.get(d.rule.code) {
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

/// A shared module on its own (`root`: no module calls it, so its instances are walked too).
fn analyse_shared(
    cx: &Analysis<'_, '_, '_>,
    parsed: &ParsedDir,
    index: usize,
    root: bool,
) -> ModuleResult {
    let mut result = empty_result(parsed.dir.clone(), parsed.calls.clone());
    if cx.installed[index] {
        return result;
    }
    if let Some(mut ev) = Evaluator::new(cx.workspace, index, cx.sources, &KnownModules) {
        let walk = root && cx.relevant_below[index];
        let run = Run {
            relevant: cx.relevant[index],
            root,
            walk,
            var_files: &parsed.var_files,
        };
        analyse_root(cx, &mut ev, &run, &mut result);
    }
    result
}

/// A module no module calls, with the shared modules it calls beside it.
fn analyse_other(cx: &Analysis<'_, '_, '_>, mut parsed: ParsedDir) -> ModuleResult {
    let mut result = empty_result(parsed.dir.clone(), std::mem::take(&mut parsed.calls));
    result.diagnostics = std::mem::take(&mut parsed.diagnostics);
    let module = Module::new(parsed.dir.clone(), &parsed.files);
    let children: HashMap<String, usize> = result
        .calls
        .iter()
        .filter_map(|c| {
            let child = *cx.shared_index.get(c.target.as_ref()?)?;
            Some((c.name.clone(), child))
        })
        .collect();
    let walk = children.values().any(|&c| cx.relevant_below[c]);
    let workspace = cx.workspace.with_root(&module, children);
    if let Some(mut ev) = Evaluator::new(
        &workspace,
        workspace.root_index(),
        cx.sources,
        &KnownModules,
    ) {
        let run = Run {
            relevant: parsed.relevant,
            root: true,
            walk,
            var_files: &parsed.var_files,
        };
        analyse_root(cx, &mut ev, &run, &mut result);
    }
    result
}

fn empty_result(dir: PathBuf, calls: Vec<ModuleCall>) -> ModuleResult {
    ModuleResult {
        dir,
        diagnostics: Vec::new(),
        policies: Vec::new(),
        facts: None,
        instances: Vec::new(),
        calls,
    }
}

/// How a module is analysed on its own.
struct Run<'r> {
    /// Its files mention something a trust rule reads: run the rules.
    relevant: bool,
    /// No module calls it: `--var-file` applies.
    root: bool,
    /// Walk the instances of its calls.
    walk: bool,
    /// Its own variable files.
    var_files: &'r [PathBuf],
}

/// Analyses `ev`'s module on its own, as Terraform runs a root module, and walks the instances
/// of its calls.
fn analyse_root(
    cx: &Analysis<'_, '_, '_>,
    ev: &mut Evaluator<'_, '_>,
    run: &Run<'_>,
    result: &mut ModuleResult,
) {
    if !run.relevant && !run.walk {
        return;
    }
    // Its variable files, then (for a module no module calls) `--var-file`, as Terraform
    // loads them. An instance gets its caller's values instead.
    let mut var_files = run.var_files.to_vec();
    if run.root {
        var_files.extend(cx.options.var_files.iter().cloned());
    }
    if !var_files.is_empty() {
        let (inputs, problems) = crate::eval::tfvars::load(ev, &var_files);
        result
            .diagnostics
            .extend(problems.into_iter().map(parse_diagnostic));
        ev.set_inputs(inputs);
    }
    if run.relevant {
        let analysed = analyse(cx, ev);
        result
            .diagnostics
            .extend(analysed.diagnostics.into_iter().map(|(d, _)| d));
        result.policies = analysed.policies;
        // The inventory reads the workloads in the facts even when no workspace rule runs.
        let keep = crate::rules::any_workspace_rule(cx.rules) || cx.options.keep_policies;
        result.facts = keep.then_some(analysed.facts);
    }
    if run.walk {
        result.instances = instances::analyse_calls(cx, ev);
    }
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
    let facts = timings::time(Stage::Facts, || ModuleFacts::collect(ev));
    timings::time(Stage::Rules, || {
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
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each ServiceAccount as `file:line:col namespace/name role=… audience=…`, every value
    /// with the position its span starts at (`?` for an unknown namespace).
    fn render(sources: &Sources, sa: &ServiceAccount) -> String {
        let at = |span: Span| {
            let file = sources.get(span.file);
            let p = file.position(span.start);
            let name = file.path.file_name().unwrap_or_default().to_string_lossy();
            format!("{name}:{}:{}", p.line, p.column)
        };
        let text = |span: Span| sources.get(span.file).slice(span).to_string();
        let namespace = sa.namespace.known().unwrap_or_else(|| "?".into());
        let role = sa.role_arn.as_ref().map_or("-".into(), |r| {
            format!("{}@{}", r.known_text().unwrap_or_default(), at(r.span()))
        });
        let audience = sa
            .audience
            .as_ref()
            .map_or("-".into(), |a| format!("{}@{}", text(a.span), at(a.span)));
        format!(
            "{} {namespace}@{} {}/{} role={role} audience={audience}",
            at(sa.name.span),
            at(sa.namespace.span),
            text(sa.name.span),
            sa.name.known().unwrap_or_default(),
        )
    }

    #[test]
    fn the_service_accounts_of_the_k8s_fixture_are_what_its_files_say() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/repos/k8s-manifests");
        let found = discover_all(std::slice::from_ref(&root));
        let sources = Sources::new();
        let (mut errors, mut diagnostics) = (Vec::new(), Vec::new());
        let accounts = read_manifests(&sources, &found.manifests, &mut errors, &mut diagnostics);
        assert!(errors.is_empty(), "{errors:?}");
        let lines: Vec<String> = accounts.iter().map(|sa| render(&sources, sa)).collect();
        assert_eq!(
            lines,
            [
                // No namespace written: unknown, the span on the metadata it would sit in.
                "app.yaml:5:9 ?@app.yaml:5:3 app/app role=- audience=-",
                // The document before the broken one still counts.
                "broken.yaml:4:9 jobs@broken.yaml:5:14 worker/worker role=- audience=-",
                "ebs-csi.yaml:5:9 kube-system@ebs-csi.yaml:6:14 ebs-csi-controller-sa/\
                 ebs-csi-controller-sa role=arn:aws:iam::111122223333:role/ebs-csi@ebs-csi.yaml:8:33 \
                 audience=-",
                "external-dns.yml:11:14 external-dns@external-dns.yml:12:18 \
                 external-dns/external-dns \
                 role=arn:aws:iam::111122223333:role/external-dns@external-dns.yml:14:38 \
                 audience=sts.amazonaws.com@external-dns.yml:15:37",
            ]
        );
        // Only the broken manifest is reported; the broken YAML that is no manifest, the chart's
        // template and values are passed over.
        let reported: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let file = sources.get(d.span.file);
                let p = file.position(d.span.start);
                format!(
                    "{}:{}:{} {}",
                    file.display_path, p.line, p.column, d.message
                )
            })
            .collect();
        assert_eq!(reported.len(), 1, "{reported:?}");
        assert!(
            reported[0].ends_with(
                "k8s/broken.yaml:11:13 invalid YAML in a Kubernetes manifest: mapping values \
                 are not allowed in this context"
            ),
            "{reported:?}"
        );
    }
}
