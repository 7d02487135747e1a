//! `deprecations --fix`: rewriting manifests to the replacement API where the conversion is
//! known, with a lossless YAML editor (`yaml-edit`): comments, key order, formatting and the
//! other documents of the file stay as they were; only the converted fields change.
//!
//! Conversions are field-level, not just `apiVersion` swaps, where the new version changed
//! shape: Ingress backends (`serviceName`/`servicePort` -> `service.name`/`port`), HPA
//! `autoscaling/v2beta1` metrics (`targetAverageUtilization` -> `target`), workloads without
//! `spec.selector` (required by `apps/v1`). Anything else is reported with a hint, not touched:
//! PodSecurityPolicy (no replacement), webhooks and CSRs (new required fields), CRDs that are
//! not already per-version.

use std::str::FromStr;

use yaml_edit::{Mapping, MappingBuilder, YamlFile};

/// One object that was converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub kind: String,
    pub name: String,
    pub from: String,
    pub to: String,
    /// Semantic differences the user should know about.
    pub notes: Vec<String>,
}

/// One object on a deprecated API that was left alone, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub kind: String,
    pub name: String,
    pub api_version: String,
    pub reason: String,
}

/// The result of fixing one file's text.
#[derive(Debug, Default)]
pub struct Fixed {
    pub text: String,
    pub changes: Vec<Change>,
    pub skipped: Vec<Skipped>,
}

fn text_of(m: &Mapping, key: &str) -> Option<String> {
    m.get(key)
        .and_then(|v| v.as_scalar().map(|s| s.as_string()))
}

fn build(builder: MappingBuilder) -> Option<Mapping> {
    let file = builder.build().build();
    file.documents().next().and_then(|d| d.as_mapping())
}

/// A scalar as YAML wants it back: numbers stay numbers.
fn scalar_builder(b: MappingBuilder, key: &str, value: &str) -> MappingBuilder {
    match value.parse::<i64>() {
        Ok(n) => b.pair(key, n),
        Err(_) => b.pair(key, value),
    }
}

/// What a conversion function may return: a note for the user, or why it cannot convert.
type Convert = fn(&Mapping) -> Result<Vec<String>, String>;

fn apps_v1(m: &Mapping) -> Result<Vec<String>, String> {
    let spec = m.get_mapping("spec").ok_or("it has no spec")?;
    let mut notes = Vec::new();
    if !spec.contains_key("selector") {
        let labels = spec
            .get_mapping("template")
            .and_then(|t| t.get_mapping("metadata"))
            .and_then(|md| md.get_mapping("labels"))
            .ok_or("apps/v1 requires spec.selector, and there are no template labels to derive it from")?;
        let mut match_labels = MappingBuilder::new();
        for entry in labels.entries() {
            let key = entry
                .key_node()
                .and_then(|k| k.as_scalar().map(|s| s.as_string()))
                .unwrap_or_default();
            let value = entry
                .value_node()
                .and_then(|v| v.as_scalar().map(|s| s.as_string()))
                .unwrap_or_default();
            match_labels = match_labels.pair(key, value.as_str());
        }
        let selector = build(MappingBuilder::new().insert_mapping("matchLabels", match_labels))
            .ok_or("cannot build the selector")?;
        spec.set("selector", &selector);
        notes.push("added spec.selector.matchLabels from the template labels (apps/v1 requires it; it is immutable once applied)".into());
    }
    notes.push("apps/v1 changed defaults (e.g. revisionHistoryLimit 10, RollingUpdate 25%/25%): review them if the old object relied on the beta defaults".into());
    Ok(notes)
}

fn ingress_backend(b: &Mapping) -> Result<(), String> {
    if b.contains_key("service") || b.contains_key("resource") {
        return Ok(());
    }
    let name = text_of(b, "serviceName").ok_or("a backend without serviceName")?;
    let port = text_of(b, "servicePort").ok_or("a backend without servicePort")?;
    b.remove("serviceName");
    b.remove("servicePort");
    let port = match port.parse::<i64>() {
        Ok(n) => MappingBuilder::new().pair("number", n),
        Err(_) => MappingBuilder::new().pair("name", port.as_str()),
    };
    let service = build(
        MappingBuilder::new()
            .pair("name", name.as_str())
            .insert_mapping("port", port),
    )
    .ok_or("cannot build the backend")?;
    b.set("service", &service);
    Ok(())
}

fn ingress_v1(m: &Mapping) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    let Some(spec) = m.get_mapping("spec") else {
        return Ok(notes);
    };
    if spec.rename_key("backend", "defaultBackend") {
        notes.push("spec.backend is now spec.defaultBackend".into());
    }
    if let Some(b) = spec.get_mapping("defaultBackend") {
        ingress_backend(&b)?;
    }
    let mut defaulted = false;
    for rule in spec
        .get_sequence("rules")
        .iter()
        .flat_map(|s| s.values().collect::<Vec<_>>())
    {
        let Some(rule) = rule.as_mapping() else {
            continue;
        };
        let Some(http) = rule.get_mapping("http") else {
            continue;
        };
        for path in http
            .get_sequence("paths")
            .iter()
            .flat_map(|s| s.values().collect::<Vec<_>>())
        {
            let Some(path) = path.as_mapping() else {
                continue;
            };
            if !path.contains_key("pathType") {
                path.set("pathType", "ImplementationSpecific");
                defaulted = true;
            }
            if let Some(b) = path.get_mapping("backend") {
                ingress_backend(&b)?;
            }
        }
    }
    if defaulted {
        notes.push("paths without pathType got ImplementationSpecific (the v1beta1 behaviour); Prefix or Exact is usually meant".into());
    }
    Ok(notes)
}

fn pdb_v1(m: &Mapping) -> Result<Vec<String>, String> {
    let empty = m
        .get_mapping("spec")
        .is_none_or(|s| s.get_mapping("selector").is_none_or(|sel| sel.is_empty()));
    Ok(if empty {
        vec!["an empty selector selected no pods in policy/v1beta1 and selects every pod of the namespace in policy/v1: set spec.selector".into()]
    } else {
        Vec::new()
    })
}

/// `autoscaling/v2beta1` metric sources to `autoscaling/v2` (`target` objects).
fn hpa_v2_from_v2beta1(m: &Mapping) -> Result<Vec<String>, String> {
    let Some(spec) = m.get_mapping("spec") else {
        return Ok(Vec::new());
    };
    let target = |kind: &str, value: &str| {
        let key = match kind {
            "Utilization" => "averageUtilization",
            "AverageValue" => "averageValue",
            _ => "value",
        };
        scalar_builder(MappingBuilder::new().pair("type", kind), key, value)
    };
    for metric in spec
        .get_sequence("metrics")
        .iter()
        .flat_map(|s| s.values().collect::<Vec<_>>())
    {
        let Some(metric) = metric.as_mapping() else {
            continue;
        };
        let kind = text_of(metric, "type").unwrap_or_default();
        let source_key = match kind.as_str() {
            "Resource" => "resource",
            "Pods" => "pods",
            "Object" => "object",
            "External" => "external",
            other => return Err(format!("metric type {other:?} has no known conversion")),
        };
        let Some(src) = metric.get_mapping(source_key) else {
            continue;
        };
        if src.contains_key("target") && kind != "Object" {
            continue; // already v2-shaped
        }
        let (t, v) = if let Some(v) = text_of(&src, "targetAverageUtilization") {
            ("Utilization", v)
        } else if let Some(v) = text_of(&src, "targetAverageValue") {
            ("AverageValue", v)
        } else if let Some(v) = text_of(&src, "averageValue") {
            ("AverageValue", v)
        } else if let Some(v) = text_of(&src, "targetValue") {
            ("Value", v)
        } else {
            return Err(format!("a {kind} metric without a target value"));
        };
        for old in [
            "targetAverageUtilization",
            "targetAverageValue",
            "targetValue",
            "averageValue",
        ] {
            src.remove(old);
        }
        if kind != "Resource" {
            let name =
                text_of(&src, "metricName").ok_or(format!("a {kind} metric without metricName"))?;
            src.remove("metricName");
            let metric_id = build(MappingBuilder::new().pair("name", name.as_str()))
                .ok_or("cannot build the metric")?;
            let selector_key = if kind == "External" {
                "metricSelector"
            } else {
                "selector"
            };
            if let Some(sel) = src.get_mapping(selector_key) {
                metric_id.set("selector", &build_copy(&sel)?);
                src.remove(selector_key);
            }
            src.set("metric", &metric_id);
            if kind == "Object" {
                src.rename_key("target", "describedObject");
            }
        }
        let target = build(target(t, &v)).ok_or("cannot build the target")?;
        src.set("target", &target);
    }
    Ok(vec!["metrics moved to autoscaling/v2's target objects (type Utilization, AverageValue or Value)".into()])
}

/// A detached copy of a mapping (its scalars), to move it under another key.
fn build_copy(m: &Mapping) -> Result<Mapping, String> {
    let text = m.to_string();
    let file = YamlFile::from_str(&text).map_err(|e| e.to_string())?;
    file.documents()
        .next()
        .and_then(|d| d.as_mapping())
        .ok_or_else(|| "cannot copy a mapping".to_string())
}

fn crd_v1(m: &Mapping) -> Result<Vec<String>, String> {
    let spec = m.get_mapping("spec").ok_or("it has no spec")?;
    for key in [
        "validation",
        "subresources",
        "additionalPrinterColumns",
        "version",
    ] {
        if spec.contains_key(key) {
            return Err(format!(
                "spec.{key} must move into each of spec.versions[] (with schema.openAPIV3Schema) for apiextensions.k8s.io/v1: not mechanical"
            ));
        }
    }
    let versions = spec
        .get_sequence("versions")
        .ok_or("it has no spec.versions")?;
    for v in versions.values() {
        if v.as_mapping().is_none_or(|v| !v.contains_key("schema")) {
            return Err(
                "every version needs a structural schema in apiextensions.k8s.io/v1".into(),
            );
        }
    }
    Ok(vec![
        "apiextensions.k8s.io/v1 requires structural schemas and prunes unknown fields by default"
            .into(),
    ])
}

fn none(_: &Mapping) -> Result<Vec<String>, String> {
    Ok(Vec::new())
}

/// The known conversions: (apiVersion, kind) -> (new apiVersion, converter).
pub fn converter(api_version: &str, kind: &str) -> Option<(&'static str, Convert)> {
    let workload = ["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"];
    Some(match (api_version, kind) {
        ("extensions/v1beta1" | "apps/v1beta1" | "apps/v1beta2", k) if workload.contains(&k) => {
            ("apps/v1", apps_v1)
        }
        ("extensions/v1beta1" | "networking.k8s.io/v1beta1", "Ingress") => {
            ("networking.k8s.io/v1", ingress_v1)
        }
        ("networking.k8s.io/v1beta1", "IngressClass") => ("networking.k8s.io/v1", none),
        ("extensions/v1beta1", "NetworkPolicy") => ("networking.k8s.io/v1", none),
        ("batch/v1beta1", "CronJob") => ("batch/v1", none),
        ("policy/v1beta1", "PodDisruptionBudget") => ("policy/v1", pdb_v1),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler") => ("autoscaling/v2", none),
        ("autoscaling/v2beta1", "HorizontalPodAutoscaler") => {
            ("autoscaling/v2", hpa_v2_from_v2beta1)
        }
        (
            "rbac.authorization.k8s.io/v1beta1" | "rbac.authorization.k8s.io/v1alpha1",
            "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding",
        ) => ("rbac.authorization.k8s.io/v1", none),
        ("scheduling.k8s.io/v1beta1" | "scheduling.k8s.io/v1alpha1", "PriorityClass") => {
            ("scheduling.k8s.io/v1", none)
        }
        (
            "storage.k8s.io/v1beta1",
            "StorageClass"
            | "CSIDriver"
            | "CSINode"
            | "VolumeAttachment"
            | "CSIStorageCapacity"
            | "VolumeAttributesClass",
        )
        | ("storage.k8s.io/v1alpha1", "VolumeAttributesClass") => ("storage.k8s.io/v1", none),
        ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition") => {
            ("apiextensions.k8s.io/v1", crd_v1)
        }
        ("coordination.k8s.io/v1beta1", "Lease") => ("coordination.k8s.io/v1", none),
        ("apiregistration.k8s.io/v1beta1", "APIService") => ("apiregistration.k8s.io/v1", none),
        ("node.k8s.io/v1beta1", "RuntimeClass") => ("node.k8s.io/v1", none),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema" | "PriorityLevelConfiguration") => {
            ("flowcontrol.apiserver.k8s.io/v1", none)
        }
        _ => return None,
    })
}

/// Converts every object of `text` that `wanted` selects (by apiVersion and kind), keeping the
/// rest of the text as it was. `lines` gives each object's line, by document order.
pub fn fix_text(
    text: &str,
    wanted: &dyn Fn(&str, &str) -> bool,
    lines: &[(String, String, Option<String>, usize)],
) -> Result<Fixed, String> {
    let file =
        YamlFile::from_str(text).map_err(|e| format!("the YAML editor cannot read it: {e}"))?;
    let mut out = Fixed::default();
    let mut used = vec![false; lines.len()];
    let mut line_of = |api: &str, kind: &str, name: &str| -> usize {
        for (i, (a, k, n, l)) in lines.iter().enumerate() {
            if !used[i] && a == api && k == kind && n.as_deref().unwrap_or_default() == name {
                used[i] = true;
                return *l;
            }
        }
        0
    };
    let mut objects: Vec<Mapping> = Vec::new();
    for doc in file.documents() {
        let Some(root) = doc.as_mapping() else {
            continue;
        };
        if text_of(&root, "kind").is_some_and(|k| k.ends_with("List")) {
            for item in root
                .get_sequence("items")
                .iter()
                .flat_map(|s| s.values().collect::<Vec<_>>())
            {
                if let Some(m) = item.as_mapping() {
                    objects.push(m.clone());
                }
            }
        } else {
            objects.push(root);
        }
    }
    for m in objects {
        let (Some(api), Some(kind)) = (text_of(&m, "apiVersion"), text_of(&m, "kind")) else {
            continue;
        };
        if !wanted(&api, &kind) {
            continue;
        }
        let name = m
            .get_mapping("metadata")
            .and_then(|md| text_of(&md, "name"))
            .unwrap_or_default();
        let line = line_of(&api, &kind, &name);
        let Some((to, convert)) = converter(&api, &kind) else {
            let reason = if kind == "PodSecurityPolicy" {
                "no replacement: PodSecurityPolicy is gone; enforce Pod Security Admission labels on the namespaces instead"
            } else {
                "no known conversion; migrate it by hand to the replacement the table names"
            };
            out.skipped.push(Skipped {
                line,
                kind,
                name,
                api_version: api,
                reason: reason.into(),
            });
            continue;
        };
        // Convert a copy first, so a conversion that fails half-way changes nothing.
        let probe = build_copy(&m)?;
        if let Err(reason) = convert(&probe) {
            out.skipped.push(Skipped {
                line,
                kind,
                name,
                api_version: api,
                reason,
            });
            continue;
        }
        let notes = convert(&m).unwrap_or_default();
        m.set("apiVersion", to);
        out.changes.push(Change {
            line,
            kind,
            name,
            from: api,
            to: to.to_string(),
            notes,
        });
    }
    out.text = file.to_string();
    Ok(out)
}
