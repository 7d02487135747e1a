//! `kubectl abema rbac roles`: the standard role set and the personas' bindings for one side.

use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::rbac::data::Cloud;
use crate::rbac::inputs::SideInputs;
use crate::rbac::report::RoleSet;
use crate::rbac::{roles, universe::Universe};

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

pub fn run(args: &RolesArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let personas = super::load_personas(args.personas.as_deref(), ctx)?;
    let mut universe = Universe::builtin()?;
    if !args.crds.is_empty() {
        let mut crds = SideInputs::read(&args.crds);
        let _ = crds.settle(false);
        super::fail_on_errors(&crds, &ctx.printer)?;
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
    ctx.printer.report(&RoleSet { manifests }, false)
}
