//! `kubectl abema seal status FILE...`: sealed or not, for whom, matching the configuration.

use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};

/// Show whether files are sealed, for whom, and whether that matches the configuration
///
/// Reads only the readable parts (no private key is used, so nothing is verified: use
/// `seal verify` for that). BOUND TO is the abema.dev/sealed-for binding as written.
///
/// Exit codes: 0 always (a file that cannot be read is shown with its error), 2 usage.
///
/// Example:
///
///   kubectl abema seal status sealed/*.yaml -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct StatusArgs {
    /// Files to inspect
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: &StatusArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let resolver = super::resolver(&[], ctx)?;
    let report = crate::seal::status::status(&args.files, &resolver);
    ctx.printer.report(&report, false)
}
