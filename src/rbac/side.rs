//! One cluster's grants: its roles resolved (missing bootstrap roles from the embedded copy,
//! aggregation computed to its fixpoint), an identity's permissions with provenance (bindings,
//! GKE IAM roles, EKS access policies), and the universe the sides are expanded against.

use std::collections::{BTreeMap, BTreeSet};

use super::RbacError;
use super::data::{Cloud, Data};
use super::expand::{self, Namespace, Perm, Scope};
use super::identity::{Identity, applies, gke_members};
use super::inputs::SideInputs;
use super::model::{PolicyRule, Role};
use super::persona::Persona;
use super::universe::Universe;

/// One side's permissions: permission -> namespace -> provenance. A hash map: expansion
/// inserts hundreds of thousands of permissions, and every report sorts its rows itself.
pub type Grants = std::collections::HashMap<Perm, BTreeMap<Namespace, Vec<String>>>;

/// Where one permission applies, with its provenance.
pub(super) type Namespaces = BTreeMap<Namespace, Vec<String>>;

/// One side, prepared: roles resolved and aggregated.
pub struct Side<'a> {
    pub(super) cloud: Cloud,
    pub(super) inputs: &'a SideInputs,
    cluster_roles: BTreeMap<String, Role>,
    roles: BTreeMap<(String, String), Role>,
    pub(super) notes: Vec<String>,
}

/// ClusterRole aggregation to its fixpoint, like the controller: for each aggregated role,
/// the rules of the roles its selectors match (sorted by name, itself skipped), de-duplicated,
/// replace its own rules.
///
/// The rules an aggregated role carries in the manifest are never kept: iteration starts from
/// empty, giving the least fixpoint, so stale `rules:` of roles aggregating each other in a
/// cycle cannot circulate (the controller's result there depends on its sync order). Values
/// only grow, and a chain of `n` roles settles in at most `n + 1` sweeps.
pub(super) fn aggregate(roles: &mut BTreeMap<String, Role>) {
    for role in roles.values_mut() {
        if role.aggregation_rule.is_some() {
            role.rules.clear();
        }
    }
    for _ in 0..=roles.len() {
        let mut changed = false;
        let names: Vec<String> = roles.keys().cloned().collect();
        for name in &names {
            let Some(selectors) = roles[name].aggregation_rule.clone() else {
                continue;
            };
            let mut rules: Vec<PolicyRule> = Vec::new();
            for selector in &selectors.cluster_role_selectors {
                for (other, role) in roles.iter() {
                    if other != name && selector.matches(&role.metadata.labels) {
                        for r in &role.rules {
                            if !rules.contains(r) {
                                rules.push(r.clone());
                            }
                        }
                    }
                }
            }
            if let Some(role) = roles.get_mut(name)
                && role.rules != rules
            {
                role.rules = rules;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

impl<'a> Side<'a> {
    pub fn new(cloud: Cloud, inputs: &'a SideInputs, data: &Data) -> Side<'a> {
        let mut notes = Vec::new();
        let mut cluster_roles: BTreeMap<String, Role> = inputs
            .cluster_roles
            .iter()
            .map(|r| (r.metadata.name.clone(), r.clone()))
            .collect();
        let missing: BTreeSet<&str> = inputs
            .bindings
            .iter()
            .filter(|b| {
                b.role_ref.kind == "ClusterRole" && !cluster_roles.contains_key(&b.role_ref.name)
            })
            .map(|b| b.role_ref.name.as_str())
            .collect();
        let bootstrap_names: BTreeSet<&str> = data
            .bootstrap_roles()
            .iter()
            .map(|r| r.metadata.name.as_str())
            .collect();
        let needed: Vec<&str> = missing
            .iter()
            .copied()
            .filter(|m| bootstrap_names.contains(m))
            .collect();
        if !needed.is_empty() {
            for role in data.bootstrap_roles() {
                cluster_roles
                    .entry(role.metadata.name.clone())
                    .or_insert_with(|| role.clone());
            }
            notes.push(format!(
                "{}: ClusterRole {} not in the input: used the embedded Kubernetes {} bootstrap copy",
                cloud.as_str(),
                needed.join(", "),
                data.bootstrap_version()
            ));
        }
        aggregate(&mut cluster_roles);
        let roles = inputs
            .roles
            .iter()
            .map(|r| {
                (
                    (
                        r.metadata.namespace_or_default().to_string(),
                        r.metadata.name.clone(),
                    ),
                    r.clone(),
                )
            })
            .collect();
        let mut side = Side {
            cloud,
            inputs,
            cluster_roles,
            roles,
            notes,
        };
        for b in &inputs.bindings {
            if side.role_for(b).is_none() {
                side.notes.push(format!(
                    "{}: {} refers to {} {}, which does not exist: it grants nothing",
                    cloud.as_str(),
                    b.describe(),
                    b.role_ref.kind,
                    b.role_ref.name
                ));
            }
        }
        side
    }

    pub(super) fn role_for(&self, b: &super::model::Binding) -> Option<&Role> {
        match (b.role_ref.kind.as_str(), b.cluster) {
            ("ClusterRole", _) => self.cluster_roles.get(&b.role_ref.name),
            ("Role", false) => self.roles.get(&(
                b.metadata.namespace_or_default().to_string(),
                b.role_ref.name.clone(),
            )),
            _ => None,
        }
    }

    /// The resources rules name that the universe does not know, with the verbs the rules
    /// name for them.
    fn unknown(&self, universe: &Universe) -> BTreeMap<(String, String), BTreeSet<String>> {
        let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let rules = self
            .cluster_roles
            .values()
            .chain(self.roles.values())
            .flat_map(|r| r.rules.iter());
        for rule in rules {
            for named in expand::unknown_resources(rule, universe) {
                if let Some((group, resource)) = named.split_once('/') {
                    out.entry((group.to_string(), resource.to_string()))
                        .or_default()
                        .extend(rule.verbs.iter().filter(|v| *v != "*").cloned());
                }
            }
        }
        out
    }

    /// The resources rules name that the universe does not know, as notes: kept as granted
    /// (or, in a group Kubernetes no longer serves, kept but unreachable).
    fn unknown_notes(&self, universe: &Universe) -> Vec<String> {
        let unknown: BTreeSet<String> = self
            .cluster_roles
            .values()
            .chain(self.roles.values())
            .flat_map(|r| r.rules.iter())
            .flat_map(|rule| expand::unknown_resources(rule, universe))
            .collect();
        let unknown = unknown.into_iter().map(|r| match r.strip_prefix("core/") {
            Some(rest) => format!("\"core\"/{rest}"),
            None => r,
        });
        let (unserved, kept): (Vec<String>, Vec<String>) = unknown.partition(|r| {
            r.split_once('/')
                .is_some_and(|(group, resource)| expand::unserved(group, resource))
        });
        let cloud = self.cloud.as_str();
        let mut out = Vec::new();
        if !kept.is_empty() {
            out.push(format!(
                "{cloud}: unknown to discovery: kept as granted: {}",
                kept.join(", ")
            ));
        }
        if !unserved.is_empty() {
            out.push(format!(
                "{cloud}: not served by Kubernetes {}: kept as granted, no request reaches them: {}",
                universe.kubernetes_version,
                unserved.join(", ")
            ));
        }
        out
    }

    /// Every group some binding names.
    pub(super) fn bound_groups(&self) -> BTreeSet<String> {
        self.inputs
            .bindings
            .iter()
            .flat_map(|b| b.subjects.iter())
            .filter(|s| s.kind == "Group")
            .map(|s| s.name.clone())
            .collect()
    }

    /// The permissions of an identity on this side.
    pub fn grants(
        &self,
        identity: &Identity,
        universe: &Universe,
        data: &Data,
        persona: &Persona,
        notes: &mut Vec<String>,
    ) -> Grants {
        let mut grants = Grants::new();
        let add = |perms: Vec<(Perm, Namespace)>, provenance: &[String], grants: &mut Grants| {
            for (perm, ns) in perms {
                grants
                    .entry(perm)
                    .or_default()
                    .entry(ns)
                    .or_insert_with(|| provenance.to_vec());
            }
        };
        if identity.masters {
            let prov = vec![
                "group system:masters (allowed everything by the API server, no binding needed)"
                    .to_string(),
            ];
            let all = PolicyRule {
                api_groups: vec!["*".into()],
                resources: vec!["*".into()],
                verbs: vec!["*".into()],
                non_resource_urls: vec!["*".into()],
                ..Default::default()
            };
            add(
                expand::expand(&all, universe, &Scope::Cluster),
                &prov,
                &mut grants,
            );
            return grants;
        }
        for b in &self.inputs.bindings {
            let namespace = if b.cluster {
                ""
            } else {
                b.metadata.namespace_or_default()
            };
            if !b.subjects.iter().any(|s| applies(s, namespace, identity)) {
                continue;
            }
            let Some(role) = self.role_for(b) else {
                continue;
            };
            let scope = if b.cluster {
                Scope::Cluster
            } else {
                Scope::Namespace(namespace.to_string())
            };
            for (i, rule) in role.rules.iter().enumerate() {
                let mut prov = vec![
                    b.describe(),
                    format!("{}/{} rules[{i}]", b.role_ref.kind, b.role_ref.name),
                ];
                prov.extend(identity.mapping.iter().cloned());
                add(expand::expand(rule, universe, &scope), &prov, &mut grants);
            }
        }
        match self.cloud {
            Cloud::Gke => self.iam_grants(identity, universe, data, persona, notes, &mut grants),
            Cloud::Eks => {
                for (policy, scope) in &identity.policies {
                    let Some((source, rules)) = data.cloud_rules(Cloud::Eks, policy, 0) else {
                        notes.push(format!("eks: persona {}: access policy {policy} is not in the embedded table; not evaluated", persona.name));
                        continue;
                    };
                    let scopes: Vec<Scope> = match scope {
                        None => vec![Scope::Cluster],
                        Some(nss) => nss.iter().map(|n| Scope::Namespace(n.clone())).collect(),
                    };
                    for scope in scopes {
                        for (i, rule) in rules.iter().enumerate() {
                            let where_ = match &scope {
                                Scope::Cluster => "cluster".to_string(),
                                Scope::Namespace(n) => format!("namespace {n}"),
                            };
                            let mut prov = vec![format!(
                                "access policy {policy} ({where_}) rules[{i}]: {source}"
                            )];
                            prov.extend(identity.mapping.iter().cloned());
                            add(expand::expand(rule, universe, &scope), &prov, &mut grants);
                        }
                    }
                }
            }
        }
        grants
    }

    fn iam_grants(
        &self,
        identity: &Identity,
        universe: &Universe,
        data: &Data,
        persona: &Persona,
        notes: &mut Vec<String>,
        grants: &mut Grants,
    ) {
        let members = gke_members(persona);
        for b in &self.inputs.iam {
            let Some(member) = b
                .members
                .iter()
                .find(|m| members.contains(m.as_str()) || *m == "allAuthenticatedUsers")
            else {
                continue;
            };
            if let Some(condition) = &b.condition {
                notes.push(format!("gke: persona {}: IAM binding {} for {member} is conditional ({condition}); reported, not applied", persona.name, b.role));
                continue;
            }
            let Some((source, rules)) = data.cloud_rules(Cloud::Gke, &b.role, 0) else {
                if b.role.starts_with("roles/container.")
                    || b.role.starts_with("projects/")
                    || b.role.starts_with("organizations/")
                {
                    notes.push(format!("gke: persona {}: IAM role {} ({member}) is not in the embedded table; its container.* permissions are not evaluated", persona.name, b.role));
                }
                continue;
            };
            for (i, rule) in rules.iter().enumerate() {
                let mut prov = vec![format!(
                    "IAM {} for {member} in {} rules[{i}]{}: {source}",
                    b.role,
                    b.source,
                    if rule.inferred {
                        " (inferred mapping)"
                    } else {
                        ""
                    }
                )];
                prov.extend(identity.mapping.iter().cloned());
                for (perm, ns) in expand::expand(rule, universe, &Scope::Cluster) {
                    grants
                        .entry(perm)
                        .or_default()
                        .entry(ns)
                        .or_insert_with(|| prov.clone());
                }
            }
        }
    }
}

/// The universe the sides are expanded against, and the notes that say where it came from:
/// the built-in list, then the sides' CRDs, then their discovery (which wins); last, the
/// resources rules name that none of these know, kept as granted (and noted) and assumed
/// namespaced with the verbs the rules name plus the standard verbs (a subresource: get,
/// update, patch, what status, scale and finalizers serve), so that a `*` reaches them as
/// Kubernetes' would if they exist (if they do not, no request reaches them either way).
/// Groups Kubernetes no longer serves and the group literally named `core` are not added.
pub fn build_universe(sides: &[&Side<'_>]) -> Result<(Universe, Vec<String>), RbacError> {
    let mut universe = Universe::builtin()?;
    for side in sides {
        for crd in &side.inputs.crds {
            universe.add_crd(crd);
        }
    }
    for side in sides {
        for s in &side.inputs.served {
            universe.add_served(&s.group, &s.resource, s.namespaced, &s.verbs);
        }
    }
    let mut notes = Vec::new();
    for side in sides {
        for (source, n) in &side.inputs.discovery {
            notes.push(format!(
                "{}: discovery {source}: {n} served resources, taking precedence over the built-in Kubernetes {} list",
                side.cloud.as_str(),
                universe.kubernetes_version
            ));
        }
    }
    let mut assumed: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for side in sides {
        notes.extend(side.unknown_notes(&universe));
        for (key, verbs) in side.unknown(&universe) {
            assumed.entry(key).or_default().extend(verbs);
        }
    }
    for ((group, resource), verbs) in assumed {
        if group == "core" || expand::unserved(&group, &resource) {
            continue;
        }
        let verbs: Vec<String> = verbs.into_iter().collect();
        universe.add_assumed(&group, &resource, &verbs);
    }
    Ok((universe, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregation_cycles_keep_no_stale_rules() {
        // a-agg and b-agg aggregate each other (and the leaf); b-agg's manifest still carries
        // a stale rule, which must not leak into either.
        let rule = |resource: &str| PolicyRule {
            api_groups: vec!["".into()],
            resources: vec![resource.into()],
            verbs: vec!["get".into()],
            ..Default::default()
        };
        let role = |name: &str, aggregated: bool, rules: Vec<PolicyRule>| Role {
            metadata: super::super::model::Meta {
                name: name.into(),
                labels: [("c".to_string(), "true".to_string())].into(),
                ..Default::default()
            },
            rules,
            aggregation_rule: aggregated.then(|| super::super::model::AggregationRule {
                cluster_role_selectors: vec![super::super::model::LabelSelector {
                    match_labels: [("c".to_string(), "true".to_string())].into(),
                    ..Default::default()
                }],
            }),
            ..Default::default()
        };
        let mut roles: BTreeMap<String, Role> = [
            role("a-agg", true, vec![]),
            role("b-agg", true, vec![rule("secrets")]),
            role("leaf", false, vec![rule("pods")]),
        ]
        .into_iter()
        .map(|r| (r.metadata.name.clone(), r))
        .collect();
        aggregate(&mut roles);
        for name in ["a-agg", "b-agg"] {
            assert_eq!(roles[name].rules, vec![rule("pods")], "{name}");
        }
    }

    #[test]
    fn objects_without_namespace_are_in_default() {
        // A Role and a RoleBinding written without a namespace (applied without `-n`) are in
        // `default`, and so is the binding's ServiceAccount subject without one.
        let mut inputs = SideInputs::default();
        inputs.add_text(
            &crate::manifest::InputFile::Path("rb.yaml".into()),
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n\
             rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]\n---\n\
             apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n\
             roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n\
             subjects: [{kind: ServiceAccount, name: ci}]\n---\n\
             apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n\
             metadata: {name: c, namespace: default}\n\
             roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n\
             subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]\n",
        );
        inputs.settle(false);
        assert!(inputs.errors.is_empty(), "{:?}", inputs.errors);
        let data = Data::embedded().expect("data");
        let universe = Universe::builtin().expect("universe");
        let side = Side::new(Cloud::Eks, &inputs, &data);
        let get = Perm::resource("get", "", "configmaps", &None);
        for user in ["system:serviceaccount:default:ci", "alice"] {
            let identity = Identity {
                username: Some(user.into()),
                ..Default::default()
            };
            let grants = side.grants(
                &identity,
                &universe,
                &data,
                &Persona::default(),
                &mut Vec::new(),
            );
            assert!(
                grants
                    .get(&get)
                    .is_some_and(|ns| ns.contains_key("default")),
                "{user}: {grants:?}"
            );
        }
    }
}
