//! `kubectl abema seal`: SOPS-format, age-encrypted Secrets for Git. One file per verb (jj's
//! `commands/bookmark/` shape); the work is in [`crate::seal`].
//!
//! `-o` is the global output format in every command (kubectl's convention), so the file a
//! command writes is named with `--out FILE`.

mod check;
mod create;
mod edit;
mod file;
mod keygen;
mod set;
mod status;
mod unset;
mod updatekeys;
mod verify;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::Value;

use crate::atomic::{self, Mode};
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::document::{self, Opened};
use crate::seal::identities::{self, Sources};
use crate::seal::input::{self, SealFile};
use crate::seal::keys::Identity;
use crate::seal::recipients::Resolver;
use crate::seal::sealer;

pub use check::options;

/// Encrypt Secrets so they can live in Git (SOPS format, age keys)
///
/// Each value under data/stringData is encrypted on its own with AES-256-GCM; apiVersion,
/// kind, metadata and type stay readable. The file's data key is wrapped for every recipient
/// (e.g. the GKE and EKS deploy keys and a break-glass key). `sops -d`, Flux's
/// kustomize-controller and `kubectl abema unseal` can decrypt the result.
///
/// What is bound: each sealed Secret gets the annotation
/// `abema.dev/sealed-for: abema.dev/v1 namespace=NS name=NAME`, which the file's MAC covers.
/// `unseal`, `seal verify` and `seal check` refuse a file whose metadata.namespace or
/// metadata.name differs from it, that uses generateName, or whose binding was moved or
/// removed. Renaming or moving a sealed Secret therefore needs the key (unseal, change, seal).
/// A Secret without a namespace is refused unless -n NS or --no-namespace says what to do.
/// Files sealed by other tools carry no binding: they are read, with a note that only the MAC
/// protects them. Under mac_only_encrypted the MAC skips metadata, so nothing is bound.
///
/// Recipients: --recipient, else the first matching .sops.yaml creation rule for the output
/// path, else .abema.yaml seal.recipients.
///
/// Exit codes: 0 sealed, 1 bad input (invalid YAML, not a Secret, invalid name), 2 usage.
///
/// Examples:
///
///   kubectl abema seal secret.yaml --in-place
///   kubectl abema seal secrets.yaml --out-dir sealed/ --namespaces shop,shop-staging
///   kubectl abema seal secrets.yaml --multi --out sealed.yaml
///   kubectl abema seal create db -n shop --from-literal password=hunter2 --out db.yaml
///   kubectl abema seal edit db.yaml
#[derive(Debug, Args)]
#[command(
    verbatim_doc_comment,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct SealArgs {
    #[command(subcommand)]
    pub command: Option<SealCommand>,
    #[command(flatten)]
    pub file: file::SealFileArgs,
}

#[derive(Debug, Subcommand)]
pub enum SealCommand {
    Create(create::CreateArgs),
    Edit(edit::EditArgs),
    Set(set::SetArgs),
    Unset(unset::UnsetArgs),
    Updatekeys(updatekeys::UpdatekeysArgs),
    Rotate(updatekeys::RotateArgs),
    Status(status::StatusArgs),
    Verify(verify::VerifyArgs),
    Keygen(keygen::KeygenArgs),
    Check(check::SealCheckArgs),
}

/// Where sealed output goes (stdout by default), and for whom.
#[derive(Debug, Args, Default)]
pub struct Destination {
    /// Write the sealed Secret to FILE (a regular file; symlinks and special files are refused)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// Write one file per Secret into DIR, named <namespace>.<name>.yaml
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
    /// Write several Secrets as one multi-document file (one data key and MAC, as `sops -e`)
    #[arg(long, conflicts_with = "out_dir")]
    pub multi: bool,
    /// Encrypt for this recipient (age1... or an ssh-ed25519/ssh-rsa public key); repeatable
    #[arg(long = "recipient", short = 'r', value_name = "KEY")]
    pub recipients: Vec<String>,
    /// Allow a Secret without metadata.namespace: it is bound to no namespace, which is then
    /// chosen when it is applied and not authenticated
    #[arg(long)]
    pub no_namespace: bool,
}

/// Where private keys come from.
#[derive(Debug, Args, Default)]
pub struct IdentityArgs {
    /// An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY,
    /// SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)
    #[arg(long = "identity", short = 'i', value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub identities: Vec<PathBuf>,
}

/// Sealed files to work on.
#[derive(Debug, Args)]
pub struct FilesArgs {
    /// Sealed files
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// The identity sources of the command line and environment.
pub(crate) fn identity_sources(args: &IdentityArgs, ctx: &Ctx) -> Sources {
    Sources {
        files: args.identities.clone(),
        sops_age_key: ctx.env("SOPS_AGE_KEY").map(zeroize::Zeroizing::new),
        sops_age_key_file: ctx.env("SOPS_AGE_KEY_FILE").map(PathBuf::from),
        default_file: ctx.config_dir().map(|d| d.join("sops/age/keys.txt")),
    }
}

/// Loads the identities, printing warnings about their files.
pub(crate) fn load_identities(args: &IdentityArgs, ctx: &Ctx) -> Result<Vec<Identity>> {
    let loaded = identities::load(&identity_sources(args, ctx))?;
    for w in &loaded.warnings {
        ctx.printer.warning(w);
    }
    Ok(loaded.identities)
}

/// The recipient resolver for this run.
pub(crate) fn resolver(explicit: &[String], ctx: &Ctx) -> Result<Resolver> {
    let loaded = ctx.config()?;
    Ok(Resolver {
        cwd: ctx.cwd.clone(),
        explicit: explicit.to_vec(),
        config: loaded.config.seal.recipients.clone(),
        config_source: loaded.describe(),
    })
}

/// Reads one sealed file and opens it (MAC and binding verified), noting a weak binding.
pub(crate) fn open_file(path: &Path, ids: &[Identity], ctx: &Ctx) -> Result<(SealFile, Opened)> {
    let file = input::read(&input::input_file(path))?;
    let opened = document::open(file.values(), ids).map_err(|e| Error::from(file.problem(e)))?;
    note_binding(&file.name, &opened, ctx);
    Ok((file, opened))
}

/// Says when a file's namespace/name binding is weaker than this tool's.
pub(crate) fn note_binding(name: &str, opened: &Opened, ctx: &Ctx) {
    use crate::seal::binding::Status;
    match opened.binding {
        Status::MacOnly => ctx.printer.note(&format!(
            "{name} has no abema.dev/sealed-for binding (sealed by another tool): its namespace and name rest on the MAC alone"
        )),
        Status::Unauthenticated => ctx.printer.warning(&format!(
            "{name} uses mac_only_encrypted: nothing authenticates its namespace and name"
        )),
        Status::Bound(_) | Status::NoSecrets => {}
    }
}

/// Writes sealed documents back to their file (the normal mode: sealed files are not secret).
pub(crate) fn write_sealed(path: &Path, docs: &[Value]) -> Result<()> {
    let text = crate::manifest::to_yaml_stream(docs)?;
    atomic::write(path, text.as_bytes(), Mode::Public)
}

/// Seals and writes (or prints) a request, reporting each file.
pub(crate) fn seal_and_write(request: sealer::Request<'_>, ctx: &Ctx) -> Result<ExitStatus> {
    let outputs = sealer::seal(request)?;
    for sealed in &outputs {
        for w in &sealed.warnings {
            ctx.printer.warning(w);
        }
        ctx.printer
            .detail(&format!("recipients from {}", sealed.source));
        if let Some(path) = &sealed.path {
            atomic::check_destination(path)?;
        }
    }
    for sealed in outputs {
        let bound = sealed
            .bound
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        match &sealed.path {
            None => ctx.printer.data(&sealed.text)?,
            Some(path) => {
                atomic::write(path, sealed.text.as_bytes(), Mode::Public)?;
                ctx.printer.status(&format!(
                    "sealed {} for {} recipient{} (bound to {bound})",
                    path.display(),
                    sealed.recipients,
                    if sealed.recipients == 1 { "" } else { "s" }
                ));
            }
        }
    }
    Ok(ExitStatus::Clean)
}

pub fn run(args: &SealArgs, ctx: &Ctx) -> Result<ExitStatus> {
    match &args.command {
        None => file::run(&args.file, ctx),
        Some(SealCommand::Create(a)) => create::run(a, ctx),
        Some(SealCommand::Edit(a)) => edit::run(a, ctx),
        Some(SealCommand::Set(a)) => set::run(a, ctx),
        Some(SealCommand::Unset(a)) => unset::run(a, ctx),
        Some(SealCommand::Updatekeys(a)) => updatekeys::run(&a.files, ctx, false),
        Some(SealCommand::Rotate(a)) => updatekeys::run(&a.files, ctx, true),
        Some(SealCommand::Status(a)) => status::run(a, ctx),
        Some(SealCommand::Verify(a)) => verify::run(a, ctx),
        Some(SealCommand::Keygen(a)) => keygen::run(a, ctx),
        Some(SealCommand::Check(a)) => check::run(a, ctx),
    }
}
