//! `rbac lint`: the platform's rules as a check. No role bound to anyone but owners may grant
//! Secrets (explicitly or through a wildcard), `*` verbs, `escalate`, `bind`, `impersonate`,
//! `nodes/proxy`, or an indirect path to Secrets or cluster-admin: a shell or a token
//! (`create pods/exec|attach|portforward`, pods/ephemeralcontainers writes,
//! `create serviceaccounts/token`), pod creation
//! (directly or through a workload controller, which can mount any Secret of the namespace),
//! RBAC object writes, CSR approval (`certificatesigningrequests/approval` with `signers
//! approve`) and admission webhook configuration writes. A rule naming `apiGroups: [core]`
//! grants nothing (the core group is `""`) and is reported for every binding.
//!
//! Only what Kubernetes creates itself is exempt: a bootstrap ClusterRoleBinding matched by
//! name, roleRef and subjects (`data/rbac/bootstrap.yaml`), or a binding carrying
//! `rbac.authorization.kubernetes.io/autoupdate: "true"`; the report lists each exemption.
//! Names alone exempt nothing (`system:sneaky` is checked like any other binding).

use std::collections::BTreeSet;

use serde::Serialize;

use super::data::{Cloud, Data};
use super::inputs::SideInputs;
use super::model::{Binding, PolicyRule, Role};
use super::side::Side;
use crate::config::RbacConfig;
use crate::error::Result;
use crate::manifest::Problem;

/// The annotation the API server's RBAC reconciler keeps on the objects it owns.
pub const AUTOUPDATE: &str = "rbac.authorization.kubernetes.io/autoupdate";

/// The rules of the lint as `check` names them (`rbac/privilege` in `check`'s rule catalogue,
/// `crate::findings::rules`): every finding is one of them.
pub const RULES: [&str; 1] = [PRIVILEGE];
const PRIVILEGE: &str = "privilege";

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

/// What `lint` found and what it left out on purpose.
#[derive(Clone, Debug, Default)]
struct LintOutcome {
    pub findings: Vec<LintFinding>,
    pub notes: Vec<String>,
    /// The bindings exempted as Kubernetes' own, and why.
    pub exempted: Vec<String>,
}

fn core_or_all(rule: &PolicyRule) -> bool {
    rule.api_groups.iter().any(|g| g.is_empty() || g == "*")
}

/// Whether `rule` allows `verb` on `group`/`resource` (Kubernetes' matching: `*` verbs, groups
/// and resources, `*/sub` for a subresource of anything; names are not narrowed).
fn allows(rule: &PolicyRule, group: &str, resource: &str, verb: &str) -> bool {
    let has = |list: &[String], x: &str| list.iter().any(|v| v == x || v == "*");
    has(&rule.verbs, verb)
        && has(&rule.api_groups, group)
        && rule.resources.iter().any(|r| {
            r == "*"
                || r == resource
                || resource
                    .split_once('/')
                    .is_some_and(|(_, sub)| r.strip_prefix("*/") == Some(sub))
        })
}

fn allows_any(rule: &PolicyRule, group: &str, resource: &str, verbs: &[&str]) -> bool {
    verbs.iter().any(|v| allows(rule, group, resource, v))
}

const WRITE: [&str; 3] = ["create", "update", "patch"];

/// Workload resources whose pod template a writer controls (they create pods).
const POD_CONTROLLERS: [(&str, &str); 8] = [
    ("", "replicationcontrollers"),
    ("", "podtemplates"),
    ("apps", "deployments"),
    ("apps", "daemonsets"),
    ("apps", "statefulsets"),
    ("apps", "replicasets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
];

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
    for sub in ["exec", "attach", "portforward"] {
        if allows(rule, "", &format!("pods/{sub}"), "create") {
            out.push(format!(
                "create pods/{sub} (a shell or a port into any pod)"
            ));
        }
    }
    if allows_any(rule, "", "pods/ephemeralcontainers", &["update", "patch"]) {
        out.push("pods/ephemeralcontainers writes (a new container in any pod)".into());
    }
    if allows(rule, "", "serviceaccounts/token", "create") {
        out.push("create serviceaccounts/token (any service account's identity)".into());
    }
    if allows(rule, "", "pods", "create") {
        out.push("pod creation (a pod mounts any Secret of its namespace)".into());
    }
    let controllers: Vec<&str> = POD_CONTROLLERS
        .iter()
        .filter(|(g, r)| allows_any(rule, g, r, &WRITE))
        .map(|(_, r)| *r)
        .collect();
    if !controllers.is_empty() {
        out.push(format!(
            "pod creation through {} (their pods mount any Secret of the namespace)",
            controllers.join(", ")
        ));
    }
    let rbac: Vec<&str> = [
        "roles",
        "clusterroles",
        "rolebindings",
        "clusterrolebindings",
    ]
    .into_iter()
    .filter(|r| allows_any(rule, "rbac.authorization.k8s.io", r, &WRITE))
    .collect();
    if !rbac.is_empty() {
        out.push(format!("RBAC object writes ({})", rbac.join(", ")));
    }
    let webhooks: Vec<&str> = [
        "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations",
    ]
    .into_iter()
    .filter(|r| {
        allows_any(
            rule,
            "admissionregistration.k8s.io",
            r,
            &["create", "update", "patch", "delete"],
        )
    })
    .collect();
    if !webhooks.is_empty() {
        out.push(format!(
            "admission webhook configuration writes ({})",
            webhooks.join(", ")
        ));
    }
    out
}

/// CSR approval needs both halves, possibly in different rules of one role: the index of the
/// rule that writes `certificatesigningrequests/approval`, if the role can also `approve` signers.
fn csr_approval(role: &Role) -> Option<usize> {
    let group = "certificates.k8s.io";
    let approves = role
        .rules
        .iter()
        .any(|r| allows(r, group, "signers", "approve"));
    approves
        .then(|| {
            role.rules.iter().position(|r| {
                allows_any(
                    r,
                    group,
                    "certificatesigningrequests/approval",
                    &["update", "patch"],
                )
            })
        })
        .flatten()
}

/// Whether the API server's RBAC reconciler owns the object.
fn autoupdated(annotations: &std::collections::BTreeMap<String, String>) -> bool {
    annotations.get(AUTOUPDATE).is_some_and(|v| v == "true")
}

fn exempt_binding(b: &Binding, data: &Data) -> Option<String> {
    if autoupdated(&b.metadata.annotations) {
        return Some(format!("{} ({AUTOUPDATE}: \"true\")", b.describe()));
    }
    let own = data.bootstrap_bindings().iter().find(|o| {
        b.cluster
            && o.name == b.metadata.name
            && b.role_ref.kind == "ClusterRole"
            && o.role_ref == b.role_ref.name
    })?;
    let subjects_match = b.subjects.iter().all(|s| {
        own.subjects
            .iter()
            .any(|o| o.kind == s.kind && o.name == s.name && o.namespace == s.namespace)
    });
    subjects_match.then(|| format!("{} (Kubernetes' bootstrap binding)", b.describe()))
}

/// Checks the bindings of `inputs`; `owners` are subject names allowed anything.
fn lint(inputs: &SideInputs, owners: &BTreeSet<String>, data: &Data) -> LintOutcome {
    let side = Side::new(Cloud::Gke, inputs, data);
    let mut out = LintOutcome {
        notes: side.notes.clone(),
        ..Default::default()
    };
    for b in &inputs.bindings {
        if let Some(why) = exempt_binding(b, data) {
            out.exempted.push(why);
            continue;
        }
        let Some(role) = resolved(&side, b) else {
            continue;
        };
        let role_name = format!("{}/{}", b.role_ref.kind, b.role_ref.name);
        let finding = |rule: usize, subjects: Vec<String>, message: String| LintFinding {
            binding: b.describe(),
            role: role_name.clone(),
            rule,
            subjects,
            message,
            source: b.source.clone(),
        };
        let everyone: Vec<String> = b
            .subjects
            .iter()
            .map(|s| format!("{} {}", s.kind, s.name))
            .collect();
        for (i, rule) in role.rules.iter().enumerate() {
            if rule.api_groups.iter().any(|g| g == "core") {
                out.findings.push(finding(
                    i,
                    everyone.clone(),
                    "apiGroups: [core] names no API group (the core group is \"\"): grants nothing there".into(),
                ));
            }
        }
        let others: Vec<String> = b
            .subjects
            .iter()
            .filter(|s| !owners.contains(&s.name) && s.name != "system:masters")
            .map(|s| format!("{} {}", s.kind, s.name))
            .collect();
        // A binding to a bootstrap role is checked like any other, unless Kubernetes itself
        // binds it that way (exempted above).
        if others.is_empty() {
            continue;
        }
        for (i, rule) in role.rules.iter().enumerate() {
            let bad = forbidden(rule);
            if !bad.is_empty() {
                out.findings.push(finding(
                    i,
                    others.clone(),
                    format!("grants {} to non-owners", bad.join(", ")),
                ));
            }
        }
        if let Some(i) = csr_approval(role) {
            out.findings.push(finding(
                i,
                others.clone(),
                "grants CSR approval (certificatesigningrequests/approval with signers approve: any client certificate, e.g. system:masters) to non-owners".into(),
            ));
        }
    }
    out
}

fn resolved<'a>(side: &'a Side<'_>, b: &Binding) -> Option<&'a Role> {
    side.role_for(b)
}

/// The JSON contract of `rbac lint`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    schema_version: &'static str,
    pub(crate) bindings: usize,
    pub(crate) findings: Vec<LintFinding>,
    pub notes: Vec<String>,
    /// Bindings left out as Kubernetes' own, with the reason.
    pub(crate) exempted: Vec<String>,
    pub(crate) errors: Vec<Problem>,
}

impl crate::findings::Findings for LintReport {
    const CHECK: &'static str = "rbac";

    fn findings(&self) -> Vec<crate::findings::Finding> {
        self.findings
            .iter()
            .map(|f| {
                let (file, line) = f
                    .source
                    .rsplit_once(':')
                    .and_then(|(file, line)| Some((file.to_string(), line.parse().ok()?)))
                    .unwrap_or_else(|| (f.source.clone(), 0));
                // `ClusterRoleBinding/NAME` or `RoleBinding/NAMESPACE/NAME`.
                let mut parts = f.binding.splitn(3, '/');
                let kind = parts.next().unwrap_or_default().to_string();
                let (namespace, name) = match (parts.next(), parts.next()) {
                    (Some(ns), Some(name)) => (Some(ns.to_string()), name.to_string()),
                    (Some(name), None) => (None, name.to_string()),
                    _ => (None, f.binding.clone()),
                };
                crate::findings::Finding {
                    check: Self::CHECK,
                    rule: PRIVILEGE.into(),
                    severity: crate::findings::Severity::Error,
                    kind,
                    name: Some(name),
                    namespace,
                    file,
                    line,
                    message: format!(
                        "{} (role {} rules[{}]; subjects {})",
                        f.message,
                        f.role,
                        f.rule,
                        f.subjects.join(", ")
                    ),
                    via: None,
                    hint: None,
                }
            })
            .collect()
    }

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn summary(&self) -> serde_json::Value {
        serde_json::json!({"bindings": self.bindings, "exempted": self.exempted})
    }
}

/// The `rbac lint` report of the RBAC objects read into `inputs`: the subject names of
/// `config.owners` and of the personas with `role: owner` are allowed anything.
pub fn lint_report(inputs: SideInputs, config: &RbacConfig) -> Result<LintReport> {
    let mut owners: BTreeSet<String> = config.owners.iter().cloned().collect();
    for p in config
        .personas
        .iter()
        .filter(|p| p.role.as_deref() == Some("owner"))
    {
        owners.extend(p.gke.group.iter().chain(p.gke.user.iter()).cloned());
        owners.insert(super::roles::eks_group(p));
    }
    let data = Data::embedded()?;
    let outcome = lint(&inputs, &owners, &data);
    Ok(LintReport {
        schema_version: "abema.dev/rbac-lint/v1",
        bindings: inputs.bindings.len(),
        findings: outcome.findings,
        notes: outcome.notes,
        exempted: outcome.exempted,
        errors: inputs.errors,
    })
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
