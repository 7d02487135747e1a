//! The data bundled with the binary: Kubernetes' bootstrap ClusterRoles and ClusterRoleBindings
//! (`data/rbac/bootstrap.yaml`) and the cloud grants as RBAC rules (GKE IAM roles and EKS access
//! policies, `data/rbac/cloud-grants.yaml`), and the two clouds they are for.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::RbacError;
use super::model::{PolicyRule, Role, Subject};

const BOOTSTRAP_YAML: &str = include_str!("../../data/rbac/bootstrap.yaml");
const CLOUD_YAML: &str = include_str!("../../data/rbac/cloud-grants.yaml");

/// The two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Gke,
    Eks,
}

impl Cloud {
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Gke => "gke",
            Cloud::Eks => "eks",
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BootstrapFile {
    kubernetes_version: String,
    cluster_roles: Vec<Role>,
    cluster_role_bindings: Vec<BootstrapBinding>,
}

/// A ClusterRoleBinding Kubernetes creates itself.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct BootstrapBinding {
    pub name: String,
    pub role_ref: String,
    pub subjects: Vec<Subject>,
}

#[derive(Clone, Debug, Deserialize)]
struct CloudGrant {
    source: String,
    rules: Vec<PolicyRule>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CloudFile {
    gke: BTreeMap<String, CloudGrant>,
    eks: BTreeMap<String, CloudGrant>,
}

/// The embedded data, parsed once (validity is a unit test).
pub struct Data {
    bootstrap: BootstrapFile,
    cloud: CloudFile,
}

impl Data {
    pub fn embedded() -> Result<Data, RbacError> {
        let invalid = |file: &'static str| {
            move |e: serde_saphyr::Error| RbacError::EmbeddedData {
                file,
                message: e.to_string(),
            }
        };
        Ok(Data {
            bootstrap: serde_saphyr::from_str(BOOTSTRAP_YAML)
                .map_err(invalid("data/rbac/bootstrap.yaml"))?,
            cloud: serde_saphyr::from_str(CLOUD_YAML)
                .map_err(invalid("data/rbac/cloud-grants.yaml"))?,
        })
    }

    /// A cloud grant's rules with `include`s resolved.
    pub(super) fn cloud_rules(
        &self,
        cloud: Cloud,
        name: &str,
        depth: usize,
    ) -> Option<(String, Vec<PolicyRule>)> {
        let table = match cloud {
            Cloud::Gke => &self.cloud.gke,
            Cloud::Eks => &self.cloud.eks,
        };
        let grant = table.get(name)?;
        let mut rules = Vec::new();
        for r in &grant.rules {
            match &r.include {
                Some(other) if depth < 4 => rules.extend(
                    self.cloud_rules(cloud, other, depth + 1)
                        .map(|(_, r)| r)
                        .unwrap_or_default(),
                ),
                Some(_) => {}
                None => rules.push(r.clone()),
            }
        }
        Some((grant.source.clone(), rules))
    }

    pub(super) fn bootstrap_roles(&self) -> &[Role] {
        &self.bootstrap.cluster_roles
    }

    pub(super) fn bootstrap_bindings(&self) -> &[BootstrapBinding] {
        &self.bootstrap.cluster_role_bindings
    }

    /// The Kubernetes version the bootstrap copy is from.
    pub(super) fn bootstrap_version(&self) -> &str {
        &self.bootstrap.kubernetes_version
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbac::side::aggregate;

    #[test]
    fn embedded_data_is_valid() {
        let data = Data::embedded().expect("data");
        for name in [
            "roles/container.admin",
            "roles/owner",
            "roles/container.developer",
            "roles/editor",
            "roles/container.viewer",
            "roles/viewer",
            "roles/container.clusterViewer",
            "roles/container.clusterAdmin",
        ] {
            assert!(data.cloud_rules(Cloud::Gke, name, 0).is_some(), "{name}");
        }
        for name in [
            "AmazonEKSClusterAdminPolicy",
            "AmazonEKSAdminPolicy",
            "AmazonEKSEditPolicy",
            "AmazonEKSViewPolicy",
            "AmazonEKSAdminViewPolicy",
        ] {
            assert!(
                data.cloud_rules(Cloud::Eks, name, 0)
                    .is_some_and(|(_, r)| !r.is_empty()),
                "{name}"
            );
        }
        let (_, admin) = data
            .cloud_rules(Cloud::Eks, "AmazonEKSAdminPolicy", 0)
            .expect("admin");
        assert!(admin.len() > 10, "includes the edit and view rules");
        let mut roles: BTreeMap<String, Role> = data
            .bootstrap_roles()
            .iter()
            .map(|r| (r.metadata.name.clone(), r.clone()))
            .collect();
        aggregate(&mut roles);
        let admin = &roles["admin"].rules;
        assert!(admin.iter().any(|r| {
            r.resources
                .contains(&"localsubjectaccessreviews".to_string())
        }));
        assert!(
            admin
                .iter()
                .any(|r| r.resources.contains(&"endpointslices".to_string())),
            "view -> edit -> admin converges"
        );
        assert!(
            !roles["view"]
                .rules
                .iter()
                .any(|r| r.resources.contains(&"secrets".to_string()))
        );
    }
}
