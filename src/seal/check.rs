//! `seal check`, the guard in front of Git: no Secret is committed with a readable value, no
//! sealed file is sealed for other recipients than the configuration names, no temporary file
//! that may hold plaintext is left in the tree, and (when an identity is at hand) every sealed
//! file opens: MAC and namespace/name binding verified.
//!
//! A Secret's `data`/`stringData` must be a mapping; in a sealed file every non-empty value
//! under them must be `ENC[...]` *and* be one the file's own `encrypted_*`/`unencrypted_*` rule
//! encrypts (a `sops --encrypted-suffix` file whose `data` is readable fails, and so does a
//! value added by hand). Values are never shown, only their key paths.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::keys::{self, Identity};
use super::recipients::Resolver;
use super::tree::Rule;
use super::{binding, cipher, document, input};
use crate::manifest::{self, InputFile, Problem};

/// Every rule a [`SecretFinding`] can name (`check`'s rule catalogue,
/// `crate::findings::rules`, has each as `secrets/RULE`).
pub const RULES: [&str; 5] = [
    "plaintext",
    "recipients",
    "integrity",
    "binding",
    "leftover",
];

/// One unsealed, mis-sealed or tampered Secret, or a leftover temporary file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretFinding {
    pub file: String,
    pub line: usize,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `plaintext`, `recipients`, `integrity`, `binding` or `leftover`.
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
    /// Sealed Secrets whose file was opened: MAC and binding verified.
    pub verified: usize,
    /// Sealed Secrets that could not be verified (no identity, or none of them a recipient).
    pub unverified: usize,
    pub findings: Vec<SecretFinding>,
    pub errors: Vec<Problem>,
    /// Why some Secrets were not verified, and other things the user should know.
    pub notes: Vec<String>,
}

/// What `seal check` needs besides the paths.
pub struct CheckOptions<'a> {
    pub resolver: &'a Resolver,
    /// Identities to verify MACs and bindings with; `None` when none are configured.
    pub identities: Option<&'a [Identity]>,
}

/// Whether a path is one of this tool's temporary files (which may hold plaintext): a
/// `.abema-*.tmp` file, or anything in or named `.abema-edit-*`.
pub fn is_leftover(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    (name.starts_with(".abema-") && name.ends_with(".tmp"))
        || path.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|c| c.starts_with(".abema-edit-"))
        })
}

fn leftovers(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            // Every file, hidden and ignored ones too: a leftover is dangerous wherever it is.
            let walker = ignore::WalkBuilder::new(path)
                .standard_filters(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            out.extend(
                walker
                    .flatten()
                    .map(ignore::DirEntry::into_path)
                    .filter(|p| is_leftover(p)),
            );
        } else if is_leftover(path) {
            out.push(path.clone());
        }
    }
    out
}

/// Key paths under `data`/`stringData` whose values are readable although they must not be:
/// (path, why). `rule`: the sealed file's rule; `None` for a file that is not sealed.
pub fn readable_values(secret: &Value, rule: Option<&Rule>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let sections = secret
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| *k == "data" || *k == "stringData");
    for (section, value) in sections {
        let section = section.as_str();
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (k, v) in map {
                    leaf_values(v, &mut vec![section.to_string(), k.clone()], rule, &mut out);
                }
            }
            _ => out.push((
                section.to_string(),
                format!("{section} is not a mapping of keys (Kubernetes rejects it; its value is not shown)"),
            )),
        }
    }
    out
}

fn leaf_values(
    value: &Value,
    path: &mut Vec<String>,
    rule: Option<&Rule>,
    out: &mut Vec<(String, String)>,
) {
    match value {
        Value::Null => {}
        Value::String(s) if s.is_empty() => {}
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                leaf_values(v, path, rule, out);
                path.pop();
            }
        }
        Value::Array(items) => items.iter().for_each(|v| leaf_values(v, path, rule, out)),
        leaf => {
            let dotted = path.join(".");
            let sealed = leaf.as_str().is_some_and(cipher::is_sealed);
            match rule {
                None => out.push((dotted.clone(), format!("{dotted} is plaintext"))),
                Some(rule) if !rule.encrypts(path) => {
                    let (key, pattern) = rule.metadata_entry();
                    out.push((
                        dotted.clone(),
                        format!(
                            "{dotted} is stored readable: the file's rule ({key}: {pattern}) does not encrypt it"
                        ),
                    ));
                }
                Some(_) if !sealed => out.push((
                    dotted.clone(),
                    format!("{dotted} is not encrypted, though the file's rule encrypts it (added by hand?)"),
                )),
                Some(_) => {}
            }
        }
    }
}

/// Per file: read, then check every Secret document.
struct FileCheck<'a> {
    report: &'a mut SealCheckReport,
    options: &'a CheckOptions<'a>,
}

impl FileCheck<'_> {
    fn finding(
        &mut self,
        file: &str,
        line: usize,
        secret: Option<&Value>,
        rule: &'static str,
        message: String,
    ) {
        debug_assert!(RULES.contains(&rule), "{rule} is not in RULES");
        let meta = secret.map(|s| &s["metadata"]);
        let text = |k: &str| meta.and_then(|m| m[k].as_str()).map(str::to_string);
        self.report.findings.push(SecretFinding {
            file: file.to_string(),
            line,
            name: text("name"),
            namespace: text("namespace"),
            rule,
            message,
        });
    }

    fn text(&mut self, name: &str, text: String) {
        let file = match input::parse(name.to_string(), text) {
            Ok(f) => f,
            Err(p) => {
                // Not YAML at all, or empty: only a problem if it was meant to be a manifest.
                if !p.message.starts_with("no YAML document") {
                    self.report.errors.push(p);
                }
                return;
            }
        };
        // Sealed documents grouped by their `sops:` block: one group is one `sops -e` stream.
        let mut streams: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, doc) in file.docs.iter().enumerate() {
            let value = &doc.value;
            // A `List`'s items, a top-level sequence's (or JSON array's) elements, or the
            // document itself: every place the manifest reader finds objects.
            let items: Vec<&Value> = match (value, value["items"].as_array()) {
                (Value::Array(elements), _) => elements.iter().collect(),
                (_, Some(items)) if value["kind"].as_str().is_some_and(|k| k.ends_with("List")) => {
                    items.iter().collect()
                }
                _ => vec![value],
            };
            for item in items.into_iter().filter(|v| v["kind"] == "Secret") {
                self.report.secrets += 1;
                self.secret(&file, i, item, &mut streams);
            }
        }
        for docs in streams.values() {
            self.verify(&file, docs);
        }
    }

    fn secret(
        &mut self,
        file: &input::SealFile,
        i: usize,
        secret: &Value,
        streams: &mut BTreeMap<String, Vec<usize>>,
    ) {
        let name = &file.name;
        if secret.get("sops").is_none() {
            let paths = readable_values(secret, None);
            if !paths.is_empty() {
                let keys: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
                self.finding(
                    name,
                    file.line_of(i, &paths[0].0),
                    Some(secret),
                    "plaintext",
                    format!(
                        "plaintext {} (values not shown); seal it: kubectl abema seal {name} --in-place",
                        keys.join(", ")
                    ),
                );
            }
            return;
        }
        let meta = match document::recipients(secret) {
            Ok(m) => m,
            Err(e) => {
                self.finding(
                    name,
                    file.line_of(i, "sops"),
                    Some(secret),
                    "integrity",
                    e.to_string(),
                );
                return;
            }
        };
        for (path, why) in readable_values(secret, Some(&meta.rule)) {
            self.finding(
                name,
                file.line_of(i, &path),
                Some(secret),
                "plaintext",
                format!("{why}; values not shown"),
            );
        }
        if binding::is_bound(secret)
            && let Err(e) = binding::verify(std::slice::from_ref(secret), b"", false)
        {
            self.finding(
                name,
                file.line_of(i, e.path),
                Some(secret),
                "binding",
                e.message,
            );
        }
        if name != "-" {
            match self.options.resolver.configured(Path::new(name)) {
                Ok(Some(want)) => {
                    let mut w: Vec<&str> =
                        want.recipients.iter().map(|r| r.text.as_str()).collect();
                    let mut h: Vec<&str> = meta.age.iter().map(|a| a.recipient.as_str()).collect();
                    w.sort_unstable();
                    h.sort_unstable();
                    if w != h {
                        let short = |v: &[&str]| {
                            v.iter()
                                .map(|r| keys::short(r))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        self.finding(name, file.line_of(i, "sops"), Some(secret), "recipients", format!(
                            "sealed for {} but {} names {}; run: kubectl abema seal updatekeys {name}",
                            short(&h), want.source, short(&w)
                        ));
                    }
                }
                Ok(None) => {}
                Err(p) => self.report.errors.push(p),
            }
        }
        streams
            .entry(secret["sops"].to_string())
            .or_default()
            .push(i);
    }

    fn verify(&mut self, file: &input::SealFile, docs: &[usize]) {
        let Some(identities) = self.options.identities else {
            self.report.unverified += docs.len();
            return;
        };
        let values: Vec<Value> = docs.iter().map(|&i| file.docs[i].value.clone()).collect();
        match document::open(values, identities) {
            Ok(opened) => {
                self.report.verified += docs.len();
                if opened.binding == binding::Status::MacOnly {
                    self.report.notes.push(format!(
                        "{}: sealed by another tool: its namespace and name are bound by the MAC alone",
                        file.name
                    ));
                }
                if opened.binding == binding::Status::Unauthenticated {
                    self.report.notes.push(format!(
                        "{}: mac_only_encrypted: its namespace and name are not authenticated",
                        file.name
                    ));
                }
            }
            Err(document::DocError::Key(e @ keys::UnwrapError::NoMatch { .. })) => {
                self.report.unverified += docs.len();
                self.report
                    .notes
                    .push(format!("{}: not verified: {e}", file.name));
            }
            Err(e) => {
                let doc = docs[e.document().unwrap_or(0).min(docs.len() - 1)];
                let rule = if matches!(e, document::DocError::Binding(_)) {
                    "binding"
                } else {
                    "integrity"
                };
                let problem = file.problem_in(e, Some(docs));
                let secret = file.docs[doc].value.clone();
                self.finding(
                    &file.name,
                    problem.line,
                    Some(&secret),
                    rule,
                    problem.message,
                );
            }
        }
    }
}

/// Checks every Secret under `paths`.
pub fn check(paths: &[PathBuf], options: &CheckOptions<'_>) -> SealCheckReport {
    let (files, errors) = manifest::expand_inputs(paths);
    let mut checker = Checker::new(options, paths);
    for input in files.iter().filter(|f| match f {
        InputFile::Path(p) => !is_leftover(p),
        InputFile::Stdin => true,
    }) {
        match manifest::read_input(input) {
            Ok(text) => checker.text(&input.display(), text),
            Err(p) => checker.report.errors.push(p),
        }
    }
    checker.finish(files.len(), errors)
}

/// A `seal check` report built file by file: [`check`] reads the files, `kubectl abema
/// check` hands over the texts it already read (only their Secret documents) and takes the
/// findings out as they come.
pub struct Checker<'a> {
    report: SealCheckReport,
    options: &'a CheckOptions<'a>,
}

impl<'a> Checker<'a> {
    /// A checker over `paths`; its first findings are the leftover temporary files under
    /// them (every file, hidden and ignored ones too).
    pub fn new(options: &'a CheckOptions<'a>, paths: &[PathBuf]) -> Self {
        let findings = leftovers(paths)
            .into_iter()
            .map(|leftover| SecretFinding {
                file: leftover.display().to_string(),
                line: 0,
                name: None,
                namespace: None,
                rule: "leftover",
                message: format!(
                    "a temporary file of kubectl-abema, which may hold plaintext, was left behind; delete it: rm -r {}",
                    leftover.display()
                ),
            })
            .collect();
        Self {
            report: SealCheckReport {
                schema_version: "abema.dev/seal-check/v1",
                files: 0,
                secrets: 0,
                verified: 0,
                unverified: 0,
                findings,
                errors: Vec::new(),
                notes: Vec::new(),
            },
            options,
        }
    }

    /// The findings so far, taken out of the report (`check` spools them as they come).
    pub fn take_findings(&mut self) -> Vec<SecretFinding> {
        std::mem::take(&mut self.report.findings)
    }

    /// Checks the Secrets of one file's text (`name` as the user would name the file).
    pub fn text(&mut self, name: &str, text: String) {
        FileCheck {
            report: &mut self.report,
            options: self.options,
        }
        .text(name, text);
    }

    /// The report: `files` read, the walk's `errors` first.
    pub fn finish(self, files: usize, errors: Vec<Problem>) -> SealCheckReport {
        let mut report = self.report;
        report.files = files;
        report.errors.splice(0..0, errors);
        if self.options.identities.is_none() && report.unverified > 0 {
            report.notes.push(format!(
                "{} sealed Secret{} not verified (MAC and binding): no identity; set SOPS_AGE_KEY_FILE or pass --identity",
                report.unverified,
                if report.unverified == 1 { "" } else { "s" }
            ));
        }
        report
    }
}

impl SecretFinding {
    /// The finding in `check`'s one model: every Secret finding is an error.
    pub fn to_check_finding(&self) -> crate::findings::Finding {
        crate::findings::Finding {
            check: <SealCheckReport as crate::findings::Findings>::CHECK,
            rule: self.rule.to_string(),
            severity: crate::findings::Severity::Error,
            kind: "Secret".into(),
            name: self.name.clone(),
            namespace: self.namespace.clone(),
            file: self.file.clone(),
            line: self.line,
            message: self.message.clone(),
            via: None,
            hint: None,
        }
    }
}

impl crate::findings::Findings for SealCheckReport {
    const CHECK: &'static str = "secrets";

    fn findings(&self) -> Vec<crate::findings::Finding> {
        self.findings
            .iter()
            .map(SecretFinding::to_check_finding)
            .collect()
    }

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn summary(&self) -> Value {
        serde_json::json!({
            "files": self.files,
            "secrets": self.secrets,
            "verified": self.verified,
            "unverified": self.unverified,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn readable_values_follow_the_files_rule() {
        let k8s = Rule::kubernetes();
        let sealed = "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]";
        let ok = json!({"data": {"a": sealed, "empty": ""}, "stringData": null});
        assert!(readable_values(&ok, Some(&k8s)).is_empty());
        let leaked = json!({"data": {"a": sealed}, "stringData": {"leaked": "hunter2"}});
        let found = readable_values(&leaked, Some(&k8s));
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("hunter2"));
        let suffix = Rule::EncryptedSuffix("_secret".into());
        let plain_data = json!({"data": {"password": "cGxhaW4="}});
        assert!(
            readable_values(&plain_data, Some(&suffix))[0]
                .1
                .contains("does not encrypt")
        );
        let scalar = json!({"data": "s3cr3t"});
        let found = readable_values(&scalar, Some(&k8s));
        assert!(found[0].1.contains("not a mapping") && !found[0].1.contains("s3cr3t"));
        assert_eq!(readable_values(&json!({"data": {"n": 5}}), None).len(), 1);
    }

    #[test]
    fn leftover_names() {
        assert!(is_leftover(Path::new("a/.abema-0123.tmp")));
        assert!(is_leftover(Path::new(".abema-edit-x1")));
        assert!(is_leftover(Path::new("repo/.abema-edit-x1/db.yaml")));
        assert!(!is_leftover(Path::new("abema.tmp")));
        assert!(!is_leftover(Path::new(".abema.yaml")));
    }
}
