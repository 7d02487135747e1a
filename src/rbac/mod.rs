//! RBAC parity between a GKE and an EKS cluster, the platform's standard role set, and its lint.
//!
//! | module | holds |
//! | --- | --- |
//! | [`model`] | roles, bindings, rules, label selectors |
//! | [`universe`] | built-in resources of the Kubernetes version plus CRDs: what wildcards expand to |
//! | [`expand`] | rule matching semantics and scopes, rules to concrete permissions |
//! | [`authorize`] | one request answered from a side's expanded grants |
//! | [`inputs`] | recognising exports by content (RBAC, CRDs, aws-auth, EKS and GKE IAM JSON) |
//! | [`persona`] | the personas file: the same people on both clouds |
//! | [`data`] | the embedded bootstrap roles and bindings, and the cloud grants (GKE IAM, EKS access policies) |
//! | [`identity`] | who a persona is on each side, which binding subjects name it |
//! | [`side`] | one side's grants with provenance, the universe the sides are expanded against |
//! | [`drift`] | the diff of two sides' grants, categories and severities |
//! | [`parity`] | the parity report: every persona compared, diagnostics, unmapped principals |
//! | [`roles`] | the standard role set for either side |
//! | [`lint`] | the platform's rules as a check |
//! | [`report`] | how the parity, roles and lint reports print |
//!
//! Semantics follow `research/rbac.md` (each point cites the Kubernetes source). Inputs are
//! export files and, with `--gke-context`/`--eks-context`, live clusters ([`inputs`]).

pub mod authorize;
pub mod data;
pub mod drift;
pub mod expand;
pub mod identity;
pub mod inputs;
pub mod lint;
pub mod model;
pub mod parity;
pub mod persona;
pub mod report;
pub mod roles;
pub mod side;
mod suggest;
pub mod universe;

use std::fmt;

/// Why a parity report or the standard role set could not be made. Carries the persona and
/// the offending value; `From<RbacError> for crate::error::Error` decides the exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RbacError {
    /// An embedded data file does not parse (a build defect; a unit test guards it).
    EmbeddedData { file: &'static str, message: String },
    /// A persona's service account is not `namespace/name`.
    ServiceAccount {
        persona: Option<String>,
        ksa: String,
    },
    /// A persona's role is not one of the standard set.
    UnknownRole { persona: String, role: String },
    /// A persona lacks a field its side needs (`eks.principalArn`, ...).
    MissingField {
        persona: String,
        field: &'static str,
    },
    /// A persona with a namespaced role but no namespaces.
    NoNamespaces { persona: String, role: String },
    /// The aws-auth entries could not be written as YAML.
    Yaml(crate::manifest::YamlError),
}

impl RbacError {
    /// The same error, said of persona `name`.
    pub(crate) fn for_persona(self, name: &str) -> Self {
        match self {
            RbacError::ServiceAccount { persona: None, ksa } => RbacError::ServiceAccount {
                persona: Some(name.to_string()),
                ksa,
            },
            other => other,
        }
    }
}

impl fmt::Display for RbacError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RbacError::EmbeddedData { file, message } => write!(f, "{file}: {message}"),
            RbacError::ServiceAccount { persona, ksa } => {
                if let Some(p) = persona {
                    write!(f, "persona {p}: ")?;
                }
                write!(f, "service account {ksa:?} is not namespace/name")
            }
            RbacError::UnknownRole { persona, role } => write!(
                f,
                "persona {persona}: role {role:?} is not one of {}",
                roles::ROLES.join(", ")
            ),
            RbacError::MissingField { persona, field } => {
                write!(f, "persona {persona}: {field} is required")
            }
            RbacError::NoNamespaces { persona, role } => {
                write!(f, "persona {persona}: {role} needs namespaces")
            }
            RbacError::Yaml(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RbacError {}

impl From<crate::manifest::YamlError> for RbacError {
    fn from(e: crate::manifest::YamlError) -> Self {
        RbacError::Yaml(e)
    }
}
