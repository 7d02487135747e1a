//! Expanding policy rules into concrete permissions, with Kubernetes' matching semantics:
//! `*` verbs, groups and resources (resources `*` covers subresources), `*/scale`, `pods/*`
//! matching nothing, resourceNames, nonResourceURLs, and the scope a binding gives.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::PolicyRule;
use super::universe::Universe;

/// One permission after expansion: no wildcards except in a nonResourceURL pattern, which is
/// compared as written (`/healthz*` is a prefix rule, not a set of URLs).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Perm {
    pub verb: String,
    pub api_group: String,
    pub resource: String,
    pub resource_name: Option<String>,
    #[serde(rename = "nonResourceURL")]
    pub non_resource_url: Option<String>,
}

impl Perm {
    /// A permission on a resource (not a URL).
    pub fn resource(verb: &str, group: &str, resource: &str, name: &Option<String>) -> Perm {
        Perm {
            verb: verb.to_string(),
            api_group: group.to_string(),
            resource: resource.to_string(),
            resource_name: name.clone(),
            non_resource_url: None,
        }
    }
}

/// Where a permission applies: `"*"` every namespace (and all-namespaces list/watch), `"-"` a
/// cluster-scoped resource or URL, else one namespace (or an EKS namespace pattern like `dev-*`).
pub type Namespace = String;

pub const EVERY_NAMESPACE: &str = "*";
pub const CLUSTER: &str = "-";

/// The scope a grant comes with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// ClusterRoleBinding, GKE IAM, cluster-scoped EKS access policy.
    Cluster,
    /// RoleBinding or a namespace-scoped access policy: namespaced resources there only.
    Namespace(String),
}

fn group_matches(rule: &PolicyRule, group: &str) -> bool {
    rule.api_groups.iter().any(|g| g == "*" || g == group)
}

/// `ResourceMatches` for one rule resource: `*` all (with subresources), exact, `*/sub`;
/// `res/*` is not a wildcard.
pub fn resource_pattern_matches(pattern: &str, resource: &str) -> bool {
    pattern == "*"
        || pattern == resource
        || pattern.strip_prefix("*/").is_some_and(|sub| {
            resource
                .split_once('/')
                .is_some_and(|(_, requested)| requested == sub)
        })
}

fn resource_matches(rule: &PolicyRule, resource: &str) -> bool {
    rule.resources
        .iter()
        .any(|r| resource_pattern_matches(r, resource))
}

fn excepted(rule: &PolicyRule, group: &str, resource: &str) -> bool {
    rule.except_resources
        .iter()
        .any(|e| e == resource || *e == format!("{group}/{resource}"))
}

/// The resources a rule names explicitly that the universe does not know (`group/resource`):
/// kept as granted, as Kubernetes would, and reported so nothing is dropped silently.
pub fn unknown_resources(rule: &PolicyRule, universe: &Universe) -> Vec<String> {
    let mut out = Vec::new();
    for group in rule.api_groups.iter().filter(|g| *g != "*") {
        for resource in rule.resources.iter().filter(|r| !r.contains('*')) {
            if universe.entry(group, resource).is_none() {
                out.push(format!("{group}/{resource}"));
            }
        }
    }
    out
}

/// API groups Kubernetes no longer serves at all (`extensions` since v1.22), and resources it
/// no longer serves that its own bootstrap roles still name (`apps deployments/rollback`, gone
/// with apps/v1beta1 in v1.16): rules naming them are kept as granted and reported, but no
/// request can reach them, so they make no drift rows.
const UNSERVED_GROUPS: &[&str] = &["extensions"];
const UNSERVED_RESOURCES: &[(&str, &str)] = &[("apps", "deployments/rollback")];

/// Whether Kubernetes no longer serves this resource (see [`UNSERVED_GROUPS`]).
pub fn unserved(group: &str, resource: &str) -> bool {
    UNSERVED_GROUPS.contains(&group) || UNSERVED_RESOURCES.contains(&(group, resource))
}

/// Whether a named rule can match a request for `verb` on `resource`: Kubernetes fills in the
/// name of get/update/patch/delete, of list/watch with `fieldSelector=metadata.name=`, and of
/// a create on a subresource (`create pods/exec web-0`); a create of a top-level object and a
/// deletecollection carry no name.
fn nameable(verb: &str, resource: &str) -> bool {
    match verb {
        "deletecollection" => false,
        "create" => resource.contains('/'),
        _ => true,
    }
}

/// Expands one rule under a scope into `(permission, namespace)` pairs.
pub fn expand(rule: &PolicyRule, universe: &Universe, scope: &Scope) -> Vec<(Perm, Namespace)> {
    let mut out = Vec::new();
    let wildcard_verbs = rule.verbs.iter().any(|v| v == "*");
    for url in &rule.non_resource_urls {
        // nonResourceURLs only take effect through ClusterRoleBindings.
        if *scope != Scope::Cluster {
            continue;
        }
        // Non-resource requests use the lower-cased HTTP method as the verb.
        let verbs: Vec<String> = if wildcard_verbs {
            ["get", "head", "options", "post", "put", "patch", "delete"]
                .iter()
                .map(|v| v.to_string())
                .collect()
        } else {
            rule.verbs.clone()
        };
        for verb in verbs {
            out.push((
                Perm {
                    verb,
                    api_group: String::new(),
                    resource: String::new(),
                    resource_name: None,
                    non_resource_url: Some(url.clone()),
                },
                CLUSTER.into(),
            ));
        }
    }
    if rule.resources.is_empty() && !rule.custom_resources {
        return out;
    }
    let names: Vec<Option<String>> = if rule.resource_names.is_empty() {
        vec![None]
    } else {
        rule.resource_names.iter().cloned().map(Some).collect()
    };
    let mut seen_explicit = BTreeMap::new();
    for (group, entries) in &universe.groups {
        let group_ok = group_matches(rule, group) || rule.custom_resources;
        if !group_ok {
            continue;
        }
        for (resource, entry) in entries {
            let matched = if rule.custom_resources {
                entry.custom
            } else {
                group_matches(rule, group) && resource_matches(rule, resource)
            };
            if !matched || excepted(rule, group, resource) {
                continue;
            }
            seen_explicit.insert((group.clone(), resource.clone()), ());
            let namespace = match (scope, entry.namespaced) {
                (Scope::Cluster, true) => EVERY_NAMESPACE.to_string(),
                (Scope::Cluster, false) => CLUSTER.to_string(),
                (Scope::Namespace(ns), true) => ns.clone(),
                // The request for the namespace object itself carries its own namespace, so a
                // RoleBinding reaches `namespaces/<its namespace>` (and its subresources).
                (Scope::Namespace(ns), false)
                    if group.is_empty()
                        && (resource == "namespaces" || resource.starts_with("namespaces/")) =>
                {
                    if !rule.resource_names.is_empty() && !rule.resource_names.contains(ns) {
                        continue;
                    }
                    for verb in entry.verbs.iter().filter(|v| {
                        (wildcard_verbs || rule.verbs.contains(v))
                            && !matches!(v.as_str(), "list" | "watch")
                            && nameable(v, resource)
                    }) {
                        out.push((
                            Perm::resource(verb, group, resource, &Some(ns.clone())),
                            CLUSTER.to_string(),
                        ));
                    }
                    continue;
                }
                (Scope::Namespace(_), false) => continue,
            };
            for verb in entry
                .verbs
                .iter()
                .filter(|v| wildcard_verbs || rule.verbs.contains(v))
            {
                for name in &names {
                    if name.is_some() && !nameable(verb, resource) {
                        continue;
                    }
                    out.push((
                        Perm::resource(verb, group, resource, name),
                        namespace.clone(),
                    ));
                }
            }
        }
    }
    // Open groups (the metrics APIs): every resource pattern as written, with the verbs the
    // group serves.
    for (group, entry) in &universe.open_groups {
        if !group_matches(rule, group) {
            continue;
        }
        let namespace = match (scope, entry.namespaced) {
            (Scope::Cluster, true) => EVERY_NAMESPACE.to_string(),
            (Scope::Cluster, false) => CLUSTER.to_string(),
            (Scope::Namespace(ns), true) => ns.clone(),
            (Scope::Namespace(_), false) => continue,
        };
        for resource in rule.resources.iter().filter(|r| !excepted(rule, group, r)) {
            for verb in entry
                .verbs
                .iter()
                .filter(|v| wildcard_verbs || rule.verbs.contains(v))
            {
                for name in &names {
                    out.push((
                        Perm::resource(verb, group, resource, name),
                        namespace.clone(),
                    ));
                }
            }
        }
    }
    // Explicitly named resources the universe does not know (a CRD not in the input, an
    // aggregated API, a removed version): kept as written, assumed namespaced, so two sides
    // naming them the same still agree ([`unknown_resources`] reports them).
    for group in rule.api_groups.iter().filter(|g| *g != "*") {
        for resource in rule.resources.iter().filter(|r| !r.contains('*')) {
            if unserved(group, resource)
                || universe.entry(group, resource).is_some()
                || seen_explicit.contains_key(&(group.clone(), resource.clone()))
            {
                continue;
            }
            let namespace = match scope {
                Scope::Cluster => EVERY_NAMESPACE.to_string(),
                Scope::Namespace(ns) => ns.clone(),
            };
            let verbs: Vec<String> = if wildcard_verbs {
                universe.standard_verbs.clone()
            } else {
                rule.verbs.clone()
            };
            for verb in verbs {
                for name in &names {
                    if name.is_some() && !nameable(&verb, resource) {
                        continue;
                    }
                    out.push((
                        Perm::resource(&verb, group, resource, name),
                        namespace.clone(),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> PolicyRule {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        PolicyRule {
            api_groups: v(groups),
            resources: v(resources),
            verbs: v(verbs),
            ..Default::default()
        }
    }

    fn resources(perms: &[(Perm, Namespace)]) -> Vec<String> {
        let mut r: Vec<String> = perms.iter().map(|(p, _)| p.resource.clone()).collect();
        r.sort();
        r.dedup();
        r
    }

    #[test]
    fn star_covers_subresources_and_star_slash_scale_only_scale() {
        let u = Universe::builtin().expect("universe");
        let all = expand(&rule(&["apps"], &["*"], &["get"]), &u, &Scope::Cluster);
        assert!(resources(&all).contains(&"deployments/scale".to_string()));
        let scale = expand(
            &rule(&["apps"], &["*/scale"], &["get"]),
            &u,
            &Scope::Cluster,
        );
        assert_eq!(
            resources(&scale),
            [
                "deployments/scale",
                "replicasets/scale",
                "statefulsets/scale"
            ]
        );
        let none = expand(&rule(&[""], &["pods/*"], &["get"]), &u, &Scope::Cluster);
        assert!(none.is_empty(), "pods/* is not a wildcard: {none:?}");
    }

    #[test]
    fn verbs_are_opaque_and_wildcards_expand_per_resource() {
        let u = Universe::builtin().expect("universe");
        let star = expand(
            &rule(&["rbac.authorization.k8s.io"], &["clusterroles"], &["*"]),
            &u,
            &Scope::Cluster,
        );
        let verbs: Vec<&str> = star.iter().map(|(p, _)| p.verb.as_str()).collect();
        assert!(
            verbs.contains(&"escalate") && verbs.contains(&"bind") && verbs.len() == 10,
            "{verbs:?}"
        );
        let eight = expand(
            &rule(
                &["rbac.authorization.k8s.io"],
                &["clusterroles"],
                &[
                    "get",
                    "list",
                    "watch",
                    "create",
                    "update",
                    "patch",
                    "delete",
                    "deletecollection",
                ],
            ),
            &u,
            &Scope::Cluster,
        );
        assert_eq!(eight.len(), 8, "the 8 standard verbs are not *");
    }

    #[test]
    fn rolebinding_scope_drops_cluster_scoped_resources() {
        let u = Universe::builtin().expect("universe");
        let perms = expand(
            &rule(&[""], &["nodes", "pods"], &["get"]),
            &u,
            &Scope::Namespace("team-a".into()),
        );
        assert_eq!(perms.len(), 1);
        assert_eq!(
            (perms[0].0.resource.as_str(), perms[0].1.as_str()),
            ("pods", "team-a")
        );
        let cluster = expand(
            &rule(&[""], &["nodes", "pods"], &["get"]),
            &u,
            &Scope::Cluster,
        );
        let ns: Vec<&str> = cluster.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(ns, ["-", "*"]);
    }

    #[test]
    fn a_rolebinding_reaches_its_own_namespace_object() {
        let u = Universe::builtin().expect("universe");
        let perms = expand(
            &rule(&[""], &["namespaces"], &["get", "list", "delete"]),
            &u,
            &Scope::Namespace("team-b".into()),
        );
        let got: Vec<(&str, Option<&str>, &str)> = perms
            .iter()
            .map(|(p, ns)| (p.verb.as_str(), p.resource_name.as_deref(), ns.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("get", Some("team-b"), "-"),
                ("delete", Some("team-b"), "-")
            ]
        );
        let mut other = rule(&[""], &["namespaces"], &["get"]);
        other.resource_names = vec!["team-c".into()];
        assert!(expand(&other, &u, &Scope::Namespace("team-b".into())).is_empty());
    }

    #[test]
    fn unknown_resources_are_kept_and_reported() {
        let u = Universe::builtin().expect("universe");
        let r = rule(
            &["custom.metrics.k8s.io", "core"],
            &["pods/http_requests"],
            &["get"],
        );
        assert_eq!(expand(&r, &u, &Scope::Cluster).len(), 2);
        assert_eq!(
            unknown_resources(&r, &u),
            ["core/pods/http_requests"],
            "the metrics APIs serve every metric name"
        );
        // prometheus-adapter's `custom.metrics.k8s.io * *` is kept as a pattern, not dropped.
        let adapter = expand(
            &rule(&["custom.metrics.k8s.io"], &["*"], &["*"]),
            &u,
            &Scope::Cluster,
        );
        let got: Vec<(&str, &str)> = adapter
            .iter()
            .map(|(p, _)| (p.verb.as_str(), p.resource.as_str()))
            .collect();
        assert_eq!(got, [("get", "*"), ("list", "*")]);
    }

    #[test]
    fn resource_names_and_non_resource_urls() {
        let u = Universe::builtin().expect("universe");
        let mut r = rule(&[""], &["configmaps"], &["get", "list"]);
        r.resource_names = vec!["app-config".into()];
        let perms = expand(&r, &u, &Scope::Cluster);
        assert_eq!(
            perms.len(),
            2,
            "list with fieldSelector=metadata.name= is named"
        );
        assert!(
            perms
                .iter()
                .all(|(p, _)| p.resource_name.as_deref() == Some("app-config"))
        );
        let mut create = rule(&[""], &["pods", "pods/exec"], &["create"]);
        create.resource_names = vec!["web-0".into()];
        let perms = expand(&create, &u, &Scope::Cluster);
        assert_eq!(
            perms.len(),
            1,
            "only the subresource create is named: {perms:?}"
        );
        assert_eq!(perms[0].0.resource, "pods/exec");
        let urls = PolicyRule {
            non_resource_urls: vec!["/healthz*".into()],
            verbs: vec!["get".into()],
            ..Default::default()
        };
        assert_eq!(
            expand(&urls, &u, &Scope::Cluster)[0]
                .0
                .non_resource_url
                .as_deref(),
            Some("/healthz*")
        );
        assert!(
            expand(&urls, &u, &Scope::Namespace("a".into())).is_empty(),
            "only via ClusterRoleBindings"
        );
    }
}
