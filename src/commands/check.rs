//! `kubectl abema check`: every check that applies to a tree, in one report, for CI and
//! pre-commit. The pass itself is [`crate::check::run`]; this file resolves its options from
//! `.abema.yaml`, lints the RBAC documents it read, and prints one report in the chosen
//! format. The exit code is the worst of its checks.

use clap::Args;
use serde::Serialize;

use super::deprecations;
use super::rbac;
use super::seal;
use crate::check::Section;
use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::findings::{self, Findings, Spooled, unique_problems};
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
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CombinedReport<'a> {
    schema_version: &'static str,
    exit_code: u8,
    /// Every check's findings in one model (see [`crate::findings`]), read back from the spool
    /// as they are written.
    findings: &'a Spooled,
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
    let ignore_errors = args.input.ignore_errors;
    let (table, scan) = deprecations::configured(ctx)?;
    let (resolver, identities) = seal::options(&Default::default(), ctx)?;
    let secrets = crate::seal::check::CheckOptions {
        resolver: &resolver,
        identities: identities.as_deref(),
    };
    let outcome = crate::check::run(&crate::check::Options {
        paths: &args.input.paths,
        walk: Default::default(),
        table,
        deprecations: &scan,
        nodepool: &ctx.config()?.config.nodepool,
        secrets: &secrets,
        ignore_errors,
    })?;
    let (mut spool, mut sections) = (outcome.findings, outcome.sections);
    let no_errors = sections.iter().all(|s| s.problems.is_empty());
    if outcome.files == 0 && no_errors {
        return Err(args.input.nothing_to_check());
    }
    let rbac_report = rbac::lint_inputs(outcome.rbac, false, ctx)?;
    for f in rbac_report.findings() {
        spool.push(&f)?;
    }
    sections.push(Section {
        name: "rbac",
        status: rbac_report.exit_status(ignore_errors),
        summary: rbac_report.summary(),
        problems: rbac_report.problems().to_vec(),
        notes: rbac_report.notes.clone(),
    });
    drop(rbac_report);
    let findings = spool.finish()?;
    let status = sections
        .iter()
        .fold(ExitStatus::Clean, |s, c| s.worst(c.status));
    let errors = unique_problems(sections.iter().map(|s| &s.problems[..]));
    // The secrets' and RBAC's notes, then the deprecations' (an empty ignore annotation).
    let notes: Vec<String> = sections[2..]
        .iter()
        .chain(&sections[..2])
        .flat_map(|s| s.notes.iter().cloned())
        .collect();
    let checks: Vec<CheckSection> = sections
        .iter()
        .map(|s| CheckSection {
            name: s.name,
            exit_code: s.status.code(),
            summary: s.summary.clone(),
        })
        .collect();
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
        OutputFormat::Sarif => printer.json(&findings::sarif::log(&findings, &errors))?,
        OutputFormat::Junit => printer.write_with(|out| {
            findings::junit::write(out, &crate::check::CHECKS, &findings, &errors)
        })?,
        OutputFormat::Table | OutputFormat::Wide | OutputFormat::Markdown | OutputFormat::Csv => {
            if !findings.is_empty() {
                // Aligned per chunk of rows and written as it goes (`output::RowStream`).
                let mut stream = RowStream::new(printer.format(), findings::HEADERS.to_vec());
                let mut out = String::new();
                for f in findings.iter(None) {
                    stream.push(findings::row(&f?), &mut out);
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
            let (n, _) = findings.counts(c.name);
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
