//! Effective-permission parity between a GKE and an EKS cluster, per persona.
//!
//! Per side: resolve the persona to a username and groups (GKE: the Google group or user; EKS:
//! access entries and/or aws-auth by authentication mode), pick the bindings whose subjects
//! apply, resolve their roles (aggregation computed to its fixpoint; missing bootstrap roles
//! from the embedded copy), expand every rule against the universe, add cloud grants (GKE IAM
//! roles, EKS access policies), then diff the two sets of permissions with provenance.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::expand::{self, CLUSTER, EVERY_NAMESPACE, Namespace, Perm, Scope};
use super::inputs::SideInputs;
use super::model::{PolicyRule, Role, Subject};
use super::universe::Universe;

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
pub struct BootstrapBinding {
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
    pub fn embedded() -> Result<Data, String> {
        Ok(Data {
            bootstrap: serde_saphyr::from_str(BOOTSTRAP_YAML)
                .map_err(|e| format!("data/rbac/bootstrap.yaml: {e}"))?,
            cloud: serde_saphyr::from_str(CLOUD_YAML)
                .map_err(|e| format!("data/rbac/cloud-grants.yaml: {e}"))?,
        })
    }

    /// A cloud grant's rules with `include`s resolved.
    fn cloud_rules(
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

    pub fn bootstrap_roles(&self) -> &[Role] {
        &self.bootstrap.cluster_roles
    }

    pub fn bootstrap_bindings(&self) -> &[BootstrapBinding] {
        &self.bootstrap.cluster_role_bindings
    }
}

/// One side's permissions: permission -> namespace -> provenance. A hash map: expansion
/// inserts hundreds of thousands of permissions, and every report sorts its rows itself.
pub type Grants = std::collections::HashMap<Perm, BTreeMap<Namespace, Vec<String>>>;

/// Who a persona is on one side.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Identity {
    pub username: Option<String>,
    pub groups: Vec<String>,
    #[serde(skip)]
    pub masters: bool,
    /// How the principal was mapped (aws-auth entry, access entry, Google group).
    #[serde(skip)]
    pub mapping: Vec<String>,
    /// EKS access policies: (policy, namespaces or None for cluster).
    #[serde(skip)]
    pub policies: Vec<(String, Option<Vec<String>>)>,
}

/// One side, prepared: roles resolved and aggregated.
pub struct Side<'a> {
    pub cloud: Cloud,
    pub inputs: &'a SideInputs,
    cluster_roles: BTreeMap<String, Role>,
    roles: BTreeMap<(String, String), Role>,
    pub notes: Vec<String>,
}

/// ClusterRole aggregation to its fixpoint, like the controller: for each aggregated role,
/// the rules of the roles its selectors match (sorted by name, itself skipped), de-duplicated,
/// replace its own rules.
///
/// The rules an aggregated role carries in the manifest are never kept: iteration starts from
/// empty, giving the least fixpoint, so stale `rules:` of roles aggregating each other in a
/// cycle cannot circulate (the controller's result there depends on its sync order). Values
/// only grow, and a chain of `n` roles settles in at most `n + 1` sweeps.
pub fn aggregate(roles: &mut BTreeMap<String, Role>) {
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
                data.bootstrap.kubernetes_version
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

    pub fn role_for(&self, b: &super::model::Binding) -> Option<&Role> {
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
    pub fn unknown_notes(&self, universe: &Universe) -> Vec<String> {
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
    pub fn bound_groups(&self) -> BTreeSet<String> {
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

/// Whether a binding subject names the identity (`appliesToUser`): a ServiceAccount subject
/// without a namespace takes the RoleBinding's, and never matches from a ClusterRoleBinding.
pub fn applies(subject: &Subject, binding_namespace: &str, identity: &Identity) -> bool {
    match subject.kind.as_str() {
        "User" => identity.username.as_deref() == Some(subject.name.as_str()),
        "Group" => identity.groups.contains(&subject.name),
        "ServiceAccount" => {
            let ns = subject
                .namespace
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or(binding_namespace);
            !ns.is_empty()
                && identity.username.as_deref()
                    == Some(service_account_user(ns, &subject.name).as_str())
        }
        _ => false,
    }
}

/// The username of a Kubernetes service account.
pub fn service_account_user(namespace: &str, name: &str) -> String {
    format!("system:serviceaccount:{namespace}:{name}")
}

/// The identity a service account `namespace/name` authenticates as: its username, the groups
/// `system:serviceaccounts` and `system:serviceaccounts:<namespace>`, and `system:authenticated`.
pub fn service_account_identity(ksa: &str) -> Result<Identity, String> {
    let Some((ns, name)) = ksa
        .split_once('/')
        .filter(|(n, m)| !n.is_empty() && !m.is_empty() && !m.contains('/'))
    else {
        return Err(format!("service account {ksa:?} is not namespace/name"));
    };
    Ok(Identity {
        username: Some(service_account_user(ns, name)),
        groups: vec![
            "system:serviceaccounts".into(),
            format!("system:serviceaccounts:{ns}"),
            "system:authenticated".into(),
        ],
        mapping: vec![format!("service account {ns}/{name}")],
        ..Default::default()
    })
}

/// The IAM member strings that are this persona.
fn gke_members(persona: &Persona) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (kind, email) in [("group", &persona.gke.group), ("user", &persona.gke.user)] {
        if let Some(e) = email {
            out.insert(format!("{kind}:{e}"));
            if let Some((_, domain)) = e.split_once('@') {
                out.insert(format!("domain:{domain}"));
            }
        }
    }
    out
}

/// The GKE identity of a persona.
pub fn gke_identity(persona: &Persona, side: &Side<'_>, notes: &mut Vec<String>) -> Identity {
    if let Some(Ok(mut id)) = persona
        .gke
        .service_account
        .as_deref()
        .map(service_account_identity)
    {
        if let Some(gsa) = &persona.gke.google_service_account {
            workload_note(persona, side, gsa, "iam.gke.io/gcp-service-account", notes);
            id.mapping.push(format!("Workload Identity {gsa}"));
        }
        return id;
    }
    let mut groups = Vec::new();
    let mut mapping = Vec::new();
    if let Some(group) = &persona.gke.group {
        if side.inputs.security_group.as_deref() == Some("") {
            notes.push(format!("gke: Google Groups for RBAC is disabled on the cluster: group {group} of persona {} is not seen by RBAC", persona.name));
        } else {
            groups.push(group.clone());
            mapping.push(format!("Google group {group}"));
        }
    }
    groups.push("system:authenticated".into());
    Identity {
        username: persona.gke.user.clone(),
        groups,
        masters: false,
        mapping,
        policies: Vec::new(),
    }
}

/// `arn:aws:iam::A:role/path/R` and `arn:aws:sts::A:assumed-role/R/S` -> `arn:aws:iam::A:role/R`:
/// the ARN the authenticator compares aws-auth `rolearn` with (which is why a `rolearn` with a
/// path never matches).
pub fn canonical_arn(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 {
        return arn.to_string();
    }
    let (service, account, resource) = (parts[2], parts[4], parts[5]);
    if service == "sts"
        && let Some(rest) = resource.strip_prefix("assumed-role/")
    {
        let role = rest.split('/').next().unwrap_or(rest);
        return format!("arn:{}:iam::{account}:role/{role}", parts[1]);
    }
    if service == "iam"
        && let Some(rest) = resource.strip_prefix("role/")
    {
        let role = rest.rsplit('/').next().unwrap_or(rest);
        return format!("arn:{}:iam::{account}:role/{role}", parts[1]);
    }
    arn.to_string()
}

fn render(template: &str, arn: &str, session: &str) -> String {
    let account = arn.split(':').nth(4).unwrap_or_default();
    template
        .replace("{{AccountID}}", account)
        .replace("{{SessionName}}", &session.replace('@', "-"))
        .replace("{{SessionNameRaw}}", session)
}

/// Checks a workload persona's cloud identity against the input: the KSA's annotation (GKE
/// Workload Identity, EKS IRSA) or an EKS Pod Identity association for it.
fn workload_note(
    persona: &Persona,
    side: &Side<'_>,
    expected: &str,
    annotation: &str,
    notes: &mut Vec<String>,
) {
    let cloud = side.cloud.as_str();
    let ksa = match side.cloud {
        Cloud::Gke => persona.gke.service_account.as_deref(),
        Cloud::Eks => persona.eks.service_account.as_deref(),
    }
    .unwrap_or_default();
    let associated = side
        .inputs
        .pod_identities
        .iter()
        .filter(|p| p.service_account == ksa)
        .filter_map(|p| p.role_arn.as_deref())
        .collect::<Vec<_>>();
    if associated.contains(&expected) {
        return;
    }
    let Some(sa) = side.inputs.service_accounts.iter().find(|s| s.name == ksa) else {
        if associated.is_empty() {
            notes.push(format!("{cloud}: persona {}: service account {ksa} is not in the input; its mapping to {expected} is not verified", persona.name));
        }
        return;
    };
    match sa.annotations.get(annotation) {
        Some(v) if v == expected => {}
        found => notes.push(format!(
            "{cloud}: persona {}: service account {ksa} ({}) has {annotation}: {}, not {expected}",
            persona.name,
            sa.source,
            found.map(String::as_str).unwrap_or("(none)")
        )),
    }
}

/// The EKS identity of a persona, by authentication mode.
pub fn eks_identity(persona: &Persona, side: &Side<'_>, notes: &mut Vec<String>) -> Identity {
    if let Some(Ok(mut id)) = persona
        .eks
        .service_account
        .as_deref()
        .map(service_account_identity)
    {
        if let Some(role) = &persona.eks.role_arn {
            workload_note(persona, side, role, "eks.amazonaws.com/role-arn", notes);
            id.mapping.push(format!("IAM role {role}"));
        }
        return id;
    }
    let mut identity = Identity::default();
    let Some(arn) = &persona.eks.principal_arn else {
        identity.groups.push("system:authenticated".into());
        return identity;
    };
    let inputs = side.inputs;
    let mode = inputs.authentication_mode.clone().unwrap_or_else(|| {
        if inputs.access_entries.is_empty() {
            "CONFIG_MAP".into()
        } else {
            "API_AND_CONFIG_MAP".into()
        }
    });
    let session = persona.name.clone();
    let mut found = false;
    if mode.contains("API")
        && let Some(entry) = inputs
            .access_entries
            .values()
            .find(|e| e.principal_arn.eq_ignore_ascii_case(arn))
    {
        found = true;
        identity.username = Some(render(
            entry.username.as_deref().unwrap_or(arn),
            arn,
            &session,
        ));
        identity.groups = entry
            .groups
            .iter()
            .map(|g| render(g, arn, &session))
            .collect();
        identity.policies = entry.policies.clone();
        identity.mapping.push(format!("access entry {arn}"));
    }
    if !found && mode.contains("CONFIG_MAP") {
        let canonical = canonical_arn(arn);
        // Duplicates: the last entry wins, as in the authenticator.
        let matched = inputs.aws_auth.iter().rev().find(|e| {
            if e.is_role {
                e.arn.eq_ignore_ascii_case(&canonical)
            } else {
                e.arn.eq_ignore_ascii_case(arn)
            }
        });
        if let Some(e) = matched {
            found = true;
            identity.username = Some(render(
                e.username.as_deref().unwrap_or(&canonical),
                arn,
                &session,
            ));
            identity.groups = e.groups.iter().map(|g| render(g, arn, &session)).collect();
            let short = e.arn.rsplit(':').next().unwrap_or(&e.arn);
            identity.mapping.push(format!(
                "aws-auth {} {short}",
                if e.is_role { "mapRoles" } else { "mapUsers" }
            ));
        }
    }
    if !found {
        notes.push(format!("eks: persona {}: principal {arn} matches no identity mapping (authentication mode {mode}); it can only do what system:authenticated can", persona.name));
    }
    identity.masters = identity.groups.iter().any(|g| g == "system:masters");
    identity.groups.push("system:authenticated".into());
    identity
}

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
pub fn classify(perm: &Perm) -> (&'static str, &'static str) {
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

pub const CATEGORIES: [&str; 5] = ["secrets", "exec", "rbac", "nodes", "other"];

/// Whether grant `wide` covers request-or-grant `narrow` (same verb): an unnamed grant covers
/// its named forms, a nonResourceURL pattern `prefix*` (or `*`) every URL and pattern that
/// starts with the prefix, and a resource pattern of an open group (`*`, `*/metric`, only the
/// metrics APIs keep them) the resources it matches.
pub fn covers(wide: &Perm, narrow: &Perm) -> bool {
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

/// Where one permission applies, with its provenance.
pub type Namespaces = BTreeMap<Namespace, Vec<String>>;

/// The rows where two sides' grants differ. A grant covered by a wider one on the other side
/// (a named grant by the unnamed one, a URL by a `prefix*` pattern) is not drift; a wider
/// grant's row lists what the other side does cover under it.
pub fn diff(gke: &Grants, eks: &Grants) -> Vec<DriftRow> {
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

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The bound group closest to `group`, if one is near (a likely typo).
pub fn closest<'a>(group: &str, bound: &'a BTreeSet<String>) -> Option<&'a String> {
    bound
        .iter()
        .map(|b| {
            (
                if b.eq_ignore_ascii_case(group) {
                    0
                } else {
                    distance(group, b)
                },
                b,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn canonical_arns_drop_paths() {
        assert_eq!(
            canonical_arn("arn:aws:iam::111122223333:role/teams/k8s-editors"),
            "arn:aws:iam::111122223333:role/k8s-editors"
        );
        assert_eq!(
            canonical_arn("arn:aws:sts::111122223333:assumed-role/k8s-editors/alice"),
            "arn:aws:iam::111122223333:role/k8s-editors"
        );
        assert_eq!(
            canonical_arn("arn:aws:iam::111122223333:user/alice"),
            "arn:aws:iam::111122223333:user/alice"
        );
    }

    #[test]
    fn typos_find_their_group() {
        let bound: BTreeSet<String> = [
            "platform:editors".to_string(),
            "platform:viewers".to_string(),
        ]
        .into();
        assert_eq!(
            closest("platfrom:editors", &bound).map(String::as_str),
            Some("platform:editors")
        );
        assert_eq!(
            closest("Platform:Editors", &bound).map(String::as_str),
            Some("platform:editors")
        );
        assert!(closest("finance", &bound).is_none());
    }

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

/// A persona's identity in the report.
#[derive(Clone, Debug, Serialize)]
pub struct IdentityOut {
    pub username: Option<String>,
    pub groups: Vec<String>,
}

/// One persona's verdict.
#[derive(Clone, Debug, Serialize)]
pub struct PersonaReport {
    pub name: String,
    pub verdict: &'static str,
    pub gke: IdentityOut,
    pub eks: IdentityOut,
    pub drift: Vec<DriftRow>,
}

/// The JSON contract of `rbac parity`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParityReport {
    pub schema_version: &'static str,
    /// The Kubernetes version of the built-in resource universe, and the CRDs added to it.
    pub universe: UniverseOut,
    pub personas: Vec<PersonaReport>,
    pub unmapped_principals: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UniverseOut {
    pub kubernetes_version: String,
    pub crds: Vec<String>,
}

impl ParityReport {
    pub fn has_drift(&self) -> bool {
        self.personas.iter().any(|p| !p.drift.is_empty())
    }
}

/// The universe the sides are expanded against, and the notes that say where it came from:
/// the built-in list, then the sides' CRDs, then their discovery (which wins); last, the
/// resources rules name that none of these know, kept as granted (and noted) and assumed
/// namespaced with the verbs the rules name plus the standard verbs (a subresource: get,
/// update, patch, what status, scale and finalizers serve), so that a `*` reaches them as
/// Kubernetes' would if they exist (if they do not, no request reaches them either way).
/// Groups Kubernetes no longer serves and the group literally named `core` are not added.
pub fn build_universe(sides: &[&Side<'_>]) -> Result<(Universe, Vec<String>), String> {
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

/// Compares the two sides for every persona.
pub fn compare(
    gke_in: &SideInputs,
    eks_in: &SideInputs,
    personas: &[Persona],
) -> Result<ParityReport, String> {
    for p in personas {
        for ksa in [&p.gke.service_account, &p.eks.service_account]
            .into_iter()
            .flatten()
        {
            service_account_identity(ksa).map_err(|e| format!("persona {}: {e}", p.name))?;
        }
    }
    let data = Data::embedded()?;
    let gke = Side::new(Cloud::Gke, gke_in, &data);
    let eks = Side::new(Cloud::Eks, eks_in, &data);
    let mut notes: Vec<String> = gke.notes.iter().chain(&eks.notes).cloned().collect();
    let (universe, universe_notes) = build_universe(&[&gke, &eks])?;
    notes.extend(universe_notes);
    // Personas are independent: each is resolved, expanded and diffed on its own core.
    let per_persona = crate::parallel::map(personas, 2, |persona| {
        let mut notes = Vec::new();
        let gi = gke_identity(persona, &gke, &mut notes);
        let ei = eks_identity(persona, &eks, &mut notes);
        let ga = gke.grants(&gi, &universe, &data, persona, &mut notes);
        let ea = eks.grants(&ei, &universe, &data, persona, &mut notes);
        let drift = diff(&ga, &ea);
        let report = PersonaReport {
            name: persona.name.clone(),
            verdict: if drift.is_empty() { "parity" } else { "drift" },
            gke: IdentityOut {
                username: gi.username,
                groups: gi.groups,
            },
            eks: IdentityOut {
                username: ei.username,
                groups: ei.groups,
            },
            drift,
        };
        (report, notes)
    });
    let mut reports = Vec::with_capacity(per_persona.len());
    for (report, persona_notes) in per_persona {
        reports.push(report);
        notes.extend(persona_notes);
    }
    diagnostics(&gke, &eks, personas, &mut notes);
    notes.dedup();
    Ok(ParityReport {
        schema_version: "abema.dev/rbac-parity/v1",
        universe: UniverseOut {
            kubernetes_version: universe.kubernetes_version.clone(),
            crds: universe.crds.iter().cloned().collect(),
        },
        personas: reports,
        unmapped_principals: unmapped(gke_in, eks_in, personas, &data),
        notes,
    })
}

/// Groups assigned but never bound (with the likely intended group), aws-auth role ARNs with a
/// path.
fn diagnostics(gke: &Side<'_>, eks: &Side<'_>, personas: &[Persona], notes: &mut Vec<String>) {
    let eks_bound = eks.bound_groups();
    let mut assigned: Vec<(String, String)> = Vec::new();
    for e in &eks.inputs.aws_auth {
        let short = e.arn.rsplit(':').next().unwrap_or(&e.arn);
        assigned.extend(
            e.groups
                .iter()
                .map(|g| (g.clone(), format!("aws-auth {short}"))),
        );
        if e.is_role && canonical_arn(&e.arn) != e.arn {
            notes.push(format!(
                "eks: aws-auth rolearn {} contains a path: the authenticator compares the path-less ARN, so this entry never matches; write {}",
                e.arn,
                canonical_arn(&e.arn)
            ));
        }
    }
    for e in eks.inputs.access_entries.values() {
        assigned.extend(
            e.groups
                .iter()
                .map(|g| (g.clone(), format!("access entry {}", e.principal_arn))),
        );
    }
    for (group, source) in assigned {
        if group.starts_with("system:") || eks_bound.contains(&group) {
            continue;
        }
        let hint = closest(&group, &eks_bound)
            .map(|c| format!("; did you mean {c}?"))
            .unwrap_or_default();
        notes.push(format!(
            "eks: group {group} (from {source}) is named by no binding{hint}"
        ));
    }
    let gke_bound = gke.bound_groups();
    for p in personas {
        if let Some(g) = &p.gke.group
            && !gke_bound.contains(g)
        {
            let hint = closest(g, &gke_bound)
                .map(|c| format!("; did you mean {c}?"))
                .unwrap_or_default();
            notes.push(format!("gke: group {g} of persona {} is named by no binding (IAM grants may still apply){hint}", p.name));
        }
    }
}

/// Principals with access that no persona names (node roles, CI, service agents).
fn unmapped(gke: &SideInputs, eks: &SideInputs, personas: &[Persona], data: &Data) -> Vec<String> {
    let mut out = BTreeSet::new();
    let arns: Vec<String> = personas
        .iter()
        .filter_map(|p| p.eks.principal_arn.clone())
        .collect();
    for e in &eks.aws_auth {
        let matched = arns.iter().any(|a| {
            if e.is_role {
                canonical_arn(a).eq_ignore_ascii_case(&e.arn)
            } else {
                a.eq_ignore_ascii_case(&e.arn)
            }
        });
        if !matched {
            out.insert(format!(
                "eks aws-auth {} (groups: {})",
                e.arn,
                e.groups.join(", ")
            ));
        }
    }
    for e in eks.access_entries.values() {
        if !arns
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&e.principal_arn))
        {
            out.insert(format!(
                "eks access entry {} ({})",
                e.principal_arn,
                if e.groups.is_empty() {
                    e.kind.clone()
                } else {
                    format!("groups: {}", e.groups.join(", "))
                }
            ));
        }
    }
    let members: BTreeSet<String> = personas.iter().flat_map(gke_members).collect();
    for b in &gke.iam {
        let grants_something = data
            .cloud_rules(Cloud::Gke, &b.role, 0)
            .is_some_and(|(_, r)| !r.is_empty());
        if !grants_something {
            continue;
        }
        for m in &b.members {
            if !members.contains(m) && m != "allAuthenticatedUsers" {
                out.insert(format!("gke IAM {m} ({})", b.role));
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod identity_tests {
    use super::*;
    use crate::rbac::inputs::AwsAuthEntry;

    #[test]
    fn session_name_templates_render() {
        assert_eq!(
            render(
                "dev:{{SessionName}}",
                "arn:aws:iam::1:role/x",
                "alice@example.com"
            ),
            "dev:alice-example.com"
        );
        assert_eq!(
            render(
                "{{AccountID}}:{{SessionNameRaw}}",
                "arn:aws:iam::111:role/x",
                "a@b"
            ),
            "111:a@b"
        );
    }

    #[test]
    fn aws_auth_last_duplicate_wins_and_masters_is_everything() {
        let mut inputs = SideInputs::default();
        for groups in [
            vec!["first".to_string()],
            vec!["system:masters".to_string()],
        ] {
            inputs.aws_auth.push(AwsAuthEntry {
                arn: "arn:aws:iam::1:role/A".into(),
                is_role: true,
                username: None,
                groups,
                file: "f".into(),
                line: 1,
            });
        }
        let data = Data::embedded().expect("data");
        let side = Side::new(Cloud::Eks, &inputs, &data);
        let persona = Persona {
            name: "p".into(),
            eks: EksPrincipal {
                principal_arn: Some("arn:aws:iam::1:role/a".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let mut notes = Vec::new();
        let id = eks_identity(&persona, &side, &mut notes);
        assert!(id.masters, "{id:?}");
        let universe = Universe::builtin().expect("universe");
        let grants = side.grants(&id, &universe, &data, &persona, &mut notes);
        assert!(
            grants
                .keys()
                .any(|p| p.resource == "secrets" && p.verb == "delete")
        );
    }
}
