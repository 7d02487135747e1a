//! `nodepool check`: [`crate::nodepool::check`] over the input paths, printed.

use clap::Args;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::nodepool::NodepoolConfig;

/// Check that every workload sits on exactly one canonical node pool
///
/// Every Deployment and StatefulSet must carry one canonical pool affinity and its priority
/// class; its effective requests must match the pool's shape (memory per vCPU) and fit the
/// pool's nodes on GKE and EKS. A workload larger than one balloon pod is a warning.
/// A directory with a kustomization.yaml is rendered with `kubectl kustomize`; a tree is
/// searched for its overlays (kustomizations no other one includes), which are rendered,
/// and plain manifests outside any kustomization are read as they are.
///
/// Exit codes: 0 clean, 3 violations, 1 unreadable input.
///
/// Examples:
///
///   kubectl abema nodepool check overlays/gke
///   kubectl kustomize overlays/eks | kubectl abema nodepool check -
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: crate::commands::InputArgs,
}

pub fn run(args: &CheckArgs, cfg: &NodepoolConfig, ctx: &Ctx) -> Result<ExitStatus> {
    if !args.input.has_manifests() {
        return Err(args.input.nothing_to_check());
    }
    let report = crate::nodepool::check::check(&args.input.paths, cfg)?;
    ctx.printer.report(&report, args.input.ignore_errors)
}
