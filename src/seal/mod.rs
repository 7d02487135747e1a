//! Sealed Secrets for Git: the SOPS v3 format with age recipients, byte-compatible with
//! `sops`, Flux's kustomize-controller and other SOPS readers (research/secrets.md section 2).
//!
//! | module | holds |
//! | --- | --- |
//! | [`check`] | `seal check`: plaintext Secrets and recipient drift |
//! | [`cipher`] | `ENC[AES256_GCM,...]` values: AES-256-GCM with SOPS' 32-byte IV |
//! | [`tree`] | what is encrypted, associated data, MAC bytes, the walk |
//! | [`metadata`] | the `sops:` block, read in every historical form, written alphabetically |
//! | [`keys`] | age recipients and identities, wrapping and unwrapping the data key |
//! | [`document`] | sealing, opening (MAC verified), re-sealing, re-wrapping, rotating one document |
//! | [`sops_config`] | `.sops.yaml` `creation_rules` |
//! | [`dotenv`] | SOPS' dotenv store (read by `unseal`) |

pub mod check;
pub mod cipher;
pub mod document;
pub mod dotenv;
pub mod keys;
pub mod metadata;
pub mod sops_config;
pub mod tree;
