//! One model for what every check finds: the check and rule, the severity, the object, where it
//! is (file:line), the message, a hint and the rule's help URL (from the catalogue in
//! [`rules`], looked up when a finding is written out). `kubectl abema check` converts each check's typed
//! report into these and prints one table, one CSV, one SARIF log or one JUnit report over all
//! of them; unreadable inputs are reported once however many checks met them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ExitStatus;
use crate::manifest::Problem;

pub mod junit;
pub mod rules;
pub mod sarif;
mod spool;

pub use spool::{Spool, Spooled};

/// How bad a finding is: `error` fails the check, `warning` is reported and fails nothing,
/// `note` is listed for the record (an ignored deprecation). SARIF uses the same levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// One finding of one check. Its own serialisation is the spool's (no help URL: that is derived
/// from the rule id); what `check -o json|yaml` writes is [`Finding::public`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `deprecations`, `nodepool`, `secrets`, `rbac` (a [`Spool`] restores it when it reads a
    /// finding back).
    #[serde(skip_deserializing)]
    pub check: &'static str,
    /// The rule within the check (`removed-api`, `pool-affinity`, `plaintext`, `privilege`).
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

    /// The rule's help URL: its heading in the README's "Check rules" section.
    pub fn help_uri(&self) -> &'static str {
        rules::help_uri(self.check, &self.rule)
    }

    /// The finding as `check -o json|yaml` writes it: its fields and `helpUri`.
    pub fn public(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Public<'a> {
            #[serde(flatten)]
            finding: &'a Finding,
            help_uri: &'static str,
        }
        Public {
            finding: self,
            help_uri: self.help_uri(),
        }
    }

    /// `file:line`, and the overlay: `base/api.yaml:1 (via overlays/eks)`.
    pub fn place(&self) -> String {
        match &self.via {
            Some(via) => format!("{}:{} (via {via})", self.file, self.line),
            None => format!("{}:{}", self.file, self.line),
        }
    }

    /// `Kind/name (namespace)`.
    pub fn object(&self) -> String {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn finding(check: &'static str, severity: Severity) -> Finding {
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
        let spooled = Spooled::of(&["deprecations", "nodepool"], &f).expect("spool");
        let log = serde_json::to_value(sarif::log(&spooled, &problems)).expect("SARIF serialises");
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        let mut x = Vec::new();
        junit::write(&mut x, &["deprecations", "nodepool"], &spooled, &[]).expect("JUnit");
        let x = String::from_utf8(x).expect("UTF-8");
        assert!(x.contains("<failure message=\"m &amp; n\"/>"), "{x}");
        assert!(
            x.contains("name=\"Deployment/web (shop) a &lt;b&gt;.yaml:3\""),
            "{x}"
        );
    }
}
