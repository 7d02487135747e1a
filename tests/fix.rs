//! `deprecations --fix`: every conversion is proved by parsing the result into the
//! `k8s-openapi` type of the new version and comparing it with the converted document, so a
//! leftover or misplaced field (which the typed model would drop) fails the test.

mod common;

use common::{Env, fixture};
use serde_json::Value;

/// Numbers as strings: a quantity written `100` comes back from the typed model as `"100"`,
/// both valid; a field of the wrong type fails deserialisation before this comparison.
fn canonical(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        other => other.clone(),
    }
}

/// Deserialises into `T` and serialises back: equal iff every field is valid for `T`.
fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    if canonical(&back) == canonical(v) {
        Ok(())
    } else {
        Err(format!("fields lost or changed:\nhave {v}\ntyped {back}"))
    }
}

fn check(v: &Value) -> Result<(), String> {
    use k8s_openapi::api;
    let kind = v["kind"].as_str().unwrap_or_default();
    match (v["apiVersion"].as_str().unwrap_or_default(), kind) {
        ("apps/v1", "Deployment") => round_trips::<api::apps::v1::Deployment>(v),
        ("apps/v1", "StatefulSet") => round_trips::<api::apps::v1::StatefulSet>(v),
        ("apps/v1", "DaemonSet") => round_trips::<api::apps::v1::DaemonSet>(v),
        ("apps/v1", "ReplicaSet") => round_trips::<api::apps::v1::ReplicaSet>(v),
        ("networking.k8s.io/v1", "Ingress") => round_trips::<api::networking::v1::Ingress>(v),
        ("batch/v1", "CronJob") => round_trips::<api::batch::v1::CronJob>(v),
        ("policy/v1", "PodDisruptionBudget") => {
            round_trips::<api::policy::v1::PodDisruptionBudget>(v)
        }
        ("autoscaling/v2", "HorizontalPodAutoscaler") => {
            round_trips::<api::autoscaling::v2::HorizontalPodAutoscaler>(v)
        }
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => {
            round_trips::<api::rbac::v1::ClusterRole>(v)
        }
        ("scheduling.k8s.io/v1", "PriorityClass") => {
            round_trips::<api::scheduling::v1::PriorityClass>(v)
        }
        ("storage.k8s.io/v1", "StorageClass") => round_trips::<api::storage::v1::StorageClass>(v),
        ("v1", "Service") => round_trips::<api::core::v1::Service>(v),
        ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema") => {
            round_trips::<api::flowcontrol::v1::FlowSchema>(v)
        }
        ("flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration") => {
            round_trips::<api::flowcontrol::v1::PriorityLevelConfiguration>(v)
        }
        ("resource.k8s.io/v1", "ResourceClaim") => {
            round_trips::<api::resource::v1::ResourceClaim>(v)
        }
        ("resource.k8s.io/v1", "ResourceClaimTemplate") => {
            round_trips::<api::resource::v1::ResourceClaimTemplate>(v)
        }
        ("resource.k8s.io/v1", "ResourceSlice") => {
            round_trips::<api::resource::v1::ResourceSlice>(v)
        }
        ("resource.k8s.io/v1", "DeviceClass") => round_trips::<api::resource::v1::DeviceClass>(v),
        (api, kind) => Err(format!("unexpected {api} {kind} after --fix")),
    }
}

#[test]
fn conversions_produce_valid_objects_of_the_new_version() {
    let env = Env::new();
    let original = std::fs::read_to_string(fixture("fix/legacy.yaml")).expect("fixture");
    env.write("legacy.yaml", &original);
    // --dry-run: a diff, nothing written.
    let (code, out, _) = env.run(&["deprecations", "legacy.yaml", "--fix", "--dry-run"]);
    assert_eq!(code, 4, "the removed APIs are still there");
    assert!(
        out.contains("+apiVersion: apps/v1") && out.contains("--- legacy.yaml"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(env.work().join("legacy.yaml")).expect("read"),
        original
    );

    let (code, out, err) = env.run(&["deprecations", "legacy.yaml", "--fix"]);
    // PodSecurityPolicy has no replacement and the CRD is not mechanical: still removed.
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(out.contains("not fixed legacy.yaml:161 PodSecurityPolicy restricted (policy/v1beta1): no replacement"), "{out}");
    assert!(
        out.contains("CustomResourceDefinition widgets.example.com")
            && out.contains("not mechanical"),
        "{out}"
    );
    assert!(
        err.contains("an empty selector selected no pods in policy/v1beta1"),
        "{err}"
    );
    assert!(
        err.contains("converted 12 objects, 2 left to migrate by hand"),
        "{err}"
    );
    let fixed = std::fs::read_to_string(env.work().join("legacy.yaml")).expect("read");
    for kept in [
        "# A file of legacy manifests",
        "name: web # untouched",
        "# The Deployment keeps this comment.",
        "replicas: 2 # two is enough",
        "kubernetes.io/ingress.class: nginx # keep the class",
    ] {
        assert!(fixed.contains(kept), "lost {kept:?}:\n{fixed}");
    }
    let docs: Vec<Value> = kubectl_abema::manifest::parse_file_values("legacy.yaml", &fixed)
        .0
        .into_iter()
        .map(|o| o.value)
        .collect();
    assert_eq!(docs.len(), 15);
    for doc in docs
        .iter()
        .filter(|d| d["kind"] != "PodSecurityPolicy" && d["kind"] != "CustomResourceDefinition")
    {
        check(doc).unwrap_or_else(|e| panic!("{} {}: {e}", doc["kind"], doc["metadata"]["name"]));
    }
    let by = |kind: &str, name: &str| {
        docs.iter()
            .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
            .expect("doc")
    };
    assert_eq!(
        by("Deployment", "web")["spec"]["selector"]["matchLabels"],
        serde_json::json!({"app": "web", "tier": "front"})
    );
    let ing = by("Ingress", "web");
    assert_eq!(
        ing["spec"]["defaultBackend"]["service"],
        serde_json::json!({"name": "default-web", "port": {"number": 8080}})
    );
    assert_eq!(
        ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"],
        serde_json::json!({"name": "http"})
    );
    assert_eq!(
        ing["spec"]["rules"][0]["http"]["paths"][0]["pathType"],
        "ImplementationSpecific"
    );
    assert_eq!(
        ing["spec"]["rules"][0]["http"]["paths"][1]["pathType"], "Prefix",
        "an explicit pathType stays"
    );
    let hpa = by("HorizontalPodAutoscaler", "web");
    assert_eq!(
        hpa["spec"]["metrics"][0]["resource"]["target"],
        serde_json::json!({"type": "Utilization", "averageUtilization": 70})
    );
    assert_eq!(
        hpa["spec"]["metrics"][1]["pods"]["metric"]["name"],
        "requests_per_second"
    );
    assert_eq!(
        hpa["spec"]["metrics"][2]["object"]["describedObject"]["kind"],
        "Ingress"
    );
    assert_eq!(
        hpa["spec"]["metrics"][2]["object"]["target"],
        serde_json::json!({"type": "Value", "value": "2k"})
    );
    assert_eq!(
        hpa["spec"]["metrics"][3]["external"]["metric"]["selector"]["matchLabels"]["queue"],
        "jobs"
    );
    // Running it again changes nothing more.
    let (_, out, _) = env.run(&["deprecations", "legacy.yaml", "--fix"]);
    assert!(!out.lines().any(|l| l.starts_with("fixed ")), "{out}");
    assert_eq!(
        std::fs::read_to_string(env.work().join("legacy.yaml")).expect("read"),
        fixed
    );
    let (code, _, err) = env.run(&["deprecations", "-", "--fix"]);
    assert_eq!(code, 2, "{err}");
}

/// flowcontrol and resource.k8s.io go to the replacement served at the target (never one removed
/// there), with their field changes; what is not mechanical is said, not converted.
#[test]
fn flowcontrol_and_resource_convert_to_the_replacement_served_at_the_target() {
    let env = Env::new();
    let original =
        std::fs::read_to_string(fixture("fix/flowcontrol-resource.yaml")).expect("fixture");
    env.write("apis.yaml", &original);
    // At v1.24 flowcontrol v1beta3 and v1 are not served yet: v1beta1 goes to v1beta2.
    let (_, out, _) = env.run(&[
        "deprecations",
        "apis.yaml",
        "--fix",
        "--dry-run",
        "--target-version",
        "v1.24",
    ]);
    assert!(
        out.contains("PriorityLevelConfiguration workload-low: flowcontrol.apiserver.k8s.io/v1beta1 -> flowcontrol.apiserver.k8s.io/v1beta2"),
        "{out}"
    );
    // At v1.27 v1beta2 is deprecated and v1beta3 served; v1 is not yet.
    let (_, out, _) = env.run(&[
        "deprecations",
        "apis.yaml",
        "--fix",
        "--dry-run",
        "--target-version",
        "v1.27",
    ]);
    assert!(
        out.contains("+    nominalConcurrencyShares: 0")
            && out.contains("-> flowcontrol.apiserver.k8s.io/v1beta3")
            && !out.contains("-> flowcontrol.apiserver.k8s.io/v1\n"),
        "{out}"
    );
    let (code, out, err) = env.run(&[
        "deprecations",
        "apis.yaml",
        "--fix",
        "--target-version",
        "v1.36",
    ]);
    assert_eq!(
        code, 4,
        "the resource.k8s.io/v1alpha2 claim is left: {out}\n{err}"
    );
    assert!(
        out.contains(
            "not fixed apis.yaml:49 ResourceClaim old (resource.k8s.io/v1alpha2): not mechanical"
        ),
        "{out}"
    );
    assert!(
        !out.contains("v1beta3"),
        "v1beta3 is removed at v1.36: {out}"
    );
    assert!(err.contains("written as 30"), "{err}");
    let fixed = std::fs::read_to_string(env.work().join("apis.yaml")).expect("read");
    assert!(fixed.contains("name: workload-low"), "{fixed}");
    let docs: Vec<Value> = kubectl_abema::manifest::parse_file_values("apis.yaml", &fixed)
        .0
        .into_iter()
        .map(|o| o.value)
        .collect();
    assert_eq!(docs.len(), 7);
    for doc in docs
        .iter()
        .filter(|d| d["apiVersion"] != "resource.k8s.io/v1alpha2")
    {
        check(doc)
            .unwrap_or_else(|e| panic!("{} {}: {e}\n{doc}", doc["kind"], doc["metadata"]["name"]));
    }
    let by = |kind: &str, name: &str| {
        docs.iter()
            .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
            .expect("doc")
    };
    assert_eq!(
        by("PriorityLevelConfiguration", "workload-low")["spec"]["limited"]["nominalConcurrencyShares"],
        30
    );
    assert_eq!(
        by("ResourceClaim", "gpu")["spec"]["devices"]["requests"][0],
        serde_json::json!({"name": "gpu", "exactly": {"deviceClassName": "gpu.example.com", "allocationMode": "ExactCount", "count": 2}})
    );
    let template = by("ResourceClaimTemplate", "t");
    assert_eq!(
        template["spec"]["spec"]["devices"]["requests"][1]["firstAvailable"][0]["deviceClassName"],
        "fpga.example.com"
    );
    assert_eq!(
        template["spec"]["spec"]["devices"]["requests"][0]["exactly"]["selectors"][0]["cel"]["expression"],
        "device.driver == \"x\""
    );
    assert_eq!(
        by("ResourceSlice", "s")["spec"]["devices"][0]["capacity"]["memory"]["value"],
        "40Gi"
    );
}
