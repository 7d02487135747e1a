//! The fast path for a workload's pod-spec fields: what `nodepool check` reads of a
//! Deployment or StatefulSet, without running the YAML parser.
//!
//! [`workload_fields`] reads one document into the value the full parser would produce,
//! restricted to [`WORKLOAD`]: `apiVersion`, `kind`, `metadata.{name,namespace}` and, under
//! `spec.template.spec`, `affinity.nodeAffinity`, `priorityClassName`,
//! `containers[].{name,resources}`, `initContainers[].{name,resources,restartPolicy}` and
//! `overhead` (keys absent from the document are absent from the value).
//!
//! The whole document must first be in the subset of [`fast::head`] (which also refuses what
//! a whole-value read rejects: non-finite floats, null keys). The kept fields are then read
//! from the validated lines: block mappings and sequences, one-line flow collections, quoted
//! scalars without escapes, and plain scalars whose type is certain (`~`/`null`, `true`/
//! `false`, decimal integers, strings starting with a letter that are no YAML 1.1 keyword,
//! Kubernetes quantities such as `250m` or `1.5Gi`). Anything else in a kept field (`1.5`,
//! `1e3`, `0x10`, `010`, `yes`, `on`, block scalars, empty sequence items), and a node of
//! another shape on a kept path (`spec:` null, `containers:` a mapping or a list of
//! strings), returns `None`: the caller parses the document in full. The property tests in
//! `tests.rs` check that both readings agree.

use serde_json::{Map, Value as Json};

use super::fast::{self, Flow, Value};

/// Which part of a node is kept.
#[derive(Clone, Copy, Debug)]
pub enum Want {
    /// The whole node, whatever it is.
    All,
    /// A mapping, with only these keys (each kept as its `Want` says).
    Keys(&'static [(&'static str, Want)]),
    /// A sequence of mappings, each with only these keys.
    Items(&'static [(&'static str, Want)]),
}

const CONTAINER: &[(&str, Want)] = &[("name", Want::All), ("resources", Want::All)];

const INIT_CONTAINER: &[(&str, Want)] = &[
    ("name", Want::All),
    ("resources", Want::All),
    ("restartPolicy", Want::All),
];

const POD_SPEC: &[(&str, Want)] = &[
    ("affinity", Want::Keys(&[("nodeAffinity", Want::All)])),
    ("priorityClassName", Want::All),
    ("containers", Want::Items(CONTAINER)),
    ("initContainers", Want::Items(INIT_CONTAINER)),
    ("overhead", Want::All),
];

/// What `nodepool check` reads of a workload (`nodepool::lint`, `patch::identify`,
/// `requests::effective`).
pub const WORKLOAD: Want = Want::Keys(&[
    ("apiVersion", Want::All),
    ("kind", Want::All),
    (
        "metadata",
        Want::Keys(&[("name", Want::All), ("namespace", Want::All)]),
    ),
    (
        "spec",
        Want::Keys(&[("template", Want::Keys(&[("spec", Want::Keys(POD_SPEC))]))]),
    ),
]);

impl Want {
    /// How the entry `key` of a mapping is kept, if at all.
    fn key(self, key: &str) -> Option<Want> {
        match self {
            Want::All => Some(Want::All),
            Want::Keys(keys) => keys.iter().find(|(k, _)| *k == key).map(|(_, w)| *w),
            Want::Items(_) => None,
        }
    }
}

/// `value` restricted to `want`; `None` when a node on a kept path has another shape (a
/// mapping expected, something else found).
pub fn project(value: Json, want: Want) -> Option<Json> {
    match (want, value) {
        (Want::All, value) => Some(value),
        (Want::Keys(keys), Json::Object(mut map)) => {
            let mut out = Map::new();
            for (key, want) in keys {
                if let Some(v) = map.remove(*key) {
                    out.insert((*key).to_string(), project(v, *want)?);
                }
            }
            Some(Json::Object(out))
        }
        (Want::Items(keys), Json::Array(items)) => items
            .into_iter()
            .map(|item| project(item, Want::Keys(keys)))
            .collect::<Option<Vec<_>>>()
            .map(Json::Array),
        _ => None,
    }
}

/// A plain scalar's value, when its type is certain (see the module doc).
fn typed(text: &str) -> Option<Json> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Json::Null),
        "true" | "True" | "TRUE" => return Some(Json::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Json::Bool(false)),
        _ => {}
    }
    let string = || Some(Json::String(text.to_string()));
    if text.as_bytes().first()?.is_ascii_alphabetic() {
        // YAML 1.1 booleans in any case (`yes`, `On`, `tRue`), and words close to numbers.
        let keyword = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
            .iter()
            .chain(&["nan", "inf", "infinity"])
            .any(|k| text.eq_ignore_ascii_case(k));
        return if keyword { None } else { string() };
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    // Decimal integers without a leading zero (`010` is read as a float), within i64.
    if all_digits(digits) && digits.len() <= 18 && (text == "0" || !digits.starts_with('0')) {
        return text.parse::<i64>().ok().map(Json::from);
    }
    // A Kubernetes quantity with a suffix that makes it no number: `250m`, `1.5Gi`.
    let end = text
        .bytes()
        .position(|c| !(c.is_ascii_digit() || c == b'.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(end);
    let number_ok = match number.split_once('.') {
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => all_digits(number),
    };
    let suffix_ok = [
        "m", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    ]
    .contains(&suffix);
    if number_ok && suffix_ok {
        string()
    } else {
        None
    }
}

impl Flow for Json {
    fn scalar(text: &str, quoted: bool) -> Option<Self> {
        if quoted {
            Some(Json::String(text.to_string()))
        } else {
            typed(text)
        }
    }

    fn seq(items: Vec<Self>) -> Option<Self> {
        Some(Json::Array(items))
    }

    fn map(entries: Vec<(&[u8], Self)>) -> Option<Self> {
        let mut map = Map::new();
        for (key, value) in entries {
            map.insert(std::str::from_utf8(key).ok()?.to_string(), value);
        }
        Some(Json::Object(map))
    }
}

/// The workload fields of one document as the full parser reads them; `None`: parse it.
pub fn workload_fields(text: &str) -> Option<Json> {
    fast::head(text)?;
    let lines = fast::body(text)?
        .split('\n')
        .filter_map(|raw| {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let content = line.trim_start_matches(' ');
            let significant = !content.is_empty() && !content.starts_with('#');
            significant.then_some((line.len() - content.len(), content))
        })
        .collect();
    let mut reader = Reader { lines, pos: 0 };
    let value = reader.map(0, None, WORKLOAD)?;
    (reader.pos == reader.lines.len()).then_some(value)
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// The significant lines (indentation, content) of a document [`fast::head`] validated.
struct Reader<'a> {
    lines: Vec<(usize, &'a str)>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<(usize, &'a str)> {
        self.lines.get(self.pos).copied()
    }

    /// The block mapping at `indent` (its first entry already split when it starts on a
    /// sequence item's line), as `want` keeps it.
    fn map(
        &mut self,
        indent: usize,
        first: Option<(&'a str, &'a str)>,
        want: Want,
    ) -> Option<Json> {
        if let Want::Items(_) = want {
            return None;
        }
        let mut out = Map::new();
        let mut next = first;
        loop {
            let (key, rest) = match next.take() {
                Some(entry) => entry,
                None => match self.peek() {
                    Some((i, c)) if i == indent && !is_item(c) => {
                        self.pos += 1;
                        fast::split_key(c)?
                    }
                    Some((i, _)) if i > indent => return None,
                    _ => break,
                },
            };
            match want.key(key) {
                Some(w) => {
                    let v = self.value(indent, rest, w)?;
                    out.insert(key.to_string(), v);
                }
                None => self.skip(indent),
            }
        }
        Some(Json::Object(out))
    }

    /// The block sequence at `indent`, as `want` keeps it.
    fn seq(&mut self, indent: usize, want: Want) -> Option<Json> {
        let item_want = match want {
            Want::All => Want::All,
            Want::Items(keys) => Want::Keys(keys),
            Want::Keys(_) => return None,
        };
        let mut out = Vec::new();
        while let Some((i, c)) = self.peek() {
            if i != indent || !is_item(c) {
                break;
            }
            self.pos += 1;
            let text = c[1..].trim_start_matches(' ');
            let col = i + c.len() - text.len();
            // An empty item, or one whose node starts on the next line: the parser decides.
            if text.is_empty() || text.starts_with('#') || is_item(text) {
                return None;
            }
            out.push(match fast::split_key(text) {
                Some(first) => self.map(col, Some(first), item_want)?,
                None => self.value(col, text, item_want)?,
            });
        }
        Some(Json::Array(out))
    }

    /// The value of a key at `indent` (or of a sequence item) whose text is `rest`.
    fn value(&mut self, indent: usize, rest: &'a str, want: Want) -> Option<Json> {
        let value = match fast::value(rest)? {
            Value::Open => return self.nested(indent, want),
            Value::Block => return None,
            Value::Flow => fast::flow::<Json>(rest.trim_start())?.0,
            Value::Plain(text) => typed(text)?,
            Value::Quoted(text) => Json::String(text.to_string()),
        };
        project(value, want)
    }

    /// The node on the lines below a key at `indent`: a sequence (at the key's column or
    /// deeper), a mapping (deeper), or null.
    fn nested(&mut self, indent: usize, want: Want) -> Option<Json> {
        match self.peek() {
            Some((i, c)) if is_item(c) && i >= indent => self.seq(i, want),
            Some((i, _)) if i > indent => self.map(i, None, want),
            _ => project(Json::Null, want),
        }
    }

    /// Skips the value of a key at `indent` that is not kept.
    fn skip(&mut self, indent: usize) {
        while let Some((i, c)) = self.peek() {
            if i > indent || (i == indent && is_item(c)) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }
}
