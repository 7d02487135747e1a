//! `nodepool select`: answer the checklist for a workload and wire its pool patch in.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::nodepool::checklist::{self, Flags, Question, Step};
use crate::nodepool::select::{self, Answer, Answers};
use crate::nodepool::{NodepoolConfig, ShapeKind};
use crate::output::Printer;

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

pub fn run(args: &SelectArgs, cfg: &NodepoolConfig, ctx: &Ctx) -> Result<ExitStatus> {
    let found = select::find(&args.dir, args.kind.as_str(), &args.deployment)?;
    let answers = answers(args, cfg, &found.workload, &found.hints, &ctx.printer)?;
    let selection = select::wire(&args.dir, cfg, found.workload, answers, args.dry_run)?;
    ctx.printer.report(&selection, false)
}
