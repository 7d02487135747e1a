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

/// Runs a parsed command; the exit status says what it found. An `-o` the command does not
/// write is a usage error (exit 2), never ignored.
pub fn run(command: Command, ctx: &Ctx) -> Result<ExitStatus> {
    let format = ctx.printer.format();
    let (name, formats) = outputs(&command);
    if !formats.contains(&format) {
        let names: Vec<String> = formats.iter().map(|f| f.name()).collect();
        return Err(crate::error::Error::usage(format!(
            "-o {} is not an output of `kubectl abema {name}`",
            format.name()
        ))
        .with_hint(if formats == F::TEXT {
            "it writes text (or files); leave -o out".to_string()
        } else {
            format!("it writes -o {}", names.join(", -o "))
        }));
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

use crate::deprecations::migrate::Migration;
use crate::nodepool::select::Selection;
use crate::output::{OutputFormat as F, Report};
use crate::seal::check::SealCheckReport;

/// A command's name as typed after `kubectl abema`, and the `-o` formats it writes.
fn outputs(command: &Command) -> (&'static str, &'static [F]) {
    use nodepool::NodepoolCommand as N;
    use rbac::RbacCommand as R;
    use seal::SealCommand as S;
    match command {
        Command::Check(_) => ("check", F::REPORTS),
        Command::Deprecations(a) if a.fix => ("deprecations --fix", Migration::FORMATS),
        Command::Deprecations(_) => ("deprecations", F::REPORTS),
        Command::Nodepool(a) => match &a.command {
            N::Select(_) => ("nodepool select", Selection::FORMATS),
            N::Check(_) => (
                "nodepool check",
                crate::nodepool::check::CheckReport::FORMATS,
            ),
            N::List(_) => ("nodepool list", crate::nodepool::list::PoolList::FORMATS),
            N::Patch(_) => ("nodepool patch", F::TEXT),
            N::Balloons(_) => ("nodepool balloons", F::DOCUMENT),
        },
        Command::Seal(a) => match &a.command {
            None => ("seal", F::TEXT),
            Some(S::Create(_)) => ("seal create", F::TEXT),
            Some(S::Edit(_)) => ("seal edit", F::TEXT),
            Some(S::Set(_)) => ("seal set", F::TEXT),
            Some(S::Unset(_)) => ("seal unset", F::TEXT),
            Some(S::Updatekeys(_)) => ("seal updatekeys", F::TEXT),
            Some(S::Rotate(_)) => ("seal rotate", F::TEXT),
            Some(S::Status(_)) => ("seal status", crate::seal::status::StatusReport::FORMATS),
            Some(S::Verify(_)) => ("seal verify", F::DOCUMENT),
            Some(S::Keygen(_)) => ("seal keygen", F::DOCUMENT),
            Some(S::Check(_)) => ("seal check", SealCheckReport::FORMATS),
        },
        Command::Unseal(_) => ("unseal", F::TEXT),
        Command::Rbac(a) => match &a.command {
            R::Parity(_) => ("rbac parity", crate::rbac::parity::ParityReport::FORMATS),
            R::Roles(_) => ("rbac roles", crate::rbac::report::RoleSet::FORMATS),
            R::Lint(_) => ("rbac lint", crate::rbac::lint::LintReport::FORMATS),
        },
        Command::Completion(_) => ("completion", F::TEXT),
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

impl InputArgs {
    /// The error for inputs that hold no manifest file at all: a gate over an empty or wrong
    /// directory must not pass (a misconfigured CI job would be green forever).
    pub fn nothing_to_check(&self) -> crate::error::Error {
        let paths: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        crate::error::Error::failure(format!(
            "nothing to check: no *.yaml, *.yml or *.json file in {}",
            paths.join(" ")
        ))
        .with_hint("name the directory that holds the manifests (an empty input is an error, so a wrong path cannot pass)")
    }

    /// Whether the paths hold at least one manifest file (or name stdin).
    pub fn has_manifests(&self) -> bool {
        !crate::manifest::expand_inputs(&self.paths).0.is_empty()
    }
}
