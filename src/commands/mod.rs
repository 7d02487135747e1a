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
        .with_hint(if formats == TEXT {
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

use crate::output::OutputFormat as F;

/// Every format: the CI reports too.
const REPORTS: &[F] = &[
    F::Table,
    F::Wide,
    F::Json,
    F::Yaml,
    F::Markdown,
    F::Csv,
    F::Junit,
    F::Sarif,
];
/// Rows (a table, Markdown, CSV) or a document (JSON, YAML).
const ROWS: &[F] = &[F::Table, F::Wide, F::Json, F::Yaml, F::Markdown, F::Csv];
/// Prose for people, or a document.
const DOCUMENT: &[F] = &[F::Table, F::Json, F::Yaml];
/// Text (a patch, a diff, a script) or files, nothing else.
const TEXT: &[F] = &[F::Table];

/// A command's name as typed after `kubectl abema`, and the `-o` formats it writes.
fn outputs(command: &Command) -> (&'static str, &'static [F]) {
    use nodepool::NodepoolCommand as N;
    use rbac::RbacCommand as R;
    use seal::SealCommand as S;
    match command {
        Command::Check(_) => ("check", REPORTS),
        Command::Deprecations(a) if a.fix => ("deprecations --fix", TEXT),
        Command::Deprecations(_) => ("deprecations", REPORTS),
        Command::Nodepool(a) => match &a.command {
            N::Select(_) => ("nodepool select", DOCUMENT),
            N::Check(_) => ("nodepool check", ROWS),
            N::List(_) => ("nodepool list", ROWS),
            N::Patch(_) => ("nodepool patch", TEXT),
            N::Balloons(_) => ("nodepool balloons", DOCUMENT),
        },
        Command::Seal(a) => match &a.command {
            None => ("seal", TEXT),
            Some(S::Create(_)) => ("seal create", TEXT),
            Some(S::Edit(_)) => ("seal edit", TEXT),
            Some(S::Set(_)) => ("seal set", TEXT),
            Some(S::Unset(_)) => ("seal unset", TEXT),
            Some(S::Updatekeys(_)) => ("seal updatekeys", TEXT),
            Some(S::Rotate(_)) => ("seal rotate", TEXT),
            Some(S::Status(_)) => ("seal status", ROWS),
            Some(S::Verify(_)) => ("seal verify", DOCUMENT),
            Some(S::Keygen(_)) => ("seal keygen", DOCUMENT),
            Some(S::Check(_)) => ("seal check", ROWS),
        },
        Command::Unseal(_) => ("unseal", TEXT),
        Command::Rbac(a) => match &a.command {
            R::Parity(_) => ("rbac parity", ROWS),
            R::Roles(_) => ("rbac roles", ROWS),
            R::Lint(_) => ("rbac lint", ROWS),
        },
        Command::Completion(_) => ("completion", TEXT),
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
