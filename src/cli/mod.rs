//! The command line (SPEC §6). `main` only calls [`run`].

mod output;

use crate::base::diagnostic::Severity;
use crate::engine::baseline::Baseline;
use crate::engine::check::check_with;
use crate::engine::config::{Config, Options, configs_under, find_config};
use crate::engine::selection::Selection;
use crate::report;
use crate::rules::{self, RuleMeta};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "irsa-lint",
    version = env!("IRSA_LINT_VERSION"),
    about = "Finds broken and over-permissive web-identity (EKS IRSA, GitHub OIDC) IAM trust policies in Terraform",
    override_usage = "irsa-lint [check] [OPTIONS] [PATHS]...\n       irsa-lint <COMMAND>",
    after_help = TOP_LEVEL_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check Terraform files and directories (the default command)
    // Boxed: the check's many flags would make every command as large (clippy).
    Check(Box<CheckArgs>),
    /// List every rule
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print a rule's documentation (by code or name), and what irsa-lint prints for its Bad
    /// example
    Explain {
        rule: String,
        /// text: wrapped for the terminal (COLUMNS, else its width, else 100); markdown: the
        /// page as written
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
        /// Colour the text: auto, always, never (as for check)
        #[arg(long, value_enum, value_name = "WHEN", default_value_t = output::ColorChoice::Auto)]
        color: output::ColorChoice,
    },
    /// List every trust policy found: role → trusted principals → claim conditions
    Inventory {
        /// Files or directories to read
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format: a list (human, json), or a graph of roles and the workloads and CI
        /// subjects that use them (mermaid, dot)
        #[arg(long, value_enum, default_value_t = InventoryFormat::Human)]
        format: InventoryFormat,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files or directories to check (`-`: standard input, see --stdin-filename)
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format: human (snippets), concise (`path:line:col: CODE [name] message`), json,
    /// sarif, github (workflow commands), gitlab (Code Quality), junit (XML), rdjson (reviewdog)
    #[arg(short = 'f', long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output (replaced atomically: a symlink at
    /// FILE is replaced, never followed; the directory must exist)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write a SARIF report of the same run to FILE, whatever --format says (replaced as
    /// with --output; the directory must exist)
    #[arg(long, value_name = "FILE")]
    sarif_output: Option<PathBuf>,
    /// Only these rules: comma-separated codes, names or code prefixes (WIF, IRSA0)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,
    /// Skip these rules: comma-separated codes, names or code prefixes
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,
    /// Exit 1 when a diagnostic at or above this severity remains [default: warning]
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Exit 0 even when diagnostics remain (the same as `--fail-on never`); errors still exit 2
    #[arg(long, conflicts_with = "fail_on")]
    exit_zero: bool,
    /// Configuration file for every path [default: for each path, the nearest .irsa-lint.toml
    /// up to the git work tree root, applied to the files under its directory]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore every configuration file in the scanned tree (a pull request cannot switch its
    /// own check off); with --config, only that file applies
    #[arg(long)]
    isolated: bool,
    /// Read variable values from FILE (HCL, or JSON when it ends in `.json`) for every root
    /// module, after its terraform.tfvars and *.auto.tfvars, as `terraform -var-file` does;
    /// repeat it for several files (a later one wins). FILE is read only inside the scanned tree
    /// (the git work tree of a checked path)
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// Hide the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE as the baseline (and exit 0); FILE is replaced as
    /// with --output
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "baseline"])]
    write_baseline: Option<PathBuf>,
    /// Colour the human output: auto (on a terminal; NO_COLOR turns it off, FORCE_COLOR or
    /// CLICOLOR_FORCE on), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = output::ColorChoice::Auto)]
    color: output::ColorChoice,
    /// The same as --color never
    #[arg(long)]
    no_color: bool,
    /// Print the diagnostics without the summary line (human format)
    #[arg(short, long)]
    quiet: bool,
    /// Print nothing but errors (the exit code says the result; errors go to standard error)
    #[arg(long)]
    silent: bool,
    /// Print counts per rule instead of the report, most frequent first, with how many are
    /// fixable (human and json formats)
    #[arg(long)]
    statistics: bool,
    /// Apply safe fixes in place, only in the named files (or under named directories), then
    /// report what remains
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when there are any)
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, also apply fixes marked unsafe
    #[arg(long)]
    unsafe_fixes: bool,
    /// List each finding's fix and what applies it (human format); with --fix or --diff, the
    /// fixes of the findings before fixing
    #[arg(long)]
    show_fixes: bool,
    /// Print where the run's time went, stage by stage, to standard error (for benchmarks)
    #[arg(long, hide = true)]
    timings: bool,
    /// With `-` as the path: analyse standard input as the file NAME (for editors), in the
    /// module of NAME's directory, with NAME's configuration
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Rdjson,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExplainFormat {
    Text,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InventoryFormat {
    Human,
    Json,
    Mermaid,
    Dot,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// After the command list of `irsa-lint --help`: what a first-time user looks for.
const TOP_LEVEL_HELP: &str = "\
`check` is the default command: `irsa-lint infra/` runs `irsa-lint check infra/`.
Its options: `irsa-lint check --help`.

Exit codes:
  0  no diagnostic at or above --fail-on (default: warning)
  1  diagnostics at or above --fail-on remain
  2  usage, configuration or read error

Example:
  irsa-lint .                     check the Terraform under the current directory
  irsa-lint --diff infra/         show the safe fixes as a diff
  irsa-lint explain WIF005        a rule's documentation

Docs: https://github.com/irsa-lint/irsa-lint#readme";

const SUBCOMMANDS: [&str; 5] = ["check", "rules", "explain", "inventory", "help"];

/// A first argument that is neither a command, a flag nor an existing path, but close to a
/// command (`rule`, `chek`): without this it would be checked as a missing path.
fn mistyped_command(args: &[OsString]) -> Option<String> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') || SUBCOMMANDS.contains(&first) || Path::new(first).exists() {
        return None;
    }
    if first == "version" {
        return Some("--version".into());
    }
    let commands: Vec<String> = SUBCOMMANDS.iter().map(|c| c.to_string()).collect();
    crate::base::text::closest(first, &commands).map(str::to_string)
}

/// Inserts the default `check` command when the first argument is not a command or a
/// top-level flag, so `irsa-lint .` means `irsa-lint check .`.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_string);
    let top_level = matches!(first.as_deref(), Some("-h" | "--help" | "-V" | "--version"));
    let is_command = first.as_deref().is_some_and(|f| SUBCOMMANDS.contains(&f));
    if !top_level && !is_command {
        args.insert(1, "check".into());
    }
    args
}

/// Runs the command line; returns the process exit code (0, 1, or 2). A panic (a bug) never
/// reaches the terminal with its message, which may quote the scanned input: the hook prints
/// where in irsa-lint it happened, and the run ends with exit code 2.
pub fn run(args: Vec<OsString>) -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("irsa-lint: internal error{at} (a bug in irsa-lint; please report it)");
    }));
    std::panic::catch_unwind(|| run_command(args)).unwrap_or(ExitCode::from(2))
}

fn run_command(args: Vec<OsString>) -> ExitCode {
    if let Some(command) = mistyped_command(&args) {
        let typed = args.get(1).map(|a| a.to_string_lossy()).unwrap_or_default();
        crate::safe_eprintln!(
            "error: `{typed}` is neither a command nor an existing path; did you mean `{command}`?"
        );
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse_from(with_default_command(args)) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) if args.timings => {
            let started = std::time::Instant::now();
            crate::base::timings::enable();
            let code = run_check(*args);
            let table = report::timings::render(
                &crate::base::timings::snapshot(),
                started.elapsed(),
                rayon::current_num_threads(),
            );
            for line in table.lines() {
                crate::safe_eprintln!("{line}");
            }
            code
        }
        Command::Check(args) => run_check(*args),
        Command::Rules { format } => {
            print_out(&list_rules(format));
            ExitCode::SUCCESS
        }
        Command::Inventory { paths, format } => {
            let options = Options {
                keep_policies: true,
                ..Options::default()
            };
            let report = check_with(&paths, &options);
            for e in &report.walk_errors {
                crate::safe_eprintln!("error: {}: {}", e.path.display(), e.message);
            }
            if nothing_but_missing(&report) {
                return ExitCode::from(2);
            }
            print_out(&match format {
                InventoryFormat::Json => report::inventory::render_json(&report),
                InventoryFormat::Human => report::inventory::render_human(&report),
                InventoryFormat::Mermaid => report::inventory::render_mermaid(&report),
                InventoryFormat::Dot => report::inventory::render_dot(&report),
            });
            ExitCode::from(if report.walk_errors.is_empty() { 0 } else { 2 })
        }
        Command::Explain {
            rule,
            format,
            color,
        } => match rules::find(&rule) {
            Some(meta) => {
                match format {
                    ExplainFormat::Markdown => print_out(&report::explain::page(meta)),
                    ExplainFormat::Text => {
                        let options = terminal_options((color, false));
                        print_out(&report::explain::render(meta, options))
                    }
                }
                ExitCode::SUCCESS
            }
            None => {
                let hint = crate::engine::selection::did_you_mean(&rule);
                crate::safe_eprintln!(
                    "error: no rule has the code or name `{rule}`{hint}; see `irsa-lint rules`"
                );
                ExitCode::from(2)
            }
        },
    }
}

fn print_out(text: &str) {
    if text.is_empty() {
        // Nothing to say (a missing path's summary): not even an empty line.
        return;
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = stdout.write_all(b"\n");
    }
}

fn list_rules(format: ListFormat) -> String {
    let all = rules::all_meta();
    match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = all
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code, "name": m.name, "severity": m.severity, "kind": m.kind,
                        "summary": m.summary, "fixable": m.fix != rules::FixAvailability::None, "url": m.url(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items).unwrap_or_default()
        }
        ListFormat::Human => {
            let fix = |m: &RuleMeta| match m.fix {
                rules::FixAvailability::None => "-",
                rules::FixAvailability::Sometimes => "sometimes",
                rules::FixAvailability::Always => "yes",
            };
            let rows: Vec<[&str; 6]> =
                std::iter::once(["CODE", "NAME", "SEVERITY", "KIND", "FIX", "SUMMARY"])
                    .chain(all.iter().map(|m| {
                        [
                            m.code,
                            m.name,
                            m.severity.as_str(),
                            m.kind.as_str(),
                            fix(m),
                            m.summary,
                        ]
                    }))
                    .collect();
            // Each column as wide as its widest cell, so long names never push the others.
            let mut widths = [0; 5];
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            rows.iter()
                .map(|row| {
                    let mut line = String::new();
                    for (w, cell) in widths.iter().zip(row) {
                        line.push_str(&format!("{cell:<w$}  "));
                    }
                    line.push_str(row[5]);
                    line
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

/// Options from the command line and the configuration file; `Err` is a usage or config
/// error, already printed.
fn options(args: &CheckArgs) -> Result<(Options, Option<FailOn>), ExitCode> {
    let fail = |message: String| {
        crate::safe_eprintln!("error: {message}");
        ExitCode::from(2)
    };
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let unknown = selection.unknown_patterns();
    if !unknown.is_empty() {
        return Err(fail(format!(
            "{}; see `irsa-lint rules`",
            crate::engine::selection::describe_unknown(&unknown)
        )));
    }
    let load = |path: &Path| -> Result<(Options, Option<FailOn>), ExitCode> {
        let config = Config::load(path).map_err(|e| fail(e.0))?;
        let options = config.options(&selection).map_err(|e| fail(e.0))?;
        let fail_on = config.fail_on().map_err(|e| fail(e.0))?;
        Ok((
            options,
            fail_on.and_then(|f| FailOn::from_str(&f, true).ok()),
        ))
    };
    let (mut options, config_fail_on) = match &args.config {
        Some(path) => load(path)?,
        None if args.isolated => (Options::from_selection(selection.clone()), None),
        None => {
            // The nearest configuration of each path and those below a checked directory, each
            // for the files under its own directory (B8: pre-commit passes files in any order).
            // Run-wide values (the settings, `fail-on`) come from the first path's.
            let mut found: Vec<PathBuf> = Vec::new();
            let nested = args.paths.iter().flat_map(|p| configs_under(p));
            for path in args
                .paths
                .iter()
                .filter_map(|p| find_config(p))
                .chain(nested)
            {
                if !found.contains(&path) {
                    found.push(path);
                }
            }
            let mut options = Options::from_selection(selection.clone());
            let mut fail_on = None;
            for (i, path) in found.iter().enumerate() {
                let (scoped, scoped_fail_on) = load(path)?;
                if i == 0 {
                    options.settings = scoped.settings.clone();
                    fail_on = scoped_fail_on;
                }
                options.scoped.push(scoped);
            }
            (options, fail_on)
        }
    };
    if let Some(path) = &args.baseline {
        options.baseline = Some(Baseline::load(path).map_err(fail)?);
    }
    options.var_files = args.var_files.clone();
    Ok((options, args.fail_on.or(config_fail_on)))
}

fn run_check(mut args: CheckArgs) -> ExitCode {
    let stdin = match Stdin::from_args(&args) {
        Ok(s) => s,
        Err(message) => {
            crate::safe_eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(s) = &stdin {
        // The configuration is the one of the file the text stands for.
        args.paths = vec![s.name.clone()];
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        crate::safe_eprintln!("error: --unsafe-fixes needs --fix or --diff");
        return ExitCode::from(2);
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        crate::safe_eprintln!(
            "error: --statistics is not available with --format {} (use human or json)",
            args.format
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        );
        return ExitCode::from(2);
    }
    let (mut options, fail_on) = match options(&args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if let Some(s) = &stdin {
        s.adapt(&mut options);
        args.paths = vec![s.path.clone()];
    }
    let check = |options: &Options| match &stdin {
        Some(s) => s.check(options),
        None => check_with(&args.paths, options),
    };
    let fail_on = if args.exit_zero {
        Some(FailOn::Never)
    } else {
        fail_on
    };
    if args.show_fixes && args.format != Format::Human {
        crate::safe_eprintln!("error: --show-fixes is for the human format");
        return ExitCode::from(2);
    }
    // Listed from the findings before any fix is applied: with --fix or --diff, one more run.
    let named = Named::new(&args.paths);
    let mut fixes = (args.show_fixes && (args.fix || args.diff))
        .then(|| fix_list(&check(&options), args.unsafe_fixes, &named));
    if args.diff
        && let Some(list) = fixes.take()
    {
        // --diff ends the run with the diff: the list comes first.
        print_out(&list);
    }
    let (report, unfixed) = if args.fix || args.diff {
        match run_fixes(&args, &options) {
            Ok(done) => done,
            Err(code) => return code,
        }
    } else {
        (check(&options), false)
    };
    if args.show_fixes && fixes.is_none() && !args.diff {
        fixes = Some(fix_list(&report, args.unsafe_fixes, &named));
    }
    if let Some(path) = &args.write_baseline {
        if let Err(e) = crate::base::fsio::replace_file(path, Baseline::render(&report).as_bytes())
        {
            crate::safe_eprintln!(
                "error: cannot write {}: {}",
                path.display(),
                crate::base::fsio::io_message(&e)
            );
            return ExitCode::from(2);
        }
        let n = report.diagnostics.len();
        if args.silent {
            return ExitCode::SUCCESS;
        }
        crate::safe_eprintln!(
            "Wrote {n} finding{} to {}.",
            if n == 1 { "" } else { "s" },
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    for e in &report.walk_errors {
        crate::safe_eprintln!("error: {}: {}", e.path.display(), e.message);
    }
    print_skipped(&report);
    let text = crate::base::timings::time(crate::base::timings::Stage::Report, || {
        render(&args, &report)
    });
    let text = match fixes {
        Some(list) if text.is_empty() => list,
        Some(list) => format!("{}\n{list}", text.trim_end_matches('\n')),
        None => text,
    };
    let text = match &stdin {
        Some(s) => s.shown(text),
        None => text,
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = crate::base::fsio::replace_file(path, text.as_bytes()) {
                crate::safe_eprintln!(
                    "error: cannot write {}: {}",
                    path.display(),
                    crate::base::fsio::io_message(&e)
                );
                return ExitCode::from(2);
            }
        }
        None if args.silent => {}
        None if text.is_empty() => {}
        None => print_out(&text),
    }
    if let Err(code) = write_sarif_output(&args, &report) {
        return code;
    }
    if !report.walk_errors.is_empty() || unfixed {
        return ExitCode::from(2);
    }
    let failing = fail_on
        .unwrap_or(FailOn::Warning)
        .threshold()
        .is_some_and(|t| report.diagnostics.iter().any(|d| d.severity >= t));
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The report in the format asked for.
fn render(args: &CheckArgs, report: &crate::Report) -> String {
    match args.format {
        Format::Json if args.statistics => statistics_json(report),
        Format::Human if args.statistics => statistics(report),
        Format::Json => report::json::render(report),
        Format::Sarif => report::sarif::render(report),
        Format::Github => report::github::render(report),
        Format::Concise => report::concise::render(report),
        Format::Gitlab => report::gitlab::render(report),
        Format::Junit => report::junit::render(report),
        Format::Rdjson => report::rdjson::render(report),
        Format::Human => {
            let t = report::human::render(report, human_options(args));
            if args.quiet {
                // The summary is the report's last line; `--quiet` keeps only the findings.
                let summary = report::human::summary(report);
                let findings = t.strip_suffix(summary.as_str()).unwrap_or(&t);
                findings.trim_end_matches('\n').to_string()
            } else {
                t
            }
        }
    }
}

/// Colour, symbols and width of the human output, from the flags, the environment and
/// whether it goes to a terminal.
fn human_options(args: &CheckArgs) -> report::human::HumanOptions {
    let choice = if args.no_color {
        output::ColorChoice::Never
    } else {
        args.color
    };
    terminal_options((choice, args.output.is_some()))
}

/// The options for standard output (or a file): `--color`, and whether there is an
/// `--output` file.
fn terminal_options((choice, to_file): (output::ColorChoice, bool)) -> report::human::HumanOptions {
    let to_terminal = !to_file && std::io::stdout().is_terminal();
    let env = output::ProcessEnv;
    report::human::HumanOptions {
        color: output::color(choice, to_terminal, &env),
        width: output::width(to_terminal, &env),
        unicode: output::unicode(&env),
    }
}

/// True when a named path does not exist and nothing was read: the only thing to say is the
/// error (a "0 trust policies in 0 files" line would read as a pass).
fn nothing_but_missing(report: &crate::Report) -> bool {
    report.read.is_empty()
        && report
            .walk_errors
            .iter()
            .any(|e| e.message == crate::input::discover::NOT_FOUND)
}

/// Says on stderr which named files were not read, and why (the summary counts them).
fn print_skipped(report: &crate::Report) {
    for s in &report.skipped {
        crate::safe_eprintln!("warning: {}: skipped: {}", s.path.display(), s.reason);
    }
}

/// `--sarif-output FILE`: the SARIF report of this run beside the main format, so a CI job gets
/// annotations and a code-scanning upload from one analysis.
fn write_sarif_output(args: &CheckArgs, report: &crate::Report) -> Result<(), ExitCode> {
    let Some(path) = &args.sarif_output else {
        return Ok(());
    };
    crate::base::fsio::replace_file(path, report::sarif::render(report).as_bytes()).map_err(|e| {
        crate::safe_eprintln!("error: cannot write {}: {e}", path.display());
        ExitCode::from(2)
    })
}

/// `--fix` writes the fixed files and returns the report of what remains, and whether a file
/// could not be fixed as asked (exit 2 after the report); `--diff` prints the changes and ends
/// the run (exit 1 when there are any).
fn run_fixes(args: &CheckArgs, options: &Options) -> Result<(crate::Report, bool), ExitCode> {
    let named = Named::new(&args.paths);
    let (report, outcome) =
        crate::engine::fix::fix_within(&args.paths, options, args.unsafe_fixes, &|path| {
            named.contains(path)
        });
    for (path, n) in outcome.held_back.iter().filter(|_| !args.silent) {
        crate::safe_eprintln!(
            "note: {n} fix{} in {} {} not applied: the file was not named on the command line \
             (name it or its directory to fix it)",
            if *n == 1 { "" } else { "es" },
            crate::base::source::display_path(path),
            if *n == 1 { "was" } else { "were" }
        );
    }
    for (path, message) in &outcome.rejected {
        crate::safe_eprintln!(
            "error: fixes for {} were not applied: the fixed text does not parse ({message})",
            crate::base::source::display_path(path)
        );
    }
    if args.diff {
        let diff = crate::engine::fix::unified_diff(&outcome);
        if !diff.is_empty() {
            // A diff quotes the scanned files: escaped like every other output (line ends kept,
            // so a CRLF file's diff still applies; one with control characters does not).
            let diff = report::terminal::escape_controls_except(&diff, &['\n', '\t', '\r']);
            print_out(&report::terminal::neutralize_commands(&diff));
        }
        return Err(ExitCode::from(u8::from(!outcome.changed.is_empty())));
    }
    if outcome.changed.is_empty() {
        return Ok((report, false));
    }
    let writes = crate::engine::fix::write_fixes(&outcome, report.sources.roots());
    let (mut fixed, mut files) = (0, 0);
    for w in &writes {
        let shown = crate::base::source::display_path(&w.path);
        match &w.result {
            Ok(()) => {
                fixed += outcome.applied_by_file.get(&w.path).copied().unwrap_or(0);
                files += 1;
            }
            Err(crate::engine::fix::NotWritten::Failed(e)) => {
                crate::safe_eprintln!(
                    "error: cannot write {shown}: {}",
                    crate::base::fsio::io_message(e)
                )
            }
            Err(crate::engine::fix::NotWritten::Skipped(why)) => {
                crate::safe_eprintln!("error: {shown} {why}")
            }
        }
    }
    if fixed > 0 && !args.silent {
        crate::safe_eprintln!(
            "Fixed {} problem{} in {} file{}.",
            fixed,
            if fixed == 1 { "" } else { "s" },
            files,
            if files == 1 { "" } else { "s" }
        );
    }
    if files == writes.len() {
        return Ok((report, false));
    }
    // The report assumed every fix was written; describe the files as they are.
    Ok((check_with(&args.paths, options), true))
}

/// One row of `--statistics`: a rule, its findings, and how many of them `--fix` repairs
/// (and how many more `--unsafe-fixes` does).
struct Statistic {
    code: &'static str,
    name: &'static str,
    count: usize,
    fixable: usize,
    unsafe_fixable: usize,
}

/// The rows, most frequent first, then by code.
fn statistic_rows(report: &crate::Report) -> Vec<Statistic> {
    let mut rows: Vec<Statistic> = Vec::new();
    for d in &report.diagnostics {
        let i = match rows.iter().position(|r| r.code == d.rule.code) {
            Some(i) => i,
            None => {
                rows.push(Statistic {
                    code: d.rule.code,
                    name: d.rule.name,
                    count: 0,
                    fixable: 0,
                    unsafe_fixable: 0,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        row.count += 1;
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(crate::base::diagnostic::Applicability::Safe) => row.fixable += 1,
            Some(_) => row.unsafe_fixable += 1,
            None => {}
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// `-` as the path: the text of standard input, analysed as the file it stands for.
struct Stdin {
    /// `--stdin-filename`, or `-`: what the report calls the file, and where its
    /// configuration is looked up from.
    name: PathBuf,
    /// The path analysed: `name` itself when it exists (its text replaced by the input's), else
    /// a file in a temporary directory.
    path: PathBuf,
    text: String,
    /// The temporary directory, removed when the run ends.
    temp: Option<tempfile::TempDir>,
}

impl Stdin {
    /// `None` without `-` among the paths; `Err` for a usage error.
    fn from_args(args: &CheckArgs) -> Result<Option<Stdin>, String> {
        let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
        if !dash {
            return match args.stdin_filename {
                Some(_) => Err("--stdin-filename needs `-` as the path".into()),
                None => Ok(None),
            };
        }
        if args.paths.len() > 1 {
            return Err("`-` (standard input) cannot be checked together with other paths".into());
        }
        if args.fix || args.diff || args.write_baseline.is_some() {
            return Err(
                "--fix, --diff and --write-baseline work on files, not standard input".into(),
            );
        }
        let mut text = String::new();
        let limit = crate::input::parse::MAX_FILE_BYTES;
        std::io::Read::read_to_string(
            &mut std::io::Read::take(std::io::stdin().lock(), limit + 1),
            &mut text,
        )
        .map_err(|e| {
            format!(
                "cannot read standard input: {}",
                crate::base::fsio::io_message(&e)
            )
        })?;
        if text.len() as u64 > limit {
            return Err(format!("standard input is larger than {limit} bytes"));
        }
        let name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
        if name.is_file() {
            return Ok(Some(Stdin {
                path: crate::base::source::normalize(&name),
                name,
                text,
                temp: None,
            }));
        }
        // Not on disk: in a temporary directory, in a file with the name's extension (what it is
        // read as: Terraform, a policy, a manifest), beside copies of the files of NAME's
        // directory when it exists, so the module's other files still resolve.
        let file_name = name
            .file_name()
            .filter(|_| args.stdin_filename.is_some())
            .map_or_else(|| "stdin.tf".into(), |f| f.to_os_string());
        let temp = tempfile::tempdir().map_err(|e| {
            format!(
                "cannot create a temporary directory: {}",
                crate::base::fsio::io_message(&e)
            )
        })?;
        let dir = name
            .parent()
            .filter(|d| args.stdin_filename.is_some() && d.is_dir())
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            });
        if let Some(dir) = dir {
            copy_module_files(dir, temp.path());
        }
        let path = temp.path().join(file_name);
        std::fs::write(&path, &text).map_err(|e| {
            format!(
                "cannot write {}: {}",
                path.display(),
                crate::base::fsio::io_message(&e)
            )
        })?;
        Ok(Some(Stdin {
            name,
            path,
            text,
            temp: Some(temp),
        }))
    }

    /// In a temporary directory the file is under no configuration's directory: it takes the
    /// one of the file it stands for, run-wide.
    fn adapt(&self, options: &mut Options) {
        if self.temp.is_some() && !options.scoped.is_empty() {
            let mut own = options.for_file(&self.name).clone();
            own.baseline = options.baseline.take();
            own.var_files = std::mem::take(&mut options.var_files);
            own.settings = options.settings.clone();
            *options = own;
        }
    }

    fn check(&self, options: &Options) -> crate::Report {
        let overlay = match self.temp {
            Some(_) => Default::default(),
            None => std::iter::once((self.path.clone(), self.text.clone())).collect(),
        };
        crate::engine::check::check_sources(
            crate::base::source::Sources::with_overlay(overlay),
            std::slice::from_ref(&self.path),
            options,
        )
    }

    /// The report with the temporary file called by the name it stands for.
    fn shown(&self, text: String) -> String {
        if self.temp.is_none() {
            return text;
        }
        let temp = crate::base::source::display_path(&self.path);
        let name = crate::base::source::display_path(&self.name);
        let text = text.replace(&temp, &name);
        // The copies of the other files of NAME's directory, by their own paths.
        let Some(dir) = &self.temp else {
            return text;
        };
        let copies = format!("{}/", crate::base::source::display_path(dir.path()));
        let originals = match self.name.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => format!("{}/", crate::base::source::display_path(d)),
            None => String::new(),
        };
        text.replace(&copies, &originals)
    }
}

/// Copies the regular files directly in `dir` into `into` (symbolic links and larger files
/// than irsa-lint reads are left out: a link could lead outside the tree). A file that cannot
/// be copied is left out; the analysis then reads as much of the module as there is.
fn copy_module_files(dir: &Path, into: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if meta.is_file() && meta.len() <= crate::input::parse::MAX_FILE_BYTES {
            let _ = std::fs::copy(entry.path(), into.join(entry.file_name()));
        }
    }
}

/// `--show-fixes`: each finding with a fix, where it is, what the fix does and what applies it.
fn fix_list(report: &crate::Report, unsafe_fixes: bool, named: &Named) -> String {
    use crate::base::diagnostic::Applicability;
    let mut out = String::new();
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        let file = report.sources.get(d.span.file);
        let p = file.position(d.span.start);
        let elsewhere = fix
            .edits
            .iter()
            .map(|e| report.sources.get(e.span.file).path.clone())
            .find(|path| !named.contains(path));
        let how = match (fix.applicability, elsewhere) {
            (_, Some(path)) => format!(
                "not applied: edits {}, which was not named",
                crate::base::source::display_path(&path)
            ),
            (Applicability::Safe, None) => "applied by --fix".to_string(),
            (_, None) if unsafe_fixes => "applied by --fix --unsafe-fixes".to_string(),
            (_, None) => "unsafe: applied by --fix --unsafe-fixes".to_string(),
        };
        out.push_str(&format!(
            "  {}:{}:{}: {} {} ({how})\n",
            report::terminal::safe(&file.display_path),
            p.line,
            p.column,
            d.rule.code,
            report::terminal::safe(&fix.description),
        ));
    }
    if out.is_empty() {
        "No fixes available.\n".to_string()
    } else {
        format!("Fixes:\n{out}")
    }
}

/// The files and directories named on the command line: `--fix` writes only inside them
/// (a named `.tf` file brings its module into the analysis, not into the edits; B2).
struct Named(Vec<(PathBuf, bool)>);

impl Named {
    fn new(paths: &[PathBuf]) -> Named {
        Named(paths.iter().map(|p| (absolute(p), p.is_dir())).collect())
    }

    fn contains(&self, path: &Path) -> bool {
        let path = absolute(path);
        self.0.iter().any(|(named, dir)| {
            if *dir {
                path.starts_with(named)
            } else {
                path == *named
            }
        })
    }
}

/// `path` absolute (from the current directory) and normalized, for comparing paths.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::base::source::normalize(&path)
}

fn statistics(report: &crate::Report) -> String {
    let rows = statistic_rows(report);
    if rows.is_empty() {
        return "No problems found.\n".into();
    }
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0).max(4);
    let mut out = format!(
        "{:>5}  {:<8} {:<name_width$}  FIXABLE\n",
        "COUNT", "CODE", "NAME"
    );
    for r in &rows {
        let fixable = match (r.fixable, r.unsafe_fixable) {
            (0, 0) => "-".to_string(),
            (f, 0) => f.to_string(),
            (f, u) => format!("{f} (+{u} unsafe)"),
        };
        out.push_str(&format!(
            "{:>5}  {:<8} {:<name_width$}  {fixable}\n",
            r.count, r.code, r.name
        ));
    }
    out
}

fn statistics_json(report: &crate::Report) -> String {
    let rows: Vec<serde_json::Value> = statistic_rows(report)
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code, "name": r.name, "count": r.count,
                "fixable": r.fixable, "unsafe_fixable": r.unsafe_fixable,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "statistics": rows })).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn default_command_is_check() {
        let args = with_default_command(vec!["irsa-lint".into(), "infra".into()]);
        assert_eq!(args[1], "check");
        let args = with_default_command(vec!["irsa-lint".into(), "rules".into()]);
        assert_eq!(args[1], "rules");
    }
}
