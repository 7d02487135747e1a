//! `nodepool list`: the eight pools with their nodes, allocatable and balloon sizes on each
//! cloud, and the checklist that picks one.

use serde::Serialize;

use super::quantity::Resources;
use super::{Cloud, NodepoolConfig, Pool, ShapeKind, patch};

/// The pools of a configuration (`nodepool list`).
#[derive(Debug)]
pub struct PoolList<'a> {
    pub cfg: &'a NodepoolConfig,
    pub pools: Vec<PoolInfo>,
}

/// Every pool of `cfg`, in [`Pool::ALL`] order.
pub fn list(cfg: &NodepoolConfig) -> PoolList<'_> {
    let pools = Pool::ALL
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
    PoolList { cfg, pools }
}

/// One pool, as `nodepool list` shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolInfo {
    pub name: String,
    pub nat: bool,
    pub shape: ShapeKind,
    pub autoscaled: bool,
    pub priority_class: String,
    pub required_values: Vec<String>,
    pub clouds: Vec<CloudInfo>,
}

/// A pool's nodes on one cloud.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudInfo {
    pub cloud: Cloud,
    pub machine_type: String,
    pub allocatable: Resources,
    pub balloon: Option<Resources>,
}

/// The checklist as a tree of the three questions down to the pools.
pub fn checklist_tree(cfg: &NodepoolConfig) -> String {
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
