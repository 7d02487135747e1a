//! `kubectl abema seal updatekeys|rotate FILE...`: recipients from the configuration; a new
//! data key.

use clap::Args;

use super::FilesArgs;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::recipients;

/// Re-wrap the data key for the recipients the configuration names now
///
/// Adds or removes a cluster's key without touching any value (the same data key, wrapped
/// for the new set). Recipients come from .sops.yaml / .abema.yaml for each file. Removing a
/// recipient this way does not lock it out of what it could already read: `rotate` does.
///
/// Exit codes: 0 done, 1 wrong key, tampered file or bad configuration.
///
/// Example:
///
///   kubectl abema seal updatekeys sealed/*.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UpdatekeysArgs {
    #[command(flatten)]
    pub files: FilesArgs,
}

/// Give files a new data key and re-encrypt every value
///
/// Use it after removing a recipient (a leaked key, a decommissioned cluster): the old data
/// key no longer opens the new file. Recipients come from .sops.yaml / .abema.yaml, else stay.
///
/// Exit codes: 0 done, 1 wrong key, tampered file or bad configuration.
///
/// Example:
///
///   kubectl abema seal rotate sealed/db.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RotateArgs {
    #[command(flatten)]
    pub files: FilesArgs,
}

pub fn run(args: &FilesArgs, ctx: &Ctx, rotate: bool) -> Result<ExitStatus> {
    let ids = super::load_identities(&args.identities, ctx)?;
    let resolver = super::resolver(&[], ctx)?;
    for path in &args.files {
        let (file, opened) = super::open_file(path, &ids, ctx)?;
        let current: Vec<String> = opened
            .metadata
            .age
            .iter()
            .map(|a| a.recipient.clone())
            .collect();
        let wanted = resolver.wanted(path, &current)?;
        let (added, removed) = recipients::change(&current, &wanted);
        let change = added
            .iter()
            .map(|r| format!("+{r}"))
            .chain(removed.iter().map(|r| format!("-{r}")))
            .collect::<Vec<_>>()
            .join(" ");
        let fail = |e| Error::from(file.problem(e));
        if rotate {
            let sealed = opened.rotate(&wanted).map_err(fail)?;
            super::write_sealed(path, &sealed)?;
            ctx.printer.data(&format!(
                "{}: new data key, {} values re-encrypted{}",
                path.display(),
                opened.sealed_values(),
                if change.is_empty() {
                    String::new()
                } else {
                    format!(", recipients {change}")
                }
            ))?;
        } else if change.is_empty() {
            ctx.printer
                .data(&format!("{}: recipients unchanged", path.display()))?;
        } else {
            let sealed = opened.rewrap(&file.values(), &wanted).map_err(fail)?;
            super::write_sealed(path, &sealed)?;
            ctx.printer
                .data(&format!("{}: recipients {change}", path.display()))?;
        }
    }
    Ok(ExitStatus::Clean)
}
