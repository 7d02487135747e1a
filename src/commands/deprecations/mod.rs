//! `kubectl abema deprecations`: deprecated and removed Kubernetes APIs in manifests.

mod render;

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use crate::context::Ctx;
use crate::deprecations::{
    self, Ignores, KUBERNETES, Report, SCHEMA_VERSION, ScanOptions, Status, Summary, Table,
    Targets, Version,
};
use crate::error::{Error, ExitStatus, Result};
use crate::findings::Findings;
use crate::manifest::WalkOptions;
use crate::output::{OutputFormat, Printer, Rows};
use render::{Extras, Head, Renderer};

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
    if args.fix {
        return run_fix(args, ctx);
    }
    let resolved = resolve(args, ctx)?;
    let Resolved::Files { table, options } = resolved else {
        let report = finish_cluster(resolved, args, ctx)?;
        ctx.printer.problems(&report.errors);
        render(&report, &ctx.printer)?;
        return Ok(report.exit_status(args.ignore_errors));
    };
    // Files: streamed, so memory does not grow with the findings (see `render`).
    let component_targets = deprecations::component_targets(table, &options);
    let head = Head {
        schema_version: SCHEMA_VERSION,
        target_version: options.targets.kubernetes,
        component_targets: &component_targets,
        cluster: None,
    };
    let mut renderer = Renderer::new(&ctx.printer, &head, true)?;
    let mut failed = None;
    let totals = deprecations::scan_each(
        &args.paths,
        &walk_options(args),
        table,
        &options,
        &mut |event| match renderer.event(event) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        },
    );
    if let Some(e) = failed {
        return Err(e);
    }
    let summary = renderer.finish(
        totals.files,
        totals.objects,
        &totals.skipped,
        &Extras::default(),
    )?;
    if !ctx.printer.format().is_document() && !ctx.printer.format().is_ci_report() {
        ctx.printer
            .status(&summary_line(&summary, options.targets.kubernetes, None));
    }
    Ok(summary.exit_status(args.ignore_errors))
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

/// Resolves the options (flags over .abema.yaml over defaults) and scans into one report.
pub fn scan(args: &DeprecationsArgs, ctx: &Ctx) -> Result<Report> {
    match resolve(args, ctx)? {
        Resolved::Files { table, options } => Ok(deprecations::scan_with(
            &args.paths,
            &walk_options(args),
            table,
            &options,
        )),
        cluster => finish_cluster(cluster, args, ctx),
    }
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

/// Resolves the options: flags over .abema.yaml over defaults.
fn resolve(args: &DeprecationsArgs, ctx: &Ctx) -> Result<Resolved> {
    let table = Table::embedded()?;
    let loaded = ctx.config()?;
    let config = &loaded.config.deprecations;
    let mut targets = Targets {
        kubernetes: table.release,
        components: BTreeMap::new(),
    };
    if let Some(v) = &config.target_version {
        targets.kubernetes = v.parse().map_err(|e: deprecations::VersionError| {
            Error::failure(format!(
                "{}: deprecations.targetVersion: {e}",
                loaded.describe()
            ))
        })?;
    }
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
    for spec in &args.target_version {
        let (component, version) = match spec.split_once('=') {
            Some((c, v)) => (c.trim(), v),
            None => (KUBERNETES, spec.as_str()),
        };
        let version: Version = match (version, server_version) {
            ("cluster", Some(v)) => v,
            ("next", Some(v)) => v.next_minor(),
            ("cluster" | "next", None) => {
                return Err(Error::usage(format!(
                    "--target-version {version} needs --cluster (it is the server's version)"
                )));
            }
            _ => version.parse().map_err(|e: deprecations::VersionError| {
                Error::usage(format!("--target-version: {e}"))
            })?,
        };
        check_component(component, table, "--target-version")?;
        if component == KUBERNETES {
            targets.kubernetes = version;
        } else {
            targets.components.insert(component.to_string(), version);
        }
    }
    if let Some(warning) = beyond_the_data(targets.kubernetes, table) {
        ctx.printer.warning(&warning);
    }
    let components = if args.components.is_empty() {
        config.components.clone().unwrap_or_default()
    } else {
        args.components.clone()
    };
    for c in &components {
        check_component(c, table, "--components")?;
    }
    let ignores = Ignores::new(&loaded.describe(), &config.ignore)?;
    let options = ScanOptions {
        targets,
        components,
        show_upcoming: args.show_upcoming,
        ignores,
        keep_clean: ctx.printer.format() == OutputFormat::Junit,
    };
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

/// Scans the cluster of a [`Resolved::Cluster`].
fn finish_cluster(resolved: Resolved, args: &DeprecationsArgs, ctx: &Ctx) -> Result<Report> {
    let Resolved::Cluster {
        table,
        options,
        cluster,
        server_version,
    } = resolved
    else {
        return Err(Error::failure("internal error: not a cluster scan"));
    };
    let live_options = deprecations::live::LiveOptions {
        namespace: if ctx.global.all_namespaces {
            None
        } else {
            ctx.global.namespace.clone()
        },
        helm_configmaps: args.helm_configmaps,
        metrics: args.metrics,
    };
    let live = deprecations::live::scan(&cluster, table, &options, &live_options, server_version)?;
    let mut report = deprecations::assemble(live.findings, live.errors, table, &options);
    report.summary.objects = live.objects;
    report.cluster = Some(live.info);
    report.stale_annotations = live.stale;
    report.requested_deprecated_apis = live.requested;
    report.notes = live.notes;
    Ok(report)
}

/// A target the data cannot speak for: beyond the newest release it knows (APIs deprecated or
/// removed after that are not in the table), or the newest one when only its pre-releases are.
fn beyond_the_data(target: Version, table: &Table) -> Option<String> {
    let newest = if table.newest_is_prerelease {
        format!(
            "{} (from its pre-release k8s.io/api {})",
            table.newest, table.newest_tag
        )
    } else {
        table.newest.to_string()
    };
    if target > table.newest {
        Some(format!(
            "target {target} is beyond the newest Kubernetes release the deprecation table knows, \
             {newest}: APIs deprecated or removed after {} are not reported",
            table.newest
        ))
    } else if target == table.newest && table.newest_is_prerelease {
        Some(format!(
            "target {target} is not released yet: the deprecation table knows it from its \
             pre-release k8s.io/api {} (entries marked prerelease may still change)",
            table.newest_tag
        ))
    } else {
        None
    }
}

fn check_component(component: &str, table: &Table, flag: &str) -> Result<()> {
    let known = table.components();
    if known.contains(component) {
        return Ok(());
    }
    Err(
        Error::usage(format!("{flag}: unknown component {component:?}")).with_hint(format!(
            "known components: {}",
            known.into_iter().collect::<Vec<_>>().join(", ")
        )),
    )
}

/// Prints a whole report in the `-o` format (through the same writer as the streamed scan),
/// and for the row formats the summary line on stderr. Problems are not printed here
/// ([`Printer::problems`]).
fn render(report: &Report, printer: &Printer) -> Result<()> {
    let head = Head {
        schema_version: report.schema_version,
        target_version: report.target_version,
        component_targets: &report.component_targets,
        cluster: report.cluster.as_ref(),
    };
    let mut renderer = Renderer::new(printer, &head, false)?;
    for note in &report.notes {
        renderer.event(deprecations::Event::Note(note.clone()))?;
    }
    for f in &report.findings {
        renderer.event(deprecations::Event::Finding(f.clone()))?;
    }
    for o in &report.clean {
        renderer.event(deprecations::Event::Clean(o.clone()))?;
    }
    for e in &report.errors {
        renderer.event(deprecations::Event::Problem(e.clone()))?;
    }
    let extras = Extras {
        stale_annotations: &report.stale_annotations,
        requested_deprecated_apis: report.requested_deprecated_apis.as_ref(),
    };
    let mut summary = renderer.finish(
        report.summary.files,
        report.summary.objects,
        &report.skipped,
        &extras,
    )?;
    if printer.format().is_document() || printer.format().is_ci_report() {
        return Ok(());
    }
    render_cluster_extras(report, printer)?;
    summary.objects = report.summary.objects;
    printer.status(&summary_line(
        &summary,
        report.target_version,
        report.cluster.as_ref(),
    ));
    Ok(())
}

/// Cluster mode: stale annotations (not findings) and the metrics.
fn render_cluster_extras(report: &Report, printer: &Printer) -> Result<()> {
    if !report.stale_annotations.is_empty() {
        printer.data("\nstale last-applied annotations (the object was since written with a current version; not findings):")?;
        printer.rows(&Rows {
            headers: vec![
                "NAME",
                "NAMESPACE",
                "KIND",
                "ANNOTATION SAYS",
                "LAST WRITTEN WITH",
            ],
            rows: report
                .stale_annotations
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        a.namespace.clone().unwrap_or_default(),
                        a.kind.clone(),
                        a.annotation_api_version.clone(),
                        a.managed_api_version.clone(),
                    ]
                })
                .collect(),
        })?;
    }
    if let Some(requested) = &report.requested_deprecated_apis {
        if requested.is_empty() {
            printer.data("\nno client requested a deprecated API since the API server started (apiserver_requested_deprecated_apis)")?;
        } else {
            printer.data(
                "\ndeprecated APIs clients still request (apiserver_requested_deprecated_apis):",
            )?;
            printer.rows(&Rows {
                headers: vec!["GROUP", "VERSION", "RESOURCE", "SUBRESOURCE", "REMOVED IN"],
                rows: requested
                    .iter()
                    .map(|r| {
                        vec![
                            if r.group.is_empty() {
                                "core".into()
                            } else {
                                r.group.clone()
                            },
                            r.version.clone(),
                            r.resource.clone(),
                            r.subresource.clone(),
                            r.removed_release.clone(),
                        ]
                    })
                    .collect(),
            })?;
        }
    }
    Ok(())
}

/// "checked 12 files (30 objects) against v1.35: 2 removed, 1 deprecated, 1 error"
pub fn summary_line(
    s: &Summary,
    target: Version,
    cluster: Option<&deprecations::live::ClusterInfo>,
) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (s.removed, "removed"),
        (s.deprecated, "deprecated"),
        (s.upcoming, "upcoming"),
        (s.ignored, "ignored"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if s.errors > 0 {
        parts.push(format!(
            "{} {}",
            s.errors,
            if s.errors == 1 { "error" } else { "errors" }
        ));
    }
    let verdict = if parts.is_empty() {
        "no deprecated or removed APIs".to_string()
    } else {
        parts.join(", ")
    };
    if let Some(c) = cluster {
        return format!(
            "checked {} objects in context {} (Kubernetes {}, {} requests) against {target}: {verdict}",
            s.objects, c.context, c.server_version, c.requests
        );
    }
    let skipped = match s.skipped {
        0 => String::new(),
        n => format!(", {n} skipped (-v lists them)"),
    };
    format!(
        "checked {} {} ({} {}{skipped}) against {target}: {verdict}",
        s.files,
        if s.files == 1 { "file" } else { "files" },
        s.objects,
        if s.objects == 1 { "object" } else { "objects" },
    )
}

/// `--fix`: converts what can be converted, file by file, atomically; then scans again so the
/// exit code says what is left.
fn run_fix(args: &DeprecationsArgs, ctx: &Ctx) -> Result<ExitStatus> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::usage("--fix rewrites files; it cannot take stdin")
            .with_hint("save the manifests to a file first"));
    }
    let report = scan(args, ctx)?;
    ctx.printer.problems(&report.errors);
    let mut by_file: BTreeMap<&str, Vec<&deprecations::Finding>> = BTreeMap::new();
    let mut out = String::new();
    let (mut fixed, mut left) = (0, 0);
    for f in report
        .findings
        .iter()
        .filter(|f| f.ignored.is_none() && f.status != Status::Upcoming)
    {
        // A template is not YAML to edit: its source is changed by hand.
        if f.templated {
            out.push_str(&format!(
                "not fixed {}:{} {} {} ({}): an unrendered template; change its apiVersion line by hand\n",
                f.file,
                f.line,
                f.kind,
                f.name.as_deref().unwrap_or_default(),
                f.api_version
            ));
            left += 1;
            continue;
        }
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    for (file, findings) in by_file {
        let path = std::path::Path::new(file);
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?;
        let lines: Vec<(String, String, Option<String>, usize)> = findings
            .iter()
            .map(|f| {
                (
                    f.api_version.clone(),
                    f.kind.clone(),
                    f.name.clone(),
                    f.line,
                )
            })
            .collect();
        let wanted = |api: &str, kind: &str| {
            findings
                .iter()
                .find(|f| f.api_version == api && f.kind == kind)
                .map(|f| f.replacement.clone())
        };
        let result = deprecations::fix::fix_text(file, &text, &wanted, &lines)?;
        for c in &result.changes {
            out.push_str(&format!(
                "fixed {file}:{} {} {}: {} -> {}\n",
                c.line, c.kind, c.name, c.from, c.to
            ));
            for note in &c.notes {
                ctx.printer.warning(&format!("{file}:{}: {note}", c.line));
            }
        }
        for s in &result.skipped {
            out.push_str(&format!(
                "not fixed {file}:{} {} {} ({}): {}\n",
                s.line, s.kind, s.name, s.api_version, s.reason
            ));
        }
        fixed += result.changes.len();
        left += result.skipped.len();
        if result.changes.is_empty() {
            continue;
        }
        // Never write a file that no longer reads.
        let check = crate::manifest::parse_file(file, &result.text);
        if let Some(p) = check.problems.first() {
            return Err(Error::failure(format!(
                "{file}: the converted file would not parse ({}); nothing written",
                p.message
            )));
        }
        if args.dry_run {
            let diff = similar::TextDiff::from_lines(&text, &result.text);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(file, file)
                    .to_string(),
            );
        } else {
            crate::atomic::write(path, result.text.as_bytes(), crate::atomic::Mode::Public)?;
        }
    }
    ctx.printer.data(&out)?;
    ctx.printer.status(&format!(
        "{} {fixed} object{}, {left} left to migrate by hand",
        if args.dry_run {
            "would convert"
        } else {
            "converted"
        },
        if fixed == 1 { "" } else { "s" }
    ));
    if args.dry_run {
        return Ok(report.exit_status(args.ignore_errors));
    }
    let after = scan(args, ctx)?;
    Ok(after.exit_status(args.ignore_errors))
}
