//! `deprecations --cluster` on a cluster of 5,000 objects served by the test API server, against
//! the floor of merely fetching the same pages in the same run. `cargo bench --bench cluster`
//! (or `-- N`); under `cargo test` a small smoke run. Nothing here asserts a time.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/support/apiserver.rs"]
mod apiserver;

use std::time::Instant;

use kubectl_abema::cluster::Cluster;
use kubectl_abema::deprecations::live::{self, LiveOptions};
use kubectl_abema::deprecations::{ScanOptions, Table};
use serde_json::json;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let n: usize = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(if benching { 5000 } else { 300 });
    let fixture_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/apiserver/cluster.yaml");
    let mut fixture = apiserver::Fixture::load(&fixture_path);
    let per_kind = n / 3;
    for (plural, old) in [
        ("deployments", "extensions/v1beta1"),
        ("ingresses", "networking.k8s.io/v1beta1"),
        ("poddisruptionbudgets", "policy/v1beta1"),
    ] {
        let r = fixture
            .resources
            .iter_mut()
            .find(|r| r.plural == plural)
            .unwrap();
        for i in 0..per_kind {
            let api = if i % 10 == 0 { old } else { "v1-current" };
            r.objects.push(json!({"metadata": {"name": format!("o{i}"), "namespace": format!("ns{}", i % 40),
                "managedFields": [{"manager": "kubectl", "operation": "Apply", "apiVersion": api, "time": "2025-01-01T00:00:00Z"}]}}));
        }
    }
    let server = apiserver::ApiServer::start(fixture);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cluster-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let kubeconfig = server.kubeconfig(&dir);

    let floor_cluster = Cluster::connect(Some(&kubeconfig), None).unwrap();
    let start = Instant::now();
    let mut fetched = 0;
    for path in [
        "/apis/apps/v1/deployments",
        "/apis/networking.k8s.io/v1/ingresses",
        "/apis/policy/v1/poddisruptionbudgets",
    ] {
        fetched += floor_cluster.list(path, "").unwrap().len();
    }
    let floor = start.elapsed();

    let cluster = Cluster::connect(Some(&kubeconfig), None).unwrap();
    let table = Table::embedded().unwrap();
    let options = ScanOptions::defaults(table);
    let live_options = LiveOptions {
        namespace: None,
        helm_configmaps: false,
        metrics: false,
    };
    let start = Instant::now();
    let version = live::server_version(&cluster).unwrap();
    let result = live::scan(&cluster, table, &options, &live_options, version).unwrap();
    let scan = start.elapsed();
    println!("| {n} objects from the test API server | time | requests |");
    println!("|---|---|---|");
    println!(
        "| floor: fetch the {fetched} objects' pages (500 per page) | {:.0} ms | {} |",
        floor.as_secs_f64() * 1e3,
        floor_cluster.requests.get()
    );
    println!(
        "| deprecations --cluster (version, discovery, lists, Helm Secrets) | {:.0} ms ({:.1}x the floor) | {} |",
        scan.as_secs_f64() * 1e3,
        scan.as_secs_f64() / floor.as_secs_f64(),
        result.info.requests
    );
    println!(
        "| findings | {} of {} objects | |",
        result.findings.len(),
        result.objects
    );
}
