//! `kubectl abema nodepool`: the real binary, the real `kubectl kustomize`, a real terminal.

mod common;

use common::{Env, require_tool, root};
use serde_json::{Value, json};

/// A base Deployment that already carries an arch term, a stale preferred term and a
/// podAntiAffinity: the patch must replace the first two and keep the third.
fn base_workload(kind: &str, name: &str, cpu: &str, memory: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: {kind}
metadata:
  name: {name}
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {{key: kubernetes.io/arch, operator: In, values: [amd64]}}
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              preference:
                matchExpressions:
                  - {{key: type, operator: In, values: [stale-pool]}}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: {{matchLabels: {{app: {name}}}}}
      containers:
        - name: app
          image: nginx
          resources:
            requests: {{cpu: {cpu}, memory: {memory}}}
"
    )
}

/// base/ with an api Deployment and a db StatefulSet; overlay/ includes it.
fn tree(env: &Env) {
    env.write(
        "base/api.yaml",
        &base_workload("Deployment", "api", "500m", "512Mi"),
    );
    env.write(
        "base/db.yaml",
        &base_workload("StatefulSet", "db", "1", "6Gi"),
    );
    env.write(
        "base/kustomization.yaml",
        "resources:\n  - api.yaml\n  - db.yaml\n",
    );
    env.write(
        "overlay/kustomization.yaml",
        "# the GKE overlay\nresources:\n  - ../base # shared\nnamespace: shop\n",
    );
}

fn render(env: &Env, dir: &str) -> Vec<Value> {
    let out = std::process::Command::new("kubectl")
        .arg("kustomize")
        .arg(env.work().join(dir))
        .output()
        .expect("kubectl kustomize");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let (objects, problems) = kubectl_abema::manifest::parse_file_values("rendered", &text);
    assert!(problems.is_empty(), "{problems:?}");
    objects.into_iter().map(|o| o.value).collect()
}

fn workload<'a>(objects: &'a [Value], kind: &str, name: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("{kind} {name} not rendered"))
}

fn expected_affinity(pool: &str) -> Value {
    let term = |values: Vec<&str>| json!({"matchExpressions": [{"key": "type", "operator": "In", "values": values}]});
    match pool.strip_suffix("-asg") {
        Some(fixed) => json!({
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term(vec![fixed, pool])]},
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "preference": term(vec![pool])}]
        }),
        None => {
            json!({"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term(vec![pool])]}})
        }
    }
}

/// All eight flag combinations, for a Deployment and (the same patch file, `target.kind`)
/// a StatefulSet: select -> kubectl kustomize -> exactly the pool's affinity and priority
/// class, arch term and stale preference gone, podAntiAffinity untouched.
#[test]
#[ignore = "needs kubectl"]
fn eight_pools_end_to_end_for_deployments_and_statefulsets() {
    require_tool("kubectl");
    for q1 in ["--cpu", "--mem"] {
        for q2 in ["--reschedulable", "--fixed"] {
            for q3 in ["--nat", "--no-nat"] {
                let pool = format!(
                    "{}-{}{}",
                    if q3 == "--nat" { "private" } else { "public" },
                    &q1[2..],
                    if q2 == "--reschedulable" { "-asg" } else { "" }
                );
                let env = Env::new();
                tree(&env);
                for (kind, name) in [("Deployment", "api"), ("StatefulSet", "db")] {
                    let (code, out, err) = env.run(&[
                        "nodepool",
                        "select",
                        "overlay",
                        "--deployment",
                        name,
                        "--kind",
                        kind,
                        q1,
                        q2,
                        q3,
                    ]);
                    assert_eq!(code, 0, "{pool} {kind}: {err}");
                    assert!(out.contains(&format!("pool: {pool}\n")), "{out}");
                }
                let objects = render(&env, "overlay");
                for (kind, name) in [("Deployment", "api"), ("StatefulSet", "db")] {
                    let spec = &workload(&objects, kind, name)["spec"]["template"]["spec"];
                    assert_eq!(
                        spec["affinity"]["nodeAffinity"],
                        expected_affinity(&pool),
                        "{pool} {kind}"
                    );
                    assert_eq!(
                        spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
                            [0]["podAffinityTerm"]["topologyKey"],
                        "kubernetes.io/hostname",
                        "{pool} {kind}: podAntiAffinity untouched"
                    );
                    let pc = if pool.ends_with("-asg") {
                        "middle-priority"
                    } else {
                        "high-priority"
                    };
                    assert_eq!(spec["priorityClassName"], pc, "{pool} {kind}");
                }
                // The written patch is byte-identical to the repository's and to `nodepool patch`.
                let written = std::fs::read_to_string(
                    env.work()
                        .join(format!("overlay/patches/nodepools/{pool}.yaml")),
                )
                .expect("patch written");
                let repo =
                    std::fs::read_to_string(root().join(format!("patches/nodepools/{pool}.yaml")))
                        .expect("repo patch");
                let (_, printed, _) = env.run(&["nodepool", "patch", &pool]);
                assert_eq!(written, repo);
                assert_eq!(printed, repo);
            }
        }
    }
}

#[test]
#[ignore = "needs kubectl"]
fn reselecting_replaces_the_entry_and_keeps_the_rest_of_the_file() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    let args = |pool: &[&'static str]| {
        let mut a = vec!["nodepool", "select", "overlay", "--deployment", "api"];
        a.extend_from_slice(pool);
        a
    };
    assert_eq!(env.run(&args(&["--cpu", "--fixed", "--nat"])).0, 0);
    let (code, out, _) = env.run(&args(&["--infer", "--reschedulable", "--no-nat"]));
    assert_eq!(code, 0);
    assert!(out.contains("replaced the patches entry"), "{out}");
    assert!(
        out.contains("(inferred: effective requests 500m CPU, 512Mi = 0.98 GiB per vCPU")
            || out.contains("(inferred: effective requests 500m CPU, 512Mi = 1.00 GiB per vCPU"),
        "{out}"
    );
    let k = std::fs::read_to_string(env.work().join("overlay/kustomization.yaml")).expect("read");
    assert!(
        k.starts_with(
            "# the GKE overlay\nresources:\n  - ../base # shared\nnamespace: shop\npatches:\n"
        ),
        "{k}"
    );
    assert_eq!(k.matches("- path:").count(), 1, "{k}");
    assert!(k.contains("patches/nodepools/public-cpu-asg.yaml"), "{k}");
    // --infer on the 6 GiB/vCPU StatefulSet picks mem.
    let (code, out, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--name",
        "db",
        "--kind",
        "StatefulSet",
        "--infer",
        "--fixed",
        "--no-nat",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pool: public-mem\n"), "{out}");
}

#[test]
#[ignore = "needs kubectl"]
fn dry_run_prints_patch_and_diff_and_json_is_the_contract() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    let before =
        std::fs::read_to_string(env.work().join("overlay/kustomization.yaml")).expect("read");
    let (code, out, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--cpu",
        "--reschedulable",
        "--no-nat",
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("(would write)\n# Node pool public-cpu-asg"),
        "{out}"
    );
    assert!(
        out.contains("+patches:\n+- path: patches/nodepools/public-cpu-asg.yaml\n"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(env.work().join("overlay/kustomization.yaml")).expect("read"),
        before
    );
    assert!(!env.work().join("overlay/patches").exists());

    let (code, out, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--infer",
        "--fixed",
        "--nat",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schemaVersion"], "abema.dev/nodepool/v1");
    assert_eq!(v["pool"], "private-cpu");
    assert_eq!(
        v["workload"],
        json!({"kind": "Deployment", "name": "api", "namespace": "shop", "apiVersion": "apps/v1"})
    );
    assert_eq!(v["answers"]["memPerVcpu"]["value"], "cpu");
    assert_eq!(v["answers"]["memPerVcpu"]["source"], "inferred");
    assert_eq!(
        v["answers"]["reschedulable"],
        json!({"value": false, "source": "flag", "detail": "--fixed; no sign that it cannot be rescheduled"})
    );
    assert_eq!(v["answers"]["nat"]["value"], true);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["dryRun"], false);
}

#[test]
#[ignore = "needs kubectl"]
fn bad_input_is_a_clear_error_and_nothing_is_half_written() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    let kust = env.work().join("overlay/kustomization.yaml");
    let before = std::fs::read_to_string(&kust).expect("read");
    let flags = ["--cpu", "--fixed", "--no-nat"];
    let run = |extra: &[&str]| {
        let mut a = vec!["nodepool", "select"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&flags);
        env.run(&a)
    };
    // No kustomization.yaml.
    let (code, _, err) = run(&["base/..", "--deployment", "api"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no kustomization.yaml") && err.contains("hint:"),
        "{err}"
    );
    // Not found: the existing workloads are listed.
    let (code, _, err) = run(&["overlay", "--deployment", "apx"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Deployment apx not found") && err.contains("Deployment/api, StatefulSet/db"),
        "{err}"
    );
    // Two of that name.
    env.write(
        "base/api2.yaml",
        &base_workload("Deployment", "api", "1", "1Gi")
            .replace("namespace: shop", "namespace: other"),
    );
    env.write(
        "base/kustomization.yaml",
        "resources:\n  - api.yaml\n  - api2.yaml\n  - db.yaml\n",
    );
    env.write("overlay/kustomization.yaml", "resources:\n  - ../base\n");
    let (code, _, err) = run(&["overlay", "--deployment", "api"]);
    assert_eq!(code, 1);
    assert!(err.contains("2 workloads named Deployment api"), "{err}");
    std::fs::write(&kust, &before).expect("restore");
    std::fs::remove_file(env.work().join("base/api2.yaml")).expect("rm");
    env.write(
        "base/kustomization.yaml",
        "resources:\n  - api.yaml\n  - db.yaml\n",
    );
    // An unreadable base.
    env.write(
        "base/db.yaml",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: [broken\n",
    );
    let (code, _, err) = run(&["overlay", "--deployment", "api"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: kubectl kustomize") && err.contains("caused by:"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&kust).expect("read"),
        before,
        "untouched"
    );
    assert!(
        !env.work().join("overlay/patches").exists(),
        "no patch written"
    );
    // Missing answer without a terminal: usage error naming the flags.
    env.write(
        "base/db.yaml",
        &base_workload("StatefulSet", "db", "1", "6Gi"),
    );
    let (code, _, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--cpu",
        "--fixed",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("answer with --nat or --no-nat"), "{err}");
    // Every unanswered question is named at once, in one line.
    let (code, _, err) = env.run(&["nodepool", "select", "overlay", "--deployment", "api"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("question 1 (memory per vCPU), question 2 (tolerates rescheduling), question 3 (NAT egress IP) unanswered: answer with --cpu, --mem or --infer; --reschedulable or --fixed; --nat or --no-nat"),
        "{err}"
    );
    // --infer without a CPU request.
    env.write(
        "base/api.yaml",
        &base_workload("Deployment", "api", "500m", "512Mi").replace(
            "requests: {cpu: 500m, memory: 512Mi}",
            "requests: {memory: 512Mi}",
        ),
    );
    let (code, _, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--infer",
        "--fixed",
        "--nat",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("has no CPU request") && err.contains("--cpu or --mem"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&kust).expect("read"), before);
    // An old apiVersion is refused with the way out.
    env.write(
        "base/api.yaml",
        &base_workload("Deployment", "api", "500m", "512Mi")
            .replace("apps/v1", "extensions/v1beta1"),
    );
    let (code, _, err) = run(&["overlay", "--deployment", "api"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is extensions/v1beta1") && err.contains("kubectl abema deprecations"),
        "{err}"
    );
    let leftovers: Vec<_> = walk_names(&env.work());
    assert!(
        !leftovers.iter().any(|n| n.ends_with(".tmp")),
        "{leftovers:?}"
    );
}

fn walk_names(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_names(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}

#[test]
#[ignore = "needs kubectl"]
fn patches_strategic_merge_keeps_working_with_a_warning() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    env.write("overlay/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {replicas: 5}\n");
    env.write(
        "overlay/kustomization.yaml",
        "resources:\n  - ../base\npatchesStrategicMerge:\n  - replicas.yaml\n",
    );
    let (code, _, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--cpu",
        "--fixed",
        "--no-nat",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("'patchesStrategicMerge' is deprecated"),
        "{err}"
    );
    let objects = render(&env, "overlay");
    let api = workload(&objects, "Deployment", "api");
    assert_eq!(api["spec"]["replicas"], 5, "the old patch still applies");
    assert_eq!(
        api["spec"]["template"]["spec"]["affinity"]["nodeAffinity"],
        expected_affinity("public-cpu")
    );
}

#[test]
#[ignore = "needs kubectl"]
fn interactive_prompts_in_a_real_terminal() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
    cmd.current_dir(env.work())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .args(["nodepool", "select", "overlay", "--deployment", "api"]);
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    let mut p = rexpect::spawn_with_options(cmd, options).expect("spawn in a pty");
    p.exp_string("Default yes: inferred from its effective requests")
        .expect("q1 explains its default");
    // Answer only once the prompt waits for a key (the terminal is in raw mode by then).
    let mut answer = |question: &str, choices: &str, key: &str| {
        p.exp_string(question).expect(question);
        p.exp_string(choices).expect(choices);
        std::thread::sleep(std::time::Duration::from_millis(300));
        p.send(key).expect("answer");
        p.flush().expect("flush");
    };
    answer(
        "Does api need at most 2 GiB of memory per vCPU?",
        "[Y/n]",
        "y",
    );
    answer("Can api tolerate being rescheduled?", "[Y/n]", "n");
    answer("Does api need the NAT egress IP?", "[y/N]", "y");
    p.exp_string("pool: private-cpu").expect("decision");
    p.exp_eof().expect("exit");
    let k = std::fs::read_to_string(env.work().join("overlay/kustomization.yaml")).expect("read");
    assert!(
        k.contains("- path: patches/nodepools/private-cpu.yaml"),
        "{k}"
    );
    let objects = render(&env, "overlay");
    let spec = &workload(&objects, "Deployment", "api")["spec"]["template"]["spec"];
    assert_eq!(
        spec["affinity"]["nodeAffinity"],
        expected_affinity("private-cpu")
    );
}

#[test]
#[ignore = "needs kubectl"]
fn check_lints_overlays_files_and_stdin() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    // Before: neither workload has a pool.
    let (code, out, err) = env.run(&["nodepool", "check", "."]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(out.matches("pool-affinity").count(), 2, "{out}");
    assert!(err.contains("checked 2 workloads: 2 violations"), "{err}");
    // The 6 GiB/vCPU StatefulSet on a cpu pool strands CPU; the api is fine.
    assert_eq!(
        env.run(&[
            "nodepool",
            "select",
            "overlay",
            "--deployment",
            "api",
            "--cpu",
            "--reschedulable",
            "--no-nat"
        ])
        .0,
        0
    );
    assert_eq!(
        env.run(&[
            "nodepool",
            "select",
            "overlay",
            "--name",
            "db",
            "--kind",
            "StatefulSet",
            "--cpu",
            "--fixed",
            "--no-nat"
        ])
        .0,
        0
    );
    let (code, out, _) = env.run(&["nodepool", "check", "overlay", "-o", "json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schemaVersion"], "abema.dev/nodepool-check/v1");
    assert_eq!(
        v["summary"],
        json!({"workloads": 2, "violations": 1, "warnings": 0, "errors": 0})
    );
    let db = v["workloads"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["name"] == "db"))
        .expect("db");
    assert_eq!(db["pool"], "public-cpu");
    assert_eq!(db["issues"][0]["rule"], "pool-shape");
    assert!(
        db["issues"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("strands") && m.contains("CPU")),
        "{db}"
    );
    // Rendered output on stdin, and `check` runs the nodepool check too.
    let rendered = std::process::Command::new("kubectl")
        .arg("kustomize")
        .arg(env.work().join("overlay"))
        .output()
        .expect("render");
    let (code, out, _) = env.run_stdin(
        &["nodepool", "check", "-"],
        &String::from_utf8_lossy(&rendered.stdout),
    );
    assert_eq!(code, 3);
    assert!(out.contains("-:"), "{out}");
    let (code, out, _) = env.run(&["check", "overlay", "-o", "json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["checks"][1]["name"], "nodepool");
    assert_eq!(v["checks"][1]["exitCode"], 3);
    // A broken base is an error naming the kustomization, exit 1.
    env.write("base/db.yaml", "kind: [\n");
    let (code, _, err) = env.run(&["nodepool", "check", "overlay"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("overlay/kustomization.yaml:1: kubectl kustomize"),
        "{err}"
    );
}

/// A rendered overlay's workloads are reported where they are written: Kustomize's origin
/// annotation names the base file, the line is the document's there, and `via` names the
/// overlay. A name changed by `namePrefix` or `nameSuffix` is found too, also among several
/// objects of its kind in one file.
#[test]
#[ignore = "needs kubectl"]
fn check_places_rendered_objects_in_their_base_files() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    env.write(
        "prefixed/kustomization.yaml",
        "resources:\n  - ../base\nnamePrefix: eu-\n",
    );
    let two = format!(
        "{}---\n{}",
        base_workload("Deployment", "a", "1", "1Gi"),
        base_workload("Deployment", "b", "1", "1Gi")
    );
    env.write("pair/base/both.yaml", &format!("# two in one file\n{two}"));
    env.write(
        "pair/base/kustomization.yaml",
        "resources:\n  - both.yaml\n",
    );
    env.write(
        "pair/overlay/kustomization.yaml",
        "resources:\n  - ../base\nnameSuffix: -x\n",
    );
    let (code, out, err) = env.run(&["nodepool", "check", ".", "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let mut places: Vec<String> = v["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .map(|w| format!("{} {}:{} via {}", w["name"], w["file"], w["line"], w["via"]))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            r#""a-x" "pair/base/both.yaml":2 via "pair/overlay""#,
            r#""api" "base/api.yaml":1 via "overlay""#,
            r#""b-x" "pair/base/both.yaml":38 via "pair/overlay""#,
            r#""db" "base/db.yaml":1 via "overlay""#,
            r#""eu-api" "base/api.yaml":1 via "prefixed""#,
            r#""eu-db" "base/db.yaml":1 via "prefixed""#,
        ],
        "{out}"
    );
    // The table and `check` say the same, in one column.
    let (_, out, _) = env.run(&["check", "."]);
    assert!(out.contains("base/api.yaml:1 (via prefixed)"), "{out}");
}

#[test]
fn list_and_balloons() {
    let env = Env::new();
    let (code, out, _) = env.run(&["nodepool", "list", "-o", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    let pools = v["pools"].as_array().expect("pools");
    assert_eq!(pools.len(), 8);
    let asg = pools
        .iter()
        .find(|p| p["name"] == "public-cpu-asg")
        .expect("pool");
    assert_eq!(
        asg["clouds"][0],
        json!({"cloud": "gke", "machineType": "n2-custom-8-16384", "allocatable": {"cpu": "7910m", "memory": "13621Mi"}, "balloon": {"cpu": "4746m", "memory": "8172Mi"}})
    );
    assert_eq!(
        asg["clouds"][1]["allocatable"],
        json!({"cpu": "7910m", "memory": "14162Mi"})
    );
    let (_, out, _) = env.run(&["nodepool", "list"]);
    assert!(
        out.contains("memory per vCPU <= 2 GiB?") && out.contains("└── no: public-mem"),
        "{out}"
    );

    let (code, out, err) = env.run(&[
        "nodepool",
        "balloons",
        "--cloud",
        "eks",
        "--out-dir",
        "balloons",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().count(),
        7,
        "priorityclasses, namespace, 4 balloons, kustomization: {out}"
    );
    let (code, _, err) = env.run(&["nodepool", "balloons"]);
    assert_eq!(code, 2);
    assert!(err.contains("--cloud"), "{err}");
}

#[test]
#[ignore = "needs kubectl"]
fn balloons_render_with_kubectl_kustomize() {
    require_tool("kubectl");
    let env = Env::new();
    let (code, _, err) = env.run(&[
        "nodepool",
        "balloons",
        "--cloud",
        "eks",
        "--out-dir",
        "balloons",
    ]);
    assert_eq!(code, 0, "{err}");
    let objects = render(&env, "balloons");
    let pc = workload(&objects, "PriorityClass", "balloon-priority");
    assert_eq!(pc["value"], -5);
    let b = workload(&objects, "Deployment", "balloon-private-mem-asg");
    let spec = &b["spec"]["template"]["spec"];
    assert_eq!(spec["priorityClassName"], "balloon-priority");
    assert_eq!(
        spec["containers"][0]["resources"]["requests"],
        json!({"cpu": "2352m", "memory": "17590Mi"})
    );
    assert_eq!(
        spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
            [0]["matchExpressions"][0]["values"],
        json!(["private-mem-asg"])
    );
}

#[test]
fn unknown_pool_is_a_usage_error_listing_the_pools() {
    let env = Env::new();
    let (code, _, err) = env.run(&["nodepool", "patch", "public-gpu"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown node pool \"public-gpu\"")
            && err.contains("hint: pools: private-cpu, public-cpu"),
        "{err}"
    );
}

#[test]
#[ignore = "needs kubectl"]
fn reschedule_hints_are_shown_never_answered() {
    require_tool("kubectl");
    let env = Env::new();
    tree(&env);
    env.write(
        "base/api.yaml",
        &base_workload("Deployment", "api", "500m", "512Mi")
            .replace("replicas: 3", "replicas: 1")
            .replace(
                "      labels: {app: api}\n    spec:",
                "      labels: {app: api}\n      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\"}\n    spec:",
            ),
    );
    env.write(
        "base/pdb.yaml",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: shop}\nspec:\n  maxUnavailable: 0\n  selector: {matchLabels: {app: api}}\n",
    );
    env.write(
        "base/kustomization.yaml",
        "resources:\n  - api.yaml\n  - db.yaml\n  - pdb.yaml\n",
    );
    let (code, out, err) = env.run(&[
        "nodepool",
        "select",
        "overlay",
        "--deployment",
        "api",
        "--cpu",
        "--reschedulable",
        "--no-nat",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: --reschedulable, but signs it should stay put"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    let detail = v["answers"]["reschedulable"]["detail"]
        .as_str()
        .unwrap_or_default();
    for hint in [
        "safe-to-evict: \"false\"",
        "replicas: 1",
        "PodDisruptionBudget api has maxUnavailable: 0",
    ] {
        assert!(detail.contains(hint), "{detail}");
    }
    assert_eq!(
        v["answers"]["reschedulable"]["value"], true,
        "the flag decides, hints only warn"
    );
}
