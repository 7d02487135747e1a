//! The manifest reader through the real binary (`kubectl abema deprecations`): templates,
//! YAML directives and document ends, comments, JSON streams, top-level lists, the directory
//! walk (hidden directories, links, excludes, .gitignore, skips), special files, encodings and
//! the ignore annotation. Issue 12, items 4 and 5.

mod common;

use common::Env;
use serde_json::Value;

const INGRESS: &str = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n";

fn json(env: &Env, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["deprecations", "-o", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = env.run(&all);
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{out}\nstderr:\n{err}"));
    (code, v, err)
}

fn findings(v: &Value) -> Vec<(String, u64, String, String)> {
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["file"].as_str().unwrap_or_default().to_string(),
                        f["line"].as_u64().unwrap_or_default(),
                        f["kind"].as_str().unwrap_or_default().to_string(),
                        f["name"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every `error:` line is one line `error: FILE:LINE: message`, or `error: FILE: message`
/// where there is no line (a file that cannot be opened).
fn assert_one_line_errors(err: &str, want: usize) {
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), want, "{err}");
    for e in errors {
        let rest = &e["error: ".len()..];
        let parts: Vec<&str> = rest.splitn(3, ": ").collect();
        let (place, message) = (parts.first(), parts.get(1..).map(|m| m.join(": ")));
        let line = place.and_then(|p| p.rsplit_once(':')).map(|(_, l)| l);
        assert!(
            place.is_some_and(|f| !f.is_empty())
                && line.is_none_or(|l| l.parse::<usize>().is_ok_and(|n| n > 0))
                && message.is_some_and(|m| m.len() > 5),
            "not `error: FILE[:LINE]: message`: {e}"
        );
    }
}

#[test]
fn chart_templates_yield_templated_findings_beside_the_error() {
    let env = Env::new();
    env.write(
        "chart/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    );
    env.write("chart/values.yaml", "ingress:\n  enabled: true\n");
    env.write("chart/values-prod.yaml", "ingress:\n  enabled: false\n");
    env.write(
        "chart/templates/ingress.yaml",
        "{{- if .Values.ingress.enabled -}}\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {{ include \"web.fullname\" . }}\n  labels:\n{{ include \"web.labels\" . | indent 4 }}\nspec:\n  rules: []\n{{- end }}\n",
    );
    env.write(
        "chart/templates/pdb.yaml",
        "{{- with .Values.pdb }}\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-pdb\nspec:\n  minAvailable: {{ .min }}\n{{- end }}\n",
    );
    let (code, v, err) = json(&env, &["chart"]);
    assert_eq!(code, 1, "the templates are still errors: {err}");
    assert_eq!(
        findings(&v),
        vec![
            (
                "chart/templates/ingress.yaml".into(),
                2,
                "Ingress".into(),
                "<templated>".into()
            ),
            (
                "chart/templates/pdb.yaml".into(),
                2,
                "PodDisruptionBudget".into(),
                "web-pdb".into()
            ),
        ]
    );
    assert!(
        v["findings"]
            .as_array()
            .is_some_and(|a| a.iter().all(|f| f["templated"] == true))
    );
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(2));
    assert!(v["errors"].as_array().is_some_and(|a| a.iter().all(|e| {
        e["hint"]
            .as_str()
            .is_some_and(|h| h.contains("helm template"))
    })));
    assert_eq!(
        v["summary"]["skipped"], 3,
        "Chart.yaml, values.yaml, values-prod.yaml"
    );
    assert_one_line_errors(&err, 2);
    // The table marks them; -v lists the skipped chart files.
    let (code, out, err) = env.run(&["deprecations", "chart", "-v", "--ignore-errors"]);
    assert_eq!(code, 4);
    assert!(out.contains("removed (templated)"), "{out}");
    assert!(out.contains("<templated>"), "{out}");
    for f in ["Chart.yaml", "values.yaml", "values-prod.yaml"] {
        assert!(
            err.contains(&format!("skipped chart/{f}: a Helm chart's own file")),
            "{f}: {err}"
        );
    }
    assert!(err.contains("3 skipped (-v lists them)"), "{err}");
    // --fix leaves templates alone and says so.
    let (_, out, _) = env.run(&["deprecations", "chart", "--fix", "--dry-run"]);
    assert!(
        out.contains("not fixed chart/templates/ingress.yaml:2 Ingress <templated> (extensions/v1beta1): an unrendered template"),
        "{out}"
    );
}

#[test]
fn templates_outside_a_chart_get_no_helm_hint() {
    let env = Env::new();
    env.write(
        "templates/d.yaml",
        "apiVersion: apps/v1beta2\nkind: Deployment\nmetadata:\n  name: {{ name }}\n",
    );
    let (code, v, err) = json(&env, &["templates"]);
    assert_eq!(code, 1);
    assert!(
        !err.contains("Helm") && err.contains("rendered output"),
        "{err}"
    );
    assert_eq!(findings(&v).len(), 1);
    // A broken document without template expressions is only an error.
    env.write(
        "broken.yaml",
        "apiVersion: apps/v1beta2\nkind: Deployment\nspec: [\n",
    );
    let (code, v, err) = json(&env, &["broken.yaml"]);
    assert_eq!(code, 1);
    assert!(findings(&v).is_empty());
    assert_one_line_errors(&err, 1);
}

// ---- item 5: the YAML stream -------------------------------------------------------------

#[test]
fn directives_document_ends_and_bare_documents_are_read() {
    let env = Env::new();
    env.write(
        "d.yaml",
        &format!("%YAML 1.2\n---\n{INGRESS}...\n%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n{INGRESS}...\n{INGRESS}"),
    );
    let (code, v, err) = json(&env, &["d.yaml"]);
    assert_eq!(code, 4, "removed, not an error: {err}");
    let lines: Vec<u64> = findings(&v).into_iter().map(|f| f.1).collect();
    assert_eq!(lines, vec![3, 11, 16]);
    assert!(!err.contains("from_str"), "{err}");
    // A second document without a marker after `...` parses; garbage still is an error.
    env.write("bad.yaml", &format!("{INGRESS}...\na: b: c\n"));
    let (code, _, err) = json(&env, &["bad.yaml"]);
    assert_eq!(code, 1);
    assert!(!err.contains("from_str"), "{err}");
    assert_one_line_errors(&err, 1);
    assert!(err.contains("error: bad.yaml:6:"), "{err}");
}

#[test]
fn comments_anywhere_are_fine() {
    let env = Env::new();
    let mut text = String::from(
        "# top\napiVersion: extensions/v1beta1 # trailing\nkind: Deployment\nmetadata:\n  name: api\n  labels: {}\n  annotations: {a: b}\nspec:\n  paused:\n",
    );
    for i in 0..40 {
        text.push_str(&format!("  # comment {i}\n"));
    }
    text.push_str("  replicas: 1\n# end\n");
    env.write("c.yaml", &text);
    let (code, v, err) = json(&env, &["c.yaml"]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        findings(&v),
        vec![("c.yaml".into(), 2, "Deployment".into(), "api".into())]
    );
}

#[test]
fn json_streams_and_top_level_lists_are_read() {
    let env = Env::new();
    let obj = |n: &str| {
        format!(
            "{{\"apiVersion\":\"extensions/v1beta1\",\"kind\":\"Ingress\",\"metadata\":{{\"name\":\"{n}\"}}}}"
        )
    };
    env.write(
        "m/cat.json",
        &format!("{}{}\n{}", obj("a"), obj("b"), obj("c")),
    );
    env.write(
        "m/arr.json",
        &format!("[\n  {},\n  {}\n]\n", obj("d"), obj("e")),
    );
    env.write(
        "m/seq.yaml",
        "- apiVersion: extensions/v1beta1\n  kind: Ingress\n  metadata: {name: f}\n- apiVersion: v1\n  kind: Service\n",
    );
    let (code, v, err) = json(&env, &["m"]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        findings(&v),
        vec![
            ("m/arr.json".into(), 2, "Ingress".into(), "d".into()),
            ("m/arr.json".into(), 3, "Ingress".into(), "e".into()),
            ("m/cat.json".into(), 1, "Ingress".into(), "a".into()),
            ("m/cat.json".into(), 1, "Ingress".into(), "b".into()),
            ("m/cat.json".into(), 2, "Ingress".into(), "c".into()),
            ("m/seq.yaml".into(), 1, "Ingress".into(), "f".into()),
        ]
    );
    assert_eq!(v["summary"]["objects"], 7);
    // A broken object in a stream is an error with its line; the others are still read.
    env.write(
        "bad.json",
        &format!(
            "{}\n{{\"apiVersion\": \"v1\", \"kind\": \"Pod\"\n",
            obj("g")
        ),
    );
    let (code, v, err) = json(&env, &["bad.json"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&v).len(), 1);
    assert_one_line_errors(&err, 1);
    assert!(err.contains("error: bad.json:2:"), "{err}");
}

// ---- item 5: the walk --------------------------------------------------------------------

#[test]
fn hidden_directories_are_scanned_and_exclude_leaves_them_out() {
    let env = Env::new();
    env.write(".k8s/deploy.yaml", INGRESS);
    env.write("app/ingress.yaml", INGRESS);
    let (code, v, _) = json(&env, &["."]);
    assert_eq!(code, 4);
    let files: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(files, vec![".k8s/deploy.yaml", "app/ingress.yaml"]);
    let (_, v, _) = json(&env, &[".", "--exclude", ".*"]);
    let files: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(files, vec!["app/ingress.yaml"]);
    assert_eq!(v["summary"]["skipped"], 1);
    assert_eq!(v["skipped"][0]["path"], ".k8s");
    let (_, _, err) = env.run(&["deprecations", ".", "--exclude", "app/*.yaml", "-v"]);
    assert!(
        err.contains("skipped app/ingress.yaml: excluded by --exclude"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_once_and_cycles_skipped() {
    let env = Env::new();
    env.write("real/a.yaml", INGRESS);
    let work = env.work();
    std::os::unix::fs::symlink(work.join("real"), work.join("linked")).expect("symlink");
    std::os::unix::fs::symlink(work.join("real/a.yaml"), work.join("real/b.yaml"))
        .expect("symlink");
    std::os::unix::fs::symlink(&work, work.join("real/up")).expect("symlink");
    std::os::unix::fs::symlink(work.join("nowhere"), work.join("dangling.yaml")).expect("symlink");
    let (code, v, err) = json(&env, &["."]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(findings(&v).len(), 1, "one file, however many links: {v}");
    let skipped = v["skipped"].to_string();
    assert!(skipped.contains("a cycle"), "{skipped}");
    assert!(skipped.contains("read once"), "{skipped}");
    assert!(skipped.contains("dangling"), "{skipped}");
}

#[test]
fn gitignore_only_inside_a_git_work_tree() {
    let env = Env::new();
    env.write("repo/.gitignore", "generated/\n");
    env.write("repo/generated/x.yaml", INGRESS);
    let (code, v, _) = json(&env, &["repo"]);
    assert_eq!(code, 4, "no .git: the .gitignore does not apply");
    assert_eq!(findings(&v).len(), 1);
    std::fs::create_dir_all(env.work().join("repo/.git")).expect("mkdir");
    let (code, v, _) = json(&env, &["repo"]);
    assert_eq!(code, 0, "inside a work tree it does: {v}");
    assert_eq!(v["summary"]["files"], 0, ".git itself is never read");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_on_the_command_line_are_errors_not_hangs() {
    let env = Env::new();
    let fifo = env.work().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    env.write("ok.yaml", INGRESS);
    let started = std::time::Instant::now();
    let (code, out, err) = env.run(&["deprecations", "pipe.yaml", "/dev/zero", "ok.yaml"]);
    assert!(started.elapsed().as_secs() < 30, "must not block");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: pipe.yaml: not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(
        err.contains("error: /dev/zero: not a regular file (a character device)"),
        "{err}"
    );
    assert!(
        out.contains("ok.yaml:1"),
        "other files are still read: {out}"
    );
    assert_one_line_errors(&err, 2);
    // Met in a walk, a FIFO is a skip.
    let (code, v, _) = json(&env, &["."]);
    assert_eq!(code, 4);
    assert!(v["skipped"].to_string().contains("a FIFO"), "{v}");
}

#[test]
fn utf16_is_named() {
    let env = Env::new();
    let mut bytes = vec![0xFF, 0xFE];
    for u in INGRESS.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(env.work().join("u.yaml"), &bytes).expect("write");
    let (code, _, err) = env.run(&["deprecations", "u.yaml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: u.yaml:1: UTF-16LE (byte-order mark) text; Kubernetes manifests must be UTF-8: re-save it as UTF-8"),
        "{err}"
    );
    assert_one_line_errors(&err, 1);
}

#[test]
fn an_ignore_annotation_needs_a_reason() {
    let env = Env::new();
    env.write(
        "i.yaml",
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    abema.dev/ignore-deprecations: \"\"\n---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\n  annotations:\n    abema.dev/ignore-deprecations: migrated in PLAT-12\n",
    );
    let (code, v, err) = json(&env, &["i.yaml"]);
    assert_eq!(code, 4, "the empty reason is not honoured: {err}");
    assert_eq!(v["summary"]["removed"], 1);
    assert_eq!(v["summary"]["ignored"], 1);
    assert!(
        err.contains(
            "warning: i.yaml:1: the abema.dev/ignore-deprecations annotation has an empty reason"
        ),
        "{err}"
    );
    assert_eq!(v["notes"].as_array().map(Vec::len), Some(1));
}

// ---- item 6: streamed output -------------------------------------------------------------

#[test]
fn every_format_streams_thousands_of_findings_from_one_file() {
    let env = Env::new();
    let n = 2_500;
    let mut text = String::new();
    for i in 0..n {
        let name = if i == n - 1 {
            "a-much-longer-name-in-the-last-chunk".to_string()
        } else {
            format!("web-{i}")
        };
        text.push_str(&format!(
            "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {name}\n---\n"
        ));
    }
    env.write("big.yaml", &text);
    let (code, v, _) = json(&env, &["big.yaml"]);
    assert_eq!(code, 4);
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(n));
    assert_eq!(v["summary"]["removed"], n);
    let (_, out, _) = env.run(&["deprecations", "-o", "yaml", "big.yaml"]);
    assert_eq!(out.matches("\n- file: big.yaml\n").count(), n, "YAML items");
    assert!(out.contains("\nsummary:\n"), "summary last");
    let (_, out, _) = env.run(&["deprecations", "-o", "csv", "big.yaml"]);
    assert_eq!(out.lines().count(), n + 1);
    let (_, out, _) = env.run(&["deprecations", "-o", "sarif", "big.yaml"]);
    let sarif: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(n)
    );
    let (_, out, _) = env.run(&["deprecations", "-o", "junit", "big.yaml"]);
    assert!(
        out.contains(&format!("tests=\"{n}\" failures=\"{n}\"")),
        "{}",
        &out[..300]
    );
    assert_eq!(out.matches("<testcase ").count(), n);
    assert!(out.ends_with("</testsuites>\n"));
    // The table is aligned per chunk of 1,000 rows; a wider name in the last chunk widens
    // only that chunk's column.
    let (_, out, _) = env.run(&["deprecations", "big.yaml"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), n + 1, "one header");
    assert!(lines[0].starts_with("NAME      NAMESPACE"), "{}", lines[0]);
    assert!(lines[1].starts_with("web-0     -"), "{}", lines[1]);
    assert!(
        lines[n].starts_with("a-much-longer-name-in-the-last-chunk   -"),
        "{}",
        lines[n]
    );
    let last_chunk = format!("{:<39}-", "web-2498");
    assert!(lines[n - 1].starts_with(&last_chunk), "{}", lines[n - 1]);
}

#[test]
fn a_config_ignore_rule_needs_a_reason_too() {
    let env = Env::new();
    env.write(
        ".abema.yaml",
        "deprecations:\n  ignore:\n    - kind: Ingress\n      reason: \"  \"\n",
    );
    env.write("i.yaml", INGRESS);
    let (code, _, err) = env.run(&["deprecations", "i.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("deprecations.ignore: rule 0 has an empty reason"),
        "{err}"
    );
}
