//! `deprecations --fix`: rewriting manifests to the replacement API where the conversion is
//! known, with a lossless YAML editor (`yaml-edit`): comments, key order, formatting and the
//! other documents of the file stay as they were; only the converted fields change.
//!
//! Conversions are field-level, not just `apiVersion` swaps, where the new version changed
//! shape: Ingress backends (`serviceName`/`servicePort` -> `service.name`/`port`), HPA
//! `autoscaling/v2beta1` metrics (`targetAverageUtilization` -> `target`), workloads without
//! `spec.selector` (required by `apps/v1`), flowcontrol PriorityLevelConfiguration
//! (`assuredConcurrencyShares` -> `nominalConcurrencyShares`, and v1's meaning of 0),
//! `resource.k8s.io/v1beta1` claims (requests under `exactly`) and slices (`basic` flattened).
//! The version converted to is the table's advice at the target: the newest replacement served
//! there, never one that is removed at the target. Anything else is reported with a hint, not
//! touched: PodSecurityPolicy (no replacement), webhooks and CSRs (new required fields), CRDs
//! that are not already per-version, classic DRA (`resource.k8s.io/v1alpha1|2`).

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

/// Why an object cannot be converted mechanically; its `Display` is the reason reported in
/// [`Skipped::reason`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unconvertible {
    /// The object has no `spec`.
    NoSpec,
    /// A workload without `spec.selector` and no template labels to derive it from.
    NoTemplateLabels,
    /// A field the new version requires is missing: `what` lacks `field`.
    Missing {
        what: &'static str,
        field: &'static str,
    },
    /// An HPA metric of a type with no known conversion.
    MetricType(String),
    /// An HPA metric (of this type) without a target value.
    MetricWithoutTarget(String),
    /// An HPA metric (of this type) without `metricName`.
    MetricWithoutName(String),
    /// A CRD field that must move into each of `spec.versions[]`.
    NotPerVersion(&'static str),
    /// A CRD without `spec.versions`.
    NoVersions,
    /// A CRD version without a structural schema.
    NoSchema,
    /// A device request with `firstAvailable` and these fields at once.
    FirstAvailableAndExactly(Vec<String>),
    /// A device that has this key both in `basic` and outside it.
    BasicAndOutside(String),
    /// The YAML editor could not copy a mapping (its message, if it gave one).
    NotCopied(Option<String>),
    /// The YAML editor could not build this part of the new object.
    NotBuilt(&'static str),
}

impl std::fmt::Display for Unconvertible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unconvertible::NoSpec => f.write_str("it has no spec"),
            Unconvertible::NoTemplateLabels => f.write_str(
                "apps/v1 requires spec.selector, and there are no template labels to derive it from",
            ),
            Unconvertible::Missing { what, field } => write!(f, "{what} without {field}"),
            Unconvertible::MetricType(kind) => {
                write!(f, "metric type {kind:?} has no known conversion")
            }
            Unconvertible::MetricWithoutTarget(kind) => {
                write!(f, "a {kind} metric without a target value")
            }
            Unconvertible::MetricWithoutName(kind) => {
                write!(f, "a {kind} metric without metricName")
            }
            Unconvertible::NotPerVersion(key) => write!(
                f,
                "spec.{key} must move into each of spec.versions[] (with schema.openAPIV3Schema) for apiextensions.k8s.io/v1: not mechanical"
            ),
            Unconvertible::NoVersions => f.write_str("it has no spec.versions"),
            Unconvertible::NoSchema => f.write_str(
                "every version needs a structural schema in apiextensions.k8s.io/v1",
            ),
            Unconvertible::FirstAvailableAndExactly(keys) => write!(
                f,
                "a request with firstAvailable and {} at once is not valid in either version",
                keys.join(", ")
            ),
            Unconvertible::BasicAndOutside(key) => {
                write!(f, "a device has {key} both in basic and outside it")
            }
            Unconvertible::NotCopied(Some(message)) => f.write_str(message),
            Unconvertible::NotCopied(None) => f.write_str("cannot copy a mapping"),
            Unconvertible::NotBuilt(what) => write!(f, "cannot build {what}"),
        }
    }
}

impl std::error::Error for Unconvertible {}

/// Why a file could not be fixed at all (each object that cannot be converted is
/// [`Skipped`] instead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixError {
    /// The YAML editor cannot read the file.
    Unreadable { file: String, message: String },
    /// An object of the file could not be copied to convert it.
    NotCopied { file: String, why: Unconvertible },
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::Unreadable { file, message } => {
                write!(f, "the YAML editor cannot read it: {message} ({file}:1)")
            }
            FixError::NotCopied { file, why } => write!(f, "{why} ({file}:1)"),
        }
    }
}

impl std::error::Error for FixError {}

/// What a conversion function may return: a note for the user, or why it cannot convert.
type Convert = fn(&Mapping) -> Result<Vec<String>, Unconvertible>;

fn apps_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    let spec = m.get_mapping("spec").ok_or(Unconvertible::NoSpec)?;
    let mut notes = Vec::new();
    if !spec.contains_key("selector") {
        let labels = spec
            .get_mapping("template")
            .and_then(|t| t.get_mapping("metadata"))
            .and_then(|md| md.get_mapping("labels"))
            .ok_or(Unconvertible::NoTemplateLabels)?;
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
            .ok_or(Unconvertible::NotBuilt("the selector"))?;
        spec.set("selector", &selector);
        notes.push("added spec.selector.matchLabels from the template labels (apps/v1 requires it; it is immutable once applied)".into());
    }
    notes.push("apps/v1 changed defaults (e.g. revisionHistoryLimit 10, RollingUpdate 25%/25%): review them if the old object relied on the beta defaults".into());
    Ok(notes)
}

fn ingress_backend(b: &Mapping) -> Result<(), Unconvertible> {
    if b.contains_key("service") || b.contains_key("resource") {
        return Ok(());
    }
    let name = text_of(b, "serviceName").ok_or(Unconvertible::Missing {
        what: "a backend",
        field: "serviceName",
    })?;
    let port = text_of(b, "servicePort").ok_or(Unconvertible::Missing {
        what: "a backend",
        field: "servicePort",
    })?;
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
    .ok_or(Unconvertible::NotBuilt("the backend"))?;
    b.set("service", &service);
    Ok(())
}

fn ingress_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
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

fn pdb_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
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
fn hpa_v2_from_v2beta1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
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
            other => return Err(Unconvertible::MetricType(other.to_string())),
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
            return Err(Unconvertible::MetricWithoutTarget(kind));
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
            let name = text_of(&src, "metricName")
                .ok_or_else(|| Unconvertible::MetricWithoutName(kind.clone()))?;
            src.remove("metricName");
            let metric_id = build(MappingBuilder::new().pair("name", name.as_str()))
                .ok_or(Unconvertible::NotBuilt("the metric"))?;
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
        let target = build(target(t, &v)).ok_or(Unconvertible::NotBuilt("the target"))?;
        src.set("target", &target);
    }
    Ok(vec!["metrics moved to the target objects of autoscaling/v2 (and v2beta2): type Utilization, AverageValue or Value".into()])
}

/// A detached copy of a mapping (its scalars), to move it under another key.
fn build_copy(m: &Mapping) -> Result<Mapping, Unconvertible> {
    let text = m.to_string();
    let file =
        YamlFile::from_str(&text).map_err(|e| Unconvertible::NotCopied(Some(e.to_string())))?;
    file.documents()
        .next()
        .and_then(|d| d.as_mapping())
        .ok_or(Unconvertible::NotCopied(None))
}

fn crd_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    let spec = m.get_mapping("spec").ok_or(Unconvertible::NoSpec)?;
    for key in [
        "validation",
        "subresources",
        "additionalPrinterColumns",
        "version",
    ] {
        if spec.contains_key(key) {
            return Err(Unconvertible::NotPerVersion(key));
        }
    }
    let versions = spec
        .get_sequence("versions")
        .ok_or(Unconvertible::NoVersions)?;
    for v in versions.values() {
        if v.as_mapping().is_none_or(|v| !v.contains_key("schema")) {
            return Err(Unconvertible::NoSchema);
        }
    }
    Ok(vec![
        "apiextensions.k8s.io/v1 requires structural schemas and prunes unknown fields by default"
            .into(),
    ])
}

/// The key of every entry of a mapping, as text.
fn keys_of(m: &Mapping) -> Vec<String> {
    m.keys()
        .filter_map(|k| k.as_scalar().map(|s| s.as_string()))
        .collect()
}

/// flowcontrol `PriorityLevelConfiguration` to v1beta3 or v1: `spec.limited.assuredConcurrencyShares`
/// became `nominalConcurrencyShares` in v1beta3; in v1 an explicit 0 means zero shares instead of
/// the default 30, so a 0 (defaulted to 30 by the older versions) is written as 30.
fn plc_shares(m: &Mapping, to_v1: bool) -> Result<Vec<String>, Unconvertible> {
    let mut notes = Vec::new();
    let Some(limited) = m.get_mapping("spec").and_then(|s| s.get_mapping("limited")) else {
        return Ok(notes);
    };
    if limited.rename_key("assuredConcurrencyShares", "nominalConcurrencyShares") {
        notes.push("spec.limited.assuredConcurrencyShares is now nominalConcurrencyShares".into());
    }
    if to_v1 && text_of(&limited, "nominalConcurrencyShares").as_deref() == Some("0") {
        limited.set("nominalConcurrencyShares", 30);
        notes.push("nominalConcurrencyShares 0 meant the default 30 before v1 and means zero shares in v1: written as 30".into());
    }
    Ok(notes)
}

fn plc_v1beta3(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    plc_shares(m, false)
}

fn plc_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    plc_shares(m, true)
}

/// `resource.k8s.io/v1beta1` device requests to v1beta2/v1: the fields of a request that asks for
/// exactly one kind of device (all but `name` and `firstAvailable`) move under `exactly`.
fn device_requests(requests: Option<yaml_edit::Sequence>) -> Result<bool, Unconvertible> {
    let mut moved = false;
    for request in requests.iter().flat_map(|s| s.values().collect::<Vec<_>>()) {
        let Some(request) = request.as_mapping() else {
            continue;
        };
        if request.contains_key("exactly") {
            continue;
        }
        let keys: Vec<String> = keys_of(request)
            .into_iter()
            .filter(|k| k != "name" && k != "firstAvailable")
            .collect();
        if keys.is_empty() {
            continue;
        }
        if request.contains_key("firstAvailable") {
            return Err(Unconvertible::FirstAvailableAndExactly(keys));
        }
        // A detached copy of the values, then a fresh block mapping started from a scalar field
        // (deviceClassName is required), filled with the other values.
        let copy = build_copy(request)?;
        let first = keys
            .iter()
            .find(|k| text_of(&copy, k).is_some())
            .ok_or(Unconvertible::Missing {
                what: "a request",
                field: "deviceClassName",
            })?
            .clone();
        let first_value = text_of(&copy, &first).unwrap_or_default();
        for k in &keys {
            request.remove(k.as_str());
        }
        let exactly = build(scalar_builder(MappingBuilder::new(), &first, &first_value))
            .ok_or(Unconvertible::NotBuilt("exactly"))?;
        request.set("exactly", &exactly);
        let exactly = request
            .get_mapping("exactly")
            .ok_or(Unconvertible::NotBuilt("exactly"))?;
        for entry in copy.entries() {
            let (Some(key), Some(value)) = (
                entry
                    .key_node()
                    .and_then(|k| k.as_scalar().map(|s| s.as_string())),
                entry.value_node(),
            ) else {
                continue;
            };
            if key == first || !keys.contains(&key) {
                continue;
            }
            exactly.set(key.as_str(), &value);
        }
        moved = true;
    }
    Ok(moved)
}

fn claim_spec_v1(spec: Option<Mapping>) -> Result<Vec<String>, Unconvertible> {
    let requests = spec
        .and_then(|s| s.get_mapping("devices"))
        .and_then(|d| d.get_sequence("requests"));
    Ok(if device_requests(requests)? {
        vec!["device requests moved under exactly (resource.k8s.io/v1beta2 and v1)".into()]
    } else {
        Vec::new()
    })
}

fn resource_claim_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    claim_spec_v1(m.get_mapping("spec"))
}

fn resource_claim_template_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    claim_spec_v1(m.get_mapping("spec").and_then(|s| s.get_mapping("spec")))
}

/// `resource.k8s.io/v1beta1` ResourceSlice to v1beta2/v1: `spec.devices[].basic` is flattened
/// into the device.
fn resource_slice_v1(m: &Mapping) -> Result<Vec<String>, Unconvertible> {
    let mut moved = false;
    for device in m
        .get_mapping("spec")
        .and_then(|s| s.get_sequence("devices"))
        .iter()
        .flat_map(|s| s.values().collect::<Vec<_>>())
    {
        let Some(device) = device.as_mapping() else {
            continue;
        };
        let Some(basic) = device.get_mapping("basic") else {
            continue;
        };
        let basic = build_copy(&basic)?;
        device.remove("basic");
        for entry in basic.entries() {
            let (Some(key), Some(value)) = (
                entry
                    .key_node()
                    .and_then(|k| k.as_scalar().map(|s| s.as_string())),
                entry.value_node(),
            ) else {
                continue;
            };
            if device.contains_key(key.as_str()) {
                return Err(Unconvertible::BasicAndOutside(key));
            }
            device.set(key.as_str(), &value);
        }
        moved = true;
    }
    Ok(if moved {
        vec![
            "spec.devices[].basic was flattened into each device (resource.k8s.io/v1beta2 and v1)"
                .into(),
        ]
    } else {
        Vec::new()
    })
}

fn none(_: &Mapping) -> Result<Vec<String>, Unconvertible> {
    Ok(Vec::new())
}

/// The conversion of `(api_version, kind)` to the version `to` that the advice names at the
/// target (the newest replacement served there), if it is mechanical.
pub fn converter_to(api_version: &str, kind: &str, to: &str) -> Option<Convert> {
    const FLOWCONTROL: &str = "flowcontrol.apiserver.k8s.io/";
    const RESOURCE: &str = "resource.k8s.io/";
    let rank = |v: &str| {
        ["v1beta1", "v1beta2", "v1beta3", "v1"]
            .iter()
            .position(|x| *x == v)
    };
    if let (Some(from), Some(to_v)) = (
        api_version.strip_prefix(FLOWCONTROL),
        to.strip_prefix(FLOWCONTROL),
    ) && let (Some(a), Some(b)) = (rank(from), rank(to_v))
        && a < b
    {
        return match kind {
            "FlowSchema" => Some(none),
            "PriorityLevelConfiguration" if to_v == "v1" => Some(plc_v1),
            "PriorityLevelConfiguration" if b >= 2 && a < 2 => Some(plc_v1beta3),
            "PriorityLevelConfiguration" => Some(none),
            _ => None,
        };
    }
    if let (Some(from), Some(to_v)) = (
        api_version.strip_prefix(RESOURCE),
        to.strip_prefix(RESOURCE),
    ) && matches!(to_v, "v1" | "v1beta2")
    {
        return match (from, kind) {
            (
                "v1beta2",
                "DeviceClass" | "ResourceClaim" | "ResourceClaimTemplate" | "ResourceSlice",
            ) if to_v == "v1" => Some(none),
            ("v1beta1", "DeviceClass") => Some(none),
            ("v1beta1", "ResourceClaim") => Some(resource_claim_v1),
            ("v1beta1", "ResourceClaimTemplate") => Some(resource_claim_template_v1),
            ("v1beta1", "ResourceSlice") => Some(resource_slice_v1),
            _ => None,
        };
    }
    match (api_version, kind, to) {
        ("extensions/v1beta1", "Ingress", "networking.k8s.io/v1beta1") => return Some(none),
        ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2beta2") => {
            return Some(hpa_v2_from_v2beta1);
        }
        ("storage.k8s.io/v1alpha1", "VolumeAttributesClass", "storage.k8s.io/v1beta1") => {
            return Some(none);
        }
        _ => {}
    }
    match converter(api_version, kind) {
        Some((t, c)) if t == to => Some(c),
        _ => None,
    }
}

/// Why an API the table names a replacement for has no conversion here.
fn not_mechanical(api_version: &str, kind: &str) -> Option<&'static str> {
    Some(match (api_version, kind) {
        ("resource.k8s.io/v1alpha1" | "resource.k8s.io/v1alpha2", _) => {
            "not mechanical: classic DRA (ResourceClass, claim parameters) was replaced by structured parameters (DeviceClass, device requests); rewrite it for resource.k8s.io/v1"
        }
        ("resource.k8s.io/v1alpha3", _) => {
            "not mechanical here: convert it to resource.k8s.io/v1beta1 shape first (fields differ between the alpha releases), then run --fix again"
        }
        (
            "admissionregistration.k8s.io/v1beta1" | "admissionregistration.k8s.io/v1alpha1",
            "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration",
        ) => {
            "not mechanical: admissionregistration.k8s.io/v1 requires sideEffects and admissionReviewVersions on every webhook"
        }
        ("certificates.k8s.io/v1beta1", "CertificateSigningRequest") => {
            "not mechanical: certificates.k8s.io/v1 requires spec.signerName"
        }
        _ => return None,
    })
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
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema") => {
            ("flowcontrol.apiserver.k8s.io/v1", none)
        }
        ("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration") => {
            ("flowcontrol.apiserver.k8s.io/v1", plc_v1)
        }
        _ => return None,
    })
}

/// Converts every object of `text` that `wanted` selects (by apiVersion and kind) to the
/// replacement it returns (the advice at the target: `""` when none is served), keeping the rest
/// of the text as it was. `lines` gives each object's line, by document order.
pub fn fix_text(
    file_name: &str,
    text: &str,
    wanted: &dyn Fn(&str, &str) -> Option<String>,
    lines: &[(String, String, Option<String>, usize)],
) -> Result<Fixed, FixError> {
    let file = YamlFile::from_str(text).map_err(|e| FixError::Unreadable {
        file: file_name.to_string(),
        message: e.to_string(),
    })?;
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
        let Some(advice) = wanted(&api, &kind) else {
            continue;
        };
        let name = m
            .get_mapping("metadata")
            .and_then(|md| text_of(&md, "name"))
            .unwrap_or_default();
        let line = line_of(&api, &kind, &name);
        let to = advice.as_str();
        let Some(convert) = converter_to(&api, &kind, to) else {
            let reason = if kind == "PodSecurityPolicy" {
                "no replacement: PodSecurityPolicy is gone; enforce Pod Security Admission labels on the namespaces instead".to_string()
            } else if to.is_empty() {
                "no replacement is served at the target version".to_string()
            } else if let Some(why) = not_mechanical(&api, &kind) {
                format!("{why} ({to})")
            } else {
                format!("no known conversion; migrate it by hand to {to}")
            };
            out.skipped.push(Skipped {
                line,
                kind,
                name,
                api_version: api,
                reason,
            });
            continue;
        };
        // Convert a copy first, so a conversion that fails half-way changes nothing.
        let probe = build_copy(&m).map_err(|why| FixError::NotCopied {
            file: file_name.to_string(),
            why,
        })?;
        if let Err(why) = convert(&probe) {
            out.skipped.push(Skipped {
                line,
                kind,
                name,
                api_version: api,
                reason: why.to_string(),
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
