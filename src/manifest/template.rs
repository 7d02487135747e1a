//! Unrendered templates (Helm charts, Go templates, Jinja): what can still be read from them.
//!
//! A template is usually not valid YAML (`{{- if .Values.x }}` lines, `name: {{ .Release.Name
//! }}`), but its `apiVersion:` and `kind:` lines are most often literal, and they alone say
//! which API it will use. When a document with template expressions cannot be parsed, its
//! literal top-level `apiVersion:` and `kind:` lines still make an object, marked `templated`,
//! next to the parse error: the file:line is the `apiVersion:` line, the name the literal
//! `metadata.name` or [`TEMPLATED_NAME`]. A template that picks the version by cluster
//! (`{{ if .Capabilities.APIVersions.Has ... }}apiVersion: A{{ else }}apiVersion: B{{ end }}`)
//! has several literal `apiVersion:` lines: each makes an object, since each is rendered on
//! some cluster. A document without template expressions that does not parse is only an
//! error: its lines are not guessed at.

use std::path::Path;

use super::{Document, Object, Source};

/// The name of a templated object whose `metadata.name` is not literal.
pub const TEMPLATED_NAME: &str = "<templated>";

/// Whether a value is (or holds) a template expression.
pub fn is_expression(value: &str) -> bool {
    value.contains("{{") || value.contains("{%")
}

/// Whether a document's text holds template expressions.
pub fn has_expressions(text: &str) -> bool {
    is_expression(text)
}

/// Whether `path` is inside a Helm chart's `templates/` directory: a directory named
/// `templates` whose parent holds `Chart.yaml`.
pub fn is_helm_template(path: &Path) -> bool {
    path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "templates")
            && dir
                .parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
    })
}

/// Whether a file found in a directory walk is a Helm chart's own file, not a manifest:
/// `Chart.yaml` and `values.yaml` anywhere, and beside a `Chart.yaml` also `values-*.yaml`,
/// `values.*.yaml`, `values.schema.json` and Helm 2's `requirements.yaml`.
pub fn is_chart_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if matches!(name, "Chart.yaml" | "values.yaml" | "values.yml") {
        return true;
    }
    let in_chart = path
        .parent()
        .is_some_and(|dir| dir.join("Chart.yaml").is_file());
    in_chart
        && (name == "requirements.yaml"
            || name == "values.schema.json"
            || ((name.starts_with("values-") || name.starts_with("values."))
                && (name.ends_with(".yaml") || name.ends_with(".yml"))))
}

/// The objects a template document names on literal lines (see the module doc).
pub fn literal_objects(file: &str, doc: &Document<'_>) -> Vec<Object> {
    let mut api_versions: Vec<(usize, String)> = Vec::new();
    let mut kind: Option<Option<String>> = None;
    let mut name: Option<String> = None;
    let mut namespace: Option<String> = None;
    let mut in_metadata = false;
    let mut metadata_indent: Option<usize> = None;
    for (offset, raw) in doc.text.lines().enumerate() {
        let line_no = doc.first_line + offset;
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        let content = content.trim_end();
        if content.is_empty() || content.starts_with('#') || content.starts_with("{{") {
            continue; // blank, comment, or a line that is only template logic
        }
        if indent == 0 {
            in_metadata = false;
            if let Some(rest) = content.strip_prefix("apiVersion:") {
                if let Some(v) = literal_value(rest) {
                    api_versions.push((line_no, v));
                }
            } else if let Some(rest) = content.strip_prefix("kind:") {
                kind.get_or_insert(literal_value(rest));
            } else if content
                .strip_prefix("metadata:")
                .is_some_and(|r| r.trim().is_empty())
            {
                in_metadata = true;
                metadata_indent = None;
            }
            continue;
        }
        if !in_metadata {
            continue;
        }
        let at = *metadata_indent.get_or_insert(indent);
        if indent != at {
            continue;
        }
        if let Some(rest) = content.strip_prefix("name:") {
            name = name.or(literal_value(rest));
        } else if let Some(rest) = content.strip_prefix("namespace:") {
            namespace = namespace.or(literal_value(rest));
        }
    }
    let Some(Some(kind)) = kind else {
        return Vec::new();
    };
    api_versions
        .into_iter()
        .map(|(line, api_version)| Object {
            source: Source {
                file: file.to_string(),
                document: doc.index,
                line,
            },
            api_version,
            kind: kind.clone(),
            name: Some(name.clone().unwrap_or_else(|| TEMPLATED_NAME.to_string())),
            namespace: namespace.clone(),
            ignore_deprecations: None,
            templated: true,
        })
        .collect()
}

/// The value after `key:` when it is literal: a plain or quoted scalar without template
/// expressions, comments cut off.
fn literal_value(rest: &str) -> Option<String> {
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None; // `kind:x` is not a key
    }
    let v = match rest.find(" #") {
        Some(i) => &rest[..i],
        None => rest,
    }
    .trim();
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(v);
    let plain = !v.is_empty()
        && !is_expression(v)
        && !v.contains([
            '{', '}', '[', ']', '"', '\'', ' ', '\t', '&', '*', '!', '|', '>',
        ]);
    plain.then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, String, String, Option<String>)> {
        let doc = Document {
            index: 0,
            first_line: 10,
            content_line: 10,
            text,
        };
        literal_objects("t.yaml", &doc)
            .into_iter()
            .map(|o| (o.source.line, o.api_version, o.kind, o.name))
            .collect()
    }

    #[test]
    fn literal_lines_of_a_helm_template() {
        let text = "{{- if .Values.ingress.enabled -}}\n{{- $fullName := include \"x.fullname\" . -}}\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {{ $fullName }}\n  labels:\n    name: not-this\n{{ include \"x.labels\" . | indent 4 }}\nspec:\n  rules: []\n{{- end }}\n";
        assert_eq!(
            read(text),
            vec![(
                12,
                "extensions/v1beta1".into(),
                "Ingress".into(),
                Some(TEMPLATED_NAME.into())
            )]
        );
        let text = "apiVersion: \"policy/v1beta1\" # pdb\nkind: PodDisruptionBudget\nmetadata:\n  labels: {{ x }}\n  name: web\n";
        assert_eq!(
            read(text),
            vec![(
                10,
                "policy/v1beta1".into(),
                "PodDisruptionBudget".into(),
                Some("web".into())
            )]
        );
    }

    #[test]
    fn each_literal_version_of_a_capabilities_switch() {
        let text = "{{- if .Capabilities.APIVersions.Has \"networking.k8s.io/v1\" }}\napiVersion: networking.k8s.io/v1\n{{- else }}\napiVersion: extensions/v1beta1\n{{- end }}\nkind: Ingress\n";
        let found: Vec<String> = read(text).into_iter().map(|o| o.1).collect();
        assert_eq!(found, vec!["networking.k8s.io/v1", "extensions/v1beta1"]);
    }

    #[test]
    fn templated_version_or_kind_names_nothing() {
        assert!(read("apiVersion: {{ .Values.apiVersion }}\nkind: Ingress\n").is_empty());
        assert!(read("apiVersion: v1\nkind: {{ .Values.kind }}\n").is_empty());
        assert!(read("apiVersion: v1\n").is_empty());
    }

    #[test]
    fn chart_files_and_templates_dirs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chart = dir.path().join("c");
        std::fs::create_dir_all(chart.join("templates/sub")).expect("mkdir");
        std::fs::write(chart.join("Chart.yaml"), "name: c\n").expect("write");
        assert!(is_helm_template(&chart.join("templates/sub/d.yaml")));
        assert!(!is_helm_template(&dir.path().join("templates/d.yaml")));
        assert!(is_chart_file(&chart.join("values-prod.yaml")));
        assert!(is_chart_file(&chart.join("values.schema.json")));
        assert!(is_chart_file(&dir.path().join("values.yaml")));
        assert!(!is_chart_file(&dir.path().join("values-prod.yaml")));
        assert!(!is_chart_file(&chart.join("templates/values-x.yaml")));
    }
}
