//! Parity on 10,000 roles and 10,000 bindings per side (files on disk, block style as
//! `kubectl get -o yaml` writes each object), against reading the same files' bytes (the
//! baseline) in the same run; peak RSS of the parity step alone (the generator's memory is
//! released and the high-water mark reset first). `cargo bench --bench rbac` (or `-- N`);
//! under `cargo test` a small smoke run proves the harness works. Nothing here asserts a time.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::fmt::Write;
use std::time::Instant;

use kubectl_abema::rbac::inputs::SideInputs;
use kubectl_abema::rbac::parity;
use kubectl_abema::rbac::persona::{EksPrincipal, GkePrincipal, Persona};

const GROUPS: [&str; 4] = ["", "apps", "batch", "networking.k8s.io"];
const RESOURCES: [&[&str]; 4] = [
    &["pods", "configmaps", "services"],
    &["deployments", "statefulsets"],
    &["jobs", "cronjobs"],
    &["ingresses"],
];

/// `n` roles and `n` bindings (half cluster-wide, half per namespace) for 20 teams.
fn export(n: usize, side: &str) -> String {
    let mut out = String::new();
    for i in 0..n {
        let g = i % GROUPS.len();
        let verbs = if i % 3 == 0 {
            "[\"*\"]"
        } else {
            "[get, list, watch]"
        };
        // Every 7th EKS role widens to `*`: some drift to report.
        let wide = i % 5 == 0 || (side == "eks" && i % 7 == 0);
        let resources = if wide {
            "[\"*\"]".to_string()
        } else {
            format!("[{}]", RESOURCES[g].join(", "))
        };
        let team = i % 20;
        let subject = if side == "gke" {
            format!("team-{team}@example.com")
        } else {
            format!("team:{team}")
        };
        let _ = write!(
            out,
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-{i}\nrules:\n- apiGroups:\n  - \"{}\"\n  resources:\n{}  verbs:\n{}---\n",
            GROUPS[g],
            block(&resources),
            block(verbs)
        );
        let (kind, namespace) = if i % 2 == 0 {
            ("ClusterRoleBinding", String::new())
        } else {
            ("RoleBinding", format!("  namespace: ns-{}\n", i % 50))
        };
        let _ = write!(
            out,
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: b-{i}\n{namespace}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: role-{i}\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: {subject}\n---\n"
        );
    }
    if side == "eks" {
        out.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n");
        for t in 0..20 {
            let _ = write!(
                out,
                "    - rolearn: arn:aws:iam::1:role/team-{t}\n      username: t{t}\n      groups: [\"team:{t}\"]\n"
            );
        }
    }
    out
}

/// A flow list (`[get, list]`, `["*"]`) as block sequence items under a rule.
fn block(flow: &str) -> String {
    flow.trim_matches(['[', ']'])
        .split(", ")
        .map(|item| format!("  - {}\n", item.replace('"', "'")))
        .collect()
}

/// Resets the process's peak RSS (`VmHWM`) to its current RSS (Linux `clear_refs` 5).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let n = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(if benching { 10_000 } else { 200 });
    let personas: Vec<Persona> = (0..20)
        .map(|t| Persona {
            name: format!("team-{t}"),
            gke: GkePrincipal {
                group: Some(format!("team-{t}@example.com")),
                ..Default::default()
            },
            eks: EksPrincipal {
                principal_arn: Some(format!("arn:aws:iam::1:role/team-{t}")),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("abema-rbac-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (gke_file, eks_file) = (dir.join("gke.yaml"), dir.join("eks.yaml"));
    std::fs::write(&gke_file, export(n, "gke")).unwrap();
    std::fs::write(&eks_file, export(n, "eks")).unwrap();
    let start = Instant::now();
    let bytes = std::fs::read(&gke_file).unwrap().len() + std::fs::read(&eks_file).unwrap().len();
    let read = start.elapsed();
    reset_peak_rss();
    let start = Instant::now();
    let mut gke = SideInputs::read(std::slice::from_ref(&gke_file));
    let mut eks = SideInputs::read(std::slice::from_ref(&eks_file));
    gke.settle(false);
    eks.settle(false);
    assert!(gke.errors.is_empty() && eks.errors.is_empty());
    let parse = start.elapsed();
    let report = parity::compare(&gke, &eks, &personas).unwrap();
    let total = start.elapsed();
    let rows: usize = report.personas.iter().map(|p| p.drift.len()).sum();
    std::fs::remove_dir_all(&dir).unwrap();
    println!(
        "| {n} roles + {n} bindings per side ({:.1} MiB of YAML), 20 personas | time |",
        bytes as f64 / 1048576.0
    );
    println!("|---|---|");
    println!(
        "| read both files' bytes (baseline) | {:.0} ms |",
        read.as_secs_f64() * 1e3
    );
    println!(
        "| parse both sides (every core) | {:.0} ms |",
        parse.as_secs_f64() * 1e3
    );
    println!(
        "| parity: parse + expand + aggregate + diff | {:.0} ms ({:.0}x the baseline) |",
        total.as_secs_f64() * 1e3,
        total.as_secs_f64() / read.as_secs_f64()
    );
    println!("| drift rows | {rows} |");
    println!("| peak RSS of the parity step | {} MiB |", peak_rss_mib());
}
