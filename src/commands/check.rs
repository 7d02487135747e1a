//! `kubectl abema check`: every check that applies to a tree, in one report, for CI and
//! pre-commit. The pass itself is [`crate::check::run`]; this file resolves its options from
//! `.abema.yaml`, lints the RBAC documents it read, and prints one report in the chosen
//! format. The exit code is the worst of its checks.

use clap::Args;
use serde::Serialize;

use super::deprecations;
use super::rbac;
use super::seal;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::findings::{self, Finding, Findings, unique_problems};
use crate::output::{OutputFormat, RowStream};

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
    /// What the user should know that is not a finding (unverified Secrets, RBAC data).
    notes: &'a [String],
    checks: &'a [CheckSection],
}

/// One check's result inside the combined report: its exit code and its own counts (its
/// findings are in the one list above).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckSection {
    name: &'static str,
    exit_code: u8,
    summary: serde_json::Value,
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
    if report.summary.files == 0 && report.errors.is_empty() {
        return Err(args.input.nothing_to_check());
    }
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
    let errors = unique_problems([
        report.problems(),
        pool_report.problems(),
        secrets_report.problems(),
        rbac_report.problems(),
    ]);
    let notes: Vec<String> = secrets_report
        .notes
        .iter()
        .chain(&rbac_report.notes)
        .cloned()
        .collect();
    let checks = vec![
        CheckSection {
            name: "deprecations",
            exit_code: dep_status.code(),
            summary: report.summary(),
        },
        CheckSection {
            name: "nodepool",
            exit_code: pool_status.code(),
            summary: pool_report.summary(),
        },
        CheckSection {
            name: "secrets",
            exit_code: secrets_status.code(),
            summary: secrets_report.summary(),
        },
        CheckSection {
            name: "rbac",
            exit_code: rbac_status.code(),
            summary: rbac_report.summary(),
        },
    ];
    // Each report is dropped once its findings are in the one list: they are held once.
    let mut findings: Vec<Finding> = report.findings();
    drop(report);
    findings.extend(pool_report.findings());
    drop(pool_report);
    findings.extend(secrets_report.findings());
    drop(secrets_report);
    findings.extend(rbac_report.findings());
    drop(rbac_report);
    let printer = &ctx.printer;
    for p in &errors {
        printer.problem(&p.location(), &p.message, p.hint.as_deref());
    }
    for n in &notes {
        printer.note(n);
    }
    match printer.format() {
        OutputFormat::Json | OutputFormat::Yaml => {
            printer.document(&CombinedReport {
                schema_version: "abema.dev/check/v2",
                exit_code: status.code(),
                findings: &findings,
                errors: &errors,
                notes: &notes,
                checks: &checks,
            })?;
        }
        OutputFormat::Sarif => printer.json(&findings::sarif(&findings, &errors))?,
        OutputFormat::Junit => {
            let names: Vec<&'static str> = checks.iter().map(|c| c.name).collect();
            printer.data(&findings::junit(&names, &findings, &errors))?;
        }
        OutputFormat::Table | OutputFormat::Wide | OutputFormat::Markdown | OutputFormat::Csv => {
            if !findings.is_empty() {
                // Aligned per chunk of rows and written as it goes (`output::RowStream`).
                let mut stream = RowStream::new(printer.format(), findings::HEADERS.to_vec());
                let mut out = String::new();
                for f in &findings {
                    stream.push(findings::row(f), &mut out);
                    if out.len() > 64 * 1024 {
                        printer.data_raw(&std::mem::take(&mut out))?;
                    }
                }
                stream.finish(&mut out);
                printer.data_raw(&out)?;
            }
        }
    }
    let counts: Vec<String> = checks
        .iter()
        .map(|c| {
            let n = findings.iter().filter(|f| f.check == c.name).count();
            format!("{} {n} (exit {})", c.name, c.exit_code)
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
