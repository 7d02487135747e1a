//! `kubectl abema unseal FILE...`: decrypt sealed files to stdout, a file or a directory.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use serde_json::Value;
use zeroize::Zeroizing;

use super::seal::IdentityArgs;
use crate::atomic::{self, Mode};
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::keys::Identity;
use crate::seal::{document, dotenv, input, tree};

/// Decrypt sealed Secrets to stdout
///
/// The plaintext goes to stdout only; --out FILE or --out-dir DIR write files (created 0600
/// before the first byte, never through a symlink or onto a special file or the sealed input
/// itself) when you ask for them. The MAC is always verified, and so is each Secret's
/// abema.dev/sealed-for binding (see `kubectl abema seal --help`); a file sealed by another tool
/// has none, which is said in a note. Several files are decrypted in one process: to stdout as
/// one multi-document stream, or with --out-dir one file each, named as the input.
///
/// Exit codes: 0 decrypted, 1 wrong key, tampered or unreadable file (each named; the other
/// files are still decrypted), 2 usage.
///
/// Examples:
///
///   kubectl abema unseal db.yaml | kubectl apply -f -
///   kubectl abema unseal sealed/*.yaml --out-dir /run/secrets
///   kubectl abema unseal db.yaml --raw --key password
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UnsealArgs {
    /// Sealed files, or - for stdin
    #[arg(value_name = "FILE", default_value = "-", value_hint = clap::ValueHint::FilePath)]
    pub inputs: Vec<PathBuf>,
    /// Write the plaintext to FILE (mode 0600) instead of stdout
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// Write each file's plaintext to DIR/<its file name> (mode 0600)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
    /// Print only the decoded values (data is base64-decoded), one per line
    #[arg(long)]
    pub raw: bool,
    /// With --raw: only this key's value, exactly (no newline added)
    #[arg(long, requires = "raw", value_name = "NAME")]
    pub key: Option<String>,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// The plaintext of one sealed file, as it is printed or written.
fn decrypt(
    path: &Path,
    args: &UnsealArgs,
    ids: &[Identity],
    ctx: &Ctx,
) -> Result<Zeroizing<String>> {
    let file = input::read(&input::input_file(path))?;
    let fail = |e| Error::from(file.problem(e));
    let (plaintexts, rule) = if !file.is_sealed() && file.docs.len() == 1 {
        match document::open_nested(&file.docs[0].value, ids).map_err(fail)? {
            Some(plain) => (vec![plain], tree::Rule::kubernetes()),
            None => return Err(fail(document::DocError::NotSops)),
        }
    } else {
        let opened = document::open(file.values(), ids).map_err(fail)?;
        super::seal::note_binding(&file.name, &opened, ctx);
        let rule = opened.metadata.rule.clone();
        (opened.plaintexts.clone(), rule)
    };
    let mut out = Zeroizing::new(String::new());
    for (i, plain) in plaintexts.iter().enumerate() {
        if args.raw {
            for (value_path, value) in tree::selected_values(plain, &rule) {
                let name = value_path.rsplit('.').next().unwrap_or(&value_path);
                if args
                    .key
                    .as_ref()
                    .is_some_and(|k| k != name && *k != value_path)
                {
                    continue;
                }
                let text = match &value {
                    Value::String(s) if value_path.starts_with("data.") => {
                        let bytes = Zeroizing::new(STANDARD.decode(s).map_err(|_| {
                            Error::from(file.problem_at(
                                i,
                                &value_path,
                                format!("{value_path} is not base64"),
                            ))
                        })?);
                        String::from_utf8(bytes.to_vec()).map_err(|_| {
                            Error::usage(format!(
                                "{value_path} is binary; use --out or pipe through base64 -d"
                            ))
                        })?
                    }
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push_str(&text);
                if args.key.is_none() {
                    out.push('\n');
                }
            }
        } else if file.dotenv {
            out.push_str(&dotenv::emit(plain));
        } else {
            if i > 0 {
                out.push_str("---\n");
            }
            out.push_str(&crate::manifest::to_yaml(plain)?);
        }
    }
    if let (true, Some(key)) = (args.raw, &args.key)
        && out.is_empty()
    {
        return Err(Error::failure(format!("{}: no key {key:?}", file.name)));
    }
    Ok(out)
}

/// Refuses an output path that is one of the sealed inputs (which it would replace with
/// plaintext), or a symlink or special file.
fn check_output(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    if let Some(input) = inputs.iter().find(|i| atomic::same_file(i, out)) {
        return Err(Error::usage(format!(
            "{} is the sealed input {}; unseal never replaces a sealed file with its plaintext",
            out.display(),
            input.display()
        ))
        .with_hint("write the plaintext somewhere else, or to stdout"));
    }
    atomic::check_destination(out)
}

fn write_private(path: &Path, text: &str, ctx: &Ctx) -> Result<()> {
    atomic::write(path, text.as_bytes(), Mode::Private)?;
    ctx.printer.status(&format!(
        "wrote plaintext to {} (mode 0600)",
        path.display()
    ));
    Ok(())
}

pub fn run(args: &UnsealArgs, ctx: &Ctx) -> Result<ExitStatus> {
    if args.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::usage("stdin (-) can be read only once"));
    }
    if args.out.is_some() && args.inputs.len() > 1 {
        return Err(Error::usage("--out takes the plaintext of one file")
            .with_hint("use --out-dir DIR for several, or stdout"));
    }
    if let Some(out) = &args.out {
        check_output(out, &args.inputs)?;
    }
    let mut targets = Vec::new();
    if let Some(dir) = &args.out_dir {
        for input in &args.inputs {
            let name = input
                .file_name()
                .filter(|_| input.as_os_str() != "-")
                .ok_or_else(|| Error::usage("--out-dir needs files, not stdin"))?;
            let target = dir.join(name);
            if targets.contains(&target) {
                return Err(Error::usage(format!(
                    "two inputs named {}; --out-dir names each output as its input",
                    name.to_string_lossy()
                )));
            }
            check_output(&target, &args.inputs)?;
            targets.push(target);
        }
    }
    let ids = super::seal::load_identities(&args.identities, ctx)?;
    let mut status = ExitStatus::Clean;
    let mut stream = Zeroizing::new(String::new());
    for (i, input) in args.inputs.iter().enumerate() {
        let text = match decrypt(input, args, &ids, ctx) {
            Ok(text) => text,
            Err(e) if args.inputs.len() > 1 => {
                ctx.printer.error(&e);
                status = status.worst(e.exit_status());
                continue;
            }
            Err(e) => return Err(e),
        };
        match (&args.out, targets.get(i)) {
            (Some(path), _) | (None, Some(path)) => write_private(path, &text, ctx)?,
            (None, None) => {
                if !stream.is_empty() && !args.raw && !stream.ends_with("---\n") {
                    stream.push_str("---\n");
                }
                stream.push_str(&text);
            }
        }
    }
    if !stream.is_empty() {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(stream.as_bytes())
            .and_then(|()| stdout.flush())?;
    }
    Ok(status)
}
