//! `nodepool list`: the eight pools and the checklist.

use clap::Args;
use serde::Serialize;

use crate::error::{ExitStatus, Result};
use crate::nodepool::{Cloud, NodepoolConfig, Pool, ShapeKind, patch};
use crate::output::{Printer, Rows};

/// List the eight pools: node shapes, allocatable, balloon sizes, and the checklist
///
/// Example:
///
///   kubectl abema nodepool list -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PoolInfo {
    name: String,
    nat: bool,
    shape: ShapeKind,
    autoscaled: bool,
    priority_class: String,
    required_values: Vec<String>,
    clouds: Vec<CloudInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CloudInfo {
    cloud: Cloud,
    machine_type: String,
    allocatable: crate::nodepool::quantity::Resources,
    balloon: Option<crate::nodepool::quantity::Resources>,
}

fn checklist_tree(cfg: &NodepoolConfig) -> String {
    let n = &cfg.names;
    let mut out = format!(
        "Checklist (node label `{}` carries the pool name on both clouds):\n",
        cfg.label_key
    );
    out.push_str(&format!(
        "memory per vCPU <= {} GiB?\n",
        cfg.max_gib_per_vcpu_on_cpu
    ));
    for (i, shape) in [ShapeKind::Cpu, ShapeKind::Mem].into_iter().enumerate() {
        let last_shape = i == 1;
        let s = cfg.shapes.of(shape);
        let (branch, pad) = if last_shape {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        out.push_str(&format!(
            "{branch}{}: {} ({} / {})\n{pad}tolerates rescheduling?\n",
            if shape == ShapeKind::Cpu { "yes" } else { "no" },
            if shape == ShapeKind::Cpu {
                &n.cpu
            } else {
                &n.mem
            },
            s.gke.machine_type,
            s.eks.machine_type
        ));
        for (j, autoscaled) in [true, false].into_iter().enumerate() {
            let (b2, p2) = if j == 1 {
                ("└── ", "    ")
            } else {
                ("├── ", "│   ")
            };
            out.push_str(&format!(
                "{pad}{b2}{}: {}\n{pad}{p2}needs the NAT egress IP?\n",
                if autoscaled { "yes" } else { "no" },
                if autoscaled {
                    format!("autoscaled ({})", n.autoscaled_suffix)
                } else {
                    "fixed".to_string()
                },
            ));
            for (k, nat) in [true, false].into_iter().enumerate() {
                let b3 = if k == 1 { "└── " } else { "├── " };
                out.push_str(&format!(
                    "{pad}{p2}{b3}{}: {}\n",
                    if nat { "yes" } else { "no" },
                    cfg.name(Pool::new(nat, shape, autoscaled))
                ));
            }
        }
    }
    out
}

pub fn run(cfg: &NodepoolConfig, printer: &Printer) -> Result<ExitStatus> {
    let pools: Vec<PoolInfo> = Pool::ALL
        .into_iter()
        .map(|p| PoolInfo {
            name: cfg.name(p),
            nat: p.nat,
            shape: p.shape,
            autoscaled: p.autoscaled,
            priority_class: cfg.priority_class(p).name.clone(),
            required_values: patch::node_affinity(cfg, p)["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            clouds: Cloud::ALL
                .into_iter()
                .map(|c| {
                    let shape = cfg.shapes.of(p.shape).on(c);
                    CloudInfo {
                        cloud: c,
                        machine_type: shape.machine_type.clone(),
                        allocatable: shape.allocatable(c),
                        balloon: p.autoscaled.then(|| cfg.balloon_size(p, c)),
                    }
                })
                .collect(),
        })
        .collect();
    if printer.format().is_document() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct ListReport<'a> {
            schema_version: &'static str,
            label_key: &'a str,
            max_gib_per_vcpu_on_cpu: f64,
            pools: Vec<PoolInfo>,
        }
        printer.document(&ListReport {
            schema_version: "abema.dev/nodepool-list/v1",
            label_key: &cfg.label_key,
            max_gib_per_vcpu_on_cpu: cfg.max_gib_per_vcpu_on_cpu,
            pools,
        })?;
        return Ok(ExitStatus::Clean);
    }
    let res =
        |r: &crate::nodepool::quantity::Resources| format!("{}/{}", r.cpu_text(), r.memory_text());
    let rows = Rows {
        headers: vec![
            "POOL",
            "NAT",
            "AUTOSCALED",
            "PRIORITY CLASS",
            "GKE NODE",
            "GKE ALLOCATABLE",
            "EKS NODE",
            "EKS ALLOCATABLE",
            "BALLOON GKE",
            "BALLOON EKS",
        ],
        rows: pools
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    if p.nat { "yes" } else { "no" }.into(),
                    if p.autoscaled { "yes" } else { "no" }.into(),
                    p.priority_class.clone(),
                    p.clouds[0].machine_type.clone(),
                    res(&p.clouds[0].allocatable),
                    p.clouds[1].machine_type.clone(),
                    res(&p.clouds[1].allocatable),
                    p.clouds[0]
                        .balloon
                        .as_ref()
                        .map(res)
                        .unwrap_or_else(|| "-".into()),
                    p.clouds[1]
                        .balloon
                        .as_ref()
                        .map(res)
                        .unwrap_or_else(|| "-".into()),
                ]
            })
            .collect(),
    };
    printer.rows(&rows)?;
    if matches!(
        printer.format(),
        crate::output::OutputFormat::Table | crate::output::OutputFormat::Wide
    ) {
        printer.data(&format!("\n{}", checklist_tree(cfg)))?;
    }
    Ok(ExitStatus::Clean)
}
