//! The checklist's three questions (slide 98 of the platform talk): what each asks, which flag
//! answers it, the default and why. Asking is the command's job (a terminal prompt); this
//! module decides which questions are answered by flags or inference and which still need
//! asking, so every unanswered question can be reported at once.

use super::select::{self, Answer, AnswerSource, Workload};
use super::{NodepoolConfig, ShapeKind};
use crate::error::Result;

/// The answers given as flags (at most one per question; clap enforces it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Flags {
    pub cpu: bool,
    pub mem: bool,
    pub infer: bool,
    pub reschedulable: bool,
    pub fixed: bool,
    pub nat: bool,
    pub no_nat: bool,
}

/// A question still to ask: its explanation, the yes/no prompt, the default and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub explain: Vec<String>,
    pub prompt: String,
    pub default: bool,
    pub why: String,
    /// The flags that answer it, for the message when it cannot be asked.
    pub flags: &'static str,
    /// `question 1 (memory per vCPU)`.
    pub title: &'static str,
}

impl Question {
    /// The answer a prompt gave.
    pub fn answered<T>(&self, value: T) -> Answer<T> {
        Answer {
            value,
            source: AnswerSource::Prompt,
            detail: format!(
                "default was {}: {}",
                if self.default { "yes" } else { "no" },
                self.why
            ),
        }
    }
}

/// A question answered by a flag or inference, or one to ask.
#[derive(Clone, Debug)]
pub enum Step<T> {
    Answered(Answer<T>),
    Ask(Question),
}

impl<T> Step<T> {
    /// The question, when it is still to ask.
    pub fn question(&self) -> Option<&Question> {
        match self {
            Step::Ask(q) => Some(q),
            Step::Answered(_) => None,
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn flag<T>(value: T, detail: &str) -> Step<T> {
    Step::Answered(Answer {
        value,
        source: AnswerSource::Flag,
        detail: detail.into(),
    })
}

/// Question 1: at most `max_gib_per_vcpu_on_cpu` GiB of memory per vCPU (a cpu pool)?
pub fn memory_per_vcpu(
    flags: Flags,
    cfg: &NodepoolConfig,
    w: &Workload,
) -> Result<Step<ShapeKind>> {
    if flags.cpu {
        return Ok(flag(ShapeKind::Cpu, "--cpu"));
    }
    if flags.mem {
        return Ok(flag(ShapeKind::Mem, "--mem"));
    }
    if flags.infer {
        return select::infer_shape(cfg, w).map(Step::Answered);
    }
    let (default, why) = match select::infer_shape(cfg, w) {
        Ok(a) => (
            a.value == ShapeKind::Cpu,
            format!("inferred from its {}", a.detail),
        ),
        Err(_) => (
            true,
            "it has no CPU request to infer from; most services are CPU-bound".to_string(),
        ),
    };
    let (cpu, mem) = (&cfg.shapes.cpu.gke, &cfg.shapes.mem.gke);
    Ok(Step::Ask(Question {
        explain: vec![
            format!(
                "1/3 Memory per vCPU: cpu pools have {} GiB per vCPU ({} vCPU / {} GiB nodes), mem pools {} GiB per vCPU ({} vCPU / {} GiB).",
                cpu.memory_gib / cpu.vcpu.max(1),
                cpu.vcpu,
                cpu.memory_gib,
                mem.memory_gib / mem.vcpu.max(1),
                mem.vcpu,
                mem.memory_gib
            ),
            format!("    Default {}: {why}.", yes_no(default)),
        ],
        prompt: format!(
            "Does {} need at most {} GiB of memory per vCPU?",
            w.name, cfg.max_gib_per_vcpu_on_cpu
        ),
        default,
        why,
        flags: "--cpu, --mem or --infer",
        title: "question 1 (memory per vCPU)",
    }))
}

/// Question 2: tolerates rescheduling (an autoscaled pool)? `hints` are the signs it should
/// stay put; a flag that contradicts them comes back with a warning.
pub fn rescheduling(flags: Flags, hints: &[String], w: &Workload) -> (Step<bool>, Option<String>) {
    let hint_text = if hints.is_empty() {
        "no sign that it cannot be rescheduled".to_string()
    } else {
        format!("signs it should stay put: {}", hints.join("; "))
    };
    if flags.reschedulable || flags.fixed {
        let warning = (flags.reschedulable && !hints.is_empty())
            .then(|| format!("--reschedulable, but {hint_text}"));
        let name = if flags.reschedulable {
            "--reschedulable"
        } else {
            "--fixed"
        };
        return (
            flag(flags.reschedulable, &format!("{name}; {hint_text}")),
            warning,
        );
    }
    let default = hints.is_empty();
    let question = Question {
        explain: vec![
            "2/3 Rescheduling: autoscaled (-asg) pools scale in, evicting pods to other nodes at any time; fixed pools do not.".into(),
            format!("    Default {}: {hint_text}.", yes_no(default)),
        ],
        prompt: format!("Can {} tolerate being rescheduled?", w.name),
        default,
        why: hint_text,
        flags: "--reschedulable or --fixed",
        title: "question 2 (tolerates rescheduling)",
    };
    (Step::Ask(question), None)
}

/// Question 3: needs the NAT egress IP partners allowlist (a private pool)?
pub fn egress(flags: Flags, w: &Workload) -> Step<bool> {
    if flags.nat || flags.no_nat {
        return flag(flags.nat, if flags.nat { "--nat" } else { "--no-nat" });
    }
    let why = "most services do not call partners that allowlist our source IP";
    Step::Ask(Question {
        explain: vec![
            "3/3 Egress IP: private pools leave through Cloud NAT (GKE) / a NAT Gateway (EKS) with a fixed source IP that partners can allowlist.".into(),
            format!("    Default no: {why}."),
        ],
        prompt: format!("Does {} need the NAT egress IP?", w.name),
        default: false,
        why: why.into(),
        flags: "--nat or --no-nat",
        title: "question 3 (NAT egress IP)",
    })
}
