//! `kubectl abema rbac lint`: roles and bindings checked against the platform's rules.

use clap::Args;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::rbac::inputs::SideInputs;
use crate::rbac::lint::{self, LintReport};

/// Check roles and bindings against the platform's rules
///
/// No role bound to anyone but owners may grant Secrets (explicitly or through a wildcard), `*` verbs, escalate, bind, impersonate,
/// nodes/proxy, or an indirect path to them: create pods/exec|attach|portforward, ephemeral
/// containers, serviceaccounts/token, creating pods or workloads, writing RBAC objects, CSR
/// approval with signers approve, admission webhook writes. `apiGroups: [core]`
/// (which grants nothing) is a finding too. Owners: personas with `role: owner` and
/// .abema.yaml rbac.owners. Only Kubernetes' own bootstrap bindings (by name and content, or
/// the rbac.authorization.kubernetes.io/autoupdate annotation) are exempt, and listed.
/// Input the API server would reject is an error (exit 1) unless --lenient. Exit 3 on
/// violations.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct LintArgs {
    #[command(flatten)]
    pub input: crate::commands::InputArgs,
    /// Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a
    /// binding without roleRef, a subject without kind, wrong JSON types, an unknown
    /// authenticationMode) with a warning instead of failing (exit 1)
    #[arg(long)]
    pub lenient: bool,
}

/// Lints what was read (also `kubectl abema check`, which reads the RBAC documents itself).
/// `lenient` turns input Kubernetes would reject into warnings (`check` is always strict).
pub fn lint_inputs(mut inputs: SideInputs, lenient: bool, ctx: &Ctx) -> Result<LintReport> {
    for w in inputs.settle(lenient) {
        ctx.printer.warning(&w);
    }
    lint::lint_report(inputs, &ctx.config()?.config.rbac)
}

pub fn run(args: &LintArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let report = lint_inputs(SideInputs::read(&args.input.paths), args.lenient, ctx)?;
    ctx.printer.report(&report, args.input.ignore_errors)
}
