//! `kubectl abema seal create NAME`: a sealed Secret from literals and files.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::Destination;
use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::seal::names;
use crate::seal::sealer::{self, Plain, Request, Target};

/// Create a sealed Secret from literals and files, like `kubectl create secret generic`
///
/// The plaintext never touches disk. Values go under `data` (base64), as kubectl does. The
/// Secret is bound to -n NAMESPACE and NAME (see `kubectl abema seal --help`); without -n it is
/// refused unless --no-namespace.
///
/// Exit codes: 0 sealed, 1 a file cannot be read, 2 usage (invalid name or key, no values).
///
/// Example:
///
///   kubectl abema seal create db -n shop --from-literal password=hunter2 --from-file ca.crt=./ca.pem --out db.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// Name of the Secret (a DNS-1123 subdomain: lower-case letters, digits, '-', '.')
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

pub fn run(args: &CreateArgs, ctx: &Ctx) -> Result<ExitStatus> {
    if let Some(p) = names::name_problem(&args.name) {
        return Err(Error::usage(format!(
            "{:?} is not a valid Secret name: it {p}",
            args.name
        )));
    }
    let mut data = Map::new();
    let mut add = |key: &str, bytes: &[u8], source: &str| -> Result<()> {
        if let Some(p) = sealer::key_problem(key) {
            return Err(Error::usage(format!("{source}: the key {key:?} {p}")));
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
                let key = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (key, p)
            }
        };
        let bytes = Zeroizing::new(std::fs::read(&path).map_err(|e| Error::io(&path, "read", &e))?);
        add(&key, &bytes, "--from-file")?;
    }
    for path in &args.from_env_file {
        let text =
            Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?);
        for (line, k, v) in sealer::env_lines(&text, &path.display().to_string())? {
            add(&k, v.as_bytes(), &format!("{}:{line}", path.display()))?;
        }
    }
    if data.is_empty() {
        return Err(Error::usage("nothing to put in the Secret")
            .with_hint("use --from-literal, --from-file or --from-env-file"));
    }
    let metadata = json!({"name": args.name});
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata, "type": args.secret_type, "data": data});
    let target = match (&args.dest.out_dir, &args.dest.out) {
        (Some(dir), _) => Target::Dir(dir.clone()),
        (_, Some(out)) => Target::File(out.clone()),
        _ => Target::Stdout,
    };
    let resolver = super::resolver(&args.dest.recipients, ctx)?;
    super::seal_and_write(
        Request {
            secrets: vec![Plain {
                value: secret,
                file: "the command line".into(),
                line: 0,
            }],
            target,
            multi: false,
            namespace: ctx.global.namespace.clone(),
            fan_out: Vec::new(),
            allow_no_namespace: args.dest.no_namespace,
            resolver: &resolver,
            stdout_name: ctx.cwd.join("stdin.yaml"),
        },
        ctx,
    )
}
