//! How the `deprecations` reports print, on top of the streamed [`Renderer`]: a file scan
//! written while it runs, a whole (cluster) report with its extras, the summary line, and
//! `--fix`'s [`Migration`] as a [`Report`].

use std::path::PathBuf;

use serde::Serialize;

use super::live::ClusterInfo;
use super::migrate::Migration;
use super::render::{Extras, Head, Renderer};
use super::{Event, Report as ScanReport, SCHEMA_VERSION, ScanOptions, Summary, Table, Version};
use crate::error::{ExitStatus, Result};
use crate::manifest::{Problem, WalkOptions};
use crate::output::{Block, Notice, OutputFormat, Printer, Report, Rows};

/// Scans files and writes the report as the scan runs (memory does not grow with the
/// findings), then the summary line; returns the summary.
pub fn stream(
    printer: &Printer,
    paths: &[PathBuf],
    walk: &WalkOptions,
    table: &Table,
    options: &ScanOptions,
) -> Result<Summary> {
    let component_targets = super::component_targets(table, options);
    let head = Head {
        schema_version: SCHEMA_VERSION,
        target_version: options.targets.kubernetes,
        component_targets: &component_targets,
        cluster: None,
    };
    let mut renderer = Renderer::new(printer, &head, true)?;
    let mut failed = None;
    let totals = super::scan_each(paths, walk, table, options, &mut |event| match renderer
        .event(event)
    {
        Ok(()) => true,
        Err(e) => {
            failed = Some(e);
            false
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let summary = renderer.finish(
        totals.files,
        totals.objects,
        &totals.skipped,
        &Extras::default(),
    )?;
    if !printer.format().is_document() && !printer.format().is_ci_report() {
        printer.status(&summary_line(&summary, options.targets.kubernetes, None));
    }
    Ok(summary)
}

/// Prints a whole report in the `-o` format (through the same writer as the streamed scan):
/// its problems, the report, and for the row formats the cluster extras and the summary line.
pub fn whole(report: &ScanReport, printer: &Printer) -> Result<()> {
    printer.problems(&report.errors);
    let head = Head {
        schema_version: report.schema_version,
        target_version: report.target_version,
        component_targets: &report.component_targets,
        cluster: report.cluster.as_ref(),
    };
    let mut renderer = Renderer::new(printer, &head, false)?;
    for note in &report.notes {
        renderer.event(Event::Note(note.clone()))?;
    }
    for f in &report.findings {
        renderer.event(Event::Finding(f.clone()))?;
    }
    for o in &report.clean {
        renderer.event(Event::Clean(o.clone()))?;
    }
    for e in &report.errors {
        renderer.event(Event::Problem(e.clone()))?;
    }
    let extras = Extras {
        stale_annotations: &report.stale_annotations,
        requested_deprecated_apis: report.requested_deprecated_apis.as_ref(),
    };
    let mut summary = renderer.finish(
        report.summary.files,
        report.summary.objects,
        &report.skipped,
        &extras,
    )?;
    if printer.format().is_document() || printer.format().is_ci_report() {
        return Ok(());
    }
    cluster_extras(report, printer)?;
    summary.objects = report.summary.objects;
    printer.status(&summary_line(
        &summary,
        report.target_version,
        report.cluster.as_ref(),
    ));
    Ok(())
}

/// Cluster mode: stale annotations (not findings) and the metrics.
fn cluster_extras(report: &ScanReport, printer: &Printer) -> Result<()> {
    if !report.stale_annotations.is_empty() {
        printer.data("\nstale last-applied annotations (the object was since written with a current version; not findings):")?;
        printer.rows(&Rows {
            headers: vec![
                "NAME",
                "NAMESPACE",
                "KIND",
                "ANNOTATION SAYS",
                "LAST WRITTEN WITH",
            ],
            rows: report
                .stale_annotations
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        a.namespace.clone().unwrap_or_default(),
                        a.kind.clone(),
                        a.annotation_api_version.clone(),
                        a.managed_api_version.clone(),
                    ]
                })
                .collect(),
        })?;
    }
    if let Some(requested) = &report.requested_deprecated_apis {
        if requested.is_empty() {
            printer.data("\nno client requested a deprecated API since the API server started (apiserver_requested_deprecated_apis)")?;
        } else {
            printer.data(
                "\ndeprecated APIs clients still request (apiserver_requested_deprecated_apis):",
            )?;
            printer.rows(&Rows {
                headers: vec!["GROUP", "VERSION", "RESOURCE", "SUBRESOURCE", "REMOVED IN"],
                rows: requested
                    .iter()
                    .map(|r| {
                        vec![
                            if r.group.is_empty() {
                                "core".into()
                            } else {
                                r.group.clone()
                            },
                            r.version.clone(),
                            r.resource.clone(),
                            r.subresource.clone(),
                            r.removed_release.clone(),
                        ]
                    })
                    .collect(),
            })?;
        }
    }
    Ok(())
}

/// "checked 12 files (30 objects) against v1.35: 2 removed, 1 deprecated, 1 error"
fn summary_line(s: &Summary, target: Version, cluster: Option<&ClusterInfo>) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (s.removed, "removed"),
        (s.deprecated, "deprecated"),
        (s.upcoming, "upcoming"),
        (s.ignored, "ignored"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if s.errors > 0 {
        parts.push(format!(
            "{} {}",
            s.errors,
            if s.errors == 1 { "error" } else { "errors" }
        ));
    }
    let verdict = if parts.is_empty() {
        "no deprecated or removed APIs".to_string()
    } else {
        parts.join(", ")
    };
    if let Some(c) = cluster {
        return format!(
            "checked {} objects in context {} (Kubernetes {}, {} requests) against {target}: {verdict}",
            s.objects, c.context, c.server_version, c.requests
        );
    }
    let skipped = match s.skipped {
        0 => String::new(),
        n => format!(", {n} skipped (-v lists them)"),
    };
    format!(
        "checked {} {} ({} {}{skipped}) against {target}: {verdict}",
        s.files,
        if s.files == 1 { "file" } else { "files" },
        s.objects,
        if s.objects == 1 { "object" } else { "objects" },
    )
}

impl Report for Migration {
    const FORMATS: &'static [OutputFormat] = OutputFormat::TEXT;

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn notices(&self) -> Vec<Notice> {
        self.warnings.iter().cloned().map(Notice::Warning).collect()
    }

    /// Never asked for: `--fix` writes text only.
    fn document(&self) -> impl Serialize + '_ {
        serde_json::Value::Null
    }

    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        Ok(vec![Block::Text(self.text.clone())])
    }

    fn summary_line(&self) -> Option<String> {
        Some(format!(
            "{} {} object{}, {} left to migrate by hand",
            if self.dry_run {
                "would convert"
            } else {
                "converted"
            },
            self.fixed,
            if self.fixed == 1 { "" } else { "s" },
            self.left
        ))
    }

    /// What is left: after a dry run, what the scan found; else what the scan after writing
    /// found.
    fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        self.after
            .as_ref()
            .unwrap_or(&self.before)
            .exit_status(ignore_errors)
    }
}
