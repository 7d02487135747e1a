//! Reads Kubernetes manifests from files, directories and stdin, for every check.
//!
//! - Inputs: regular files (any extension when named explicitly; a FIFO or device is refused
//!   before it is opened), directories (recursive, only `*.yaml`, `*.yml`, `*.json`; hidden
//!   directories entered, links followed once, `.gitignore` inside a Git work tree, Helm chart
//!   files and `--exclude` matches skipped and listed: `input`), and `-` for stdin.
//! - YAML streams (directives, `---`/`...` markers, bare documents: `split`), JSON streams
//!   (concatenated objects, top-level arrays: `json`), top-level YAML sequences of objects;
//!   `kind: List` and every `*List` kind are expanded into their items. Every object keeps its
//!   [`Source`]: file, document index and line.
//! - Unrendered templates: the error, and a `templated` object from the literal `apiVersion:`
//!   and `kind:` lines (`template`).
//! - Speed: block-style documents in a strict YAML subset are read by a line validator
//!   (`fast`) without the YAML parser, and so are the pod-spec fields `nodepool check` reads of
//!   a workload ([`workload_fields`], `fast_spec`); everything else goes through `serde-saphyr`.
//! - Nothing is skipped silently: a document that cannot be read becomes a [`Problem`] with
//!   file, line and a hint, and the other documents and files are still read. Documents without
//!   `apiVersion`/`kind` (values files, `kustomization.yaml`) are not objects and not problems.
//! - Hostile input is bounded: files over [`MAX_FILE_BYTES`] are refused without being read,
//!   and the YAML parser runs with serde-saphyr's budgets (depth, nodes, alias expansion).

mod fast;
mod fast_spec;
mod head;
mod input;
mod json;
mod split;
mod template;

use std::path::Path;

pub use fast_spec::workload_fields;
pub use head::{Head, IGNORE_ANNOTATION, ObjectHead};
pub use input::{
    Expanded, InputFile, Skipped, WalkOptions, Walked, expand_inputs, expand_inputs_with,
    read_input, walk_inputs,
};
pub use split::{Document, split_documents};
pub use template::{TEMPLATED_NAME, is_chart_file, is_helm_template};

/// Files larger than this are refused (reported, not read): 64 MiB. The largest real
/// manifests (CRD bundles, rendered charts) are a few MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where an object was found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// The file as the user named it (or as found below a named directory); `-` for stdin.
    pub file: String,
    /// 0-based index of the document among the non-empty documents of the file.
    pub document: usize,
    /// 1-based line where the object starts.
    pub line: usize,
}

/// One Kubernetes object (a document, or an item of a `List`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub source: Source,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// The reason given by an `abema.dev/ignore-deprecations` annotation.
    pub ignore_deprecations: Option<String>,
    /// Read from the literal lines of an unrendered template (the document itself could not
    /// be read, or its name is a template expression): see [`template`].
    pub templated: bool,
}

/// An input that could not be read: reported, counted, and it fails the run (exit 1).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line`, or only `file` when there is no line (a missing or unreadable file).
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}", self.file, self.line)
        }
    }
}

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct FileManifests {
    pub objects: Vec<Object>,
    pub problems: Vec<Problem>,
}

/// What the reader knows about a file besides its name and text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileContext {
    /// The file is below a Helm chart's `templates/` directory ([`is_helm_template`]).
    pub helm_template: bool,
}

impl FileContext {
    /// The context of an input: Helm template or not.
    pub fn of(input: &InputFile) -> Self {
        match input {
            InputFile::Path(p) => Self {
                helm_template: is_helm_template(p),
            },
            InputFile::Stdin => Self::default(),
        }
    }

    fn template_hint(self) -> &'static str {
        if self.helm_template {
            HELM_HINT
        } else {
            TEMPLATE_HINT
        }
    }
}

const HELM_HINT: &str = "this looks like an unrendered Helm template; render it first: \
     helm template RELEASE CHART | kubectl abema deprecations -";

const TEMPLATE_HINT: &str = "the document holds template expressions ({{ ... }}); scan the \
     rendered output instead (pipe it to kubectl abema deprecations -)";

/// One thing read from a file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Object(Object),
    Problem(Problem),
}

/// The serde-saphyr options every reader in the crate uses: default budgets (depth 64,
/// 250k nodes, alias-expansion limits, 64 MiB of scalars), errors without source snippets.
pub fn parse_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // Comments are not needed, and capturing them is what fails valid files: the parser
    // buffers comment events while it looks ahead (a null value followed by more than 32
    // comment lines gave "too many buffered comments while looking ahead").
    options.emit_comments = false;
    options
}

/// Splits a serde-saphyr error into a 1-based line in the file and a one-line message.
/// `first_line` is the line of the file where the parsed text starts.
pub fn yaml_error(err: &serde_saphyr::Error, first_line: usize) -> (usize, String) {
    let relative = err
        .location()
        .map(|l| usize::try_from(l.line()).unwrap_or(1))
        .unwrap_or(1)
        .max(1);
    if let serde_saphyr::Error::Budget { breach, .. } = err.without_snippet() {
        return (first_line + relative - 1, budget_sentence(breach));
    }
    let text = err.without_snippet().to_string();
    let message = text.lines().next().unwrap_or("invalid YAML").trim();
    // serde-saphyr appends " at line N, column M" to some messages; the file:line prefix says it.
    let message = match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    };
    // serde-saphyr suggests a library option ("set DuplicateKeyPolicy ..."): not for our users.
    // ... a function ("multiple YAML documents detected; use from_str_multiple") or a type
    // ("cannot deserialize null into string; use Option<String>").
    let message = message.split(", set ").next().unwrap_or(message);
    let message = message
        .split("; use ")
        .next()
        .unwrap_or(message)
        .to_string();
    (first_line + relative - 1, message)
}

/// A budget breach as a sentence (the reader's limits are the defaults of serde-saphyr,
/// README "Limits").
fn budget_sentence(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    let what = match breach {
        B::Depth { .. } => "it is nested more than 64 levels deep".to_string(),
        B::Nodes { .. } => "it has more than 250,000 values".to_string(),
        B::Events { .. } => "it is too large to parse (over a million parser events)".to_string(),
        B::ScalarBytes { .. } => "its values hold more than 64 MiB of text".to_string(),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => {
            "it uses too many aliases (*name), as an alias bomb does".to_string()
        }
        B::Anchors { .. } => "it defines too many anchors (&name)".to_string(),
        B::Documents { .. } => "it has more than 1,024 documents".to_string(),
        B::MergeKeys { .. } => "it has too many merge keys (<<)".to_string(),
        B::InputBytes { .. } => "it is larger than 256 MiB".to_string(),
        B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
            "its anchors hold too much to replay".to_string()
        }
        _ => "it is too large or too complex".to_string(),
    };
    format!("the document is over the reader's safety limit: {what}")
}

/// The documents of a file: a JSON stream's objects (concatenated, or the elements of a
/// top-level array) or the YAML stream's documents.
pub fn documents(text: &str) -> Vec<Document<'_>> {
    json::split(text).unwrap_or_else(|| split_documents(text))
}

/// The text with only the documents `keep` (by [`Document::index`]) chose; every other
/// document is blanked in place (a YAML document to its line breaks, a JSON object to `{}`
/// and spaces), so a reader of the result sees only the kept documents, at their lines.
/// This is how `check` hands each rule only the documents it reads in full.
pub fn keep_documents(text: &str, keep: &dyn Fn(usize) -> bool) -> String {
    let (docs, is_json) = match json::split(text) {
        Some(docs) => (docs, true),
        None => (split_documents(text), false),
    };
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for doc in docs {
        let start = (doc.text.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (Some(gap), Some(_)) = (
            text.get(pos..start),
            text.get(start..start + doc.text.len()),
        ) else {
            continue;
        };
        out.push_str(gap);
        pos = start + doc.text.len();
        if keep(doc.index) {
            out.push_str(doc.text);
            continue;
        }
        let blank = |rest: &str, out: &mut String| {
            out.extend(rest.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        };
        match doc.text.strip_prefix('{') {
            Some(rest) if is_json && !rest.is_empty() => {
                out.push_str("{}");
                blank(
                    &rest[rest.chars().next().map_or(0, char::len_utf8)..],
                    &mut out,
                );
            }
            _ => out.extend(doc.text.chars().filter(|&c| c == '\n')),
        }
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    out
}

/// Parses the text of one file into objects and problems. `file` names it in messages.
pub fn parse_file(file: &str, text: &str) -> FileManifests {
    parse_file_in(file, text, FileContext::default())
}

/// [`parse_file`] with what is known about the file.
pub fn parse_file_in(file: &str, text: &str, context: FileContext) -> FileManifests {
    let mut out = FileManifests::default();
    read_each(file, text, context, &mut |item| match item {
        Item::Object(o) => out.objects.push(o),
        Item::Problem(p) => out.problems.push(p),
    });
    out
}

/// Reads one file's objects and problems in file order, handing each to `f` as soon as it
/// is read (memory does not grow with the number of objects).
pub fn read_each(file: &str, text: &str, context: FileContext, f: &mut dyn FnMut(Item)) {
    for doc in documents(text) {
        parse_document(file, &doc, context, f);
    }
}

fn parse_document(file: &str, doc: &Document<'_>, context: FileContext, out: &mut dyn FnMut(Item)) {
    // Block-style documents in the simple shape skip the YAML parser (see `fast`).
    if let Some(h) = fast::head(doc.text) {
        let head = ObjectHead {
            api_version: h.api_version,
            kind: h.kind,
            name: h.name,
            namespace: h.namespace,
            ignore_deprecations: h.ignore_deprecations,
            items: None,
        };
        push_object(file, doc, doc.content_line, head, context, out);
        return;
    }
    match serde_saphyr::from_str_with_options::<Head>(doc.text, parse_options()) {
        Ok(Head::Object(head)) => push_object(file, doc, doc.content_line, head, context, out),
        // A top-level sequence: its objects are read like a List's items; other elements
        // (values, lists of strings) are not objects.
        Ok(Head::Sequence(items)) => {
            for (item_line, item) in items {
                if let Head::Object(item) = item
                    && item.api_version.is_some()
                    && item.kind.is_some()
                {
                    let line = doc.first_line + item_line.max(1) - 1;
                    push_object(file, doc, line, item, context, out);
                }
            }
        }
        Ok(Head::NotAnObject) => {}
        Err(err) => {
            let (line, message) = yaml_error(&err, doc.first_line);
            let mut problem = Problem::new(file, line, format!("{}: {message}", invalid(file)));
            let templated = template::has_expressions(doc.text);
            if templated {
                problem = problem.with_hint(context.template_hint());
            }
            out(Item::Problem(problem));
            if templated {
                for object in template::literal_objects(file, doc) {
                    out(Item::Object(object));
                }
            }
        }
    }
}

/// Adds one object (or the items of a list) found in `doc`, starting at file line `line`.
fn push_object(
    file: &str,
    doc: &Document<'_>,
    line: usize,
    head: ObjectHead,
    context: FileContext,
    out: &mut dyn FnMut(Item),
) {
    let (Some(api_version), Some(kind)) = (head.api_version, head.kind) else {
        return; // values files, kustomization.yaml, Chart.yaml: not Kubernetes objects
    };
    let templated = [
        Some(&api_version),
        Some(&kind),
        head.name.as_ref(),
        head.namespace.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|v| template::is_expression(v));
    if templated {
        out(Item::Problem(
            Problem::new(
                file,
                line,
                format!("{kind} has an unrendered template expression"),
            )
            .with_hint(context.template_hint()),
        ));
        // A literal apiVersion and kind still say which API the template uses.
        if !template::is_expression(&api_version) && !template::is_expression(&kind) {
            let literal = |v: Option<String>| v.filter(|v| !template::is_expression(v));
            out(Item::Object(Object {
                source: Source {
                    file: file.to_string(),
                    document: doc.index,
                    line,
                },
                api_version,
                kind,
                name: Some(literal(head.name).unwrap_or_else(|| TEMPLATED_NAME.to_string())),
                namespace: literal(head.namespace),
                ignore_deprecations: head.ignore_deprecations,
                templated: true,
            }));
        }
        return;
    }
    if kind.ends_with("List")
        && let Some(items) = head.items
    {
        for (index, (item_line, item)) in items.into_iter().enumerate() {
            // Spans are relative to the document text, which starts at `doc.first_line`.
            let item_line = doc.first_line + item_line.max(1) - 1;
            match item {
                Head::Object(item) if item.api_version.is_some() && item.kind.is_some() => {
                    push_object(file, doc, item_line, item, context, out)
                }
                _ => out(Item::Problem(Problem::new(
                    file,
                    item_line,
                    format!("item {index} of the {kind} has no apiVersion or kind"),
                ))),
            }
        }
        return;
    }
    out(Item::Object(Object {
        source: Source {
            file: file.to_string(),
            document: doc.index,
            line,
        },
        api_version,
        kind,
        name: head.name,
        namespace: head.namespace,
        ignore_deprecations: head.ignore_deprecations,
        templated: false,
    }));
}

/// How a syntax error starts: `invalid JSON` for a `.json` file (read by the same parser, as
/// JSON is YAML), else `invalid YAML`.
fn invalid(file: &str) -> &'static str {
    if file.to_ascii_lowercase().ends_with(".json") {
        "invalid JSON"
    } else {
        "invalid YAML"
    }
}

/// Every document of a file as a whole value, in file order (what the reader makes of a YAML
/// or JSON stream, for tools and tests that need more than the head): the document's first
/// content line and its value, or the problem that stops it.
pub fn read_values(file: &str, text: &str) -> Vec<Result<(usize, serde_json::Value), Problem>> {
    documents(text)
        .iter()
        .map(|doc| {
            serde_saphyr::from_str_with_options::<serde_json::Value>(doc.text, parse_options())
                .map(|v| (doc.content_line, v))
                .map_err(|e| {
                    let (line, message) = yaml_error(&e, doc.first_line);
                    Problem::new(file, line, format!("{}: {message}", invalid(file)))
                })
        })
        .collect()
}

/// Writes a value as YAML the way Kubernetes tools do: long single-line strings (SOPS
/// values, annotations) stay on their line instead of being folded; multi-line strings are
/// literal blocks.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    let options = serde_saphyr::ser_options! { folded_wrap_chars: 1 << 20 };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| YamlError(e.to_string()))
}

/// Why [`to_yaml`] could not write a value: the serialiser's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError(pub String);

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for YamlError {}

/// Documents as one multi-document YAML stream (`---` between them).
pub fn to_yaml_stream<'a, T: serde::Serialize + 'a>(
    docs: impl IntoIterator<Item = &'a T>,
) -> Result<String, YamlError> {
    let mut out = String::new();
    for (i, doc) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(doc)?);
    }
    Ok(out)
}

/// An object with its whole content, for checks that look past the head.
#[derive(Clone, Debug)]
pub struct FullObject {
    pub object: Object,
    pub value: serde_json::Value,
}

/// Like [`parse_file`], but keeps each object's whole content (lists expanded). Documents are
/// independent, so large files are parsed on every core (results in document order).
pub fn parse_file_values(file: &str, text: &str) -> (Vec<FullObject>, Vec<Problem>) {
    let docs = documents(text);
    let parsed = crate::parallel::map(&docs, 64, |doc| document_values(file, doc));
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for (o, p) in parsed {
        objects.extend(o);
        problems.extend(p);
    }
    (objects, problems)
}

/// One document's objects with their content, and its problems. Objects read from a
/// template's literal lines have no content to look at.
fn document_values(file: &str, doc: &Document<'_>) -> (Vec<FullObject>, Vec<Problem>) {
    let mut heads = Vec::new();
    let mut problems = Vec::new();
    parse_document(file, doc, FileContext::default(), &mut |item| match item {
        Item::Object(o) if !o.templated => heads.push(o),
        Item::Object(_) => {}
        Item::Problem(p) => problems.push(p),
    });
    if heads.is_empty() {
        return (Vec::new(), problems);
    }
    let Ok(value) =
        serde_saphyr::from_str_with_options::<serde_json::Value>(doc.text, parse_options())
    else {
        return (Vec::new(), problems);
    };
    let is_object = |v: &serde_json::Value| v["apiVersion"].is_string() && v["kind"].is_string();
    let values: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.into_iter().filter(|v| is_object(v)).collect(),
        serde_json::Value::Object(mut map)
            if map
                .get("kind")
                .and_then(|k| k.as_str())
                .is_some_and(|k| k.ends_with("List"))
                && map.get("items").is_some_and(|i| i.is_array()) =>
        {
            match map.remove("items") {
                Some(serde_json::Value::Array(items)) => {
                    items.into_iter().filter(|v| is_object(v)).collect()
                }
                _ => Vec::new(),
            }
        }
        value => vec![value],
    };
    let objects = heads
        .into_iter()
        .zip(values)
        .map(|(object, value)| FullObject { object, value })
        .collect();
    (objects, problems)
}

/// Whether a path has one of the manifest extensions directories are scanned for.
pub fn is_manifest_path(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("yaml" | "yml" | "json")
    )
}

#[cfg(test)]
mod tests;
