//! The personas file: the same people (or the same workload) named on both clouds, and the
//! standard role `rbac roles` gives them.

use serde::{Deserialize, Serialize};

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
