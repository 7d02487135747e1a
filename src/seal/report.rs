//! How the `seal check` report prints: [`Report`] for [`SealCheckReport`] (its notes, rows and
//! summary line).

use serde::Serialize;

use super::check::SealCheckReport;
use crate::error::{ExitStatus, Result};
use crate::manifest::Problem;
use crate::output::{Block, Notice, OutputFormat, Report, Rows};

impl Report for SealCheckReport {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn notices(&self) -> Vec<Notice> {
        self.notes.iter().cloned().map(Notice::Note).collect()
    }

    fn document(&self) -> impl Serialize + '_ {
        self
    }

    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        if self.findings.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![Block::Rows(Rows {
            headers: vec!["NAME", "NAMESPACE", "RULE", "MESSAGE", "FILE:LINE"],
            rows: self
                .findings
                .iter()
                .map(|f| {
                    vec![
                        f.name.clone().unwrap_or_default(),
                        f.namespace.clone().unwrap_or_default(),
                        f.rule.into(),
                        f.message.clone(),
                        format!("{}:{}", f.file, f.line),
                    ]
                })
                .collect(),
        })])
    }

    fn summary_line(&self) -> Option<String> {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        Some(format!(
            "checked {} Secret{} in {} file{} ({} verified): {} finding{}",
            self.secrets,
            plural(self.secrets),
            self.files,
            plural(self.files),
            self.verified,
            self.findings.len(),
            plural(self.findings.len()),
        ))
    }

    fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        crate::findings::Findings::exit_status(self, ignore_errors)
    }
}
