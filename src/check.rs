//! The single pass behind `kubectl abema check`: one walk, one read of each file, one head
//! scan of each document, and each rule handed only the documents it reads in full.
//!
//! | rule | reads in full | from |
//! |---|---|---|
//! | deprecations | nothing: the head (apiVersion, kind, name) is enough | every document |
//! | nodepool | `Deployment`, `StatefulSet` | plain files; overlays are rendered |
//! | secrets | `Secret` (and Lists holding one) | every file |
//! | rbac | `rbac.authorization.k8s.io/*`, `ServiceAccount`, `CustomResourceDefinition`, discovery lists, the `aws-auth` ConfigMap | every file |
//!
//! The kinds are disjoint, so a document is parsed in full at most once. A rule reads its
//! documents from [`manifest::keep_documents`]: the file's text with every other document
//! blanked, so lines stay true and each rule keeps its own reader (the Secrets rule needs
//! key positions, RBAC its strict checks). The nodepool rule first reads each document
//! holding one workload with [`manifest::workload_fields`] (the fields it judges, without the
//! YAML parser); only the documents that fast path refuses, and Lists, are parsed in full.
//! Workload results, RBAC objects and Secret verdicts are kept; the texts and parsed
//! documents are dropped file by file, so memory follows the findings, not the corpus.
//!
//! Kustomizations are found among the directories of the walked files (a directory holding
//! only a `Kustomization` file without extension and nothing the walk reads below it is not
//! seen); overlays (kustomizations no other one includes) are rendered with origin
//! annotations and their workloads reported in the files they are written in; plain files
//! inside a kustomization are judged through its overlays, not on their own. Cloud exports
//! (IAM policy JSON, EKS access entries) are not RBAC objects and are not linted here; `rbac
//! parity` reads them.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::deprecations::{self, ScanOptions, Table};
use crate::error::{ExitStatus, Result};
use crate::findings::{Findings as _, Spool};
use crate::kustomize;
use crate::manifest::{self, FullObject, InputFile, Object, Problem, WalkOptions};
use crate::nodepool::NodepoolConfig;
use crate::nodepool::check::CheckSummary;
use crate::nodepool::lint::{self as pool_lint, WORKLOAD_KINDS, WorkloadResult};
use crate::nodepool::tree;
use crate::rbac::inputs::SideInputs;
use crate::seal::check as secrets;

/// What one pass needs: the inputs and each rule's settings.
pub struct Options<'a> {
    pub paths: &'a [PathBuf],
    pub walk: WalkOptions,
    pub table: &'a Table,
    pub deprecations: &'a ScanOptions,
    pub nodepool: &'a NodepoolConfig,
    pub secrets: &'a secrets::CheckOptions<'a>,
    /// Exit with the findings' code even when some inputs could not be read.
    pub ignore_errors: bool,
}

/// The rules, in the order of the report.
pub const CHECKS: [&str; 4] = ["deprecations", "nodepool", "secrets", "rbac"];

/// What a pass found. The findings are spooled as they are found (memory holds counts, not
/// findings); RBAC is linted by the caller, which needs every role before any binding.
pub struct Outcome {
    /// The findings of every rule but RBAC.
    pub findings: Spool,
    /// One section per rule but RBAC, in [`CHECKS`] order.
    pub sections: Vec<Section>,
    /// The RBAC documents read, for the lint.
    pub rbac: SideInputs,
    /// Files read (0 with no error: nothing to check).
    pub files: usize,
}

/// One rule's outcome: its exit status, its own counts (the summary of its own command's
/// report), the inputs it could not read and its notes.
pub struct Section {
    pub name: &'static str,
    pub status: ExitStatus,
    pub summary: serde_json::Value,
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
}

/// Which rule reads a document in full, by its head.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    Nodepool,
    Secrets,
    Rbac,
}

const RBAC_KINDS: [&str; 4] = [
    "ServiceAccount",
    "CustomResourceDefinition",
    "APIResourceList",
    "APIGroupDiscoveryList",
];

fn reader(o: &Object) -> Option<Reader> {
    let kind = o.kind.as_str();
    if o.templated {
        None
    } else if WORKLOAD_KINDS.contains(&kind) {
        Some(Reader::Nodepool)
    } else if kind == "Secret" {
        Some(Reader::Secrets)
    } else if o.api_version.starts_with("rbac.authorization.k8s.io/")
        || RBAC_KINDS.contains(&kind)
        || (kind == "ConfigMap" && o.name.as_deref() == Some("aws-auth"))
    {
        Some(Reader::Rbac)
    } else {
        None
    }
}

/// How many files are read before their outcomes are merged.
const BATCH: usize = 512;

/// What the worker that read one file found.
#[derive(Default)]
struct FileOutcome {
    events: Vec<deprecations::Event>,
    objects: usize,
    workloads: Vec<WorkloadResult>,
    problems: Vec<Problem>,
    /// The file's text with only its Secret documents (when it has one).
    secrets: Option<String>,
    /// The file's text with only its RBAC documents (when it has one).
    rbac: Option<String>,
}

fn read_file(file: &InputFile, options: &Options<'_>) -> FileOutcome {
    let mut out = FileOutcome::default();
    let text = match manifest::read_input(file) {
        Ok(text) => text,
        Err(p) => {
            out.events.push(deprecations::Event::Problem(p));
            return out;
        }
    };
    let mut wanted: Vec<(usize, Reader)> = Vec::new();
    let mut pools: Vec<Object> = Vec::new();
    out.objects = deprecations::scan_text(
        file,
        &text,
        options.table,
        options.deprecations,
        &mut |e| out.events.push(e),
        &mut |o| {
            if let Some(r) = reader(o) {
                wanted.push((o.source.document, r));
                if r == Reader::Nodepool {
                    pools.push(o.clone());
                }
            }
        },
    );
    let keep = |reader: Reader| -> Option<String> {
        let docs: HashSet<usize> = wanted
            .iter()
            .filter(|(_, r)| *r == reader)
            .map(|(d, _)| *d)
            .collect();
        (!docs.is_empty()).then(|| manifest::keep_documents(&text, &|i| docs.contains(&i)))
    };
    if !pools.is_empty() {
        (out.workloads, out.problems) = read_workloads(file, &text, pools, options.nodepool);
    }
    let leftover = matches!(file, InputFile::Path(p) if secrets::is_leftover(p));
    out.secrets = keep(Reader::Secrets).filter(|_| !leftover);
    out.rbac = keep(Reader::Rbac);
    out
}

/// Judges the workloads of one file (`pools`: their heads, in file order). A document holding
/// one workload is read by [`manifest::workload_fields`] when it can; the others (refused,
/// Lists and top-level sequences) are parsed in full, as before, and the results merged back
/// into file order.
fn read_workloads(
    file: &InputFile,
    text: &str,
    pools: Vec<Object>,
    cfg: &NodepoolConfig,
) -> (Vec<WorkloadResult>, Vec<Problem>) {
    let mut per_document: HashMap<usize, usize> = HashMap::new();
    for o in &pools {
        *per_document.entry(o.source.document).or_default() += 1;
    }
    let docs = manifest::documents(text);
    let mut workloads = Vec::new();
    let mut parse: HashSet<usize> = HashSet::new();
    for object in pools {
        let index = object.source.document;
        let value = docs
            .get(index)
            .filter(|d| d.index == index && per_document.get(&index) == Some(&1))
            .and_then(|d| manifest::workload_fields(d.text));
        match value {
            Some(value) => workloads.extend(pool_lint::check_workload(
                cfg,
                &FullObject { object, value },
                None,
            )),
            None => {
                parse.insert(index);
            }
        }
    }
    if parse.is_empty() {
        return (workloads, Vec::new());
    }
    let kept = manifest::keep_documents(text, &|i| parse.contains(&i));
    let (objects, problems) = manifest::parse_file_values(&file.display(), &kept);
    workloads.extend(
        objects
            .iter()
            .filter_map(|o| pool_lint::check_workload(cfg, o, None)),
    );
    // Documents are line-disjoint: a stable sort by line is file order.
    workloads.sort_by_key(|w| w.line);
    (workloads, problems)
}

/// Runs every rule over `options.paths` in one pass.
pub fn run(options: &Options<'_>) -> Result<Outcome> {
    let expanded = manifest::expand_inputs_with(options.paths, &options.walk);
    let files = expanded.files;

    // Kustomizations: the directories of walked files (and their parents) under each
    // directory named, that hold a kustomization file.
    let roots: Vec<PathBuf> = options
        .paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| kustomize::normal(p))
        .collect();
    let mut seen = HashSet::new();
    let mut kustomizations = BTreeSet::new();
    for file in &files {
        let InputFile::Path(path) = file else {
            continue;
        };
        let path = kustomize::normal(path);
        let Some(root) = roots.iter().find(|r| path.starts_with(r)) else {
            continue;
        };
        for dir in path.ancestors().skip(1) {
            if !dir.starts_with(root) || !seen.insert(dir.to_path_buf()) {
                break;
            }
            // `normal` makes `.` the empty path, which names the working directory.
            let on_disk = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if kustomize::find_file(on_disk).is_some() {
                kustomizations.insert(on_disk.to_path_buf());
            }
        }
    }
    let (overlays, inside) = kustomize::overlays_among(kustomizations)?;
    let in_kustomization = |file: &str| {
        Path::new(file)
            .ancestors()
            .skip(1)
            .any(|a| inside.contains(&kustomize::normal(a)))
    };

    // An input nobody could read is every rule's problem: none of them can say it is fine.
    let mut unreadable = expanded.problems.clone();
    let mut spool = Spool::new(&CHECKS)?;
    let mut dep_summary = deprecations::Summary::default();
    let (mut dep_errors, mut dep_notes) = (expanded.problems, Vec::new());
    let mut pool_summary = CheckSummary::default();
    let mut pool_errors = Vec::new();
    let mut objects = 0;
    let mut checker = secrets::Checker::new(options.secrets, options.paths);
    let mut rbac = SideInputs::default();
    let mut judged = |w: &WorkloadResult, spool: &mut Spool| -> Result<()> {
        pool_summary.count(w);
        w.findings().try_for_each(|f| spool.push(&f))
    };
    // Files are read in batches on every core and merged in order: what waits for the merge
    // is one batch's outcomes, not the corpus's.
    let outcomes = files
        .chunks(BATCH)
        .flat_map(|batch| crate::parallel::map(batch, 8, |file| read_file(file, options)));
    for f in checker.take_findings() {
        spool.push(&f.to_check_finding())?;
    }
    for (file, outcome) in files.iter().zip(outcomes) {
        objects += outcome.objects;
        for event in outcome.events {
            match event {
                deprecations::Event::Finding(f) => {
                    dep_summary.count(&f);
                    spool.push(&f.to_check_finding())?;
                }
                deprecations::Event::Problem(p) => {
                    unreadable.push(p.clone());
                    dep_errors.push(p);
                }
                deprecations::Event::Note(n) => dep_notes.push(n),
                deprecations::Event::Clean(_) => {}
            }
        }
        pool_errors.extend(outcome.problems);
        for w in &outcome.workloads {
            if !in_kustomization(&w.file) {
                judged(w, &mut spool)?;
            }
        }
        if let Some(text) = outcome.secrets {
            checker.text(&file.display(), text);
            for f in checker.take_findings() {
                spool.push(&f.to_check_finding())?;
            }
        }
        if let Some(text) = outcome.rbac {
            rbac.add_text(file, &text);
        }
    }
    let rendered = crate::parallel::map(&overlays, 1, |dir| {
        let (mut placed, mut errors) = (Vec::new(), Vec::new());
        tree::render(dir, &mut placed, &mut errors);
        (placed, errors)
    });
    for (placed, errors) in rendered {
        pool_errors.extend(errors);
        for p in &placed {
            if let Some(w) =
                pool_lint::check_workload(options.nodepool, &p.object, p.via.as_deref())
            {
                judged(&w, &mut spool)?;
            }
        }
    }
    pool_errors.splice(0..0, unreadable.iter().cloned());
    rbac.errors.splice(0..0, unreadable.iter().cloned());
    pool_summary.errors = pool_errors.len();
    dep_summary.files = files.len();
    dep_summary.objects = objects;
    dep_summary.skipped = expanded.skipped.len();
    dep_summary.errors = dep_errors.len();
    let secrets = checker.finish(files.len(), unreadable);
    let ignore = options.ignore_errors;
    let sections = vec![
        Section {
            name: CHECKS[0],
            status: dep_summary.exit_status(ignore),
            summary: json(&dep_summary),
            problems: dep_errors,
            notes: dep_notes,
        },
        Section {
            name: CHECKS[1],
            status: ExitStatus::of_check(pool_errors.len(), pool_summary.violations, ignore),
            summary: json(&pool_summary),
            problems: pool_errors,
            notes: Vec::new(),
        },
        Section {
            name: CHECKS[2],
            status: ExitStatus::of_check(secrets.errors.len(), spool.errors(CHECKS[2]), ignore),
            summary: secrets.summary(),
            problems: secrets.errors,
            notes: secrets.notes,
        },
    ];
    Ok(Outcome {
        findings: spool,
        sections,
        rbac,
        files: files.len(),
    })
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read the way `check` did before the fast path: every workload document parsed in full.
    fn parsed_in_full(file: &InputFile, text: &str) -> (Vec<WorkloadResult>, Vec<Problem>) {
        let heads = manifest::parse_file(&file.display(), text).objects;
        let docs: HashSet<usize> = heads
            .iter()
            .filter(|o| reader(o) == Some(Reader::Nodepool))
            .map(|o| o.source.document)
            .collect();
        let kept = manifest::keep_documents(text, &|i| docs.contains(&i));
        let (objects, problems) = manifest::parse_file_values(&file.display(), &kept);
        let cfg = NodepoolConfig::default();
        let workloads = objects
            .iter()
            .filter_map(|o| pool_lint::check_workload(&cfg, o, None))
            .collect();
        (workloads, problems)
    }

    /// Documents the fast path takes, documents it refuses (a float, a List, a top-level
    /// sequence, a flow head, a broken document) and other kinds, mixed in one file: the same
    /// workloads in the same order, and the same problems.
    #[test]
    fn the_fast_path_changes_nothing() {
        let workload = |name: &str, cpu: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      priorityClassName: high-priority\n      containers:\n      - name: app\n        resources: {{requests: {{cpu: {cpu}, memory: 1Gi}}}}\n"
            )
        };
        let text = [
            workload("fast", "250m"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: b}\n".into(),
            workload("float", "0.5"),
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: in-list}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: second}\n  spec: {template: {spec: {containers: [{name: a, resources: {requests: {cpu: 2}}}]}}}\n- kind: Service\n".into(),
            "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: in-sequence}\n".into(),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: flow-head}\n".into(),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec: [\n".into(),
            workload("last", "1").replace('\n', "\r\n"),
        ]
        .join("---\n");
        let file = InputFile::Path(PathBuf::from("mixed.yaml"));
        let pools: Vec<Object> = manifest::parse_file(&file.display(), &text)
            .objects
            .into_iter()
            .filter(|o| reader(o) == Some(Reader::Nodepool))
            .collect();
        let (workloads, problems) = read_workloads(&file, &text, pools, &NodepoolConfig::default());
        let (want_workloads, want_problems) = parsed_in_full(&file, &text);
        let json = |w: &[WorkloadResult]| serde_json::to_value(w).ok();
        assert_eq!(json(&workloads), json(&want_workloads));
        assert_eq!(problems, want_problems);
        // The List's item without apiVersion.
        assert_eq!(problems.len(), 1, "{problems:?}");
        let names: Vec<_> = workloads.iter().filter_map(|w| w.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                "fast",
                "float",
                "in-list",
                "second",
                "in-sequence",
                "flow-head",
                "last"
            ]
        );
    }
}
