//! `kubectl abema nodepool`: the node-pool checklist (select, check, list, patch, balloons).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::manifest;
use crate::nodepool::check::{CheckReport, check};
use crate::nodepool::checklist::{self, Flags, Question, Step};
use crate::nodepool::lint::Severity;
use crate::nodepool::select::{self, Answer, AnswerSource, Answers};
use crate::nodepool::{Cloud, NodepoolConfig, Pool, ShapeKind, balloons, patch};
use crate::output::{Printer, Rows};

/// Put workloads on the right node pool (checklist, patches, lint)
///
/// The platform runs eight node pools on both GKE and EKS. Three questions pick one:
///   1. memory per vCPU <= 2 GiB?          yes: cpu pools    no: mem pools
///   2. tolerates being rescheduled?       yes: -asg pool    no: fixed pool
///   3. needs the NAT egress IP?           yes: private-*    no: public-*
///
/// Each pool has one canonical Kustomize patch (node affinity + priority class).
///
/// Examples:
///
///   kubectl abema nodepool select overlays/gke --deployment api
///   kubectl abema nodepool select . --deployment api --infer --reschedulable --no-nat
///   kubectl abema nodepool check overlays/
///   kubectl abema nodepool list
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct NodepoolArgs {
    #[command(subcommand)]
    pub command: NodepoolCommand,
}

#[derive(Debug, Subcommand)]
pub enum NodepoolCommand {
    Select(SelectArgs),
    Check(CheckArgs),
    List(ListArgs),
    Patch(PatchArgs),
    Balloons(BalloonsArgs),
}

/// Answer the checklist for a workload and wire its pool patch into kustomization.yaml
///
/// Finds the workload by rendering DIR with `kubectl kustomize` (it may come from a base),
/// answers the three questions from flags (or asks them when stdin and stderr are a
/// terminal), writes DIR/patches/nodepools/<pool>.yaml and a `patches:` entry targeting the
/// workload, then renders again to prove the workload now carries exactly that pool.
/// Running it again replaces the workload's previous pool entry.
///
/// Examples:
///
///   kubectl abema nodepool select overlays/gke --deployment api
///   kubectl abema nodepool select . --deployment api --infer --fixed --nat --dry-run
///   kubectl abema nodepool select . --deployment db --kind StatefulSet --mem --fixed --no-nat
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SelectArgs {
    /// The kustomization directory that deploys the workload
    #[arg(value_name = "DIR", default_value = ".", value_hint = clap::ValueHint::DirPath)]
    pub dir: PathBuf,

    /// Name of the workload
    #[arg(long, value_name = "NAME", visible_alias = "name")]
    pub deployment: String,

    /// Kind of the workload
    #[arg(long, value_enum, default_value_t = WorkloadKind::Deployment)]
    pub kind: WorkloadKind,

    /// Question 1: it needs at most 2 GiB of memory per vCPU (cpu pools)
    #[arg(long, group = "q1", help_heading = "Answers")]
    pub cpu: bool,
    /// Question 1: it needs more than 2 GiB of memory per vCPU (mem pools)
    #[arg(long, group = "q1", help_heading = "Answers")]
    pub mem: bool,
    /// Question 1: answer from the workload's effective pod requests
    #[arg(long, group = "q1", help_heading = "Answers")]
    pub infer: bool,

    /// Question 2: it tolerates being rescheduled (autoscaled -asg pool)
    #[arg(long, group = "q2", help_heading = "Answers")]
    pub reschedulable: bool,
    /// Question 2: it must not be rescheduled by scale-in (fixed pool)
    #[arg(long, group = "q2", help_heading = "Answers")]
    pub fixed: bool,

    /// Question 3: it needs the NAT egress IP that partners allowlist (private-* pools)
    #[arg(long, group = "q3", help_heading = "Answers")]
    pub nat: bool,
    /// Question 3: it does not need a fixed egress IP (public-* pools)
    #[arg(long, group = "q3", help_heading = "Answers")]
    pub no_nat: bool,

    /// Print the patch and the kustomization diff; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WorkloadKind {
    #[value(name = "Deployment", alias = "deployment")]
    Deployment,
    #[value(name = "StatefulSet", alias = "statefulset")]
    StatefulSet,
}

impl WorkloadKind {
    fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
        }
    }
}

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
    /// Files, directories, or - for stdin
    #[arg(value_name = "PATH", default_value = ".", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Exit with the violations' code even when some inputs could not be read
    #[arg(long)]
    pub ignore_errors: bool,
}

/// List the eight pools: node shapes, allocatable, balloon sizes, and the checklist
///
/// Example:
///
///   kubectl abema nodepool list -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {}

/// Print the canonical patch of a pool
///
/// Byte-identical to what `select` writes and to patches/nodepools/<pool>.yaml.
///
/// Example:
///
///   kubectl abema nodepool patch public-cpu-asg > patches/nodepools/public-cpu-asg.yaml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct PatchArgs {
    /// The pool (private-cpu, public-cpu, private-cpu-asg, public-cpu-asg, private-mem, ...)
    #[arg(value_name = "POOL")]
    pub pool: String,
}

/// Print the PriorityClasses and balloon Deployments for one cloud
///
/// One `pause` Deployment per autoscaled pool, requesting a share (60%) of that pool's node
/// allocatable on the cloud, at balloon-priority (-5): preempted first by any workload, and
/// above the cluster-autoscaler's expendable cutoff (-10) so it triggers the scale-up.
///
/// Examples:
///
///   kubectl abema nodepool balloons --cloud gke | kubectl apply -f -
///   kubectl abema nodepool balloons --cloud eks --out-dir platform/balloons/eks
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct BalloonsArgs {
    /// The cloud whose node shapes size the balloons
    #[arg(long, value_enum)]
    pub cloud: Cloud,

    /// Write one file per manifest and a kustomization.yaml into DIR instead of printing
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: &NodepoolArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let cfg = &ctx.config()?.config.nodepool;
    match &args.command {
        NodepoolCommand::Select(a) => run_select(a, cfg, ctx),
        NodepoolCommand::Check(a) => {
            let report = check(&a.paths, cfg)?;
            print_check(&report, &ctx.printer)?;
            Ok(report.exit_status(a.ignore_errors))
        }
        NodepoolCommand::List(_) => run_list(cfg, &ctx.printer),
        NodepoolCommand::Patch(a) => {
            let pool = parse_pool(cfg, &a.pool)?;
            ctx.printer.data(&patch::render(cfg, pool))?;
            Ok(ExitStatus::Clean)
        }
        NodepoolCommand::Balloons(a) => run_balloons(a, cfg, &ctx.printer),
    }
}

fn parse_pool(cfg: &NodepoolConfig, name: &str) -> Result<Pool> {
    cfg.parse(name).ok_or_else(|| {
        Error::usage(format!("unknown node pool {name:?}"))
            .with_hint(format!("pools: {}", cfg.names().join(", ")))
    })
}

// ---- select ----------------------------------------------------------------------------------

/// The JSON contract of `select`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SelectReport<'a> {
    schema_version: &'static str,
    workload: &'a select::Workload,
    pool: String,
    answers: &'a Answers,
    files: Vec<String>,
    dry_run: bool,
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a checklist question on the terminal, after explaining it.
fn ask<T>(printer: &Printer, q: &Question, yes: T, no: T) -> Result<Answer<T>> {
    for line in &q.explain {
        printer.status(line);
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(&q.prompt)
        .default(q.default)
        .interact()
        .map_err(|e| Error::failure("no answer: the prompt was interrupted").caused_by(e))?;
    Ok(q.answered(if answer { yes } else { no }))
}

/// The three answers: flags and inference first; the rest asked on a terminal, or, without
/// one, every unanswered question named in one usage error.
fn answers(
    args: &SelectArgs,
    cfg: &NodepoolConfig,
    workload: &select::Workload,
    hints: &[String],
    printer: &Printer,
) -> Result<Answers> {
    let flags = Flags {
        cpu: args.cpu,
        mem: args.mem,
        infer: args.infer,
        reschedulable: args.reschedulable,
        fixed: args.fixed,
        nat: args.nat,
        no_nat: args.no_nat,
    };
    let q1 = checklist::memory_per_vcpu(flags, cfg, workload)?;
    let (q2, warning) = checklist::rescheduling(flags, hints, workload);
    if let Some(w) = warning {
        printer.warning(&w);
    }
    let q3 = checklist::egress(flags, workload);
    if !interactive() {
        let open: Vec<&Question> = [q1.question(), q2.question(), q3.question()]
            .into_iter()
            .flatten()
            .collect();
        if !open.is_empty() {
            let titles: Vec<&str> = open.iter().map(|q| q.title).collect();
            let flags: Vec<&str> = open.iter().map(|q| q.flags).collect();
            return Err(Error::usage(format!(
                "{} unanswered: answer with {}",
                titles.join(", "),
                flags.join("; ")
            ))
            .with_hint(
                "stdin is not a terminal, so missing answers cannot be asked; pass every answer as a flag",
            ));
        }
    }
    Ok(Answers {
        mem_per_vcpu: match q1 {
            Step::Answered(a) => a,
            Step::Ask(q) => ask(printer, &q, ShapeKind::Cpu, ShapeKind::Mem)?,
        },
        reschedulable: match q2 {
            Step::Answered(a) => a,
            Step::Ask(q) => ask(printer, &q, true, false)?,
        },
        nat: match q3 {
            Step::Answered(a) => a,
            Step::Ask(q) => ask(printer, &q, true, false)?,
        },
    })
}

fn run_select(args: &SelectArgs, cfg: &NodepoolConfig, ctx: &Ctx) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let dir = &args.dir;
    select::kustomization_file(dir)?;
    let objects = select::rendered_objects(dir)?;
    let workload = select::find_workload(&objects, args.kind.as_str(), &args.deployment, dir)?;
    let hints = select::reschedule_hints(&workload, &objects);
    let answers = answers(args, cfg, &workload, &hints, printer)?;
    let pool = answers.pool();
    let plan = select::plan(dir, cfg, pool, &workload)?;
    for w in &plan.warnings {
        printer.warning(w);
    }
    if !args.dry_run {
        select::apply(dir, cfg, pool, &workload, &plan)?;
    }
    let files = vec![
        plan.patch_path.display().to_string(),
        plan.kustomization_path.display().to_string(),
    ];
    if printer.format().is_document() {
        return printer
            .document(&SelectReport {
                schema_version: "abema.dev/nodepool/v1",
                workload: &workload,
                pool: cfg.name(pool),
                answers: &answers,
                files,
                dry_run: args.dry_run,
            })
            .map(|()| ExitStatus::Clean);
    }
    let source = |s: AnswerSource| match s {
        AnswerSource::Flag => "flag",
        AnswerSource::Prompt => "answered",
        AnswerSource::Inferred => "inferred",
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let a = &answers;
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
        dir.display(),
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
    if args.dry_run {
        out.push_str(&format!(
            "--- {} (would write)\n{}",
            plan.patch_path.display(),
            plan.patch_text
        ));
        let diff =
            similar::TextDiff::from_lines(&plan.kustomization_before, &plan.kustomization_after);
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
    printer.data(&out)?;
    Ok(ExitStatus::Clean)
}

// ---- check -----------------------------------------------------------------------------------

pub fn print_problems(report: &CheckReport, printer: &Printer) {
    for p in &report.errors {
        printer.problem(&p.location(), &p.message, p.hint.as_deref());
    }
}

/// Prints a check report in the chosen format (errors first, on stderr).
pub fn print_check(report: &CheckReport, printer: &Printer) -> Result<()> {
    print_problems(report, printer);
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
                format!("{}:{}", w.file, w.line),
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

// ---- list ------------------------------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PoolInfo {
    name: String,
    nat: bool,
    shape: ShapeKind,
    autoscaled: bool,
    priority_class: String,
    required_values: Vec<String>,
    clouds: Vec<CloudInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CloudInfo {
    cloud: Cloud,
    machine_type: String,
    allocatable: crate::nodepool::quantity::Resources,
    balloon: Option<crate::nodepool::quantity::Resources>,
}

fn checklist_tree(cfg: &NodepoolConfig) -> String {
    let n = &cfg.names;
    let mut out = format!(
        "Checklist (node label `{}` carries the pool name on both clouds):\n",
        cfg.label_key
    );
    out.push_str(&format!(
        "memory per vCPU <= {} GiB?\n",
        cfg.max_gib_per_vcpu_on_cpu
    ));
    for (i, shape) in [ShapeKind::Cpu, ShapeKind::Mem].into_iter().enumerate() {
        let last_shape = i == 1;
        let s = cfg.shapes.of(shape);
        let (branch, pad) = if last_shape {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        out.push_str(&format!(
            "{branch}{}: {} ({} / {})\n{pad}tolerates rescheduling?\n",
            if shape == ShapeKind::Cpu { "yes" } else { "no" },
            if shape == ShapeKind::Cpu {
                &n.cpu
            } else {
                &n.mem
            },
            s.gke.machine_type,
            s.eks.machine_type
        ));
        for (j, autoscaled) in [true, false].into_iter().enumerate() {
            let (b2, p2) = if j == 1 {
                ("└── ", "    ")
            } else {
                ("├── ", "│   ")
            };
            out.push_str(&format!(
                "{pad}{b2}{}: {}\n{pad}{p2}needs the NAT egress IP?\n",
                if autoscaled { "yes" } else { "no" },
                if autoscaled {
                    format!("autoscaled ({})", n.autoscaled_suffix)
                } else {
                    "fixed".to_string()
                },
            ));
            for (k, nat) in [true, false].into_iter().enumerate() {
                let b3 = if k == 1 { "└── " } else { "├── " };
                out.push_str(&format!(
                    "{pad}{p2}{b3}{}: {}\n",
                    if nat { "yes" } else { "no" },
                    cfg.name(Pool::new(nat, shape, autoscaled))
                ));
            }
        }
    }
    out
}

fn run_list(cfg: &NodepoolConfig, printer: &Printer) -> Result<ExitStatus> {
    let pools: Vec<PoolInfo> = Pool::ALL
        .into_iter()
        .map(|p| PoolInfo {
            name: cfg.name(p),
            nat: p.nat,
            shape: p.shape,
            autoscaled: p.autoscaled,
            priority_class: cfg.priority_class(p).name.clone(),
            required_values: patch::node_affinity(cfg, p)["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            clouds: Cloud::ALL
                .into_iter()
                .map(|c| {
                    let shape = cfg.shapes.of(p.shape).on(c);
                    CloudInfo {
                        cloud: c,
                        machine_type: shape.machine_type.clone(),
                        allocatable: shape.allocatable(c),
                        balloon: p.autoscaled.then(|| cfg.balloon_size(p, c)),
                    }
                })
                .collect(),
        })
        .collect();
    if printer.format().is_document() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct ListReport<'a> {
            schema_version: &'static str,
            label_key: &'a str,
            max_gib_per_vcpu_on_cpu: f64,
            pools: Vec<PoolInfo>,
        }
        printer.document(&ListReport {
            schema_version: "abema.dev/nodepool-list/v1",
            label_key: &cfg.label_key,
            max_gib_per_vcpu_on_cpu: cfg.max_gib_per_vcpu_on_cpu,
            pools,
        })?;
        return Ok(ExitStatus::Clean);
    }
    let res =
        |r: &crate::nodepool::quantity::Resources| format!("{}/{}", r.cpu_text(), r.memory_text());
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
        rows: pools
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
    printer.rows(&rows)?;
    if matches!(
        printer.format(),
        crate::output::OutputFormat::Table | crate::output::OutputFormat::Wide
    ) {
        printer.data(&format!("\n{}", checklist_tree(cfg)))?;
    }
    Ok(ExitStatus::Clean)
}

// ---- balloons --------------------------------------------------------------------------------

fn run_balloons(
    args: &BalloonsArgs,
    cfg: &NodepoolConfig,
    printer: &Printer,
) -> Result<ExitStatus> {
    let manifests = balloons::manifests(cfg, args.cloud);
    let to_yaml = |v: &serde_json::Value| {
        manifest::to_yaml(v).map_err(|e| Error::failure("cannot render YAML").caused_by(e))
    };
    match &args.out_dir {
        Some(dir) => {
            let mut names = Vec::new();
            for (name, value) in &manifests {
                crate::atomic::write(
                    &dir.join(name),
                    to_yaml(value)?.as_bytes(),
                    crate::atomic::Mode::Public,
                )?;
                names.push(name.clone());
            }
            crate::atomic::write(
                &dir.join("kustomization.yaml"),
                to_yaml(&balloons::kustomization(&names))?.as_bytes(),
                crate::atomic::Mode::Public,
            )?;
            names.push("kustomization.yaml".into());
            for n in &names {
                printer.data(&dir.join(n).display().to_string())?;
            }
        }
        None if printer.format().is_document() => {
            let items: Vec<&serde_json::Value> = manifests.iter().map(|(_, v)| v).collect();
            printer.document(
                &serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items}),
            )?;
        }
        None => {
            let mut out = String::new();
            for (i, (_, value)) in manifests.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                out.push_str(&to_yaml(value)?);
            }
            printer.data(&out)?;
        }
    }
    Ok(ExitStatus::Clean)
}
