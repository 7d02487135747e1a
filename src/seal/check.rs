//! `seal check`: Secrets committed unsealed (plaintext `data`/`stringData` values, never shown)
//! or sealed for other recipients than the configuration names for their path.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{document, keys};
use crate::error::ExitStatus;
use crate::manifest::{self, Problem};

/// One unsealed or mis-sealed Secret.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretFinding {
    pub file: String,
    pub line: usize,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `plaintext` or `recipients`.
    pub rule: &'static str,
    pub message: String,
}

/// The JSON contract of `seal check`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SealCheckReport {
    pub schema_version: &'static str,
    pub files: usize,
    pub secrets: usize,
    pub findings: Vec<SecretFinding>,
    pub errors: Vec<Problem>,
}

impl SealCheckReport {
    pub fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        ExitStatus::of_check(self.errors.len(), self.findings.len(), ignore_errors)
    }
}

/// The recipients the configuration names for a path, and where it says so.
pub type Wanted<'a> = dyn Fn(&Path) -> Option<(Vec<String>, String)> + 'a;

/// Checks every Secret under `paths`.
pub fn check(paths: &[PathBuf], wanted: &Wanted<'_>) -> SealCheckReport {
    let (files, mut errors) = manifest::expand_inputs(paths);
    let mut findings = Vec::new();
    let mut secrets = 0;
    for input in &files {
        let text = match manifest::read_input(input) {
            Ok(t) => t,
            Err(p) => {
                errors.push(p);
                continue;
            }
        };
        let name = input.display();
        let (objects, problems) = manifest::parse_file_values(&name, &text);
        errors.extend(problems);
        for o in objects.iter().filter(|o| o.object.kind == "Secret") {
            secrets += 1;
            let finding = |rule, message: String| SecretFinding {
                file: name.clone(),
                line: o.object.source.line,
                name: o.object.name.clone(),
                namespace: o.object.namespace.clone(),
                rule,
                message,
            };
            if o.value.get("sops").is_some() {
                let Ok(meta) = document::recipients(&o.value) else {
                    continue;
                };
                let manifest::InputFile::Path(path) = input else {
                    continue;
                };
                if let Some((want, source)) = wanted(path) {
                    let mut w: Vec<&str> = want.iter().map(String::as_str).collect();
                    let mut h: Vec<&str> = meta.age.iter().map(|a| a.recipient.as_str()).collect();
                    w.sort_unstable();
                    h.sort_unstable();
                    if w != h {
                        findings.push(finding("recipients", format!(
                            "sealed for {} but {} names {}; run: kubectl abema seal updatekeys {name}",
                            h.iter().map(|r| keys::short(r)).collect::<Vec<_>>().join(", "),
                            source,
                            w.iter().map(|r| keys::short(r)).collect::<Vec<_>>().join(", ")
                        )));
                    }
                }
                continue;
            }
            let plain: Vec<String> = o
                .value
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(section, _)| *section == "data" || *section == "stringData")
                .flat_map(|(section, values)| {
                    values
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(_, v)| v.as_str().is_none_or(|t| !t.is_empty()))
                        .map(move |(k, _)| format!("{section}.{k}"))
                })
                .collect();
            if !plain.is_empty() {
                findings.push(finding("plaintext", format!(
                    "plaintext {} (values not shown); seal it: kubectl abema seal {name} --in-place",
                    plain.join(", ")
                )));
            }
        }
    }
    SealCheckReport {
        schema_version: "abema.dev/seal-check/v1",
        files: files.len(),
        secrets,
        findings,
        errors,
    }
}
