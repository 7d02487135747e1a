//! `kubectl abema seal` / `unseal`: SOPS-format, age-encrypted Secrets for Git.
//!
//! `-o` is the global output format in every command (kubectl's convention), so the file a
//! command writes is named with `--out FILE`.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::manifest;
use crate::output::{Printer, Rows};
use crate::seal::check::SealCheckReport;
use crate::seal::document::{self, DocError, Opened, SealOptions};
use crate::seal::keys::{self, Identity, Recipient};
use crate::seal::sops_config;
use crate::seal::tree::Rule;

/// Encrypt Secrets so they can live in Git (SOPS format, age keys)
///
/// Each value under data/stringData is encrypted on its own with AES-256-GCM; apiVersion,
/// kind, metadata and type stay readable; the MAC covers everything, so a sealed Secret
/// cannot be moved to another namespace or renamed. The file's data key is wrapped for every
/// recipient (e.g. the GKE and EKS deploy keys and a break-glass key). `sops -d`, Flux's
/// kustomize-controller and `kubectl abema unseal` can decrypt the result.
///
/// Recipients: --recipient, else the first matching .sops.yaml creation rule for the output
/// path, else .abema.yaml seal.recipients.
///
/// Examples:
///
///   kubectl abema seal secret.yaml --in-place
///   kubectl abema seal secrets.yaml --out-dir sealed/ --namespaces shop,shop-staging
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
    pub file: SealFileArgs,
}

#[derive(Debug, Subcommand)]
pub enum SealCommand {
    Create(CreateArgs),
    Edit(EditArgs),
    Set(SetArgs),
    Unset(UnsetArgs),
    /// Re-wrap the data key for the recipients the configuration names now
    ///
    /// Adds or removes a cluster's key without touching any value (the same data key, wrapped
    /// for the new set). Recipients come from .sops.yaml / .abema.yaml for each file.
    #[command(verbatim_doc_comment)]
    Updatekeys(FilesArgs),
    /// Give files a new data key and re-encrypt every value
    #[command(verbatim_doc_comment)]
    Rotate(FilesArgs),
    /// Show whether files are sealed, for whom, and whether that matches the configuration
    ///
    /// Needs no key.
    #[command(verbatim_doc_comment)]
    Status(FilesArgs),
    /// Decrypt files and check their MAC without printing anything secret
    #[command(verbatim_doc_comment)]
    Verify(FilesArgs),
    Keygen(KeygenArgs),
    Check(SealCheckArgs),
}

/// Where sealed output goes (stdout by default).
#[derive(Debug, Args, Default)]
pub struct Destination {
    /// Write the sealed Secret to FILE
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// Write one file per Secret into DIR, named <namespace>.<name>.yaml
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
    /// Encrypt for this recipient (age1... or an ssh-ed25519/ssh-rsa public key); repeatable
    #[arg(long = "recipient", short = 'r', value_name = "KEY")]
    pub recipients: Vec<String>,
}

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

/// Create a sealed Secret from literals and files, like `kubectl create secret generic`
///
/// The plaintext never touches disk. Values go under `data` (base64), as kubectl does.
///
/// Example:
///
///   kubectl abema seal create db -n shop --from-literal password=hunter2 --from-file ca.crt=./ca.pem --out db.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// Name of the Secret
    pub name: String,
    /// Secret type
    #[arg(long = "type", value_name = "TYPE", default_value = "Opaque")]
    pub secret_type: String,
    /// KEY=VALUE; repeatable
    #[arg(long, value_name = "KEY=VALUE")]
    pub from_literal: Vec<String>,
    /// [KEY=]PATH (KEY defaults to the file name); repeatable
    #[arg(long, value_name = "[KEY=]PATH", value_hint = clap::ValueHint::FilePath)]
    pub from_file: Vec<String>,
    /// A file of KEY=VALUE lines (# comments and blank lines skipped)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub from_env_file: Vec<PathBuf>,
    #[command(flatten)]
    pub dest: Destination,
}

/// Decrypt a sealed Secret into $EDITOR and seal it again
///
/// The plaintext goes to a 0600 temporary file that is removed afterwards (also on error or
/// Ctrl-C). Values you did not change keep their exact ciphertext, so the Git diff shows only
/// what changed.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct EditArgs {
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// Set one value of a sealed Secret
///
/// KEY is data.NAME, stringData.NAME, or NAME (stringData, or data when data already has
/// NAME; data values are base64-encoded for you). Other values keep their ciphertext.
///
/// Example:
///
///   kubectl abema seal set db.yaml password --from-file ./new-password.txt
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SetArgs {
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
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

/// Remove one value of a sealed Secret
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UnsetArgs {
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    #[arg(value_name = "KEY")]
    pub key: String,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// Sealed files to work on
#[derive(Debug, Args)]
pub struct FilesArgs {
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

/// Create a new age identity
///
/// Writes the identity with mode 0600 (never overwriting a file) and prints its recipient.
/// Without --out the identity itself is printed. --flux-secret also prints the Secret that
/// Flux's `decryption.secretRef` expects (key `age.agekey`).
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

/// Fail when a Secret is committed unsealed or sealed for the wrong recipients
///
/// Exit 3 if any `kind: Secret` document has plaintext data or stringData values, or a sealed
/// file's recipients differ from what .sops.yaml / .abema.yaml name for it.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SealCheckArgs {
    /// Files, directories, or - for stdin
    #[arg(value_name = "PATH", default_value = ".", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// Exit with the findings' code even when some inputs could not be read
    #[arg(long)]
    pub ignore_errors: bool,
}

/// Where private keys come from
#[derive(Debug, Args, Default)]
pub struct IdentityArgs {
    /// An age identity file or unencrypted SSH private key; repeatable (default: SOPS_AGE_KEY,
    /// SOPS_AGE_KEY_FILE, then <config dir>/sops/age/keys.txt)
    #[arg(long = "identity", short = 'i', value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub identities: Vec<PathBuf>,
}

/// Decrypt a sealed Secret to stdout
///
/// The plaintext goes to stdout only; --out writes a file (mode 0600) when you ask for one.
/// The MAC is always verified.
///
/// Examples:
///
///   kubectl abema unseal db.yaml | kubectl apply -f -
///   kubectl abema unseal db.yaml --raw --key password
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct UnsealArgs {
    /// The sealed file, or - for stdin
    #[arg(value_name = "FILE", default_value = "-", value_hint = clap::ValueHint::FilePath)]
    pub input: PathBuf,
    /// Write the plaintext to FILE (mode 0600) instead of stdout
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<PathBuf>,
    /// Print only the decoded values (data is base64-decoded), one per line
    #[arg(long)]
    pub raw: bool,
    /// With --raw: only this key's value, exactly (no newline added)
    #[arg(long, requires = "raw", value_name = "NAME")]
    pub key: Option<String>,
    #[command(flatten)]
    pub identities: IdentityArgs,
}

// ---- input and output ------------------------------------------------------------------------

/// A YAML document with where it came from.
struct Doc {
    file: String,
    /// The line where the document's content starts.
    line: usize,
    /// The line `text` starts at.
    first_line: usize,
    text: String,
    value: Value,
}

fn read_text(path: &Path) -> Result<(String, String)> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::failure("cannot read stdin").caused_by(e))?;
        return Ok(("-".into(), text));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "read", &e))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::at(path, 1, "not UTF-8 text"))?;
    Ok((path.display().to_string(), text))
}

fn parse_docs(file: &str, text: &str) -> Result<Vec<Doc>> {
    let mut out = Vec::new();
    for doc in manifest::split_documents(text) {
        let value: Value = serde_saphyr::from_str_with_options(doc.text, manifest::parse_options())
            .map_err(|e| {
                let (line, message) = manifest::yaml_error(&e, doc.first_line);
                Error::at(Path::new(file), line, format!("invalid YAML: {message}"))
            })?;
        if value.is_null() {
            continue;
        }
        out.push(Doc {
            file: file.to_string(),
            line: doc.content_line,
            first_line: doc.first_line,
            text: doc.text.to_string(),
            value,
        });
    }
    Ok(out)
}

fn read_docs(path: &Path) -> Result<Vec<Doc>> {
    let (file, text) = read_text(path)?;
    if crate::seal::dotenv::is_dotenv(&text) {
        return Ok(vec![Doc {
            file,
            line: 1,
            first_line: 1,
            value: crate::seal::dotenv::parse(&text),
            text,
        }]);
    }
    let docs = parse_docs(&file, &text)?;
    if docs.is_empty() {
        return Err(Error::at(Path::new(&file), 1, "no YAML document in it"));
    }
    Ok(docs)
}

/// One sealed file (one document).
fn read_one(path: &Path) -> Result<Doc> {
    let mut docs = read_docs(path)?;
    if docs.len() > 1 {
        return Err(Error::at(
            path,
            docs[1].line,
            "more than one document; sealed files hold one Secret each",
        ));
    }
    Ok(docs.remove(0))
}

fn to_yaml(value: &Value) -> Result<String> {
    manifest::to_yaml(value).map_err(|e| Error::failure("cannot write YAML").caused_by(e))
}

/// The 1-based line of a dotted key path inside a document (best effort: the first line
/// that holds each key in turn, searching forward).
fn line_of(doc: &Doc, path: &str) -> usize {
    let mut line = doc.line;
    let lines: Vec<&str> = doc.text.lines().collect();
    let mut from = 0;
    for key in path.split('.') {
        let found = lines.iter().enumerate().skip(from).find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(&format!("{key}:")) || t.starts_with(&format!("\"{key}\":"))
        });
        match found {
            Some((i, _)) => {
                from = i + 1;
                line = doc.first_line + i;
            }
            None => break,
        }
    }
    line
}

/// A document error as a one-line error naming file and line, never a value.
fn doc_error(doc: &Doc, err: DocError) -> Error {
    let line = match &err {
        DocError::Value(e) => line_of(doc, &e.path),
        DocError::MacMismatch | DocError::Metadata(_) | DocError::Key(_) => line_of(doc, "sops"),
        _ => doc.line,
    };
    let hint = match &err {
        DocError::Key(keys::UnwrapError::NoMatch { .. })
        | DocError::Key(keys::UnwrapError::NoIdentities) => Some(
            "pass --identity FILE, or set SOPS_AGE_KEY_FILE / SOPS_AGE_KEY (the same variables sops reads)",
        ),
        DocError::NotSops => Some("seal it first: kubectl abema seal FILE"),
        DocError::AlreadySealed => Some(
            "to change values use `kubectl abema seal edit|set`; to change recipients `seal updatekeys`",
        ),
        _ => None,
    };
    let e = Error::at(Path::new(&doc.file), line, err);
    match hint {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

// ---- keys ------------------------------------------------------------------------------------

/// Identities in SOPS' order: --identity, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, keys.txt.
fn load_identities(args: &IdentityArgs, ctx: &Ctx) -> Result<Vec<Identity>> {
    let mut out = Vec::new();
    let from_file = |path: &Path, out: &mut Vec<Identity>, required: bool| -> Result<()> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => zeroize::Zeroizing::new(t),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(path, "read identity file", &e)),
        };
        warn_if_readable_by_others(path, &ctx.printer);
        out.extend(
            keys::parse_identities(&text, &path.display().to_string()).map_err(Error::failure)?,
        );
        Ok(())
    };
    for path in &args.identities {
        from_file(path, &mut out, true)?;
    }
    if args.identities.is_empty() {
        if let Some(text) = ctx.env("SOPS_AGE_KEY") {
            let text = zeroize::Zeroizing::new(text);
            out.extend(keys::parse_identities(&text, "SOPS_AGE_KEY").map_err(Error::failure)?);
        }
        if let Some(file) = ctx.env("SOPS_AGE_KEY_FILE") {
            from_file(Path::new(&file), &mut out, true)?;
        }
        if let Some(dir) = ctx.config_dir() {
            from_file(&dir.join("sops/age/keys.txt"), &mut out, false)?;
        }
    }
    Ok(out)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path, printer: &Printer) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            printer.warning(&format!(
                "{} holds private keys but its mode is {mode:04o}; run: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path, _: &Printer) {}

/// Recipients and rule for an output path.
struct Sealing {
    recipients: Vec<Recipient>,
    rule: Rule,
    mac_only_encrypted: bool,
    source: String,
}

fn parse_recipients(texts: &[String], source: &str) -> Result<Vec<Recipient>> {
    texts
        .iter()
        .map(|t| Recipient::parse(t).map_err(|e| Error::failure(format!("{source}: {e}"))))
        .collect()
}

/// The recipients the configuration names for `target` (None when nothing names any).
fn configured(target: &Path, ctx: &Ctx) -> Result<Option<Sealing>> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ctx.cwd.clone());
    let dir = if dir.is_absolute() {
        dir
    } else {
        ctx.cwd.join(dir)
    };
    if let Some(config) = sops_config::find(&dir) {
        let text = std::fs::read_to_string(&config).map_err(|e| Error::io(&config, "read", &e))?;
        let target_abs = if target.is_absolute() {
            target.to_path_buf()
        } else {
            ctx.cwd.join(target)
        };
        if let Some(rule) =
            sops_config::matching_rule(&config, &text, &target_abs).map_err(Error::failure)?
            && !rule.recipients.is_empty()
        {
            let source = format!("{} creation_rules[{}]", config.display(), rule.index);
            return Ok(Some(Sealing {
                recipients: parse_recipients(&rule.recipients, &source)?,
                rule: rule.rule.unwrap_or_else(Rule::kubernetes),
                mac_only_encrypted: rule.mac_only_encrypted,
                source,
            }));
        }
    }
    let loaded = ctx.config()?;
    if !loaded.config.seal.recipients.is_empty() {
        let source = format!("{} seal.recipients", loaded.describe());
        return Ok(Some(Sealing {
            recipients: parse_recipients(&loaded.config.seal.recipients, &source)?,
            rule: Rule::kubernetes(),
            mac_only_encrypted: false,
            source,
        }));
    }
    Ok(None)
}

fn sealing(dest: &Destination, target: &Path, ctx: &Ctx) -> Result<Sealing> {
    if !dest.recipients.is_empty() {
        return Ok(Sealing {
            recipients: parse_recipients(&dest.recipients, "--recipient")?,
            rule: Rule::kubernetes(),
            mac_only_encrypted: false,
            source: "--recipient".into(),
        });
    }
    configured(target, ctx)?.ok_or_else(|| {
        Error::usage("no recipients to seal for").with_hint(
            "pass --recipient age1..., or add a .sops.yaml creation rule with `age:` keys, or seal.recipients in .abema.yaml",
        )
    })
}

// ---- seal ------------------------------------------------------------------------------------

fn check_secret(doc: &Doc) -> Result<()> {
    if doc.value.get("sops").is_some() {
        return Err(doc_error(doc, DocError::AlreadySealed));
    }
    if doc.value["kind"] != "Secret" {
        let what = match (
            doc.value["kind"].as_str(),
            doc.value["metadata"]["name"].as_str(),
        ) {
            (Some(k), Some(n)) => format!("{k} {n}"),
            (Some(k), None) => k.to_string(),
            _ => "the document".to_string(),
        };
        return Err(Error::at(
            Path::new(&doc.file),
            doc.line,
            format!("{what} is not a Secret; only Secrets are sealed"),
        ));
    }
    Ok(())
}

fn file_name(secret: &Value) -> String {
    let name = secret["metadata"]["name"].as_str().unwrap_or("secret");
    match secret["metadata"]["namespace"].as_str() {
        Some(ns) => format!("{ns}.{name}.yaml"),
        None => format!("{name}.yaml"),
    }
}

/// Seals `secrets` and writes them where `dest` says; returns the files written.
fn seal_and_write(
    secrets: Vec<(Doc, Value)>,
    dest: &Destination,
    in_place: Option<&Path>,
    ctx: &Ctx,
) -> Result<()> {
    let multiple = secrets.len() > 1;
    if multiple && dest.out_dir.is_none() {
        return Err(Error::usage(format!(
            "{} Secrets to seal: one file each needs --out-dir DIR",
            secrets.len()
        ))
        .with_hint(
            "each sealed file holds one Secret, so sops, Flux and unseal can decrypt it on its own",
        ));
    }
    let mut outputs = Vec::new();
    for (doc, secret) in secrets {
        let target = match (&dest.out_dir, &dest.out, in_place) {
            (Some(dir), _, _) => dir.join(file_name(&secret)),
            (_, Some(out), _) => out.clone(),
            (_, _, Some(p)) => p.to_path_buf(),
            _ => PathBuf::from(if doc.file == "-" {
                "stdin.yaml"
            } else {
                doc.file.as_str()
            }),
        };
        let how = sealing(dest, &target, ctx)?;
        ctx.printer
            .detail(&format!("recipients from {}", how.source));
        let options = SealOptions {
            recipients: &how.recipients,
            rule: how.rule.clone(),
            mac_only_encrypted: how.mac_only_encrypted,
        };
        let sealed = document::seal(secret, &options).map_err(|e| doc_error(&doc, e))?;
        outputs.push((target, to_yaml(&sealed)?, how.recipients.len()));
    }
    let to_stdout = dest.out_dir.is_none() && dest.out.is_none() && in_place.is_none();
    for (target, text, n) in outputs {
        if to_stdout {
            ctx.printer.data(&text)?;
        } else {
            crate::atomic::write(&target, text.as_bytes())?;
            ctx.printer.status(&format!(
                "sealed {} for {n} recipient{}",
                target.display(),
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    Ok(())
}

fn run_seal_file(args: &SealFileArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let docs = read_docs(&args.input)?;
    if args.in_place && args.input.as_os_str() == "-" {
        return Err(Error::usage("--in-place needs a FILE, not stdin"));
    }
    if args.in_place && docs.len() > 1 {
        return Err(Error::usage(
            "--in-place seals a file with one Secret; use --out-dir for several",
        ));
    }
    let mut secrets = Vec::new();
    for doc in docs {
        check_secret(&doc)?;
        if args.namespaces.is_empty() {
            let v = doc.value.clone();
            secrets.push((doc, v));
        } else {
            for ns in &args.namespaces {
                let mut v = doc.value.clone();
                v["metadata"]["namespace"] = json!(ns);
                let copy = Doc {
                    file: doc.file.clone(),
                    line: doc.line,
                    first_line: doc.first_line,
                    text: doc.text.clone(),
                    value: Value::Null,
                };
                secrets.push((copy, v));
            }
        }
    }
    let in_place = args.in_place.then_some(args.input.as_path());
    seal_and_write(secrets, &args.dest, in_place, ctx)?;
    Ok(ExitStatus::Clean)
}

fn run_create(args: &CreateArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let mut data = Map::new();
    let mut add = |key: &str, bytes: &[u8], source: &str| -> Result<()> {
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        {
            return Err(Error::usage(format!(
                "{source}: invalid key {key:?} (letters, digits, '-', '_', '.')"
            )));
        }
        if data
            .insert(key.to_string(), Value::String(STANDARD.encode(bytes)))
            .is_some()
        {
            return Err(Error::usage(format!("{source}: key {key:?} given twice")));
        }
        Ok(())
    };
    for lit in &args.from_literal {
        let (k, v) = lit
            .split_once('=')
            .ok_or_else(|| Error::usage("--from-literal takes KEY=VALUE"))?;
        add(k, v.as_bytes(), "--from-literal")?;
    }
    for spec in &args.from_file {
        let (key, path) = match spec.split_once('=') {
            Some((k, p)) => (k.to_string(), PathBuf::from(p)),
            None => {
                let p = PathBuf::from(spec);
                (
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    p,
                )
            }
        };
        let bytes = zeroize::Zeroizing::new(
            std::fs::read(&path).map_err(|e| Error::io(&path, "read", &e))?,
        );
        add(&key, &bytes, "--from-file")?;
    }
    for path in &args.from_env_file {
        let text = zeroize::Zeroizing::new(
            std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?,
        );
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| Error::at(path, n + 1, "expected KEY=VALUE"))?;
            add(
                k.trim(),
                v.as_bytes(),
                &format!("{}:{}", path.display(), n + 1),
            )?;
        }
    }
    if data.is_empty() {
        return Err(Error::usage("nothing to put in the Secret")
            .with_hint("use --from-literal, --from-file or --from-env-file"));
    }
    let mut metadata = json!({"name": args.name});
    if let Some(ns) = &ctx.global.namespace {
        metadata["namespace"] = json!(ns);
    }
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata, "type": args.secret_type, "data": data});
    let doc = Doc {
        file: "-".into(),
        line: 1,
        first_line: 1,
        text: String::new(),
        value: Value::Null,
    };
    seal_and_write(vec![(doc, secret)], &args.dest, None, ctx)?;
    Ok(ExitStatus::Clean)
}

// ---- open and re-seal ------------------------------------------------------------------------

fn open_file(path: &Path, ids: &[Identity]) -> Result<(Doc, Opened)> {
    let doc = read_one(path)?;
    let opened = document::open(doc.value.clone(), ids).map_err(|e| doc_error(&doc, e))?;
    Ok((doc, opened))
}

fn write_sealed(path: &Path, value: &Value) -> Result<()> {
    crate::atomic::write(path, to_yaml(value)?.as_bytes())
}

/// `data.NAME`, `stringData.NAME`, or `NAME` (data when data has it, else stringData).
fn resolve_key(secret: &Value, key: &str) -> (String, String) {
    match key.split_once('.') {
        Some((section @ ("data" | "stringData"), name)) => (section.to_string(), name.to_string()),
        _ if secret["data"].get(key).is_some() => ("data".into(), key.to_string()),
        _ => ("stringData".into(), key.to_string()),
    }
}

fn run_set(args: &SetArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    let (doc, opened) = open_file(&args.file, &ids)?;
    let value = match (&args.value, &args.from_file) {
        (Some(v), _) => zeroize::Zeroizing::new(v.clone().into_bytes()),
        (None, Some(p)) => {
            zeroize::Zeroizing::new(std::fs::read(p).map_err(|e| Error::io(p, "read", &e))?)
        }
        (None, None) => return Err(Error::usage("give VALUE or --from-file PATH")),
    };
    let mut plain = opened.plaintext.clone();
    let (section, name) = resolve_key(&plain, &args.key);
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
    let sealed = opened.reseal(plain).map_err(|e| doc_error(&doc, e))?;
    write_sealed(&args.file, &sealed)?;
    ctx.printer
        .status(&format!("set {section}.{name} in {}", args.file.display()));
    Ok(ExitStatus::Clean)
}

fn run_unset(args: &UnsetArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    let (doc, opened) = open_file(&args.file, &ids)?;
    let mut plain = opened.plaintext.clone();
    let (section, name) = resolve_key(&plain, &args.key);
    let removed = plain[&section]
        .as_object_mut()
        .and_then(|m| m.shift_remove(&name));
    if removed.is_none() {
        return Err(Error::failure(format!(
            "{}: no key {section}.{name}",
            args.file.display()
        )));
    }
    let sealed = opened.reseal(plain).map_err(|e| doc_error(&doc, e))?;
    write_sealed(&args.file, &sealed)?;
    ctx.printer.status(&format!(
        "removed {section}.{name} from {}",
        args.file.display()
    ));
    Ok(ExitStatus::Clean)
}

fn run_edit(args: &EditArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    let (doc, opened) = open_file(&args.file, &ids)?;
    let before = zeroize::Zeroizing::new(to_yaml(&opened.plaintext)?);
    let mut tmp = tempfile::Builder::new()
        .prefix(".abema-edit-")
        .suffix(".yaml")
        .tempfile()
        .map_err(|e| Error::failure("cannot create a temporary file").caused_by(e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600));
    }
    use std::io::Write;
    tmp.write_all(before.as_bytes())
        .and_then(|()| tmp.flush())
        .map_err(|e| Error::failure("cannot write the temporary file").caused_by(e))?;
    // Ctrl-C reaches the editor; we only note it and clean up when the editor returns.
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = interrupted.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst));
    let editor = ctx
        .env("EDITOR")
        .or_else(|| ctx.env("VISUAL"))
        .unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(tmp.path())
        .status()
        .map_err(|e| Error::failure(format!("cannot run the editor {editor:?}")).caused_by(e))?;
    if interrupted.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(Error::failure("interrupted; nothing changed"));
    }
    if !status.success() {
        return Err(Error::failure(format!(
            "the editor {editor:?} failed ({status}); nothing changed"
        )));
    }
    let after = zeroize::Zeroizing::new(
        std::fs::read_to_string(tmp.path())
            .map_err(|e| Error::failure("cannot read the edited file").caused_by(e))?,
    );
    drop(tmp);
    if *after == *before {
        ctx.printer
            .status(&format!("{}: no changes", args.file.display()));
        return Ok(ExitStatus::Clean);
    }
    let edited: Value = serde_saphyr::from_str_with_options(&after, manifest::parse_options())
        .map_err(|e| {
            let (line, message) = manifest::yaml_error(&e, 1);
            Error::failure(format!(
                "the edited Secret is not valid YAML (line {line}): {message}; nothing changed"
            ))
        })?;
    let sealed = opened.reseal(edited).map_err(|e| doc_error(&doc, e))?;
    write_sealed(&args.file, &sealed)?;
    ctx.printer
        .status(&format!("sealed {} again", args.file.display()));
    Ok(ExitStatus::Clean)
}

/// The recipients a file should have now: the configuration's, else its current ones.
fn wanted_recipients(
    path: &Path,
    opened_recipients: &[String],
    ctx: &Ctx,
) -> Result<Vec<Recipient>> {
    match configured(path, ctx)? {
        Some(s) => Ok(s.recipients),
        None => parse_recipients(opened_recipients, &path.display().to_string()),
    }
}

fn run_updatekeys(args: &FilesArgs, ctx: &Ctx, rotate: bool) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    for path in &args.files {
        let (doc, opened) = open_file(path, &ids)?;
        let current: Vec<String> = opened
            .metadata
            .age
            .iter()
            .map(|a| a.recipient.clone())
            .collect();
        let wanted = wanted_recipients(path, &current, ctx)?;
        let added: Vec<&str> = wanted
            .iter()
            .map(|r| r.text.as_str())
            .filter(|r| !current.iter().any(|c| c == r))
            .collect();
        let removed: Vec<&str> = current
            .iter()
            .map(String::as_str)
            .filter(|c| !wanted.iter().any(|w| w.text == *c))
            .collect();
        let change = added
            .iter()
            .map(|r| format!("+{}", keys::short(r)))
            .chain(removed.iter().map(|r| format!("-{}", keys::short(r))))
            .collect::<Vec<_>>()
            .join(" ");
        if rotate {
            let sealed = opened.rotate(&wanted).map_err(|e| doc_error(&doc, e))?;
            write_sealed(path, &sealed)?;
            ctx.printer.data(&format!(
                "{}: new data key, {} values re-encrypted{}",
                path.display(),
                crate::seal::tree::selected_values(&opened.plaintext, &opened.metadata.rule).len(),
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
            let sealed = opened
                .rewrap(&doc.value, &wanted)
                .map_err(|e| doc_error(&doc, e))?;
            write_sealed(path, &sealed)?;
            ctx.printer
                .data(&format!("{}: recipients {change}", path.display()))?;
        }
    }
    Ok(ExitStatus::Clean)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileStatus {
    file: String,
    sealed: bool,
    recipients: Vec<String>,
    last_modified: Option<String>,
    /// `null` when no configuration names recipients for the file.
    matches_config: Option<bool>,
    error: Option<String>,
}

fn status_of(path: &Path, ctx: &Ctx) -> FileStatus {
    let mut st = FileStatus {
        file: path.display().to_string(),
        sealed: false,
        recipients: Vec::new(),
        last_modified: None,
        matches_config: None,
        error: None,
    };
    let doc = match read_one(path) {
        Ok(d) => d,
        Err(e) => {
            st.error = Some(e.message().to_string());
            return st;
        }
    };
    match document::recipients(&doc.value) {
        Ok(meta) => {
            st.sealed = true;
            st.recipients = meta.age.iter().map(|a| a.recipient.clone()).collect();
            st.last_modified = Some(meta.lastmodified.clone());
            st.matches_config = match configured(path, ctx) {
                Ok(Some(s)) => {
                    let mut want: Vec<&str> =
                        s.recipients.iter().map(|r| r.text.as_str()).collect();
                    let mut have: Vec<&str> = st.recipients.iter().map(String::as_str).collect();
                    want.sort_unstable();
                    have.sort_unstable();
                    Some(want == have)
                }
                Ok(None) => None,
                Err(e) => {
                    st.error = Some(e.message().to_string());
                    None
                }
            };
        }
        Err(DocError::NotSops) => {}
        Err(e) => st.error = Some(e.to_string()),
    }
    st
}

fn run_status(args: &FilesArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let statuses: Vec<FileStatus> = args.files.iter().map(|p| status_of(p, ctx)).collect();
    if ctx.printer.format().is_document() {
        ctx.printer
            .document(&json!({"schemaVersion": "abema.dev/seal-status/v1", "files": statuses}))?;
    } else {
        let rows = Rows {
            headers: vec![
                "FILE",
                "SEALED",
                "RECIPIENTS",
                "LAST MODIFIED",
                "MATCHES CONFIG",
            ],
            rows: statuses
                .iter()
                .map(|s| {
                    vec![
                        s.file.clone(),
                        if s.sealed { "yes" } else { "no" }.into(),
                        s.recipients
                            .iter()
                            .map(|r| keys::short(r))
                            .collect::<Vec<_>>()
                            .join(","),
                        s.last_modified.clone().unwrap_or_default(),
                        match (s.matches_config, &s.error) {
                            (_, Some(e)) => format!("error: {e}"),
                            (Some(true), _) => "yes".into(),
                            (Some(false), _) => "no".into(),
                            (None, _) => "-".into(),
                        },
                    ]
                })
                .collect(),
        };
        ctx.printer.rows(&rows)?;
    }
    Ok(ExitStatus::Clean)
}

fn run_verify(args: &FilesArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    let mut status = ExitStatus::Clean;
    for path in &args.files {
        match open_file(path, &ids) {
            Ok((_, opened)) => ctx.printer.data(&format!(
                "{}: ok ({} values, MAC verified)",
                path.display(),
                crate::seal::tree::selected_values(&opened.plaintext, &opened.metadata.rule).len()
            ))?,
            Err(e) => {
                ctx.printer.error(&e);
                status = ExitStatus::Error;
            }
        }
    }
    Ok(status)
}

fn run_keygen(args: &KeygenArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let (secret, recipient) = keys::generate();
    let file_text = zeroize::Zeroizing::new(format!(
        "# created: {}\n# public key: {recipient}\n{}\n",
        crate::seal::metadata::now_utc(),
        *secret
    ));
    match &args.out {
        Some(path) => {
            write_new_private(path, file_text.as_bytes())?;
            ctx.printer
                .status(&format!("wrote {} (mode 0600)", path.display()));
            ctx.printer.data(&recipient)?;
        }
        None => {
            ctx.printer.data(&file_text)?;
        }
    }
    if let Some(name) = &args.flux_secret {
        let ns = ctx
            .global
            .namespace
            .clone()
            .unwrap_or_else(|| "flux-system".into());
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": ns},
            "type": "Opaque", "stringData": {"age.agekey": *file_text}});
        ctx.printer.data(&format!("---\n{}", to_yaml(&secret)?))?;
    }
    Ok(ExitStatus::Clean)
}

/// Creates a 0600 file that must not exist yet.
fn write_new_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
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

/// Flux's "SOPS inside a Secret field": a plain Secret whose `data` values are base64 SOPS
/// documents (each the binary store's `{"data": ENC[...], "sops": ...}`). Opens each such value
/// and puts its content back, base64-encoded; `None` when the document is not of that kind.
fn open_nested(doc: &Doc, ids: &[Identity]) -> Result<Option<Opened>> {
    if doc.value.get("sops").is_some() || doc.value["kind"] != "Secret" {
        return Ok(None);
    }
    let Some(data) = doc.value["data"].as_object() else {
        return Ok(None);
    };
    let mut plain = doc.value.clone();
    let mut last = None;
    for (key, encoded) in data {
        let inner = encoded
            .as_str()
            .and_then(|s| STANDARD.decode(s).ok())
            .and_then(|b| {
                serde_saphyr::from_slice_with_options::<Value>(&b, manifest::parse_options()).ok()
            })
            .filter(|v| v.get("sops").is_some());
        let Some(inner) = inner else { continue };
        let opened = document::open(inner, ids).map_err(|e| doc_error(doc, e))?;
        let content = match &opened.plaintext["data"] {
            Value::String(s) => s.clone().into_bytes(),
            other => to_yaml(other)?.into_bytes(),
        };
        plain["data"][key] = Value::String(STANDARD.encode(content));
        last = Some(opened);
    }
    Ok(last.map(|mut opened| {
        opened.plaintext = plain;
        opened
    }))
}

fn run_unseal(args: &UnsealArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let ids = load_identities(&args.identities, ctx)?;
    let docs = read_docs(&args.input)?;
    let dotenv = docs.len() == 1 && crate::seal::dotenv::is_dotenv(&docs[0].text);
    let mut out = zeroize::Zeroizing::new(String::new());
    for (i, doc) in docs.iter().enumerate() {
        let opened = match open_nested(doc, &ids)? {
            Some(opened) => opened,
            None => document::open(doc.value.clone(), &ids).map_err(|e| doc_error(doc, e))?,
        };
        if args.raw {
            for (path, value) in
                crate::seal::tree::selected_values(&opened.plaintext, &opened.metadata.rule)
            {
                let name = path.rsplit('.').next().unwrap_or(&path).to_string();
                if args.key.as_ref().is_some_and(|k| *k != name && *k != path) {
                    continue;
                }
                let text = match &value {
                    Value::String(s) if path.starts_with("data.") => {
                        let bytes = STANDARD.decode(s).map_err(|_| {
                            Error::at(
                                Path::new(&doc.file),
                                line_of(doc, &path),
                                format!("{path} is not base64"),
                            )
                        })?;
                        String::from_utf8(bytes).map_err(|_| {
                            Error::usage(format!(
                                "{path} is binary; use --out or pipe through base64 -d"
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
        } else if dotenv {
            out.push_str(&crate::seal::dotenv::emit(&opened.plaintext));
        } else {
            if i > 0 {
                out.push_str("---\n");
            }
            out.push_str(&to_yaml(&opened.plaintext)?);
        }
    }
    if args.raw && args.key.is_some() && out.is_empty() {
        return Err(Error::failure(format!(
            "{}: no key {:?}",
            args.input.display(),
            args.key.clone().unwrap_or_default()
        )));
    }
    match &args.out {
        Some(path) => {
            crate::atomic::write(path, out.as_bytes())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| Error::io(path, "chmod", &e))?;
            }
            ctx.printer.status(&format!(
                "wrote plaintext to {} (mode 0600)",
                path.display()
            ));
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())?;
        }
    }
    Ok(ExitStatus::Clean)
}

// ---- check -----------------------------------------------------------------------------------

/// Checks every Secret under `paths` against the configuration (also used by `kubectl abema
/// check`).
pub fn check(paths: &[PathBuf], ctx: &Ctx) -> Result<SealCheckReport> {
    Ok(crate::seal::check::check(paths, &|path| {
        configured(path, ctx)
            .ok()
            .flatten()
            .map(|s| (s.recipients.into_iter().map(|r| r.text).collect(), s.source))
    }))
}

pub fn print_problems(report: &SealCheckReport, printer: &Printer) {
    for p in &report.errors {
        printer.problem(&p.location(), &p.message, p.hint.as_deref());
    }
}

/// Prints a check report (problems on stderr first).
pub fn print_check(report: &SealCheckReport, printer: &Printer) -> Result<()> {
    print_problems(report, printer);
    if printer.format().is_document() {
        return printer.document(report);
    }
    if !report.findings.is_empty() {
        printer.rows(&Rows {
            headers: vec!["NAME", "NAMESPACE", "RULE", "MESSAGE", "FILE:LINE"],
            rows: report
                .findings
                .iter()
                .map(|f| {
                    vec![
                        f.name.clone().unwrap_or_default(),
                        f.namespace.clone().unwrap_or_default(),
                        f.rule.into(),
                        f.message.clone(),
                        format!("{}:{}", f.file, f.line),
                    ]
                })
                .collect(),
        })?;
    }
    printer.status(&format!(
        "checked {} Secret{} in {} file{}: {} unsealed or mis-sealed",
        report.secrets,
        if report.secrets == 1 { "" } else { "s" },
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.findings.len()
    ));
    Ok(())
}

// ---- dispatch --------------------------------------------------------------------------------

pub fn run(args: &SealArgs, ctx: &Ctx) -> Result<ExitStatus> {
    match &args.command {
        None => run_seal_file(&args.file, ctx),
        Some(SealCommand::Create(a)) => run_create(a, ctx),
        Some(SealCommand::Edit(a)) => run_edit(a, ctx),
        Some(SealCommand::Set(a)) => run_set(a, ctx),
        Some(SealCommand::Unset(a)) => run_unset(a, ctx),
        Some(SealCommand::Updatekeys(a)) => run_updatekeys(a, ctx, false),
        Some(SealCommand::Rotate(a)) => run_updatekeys(a, ctx, true),
        Some(SealCommand::Status(a)) => run_status(a, ctx),
        Some(SealCommand::Verify(a)) => run_verify(a, ctx),
        Some(SealCommand::Keygen(a)) => run_keygen(a, ctx),
        Some(SealCommand::Check(a)) => {
            let report = check(&a.paths, ctx)?;
            print_check(&report, &ctx.printer)?;
            Ok(report.exit_status(a.ignore_errors))
        }
    }
}

pub fn run_unseal_command(args: &UnsealArgs, ctx: &Ctx) -> Result<ExitStatus> {
    run_unseal(args, ctx)
}
