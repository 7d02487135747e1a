//! A generator of realistic manifest corpora for benchmarks (shared by benches/).
//!
//! Writes `n` manifests into `dir` spread over service directories, ~1 in 20 on a deprecated
//! API, in the shapes a GitOps repository holds: Deployments with probes and resources,
//! Services, Ingresses, ConfigMaps with multi-line data, HPAs, multi-document files.

use std::fmt::Write as _;
use std::path::Path;

/// Creates the corpus if it is not there yet; returns its size in bytes.
pub fn ensure(dir: &Path, n: usize) -> u64 {
    let marker = dir.join(".complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(dir);
        generate(dir, n);
        std::fs::write(&marker, n.to_string()).expect("marker");
    }
    size(dir)
}

fn size(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        total += if path.is_dir() {
            size(&path)
        } else {
            entry.metadata().map(|m| m.len()).unwrap_or(0)
        };
    }
    total
}

/// Writes `n` manifests, three per file on average.
pub fn generate(dir: &Path, n: usize) {
    let mut written = 0;
    let mut file_no = 0;
    while written < n {
        let service = format!("svc-{:04}", file_no / 10);
        let path = dir.join(&service).join(format!("m-{file_no}.yaml"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let mut text = String::new();
        for doc in 0..3.min(n - written) {
            if doc > 0 {
                text.push_str("---\n");
            }
            text.push_str(&manifest(written, &service));
            written += 1;
        }
        std::fs::write(&path, text).expect("write");
        file_no += 1;
    }
}

fn manifest(i: usize, service: &str) -> String {
    let mut s = String::new();
    let ns = "shop";
    match i % 5 {
        0 | 1 => {
            let api = if i.is_multiple_of(20) {
                "extensions/v1beta1"
            } else {
                "apps/v1"
            };
            let _ = write!(
                s,
                "apiVersion: {api}\nkind: Deployment\nmetadata:\n  name: {service}-{i}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/name: {service}\n    app.kubernetes.io/part-of: shop\n  annotations:\n    deployment.kubernetes.io/revision: \"3\"\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {service}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {service}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/{service}:1.{i}\n          args: [\"--port=8080\", \"--log-level=info\"]\n          ports:\n            - containerPort: 8080\n              name: http\n          resources:\n            requests: {{cpu: 250m, memory: 512Mi}}\n            limits:\n              memory: 512Mi\n          readinessProbe:\n            httpGet: {{path: /healthz, port: http}}\n            periodSeconds: 5\n          env:\n            - name: SERVICE_NAME\n              value: \"{service}\"\n            - name: JAVA_OPTS\n              value: -Xms256m -Xmx384m\n"
            );
        }
        2 => {
            let _ = write!(
                s,
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: {service}-{i}\n  namespace: {ns}\nspec:\n  selector:\n    app.kubernetes.io/name: {service}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n"
            );
        }
        3 => {
            let api = if i % 20 == 3 {
                "networking.k8s.io/v1beta1"
            } else {
                "networking.k8s.io/v1"
            };
            let _ = write!(
                s,
                "apiVersion: {api}\nkind: Ingress\nmetadata:\n  name: {service}-{i}\n  namespace: {ns}\n  annotations:\n    kubernetes.io/ingress.class: gce\nspec:\n  rules:\n    - host: {service}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: {service}\n                port: {{number: 80}}\n"
            );
        }
        _ => {
            let _ = write!(
                s,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {service}-{i}\n  namespace: {ns}\ndata:\n  application.yaml: |\n    server:\n      port: 8080\n    feature-flags:\n      new-checkout: true\n    # a comment inside a block scalar\n    upstreams: [a, b, c]\n  LOG_LEVEL: info\n"
            );
        }
    }
    s
}
