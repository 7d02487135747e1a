//! One file per subcommand: an `XxxArgs` struct (clap) and `run(args, &Ctx)`. Commands are
//! glue: they resolve options, call a domain module, and print through [`crate::output`].

pub mod check;
pub mod completion;
pub mod deprecations;
pub mod nodepool;
pub mod rbac;
pub mod seal;
pub mod unseal;

use std::path::PathBuf;

use crate::cli::Command;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};

/// Runs a parsed command; the exit status says what it found.
pub fn run(command: Command, ctx: &Ctx) -> Result<ExitStatus> {
    if ctx.printer.format().is_ci_report()
        && !matches!(command, Command::Deprecations(_) | Command::Check(_))
    {
        return Err(crate::error::Error::usage(
            "-o junit and -o sarif are reports of `kubectl abema check` and `deprecations`",
        )
        .with_hint("use -o json for the other commands"));
    }
    match command {
        Command::Check(args) => check::run(&args, ctx),
        Command::Deprecations(args) => deprecations::run(&args, ctx),
        Command::Nodepool(args) => nodepool::run(&args, ctx),
        Command::Seal(args) => seal::run(&args, ctx),
        Command::Unseal(args) => unseal::run(&args, ctx),
        Command::Rbac(args) => rbac::run(&args, ctx),
        Command::Completion(args) => completion::run(&args, ctx),
    }
}

/// The inputs of every checking command (`check`, `nodepool check`, `seal check`, `rbac lint`).
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Files, directories, or - for stdin
    #[arg(value_name = "PATH", default_value = ".", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Exit with the findings' code even when some inputs could not be read
    #[arg(long)]
    pub ignore_errors: bool,
}
