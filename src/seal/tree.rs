//! Walking a document the way SOPS does: which values are encrypted, their associated data
//! (map keys joined by `:` plus a trailing `:`; list indices excluded), the bytes each value
//! contributes to the MAC, and the MAC itself (research/secrets.md 2.3-2.5).

use std::collections::HashMap;

use regex::Regex;
use serde_json::{Number, Value};
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroizing;

use super::cipher::{DataKey, Sealed, ValueError};

/// Which values a file encrypts (exactly one rule per file).
#[derive(Clone, Debug)]
pub enum Rule {
    UnencryptedSuffix(String),
    EncryptedSuffix(String),
    UnencryptedRegex(Regex),
    EncryptedRegex(Regex),
}

impl Rule {
    /// `encrypted_regex: ^(data|stringData)$`: the Kubernetes convention, leaving `apiVersion`,
    /// `kind`, `metadata` and `type` readable.
    pub fn kubernetes() -> Rule {
        Rule::EncryptedRegex(Regex::new("^(data|stringData)$").unwrap_or_else(|_| unreachable!()))
    }

    /// The metadata key and value that record this rule.
    pub fn metadata_entry(&self) -> (&'static str, String) {
        match self {
            Rule::UnencryptedSuffix(s) => ("unencrypted_suffix", s.clone()),
            Rule::EncryptedSuffix(s) => ("encrypted_suffix", s.clone()),
            Rule::UnencryptedRegex(r) => ("unencrypted_regex", r.as_str().to_string()),
            Rule::EncryptedRegex(r) => ("encrypted_regex", r.as_str().to_string()),
        }
    }

    /// Builds the rule from metadata fields; `None` of them means SOPS' default
    /// (`unencrypted_suffix: _unencrypted`).
    pub fn from_fields(fields: &[(&str, Option<&str>)]) -> Result<Rule, RuleError> {
        let set: Vec<(&str, &str)> = fields
            .iter()
            .filter_map(|(k, v)| v.map(|v| (*k, v)))
            .collect();
        match set.as_slice() {
            [] => Ok(Rule::UnencryptedSuffix("_unencrypted".into())),
            [(k, v)] => {
                let regex = || {
                    Regex::new(v).map_err(|e| RuleError::InvalidRegex {
                        key: k.to_string(),
                        message: e.to_string(),
                    })
                };
                match *k {
                    "unencrypted_suffix" => Ok(Rule::UnencryptedSuffix(v.to_string())),
                    "encrypted_suffix" => Ok(Rule::EncryptedSuffix(v.to_string())),
                    "unencrypted_regex" => Ok(Rule::UnencryptedRegex(regex()?)),
                    "encrypted_regex" => Ok(Rule::EncryptedRegex(regex()?)),
                    other => Err(RuleError::Unsupported(other.to_string())),
                }
            }
            many => Err(RuleError::Several(
                many.iter().map(|(k, _)| k.to_string()).collect(),
            )),
        }
    }

    /// Whether the value at `path` (map keys only) is encrypted.
    pub fn encrypts(&self, path: &[String]) -> bool {
        match self {
            Rule::UnencryptedSuffix(s) => !path.iter().any(|k| k.ends_with(s.as_str())),
            Rule::EncryptedSuffix(s) => path.iter().any(|k| k.ends_with(s.as_str())),
            Rule::UnencryptedRegex(r) => !path.iter().any(|k| r.is_match(k)),
            Rule::EncryptedRegex(r) => path.iter().any(|k| r.is_match(k)),
        }
    }
}

/// The associated data of a value at `path`.
pub fn aad(path: &[String]) -> String {
    let mut out = String::new();
    for k in path {
        out.push_str(k);
        out.push(':');
    }
    if out.is_empty() {
        out.push(':');
    }
    out
}

/// The bytes a plaintext value is encrypted as and hashed as, with its SOPS type.
fn to_bytes(value: &Value) -> Option<(Vec<u8>, &'static str)> {
    match value {
        Value::String(s) => Some((s.as_bytes().to_vec(), "str")),
        Value::Bool(b) => Some((
            (if *b { "True" } else { "False" }).as_bytes().to_vec(),
            "bool",
        )),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some((n.to_string().into_bytes(), "int")),
        // Go's FormatFloat(f, 'f', -1, 64): shortest form, never an exponent; Rust's Display
        // of f64 prints the same digits.
        Value::Number(n) => n.as_f64().map(|f| (format!("{f}").into_bytes(), "float")),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Why decrypted bytes are not a value of their SOPS type (the type, never the bytes).
#[derive(Debug)]
enum DecodeError {
    NotUtf8(String),
    NotANumber(&'static str),
    NotFinite,
    NotABool,
    UnknownType(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotUtf8(kind) => write!(f, "a {kind} value that is not UTF-8"),
            DecodeError::NotANumber(article_kind) => {
                write!(f, "{article_kind} value that is not a number")
            }
            DecodeError::NotFinite => f.write_str("a float value that is not finite"),
            DecodeError::NotABool => f.write_str("a bool value that is not true or false"),
            DecodeError::UnknownType(kind) => write!(f, "unknown type:{kind}"),
        }
    }
}

/// Decodes decrypted bytes by their SOPS type.
fn from_bytes(bytes: &[u8], kind: &str) -> Result<Value, DecodeError> {
    let text = || std::str::from_utf8(bytes).map_err(|_| DecodeError::NotUtf8(kind.to_string()));
    Ok(match kind {
        "str" | "time" => Value::String(text()?.to_string()),
        "bytes" => Value::String(text()?.to_string()),
        "int" => {
            let t = text()?;
            t.parse::<i64>()
                .map(Value::from)
                .map_err(|_| DecodeError::NotANumber("an int"))?
        }
        "float" => {
            let f: f64 = text()?
                .parse()
                .map_err(|_| DecodeError::NotANumber("a float"))?;
            Number::from_f64(f)
                .map(Value::Number)
                .ok_or(DecodeError::NotFinite)?
        }
        "bool" => match text()? {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Value::Bool(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Value::Bool(false),
            _ => return Err(DecodeError::NotABool),
        },
        other => return Err(DecodeError::UnknownType(other.to_string())),
    })
}

/// The visitor of [`walk`]: (key path, position, the leaf).
type LeafFn<'a> = dyn FnMut(&[String], &str, &mut Value) -> Result<(), TreeError> + 'a;

/// A leaf visited in document order: its key path, its position (for the IV stash) and a
/// mutable reference to it.
fn walk(
    value: &mut Value,
    path: &mut Vec<String>,
    pointer: &mut String,
    top: bool,
    f: &mut LeafFn<'_>,
) -> Result<(), TreeError> {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if top && k == "sops" {
                    continue;
                }
                path.push(k.clone());
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(k);
                walk(v, path, pointer, false, f)?;
                pointer.truncate(len);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(v, path, pointer, false, f)?;
                pointer.truncate(len);
            }
        }
        Value::Null => {}
        leaf => f(path, pointer, leaf)?,
    }
    Ok(())
}

/// Why a set of encryption-rule fields (SOPS metadata or a creation rule) is not one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// A `*_regex` key whose value does not compile.
    InvalidRegex { key: String, message: String },
    /// A rule key this tool does not implement (the comment rules).
    Unsupported(String),
    /// More than one rule key is set; SOPS allows one.
    Several(Vec<String>),
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleError::InvalidRegex { key, message } => {
                write!(f, "{key}: invalid regular expression: {message}")
            }
            RuleError::Unsupported(key) => {
                write!(f, "{key} is not supported (comments are not kept)")
            }
            RuleError::Several(keys) => write!(
                f,
                "only one encryption rule is allowed, found {}",
                keys.join(", ")
            ),
        }
    }
}

impl std::error::Error for RuleError {}

/// An error at one value, named by its key path (never by its content).
#[derive(Debug, PartialEq, Eq)]
pub struct TreeError {
    /// Dotted key path, e.g. `stringData.password`.
    pub path: String,
    pub message: String,
}

impl TreeError {
    fn at(path: &[String], message: impl Into<String>) -> Self {
        Self {
            path: if path.is_empty() {
                "(top level)".into()
            } else {
                path.join(".")
            },
            message: message.into(),
        }
    }
}

/// Plaintexts and sealed texts of a file's values by position, so re-sealing can keep the IV
/// (and so the exact text) of every value that did not change: Git diffs show only changes.
pub type Stash = HashMap<String, (Zeroizing<Vec<u8>>, String)>;

/// The MAC of a file as it is computed over its documents in order: uppercase-hex SHA-512
/// of every value's bytes (only the encrypted ones under `mac_only_encrypted`). It also keeps
/// the readable values' bytes, in order: the part of the MAC's input an attacker can see, which
/// [`super::binding`] searches for binding markers.
pub struct Mac {
    hasher: Sha512,
    mac_only_encrypted: bool,
    readable: Vec<u8>,
}

impl Mac {
    pub fn new(mac_only_encrypted: bool) -> Self {
        let mut hasher = Sha512::new();
        if mac_only_encrypted {
            hasher.update(Sha256::digest(b"sops"));
        }
        Self {
            hasher,
            mac_only_encrypted,
            readable: Vec::new(),
        }
    }

    fn add(&mut self, bytes: &[u8], encrypted: bool) {
        if encrypted {
            self.hasher.update(bytes);
        } else if !self.mac_only_encrypted {
            self.hasher.update(bytes);
            self.readable.extend_from_slice(bytes);
        }
    }

    /// Whether readable values are covered (false under `mac_only_encrypted`).
    pub fn covers_readable_values(&self) -> bool {
        !self.mac_only_encrypted
    }

    /// The readable values' bytes seen so far, concatenated in document order.
    pub fn readable(&self) -> &[u8] {
        &self.readable
    }

    /// The MAC as SOPS stores it (uppercase hex).
    pub fn hex(&self) -> String {
        hex_upper(&self.hasher.clone().finalize())
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Encrypts every value `rule` selects, in place, feeding `mac`. Values whose plaintext at the
/// same position equals the stash's keep their text.
pub fn encrypt(
    doc: &mut Value,
    key: &DataKey,
    rule: &Rule,
    mac: &mut Mac,
    stash: &Stash,
) -> Result<(), TreeError> {
    walk(
        doc,
        &mut Vec::new(),
        &mut String::new(),
        true,
        &mut |path, pointer, value| {
            let Some((bytes, kind)) = to_bytes(value) else {
                return Ok(());
            };
            let encrypted = rule.encrypts(path);
            mac.add(&bytes, encrypted);
            if encrypted && !bytes.is_empty() {
                if let Value::String(s) = value
                    && super::cipher::is_sealed(s)
                {
                    return Err(TreeError::at(path, "is already sealed"));
                }
                let text = match stash.get(pointer) {
                    Some((old, text))
                        if **old == bytes && Sealed::parse(text).is_ok_and(|s| s.kind == kind) =>
                    {
                        text.clone()
                    }
                    _ => Sealed::seal(key, &bytes, &aad(path), kind).to_text(),
                };
                *value = Value::String(text);
            }
            Ok(())
        },
    )
}

/// Decrypts every value `rule` selects, in place, feeding `mac`; returns the stash for a later
/// [`encrypt`].
pub fn decrypt(
    doc: &mut Value,
    key: &DataKey,
    rule: &Rule,
    mac: &mut Mac,
) -> Result<Stash, TreeError> {
    let mut stash = Stash::new();
    walk(
        doc,
        &mut Vec::new(),
        &mut String::new(),
        true,
        &mut |path, pointer, value| {
            let encrypted = rule.encrypts(path);
            let sealed_text = match value {
                Value::String(s) if encrypted && !s.is_empty() => Some(s.clone()),
                _ => None,
            };
            if let Some(text) = sealed_text {
                let sealed = Sealed::parse(&text).map_err(|e| match e {
                    ValueError::Malformed(_) if !super::cipher::is_sealed(&text) => TreeError::at(
                        path,
                        "is not encrypted, but the file's rule says it must be (was it edited by hand?)",
                    ),
                    e => TreeError::at(path, e.to_string()),
                })?;
                let plain = sealed
                    .open(key, &aad(path))
                    .map_err(|e| TreeError::at(path, e.to_string()))?;
                *value = from_bytes(&plain, &sealed.kind)
                    .map_err(|e| TreeError::at(path, e.to_string()))?;
                mac.add(&plain, true);
                stash.insert(pointer.to_string(), (plain, text));
            } else if let Some((bytes, _)) = to_bytes(value) {
                mac.add(&bytes, encrypted);
            }
            Ok(())
        },
    )?;
    Ok(stash)
}

/// The values of a decrypted document the rule encrypts, by dotted path (for `--raw`,
/// `seal check` and tests).
pub fn selected_values(doc: &Value, rule: &Rule) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut copy = doc.clone();
    let _ = walk(
        &mut copy,
        &mut Vec::new(),
        &mut String::new(),
        true,
        &mut |path, _, value| {
            if rule.encrypts(path) {
                out.push((path.join("."), value.clone()));
            }
            Ok(())
        },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aad_joins_keys_with_a_trailing_colon() {
        assert_eq!(
            aad(&["stringData".into(), "password".into()]),
            "stringData:password:"
        );
        assert_eq!(aad(&[]), ":");
    }

    #[test]
    fn kubernetes_rule_leaves_metadata_readable_and_round_trips() {
        let key = super::super::cipher::new_data_key();
        let rule = Rule::kubernetes();
        let original = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
            "stringData": {"password": "hunter2", "empty": "", "port": 5432, "on": true, "ratio": 0.5}});
        let mut doc = original.clone();
        let mut mac = Mac::new(false);
        encrypt(&mut doc, &key, &rule, &mut mac, &Stash::new()).expect("encrypt");
        assert_eq!(doc["metadata"]["name"], "db");
        assert_eq!(doc["stringData"]["empty"], "");
        assert!(
            doc["stringData"]["password"]
                .as_str()
                .is_some_and(|s| s.ends_with("type:str]"))
        );
        assert!(
            doc["stringData"]["port"]
                .as_str()
                .is_some_and(|s| s.ends_with("type:int]"))
        );
        let sealed = doc.clone();
        let mut mac2 = Mac::new(false);
        let stash = decrypt(&mut doc, &key, &rule, &mut mac2).expect("decrypt");
        assert_eq!((doc, mac2.hex()), (original.clone(), mac.hex()));
        assert_eq!(mac2.readable(), b"v1Secretdb", "readable values in order");
        // Re-sealing unchanged values keeps their text.
        let mut again = original;
        encrypt(&mut again, &key, &rule, &mut Mac::new(false), &stash).expect("encrypt");
        assert_eq!(again, sealed);
    }

    #[test]
    fn rules_follow_sops() {
        let p = |s: &str| s.split('.').map(String::from).collect::<Vec<_>>();
        assert!(Rule::UnencryptedSuffix("_unencrypted".into()).encrypts(&p("a.b")));
        assert!(!Rule::UnencryptedSuffix("_unencrypted".into()).encrypts(&p("a_unencrypted.b")));
        assert!(Rule::EncryptedSuffix("_enc".into()).encrypts(&p("x_enc.y")));
        assert!(!Rule::kubernetes().encrypts(&p("metadata.name")));
        let err = Rule::from_fields(&[
            ("encrypted_regex", Some("a")),
            ("encrypted_suffix", Some("b")),
        ])
        .expect_err("two rules");
        assert!(err.to_string().contains("only one"), "{err}");
    }
}
