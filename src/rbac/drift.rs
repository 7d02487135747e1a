//! The drift between two sides' grants: the rows where they differ (a grant covered by a wider
//! one on the other side is not drift), and each permission's category and severity.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::expand::{self, CLUSTER, EVERY_NAMESPACE, Perm};
use super::side::{Grants, Namespaces};

/// One drift row.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DriftRow {
    pub side: &'static str,
    #[serde(flatten)]
    pub perm: Perm,
    pub namespace: String,
    pub except_namespaces: Vec<String>,
    pub severity: &'static str,
    pub category: &'static str,
    pub provenance: Vec<String>,
    /// The other side's narrower grants under this one (names under an unnamed grant, URLs
    /// under a `prefix*` pattern): what it does cover.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_side_covers: Vec<String>,
}

/// (category, severity) of a permission, in report order.
fn classify(perm: &Perm) -> (&'static str, &'static str) {
    let write = [
        "create",
        "update",
        "patch",
        "delete",
        "deletecollection",
        "*",
    ];
    if perm.api_group == "core" {
        // `apiGroups: [core]` names a group no API serves: it grants nothing.
        ("other", "low")
    } else if perm.resource == "secrets" {
        ("secrets", "high")
    } else if ["pods/exec", "pods/attach", "pods/portforward"].contains(&perm.resource.as_str()) {
        ("exec", "high")
    } else if ["bind", "escalate", "impersonate"].contains(&perm.verb.as_str())
        || (perm.api_group == "rbac.authorization.k8s.io" && write.contains(&perm.verb.as_str()))
    {
        ("rbac", "high")
    } else if perm.resource == "nodes" || perm.resource.starts_with("nodes/") {
        ("nodes", "medium")
    } else {
        ("other", "low")
    }
}

pub(crate) const CATEGORIES: [&str; 5] = ["secrets", "exec", "rbac", "nodes", "other"];

/// Whether grant `wide` covers request-or-grant `narrow` (same verb): an unnamed grant covers
/// its named forms, a nonResourceURL pattern `prefix*` (or `*`) every URL and pattern that
/// starts with the prefix, and a resource pattern of an open group (`*`, `*/metric`, only the
/// metrics APIs keep them) the resources it matches.
fn covers(wide: &Perm, narrow: &Perm) -> bool {
    if wide.verb != narrow.verb {
        return false;
    }
    match (&wide.non_resource_url, &narrow.non_resource_url) {
        (Some(w), Some(n)) => {
            // Every trailing `*` goes, as `NonResourceURLMatches` trims them (`/apis**`).
            w == n || (w.ends_with('*') && n.starts_with(w.trim_end_matches('*')))
        }
        (None, None) => {
            wide.api_group == narrow.api_group
                && (wide.resource == narrow.resource
                    || (wide.resource.contains('*')
                        && expand::resource_pattern_matches(&wide.resource, &narrow.resource)))
                && (wide.resource_name.is_none() || wide.resource_name == narrow.resource_name)
        }
        _ => false,
    }
}

/// What of a side's grants a permission may be covered by or cover: its unnamed form, and the
/// side's URL patterns.
struct CoverIndex<'a> {
    /// Unnamed resource permission -> the named grants under it.
    named: BTreeMap<Perm, Vec<&'a Perm>>,
    urls: Vec<&'a Perm>,
    /// Resource patterns of open groups (`custom.metrics.k8s.io *`).
    patterns: Vec<&'a Perm>,
}

impl<'a> CoverIndex<'a> {
    fn new(grants: &'a Grants) -> CoverIndex<'a> {
        let mut named: BTreeMap<Perm, Vec<&Perm>> = BTreeMap::new();
        let mut urls = Vec::new();
        let mut patterns = Vec::new();
        for p in grants.keys() {
            if p.resource.contains('*') {
                patterns.push(p);
            }
            if p.non_resource_url.is_some() {
                urls.push(p);
            } else if p.resource_name.is_some() {
                named
                    .entry(Perm {
                        resource_name: None,
                        ..p.clone()
                    })
                    .or_default()
                    .push(p);
            }
        }
        CoverIndex {
            named,
            urls,
            patterns,
        }
    }

    /// This side's grants that cover `perm` (itself included).
    fn covering(&self, grants: &'a Grants, perm: &Perm) -> Vec<&'a Namespaces> {
        let mut out: Vec<&Namespaces> = grants.get(perm).into_iter().collect();
        if perm.resource_name.is_some() {
            let unnamed = Perm {
                resource_name: None,
                ..perm.clone()
            };
            out.extend(grants.get(&unnamed));
        }
        let wider = if perm.non_resource_url.is_some() {
            &self.urls
        } else {
            &self.patterns
        };
        out.extend(
            wider
                .iter()
                .filter(|w| **w != perm && covers(w, perm))
                .filter_map(|w| grants.get(*w)),
        );
        out
    }

    /// This side's narrower grants under `perm`, in namespace `ns`.
    fn under(&self, grants: &Grants, perm: &Perm, ns: &str) -> Vec<String> {
        let in_ns = |p: &Perm| {
            grants.get(p).is_some_and(|m| {
                m.contains_key(ns)
                    || (ns != CLUSTER && m.contains_key(EVERY_NAMESPACE))
                    || (ns == EVERY_NAMESPACE && !m.is_empty())
            })
        };
        let mut out: Vec<String> = Vec::new();
        if perm.non_resource_url.is_some() {
            out.extend(
                self.urls
                    .iter()
                    .filter(|n| **n != perm && covers(perm, n) && in_ns(n))
                    .filter_map(|n| n.non_resource_url.clone()),
            );
        } else if perm.resource.contains('*') {
            out.extend(
                grants
                    .keys()
                    .filter(|n| *n != perm && covers(perm, n) && in_ns(n))
                    .map(|n| match &n.resource_name {
                        Some(name) => format!("{} {name}", n.resource),
                        None => n.resource.clone(),
                    }),
            );
        } else if perm.resource_name.is_none() {
            out.extend(
                self.named
                    .get(perm)
                    .into_iter()
                    .flatten()
                    .filter(|n| in_ns(n))
                    .filter_map(|n| n.resource_name.clone()),
            );
        }
        // Grants are a hash map: the same order every run.
        out.sort();
        out.dedup();
        out
    }
}

/// The rows where two sides' grants differ. A grant covered by a wider one on the other side
/// (a named grant by the unnamed one, a URL by a `prefix*` pattern) is not drift; a wider
/// grant's row lists what the other side does cover under it.
pub(super) fn diff(gke: &Grants, eks: &Grants) -> Vec<DriftRow> {
    let mut rows = Vec::new();
    let keys: BTreeSet<&Perm> = gke.keys().chain(eks.keys()).collect();
    let empty = BTreeMap::new();
    let (gke_index, eks_index) = (CoverIndex::new(gke), CoverIndex::new(eks));
    for perm in keys {
        let a = gke.get(perm).unwrap_or(&empty);
        let b = eks.get(perm).unwrap_or(&empty);
        let (category, severity) = classify(perm);
        for (side, mine, other, other_index) in [
            ("gke-only", a, eks, &eks_index),
            ("eks-only", b, gke, &gke_index),
        ] {
            let theirs = other_index.covering(other, perm);
            let has = |ns: &str| theirs.iter().any(|m| m.contains_key(ns));
            let mut push = |ns: &str, except: Vec<String>, prov: &Vec<String>| {
                rows.push(DriftRow {
                    side,
                    perm: perm.clone(),
                    namespace: ns.to_string(),
                    except_namespaces: except,
                    severity,
                    category,
                    provenance: prov.clone(),
                    other_side_covers: other_index.under(other, perm, ns),
                });
            };
            if let Some(prov) = mine.get(EVERY_NAMESPACE)
                && !has(EVERY_NAMESPACE)
            {
                let except: BTreeSet<String> = theirs
                    .iter()
                    .flat_map(|m| m.keys())
                    .filter(|n| *n != CLUSTER)
                    .cloned()
                    .collect();
                push(EVERY_NAMESPACE, except.into_iter().collect(), prov);
            }
            for (ns, prov) in mine.iter().filter(|(n, _)| *n != EVERY_NAMESPACE) {
                let covered = has(ns) || (ns != CLUSTER && has(EVERY_NAMESPACE));
                // A namespace my own `*` already reports is not a row of its own.
                let subsumed = ns != CLUSTER && mine.contains_key(EVERY_NAMESPACE);
                if !covered && !subsumed {
                    push(ns, Vec::new(), prov);
                }
            }
        }
    }
    rows.sort_by(|x, y| {
        let cat = |r: &DriftRow| {
            CATEGORIES
                .iter()
                .position(|c| *c == r.category)
                .unwrap_or(9)
        };
        (cat(x), x.side, &x.perm, &x.namespace).cmp(&(cat(y), y.side, &y.perm, &y.namespace))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_follows_kubernetes_matching() {
        let url = |u: &str| Perm {
            verb: "get".into(),
            non_resource_url: Some(u.into()),
            ..Default::default()
        };
        assert!(covers(&url("/healthz*"), &url("/healthz")));
        assert!(covers(&url("/healthz*"), &url("/healthz/etcd")));
        assert!(
            covers(&url("/healthz*"), &url("/healthzfoo")),
            "a plain prefix"
        );
        assert!(covers(&url("/healthz*"), &url("/healthz/*")));
        assert!(covers(&url("*"), &url("/metrics")));
        assert!(!covers(&url("/healthz"), &url("/healthz/etcd")));
        assert!(!covers(&url("/healthz/*"), &url("/healthz")));
        assert!(
            covers(&url("/apis**"), &url("/apisx")),
            "every trailing * is trimmed"
        );
        let named = Perm::resource("get", "", "pods/exec", &Some("web-0".into()));
        let unnamed = Perm::resource("get", "", "pods/exec", &None);
        assert!(covers(&unnamed, &named));
        assert!(!covers(&named, &unnamed));
        assert!(!covers(
            &Perm::resource("create", "", "pods/exec", &None),
            &named
        ));
    }

    #[test]
    fn star_rows_list_the_exceptions() {
        let perm = Perm {
            verb: "get".into(),
            api_group: String::new(),
            resource: "pods".into(),
            resource_name: None,
            non_resource_url: None,
        };
        let mut gke = Grants::new();
        gke.entry(perm.clone())
            .or_default()
            .insert("payments".into(), vec!["RoleBinding/payments/x".into()]);
        let mut eks = Grants::new();
        eks.entry(perm)
            .or_default()
            .insert("*".into(), vec!["ClusterRoleBinding/x".into()]);
        let rows = diff(&gke, &eks);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].side,
                rows[0].namespace.as_str(),
                rows[0].except_namespaces.clone()
            ),
            ("eks-only", "*", vec!["payments".to_string()])
        );
    }
}
