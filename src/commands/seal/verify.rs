//! `kubectl abema seal verify FILE...`: open every file, print nothing secret.

use serde::Serialize;
use serde_json::json;

use super::FilesArgs;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::seal::binding::Status;
use crate::seal::{document, input};

/// Decrypt files and check their MAC and binding without printing anything secret
///
/// Every file is opened in one process: the data key is unwrapped, every value decrypted,
/// the MAC compared and each Secret's abema.dev/sealed-for binding compared with its
/// metadata.namespace and metadata.name. With -q nothing is printed on success.
///
/// Exit codes: 0 every file verified, 1 any file could not be verified (each is named).
///
/// Example:
///
///   kubectl abema seal verify -q sealed/*.yaml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub files: FilesArgs,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Verified {
    file: String,
    ok: bool,
    values: usize,
    /// `bound`, `mac-only` (no binding: sealed by another tool), `unauthenticated`
    /// (mac_only_encrypted) or `no-secrets`.
    binding: Option<&'static str>,
    bound_to: Vec<String>,
    error: Option<String>,
}

pub fn run(args: &VerifyArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = super::load_identities(&args.files.identities, ctx)?;
    let mut status = ExitStatus::Clean;
    let mut results = Vec::new();
    for path in &args.files.files {
        let opened = input::read(&input::input_file(path))
            .and_then(|file| document::open(file.values(), &ids).map_err(|e| file.problem(e)));
        let mut v = Verified {
            file: path.display().to_string(),
            ok: false,
            values: 0,
            binding: None,
            bound_to: Vec::new(),
            error: None,
        };
        match opened {
            Ok(opened) => {
                super::note_binding(&v.file, &opened, ctx);
                v.ok = true;
                v.values = opened.sealed_values();
                v.binding = Some(match &opened.binding {
                    Status::Bound(targets) => {
                        v.bound_to = targets.iter().map(ToString::to_string).collect();
                        "bound"
                    }
                    Status::MacOnly => "mac-only",
                    Status::Unauthenticated => "unauthenticated",
                    Status::NoSecrets => "no-secrets",
                });
            }
            Err(problem) => {
                status = ExitStatus::Error;
                v.error = Some(problem.message.clone());
                if !ctx.printer.format().is_document() {
                    ctx.printer.error(&problem.into());
                }
            }
        }
        results.push(v);
    }
    if ctx.printer.format().is_document() {
        ctx.printer
            .document(&json!({"schemaVersion": "abema.dev/seal-verify/v1", "files": results}))?;
    } else if !ctx.printer.quiet() {
        for v in results.iter().filter(|v| v.ok) {
            let bound = if v.bound_to.is_empty() {
                String::new()
            } else {
                format!(", bound to {}", v.bound_to.join(", "))
            };
            ctx.printer.data(&format!(
                "{}: ok ({} values, MAC verified{bound})",
                v.file, v.values
            ))?;
        }
    }
    Ok(status)
}
