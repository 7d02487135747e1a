//! The generator of `data/deprecations.yaml`, run as a test: the table must be exactly what
//! the committed lifecycle extracts (`data/lifecycle/*.yaml`, written by
//! `scripts/lifecycle-extract.py` from the API server's own `zz_generated.prerelease-lifecycle.go`
//! files) and the hand entries (`data/deprecations-hand.yaml`) produce. Offline: it reads only
//! committed files. `ABEMA_BLESS=1 cargo test --test deprecation_table` rewrites the table.
//!
//! Rules (also in the README):
//! - An entry comes from every (apiVersion, kind) of the extracts that declares a deprecation or a
//!   removal, or that is an alpha/beta kind no longer in the source at the newest tag, minus the
//!   `notObjects` kinds (review payloads, subresources: never in a manifest).
//! - `removedIn` is the declared removal, or the first release after the last tag that carries the
//!   kind, whichever is earlier (an API dropped from the source is not served); `deprecatedIn` is
//!   the declared deprecation, capped at `removedIn` (alphas dropped without deprecation get
//!   `deprecatedIn = removedIn`).
//! - The replacement is the server's declared one (or the hand entry's), followed to the end of
//!   the chain: `replacement` is the newest, `replacementAvailableIn` the first release serving
//!   it, and the versions on the way that are removed later are `interimReplacements` (the scanner
//!   names the newest one served at the target).
//! - A hand entry with the same (apiVersion, kind) overrides the fields it gives and adds its
//!   source; a hand entry without a generated one must give every field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Extract {
    schema_version: String,
    repository: String,
    newest_tag: String,
    newest_release: String,
    newest_is_prerelease: bool,
    tags: Vec<TagRead>,
    entries: Vec<Lifecycle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct TagRead {
    tag: String,
    commit: String,
    kinds: usize,
    #[serde(default)]
    prerelease: bool,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Lifecycle {
    api_version: String,
    kind: String,
    introduced: Option<String>,
    deprecated: Option<String>,
    removed: Option<String>,
    replacement: Option<String>,
    first_tag: String,
    last_tag: String,
    #[serde(default)]
    prerelease: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Hand {
    schema_version: String,
    not_objects: Vec<NotObject>,
    entries: Vec<HandEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NotObject {
    kind: String,
    reason: String,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct HandEntry {
    api_version: String,
    kind: String,
    deprecated_in: Option<String>,
    /// `""`: no removal scheduled.
    removed_in: Option<String>,
    /// `""`: no replacement.
    replacement: Option<String>,
    replacement_available_in: Option<String>,
    component: Option<String>,
    source: String,
}

type V = (u32, u32);

/// The committed extracts; the first (k8s.io/api) gives the newest release and tag.
const EXTRACTS: [&str; 3] = [
    "data/lifecycle/k8s-api.yaml",
    "data/lifecycle/kube-aggregator.yaml",
    "data/lifecycle/apiextensions-apiserver.yaml",
];

fn ver(s: &str) -> V {
    let b = s.trim().trim_start_matches('v');
    let mut p = b.split('.');
    let major = p.next().and_then(|x| x.parse().ok());
    let minor = p.next().and_then(|x| x.parse().ok());
    match (major, minor) {
        (Some(a), Some(b)) => (a, b),
        _ => panic!("bad release {s:?}"),
    }
}

/// `v0.M.P[-pre]` (a k8s.io module tag) -> Kubernetes `(1, M)`.
fn tag_release(tag: &str) -> V {
    let minor = tag
        .trim_start_matches("v0.")
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("bad tag {tag}"));
    (1, minor)
}

fn show(v: V) -> String {
    format!("v{}.{}", v.0, v.1)
}

fn opt(v: Option<V>) -> String {
    v.map(show).unwrap_or_default()
}

/// A YAML scalar: plain when it is a version or an apiVersion, `""` when empty.
fn plain(s: &str) -> String {
    if s.is_empty() {
        "\"\"".to_string()
    } else {
        s.to_string()
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What the generator knows about one (apiVersion, kind) of the extracts.
struct Known<'a> {
    l: &'a Lifecycle,
    module: &'a str,
    commits: &'a BTreeMap<String, String>,
    newest: V,
    newest_tag: &'a str,
}

impl Known<'_> {
    fn short(&self, tag: &str) -> String {
        let c = self.commits.get(tag).map(String::as_str).unwrap_or("?");
        format!("{tag} ({})", &c[..c.len().min(12)])
    }
    /// The first release that no longer carries it, if it left the source.
    /// Dropped within the newest minor's pre-releases: that minor (marked prerelease).
    fn gone(&self) -> Option<V> {
        if self.l.last_tag == self.newest_tag {
            return None;
        }
        let last = tag_release(&self.l.last_tag);
        Some(if last < self.newest {
            (last.0, last.1 + 1)
        } else {
            last
        })
    }
    fn available(&self) -> V {
        self.l
            .introduced
            .as_deref()
            .map(ver)
            .unwrap_or_else(|| tag_release(&self.l.first_tag))
    }
    fn removed(&self) -> Option<V> {
        let declared = self.l.removed.as_deref().map(ver);
        match (declared, self.gone()) {
            (Some(d), Some(g)) => Some(d.min(g)),
            (d, g) => d.or(g),
        }
    }
    fn source(&self) -> String {
        let mut facts = Vec::new();
        for (name, v) in [
            ("introduced", &self.l.introduced),
            ("deprecated", &self.l.deprecated),
            ("removed", &self.l.removed),
        ] {
            if let Some(v) = v {
                facts.push(format!("{name} {v}"));
            }
        }
        if let Some(r) = &self.l.replacement {
            facts.push(format!("replacement {r}"));
        }
        let mut s = if facts.is_empty() {
            format!(
                "{} {}..{}: registered without lifecycle data",
                self.module,
                self.short(&self.l.first_tag),
                self.short(&self.l.last_tag)
            )
        } else {
            format!(
                "{} {} prerelease-lifecycle: {}",
                self.module,
                self.short(&self.l.last_tag),
                facts.join(", ")
            )
        };
        if let Some(g) = self.gone() {
            let _ = write!(
                s,
                "; not in the source after {}: not served from {}",
                self.l.last_tag,
                show(g)
            );
        }
        s
    }
}

/// One table row being built.
#[derive(Clone)]
struct Row {
    api_version: String,
    kind: String,
    deprecated_in: V,
    removed_in: Option<V>,
    /// The direct replacement (apiVersion), before following the chain.
    direct: String,
    /// The replacement's kind when it differs (`apiextensions.k8s.io/v1beta1 CustomResourceDefinition`).
    direct_kind: Option<String>,
    direct_available: Option<V>,
    component: String,
    prerelease: bool,
    source: String,
}

/// A row with its resolved replacement, its release, and the interim versions on the way.
type OutRow = (Row, String, Option<V>, Vec<(String, V, V)>);

/// `"group/version Kind"` or `"group/version"` -> (apiVersion, kind).
fn split_replacement(r: &str) -> (String, Option<String>) {
    let mut parts = r.split_whitespace();
    let api_version = parts.next().unwrap_or_default().to_string();
    (api_version, parts.next().map(str::to_string))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The table text the data produces.
fn generate() -> String {
    let extracts: Vec<(String, Extract)> = EXTRACTS
        .iter()
        .map(|p| {
            let e: Extract =
                serde_saphyr::from_str(&read(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            assert_eq!(e.schema_version, "abema.dev/lifecycle-extract/v1", "{p}");
            (p.to_string(), e)
        })
        .collect();
    let hand: Hand = serde_saphyr::from_str(&read("data/deprecations-hand.yaml"))
        .unwrap_or_else(|e| panic!("data/deprecations-hand.yaml: {e}"));
    assert_eq!(hand.schema_version, "abema.dev/deprecations-hand/v1");
    let not_objects: BTreeSet<&str> = hand.not_objects.iter().map(|n| n.kind.as_str()).collect();

    let commits: Vec<BTreeMap<String, String>> = extracts
        .iter()
        .map(|(_, e)| {
            e.tags
                .iter()
                .map(|t| (t.tag.clone(), t.commit.clone()))
                .collect()
        })
        .collect();
    let mut known: BTreeMap<(String, String), Known> = BTreeMap::new();
    for ((_, e), commits) in extracts.iter().zip(&commits) {
        let module = match e.repository.as_str() {
            "kubernetes/api" => "k8s.io/api",
            "kubernetes/kube-aggregator" => "k8s.io/kube-aggregator",
            "kubernetes/apiextensions-apiserver" => "k8s.io/apiextensions-apiserver",
            other => other,
        };
        let newest = tag_release(&e.newest_tag);
        for l in &e.entries {
            known.insert(
                (l.api_version.clone(), l.kind.clone()),
                Known {
                    l,
                    module,
                    commits,
                    newest,
                    newest_tag: &e.newest_tag,
                },
            );
        }
    }
    // The newest release and tag: from k8s.io/api (the first extract).
    let api = &extracts[0].1;
    let newest = ver(&api.newest_release);
    let release = if api.newest_is_prerelease {
        (newest.0, newest.1 - 1)
    } else {
        newest
    };

    let mut rows: BTreeMap<(String, String), Row> = BTreeMap::new();
    for (key, k) in &known {
        if not_objects.contains(k.l.kind.as_str()) {
            continue;
        }
        let removed = k.removed();
        if k.l.deprecated.is_none() && removed.is_none() {
            continue;
        }
        let mut deprecated =
            k.l.deprecated
                .as_deref()
                .map(ver)
                .or(removed)
                .expect("deprecated or removed");
        if let Some(r) = removed {
            deprecated = deprecated.min(r);
        }
        let (direct, direct_kind) =
            split_replacement(k.l.replacement.as_deref().unwrap_or_default());
        let gone_in_prerelease = k.gone() == Some(newest) && api.newest_is_prerelease;
        rows.insert(
            key.clone(),
            Row {
                api_version: k.l.api_version.clone(),
                kind: k.l.kind.clone(),
                deprecated_in: deprecated,
                removed_in: removed,
                direct,
                direct_kind,
                direct_available: None,
                component: "k8s".into(),
                prerelease: k.l.prerelease || gone_in_prerelease,
                source: k.source(),
            },
        );
    }
    let mut order: Vec<(String, String)> = Vec::new();
    for h in &hand.entries {
        let key = (h.api_version.clone(), h.kind.clone());
        let row = match rows.get_mut(&key) {
            Some(row) => {
                row.source = format!("{}; hand: {}", row.source, h.source);
                row
            }
            None => {
                let what = format!("hand entry {} {}", h.api_version, h.kind);
                rows.insert(
                    key.clone(),
                    Row {
                        api_version: h.api_version.clone(),
                        kind: h.kind.clone(),
                        deprecated_in: ver(h
                            .deprecated_in
                            .as_deref()
                            .unwrap_or_else(|| panic!("{what}: deprecatedIn"))),
                        removed_in: None,
                        direct: String::new(),
                        direct_kind: None,
                        direct_available: None,
                        component: h.component.clone().unwrap_or_else(|| "k8s".into()),
                        prerelease: false,
                        source: h.source.clone(),
                    },
                );
                assert!(
                    h.removed_in.is_some() && h.replacement.is_some(),
                    "{what}: removedIn and replacement are required"
                );
                rows.get_mut(&key).expect("inserted")
            }
        };
        if let Some(d) = &h.deprecated_in {
            row.deprecated_in = ver(d);
        }
        if let Some(r) = &h.removed_in {
            row.removed_in = (!r.is_empty()).then(|| ver(r));
        }
        if let Some(r) = &h.replacement {
            (row.direct, row.direct_kind) = split_replacement(r);
        }
        if let Some(a) = &h.replacement_available_in {
            row.direct_available = (!a.is_empty()).then(|| ver(a));
        }
        if let Some(c) = &h.component {
            row.component = c.clone();
        }
        if row.component != "k8s" {
            order.push(key);
        }
    }

    // Follow each replacement chain to its end. A replacement's kind is the one it names when
    // that (apiVersion, kind) is known, else the entry's own kind (the data names `...List`
    // kinds for some replacements).
    let snapshot = rows.clone();
    let kind_of = |api_version: &str, hint: &Option<String>, own: &str| -> String {
        match hint {
            Some(h)
                if known.contains_key(&(api_version.to_string(), h.clone()))
                    || snapshot.contains_key(&(api_version.to_string(), h.clone())) =>
            {
                h.clone()
            }
            _ => own.to_string(),
        }
    };
    let available = |api_version: &str, kind: &str, row: &Row| -> Option<V> {
        row.direct_available.or_else(|| {
            known
                .get(&(api_version.to_string(), kind.to_string()))
                .map(Known::available)
        })
    };
    let mut out_rows: Vec<OutRow> = Vec::new();
    for (key, row) in &snapshot {
        let mut interim = Vec::new();
        let mut current = row.direct.clone();
        let mut current_kind = kind_of(&row.direct, &row.direct_kind, &row.kind);
        let mut current_available = if row.direct.is_empty() {
            None
        } else {
            available(&row.direct, &current_kind, row)
        };
        let mut seen = BTreeSet::from([key.clone()]);
        while !current.is_empty() {
            let Some(next) = snapshot.get(&(current.clone(), current_kind.clone())) else {
                break;
            };
            assert!(
                seen.insert((current.clone(), current_kind.clone())),
                "{} {}: replacement cycle",
                row.api_version,
                row.kind
            );
            let (Some(removed), Some(avail)) = (next.removed_in, current_available) else {
                break;
            };
            if next.direct.is_empty() {
                break;
            }
            interim.push((current.clone(), avail, removed));
            let next_kind = kind_of(&next.direct, &next.direct_kind, &current_kind);
            current_available = available(&next.direct, &next_kind, next);
            current = next.direct.clone();
            current_kind = next_kind;
        }
        if row.component == "k8s" && !current.is_empty() {
            assert!(
                current_available.is_some(),
                "{} {}: no release known for replacement {current}",
                row.api_version,
                row.kind
            );
        }
        out_rows.push((row.clone(), current, current_available, interim));
    }
    // Kubernetes entries by removal then deprecation; other components in hand order after them.
    out_rows.sort_by_key(|(r, ..)| {
        let hand_pos = order
            .iter()
            .position(|k| k.0 == r.api_version && k.1 == r.kind);
        (
            hand_pos.is_some(),
            hand_pos,
            r.removed_in.unwrap_or((u32::MAX, 0)),
            r.deprecated_in,
            r.api_version.clone(),
            r.kind.clone(),
        )
    });

    let mut s = String::new();
    s.push_str("# GENERATED by tests/deprecation_table.rs from data/lifecycle/*.yaml (the API server's own\n");
    s.push_str("# prerelease-lifecycle data, extracted by scripts/lifecycle-extract.py) and data/deprecations-hand.yaml.\n");
    s.push_str("# Do not edit: change the inputs and run `ABEMA_BLESS=1 cargo test --test deprecation_table`.\n");
    s.push_str("# deprecatedIn: the release whose apiserver first warns; removedIn: the first release that no\n");
    s.push_str("# longer serves it (empty: not scheduled); replacement: the newest version the chain of declared\n");
    s.push_str("# replacements ends at, replacementAvailableIn the first release serving it; interimReplacements:\n");
    s.push_str(
        "# versions on the way, named instead when the target does not serve the newest yet.\n",
    );
    s.push_str("# *List kinds are not listed: lists are expanded and their items checked.\n");
    for (path, e) in &extracts {
        let last = e.tags.last().map(|t| t.commit.as_str()).unwrap_or_default();
        let _ = writeln!(
            s,
            "# {path}: github.com/{} {} tags, newest {} ({last}){}",
            e.repository,
            e.tags.len(),
            e.newest_tag,
            if e.newest_is_prerelease {
                ", a pre-release"
            } else {
                ""
            }
        );
    }
    s.push_str("schemaVersion: abema.dev/deprecations-table/v1\n");
    let _ = writeln!(s, "release: {}", show(release));
    let _ = writeln!(s, "newest: {}", show(newest));
    let _ = writeln!(s, "newestTag: {}", api.newest_tag);
    let _ = writeln!(s, "newestIsPrerelease: {}", api.newest_is_prerelease);
    s.push_str("apis:\n");
    for (row, replacement, available, interim) in &out_rows {
        let _ = writeln!(s, "  - apiVersion: {}", row.api_version);
        let _ = writeln!(s, "    kind: {}", row.kind);
        let _ = writeln!(s, "    deprecatedIn: {}", show(row.deprecated_in));
        let _ = writeln!(s, "    removedIn: {}", plain(&opt(row.removed_in)));
        let _ = writeln!(s, "    replacement: {}", plain(replacement));
        let _ = writeln!(s, "    replacementAvailableIn: {}", plain(&opt(*available)));
        if !interim.is_empty() {
            s.push_str("    interimReplacements:\n");
            for (v, a, r) in interim {
                let _ = writeln!(
                    s,
                    "      - {{apiVersion: {v}, availableIn: {}, removedIn: {}}}",
                    show(*a),
                    show(*r)
                );
            }
        }
        let _ = writeln!(s, "    component: {}", row.component);
        if row.prerelease {
            s.push_str("    prerelease: true\n");
        }
        let _ = writeln!(s, "    source: {}", quote(&row.source));
    }
    s
}

#[test]
fn table_is_what_the_generator_makes() {
    let generated = generate();
    let path = root().join("data/deprecations.yaml");
    if std::env::var_os("ABEMA_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write data/deprecations.yaml");
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("data/deprecations.yaml");
    if committed != generated {
        let diff = similar::TextDiff::from_lines(&committed, &generated);
        let mut shown = String::new();
        for change in diff
            .iter_all_changes()
            .filter(|c| c.tag() != similar::ChangeTag::Equal)
            .take(40)
        {
            let sign = if change.tag() == similar::ChangeTag::Delete {
                "-"
            } else {
                "+"
            };
            let _ = write!(shown, "{sign}{change}");
        }
        panic!(
            "data/deprecations.yaml differs from the generator's output (committed -, generated +); \
             run `ABEMA_BLESS=1 cargo test --test deprecation_table` after changing the inputs:\n{shown}"
        );
    }
}

#[test]
fn the_extracts_record_where_they_came_from() {
    for p in EXTRACTS {
        let e: Extract = serde_saphyr::from_str(&read(p)).expect("extract parses");
        assert!(
            e.tags.iter().any(|t| t.tag == "v0.19.0"),
            "{p}: v0.19.0 read"
        );
        assert!(
            e.tags.iter().all(|t| t.commit.len() == 40),
            "{p}: full commit hashes"
        );
        assert!(
            e.tags.iter().any(|t| t.tag == e.newest_tag),
            "{p}: newest tag listed"
        );
        assert!(!e.entries.is_empty(), "{p}: entries");
        assert!(
            e.entries.iter().all(|l| !l.kind.ends_with("List")),
            "{p}: no *List kinds"
        );
    }
}
