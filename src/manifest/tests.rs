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
    let helm = FileContext {
        helm_template: true,
    };
    let m = parse_file_in("t.yaml", text, helm);
    assert_eq!(m.problems.len(), 1);
    assert!(
        m.problems[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("helm template")
    );
    // The literal apiVersion and kind still make an object, marked templated.
    assert_eq!(m.objects.len(), 1);
    let o = &m.objects[0];
    assert!(o.templated);
    assert_eq!(
        (
            o.api_version.as_str(),
            o.kind.as_str(),
            o.name.as_deref(),
            o.source.line
        ),
        ("apps/v1", "Deployment", Some(TEMPLATED_NAME), 1)
    );
    // Outside a chart's templates/ the hint does not speak of Helm.
    let m = parse_file("t.yaml", text);
    let hint = m.problems[0].hint.as_deref().unwrap_or_default();
    assert!(
        !hint.contains("helm") && hint.contains("rendered output"),
        "{hint}"
    );
    let quoted =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"{{ .Release.Name }}\"\n";
    let m = parse_file("q.yaml", quoted);
    assert_eq!(
        m.problems.len(),
        1,
        "a quoted template expression still is not a manifest"
    );
    assert_eq!(m.objects.len(), 1);
    assert!(m.objects[0].templated);
    assert_eq!(m.objects[0].name.as_deref(), Some(TEMPLATED_NAME));
}

#[test]
fn directives_document_ends_and_bare_documents() {
    let text = "%YAML 1.2\n%TAG !k! tag:k8s,2024:\n---\napiVersion: v1\nkind: Service\nmetadata: &m {name: a}\n...\n# bare, after the end marker\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n...\n";
    let m = parse_file("d.yaml", text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        kinds(&m),
        vec![
            ("v1".into(), "Service".into(), Some("a".into()), 4),
            ("v1".into(), "ConfigMap".into(), Some("b".into()), 9)
        ]
    );
}

#[test]
fn many_comments_after_a_null_value_are_fine() {
    // A flow value and an anchor send the document to the parser; a null key followed by
    // more than 32 comment lines used to fail with "too many buffered comments".
    let mut text = String::from(
        "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: &n web\n  labels: {}\nspec:\n  paused:\n",
    );
    for i in 0..200 {
        text.push_str(&format!("  # comment {i}\n"));
    }
    text.push_str("  replicas: 1\n");
    let m = parse_file("c.yaml", &text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.objects.len(), 1);
}

#[test]
fn top_level_sequences_and_json_streams() {
    let seq = "# a list of objects\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- just a string\n- apiVersion: apps/v1\n  kind: Deployment\n";
    let m = parse_file("s.yaml", seq);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        kinds(&m),
        vec![
            ("v1".into(), "Service".into(), Some("a".into()), 2),
            ("apps/v1".into(), "Deployment".into(), None, 6)
        ]
    );
    let json = "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}\n[\n {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"},\n {\"apiVersion\":\"v1\",\"kind\":\"Secret\"}\n]\n";
    let m = parse_file("j.json", json);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let found: Vec<(String, usize, usize)> = m
        .objects
        .iter()
        .map(|o| (o.kind.clone(), o.source.line, o.source.document))
        .collect();
    assert_eq!(
        found,
        vec![
            ("Service".into(), 1, 0),
            ("Pod".into(), 1, 1),
            ("ConfigMap".into(), 3, 2),
            ("Secret".into(), 4, 3)
        ]
    );
    // parse_file_values pairs each with its content.
    let (values, problems) = parse_file_values("j.json", json);
    assert!(problems.is_empty());
    assert_eq!(values.len(), 4);
    assert_eq!(values[3].value["kind"], "Secret");
    let (values, _) = parse_file_values("s.yaml", seq);
    assert_eq!(values.len(), 2);
    assert_eq!(values[1].value["kind"], "Deployment");
}

#[test]
fn library_hints_do_not_leak_into_messages() {
    let err = serde_saphyr::from_str_with_options::<Head>("a: 1\n---\nb: 2\n", parse_options())
        .expect_err("two documents");
    let (_, message) = yaml_error(&err, 1);
    assert!(!message.contains("from_str"), "{message}");
}

#[test]
fn utf16_is_named_and_special_files_are_refused() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "apiVersion: v1\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let err = input::decode("u.yaml", utf16.clone()).expect_err("UTF-16");
    assert!(
        err.message.contains("UTF-16LE") && err.message.contains("re-save"),
        "{err:?}"
    );
    let err = input::decode("u.yaml", utf16[2..].to_vec()).expect_err("UTF-16 without BOM");
    assert!(
        err.message.contains("UTF-16LE (no byte-order mark)"),
        "{err:?}"
    );
    let (files, problems) = expand_inputs(&[std::path::PathBuf::from("/dev/null")]);
    assert!(files.is_empty());
    assert!(
        problems[0].message.contains("a character device"),
        "{problems:?}"
    );
}

#[test]
fn walks_hidden_dirs_follow_links_once_and_list_skips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for f in [".k8s/deploy.yaml", "chart/templates/d.yaml", "real/x.yaml"] {
        std::fs::create_dir_all(root.join(f).parent().expect("parent")).expect("mkdir");
        std::fs::write(root.join(f), "{}").expect("write");
    }
    for f in [
        "chart/Chart.yaml",
        "chart/values.yaml",
        "chart/values-prod.yaml",
        "values-x.yaml",
    ] {
        std::fs::write(root.join(f), "a: 1\n").expect("write");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).expect("symlink");
        std::os::unix::fs::symlink(root, root.join("real/loop")).expect("symlink");
    }
    let e = expand_inputs_with(&[root.to_path_buf()], &WalkOptions::default());
    let rel = |p: &str| {
        p.trim_start_matches(&root.display().to_string())
            .to_string()
    };
    let files: Vec<String> = e.files.iter().map(|f| rel(&f.display())).collect();
    assert_eq!(
        files,
        vec![
            "/.k8s/deploy.yaml",
            "/chart/templates/d.yaml",
            "/link/x.yaml",
            "/values-x.yaml"
        ]
    );
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    let skipped: Vec<(String, String)> = e
        .skipped
        .iter()
        .map(|s| (rel(&s.path), s.reason.clone()))
        .collect();
    let reasons = format!("{skipped:?}");
    for want in [
        "/chart/Chart.yaml",
        "/chart/values.yaml",
        "/chart/values-prod.yaml",
        "/real/x.yaml\", \"the same file as",
        "a cycle",
    ] {
        assert!(reasons.contains(want), "{want} in {reasons}");
    }
    let e = expand_inputs_with(
        &[root.to_path_buf()],
        &WalkOptions {
            exclude: vec![".*".into(), "link".into()],
        },
    );
    let files: Vec<String> = e.files.iter().map(|f| rel(&f.display())).collect();
    assert_eq!(
        files,
        vec!["/chart/templates/d.yaml", "/real/x.yaml", "/values-x.yaml"]
    );
    assert!(format!("{:?}", e.skipped).contains("excluded by --exclude"));
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
    // Outside a Git work tree the .gitignore is not honoured.
    let (files, _) = expand_inputs(&[root.to_path_buf()]);
    assert_eq!(files.len(), 4);
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    std::fs::write(root.join(".git/config.yaml"), "{}").expect("write");
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

// ---- the fast path agrees with the parser --------------------------------------------------

pub(super) mod fast_path {
    use super::super::fast::{self, FastHead};
    use super::super::head::Head;
    use proptest::prelude::*;

    /// What the full parser reads: `Err` for a parse error, `Ok(None)` for a non-object.
    fn full(text: &str) -> Result<Option<FastHead>, String> {
        match serde_saphyr::from_str_with_options::<Head>(text, super::super::parse_options()) {
            Ok(Head::Object(h)) => Ok(Some(FastHead {
                api_version: h.api_version,
                kind: h.kind,
                name: h.name,
                namespace: h.namespace,
                ignore_deprecations: h.ignore_deprecations,
            })),
            Ok(Head::NotAnObject | Head::Sequence(_)) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn agree(text: &str) -> Result<bool, TestCaseError> {
        match fast::head(text) {
            None => Ok(false),
            Some(h) => {
                prop_assert_eq!(full(text), Ok(Some(h)), "fast path accepted:\n{}", text);
                Ok(true)
            }
        }
    }

    pub(super) fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9.-]{0,12}",
            "[a-z]{1,6}/v[0-9](beta[0-9])?",
            "\"[a-z0-9 :#/.-]{0,12}\"",
            "'[a-z0-9 :#/.\"-]{0,12}'",
            "[0-9]{1,4}",
            Just("true".to_string()),
            Just("~".to_string()),
            Just("-Xmx1g -Xms1g".to_string()),
            Just("http://example.com:8080/x".to_string()),
        ]
    }

    pub(super) fn flow() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("{}".to_string()),
            Just("[]".to_string()),
            proptest::collection::vec(scalar(), 1..4).prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec(("[a-z]{1,6}", scalar()), 1..3).prop_map(|v| format!(
                "{{{}}}",
                v.iter()
                    .map(|(k, s)| format!("{k}: {s}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ]
    }

    /// A block node at `indent` under a key: a scalar, a flow collection, a nested mapping,
    /// a sequence or a block scalar.
    pub(super) fn body(depth: u32) -> BoxedStrategy<Vec<(String, String)>> {
        let leaf = prop_oneof![
            scalar().prop_map(|s| vec![(format!(" {s}"), String::new())]),
            flow().prop_map(|f| vec![(format!(" {f}"), String::new())]),
            Just(vec![(
                " |".to_string(),
                "  line one\n  line: two # not a comment\n".to_string()
            )]),
        ];
        if depth == 0 {
            return leaf.boxed();
        }
        prop_oneof![
            leaf,
            proptest::collection::vec(("[a-z][a-zA-Z.]{0,8}", body(depth - 1)), 1..4).prop_map(
                |entries| {
                    let mut nested = String::new();
                    let mut seen = std::collections::BTreeSet::new();
                    for (k, b) in entries {
                        if !seen.insert(k.clone()) {
                            continue;
                        }
                        for (head, tail) in b {
                            nested.push_str(&format!("  {k}:{head}\n"));
                            for l in tail.lines() {
                                nested.push_str(&format!("  {l}\n"));
                            }
                        }
                    }
                    vec![(String::new(), nested)]
                }
            ),
            proptest::collection::vec(scalar(), 1..3).prop_map(|items| {
                vec![(
                    String::new(),
                    items.iter().map(|s| format!("  - {s}\n")).collect(),
                )]
            }),
        ]
        .boxed()
    }

    /// Heads are mostly plain or quoted names; a null (`~`) head is rare and left to the parser.
    fn head_scalar() -> impl Strategy<Value = String> {
        prop_oneof![9 => scalar().prop_filter("not null", |s| s != "~"), 1 => Just("~".to_string())]
    }

    pub(super) fn document() -> impl Strategy<Value = String> {
        (
            head_scalar(),
            head_scalar(),
            head_scalar(),
            proptest::option::of(head_scalar()),
            proptest::collection::vec(("[a-z][a-zA-Z]{0,8}", body(2)), 0..4),
            any::<bool>(),
        )
            .prop_map(|(api, kind, name, ns, rest, comment)| {
                let mut doc = String::new();
                if comment {
                    doc.push_str("# a comment\n");
                }
                doc.push_str(&format!(
                    "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n"
                ));
                if let Some(ns) = ns {
                    doc.push_str(&format!("  namespace: {ns}\n"));
                }
                let mut seen = std::collections::BTreeSet::new();
                for (k, b) in rest {
                    if ["apiVersion", "kind", "metadata"].contains(&k.as_str())
                        || !seen.insert(k.clone())
                    {
                        continue;
                    }
                    for (head, tail) in b {
                        doc.push_str(&format!("{k}:{head}\n{tail}"));
                    }
                }
                doc
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// On generated block-style manifests both paths read the same head, and the fast path
        /// takes most of them.
        #[test]
        fn agrees_on_generated_documents(doc in document()) {
            agree(&doc)?;
        }

        /// Mutations (a YAML-significant character inserted anywhere): whenever the fast path
        /// still accepts, the parser reads the same head; it never accepts what the parser
        /// rejects.
        #[test]
        fn never_accepts_what_the_parser_rejects(doc in document(), at in any::<prop::sample::Index>(), c in prop::sample::select(vec![':', '-', ' ', '#', '"', '\'', '[', '{', '}', ']', ',', '&', '*', '!', '|', '>', '\n', '?', '%', '\t'])) {
            let i = at.index(doc.len() + 1);
            let mut mutated = doc.clone();
            if mutated.is_char_boundary(i) {
                mutated.insert(i, c);
                agree(&mutated)?;
            }
        }
    }

    #[test]
    fn takes_the_common_shapes_and_refuses_the_rest() {
        let ok = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # the app\n  namespace: \"shop\"\n  annotations:\n    abema.dev/ignore-deprecations: 'migrating in PLAT-1'\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          args: [\"--a\", \"--b=c\"]\n          resources: {requests: {cpu: 1}}\n          command:\n          - sh\n          - -c\n          - |\n            echo: hi\n      volumes: []\n";
        for marked in ["---\n", "--- \r\n", "--- ## a\n", "---  #a\n"] {
            let text = format!("{marked}apiVersion: v1\nkind: Pod\n");
            let h = fast::head(&text).expect("in the subset");
            assert_eq!(Ok(Some(h)), full(&text), "{text:?}");
        }
        let h = fast::head(ok).expect("in the subset");
        assert_eq!(Ok(Some(h.clone())), full(ok));
        assert_eq!(
            h.ignore_deprecations.as_deref(),
            Some("migrating in PLAT-1")
        );
        for refused in [
            "apiVersion: v1\nkind: List\nitems: []\n",
            "apiVersion: v1\nkind: &k Pod\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n",
            "apiVersion: v1\nkind: Pod\nkind: Pod\n",
            "apiVersion: v1\nkind: Pod\nspec:\n  a: b\n   c: d\n",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\\tb\"\n",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: multi\n    line\n",
            "\"apiVersion\": v1\nkind: Pod\n",
            "apiVersion: v1\nkind: Pod\nspec: [a, {b: c}, \n",
            // A lone `\r` breaks the marker's comment: the quote starts the body.
            "--- # a\r\"\napiVersion: v1\nkind: Pod\n",
            "---# a\napiVersion: v1\nkind: Pod\n",
            "---\t# a\napiVersion: v1\nkind: Pod\n",
        ] {
            assert!(fast::head(refused).is_none(), "{refused:?}");
        }
    }
}

// ---- the workload fast path agrees with the parser -----------------------------------------

mod fast_spec_path {
    use super::super::fast_spec::{WORKLOAD, project, workload_fields};
    use super::fast_path::{body, scalar};
    use proptest::prelude::*;

    /// What the full parser reads, restricted to the workload fields.
    fn full(text: &str) -> Result<Option<serde_json::Value>, String> {
        serde_saphyr::from_str_with_options::<serde_json::Value>(
            text,
            super::super::parse_options(),
        )
        .map(|v| project(v, WORKLOAD))
        .map_err(|e| e.to_string())
    }

    fn agree(text: &str) -> Result<bool, TestCaseError> {
        match workload_fields(text) {
            None => Ok(false),
            Some(v) => {
                prop_assert_eq!(full(text), Ok(Some(v)), "fast path accepted:\n{}", text);
                Ok(true)
            }
        }
    }

    /// Values of the kept fields: quantities, names, and scalars whose type is a trap.
    fn leaf() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => "[0-9]{1,4}(m|Mi|Gi|Ki|k|M|G)?",
            1 => "[0-9]\\.[0-9]{1,2}(Gi)?",
            4 => scalar(),
            1 => "\"[0-9a-zA-Z]{0,4}\"",
            1 => prop::sample::select(vec![
                "1e3", "0x10", "0o7", "010", "00", "-0", "+1", "1_000", "yes", "No", "on", "OFF",
                "y", "tRue", "FALSE", "Null", "nULL", "~", ".inf", "-.Inf", ".nan", "1e999",
                "nan", "inf", "2001-12-14", "1:20", "5.", ".5", "-3", "9223372036854775808",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// A mapping of `keys` (some of them) to leaf values, as a block (`(text after the
    /// colon, the lines below)`) or a flow mapping.
    fn mapping(keys: &'static [&'static str]) -> impl Strategy<Value = (String, Vec<String>)> {
        (
            prop::collection::vec((prop::sample::select(keys), leaf()), 0..4),
            any::<bool>(),
        )
            .prop_map(|(entries, block)| {
                let mut seen = std::collections::BTreeSet::new();
                let entries: Vec<String> = entries
                    .into_iter()
                    .filter(|(k, _)| seen.insert(*k))
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                if block && !entries.is_empty() {
                    (String::new(), entries)
                } else {
                    (format!(" {{{}}}", entries.join(", ")), Vec::new())
                }
            })
    }

    /// `key:` and its node, at `pad` spaces.
    fn render(out: &mut String, pad: usize, key: &str, (head, lines): &(String, Vec<String>)) {
        let sp = " ".repeat(pad);
        out.push_str(&format!("{sp}{key}:{head}\n"));
        for l in lines {
            out.push_str(&format!("{sp}  {l}\n"));
        }
    }

    /// The `body` generator's entries (scalars, flows, nested blocks, block scalars), at `pad`.
    fn extras(
        out: &mut String,
        pad: usize,
        extra: &[(String, Vec<(String, String)>)],
        taken: &[&str],
    ) {
        let sp = " ".repeat(pad);
        let mut seen = std::collections::BTreeSet::new();
        for (k, b) in extra {
            if taken.contains(&k.as_str()) || !seen.insert(k.clone()) {
                continue;
            }
            for (head, tail) in b {
                out.push_str(&format!("{sp}{k}:{head}\n"));
                for l in tail.lines() {
                    out.push_str(&format!("{sp}{l}\n"));
                }
            }
        }
    }

    fn resources() -> impl Strategy<Value = (String, Vec<String>)> {
        (mapping(&["cpu", "memory"]), mapping(&["memory", "cpu"])).prop_map(|(requests, limits)| {
            let mut text = String::new();
            render(&mut text, 0, "requests", &requests);
            render(&mut text, 0, "limits", &limits);
            (String::new(), text.lines().map(str::to_string).collect())
        })
    }

    /// Names: mostly what Kubernetes allows, sometimes any generated scalar.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![4 => "[a-z][a-z0-9-]{0,10}", 1 => scalar()]
    }

    fn container() -> impl Strategy<Value = String> {
        (
            name(),
            resources(),
            proptest::option::of(prop::sample::select(vec![
                "Always",
                "Always",
                "OnFailure",
                "yes",
            ])),
            prop::collection::vec(("[a-z][a-zA-Z]{0,8}", body(1)), 0..3),
        )
            .prop_map(|(name, resources, restart, extra)| {
                // The item's mapping at column 2 of its own text; indented by the caller.
                let mut text = format!("name: {name}\n");
                render(&mut text, 0, "resources", &resources);
                if let Some(r) = restart {
                    text.push_str(&format!("restartPolicy: {r}\n"));
                }
                extras(
                    &mut text,
                    0,
                    &extra,
                    &["name", "resources", "restartPolicy"],
                );
                text
            })
    }

    fn affinity() -> impl Strategy<Value = String> {
        (prop::collection::vec(leaf(), 1..3), 0..3u8).prop_map(|(values, style)| match style {
            0 => format!(
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: pool\n          operator: In\n          values:\n{}  podAntiAffinity: {{}}\n",
                values.iter().map(|v| format!("          - {v}\n")).collect::<String>()
            ),
            1 => format!(
                "affinity: {{nodeAffinity: {{requiredDuringSchedulingIgnoredDuringExecution: {{nodeSelectorTerms: [{{matchExpressions: [{{key: pool, operator: In, values: [{}]}}]}}]}}}}}}\n",
                values.join(", ")
            ),
            _ => format!("affinity:\n  podAffinity:\n    x: {}\n", values[0]),
        })
    }

    /// A Deployment in the shapes manifests take, with traps in the kept fields.
    pub(super) fn deployment() -> impl Strategy<Value = String> {
        (
            (name(), proptest::option::of(name())),
            proptest::option::of(leaf()),
            proptest::option::of(affinity()),
            prop::collection::vec(container(), 0..3),
            prop::collection::vec(container(), 0..2),
            proptest::option::of(mapping(&["cpu", "memory"])),
            prop::collection::vec(("[a-z][a-zA-Z]{0,8}", body(2)), 0..3),
            (any::<bool>(), any::<bool>(), any::<bool>()),
        )
            .prop_map(|((name, ns), pc, affinity, containers, inits, overhead, extra, (compact, crlf, marker))| {
                let mut doc = String::new();
                if marker {
                    doc.push_str("--- # a marker\n");
                }
                doc.push_str(&format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n"));
                if let Some(ns) = ns {
                    doc.push_str(&format!("  namespace: {ns}\n"));
                }
                doc.push_str("spec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n");
                let pad = "      ";
                if let Some(pc) = pc {
                    doc.push_str(&format!("{pad}priorityClassName: {pc} # the class\n"));
                }
                if let Some(a) = affinity {
                    for l in a.lines() {
                        doc.push_str(&format!("{pad}{l}\n"));
                    }
                }
                for (key, list) in [("containers", &containers), ("initContainers", &inits)] {
                    if list.is_empty() {
                        doc.push_str(&format!("{pad}{key}: []\n"));
                        continue;
                    }
                    doc.push_str(&format!("{pad}{key}:\n"));
                    let dash = if compact { pad.to_string() } else { format!("{pad}  ") };
                    for c in list {
                        for (n, l) in c.lines().enumerate() {
                            let lead = if n == 0 { "- " } else { "  " };
                            doc.push_str(&format!("{dash}{lead}{l}\n"));
                        }
                    }
                }
                if let Some(o) = overhead {
                    render(&mut doc, 6, "overhead", &o);
                }
                extras(&mut doc, 6, &extra, &["priorityClassName", "affinity", "containers", "initContainers", "overhead"]);
                if crlf {
                    doc = doc.replace('\n', "\r\n");
                }
                doc
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// On generated Deployments the fast path reads what the parser reads.
        #[test]
        fn agrees_on_generated_deployments(doc in deployment()) {
            agree(&doc)?;
        }

        /// Mutations (a YAML-significant character inserted anywhere): whenever the fast path
        /// still accepts, the parser succeeds and reads the same fields.
        #[test]
        fn never_accepts_what_the_parser_reads_otherwise(doc in deployment(), at in any::<prop::sample::Index>(), c in prop::sample::select(vec![':', '-', ' ', '#', '"', '\'', '[', '{', '}', ']', ',', '&', '*', '!', '|', '>', '\n', '?', '%', '\t', '.', '0', 'e'])) {
            let i = at.index(doc.len() + 1);
            let mut mutated = doc.clone();
            if mutated.is_char_boundary(i) {
                mutated.insert(i, c);
                agree(&mutated)?;
            }
        }
    }

    fn doc(cpu: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        resources:\n          requests:\n            cpu: {cpu}\n"
        )
    }

    fn cpu(text: &str) -> Option<serde_json::Value> {
        workload_fields(text).map(|v| {
            v["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"].clone()
        })
    }

    /// Scalars whose type is not certain are left to the parser; the certain ones read as the
    /// parser reads them.
    #[test]
    fn tricky_scalars() {
        for refused in [
            "1.5",
            "1e3",
            "1E3",
            "0x10",
            "0o10",
            "010",
            "00",
            "-0",
            "+1",
            "1_000",
            "yes",
            "Yes",
            "on",
            "Off",
            "y",
            "N",
            "tRue",
            ".inf",
            "-.Inf",
            ".nan",
            "nan",
            "inf",
            "1:20",
            ".5",
            "5.",
            "2001-12-14",
            "9223372036854775808",
            "0b101",
        ] {
            assert_eq!(cpu(&doc(refused)), None, "{refused}");
        }
        for (text, want) in [
            ("250m", serde_json::json!("250m")),
            ("1.5Gi", serde_json::json!("1.5Gi")),
            ("2", serde_json::json!(2)),
            ("0", serde_json::json!(0)),
            ("-3", serde_json::json!(-3)),
            ("true", serde_json::json!(true)),
            ("False", serde_json::json!(false)),
            ("~", serde_json::Value::Null),
            ("NULL", serde_json::Value::Null),
            ("\"1.5\"", serde_json::json!("1.5")),
            ("'yes'", serde_json::json!("yes")),
            ("\"a #b\"", serde_json::json!("a #b")),
            ("lots # a comment", serde_json::json!("lots")),
            ("a#b", serde_json::json!("a#b")),
        ] {
            let text = doc(text);
            assert_eq!(cpu(&text), Some(want), "{text}");
            assert_eq!(full(&text), Ok(workload_fields(&text)), "{text}");
        }
        // Every quantity suffix reads as a string, as the parser reads it.
        for suffix in [
            "m", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        ] {
            for number in ["1", "12", "0.5", "10.25"] {
                let text = doc(&format!("{number}{suffix}"));
                assert!(workload_fields(&text).is_some(), "{text}");
                assert_eq!(full(&text), Ok(workload_fields(&text)), "{text}");
            }
        }
    }

    /// What a whole-value read rejects anywhere in the document is refused, even outside the
    /// kept fields.
    #[test]
    fn refuses_what_the_parser_rejects() {
        for bad in [
            "ratio: .inf",
            "big: 1e999",
            "null: x",
            "flow: {~: x}",
            "list: [1, .NaN]",
        ] {
            let text = format!("{}      {bad}\n", doc("1"));
            assert!(full(&text).is_err(), "{text}");
            assert_eq!(workload_fields(&text), None, "{text}");
        }
    }

    #[test]
    fn block_scalars_flow_comments_quotes_and_crlf() {
        let ok = [
            // A block scalar outside the kept fields; a flow `resources`; comments everywhere.
            "# top\napiVersion: apps/v1\nkind: Deployment # the kind\nmetadata:\n  name: web\n  namespace: \"shop\" # quoted\nspec:\n  template:\n    spec: # pod\n      containers:\n        - name: 'app'\n          command:\n          - sh\n          - |\n            echo: hi\n            # not a comment\n          resources: {requests: {cpu: 250m, memory: \"1Gi\"}, limits: {}}  # flow\n      initContainers:\n      - {name: proxy, restartPolicy: Always, resources: {requests: {cpu: 1}}}\n      overhead:\n        cpu: 10m\n      affinity:\n        nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: \"type\", operator: In, values: [a, 'b']}]}]}}\n        podAntiAffinity:\n          x: |\n            y\n",
            "apiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata:\r\n  name: db\r\nspec:\r\n  template:\r\n    spec:\r\n      priorityClassName: high # c\r\n      containers: []\r\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {template: {spec: {containers: [{name: a, resources: {requests: {cpu: 1}}}]}}}\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
        ];
        for text in ok {
            let v = workload_fields(text).unwrap_or_else(|| panic!("refused:\n{text}"));
            assert_eq!(full(text), Ok(Some(v)), "{text}");
        }
        let v = workload_fields(ok[0]).expect("taken");
        let spec = &v["spec"]["template"]["spec"];
        assert_eq!(spec["affinity"].as_object().map(|m| m.len()), Some(1));
        assert_eq!(
            spec["containers"][0],
            serde_json::json!({"name": "app", "resources": {"requests": {"cpu": "250m", "memory": "1Gi"}, "limits": {}}})
        );
        assert_eq!(spec["initContainers"][0]["restartPolicy"], "Always");
        for refused in [
            // A block scalar, an empty item, an escape, a kept node of the wrong shape.
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      priorityClassName: |\n        high\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      -\n        name: a\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      priorityClassName: \"a\\tb\"\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        name: a\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [a]\n",
            "apiVersion: v1\nkind: List\nitems: []\n",
            "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\"}",
        ] {
            assert_eq!(workload_fields(refused), None, "{refused}");
        }
    }

    /// Every Deployment of the benchmark corpus is read by the fast path.
    #[test]
    fn reads_the_benchmark_corpus() {
        let dir = tempfile::tempdir().expect("tempdir");
        super::corpus::generate(dir.path(), 50);
        let mut taken = 0;
        for entry in ignore::WalkBuilder::new(dir.path()).build().flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("read");
            for doc in super::split_documents(&text) {
                if doc.text.contains("kind: Deployment") {
                    let v = workload_fields(doc.text)
                        .unwrap_or_else(|| panic!("not taken:\n{}", doc.text));
                    assert_eq!(full(doc.text), Ok(Some(v)));
                    taken += 1;
                }
            }
        }
        assert!(taken >= 20, "{taken}");
    }
}

#[test]
fn workload_fast_path_takes_most_generated_deployments() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = fast_spec_path::deployment();
    let mut taken = 0;
    for _ in 0..400 {
        let doc = strategy.new_tree(&mut runner).expect("tree").current();
        if super::fast_spec::workload_fields(&doc).is_some() {
            taken += 1;
        }
    }
    // About half: the generator puts a trap (a float, `yes`, `0x10`, ...) in many kept fields.
    assert!(
        taken > 150,
        "the fast path took only {taken} of 400 generated Deployments"
    );
}

#[test]
fn fast_path_takes_most_generated_documents() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = fast_path::document();
    let mut taken = 0;
    for _ in 0..400 {
        let doc = strategy.new_tree(&mut runner).expect("tree").current();
        if super::fast::head(&doc).is_some() {
            taken += 1;
        }
    }
    // About one in ten generated documents has a null head (left to the parser on purpose).
    assert!(
        taken > 250,
        "the fast path took only {taken} of 400 generated documents"
    );
}

#[path = "../../tests/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// The benchmark corpus (realistic shapes: probes, resources, flow lists, block scalars) is read
/// entirely by the fast path, with the same heads the parser reads.
#[test]
fn fast_path_reads_the_whole_benchmark_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus::generate(dir.path(), 150);
    let mut docs = 0;
    for entry in ignore::WalkBuilder::new(dir.path()).build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        for doc in split_documents(&text) {
            docs += 1;
            let fast =
                super::fast::head(doc.text).unwrap_or_else(|| panic!("not taken:\n{}", doc.text));
            let full = serde_saphyr::from_str_with_options::<super::head::Head>(
                doc.text,
                super::parse_options(),
            )
            .expect("parses");
            let super::head::Head::Object(h) = full else {
                panic!("not an object")
            };
            assert_eq!(
                (fast.api_version, fast.kind, fast.name, fast.namespace),
                (h.api_version, h.kind, h.name, h.namespace)
            );
        }
    }
    assert!(docs >= 150);
}

#[test]
fn kept_documents_are_read_at_their_lines_and_the_others_vanish() {
    let yaml = "%YAML 1.2\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\n...\n\
                # between\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n\
                ---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n";
    let json_array = "[\n {\"apiVersion\": \"v1\", \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"a\"}},\n \
                      {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"b\"}}\n]\n";
    let json_stream = "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"a\"}}\n\
                       {\"apiVersion\": \"apps/v1\",\n \"kind\": \"Deployment\", \"metadata\": {\"name\": \"b\"}}\n";
    for (text, keep, want) in [
        (yaml, 1, vec![("b", 9)]),
        (yaml, 0, vec![("a", 3)]),
        (json_array, 1, vec![("b", 4)]),
        (json_stream, 1, vec![("b", 2)]),
    ] {
        let kept = keep_documents(text, &|i| i == keep);
        assert_eq!(kept.lines().count(), text.lines().count(), "{kept}");
        let read = parse_file("f", &kept);
        assert!(read.problems.is_empty(), "{:?}\n{kept}", read.problems);
        let got: Vec<(&str, usize)> = read
            .objects
            .iter()
            .map(|o| (o.name.as_deref().unwrap_or_default(), o.source.line))
            .collect();
        assert_eq!(got, want, "{kept}");
    }
    // Keeping everything is the text itself.
    assert_eq!(keep_documents(yaml, &|_| true), yaml);
}

#[test]
fn a_json_file_has_json_syntax_errors() {
    let text =
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"x\"}\n";
    for (file, want) in [
        ("bad.json", "invalid JSON: "),
        ("bad.yaml", "invalid YAML: "),
    ] {
        let m = parse_file(file, text);
        assert_eq!(m.problems.len(), 1, "{file}");
        assert!(
            m.problems[0].message.starts_with(want),
            "{:?}",
            m.problems[0]
        );
        assert_eq!(m.problems[0].line, 1);
    }
}
