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
    let failing = report
        .findings
        .iter()
        .filter(|f| f.ignored.is_none() && f.status != Status::Upcoming)
        .count();
    let skipped = report
        .findings
        .iter()
        .filter(|f| f.ignored.is_some())
        .count();
    let tests = report.findings.len() + report.clean.len() + report.errors.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"kubectl-abema deprecations\" tests=\"{tests}\" failures=\"{failing}\" errors=\"{}\" skipped=\"{skipped}\">\n",
        report.errors.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"deprecated APIs at {}\" tests=\"{tests}\" failures=\"{failing}\" errors=\"{}\" skipped=\"{skipped}\">\n",
        report.target_version,
        report.errors.len()
    ));
    for f in &report.findings {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n",
            xml(&f.file),
            xml(&format!(
                "{} ({})",
                object_name(&f.kind, f.namespace.as_deref(), f.name.as_deref()),
                f.api_version
            )),
            xml(&f.file),
            f.line
        ));
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
    }
    for o in &report.clean {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"/>\n",
            xml(&o.source.file),
            xml(&format!(
                "{} ({})",
                object_name(&o.kind, o.namespace.as_deref(), o.name.as_deref()),
                o.api_version
            )),
            xml(&o.source.file),
            o.source.line
        ));
    }
    for e in &report.errors {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"read {}\" file=\"{}\" line=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
            xml(&e.file),
            xml(&e.file),
            xml(&e.file),
            e.line,
            xml(&e.message)
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn rule_id(api_version: &str, kind: &str) -> String {
    format!("{api_version}/{kind}")
}

/// SARIF 2.1.0: rules are the table entries, results the findings.
pub fn sarif(report: &Report, table: &Table) -> Value {
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
    let index = |id: &str| rules.iter().position(|r| r["id"] == id);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let id = rule_id(&f.api_version, &f.kind);
            let level = match f.status {
                Status::Removed => "error",
                Status::Deprecated => "warning",
                Status::Upcoming => "note",
            };
            let mut result = json!({
                "ruleId": id,
                "level": level,
                "message": {"text": format!("{}: {}", object_name(&f.kind, f.namespace.as_deref(), f.name.as_deref()), message(f))},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.file},
                    "region": {"startLine": f.line}
                }}],
            });
            if let Some(i) = index(&id) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(reason) = &f.ignored {
                result["suppressions"] = json!([{"kind": "external", "justification": reason}]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kubectl-abema",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/abema/kubectl-abema",
                "rules": rules,
            }},
            "properties": {"targetVersion": report.target_version.to_string()},
            "results": results,
        }],
    })
}
