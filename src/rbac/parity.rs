//! Effective-permission parity between a GKE and an EKS cluster, per persona.
//!
//! Per side: resolve the persona to a username and groups (GKE: the Google group or user; EKS:
//! access entries and/or aws-auth by authentication mode), pick the bindings whose subjects
//! apply, resolve their roles (aggregation computed to its fixpoint; missing bootstrap roles
//! from the embedded copy), expand every rule against the universe, add cloud grants (GKE IAM
//! roles, EKS access policies), then diff the two sets of permissions with provenance.
//!
//! The steps live in their own modules: [`super::persona`] (the personas file),
//! [`super::data`] (bootstrap roles, cloud grants), [`super::identity`] (who a persona is on
//! each side), [`super::side`] (one side's grants) and [`super::drift`] (the diff). This module
//! holds the report, [`compare`], and the diagnostics of the inputs.

use std::collections::BTreeSet;

use serde::Serialize;

use super::RbacError;
use super::data::{Cloud, Data};
use super::drift::{DriftRow, diff};
use super::identity::{
    canonical_arn, eks_identity, gke_identity, gke_members, service_account_identity,
};
use super::inputs::SideInputs;
use super::persona::Persona;
use super::side::{Side, build_universe};
use super::suggest::closest;

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

/// Compares the two sides for every persona.
pub fn compare(
    gke_in: &SideInputs,
    eks_in: &SideInputs,
    personas: &[Persona],
) -> Result<ParityReport, RbacError> {
    for p in personas {
        for ksa in [&p.gke.service_account, &p.eks.service_account]
            .into_iter()
            .flatten()
        {
            service_account_identity(ksa).map_err(|e| e.for_persona(&p.name))?;
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
