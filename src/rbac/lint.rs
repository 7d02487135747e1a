//! `rbac lint`: the platform's rules as a check. No role bound to anyone but owners may grant
//! Secrets (explicitly or through a wildcard), `*` verbs, `escalate`, `bind`, `impersonate`, or
//! `nodes/proxy`. Roles and bindings named `system:*` are the vendor's and are not checked.

use std::collections::BTreeSet;

use serde::Serialize;

use super::inputs::SideInputs;
use super::model::{Binding, PolicyRule, Role};
use super::parity::{Cloud, Data, Side};

/// One violation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintFinding {
    pub binding: String,
    pub role: String,
    pub rule: usize,
    pub subjects: Vec<String>,
    pub message: String,
    /// `file:line` of the binding.
    pub source: String,
}

fn core_or_all(rule: &PolicyRule) -> bool {
    rule.api_groups.iter().any(|g| g.is_empty() || g == "*")
}

/// What a rule grants that only owners may hold.
pub fn forbidden(rule: &PolicyRule) -> Vec<String> {
    let mut out = Vec::new();
    let any = |list: &[String], x: &str| list.iter().any(|v| v == x);
    if core_or_all(rule)
        && (any(&rule.resources, "secrets") || any(&rule.resources, "*"))
        && !rule.verbs.is_empty()
    {
        out.push(if any(&rule.resources, "*") {
            "Secrets (through resources: [\"*\"])".to_string()
        } else {
            "Secrets".to_string()
        });
    }
    if any(&rule.verbs, "*") {
        out.push("verbs: [\"*\"]".into());
    }
    for verb in ["escalate", "bind", "impersonate"] {
        if any(&rule.verbs, verb) {
            out.push(format!("the {verb} verb"));
        }
    }
    if core_or_all(rule) && (any(&rule.resources, "nodes/proxy") || any(&rule.resources, "*/proxy"))
    {
        out.push("nodes/proxy".into());
    }
    out
}

/// Checks the bindings of `inputs`; `owners` are subject names allowed anything.
pub fn lint(
    inputs: &SideInputs,
    owners: &BTreeSet<String>,
    data: &Data,
) -> (Vec<LintFinding>, Vec<String>) {
    let side = Side::new(Cloud::Gke, inputs, data);
    let mut findings = Vec::new();
    for b in &inputs.bindings {
        if b.metadata.name.starts_with("system:") || b.role_ref.name.starts_with("system:") {
            continue;
        }
        let others: Vec<String> = b
            .subjects
            .iter()
            .filter(|s| !owners.contains(&s.name) && s.name != "system:masters")
            .map(|s| format!("{} {}", s.kind, s.name))
            .collect();
        if others.is_empty() {
            continue;
        }
        let Some(role) = resolved(&side, b) else {
            continue;
        };
        for (i, rule) in role.rules.iter().enumerate() {
            let bad = forbidden(rule);
            if !bad.is_empty() {
                findings.push(LintFinding {
                    binding: b.describe(),
                    role: format!("{}/{}", b.role_ref.kind, b.role_ref.name),
                    rule: i,
                    subjects: others.clone(),
                    message: format!("grants {} to non-owners", bad.join(", ")),
                    source: b.source.clone(),
                });
            }
        }
    }
    (findings, side.notes.clone())
}

fn resolved<'a>(side: &'a Side<'_>, b: &Binding) -> Option<&'a Role> {
    side.role_for(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_grants_are_named() {
        let rule = |g: &[&str], r: &[&str], v: &[&str]| PolicyRule {
            api_groups: g.iter().map(|s| s.to_string()).collect(),
            resources: r.iter().map(|s| s.to_string()).collect(),
            verbs: v.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        assert_eq!(
            forbidden(&rule(&[""], &["*"], &["get"])),
            ["Secrets (through resources: [\"*\"])"]
        );
        assert!(forbidden(&rule(&["apps"], &["*"], &["get"])).is_empty());
        assert_eq!(
            forbidden(&rule(
                &["rbac.authorization.k8s.io"],
                &["clusterroles"],
                &["bind", "escalate"]
            )),
            ["the escalate verb", "the bind verb"]
        );
        assert_eq!(
            forbidden(&rule(&[""], &["nodes/proxy"], &["get"])),
            ["nodes/proxy"]
        );
    }
}
