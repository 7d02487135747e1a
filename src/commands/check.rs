//! `kubectl abema check`: every check that applies to a tree, in one report, for CI and
//! pre-commit. The exit code is the worst of its checks. Each later check registers here by
//! adding a variant to [`CheckReport`] and a call in [`run`].

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::deprecations::{self, DeprecationsArgs};
use super::nodepool;
use super::rbac;
use super::seal;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};

/// Run every check on a tree of manifests (for CI and pre-commit)
///
/// Runs each check that applies to the given files and directories, with the settings of
/// .abema.yaml, and prints one combined report. Checks today: deprecations (deprecated and
/// removed APIs), nodepool (every workload on one canonical node pool; kustomization
/// overlays are rendered with `kubectl kustomize`) and secrets (no Secret committed unsealed
/// or sealed for the wrong recipients) and rbac (no role gives anyone but owners Secrets, `*`
/// verbs, escalate, bind, impersonate, nodes/proxy or an indirect path to them; see
/// `kubectl abema rbac lint --help`).
///
/// Example:
///
///   kubectl abema check examples/ -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CheckArgs {
    /// Files, directories, or - for stdin
    #[arg(value_name = "PATH", default_value = ".", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Exit with the findings' code even when some inputs could not be read
    #[arg(long)]
    pub ignore_errors: bool,
}

/// The JSON/YAML contract of `check`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CombinedReport {
    schema_version: &'static str,
    exit_code: u8,
    checks: Vec<CheckReport>,
}

/// One check's result inside the combined report.
#[derive(Debug, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "name"
)]
enum CheckReport {
    Deprecations {
        exit_code: u8,
        report: Box<crate::deprecations::Report>,
    },
    Nodepool {
        exit_code: u8,
        report: crate::nodepool::check::CheckReport,
    },
    Secrets {
        exit_code: u8,
        report: crate::seal::check::SealCheckReport,
    },
    Rbac {
        exit_code: u8,
        report: rbac::LintReport,
    },
}

pub fn run(args: &CheckArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let dep_args = DeprecationsArgs {
        paths: args.paths.clone(),
        target_version: Vec::new(),
        show_upcoming: false,
        components: Vec::new(),
        ignore_errors: args.ignore_errors,
        exclude: Vec::new(),
        fix: false,
        dry_run: false,
        cluster: false,
        helm_configmaps: false,
        metrics: false,
    };
    let report = deprecations::scan(&dep_args, ctx)?;
    let dep_status = deprecations::exit_status(&report, args.ignore_errors);
    deprecations::print_problems(&report, &ctx.printer);
    let pool_report = crate::nodepool::check::check(&args.paths, &ctx.config()?.config.nodepool)?;
    let pool_status = pool_report.exit_status(args.ignore_errors);
    let secrets_report = seal::check(&args.paths, &Default::default(), ctx)?;
    let secrets_status = secrets_report.exit_status(args.ignore_errors);
    let rbac_report = rbac::lint_paths(&args.paths, false, ctx)?;
    let rbac_status = rbac_report.exit_status(args.ignore_errors);
    let status = dep_status
        .worst(pool_status)
        .worst(secrets_status)
        .worst(rbac_status);
    if ctx.printer.format().is_document() {
        nodepool::print_problems(&pool_report, &ctx.printer);
        seal::print_problems(&secrets_report, &ctx.printer);
        rbac::print_problems(&rbac_report, &ctx.printer);
        let combined = CombinedReport {
            schema_version: "abema.dev/check/v1",
            exit_code: status.code(),
            checks: vec![
                CheckReport::Deprecations {
                    exit_code: dep_status.code(),
                    report: Box::new(report),
                },
                CheckReport::Nodepool {
                    exit_code: pool_status.code(),
                    report: pool_report,
                },
                CheckReport::Secrets {
                    exit_code: secrets_status.code(),
                    report: secrets_report,
                },
                CheckReport::Rbac {
                    exit_code: rbac_status.code(),
                    report: rbac_report,
                },
            ],
        };
        ctx.printer.document(&combined)?;
    } else {
        ctx.printer.status("== deprecations ==");
        deprecations::render(&report, &ctx.printer)?;
        ctx.printer.status("== nodepool ==");
        nodepool::print_check(&pool_report, &ctx.printer)?;
        ctx.printer.status("== secrets ==");
        seal::print_check(&secrets_report, &ctx.printer)?;
        ctx.printer.status("== rbac ==");
        rbac::print_lint(&rbac_report, &ctx.printer)?;
    }
    Ok(status)
}
