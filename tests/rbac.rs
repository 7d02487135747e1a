//! `kubectl abema rbac`: scenario pairs under tests/fixtures/rbac/, each with its exact
//! expected drift rows (`expected.yaml`), run through the real binary.

#[path = "support/apiserver.rs"]
mod apiserver;
mod common;

use common::{Env, fixture};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Expected {
    personas: Vec<ExpectedPersona>,
    #[serde(default)]
    notes: Vec<String>,
    /// Text no note may contain.
    #[serde(default)]
    absent_notes: Vec<String>,
    #[serde(default)]
    unmapped: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpectedPersona {
    name: String,
    verdict: String,
    /// The exact rows, when the drift is small enough to list.
    #[serde(default)]
    drift: Option<Vec<String>>,
    /// Large drifts: the exact rows, one per line, in a file next to expected.yaml (written
    /// with ABEMA_BLESS=1, reviewed through `includes`/`excludes`).
    #[serde(default)]
    drift_file: Option<String>,
    /// Rows that must be there (large drifts).
    #[serde(default)]
    includes: Vec<String>,
    /// Rows that must not be there.
    #[serde(default)]
    excludes: Vec<String>,
}

/// `side verb group/resource[#name] namespace[ except a,b]`, or `side verb url:/path -`.
fn row(r: &Value) -> String {
    let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    let what = match r["nonResourceURL"].as_str() {
        Some(url) => format!("url:{url}"),
        None => {
            let group = match s("apiGroup").as_str() {
                "" => "core".to_string(),
                // A group literally named "core" is not the core group.
                "core" => "\"core\"".to_string(),
                g => g.to_string(),
            };
            let name = r["resourceName"]
                .as_str()
                .map(|n| format!("#{n}"))
                .unwrap_or_default();
            format!("{group}/{}{name}", s("resource"))
        }
    };
    let except: Vec<&str> = r["exceptNamespaces"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let except = if except.is_empty() {
        String::new()
    } else {
        format!(" except {}", except.join(","))
    };
    format!(
        "{} {} {what} {}{except}",
        s("side"),
        s("verb"),
        s("namespace")
    )
}

fn scenario(name: &str) {
    let dir = fixture(&format!("rbac/{name}"));
    let arg = |p: &str| dir.join(p).to_str().expect("utf-8").to_string();
    let env = Env::new();
    let (code, out, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        &arg("gke"),
        "--eks",
        &arg("eks"),
        "--personas",
        &arg("personas.yaml"),
        "-o",
        "json",
    ]);
    let report: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{name}: bad JSON ({e}): {out}\n{err}"));
    assert_eq!(report["schemaVersion"], "abema.dev/rbac-parity/v1");
    let expected: Expected = serde_saphyr::from_str(
        &std::fs::read_to_string(dir.join("expected.yaml")).expect("expected.yaml"),
    )
    .expect("expected.yaml parses");
    let personas = report["personas"].as_array().expect("personas");
    assert_eq!(personas.len(), expected.personas.len(), "{name}");
    let mut any_drift = false;
    for want in &expected.personas {
        let got = personas
            .iter()
            .find(|p| p["name"] == want.name.as_str())
            .unwrap_or_else(|| panic!("{name}: persona {}", want.name));
        let rows: Vec<String> = got["drift"]
            .as_array()
            .expect("drift")
            .iter()
            .map(row)
            .collect();
        assert_eq!(
            got["verdict"],
            want.verdict.as_str(),
            "{name}/{}: {rows:#?}",
            want.name
        );
        any_drift |= !rows.is_empty();
        if let Some(exact) = &want.drift {
            assert_eq!(&rows, exact, "{name}/{}", want.name);
        }
        if let Some(file) = &want.drift_file {
            let path = dir.join(file);
            if std::env::var_os("ABEMA_BLESS").is_some() {
                std::fs::write(&path, rows.join("\n") + "\n").expect("bless");
            }
            let exact: Vec<String> = std::fs::read_to_string(&path)
                .expect("drift file")
                .lines()
                .map(String::from)
                .collect();
            assert_eq!(rows, exact, "{name}/{}: rows differ from {file}", want.name);
        }
        for r in &want.includes {
            assert!(rows.contains(r), "{name}/{}: missing {r}", want.name);
        }
        for r in &want.excludes {
            assert!(!rows.contains(r), "{name}/{}: unexpected {r}", want.name);
        }
        for r in got["drift"].as_array().expect("drift") {
            assert!(
                !r["provenance"].as_array().expect("provenance").is_empty(),
                "every row says where it comes from"
            );
            // Wildcards are expanded, except URL patterns and the resource patterns of the
            // metrics APIs, whose resources are any metric name.
            let open_group = ["custom.metrics.k8s.io", "external.metrics.k8s.io"]
                .contains(&r["apiGroup"].as_str().unwrap_or_default());
            for field in ["verb", "resource", "apiGroup"] {
                assert!(
                    !r[field].as_str().unwrap_or_default().contains('*')
                        || r["nonResourceURL"].is_string()
                        || (open_group && field == "resource"),
                    "no wildcards in rows: {r}"
                );
            }
        }
    }
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for n in &expected.notes {
        assert!(
            notes.iter().any(|x| x.contains(n.as_str())),
            "{name}: note {n:?} not in {notes:#?}"
        );
        assert!(err.contains(n.as_str()), "{name}: notes also go to stderr");
    }
    for n in &expected.absent_notes {
        assert!(
            !notes.iter().any(|x| x.contains(n.as_str())),
            "{name}: no note may say {n:?}: {notes:#?}"
        );
    }
    let unmapped: Vec<&str> = report["unmappedPrincipals"]
        .as_array()
        .expect("unmapped")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for u in &expected.unmapped {
        assert!(
            unmapped.iter().any(|x| x.contains(u.as_str())),
            "{name}: unmapped {u:?} not in {unmapped:?}"
        );
    }
    assert_eq!(code, if any_drift { 3 } else { 0 }, "{name}: {err}");
}

#[test]
fn every_scenario_gives_its_expected_drift() {
    let root = fixture("rbac");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("scenarios")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expected.yaml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        scenario(&name);
    }
}

const PERSONAS: &str = "personas:
  - name: owners
    role: owner
    gke: {group: owners@example.com}
    eks: {principalArn: \"arn:aws:iam::111122223333:role/owners\"}
  - name: editors
    role: editor
    gke: {group: editors@example.com}
    eks: {principalArn: \"arn:aws:iam::111122223333:role/platform/editors\"}
  - name: viewers
    role: viewer
    gke: {group: viewers@example.com}
    eks: {principalArn: \"arn:aws:iam::111122223333:user/viewer\"}
  - name: payments
    role: restricted-editor
    namespaces: [payments, billing]
    gke: {user: pay@example.com}
    eks: {principalArn: \"arn:aws:iam::111122223333:role/payments\"}
";

/// `rbac roles` for both sides, fed back into `rbac parity`, is parity; the roles never grant
/// Secrets to editors or viewers.
#[test]
fn generated_roles_are_at_parity_and_leave_out_secrets() {
    let env = Env::new();
    env.write("personas.yaml", PERSONAS);
    env.write(
        "crds/argo.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: applications.argoproj.io}\nspec: {group: argoproj.io, scope: Namespaced, names: {plural: applications}}\n",
    );
    for side in ["gke", "eks"] {
        let (code, out, err) = env.run(&[
            "rbac",
            "roles",
            "--for",
            side,
            "--personas",
            "personas.yaml",
            "--crds",
            "crds",
        ]);
        assert_eq!(code, 0, "{err}");
        env.write(&format!("{side}/rbac.yaml"), &out);
        assert!(out.contains("argoproj.io"), "CRDs are enumerated");
    }
    let eks = std::fs::read_to_string(env.work().join("eks/rbac.yaml")).expect("eks");
    assert!(
        eks.contains("rolearn: arn:aws:iam::111122223333:role/editors"),
        "the path is dropped: {eks}"
    );
    assert!(eks.contains("userarn: arn:aws:iam::111122223333:user/viewer"));
    let (code, out, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        "gke",
        "--eks",
        "eks",
        "--personas",
        "personas.yaml",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).expect("json");
    for p in report["personas"].as_array().expect("personas") {
        assert_eq!(p["verdict"], "parity", "{p}");
    }
    // The lint agrees: only owners hold Secrets.
    env.write(
        ".abema.yaml",
        &format!("rbac:\n  {}", PERSONAS.replace('\n', "\n  ")),
    );
    let (code, out, err) = env.run(&["rbac", "lint", "gke"]);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn lint_finds_what_only_owners_may_hold() {
    let env = Env::new();
    env.write(
        "rbac.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: team-editor}
rules:
  - {apiGroups: [\"\"], resources: [\"*\"], verbs: [get, list]}
  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: team-editors}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: team-editor}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: team}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: owners}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: platform-owners}]
",
    );
    env.write(".abema.yaml", "rbac:\n  owners: [platform-owners]\n");
    let (code, out, err) = env.run(&["rbac", "lint", "."]);
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains("Secrets (through resources: [\"*\"])") && out.contains("the bind verb"),
        "{out}"
    );
    assert!(
        out.contains("rbac.yaml:8"),
        "names the binding's file and line: {out}"
    );
    assert!(
        !out.contains("ClusterRoleBinding/owners"),
        "owners may: {out}"
    );
    let (code, out, _) = env.run(&["check", ".", "-o", "json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["checks"][3]["name"], "rbac");
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(
        findings.iter().filter(|f| f["check"] == "rbac").count(),
        2,
        "{out}"
    );
}

#[test]
fn bad_inputs_are_named() {
    let env = Env::new();
    env.write(
        "personas.yaml",
        "personas:\n  - name: a\n    gke: {group: a@example.com}\n    ekz: {}\n",
    );
    env.write("gke/rbac.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules: [\n");
    env.write("eks/notes.yaml", "just: some values\n");
    let (code, _, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        "gke",
        "--eks",
        "eks",
        "--personas",
        "personas.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("personas.yaml:4") && err.contains("ekz"),
        "{err}"
    );
    env.write(
        "personas.yaml",
        "personas:\n  - name: a\n    gke: {group: a@example.com}\n",
    );
    let (code, _, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        "gke",
        "--eks",
        "eks",
        "--personas",
        "personas.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("gke/rbac.yaml:4: invalid YAML"), "{err}");
    assert!(
        err.contains("warning: eks: eks/notes.yaml: not recognised"),
        "{err}"
    );
    env.write("eks/aws-auth.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n    - rolearn: [oops\n");
    env.write(
        "gke/rbac.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n",
    );
    let (code, _, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        "gke",
        "--eks",
        "eks",
        "--personas",
        "personas.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("eks/aws-auth.yaml:") && err.contains("aws-auth mapRoles: invalid YAML"),
        "{err}"
    );
}

/// A test API server holding a side's Kubernetes objects (RBAC, CRDs, ConfigMaps); its cloud
/// JSON files are copied to `json_dir` (IAM and access entries come from files in live mode).
fn serve_side(dir: &std::path::Path, json_dir: &std::path::Path) -> apiserver::ApiServer {
    let mut by_kind: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
    std::fs::create_dir_all(json_dir).expect("mkdir");
    for entry in std::fs::read_dir(dir).expect("side dir").flatten() {
        let path = entry.path();
        let text = std::fs::read_to_string(&path).expect("read");
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::write(json_dir.join(entry.file_name()), &text).expect("copy");
            continue;
        }
        let (objects, _) = kubectl_abema::manifest::parse_file_values("x", &text);
        for o in objects {
            by_kind
                .entry(o.object.kind.clone())
                .or_default()
                .push(o.value);
        }
    }
    let mut resources = Vec::new();
    for (kind, objects) in by_kind {
        let (gv, plural, namespaced) = match kind.as_str() {
            "ClusterRole" => ("rbac.authorization.k8s.io/v1", "clusterroles", false),
            "ClusterRoleBinding" => ("rbac.authorization.k8s.io/v1", "clusterrolebindings", false),
            "Role" => ("rbac.authorization.k8s.io/v1", "roles", true),
            "RoleBinding" => ("rbac.authorization.k8s.io/v1", "rolebindings", true),
            "CustomResourceDefinition" => (
                "apiextensions.k8s.io/v1",
                "customresourcedefinitions",
                false,
            ),
            "ConfigMap" => ("v1", "configmaps", true),
            _ => continue,
        };
        resources.push(serde_json::json!({"groupVersion": gv, "kind": kind, "plural": plural, "namespaced": namespaced, "objects": objects}));
    }
    for (gv, kind, plural, ns) in [
        (
            "rbac.authorization.k8s.io/v1",
            "ClusterRole",
            "clusterroles",
            false,
        ),
        (
            "rbac.authorization.k8s.io/v1",
            "ClusterRoleBinding",
            "clusterrolebindings",
            false,
        ),
        ("rbac.authorization.k8s.io/v1", "Role", "roles", true),
        (
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            "rolebindings",
            true,
        ),
        ("v1", "ConfigMap", "configmaps", true),
    ] {
        if !resources.iter().any(|r| r["plural"] == plural) {
            resources.push(serde_json::json!({"groupVersion": gv, "kind": kind, "plural": plural, "namespaced": ns, "objects": []}));
        }
    }
    let fixture: apiserver::Fixture = serde_json::from_value(
        serde_json::json!({"version": {"major": "1", "minor": "33"}, "resources": resources}),
    )
    .expect("fixture");
    apiserver::ApiServer::start(fixture)
}

/// Live mode (`--gke-context`/`--eks-context`, the real kube client against the test API
/// server) gives exactly the drift rows of file mode, for every scenario.
#[test]
fn live_contexts_match_exports_for_every_scenario() {
    let root = fixture("rbac");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("scenarios")
        .flatten()
        .filter(|e| e.path().join("expected.yaml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let dir = root.join(&name);
        let env = Env::new();
        let gke = serve_side(&dir.join("gke"), &env.work().join("gke-json"));
        let eks = serve_side(&dir.join("eks"), &env.work().join("eks-json"));
        let kubeconfig = env.work().join("kubeconfig");
        std::fs::write(
            &kubeconfig,
            format!(
                "apiVersion: v1\nkind: Config\ncurrent-context: gke\nclusters:\n- name: gke\n  cluster: {{server: \"{}\"}}\n- name: eks\n  cluster: {{server: \"{}\"}}\nusers:\n- name: u\n  user: {{token: {}}}\ncontexts:\n- name: gke\n  context: {{cluster: gke, user: u}}\n- name: eks\n  context: {{cluster: eks, user: u}}\n",
                gke.url(),
                eks.url(),
                apiserver::TOKEN
            ),
        )
        .expect("kubeconfig");
        let personas = dir.join("personas.yaml");
        let mut args = vec![
            "rbac".to_string(),
            "parity".into(),
            "--kubeconfig".into(),
            kubeconfig.display().to_string(),
            "--gke-context".into(),
            "gke".into(),
            "--eks-context".into(),
            "eks".into(),
            "--personas".into(),
            personas.display().to_string(),
            "-o".into(),
            "json".into(),
        ];
        for side in ["gke", "eks"] {
            let json_dir = env.work().join(format!("{side}-json"));
            if std::fs::read_dir(&json_dir)
                .expect("json dir")
                .next()
                .is_some()
            {
                args.push(format!("--{side}"));
                args.push(json_dir.display().to_string());
            }
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, live_out, err) = env.run(&argv);
        let live: Value = serde_json::from_str(&live_out)
            .unwrap_or_else(|e| panic!("{name}: {e}: {live_out}\n{err}"));
        let (_, file_out, _) = env.run(&[
            "rbac",
            "parity",
            "--gke",
            dir.join("gke").to_str().expect("p"),
            "--eks",
            dir.join("eks").to_str().expect("p"),
            "--personas",
            personas.to_str().expect("p"),
            "-o",
            "json",
        ]);
        let files: Value = serde_json::from_str(&file_out).expect("json");
        let rows = |r: &Value| -> Vec<(String, Vec<String>)> {
            r["personas"]
                .as_array()
                .expect("personas")
                .iter()
                .map(|p| {
                    (
                        p["verdict"].as_str().unwrap_or_default().to_string(),
                        p["drift"]
                            .as_array()
                            .expect("drift")
                            .iter()
                            .map(row)
                            .collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            rows(&live),
            rows(&files),
            "{name}: live mode differs from files\n{err}"
        );
        assert!(
            gke.requests.load(std::sync::atomic::Ordering::SeqCst) > 0,
            "{name}: the GKE context was read"
        );
    }
}

/// Indirect paths to Secrets or cluster-admin are findings; `system:*` names exempt nothing,
/// only Kubernetes' own bindings (bootstrap name + roleRef + subjects, or the autoupdate
/// annotation) are exempt, and the report says which.
#[test]
fn lint_closes_indirect_paths_and_exempts_only_kubernetes_own() {
    let env = Env::new();
    env.write(
        "rbac.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
  - {apiGroups: [\"\"], resources: [pods/exec, serviceaccounts/token], verbs: [create]}
  - {apiGroups: [apps], resources: [deployments], verbs: [patch]}
  - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}
  - {apiGroups: [core], resources: [configmaps], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: \"system:sneaky\"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:authenticated\"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: \"system:controller:token-cleaner\"
  annotations: {rbac.authorization.kubernetes.io/autoupdate: \"true\"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: token-cleaner, namespace: kube-system}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:masters\"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: \"system:basic-user\"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:authenticated\"}]
",
    );
    let (code, out, err) = env.run(&["rbac", "lint", ".", "-o", "json"]);
    assert_eq!(code, 3, "{out}\n{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let messages = |binding: &str| -> String {
        findings
            .iter()
            .filter(|f| f["binding"] == binding)
            .filter_map(|f| f["message"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let deployers = messages("ClusterRoleBinding/deployers");
    for want in [
        "create pods/exec",
        "create serviceaccounts/token",
        "pod creation through deployments",
        "admission webhook configuration writes (mutatingwebhookconfigurations)",
        "CSR approval",
        "RBAC object writes (clusterrolebindings)",
        "apiGroups: [core] names no API group",
    ] {
        assert!(deployers.contains(want), "missing {want:?} in {deployers}");
    }
    assert!(
        messages("ClusterRoleBinding/system:sneaky").contains("verbs: [\"*\"]"),
        "a system: name exempts nothing: {out}"
    );
    assert!(
        messages("ClusterRoleBinding/system:basic-user").contains("Secrets"),
        "a bootstrap name bound to another role is not Kubernetes' own: {out}"
    );
    let exempted: Vec<&str> = v["exempted"]
        .as_array()
        .expect("exempted")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        exempted,
        [
            "ClusterRoleBinding/system:controller:token-cleaner (rbac.authorization.kubernetes.io/autoupdate: \"true\")",
            "ClusterRoleBinding/cluster-admin (Kubernetes' bootstrap binding)"
        ],
        "{out}"
    );
    let (_, _, err) = env.run(&["rbac", "lint", "."]);
    assert!(
        err.contains("exempt as Kubernetes' own: ClusterRoleBinding/cluster-admin"),
        "{err}"
    );
}

/// Input Kubernetes or the cloud would reject or misread: one line naming file:line, exit 1;
/// `--lenient` reads on with a warning naming the same place.
#[test]
fn strict_input_table() {
    const ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ok}\nrules: []\n---\n";
    let cases: &[(&str, String, &str)] = &[
        (
            "typo.yaml",
            format!("{ROLE}apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBindng\nmetadata: {{name: b}}\n"),
            "typo.yaml:6: unknown kind \"ClusterRoleBindng\" in an RBAC file (did you mean ClusterRoleBinding?)",
        ),
        (
            "noref.yaml",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: team}\nsubjects: [{kind: User, name: u}]\n".into(),
            "noref.yaml:1: RoleBinding/team/b: no roleRef",
        ),
        (
            "nokind.yaml",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{name: u}]\n".into(),
            "subjects[0] has no kind",
        ),
        (
            "iam.json",
            "{\"bindings\": [\n  {\"role\": \"roles/viewer\",\n   \"members\": \"user:a@example.com\"}\n], \"version\": 1}\n".into(),
            "iam.json:3: invalid JSON: members must be a list of strings",
        ),
        (
            "entry.json",
            "{\"accessEntry\": {\"principalArn\": \"arn:aws:iam::1:role/r\",\n  \"kubernetesGroups\": [1, 2]}}\n".into(),
            "entry.json:2: invalid JSON: kubernetesGroups must be a list of strings",
        ),
        (
            "policies.json",
            "{\"principalArn\": \"arn:aws:iam::1:role/r\", \"associatedAccessPolicies\": [\n  {\"policyArn\": 5}]}\n".into(),
            "policies.json:2: invalid JSON: policyArn must be a string",
        ),
        (
            "cluster.json",
            "{\"cluster\": {\"accessConfig\": {\n  \"authenticationMode\": \"CONFIGMAP\"}}}\n".into(),
            "cluster.json:2: invalid JSON: authenticationMode",
        ),
    ];
    for (file, text, expected) in cases {
        let env = Env::new();
        env.write(file, text);
        let (code, out, err) = env.run(&["rbac", "lint", file]);
        assert_eq!(code, 1, "{file}: {out}{err}");
        assert!(
            err.contains(expected),
            "{file}: wanted {expected:?} in {err}"
        );
        assert!(err.contains("error:"), "{file}: {err}");
        let (code, out, err) = env.run(&["rbac", "lint", "--lenient", file]);
        assert_ne!(code, 1, "{file} --lenient: {out}{err}");
        assert!(
            err.contains("warning:") && err.contains(expected) && err.contains("--lenient"),
            "{file} --lenient: {err}"
        );
    }
    // A JSON syntax error is named as JSON, not YAML.
    let env = Env::new();
    env.write("broken.json", "{\"bindings\": [\n  {\"role\": }\n]}\n");
    let (code, _, err) = env.run(&["rbac", "lint", "broken.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("broken.json:2: invalid JSON"), "{err}");
    assert!(!err.contains("YAML"), "{err}");
}

/// A discovery export as the real `kubectl api-resources -o wide` prints it (against the test
/// API server serving a group the built-in list does not know) makes that group's resources
/// known: no "unknown to discovery" note, and `*` expands to them. A table whose columns do
/// not line up with its header is a one-line error naming the file and line.
#[test]
#[ignore = "needs kubectl"]
fn kubectl_api_resources_output_is_a_discovery_export() {
    common::require_tool("kubectl");
    let env = Env::new();
    let fixture: apiserver::Fixture = serde_json::from_value(serde_json::json!({
        "version": {"major": "1", "minor": "35"},
        "anonymous": true,
        "resources": [
            {"groupVersion": "v1", "kind": "ConfigMap", "plural": "configmaps"},
            {"groupVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot", "plural": "volumesnapshots"},
            {"groupVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshotContent", "plural": "volumesnapshotcontents", "namespaced": false},
        ]
    }))
    .expect("fixture");
    let server = apiserver::ApiServer::start(fixture);
    let kubeconfig = server.kubeconfig(&env.work());
    let out = std::process::Command::new("kubectl")
        .args(["api-resources", "-o", "wide", "--kubeconfig"])
        .arg(&kubeconfig)
        .env("HOME", env.home())
        .output()
        .expect("kubectl api-resources");
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && table.contains("volumesnapshots"),
        "kubectl api-resources:\n{table}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = env.write("gke-api-resources.txt", &table);
    let rbac = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: snap}\nrules:\n  - {apiGroups: [snapshot.storage.k8s.io], resources: [\"*\"], verbs: [get]}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: snap}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: snap}\nsubjects: [{kind: User, name: a@example.com}]\n";
    let gke = env.write("gke/rbac.yaml", rbac);
    let eks = env.write(
        "eks/rbac.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x, namespace: y}\n",
    );
    let personas = env.write(
        "personas.yaml",
        "personas:\n  - name: a\n    gke: {user: a@example.com}\n    eks: {principalArn: \"arn:aws:iam::1:role/a\"}\n",
    );
    let run = |export: &std::path::Path| {
        env.run(&[
            "rbac",
            "parity",
            "--gke",
            gke.to_str().expect("utf-8"),
            "--gke",
            export.to_str().expect("utf-8"),
            "--eks",
            eks.to_str().expect("utf-8"),
            "--personas",
            personas.to_str().expect("utf-8"),
            "-o",
            "json",
        ])
    };
    let (code, out, err) = run(&export);
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let rows: Vec<String> = report["personas"][0]["drift"]
        .as_array()
        .expect("drift")
        .iter()
        .map(row)
        .collect();
    assert_eq!(
        rows,
        [
            "gke-only get snapshot.storage.k8s.io/volumesnapshotcontents -",
            "gke-only get snapshot.storage.k8s.io/volumesnapshots *",
        ],
        "{err}"
    );
    assert_eq!(code, 3, "{err}");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("gke-api-resources.txt (kubectl api-resources)")
            && !notes.contains("unknown to discovery"),
        "{notes}"
    );
    // A row whose NAMESPACED column holds neither true nor false (a hand-edited export, or
    // columns that do not line up with the header).
    let shifted = table.replacen(" false  ", " nope   ", 1);
    assert_ne!(shifted, table);
    let broken = env.write("broken-api-resources.txt", &shifted);
    let (code, _, err) = run(&broken);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("broken-api-resources.txt:3: kubectl api-resources: NAMESPACED is \"nope\""),
        "{err}"
    );
}
