//! Unit and property tests of the manifest reader.

use super::*;
use proptest::prelude::*;

fn kinds(m: &FileManifests) -> Vec<(String, String, Option<String>, usize)> {
    m.objects
        .iter()
        .map(|o| {
            (
                o.api_version.clone(),
                o.kind.clone(),
                o.name.clone(),
                o.source.line,
            )
        })
        .collect()
}

#[test]
fn reads_multi_document_yaml_with_lines() {
    let text = "# c\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: shop\n---\n\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n";
    let m = parse_file("f.yaml", text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        kinds(&m),
        vec![
            ("v1".into(), "Service".into(), Some("a".into()), 2),
            ("apps/v1".into(), "Deployment".into(), Some("b".into()), 9)
        ]
    );
    assert_eq!(m.objects[0].namespace.as_deref(), Some("shop"));
    assert_eq!(m.objects[1].source.document, 1);
}

#[test]
fn expands_lists_with_item_lines() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1beta1\n  kind: CronJob\n  metadata: {name: c}\n- apiVersion: v1\n  kind: ConfigMap\n";
    let m = parse_file("l.yaml", text);
    assert_eq!(
        kinds(&m),
        vec![
            (
                "batch/v1beta1".into(),
                "CronJob".into(),
                Some("c".into()),
                4
            ),
            ("v1".into(), "ConfigMap".into(), None, 7)
        ]
    );
}

#[test]
fn expands_typed_lists_and_json() {
    let text = r#"{"apiVersion":"autoscaling/v2beta1","kind":"HorizontalPodAutoscalerList","items":[{"apiVersion":"autoscaling/v2beta1","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"}}]}"#;
    let m = parse_file("l.json", text);
    assert_eq!(
        kinds(&m),
        vec![(
            "autoscaling/v2beta1".into(),
            "HorizontalPodAutoscaler".into(),
            Some("h".into()),
            1
        )]
    );
}

#[test]
fn documents_without_api_version_or_kind_are_not_objects_nor_errors() {
    for text in [
        "replicaCount: 1\nimage: {tag: x}\n",
        "resources:\n- a.yaml\n",
        "- 1\n- 2\n",
        "just text\n",
        "{}",
        "",
        "~",
    ] {
        let m = parse_file("v.yaml", text);
        assert!(
            m.objects.is_empty() && m.problems.is_empty(),
            "{text:?}: {m:?}"
        );
    }
}

#[test]
fn odd_but_valid_values_are_read() {
    // Numeric names and keys, list-shaped annotations (a kubent fixture), null metadata.
    let m = parse_file(
        "o.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 123\n  annotations: [a, b]\ndata:\n  80: http\n",
    );
    assert_eq!(
        kinds(&m),
        vec![("v1".into(), "ConfigMap".into(), Some("123".into()), 1)]
    );
    let m = parse_file(
        "n.yaml",
        "apiVersion: authorization.k8s.io/v1beta1\nkind: SelfSubjectAccessReview\nmetadata:\n",
    );
    assert_eq!(m.objects.len(), 1);
    assert_eq!(m.objects[0].name, None);
}

#[test]
fn broken_document_is_reported_and_others_still_read() {
    let text = "apiVersion: v1\nkind: A\nmetadata:\n  labels: [x\n---\napiVersion: v1\nkind: B\n";
    let m = parse_file("b.yaml", text);
    assert_eq!(m.objects.len(), 1);
    assert_eq!(m.problems.len(), 1);
    assert_eq!(m.problems[0].location(), "b.yaml:4");
    assert!(
        m.problems[0].message.starts_with("invalid YAML"),
        "{:?}",
        m.problems[0]
    );
}

#[test]
fn helm_templates_get_a_hint() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"x\" . }}\n";
    let m = parse_file("t.yaml", text);
    assert_eq!(m.problems.len(), 1);
    assert!(
        m.problems[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("helm template")
    );
    let quoted =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"{{ .Release.Name }}\"\n";
    let m = parse_file("q.yaml", quoted);
    assert_eq!(
        m.problems.len(),
        1,
        "a quoted template expression still is not a manifest"
    );
}

#[test]
fn template_braces_in_values_are_fine() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  rule: 'summary: {{ $labels.instance }} down'\n";
    let m = parse_file("c.yaml", text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn billion_laughs_fails_cleanly() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    text.push_str("apiVersion: v1\nkind: ConfigMap\n");
    let m = parse_file("lol.yaml", &text);
    assert_eq!(m.problems.len(), 1);
    assert!(
        m.problems[0].message.contains("budget"),
        "{:?}",
        m.problems[0]
    );
}

#[test]
fn deep_nesting_fails_cleanly() {
    let text = format!(
        "apiVersion: v1\nkind: X\nspec: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let m = parse_file("deep.yaml", &text);
    assert_eq!(m.problems.len(), 1);
}

#[test]
fn binary_and_invalid_utf8_are_refused_with_a_line() {
    let err = input::decode("b.bin", b"a: 1\nb: \x00".to_vec()).expect_err("NUL is binary");
    assert_eq!(err.location(), "b.bin:2");
    let err = input::decode("l.yaml", b"a: 1\nb: 2\nc: caf\xe9\n".to_vec()).expect_err("latin-1");
    assert_eq!(err.location(), "l.yaml:3");
    assert_eq!(
        input::decode("bom.yaml", b"\xef\xbb\xbfa: 1\n".to_vec())
            .ok()
            .as_deref(),
        Some("a: 1\n")
    );
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: 2 GB of nothing costs no disk and must cost no memory either.
    file.set_len(2 * 1024 * 1024 * 1024).expect("set_len");
    let err = read_input(&InputFile::Path(path)).expect_err("over budget");
    assert!(
        err.message.contains("larger than the 64 MiB limit"),
        "{err:?}"
    );
}

#[test]
fn directories_are_walked_gitignore_aware_with_extension_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
    for f in [
        "a/x.yaml",
        "a/b/y.yml",
        "a/b/z.json",
        "a/notes.txt",
        "a/ignored.yaml",
        "a/b/chart.tpl",
    ] {
        std::fs::write(root.join(f), "{}").expect("write");
    }
    std::fs::write(root.join(".gitignore"), "ignored.yaml\n").expect("write");
    let (files, problems) = expand_inputs(&[root.to_path_buf(), root.join("missing.yaml")]);
    let mut names: Vec<String> = files
        .iter()
        .map(|f| {
            f.display()
                .trim_start_matches(&root.display().to_string())
                .to_string()
        })
        .collect();
    names.sort();
    assert_eq!(names, vec!["/a/b/y.yml", "/a/b/z.json", "/a/x.yaml"]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].file.ends_with("missing.yaml"));
}

/// Kind-like words, except YAML's null words (`Null`, `NULL`), which are null in any YAML.
fn kind() -> impl Strategy<Value = String> {
    "[A-Z][a-zA-Z]{0,10}".prop_filter("YAML null", |k| !matches!(k.as_str(), "Null" | "NULL"))
}

proptest! {
    /// The reader never panics, whatever the bytes.
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = parse_file("fuzz.yaml", &text);
    }

    /// YAML-ish noise built from the characters that matter to the parser.
    #[test]
    fn never_panics_on_yaml_shaped_noise(text in "[-:{}\\[\\]&*!|>'\"#%@` \\n\\ta-z0-9]{0,300}") {
        let _ = parse_file("fuzz.yaml", &text);
    }

    /// Generated objects come back with their fields and lines, in order.
    #[test]
    fn generated_objects_round_trip(objs in prop::collection::vec(("[a-z]{1,8}(/v[0-9])?", kind(), "[a-z0-9-]{1,12}", 0usize..3), 1..8)) {
        let mut text = String::new();
        let mut expected = Vec::new();
        let mut line = 1;
        for (api, kind, name, blank) in &objs {
            text.push_str("---\n");
            line += 1;
            for _ in 0..*blank { text.push('\n'); line += 1; }
            expected.push((api.clone(), kind.clone(), Some(name.clone()), line));
            text.push_str(&format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: \"{name}\"\n"));
            line += 4;
        }
        let m = parse_file("gen.yaml", &text);
        prop_assert!(m.problems.is_empty(), "{:?}", m.problems);
        prop_assert_eq!(kinds(&m), expected);
    }
}
