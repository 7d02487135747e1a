//! RBAC parity between a GKE and an EKS cluster, the platform's standard role set, and its lint.
//!
//! | module | holds |
//! | --- | --- |
//! | [`model`] | roles, bindings, rules, label selectors |
//! | [`universe`] | built-in resources of the Kubernetes version plus CRDs: what wildcards expand to |
//! | [`expand`] | rule matching semantics and scopes, rules to concrete permissions |
//! | [`authorize`] | one request answered from a side's expanded grants |
//! | [`inputs`] | recognising exports by content (RBAC, CRDs, aws-auth, EKS and GKE IAM JSON) |
//! | [`parity`] | identities per side, grants with provenance, cloud grants, the diff, diagnostics |
//! | [`roles`] | the standard role set for either side |
//! | [`lint`] | the platform's rules as a check |
//!
//! Semantics follow `research/rbac.md` (each point cites the Kubernetes source). Inputs are
//! export files and, with `--gke-context`/`--eks-context`, live clusters ([`inputs`]).

pub mod authorize;
pub mod expand;
pub mod inputs;
pub mod lint;
pub mod model;
pub mod parity;
pub mod roles;
pub mod universe;
