//! The resource universe RBAC wildcards are expanded against: the built-in resources of the
//! Kubernetes version (`data/rbac/universe.yaml`) plus the CRDs seen in the input.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

const UNIVERSE_YAML: &str = include_str!("../../data/rbac/universe.yaml");

/// One resource or subresource (`pods/exec`) of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub namespaced: bool,
    /// The verbs RBAC rules can grant on it (standard and special).
    pub verbs: Vec<String>,
    pub custom: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceSpec {
    namespaced: bool,
    #[serde(default)]
    verbs: Option<Vec<String>>,
    #[serde(default)]
    subresources: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    special_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UniverseFile {
    #[allow(dead_code)]
    schema_version: String,
    kubernetes_version: String,
    standard_verbs: Vec<String>,
    groups: BTreeMap<String, BTreeMap<String, ResourceSpec>>,
}

/// Groups -> resource paths -> entries.
#[derive(Clone, Debug)]
pub struct Universe {
    pub kubernetes_version: String,
    pub standard_verbs: Vec<String>,
    pub groups: BTreeMap<String, BTreeMap<String, Entry>>,
    /// CRDs added from the input: `plural.group`.
    pub crds: BTreeSet<String>,
}

impl Universe {
    /// The embedded built-in universe (validated by a unit test).
    pub fn builtin() -> Result<Universe, String> {
        let file: UniverseFile = serde_saphyr::from_str(UNIVERSE_YAML)
            .map_err(|e| format!("data/rbac/universe.yaml: {e}"))?;
        let mut groups = BTreeMap::new();
        for (group, resources) in file.groups {
            let mut entries = BTreeMap::new();
            for (name, spec) in resources {
                let mut verbs = spec
                    .verbs
                    .clone()
                    .unwrap_or_else(|| file.standard_verbs.clone());
                verbs.extend(spec.special_verbs.iter().cloned());
                entries.insert(
                    name.clone(),
                    Entry {
                        namespaced: spec.namespaced,
                        verbs,
                        custom: false,
                    },
                );
                for (sub, verbs) in spec.subresources {
                    entries.insert(
                        format!("{name}/{sub}"),
                        Entry {
                            namespaced: spec.namespaced,
                            verbs,
                            custom: false,
                        },
                    );
                }
            }
            groups.insert(group, entries);
        }
        Ok(Universe {
            kubernetes_version: file.kubernetes_version,
            standard_verbs: file.standard_verbs,
            groups,
            crds: BTreeSet::new(),
        })
    }

    /// Adds a CustomResourceDefinition (its resource and status/scale subresources).
    pub fn add_crd(&mut self, crd: &Value) {
        let spec = &crd["spec"];
        let (Some(group), Some(plural)) =
            (spec["group"].as_str(), spec["names"]["plural"].as_str())
        else {
            return;
        };
        let namespaced = spec["scope"].as_str() != Some("Cluster");
        let entries = self.groups.entry(group.to_string()).or_default();
        entries.insert(
            plural.to_string(),
            Entry {
                namespaced,
                verbs: self.standard_verbs.clone(),
                custom: true,
            },
        );
        let subresources = spec["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| &v["subresources"]);
        for sub in subresources.chain(std::iter::once(&spec["subresources"])) {
            if sub.get("status").is_some() {
                entries.insert(
                    format!("{plural}/status"),
                    Entry {
                        namespaced,
                        verbs: vec!["get".into(), "patch".into(), "update".into()],
                        custom: true,
                    },
                );
            }
            if sub.get("scale").is_some() {
                entries.insert(
                    format!("{plural}/scale"),
                    Entry {
                        namespaced,
                        verbs: vec!["get".into(), "patch".into(), "update".into()],
                        custom: true,
                    },
                );
            }
        }
        self.crds.insert(format!("{plural}.{group}"));
    }

    /// Adds a resource a live cluster serves (discovery), unless the universe knows it.
    pub fn add_served(&mut self, group: &str, resource: &str, namespaced: bool, verbs: &[String]) {
        let entries = self.groups.entry(group.to_string()).or_default();
        entries
            .entry(resource.to_string())
            .or_insert_with(|| Entry {
                namespaced,
                verbs: verbs.to_vec(),
                custom: false,
            });
    }

    pub fn entry(&self, group: &str, resource: &str) -> Option<&Entry> {
        self.groups.get(group).and_then(|g| g.get(resource))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_universe_is_valid() {
        let u = Universe::builtin().expect("parses");
        assert_eq!(u.standard_verbs.len(), 8);
        let exec = u.entry("", "pods/exec").expect("pods/exec");
        assert!(exec.namespaced && exec.verbs.contains(&"create".to_string()));
        assert!(
            u.entry("rbac.authorization.k8s.io", "clusterroles")
                .expect("cr")
                .verbs
                .contains(&"escalate".to_string())
        );
        assert!(!u.entry("", "nodes").expect("nodes").namespaced);
    }

    #[test]
    fn crds_extend_it() {
        let mut u = Universe::builtin().expect("parses");
        u.add_crd(
            &serde_json::json!({"spec": {"group": "argoproj.io", "scope": "Namespaced",
            "names": {"plural": "applications"}, "versions": [{"subresources": {"status": {}}}]}}),
        );
        assert!(
            u.entry("argoproj.io", "applications")
                .is_some_and(|e| e.custom)
        );
        assert!(u.entry("argoproj.io", "applications/status").is_some());
    }
}
