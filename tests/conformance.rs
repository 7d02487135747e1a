//! Conformance with the peers' own test expectations (tests/fixtures/third_party/*, whose
//! expected.md records what pluto, kubent and kubepug assert). Their results are translated to
//! our semantics: pluto's exit 2 (deprecated) is our 3, its 3 (removed) is our 4; kubent's
//! "no target" is our newest release. Every deliberate difference says why in a comment.

mod common;

use common::{Env, fixture};
use serde_json::Value;

fn scan(args: &[&str]) -> (i32, Vec<Value>, Vec<Value>) {
    let env = Env::new();
    let mut all = vec!["deprecations", "-o", "json"];
    all.extend_from_slice(args);
    let out = env
        .cmd()
        .current_dir(fixture("third_party"))
        .args(&all)
        .output()
        .expect("run");
    let (code, stdout, stderr) = common::split(out);
    let v: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    (code, list("findings"), list("errors"))
}

fn field<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or("")
}

// ---- pluto ----------------------------------------------------------------------------------

#[test]
fn pluto_finder_yaml_and_json() {
    // finder_test.go: exactly one output per file; target v1.16 makes the Deployment removed.
    for (file, ns) in [
        ("deployment-extensions-v1beta1.yaml", "yaml-namespace"),
        ("deployment-extensions-v1beta1.json", "json-namespace"),
    ] {
        let path = format!("pluto/pkg/finder/testdata/{file}");
        let (code, findings, errors) = scan(&[&path, "--target-version", "v1.16.0"]);
        assert_eq!(code, 4, "{file}");
        assert!(errors.is_empty());
        assert_eq!(findings.len(), 1, "{file}: {findings:?}");
        let f = &findings[0];
        assert_eq!(
            (field(f, "name"), field(f, "namespace"), field(f, "kind")),
            ("utilities", ns, "Deployment")
        );
        assert_eq!(
            (field(f, "apiVersion"), field(f, "replacement")),
            ("extensions/v1beta1", "apps/v1")
        );
        assert_eq!(
            (
                field(f, "deprecatedIn"),
                field(f, "removedIn"),
                field(f, "status")
            ),
            // pluto's data says deprecated in v1.9; the API server's lifecycle data says v1.8.
            ("v1.8", "v1.16", "removed")
        );
    }
}

#[test]
fn pluto_finder_directory_and_text_file() {
    // The directory gives the JSON and the YAML file's findings; other.txt is not a manifest
    // extension, so a directory scan does not read it (pluto reads and fails on it silently).
    let (code, findings, errors) =
        scan(&["pluto/pkg/finder/testdata", "--target-version", "v1.16"]);
    assert_eq!(code, 4);
    assert!(errors.is_empty(), "{errors:?}");
    let ns: Vec<&str> = findings.iter().map(|f| field(f, "namespace")).collect();
    assert_eq!(
        ns,
        vec!["json-namespace", "yaml-namespace"],
        "lexical walk order, as pluto"
    );
    // Named explicitly, other.txt is read: it is one YAML scalar, not an object: 0 outputs.
    let (code, findings, errors) = scan(&["pluto/pkg/finder/testdata/other.txt"]);
    assert_eq!((code, findings.len(), errors.len()), (0, 0, 0));
}

#[test]
fn pluto_e2e_assets_at_v1_15() {
    // 00-detect-files #1: pluto exits 2 (deprecated). We also read chart/templates/*.yaml,
    // which are unrendered templates: pluto skips them silently (its issue #196, our reason to
    // exist), we report them as errors, and the literal `apiVersion: extensions/v1beta1` of
    // deployment-deprecated.yaml as a finding marked templated (its name is a template:
    // `<templated>`). Chart.yaml and values.yaml are skipped. With --ignore-errors the
    // findings decide: 3.
    let (code, findings, errors) = scan(&["pluto/e2e/tests/assets", "--target-version", "v1.15.0"]);
    assert_eq!(code, 1, "unrendered templates are errors");
    let files: Vec<&str> = errors.iter().map(|e| field(e, "file")).collect();
    assert_eq!(
        files,
        vec![
            "pluto/e2e/tests/assets/chart/templates/deployment-deprecated.yaml",
            "pluto/e2e/tests/assets/chart/templates/deployment.yaml"
        ]
    );
    assert!(
        errors
            .iter()
            .all(|e| field(e, "hint").contains("helm template"))
    );
    let rows: Vec<(&str, &str, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                field(f, "name"),
                field(f, "kind"),
                field(f, "apiVersion"),
                field(f, "status"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "<templated>",
                "Deployment",
                "extensions/v1beta1",
                "deprecated"
            ),
            (
                "utilities",
                "Deployment",
                "extensions/v1beta1",
                "deprecated"
            ),
            (
                "utilities",
                "Deployment",
                "extensions/v1beta1",
                "deprecated"
            )
        ],
        "the template's literal lines, deprecated116/ and the first item of list/ ; never the apps/v1 items"
    );
    assert_eq!(findings[0]["templated"], true);
    assert_eq!(
        (field(&findings[0], "file"), findings[0]["line"].as_u64()),
        (
            "pluto/e2e/tests/assets/chart/templates/deployment-deprecated.yaml",
            Some(1)
        )
    );
    assert!(findings[1].get("templated").is_none());
    let (code, _, _) = scan(&[
        "pluto/e2e/tests/assets",
        "--target-version",
        "v1.15.0",
        "--ignore-errors",
    ]);
    assert_eq!(code, 3);
}

#[test]
fn pluto_e2e_single_dirs() {
    // #4 non-deprecated at v1.16: clean. #5 deprecated116 at v1.8: nothing yet in pluto (its
    // data says deprecated in v1.9); the API server's lifecycle data says v1.8 (extensions and
    // apps/v1beta1 workloads), so at v1.8 they are deprecated here and nothing is found at v1.7.
    assert_eq!(
        scan(&[
            "pluto/e2e/tests/assets/non-deprecated",
            "--target-version",
            "v1.16.0"
        ])
        .0,
        0
    );
    let (code, findings, _) = scan(&[
        "pluto/e2e/tests/assets/deprecated116",
        "--target-version",
        "v1.8.0",
    ]);
    assert_eq!(code, 3, "{findings:?}");
    assert!(findings.iter().all(|f| field(f, "status") == "deprecated"));
    let (code, findings, _) = scan(&[
        "pluto/e2e/tests/assets/deprecated116",
        "--target-version",
        "v1.7.0",
    ]);
    assert_eq!((code, findings.len()), (0, 0));
    // #10 list/ at v1.15: the deprecated item only, exit 2 in pluto = our 3.
    let (code, findings, _) = scan(&["pluto/e2e/tests/assets/list", "--target-version", "v1.15.0"]);
    assert_eq!(code, 3);
    assert_eq!(findings.len(), 1);
    assert_eq!(field(&findings[0], "apiVersion"), "extensions/v1beta1");
    assert!(
        findings[0]["line"].as_u64().unwrap_or(0) > 1,
        "a List item has its own line"
    );
    // #11 detect one file (pluto default target v1.25): removed -> pluto 3 = our 4.
    let (code, findings, _) =
        scan(&["pluto/e2e/tests/assets/deprecated116/deployment-extensions-v1beta1.yaml"]);
    assert_eq!(code, 4);
    assert_eq!(field(&findings[0], "name"), "utilities");
    assert!(
        findings[0]["namespace"].is_null(),
        "pluto prints <UNKNOWN>; we give null"
    );
}

#[test]
fn pluto_e2e_non_manifests_give_nothing() {
    // Chart.yaml (apiVersion v2, no kind), values.yaml, pluto's own additional-versions data
    // files and the Helm release Secrets (v1 Secret; decoding them is the cluster mode's job).
    for path in [
        "pluto/e2e/tests/assets/chart/Chart.yaml",
        "pluto/e2e/tests/assets/chart/values.yaml",
        "pluto/e2e/tests/assets/additional-versions",
        "pluto/e2e/tests/assets/helm3",
        "pluto/pkg/api/test_data/versions.yaml",
    ] {
        let (code, findings, errors) = scan(&[path]);
        assert_eq!((code, findings.len(), errors.len()), (0, 0, 0), "{path}");
    }
}

#[test]
fn pluto_components_semantics() {
    // #9: --components=istio gives "No output to display" in pluto; our table has no istio
    // entries (pluto's two are unmatchable or match every kind, research 2.1), so naming it
    // is a usage error with the list of known components rather than a silent empty result.
    let env = Env::new();
    let (code, _, err) = env.run(&["deprecations", ".", "--components", "istio"]);
    assert_eq!(code, 2);
    assert!(err.contains("known components"), "{err}");
}

// ---- kubent ---------------------------------------------------------------------------------

/// rules_*_test.go: each fixture gives exactly one manifest and one finding of its kind.
/// (fixture, kind, apiVersion, name, namespace)
const KUBENT: &[(&str, &str, &str, &str, &str)] = &[
    (
        "apiservice-v1beta1.yaml",
        "APIService",
        "apiregistration.k8s.io/v1beta1",
        "v1alpha1.wardle.example.com",
        "",
    ),
    (
        "autoscaler-v2beta1.yaml",
        "HorizontalPodAutoscaler",
        "autoscaling/v2beta1",
        "php-apache",
        "",
    ),
    (
        "autoscaler-v2beta2.yaml",
        "HorizontalPodAutoscaler",
        "autoscaling/v2beta2",
        "php-apache",
        "",
    ),
    (
        "certificatesigningrequest-v1beta1.yaml",
        "CertificateSigningRequest",
        "certificates.k8s.io/v1beta1",
        "example.com",
        "",
    ),
    (
        "clusterrole-v1beta1.yaml",
        "ClusterRole",
        "rbac.authorization.k8s.io/v1beta1",
        "pod-reader",
        "",
    ),
    (
        "clusterrolebinding-v1beta1.yaml",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1beta1",
        "read-pods",
        "",
    ),
    (
        "cronjob-v1beta1.yaml",
        "CronJob",
        "batch/v1beta1",
        "hello",
        "",
    ),
    (
        "csidriver-v1beta1.yaml",
        "CSIDriver",
        "storage.k8s.io/v1beta1",
        "fake-csi-driver",
        "",
    ),
    (
        "csinode-v1beta1.yaml",
        "CSINode",
        "storage.k8s.io/v1beta1",
        "my-node",
        "",
    ),
    (
        "csistoragecapacity-v1beta1.yaml",
        "CSIStorageCapacity",
        "storage.k8s.io/v1beta1",
        "my-csi-capacity",
        "",
    ),
    (
        "customresourcedefinition-v1beta1.yaml",
        "CustomResourceDefinition",
        "apiextensions.k8s.io/v1beta1",
        "certificates.test.k8s.io",
        "",
    ),
    (
        "endpointslice-v1beta1.yaml",
        "EndpointSlice",
        "discovery.k8s.io/v1beta1",
        "example-abc",
        "",
    ),
    (
        "flowschema-v1beta1.yaml",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "service-accounts-test",
        "",
    ),
    (
        "flowschema-v1beta2.yaml",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "service-accounts-test",
        "",
    ),
    (
        "flowschema-v1beta3.yaml",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "service-accounts-test",
        "",
    ),
    (
        "ingress-v1beta1.yaml",
        "Ingress",
        "extensions/v1beta1",
        "test-ingress",
        "",
    ),
    (
        "ingressclass-v1beta1.yaml",
        "IngressClass",
        "networking.k8s.io/v1beta1",
        "external-lb",
        "",
    ),
    (
        "lease-v1beta1.yaml",
        "Lease",
        "coordination.k8s.io/v1beta1",
        "example",
        "default",
    ),
    (
        "localsubjectaccessreview-v1beta1.yaml",
        "LocalSubjectAccessReview",
        "authorization.k8s.io/v1beta1",
        "",
        "",
    ),
    (
        "mutatingwebhookconfiguration-v1beta1.yaml",
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1",
        "test",
        "my-namespace",
    ),
    (
        "poddisruptionbudget-v1beta1.yaml",
        "PodDisruptionBudget",
        "policy/v1beta1",
        "xy-pdb",
        "",
    ),
    (
        "podsecuritypolicy-v1beta1.yaml",
        "PodSecurityPolicy",
        "policy/v1beta1",
        "example",
        "",
    ),
    (
        "priorityclass-v1beta1.yaml",
        "PriorityClass",
        "scheduling.k8s.io/v1beta1",
        "default",
        "",
    ),
    (
        "prioritylevelconfiguration-v1beta1.yaml",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "workload-medium",
        "",
    ),
    (
        "prioritylevelconfiguration-v1beta2.yaml",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "workload-medium",
        "",
    ),
    (
        "prioritylevelconfiguration-v1beta3.yaml",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "workload-medium",
        "",
    ),
    (
        "role-v1beta1.yaml",
        "Role",
        "rbac.authorization.k8s.io/v1beta1",
        "pod-reader",
        "default",
    ),
    (
        "rolebinding-v1beta1.yaml",
        "RoleBinding",
        "rbac.authorization.k8s.io/v1beta1",
        "read-pods",
        "default",
    ),
    (
        "runtimeclass-v1beta1.yaml",
        "RuntimeClass",
        "node.k8s.io/v1beta1",
        "my-class",
        "",
    ),
    (
        "selfsubjectaccessreview-v1beta1.yaml",
        "SelfSubjectAccessReview",
        "authorization.k8s.io/v1beta1",
        "",
        "",
    ),
    (
        "storageclass-v1beta1.yaml",
        "StorageClass",
        "storage.k8s.io/v1beta1",
        "slow",
        "",
    ),
    (
        "subjectaccessreview-v1beta1.yaml",
        "SubjectAccessReview",
        "authorization.k8s.io/v1beta1",
        "",
        "",
    ),
    (
        "tokenreview-v1beta1.yaml",
        "TokenReview",
        "authentication.k8s.io/v1beta1",
        "",
        "",
    ),
    (
        "validatingwebhookconfiguration-v1beta1.yaml",
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1",
        "test",
        "my-namespace",
    ),
    (
        "volumeattachment-v1beta1.yaml",
        "VolumeAttachment",
        "storage.k8s.io/v1beta1",
        "test",
        "",
    ),
];

#[test]
fn kubent_rule_fixtures_one_finding_each() {
    // kubent runs its rules with no target; ours is the newest release the table covers, at
    // which every one of these versions is removed.
    for (file, kind, api, name, ns) in KUBENT {
        let path = format!("kubent/fixtures/{file}");
        let (code, findings, errors) = scan(&[&path]);
        assert!(errors.is_empty(), "{file}: {errors:?}");
        assert_eq!(findings.len(), 1, "{file}: {findings:?}");
        let f = &findings[0];
        assert_eq!(
            (field(f, "kind"), field(f, "apiVersion")),
            (*kind, *api),
            "{file}"
        );
        assert_eq!(
            (field(f, "name"), field(f, "namespace")),
            (*name, *ns),
            "{file}"
        );
        assert_eq!((code, field(f, "status")), (4, "removed"), "{file}");
    }
}

#[test]
fn kubent_multi_document_and_json() {
    // file_test.go: [Deployment, Ingress] from the two-document file; [Deployment] from JSON.
    let (_, findings, _) = scan(&["kubent/fixtures/deployment-v1beta1-and-ingress-v1beta1.yaml"]);
    let kinds: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (field(f, "kind"), field(f, "name")))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Deployment", "nginx-deployment-old"),
            ("Ingress", "test-ingress")
        ]
    );
    let (_, findings, _) = scan(&["kubent/fixtures/deployment-v1beta1.json"]);
    assert_eq!(findings.len(), 1);
    assert_eq!(field(&findings[0], "apiVersion"), "extensions/v1beta1");
    // expected-json-output.json is a JSON array of kubent results, meow.txt a cat: neither is
    // a manifest, neither is an error (kubent: `[]`, no fatal error).
    for path in [
        "kubent/fixtures/meow.txt",
        "kubent/fixtures/expected-json-output.json",
    ] {
        let (code, findings, errors) = scan(&[path]);
        assert_eq!((code, findings.len(), errors.len()), (0, 0, 0), "{path}");
    }
    // does-not-exist: kubent "failed to read"; ours names the file and exits 1.
    let (code, _, errors) = scan(&["kubent/fixtures/does-not-exist"]);
    assert_eq!(code, 1);
    assert_eq!(field(&errors[0], "message"), "no such file or directory");
}

#[test]
fn kubent_live_fixtures_are_current_in_files() {
    // The fake-*-with-annotation fixtures are live objects served at apps/v1 and
    // networking.k8s.io/v1; the old version sits only in last-applied-configuration, which is
    // the cluster mode's evidence. A file scan correctly finds nothing (expected.md 2.4).
    for file in [
        "fake-deployment-v1beta1-with-annotation.yaml",
        "fake-ingress-v1beta1-with-annotation.yaml",
        "fake-deployment-v1beta1-no-annotation.yaml",
    ] {
        let (code, findings, errors) = scan(&[&format!("kubent/fixtures/{file}")]);
        assert_eq!((code, findings.len(), errors.len()), (0, 0, 0), "{file}");
    }
}

#[test]
fn kubent_cert_manager_issuer() {
    // rules_custom_test.go needs `-a Issuer.v1alpha2.cert-manager.io` in kubent; our table has
    // cert-manager entries (from pluto), so the Issuer is found without extra flags.
    let (_, findings, _) = scan(&["kubent/fixtures/issuer-v1alpha2.yaml"]);
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (
            field(&findings[0], "kind"),
            field(&findings[0], "component")
        ),
        ("Issuer", "cert-manager")
    );
}

#[test]
fn kubent_whole_directory_reads_everything() {
    // The volumesnapshot fixtures have list-shaped annotations: they must still parse.
    let (_, _, errors) = scan(&["kubent/fixtures"]);
    assert!(errors.is_empty(), "{errors:?}");
}

// ---- kubepug --------------------------------------------------------------------------------

#[test]
fn kubepug_manifests() {
    // docs/usage.md: at v1.22 the Ingress is deleted (removed), the PSPs deprecated.
    let (code, findings, errors) = scan(&[
        "kubepug/test/testdata/manifests",
        "--target-version",
        "v1.22",
    ]);
    assert!(errors.is_empty());
    assert_eq!(code, 4);
    let rows: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (field(f, "kind"), field(f, "name"), field(f, "status")))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Ingress", "bla", "removed"),
            ("PodSecurityPolicy", "restrictive2", "deprecated"),
            ("PodSecurityPolicy", "restrictive", "deprecated"),
            ("PodSecurityPolicy", "restrictive4", "deprecated"),
            ("PodSecurityPolicy", "restrictive", "deprecated"),
        ]
    );
    assert_eq!(field(&findings[0], "namespace"), "blabla");
    // kubepug's data.json sample is a database, not a manifest.
    let (code, findings, errors) = scan(&["kubepug/test/testdata/generated/data.json"]);
    assert_eq!((code, findings.len(), errors.len()), (0, 0, 0));
}
