//! Scan benchmark (SPEC §8): where the time of a scan goes, on generated trees and real ones.
//!
//! `cargo bench --bench scan` generates 2,000-, 10,000- and 50,000-file trees and measures
//! each in a child process (so peak memory is that tree's alone): files/s, MB/s, peak RSS,
//! the ratio to reading the same files in the same process and to `cat` over them (through
//! `xargs`, as `find | xargs cat`), and busy time per stage (the `--timings` table). `cargo bench --bench scan -- PATH...` measures those trees instead;
//! `-- --sizes 2000,10000` picks the generated sizes; `-- --write-corpus DIR N` only writes a
//! tree (for profiling, or for timing `cat`).
//!
//! The generated trees are described in `corpus/mod.rs`.

mod corpus;

use corpus::generate;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

// The same allocator as the binary, so the numbers are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Every file a scan of `root` reads: the modules' files and the manifests.
fn scanned_files(root: &Path) -> Vec<PathBuf> {
    let found = irsa_lint::input::discover::discover_all(&[root.to_path_buf()]);
    found
        .modules
        .into_iter()
        .flat_map(|m| m.files)
        .chain(found.manifests)
        .collect()
}

/// Measures one tree (in this process, which does nothing else) and prints the results.
fn measure(label: &str, root: &Path) {
    let files = scanned_files(root);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let runs = if files.len() > 20_000 { 3 } else { 5 };
    // Reading every file (what `cat` does) is the floor; the first pass warms the page cache.
    let read_all = || {
        let t = Instant::now();
        let total: usize = files
            .iter()
            .map(|f| std::fs::read(f).map_or(0, |b| b.len()))
            .sum();
        std::hint::black_box(total);
        t.elapsed()
    };
    read_all();
    let read = median((0..runs).map(|_| read_all()).collect());
    // And what the issue measured against: `cat` over the same files, as `xargs` runs it.
    let cat_all = || {
        use std::io::Write as _;
        let t = Instant::now();
        let mut child = Command::new("xargs")
            .args(["-0", "cat"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let mut list = Vec::new();
        for f in &files {
            list.extend_from_slice(f.as_os_str().as_encoded_bytes());
            list.push(0);
        }
        child.stdin.take()?.write_all(&list).ok()?;
        child.wait().ok()?;
        Some(t.elapsed())
    };
    let cat = cat_all().and_then(|_| {
        let samples: Option<Vec<Duration>> = (0..runs).map(|_| cat_all()).collect();
        samples.map(median)
    });
    let scan_once = || {
        let t = Instant::now();
        let report = irsa_lint::check(&[root.to_path_buf()], &irsa_lint::Selection::default());
        let text = irsa_lint::base::timings::time(irsa_lint::base::timings::Stage::Report, || {
            irsa_lint::report::human::render(
                &report,
                irsa_lint::report::human::HumanOptions {
                    color: false,
                    width: 100,
                    unicode: true,
                },
            )
        });
        std::hint::black_box(text.len());
        (t.elapsed(), report.diagnostics.len(), report.policies)
    };
    let (mut diagnostics, mut policies) = (0, 0);
    let scan = median(
        (0..runs)
            .map(|_| {
                let (t, d, p) = scan_once();
                (diagnostics, policies) = (d, p);
                t
            })
            .collect(),
    );
    irsa_lint::base::timings::enable();
    let (timed, _, _) = scan_once();
    let stages = irsa_lint::report::timings::render(
        &irsa_lint::base::timings::snapshot(),
        timed,
        rayon::current_num_threads(),
    );
    let secs = scan.as_secs_f64();
    println!(
        "{label}: {} files, {:.1} MB, {policies} trust policies, {diagnostics} findings\n  \
         scan {:.1} ms (median of {runs}), {:.0} files/s, {:.1} MB/s, {:.1} µs/file; \
         read {:.1} ms, ratio {:.2}x; cat {}; peak RSS {:.0} MB\n  {}",
        files.len(),
        bytes as f64 / 1e6,
        secs * 1e3,
        files.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
        secs * 1e6 / files.len().max(1) as f64,
        read.as_secs_f64() * 1e3,
        secs / read.as_secs_f64().max(1e-9),
        cat.map_or("not run".to_string(), |c| format!(
            "{:.1} ms, ratio {:.2}x",
            c.as_secs_f64() * 1e3,
            secs / c.as_secs_f64().max(1e-9)
        )),
        peak_rss_mb(),
        stages.replace('\n', "\n  "),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    if let Some(dir) = value_of("--write-corpus") {
        let at = args.iter().position(|a| a == "--write-corpus").unwrap_or(0);
        let files = args
            .get(at + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        generate(Path::new(dir), files);
        println!("wrote {files} .tf files under {dir}");
        return;
    }
    if let Some(path) = value_of("--measure-one") {
        let label = value_of("--label").map_or(path.as_str(), String::as_str);
        measure(label, Path::new(path));
        return;
    }
    let sizes: Vec<usize> = value_of("--sizes").map_or(vec![2_000, 10_000, 50_000], |s| {
        s.split(',').filter_map(|n| n.parse().ok()).collect()
    });
    let flag_values: Vec<&String> = ["--sizes"].iter().filter_map(|f| value_of(f)).collect();
    let paths: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') && !flag_values.contains(a))
        .collect();
    let this = std::env::current_exe().expect("own path");
    // Each tree in its own process: peak memory is then that tree's.
    let run = |label: &str, path: &Path| {
        let status = Command::new(&this)
            .arg("--measure-one")
            .arg(path)
            .args(["--label", label])
            .status()
            .expect("run the measurement");
        assert!(status.success(), "measuring {label} failed");
    };
    if paths.is_empty() {
        for files in sizes {
            let tmp = tempfile::tempdir().expect("tempdir");
            generate(tmp.path(), files);
            run(&format!("generated {files}"), tmp.path());
        }
    }
    for path in paths {
        run(path, Path::new(path));
    }
}
