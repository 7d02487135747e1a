//! `nodepool list`: the eight pools and the checklist ([`crate::nodepool::list`]).

use clap::Args;

use crate::error::{ExitStatus, Result};
use crate::nodepool::NodepoolConfig;
use crate::output::Printer;

/// List the eight pools: node shapes, allocatable, balloon sizes, and the checklist
///
/// Example:
///
///   kubectl abema nodepool list -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {}

pub fn run(cfg: &NodepoolConfig, printer: &Printer) -> Result<ExitStatus> {
    printer.report(&crate::nodepool::list::list(cfg), false)
}
