//! Where a run's time goes, stage by stage: the hidden `--timings` flag and the benchmark read
//! it. Off by default; when off, [`time`] costs one relaxed load.
//!
//! Stages nest (a read inside a manifest parse, facts evaluated inside the rules' stage), and
//! each nanosecond is counted once: entering a stage pauses the one around it on the same
//! thread. Modules are analysed on several threads, so a stage's time is the sum over threads
//! (busy time), which can exceed the run's wall time.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A stage of the pipeline, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding the files (directory walk, gitignore).
    Walk,
    /// Reading files into memory.
    Read,
    /// Deciding from the bytes which files and directories can matter.
    Prefilter,
    /// Syntax: HCL, JSON and YAML parsing, module calls.
    Parse,
    /// Expressions to values, trust policies extracted.
    Evaluate,
    /// Facts of each module (roles, ServiceAccounts, providers).
    Facts,
    /// Rules (policy, module and workspace).
    Rules,
    /// The engine's own work: instances, suppressions, sorting, fixes.
    Engine,
    /// Rendering the output.
    Report,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Walk,
        Stage::Read,
        Stage::Prefilter,
        Stage::Parse,
        Stage::Evaluate,
        Stage::Facts,
        Stage::Rules,
        Stage::Engine,
        Stage::Report,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Walk => "walk",
            Stage::Read => "read",
            Stage::Prefilter => "pre-filter",
            Stage::Parse => "parse",
            Stage::Evaluate => "evaluate",
            Stage::Facts => "facts",
            Stage::Rules => "rules",
            Stage::Engine => "engine",
            Stage::Report => "report",
        }
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; Stage::ALL.len()] = [const { AtomicU64::new(0) }; Stage::ALL.len()];
static CALLS: [AtomicU64; Stage::ALL.len()] = [const { AtomicU64::new(0) }; Stage::ALL.len()];

thread_local! {
    /// The stage this thread is in, and since when it has been counting.
    static CURRENT: Cell<Option<(Stage, Instant)>> = const { Cell::new(None) };
}

/// Starts counting (and clears what was counted before).
pub fn enable() {
    for (n, c) in NANOS.iter().zip(&CALLS) {
        n.store(0, Ordering::Relaxed);
        c.store(0, Ordering::Relaxed);
    }
    ENABLED.store(true, Ordering::Relaxed);
}

fn add(stage: Stage, since: Instant, now: Instant) {
    let nanos = u64::try_from(now.duration_since(since).as_nanos()).unwrap_or(u64::MAX);
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `f`, counting its time (less that of the stages it enters) to `stage`.
pub fn time<R>(stage: Stage, f: impl FnOnce() -> R) -> R {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let outer = CURRENT.with(|c| c.replace(Some((stage, start))));
    if let Some((outer_stage, since)) = outer {
        add(outer_stage, since, start);
    }
    CALLS[stage as usize].fetch_add(1, Ordering::Relaxed);
    let result = f();
    let end = Instant::now();
    if let Some((s, since)) = CURRENT.with(Cell::get) {
        add(s, since, end);
    }
    CURRENT.with(|c| c.set(outer.map(|(s, _)| (s, end))));
    result
}

/// Runs `f` without counting its time to the stage around it: a thread that waits for the
/// others (a parallel loop started from outside the thread pool) is not busy.
pub fn paused<R>(f: impl FnOnce() -> R) -> R {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let outer = CURRENT.with(|c| c.replace(None));
    if let Some((stage, since)) = outer {
        add(stage, since, start);
    }
    let result = f();
    CURRENT.with(|c| c.set(outer.map(|(s, _)| (s, Instant::now()))));
    result
}

/// One stage's share of a run.
#[derive(Debug, Clone, Copy)]
pub struct StageTime {
    pub stage: Stage,
    /// Summed over threads.
    pub busy: Duration,
    /// How many times the stage was entered.
    pub calls: u64,
}

/// What has been counted since [`enable`], every stage in pipeline order.
pub fn snapshot() -> Vec<StageTime> {
    Stage::ALL
        .iter()
        .map(|&stage| StageTime {
            stage,
            busy: Duration::from_nanos(NANOS[stage as usize].load(Ordering::Relaxed)),
            calls: CALLS[stage as usize].load(Ordering::Relaxed),
        })
        .collect()
}
