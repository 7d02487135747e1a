//! The resource universe RBAC wildcards are expanded against: the built-in resources of the
//! Kubernetes version (`data/rbac/universe.yaml`) plus the CRDs seen in the input, plus the
//! open groups (the custom and external metrics APIs, whose resources are any metric name).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::RbacError;

const UNIVERSE_YAML: &str = include_str!("../../data/rbac/universe.yaml");

/// One resource or subresource (`pods/exec`) of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub namespaced: bool,
    /// The verbs RBAC rules can grant on it (standard and special).
    pub verbs: Vec<String>,
    pub custom: bool,
    /// Known from a cluster's discovery (live or exported), not only the built-in list.
    pub served: bool,
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
    #[serde(default)]
    open_groups: BTreeMap<String, OpenGroupSpec>,
    groups: BTreeMap<String, BTreeMap<String, ResourceSpec>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenGroupSpec {
    namespaced: bool,
    verbs: Vec<String>,
}

/// Groups -> resource paths -> entries.
#[derive(Clone, Debug)]
pub struct Universe {
    pub kubernetes_version: String,
    pub standard_verbs: Vec<String>,
    pub groups: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Groups where every resource name is served (metrics APIs): group -> what each serves.
    pub open_groups: BTreeMap<String, Entry>,
    /// CRDs added from the input: `plural.group`.
    pub crds: BTreeSet<String>,
}

impl Universe {
    /// The embedded built-in universe (validated by a unit test).
    pub fn builtin() -> Result<Universe, RbacError> {
        let file: UniverseFile =
            serde_saphyr::from_str(UNIVERSE_YAML).map_err(|e| RbacError::EmbeddedData {
                file: "data/rbac/universe.yaml",
                message: e.to_string(),
            })?;
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
                        served: false,
                    },
                );
                for (sub, verbs) in spec.subresources {
                    entries.insert(
                        format!("{name}/{sub}"),
                        Entry {
                            namespaced: spec.namespaced,
                            verbs,
                            custom: false,
                            served: false,
                        },
                    );
                }
            }
            groups.insert(group, entries);
        }
        let open_groups = file
            .open_groups
            .into_iter()
            .map(|(group, spec)| {
                let entry = Entry {
                    namespaced: spec.namespaced,
                    verbs: spec.verbs,
                    custom: false,
                    served: false,
                };
                (group, entry)
            })
            .collect();
        Ok(Universe {
            kubernetes_version: file.kubernetes_version,
            standard_verbs: file.standard_verbs,
            groups,
            open_groups,
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
                served: false,
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
                        served: false,
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
                        served: false,
                    },
                );
            }
        }
        self.crds.insert(format!("{plural}.{group}"));
    }

    /// Adds a resource a cluster serves (live discovery or a discovery export), which takes
    /// precedence over the built-in list and CRDs: its scope and verbs replace theirs, except
    /// the special verbs (`bind`, `escalate`, `impersonate`, `approve`, `sign`, `use`), which
    /// discovery does not list. Two discovery sources (the two sides) add up their verbs;
    /// verbs not given (`kubectl api-resources` without `-o wide`) keep what is known.
    pub fn add_served(&mut self, group: &str, resource: &str, namespaced: bool, verbs: &[String]) {
        if self.open_groups.contains_key(group) {
            return;
        }
        let standard = self.standard_verbs.clone();
        let entries = self.groups.entry(group.to_string()).or_default();
        let known = entries.remove(resource);
        let mut merged: Vec<String> = match &known {
            Some(e) if verbs.is_empty() => e.verbs.clone(),
            Some(e) if e.served => e.verbs.clone(),
            Some(e) => e
                .verbs
                .iter()
                .filter(|v| !standard.contains(v))
                .cloned()
                .collect(),
            None if verbs.is_empty() => standard,
            None => Vec::new(),
        };
        for v in verbs {
            if !merged.contains(v) {
                merged.push(v.clone());
            }
        }
        entries.insert(
            resource.to_string(),
            Entry {
                namespaced,
                verbs: merged,
                custom: known.as_ref().is_some_and(|e| e.custom),
                served: true,
            },
        );
    }

    /// Adds a resource only rules name (no CRD, no discovery): namespaced, serving `verbs`
    /// plus the standard verbs (a subresource: get, update, patch). Known resources are left
    /// as they are.
    pub fn add_assumed(&mut self, group: &str, resource: &str, verbs: &[String]) {
        if self.entry(group, resource).is_some() {
            return;
        }
        let mut all: Vec<String> = if resource.contains('/') {
            ["get", "update", "patch"].map(String::from).to_vec()
        } else {
            self.standard_verbs.clone()
        };
        all.extend(
            verbs
                .iter()
                .filter(|v| !all.contains(v))
                .cloned()
                .collect::<Vec<_>>(),
        );
        self.groups.entry(group.to_string()).or_default().insert(
            resource.to_string(),
            Entry {
                namespaced: true,
                verbs: all,
                custom: false,
                served: false,
            },
        );
    }

    /// What the universe knows of a resource (in an open group, every name is known).
    pub fn entry(&self, group: &str, resource: &str) -> Option<&Entry> {
        self.groups
            .get(group)
            .and_then(|g| g.get(resource))
            .or_else(|| self.open_groups.get(group))
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
        let metric = u
            .entry("custom.metrics.k8s.io", "pods/http_requests")
            .expect("an open group serves every name");
        assert_eq!(metric.verbs, ["get", "list"]);
        assert!(u.entry("metrics.k8s.io", "pods").is_some());
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
