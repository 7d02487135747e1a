//! The namespace/name binding of a sealed Secret: what stops a sealed Secret from being
//! renamed or moved to another namespace after sealing.
//!
//! SOPS' MAC is a SHA-512 over the *values* of a file in document order, with no key names and
//! no separators. Rewriting readable keys (swapping `name:` and `namespace:`, turning
//! `namespace:` into `generateName:`, moving it under `labels:`) keeps every value and their
//! order, so the MAC alone does not bind a Secret to its namespace and name.
//!
//! `seal` therefore writes the annotation [`ANNOTATION`] with a self-describing value,
//! `abema.dev/v1 namespace=shop name=db`, into `metadata.annotations`. It is readable (not under
//! `data`/`stringData`), so `sops`, Flux and `sops-age` decrypt the file unchanged and keep the
//! annotation on the applied Secret. The MAC covers its value. On every open, [`verify`]:
//! - finds every occurrence of the marker `abema.dev/v1 ` in the readable part of the MAC's
//!   input (the readable values concatenated, which no edit can change without breaking the
//!   MAC, however the values are re-split or their keys renamed);
//! - requires each occurrence to be exactly one annotation value at its proper place, and every
//!   Secret of the file to carry one;
//! - compares it with the object's actual `metadata.namespace` and `metadata.name`, and refuses
//!   `generateName`.
//!
//! A file with no marker at all was sealed by another tool: it is still read, and the caller
//! says that its binding rests on the MAC alone. Under `mac_only_encrypted` readable values are
//! not covered by the MAC, so no binding can hold: the caller says so.

use serde_json::{Value, json};

use super::names;

/// The annotation that records what a Secret was sealed for.
pub const ANNOTATION: &str = "abema.dev/sealed-for";

/// The start of every binding value; searched for in the MAC's readable input.
const MARKER: &str = "abema.dev/v1 ";

/// The namespace and name a Secret was sealed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `None`: sealed with `--no-namespace`, bound to having no namespace.
    pub namespace: Option<String>,
    pub name: String,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{ns}/{}", self.name),
            None => write!(f, "{} (no namespace)", self.name),
        }
    }
}

impl Target {
    fn annotation_value(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{MARKER}namespace={ns} name={}", self.name),
            None => format!("{MARKER}name={}", self.name),
        }
    }

    fn parse(value: &str) -> Option<Target> {
        let rest = value.strip_prefix(MARKER)?;
        let mut namespace = None;
        let mut name = None;
        for field in rest.split(' ') {
            match field.split_once('=')? {
                ("namespace", v) if namespace.is_none() => namespace = Some(v.to_string()),
                ("name", v) if name.is_none() => name = Some(v.to_string()),
                _ => return None,
            }
        }
        Some(Target {
            namespace,
            name: name?,
        })
    }
}

/// Why a Secret cannot be bound, or does not match its binding. Names the document (0-based
/// index in the file) and the key path to point at; never a secret value.
#[derive(Debug, PartialEq, Eq)]
pub struct BindError {
    pub document: usize,
    /// Dotted path of the key the message is about (for the line number).
    pub path: &'static str,
    pub message: String,
    pub hint: Option<&'static str>,
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn fail(document: usize, path: &'static str, message: String) -> BindError {
    BindError {
        document,
        path,
        message,
        hint: None,
    }
}

const NO_NAMESPACE_HINT: &str = "add metadata.namespace, pass -n NAMESPACE, or pass --no-namespace to bind it to no namespace (the namespace is then chosen when it is applied, and nothing authenticates it)";

/// The actual namespace and name of a Secret, validated.
fn actual(doc: &Value, document: usize) -> Result<(Option<String>, String), BindError> {
    let meta = &doc["metadata"];
    if meta.get("generateName").is_some() {
        return Err(fail(
            document,
            "metadata.generateName",
            "a sealed Secret cannot use metadata.generateName: it is bound to one name".into(),
        ));
    }
    let name = match &meta["name"] {
        Value::String(n) => n.clone(),
        Value::Null => {
            return Err(fail(
                document,
                "metadata",
                "the Secret has no metadata.name".into(),
            ));
        }
        _ => {
            return Err(fail(
                document,
                "metadata.name",
                "metadata.name is not a string".into(),
            ));
        }
    };
    if let Some(p) = names::name_problem(&name) {
        return Err(fail(
            document,
            "metadata.name",
            format!("metadata.name {name:?} is not a valid Secret name: it {p}"),
        ));
    }
    let namespace = match &meta["namespace"] {
        Value::String(ns) => {
            if let Some(p) = names::namespace_problem(ns) {
                return Err(fail(
                    document,
                    "metadata.namespace",
                    format!("metadata.namespace {ns:?} is not a valid namespace: it {p}"),
                ));
            }
            Some(ns.clone())
        }
        Value::Null => None,
        _ => {
            return Err(fail(
                document,
                "metadata.namespace",
                "metadata.namespace is not a string".into(),
            ));
        }
    };
    Ok((namespace, name))
}

/// Validates a Secret's namespace and name and writes its binding annotation (replacing one a
/// previous seal wrote). A Secret without a namespace is refused unless `allow_no_namespace`.
pub fn bind(
    secret: &mut Value,
    document: usize,
    allow_no_namespace: bool,
) -> Result<Target, BindError> {
    let (namespace, name) = actual(secret, document)?;
    if namespace.is_none() && !allow_no_namespace {
        return Err(BindError {
            hint: Some(NO_NAMESPACE_HINT),
            ..fail(
                document,
                "metadata",
                format!(
                    "Secret {name} has no namespace; a sealed Secret is bound to its namespace and name"
                ),
            )
        });
    }
    let target = Target { namespace, name };
    let meta = &mut secret["metadata"];
    if !meta["annotations"].is_object() {
        meta["annotations"] = json!({});
    }
    meta["annotations"][ANNOTATION] = Value::String(target.annotation_value());
    Ok(target)
}

/// Whether a document is a Secret carrying a binding annotation.
pub fn is_bound(doc: &Value) -> bool {
    doc["metadata"]["annotations"][ANNOTATION].is_string()
}

/// What [`verify`] established for a file.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Every Secret is bound, and the MAC covers the bindings.
    Bound(Vec<Target>),
    /// No binding at all (sealed by another tool): only the MAC protects the Secrets.
    MacOnly,
    /// `mac_only_encrypted`: readable values are not authenticated, so nothing binds the
    /// Secrets' namespace and name; the bindings found (if any) matched.
    Unauthenticated,
    /// The file holds no Secret.
    NoSecrets,
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    if haystack.len() < needle.len() {
        return 0;
    }
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Checks the bindings of an opened file's documents against their metadata. `readable` is
/// the readable part of the MAC's input ([`super::tree::Mac::readable`]) and `authenticated`
/// whether the MAC covers it.
pub fn verify(docs: &[Value], readable: &[u8], authenticated: bool) -> Result<Status, BindError> {
    let secrets: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i]["kind"] == "Secret")
        .collect();
    let markers = if authenticated {
        count(readable, MARKER.as_bytes())
    } else {
        0
    };
    let mut bound = Vec::new();
    let mut placed = 0;
    for (i, doc) in docs.iter().enumerate() {
        let value = &doc["metadata"]["annotations"][ANNOTATION];
        if value.is_null() {
            continue;
        }
        let target = value.as_str().and_then(Target::parse).ok_or_else(|| {
            fail(
                i,
                "metadata.annotations",
                format!("the {ANNOTATION} annotation is not a binding this tool wrote"),
            )
        })?;
        if doc["kind"] != "Secret" {
            return Err(fail(
                i,
                "kind",
                format!("a {ANNOTATION} annotation on a document that is not a Secret"),
            ));
        }
        placed += 1;
        let (namespace, name) = actual(doc, i)?;
        if namespace != target.namespace || name != target.name {
            let now = Target { namespace, name };
            return Err(BindError {
                hint: Some(
                    "a sealed Secret cannot be renamed or moved; unseal it and seal it again for the new place",
                ),
                ..fail(
                    i,
                    "metadata",
                    format!("sealed for {target}, but the file now says {now}"),
                )
            });
        }
        bound.push(target);
    }
    if !authenticated {
        return Ok(if secrets.is_empty() {
            Status::NoSecrets
        } else {
            Status::Unauthenticated
        });
    }
    if markers != placed {
        return Err(BindError {
            hint: Some("the file was changed after it was sealed; re-seal it from its plaintext"),
            ..fail(
                secrets.first().copied().unwrap_or(0),
                "metadata",
                format!(
                    "the {ANNOTATION} binding was moved or removed ({markers} sealed, {placed} in place)"
                ),
            )
        });
    }
    if markers == 0 {
        return Ok(if secrets.is_empty() {
            Status::NoSecrets
        } else {
            Status::MacOnly
        });
    }
    if let Some(&i) = secrets.iter().find(|&&i| !is_bound(&docs[i])) {
        return Err(fail(
            i,
            "metadata",
            format!("this Secret has no {ANNOTATION} binding, but the file was sealed with one"),
        ));
    }
    Ok(Status::Bound(bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(meta: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": {"k": "dg=="}})
    }

    /// The readable values of documents in order, as the MAC sees them (test stand-in for
    /// `tree::Mac::readable` with the Kubernetes rule).
    fn readable(docs: &[Value]) -> Vec<u8> {
        fn walk(v: &Value, top: bool, out: &mut Vec<u8>) {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        if top && (k == "data" || k == "stringData") {
                            continue;
                        }
                        walk(v, false, out);
                    }
                }
                Value::Array(a) => a.iter().for_each(|v| walk(v, false, out)),
                Value::String(s) => out.extend_from_slice(s.as_bytes()),
                _ => {}
            }
        }
        let mut out = Vec::new();
        docs.iter().for_each(|d| walk(d, true, &mut out));
        out
    }

    #[test]
    fn bind_validates_and_records() {
        let mut s = secret(json!({"name": "db", "namespace": "shop"}));
        let t = bind(&mut s, 0, false).expect("bind");
        assert_eq!(t.to_string(), "shop/db");
        assert_eq!(
            s["metadata"]["annotations"][ANNOTATION],
            "abema.dev/v1 namespace=shop name=db"
        );
        let mut none = secret(json!({"name": "db"}));
        let err = bind(&mut none, 0, false).expect_err("no namespace");
        assert!(err.message.contains("no namespace"), "{err}");
        assert_eq!(
            bind(&mut none, 0, true).expect("allowed").to_string(),
            "db (no namespace)"
        );
        for meta in [
            json!({"name": "../../evil", "namespace": "shop"}),
            json!({"name": "db", "namespace": "/abs"}),
            json!({"name": "db", "namespace": ""}),
            json!({"generateName": "db-", "namespace": "shop"}),
            json!({"namespace": "shop"}),
        ] {
            assert!(bind(&mut secret(meta.clone()), 0, true).is_err(), "{meta}");
        }
    }

    #[test]
    fn reshuffled_metadata_is_refused() {
        let mut s = secret(json!({"name": "db", "namespace": "shop"}));
        bind(&mut s, 0, false).expect("bind");
        let docs = [s.clone()];
        assert_eq!(
            verify(&docs, &readable(&docs), true),
            Ok(Status::Bound(vec![Target {
                namespace: Some("shop".into()),
                name: "db".into()
            }]))
        );
        let original = readable(&docs);
        let annotation = s["metadata"]["annotations"].clone();
        // Each reshuffle keeps every readable value in order, so the MAC still matches.
        let attacks = [
            json!({"name": "shop", "namespace": "db", "annotations": annotation}),
            json!({"name": "db", "generateName": "shop", "annotations": annotation}),
            json!({"name": "db", "labels": {"namespace": "shop"}, "annotations": annotation}),
            json!({"name": "db", "namespace": "shop", "labels": {"x": annotation[ANNOTATION]}}),
            json!({"name": "db", "namespace": "shop", "labels": {"a": "abema.dev/v1 name", "b": "space=shop name=db"}}),
        ];
        for meta in attacks {
            let moved = [secret(meta.clone())];
            let mut stream = readable(&moved);
            if !meta["labels"]["a"].is_null() {
                // the re-split attack: same bytes, marker split across two values
                stream = original.clone();
            }
            assert!(
                verify(&moved, &stream, true).is_err(),
                "accepted a reshuffle: {meta}"
            );
        }
    }

    #[test]
    fn foreign_files_and_mac_only_files_are_told_apart() {
        let plain = [secret(json!({"name": "db", "namespace": "shop"}))];
        assert_eq!(verify(&plain, &readable(&plain), true), Ok(Status::MacOnly));
        assert_eq!(verify(&plain, b"", false), Ok(Status::Unauthenticated));
        let values = [json!({"password": "x"})];
        assert_eq!(verify(&values, b"", true), Ok(Status::NoSecrets));
    }
}
