//! `deprecations --cluster` against the test API server (tests/support/apiserver.rs), through a
//! real kubeconfig and the real kube client.

#[path = "support/apiserver.rs"]
mod apiserver;
mod common;

use std::io::Write;

use apiserver::{ApiServer, Fixture};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Env, fixture};
use serde_json::{Value, json};

/// The fixture cluster plus 1,203 current Deployments (three pages), the pluto Helm release
/// Secrets, and a Helm release stored in a ConfigMap.
fn cluster() -> Fixture {
    let mut f = Fixture::load(&fixture("apiserver/cluster.yaml"));
    let deployments = f
        .resources
        .iter_mut()
        .find(|r| r.plural == "deployments")
        .expect("deployments");
    for i in 0..1203 {
        deployments.objects.push(json!({"metadata": {"name": format!("app-{i}"), "namespace": "bulk",
            "managedFields": [{"manager": "kubectl", "operation": "Apply", "apiVersion": "apps/v1", "time": "2025-01-01T00:00:00Z"}]}}));
    }
    let secrets = f
        .resources
        .iter_mut()
        .find(|r| r.plural == "secrets")
        .expect("secrets");
    for file in [
        "secret.json",
        "secret_duplicate_name.json",
        "secret-demo2.json",
    ] {
        let text = std::fs::read_to_string(fixture(&format!(
            "third_party/pluto/e2e/tests/assets/helm3/{file}"
        )))
        .expect("helm fixture");
        secrets
            .objects
            .push(serde_json::from_str(&text).expect("json"));
    }
    // A Helm release in a ConfigMap (helm --storage configmap): base64(gzip(JSON)).
    let release = json!({"name": "legacy", "namespace": "ops", "version": 3, "info": {"status": "deployed"},
        "manifest": "---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: cleanup\n"});
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(release.to_string().as_bytes()).expect("gzip");
    let payload = STANDARD.encode(gz.finish().expect("gzip"));
    let configmaps = f
        .resources
        .iter_mut()
        .find(|r| r.plural == "configmaps")
        .expect("configmaps");
    configmaps.objects.push(json!({"metadata": {"name": "legacy.v3", "namespace": "ops", "labels": {"owner": "helm", "name": "legacy"}}, "data": {"release": payload}}));
    f
}

fn run_json(env: &Env, kubeconfig: &std::path::Path, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "deprecations",
        "--cluster",
        "--kubeconfig",
        kubeconfig.to_str().expect("utf-8"),
        "-o",
        "json",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = env.run(&args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}\n{err}"));
    (code, v, err)
}

fn names(report: &Value) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("name"), s("namespace"), s("apiVersion"), s("status"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn live_objects_are_judged_by_what_wrote_them_last() {
    let server = ApiServer::start(cluster());
    let env = Env::new();
    let kubeconfig = server.kubeconfig(&env.work());
    let (code, report, err) = run_json(
        &env,
        &kubeconfig,
        &[
            "--target-version",
            "cluster",
            "--helm-configmaps",
            "--metrics",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        report["targetVersion"], "v1.33",
        "cluster = the server's version"
    );
    assert_eq!(report["cluster"]["context"], "test");
    assert_eq!(report["cluster"]["serverVersion"], "v1.33");
    assert_eq!(
        names(&report),
        [
            // At v1.33 the demo2 release's HPA and PDB are removed too.
            (
                "demo2/demo2-basic-demo".to_string(),
                "demo2".to_string(),
                "autoscaling/v2beta1".to_string(),
                "removed".to_string()
            ),
            (
                "demo2/demo2-basic-demo".into(),
                "demo2".into(),
                "policy/v1beta1".into(),
                "removed".into()
            ),
            (
                "legacy/cleanup".into(),
                "ops".into(),
                "batch/v1beta1".into(),
                "removed".into()
            ),
            (
                "test/test-helm3chart-v1beta1".into(),
                "default".into(),
                "extensions/v1beta1".into(),
                "removed".into()
            ),
            (
                "test/test-helm3chart-v1beta1".into(),
                "demo2".into(),
                "extensions/v1beta1".into(),
                "removed".into()
            ),
            (
                "web".into(),
                "shop".into(),
                "extensions/v1beta1".into(),
                "removed".into()
            ),
            (
                "web".into(),
                "shop".into(),
                "policy/v1beta1".into(),
                "removed".into()
            ),
            (
                "worker".into(),
                "jobs".into(),
                "apps/v1beta2".into(),
                "removed".into()
            ),
        ]
    );
    let evidence: Vec<&str> = report["findings"]
        .as_array()
        .expect("f")
        .iter()
        .filter_map(|f| f["evidence"].as_str())
        .collect();
    assert!(
        evidence.iter().any(|e| e.starts_with(
            "managedFields: kubectl-client-side-apply (Update at 2019-06-01T10:00:00Z)"
        )),
        "{evidence:?}"
    );
    assert!(
        evidence.contains(&"kubectl.kubernetes.io/last-applied-configuration"),
        "{evidence:?}"
    );
    assert!(
        evidence.contains(&"Helm release ops/legacy revision 3"),
        "{evidence:?}"
    );
    assert_eq!(
        report["staleAnnotations"],
        json!([{"kind": "Deployment", "name": "api", "namespace": "shop", "annotationApiVersion": "extensions/v1beta1", "managedApiVersion": "apps/v1"}])
    );
    assert_eq!(
        report["requestedDeprecatedApis"][0]["resource"],
        "endpoints"
    );
    assert_eq!(
        report["requestedDeprecatedApis"][1]["removedRelease"],
        "1.32"
    );
    // Only the kinds in the table are listed, each once, and big lists are paginated.
    let listed: Vec<&str> = report["cluster"]["listed"]
        .as_array()
        .expect("listed")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        listed.contains(&"Deployment via apps/v1")
            && listed.contains(&"Ingress via networking.k8s.io/v1"),
        "{listed:?}"
    );
    assert!(
        !listed
            .iter()
            .any(|l| l.starts_with("Secret") || l.starts_with("ConfigMap")),
        "{listed:?}"
    );
    assert!(report["summary"]["objects"].as_u64().unwrap_or(0) > 1203);
    let requests = report["cluster"]["requests"].as_u64().unwrap_or(0);
    assert!(
        requests >= 3 + 3,
        "three pages of Deployments plus discovery: {requests}"
    );
}

#[test]
fn helm_release_secrets_match_the_peers_expectations() {
    // expected.md 1.4: at k8s v1.16.0 the pluto fixtures give test/test-helm3chart-v1beta1 in
    // default and demo2 (removed); demo2's PDB and HPA are not reported yet.
    let server = ApiServer::start(cluster());
    let env = Env::new();
    let kubeconfig = server.kubeconfig(&env.work());
    let (_, report, err) = run_json(&env, &kubeconfig, &["--target-version", "v1.16.0"]);
    let helm: Vec<_> = names(&report)
        .into_iter()
        .filter(|(n, _, _, _)| n.contains('/'))
        .collect();
    assert_eq!(
        helm,
        [
            (
                "test/test-helm3chart-v1beta1".to_string(),
                "default".to_string(),
                "extensions/v1beta1".to_string(),
                "removed".to_string()
            ),
            (
                "test/test-helm3chart-v1beta1".into(),
                "demo2".into(),
                "extensions/v1beta1".into(),
                "removed".into()
            ),
        ],
        "{err}"
    );
    // -n narrows everything to one namespace (the ConfigMap release is not read without the flag).
    let (_, report, _) = run_json(&env, &kubeconfig, &["-n", "jobs"]);
    assert_eq!(
        names(&report),
        [(
            "worker".to_string(),
            "jobs".to_string(),
            "apps/v1beta2".to_string(),
            "removed".to_string()
        )]
    );
}

#[test]
fn cluster_errors_are_one_line_with_a_hint() {
    let server = ApiServer::start(cluster());
    let env = Env::new();
    let kubeconfig = server.kubeconfig(&env.work());
    let k = kubeconfig.to_str().expect("utf-8");
    let (code, _, err) = env.run(&[
        "deprecations",
        "--cluster",
        "--kubeconfig",
        k,
        "--context",
        "doesnotexist",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("context \"doesnotexist\" does not exist")
            && err.contains("hint: contexts: bad-token, test, unreachable"),
        "{err}"
    );
    let (code, _, err) = env.run(&[
        "deprecations",
        "--cluster",
        "--kubeconfig",
        k,
        "--context",
        "bad-token",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unauthorized (401)") && err.contains("hint:"),
        "{err}"
    );
    let (code, _, err) = env.run(&[
        "deprecations",
        "--cluster",
        "--kubeconfig",
        k,
        "--context",
        "unreachable",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot reach http://127.0.0.1:9") && err.contains("hint:"),
        "{err}"
    );
    let mut forbidden = cluster();
    forbidden.forbidden = true;
    let server = ApiServer::start(forbidden);
    let kubeconfig = server.kubeconfig(&env.work());
    let (code, _, err) = env.run(&[
        "deprecations",
        "--cluster",
        "--kubeconfig",
        kubeconfig.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("forbidden (403)") && err.contains("hint:"),
        "{err}"
    );
    let (code, _, err) = env.run(&["deprecations", ".", "--target-version", "next"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs --cluster"), "{err}");
}

#[test]
fn metrics_degrade_when_forbidden_and_next_is_one_minor_up() {
    let mut f = cluster();
    f.metrics = None;
    let server = ApiServer::start(f);
    let env = Env::new();
    let kubeconfig = server.kubeconfig(&env.work());
    let (_, report, err) = run_json(
        &env,
        &kubeconfig,
        &["--metrics", "--target-version", "next"],
    );
    assert_eq!(report["targetVersion"], "v1.34");
    assert!(report["requestedDeprecatedApis"].is_null());
    assert!(
        report["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("cannot read /metrics")),
        "{report}"
    );
    assert!(
        err.contains("warning: --metrics: cannot read /metrics"),
        "{err}"
    );
}
