//! The command line (SPEC §6). `main` only calls [`run`].

mod output;

use crate::base::diagnostic::Severity;
use crate::engine::baseline::Baseline;
use crate::engine::check::check_with;
use crate::engine::config::{Config, Options, find_config};
use crate::engine::selection::Selection;
use crate::report;
use crate::rules;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "irsa-lint",
    version,
    about = "Finds broken and over-permissive web-identity (EKS IRSA, GitHub OIDC) IAM trust policies in Terraform",
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
    /// Files or directories to check
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format: human (snippets), concise (`path:line:col: CODE [name] message`), json,
    /// sarif, github (workflow commands), gitlab (Code Quality), junit (XML), rdjson (reviewdog)
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output (replaced atomically: a symlink at
    /// FILE is replaced, never followed; the directory must exist)
    #[arg(long, value_name = "FILE")]
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
    /// Configuration file [default: the nearest .irsa-lint.toml from the first path up to the
    /// git work tree root]
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
    /// Print only the summary line (human format)
    #[arg(long)]
    quiet: bool,
    /// Print counts per rule after the report (human format)
    #[arg(long)]
    statistics: bool,
    /// Apply safe fixes in place, then report what remains
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when there are any)
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, also apply fixes marked unsafe
    #[arg(long)]
    unsafe_fixes: bool,
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

const SUBCOMMANDS: [&str; 5] = ["check", "rules", "explain", "inventory", "help"];

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
    let cli = match Cli::try_parse_from(with_default_command(args)) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
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
                    ExplainFormat::Markdown => print_out(meta.doc),
                    ExplainFormat::Text => {
                        let options = terminal_options((color, false));
                        print_out(&report::explain::render(meta, options))
                    }
                }
                ExitCode::SUCCESS
            }
            None => {
                crate::safe_eprintln!(
                    "error: no rule has the code or name `{rule}` (see `irsa-lint rules`)"
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
        ListFormat::Human => all
            .iter()
            .map(|m| {
                format!(
                    "{:<8} {:<34} {:<8} {:<10} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.kind.as_str(),
                    m.summary
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
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
            "no rule matches {} (see `irsa-lint rules`)",
            unknown.join(", ")
        )));
    }
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None if args.isolated => None,
        None => args.paths.first().and_then(|p| find_config(p)),
    };
    let (mut options, config_fail_on) = match config_path {
        Some(path) => {
            let config = Config::load(&path).map_err(|e| fail(e.0))?;
            let options = config.options(&selection).map_err(|e| fail(e.0))?;
            let fail_on = config.fail_on().map_err(|e| fail(e.0))?;
            (
                options,
                fail_on.and_then(|f| FailOn::from_str(&f, true).ok()),
            )
        }
        None => (Options::from_selection(selection), None),
    };
    if let Some(path) = &args.baseline {
        options.baseline = Some(Baseline::load(path).map_err(fail)?);
    }
    options.var_files = args.var_files.clone();
    Ok((options, args.fail_on.or(config_fail_on)))
}

fn run_check(args: CheckArgs) -> ExitCode {
    if args.unsafe_fixes && !args.fix && !args.diff {
        crate::safe_eprintln!("error: --unsafe-fixes needs --fix or --diff");
        return ExitCode::from(2);
    }
    let (options, fail_on) = match options(&args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (report, unfixed) = if args.fix || args.diff {
        match run_fixes(&args, &options) {
            Ok(done) => done,
            Err(code) => return code,
        }
    } else {
        (check_with(&args.paths, &options), false)
    };
    if let Some(path) = &args.write_baseline {
        if let Err(e) = crate::base::fsio::replace_file(path, Baseline::render(&report).as_bytes())
        {
            crate::safe_eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        crate::safe_eprintln!(
            "Wrote {} finding(s) to {}.",
            report.diagnostics.len(),
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    for e in &report.walk_errors {
        crate::safe_eprintln!("error: {}: {}", e.path.display(), e.message);
    }
    print_skipped(&report);
    let text = match args.format {
        Format::Json => report::json::render(&report),
        Format::Sarif => report::sarif::render(&report),
        Format::Github => report::github::render(&report),
        Format::Concise => report::concise::render(&report),
        Format::Gitlab => report::gitlab::render(&report),
        Format::Junit => report::junit::render(&report),
        Format::Rdjson => report::rdjson::render(&report),
        Format::Human if args.quiet => report::human::summary(&report),
        Format::Human => {
            let mut t = report::human::render(&report, human_options(&args));
            if args.statistics {
                t.push_str(&statistics(&report));
            }
            t
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = crate::base::fsio::replace_file(path, text.as_bytes()) {
                crate::safe_eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
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
    let (report, outcome) = crate::engine::fix::fix(&args.paths, options, args.unsafe_fixes);
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
                crate::safe_eprintln!("error: cannot write {shown}: {e}")
            }
            Err(crate::engine::fix::NotWritten::Skipped(why)) => {
                crate::safe_eprintln!("error: {shown} {why}")
            }
        }
    }
    if fixed > 0 {
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

fn statistics(report: &crate::Report) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in &report.diagnostics {
        *counts.entry((d.rule.code, d.rule.name)).or_default() += 1;
    }
    let mut out = String::new();
    for ((code, name), n) in counts {
        out.push_str(&format!("{n:>5}  {code:<8} {name}\n"));
    }
    out
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
