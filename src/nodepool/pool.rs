//! The eight node pools, the checklist that picks one, and the `nodepool:` configuration.
//!
//! A pool is three answers: does the workload need the NAT egress IP (`private-`/`public-`),
//! is its memory per vCPU within the `cpu` shape (`cpu`/`mem`), and does it tolerate being
//! rescheduled (autoscaled `-asg` pool) or not (fixed pool). Names, shapes and numbers are
//! the talk's defaults (slide 98) and every one of them can be changed in `.abema.yaml`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::quantity::Resources;

/// Which node shape a workload needs: `cpu` (2 GiB per vCPU) or `mem` (8 GiB per vCPU).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeKind {
    Cpu,
    Mem,
}

/// The two clouds every pool exists on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    Gke,
    Eks,
}

impl Cloud {
    pub const ALL: [Cloud; 2] = [Cloud::Gke, Cloud::Eks];

    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Gke => "gke",
            Cloud::Eks => "eks",
        }
    }
}

/// One of the eight pools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pool {
    pub nat: bool,
    pub shape: ShapeKind,
    pub autoscaled: bool,
}

impl Pool {
    /// The eight pools in the order the issue and the talk list them.
    pub const ALL: [Pool; 8] = [
        Pool::new(true, ShapeKind::Cpu, false),
        Pool::new(false, ShapeKind::Cpu, false),
        Pool::new(true, ShapeKind::Cpu, true),
        Pool::new(false, ShapeKind::Cpu, true),
        Pool::new(true, ShapeKind::Mem, false),
        Pool::new(false, ShapeKind::Mem, false),
        Pool::new(true, ShapeKind::Mem, true),
        Pool::new(false, ShapeKind::Mem, true),
    ];

    pub const fn new(nat: bool, shape: ShapeKind, autoscaled: bool) -> Self {
        Self {
            nat,
            shape,
            autoscaled,
        }
    }

    /// The fixed pool of the same kind (itself for a fixed pool).
    pub fn fixed(self) -> Pool {
        Pool {
            autoscaled: false,
            ..self
        }
    }
}

/// A pool with the configured names: what users see and what nodes are labelled with.
#[derive(Clone, Copy, Debug)]
pub struct Named<'a> {
    pub pool: Pool,
    pub names: &'a PoolNames,
}

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.names;
        let nat = if self.pool.nat { &n.nat } else { &n.no_nat };
        let shape = match self.pool.shape {
            ShapeKind::Cpu => &n.cpu,
            ShapeKind::Mem => &n.mem,
        };
        let suffix = if self.pool.autoscaled {
            n.autoscaled_suffix.as_str()
        } else {
            ""
        };
        write!(f, "{nat}-{shape}{suffix}")
    }
}

/// The parts pool names are made of: `<nat|noNat>-<cpu|mem>[autoscaledSuffix]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct PoolNames {
    pub nat: String,
    pub no_nat: String,
    pub cpu: String,
    pub mem: String,
    pub autoscaled_suffix: String,
}

impl Default for PoolNames {
    fn default() -> Self {
        Self {
            nat: "private".into(),
            no_nat: "public".into(),
            cpu: "cpu".into(),
            mem: "mem".into(),
            autoscaled_suffix: "-asg".into(),
        }
    }
}

/// A PriorityClass the pools use.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PriorityClass {
    pub name: String,
    pub value: i32,
}

/// The three PriorityClasses: fixed pools, autoscaled pools, balloons.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct PriorityClasses {
    /// Workloads on fixed pools: never preempted by autoscaled ones.
    pub fixed: PriorityClass,
    /// Workloads on autoscaled pools: preempt balloons.
    pub autoscaled: PriorityClass,
    /// Balloons: -5 is above the cluster-autoscaler's default expendable cutoff (-10), so a
    /// preempted balloon still triggers a scale-up.
    pub balloon: PriorityClass,
}

impl Default for PriorityClasses {
    fn default() -> Self {
        Self {
            fixed: PriorityClass {
                name: "high-priority".into(),
                value: 100_000,
            },
            autoscaled: PriorityClass {
                name: "middle-priority".into(),
                value: 10_000,
            },
            balloon: PriorityClass {
                name: "balloon-priority".into(),
                value: -5,
            },
        }
    }
}

/// A node shape on one cloud.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NodeShape {
    pub machine_type: String,
    pub vcpu: u32,
    pub memory_gib: u32,
    /// EKS only: the node's max pods, which EKS' kube-reserved memory depends on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pods: Option<u32>,
    /// Overrides the computed allocatable (e.g. from `kubectl get node -o yaml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocatable: Option<Resources>,
}

impl NodeShape {
    /// What the kubelet offers to pods on this shape: the configured value, else the cloud's
    /// published reservation formula (`allocatable` module).
    pub fn allocatable(&self, cloud: Cloud) -> Resources {
        if let Some(a) = self.allocatable {
            return a;
        }
        match cloud {
            Cloud::Gke => super::allocatable::gke(self.vcpu, self.memory_gib),
            Cloud::Eks => super::allocatable::eks(self.vcpu, self.memory_gib, self.max_pods),
        }
    }
}

/// A shape on both clouds.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CloudShapes {
    pub gke: NodeShape,
    pub eks: NodeShape,
}

impl CloudShapes {
    pub fn on(&self, cloud: Cloud) -> &NodeShape {
        match cloud {
            Cloud::Gke => &self.gke,
            Cloud::Eks => &self.eks,
        }
    }
}

/// The `cpu` and `mem` shapes.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Shapes {
    pub cpu: CloudShapes,
    pub mem: CloudShapes,
}

impl Default for Shapes {
    fn default() -> Self {
        let shape = |machine_type: &str, vcpu, memory_gib, max_pods| NodeShape {
            machine_type: machine_type.into(),
            vcpu,
            memory_gib,
            max_pods,
            allocatable: None,
        };
        Self {
            cpu: CloudShapes {
                gke: shape("n2-custom-8-16384", 8, 16, None),
                eks: shape("c5.2xlarge", 8, 16, Some(58)),
            },
            mem: CloudShapes {
                gke: shape("n2-custom-4-32768", 4, 32, None),
                eks: shape("r5.xlarge", 4, 32, Some(58)),
            },
        }
    }
}

impl Shapes {
    pub fn of(&self, kind: ShapeKind) -> &CloudShapes {
        match kind {
            ShapeKind::Cpu => &self.cpu,
            ShapeKind::Mem => &self.mem,
        }
    }
}

/// Balloon (overprovisioning) pods, one Deployment per autoscaled pool.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct BalloonConfig {
    /// Share of one node's allocatable each balloon pod requests.
    pub fraction: f64,
    pub replicas: u32,
    pub namespace: String,
    pub image: String,
}

impl Default for BalloonConfig {
    fn default() -> Self {
        Self {
            fraction: 0.6,
            replicas: 1,
            namespace: "balloons".into(),
            image: "registry.k8s.io/pause:3.10".into(),
        }
    }
}

/// `.abema.yaml` `nodepool:`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct NodepoolConfig {
    /// The node label that carries the pool name on both clouds.
    pub label_key: String,
    pub names: PoolNames,
    /// Question 1: at most this much memory per vCPU goes to a `cpu` pool.
    pub max_gib_per_vcpu_on_cpu: f64,
    pub priority_classes: PriorityClasses,
    pub shapes: Shapes,
    pub balloon: BalloonConfig,
    /// Where `select` writes patches, relative to the kustomization directory.
    pub patch_dir: String,
}

impl Default for NodepoolConfig {
    fn default() -> Self {
        Self {
            label_key: "type".into(),
            names: PoolNames::default(),
            max_gib_per_vcpu_on_cpu: 2.0,
            priority_classes: PriorityClasses::default(),
            shapes: Shapes::default(),
            balloon: BalloonConfig::default(),
            patch_dir: "patches/nodepools".into(),
        }
    }
}

impl NodepoolConfig {
    pub fn name(&self, pool: Pool) -> String {
        Named {
            pool,
            names: &self.names,
        }
        .to_string()
    }

    /// The pool with this (configured) name.
    pub fn parse(&self, name: &str) -> Option<Pool> {
        Pool::ALL.into_iter().find(|p| self.name(*p) == name)
    }

    pub fn names(&self) -> Vec<String> {
        Pool::ALL.iter().map(|p| self.name(*p)).collect()
    }

    pub fn priority_class(&self, pool: Pool) -> &PriorityClass {
        if pool.autoscaled {
            &self.priority_classes.autoscaled
        } else {
            &self.priority_classes.fixed
        }
    }

    /// The patch file of a pool, relative to the kustomization directory.
    pub fn patch_path(&self, pool: Pool) -> String {
        format!(
            "{}/{}.yaml",
            self.patch_dir.trim_end_matches('/'),
            self.name(pool)
        )
    }

    /// The balloon size of an autoscaled pool on a cloud.
    pub fn balloon_size(&self, pool: Pool, cloud: Cloud) -> Resources {
        self.shapes
            .of(pool.shape)
            .on(cloud)
            .allocatable(cloud)
            .scaled(self.balloon.fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_distinct_names_round_trip() {
        let cfg = NodepoolConfig::default();
        let names = cfg.names();
        assert_eq!(
            names,
            [
                "private-cpu",
                "public-cpu",
                "private-cpu-asg",
                "public-cpu-asg",
                "private-mem",
                "public-mem",
                "private-mem-asg",
                "public-mem-asg"
            ]
        );
        for name in &names {
            let pool = cfg.parse(name).expect("parses");
            assert_eq!(&cfg.name(pool), name);
        }
        assert!(cfg.parse("public-gpu").is_none());
    }

    #[test]
    fn priority_classes_follow_autoscaling() {
        let cfg = NodepoolConfig::default();
        let asg = cfg.parse("public-cpu-asg").expect("pool");
        assert_eq!(cfg.priority_class(asg).name, "middle-priority");
        assert_eq!(cfg.priority_class(asg.fixed()).name, "high-priority");
        assert!(
            cfg.priority_classes.balloon.value >= -10,
            "above CA's cutoff"
        );
    }
}
