//! `kubectl abema seal edit FILE`: decrypt into $EDITOR, seal again.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::IdentityArgs;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::editor::{Outcome, Session};
use crate::seal::input;

/// Decrypt a sealed Secret into $EDITOR and seal it again
///
/// The plaintext goes to a 0600 file in a 0700 directory under $TMPDIR, which is removed
/// afterwards: after saving, when the editor fails, and on Ctrl-C, SIGTERM or SIGHUP (which
/// also end the editor). Values you did not change keep their exact ciphertext, so the Git
/// diff shows only what changed. If the edited text is not valid YAML (or names an invalid
/// Secret), you are offered to re-open it with your edits when a terminal is attached;
/// otherwise nothing changes. Renaming or moving the Secret in the editor binds it to its new
/// namespace and name.
///
/// Exit codes: 0 saved or unchanged, 1 wrong key, tampered file, invalid edit, interrupted.
///
/// Example:
///
///   EDITOR=nano kubectl abema seal edit db.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct EditArgs {
    /// The sealed file
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

fn reopen(ctx: &Ctx, problem: &Error) -> bool {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return false;
    }
    ctx.printer.error(problem);
    dialoguer::Confirm::new()
        .with_prompt("Re-open the editor with your changes? (no discards them)")
        .default(true)
        .interact()
        .unwrap_or(false)
}

pub fn run(args: &EditArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = super::load_identities(&args.identities, ctx)?;
    let (_, opened) = super::open_file(&args.file, &ids, ctx)?;
    let mut before = zeroize::Zeroizing::new(String::new());
    for (i, doc) in opened.plaintexts.iter().enumerate() {
        if i > 0 {
            before.push_str("---\n");
        }
        before.push_str(&crate::manifest::to_yaml(doc)?);
    }
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .unwrap_or_else(|| "secret.yaml".into());
    let session = Session::new(&file_name, &before)
        .map_err(|e| Error::failure("cannot create the temporary plaintext file").caused_by(e))?;
    let editor = ctx
        .env("EDITOR")
        .or_else(|| ctx.env("VISUAL"))
        .unwrap_or_else(|| "vi".into());
    loop {
        let outcome = session.run(&editor).map_err(|e| {
            Error::failure(format!("cannot run the editor {editor:?}")).caused_by(e)
        })?;
        match outcome {
            Outcome::Interrupted => {
                return Err(Error::failure(
                    "interrupted; nothing changed and the plaintext temporary file was removed",
                ));
            }
            Outcome::Failed(status) => {
                return Err(Error::failure(format!(
                    "the editor {editor:?} failed ({status}); nothing changed"
                )));
            }
            Outcome::Saved => {}
        }
        let after = session
            .read()
            .map_err(|e| Error::failure("cannot read the edited file").caused_by(e))?;
        if *after == *before {
            ctx.printer
                .status(&format!("{}: no changes", args.file.display()));
            return Ok(ExitStatus::Clean);
        }
        let attempt = input::parse("the edited Secret".into(), after.to_string())
            .map_err(Error::from)
            .and_then(|edited| {
                opened
                    .reseal(edited.values())
                    .map_err(|e| Error::from(edited.problem(e)))
            });
        match attempt {
            Ok(sealed) => {
                super::write_sealed(&args.file, &sealed)?;
                ctx.printer
                    .status(&format!("sealed {} again", args.file.display()));
                return Ok(ExitStatus::Clean);
            }
            Err(e) if reopen(ctx, &e) => continue,
            Err(e) => return Err(e.with_hint("nothing changed: the sealed file is as it was")),
        }
    }
}
