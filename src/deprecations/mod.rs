//! Deprecated and removed Kubernetes APIs: the table, the target-version semantics, and the
//! scan of manifests that produces a [`Report`].
//!
//! Semantics (the same as pluto's comparisons, which the conformance suite checks): at a
//! target version an object is `removed` if `target >= removedIn`, else `deprecated` if
//! `target >= deprecatedIn`, else `upcoming` (listed only with `--show-upcoming`).
//!
//! Around the scan: [`options`] resolves flags and configuration into [`ScanOptions`],
//! [`live`] scans a cluster, [`fix`] converts one file's text and [`migrate`] runs `--fix` over
//! files, `render` streams a report in every `-o` format and [`report`] prints the reports.

pub mod ci;
pub mod fix;
pub mod live;
pub mod migrate;
pub mod options;
mod render;
pub mod report;
mod table;
mod version;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use table::{Advice, ApiEntry, Interim, KUBERNETES, Table, TableError};
pub use version::{Version, VersionError};

use crate::manifest::{self, Item, Object, Problem, Skipped, WalkOptions};

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

/// Why the `deprecations.ignore` rules of a configuration file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IgnoreError {
    /// Rule `rule` (0-based) has an empty reason.
    EmptyReason { source: String, rule: usize },
    /// A `path` that is not a glob.
    BadGlob {
        source: String,
        glob: String,
        message: String,
    },
}

impl std::fmt::Display for IgnoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IgnoreError::EmptyReason { source, rule } => write!(
                f,
                "{source}: deprecations.ignore: rule {rule} has an empty reason; write why the finding may stay"
            ),
            IgnoreError::BadGlob {
                source,
                glob,
                message,
            } => write!(
                f,
                "{source}: deprecations.ignore: invalid path glob {glob:?}: {message}"
            ),
        }
    }
}

impl std::error::Error for IgnoreError {}

/// Compiled ignore rules.
#[derive(Debug, Default)]
pub struct Ignores {
    rules: Vec<(IgnoreRule, Option<globset::GlobMatcher>)>,
}

impl Ignores {
    /// Compiles the rules of `source` (the configuration file, as messages name it); a bad
    /// glob is an error naming it.
    pub fn new(source: &str, rules: &[IgnoreRule]) -> Result<Self, IgnoreError> {
        let mut compiled = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            // Like the annotation, an ignore needs a reason (`reason: ""` says nothing).
            if rule.reason.trim().is_empty() {
                return Err(IgnoreError::EmptyReason {
                    source: source.to_string(),
                    rule: i,
                });
            }
            let glob = match &rule.path {
                Some(p) => Some(
                    globset::Glob::new(p)
                        .map_err(|e| IgnoreError::BadGlob {
                            source: source.to_string(),
                            glob: p.clone(),
                            message: e.to_string(),
                        })?
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
    /// Read from the literal lines of an unrendered template (see `manifest::template`): the
    /// document itself is also reported as an error.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub templated: bool,
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
    /// Paths a directory walk met and did not read (listed in `skipped`, and with `-v`).
    pub skipped: usize,
}

impl Summary {
    /// Counts one finding.
    pub fn count(&mut self, f: &Finding) {
        match (f.ignored.is_some(), f.status) {
            (true, _) => self.ignored += 1,
            (false, Status::Removed) => self.removed += 1,
            (false, Status::Deprecated) => self.deprecated += 1,
            (false, Status::Upcoming) => self.upcoming += 1,
        }
    }

    /// 1 for unreadable input (unless `ignore_errors`), else 4 removed, 3 deprecated, 0 clean
    /// (ignored findings count for nothing).
    pub fn exit_status(&self, ignore_errors: bool) -> crate::error::ExitStatus {
        use crate::error::ExitStatus;
        if self.errors > 0 && !ignore_errors {
            ExitStatus::Error
        } else if self.removed > 0 {
            ExitStatus::Removed
        } else if self.deprecated > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
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
    /// What a directory walk met and did not read, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
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
                // An ignore without a reason is not honoured (see `empty_ignore_note`).
                object
                    .ignore_deprecations
                    .as_ref()
                    .filter(|r| !r.trim().is_empty())
                    .map(|r| format!("{}: {r}", crate::manifest::IGNORE_ANNOTATION))
            }),
        evidence: None,
        templated: object.templated,
    })
}

/// The note for an object whose ignore annotation gives no reason (so it is not honoured).
pub fn empty_ignore_note(object: &Object) -> Option<String> {
    let reason = object.ignore_deprecations.as_ref()?;
    reason.trim().is_empty().then(|| {
        format!(
            "{}:{}: the {} annotation has an empty reason, so it is not honoured; write why the finding may stay",
            object.source.file,
            object.source.line,
            crate::manifest::IGNORE_ANNOTATION
        )
    })
}

/// One thing a scan found, in input order (files in the order given and walked, and within a
/// file in file order).
#[derive(Clone, Debug)]
pub enum Event {
    Finding(Finding),
    /// An object without a finding, when [`ScanOptions::keep_clean`] asked for them.
    Clean(Object),
    /// An input that could not be read (or a document that could not be parsed).
    Problem(Problem),
    /// Something the user should know that is not an error.
    Note(String),
}

/// The totals of a streamed scan.
#[derive(Debug, Default)]
pub struct ScanTotals {
    pub files: usize,
    pub objects: usize,
    pub skipped: Vec<Skipped>,
}

/// What a worker sends for one file. (Events are not boxed: they are sent by value through
/// bounded queues, and a box per finding would cost more than the queue's slots.)
#[allow(clippy::large_enum_variant)]
enum FileEvent {
    Event(Event),
    /// The end of a file read: its objects.
    Read(usize),
    /// A path the walk skipped (the end of its entry).
    Skipped(Skipped),
    /// The end of a walk problem (sent before as an event).
    Reported,
}

/// How many events a worker may have waiting for the writer before it waits.
const FILE_QUEUE: usize = 256;

/// Scans files, directories and stdin, handing each event to `sink` in input order as soon
/// as it is known; `sink` returns `false` to stop (a closed pipe). Files are read and parsed
/// by worker threads, a few files ahead of the writer; a file's events wait in a bounded
/// queue, so memory does not grow with the number of findings, objects or files.
pub fn scan_each(
    paths: &[PathBuf],
    walk: &WalkOptions,
    table: &Table,
    options: &ScanOptions,
    sink: &mut dyn FnMut(Event) -> bool,
) -> ScanTotals {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    use crate::parallel::{Closer, Feed};
    use manifest::Walked;

    let mut totals = ScanTotals::default();
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 64);
    let next = AtomicUsize::new(0);
    // The walk feeds the workers as it goes: reading starts with the first file found.
    let feed = Feed::<Walked>::new();
    // One bounded queue per worker, made once: a worker reads its files in increasing order,
    // so its queue holds one file's events after the other's, each entry ended by `Read`, `Skipped` or `Reported`.
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..workers)
        .map(|_| mpsc::sync_channel::<FileEvent>(FILE_QUEUE))
        .unzip();
    let (announce, announced) = mpsc::channel::<(usize, usize)>();
    std::thread::scope(|scope| {
        let feed = &feed;
        scope.spawn(move || {
            let _close = Closer(feed);
            manifest::walk_inputs(paths, walk, &mut |w| feed.push(w));
        });
        for (worker, tx) in senders.into_iter().enumerate() {
            let announce = announce.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(walked) = feed.take(i) else { break };
                    if announce.send((i, worker)).is_err() {
                        break;
                    }
                    // What the walk met that is not a file goes through the same queue, so
                    // it keeps its place among the files.
                    let sent = match walked {
                        Walked::File(file) => scan_file(&file, table, options, &tx),
                        Walked::Problem(p) => {
                            tx.send(FileEvent::Event(Event::Problem(p))).is_ok()
                                && tx.send(FileEvent::Reported).is_ok()
                        }
                        Walked::Skipped(s) => tx.send(FileEvent::Skipped(s)).is_ok(),
                    };
                    if !sent {
                        break;
                    }
                }
            });
        }
        drop(announce);
        let mut pending: BTreeMap<usize, usize> = BTreeMap::new();
        'files: for expected in 0.. {
            let worker = loop {
                if let Some(w) = pending.remove(&expected) {
                    break w;
                }
                match announced.recv() {
                    Ok((i, w)) => {
                        pending.insert(i, w);
                    }
                    Err(_) => break 'files,
                }
            };
            let Some(rx) = receivers.get(worker) else {
                break;
            };
            loop {
                match rx.recv() {
                    Ok(FileEvent::Read(objects)) => {
                        totals.files += 1;
                        totals.objects += objects;
                        break;
                    }
                    Ok(FileEvent::Skipped(skipped)) => {
                        totals.skipped.push(skipped);
                        break;
                    }
                    Ok(FileEvent::Reported) => break,
                    Ok(FileEvent::Event(e)) => {
                        if !sink(e) {
                            break 'files;
                        }
                    }
                    Err(_) => break 'files,
                }
            }
        }
        // Dropping the queues stops the workers: their next send fails.
        drop(receivers);
        drop(announced);
    });
    totals
}

/// Reads, parses and evaluates one file, sending its events and then `Read`; `false`
/// once the writer has gone (the rest of the file is still parsed, not sent).
fn scan_file(
    file: &manifest::InputFile,
    table: &Table,
    options: &ScanOptions,
    tx: &std::sync::mpsc::SyncSender<FileEvent>,
) -> bool {
    let text = match manifest::read_input(file) {
        Ok(text) => text,
        Err(problem) => {
            return tx.send(FileEvent::Event(Event::Problem(problem))).is_ok()
                && tx.send(FileEvent::Read(0)).is_ok();
        }
    };
    let mut open = true;
    let mut send = |e: Event| {
        if open && tx.send(FileEvent::Event(e)).is_err() {
            open = false;
        }
    };
    let objects = scan_text(file, &text, table, options, &mut send, &mut |_| {});
    open && tx.send(FileEvent::Read(objects)).is_ok()
}

/// Evaluates one file's text: each event goes to `sink` in file order, each object read (a
/// head) to `seen` first; returns the number of objects.
pub fn scan_text(
    file: &manifest::InputFile,
    text: &str,
    table: &Table,
    options: &ScanOptions,
    sink: &mut dyn FnMut(Event),
    seen: &mut dyn FnMut(&Object),
) -> usize {
    let mut objects = 0usize;
    manifest::read_each(
        &file.display(),
        text,
        manifest::FileContext::of(file),
        &mut |item| match item {
            Item::Problem(p) => sink(Event::Problem(p)),
            Item::Object(o) => {
                objects += 1;
                seen(&o);
                match evaluate(&o, table, options) {
                    Some(f) => {
                        if let Some(note) = empty_ignore_note(&o) {
                            sink(Event::Note(note));
                        }
                        sink(Event::Finding(f));
                    }
                    None if options.keep_clean => sink(Event::Clean(o)),
                    None => {}
                }
            }
        },
    );
    objects
}

/// Gathers a scan's events into a [`Report`].
#[derive(Default)]
pub struct Collector {
    findings: Vec<Finding>,
    errors: Vec<Problem>,
    clean: Vec<Object>,
    notes: Vec<String>,
}

impl Collector {
    pub fn push(&mut self, event: Event) {
        match event {
            Event::Finding(f) => self.findings.push(f),
            Event::Clean(o) => self.clean.push(o),
            Event::Problem(p) => self.errors.push(p),
            Event::Note(n) => self.notes.push(n),
        }
    }

    /// The report, with the totals of the scan.
    pub fn report(self, totals: ScanTotals, table: &Table, options: &ScanOptions) -> Report {
        let mut report = assemble(self.findings, self.errors, table, options);
        report.summary.files = totals.files;
        report.summary.objects = totals.objects;
        report.summary.skipped = totals.skipped.len();
        report.skipped = totals.skipped;
        report.clean = self.clean;
        report.notes = self.notes;
        report
    }
}

/// Scans files, directories and stdin into one [`Report`] (for `--fix` and `check`, which
/// need every finding at once; the command itself streams with [`scan_each`]).
pub fn scan(paths: &[PathBuf], table: &Table, options: &ScanOptions) -> Report {
    scan_with(paths, &WalkOptions::default(), table, options)
}

/// [`scan`] with walk options.
pub fn scan_with(
    paths: &[PathBuf],
    walk: &WalkOptions,
    table: &Table,
    options: &ScanOptions,
) -> Report {
    let mut collector = Collector::default();
    let totals = scan_each(paths, walk, table, options, &mut |event| {
        collector.push(event);
        true
    });
    collector.report(totals, table, options)
}

/// The target of every component other than Kubernetes that is checked.
pub fn component_targets(table: &Table, options: &ScanOptions) -> BTreeMap<String, Version> {
    table
        .components()
        .into_iter()
        .filter(|c| *c != KUBERNETES)
        .filter(|c| options.components.is_empty() || options.components.iter().any(|x| x == c))
        .map(|c| (c.to_string(), options.targets.for_component(c, table)))
        .collect()
}

/// A report from findings and problems: summary counts and component targets.
pub fn assemble(
    findings: Vec<Finding>,
    errors: Vec<Problem>,
    table: &Table,
    options: &ScanOptions,
) -> Report {
    let mut summary = Summary::default();
    findings.iter().for_each(|f| summary.count(f));
    summary.errors = errors.len();
    let component_targets = component_targets(table, options);
    Report {
        schema_version: SCHEMA_VERSION,
        target_version: options.targets.kubernetes,
        component_targets,
        summary,
        findings,
        errors,
        skipped: Vec::new(),
        clean: Vec::new(),
        cluster: None,
        stale_annotations: Vec::new(),
        requested_deprecated_apis: None,
        notes: Vec::new(),
    }
}

impl Finding {
    /// The finding in `check`'s one model.
    pub fn to_check_finding(&self) -> crate::findings::Finding {
        use crate::findings::Severity;
        crate::findings::Finding {
            check: <Report as crate::findings::Findings>::CHECK,
            rule: format!("{}-api", self.status.as_str()),
            severity: match (self.status, &self.ignored) {
                (_, Some(_)) | (Status::Upcoming, _) => Severity::Note,
                _ => Severity::Error,
            },
            kind: self.kind.clone(),
            name: self.name.clone(),
            namespace: self.namespace.clone(),
            file: self.file.clone(),
            line: self.line,
            via: None,
            message: ci::message(self),
            hint: self.ignored.as_ref().map(|why| format!("ignored: {why}")),
        }
    }
}

impl crate::findings::Findings for Report {
    const CHECK: &'static str = "deprecations";

    fn findings(&self) -> Vec<crate::findings::Finding> {
        self.findings
            .iter()
            .map(Finding::to_check_finding)
            .collect()
    }

    fn problems(&self) -> &[Problem] {
        &self.errors
    }

    fn summary(&self) -> serde_json::Value {
        serde_json::to_value(&self.summary).unwrap_or_default()
    }

    fn exit_status(&self, ignore_errors: bool) -> crate::error::ExitStatus {
        self.summary.exit_status(ignore_errors)
    }
}
