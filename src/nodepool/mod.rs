//! The node-pool checklist: which of the eight pools a workload belongs on, the canonical
//! Kustomize patch of each pool, the lint that keeps a tree honest, and balloon manifests.
//!
//! | module | holds |
//! | --- | --- |
//! | [`pool`] | the pools, their names, shapes, priority classes and the `nodepool:` configuration |
//! | [`allocatable`] | node allocatable from GKE's and EKS' reservation formulas |
//! | [`quantity`] | Kubernetes quantities and CPU/memory pairs |
//! | [`requests`] | a pod's effective requests (sidecars, init containers, overhead) |
//! | [`patch`] | the canonical patch text and recognising a pool in a pod spec |
//! | [`checklist`] | the three questions: flags, defaults and why, what is left to ask |
//! | [`select`] | finding the workload, inference and hints, planning and applying the edit |
//! | [`check`] | `nodepool check`: the operation and its report |
//! | [`lint`] | `nodepool check`: the rules |
//! | [`list`] | `nodepool list`: every pool's nodes, allocatable and balloons, the checklist tree |
//! | [`tree`] | `nodepool check`: which objects a path stands for (rendered overlays, plain files) |
//! | [`balloons`] | PriorityClasses and balloon Deployments |
//! | [`report`] | how the `nodepool check`, `select` and `list` reports print |

pub mod allocatable;
pub mod balloons;
pub mod check;
pub mod checklist;
pub mod lint;
pub mod list;
pub mod patch;
pub mod pool;
pub mod quantity;
pub mod report;
pub mod requests;
pub mod select;
pub mod tree;

pub use pool::{Cloud, NodepoolConfig, Pool, ShapeKind};
