//! Answering one request from a side's expanded grants, as the RBAC authorizer would: the
//! question the differential test (`tests/rbac_reference.rs`) asks request by request.
//!
//! The grants are already expanded against the universe ([`super::expand`]), so the answer is
//! a lookup: the permission with the request's name or without one, in the request's
//! namespace or every namespace (cluster-scoped resources and URLs under `-`).

use super::expand::{CLUSTER, EVERY_NAMESPACE, Perm, resource_pattern_matches};
use super::side::Grants;
use super::universe::Universe;

/// A request's attributes (`authorizer.Attributes`): a resource request, or a URL when
/// `non_resource_url` is set (then only `verb` matters, the lower-cased HTTP method).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub verb: String,
    pub api_group: String,
    /// `pods`, or `pods/exec` for a subresource.
    pub resource: String,
    /// Empty when the request carries no name (a create, a list without a name selector).
    pub name: String,
    /// Empty for cluster-scoped resources and all-namespaces list/watch; for the `namespaces`
    /// object itself, its own name (the API server sets it so).
    pub namespace: String,
    pub non_resource_url: Option<String>,
}

/// Whether `pattern` (a namespace key of [`Grants`], `dev-*` for an EKS namespace pattern)
/// admits `namespace`.
fn namespace_matches(pattern: &str, namespace: &str) -> bool {
    pattern == namespace
        || pattern
            .strip_suffix('*')
            .is_some_and(|prefix| !prefix.is_empty() && namespace.starts_with(prefix))
}

/// The provenance of a grant that allows `request`, or `None` when nothing does.
pub fn allowed<'g>(
    grants: &'g Grants,
    universe: &Universe,
    request: &Request,
) -> Option<&'g [String]> {
    if let Some(url) = &request.non_resource_url {
        // The first matching grant in permission order: the same provenance every run.
        return grants
            .iter()
            .filter_map(|(perm, namespaces)| {
                let pattern = perm.non_resource_url.as_deref()?;
                // A pattern ending in `*` is a prefix without all its trailing `*`
                // (`NonResourceURLMatches` trims them: `/apis**` admits `/apisx`).
                let hit = perm.verb == request.verb
                    && (pattern == url
                        || (pattern.ends_with('*')
                            && url.starts_with(pattern.trim_end_matches('*'))));
                hit.then(|| namespaces.values().next().map(|p| (perm, p.as_slice())))
                    .flatten()
            })
            .min_by_key(|(perm, _)| *perm)
            .map(|(_, provenance)| provenance);
    }
    let cluster_scoped = universe
        .entry(&request.api_group, &request.resource)
        .is_some_and(|e| !e.namespaced);
    let in_scope = |namespaces: &'g super::side::Namespaces| {
        namespaces
            .iter()
            .find(|(key, _)| {
                if cluster_scoped {
                    key.as_str() == CLUSTER
                } else if request.namespace.is_empty() {
                    matches!(key.as_str(), EVERY_NAMESPACE | CLUSTER)
                } else {
                    key.as_str() == EVERY_NAMESPACE || namespace_matches(key, &request.namespace)
                }
            })
            .map(|(_, provenance)| provenance.as_slice())
    };
    if universe.open_groups.contains_key(&request.api_group) {
        // Open groups keep the rules' resource patterns (`*`, `*/metric`) as written.
        return grants
            .iter()
            .filter_map(|(perm, namespaces)| {
                let hit = perm.non_resource_url.is_none()
                    && perm.verb == request.verb
                    && perm.api_group == request.api_group
                    && resource_pattern_matches(&perm.resource, &request.resource)
                    && perm
                        .resource_name
                        .as_ref()
                        .is_none_or(|n| *n == request.name);
                hit.then(|| in_scope(namespaces).map(|p| (perm, p)))
                    .flatten()
            })
            .min_by_key(|(perm, _)| *perm)
            .map(|(_, provenance)| provenance);
    }
    let names: &[Option<String>] = if request.name.is_empty() {
        &[None]
    } else {
        &[Some(request.name.clone()), None]
    };
    names.iter().find_map(|name| {
        let perm = Perm::resource(&request.verb, &request.api_group, &request.resource, name);
        grants.get(&perm).and_then(in_scope)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbac::expand::{Scope, expand};
    use crate::rbac::model::PolicyRule;

    fn grants(rule: PolicyRule, scope: Scope) -> Grants {
        let u = Universe::builtin().expect("universe");
        let mut g = Grants::new();
        for (perm, ns) in expand(&rule, &u, &scope) {
            g.entry(perm).or_default().insert(ns, vec!["test".into()]);
        }
        g
    }

    fn req(verb: &str, group: &str, resource: &str, name: &str, ns: &str) -> Request {
        Request {
            verb: verb.into(),
            api_group: group.into(),
            resource: resource.into(),
            name: name.into(),
            namespace: ns.into(),
            non_resource_url: None,
        }
    }

    #[test]
    fn names_namespaces_and_urls() {
        let u = Universe::builtin().expect("universe");
        let named = grants(
            PolicyRule {
                api_groups: vec!["".into()],
                resources: vec!["configmaps".into(), "namespaces".into()],
                verbs: vec!["get".into(), "list".into()],
                resource_names: vec!["a".into()],
                ..Default::default()
            },
            Scope::Namespace("team".into()),
        );
        assert!(allowed(&named, &u, &req("get", "", "configmaps", "a", "team")).is_some());
        assert!(allowed(&named, &u, &req("list", "", "configmaps", "a", "team")).is_some());
        assert!(allowed(&named, &u, &req("list", "", "configmaps", "", "team")).is_none());
        assert!(allowed(&named, &u, &req("get", "", "configmaps", "a", "other")).is_none());
        assert!(allowed(&named, &u, &req("get", "", "configmaps", "a", "")).is_none());
        // The namespace object of the binding's namespace is named "team" only.
        assert!(allowed(&named, &u, &req("get", "", "namespaces", "team", "team")).is_none());
        let own = grants(
            PolicyRule {
                api_groups: vec!["".into()],
                resources: vec!["namespaces".into()],
                verbs: vec!["get".into()],
                ..Default::default()
            },
            Scope::Namespace("team".into()),
        );
        assert!(allowed(&own, &u, &req("get", "", "namespaces", "team", "team")).is_some());
        assert!(allowed(&own, &u, &req("get", "", "namespaces", "other", "other")).is_none());
        let everywhere = grants(
            PolicyRule {
                api_groups: vec!["".into()],
                resources: vec!["pods".into(), "nodes".into()],
                verbs: vec!["list".into()],
                ..Default::default()
            },
            Scope::Cluster,
        );
        assert!(allowed(&everywhere, &u, &req("list", "", "pods", "", "")).is_some());
        assert!(allowed(&everywhere, &u, &req("list", "", "pods", "", "x")).is_some());
        assert!(allowed(&everywhere, &u, &req("list", "", "nodes", "", "")).is_some());
        let urls = grants(
            PolicyRule {
                non_resource_urls: vec!["/healthz*".into()],
                verbs: vec!["get".into()],
                ..Default::default()
            },
            Scope::Cluster,
        );
        let url = |u: &str| Request {
            verb: "get".into(),
            non_resource_url: Some(u.into()),
            ..Default::default()
        };
        assert!(allowed(&urls, &u, &url("/healthz/etcd")).is_some());
        assert!(allowed(&urls, &u, &url("/livez")).is_none());
        let metrics = grants(
            PolicyRule {
                api_groups: vec!["custom.metrics.k8s.io".into()],
                resources: vec!["*/http_requests".into()],
                verbs: vec!["get".into()],
                ..Default::default()
            },
            Scope::Namespace("shop".into()),
        );
        let metric =
            |resource: &str, ns: &str| req("get", "custom.metrics.k8s.io", resource, "*", ns);
        assert!(allowed(&metrics, &u, &metric("pods/http_requests", "shop")).is_some());
        assert!(allowed(&metrics, &u, &metric("pods/cpu", "shop")).is_none());
        assert!(allowed(&metrics, &u, &metric("pods/http_requests", "web")).is_none());
        let doubled = grants(
            PolicyRule {
                non_resource_urls: vec!["/apis**".into()],
                verbs: vec!["get".into()],
                ..Default::default()
            },
            Scope::Cluster,
        );
        assert!(allowed(&doubled, &u, &url("/apisx")).is_some());
        assert!(allowed(&doubled, &u, &url("/apis")).is_some());
        assert!(allowed(&doubled, &u, &url("/api")).is_none());
    }
}
