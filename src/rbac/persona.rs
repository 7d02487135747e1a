//! The personas file: the same people (or the same workload) named on both clouds, and the
//! standard role `rbac roles` gives them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A persona: the same people on both clouds.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Persona {
    pub name: String,
    #[serde(default)]
    pub gke: GkePrincipal,
    #[serde(default)]
    pub eks: EksPrincipal,
    /// For `rbac roles`: owner, editor, viewer, restricted-editor, restricted-viewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For `rbac roles`: the namespaces of a restricted role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GkePrincipal {
    pub group: Option<String>,
    pub user: Option<String>,
    /// A workload: the Kubernetes service account `namespace/name`.
    pub service_account: Option<String>,
    /// The Google service account the KSA maps to through Workload Identity (its IAM grants
    /// are Google API grants, not Kubernetes ones; recorded and checked against the KSA's
    /// `iam.gke.io/gcp-service-account` annotation when the ServiceAccount is in the input).
    pub google_service_account: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EksPrincipal {
    pub principal_arn: Option<String>,
    /// A workload: the Kubernetes service account `namespace/name`.
    pub service_account: Option<String>,
    /// The IAM role the KSA assumes (IRSA `eks.amazonaws.com/role-arn` annotation or an EKS Pod
    /// Identity association); checked against the input, never a Kubernetes identity itself.
    pub role_arn: Option<String>,
}

/// The personas file.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Personas {
    pub personas: Vec<Persona>,
}

impl Personas {
    /// Reads a personas file.
    pub fn read(path: &Path) -> Result<Vec<Persona>> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?;
        let file: Personas =
            serde_saphyr::from_str_with_options(&text, crate::manifest::parse_options()).map_err(
                |e| {
                    let (line, message) = crate::manifest::yaml_error(&e, 1);
                    Error::at(path, line, format!("invalid personas file: {message}"))
                        .with_hint("personas: [{name, gke: {group|user}, eks: {principalArn}}]")
                },
            )?;
        Ok(file.personas)
    }
}
