//! `kubectl abema deprecations`: deprecated and removed Kubernetes APIs in manifests.

use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::deprecations::migrate::FixOptions;
use crate::deprecations::options::Request;
use crate::deprecations::{self, ScanOptions, Table, Version, report};
use crate::error::{Error, ExitStatus, Result};
use crate::findings::Findings;
use crate::manifest::WalkOptions;
use crate::output::OutputFormat;

/// Find deprecated and removed Kubernetes APIs in manifests
///
/// Reads files, directories (recursively: *.yaml, *.yml, *.json, hidden directories too,
/// links followed once, .gitignore inside a Git work tree; a Helm chart's Chart.yaml and
/// values files are skipped) and stdin (`-`), expands `List` kinds and top-level lists, and
/// reports every object whose apiVersion is deprecated or removed at the target Kubernetes
/// version. Documents that cannot be parsed (broken YAML, unrendered Helm templates, binary
/// files) are reported as errors, never skipped silently; a template's literal apiVersion
/// and kind lines still give a finding marked templated. Skips are counted; -v lists them.
///
/// Exit codes: 0 nothing at the target, 3 something deprecated, 4 something removed,
/// 1 unreadable input (unless --ignore-errors).
///
/// Examples:
///
///   kubectl abema deprecations k8s/ --target-version v1.33
///   helm template my-release ./chart | kubectl abema deprecations - -o json
#[derive(Debug, Default, Args)]
#[command(verbatim_doc_comment)]
pub struct DeprecationsArgs {
    /// Files, directories, or - for stdin
    #[arg(value_name = "PATH", default_value = ".", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Kubernetes version to check against, e.g. v1.33 (repeatable as COMPONENT=VERSION,
    /// e.g. cert-manager=v1.5); default: .abema.yaml deprecations.targetVersion, else the
    /// newest release the built-in table covers
    ///
    /// The default is the newest final Kubernetes release of the table; a target beyond the
    /// newest release the table knows (or one known only from pre-releases) is a warning.
    #[arg(long, value_name = "VERSION")]
    pub target_version: Vec<String>,

    /// Also list APIs deprecated only after the target version
    #[arg(long)]
    pub show_upcoming: bool,

    /// Only check these components (comma-separated: k8s, cert-manager)
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub components: Vec<String>,

    /// Exit with the findings' code even when some inputs could not be read
    #[arg(long)]
    pub ignore_errors: bool,

    /// Leave out what a directory walk meets that matches GLOB (gitignore syntax, below each
    /// directory: `.k8s`, `legacy/`, `*.gen.yaml`; or the path as printed: `k8s/old/**`);
    /// repeatable. Files named on the command line are always read
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Rewrite the files to the replacement APIs where the conversion is known (comments,
    /// key order and other documents are kept); what cannot be converted is listed
    #[arg(long)]
    pub fix: bool,

    /// With --fix: print a unified diff instead of writing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,

    /// Scan the live cluster of --kubeconfig/--context instead of files (all namespaces unless
    /// -n), including the latest deployed revision of each Helm release
    #[arg(long, conflicts_with = "fix", help_heading = "Cluster")]
    pub cluster: bool,

    /// With --cluster: also read Helm releases stored in ConfigMaps
    #[arg(long, requires = "cluster", help_heading = "Cluster")]
    pub helm_configmaps: bool,

    /// With --cluster: report the deprecated APIs clients still call (apiserver_requested_deprecated_apis)
    #[arg(long, requires = "cluster", help_heading = "Cluster")]
    pub metrics: bool,
}

pub fn run(args: &DeprecationsArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    match resolve(args, ctx)? {
        Resolved::Files { table, options } if args.fix => {
            let migration = deprecations::migrate::migrate(&FixOptions {
                paths: &args.paths,
                walk: &walk_options(args),
                table,
                options: &options,
                dry_run: args.dry_run,
            })?;
            printer.report(&migration, args.ignore_errors)
        }
        // Streamed, so memory does not grow with the findings.
        Resolved::Files { table, options } => {
            let summary =
                report::stream(printer, &args.paths, &walk_options(args), table, &options)?;
            Ok(summary.exit_status(args.ignore_errors))
        }
        Resolved::Cluster {
            table,
            options,
            cluster,
            server_version,
        } => {
            let live_options = deprecations::live::LiveOptions {
                namespace: if ctx.global.all_namespaces {
                    None
                } else {
                    ctx.global.namespace.clone()
                },
                helm_configmaps: args.helm_configmaps,
                metrics: args.metrics,
            };
            let report = deprecations::live::report(
                &cluster,
                table,
                &options,
                &live_options,
                server_version,
            )?;
            report::whole(&report, printer)?;
            Ok(report.exit_status(args.ignore_errors))
        }
    }
}

fn walk_options(args: &DeprecationsArgs) -> WalkOptions {
    WalkOptions {
        exclude: args.exclude.clone(),
    }
}

/// The resolved options: a file scan, or a cluster to scan.
enum Resolved {
    Files {
        table: &'static Table,
        options: ScanOptions,
    },
    Cluster {
        table: &'static Table,
        options: ScanOptions,
        cluster: Box<crate::cluster::Cluster>,
        server_version: Version,
    },
}

/// The table and the file-scan options of `.abema.yaml` (no flags): what `kubectl abema
/// check` evaluates deprecations with.
pub fn configured(ctx: &Ctx) -> Result<(&'static Table, ScanOptions)> {
    match resolve(&DeprecationsArgs::default(), ctx)? {
        Resolved::Files { table, mut options } => {
            options.keep_clean = false;
            Ok((table, options))
        }
        Resolved::Cluster { .. } => Err(Error::failure("no cluster was asked for")),
    }
}

/// Resolves the options ([`deprecations::options`]: flags over .abema.yaml over defaults) and,
/// with `--cluster`, connects to the cluster.
fn resolve(args: &DeprecationsArgs, ctx: &Ctx) -> Result<Resolved> {
    let table = Table::embedded()?;
    let loaded = ctx.config()?;
    let cluster = if args.cluster {
        Some(crate::cluster::Cluster::connect(
            ctx.global.kubeconfig.as_deref(),
            ctx.global.context.as_deref(),
        )?)
    } else {
        None
    };
    let server_version = match &cluster {
        Some(c) => Some(deprecations::live::server_version(c)?),
        None => None,
    };
    let resolved = deprecations::options::resolve(
        table,
        &Request {
            config: &loaded.config.deprecations,
            config_source: loaded.describe(),
            target_versions: &args.target_version,
            components: &args.components,
            show_upcoming: args.show_upcoming,
            keep_clean: ctx.printer.format() == OutputFormat::Junit,
            server_version,
        },
    )?;
    if let Some(warning) = &resolved.warning {
        ctx.printer.warning(warning);
    }
    let options = resolved.options;
    let (Some(cluster), Some(server_version)) = (cluster, server_version) else {
        return Ok(Resolved::Files { table, options });
    };
    Ok(Resolved::Cluster {
        table,
        options,
        cluster: Box::new(cluster),
        server_version,
    })
}
