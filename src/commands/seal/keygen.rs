//! `kubectl abema seal keygen`: a new age identity.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::keys;

/// Create a new age identity
///
/// Writes the identity with mode 0600 (never overwriting a file) and prints its recipient.
/// Without --out the identity itself is printed. --flux-secret also prints the Secret that
/// Flux's `decryption.secretRef` expects (key `age.agekey`). -o json prints
/// {schemaVersion, recipient, identityFile} (and the identity when there is no --out).
///
/// Exit codes: 0 created, 1 the file exists or cannot be written.
///
/// Example:
///
///   kubectl abema seal keygen --out gke-deploy.agekey --flux-secret sops-age -n flux-system
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct KeygenArgs {
    /// Write the identity to FILE (mode 0600; an existing file is never overwritten)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<PathBuf>,
    /// Also print a Secret named NAME for Flux (namespace from -n, default flux-system)
    #[arg(long, value_name = "NAME")]
    pub flux_secret: Option<String>,
}

/// Creates a 0600 file that must not exist yet.
fn write_new_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::failure(format!(
                "{} exists; keygen never overwrites a key",
                path.display()
            ))
            .with_hint("choose another --out path")
        } else {
            Error::io(path, "create", &e)
        }
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(path, "write", &e))
}

pub fn run(args: &KeygenArgs, ctx: &Ctx) -> Result<ExitStatus> {
    if args.flux_secret.is_some() && ctx.printer.format().is_document() {
        return Err(Error::usage("--flux-secret prints YAML; leave out -o"));
    }
    let (secret, recipient) = keys::generate();
    let file_text = zeroize::Zeroizing::new(format!(
        "# created: {}\n# public key: {recipient}\n{}\n",
        crate::seal::metadata::now_utc(),
        *secret
    ));
    if let Some(path) = &args.out {
        write_new_private(path, file_text.as_bytes())?;
        ctx.printer
            .status(&format!("wrote {} (mode 0600)", path.display()));
    }
    if ctx.printer.format().is_document() {
        let mut doc = json!({"schemaVersion": "abema.dev/seal-keygen/v1", "recipient": recipient,
            "identityFile": args.out.as_ref().map(|p| p.display().to_string())});
        if args.out.is_none() {
            doc["identity"] = json!(*secret);
        }
        ctx.printer.document(&doc)?;
        return Ok(ExitStatus::Clean);
    }
    match &args.out {
        Some(_) => ctx.printer.data(&recipient)?,
        None => ctx.printer.data(&file_text)?,
    }
    if let Some(name) = &args.flux_secret {
        let ns = ctx
            .global
            .namespace
            .clone()
            .unwrap_or_else(|| "flux-system".into());
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": ns},
            "type": "Opaque", "stringData": {"age.agekey": *file_text}});
        let yaml = crate::manifest::to_yaml(&secret)?;
        ctx.printer.data(&format!("---\n{yaml}"))?;
    }
    Ok(ExitStatus::Clean)
}
