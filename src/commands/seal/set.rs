//! `kubectl abema seal set FILE KEY VALUE`: change one value.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::IdentityArgs;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};

/// Set one value of a sealed Secret
///
/// KEY is data.NAME, stringData.NAME, or NAME (stringData, or data when data already has
/// NAME; data values are base64-encoded for you). Other values keep their ciphertext.
///
/// Exit codes: 0 set, 1 wrong key or tampered file, 2 usage.
///
/// Example:
///
///   kubectl abema seal set db.yaml password --from-file ./new-password.txt
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SetArgs {
    /// The sealed file
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    /// data.NAME, stringData.NAME or NAME
    #[arg(value_name = "KEY")]
    pub key: String,
    /// The new value (prefer --from-file: arguments end up in shell history)
    #[arg(
        value_name = "VALUE",
        required_unless_present = "from_file",
        conflicts_with = "from_file"
    )]
    pub value: Option<String>,
    /// Read the value from PATH
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub from_file: Option<PathBuf>,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

pub fn run(args: &SetArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = super::load_identities(&args.identities, ctx)?;
    let (file, opened) = super::open_file(&args.file, &ids, ctx)?;
    let value = match (&args.value, &args.from_file) {
        (Some(v), _) => Zeroizing::new(v.clone().into_bytes()),
        (None, Some(p)) => Zeroizing::new(std::fs::read(p).map_err(|e| Error::io(p, "read", &e))?),
        (None, None) => return Err(Error::usage("give VALUE or --from-file PATH")),
    };
    let mut plain = opened.single(&args.file)?;
    let (section, name) = crate::seal::document::value_path(&plain, &args.key);
    if let Some(p) = crate::seal::sealer::key_problem(&name) {
        return Err(Error::usage(format!("the key {name:?} {p}")));
    }
    let text = if section == "data" {
        STANDARD.encode(&*value)
    } else {
        String::from_utf8(value.to_vec()).map_err(|_| {
            Error::usage("stringData values must be UTF-8; use data.NAME for binary values")
        })?
    };
    if !plain[&section].is_object() {
        plain[&section] = json!({});
    }
    plain[&section][&name] = Value::String(text);
    let sealed = opened
        .reseal(vec![plain])
        .map_err(|e| Error::from(file.problem(e)))?;
    super::write_sealed(&args.file, &sealed)?;
    ctx.printer
        .status(&format!("set {section}.{name} in {}", args.file.display()));
    Ok(ExitStatus::Clean)
}
