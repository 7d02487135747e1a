//! kubectl-abema: a kubectl plugin that turns a GKE/EKS platform's rules into commands.
//!
//! The map of the crate (dependencies point down):
//!
//! | layer | modules |
//! | --- | --- |
//! | binaries | `src/bin/kubectl-abema.rs`, `src/bin/kubectl_complete-abema.rs` |
//! | CLI | [`cli`] (clap tree), [`commands`] (one file per subcommand), [`complete`] (kubectl plugin completion), [`context`] (resolved globals) |
//! | domain | [`check`] (one pass of every rule over a tree), [`findings`] (the one findings model, the rule catalogue with help URLs, SARIF, JUnit), [`deprecations`] (API table, target semantics, scan), [`nodepool`] (checklist, patches, lint, balloons), [`seal`] (SOPS + age Secrets), [`rbac`] (GKE/EKS parity, roles, lint) |
//! | infrastructure | [`manifest`] (reading manifests), [`kustomize`] (render, overlays, `patches:` edits), [`cluster`] (kube client, paginated lists), [`atomic`] (temp-file-and-rename writes), [`parallel`] (work on every core, in order), [`config`] (`.abema.yaml`), [`output`] (all printing), [`error`] (error kinds, exit codes) |
//!
//! Domain modules never see clap and never print: they take plain values and return data.

pub mod atomic;
pub mod check;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod complete;
pub mod config;
pub mod context;
pub mod deprecations;
pub mod error;
pub mod findings;
pub mod kustomize;
pub mod manifest;
pub mod nodepool;
pub mod output;
pub mod parallel;
pub mod rbac;
pub mod seal;
