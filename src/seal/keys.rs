//! age recipients and identities: wrapping a file's data key for each recipient (one armored
//! age file per recipient, as SOPS stores them) and unwrapping it with the identities a user
//! holds.

use std::io::Read;

use age::armor::ArmoredReader;

use super::cipher::DataKey;
use crate::manifest::Problem;

/// Why `age1pq1...` recipients and `AGE-SECRET-KEY-PQ-` identities are refused (README
/// "Post-quantum recipients"): the `age` crate (0.12) implements only the tagged hybrid types,
/// not `mlkem768x25519`; `hpke` 0.15 implements its KEM (X-Wing) but cannot be built together
/// with `age` 0.12, whose `ml-kem` 0.2 pins `kem = "=0.3.0-pre.0"` while X-Wing needs `kem` 0.3.
pub const PQ_MISSING: &str = "post-quantum (mlkem768x25519) age keys are not supported yet: \
     no Rust age implementation provides them (see the README); use an age1... X25519 key";

/// A recipient a data key can be wrapped for: `age1...` (X25519) or an SSH public key.
pub struct Recipient {
    /// As written in `sops.age[].recipient`.
    pub text: String,
    inner: Box<dyn age::Recipient + Send>,
}

impl std::fmt::Debug for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Recipient {
    pub fn parse(text: &str) -> Result<Recipient, RecipientError> {
        let text = text.trim();
        let recipient = || text.to_string();
        let inner: Box<dyn age::Recipient + Send> = if text.starts_with("age1pq1") {
            return Err(RecipientError::PostQuantum {
                recipient: recipient(),
            });
        } else if text.starts_with("age1") {
            Box::new(text.parse::<age::x25519::Recipient>().map_err(|e| {
                RecipientError::NotAge {
                    recipient: recipient(),
                    message: e.to_string(),
                }
            })?)
        } else if text.starts_with("ssh-") {
            Box::new(
                text.parse::<age::ssh::Recipient>()
                    .map_err(|_| RecipientError::NotSsh {
                        recipient: recipient(),
                    })?,
            )
        } else {
            return Err(RecipientError::Unknown {
                recipient: recipient(),
            });
        };
        Ok(Recipient {
            text: text.to_string(),
            inner,
        })
    }

    /// The data key as an armored age file for this recipient.
    pub fn wrap(&self, key: &DataKey) -> Result<String, WrapError> {
        use std::io::Write;
        let fail = |e: &dyn std::fmt::Display| WrapError {
            recipient: self.text.clone(),
            message: e.to_string(),
        };
        let encryptor = age::Encryptor::with_recipients(std::iter::once(
            self.inner.as_ref() as &dyn age::Recipient
        ))
        .map_err(|e| fail(&e))?;
        let mut out = Vec::new();
        let armored =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .map_err(|e| fail(&e))?;
        let mut writer = encryptor.wrap_output(armored).map_err(|e| fail(&e))?;
        writer.write_all(key.as_ref()).map_err(|e| fail(&e))?;
        writer
            .finish()
            .and_then(|w| w.finish())
            .map_err(|e| fail(&e))?;
        String::from_utf8(out).map_err(|e| fail(&e))
    }
}

/// The first characters of a key, for messages.
pub fn short(text: &str) -> String {
    match text.char_indices().nth(16) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// An identity (private key) and where it came from.
pub struct Identity {
    pub source: String,
    inner: Box<dyn age::Identity + Send + Sync>,
}

/// Parses identities from the text of a key file or variable: age keys (`AGE-SECRET-KEY-1...`
/// lines, `#` comments ignored) or one unencrypted OpenSSH/PEM private key. `source` names each
/// identity; an error is a [`Problem`] at `source` and the line (0 when it is about the whole).
pub fn parse_identities(text: &str, source: &str) -> Result<Vec<Identity>, Problem> {
    let problem = |line: usize, message: String| Problem::new(source, line, message);
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----") {
        let identity = age::ssh::Identity::from_buffer(text.as_bytes(), Some(source.to_string()))
            .map_err(|e| problem(0, format!("not a readable SSH private key ({e})")))?;
        return match identity {
            age::ssh::Identity::Unencrypted(_) => Ok(vec![Identity {
                source: source.to_string(),
                inner: Box::new(identity),
            }]),
            age::ssh::Identity::Encrypted(_) => Err(problem(
                0,
                "passphrase-protected SSH keys are not supported; use an age identity".into(),
            )),
            age::ssh::Identity::Unsupported(_) => {
                Err(problem(0, "unsupported SSH key type".into()))
            }
        };
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("AGE-SECRET-KEY-PQ-") {
            return Err(problem(n + 1, PQ_MISSING.into()));
        }
        let identity = line.parse::<age::x25519::Identity>().map_err(|_| {
            problem(
                n + 1,
                "not an age identity (expected AGE-SECRET-KEY-1...)".into(),
            )
        })?;
        out.push(Identity {
            source: format!("{source}:{}", n + 1),
            inner: Box::new(identity),
        });
    }
    if out.is_empty() {
        return Err(problem(0, "no identities in it".into()));
    }
    Ok(out)
}

/// One wrapped copy of the data key: `sops.age[]`.
pub struct Wrapped<'a> {
    pub recipient: &'a str,
    pub enc: &'a str,
}

/// Why a recipient (a public key, shown shortened) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientError {
    /// `age1pq1...`: see [`PQ_MISSING`].
    PostQuantum { recipient: String },
    /// `age1...` that does not decode.
    NotAge { recipient: String, message: String },
    /// `ssh-...` of a type age does not support, or that does not decode.
    NotSsh { recipient: String },
    /// Neither age nor SSH.
    Unknown { recipient: String },
}

impl std::fmt::Display for RecipientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecipientError::PostQuantum { recipient } => {
                write!(f, "{}: {PQ_MISSING}", short(recipient))
            }
            RecipientError::NotAge { recipient, message } => {
                write!(f, "{}: not an age recipient ({message})", short(recipient))
            }
            RecipientError::NotSsh { recipient } => write!(
                f,
                "{}: not a supported SSH public key (ssh-ed25519, ssh-rsa)",
                short(recipient)
            ),
            RecipientError::Unknown { recipient } => write!(
                f,
                "{}: not a recipient (expected age1... or an ssh-ed25519/ssh-rsa public key)",
                short(recipient)
            ),
        }
    }
}

impl std::error::Error for RecipientError {}

/// Why the data key could not be wrapped for a recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrapError {
    pub recipient: String,
    pub message: String,
}

impl std::fmt::Display for WrapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot encrypt for {}: {}",
            short(&self.recipient),
            self.message
        )
    }
}

impl std::error::Error for WrapError {}

/// Why the data key could not be unwrapped.
#[derive(Debug)]
pub enum UnwrapError {
    NoIdentities,
    /// None of the identities matches any recipient.
    NoMatch {
        identities: usize,
        recipients: Vec<String>,
    },
    /// An `enc` is not an armored age file (truncated, edited).
    Corrupt {
        recipient: String,
        why: String,
    },
}

impl std::fmt::Display for UnwrapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnwrapError::NoIdentities => f.write_str("no age identity to decrypt with"),
            UnwrapError::NoMatch {
                identities,
                recipients,
            } => write!(
                f,
                "none of your {identities} identit{} matches the file's recipients {}",
                if *identities == 1 { "y" } else { "ies" },
                recipients
                    .iter()
                    .map(|r| short(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            UnwrapError::Corrupt { recipient, why } => {
                write!(
                    f,
                    "the data key wrapped for {} is damaged: {why}",
                    short(recipient)
                )
            }
        }
    }
}

/// Unwraps the data key with the first identity that matches one of the wrapped copies.
pub fn unwrap(wrapped: &[Wrapped<'_>], identities: &[Identity]) -> Result<DataKey, UnwrapError> {
    if identities.is_empty() {
        return Err(UnwrapError::NoIdentities);
    }
    let mut corrupt = None;
    for w in wrapped {
        let decryptor = match age::Decryptor::new_buffered(ArmoredReader::new(w.enc.as_bytes())) {
            Ok(d) => d,
            Err(e) => {
                corrupt.get_or_insert(UnwrapError::Corrupt {
                    recipient: w.recipient.to_string(),
                    why: e.to_string(),
                });
                continue;
            }
        };
        let mut reader = match decryptor.decrypt(
            identities
                .iter()
                .map(|i| i.inner.as_ref() as &dyn age::Identity),
        ) {
            Ok(r) => r,
            Err(age::DecryptError::NoMatchingKeys) => continue,
            Err(e) => {
                corrupt.get_or_insert(UnwrapError::Corrupt {
                    recipient: w.recipient.to_string(),
                    why: e.to_string(),
                });
                continue;
            }
        };
        let mut key = zeroize::Zeroizing::new(Vec::new());
        if let Err(e) = reader.read_to_end(&mut key) {
            return Err(UnwrapError::Corrupt {
                recipient: w.recipient.to_string(),
                why: e.to_string(),
            });
        }
        let Ok(bytes) = <[u8; 32]>::try_from(key.as_slice()) else {
            return Err(UnwrapError::Corrupt {
                recipient: w.recipient.to_string(),
                why: format!("the data key is {} bytes, not 32", key.len()),
            });
        };
        return Ok(zeroize::Zeroizing::new(bytes));
    }
    Err(corrupt.unwrap_or(UnwrapError::NoMatch {
        identities: identities.len(),
        recipients: wrapped.iter().map(|w| w.recipient.to_string()).collect(),
    }))
}

/// A new X25519 identity: (the `AGE-SECRET-KEY-1...` text, its recipient).
pub fn generate() -> (zeroize::Zeroizing<String>, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    (
        zeroize::Zeroizing::new(identity.to_string().expose_secret().to_string()),
        recipient,
    )
}
