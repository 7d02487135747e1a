//! `kubectl abema rbac`: effective-permission parity between GKE and EKS, the standard role
//! set, and the RBAC lint. One file per verb; the work is in [`crate::rbac`].

mod lint;
mod parity;
mod roles;

use std::path::Path;

use clap::{Args, Subcommand};

use crate::context::Ctx;
use crate::error::{Error, ExitStatus, Result};
use crate::output::Printer;
use crate::rbac::inputs::SideInputs;
use crate::rbac::persona::{Persona, Personas};

pub use lint::{LintArgs, lint_inputs};
pub use parity::ParityArgs;
pub use roles::RolesArgs;

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

pub fn run(args: &RbacArgs, ctx: &Ctx) -> Result<ExitStatus> {
    match &args.command {
        RbacCommand::Parity(a) => parity::run(a, ctx),
        RbacCommand::Roles(a) => roles::run(a, ctx),
        RbacCommand::Lint(a) => lint::run(a, ctx),
    }
}

/// The personas of `--personas FILE`, else of .abema.yaml rbac.personas.
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
        printer.problems(&inputs.errors[1..]);
        let mut e = Error::failure(format!("{}: {}", p.location(), p.message));
        if let Some(h) = &p.hint {
            e = e.with_hint(h.clone());
        }
        return Err(e);
    }
    Ok(())
}
