//! Deprecated and removed Kubernetes APIs: the table, the target-version semantics, and the
//! scan of manifests that produces a [`Report`].
//!
//! Semantics (the same as pluto's comparisons, which the conformance suite checks): at a
//! target version an object is `removed` if `target >= removedIn`, else `deprecated` if
//! `target >= deprecatedIn`, else `upcoming` (listed only with `--show-upcoming`).

pub mod ci;
pub mod fix;
pub mod live;
mod table;
mod version;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use table::{Advice, ApiEntry, Interim, KUBERNETES, Table};
pub use version::{Version, VersionError};

use crate::manifest::{self, Object, Problem};

/// The JSON/YAML schema of [`Report`].
pub const SCHEMA_VERSION: &str = "abema.dev/deprecations/v1";

/// Where an API stands at the target version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No longer served at the target: manifests using it fail to apply.
    Removed,
    /// Still served at the target but deprecated.
    Deprecated,
    /// Deprecated only after the target (shown with `--show-upcoming`).
    Upcoming,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Removed => "removed",
            Status::Deprecated => "deprecated",
            Status::Upcoming => "upcoming",
        }
    }
}

/// The versions to evaluate against: one for Kubernetes, optionally others per component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    pub kubernetes: Version,
    pub components: BTreeMap<String, Version>,
}

impl Targets {
    /// The target for `component`: given explicitly, else the table's default for it.
    pub fn for_component(&self, component: &str, table: &Table) -> Version {
        if component == KUBERNETES {
            return self.kubernetes;
        }
        self.components
            .get(component)
            .copied()
            .unwrap_or_else(|| table.default_target(component))
    }
}

/// A finding to leave out of the exit code, from `.abema.yaml` `deprecations.ignore`.
/// Every field given must match; `reason` is required so an ignore is never unexplained.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IgnoreRule {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// A glob over the file path as printed (e.g. `legacy/**`).
    pub path: Option<String>,
    pub reason: String,
}

/// Compiled ignore rules.
#[derive(Debug, Default)]
pub struct Ignores {
    rules: Vec<(IgnoreRule, Option<globset::GlobMatcher>)>,
}

impl Ignores {
    /// Compiles the rules; a bad glob is an error naming it.
    pub fn new(rules: &[IgnoreRule]) -> Result<Self, String> {
        let mut compiled = Vec::new();
        for rule in rules {
            let glob = match &rule.path {
                Some(p) => Some(
                    globset::Glob::new(p)
                        .map_err(|e| format!("invalid path glob {p:?}: {e}"))?
                        .compile_matcher(),
                ),
                None => None,
            };
            compiled.push((rule.clone(), glob));
        }
        Ok(Self { rules: compiled })
    }

    /// The reason of the first rule that matches the object, if any.
    pub fn reason(&self, object: &Object) -> Option<&str> {
        let eq = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|w| Some(w) == have)
        };
        self.rules
            .iter()
            .find(|(rule, glob)| {
                eq(&rule.api_version, Some(&object.api_version))
                    && eq(&rule.kind, Some(&object.kind))
                    && eq(&rule.name, object.name.as_deref())
                    && eq(&rule.namespace, object.namespace.as_deref())
                    && glob
                        .as_ref()
                        .is_none_or(|g| g.is_match(&object.source.file))
            })
            .map(|(rule, _)| rule.reason.as_str())
    }
}

/// What to scan for.
#[derive(Debug)]
pub struct ScanOptions {
    pub targets: Targets,
    /// Components to report; empty means all.
    pub components: Vec<String>,
    pub show_upcoming: bool,
    pub ignores: Ignores,
    /// Keep the objects without findings too (JUnit reports one test case per object).
    pub keep_clean: bool,
}

impl ScanOptions {
    /// Every component at the table's release, nothing ignored: the defaults without a
    /// configuration file or flags.
    pub fn defaults(table: &Table) -> ScanOptions {
        ScanOptions {
            targets: Targets {
                kubernetes: table.release,
                components: BTreeMap::new(),
            },
            components: Vec::new(),
            show_upcoming: false,
            ignores: Ignores::default(),
            keep_clean: false,
        }
    }
}

/// One object on a deprecated API (a row of the JSON contract).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub document: usize,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub status: Status,
    pub deprecated_in: Version,
    #[serde(with = "version::optional")]
    pub removed_in: Option<Version>,
    pub replacement: String,
    #[serde(with = "version::optional")]
    pub replacement_available_in: Option<Version>,
    pub component: String,
    /// Set when an ignore rule matched: the finding is listed and counted but does not fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
    /// Cluster mode: how the version was determined (managedFields, last-applied, Helm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub objects: usize,
    pub deprecated: usize,
    pub removed: usize,
    pub upcoming: usize,
    pub ignored: usize,
    pub errors: usize,
}

/// The result of a scan: the versioned JSON/YAML contract of `kubectl abema deprecations`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: &'static str,
    pub target_version: Version,
    /// The target of every other component that was checked (e.g. cert-manager): given with
    /// `--target-version COMPONENT=V`, else the newest release the table names for it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub component_targets: BTreeMap<String, Version>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub errors: Vec<Problem>,
    /// Objects without a finding, when [`ScanOptions::keep_clean`] asked for them.
    #[serde(skip)]
    pub clean: Vec<manifest::Object>,
    /// Cluster mode: where the objects came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<live::ClusterInfo>,
    /// Cluster mode: objects whose only old evidence is a stale last-applied annotation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_annotations: Vec<live::StaleAnnotation>,
    /// Cluster mode with `--metrics`: deprecated APIs clients still request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_deprecated_apis: Option<Vec<live::RequestedApi>>,
    /// Cluster mode: what could not be looked at, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Evaluates one object against the table; `None` when its API is current (or filtered out).
pub fn evaluate(object: &Object, table: &Table, options: &ScanOptions) -> Option<Finding> {
    let entry = table.lookup(&object.api_version, &object.kind)?;
    if !options.components.is_empty() && !options.components.iter().any(|c| c == &entry.component) {
        return None;
    }
    let target = options.targets.for_component(&entry.component, table);
    let status = if entry.removed_in.is_some_and(|r| target >= r) {
        Status::Removed
    } else if target >= entry.deprecated_in {
        Status::Deprecated
    } else if options.show_upcoming {
        Status::Upcoming
    } else {
        return None;
    };
    let advice = table.advice(entry, target);
    Some(Finding {
        file: object.source.file.clone(),
        line: object.source.line,
        document: object.source.document,
        api_version: object.api_version.clone(),
        kind: object.kind.clone(),
        name: object.name.clone(),
        namespace: object.namespace.clone(),
        status,
        deprecated_in: entry.deprecated_in,
        removed_in: entry.removed_in,
        replacement: advice.api_version,
        replacement_available_in: advice.available_in,
        component: entry.component.clone(),
        ignored: options
            .ignores
            .reason(object)
            .map(str::to_string)
            .or_else(|| {
                object
                    .ignore_deprecations
                    .as_ref()
                    .map(|r| format!("{}: {r}", crate::manifest::IGNORE_ANNOTATION))
            }),
        evidence: None,
    })
}

/// Scans files, directories and stdin. Files are read and parsed in parallel; each file's
/// objects are dropped as soon as they are evaluated, so memory stays bounded by the largest
/// file, not the corpus.
pub fn scan(paths: &[PathBuf], table: &Table, options: &ScanOptions) -> Report {
    let (files, mut errors) = manifest::expand_inputs(paths);
    type PerFile = (usize, Vec<Finding>, Vec<Problem>, Vec<manifest::Object>);
    let per_file: Vec<PerFile> = files
        .par_iter()
        .map(|file| match manifest::read_input(file) {
            Ok(text) => {
                let parsed = manifest::parse_file(&file.display(), &text);
                let mut findings = Vec::new();
                let mut clean = Vec::new();
                for o in &parsed.objects {
                    match evaluate(o, table, options) {
                        Some(f) => findings.push(f),
                        None if options.keep_clean => clean.push(o.clone()),
                        None => {}
                    }
                }
                (parsed.objects.len(), findings, parsed.problems, clean)
            }
            Err(problem) => (0, Vec::new(), vec![problem], Vec::new()),
        })
        .collect();
    let mut findings = Vec::new();
    let mut clean = Vec::new();
    let mut objects = 0;
    for (count, file_findings, problems, file_clean) in per_file {
        objects += count;
        findings.extend(file_findings);
        errors.extend(problems);
        clean.extend(file_clean);
    }
    let mut report = assemble(findings, errors, table, options);
    report.summary.files = files.len();
    report.summary.objects = objects;
    report.clean = clean;
    report
}

/// A report from findings and problems: summary counts and component targets.
pub fn assemble(
    findings: Vec<Finding>,
    errors: Vec<Problem>,
    table: &Table,
    options: &ScanOptions,
) -> Report {
    let mut summary = Summary::default();
    for f in &findings {
        match (f.ignored.is_some(), f.status) {
            (true, _) => summary.ignored += 1,
            (false, Status::Removed) => summary.removed += 1,
            (false, Status::Deprecated) => summary.deprecated += 1,
            (false, Status::Upcoming) => summary.upcoming += 1,
        }
    }
    summary.errors = errors.len();
    let component_targets = table
        .components()
        .into_iter()
        .filter(|c| *c != KUBERNETES)
        .filter(|c| options.components.is_empty() || options.components.iter().any(|x| x == c))
        .map(|c| (c.to_string(), options.targets.for_component(c, table)))
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        target_version: options.targets.kubernetes,
        component_targets,
        summary,
        findings,
        errors,
        clean: Vec::new(),
        cluster: None,
        stale_annotations: Vec::new(),
        requested_deprecated_apis: None,
        notes: Vec::new(),
    }
}
