//! `seal` and `seal create` as one operation: plaintext Secrets in, sealed files out (as text,
//! with the path each goes to; the caller writes them).
//!
//! Every Secret is validated and bound ([`super::binding`]) before anything is sealed, so a
//! path-like name never reaches a file name; `--out-dir` file names are built by
//! [`super::names::out_path`], which cannot leave the directory. Every sealed file is read back
//! with the same reader and limits `unseal` uses before it is handed out: whatever `seal`
//! writes, `unseal` and `verify` can read.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::document::{self, SealOptions};
use super::recipients::Resolver;
use super::{binding, input, names};
use crate::manifest::{MAX_FILE_BYTES, Problem};

/// A plaintext Secret and where it came from (for errors).
pub struct Plain {
    pub value: Value,
    /// The file it was read from (`-` for stdin or the command line).
    pub file: String,
    /// The document's line in that file.
    pub line: usize,
}

/// Where sealed files go.
pub enum Target {
    /// One file, printed (stdout).
    Stdout,
    /// One file at this path (`--out`, `--in-place`).
    File(PathBuf),
    /// One file per Secret, `<namespace>.<name>.yaml`, in this directory.
    Dir(PathBuf),
}

/// What to seal and how.
pub struct Request<'a> {
    pub secrets: Vec<Plain>,
    pub target: Target,
    /// Several Secrets in one file, as one `sops -e` stream (one data key, one MAC).
    pub multi: bool,
    /// `-n`: the namespace of Secrets that name none (a different one is an error).
    pub namespace: Option<String>,
    /// `--namespaces`: one copy per namespace.
    pub fan_out: Vec<String>,
    /// `--no-namespace`: allow Secrets bound to no namespace.
    pub allow_no_namespace: bool,
    pub resolver: &'a Resolver,
    /// The name to seal stdin's Secret for when the output is stdout (for `.sops.yaml`
    /// path rules): the input file, or `stdin.yaml` in the working directory.
    pub stdout_name: PathBuf,
}

/// One sealed file.
pub struct Sealed {
    /// `None`: stdout.
    pub path: Option<PathBuf>,
    pub text: String,
    pub recipients: usize,
    /// Where the recipients came from.
    pub source: String,
    /// What each Secret in it is bound to.
    pub bound: Vec<binding::Target>,
    /// A note for the user (e.g. `mac_only_encrypted`).
    pub warnings: Vec<String>,
}

/// Why sealing was refused.
#[derive(Debug)]
pub enum SealError {
    /// The command line asks for something impossible (exit 2).
    Usage(String, &'static str),
    /// An input is wrong (exit 1).
    Input(Problem),
}

impl From<Problem> for SealError {
    fn from(p: Problem) -> Self {
        SealError::Input(p)
    }
}

fn problem(secret: &Plain, message: impl Into<String>) -> Problem {
    Problem::new(&secret.file, secret.line, message)
}

/// The Secrets after `-n` and `--namespaces`, checked to be unsealed Secrets.
fn expand(req: &mut Request<'_>) -> Result<Vec<Plain>, SealError> {
    for ns in &req.fan_out {
        if let Some(p) = names::namespace_problem(ns) {
            return Err(SealError::Usage(
                format!("--namespaces: {ns:?} is not a valid namespace: it {p}"),
                "give a comma-separated list of namespace names, e.g. --namespaces shop,shop-staging",
            ));
        }
    }
    if let Some(ns) = &req.namespace
        && let Some(p) = names::namespace_problem(ns)
    {
        return Err(SealError::Usage(
            format!("-n {ns:?} is not a valid namespace: it {p}"),
            "namespaces are DNS labels: lower-case letters, digits and '-'",
        ));
    }
    let mut out = Vec::new();
    for mut secret in std::mem::take(&mut req.secrets) {
        if secret.value.get("sops").is_some() {
            return Err(problem(&secret, "already sealed (it has sops: metadata); refusing to encrypt twice")
                .with_hint("to change values use `kubectl abema seal edit|set`; to change recipients `seal updatekeys`")
                .into());
        }
        if secret.value["kind"] != "Secret" {
            let what = match (
                secret.value["kind"].as_str(),
                secret.value["metadata"]["name"].as_str(),
            ) {
                (Some(k), Some(n)) => format!("{k} {n}"),
                (Some(k), None) => k.to_string(),
                _ => "the document".to_string(),
            };
            return Err(problem(
                &secret,
                format!("{what} is not a Secret; only Secrets are sealed"),
            )
            .into());
        }
        if !secret.value["metadata"].is_object() {
            secret.value["metadata"] = json!({});
        }
        if let Some(ns) = &req.namespace {
            match secret.value["metadata"]["namespace"].as_str() {
                None => secret.value["metadata"]["namespace"] = json!(ns),
                Some(own) if own == ns => {}
                Some(own) => {
                    return Err(SealError::Usage(
                        format!(
                            "the Secret says namespace {own:?} but -n says {ns:?} ({}:{})",
                            secret.file, secret.line
                        ),
                        "drop -n, or change metadata.namespace",
                    ));
                }
            }
        }
        if req.fan_out.is_empty() {
            out.push(secret);
        } else {
            for ns in &req.fan_out {
                let mut value = secret.value.clone();
                value["metadata"]["namespace"] = json!(ns);
                out.push(Plain {
                    value,
                    file: secret.file.clone(),
                    line: secret.line,
                });
            }
        }
    }
    Ok(out)
}

/// Seals the request's Secrets into files (not yet written).
pub fn seal(mut req: Request<'_>) -> Result<Vec<Sealed>, SealError> {
    let mut secrets = expand(&mut req)?;
    let mut bound = Vec::with_capacity(secrets.len());
    for s in &mut secrets {
        let target = binding::bind(&mut s.value, 0, req.allow_no_namespace).map_err(|e| {
            let p = problem(s, e.message);
            SealError::Input(match e.hint {
                Some(h) => p.with_hint(h),
                None => p,
            })
        })?;
        bound.push(target);
    }
    // Group the Secrets into files.
    let groups: Vec<(Option<PathBuf>, Vec<usize>)> = match &req.target {
        Target::Dir(dir) => {
            let mut groups: Vec<(Option<PathBuf>, Vec<usize>)> = Vec::new();
            for (i, t) in bound.iter().enumerate() {
                let path =
                    names::out_path(dir, t.namespace.as_deref(), &t.name).ok_or_else(|| {
                        problem(
                            &secrets[i],
                            format!("{t} does not make a file name inside {}", dir.display()),
                        )
                    })?;
                if groups.iter().any(|(p, _)| p.as_ref() == Some(&path)) {
                    return Err(problem(
                        &secrets[i],
                        format!("two Secrets named {t}; each goes to {}", path.display()),
                    )
                    .into());
                }
                groups.push((Some(path), vec![i]));
            }
            groups
        }
        _ if secrets.len() > 1 && !req.multi => {
            return Err(SealError::Usage(
                format!(
                    "{} Secrets to seal: one file each needs --out-dir DIR",
                    secrets.len()
                ),
                "or pass --multi to write them as one multi-document file (one data key, as `sops -e` does)",
            ));
        }
        Target::File(path) => vec![(Some(path.clone()), (0..secrets.len()).collect())],
        Target::Stdout => vec![(None, (0..secrets.len()).collect())],
    };
    let mut out = Vec::new();
    for (path, members) in groups {
        let rule_path = path.clone().unwrap_or_else(|| req.stdout_name.clone());
        let how = req.resolver.for_target(&rule_path)?.ok_or(SealError::Usage(
            "no recipients to seal for".into(),
            "pass --recipient age1..., or add a .sops.yaml creation rule with `age:` keys, or seal.recipients in .abema.yaml",
        ))?;
        let mut warnings = Vec::new();
        if how.mac_only_encrypted {
            warnings.push(format!(
                "{} sets mac_only_encrypted: the MAC does not cover metadata, so nothing authenticates the namespace and name",
                how.source
            ));
        }
        let options = SealOptions {
            recipients: &how.recipients,
            rule: how.rule.clone(),
            mac_only_encrypted: how.mac_only_encrypted,
        };
        let first = &secrets[members[0]];
        let docs: Vec<Value> = members.iter().map(|&i| secrets[i].value.clone()).collect();
        let sealed = document::seal(docs, &options).map_err(|e| problem(first, e.to_string()))?;
        // A rule that leaves a Secret's value readable is refused: sealing must not write
        // plaintext that looks sealed.
        for (k, doc) in sealed.iter().enumerate() {
            if let Some((_, why)) = super::check::readable_values(doc, Some(&how.rule)).first() {
                return Err(
                    problem(&secrets[members[k]], format!("{why}; nothing was written"))
                        .with_hint(
                            "use encrypted_regex: ^(data|stringData)$ in the .sops.yaml rule",
                        )
                        .into(),
                );
            }
        }
        let text = crate::manifest::to_yaml_stream(&sealed)
            .map_err(|e| problem(first, format!("cannot write YAML: {e}")))?;
        read_back(first, &text)?;
        out.push(Sealed {
            path,
            text,
            recipients: how.recipients.len(),
            source: how.source,
            bound: members.iter().map(|&i| bound[i].clone()).collect(),
            warnings,
        });
    }
    Ok(out)
}

/// Refuses a sealed file the readers could not read back (size limit, parser budgets).
fn read_back(first: &Plain, text: &str) -> Result<(), Problem> {
    let limit = MAX_FILE_BYTES;
    if text.len() as u64 > limit {
        return Err(problem(
            first,
            format!(
                "the sealed file would be {:.1} MiB, over the {} MiB limit of every reader (unseal could not open it)",
                text.len() as f64 / 1048576.0,
                limit / 1048576
            ),
        )
        .with_hint("Kubernetes refuses Secrets over 1 MiB anyway; keep large files out of Secrets"));
    }
    input::parse("the sealed output".into(), text.to_string()).map_err(|p| {
        problem(
            first,
            format!(
                "the sealed file could not be read back ({}); nothing was written",
                p.message
            ),
        )
    })?;
    Ok(())
}

/// A `--from-literal` / `--from-file` / `--from-env-file` key: what `kubectl create secret`
/// accepts (letters, digits, `-`, `_`, `.`).
pub fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("is empty")
    } else if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    {
        Some("may hold only letters, digits, '-', '_' and '.'")
    } else if key == "." || key == ".." {
        Some("cannot be . or ..")
    } else {
        None
    }
}

/// The absolute path `.sops.yaml` rules are matched against for output to stdout.
pub fn stdout_name(input: &Path, cwd: &Path) -> PathBuf {
    if input.as_os_str() == "-" {
        cwd.join("stdin.yaml")
    } else {
        input.to_path_buf()
    }
}

/// The `KEY=VALUE` lines of an env file (`--from-env-file`): (line, key, value); `#` comments
/// and blank lines skipped, keys trimmed, values taken as they are.
pub fn env_lines(text: &str, file: &str) -> Result<Vec<(usize, String, String)>, Problem> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (k, v) = trimmed
            .split_once('=')
            .ok_or_else(|| Problem::new(file, n + 1, "expected KEY=VALUE"))?;
        out.push((n + 1, k.trim().to_string(), v.to_string()));
    }
    Ok(out)
}
