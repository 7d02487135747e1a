//! One model for what every check finds: the check and rule, the severity, the object, where it
//! is (file:line), the message and a hint. `kubectl abema check` converts each check's typed
//! report into these and prints one table, one CSV, one SARIF log or one JUnit report over all
//! of them; unreadable inputs are reported once however many checks met them.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::ExitStatus;
use crate::manifest::Problem;

/// How bad a finding is: `error` fails the check, `warning` is reported and fails nothing,
/// `note` is listed for the record (an ignored deprecation). SARIF uses the same levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding of one check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `deprecations`, `nodepool`, `secrets`, `rbac`.
    pub check: &'static str,
    /// The rule within the check (`removed-api`, `pool-affinity`, `plaintext`, `secrets-access`).
    pub rule: String,
    pub severity: Severity,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub file: String,
    pub line: usize,
    /// The overlay the object was judged in when `file:line` is in a base it includes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// `check/rule`, the rule's id in SARIF and JUnit.
    pub fn rule_id(&self) -> String {
        format!("{}/{}", self.check, self.rule)
    }

    /// `file:line`, and the overlay: `base/api.yaml:1 (via overlays/eks)`.
    pub fn place(&self) -> String {
        match &self.via {
            Some(via) => format!("{}:{} (via {via})", self.file, self.line),
            None => format!("{}:{}", self.file, self.line),
        }
    }

    fn object(&self) -> String {
        match (&self.name, &self.namespace) {
            (Some(n), Some(ns)) => format!("{}/{n} ({ns})", self.kind),
            (Some(n), None) => format!("{}/{n}", self.kind),
            _ => self.kind.clone(),
        }
    }
}

/// A check's report as findings (each check's typed report implements it).
pub trait Findings {
    /// The check's name in `check` output.
    const CHECK: &'static str;
    fn findings(&self) -> Vec<Finding>;
    /// Inputs the check could not read.
    fn problems(&self) -> &[Problem];
    /// The check's counts, as its own report names them (`check -o json` lists them per check).
    fn summary(&self) -> Value;

    /// 1 for unreadable input (unless `ignore_errors`), else 3 when a finding is an error,
    /// else 0 (a check with finer codes, deprecations' 3 and 4, says so itself).
    fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        let errors = self
            .findings()
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        ExitStatus::of_check(self.problems().len(), errors, ignore_errors)
    }
}

/// Problems of several checks, each place (file, line) once, in first-seen order: checks
/// that read a file differently (a head scan, a full parse) word the same fault differently.
pub fn unique_problems<'a>(lists: impl IntoIterator<Item = &'a [Problem]>) -> Vec<Problem> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in lists.into_iter().flatten() {
        if seen.insert((p.file.clone(), p.line)) {
            out.push(p.clone());
        }
    }
    out
}

/// The columns of `check`'s one table: the same for every check.
pub const HEADERS: [&str; 6] = [
    "CHECK",
    "RULE",
    "SEVERITY",
    "OBJECT",
    "FILE:LINE",
    "MESSAGE",
];

/// A finding's cells under [`HEADERS`].
pub fn row(f: &Finding) -> Vec<String> {
    vec![
        f.check.to_string(),
        f.rule.clone(),
        f.severity.as_str().to_string(),
        f.object(),
        f.place(),
        f.message.clone(),
    ]
}

/// A SARIF 2.1.0 log: one run, one rule per `check/rule`, one result per finding, and one
/// `input-error` result per unreadable input. It borrows the findings and is serialised result
/// by result (nothing is built per result before it is written).
pub fn sarif<'a>(findings: &'a [Finding], problems: &'a [Problem]) -> impl Serialize + 'a {
    let rules: BTreeSet<String> = findings
        .iter()
        .map(Finding::rule_id)
        .chain((!problems.is_empty()).then(|| "input-error".to_string()))
        .collect();
    SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: json!({"driver": {
                "name": "kubectl-abema",
                "informationUri": "https://github.com/abema/kubectl-abema",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|id| json!({
                    "id": id,
                    "shortDescription": {"text": rule_description(id)},
                })).collect::<Vec<_>>(),
            }}),
            results: SarifResults { findings, problems },
        }],
    }
}

#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<'a>; 1],
}

#[derive(Serialize)]
struct SarifRun<'a> {
    tool: Value,
    results: SarifResults<'a>,
}

/// The results, serialised one by one from the findings and problems.
struct SarifResults<'a> {
    findings: &'a [Finding],
    problems: &'a [Problem],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: String,
    level: &'static str,
    message: SarifText,
    locations: [SarifLocation<'a>; 1],
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: SarifPhysical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical<'a> {
    artifact_location: SarifUri<'a>,
    region: SarifRegion,
}

#[derive(Serialize)]
struct SarifUri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
}

fn sarif_location(file: &str, line: usize) -> [SarifLocation<'_>; 1] {
    [SarifLocation {
        physical_location: SarifPhysical {
            artifact_location: SarifUri { uri: file },
            region: SarifRegion {
                start_line: line.max(1),
            },
        },
    }]
}

impl Serialize for SarifResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let findings = self.findings.iter().map(|f| {
            let mut text = f.message.clone();
            if let Some(via) = &f.via {
                text.push_str(&format!(" (rendered in {via})"));
            }
            if let Some(h) = &f.hint {
                text.push_str(&format!(" (hint: {h})"));
            }
            SarifResult {
                rule_id: f.rule_id(),
                level: f.severity.as_str(),
                message: SarifText {
                    text: format!("{}: {text}", f.object()),
                },
                locations: sarif_location(&f.file, f.line),
            }
        });
        let problems = self.problems.iter().map(|p| SarifResult {
            rule_id: "input-error".to_string(),
            level: "error",
            message: SarifText {
                text: p.message.clone(),
            },
            locations: sarif_location(&p.file, p.line),
        });
        serializer.collect_seq(findings.chain(problems))
    }
}

fn rule_description(id: &str) -> String {
    match id.split_once('/') {
        Some(("deprecations", rule)) => format!("Kubernetes API lifecycle: {rule}"),
        Some(("nodepool", rule)) => format!("node-pool checklist: {rule}"),
        Some(("secrets", rule)) => format!("Secrets in Git: {rule}"),
        Some(("rbac", rule)) => format!("RBAC lint: {rule}"),
        _ => "an input that could not be read".to_string(),
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: one test suite per check, one test case per finding (object and rule; errors
/// fail, warnings and notes are skipped with the message), one erroring case per unreadable
/// input.
pub fn junit(checks: &[&'static str], findings: &[Finding], problems: &[Problem]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubectl-abema check\">\n",
    );
    for check in checks {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.check == *check).collect();
        let failures = mine
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{check}\" tests=\"{}\" failures=\"{failures}\">\n",
            mine.len()
        ));
        for f in mine {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{} {}\">\n",
                xml(&f.rule_id()),
                xml(&f.object()),
                xml(&f.place()),
            ));
            let tag = if f.severity == Severity::Error {
                "failure"
            } else {
                "skipped"
            };
            out.push_str(&format!(
                "      <{tag} message=\"{}\"/>\n    </testcase>\n",
                xml(&f.message)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str(&format!(
        "  <testsuite name=\"inputs\" tests=\"{}\" errors=\"{}\">\n",
        problems.len(),
        problems.len()
    ));
    for p in problems {
        out.push_str(&format!(
            "    <testcase classname=\"input-error\" name=\"{}:{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
            xml(&p.file),
            p.line,
            xml(&p.message)
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(check: &'static str, severity: Severity) -> Finding {
        Finding {
            check,
            rule: "r".into(),
            severity,
            kind: "Deployment".into(),
            name: Some("web".into()),
            namespace: Some("shop".into()),
            file: "a <b>.yaml".into(),
            line: 3,
            via: None,
            message: "m & n".into(),
            hint: None,
        }
    }

    #[test]
    fn problems_are_reported_once() {
        let p = Problem::new("f.yaml", 2, "invalid YAML");
        let a = [p.clone()];
        let b = [
            p.clone(),
            Problem::new("f.yaml", 2, "worded otherwise"),
            Problem::new("g.yaml", 1, "x"),
        ];
        assert_eq!(unique_problems([&a[..], &b[..]]).len(), 2);
    }

    #[test]
    fn sarif_and_junit_carry_every_finding() {
        let f = [
            finding("nodepool", Severity::Error),
            finding("deprecations", Severity::Warning),
        ];
        let problems = [Problem::new("x.yaml", 0, "unreadable")];
        let log = serde_json::to_value(sarif(&f, &problems)).expect("SARIF serialises");
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        let x = junit(&["deprecations", "nodepool"], &f, &[]);
        assert!(x.contains("<failure message=\"m &amp; n\"/>"), "{x}");
        assert!(
            x.contains("name=\"Deployment/web (shop) a &lt;b&gt;.yaml:3\""),
            "{x}"
        );
    }
}
