//! `deprecations` on real corpora nobody here wrote, against expectations derived without
//! our code.
//!
//! `tests/fixtures/corpora/` holds slices of public repositories (each project's `SOURCE`
//! names the repository and commit): kubernetes/examples of 2017 and 2019, and three charts
//! of helm/charts whose templates carry literal removed apiVersions. `expected.tsv` was
//! written once by `scripts/corpora-expect.py`, which reads the API server's lifecycle
//! extracts (`data/lifecycle/`) and the hand entries with PyYAML, never our table, reader or
//! code. The binary must give exactly those findings (file, line, apiVersion, kind, status,
//! templated) at each target, and exactly those files as unreadable.

mod common;

use std::collections::BTreeSet;

use common::Env;
use serde::Deserialize;

const PROJECTS: [&str; 3] = [
    "helm-charts",
    "kubernetes-examples-2017",
    "kubernetes-examples-2019",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    findings: Vec<Finding>,
    errors: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Finding {
    file: String,
    line: usize,
    api_version: String,
    kind: String,
    status: String,
    #[serde(default)]
    templated: bool,
}

#[derive(Deserialize)]
struct Problem {
    file: String,
}

/// One expected finding: (file, line, apiVersion, kind, status, templated).
type Row = (String, usize, String, String, String, bool);

struct Expected {
    targets: BTreeSet<String>,
    findings: BTreeSet<(String, Row)>,
    errors: BTreeSet<String>,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(common::fixture("corpora/expected.tsv")).expect("read");
    let mut e = Expected {
        targets: BTreeSet::new(),
        findings: BTreeSet::new(),
        errors: BTreeSet::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 7, "expected.tsv: {line}");
        if f[0] == "error" {
            e.errors.insert(f[1].to_string());
            continue;
        }
        e.targets.insert(f[0].to_string());
        let row = (
            f[1].to_string(),
            f[2].parse().expect("line number"),
            f[3].to_string(),
            f[4].to_string(),
            f[5].to_string(),
            f[6] == "templated",
        );
        assert!(e.findings.insert((f[0].to_string(), row)), "twice: {line}");
    }
    e
}

#[test]
fn real_corpora_match_the_lifecycle_data() {
    let expected = expected();
    // Every target the issue names with a finding in these corpora, or the test is thin.
    assert_eq!(
        expected
            .targets
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["v1.16", "v1.22", "v1.25", "v1.32", "v1.36"]
    );
    assert!(expected.findings.len() > 250 && expected.errors.len() > 20);

    let env = Env::new();
    for project in PROJECTS {
        common::copy_tree(
            &common::fixture(&format!("corpora/{project}")),
            &env.work().join(project),
        );
    }
    let mut got = BTreeSet::new();
    for target in &expected.targets {
        let mut args = vec!["deprecations", "--components", "k8s", "-o", "json"];
        args.extend(["--target-version", target]);
        args.extend(PROJECTS);
        let (code, out, err) = env.run(&args);
        // Removed APIs at every target, and unreadable templates.
        assert_eq!(code, 1, "{target}: {err}");
        let report: Report = serde_json::from_str(&out).expect("JSON report");
        let errors: BTreeSet<String> = report.errors.into_iter().map(|p| p.file).collect();
        assert_eq!(errors, expected.errors, "unreadable files at {target}");
        for f in report.findings {
            let row = (f.file, f.line, f.api_version, f.kind, f.status, f.templated);
            assert!(got.insert((target.clone(), row)), "reported twice");
        }
    }
    let missing: Vec<_> = expected.findings.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected.findings).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nnot expected: {extra:#?}"
    );
}
