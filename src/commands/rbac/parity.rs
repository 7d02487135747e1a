//! `kubectl abema rbac parity`: drift in effective permissions between GKE and EKS.

use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::rbac::inputs::SideInputs;
use crate::rbac::parity;

/// Report drift in effective permissions between GKE and EKS, per persona
///
/// Exit codes: 0 parity, 3 drift, 1 unreadable input.
///
/// What a side serves comes from, in order: its discovery export if given, the CRDs in its
/// input, then the built-in Kubernetes list. A discovery export is `kubectl api-resources -o
/// wide` output (name the file; directories are scanned for YAML and JSON only), or JSON from
/// `kubectl get --raw /apis/GROUP/VERSION` (APIResourceList) or the aggregated
/// APIGroupDiscoveryList. Rules naming what none of these know are kept as granted, with a note.
///
/// Example:
///
///   kubectl api-resources -o wide > gke/api-resources.txt
///   kubectl abema rbac parity --gke gke/ gke/api-resources.txt --eks eks/ \
///     --personas personas.yaml -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ParityArgs {
    /// GKE exports: files or directories (RBAC objects, CRDs, gcloud IAM policy and cluster
    /// JSON, discovery exports)
    #[arg(long, value_name = "PATH", required_unless_present = "gke_context", num_args = 1.., value_hint = clap::ValueHint::AnyPath)]
    pub gke: Vec<PathBuf>,
    /// EKS exports: files or directories (RBAC objects, CRDs, aws-auth, aws eks JSON, discovery
    /// exports)
    #[arg(long, value_name = "PATH", required_unless_present = "eks_context", num_args = 1.., value_hint = clap::ValueHint::AnyPath)]
    pub eks: Vec<PathBuf>,
    /// Read GKE's RBAC objects, CRDs and served resources from this kubeconfig context (IAM
    /// still comes from --gke files)
    #[arg(long, value_name = "CONTEXT")]
    pub gke_context: Option<String>,
    /// Read EKS's RBAC objects, CRDs, aws-auth and served resources from this kubeconfig
    /// context (access entries still come from --eks files)
    #[arg(long, value_name = "CONTEXT")]
    pub eks_context: Option<String>,
    /// The personas file (default: .abema.yaml rbac.personas)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub personas: Option<PathBuf>,
    /// Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a
    /// binding without roleRef, a subject without kind, wrong JSON types, an unknown
    /// authenticationMode) with a warning instead of failing (exit 1)
    #[arg(long)]
    pub lenient: bool,
}

pub fn run(args: &ParityArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let personas = super::load_personas(args.personas.as_deref(), ctx)?;
    if personas.is_empty() {
        return Err(Error::usage("no personas to compare")
            .with_hint("pass --personas FILE or set rbac.personas in .abema.yaml"));
    }
    let side = |paths: &[PathBuf], context: Option<&str>| -> Result<SideInputs> {
        let mut inputs = SideInputs::read(paths);
        if let Some(context) = context {
            let cluster =
                crate::cluster::Cluster::connect(ctx.global.kubeconfig.as_deref(), Some(context))?;
            inputs.merge(SideInputs::read_cluster(&cluster)?);
        }
        let _ = inputs.settle(args.lenient); // printed with the other warnings below
        Ok(inputs)
    };
    let gke = side(&args.gke, args.gke_context.as_deref())?;
    let eks = side(&args.eks, args.eks_context.as_deref())?;
    for (side, inputs) in [("gke", &gke), ("eks", &eks)] {
        for w in &inputs.warnings {
            ctx.printer.warning(&format!("{side}: {w}"));
        }
    }
    super::fail_on_errors(&gke, &ctx.printer)?;
    super::fail_on_errors(&eks, &ctx.printer)?;
    let report = parity::compare(&gke, &eks, &personas)?;
    ctx.printer.report(&report, false)
}
