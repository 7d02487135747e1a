//! Expanding and diffing 10,000 roles and bindings per side, against reading the same exports
//! (the baseline) in the same run. `cargo bench --bench rbac` (or `-- N`); under `cargo test`
//! a small smoke run proves the harness works. Nothing here asserts a time.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::fmt::Write;
use std::time::Instant;

use kubectl_abema::manifest::InputFile;
use kubectl_abema::rbac::inputs::SideInputs;
use kubectl_abema::rbac::parity::{self, EksPrincipal, GkePrincipal, Persona};

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
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: role-{i}}}\nrules:\n  - {{apiGroups: [\"{}\"], resources: {resources}, verbs: {verbs}}}\n---\n",
            GROUPS[g]
        );
        if i % 2 == 0 {
            let _ = write!(
                out,
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {{name: b-{i}}}\nroleRef: {{kind: ClusterRole, name: role-{i}}}\nsubjects: [{{kind: Group, name: \"{subject}\"}}]\n---\n"
            );
        } else {
            let _ = write!(
                out,
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {{name: b-{i}, namespace: ns-{}}}\nroleRef: {{kind: ClusterRole, name: role-{i}}}\nsubjects: [{{kind: Group, name: \"{subject}\"}}]\n---\n",
                i % 50
            );
        }
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
    let (gke_text, eks_text) = (export(n, "gke"), export(n, "eks"));
    let start = Instant::now();
    let mut gke = SideInputs::default();
    gke.add_text(&InputFile::Path("gke.yaml".into()), &gke_text);
    let mut eks = SideInputs::default();
    eks.add_text(&InputFile::Path("eks.yaml".into()), &eks_text);
    let read = start.elapsed();
    let start = Instant::now();
    let report = parity::compare(&gke, &eks, &personas).unwrap();
    let compare = start.elapsed();
    let rows: usize = report.personas.iter().map(|p| p.drift.len()).sum();
    println!("| {n} roles + {n} bindings per side, 20 personas | time |");
    println!("|---|---|");
    println!(
        "| read both sides (baseline: YAML parse) | {:.0} ms |",
        read.as_secs_f64() * 1e3
    );
    println!(
        "| expand + aggregate + diff | {:.0} ms ({:.1}x the read) |",
        compare.as_secs_f64() * 1e3,
        compare.as_secs_f64() / read.as_secs_f64()
    );
    println!("| drift rows | {rows} |");
    println!("| peak RSS of the process | {} MiB |", peak_rss_mib());
}
