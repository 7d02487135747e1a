//! SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab): `check -o sarif`.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq};
use serde_json::{Value, json};

use super::{Spooled, rules};
use crate::manifest::Problem;

/// A SARIF 2.1.0 log: one run, one rule per `check/rule` (its description and `helpUri` from
/// the catalogue, [`rules`]), one result per finding, and one
/// `input-error` result per unreadable input. It borrows the findings and is serialised result
/// by result as the findings are read back from the spool (nothing is held per result).
pub fn log<'a>(findings: &'a Spooled, problems: &'a [Problem]) -> impl Serialize + 'a {
    let ids: BTreeSet<String> = findings
        .rules()
        .iter()
        .cloned()
        .chain((!problems.is_empty()).then(|| "input-error".to_string()))
        .collect();
    SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: json!({"driver": {
                "name": "kubectl-abema",
                "informationUri": rules::HOME,
                "version": env!("CARGO_PKG_VERSION"),
                "rules": ids.iter().map(|id| {
                    let rule = rules::by_id(id);
                    let help_uri = rule.map_or(rules::SECTION, |r| r.help_uri);
                    let text = rule.map_or(id.as_str(), |r| r.description);
                    json!({
                        "id": id,
                        "shortDescription": {"text": text},
                        "helpUri": help_uri,
                        "help": {
                            "text": format!("{text} Details: {help_uri}"),
                            "markdown": format!("{text} [Details]({help_uri})"),
                        },
                    })
                }).collect::<Vec<_>>(),
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
    findings: &'a Spooled,
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
        let mut seq = serializer.serialize_seq(None)?;
        for f in self.findings.iter(None) {
            let f = f.map_err(S::Error::custom)?;
            let mut text = f.message.clone();
            if let Some(via) = &f.via {
                text.push_str(&format!(" (rendered in {via})"));
            }
            if let Some(h) = &f.hint {
                text.push_str(&format!(" (hint: {h})"));
            }
            seq.serialize_element(&SarifResult {
                rule_id: f.rule_id(),
                level: f.severity.as_str(),
                message: SarifText {
                    text: format!("{}: {text}", f.object()),
                },
                locations: sarif_location(&f.file, f.line),
            })?;
        }
        for p in self.problems {
            seq.serialize_element(&SarifResult {
                rule_id: "input-error".to_string(),
                level: "error",
                message: SarifText {
                    text: p.message.clone(),
                },
                locations: sarif_location(&p.file, p.line),
            })?;
        }
        seq.end()
    }
}
