//! `nodepool check`: every Deployment and StatefulSet must sit on exactly one canonical pool,
//! with that pool's priority class, with requests that match the pool's shape and fit its
//! nodes on both clouds.

use serde::Serialize;
use serde_json::Value;

use super::patch;
use super::pool::{Cloud, NodepoolConfig, Pool, ShapeKind};
use super::quantity::{Resources, cpu_text, memory_text};
use super::requests;
use crate::manifest::FullObject;

/// The kinds the pools apply to.
pub const WORKLOAD_KINDS: [&str; 2] = ["Deployment", "StatefulSet"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Violation,
}

/// Every rule an [`Issue`] can name (`check`'s rule catalogue, `crate::findings::rules`, has
/// each as `nodepool/RULE`).
pub const RULES: [&str; 6] = [
    "pool-affinity",
    "priority-class",
    "pool-shape",
    "fit",
    "balloon",
    "requests",
];

/// One problem with one workload.
#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// `pool-affinity`, `priority-class`, `pool-shape`, `fit`, `balloon`, `requests`.
    pub rule: &'static str,
    pub message: String,
}

/// The verdict on one workload.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadResult {
    pub file: String,
    pub line: usize,
    /// The overlay whose rendering the workload was judged in (`file:line` is where it is
    /// written, usually a base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub pool: Option<String>,
    /// Effective pod requests (`null` when the workload requests nothing).
    pub requests: Option<Resources>,
    pub issues: Vec<Issue>,
}

impl WorkloadResult {
    pub fn worst(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }

    /// The issues in `check`'s one model: violations are errors.
    pub fn findings(&self) -> impl Iterator<Item = crate::findings::Finding> + '_ {
        use crate::findings::{Finding, Severity as Level};
        self.issues.iter().map(|issue| Finding {
            check: <super::check::CheckReport as crate::findings::Findings>::CHECK,
            rule: issue.rule.to_string(),
            severity: match issue.severity {
                Severity::Violation => Level::Error,
                Severity::Warning => Level::Warning,
            },
            kind: self.kind.clone(),
            name: self.name.clone(),
            namespace: self.namespace.clone(),
            file: self.file.clone(),
            line: self.line,
            via: self.via.clone(),
            message: issue.message.clone(),
            hint: None,
        })
    }
}

fn violation(rule: &'static str, message: String) -> Issue {
    debug_assert!(RULES.contains(&rule), "{rule} is not in RULES");
    Issue {
        severity: Severity::Violation,
        rule,
        message,
    }
}

fn warning(rule: &'static str, message: String) -> Issue {
    debug_assert!(RULES.contains(&rule), "{rule} is not in RULES");
    Issue {
        severity: Severity::Warning,
        rule,
        message,
    }
}

/// Checks the workloads among `objects`.
pub fn check(cfg: &NodepoolConfig, objects: &[FullObject]) -> Vec<WorkloadResult> {
    objects
        .iter()
        .filter_map(|o| check_workload(cfg, o, None))
        .collect()
}

/// Checks one object if it is a workload; `via`: the overlay it was rendered from.
pub fn check_workload(
    cfg: &NodepoolConfig,
    o: &FullObject,
    via: Option<&str>,
) -> Option<WorkloadResult> {
    WORKLOAD_KINDS
        .contains(&o.object.kind.as_str())
        .then(|| WorkloadResult {
            via: via.map(str::to_string),
            ..check_one(cfg, o, via)
        })
}

/// `via`: the overlay the workload was rendered from (the hint is the `select` that writes a
/// patch there); a plain manifest gets the patch to copy instead.
fn check_one(cfg: &NodepoolConfig, o: &FullObject, via: Option<&str>) -> WorkloadResult {
    let spec = &o.value["spec"]["template"]["spec"];
    let mut issues = Vec::new();
    let pool = patch::identify(cfg, spec);
    let (req, errors) = requests::effective(spec);
    for e in errors {
        issues.push(violation("requests", e));
    }
    match pool {
        None => issues.push(violation(
            "pool-affinity",
            describe_missing_pool(cfg, spec, &select_hint(o, via)),
        )),
        Some(pool) => {
            let want = &cfg.priority_class(pool).name;
            match spec["priorityClassName"].as_str() {
                Some(pc) if pc == want => {}
                Some(pc) => issues.push(violation(
                    "priority-class",
                    format!(
                        "priorityClassName is {pc}; pool {} needs {want}",
                        cfg.name(pool)
                    ),
                )),
                None => issues.push(violation(
                    "priority-class",
                    format!("no priorityClassName; pool {} needs {want}", cfg.name(pool)),
                )),
            }
            check_requests(cfg, pool, req, &mut issues);
        }
    }
    WorkloadResult {
        file: o.object.source.file.clone(),
        line: o.object.source.line,
        via: None,
        kind: o.object.kind.clone(),
        name: o.object.name.clone(),
        namespace: o.object.namespace.clone(),
        pool: pool.map(|p| cfg.name(p)),
        requests: (req.has_cpu || req.has_memory).then_some(req.total),
        issues,
    }
}

/// What to run: `select` for the overlay and the workload, or, for a plain manifest (no
/// kustomization to patch), where the pool's fields come from.
fn select_hint(o: &FullObject, via: Option<&str>) -> String {
    let name = o.object.name.as_deref().unwrap_or("NAME");
    match (via, o.object.kind.as_str()) {
        (Some(dir), "Deployment") => {
            format!("run `kubectl abema nodepool select {dir} --deployment {name}` to add one")
        }
        (Some(dir), kind) => {
            format!("run `kubectl abema nodepool select {dir} --name {name} --kind {kind}` to add one")
        }
        (None, _) => "a plain manifest has no kustomization for `nodepool select` to patch: \
             `kubectl abema nodepool list` shows the pools and `kubectl abema nodepool patch POOL` the \
             affinity and priorityClassName to copy in"
            .to_string(),
    }
}

fn describe_missing_pool(cfg: &NodepoolConfig, spec: &Value, hint: &str) -> String {
    let affinity = &spec["affinity"]["nodeAffinity"];
    if affinity.is_null() {
        return format!("no node-pool affinity: the pods may land on any pool; {hint}");
    }
    let named: Vec<String> = cfg
        .names()
        .into_iter()
        .filter(|n| affinity.to_string().contains(&format!("\"{n}\"")))
        .collect();
    if named.is_empty() {
        format!("its nodeAffinity is not one of the eight canonical pools; {hint}")
    } else {
        format!(
            "its nodeAffinity names {} but is not exactly a canonical pool's (stale or merged terms?); {hint}",
            named.join(", ")
        )
    }
}

fn check_requests(
    cfg: &NodepoolConfig,
    pool: Pool,
    req: requests::Requests,
    issues: &mut Vec<Issue>,
) {
    if !req.has_cpu || !req.has_memory {
        issues.push(warning(
            "requests",
            "no CPU or memory request: the pool shape and fit cannot be checked".into(),
        ));
        return;
    }
    let r = req.total;
    let Some(ratio) = r.gib_per_vcpu() else {
        return;
    };
    let wants = if ratio <= cfg.max_gib_per_vcpu_on_cpu {
        ShapeKind::Cpu
    } else {
        ShapeKind::Mem
    };
    if wants != pool.shape {
        let node = cfg
            .shapes
            .of(pool.shape)
            .on(Cloud::Gke)
            .allocatable(Cloud::Gke);
        let node_ratio = node.gib_per_vcpu().unwrap_or(ratio);
        // Whichever resource runs out first strands the rest of the other one.
        let message = if ratio > node_ratio {
            let stranded = 1.0 - node_ratio / ratio;
            format!(
                "{ratio:.1} GiB per vCPU on a {} pool ({node_ratio:.1} GiB per vCPU): memory fills first and strands {:.0}% of each node's CPU ({} of {} on GKE); use a {} pool",
                shape_name(pool.shape),
                stranded * 100.0,
                cpu_text((node.cpu_milli as f64 * stranded) as u64),
                node.cpu_text(),
                shape_name(wants),
            )
        } else {
            let stranded = 1.0 - ratio / node_ratio;
            format!(
                "{ratio:.1} GiB per vCPU on a {} pool ({node_ratio:.1} GiB per vCPU): CPU fills first and strands {:.0}% of each node's memory ({} of {} on GKE); use a {} pool",
                shape_name(pool.shape),
                stranded * 100.0,
                memory_text((node.memory_bytes as f64 * stranded) as u64 / (1 << 20) * (1 << 20)),
                node.memory_text(),
                shape_name(wants),
            )
        };
        issues.push(violation("pool-shape", message));
    }
    for cloud in Cloud::ALL {
        let shape = cfg.shapes.of(pool.shape).on(cloud);
        let node = shape.allocatable(cloud);
        if !r.fits_in(node) {
            issues.push(violation(
                "fit",
                format!(
                    "requests {r} do not fit a {} node on {} (allocatable {node}): the pods can never schedule",
                    shape.machine_type,
                    cloud.as_str().to_uppercase()
                ),
            ));
        } else if pool.autoscaled {
            let balloon = cfg.balloon_size(pool, cloud);
            if !r.fits_in(balloon) {
                issues.push(warning(
                    "balloon",
                    format!(
                        "requests {r} exceed one balloon pod on {} ({balloon}): a scale-out needs more than one preemption",
                        cloud.as_str().to_uppercase()
                    ),
                ));
            }
        }
    }
}

fn shape_name(kind: ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Cpu => "cpu",
        ShapeKind::Mem => "mem",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_file_values;

    fn run(yaml: &str) -> Vec<WorkloadResult> {
        let (objects, problems) = parse_file_values("t.yaml", yaml);
        assert!(problems.is_empty(), "{problems:?}");
        check(&NodepoolConfig::default(), &objects)
    }

    fn workload(pool: &str, pc: &str, cpu: &str, mem: &str) -> String {
        let cfg = NodepoolConfig::default();
        let p = cfg.parse(pool).expect("pool");
        let affinity = serde_json::to_string(&patch::node_affinity(&cfg, p)).expect("json");
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api}}\nspec:\n  template:\n    spec:\n      priorityClassName: {pc}\n      affinity: {{nodeAffinity: {affinity}}}\n      containers:\n        - name: app\n          resources: {{requests: {{cpu: {cpu}, memory: {mem}}}}}\n"
        )
    }

    #[test]
    fn a_well_placed_workload_is_clean() {
        let r = run(&workload("public-cpu-asg", "middle-priority", "1", "2Gi"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].pool.as_deref(), Some("public-cpu-asg"));
        assert!(r[0].issues.is_empty(), "{:?}", r[0].issues);
    }

    #[test]
    fn wrong_shape_states_what_it_strands() {
        let r = run(&workload("public-cpu", "high-priority", "1", "4Gi"));
        let issue = &r[0].issues[0];
        assert_eq!(
            (issue.rule, issue.severity),
            ("pool-shape", Severity::Violation)
        );
        assert!(
            issue.message.contains("strands 58% of each node's CPU"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn priority_fit_and_balloon() {
        let r = run(&workload("private-mem-asg", "high-priority", "3", "20Gi"));
        let rules: Vec<_> = r[0].issues.iter().map(|i| (i.rule, i.severity)).collect();
        assert_eq!(
            rules,
            [
                ("priority-class", Severity::Violation),
                ("balloon", Severity::Warning),
                ("balloon", Severity::Warning)
            ]
        );
        let r = run(&workload("public-cpu", "high-priority", "8", "8Gi"));
        assert_eq!(r[0].issues.iter().filter(|i| i.rule == "fit").count(), 2);
    }

    #[test]
    fn missing_or_stale_affinity_is_a_violation() {
        let r = run(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: {template: {spec: {containers: []}}}\n",
        );
        assert_eq!(r[0].issues[0].rule, "pool-affinity");
        let stale = workload("public-cpu", "high-priority", "1", "1Gi")
            .replace("{nodeAffinity: {", "{nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: type, operator: In, values: [private-mem-asg]}]}}], ");
        let r = run(&stale);
        assert!(
            r[0].issues[0].message.contains("names"),
            "{:?}",
            r[0].issues
        );
    }
}
