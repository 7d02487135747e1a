//! `check` and `deprecations` on a generated corpus, against ripgrep reading the same files in
//! the same run (`rg --no-ignore -c apiVersion`: every byte read, lines matched, nothing
//! parsed). Nothing here asserts a time: the figures are ratios to read.
//!
//! `cargo bench --bench check` (corpus of 100,000 manifests; `-- N` for another size). Needs
//! ripgrep: on PATH, or `scripts/bench-tools.sh` unpacks Debian's into `target/interop`.
//! `cargo test --all-targets` runs a 300-manifest smoke run (without ripgrep if it is missing).

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "support/measure.rs"]
mod measure;

fn ripgrep() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/interop/ripgrep/usr/bin/rg");
    if local.is_file() {
        return Some(local);
    }
    let on_path = Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    on_path.then(|| PathBuf::from("rg"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = match (benching, sizes.is_empty()) {
        (false, _) => vec![300],
        (true, true) => vec![100_000],
        (true, false) => sizes,
    };
    let rg = ripgrep();
    if rg.is_none() {
        println!("ripgrep not found: run scripts/bench-tools.sh (the baseline is left out)");
    }
    let runs = if benching { 3 } else { 1 };
    let largest = sizes.iter().copied().max().unwrap_or(0);
    println!(
        "| corpus | MB | ripgrep | deprecations | check | deprecations / ripgrep | check / ripgrep | peak RSS rg / deprecations / check |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{n}"));
        let mb = corpus::ensure(&dir, n) as f64 / 1e6;
        let abema = |command: &'static str| {
            let dir = dir.clone();
            move || {
                let mut c = Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
                c.args([command, "-q", "-o", "json"]).arg(&dir);
                c
            }
        };
        let base = rg.as_ref().map(|rg| {
            measure::best_of(runs, || {
                let mut c = Command::new(rg);
                c.args(["--no-ignore", "--hidden", "-c", "apiVersion"])
                    .arg(&dir);
                c
            })
        });
        let dep = measure::best_of(runs, abema("deprecations"));
        let check = measure::best_of(runs, abema("check"));
        let secs = |d: std::time::Duration| d.as_secs_f64();
        let ratio = |t: std::time::Duration| {
            base.map_or("-".to_string(), |(b, _)| {
                format!("{:.2}x", secs(t) / secs(b))
            })
        };
        println!(
            "| {n} manifests | {mb:.0} | {} | {:.2} s | {:.2} s | {} | {} | {} / {} / {} MiB |",
            base.map_or("-".to_string(), |(b, _)| format!("{:.2} s", secs(b))),
            secs(dep.0),
            secs(check.0),
            ratio(dep.0),
            ratio(check.0),
            base.map_or(0, |(_, m)| m / 1024),
            dep.1 / 1024,
            check.1 / 1024,
        );
    }
    // Peak RSS for every output format on the largest corpus: a format that buffered the
    // findings (or a table the corpus) would show here.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{largest}"));
    println!();
    println!("| peak RSS on {largest} manifests | table | json | yaml | csv | sarif | junit |");
    println!("|---|---|---|---|---|---|---|");
    for command in ["deprecations", "check"] {
        let cells: Vec<String> = ["table", "json", "yaml", "csv", "sarif", "junit"]
            .iter()
            .map(|format| {
                let (_, peak) = measure::run(
                    Command::new(env!("CARGO_BIN_EXE_kubectl-abema"))
                        .args([command, "-q", "-o", format])
                        .arg(&dir),
                );
                format!("{} MiB", peak / 1024)
            })
            .collect();
        println!("| {command} | {} |", cells.join(" | "));
    }
}
