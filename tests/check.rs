//! `kubectl abema check` end to end: the one findings model in every output format, each
//! unreadable input once, and the exit code the worst of the checks.

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

#[test]
fn a_clean_tree_passes_in_every_format() {
    let env = Env::new();
    env.write(
        "k8s/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {a: b}\n",
    );
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
