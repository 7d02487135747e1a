//! `kubectl abema nodepool`: the node-pool checklist, one file per verb (select, check,
//! list, patch, balloons).

mod balloons;
mod check;
mod list;
mod select;

use clap::{Args, Subcommand};

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::nodepool::{NodepoolConfig, Pool, patch};

pub use balloons::BalloonsArgs;
pub use check::CheckArgs;
pub use list::ListArgs;
pub use select::{SelectArgs, WorkloadKind};

/// Put workloads on the right node pool (checklist, patches, lint)
///
/// The platform runs eight node pools on both GKE and EKS. Three questions pick one:
///   1. memory per vCPU <= 2 GiB?          yes: cpu pools    no: mem pools
///   2. tolerates being rescheduled?       yes: -asg pool    no: fixed pool
///   3. needs the NAT egress IP?           yes: private-*    no: public-*
///
/// Each pool has one canonical Kustomize patch (node affinity + priority class).
///
/// Examples:
///
///   kubectl abema nodepool select overlays/gke --deployment api
///   kubectl abema nodepool select . --deployment api --infer --reschedulable --no-nat
///   kubectl abema nodepool check overlays/
///   kubectl abema nodepool list
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NodepoolArgs {
    #[command(subcommand)]
    pub command: NodepoolCommand,
}

#[derive(Debug, Subcommand)]
pub enum NodepoolCommand {
    Select(SelectArgs),
    Check(CheckArgs),
    List(ListArgs),
    Patch(PatchArgs),
    Balloons(BalloonsArgs),
}

/// Print the canonical patch of a pool
///
/// Byte-identical to what `select` writes and to patches/nodepools/<pool>.yaml.
///
/// Example:
///
///   kubectl abema nodepool patch public-cpu-asg > patches/nodepools/public-cpu-asg.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct PatchArgs {
    /// The pool (private-cpu, public-cpu, private-cpu-asg, public-cpu-asg, private-mem, ...)
    #[arg(value_name = "POOL")]
    pub pool: String,
}

pub fn run(args: &NodepoolArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let cfg = &ctx.config()?.config.nodepool;
    match &args.command {
        NodepoolCommand::Select(a) => select::run(a, cfg, ctx),
        NodepoolCommand::Check(a) => check::run(a, cfg, ctx),
        NodepoolCommand::List(_) => list::run(cfg, &ctx.printer),
        NodepoolCommand::Patch(a) => {
            let pool = parse_pool(cfg, &a.pool)?;
            ctx.printer.data(&patch::render(cfg, pool))?;
            Ok(ExitStatus::Clean)
        }
        NodepoolCommand::Balloons(a) => balloons::run(a, cfg, &ctx.printer),
    }
}

fn parse_pool(cfg: &NodepoolConfig, name: &str) -> Result<Pool> {
    cfg.parse(name).ok_or_else(|| {
        Error::usage(format!("unknown node pool {name:?}"))
            .with_hint(format!("pools: {}", cfg.names().join(", ")))
    })
}
