//! `kubectl abema deprecations` end to end: the real binary on real files.

mod common;

use common::Env;
use serde::Deserialize;

/// The JSON contract, as a consumer would deserialise it (unknown fields are errors here, so
/// the test notices any change to the contract).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Report {
    schema_version: String,
    target_version: String,
    #[serde(default)]
    component_targets: std::collections::BTreeMap<String, String>,
    summary: Summary,
    findings: Vec<Finding>,
    errors: Vec<ProblemOut>,
    #[serde(default)]
    skipped: Vec<SkippedOut>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkippedOut {
    path: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    files: usize,
    objects: usize,
    deprecated: usize,
    removed: usize,
    upcoming: usize,
    ignored: usize,
    errors: usize,
    skipped: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Finding {
    file: String,
    line: usize,
    document: usize,
    api_version: String,
    kind: String,
    name: Option<String>,
    namespace: Option<String>,
    status: String,
    deprecated_in: String,
    removed_in: String,
    replacement: String,
    replacement_available_in: String,
    component: String,
    #[serde(default)]
    ignored: Option<String>,
    #[serde(default)]
    templated: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemOut {
    file: String,
    line: usize,
    message: String,
    #[serde(default)]
    hint: Option<String>,
}

fn json(env: &Env, args: &[&str]) -> (i32, Report, String) {
    let mut all = vec!["deprecations", "-o", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = env.run(&all);
    let report: Report = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{out}\nstderr:\n{err}"));
    (code, report, err)
}

const INGRESS: &str = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec: {}\n";
const DEPLOYMENT_V1: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n";
const HPA_V2BETA2: &str =
    "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hpa\n";

#[test]
fn json_output_matches_the_contract() {
    let env = Env::new();
    env.write("m/a.yaml", &format!("{DEPLOYMENT_V1}---\n{INGRESS}"));
    env.write("m/values.yaml", "replicaCount: 1\n");
    let (code, r, _) = json(&env, &["m", "--target-version", "v1.33"]);
    assert_eq!(code, 4, "removed at the target wins");
    assert_eq!(r.schema_version, "abema.dev/deprecations/v1");
    assert_eq!(r.target_version, "v1.33");
    assert_eq!(
        r.component_targets.get("cert-manager").map(String::as_str),
        Some("v1.6"),
        "other components are checked against their newest known release"
    );
    assert_eq!(
        (
            r.summary.files,
            r.summary.objects,
            r.summary.removed,
            r.summary.deprecated
        ),
        (1, 2, 1, 0)
    );
    assert_eq!(
        (r.summary.upcoming, r.summary.ignored, r.summary.errors),
        (0, 0, 0)
    );
    assert_eq!(r.summary.skipped, 1, "values.yaml is not a manifest");
    assert_eq!(
        (r.skipped[0].path.as_str(), r.skipped[0].reason.as_str()),
        (
            "m/values.yaml",
            "a Helm chart's own file (Chart.yaml, values), not a manifest"
        )
    );
    assert!(r.notes.is_empty());
    let f = &r.findings[0];
    assert!(!f.templated);
    assert_eq!((f.file.as_str(), f.line, f.document), ("m/a.yaml", 6, 1));
    assert_eq!(
        (f.api_version.as_str(), f.kind.as_str()),
        ("extensions/v1beta1", "Ingress")
    );
    assert_eq!(
        (f.name.as_deref(), f.namespace.as_deref()),
        (Some("web"), Some("shop"))
    );
    assert_eq!(
        (
            f.status.as_str(),
            f.deprecated_in.as_str(),
            f.removed_in.as_str()
        ),
        ("removed", "v1.14", "v1.22")
    );
    assert_eq!(
        (f.replacement.as_str(), f.replacement_available_in.as_str()),
        ("networking.k8s.io/v1", "v1.19")
    );
    assert_eq!(f.component, "k8s");
    assert!(f.ignored.is_none());
    assert!(r.errors.is_empty());
}

#[test]
fn yaml_output_is_the_same_document() {
    let env = Env::new();
    env.write("a.yaml", INGRESS);
    let (code, out, _) = env.run(&["deprecations", "a.yaml", "-o", "yaml"]);
    assert_eq!(code, 4);
    assert!(
        out.contains("schemaVersion: abema.dev/deprecations/v1"),
        "{out}"
    );
    assert!(out.contains("status: removed"), "{out}");
}

#[test]
fn exit_codes_follow_the_target() {
    let env = Env::new();
    env.write("hpa.yaml", HPA_V2BETA2);
    // autoscaling/v2beta2: deprecated in v1.23, removed in v1.26.
    assert_eq!(
        env.run(&["deprecations", "hpa.yaml", "--target-version", "v1.22"])
            .0,
        0
    );
    assert_eq!(
        env.run(&["deprecations", "hpa.yaml", "--target-version", "v1.23"])
            .0,
        3
    );
    assert_eq!(
        env.run(&["deprecations", "hpa.yaml", "--target-version", "v1.26.3"])
            .0,
        4
    );
    let (code, out, _) = env.run(&[
        "deprecations",
        "hpa.yaml",
        "--target-version",
        "v1.22",
        "--show-upcoming",
    ]);
    assert_eq!(code, 0, "upcoming findings do not fail");
    assert!(out.contains("upcoming"), "{out}");
}

#[test]
fn clean_run_prints_one_summary_line() {
    let env = Env::new();
    env.write("d.yaml", DEPLOYMENT_V1);
    let (code, out, err) = env.run(&["deprecations", "d.yaml", "--target-version", "v1.30"]);
    assert_eq!(code, 0);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "checked 1 file (1 object) against v1.30: no deprecated or removed APIs\n"
    );
}

#[test]
fn broken_yaml_is_reported_and_fails_the_run() {
    let env = Env::new();
    env.write("tree/good.yaml", INGRESS);
    env.write(
        "tree/broken.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n",
    );
    let (code, out, err) = env.run(&["deprecations", "tree"]);
    assert_eq!(code, 1, "errors win over findings");
    assert!(out.contains("web"), "other files are still scanned: {out}");
    assert!(
        err.contains("error: tree/broken.yaml:4: invalid YAML"),
        "{err}"
    );
    let (code, _, _) = env.run(&["deprecations", "tree", "--ignore-errors"]);
    assert_eq!(code, 4, "--ignore-errors lets the findings decide");
    let (_, r, _) = json(&env, &["tree"]);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        (r.errors[0].file.as_str(), r.errors[0].line),
        ("tree/broken.yaml", 4)
    );
    assert!(r.errors[0].message.starts_with("invalid YAML"));
    assert!(r.errors[0].hint.is_none());
}

#[test]
fn stdin_is_read_with_dash() {
    let env = Env::new();
    let (code, out, _) = env.run_stdin(&["deprecations", "-", "-o", "csv"], INGRESS);
    assert_eq!(code, 4);
    assert_eq!(
        out.lines().next(),
        Some(
            "NAME,NAMESPACE,KIND,VERSION,REPLACEMENT,STATUS,FILE:LINE,\
             DEPRECATED IN,REMOVED IN,REPLACEMENT AVAILABLE IN"
        )
    );
    assert_eq!(
        out.lines().nth(1),
        Some(
            "web,shop,Ingress,extensions/v1beta1,networking.k8s.io/v1,removed,-:1,\
             v1.14,v1.22,v1.19"
        )
    );
}

#[test]
fn helm_template_gets_the_render_hint() {
    let env = Env::new();
    env.write(
        "chart/Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    );
    env.write(
        "chart/templates/d.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
    );
    let (code, _, err) = env.run(&["deprecations", "chart"]);
    assert_eq!(code, 1);
    assert!(err.contains("error: chart/templates/d.yaml:4:"), "{err}");
    assert!(
        err.contains("hint: this looks like an unrendered Helm template"),
        "{err}"
    );
    assert!(
        err.contains("helm template RELEASE CHART | kubectl abema deprecations -"),
        "{err}"
    );
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let env = Env::new();
    let (code, _, err) = env.run(&["deprecations", "nope.yaml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: nope.yaml: no such file or directory"),
        "{err}"
    );
}

#[test]
fn table_and_wide_and_markdown() {
    let env = Env::new();
    env.write("a.yaml", INGRESS);
    let (_, out, _) = env.run(&["deprecations", "a.yaml"]);
    let header: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        [
            "NAME",
            "NAMESPACE",
            "KIND",
            "VERSION",
            "REPLACEMENT",
            "STATUS",
            "FILE:LINE"
        ]
    );
    let (_, out, _) = env.run(&["deprecations", "a.yaml", "-o", "wide"]);
    assert!(
        out.lines()
            .next()
            .unwrap_or_default()
            .ends_with("DEPRECATED IN   REMOVED IN   REPLACEMENT AVAILABLE IN"),
        "{out}"
    );
    let (_, out, _) = env.run(&["deprecations", "a.yaml", "-o", "markdown"]);
    assert!(out.starts_with("| NAME "), "{out}");
}

#[test]
fn config_sets_target_and_ignores_with_reasons() {
    let env = Env::new();
    env.write("a.yaml", INGRESS);
    env.write("hpa.yaml", HPA_V2BETA2);
    env.write(
        ".abema.yaml",
        "deprecations:\n  targetVersion: v1.23\n  ignore:\n    - kind: Ingress\n      name: web\n      reason: migrated in PR 42\n",
    );
    let (code, r, err) = json(&env, &["."]);
    assert_eq!(r.target_version, "v1.23");
    assert_eq!(
        code, 3,
        "the ignored removal does not count; the HPA is deprecated at v1.23: {err}"
    );
    assert_eq!(
        (r.summary.ignored, r.summary.removed, r.summary.deprecated),
        (1, 0, 1)
    );
    let ignored = r
        .findings
        .iter()
        .find(|f| f.kind == "Ingress")
        .expect("ignored findings are still listed");
    assert_eq!(ignored.ignored.as_deref(), Some("migrated in PR 42"));
    // The flag wins over the file.
    let (_, r, _) = json(&env, &[".", "--target-version", "v1.30"]);
    assert_eq!(r.target_version, "v1.30");
}

#[test]
fn config_with_unknown_key_names_key_and_file() {
    let env = Env::new();
    env.write(".abema.yaml", "deprecations:\n  targetVersoin: v1.23\n");
    let (code, _, err) = env.run(&["deprecations", "."]);
    assert_eq!(code, 1);
    assert!(
        err.contains("targetVersoin") && err.contains(".abema.yaml:2"),
        "{err}"
    );
}

#[test]
fn config_is_found_in_a_parent_directory_and_by_flag() {
    let env = Env::new();
    env.write(".abema.yaml", "deprecations:\n  targetVersion: v1.20\n");
    env.write("sub/dir/a.yaml", HPA_V2BETA2);
    let mut cmd = env.cmd();
    let out = cmd
        .current_dir(env.work().join("sub/dir"))
        .args(["deprecations", "a.yaml", "-o", "json"])
        .output()
        .expect("run");
    let r: Report = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r.target_version, "v1.20");
    let other = env.write("other.yaml", "deprecations:\n  targetVersion: v1.26\n");
    let (code, _, _) = env.run(&[
        "deprecations",
        "sub/dir/a.yaml",
        "--config",
        other.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 4);
}

#[test]
fn bad_target_version_and_component_are_usage_errors() {
    let env = Env::new();
    env.write("a.yaml", INGRESS);
    let (code, _, err) = env.run(&["deprecations", "a.yaml", "--target-version", "vfoo"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--target-version: invalid version \"vfoo\""),
        "{err}"
    );
    let (code, _, err) = env.run(&["deprecations", "a.yaml", "--components", "istio-typo"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown component \"istio-typo\"")
            && err.contains("hint: known components: "),
        "{err}"
    );
}

#[test]
fn components_filter() {
    let env = Env::new();
    env.write("a.yaml", INGRESS);
    env.write(
        "c.yaml",
        "apiVersion: cert-manager.io/v1alpha2\nkind: Issuer\nmetadata: {name: selfsigned}\n",
    );
    let (code, r, _) = json(&env, &[".", "--components", "cert-manager"]);
    assert_eq!(code, 4);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].component, "cert-manager");
    assert_eq!(
        r.component_targets.len(),
        1,
        "the cert-manager target is stated"
    );
    let (_, r, _) = json(&env, &[".", "--components", "k8s"]);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].kind, "Ingress");
    let (code, _, _) = env.run(&[
        "deprecations",
        ".",
        "--components",
        "cert-manager",
        "--target-version",
        "cert-manager=v1.4",
    ]);
    assert_eq!(code, 3, "deprecated, not yet removed, at cert-manager v1.4");
}

#[test]
fn examples_show_real_findings() {
    let env = Env::new();
    let examples = common::root().join("examples");
    let out = env
        .cmd()
        .current_dir(&examples)
        .args(["deprecations", ".", "-o", "json"])
        .output()
        .expect("run");
    let (code, stdout, stderr) = common::split(out);
    assert_eq!(code, 4, "{stderr}");
    let r: Report = serde_json::from_str(&stdout).expect("json");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let kinds: Vec<&str> = r.findings.iter().map(|f| f.kind.as_str()).collect();
    for kind in ["Deployment", "Ingress", "CronJob", "PodDisruptionBudget"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(
        r.findings
            .iter()
            .all(|f| f.line >= 1 && f.file.starts_with("base/")),
        "{:?}",
        r.findings
    );
}

#[test]
fn closed_stdout_pipe_exits_quietly() {
    let env = Env::new();
    let mut big = String::new();
    for i in 0..3000 {
        big.push_str(&format!(
            "---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web-{i}\n"
        ));
    }
    let path = env.write("big.yaml", &big);
    let script = format!(
        "'{}' deprecations '{}' | head -n 1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_kubectl-abema"),
        path.display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .output()
        .expect("bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

/// A removed Ingress, a current Deployment, an HPA ignored by annotation and a broken file.
fn ci_tree(env: &Env) {
    env.write(
        "m/a.yaml",
        &format!(
            "{INGRESS}---\n{DEPLOYMENT_V1}---\n{}",
            HPA_V2BETA2.replace(
                "  name: hpa\n",
                "  name: hpa\n  annotations:\n    abema.dev/ignore-deprecations: \"migrated in PLAT-42\"\n"
            )
        ),
    );
    env.write("m/broken.yaml", "kind: [\n");
}

/// A real XML parser reads the JUnit report: one test case per object plus one per
/// unreadable file.
#[test]
#[ignore = "needs python3"]
fn junit_is_read_by_a_real_xml_parser() {
    common::require_tool("python3");
    let env = Env::new();
    ci_tree(&env);
    let (code, out, _) = env.run(&["deprecations", "m", "-o", "junit"]);
    assert_eq!(code, 1, "the broken file still fails the run");
    let script = "import sys, xml.etree.ElementTree as ET\nr = ET.fromstring(sys.stdin.read())\ncases = r.findall('.//testcase')\nprint(len(cases), len(r.findall('.//failure')), len(r.findall('.//skipped')), len(r.findall('.//error')))";
    let mut py = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write;
    py.stdin
        .take()
        .expect("stdin")
        .write_all(out.as_bytes())
        .expect("write");
    let parsed = py.wait_with_output().expect("python3");
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout).trim(),
        "4 1 1 1",
        "{out}"
    );
}

#[test]
fn junit_and_sarif_for_ci_with_annotation_ignores() {
    let env = Env::new();
    ci_tree(&env);
    let (code, out, _) = env.run(&["deprecations", "m", "-o", "junit"]);
    assert_eq!(code, 1, "the broken file still fails the run");
    assert!(
        out.contains(
            "<skipped message=\"ignored: abema.dev/ignore-deprecations: migrated in PLAT-42\"/>"
        ),
        "{out}"
    );
    let (_, out, _) = env.run(&["deprecations", "m", "-o", "sarif", "--ignore-errors"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .is_some()
        );
    }
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[1]["suppressions"][0]["justification"],
        "abema.dev/ignore-deprecations: migrated in PLAT-42"
    );
    let (_, r, _) = json(&env, &["m", "--ignore-errors"]);
    assert_eq!(
        r.summary.ignored, 1,
        "ignored findings are counted, never dropped"
    );
    let (code, _, err) = env.run(&["nodepool", "list", "-o", "sarif"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("-o sarif is not an output of `kubectl abema nodepool list`"),
        "{err}"
    );
}

/// One object per entry class, from the generated table (the API server's lifecycle data):
/// removed betas, deprecated betas, alphas dropped from the source, a GA deprecation, and a
/// replacement chain whose advice moves with the target.
const CLASSES: &str = "\
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: ga-removed-ingress}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: ga-removed-pdb}
---
apiVersion: resource.k8s.io/v1beta1
kind: ResourceClaim
metadata: {name: beta-deprecated-claim}
---
apiVersion: storage.k8s.io/v1beta1
kind: VolumeAttributesClass
metadata: {name: beta-deprecated-vac}
---
apiVersion: resource.k8s.io/v1alpha2
kind: ResourceClaim
metadata: {name: alpha-gone-claim}
---
apiVersion: scheduling.k8s.io/v1alpha2
kind: Workload
metadata: {name: alpha-gone-workload}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1beta1
kind: FlowSchema
metadata: {name: replacement-served-fs}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ga-deprecated-endpoints}
";

#[test]
fn entry_classes_at_each_target() {
    let env = Env::new();
    env.write("classes.yaml", CLASSES);
    // (target, exit code, [(name, status, replacement, replacementAvailableIn)]); objects not
    // listed have no finding at that target.
    type Row = (&'static str, &'static str, &'static str, &'static str);
    let cases: [(&str, i32, &[Row]); 7] = [
        (
            "v1.16",
            3,
            // networking.k8s.io/v1 is not served before v1.19: the served v1beta1 is named.
            &[(
                "ga-removed-ingress",
                "deprecated",
                "networking.k8s.io/v1beta1",
                "v1.14",
            )],
        ),
        (
            "v1.22",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "deprecated", "policy/v1", "v1.21"),
            ],
        ),
        (
            "v1.25",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "removed", "policy/v1", "v1.21"),
                (
                    "replacement-served-fs",
                    "deprecated",
                    "flowcontrol.apiserver.k8s.io/v1beta2",
                    "v1.23",
                ),
            ],
        ),
        (
            "v1.32",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "removed", "policy/v1", "v1.21"),
                (
                    "alpha-gone-claim",
                    "removed",
                    "resource.k8s.io/v1beta1",
                    "v1.32",
                ),
                (
                    "replacement-served-fs",
                    "removed",
                    "flowcontrol.apiserver.k8s.io/v1",
                    "v1.29",
                ),
            ],
        ),
        (
            "v1.35",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "removed", "policy/v1", "v1.21"),
                (
                    "beta-deprecated-claim",
                    "deprecated",
                    "resource.k8s.io/v1",
                    "v1.34",
                ),
                (
                    "beta-deprecated-vac",
                    "deprecated",
                    "storage.k8s.io/v1",
                    "v1.34",
                ),
                ("alpha-gone-claim", "removed", "resource.k8s.io/v1", "v1.34"),
                (
                    "replacement-served-fs",
                    "removed",
                    "flowcontrol.apiserver.k8s.io/v1",
                    "v1.29",
                ),
                (
                    "ga-deprecated-endpoints",
                    "deprecated",
                    "discovery.k8s.io/v1",
                    "v1.21",
                ),
            ],
        ),
        (
            "v1.36",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "removed", "policy/v1", "v1.21"),
                (
                    "beta-deprecated-claim",
                    "deprecated",
                    "resource.k8s.io/v1",
                    "v1.34",
                ),
                (
                    "beta-deprecated-vac",
                    "deprecated",
                    "storage.k8s.io/v1",
                    "v1.34",
                ),
                ("alpha-gone-claim", "removed", "resource.k8s.io/v1", "v1.34"),
                (
                    "replacement-served-fs",
                    "removed",
                    "flowcontrol.apiserver.k8s.io/v1",
                    "v1.29",
                ),
                (
                    "ga-deprecated-endpoints",
                    "deprecated",
                    "discovery.k8s.io/v1",
                    "v1.21",
                ),
            ],
        ),
        (
            "v1.37",
            4,
            &[
                (
                    "ga-removed-ingress",
                    "removed",
                    "networking.k8s.io/v1",
                    "v1.19",
                ),
                ("ga-removed-pdb", "removed", "policy/v1", "v1.21"),
                (
                    "beta-deprecated-claim",
                    "deprecated",
                    "resource.k8s.io/v1",
                    "v1.34",
                ),
                (
                    "beta-deprecated-vac",
                    "removed",
                    "storage.k8s.io/v1",
                    "v1.34",
                ),
                ("alpha-gone-claim", "removed", "resource.k8s.io/v1", "v1.34"),
                (
                    "alpha-gone-workload",
                    "removed",
                    "scheduling.k8s.io/v1alpha3",
                    "v1.37",
                ),
                (
                    "replacement-served-fs",
                    "removed",
                    "flowcontrol.apiserver.k8s.io/v1",
                    "v1.29",
                ),
                (
                    "ga-deprecated-endpoints",
                    "deprecated",
                    "discovery.k8s.io/v1",
                    "v1.21",
                ),
            ],
        ),
    ];
    for (target, code, want) in cases {
        let (got_code, report, err) = json(&env, &["classes.yaml", "--target-version", target]);
        let got: Vec<[String; 4]> = report
            .findings
            .iter()
            .map(|f| {
                [
                    f.name.clone().unwrap_or_default(),
                    f.status.clone(),
                    f.replacement.clone(),
                    f.replacement_available_in.clone(),
                ]
            })
            .collect();
        let want: Vec<[String; 4]> = want
            .iter()
            .map(|(a, b, c, d)| [a, b, c, d].map(|s| s.to_string()))
            .collect();
        assert_eq!(got, want, "at {target}");
        assert_eq!(got_code, code, "at {target}: {err}");
        assert_eq!(report.target_version, target);
        // The one unreleased target is said so; the released ones are not.
        assert_eq!(
            err.contains("is not released yet"),
            target == "v1.37",
            "at {target}: {err}"
        );
    }
}

#[test]
fn a_target_beyond_the_data_is_a_warning_naming_the_newest_release() {
    let env = Env::new();
    env.write("classes.yaml", CLASSES);
    for target in ["v1.38", "v2.0"] {
        let (code, report, err) = json(&env, &["classes.yaml", "--target-version", target]);
        assert!(
            err.contains(&format!(
                "warning: target {target} is beyond the newest Kubernetes release the deprecation table knows, v1.37"
            )),
            "{err}"
        );
        assert_eq!(code, 4, "exit codes as for any target");
        let claim = report
            .findings
            .iter()
            .find(|f| f.name.as_deref() == Some("beta-deprecated-claim"))
            .expect("claim");
        assert_eq!(claim.status, "removed", "removed in v1.38 per the data");
    }
    // Quiet silences it like any warning; the default target says nothing.
    let (_, _, err) = env.run(&[
        "deprecations",
        "classes.yaml",
        "-q",
        "--target-version",
        "v1.40",
    ]);
    assert!(!err.contains("warning"), "{err}");
    let (_, report, err) = json(&env, &["classes.yaml"]);
    assert_eq!(report.target_version, "v1.36", "the newest final release");
    assert!(!err.contains("warning"), "{err}");
}
