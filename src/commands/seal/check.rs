//! `kubectl abema seal check [PATH...]`: the guard for pre-commit and CI.

use std::path::PathBuf;

use clap::Args;

use super::IdentityArgs;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::seal::check::{CheckOptions, SealCheckReport};
use crate::seal::identities;

/// Fail when a Secret is committed unsealed, mis-sealed or tampered with
///
/// Exit 3 if any `kind: Secret` document has a readable data/stringData value (in a sealed
/// file: any value that is not ENC[...] or that the file's own encrypted_*/unencrypted_* rule
/// leaves readable), data/stringData that is not a mapping, a sealed file's recipients differ
/// from what .sops.yaml / .abema.yaml name for it, its abema.dev/sealed-for binding does not
/// match its metadata, or a `.abema-*.tmp` / `.abema-edit-*` temporary file (which may hold
/// plaintext) is left in the tree. With an identity (--identity, SOPS_AGE_KEY_FILE,
/// SOPS_AGE_KEY or keys.txt) every sealed file is also opened: MAC and binding verified.
/// Without one, the summary says how many were not verified.
///
/// Exit codes: 0 clean, 1 an input cannot be read, 3 findings.
///
/// Examples:
///
///   kubectl abema seal check .
///   SOPS_AGE_KEY_FILE=ci.agekey kubectl abema seal check clusters/ -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SealCheckArgs {
    #[command(flatten)]
    pub input: crate::commands::InputArgs,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// Checks every Secret under `paths`.
pub fn check(
    paths: &[PathBuf],
    identity_args: &IdentityArgs,
    ctx: &Ctx,
) -> Result<SealCheckReport> {
    let (resolver, ids) = options(identity_args, ctx)?;
    Ok(crate::seal::check::check(
        paths,
        &CheckOptions {
            resolver: &resolver,
            identities: ids.as_deref(),
        },
    ))
}

/// What a Secrets check needs besides the files: the recipients' resolver (.sops.yaml,
/// .abema.yaml) and the identities to verify with, if any are configured (warnings printed).
pub fn options(
    identity_args: &IdentityArgs,
    ctx: &Ctx,
) -> Result<(
    crate::seal::recipients::Resolver,
    Option<Vec<crate::seal::keys::Identity>>,
)> {
    let sources = super::identity_sources(identity_args, ctx);
    let ids = if sources.any() {
        let loaded = identities::load(&sources)?;
        for w in &loaded.warnings {
            ctx.printer.warning(w);
        }
        Some(loaded.identities)
    } else {
        None
    };
    Ok((super::resolver(&[], ctx)?, ids))
}

pub fn run(args: &SealCheckArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let report = check(&args.input.paths, &args.identities, ctx)?;
    ctx.printer.report(&report, args.input.ignore_errors)
}
