//! `kubectl abema check` end to end: the one findings model in every output format, each
//! unreadable input once, and the exit code the worst of the checks.
//!
//! The JSON, SARIF and JUnit outputs of one fixed tree are `insta` snapshots in
//! `tests/snapshots/check__check-*.snap` (the crate version normalised to `[VERSION]`). After
//! changing an output on purpose, rewrite them and review the diff before committing:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test check snapshots   # or `cargo insta review`
//! git diff tests/snapshots/
//! ```
//!
//! Under `CI=true` insta never writes: a snapshot that differs fails the test.

mod common;

use common::Env;
use serde::Deserialize;

/// The JSON contract, as a consumer would deserialise it (unknown fields are errors here,
/// so the test notices any change to the contract).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Combined {
    schema_version: String,
    exit_code: u8,
    findings: Vec<Finding>,
    errors: Vec<ProblemOut>,
    notes: Vec<String>,
    checks: Vec<CheckOut>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Finding {
    check: String,
    rule: String,
    severity: String,
    kind: String,
    name: Option<String>,
    namespace: Option<String>,
    file: String,
    line: usize,
    #[serde(default)]
    via: Option<String>,
    message: String,
    #[serde(default)]
    #[allow(dead_code)]
    // part of the contract; its presence is what deny_unknown_fields checks
    hint: Option<String>,
    /// The rule's heading in the README (always present).
    help_uri: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemOut {
    file: String,
    line: usize,
    message: String,
    #[serde(default)]
    #[allow(dead_code)] // part of the contract, as above
    hint: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckOut {
    name: String,
    exit_code: u8,
    /// The check's own counts.
    summary: serde_json::Value,
}

/// A tree with a removed API, a workload without a pool, a plaintext Secret and a broken file.
fn tree(env: &Env) {
    env.write(
        "k8s/ingress.yaml",
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: {}\n",
    );
    env.write(
        "k8s/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n",
    );
    env.write("k8s/broken.yaml", "apiVersion: v1\nkind: [\n");
}

/// [`tree`] plus a finding of every check at every severity: a deprecated API (error) and an
/// ignored one (note) at a fixed target, a workload without a pool (error) and one without
/// requests (warning), a role that gives non-owners Secrets.
fn every_kind(env: &Env) {
    tree(env);
    env.write(
        ".abema.yaml",
        "deprecations:
  targetVersion: v1.33
  ignore:
    - {kind: ComponentStatus, reason: \"read-only status, kept for the record\"}
rbac:
  owners: [platform-owners]
",
    );
    env.write(
        "k8s/legacy.yaml",
        "apiVersion: v1\nkind: Endpoints\nmetadata: {name: legacy, namespace: shop}\n---\napiVersion: v1\nkind: ComponentStatus\nmetadata: {name: scheduler}\n",
    );
    env.write(
        "k8s/workloads.yaml",
        "apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: api, image: api:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    spec:
      priorityClassName: middle-priority
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: type, operator: In, values: [public-cpu, public-cpu-asg]}
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              preference:
                matchExpressions:
                  - {key: type, operator: In, values: [public-cpu-asg]}
      containers: [{name: worker, image: worker:1}]
",
    );
    env.write(
        "k8s/rbac.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: team-editor}
rules:
  - {apiGroups: [\"\"], resources: [\"*\"], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: team-editors}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: team-editor}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: team}]
",
    );
}

#[test]
fn json_sarif_and_junit_match_their_snapshots() {
    let env = Env::new();
    every_kind(&env);
    let (_, json, _) = env.run(&["check", "k8s", "-o", "json"]);
    let report: Combined = serde_json::from_str(&json).expect("JSON");
    let levels: std::collections::BTreeSet<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.check.as_str(), f.severity.as_str()))
        .collect();
    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        [
            ("deprecations", "error"),
            ("deprecations", "note"),
            ("nodepool", "error"),
            ("nodepool", "warning"),
            ("rbac", "error"),
            ("secrets", "error"),
        ],
        "the tree has what its doc says"
    );
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    for format in ["json", "sarif", "junit"] {
        let (code, out, err) = env.run(&["check", "k8s", "-o", format]);
        assert_eq!(code, 1, "{format}: {err}");
        insta::assert_snapshot!(
            format!("check-{format}").as_str(),
            env.normalise(&out),
            &format!("check k8s -o {format}")
        );
    }
}

#[test]
fn one_model_in_every_format() {
    let env = Env::new();
    tree(&env);
    let (code, out, err) = env.run(&["check", "k8s", "-o", "json"]);
    let report: Combined =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    assert_eq!(report.schema_version, "abema.dev/check/v2");
    assert_eq!(code, 1, "the broken file fails the run: {err}");
    assert_eq!(report.exit_code, 1);
    let names: Vec<&str> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["deprecations", "nodepool", "secrets", "rbac"]);
    let worst = report.checks.iter().map(|c| c.exit_code).max();
    assert_eq!(worst, Some(1), "{:?}", report.checks);
    // Each check's counts: the Ingress removed, the Secret read, no workload, no binding.
    let summary = |name: &str| {
        &report
            .checks
            .iter()
            .find(|c| c.name == name)
            .expect(name)
            .summary
    };
    assert_eq!(summary("deprecations")["removed"], 1);
    assert_eq!(summary("nodepool")["workloads"], 0);
    assert_eq!(summary("secrets")["secrets"], 1);
    assert_eq!(summary("rbac")["bindings"], 0);
    assert!(
        report.findings.iter().all(|f| f.via.is_none()),
        "no overlay here"
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let has = |check: &str, rule: &str| {
        report
            .findings
            .iter()
            .any(|f| f.check == check && f.rule == rule && f.severity == "error" && f.line > 0)
    };
    assert!(has("deprecations", "removed-api"), "{:?}", report.findings);
    assert!(has("secrets", "plaintext"), "{:?}", report.findings);
    let secret = report
        .findings
        .iter()
        .find(|f| f.check == "secrets")
        .expect("secret finding");
    assert_eq!(
        (
            secret.kind.as_str(),
            secret.name.as_deref(),
            secret.namespace.as_deref()
        ),
        ("Secret", Some("db"), Some("shop"))
    );
    assert!(secret.file.ends_with("secret.yaml"), "{secret:?}");
    assert!(
        !secret.message.contains("hunter2") && !out.contains("hunter2"),
        "no plaintext in the report"
    );
    // The broken file is met by every check, reported once.
    let broken: Vec<&ProblemOut> = report
        .errors
        .iter()
        .filter(|p| p.file.ends_with("broken.yaml"))
        .collect();
    assert_eq!(broken.len(), 1, "{:?}", report.errors);
    assert!(broken[0].line >= 1 && !broken[0].message.is_empty());
    assert_eq!(
        err.matches("broken.yaml").count(),
        1,
        "stderr names it once: {err}"
    );

    // CSV: one header, one row per finding.
    let (_, csv, _) = env.run(&["check", "k8s", "-o", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "CHECK,RULE,SEVERITY,OBJECT,FILE:LINE,MESSAGE");
    assert_eq!(lines.iter().filter(|l| l.starts_with("CHECK,")).count(), 1);
    assert_eq!(lines.len() - 1, report.findings.len(), "{csv}");

    // SARIF: every result's rule is declared, every location has a line.
    let (_, sarif, _) = env.run(&["check", "k8s", "-o", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), report.findings.len() + report.errors.len());
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(rules.contains(&id), "{id} not in {rules:?}");
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }

    // JUnit: a failing test case per error finding, an erroring one per unreadable input.
    let (_, junit, _) = env.run(&["check", "k8s", "-o", "junit"]);
    assert!(junit.starts_with("<?xml"), "{junit}");
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == "error")
        .count();
    assert_eq!(junit.matches("<failure ").count(), errors, "{junit}");
    assert_eq!(junit.matches("<error ").count(), report.errors.len());
}

/// The anchors of README.md's headings, as GitHub makes them.
fn readme_anchors() -> std::collections::BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    kubectl_abema::findings::rules::anchors(&readme)
}

/// Every finding's `helpUri` and every SARIF rule's is the rule's own heading in README.md
/// (`#nodepoolpool-affinity`), so a renamed rule or heading fails here.
#[test]
fn help_uris_are_readme_headings() {
    let anchors = readme_anchors();
    let base = "https://github.com/abema/kubectl-abema#";
    let env = Env::new();
    every_kind(&env);
    let (_, json, _) = env.run(&["check", "k8s", "-o", "json"]);
    let report: Combined = serde_json::from_str(&json).expect("JSON");
    assert!(!report.findings.is_empty());
    for f in &report.findings {
        let id = format!("{}/{}", f.check, f.rule);
        let anchor = f
            .help_uri
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{f:?}"));
        assert_eq!(anchor, id.replace('/', ""), "{f:?}");
        assert!(anchors.contains(anchor), "README.md has no `#### {id}`");
    }
    let log = sarif_of(&env);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "input-error"));
    for r in rules {
        let uri = r["helpUri"].as_str().unwrap_or_else(|| panic!("{r}"));
        let anchor = uri.strip_prefix(base).unwrap_or_else(|| panic!("{r}"));
        assert!(anchors.contains(anchor), "README.md has no heading for {r}");
        assert_ne!(r["shortDescription"]["text"], r["id"], "{r}");
    }
}

/// A tree no check finds anything in.
fn clean_tree(env: &Env) {
    env.write(
        "k8s/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {a: b}\n",
    );
}

#[test]
fn a_clean_tree_passes_in_every_format() {
    let env = Env::new();
    clean_tree(&env);
    for format in ["table", "csv", "json", "sarif", "junit"] {
        let (code, out, err) = env.run(&["check", "k8s", "-o", format]);
        assert_eq!(code, 0, "{format}: {out}\n{err}");
        assert!(err.contains("0 findings"), "{format}: {err}");
    }
}

/// A gate over an empty or mistyped directory fails: nothing to check is an error, and a
/// missing path is one error line without a line number.
#[test]
fn nothing_to_check_fails() {
    let env = Env::new();
    std::fs::create_dir_all(env.work().join("empty")).expect("mkdir");
    env.write("docs/README.md", "# not a manifest\n");
    for args in [
        &["check", "empty"][..],
        &["check", "docs"],
        &["nodepool", "check", "empty"],
        &["check", "empty", "-o", "json"],
    ] {
        let (code, out, err) = env.run(args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(
            err.starts_with("error: nothing to check: no *.yaml, *.yml or *.json file in "),
            "{args:?}: {err}"
        );
        assert!(out.is_empty(), "{args:?}: {out}");
    }
    let (code, _, err) = env.run(&["check", "missing"]);
    assert_eq!(code, 1);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    assert!(
        err.contains("error: missing: no such file or directory"),
        "{err}"
    );
}

/// The published SARIF 2.1.0 schema (`tests/fixtures/third_party/sarif/SOURCE`), compiled
/// offline: it is registered under its own id, so nothing is fetched.
struct SarifSchema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl SarifSchema {
    fn load() -> Self {
        let path = common::fixture("third_party/sarif/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(&path).expect("SARIF schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        let id = schema["id"].as_str().expect("schema id").to_string();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(&id, schema).expect("add schema");
        let mut schemas = boon::Schemas::new();
        let index = compiler.compile(&id, &mut schemas).expect("compile schema");
        Self { schemas, index }
    }

    /// `Err` with every violation when `log` is not a valid SARIF 2.1.0 log.
    fn validate(&self, log: &serde_json::Value) -> Result<(), String> {
        self.schemas
            .validate(log, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

fn sarif_of(env: &Env) -> serde_json::Value {
    let (_, sarif, err) = env.run(&["check", "k8s", "-o", "sarif"]);
    serde_json::from_str(&sarif).unwrap_or_else(|e| panic!("{e}: {sarif}\n{err}"))
}

#[test]
fn sarif_validates_against_the_published_schema() {
    let schema = SarifSchema::load();
    let env = Env::new();
    every_kind(&env);
    let mut log = sarif_of(&env);
    if let Err(e) = schema.validate(&log) {
        panic!("{e}\n{log:#}");
    }
    let results = log["runs"][0]["results"].as_array().expect("results");
    let levels: std::collections::BTreeSet<&str> =
        results.iter().filter_map(|r| r["level"].as_str()).collect();
    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        ["error", "note", "warning"]
    );
    assert!(results.iter().any(|r| r["ruleId"] == "input-error"));

    let clean = Env::new();
    clean_tree(&clean);
    let empty = sarif_of(&clean);
    assert_eq!(empty["runs"][0]["results"], serde_json::json!([]));
    if let Err(e) = schema.validate(&empty) {
        panic!("{e}\n{empty:#}");
    }

    // The negative control: the validator does reject what the schema forbids.
    log["runs"][0]["results"][0]["level"] = "bogus".into();
    let e = schema.validate(&log).expect_err("level bogus is not SARIF");
    assert!(e.contains("/runs/0/results/0/level"), "{e}");
}

/// Every rule sees the objects of a JSON array or a top-level YAML sequence (the reader
/// expands both): a plaintext Secret between other kinds is never passed over.
#[test]
fn secrets_in_arrays_and_sequences_are_checked() {
    let env = Env::new();
    env.write(
        "k8s/mix.json",
        "[\n {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}},\n \
         {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"s\", \"namespace\": \"x\"}, \
         \"stringData\": {\"password\": \"hunter2\"}}\n]\n",
    );
    env.write(
        "k8s/seq.yaml",
        "- apiVersion: v1\n  kind: Secret\n  metadata: {name: t}\n  stringData: {token: hunter3}\n",
    );
    for args in [&["check", "k8s"][..], &["seal", "check", "k8s"]] {
        let (code, out, err) = env.run(args);
        assert_eq!(code, 3, "{args:?}: {out}{err}");
        assert!(
            out.contains("k8s/mix.json:1") && out.contains("k8s/seq.yaml:4"),
            "{args:?}: {out}"
        );
        assert!(
            !out.contains("hunter") && !err.contains("hunter"),
            "no plaintext shown"
        );
    }
}
