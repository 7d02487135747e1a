//! RBAC objects as read from manifests and exports (only the fields authorization uses).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// A list that may be written `null` (the upstream bootstrap export has `rules: null` for
/// aggregated roles): null is the empty list.
fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A `PolicyRule`, plus the cloud-grant extensions of `data/rbac/cloud-grants.yaml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PolicyRule {
    #[serde(deserialize_with = "null_as_empty")]
    pub api_groups: Vec<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub resources: Vec<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub verbs: Vec<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub resource_names: Vec<String>,
    #[serde(rename = "nonResourceURLs", deserialize_with = "null_as_empty")]
    pub non_resource_urls: Vec<String>,
    /// Cloud grants only: resources a `*` rule leaves out (`secrets`, `group/resource[/sub]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub except_resources: Vec<String>,
    /// Cloud grants only: every custom resource.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub custom_resources: bool,
    /// Cloud grants only: the verbs are inferred from a naming convention.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Cloud grants only: the rules of another grant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
}

/// A label selector requirement.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

/// A `LabelSelector`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
    pub match_expressions: Vec<Requirement>,
}

impl LabelSelector {
    /// Kubernetes semantics: every matchLabels pair and every expression must hold; an empty
    /// selector matches everything. Values are compared exactly (case matters).
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let value = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => value.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }
}

/// `aggregationRule`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct AggregationRule {
    pub cluster_role_selectors: Vec<LabelSelector>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Meta {
    pub name: String,
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
}

impl Meta {
    /// The namespace of a namespaced object: as written, or `default` when it has none (where
    /// `kubectl apply` without `-n` puts it), so a Role, the RoleBinding naming it and the
    /// binding's ServiceAccount subjects all agree on it.
    pub fn namespace_or_default(&self) -> &str {
        self.namespace
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
    }
}

/// A Role or ClusterRole.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Role {
    /// `file:line` it was read from (empty for embedded roles).
    #[serde(skip)]
    pub source: String,
    pub metadata: Meta,
    #[serde(deserialize_with = "null_as_empty")]
    pub rules: Vec<PolicyRule>,
    pub aggregation_rule: Option<AggregationRule>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleRef {
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Subject {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
}

/// A RoleBinding or ClusterRoleBinding.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Binding {
    #[serde(skip)]
    pub cluster: bool,
    /// `file:line` it was read from.
    #[serde(skip)]
    pub source: String,
    pub metadata: Meta,
    pub role_ref: RoleRef,
    #[serde(deserialize_with = "null_as_empty")]
    pub subjects: Vec<Subject>,
}

impl Binding {
    pub fn describe(&self) -> String {
        match (&self.metadata.namespace, self.cluster) {
            (Some(ns), false) => format!("RoleBinding/{ns}/{}", self.metadata.name),
            _ => format!("ClusterRoleBinding/{}", self.metadata.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_follow_kubernetes() {
        let labels: BTreeMap<String, String> =
            [("a".into(), "true".into()), ("tier".into(), "x".into())].into();
        let sel = |json: &str| serde_json::from_str::<LabelSelector>(json).expect("selector");
        assert!(sel(r#"{"matchLabels": {"a": "true"}}"#).matches(&labels));
        assert!(
            !sel(r#"{"matchLabels": {"a": "True"}}"#).matches(&labels),
            "values are case-sensitive"
        );
        assert!(
            sel(
                r#"{"matchExpressions": [{"key": "tier", "operator": "In", "values": ["x", "y"]}]}"#
            )
            .matches(&labels)
        );
        assert!(
            sel(r#"{"matchExpressions": [{"key": "b", "operator": "DoesNotExist"}]}"#)
                .matches(&labels)
        );
        assert!(
            !sel(
                r#"{"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["true"]}]}"#
            )
            .matches(&labels)
        );
        assert!(sel("{}").matches(&labels));
    }
}
