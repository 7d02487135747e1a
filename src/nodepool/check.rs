//! `nodepool check`: the objects a set of paths stands for, run through the rules, as one
//! typed report (the JSON contract; also a section of `kubectl abema check`).

use std::path::PathBuf;

use serde::Serialize;

use super::NodepoolConfig;
use super::lint::{self, Severity, WorkloadResult};
use crate::error::Result;
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

/// Runs the check over paths (also used by `kubectl abema check`).
pub fn check(paths: &[PathBuf], cfg: &NodepoolConfig) -> Result<CheckReport> {
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        super::tree::collect(path, &mut objects, &mut errors)?;
    }
    let workloads = objects
        .iter()
        .filter_map(|p| lint::check_workload(cfg, &p.object, p.via.as_deref()))
        .collect();
    Ok(CheckReport::new(workloads, errors))
}

impl CheckReport {
    /// The report of judged workloads and the inputs that could not be read.
    pub fn new(workloads: Vec<WorkloadResult>, errors: Vec<Problem>) -> Self {
        let mut summary = CheckSummary::default();
        workloads.iter().for_each(|w| summary.count(w));
        summary.errors = errors.len();
        CheckReport {
            schema_version: "abema.dev/nodepool-check/v1",
            summary,
            workloads,
            errors,
        }
    }
}

impl CheckSummary {
    /// Counts one judged workload and its issues.
    pub fn count(&mut self, w: &WorkloadResult) {
        self.workloads += 1;
        for issue in &w.issues {
            match issue.severity {
                Severity::Violation => self.violations += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }
}

impl crate::findings::Findings for CheckReport {
    const CHECK: &'static str = "nodepool";

    fn findings(&self) -> Vec<crate::findings::Finding> {
        self.workloads
            .iter()
            .flat_map(WorkloadResult::findings)
            .collect()
    }

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn summary(&self) -> serde_json::Value {
        serde_json::to_value(&self.summary).unwrap_or_default()
    }

    /// From the counts (the default would build every finding to count them).
    fn exit_status(&self, ignore_errors: bool) -> crate::error::ExitStatus {
        crate::error::ExitStatus::of_check(
            self.errors.len(),
            self.summary.violations,
            ignore_errors,
        )
    }
}
