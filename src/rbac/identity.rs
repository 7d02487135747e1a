//! Who a persona is on each side: the username and groups it authenticates as (GKE: its Google
//! group or user; EKS: access entries and/or aws-auth by authentication mode; a workload: its
//! service account, its cloud identity checked against the input), and the binding subjects
//! that name it.

use std::collections::BTreeSet;

use serde::Serialize;

use super::RbacError;
use super::data::Cloud;
use super::model::Subject;
use super::persona::Persona;
use super::side::Side;

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

/// Whether a binding subject names the identity (`appliesToUser`): a ServiceAccount subject
/// without a namespace takes the RoleBinding's, and never matches from a ClusterRoleBinding.
pub(super) fn applies(subject: &Subject, binding_namespace: &str, identity: &Identity) -> bool {
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
fn service_account_user(namespace: &str, name: &str) -> String {
    format!("system:serviceaccount:{namespace}:{name}")
}

/// The identity a service account `namespace/name` authenticates as: its username, the groups
/// `system:serviceaccounts` and `system:serviceaccounts:<namespace>`, and `system:authenticated`.
pub(super) fn service_account_identity(ksa: &str) -> Result<Identity, RbacError> {
    let Some((ns, name)) = ksa
        .split_once('/')
        .filter(|(n, m)| !n.is_empty() && !m.is_empty() && !m.contains('/'))
    else {
        return Err(RbacError::ServiceAccount {
            persona: None,
            ksa: ksa.to_string(),
        });
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
pub(super) fn gke_members(persona: &Persona) -> BTreeSet<String> {
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
pub(super) fn gke_identity(
    persona: &Persona,
    side: &Side<'_>,
    notes: &mut Vec<String>,
) -> Identity {
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
pub(super) fn canonical_arn(arn: &str) -> String {
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
pub(super) fn eks_identity(
    persona: &Persona,
    side: &Side<'_>,
    notes: &mut Vec<String>,
) -> Identity {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbac::data::Data;
    use crate::rbac::inputs::{AwsAuthEntry, SideInputs};
    use crate::rbac::persona::EksPrincipal;
    use crate::rbac::universe::Universe;

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
