//! RBAC parity between a GKE and an EKS cluster, the platform's standard role set, and its lint.
//!
//! | module | holds |
//! | --- | --- |
//! | [`model`] | roles, bindings, rules, label selectors |
//! | [`universe`] | built-in resources of the Kubernetes version plus CRDs: what wildcards expand to |
//! | [`expand`] | rule matching semantics and scopes, rules to concrete permissions |
//! | [`authorize`] | one request answered from a side's expanded grants |
//! | [`inputs`] | recognising exports by content (RBAC, CRDs, aws-auth, EKS and GKE IAM JSON) |
//! | [`persona`] | the personas file: the same people on both clouds |
//! | [`data`] | the embedded bootstrap roles and bindings, and the cloud grants (GKE IAM, EKS access policies) |
//! | [`identity`] | who a persona is on each side, which binding subjects name it |
//! | [`side`] | one side's grants with provenance, the universe the sides are expanded against |
//! | [`drift`] | the diff of two sides' grants, categories and severities |
//! | [`parity`] | the parity report: every persona compared, diagnostics, unmapped principals |
//! | [`roles`] | the standard role set for either side |
//! | [`lint`] | the platform's rules as a check |
//! | [`report`] | how the parity, roles and lint reports print |
//!
//! Semantics follow `research/rbac.md` (each point cites the Kubernetes source). Inputs are
//! export files and, with `--gke-context`/`--eks-context`, live clusters ([`inputs`]).

pub mod authorize;
pub mod data;
pub mod drift;
pub mod expand;
pub mod identity;
pub mod inputs;
pub mod lint;
pub mod model;
pub mod parity;
pub mod persona;
pub mod report;
pub mod roles;
pub mod side;
mod suggest;
pub mod universe;
