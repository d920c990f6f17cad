//! `--timings` (hidden): where a run's time goes. The counters are process-wide, so this file
//! holds the one in-process test; the CLI's table comes from a child process.

mod common;

use irsa_lint::base::timings::{self, Stage};
use std::time::Duration;

#[test]
fn nested_stages_count_each_instant_once() {
    timings::enable();
    timings::time(Stage::Parse, || {
        std::thread::sleep(Duration::from_millis(20));
        timings::time(Stage::Read, || {
            std::thread::sleep(Duration::from_millis(30));
        });
        timings::paused(|| std::thread::sleep(Duration::from_millis(50)));
        std::thread::sleep(Duration::from_millis(20));
    });
    let t = timings::snapshot();
    let get = |s: Stage| t.iter().find(|x| x.stage == s).map(|x| (x.busy, x.calls));
    let (parse, parse_calls) = get(Stage::Parse).unwrap_or_default();
    let (read, read_calls) = get(Stage::Read).unwrap_or_default();
    assert_eq!((parse_calls, read_calls), (1, 1));
    // Parse holds its own 40 ms, neither the read's 30 nor the 50 paused (sleeps may overrun).
    assert!(read >= Duration::from_millis(30), "{read:?}");
    assert!(parse >= Duration::from_millis(40), "{parse:?}");
    assert!(parse < Duration::from_millis(70), "{parse:?}");
}

#[test]
fn the_flag_prints_every_stage_to_stderr() {
    let out = common::irsa_lint()
        .args(["check", "--timings", "-q"])
        .arg(common::testdata("example"))
        .output()
        .expect("run irsa-lint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines[0].starts_with("timings: "), "{stderr}");
    let stages: Vec<&str> = lines[2..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        stages,
        [
            "walk",
            "read",
            "pre-filter",
            "parse",
            "evaluate",
            "facts",
            "rules",
            "engine",
            "report"
        ]
    );
    // Every file of the example was read, and the table is not on stdout.
    let read_entered: usize = lines[3]
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(read_entered >= 5, "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("timings"));
}
