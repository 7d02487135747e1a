//! Reports for CI systems: JUnit XML (one test case per object) and SARIF 2.1.0 (one rule per
//! table entry, one result per finding with file and line) for code-scanning UIs. Ignored
//! findings stay visible: skipped test cases, suppressed SARIF results.

use serde_json::{Value, json};

use super::{Finding, Report, Status, Table};

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn object_name(kind: &str, namespace: Option<&str>, name: Option<&str>) -> String {
    match (namespace, name) {
        (Some(ns), Some(n)) => format!("{kind} {ns}/{n}"),
        (None, Some(n)) => format!("{kind} {n}"),
        _ => kind.to_string(),
    }
}

/// The message of a finding, for people.
pub fn message(f: &Finding) -> String {
    let mut m = format!("{} {} is {}", f.api_version, f.kind, f.status.as_str());
    match (f.status, f.removed_in) {
        (Status::Removed, Some(r)) => m.push_str(&format!(" (removed in {r})")),
        (_, Some(r)) => m.push_str(&format!(
            " (deprecated in {}, removed in {r})",
            f.deprecated_in
        )),
        (_, None) => m.push_str(&format!(
            " (deprecated in {}, removal not scheduled)",
            f.deprecated_in
        )),
    }
    if f.replacement.is_empty() {
        m.push_str("; it has no replacement");
    } else {
        m.push_str(&format!("; use {}", f.replacement));
    }
    m
}

/// JUnit XML: a test case per object (findings fail, ignored ones are skipped, clean objects
/// pass) and per unreadable input (an error).
pub fn junit(report: &Report) -> String {
    let mut counts = JunitCounts::default();
    let mut cases = String::new();
    for f in &report.findings {
        counts.finding(f);
        cases.push_str(&junit_finding(f));
    }
    for o in &report.clean {
        counts.tests += 1;
        cases.push_str(&junit_clean(o));
    }
    for e in &report.errors {
        counts.tests += 1;
        counts.errors += 1;
        cases.push_str(&junit_error(e));
    }
    let mut out = junit_header(&report.target_version.to_string(), &counts);
    out.push_str(&cases);
    out.push_str(JUNIT_FOOTER);
    out
}

/// The counts in JUnit's `<testsuites>` and `<testsuite>` elements.
#[derive(Clone, Copy, Debug, Default)]
pub struct JunitCounts {
    pub tests: usize,
    pub failures: usize,
    pub errors: usize,
    pub skipped: usize,
}

impl JunitCounts {
    /// Counts a finding's test case.
    pub fn finding(&mut self, f: &Finding) {
        self.tests += 1;
        if f.ignored.is_some() {
            self.skipped += 1;
        } else if f.status != Status::Upcoming {
            self.failures += 1;
        }
    }
}

/// The XML declaration and the opening elements, with the counts.
pub fn junit_header(target: &str, c: &JunitCounts) -> String {
    let counts = format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
        c.tests, c.failures, c.errors, c.skipped
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubectl-abema deprecations\" {counts}>\n  <testsuite name=\"deprecated APIs at {target}\" {counts}>\n"
    )
}

/// The closing elements.
pub const JUNIT_FOOTER: &str = "  </testsuite>\n</testsuites>\n";

/// The test case of a finding.
pub fn junit_finding(f: &Finding) -> String {
    let mut out = format!(
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n",
        xml(&f.file),
        xml(&format!(
            "{} ({})",
            object_name(&f.kind, f.namespace.as_deref(), f.name.as_deref()),
            f.api_version
        )),
        xml(&f.file),
        f.line
    );
    match (&f.ignored, f.status) {
        (Some(reason), _) => out.push_str(&format!(
            "      <skipped message=\"ignored: {}\"/>\n",
            xml(reason)
        )),
        (None, Status::Upcoming) => out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            xml(&message(f))
        )),
        (None, status) => out.push_str(&format!(
            "      <failure type=\"{}\" message=\"{}\">{}:{}</failure>\n",
            status.as_str(),
            xml(&message(f)),
            xml(&f.file),
            f.line
        )),
    }
    out.push_str("    </testcase>\n");
    out
}

/// The (passing) test case of an object without a finding.
pub fn junit_clean(o: &crate::manifest::Object) -> String {
    format!(
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"/>\n",
        xml(&o.source.file),
        xml(&format!(
            "{} ({})",
            object_name(&o.kind, o.namespace.as_deref(), o.name.as_deref()),
            o.api_version
        )),
        xml(&o.source.file),
        o.source.line
    )
}

/// The test case of an unreadable input.
pub fn junit_error(e: &crate::manifest::Problem) -> String {
    format!(
        "    <testcase classname=\"{}\" name=\"read {}\" file=\"{}\" line=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
        xml(&e.file),
        xml(&e.file),
        xml(&e.file),
        e.line,
        xml(&e.message)
    )
}

fn rule_id(api_version: &str, kind: &str) -> String {
    format!("{api_version}/{kind}")
}

/// SARIF 2.1.0: rules are the table entries, results the findings.
pub fn sarif(report: &Report, table: &Table) -> Value {
    let rules = SarifRules::new(table);
    let mut doc = sarif_frame(&report.target_version.to_string(), &rules);
    doc["runs"][0]["results"] = Value::Array(
        report
            .findings
            .iter()
            .map(|f| sarif_result(f, &rules))
            .collect(),
    );
    doc
}

/// The SARIF rules (one per table entry) and their indices.
pub struct SarifRules {
    rules: Vec<Value>,
    index: std::collections::HashMap<String, usize>,
}

impl SarifRules {
    pub fn new(table: &Table) -> Self {
        let rules: Vec<Value> = table
            .entries
            .iter()
            .map(|e| {
                let removal = e.removed_in.map(|r| format!(", removed in {r}")).unwrap_or_default();
                let help = if e.replacement.is_empty() { "It has no replacement.".to_string() } else { format!("Migrate to {}.", e.replacement) };
                json!({
                    "id": rule_id(&e.api_version, &e.kind),
                    "name": "DeprecatedKubernetesApi",
                    "shortDescription": {"text": format!("{} {} is deprecated in {}{removal}", e.api_version, e.kind, e.deprecated_in)},
                    "help": {"text": help},
                    "helpUri": e.source.split_whitespace().next().unwrap_or_default(),
                    "properties": {"component": e.component},
                })
            })
            .collect();
        let mut index = std::collections::HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            if let Some(id) = r["id"].as_str() {
                index.entry(id.to_string()).or_insert(i);
            }
        }
        Self { rules, index }
    }
}

/// The SARIF document without results (`"results": []`).
pub fn sarif_frame(target: &str, rules: &SarifRules) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kubectl-abema",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/abema/kubectl-abema",
                "rules": rules.rules,
            }},
            "properties": {"targetVersion": target},
            "results": [],
        }],
    })
}

/// The SARIF result of one finding.
pub fn sarif_result(f: &Finding, rules: &SarifRules) -> Value {
    let id = rule_id(&f.api_version, &f.kind);
    let level = match f.status {
        Status::Removed => "error",
        Status::Deprecated => "warning",
        Status::Upcoming => "note",
    };
    let mut text = format!(
        "{}: {}",
        object_name(&f.kind, f.namespace.as_deref(), f.name.as_deref()),
        message(f)
    );
    if f.templated {
        text.push_str(" (read from an unrendered template)");
    }
    let mut result = json!({
        "ruleId": id,
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.file},
            "region": {"startLine": f.line}
        }}],
    });
    if let Some(i) = rules.index.get(&id) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(reason) = &f.ignored {
        result["suppressions"] = json!([{"kind": "external", "justification": reason}]);
    }
    result
}
