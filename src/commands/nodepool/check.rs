//! `nodepool check`: print the report of [`crate::nodepool::check`].

use clap::Args;

use crate::error::Result;
use crate::nodepool::check::CheckReport;
use crate::nodepool::lint::Severity;
use crate::output::{Printer, Rows};

/// Check that every workload sits on exactly one canonical node pool
///
/// Every Deployment and StatefulSet must carry one canonical pool affinity and its priority
/// class; its effective requests must match the pool's shape (memory per vCPU) and fit the
/// pool's nodes on GKE and EKS. A workload larger than one balloon pod is a warning.
/// A directory with a kustomization.yaml is rendered with `kubectl kustomize`; a tree is
/// searched for its overlays (kustomizations no other one includes), which are rendered,
/// and plain manifests outside any kustomization are read as they are.
///
/// Exit codes: 0 clean, 3 violations, 1 unreadable input.
///
/// Examples:
///
///   kubectl abema nodepool check overlays/gke
///   kubectl kustomize overlays/eks | kubectl abema nodepool check -
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: crate::commands::InputArgs,
}

/// Prints a check report in the chosen format (errors first, on stderr).
pub fn print_check(report: &CheckReport, printer: &Printer) -> Result<()> {
    printer.problems(&report.errors);
    if printer.format().is_document() {
        return printer.document(report);
    }
    let mut rows = Rows {
        headers: vec![
            "NAME",
            "NAMESPACE",
            "KIND",
            "POOL",
            "REQUESTS",
            "STATUS",
            "RULE",
            "MESSAGE",
            "FILE:LINE",
        ],
        rows: Vec::new(),
    };
    for w in &report.workloads {
        let base = |status: &str, rule: &str, message: &str| {
            vec![
                w.name.clone().unwrap_or_default(),
                w.namespace.clone().unwrap_or_default(),
                w.kind.clone(),
                w.pool.clone().unwrap_or_else(|| "-".into()),
                w.requests
                    .map(|r| format!("{}/{}", r.cpu_text(), r.memory_text()))
                    .unwrap_or_else(|| "-".into()),
                status.to_string(),
                rule.to_string(),
                message.to_string(),
                match &w.via {
                    Some(via) => format!("{}:{} (via {via})", w.file, w.line),
                    None => format!("{}:{}", w.file, w.line),
                },
            ]
        };
        if w.issues.is_empty() {
            rows.rows.push(base("ok", "", ""));
        }
        for i in &w.issues {
            let status = match i.severity {
                Severity::Violation => "violation",
                Severity::Warning => "warning",
            };
            rows.rows.push(base(status, i.rule, &i.message));
        }
    }
    if !rows.rows.is_empty() {
        printer.rows(&rows)?;
    }
    let s = &report.summary;
    printer.status(&format!(
        "checked {} workload{}: {} violation{}, {} warning{}{}",
        s.workloads,
        if s.workloads == 1 { "" } else { "s" },
        s.violations,
        if s.violations == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
        if s.errors > 0 {
            format!(
                ", {} error{}",
                s.errors,
                if s.errors == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        },
    ));
    Ok(())
}
