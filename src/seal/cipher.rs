//! SOPS value encryption: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]`.
//!
//! AES-256-GCM with SOPS' 32-byte IV (`AesGcm<Aes256, U32>`; the standard 12-byte nonce does
//! not interoperate), the 16-byte tag stored apart from the ciphertext, standard base64 with
//! padding, and the value's key path as associated data (research/secrets.md 2.1).

use aes_gcm::aead::consts::U32;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::{AesGcm, Nonce, Tag};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

type Cipher = AesGcm<Aes256, U32>;

/// The data key of one file.
pub type DataKey = zeroize::Zeroizing<[u8; 32]>;

/// A fresh random data key.
pub fn new_data_key() -> DataKey {
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    key
}

/// An `ENC[...]` value, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub data: Vec<u8>,
    pub iv: Vec<u8>,
    pub tag: Vec<u8>,
    pub kind: String,
}

/// Why an `ENC[...]` value could not be read or opened.
#[derive(Debug, PartialEq, Eq)]
pub enum ValueError {
    /// Not of the form `ENC[AES256_GCM,...]`.
    Malformed(&'static str),
    /// The tag did not verify: the value, its IV or its key path changed, or the key is wrong.
    Tampered,
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueError::Malformed(why) => write!(f, "not a valid SOPS value ({why})"),
            ValueError::Tampered => f.write_str(
                "the value does not decrypt: it was changed or moved to another key after sealing",
            ),
        }
    }
}

/// Whether a string looks like a SOPS value (it may still be malformed).
pub fn is_sealed(text: &str) -> bool {
    text.starts_with("ENC[") && text.ends_with(']')
}

impl Sealed {
    pub fn parse(text: &str) -> Result<Sealed, ValueError> {
        let inner = text
            .strip_prefix("ENC[AES256_GCM,")
            .and_then(|t| t.strip_suffix(']'))
            .ok_or(ValueError::Malformed("expected ENC[AES256_GCM,...]"))?;
        let mut fields = [None, None, None, None];
        for part in inner.split(',') {
            let (name, value) = part
                .split_once(':')
                .ok_or(ValueError::Malformed("a field without ':'"))?;
            let slot = match name {
                "data" => 0,
                "iv" => 1,
                "tag" => 2,
                "type" => 3,
                _ => return Err(ValueError::Malformed("an unknown field")),
            };
            fields[slot] = Some(value);
        }
        let b64 = |v: Option<&str>, what: &'static str| -> Result<Vec<u8>, ValueError> {
            STANDARD
                .decode(v.ok_or(ValueError::Malformed(what))?)
                .map_err(|_| ValueError::Malformed(what))
        };
        let sealed = Sealed {
            data: b64(fields[0], "data is missing or not base64")?,
            iv: b64(fields[1], "iv is missing or not base64")?,
            tag: b64(fields[2], "tag is missing or not base64")?,
            kind: fields[3]
                .ok_or(ValueError::Malformed("type is missing"))?
                .to_string(),
        };
        if sealed.iv.len() != 32 {
            return Err(ValueError::Malformed("the iv is not 32 bytes"));
        }
        if sealed.tag.len() != 16 {
            return Err(ValueError::Malformed("the tag is not 16 bytes"));
        }
        Ok(sealed)
    }

    pub fn to_text(&self) -> String {
        format!(
            "ENC[AES256_GCM,data:{},iv:{},tag:{},type:{}]",
            STANDARD.encode(&self.data),
            STANDARD.encode(&self.iv),
            STANDARD.encode(&self.tag),
            self.kind
        )
    }

    /// Encrypts `plaintext` with a fresh 32-byte IV.
    pub fn seal(key: &DataKey, plaintext: &[u8], aad: &str, kind: &str) -> Sealed {
        let mut iv = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut iv);
        let cipher = Cipher::new(aes_gcm::Key::<Cipher>::from_slice(key.as_slice()));
        let mut data = plaintext.to_vec();
        let tag = cipher
            .encrypt_in_place_detached(Nonce::<U32>::from_slice(&iv), aad.as_bytes(), &mut data)
            // Encryption fails only beyond GCM's 64 GiB message limit, far above any budget.
            .unwrap_or_default();
        Sealed {
            data,
            iv,
            tag: tag.to_vec(),
            kind: kind.to_string(),
        }
    }

    /// Decrypts; the tag proves the value, its IV and its key path (`aad`) are unchanged.
    pub fn open(
        &self,
        key: &DataKey,
        aad: &str,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, ValueError> {
        let cipher = Cipher::new(aes_gcm::Key::<Cipher>::from_slice(key.as_slice()));
        let mut data = zeroize::Zeroizing::new(self.data.clone());
        cipher
            .decrypt_in_place_detached(
                Nonce::<U32>::from_slice(&self.iv),
                aad.as_bytes(),
                &mut data,
                Tag::from_slice(&self.tag),
            )
            .map_err(|_| ValueError::Tampered)?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding_to_the_path() {
        let key = new_data_key();
        let sealed = Sealed::seal(&key, b"hunter2", "stringData:password:", "str");
        let text = sealed.to_text();
        assert!(text.starts_with("ENC[AES256_GCM,data:") && text.ends_with(",type:str]"));
        let parsed = Sealed::parse(&text).expect("parses");
        assert_eq!(
            &*parsed.open(&key, "stringData:password:").expect("opens"),
            b"hunter2"
        );
        assert_eq!(
            parsed.open(&key, "stringData:user:"),
            Err(ValueError::Tampered)
        );
        assert_eq!(
            parsed.open(&new_data_key(), "stringData:password:"),
            Err(ValueError::Tampered)
        );
    }

    #[test]
    fn malformed_values_are_named() {
        for bad in [
            "ENC[AES256_GCM,data:@@,iv:AA==,tag:AA==,type:str]",
            "ENC[AES256_GCM,data:AA==,tag:AA==,type:str]",
            "ENC[CHACHA,data:AA==]",
            "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]",
        ] {
            assert!(
                matches!(Sealed::parse(bad), Err(ValueError::Malformed(_))),
                "{bad}"
            );
        }
    }
}
