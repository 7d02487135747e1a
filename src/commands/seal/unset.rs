//! `kubectl abema seal unset FILE KEY`: remove one value.

use std::path::PathBuf;

use clap::Args;

use super::IdentityArgs;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};

/// Remove one value of a sealed Secret
///
/// KEY is data.NAME, stringData.NAME, or NAME (data when data has NAME, else stringData).
/// Other values keep their ciphertext.
///
/// Exit codes: 0 removed, 1 no such key, wrong key or tampered file.
///
/// Example:
///
///   kubectl abema seal unset db.yaml data.old-token
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UnsetArgs {
    /// The sealed file
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    /// data.NAME, stringData.NAME or NAME
    #[arg(value_name = "KEY")]
    pub key: String,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

pub fn run(args: &UnsetArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = super::load_identities(&args.identities, ctx)?;
    let (file, opened) = super::open_file(&args.file, &ids, ctx)?;
    let mut plain = opened.single(&args.file)?;
    let (section, name) = crate::seal::document::value_path(&plain, &args.key);
    let removed = plain[&section]
        .as_object_mut()
        .and_then(|m| m.shift_remove(&name));
    if removed.is_none() {
        return Err(Error::failure(format!(
            "{}: no key {section}.{name}",
            args.file.display()
        )));
    }
    let sealed = opened
        .reseal(vec![plain])
        .map_err(|e| Error::from(file.problem(e)))?;
    super::write_sealed(&args.file, &sealed)?;
    ctx.printer.status(&format!(
        "removed {section}.{name} from {}",
        args.file.display()
    ));
    Ok(ExitStatus::Clean)
}
