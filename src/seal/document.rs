//! Sealing and opening one SOPS document: the data key, its wrapped copies, the values and
//! the MAC, which covers every value (readable ones too, unless `mac_only_encrypted`), so a
//! Secret moved to another namespace or renamed after sealing no longer opens.

use serde_json::Value;

use super::cipher::{DataKey, Sealed, new_data_key};
use super::keys::{self, Identity, Recipient, UnwrapError, Wrapped};
use super::metadata::{AgeEntry, Metadata, SOPS_VERSION, normalize_time, now_utc};
use super::tree::{self, Rule, Stash, TreeError, TreeOptions};

/// Why a document could not be sealed or opened. Messages never contain secret values.
#[derive(Debug)]
pub enum DocError {
    NotSops,
    AlreadySealed,
    NotAMapping,
    Metadata(String),
    Key(UnwrapError),
    Recipient(String),
    Value(TreeError),
    MacMismatch,
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
            DocError::Value(e) => write!(f, "{}: {}", e.path, e.message),
            DocError::MacMismatch => f.write_str(
                "the file was changed after it was sealed (metadata or a value); re-seal it",
            ),
        }
    }
}

/// How to seal: recipients and the encryption rule.
pub struct SealOptions<'a> {
    pub recipients: &'a [Recipient],
    pub rule: Rule,
    pub mac_only_encrypted: bool,
}

/// An opened document: the plaintext and what is needed to seal it again with the same key.
pub struct Opened {
    pub plaintext: Value,
    pub key: DataKey,
    pub metadata: Metadata,
    pub stash: Stash,
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

/// Encrypts `plaintext` with `key`, writes a fresh `lastmodified` and MAC into `metadata`.
fn encrypt_with(
    mut plaintext: Value,
    key: &DataKey,
    mut metadata: Metadata,
    stash: &Stash,
) -> Result<Value, DocError> {
    if !plaintext.is_object() {
        return Err(DocError::NotAMapping);
    }
    let options = TreeOptions {
        rule: &metadata.rule,
        mac_only_encrypted: metadata.mac_only_encrypted,
    };
    let mac = tree::encrypt(&mut plaintext, key, &options, stash).map_err(DocError::Value)?;
    metadata.lastmodified = now_utc();
    metadata.mac = Sealed::seal(key, mac.as_bytes(), &metadata.lastmodified, "str").to_text();
    if let Value::Object(map) = &mut plaintext {
        map.insert("sops".into(), metadata.to_value());
    }
    Ok(plaintext)
}

/// Seals a plaintext document with a new data key.
pub fn seal(plaintext: Value, options: &SealOptions<'_>) -> Result<Value, DocError> {
    if plaintext.get("sops").is_some() {
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
    encrypt_with(plaintext, &key, metadata, &Stash::new())
}

/// The recipients of a sealed document, without any key.
pub fn recipients(doc: &Value) -> Result<Metadata, DocError> {
    Metadata::read(doc)
        .map_err(DocError::Metadata)?
        .ok_or(DocError::NotSops)
}

/// Opens a sealed document: unwraps the data key, decrypts every value and verifies the MAC.
pub fn open(mut doc: Value, identities: &[Identity]) -> Result<Opened, DocError> {
    let metadata = recipients(&doc)?;
    let wrapped: Vec<Wrapped<'_>> = metadata
        .age
        .iter()
        .map(|a| Wrapped {
            recipient: &a.recipient,
            enc: &a.enc,
        })
        .collect();
    if wrapped.is_empty() {
        return Err(DocError::Metadata(
            "no age recipients (other key types are not supported)".into(),
        ));
    }
    let key = keys::unwrap(&wrapped, identities).map_err(DocError::Key)?;
    if let Value::Object(map) = &mut doc {
        map.remove("sops");
    }
    let options = TreeOptions {
        rule: &metadata.rule,
        mac_only_encrypted: metadata.mac_only_encrypted,
    };
    let (mac, stash) = tree::decrypt(&mut doc, &key, &options).map_err(DocError::Value)?;
    let stamp = normalize_time(&metadata.lastmodified).map_err(DocError::Metadata)?;
    let stored = Sealed::parse(&metadata.mac)
        .map_err(|e| DocError::Metadata(format!("sops.mac: {e}")))?
        .open(&key, &stamp)
        .map_err(|_| DocError::MacMismatch)?;
    if !stored.eq_ignore_ascii_case(mac.as_bytes()) {
        return Err(DocError::MacMismatch);
    }
    Ok(Opened {
        plaintext: doc,
        key,
        metadata,
        stash,
    })
}

impl Opened {
    /// Seals `plaintext` again with the same data key and recipients; values that did not
    /// change keep their exact text (same IV), so a Git diff shows only what changed.
    pub fn reseal(&self, plaintext: Value) -> Result<Value, DocError> {
        encrypt_with(plaintext, &self.key, self.metadata.clone(), &self.stash)
    }

    /// Re-wraps the same data key for `recipients` (values untouched): `updatekeys`.
    /// Entries for recipients that stay are kept byte for byte.
    pub fn rewrap(&self, sealed: &Value, recipients: &[Recipient]) -> Result<Value, DocError> {
        let mut age = Vec::new();
        for r in recipients {
            match self.metadata.age.iter().find(|a| a.recipient == r.text) {
                Some(existing) => age.push(existing.clone()),
                None => age.extend(wrap_all(&self.key, std::slice::from_ref(r))?),
            }
        }
        let mut metadata = self.metadata.clone();
        metadata.age = age;
        let mut out = sealed.clone();
        if let Value::Object(map) = &mut out {
            map.insert("sops".into(), metadata.to_value());
        }
        Ok(out)
    }

    /// A new data key, every value encrypted again: `rotate`.
    pub fn rotate(&self, recipients: &[Recipient]) -> Result<Value, DocError> {
        let key = new_data_key();
        let mut metadata = self.metadata.clone();
        metadata.age = wrap_all(&key, recipients)?;
        encrypt_with(self.plaintext.clone(), &key, metadata, &Stash::new())
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
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "shop"},
               "type": "Opaque", "stringData": {"password": "hunter2"}, "data": {"token": "c2VjcmV0"}})
    }

    #[test]
    fn seal_open_and_bindings() {
        let (recipients, identities) = pair();
        let options = SealOptions {
            recipients: &recipients,
            rule: Rule::kubernetes(),
            mac_only_encrypted: false,
        };
        let sealed = seal(secret(), &options).expect("seal");
        assert!(
            !serde_json::to_string(&sealed)
                .expect("json")
                .contains("hunter2")
        );
        assert!(matches!(
            seal(sealed.clone(), &options),
            Err(DocError::AlreadySealed)
        ));
        let opened = open(sealed.clone(), &identities).expect("open");
        assert_eq!(opened.plaintext, secret());
        // Moving the sealed Secret to another namespace breaks the MAC.
        let mut moved = sealed.clone();
        moved["metadata"]["namespace"] = json!("other");
        assert!(matches!(
            open(moved, &identities),
            Err(DocError::MacMismatch)
        ));
        // Swapping two values breaks their associated data, naming the path.
        let mut swapped = sealed.clone();
        let (a, b) = (
            swapped["stringData"]["password"].clone(),
            swapped["data"]["token"].clone(),
        );
        swapped["stringData"]["password"] = b;
        swapped["data"]["token"] = a;
        match open(swapped, &identities) {
            Err(DocError::Value(e)) => assert_eq!(e.path, "stringData.password"),
            other => panic!("{:?}", other.err()),
        }
        // The wrong identity is named as such.
        let (_, others) = pair();
        let err = open(sealed, &others).err().expect("wrong key");
        assert!(
            err.to_string()
                .starts_with("none of your 1 identity matches"),
            "{err}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any Secret (names, namespaces, keys and values of any characters) opens to exactly
        /// what was sealed.
        #[test]
        fn any_secret_round_trips(
            name in "[a-z0-9][a-z0-9.-]{0,20}",
            namespace in proptest::option::of("[a-z0-9-]{1,20}"),
            data in proptest::collection::btree_map("[A-Za-z0-9._-]{1,12}", ".{0,40}", 0..6),
            string_data in proptest::collection::btree_map("[A-Za-z0-9._-]{1,12}", "\\PC{0,40}", 0..6),
        ) {
            let (recipients, identities) = pair();
            let mut metadata = json!({"name": name});
            if let Some(ns) = namespace {
                metadata["namespace"] = json!(ns);
            }
            let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata,
                "data": data, "stringData": string_data});
            let options = SealOptions { recipients: &recipients, rule: Rule::kubernetes(), mac_only_encrypted: false };
            let sealed = seal(secret.clone(), &options).expect("seal");
            let text = crate::manifest::to_yaml(&sealed).expect("yaml");
            let reread: Value = serde_saphyr::from_str(&text).expect("reads back");
            proptest::prop_assert_eq!(open(reread, &identities).expect("open").plaintext, secret);
        }
    }

    #[test]
    fn reseal_keeps_unchanged_values_and_rewrap_keeps_values() {
        let (recipients, identities) = pair();
        let options = SealOptions {
            recipients: &recipients,
            rule: Rule::kubernetes(),
            mac_only_encrypted: false,
        };
        let sealed = seal(secret(), &options).expect("seal");
        let opened = open(sealed.clone(), &identities).expect("open");
        let mut changed = secret();
        changed["stringData"]["password"] = json!("correct horse");
        let resealed = opened.reseal(changed.clone()).expect("reseal");
        assert_eq!(
            resealed["data"]["token"], sealed["data"]["token"],
            "unchanged value keeps its IV"
        );
        assert_ne!(
            resealed["stringData"]["password"],
            sealed["stringData"]["password"]
        );
        assert_eq!(
            open(resealed, &identities).expect("open").plaintext,
            changed
        );
        let (more, more_ids) = pair();
        let all: Vec<Recipient> = recipients.into_iter().chain(more).collect();
        let rewrapped = opened.rewrap(&sealed, &all).expect("rewrap");
        assert_eq!(rewrapped["stringData"], sealed["stringData"]);
        assert_eq!(
            open(rewrapped.clone(), &more_ids)
                .expect("new key opens")
                .plaintext,
            secret()
        );
        let rotated = opened.rotate(&all).expect("rotate");
        assert_ne!(rotated["data"]["token"], sealed["data"]["token"]);
        assert_eq!(
            open(rotated, &identities).expect("open").plaintext,
            secret()
        );
    }
}
