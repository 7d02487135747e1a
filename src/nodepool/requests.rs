//! A workload's effective pod requests, as the scheduler computes them
//! (<https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers>):
//! per resource, the larger of (regular containers + restartable init containers, i.e.
//! sidecars) and (each ordinary init container + the sidecars started before it), plus the
//! pod overhead.

use serde_json::Value;

use super::quantity::{self, Resources};

/// Effective requests and whether each resource was requested at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    pub total: Resources,
    pub has_cpu: bool,
    pub has_memory: bool,
}

/// One container's requests; a missing or unparsable value counts as zero and is reported.
fn container(c: &Value, errors: &mut Vec<String>) -> (Resources, bool, bool) {
    let requests = &c["resources"]["requests"];
    let name = c["name"].as_str().unwrap_or("?");
    let mut get = |key: &str, scale: f64| -> (u64, bool) {
        match requests.get(key) {
            None | Some(Value::Null) => (0, false),
            Some(v) => {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match quantity::parse(&text) {
                    Ok(q) => ((q * scale).round() as u64, true),
                    Err(e) => {
                        errors.push(format!("container {name}: {key}: {e}"));
                        (0, false)
                    }
                }
            }
        }
    };
    let (cpu, has_cpu) = get("cpu", 1000.0);
    let (mem, has_mem) = get("memory", 1.0);
    (Resources::new(cpu, mem), has_cpu, has_mem)
}

fn add(a: Resources, b: Resources) -> Resources {
    Resources::new(a.cpu_milli + b.cpu_milli, a.memory_bytes + b.memory_bytes)
}

fn max(a: Resources, b: Resources) -> Resources {
    Resources::new(
        a.cpu_milli.max(b.cpu_milli),
        a.memory_bytes.max(b.memory_bytes),
    )
}

/// The effective requests of a pod spec, and messages about values that could not be read.
pub fn effective(pod_spec: &Value) -> (Requests, Vec<String>) {
    let mut errors = Vec::new();
    let mut out = Requests::default();
    let note = |has_cpu: bool, has_mem: bool, out: &mut Requests| {
        out.has_cpu |= has_cpu;
        out.has_memory |= has_mem;
    };
    let mut sidecars = Resources::default();
    let mut init_peak = Resources::default();
    for c in pod_spec["initContainers"].as_array().into_iter().flatten() {
        let (r, has_cpu, has_mem) = container(c, &mut errors);
        note(has_cpu, has_mem, &mut out);
        if c["restartPolicy"].as_str() == Some("Always") {
            sidecars = add(sidecars, r);
        } else {
            init_peak = max(init_peak, add(r, sidecars));
        }
    }
    let mut regular = Resources::default();
    for c in pod_spec["containers"].as_array().into_iter().flatten() {
        let (r, has_cpu, has_mem) = container(c, &mut errors);
        note(has_cpu, has_mem, &mut out);
        regular = add(regular, r);
    }
    let mut total = max(add(regular, sidecars), init_peak);
    if pod_spec.get("overhead").is_some() {
        let (overhead, _, _) = container(
            &serde_json::json!({"name": "overhead", "resources": {"requests": pod_spec["overhead"]}}),
            &mut errors,
        );
        total = add(total, overhead);
    }
    out.total = total;
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn sidecars_add_and_init_containers_peak() {
        let spec = json!({
            "initContainers": [
                {"name": "migrate", "resources": {"requests": {"cpu": "2", "memory": "256Mi"}}},
                {"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}},
                {"name": "warm", "resources": {"requests": {"cpu": "500m", "memory": "2Gi"}}}
            ],
            "containers": [
                {"name": "app", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}},
                {"name": "log", "resources": {"requests": {"cpu": "50m"}}}
            ],
            "overhead": {"cpu": "10m", "memory": "16Mi"}
        });
        let (r, errors) = effective(&spec);
        assert!(errors.is_empty());
        // cpu: max(1050 + 100, 2000, 500 + 100) + 10; memory: max(1024 + 64, 256, 2048 + 64) + 16
        assert_eq!(r.total, Resources::new(2010, (2112 + 16) * MIB));
        assert!(r.has_cpu && r.has_memory);
    }

    #[test]
    fn missing_and_bad_requests_are_visible() {
        let (r, errors) = effective(&json!({"containers": [{"name": "a"}]}));
        assert!(!r.has_cpu && !r.has_memory);
        assert!(errors.is_empty());
        let (_, errors) = effective(
            &json!({"containers": [{"name": "a", "resources": {"requests": {"cpu": "lots"}}}]}),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
    }
}
