//! Scan throughput and start-up, each against a baseline measured in the same run.
//!
//! `cargo bench --bench scan` (or `-- 10000` for one corpus size). Prints a Markdown table
//! for the README. Nothing here asserts a time: the figures are ratios to read, not gates.
//!
//! - floor: walk + read the bytes + split documents (no YAML parsing), files in parallel;
//! - abema: the real scan (`deprecations::scan`: parse the head of each document, match);
//! - full parse: every document parsed into a complete YAML tree (what pluto-style tools do);
//! - peak RSS of the real binary scanning the corpus;
//! - peak RSS of the real binary in every output format over one file of 200,000 flagged
//!   objects, against the same file with no findings (`-- findings` runs only that table);
//! - start-up: `kubectl-abema --version` and a completion request, against `kubectl version
//!   --client` and `kubectl __complete ""`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kubectl_abema::deprecations::{self, ScanOptions, Table};
use kubectl_abema::manifest;
use rayon::prelude::*;

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "support/measure.rs"]
mod measure;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it:
    // then only a small smoke run proves the harness works. Other numbers are corpus sizes.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let only_findings = args.iter().any(|a| a == "findings");
    if only_findings {
        findings_rss(200_000);
        return;
    }
    let sizes = match (benching, sizes.is_empty()) {
        (false, _) => vec![300],
        (true, true) => vec![10_000, 100_000],
        (true, false) => sizes,
    };
    println!(
        "| corpus | MB | floor MB/s | abema MB/s | full parse MB/s | abema / floor | full / abema | abema peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{n}"));
        let bytes = corpus::ensure(&dir, n);
        let mb = bytes as f64 / 1e6;
        let floor = best_of(3, || floor(&dir));
        let abema = best_of(3, || abema_scan(&dir));
        let full = best_of(1, || full_parse(&dir));
        let rss = peak_rss_kib(&dir);
        println!(
            "| {n} manifests | {mb:.0} | {:.0} | {:.0} | {:.0} | {:.2}x the time | {:.1}x slower | {} MiB |",
            mb / floor.as_secs_f64(),
            mb / abema.as_secs_f64(),
            mb / full.as_secs_f64(),
            abema.as_secs_f64() / floor.as_secs_f64(),
            full.as_secs_f64() / abema.as_secs_f64(),
            rss / 1024
        );
    }
    findings_rss(if benching { 200_000 } else { 2_000 });
    if benching {
        startup();
    }
}

/// Output formats of `deprecations`, each measured on its own.
const FORMATS: [&str; 8] = [
    "json", "yaml", "table", "wide", "markdown", "csv", "sarif", "junit",
];

/// Peak RSS and wall time of the binary writing `n` findings from one file, per format; the
/// baseline is the same file (same size, same shape) on a current API: no findings.
fn findings_rss(n: usize) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let flagged = one_file(&dir, n, "extensions/v1beta1", "Ingress");
    let current = one_file(&dir, n, "networking.k8s.io/v1", "Ingress");
    let mb = std::fs::metadata(&flagged).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!();
    println!(
        "| one file of {n} objects ({mb:.0} MB), -o | peak RSS, {n} findings | peak RSS, no findings | time, {n} findings |"
    );
    println!("|---|---|---|---|");
    for format in FORMATS {
        let args = ["deprecations", "-q", "-o", format];
        let start = Instant::now();
        let with = peak_rss_of(&args, &flagged);
        let took = start.elapsed();
        let without = peak_rss_of(&args, &current);
        println!(
            "| {format} | {:.1} MiB | {:.1} MiB | {:.2} s |",
            with as f64 / 1024.0,
            without as f64 / 1024.0,
            took.as_secs_f64()
        );
    }
}

/// One file of `n` small objects of one API.
fn one_file(dir: &Path, n: usize, api_version: &str, kind: &str) -> PathBuf {
    let path = dir.join(format!(
        "one-file-{n}-{}.yaml",
        api_version.replace('/', "_")
    ));
    if !path.exists() {
        let mut text = String::with_capacity(n * 120);
        for i in 0..n {
            text.push_str(&format!(
                "apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: web-{i}\n  namespace: shop-{}\nspec: {{}}\n---\n",
                i % 50
            ));
        }
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    path
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    let mut best = Duration::MAX;
    let mut check = None;
    for _ in 0..runs {
        let start = Instant::now();
        let n = f();
        best = best.min(start.elapsed());
        assert!(check.is_none_or(|c| c == n), "runs must agree");
        check = Some(n);
    }
    best
}

fn files(dir: &Path) -> Vec<manifest::InputFile> {
    manifest::expand_inputs(&[dir.to_path_buf()]).0
}

/// Walk, read, split: what any scanner must at least do.
fn floor(dir: &Path) -> usize {
    files(dir)
        .par_iter()
        .map(|f| {
            manifest::read_input(f)
                .map(|t| manifest::split_documents(&t).len())
                .unwrap_or(0)
        })
        .sum()
}

fn abema_scan(dir: &Path) -> usize {
    let table = Table::embedded().expect("table");
    let options = ScanOptions::defaults(table);
    let report = deprecations::scan(&[dir.to_path_buf()], table, &options);
    assert_eq!(report.summary.errors, 0);
    report.summary.objects
}

/// Every document into a complete tree.
fn full_parse(dir: &Path) -> usize {
    files(dir)
        .par_iter()
        .map(|f| {
            let text = manifest::read_input(f).unwrap_or_default();
            manifest::split_documents(&text)
                .iter()
                .filter(|d| serde_saphyr::from_str::<serde_json::Value>(d.text).is_ok())
                .count()
        })
        .sum()
}

/// Peak RSS of the real binary over the corpus.
fn peak_rss_kib(dir: &Path) -> u64 {
    peak_rss_of(&["deprecations", "-q", "-o", "json"], dir)
}

/// Peak RSS (KiB) of the real binary with `args` and `path`.
fn peak_rss_of(args: &[&str], path: &Path) -> u64 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
    cmd.args(args).arg(path);
    measure::run(&mut cmd).1
}

fn mean_of(runs: u32, program: &str, args: &[&str]) -> Option<Duration> {
    let start = Instant::now();
    for _ in 0..runs {
        let ok = Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    Some(start.elapsed() / runs)
}

fn startup() {
    let abema = env!("CARGO_BIN_EXE_kubectl-abema");
    let complete = Path::new(abema).with_file_name("kubectl_complete-abema");
    let complete = complete.to_str().expect("utf-8 path");
    let runs = 50;
    let ours = [
        mean_of(runs, abema, &["--version"]),
        mean_of(runs, complete, &["deprecations", "--o"]),
    ];
    let theirs = [
        mean_of(runs, "kubectl", &["version", "--client"]),
        mean_of(runs, "kubectl", &["__complete", ""]),
    ];
    println!();
    println!("| start-up (mean of {runs}) | kubectl-abema | kubectl | kubectl / abema |");
    println!("|---|---|---|---|");
    for (label, ours, theirs) in [
        ("--version", ours[0], theirs[0]),
        ("completion request", ours[1], theirs[1]),
    ] {
        let fmt = |d: Option<Duration>| {
            d.map(|d| format!("{:.1} ms", d.as_secs_f64() * 1e3))
                .unwrap_or_else(|| "n/a".into())
        };
        let ratio = match (ours, theirs) {
            (Some(o), Some(t)) => format!("{:.0}x", t.as_secs_f64() / o.as_secs_f64()),
            _ => "n/a".into(),
        };
        println!("| {label} | {} | {} | {ratio} |", fmt(ours), fmt(theirs));
    }
}
