//! How the `nodepool` reports print: [`Report`] for `nodepool check` (rows and the summary
//! line), `nodepool select` (what was answered and wired, or the dry run's diff) and
//! `nodepool list` (the pools and the checklist).

use serde::Serialize;

use super::ShapeKind;
use super::check::CheckReport;
use super::lint::Severity;
use super::list::{PoolInfo, PoolList, checklist_tree};
use super::quantity::Resources;
use super::select::{AnswerSource, Answers, Selection, Workload};
use crate::error::{ExitStatus, Result};
use crate::manifest::Problem;
use crate::output::{Block, Notice, OutputFormat, Report, Rows};

impl Report for CheckReport {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn document(&self) -> impl Serialize + '_ {
        self
    }

    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
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
        for w in &self.workloads {
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
        Ok(if rows.rows.is_empty() {
            Vec::new()
        } else {
            vec![Block::Rows(rows)]
        })
    }

    fn summary_line(&self) -> Option<String> {
        let s = &self.summary;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        Some(format!(
            "checked {} workload{}: {} violation{}, {} warning{}{}",
            s.workloads,
            plural(s.workloads),
            s.violations,
            plural(s.violations),
            s.warnings,
            plural(s.warnings),
            if s.errors > 0 {
                format!(", {} error{}", s.errors, plural(s.errors))
            } else {
                String::new()
            },
        ))
    }

    fn exit_status(&self, ignore_errors: bool) -> ExitStatus {
        crate::findings::Findings::exit_status(self, ignore_errors)
    }
}

/// The JSON contract of `nodepool select`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SelectDocument<'a> {
    schema_version: &'static str,
    workload: &'a Workload,
    pool: String,
    answers: &'a Answers,
    files: Vec<String>,
    dry_run: bool,
}

impl Report for Selection<'_> {
    const FORMATS: &'static [OutputFormat] = OutputFormat::DOCUMENT;

    fn notices(&self) -> Vec<Notice> {
        self.plan
            .warnings
            .iter()
            .cloned()
            .map(Notice::Warning)
            .collect()
    }

    fn document(&self) -> impl Serialize + '_ {
        SelectDocument {
            schema_version: "abema.dev/nodepool/v1",
            workload: &self.workload,
            pool: self.cfg.name(self.answers.pool()),
            answers: &self.answers,
            files: vec![
                self.plan.patch_path.display().to_string(),
                self.plan.kustomization_path.display().to_string(),
            ],
            dry_run: self.dry_run,
        }
    }

    /// The answers and the pool, then the dry run's patch and diff, or what was written.
    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        let (cfg, plan, workload, a) = (self.cfg, &self.plan, &self.workload, &self.answers);
        let pool = a.pool();
        let source = |s: AnswerSource| match s {
            AnswerSource::Flag => "flag",
            AnswerSource::Prompt => "answered",
            AnswerSource::Inferred => "inferred",
        };
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let mut out = format!(
            "{} {}{} in {}\n\
             1. memory per vCPU <= {} GiB?  {:<3} -> {:<6} ({}: {})\n\
             2. tolerates rescheduling?    {:<3} -> {:<6} ({}: {})\n\
             3. needs the NAT egress IP?   {:<3} -> {:<6} ({}: {})\n\
             pool: {}\n",
            workload.kind,
            workload.name,
            workload
                .namespace
                .as_deref()
                .map(|n| format!(" (namespace {n})"))
                .unwrap_or_default(),
            self.dir.display(),
            cfg.max_gib_per_vcpu_on_cpu,
            yes_no(a.mem_per_vcpu.value == ShapeKind::Cpu),
            if a.mem_per_vcpu.value == ShapeKind::Cpu {
                &cfg.names.cpu
            } else {
                &cfg.names.mem
            },
            source(a.mem_per_vcpu.source),
            a.mem_per_vcpu.detail,
            yes_no(a.reschedulable.value),
            if a.reschedulable.value {
                cfg.names.autoscaled_suffix.as_str()
            } else {
                "fixed"
            },
            source(a.reschedulable.source),
            a.reschedulable.detail,
            yes_no(a.nat.value),
            if a.nat.value {
                &cfg.names.nat
            } else {
                &cfg.names.no_nat
            },
            source(a.nat.source),
            a.nat.detail,
            cfg.name(pool),
        );
        if self.dry_run {
            out.push_str(&format!(
                "--- {} (would write)\n{}",
                plan.patch_path.display(),
                plan.patch_text
            ));
            let diff = similar::TextDiff::from_lines(
                &plan.kustomization_before,
                &plan.kustomization_after,
            );
            let name = plan.kustomization_path.display().to_string();
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&name, &name)
                    .to_string(),
            );
        } else {
            out.push_str(&format!(
                "wrote {}\nupdated {} ({} patches entry for {} {})\nverified with kubectl kustomize: {} {} has pool {} and priorityClassName {}\n",
                plan.patch_path.display(),
                plan.kustomization_path.display(),
                if plan.replaced > 0 { "replaced the" } else { "added a" },
                workload.kind,
                workload.name,
                workload.kind,
                workload.name,
                cfg.name(pool),
                cfg.priority_class(pool).name,
            ));
        }
        Ok(vec![Block::Text(out)])
    }

    fn exit_status(&self, _ignore_errors: bool) -> ExitStatus {
        ExitStatus::Clean
    }
}

/// The JSON contract of `nodepool list`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListDocument<'a> {
    schema_version: &'static str,
    label_key: &'a str,
    max_gib_per_vcpu_on_cpu: f64,
    pools: &'a [PoolInfo],
}

impl Report for PoolList<'_> {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn document(&self) -> impl Serialize + '_ {
        ListDocument {
            schema_version: "abema.dev/nodepool-list/v1",
            label_key: &self.cfg.label_key,
            max_gib_per_vcpu_on_cpu: self.cfg.max_gib_per_vcpu_on_cpu,
            pools: &self.pools,
        }
    }

    /// One row per pool; for people also the checklist.
    fn blocks(&self, format: OutputFormat) -> Result<Vec<Block>> {
        let res = |r: &Resources| format!("{}/{}", r.cpu_text(), r.memory_text());
        let rows = Rows {
            headers: vec![
                "POOL",
                "NAT",
                "AUTOSCALED",
                "PRIORITY CLASS",
                "GKE NODE",
                "GKE ALLOCATABLE",
                "EKS NODE",
                "EKS ALLOCATABLE",
                "BALLOON GKE",
                "BALLOON EKS",
            ],
            rows: self
                .pools
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        if p.nat { "yes" } else { "no" }.into(),
                        if p.autoscaled { "yes" } else { "no" }.into(),
                        p.priority_class.clone(),
                        p.clouds[0].machine_type.clone(),
                        res(&p.clouds[0].allocatable),
                        p.clouds[1].machine_type.clone(),
                        res(&p.clouds[1].allocatable),
                        p.clouds[0]
                            .balloon
                            .as_ref()
                            .map(res)
                            .unwrap_or_else(|| "-".into()),
                        p.clouds[1]
                            .balloon
                            .as_ref()
                            .map(res)
                            .unwrap_or_else(|| "-".into()),
                    ]
                })
                .collect(),
        };
        let mut blocks = vec![Block::Rows(rows)];
        if matches!(format, OutputFormat::Table | OutputFormat::Wide) {
            blocks.push(Block::Text(format!("\n{}", checklist_tree(self.cfg))));
        }
        Ok(blocks)
    }

    fn exit_status(&self, _ignore_errors: bool) -> ExitStatus {
        ExitStatus::Clean
    }
}
