//! `nodepool check`: the objects a set of paths stands for, run through the rules, as one
//! typed report (the JSON contract; also a section of `kubectl abema check`).

use std::path::PathBuf;

use serde::Serialize;

use super::NodepoolConfig;
use super::lint::{self, Severity, WorkloadResult};
use crate::error::{ExitStatus, Result};
use crate::manifest::Problem;

/// The JSON contract of `nodepool check`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    schema_version: &'static str,
    pub summary: CheckSummary,
    pub workloads: Vec<WorkloadResult>,
    pub errors: Vec<Problem>,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckSummary {
    pub workloads: usize,
    pub violations: usize,
    pub warnings: usize,
    pub errors: usize,
}

impl CheckReport {
    pub fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        ExitStatus::of_check(self.errors.len(), self.summary.violations, ignore_errors)
    }
}

/// Runs the check over paths (also used by `kubectl abema check`).
pub fn check(paths: &[PathBuf], cfg: &NodepoolConfig) -> Result<CheckReport> {
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        super::tree::collect(path, &mut objects, &mut errors)?;
    }
    let workloads = lint::check(cfg, &objects);
    let count = |s: Severity| {
        workloads
            .iter()
            .flat_map(|w| &w.issues)
            .filter(|i| i.severity == s)
            .count()
    };
    Ok(CheckReport {
        schema_version: "abema.dev/nodepool-check/v1",
        summary: CheckSummary {
            workloads: workloads.len(),
            violations: count(Severity::Violation),
            warnings: count(Severity::Warning),
            errors: errors.len(),
        },
        workloads,
        errors,
    })
}
