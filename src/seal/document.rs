//! Sealing and opening a SOPS file: one data key, its wrapped copies, the values of every
//! document and one MAC over all of them, as `sops` writes a multi-document YAML file (each
//! document carries the same `sops:` block). The MAC covers every value (readable ones too,
//! unless `mac_only_encrypted`); what it does and does not bind is in [`super::binding`].

use serde_json::Value;

use super::binding::{self, BindError};
use super::cipher::{DataKey, Sealed, new_data_key};
use super::keys::{self, Identity, Recipient, UnwrapError, WrapError, Wrapped};
use super::metadata::{AgeEntry, Metadata, MetadataError, SOPS_VERSION, normalize_time, now_utc};
use super::tree::{self, Mac, Rule, Stash, TreeError};

/// Why a file could not be sealed or opened. Messages never contain secret values.
#[derive(Debug)]
pub enum DocError {
    NotSops,
    AlreadySealed,
    NotAMapping,
    Metadata(MetadataError),
    Key(UnwrapError),
    Recipient(WrapError),
    /// A value could not be sealed or opened (document index, error).
    Value(usize, TreeError),
    MacMismatch,
    Binding(BindError),
    /// A multi-document file whose documents do not share one `sops:` block (document index).
    MixedStream(usize),
    /// A nested sealed file's plaintext could not be written as YAML.
    Yaml(crate::manifest::YamlError),
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::NotSops => f.write_str("not a SOPS-encrypted document (no sops: metadata)"),
            DocError::AlreadySealed => {
                f.write_str("already sealed (it has sops: metadata); refusing to encrypt twice")
            }
            DocError::NotAMapping => f.write_str("the document is not a mapping"),
            DocError::Metadata(m) => write!(f, "invalid SOPS metadata: {m}"),
            DocError::Key(e) => e.fmt(f),
            DocError::Recipient(e) => e.fmt(f),
            DocError::Value(_, e) => write!(f, "{}: {}", e.path, e.message),
            DocError::MacMismatch => f.write_str(
                "the file was changed after it was sealed (metadata or a value); re-seal it",
            ),
            DocError::Binding(e) => e.fmt(f),
            DocError::MixedStream(i) => write!(
                f,
                "document {} does not share the sops: metadata of the first; a sealed file is one Secret, or one `sops -e` stream",
                i + 1
            ),
            DocError::Yaml(e) => write!(f, "cannot write YAML: {e}"),
        }
    }
}

impl DocError {
    /// The 0-based document the error is about, where it is about one.
    pub fn document(&self) -> Option<usize> {
        match self {
            DocError::Value(i, _) | DocError::MixedStream(i) => Some(*i),
            DocError::Binding(e) => Some(e.document),
            _ => None,
        }
    }
}

/// How to seal: recipients and the encryption rule.
pub struct SealOptions<'a> {
    pub recipients: &'a [Recipient],
    pub rule: Rule,
    pub mac_only_encrypted: bool,
}

/// An opened file: the plaintext of each document and what is needed to seal it again with
/// the same key.
pub struct Opened {
    pub plaintexts: Vec<Value>,
    pub key: DataKey,
    pub metadata: Metadata,
    stashes: Vec<Stash>,
    /// What binds the Secrets to their namespace and name.
    pub binding: binding::Status,
}

fn wrap_all(key: &DataKey, recipients: &[Recipient]) -> Result<Vec<AgeEntry>, DocError> {
    recipients
        .iter()
        .map(|r| {
            Ok(AgeEntry {
                recipient: r.text.clone(),
                enc: r.wrap(key).map_err(DocError::Recipient)?,
            })
        })
        .collect()
}

/// Encrypts the documents with `key` under one MAC, and writes the same fresh `lastmodified`,
/// MAC and metadata block into each.
fn encrypt_with(
    mut docs: Vec<Value>,
    key: &DataKey,
    mut metadata: Metadata,
    stashes: &[Stash],
) -> Result<Vec<Value>, DocError> {
    let mut mac = Mac::new(metadata.mac_only_encrypted);
    let empty = Stash::new();
    for (i, doc) in docs.iter_mut().enumerate() {
        if !doc.is_object() {
            return Err(DocError::NotAMapping);
        }
        let stash = stashes.get(i).unwrap_or(&empty);
        tree::encrypt(doc, key, &metadata.rule, &mut mac, stash)
            .map_err(|e| DocError::Value(i, e))?;
    }
    metadata.lastmodified = now_utc();
    metadata.mac = Sealed::seal(key, mac.hex().as_bytes(), &metadata.lastmodified, "str").to_text();
    let block = metadata.to_value();
    for doc in &mut docs {
        if let Value::Object(map) = doc {
            map.insert("sops".into(), block.clone());
        }
    }
    Ok(docs)
}

/// Seals plaintext documents into one file with a new data key.
pub fn seal(docs: Vec<Value>, options: &SealOptions<'_>) -> Result<Vec<Value>, DocError> {
    if docs.iter().any(|d| d.get("sops").is_some()) {
        return Err(DocError::AlreadySealed);
    }
    let key = new_data_key();
    let metadata = Metadata {
        age: wrap_all(&key, options.recipients)?,
        lastmodified: String::new(),
        mac: String::new(),
        rule: options.rule.clone(),
        mac_only_encrypted: options.mac_only_encrypted,
        version: SOPS_VERSION.into(),
        other: Default::default(),
        in_key_group: false,
    };
    encrypt_with(docs, &key, metadata, &[])
}

/// The recipients of a sealed document, without any key.
pub fn recipients(doc: &Value) -> Result<Metadata, DocError> {
    Metadata::read(doc)
        .map_err(DocError::Metadata)?
        .ok_or(DocError::NotSops)
}

/// Opens a sealed file: unwraps the data key, decrypts every value of every document, verifies
/// the MAC and the namespace/name bindings. Every document must carry the same `sops:` block.
pub fn open(mut docs: Vec<Value>, identities: &[Identity]) -> Result<Opened, DocError> {
    let first = docs.first().ok_or(DocError::NotSops)?;
    let metadata = recipients(first)?;
    let block = first["sops"].clone();
    if let Some(i) = docs.iter().position(|d| d["sops"] != block) {
        return Err(DocError::MixedStream(i));
    }
    let wrapped: Vec<Wrapped<'_>> = metadata
        .age
        .iter()
        .map(|a| Wrapped {
            recipient: &a.recipient,
            enc: &a.enc,
        })
        .collect();
    if wrapped.is_empty() {
        return Err(DocError::Metadata(MetadataError::NoAgeRecipients));
    }
    let key = keys::unwrap(&wrapped, identities).map_err(DocError::Key)?;
    let mut mac = Mac::new(metadata.mac_only_encrypted);
    let mut stashes = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter_mut().enumerate() {
        if let Value::Object(map) = doc {
            map.remove("sops");
        }
        stashes.push(
            tree::decrypt(doc, &key, &metadata.rule, &mut mac)
                .map_err(|e| DocError::Value(i, e))?,
        );
    }
    let stamp = normalize_time(&metadata.lastmodified).map_err(DocError::Metadata)?;
    let stored = Sealed::parse(&metadata.mac)
        .map_err(|e| DocError::Metadata(MetadataError::Mac(e)))?
        .open(&key, &stamp)
        .map_err(|_| DocError::MacMismatch)?;
    if !stored.eq_ignore_ascii_case(mac.hex().as_bytes()) {
        return Err(DocError::MacMismatch);
    }
    let binding = binding::verify(&docs, mac.readable(), mac.covers_readable_values())
        .map_err(DocError::Binding)?;
    Ok(Opened {
        plaintexts: docs,
        key,
        metadata,
        stashes,
        binding,
    })
}

impl Opened {
    /// Seals `plaintexts` again with the same data key and recipients; values that did not
    /// change keep their exact text (same IV), so a Git diff shows only what changed. Secrets
    /// that were bound are bound again to their (possibly edited) namespace and name.
    pub fn reseal(&self, mut plaintexts: Vec<Value>) -> Result<Vec<Value>, DocError> {
        if matches!(self.binding, binding::Status::Bound(_)) {
            for (i, doc) in plaintexts.iter_mut().enumerate() {
                if doc["kind"] == "Secret" {
                    let was_namespaced = self
                        .plaintexts
                        .get(i)
                        .is_none_or(|d| d["metadata"]["namespace"].is_string());
                    binding::bind(doc, i, !was_namespaced).map_err(DocError::Binding)?;
                }
            }
        }
        encrypt_with(plaintexts, &self.key, self.metadata.clone(), &self.stashes)
    }

    /// Re-wraps the same data key for `recipients` (values untouched): `updatekeys`.
    /// Entries for recipients that stay are kept byte for byte.
    pub fn rewrap(
        &self,
        sealed: &[Value],
        recipients: &[Recipient],
    ) -> Result<Vec<Value>, DocError> {
        let mut age = Vec::new();
        for r in recipients {
            match self.metadata.age.iter().find(|a| a.recipient == r.text) {
                Some(existing) => age.push(existing.clone()),
                None => age.extend(wrap_all(&self.key, std::slice::from_ref(r))?),
            }
        }
        let mut metadata = self.metadata.clone();
        metadata.age = age;
        let block = metadata.to_value();
        let mut out = sealed.to_vec();
        for doc in &mut out {
            if let Value::Object(map) = doc {
                map.insert("sops".into(), block.clone());
            }
        }
        Ok(out)
    }

    /// A new data key, every value encrypted again: `rotate`.
    pub fn rotate(&self, recipients: &[Recipient]) -> Result<Vec<Value>, DocError> {
        let key = new_data_key();
        let mut metadata = self.metadata.clone();
        metadata.age = wrap_all(&key, recipients)?;
        encrypt_with(self.plaintexts.clone(), &key, metadata, &[])
    }

    /// The number of values the file's rule encrypts, over all documents.
    pub fn sealed_values(&self) -> usize {
        self.plaintexts
            .iter()
            .map(|d| tree::selected_values(d, &self.metadata.rule).len())
            .sum()
    }
}

/// Flux's "SOPS inside a Secret field": a plain Secret whose `data` values are base64 SOPS
/// documents (each the binary store's `{"data": ENC[...], "sops": ...}` or a YAML/JSON
/// document). Opens each such value and puts its content back, base64-encoded; `None` when the
/// document is not of that kind.
pub fn open_nested(doc: &Value, identities: &[Identity]) -> Result<Option<Value>, DocError> {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    if doc.get("sops").is_some() || doc["kind"] != "Secret" {
        return Ok(None);
    }
    let Some(data) = doc["data"].as_object() else {
        return Ok(None);
    };
    let mut plain = doc.clone();
    let mut any = false;
    for (key, encoded) in data {
        let inner = encoded
            .as_str()
            .and_then(|s| STANDARD.decode(s).ok())
            .and_then(|b| {
                serde_saphyr::from_slice_with_options::<Value>(&b, crate::manifest::parse_options())
                    .ok()
            })
            .filter(|v| v.get("sops").is_some());
        let Some(inner) = inner else { continue };
        let mut opened = open(vec![inner], identities)?;
        let inner = opened.plaintexts.remove(0);
        let content = match &inner["data"] {
            Value::String(s) if inner.as_object().is_some_and(|m| m.len() == 1) => {
                s.clone().into_bytes()
            }
            _ => crate::manifest::to_yaml(&inner)
                .map_err(DocError::Yaml)?
                .into_bytes(),
        };
        plain["data"][key] = Value::String(STANDARD.encode(content));
        any = true;
    }
    Ok(any.then_some(plain))
}

/// `KEY` of `seal set|unset`: `data.NAME`, `stringData.NAME`, or `NAME` (data when data has
/// it, else stringData).
pub fn value_path(secret: &Value, key: &str) -> (String, String) {
    match key.split_once('.') {
        Some((section @ ("data" | "stringData"), name)) => (section.to_string(), name.to_string()),
        _ if secret["data"].get(key).is_some() => ("data".into(), key.to_string()),
        _ => ("stringData".into(), key.to_string()),
    }
}

impl Opened {
    /// The one document of a file that `set`/`unset` change (the file is named in the error).
    pub fn single(&self, path: &std::path::Path) -> Result<Value, super::sealer::SealError> {
        match self.plaintexts.as_slice() {
            [doc] => Ok(doc.clone()),
            docs => Err(super::sealer::SealError::Usage(
                format!(
                    "{} holds {} documents; set and unset change a file of one Secret",
                    path.display(),
                    docs.len()
                ),
                "use `kubectl abema seal edit` for a multi-document file",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pair() -> (Vec<Recipient>, Vec<Identity>) {
        let (secret, public) = keys::generate();
        (
            vec![Recipient::parse(&public).expect("recipient")],
            keys::parse_identities(&secret, "test").expect("identity"),
        )
    }

    fn secret() -> Value {
        let mut s = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "shop"},
               "type": "Opaque", "stringData": {"password": "hunter2"}, "data": {"token": "c2VjcmV0"}});
        binding::bind(&mut s, 0, false).expect("bind");
        s
    }

    fn options(recipients: &[Recipient]) -> SealOptions<'_> {
        SealOptions {
            recipients,
            rule: Rule::kubernetes(),
            mac_only_encrypted: false,
        }
    }

    fn seal_one(doc: Value, recipients: &[Recipient]) -> Value {
        seal(vec![doc], &options(recipients))
            .expect("seal")
            .remove(0)
    }

    #[test]
    fn seal_open_and_bindings() {
        let (recipients, identities) = pair();
        let sealed = seal_one(secret(), &recipients);
        assert!(
            !serde_json::to_string(&sealed)
                .expect("json")
                .contains("hunter2")
        );
        assert!(matches!(
            seal(vec![sealed.clone()], &options(&recipients)),
            Err(DocError::AlreadySealed)
        ));
        let opened = open(vec![sealed.clone()], &identities).expect("open");
        assert_eq!(opened.plaintexts, [secret()]);
        assert!(matches!(opened.binding, binding::Status::Bound(_)));
        // Moving the sealed Secret to another namespace breaks the MAC.
        let mut moved = sealed.clone();
        moved["metadata"]["namespace"] = json!("other");
        assert!(matches!(
            open(vec![moved], &identities),
            Err(DocError::MacMismatch)
        ));
        // Swapping the keys of name and namespace keeps the MAC but not the binding.
        let mut swapped_keys = sealed.clone();
        swapped_keys["metadata"] = json!({"namespace": "db", "name": "shop",
            "annotations": sealed["metadata"]["annotations"]});
        assert!(matches!(
            open(vec![swapped_keys], &identities),
            Err(DocError::Binding(_))
        ));
        // Swapping two values breaks their associated data, naming the path.
        let mut swapped = sealed.clone();
        let (a, b) = (
            swapped["stringData"]["password"].clone(),
            swapped["data"]["token"].clone(),
        );
        swapped["stringData"]["password"] = b;
        swapped["data"]["token"] = a;
        match open(vec![swapped], &identities) {
            Err(DocError::Value(0, e)) => assert_eq!(e.path, "stringData.password"),
            other => panic!("{:?}", other.err()),
        }
        // The wrong identity is named as such.
        let (_, others) = pair();
        let err = open(vec![sealed], &others).err().expect("wrong key");
        assert!(
            err.to_string()
                .starts_with("none of your 1 identity matches"),
            "{err}"
        );
    }

    #[test]
    fn a_stream_shares_one_key_and_one_mac() {
        let (recipients, identities) = pair();
        let mut other = secret();
        other["metadata"]["name"] = json!("api");
        binding::bind(&mut other, 1, false).expect("bind");
        let sealed = seal(vec![secret(), other.clone()], &options(&recipients)).expect("seal");
        assert_eq!(sealed[0]["sops"], sealed[1]["sops"]);
        let opened = open(sealed.clone(), &identities).expect("open");
        assert_eq!(opened.plaintexts, [secret(), other]);
        // Dropping or reordering a document breaks the MAC.
        assert!(open(vec![sealed[0].clone()], &identities).is_err());
        assert!(open(vec![sealed[1].clone(), sealed[0].clone()], &identities).is_err());
        // Documents sealed apart cannot be read as one stream.
        let lone = seal_one(secret(), &recipients);
        assert!(matches!(
            open(vec![lone, sealed[1].clone()], &identities),
            Err(DocError::MixedStream(1))
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any Secret (names, namespaces, keys and values of any characters) opens to exactly
        /// what was sealed.
        #[test]
        fn any_secret_round_trips(
            name in "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,2}",
            namespace in proptest::option::of("[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?"),
            data in proptest::collection::btree_map("[A-Za-z0-9._-]{1,12}", ".{0,40}", 0..6),
            string_data in proptest::collection::btree_map("[A-Za-z0-9._-]{1,12}", "\\PC{0,40}", 0..6),
        ) {
            let (recipients, identities) = pair();
            let mut metadata = json!({"name": name});
            if let Some(ns) = namespace {
                metadata["namespace"] = json!(ns);
            }
            let mut secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata,
                "data": data, "stringData": string_data});
            binding::bind(&mut secret, 0, true).expect("bind");
            let sealed = seal_one(secret.clone(), &recipients);
            let text = crate::manifest::to_yaml(&sealed).expect("yaml");
            let reread: Value = serde_saphyr::from_str(&text).expect("reads back");
            proptest::prop_assert_eq!(open(vec![reread], &identities).expect("open").plaintexts, vec![secret]);
        }
    }

    #[test]
    fn reseal_keeps_unchanged_values_and_rewrap_keeps_values() {
        let (recipients, identities) = pair();
        let sealed = seal_one(secret(), &recipients);
        let opened = open(vec![sealed.clone()], &identities).expect("open");
        let mut changed = secret();
        changed["stringData"]["password"] = json!("correct horse");
        let resealed = opened.reseal(vec![changed.clone()]).expect("reseal");
        assert_eq!(
            resealed[0]["data"]["token"], sealed["data"]["token"],
            "unchanged value keeps its IV"
        );
        assert_ne!(
            resealed[0]["stringData"]["password"],
            sealed["stringData"]["password"]
        );
        assert_eq!(
            open(resealed, &identities).expect("open").plaintexts,
            [changed]
        );
        // An edit that renames the Secret binds it to the new name.
        let mut renamed = secret();
        renamed["metadata"]["name"] = json!("db2");
        let resealed = opened.reseal(vec![renamed]).expect("reseal");
        let reopened = open(resealed, &identities).expect("open");
        assert_eq!(
            reopened.plaintexts[0]["metadata"]["annotations"][binding::ANNOTATION],
            "abema.dev/v1 namespace=shop name=db2"
        );
        let (more, more_ids) = pair();
        let all: Vec<Recipient> = recipients.into_iter().chain(more).collect();
        let rewrapped = opened
            .rewrap(std::slice::from_ref(&sealed), &all)
            .expect("rewrap");
        assert_eq!(rewrapped[0]["stringData"], sealed["stringData"]);
        assert_eq!(
            open(rewrapped, &more_ids)
                .expect("new key opens")
                .plaintexts,
            [secret()]
        );
        let rotated = opened.rotate(&all).expect("rotate");
        assert_ne!(rotated[0]["data"]["token"], sealed["data"]["token"]);
        assert_eq!(
            open(rotated, &identities).expect("open").plaintexts,
            [secret()]
        );
    }
}
