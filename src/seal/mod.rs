//! Sealed Secrets for Git: the SOPS v3 format with age recipients, byte-compatible with
//! `sops`, Flux's kustomize-controller and other SOPS readers (research/secrets.md section 2).
//!
//! | module | holds |
//! | --- | --- |
//! | [`binding`] | the `abema.dev/sealed-for` annotation: what binds a Secret to its namespace and name |
//! | [`check`] | `seal check`: plaintext values, recipient drift, leftovers, MAC and binding |
//! | [`cipher`] | `ENC[AES256_GCM,...]` values: AES-256-GCM with SOPS' 32-byte IV |
//! | [`document`] | sealing, opening (MAC and binding verified), re-sealing, re-wrapping, rotating a file of one or more documents |
//! | [`dotenv`] | SOPS' dotenv store (read by `unseal`) |
//! | [`editor`] | `seal edit`'s private temporary file, the editor, cleanup on signals |
//! | [`identities`] | where private keys come from (`--identity`, `SOPS_AGE_KEY*`, keys.txt) |
//! | [`input`] | reading plaintext and sealed files into documents, file:line for errors |
//! | [`keys`] | age recipients and identities, wrapping and unwrapping the data key |
//! | [`metadata`] | the `sops:` block, read in every historical form, written alphabetically |
//! | [`names`] | Secret and namespace names as they reach file names |
//! | [`recipients`] | who a file is sealed for: `--recipient`, `.sops.yaml`, `.abema.yaml` |
//! | [`report`] | how the `seal check` report prints |
//! | [`sealer`] | `seal`/`seal create`: plaintext Secrets in, validated, bound and sealed files out |
//! | [`status`] | `seal status`: each file's recipients and binding as written, against the configuration |
//! | [`sops_config`] | `.sops.yaml` `creation_rules` |
//! | [`tree`] | what is encrypted, associated data, the MAC, the walk |

pub mod binding;
pub mod check;
pub mod cipher;
pub mod document;
pub mod dotenv;
pub mod editor;
pub mod identities;
pub mod input;
pub mod keys;
pub mod metadata;
pub mod names;
pub mod recipients;
pub mod report;
pub mod sealer;
pub mod sops_config;
pub mod status;
pub mod tree;
