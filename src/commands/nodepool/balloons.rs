//! `nodepool balloons`: PriorityClasses and balloon Deployments for one cloud.

use std::path::PathBuf;

use clap::Args;

use crate::error::{ExitStatus, Result};
use crate::manifest;
use crate::nodepool::{Cloud, NodepoolConfig, balloons};
use crate::output::Printer;

/// Print the PriorityClasses and balloon Deployments for one cloud
///
/// One `pause` Deployment per autoscaled pool, requesting a share (60%) of that pool's node
/// allocatable on the cloud, at balloon-priority (-5): preempted first by any workload, and
/// above the cluster-autoscaler's expendable cutoff (-10) so it triggers the scale-up.
///
/// Examples:
///
///   kubectl abema nodepool balloons --cloud gke | kubectl apply -f -
///   kubectl abema nodepool balloons --cloud eks --out-dir platform/balloons/eks
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BalloonsArgs {
    /// The cloud whose node shapes size the balloons
    #[arg(long, value_enum)]
    pub cloud: Cloud,

    /// Write one file per manifest and a kustomization.yaml into DIR instead of printing
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: &BalloonsArgs, cfg: &NodepoolConfig, printer: &Printer) -> Result<ExitStatus> {
    let manifests = balloons::manifests(cfg, args.cloud);
    let to_yaml = manifest::to_yaml::<serde_json::Value>;
    match &args.out_dir {
        Some(dir) => {
            let mut names = Vec::new();
            for (name, value) in &manifests {
                crate::atomic::write(
                    &dir.join(name),
                    to_yaml(value)?.as_bytes(),
                    crate::atomic::Mode::Public,
                )?;
                names.push(name.clone());
            }
            crate::atomic::write(
                &dir.join("kustomization.yaml"),
                to_yaml(&balloons::kustomization(&names))?.as_bytes(),
                crate::atomic::Mode::Public,
            )?;
            names.push("kustomization.yaml".into());
            for n in &names {
                printer.data(&dir.join(n).display().to_string())?;
            }
        }
        None if printer.format().is_document() => {
            let items: Vec<&serde_json::Value> = manifests.iter().map(|(_, v)| v).collect();
            printer.document(
                &serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items}),
            )?;
        }
        None => {
            let out = manifest::to_yaml_stream(manifests.iter().map(|(_, v)| v))?;
            printer.data(&out)?;
        }
    }
    Ok(ExitStatus::Clean)
}
