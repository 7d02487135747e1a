//! `kubectl abema rbac`: effective-permission parity between GKE and EKS, the standard role
//! set, and the RBAC lint.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::findings::Findings;
use crate::output::{Printer, Rows};
use crate::rbac::data::Cloud;
use crate::rbac::drift::CATEGORIES;
use crate::rbac::inputs::SideInputs;
use crate::rbac::lint::{self, LintReport};
use crate::rbac::parity::{self, ParityReport};
use crate::rbac::persona::{Persona, Personas};
use crate::rbac::{roles, universe::Universe};

/// Compare RBAC between a GKE and an EKS cluster, per person
///
/// The same people should have the same effective permissions on both clouds. Each side's
/// exports (RBAC objects, CRDs, aws-auth, EKS access entries and policies, GKE IAM policy) are
/// read, every persona is resolved to its identity on each side, and the permissions are
/// compared after expanding wildcards, aggregation and cloud grants.
///
/// Examples:
///
///   kubectl abema rbac parity --gke exports/gke --eks exports/eks --personas personas.yaml
///   kubectl abema rbac roles --for eks --personas personas.yaml > rbac-eks.yaml
///   kubectl abema rbac lint manifests/rbac/
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RbacArgs {
    #[command(subcommand)]
    pub command: RbacCommand,
}

#[derive(Debug, Subcommand)]
pub enum RbacCommand {
    Parity(ParityArgs),
    Roles(RolesArgs),
    Lint(LintArgs),
}

/// Report drift in effective permissions between GKE and EKS, per persona
///
/// Exit codes: 0 parity, 3 drift, 1 unreadable input.
///
/// What a side serves comes from, in order: its discovery export if given, the CRDs in its
/// input, then the built-in Kubernetes list. A discovery export is `kubectl api-resources -o
/// wide` output (name the file; directories are scanned for YAML and JSON only), or JSON from
/// `kubectl get --raw /apis/GROUP/VERSION` (APIResourceList) or the aggregated
/// APIGroupDiscoveryList. Rules naming what none of these know are kept as granted, with a note.
///
/// Example:
///
///   kubectl api-resources -o wide > gke/api-resources.txt
///   kubectl abema rbac parity --gke gke/ gke/api-resources.txt --eks eks/ \
///     --personas personas.yaml -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ParityArgs {
    /// GKE exports: files or directories (RBAC objects, CRDs, gcloud IAM policy and cluster
    /// JSON, discovery exports)
    #[arg(long, value_name = "PATH", required_unless_present = "gke_context", num_args = 1.., value_hint = clap::ValueHint::AnyPath)]
    pub gke: Vec<PathBuf>,
    /// EKS exports: files or directories (RBAC objects, CRDs, aws-auth, aws eks JSON, discovery
    /// exports)
    #[arg(long, value_name = "PATH", required_unless_present = "eks_context", num_args = 1.., value_hint = clap::ValueHint::AnyPath)]
    pub eks: Vec<PathBuf>,
    /// Read GKE's RBAC objects, CRDs and served resources from this kubeconfig context (IAM
    /// still comes from --gke files)
    #[arg(long, value_name = "CONTEXT")]
    pub gke_context: Option<String>,
    /// Read EKS's RBAC objects, CRDs, aws-auth and served resources from this kubeconfig
    /// context (access entries still come from --eks files)
    #[arg(long, value_name = "CONTEXT")]
    pub eks_context: Option<String>,
    /// The personas file (default: .abema.yaml rbac.personas)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub personas: Option<PathBuf>,
    /// Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a
    /// binding without roleRef, a subject without kind, wrong JSON types, an unknown
    /// authenticationMode) with a warning instead of failing (exit 1)
    #[arg(long)]
    pub lenient: bool,
}

/// Generate the standard roles and the personas' bindings for one side
///
/// ClusterRoles owner, editor, viewer, restricted-editor and restricted-viewer, with every
/// resource enumerated (RBAC has no deny: "everything but Secrets" lists all the others),
/// plus one binding per persona that has a `role` (and `namespaces` for restricted roles).
/// On EKS also the aws-auth mapRoles/mapUsers to merge.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RolesArgs {
    /// The side to generate for
    #[arg(long = "for", value_name = "CLOUD", value_parser = ["gke", "eks"])]
    pub cloud: String,
    /// The personas file (default: .abema.yaml rbac.personas)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub personas: Option<PathBuf>,
    /// CRDs to include in the enumeration (files or directories)
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub crds: Vec<PathBuf>,
}

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
    pub input: super::InputArgs,
    /// Read input Kubernetes or the cloud would reject (an unknown kind in an RBAC file, a
    /// binding without roleRef, a subject without kind, wrong JSON types, an unknown
    /// authenticationMode) with a warning instead of failing (exit 1)
    #[arg(long)]
    pub lenient: bool,
}

fn load_personas(path: Option<&Path>, ctx: &Ctx) -> Result<Vec<Persona>> {
    match path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?;
            let file: Personas =
                serde_saphyr::from_str_with_options(&text, crate::manifest::parse_options())
                    .map_err(|e| {
                        let (line, message) = crate::manifest::yaml_error(&e, 1);
                        Error::at(path, line, format!("invalid personas file: {message}"))
                            .with_hint("personas: [{name, gke: {group|user}, eks: {principalArn}}]")
                    })?;
            Ok(file.personas)
        }
        None => Ok(ctx.config()?.config.rbac.personas.clone()),
    }
}

/// Reports every unreadable input; the first one is the command's error.
fn fail_on_errors(inputs: &SideInputs, printer: &Printer) -> Result<()> {
    if let Some(p) = inputs.errors.first() {
        for p in &inputs.errors[1..] {
            printer.problem(&p.location(), &p.message, p.hint.as_deref());
        }
        let mut e = Error::failure(format!("{}: {}", p.location(), p.message));
        if let Some(h) = &p.hint {
            e = e.with_hint(h.clone());
        }
        return Err(e);
    }
    Ok(())
}

fn run_parity(args: &ParityArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let personas = load_personas(args.personas.as_deref(), ctx)?;
    if personas.is_empty() {
        return Err(Error::usage("no personas to compare")
            .with_hint("pass --personas FILE or set rbac.personas in .abema.yaml"));
    }
    let side = |paths: &[PathBuf], context: Option<&str>| -> Result<SideInputs> {
        let mut inputs = SideInputs::read(paths);
        if let Some(context) = context {
            let cluster =
                crate::cluster::Cluster::connect(ctx.global.kubeconfig.as_deref(), Some(context))?;
            inputs.merge(SideInputs::read_cluster(&cluster)?);
        }
        let _ = inputs.settle(args.lenient); // printed with the other warnings below
        Ok(inputs)
    };
    let gke = side(&args.gke, args.gke_context.as_deref())?;
    let eks = side(&args.eks, args.eks_context.as_deref())?;
    for (side, inputs) in [("gke", &gke), ("eks", &eks)] {
        for w in &inputs.warnings {
            ctx.printer.warning(&format!("{side}: {w}"));
        }
    }
    fail_on_errors(&gke, &ctx.printer)?;
    fail_on_errors(&eks, &ctx.printer)?;
    let report = parity::compare(&gke, &eks, &personas)?;
    print_parity(&report, &ctx.printer)?;
    Ok(if report.has_drift() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn print_parity(report: &ParityReport, printer: &Printer) -> Result<()> {
    for note in &report.notes {
        printer.warning(note);
    }
    if printer.format().is_document() {
        return printer.document(report);
    }
    let headers = vec![
        "SIDE",
        "VERB",
        "GROUP",
        "RESOURCE",
        "NAME",
        "NAMESPACE",
        "EXCEPT",
        "SEVERITY",
        "FROM",
    ];
    let row = |r: &crate::rbac::drift::DriftRow| -> Vec<String> {
        vec![
            r.side.to_string(),
            r.perm.verb.clone(),
            if r.perm.non_resource_url.is_some() {
                "-".into()
            } else if r.perm.api_group.is_empty() {
                "core".into()
            } else if r.perm.api_group == "core" {
                // A group literally named "core" (not the core group "").
                "\"core\" (no such group)".into()
            } else {
                r.perm.api_group.clone()
            },
            r.perm
                .non_resource_url
                .clone()
                .unwrap_or_else(|| r.perm.resource.clone()),
            match (&r.perm.resource_name, r.other_side_covers.is_empty()) {
                (Some(n), _) => n.clone(),
                (None, true) => String::new(),
                (None, false) => format!("(other side: only {})", r.other_side_covers.join(", ")),
            },
            r.namespace.clone(),
            r.except_namespaces.join(","),
            r.severity.to_string(),
            r.provenance.join(" <- "),
        ]
    };
    if matches!(
        printer.format(),
        crate::output::OutputFormat::Csv | crate::output::OutputFormat::Markdown
    ) {
        // One table for machines: the persona and category are columns, the prose is left
        // to the table output and the status line.
        let mut all = Rows {
            headers: [vec!["PERSONA", "CATEGORY"], headers].concat(),
            rows: Vec::new(),
        };
        for p in &report.personas {
            for r in &p.drift {
                all.rows
                    .push([vec![p.name.clone(), r.category.to_string()], row(r)].concat());
            }
        }
        printer.rows(&all)?;
        for u in &report.unmapped_principals {
            printer.note(&format!(
                "unmapped principal (no persona names it; not drift): {u}"
            ));
        }
    } else {
        for p in &report.personas {
            let who = |i: &parity::IdentityOut| {
                format!(
                    "{}groups {}",
                    i.username
                        .as_ref()
                        .map(|u| format!("user {u}, "))
                        .unwrap_or_default(),
                    i.groups.join(", ")
                )
            };
            printer.data(&format!(
                "persona {}: {}\n  gke: {}\n  eks: {}",
                p.name,
                p.verdict,
                who(&p.gke),
                who(&p.eks)
            ))?;
            for category in CATEGORIES {
                let rows: Vec<Vec<String>> = p
                    .drift
                    .iter()
                    .filter(|r| r.category == category)
                    .map(row)
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                printer.data(&format!("  [{category}]"))?;
                printer.rows(&Rows {
                    headers: headers.clone(),
                    rows,
                })?;
            }
        }
        if !report.unmapped_principals.is_empty() {
            printer.data(&format!(
                "unmapped principals (no persona names them; not drift):\n  {}",
                report.unmapped_principals.join("\n  ")
            ))?;
        }
    }
    let drifted = report
        .personas
        .iter()
        .filter(|p| !p.drift.is_empty())
        .count();
    printer.status(&format!(
        "compared {} persona{} against Kubernetes {} resources{}: {} with drift",
        report.personas.len(),
        if report.personas.len() == 1 { "" } else { "s" },
        report.universe.kubernetes_version,
        if report.universe.crds.is_empty() {
            String::new()
        } else {
            format!(" + {} CRDs", report.universe.crds.len())
        },
        drifted
    ));
    Ok(())
}

fn run_roles(args: &RolesArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let personas = load_personas(args.personas.as_deref(), ctx)?;
    let mut universe = Universe::builtin()?;
    if !args.crds.is_empty() {
        let mut crds = SideInputs::read(&args.crds);
        let _ = crds.settle(false);
        fail_on_errors(&crds, &ctx.printer)?;
        for crd in &crds.crds {
            universe.add_crd(crd);
        }
    }
    let cloud = if args.cloud == "gke" {
        Cloud::Gke
    } else {
        Cloud::Eks
    };
    let manifests = roles::generate(cloud, &personas, &universe)?;
    if ctx.printer.format().is_document() {
        return ctx
            .printer
            .document(&serde_json::json!({"apiVersion": "v1", "kind": "List", "items": manifests}))
            .map(|()| ExitStatus::Clean);
    }
    let mut out = String::new();
    for (i, m) in manifests.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&crate::manifest::to_yaml(m)?);
    }
    ctx.printer.data(&out)?;
    Ok(ExitStatus::Clean)
}

/// Lints the RBAC objects under `paths`.
/// `lenient` turns input Kubernetes would reject into warnings (`check` is always strict).
pub fn lint_paths(paths: &[PathBuf], lenient: bool, ctx: &Ctx) -> Result<LintReport> {
    lint_inputs(SideInputs::read(paths), lenient, ctx)
}

/// Lints what was read (also `kubectl abema check`, which reads the RBAC documents itself).
pub fn lint_inputs(mut inputs: SideInputs, lenient: bool, ctx: &Ctx) -> Result<LintReport> {
    for w in inputs.settle(lenient) {
        ctx.printer.warning(&w);
    }
    lint::lint_report(inputs, &ctx.config()?.config.rbac)
}

pub fn print_lint(report: &LintReport, printer: &Printer) -> Result<()> {
    printer.problems(&report.errors);
    if printer.format().is_document() {
        return printer.document(report);
    }
    if !report.findings.is_empty() {
        printer.rows(&Rows {
            headers: vec![
                "BINDING",
                "ROLE",
                "RULE",
                "SUBJECTS",
                "MESSAGE",
                "FILE:LINE",
            ],
            rows: report
                .findings
                .iter()
                .map(|f| {
                    vec![
                        f.binding.clone(),
                        f.role.clone(),
                        f.rule.to_string(),
                        f.subjects.join(", "),
                        f.message.clone(),
                        f.source.clone(),
                    ]
                })
                .collect(),
        })?;
    }
    for e in &report.exempted {
        printer.status(&format!("exempt as Kubernetes' own: {e}"));
    }
    printer.status(&format!(
        "checked {} binding{}: {} violation{}",
        report.bindings,
        if report.bindings == 1 { "" } else { "s" },
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" }
    ));
    Ok(())
}

pub fn run(args: &RbacArgs, ctx: &Ctx) -> Result<ExitStatus> {
    match &args.command {
        RbacCommand::Parity(a) => run_parity(a, ctx),
        RbacCommand::Roles(a) => run_roles(a, ctx),
        RbacCommand::Lint(a) => {
            let report = lint_paths(&a.input.paths, a.lenient, ctx)?;
            print_lint(&report, &ctx.printer)?;
            Ok(report.exit_status(a.input.ignore_errors))
        }
    }
}
