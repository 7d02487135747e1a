//! `kubectl abema check`: every check that applies to a tree, in one report, for CI and
//! pre-commit. The exit code is the worst of its checks. Each later check registers here by
//! adding a variant to [`CheckReport`] and a call in [`run`].

use clap::Args;
use serde::Serialize;

use super::deprecations;
use super::rbac;
use super::seal;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::findings::{self, Finding, Findings, unique_problems};
use crate::output::OutputFormat;

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
    #[command(flatten)]
    pub input: super::InputArgs,
}

/// The JSON/YAML contract of `check`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CombinedReport<'a> {
    schema_version: &'static str,
    exit_code: u8,
    /// Every check's findings in one model (see [`crate::findings`]).
    findings: &'a [Finding],
    /// Unreadable inputs, each once.
    errors: &'a [crate::manifest::Problem],
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
        report: crate::rbac::lint::LintReport,
    },
}

pub fn run(args: &CheckArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let paths = &args.input.paths;
    let ignore_errors = args.input.ignore_errors;
    let (table, scan) = deprecations::configured(ctx)?;
    let (resolver, identities) = seal::options(&Default::default(), ctx)?;
    let secrets = crate::seal::check::CheckOptions {
        resolver: &resolver,
        identities: identities.as_deref(),
    };
    let outcome = crate::check::run(&crate::check::Options {
        paths,
        walk: Default::default(),
        table,
        deprecations: &scan,
        nodepool: &ctx.config()?.config.nodepool,
        secrets: &secrets,
    })?;
    let report = outcome.deprecations;
    let dep_status = report.exit_status(ignore_errors);
    let pool_report = outcome.nodepool;
    let pool_status = pool_report.exit_status(ignore_errors);
    let secrets_report = outcome.secrets;
    let secrets_status = secrets_report.exit_status(ignore_errors);
    let rbac_report = rbac::lint_inputs(outcome.rbac, false, ctx)?;
    let rbac_status = rbac_report.exit_status(ignore_errors);
    let status = dep_status
        .worst(pool_status)
        .worst(secrets_status)
        .worst(rbac_status);
    let findings: Vec<Finding> = [
        report.findings(),
        pool_report.findings(),
        secrets_report.findings(),
        rbac_report.findings(),
    ]
    .concat();
    let errors = unique_problems([
        report.problems(),
        pool_report.problems(),
        secrets_report.problems(),
        rbac_report.problems(),
    ]);
    let printer = &ctx.printer;
    for p in &errors {
        printer.problem(&p.location(), &p.message, p.hint.as_deref());
    }
    for n in secrets_report.notes.iter().chain(&rbac_report.notes) {
        printer.note(n);
    }
    let checks = [
        ("deprecations", dep_status),
        ("nodepool", pool_status),
        ("secrets", secrets_status),
        ("rbac", rbac_status),
    ];
    match printer.format() {
        OutputFormat::Json | OutputFormat::Yaml => {
            let combined = CombinedReport {
                schema_version: "abema.dev/check/v1",
                exit_code: status.code(),
                findings: &findings,
                errors: &errors,
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
            printer.document(&combined)?;
        }
        OutputFormat::Sarif => {
            let log = findings::sarif(&findings, &errors);
            let text = serde_json::to_string_pretty(&log)
                .map_err(|e| crate::error::Error::failure("cannot render SARIF").caused_by(e))?;
            printer.data(&text)?;
        }
        OutputFormat::Junit => {
            let names: Vec<&'static str> = checks.iter().map(|(name, _)| *name).collect();
            printer.data(&findings::junit(&names, &findings, &errors))?;
        }
        OutputFormat::Table | OutputFormat::Wide | OutputFormat::Markdown | OutputFormat::Csv => {
            if !findings.is_empty() {
                printer.rows(&findings::rows(&findings))?;
            }
        }
    }
    let counts: Vec<String> = checks
        .iter()
        .map(|(name, s)| {
            let n = findings.iter().filter(|f| f.check == *name).count();
            format!("{name} {n} (exit {})", s.code())
        })
        .collect();
    printer.status(&format!(
        "checked {}: {} finding{}, {} unreadable input{} ({})",
        args.input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        counts.join(", ")
    ));
    Ok(status)
}
