//! `kubectl abema seal FILE`: seal the Secrets of a manifest.

use std::path::PathBuf;

use clap::Args;

use super::Destination;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::input;
use crate::seal::sealer::{self, Plain, Request, Target};

#[derive(Debug, Args, Default)]
pub struct SealFileArgs {
    /// The Secret manifest(s) to seal, or - for stdin
    #[arg(value_name = "FILE", default_value = "-", value_hint = clap::ValueHint::FilePath)]
    pub input: PathBuf,
    /// Replace FILE with its sealed version
    #[arg(long, conflicts_with_all = ["out", "out_dir"])]
    pub in_place: bool,
    /// Seal one copy per namespace (each with its own data key); comma-separated
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub namespaces: Vec<String>,
    #[command(flatten)]
    pub dest: Destination,
}

pub fn run(args: &SealFileArgs, ctx: &Ctx) -> Result<ExitStatus> {
    if args.in_place && args.input.as_os_str() == "-" {
        return Err(Error::usage("--in-place needs a FILE, not stdin"));
    }
    let file = input::read(&input::input_file(&args.input))?;
    if args.in_place && (file.docs.len() > 1 || !args.namespaces.is_empty()) && !args.dest.multi {
        return Err(Error::usage(
            "--in-place seals a file with one Secret; use --out-dir for several (or --multi)",
        ));
    }
    let secrets = file
        .docs
        .iter()
        .map(|d| Plain {
            value: d.value.clone(),
            file: file.name.clone(),
            line: d.line,
        })
        .collect();
    let target = match (&args.dest.out_dir, &args.dest.out, args.in_place) {
        (Some(dir), _, _) => Target::Dir(dir.clone()),
        (_, Some(out), _) => Target::File(out.clone()),
        (_, _, true) => Target::File(args.input.clone()),
        _ => Target::Stdout,
    };
    let resolver = super::resolver(&args.dest.recipients, ctx)?;
    super::seal_and_write(
        Request {
            secrets,
            target,
            multi: args.dest.multi,
            namespace: ctx.global.namespace.clone(),
            fan_out: args.namespaces.clone(),
            allow_no_namespace: args.dest.no_namespace,
            resolver: &resolver,
            stdout_name: sealer::stdout_name(&args.input, &ctx.cwd),
        },
        ctx,
    )
}
