//! Balloon (overprovisioning) manifests: the three PriorityClasses and one `pause` Deployment
//! per autoscaled pool, sized to a share of that pool's node allocatable on one cloud.
//!
//! Balloons run at `balloon-priority` (-5): lower than every workload, so any pending pod
//! preempts them at once, and above the cluster-autoscaler's expendable cutoff (-10), so the
//! displaced balloon itself triggers the scale-up that makes room again.

use serde_json::{Value, json};

use super::pool::{Cloud, NodepoolConfig, Pool, PriorityClass};

fn priority_class(pc: &PriorityClass, description: &str) -> Value {
    json!({
        "apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass",
        "metadata": {"name": pc.name},
        "value": pc.value,
        "globalDefault": false,
        "description": description,
    })
}

/// The manifests for one cloud, in apply order, with a file name for each.
pub fn manifests(cfg: &NodepoolConfig, cloud: Cloud) -> Vec<(String, Value)> {
    let pcs = &cfg.priority_classes;
    let mut out = vec![
        (
            "priorityclasses.yaml".to_string(),
            json!({"apiVersion": "v1", "kind": "List", "items": [
                priority_class(&pcs.fixed, "Workloads on fixed node pools (kubectl abema nodepool)."),
                priority_class(&pcs.autoscaled, "Workloads on autoscaled node pools; preempt balloons (kubectl abema nodepool)."),
                priority_class(&pcs.balloon, "Balloon pods: preempted first, still above the cluster-autoscaler's expendable cutoff (-10) so they trigger scale-up."),
            ]}),
        ),
        (
            "namespace.yaml".to_string(),
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": cfg.balloon.namespace}}),
        ),
    ];
    for pool in Pool::ALL.into_iter().filter(|p| p.autoscaled) {
        let name = cfg.name(pool);
        let size = cfg.balloon_size(pool, cloud);
        let labels = json!({"app.kubernetes.io/name": "balloon", "abema.dev/nodepool": name});
        // A balloon holds room on the autoscaled pool itself: required to be exactly there.
        let affinity = json!({"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": cfg.label_key, "operator": "In", "values": [name]}]}]}});
        let deployment = json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": format!("balloon-{name}"),
                "namespace": cfg.balloon.namespace,
                "labels": labels,
                "annotations": {"abema.dev/cloud": cloud.as_str(),
                    "abema.dev/balloon-size": format!("{:.0}% of {} allocatable", cfg.balloon.fraction * 100.0,
                        cfg.shapes.of(pool.shape).on(cloud).machine_type)},
            },
            "spec": {
                "replicas": cfg.balloon.replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {
                        "priorityClassName": pcs.balloon.name,
                        "terminationGracePeriodSeconds": 0,
                        "affinity": {"nodeAffinity": affinity},
                        "containers": [{
                            "name": "pause",
                            "image": cfg.balloon.image,
                            "resources": {"requests": {"cpu": size.cpu_text(), "memory": size.memory_text()}},
                        }],
                    },
                },
            },
        });
        out.push((format!("balloon-{name}.yaml"), deployment));
    }
    out
}

/// A kustomization listing the files, so the directory builds with `kubectl kustomize`.
pub fn kustomization(files: &[String]) -> Value {
    json!({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": files})
}
