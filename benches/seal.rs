//! Sealing and unsealing many Secrets in one process, against the `age` CLI run once per file
//! (what a shell loop over files would do), measured in the same run.
//!
//! `cargo bench --bench seal` (or `-- 1000` for another count). Prints a Markdown table for the
//! README; nothing here asserts a time. Without `--bench` (under `cargo test`) a small smoke
//! run proves the harness works.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use kubectl_abema::seal::keys;
use kubectl_abema::seal::recipients::Resolver;
use kubectl_abema::seal::sealer::{self, Plain, Request, Target};
use kubectl_abema::seal::{document, input};
use serde_json::json;

fn secret(i: usize) -> serde_json::Value {
    let data: serde_json::Map<String, serde_json::Value> = (0..5)
        .map(|k| {
            (
                format!("key{k}"),
                json!(format!("value-{i}-{k}-{}", "x".repeat(40))),
            )
        })
        .collect();
    json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": format!("s{i}"), "namespace": "bench"},
           "type": "Opaque", "stringData": data})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let n = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(if benching { 1000 } else { 20 });
    let (identity, recipient) = keys::generate();
    let identities = keys::parse_identities(&identity, "bench").unwrap();
    let resolver = Resolver {
        cwd: PathBuf::from("/"),
        explicit: vec![recipient.clone()],
        config: Vec::new(),
        config_source: String::new(),
    };
    let secrets: Vec<_> = (0..n).map(secret).collect();

    // What `seal FILE --out-dir DIR` does short of writing: validate, bind, seal, serialise and
    // read every file back.
    let start = Instant::now();
    let sealed = sealer::seal(Request {
        secrets: secrets
            .iter()
            .map(|s| Plain {
                value: s.clone(),
                file: "bench".into(),
                line: 1,
            })
            .collect(),
        target: Target::Dir(PathBuf::from("/sealed")),
        multi: false,
        namespace: None,
        fan_out: Vec::new(),
        allow_no_namespace: false,
        resolver: &resolver,
        stdout_name: PathBuf::from("/stdin.yaml"),
    })
    .unwrap();
    let seal_time = start.elapsed();
    // What `unseal` does per file: parse, unwrap the data key, decrypt, MAC and binding.
    let start = Instant::now();
    for s in &sealed {
        let file = input::parse("bench".into(), s.text.clone()).unwrap();
        document::open(file.values(), &identities).unwrap();
    }
    let unseal_time = start.elapsed();

    // The baseline: `age -r` once per payload file (the same 5 values, one file per Secret).
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seal-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for (i, s) in secrets.iter().enumerate() {
        let path = dir.join(format!("s{i}.txt"));
        std::fs::write(&path, s["stringData"].to_string()).unwrap();
        paths.push(path);
    }
    let age = Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let age_time = age.then(|| {
        let start = Instant::now();
        for p in &paths {
            let status = Command::new("age")
                .arg("-r")
                .arg(&recipient)
                .arg("-o")
                .arg(p.with_extension("age"))
                .arg(p)
                .status()
                .unwrap();
            assert!(status.success());
        }
        start.elapsed()
    });
    println!("| {n} Secrets x 5 keys | total | per Secret |");
    println!("|---|---|---|");
    println!(
        "| kubectl-abema seal (in process) | {:.0} ms | {:.0} us |",
        seal_time.as_secs_f64() * 1e3,
        seal_time.as_secs_f64() * 1e6 / n as f64
    );
    println!(
        "| kubectl-abema unseal (in process, MAC verified) | {:.0} ms | {:.0} us |",
        unseal_time.as_secs_f64() * 1e3,
        unseal_time.as_secs_f64() * 1e6 / n as f64
    );
    match age_time {
        Some(t) => println!(
            "| age CLI, one process per file | {:.0} ms | {:.0} us ({:.0}x the seal time) |",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / n as f64,
            t.as_secs_f64() / seal_time.as_secs_f64()
        ),
        None => println!("| age CLI, one process per file | not installed | - |"),
    }
}
