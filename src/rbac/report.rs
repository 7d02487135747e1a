//! How the `rbac` reports print: [`Report`] for the parity report, the generated role set and
//! the lint report (rows, text, the summary line).

use serde::Serialize;
use serde_json::Value;

use super::drift::{CATEGORIES, DriftRow};
use super::lint::LintReport;
use super::parity::{IdentityOut, ParityReport};
use crate::error::{ExitStatus, Result};
use crate::manifest::Problem;
use crate::output::{Block, Notice, OutputFormat, Report, Rows};

/// The columns of a drift row.
const DRIFT_HEADERS: [&str; 9] = [
    "SIDE",
    "VERB",
    "GROUP",
    "RESOURCE",
    "NAME",
    "NAMESPACE",
    "EXCEPT",
    "SEVERITY",
    "FROM",
];

fn drift_row(r: &DriftRow) -> Vec<String> {
    vec![
        r.side.to_string(),
        r.perm.verb.clone(),
        if r.perm.non_resource_url.is_some() {
            "-".into()
        } else if r.perm.api_group.is_empty() {
            "core".into()
        } else if r.perm.api_group == "core" {
            // A group literally named "core" (not the core group "").
            "\"core\" (no such group)".into()
        } else {
            r.perm.api_group.clone()
        },
        r.perm
            .non_resource_url
            .clone()
            .unwrap_or_else(|| r.perm.resource.clone()),
        match (&r.perm.resource_name, r.other_side_covers.is_empty()) {
            (Some(n), _) => n.clone(),
            (None, true) => String::new(),
            (None, false) => format!("(other side: only {})", r.other_side_covers.join(", ")),
        },
        r.namespace.clone(),
        r.except_namespaces.join(","),
        r.severity.to_string(),
        r.provenance.join(" <- "),
    ]
}

fn who(i: &IdentityOut) -> String {
    format!(
        "{}groups {}",
        i.username
            .as_ref()
            .map(|u| format!("user {u}, "))
            .unwrap_or_default(),
        i.groups.join(", ")
    )
}

impl Report for ParityReport {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn notices(&self) -> Vec<Notice> {
        self.notes.iter().cloned().map(Notice::Warning).collect()
    }

    fn document(&self) -> impl Serialize + '_ {
        self
    }

    fn blocks(&self, format: OutputFormat) -> Result<Vec<Block>> {
        let mut blocks = Vec::new();
        if matches!(format, OutputFormat::Csv | OutputFormat::Markdown) {
            // One table for machines: the persona and category are columns, the prose is
            // left to the table output and the status line.
            let mut all = Rows {
                headers: [&["PERSONA", "CATEGORY"][..], &DRIFT_HEADERS].concat(),
                rows: Vec::new(),
            };
            for p in &self.personas {
                for r in &p.drift {
                    all.rows.push(
                        [vec![p.name.clone(), r.category.to_string()], drift_row(r)].concat(),
                    );
                }
            }
            blocks.push(Block::Rows(all));
            for u in &self.unmapped_principals {
                blocks.push(Block::Note(format!(
                    "unmapped principal (no persona names it; not drift): {u}"
                )));
            }
            return Ok(blocks);
        }
        for p in &self.personas {
            blocks.push(Block::Text(format!(
                "persona {}: {}\n  gke: {}\n  eks: {}",
                p.name,
                p.verdict,
                who(&p.gke),
                who(&p.eks)
            )));
            for category in CATEGORIES {
                let rows: Vec<Vec<String>> = p
                    .drift
                    .iter()
                    .filter(|r| r.category == category)
                    .map(drift_row)
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                blocks.push(Block::Text(format!("  [{category}]")));
                blocks.push(Block::Rows(Rows {
                    headers: DRIFT_HEADERS.to_vec(),
                    rows,
                }));
            }
        }
        if !self.unmapped_principals.is_empty() {
            blocks.push(Block::Text(format!(
                "unmapped principals (no persona names them; not drift):\n  {}",
                self.unmapped_principals.join("\n  ")
            )));
        }
        Ok(blocks)
    }

    fn summary_line(&self) -> Option<String> {
        let drifted = self.personas.iter().filter(|p| !p.drift.is_empty()).count();
        Some(format!(
            "compared {} persona{} against Kubernetes {} resources{}: {} with drift",
            self.personas.len(),
            if self.personas.len() == 1 { "" } else { "s" },
            self.universe.kubernetes_version,
            if self.universe.crds.is_empty() {
                String::new()
            } else {
                format!(" + {} CRDs", self.universe.crds.len())
            },
            drifted
        ))
    }

    fn exit_status(&self, _ignore_errors: bool) -> ExitStatus {
        if self.has_drift() {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}

/// The manifests `rbac roles` generates for one side.
#[derive(Debug)]
pub struct RoleSet {
    pub manifests: Vec<Value>,
}

impl Report for RoleSet {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    /// A Kubernetes `List` of the manifests.
    fn document(&self) -> impl Serialize + '_ {
        serde_json::json!({"apiVersion": "v1", "kind": "List", "items": self.manifests})
    }

    /// The manifests as one multi-document YAML stream.
    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        let out = crate::manifest::to_yaml_stream(&self.manifests)?;
        Ok(vec![Block::Text(out)])
    }

    fn exit_status(&self, _ignore_errors: bool) -> ExitStatus {
        ExitStatus::Clean
    }
}

impl Report for LintReport {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn document(&self) -> impl Serialize + '_ {
        self
    }

    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        let mut blocks = Vec::new();
        if !self.findings.is_empty() {
            blocks.push(Block::Rows(Rows {
                headers: vec![
                    "BINDING",
                    "ROLE",
                    "RULE",
                    "SUBJECTS",
                    "MESSAGE",
                    "FILE:LINE",
                ],
                rows: self
                    .findings
                    .iter()
                    .map(|f| {
                        vec![
                            f.binding.clone(),
                            f.role.clone(),
                            f.rule.to_string(),
                            f.subjects.join(", "),
                            f.message.clone(),
                            f.source.clone(),
                        ]
                    })
                    .collect(),
            }));
        }
        for e in &self.exempted {
            blocks.push(Block::Status(format!("exempt as Kubernetes' own: {e}")));
        }
        Ok(blocks)
    }

    fn summary_line(&self) -> Option<String> {
        Some(format!(
            "checked {} binding{}: {} violation{}",
            self.bindings,
            if self.bindings == 1 { "" } else { "s" },
            self.findings.len(),
            if self.findings.len() == 1 { "" } else { "s" }
        ))
    }

    fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        crate::findings::Findings::exit_status(self, ignore_errors)
    }
}
