//! `rbac roles`: the platform's standard role set for one side, with explicit resource
//! enumeration (RBAC has no deny, so "everything but Secrets" lists every other resource of
//! the Kubernetes version and the CRDs given), and the bindings for the personas.
//!
//! Decisions: `editor` gets every standard verb that `rbac lint` allows non-owners, so no
//! generated role has a path to Secrets: it may read but not write RBAC objects and gets no
//! special verbs (bind, escalate, impersonate, approve, sign); no `nodes/proxy` (the kubelet API,
//! which runs commands in any pod of the node); no `create` of pods/exec, attach, portforward
//! or serviceaccounts/token; no admission webhook writes; and no pod creation, directly or
//! through a workload (Deployments, Jobs, ...: their pods mount any Secret of the namespace),
//! so editors deploy through the owners' delivery pipeline and may scale, delete and read.
//! `viewer` also leaves out what a GET can turn into a shell or a token (pods/exec, attach,
//! portforward, proxy, services/proxy, nodes/proxy, serviceaccounts/token). The restricted
//! roles hold only namespaced resources: they are bound with RoleBindings.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::RbacError;
use super::data::Cloud;
use super::identity::canonical_arn;
use super::lint;
use super::model::PolicyRule;
use super::persona::Persona;
use super::universe::Universe;

pub const ROLES: [&str; 5] = [
    "owner",
    "editor",
    "viewer",
    "restricted-editor",
    "restricted-viewer",
];

const NOT_FOR_VIEWERS: [&str; 8] = [
    "secrets",
    "serviceaccounts/token",
    "pods/exec",
    "pods/attach",
    "pods/portforward",
    "pods/proxy",
    "services/proxy",
    "nodes/proxy",
];

fn enumerated(universe: &Universe, viewer: bool, namespaced_only: bool) -> Vec<Value> {
    let read = ["get", "list", "watch"];
    let mut rules = Vec::new();
    for (group, entries) in &universe.groups {
        // Resources by the verbs they get: every standard verb (viewers: read) that grants
        // nothing `rbac lint` forbids, so no generated role has a path to Secrets.
        let mut by_verbs: BTreeMap<Vec<&str>, Vec<&String>> = BTreeMap::new();
        for (resource, entry) in entries {
            if (namespaced_only && !entry.namespaced)
                || (viewer && NOT_FOR_VIEWERS.contains(&resource.as_str()))
                || !entry
                    .verbs
                    .iter()
                    .any(|v| universe.standard_verbs.contains(v))
            {
                continue;
            }
            let candidates: Vec<&str> = if viewer || group == "rbac.authorization.k8s.io" {
                read.to_vec()
            } else {
                universe.standard_verbs.iter().map(String::as_str).collect()
            };
            let verbs: Vec<&str> = candidates
                .into_iter()
                .filter(|verb| {
                    lint::forbidden(&PolicyRule {
                        api_groups: vec![group.clone()],
                        resources: vec![resource.clone()],
                        verbs: vec![verb.to_string()],
                        ..Default::default()
                    })
                    .is_empty()
                })
                .collect();
            if !verbs.is_empty() {
                by_verbs.entry(verbs).or_default().push(resource);
            }
        }
        for (verbs, resources) in by_verbs.into_iter().rev() {
            rules.push(json!({"apiGroups": [group], "resources": resources, "verbs": verbs}));
        }
    }
    rules
}

fn cluster_role(name: &str, rules: Vec<Value>) -> Value {
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
           "metadata": {"name": name, "labels": {"app.kubernetes.io/managed-by": "kubectl-abema"}}, "rules": rules})
}

/// The Kubernetes group a persona is bound as on EKS.
pub fn eks_group(persona: &Persona) -> String {
    format!("abema:{}", persona.name)
}

/// The manifests for one side: ClusterRoles, bindings, and on EKS the aws-auth ConfigMap.
pub fn generate(
    cloud: Cloud,
    personas: &[Persona],
    universe: &Universe,
) -> Result<Vec<Value>, RbacError> {
    let mut out = vec![
        cluster_role(
            "owner",
            vec![
                json!({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}),
                json!({"nonResourceURLs": ["*"], "verbs": ["*"]}),
            ],
        ),
        cluster_role("editor", enumerated(universe, false, false)),
        cluster_role("viewer", enumerated(universe, true, false)),
        cluster_role("restricted-editor", enumerated(universe, false, true)),
        cluster_role("restricted-viewer", enumerated(universe, true, true)),
    ];
    let mut map_roles = Vec::new();
    let mut map_users = Vec::new();
    for p in personas {
        let Some(role) = &p.role else { continue };
        if !ROLES.contains(&role.as_str()) {
            return Err(RbacError::UnknownRole {
                persona: p.name.clone(),
                role: role.clone(),
            });
        }
        let subject = match cloud {
            Cloud::Gke => match (&p.gke.group, &p.gke.user) {
                (Some(g), _) => {
                    json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": g})
                }
                (None, Some(u)) => {
                    json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": u})
                }
                (None, None) => {
                    return Err(RbacError::MissingField {
                        persona: p.name.clone(),
                        field: "gke.group or gke.user",
                    });
                }
            },
            Cloud::Eks => {
                let Some(arn) = &p.eks.principal_arn else {
                    return Err(RbacError::MissingField {
                        persona: p.name.clone(),
                        field: "eks.principalArn",
                    });
                };
                let entry = |key: &str, value: String| json!({key: value, "username": format!("abema:{}:{{{{SessionName}}}}", p.name), "groups": [eks_group(p)]});
                if arn.contains(":role/") || arn.contains(":assumed-role/") {
                    map_roles.push(entry("rolearn", canonical_arn(arn)));
                } else {
                    map_users.push(entry("userarn", arn.clone()));
                }
                json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": eks_group(p)})
            }
        };
        let binding_name = format!("abema:{}", p.name);
        if role.starts_with("restricted-") {
            if p.namespaces.is_empty() {
                return Err(RbacError::NoNamespaces {
                    persona: p.name.clone(),
                    role: role.clone(),
                });
            }
            for ns in &p.namespaces {
                out.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                    "metadata": {"name": binding_name, "namespace": ns},
                    "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                    "subjects": [subject.clone()]}));
            }
        } else {
            out.push(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": {"name": binding_name},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [subject]}));
        }
    }
    if cloud == Cloud::Eks {
        let yaml = crate::manifest::to_yaml::<Vec<Value>>;
        let mut data = serde_json::Map::new();
        if !map_roles.is_empty() {
            data.insert("mapRoles".into(), Value::String(yaml(&map_roles)?));
        }
        if !map_users.is_empty() {
            data.insert("mapUsers".into(), Value::String(yaml(&map_users)?));
        }
        out.push(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "aws-auth", "namespace": "kube-system",
                "annotations": {"abema.dev/note": "merge with the EKS-managed node and Fargate entries; do not replace them"}},
            "data": data}));
    }
    Ok(out)
}
