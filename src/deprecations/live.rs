//! `deprecations --cluster`: what a live cluster runs on deprecated APIs.
//!
//! Listing an object through an old API version proves nothing (the API server converts every
//! stored object to whatever version is asked for), so each object is listed once, through a
//! served version of its kind, and judged by the version it was last *written* with: the
//! `managedFields` entry of its latest manager (server-side apply and modern clients), else the
//! `kubectl.kubernetes.io/last-applied-configuration` annotation. An annotation that names an
//! old version while managedFields show a current one is a `stale-annotation`, not a finding
//! (the peers' most reported false positive). Helm 3 releases are decoded and their latest
//! deployed manifest scanned like a file. `/metrics` says who still calls deprecated APIs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use serde_json::Value;

use super::{Finding, Report, ScanOptions, Table, Version, evaluate};
use crate::cluster::{Cluster, RequestError};
use crate::error::{Error, Result};
use crate::manifest::{self, Object, Problem, Source};

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// An object whose only old evidence is a stale annotation.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StaleAnnotation {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// What last-applied-configuration says.
    pub annotation_api_version: String,
    /// What the latest manager wrote.
    pub managed_api_version: String,
}

/// One `apiserver_requested_deprecated_apis` series.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RequestedApi {
    pub group: String,
    pub version: String,
    pub resource: String,
    pub subresource: String,
    pub removed_release: String,
}

/// The cluster part of a report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInfo {
    pub context: String,
    pub server: String,
    pub server_version: Version,
    /// HTTP requests made.
    pub requests: usize,
    /// Resource types listed (`kind` via `group/version`).
    pub listed: Vec<String>,
}

/// What a live scan found.
pub struct Live {
    pub findings: Vec<Finding>,
    pub objects: usize,
    pub stale: Vec<StaleAnnotation>,
    pub requested: Option<Vec<RequestedApi>>,
    pub notes: Vec<String>,
    pub errors: Vec<Problem>,
    pub info: ClusterInfo,
}

/// What to look at.
pub struct LiveOptions {
    pub namespace: Option<String>,
    pub helm_configmaps: bool,
    pub metrics: bool,
}

/// Scans the cluster into one report (`deprecations --cluster`).
pub fn report(
    cluster: &Cluster,
    table: &Table,
    options: &ScanOptions,
    live: &LiveOptions,
    server_version: Version,
) -> Result<Report> {
    let live = scan(cluster, table, options, live, server_version)?;
    let mut report = super::assemble(live.findings, live.errors, table, options);
    report.summary.objects = live.objects;
    report.cluster = Some(live.info);
    report.stale_annotations = live.stale;
    report.requested_deprecated_apis = live.requested;
    report.notes = live.notes;
    Ok(report)
}

/// The server's Kubernetes version (`/version`).
pub fn server_version(cluster: &Cluster) -> Result<Version> {
    let v = cluster
        .get_json("/version")
        .map_err(|e| cluster.error("reading the server version", e))?;
    let major = v["major"]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches('+');
    let minor = v["minor"]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches('+');
    format!("v{major}.{minor}")
        .parse()
        .or_else(|_| v["gitVersion"].as_str().unwrap_or_default().parse())
        .map_err(|_| Error::failure(format!("the server reports an unreadable version: {v}")))
}

/// A served resource: where to list a kind.
#[derive(Clone, Debug)]
struct Served {
    group_version: String,
    plural: String,
    namespaced: bool,
}

fn base_path(group_version: &str) -> String {
    if group_version == "v1" {
        "/api/v1".to_string()
    } else {
        format!("/apis/{group_version}")
    }
}

/// Discovery: for each kind of interest, one served group-version that lists it, preferring
/// the replacement the table names.
fn discover(
    cluster: &Cluster,
    table: &Table,
    options: &ScanOptions,
) -> Result<BTreeMap<String, Served>> {
    let entries: Vec<_> = table
        .entries
        .iter()
        .filter(|e| options.components.is_empty() || options.components.contains(&e.component))
        .collect();
    let kinds: BTreeSet<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    let wanted_groups: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| [e.api_version.as_str(), e.replacement.as_str()])
        .filter(|gv| !gv.is_empty())
        .map(|gv| {
            gv.rsplit_once('/')
                .map(|(g, _)| g.to_string())
                .unwrap_or_default()
        })
        .collect();
    let mut group_versions: Vec<String> = Vec::new();
    if wanted_groups.contains("") {
        group_versions.push("v1".into());
    }
    let apis = cluster
        .get_json("/apis")
        .map_err(|e| cluster.error("discovering the served APIs", e))?;
    for g in apis["groups"].as_array().into_iter().flatten() {
        let name = g["name"].as_str().unwrap_or_default();
        if !wanted_groups.contains(name) {
            continue;
        }
        for v in g["versions"].as_array().into_iter().flatten() {
            if let Some(gv) = v["groupVersion"].as_str() {
                group_versions.push(gv.to_string());
            }
        }
    }
    let preferred: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| {
            std::iter::once(e.replacement.clone())
                .chain(e.interim_replacements.iter().map(|i| i.api_version.clone()))
        })
        .collect();
    let mut found: BTreeMap<String, Served> = BTreeMap::new();
    // Replacements first, so the listing uses a current version whenever one is served.
    group_versions.sort_by_key(|gv| !preferred.contains(gv));
    for gv in group_versions {
        let doc = match cluster.get_json(&base_path(&gv)) {
            Ok(d) => d,
            Err(RequestError::Status { code: 404, .. }) => continue,
            Err(e) => return Err(cluster.error(&format!("discovering {gv}"), e)),
        };
        for r in doc["resources"].as_array().into_iter().flatten() {
            let (Some(name), Some(kind)) = (r["name"].as_str(), r["kind"].as_str()) else {
                continue;
            };
            let lists = r["verbs"]
                .as_array()
                .is_some_and(|v| v.iter().any(|x| x == "list"));
            if name.contains('/') || !lists || !kinds.contains(kind) || found.contains_key(kind) {
                continue;
            }
            found.insert(
                kind.to_string(),
                Served {
                    group_version: gv.clone(),
                    plural: name.to_string(),
                    namespaced: r["namespaced"].as_bool().unwrap_or(true),
                },
            );
        }
    }
    Ok(found)
}

/// The version an object was last written with, and how we know.
fn evidence(object: &Value) -> (Option<(String, String)>, Option<String>) {
    let managed = object["metadata"]["managedFields"]
        .as_array()
        .and_then(|entries| {
            entries
                .iter()
                .filter(|e| e["apiVersion"].is_string())
                .max_by(|a, b| {
                    a["time"]
                        .as_str()
                        .unwrap_or_default()
                        .cmp(b["time"].as_str().unwrap_or_default())
                })
                .map(|e| {
                    let how = format!(
                        "managedFields: {} ({}{})",
                        e["manager"].as_str().unwrap_or("unknown manager"),
                        e["operation"].as_str().unwrap_or("?"),
                        e["time"]
                            .as_str()
                            .map(|t| format!(" at {t}"))
                            .unwrap_or_default()
                    );
                    (
                        e["apiVersion"].as_str().unwrap_or_default().to_string(),
                        how,
                    )
                })
        });
    let applied = object["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|v| v["apiVersion"].as_str().map(String::from));
    (managed, applied)
}

fn object_for(
    cluster: &Cluster,
    api_version: &str,
    kind: &str,
    name: Option<String>,
    namespace: Option<String>,
) -> Object {
    Object {
        source: Source {
            file: format!("cluster:{}", cluster.context),
            document: 0,
            line: 0,
        },
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name,
        namespace,
        ignore_deprecations: None,
        templated: false,
    }
}

/// Scans the cluster.
pub fn scan(
    cluster: &Cluster,
    table: &Table,
    options: &ScanOptions,
    live: &LiveOptions,
    server_version: Version,
) -> Result<Live> {
    let served = discover(cluster, table, options)?;
    let mut out = Live {
        findings: Vec::new(),
        objects: 0,
        stale: Vec::new(),
        requested: None,
        notes: Vec::new(),
        errors: Vec::new(),
        info: ClusterInfo {
            context: cluster.context.clone(),
            server: cluster.server.clone(),
            server_version,
            requests: 0,
            listed: Vec::new(),
        },
    };
    for (kind, s) in &served {
        let path = match (&live.namespace, s.namespaced) {
            (Some(ns), true) => format!(
                "{}/namespaces/{ns}/{}",
                base_path(&s.group_version),
                s.plural
            ),
            _ => format!("{}/{}", base_path(&s.group_version), s.plural),
        };
        let items = match cluster.list(&path, "") {
            Ok(items) => items,
            Err(RequestError::Status { code: 403, message }) => {
                out.notes.push(format!(
                    "cannot list {kind} ({}): forbidden: {message}",
                    s.group_version
                ));
                continue;
            }
            Err(e) => return Err(cluster.error(&format!("listing {kind}"), e)),
        };
        out.info
            .listed
            .push(format!("{kind} via {}", s.group_version));
        for item in items {
            out.objects += 1;
            let meta = &item["metadata"];
            let name = meta["name"].as_str().map(String::from);
            let namespace = meta["namespace"].as_str().map(String::from);
            let (managed, applied) = evidence(&item);
            let old = |api: &str| table.lookup(api, kind).is_some();
            let judged = match (&managed, &applied) {
                (Some((api, how)), _) if old(api) => Some((api.clone(), how.clone())),
                (Some((api, _)), Some(annotation)) if old(annotation) => {
                    out.stale.push(StaleAnnotation {
                        kind: kind.clone(),
                        name: name.clone().unwrap_or_default(),
                        namespace: namespace.clone(),
                        annotation_api_version: annotation.clone(),
                        managed_api_version: api.clone(),
                    });
                    None
                }
                (None, Some(annotation)) if old(annotation) => {
                    Some((annotation.clone(), LAST_APPLIED.to_string()))
                }
                _ => None,
            };
            if let Some((api, how)) = judged {
                let object = object_for(cluster, &api, kind, name, namespace);
                if let Some(mut f) = evaluate(&object, table, options) {
                    f.evidence = Some(how);
                    out.findings.push(f);
                }
            }
        }
    }
    helm(cluster, table, options, live, &mut out)?;
    if live.metrics {
        out.requested = metrics(cluster, &mut out.notes);
    }
    out.info.requests = cluster.requests.get();
    Ok(out)
}

/// A decoded Helm 3 release.
struct Release {
    name: String,
    namespace: String,
    revision: u64,
    manifest: String,
}

/// Why a Helm release payload was not read: [`ReleaseError::NotDeployed`] is passed over, the
/// others are problems of the release.
#[derive(Debug)]
enum ReleaseError {
    NotBase64,
    NotGzip(std::io::Error),
    NotJson(serde_json::Error),
    /// Superseded, failed or uninstalling: not what runs.
    NotDeployed,
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReleaseError::NotBase64 => f.write_str("the release is not base64"),
            ReleaseError::NotGzip(e) => write!(f, "the release does not gunzip: {e}"),
            ReleaseError::NotJson(e) => write!(f, "the release is not JSON: {e}"),
            ReleaseError::NotDeployed => f.write_str("the release is not deployed"),
        }
    }
}

fn decode_release(payload: &str) -> std::result::Result<Release, ReleaseError> {
    let zipped = STANDARD
        .decode(payload.trim())
        .map_err(|_| ReleaseError::NotBase64)?;
    let json = if zipped.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(zipped.as_slice())
            .read_to_end(&mut out)
            .map_err(ReleaseError::NotGzip)?;
        out
    } else {
        zipped
    };
    let v: Value = serde_json::from_slice(&json).map_err(ReleaseError::NotJson)?;
    if v["info"]["status"] != "deployed" {
        return Err(ReleaseError::NotDeployed);
    }
    Ok(Release {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        namespace: v["namespace"].as_str().unwrap_or_default().to_string(),
        revision: v["version"].as_u64().unwrap_or(0),
        manifest: v["manifest"].as_str().unwrap_or_default().to_string(),
    })
}

fn helm(
    cluster: &Cluster,
    table: &Table,
    options: &ScanOptions,
    live: &LiveOptions,
    out: &mut Live,
) -> Result<()> {
    let scope = |plural: &str| match &live.namespace {
        Some(ns) => format!("/api/v1/namespaces/{ns}/{plural}"),
        None => format!("/api/v1/{plural}"),
    };
    let mut payloads: Vec<(String, String)> = Vec::new();
    let mut sources = vec![("secrets", true)];
    if live.helm_configmaps {
        sources.push(("configmaps", false));
    }
    for (plural, is_secret) in sources {
        let items = match cluster.list(&scope(plural), "labelSelector=owner%3Dhelm") {
            Ok(items) => items,
            Err(RequestError::Status { code: 403, message }) => {
                out.notes.push(format!(
                    "cannot list Helm release {plural}: forbidden: {message}"
                ));
                continue;
            }
            Err(e) => return Err(cluster.error(&format!("listing Helm release {plural}"), e)),
        };
        for item in items {
            if is_secret && item["type"] != "helm.sh/release.v1" {
                continue;
            }
            let where_ = format!(
                "{}/{}",
                item["metadata"]["namespace"].as_str().unwrap_or_default(),
                item["metadata"]["name"].as_str().unwrap_or_default()
            );
            let Some(data) = item["data"]["release"].as_str() else {
                continue;
            };
            let payload = if is_secret {
                match STANDARD
                    .decode(data)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                {
                    Some(p) => p,
                    None => {
                        out.errors.push(Problem::new(
                            &format!("helm:{where_}"),
                            0,
                            "the release Secret's data is not base64",
                        ));
                        continue;
                    }
                }
            } else {
                data.to_string()
            };
            payloads.push((where_, payload));
        }
    }
    let mut latest: BTreeMap<(String, String), Release> = BTreeMap::new();
    for (where_, payload) in payloads {
        match decode_release(&payload) {
            Ok(r) => {
                let key = (r.namespace.clone(), r.name.clone());
                if latest.get(&key).is_none_or(|old| old.revision < r.revision) {
                    latest.insert(key, r);
                }
            }
            Err(ReleaseError::NotDeployed) => {}
            Err(e) => out
                .errors
                .push(Problem::new(&format!("helm:{where_}"), 0, e.to_string())),
        }
    }
    for ((ns, name), r) in latest {
        let file = format!("helm:{ns}/{name}");
        let parsed = manifest::parse_file(&file, &r.manifest);
        out.errors.extend(parsed.problems);
        for mut o in parsed.objects {
            out.objects += 1;
            o.namespace = o.namespace.or_else(|| Some(ns.clone()));
            o.name = Some(format!("{name}/{}", o.name.unwrap_or_default()));
            if let Some(mut f) = evaluate(&o, table, options) {
                f.evidence = Some(format!("Helm release {ns}/{name} revision {}", r.revision));
                out.findings.push(f);
            }
        }
    }
    Ok(())
}

/// `apiserver_requested_deprecated_apis` series from `/metrics`.
fn metrics(cluster: &Cluster, notes: &mut Vec<String>) -> Option<Vec<RequestedApi>> {
    let text = match cluster.get_text("/metrics") {
        Ok(t) => t,
        Err(e) => {
            notes.push(format!(
                "--metrics: cannot read /metrics ({e}); it needs get on the nonResourceURL /metrics"
            ));
            return None;
        }
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("apiserver_requested_deprecated_apis{") else {
            continue;
        };
        let Some((labels, _value)) = rest.split_once('}') else {
            continue;
        };
        let mut map = BTreeMap::new();
        for pair in labels.split(',') {
            if let Some((k, v)) = pair.split_once('=') {
                map.insert(k.trim().to_string(), v.trim().trim_matches('"').to_string());
            }
        }
        let get = |k: &str| map.get(k).cloned().unwrap_or_default();
        out.push(RequestedApi {
            group: get("group"),
            version: get("version"),
            resource: get("resource"),
            subresource: get("subresource"),
            removed_release: get("removed_release"),
        });
    }
    out.sort_by(|a, b| {
        (&a.group, &a.version, &a.resource).cmp(&(&b.group, &b.version, &b.resource))
    });
    out.dedup();
    Some(out)
}
