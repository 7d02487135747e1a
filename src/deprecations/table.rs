//! The deprecated-API table, `data/deprecations.yaml`, embedded at build time.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::version::{Version, optional};
use crate::error::{Error, Result};

/// The component every core Kubernetes entry belongs to.
pub const KUBERNETES: &str = "k8s";

const TABLE_YAML: &str = include_str!("../../data/deprecations.yaml");
const SCHEMA: &str = "abema.dev/deprecations-table/v1";

/// One deprecated API version of one kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiEntry {
    pub api_version: String,
    pub kind: String,
    pub deprecated_in: Version,
    /// `None` when no removal is scheduled.
    #[serde(with = "optional")]
    pub removed_in: Option<Version>,
    /// Empty when there is no replacement (PodSecurityPolicy).
    pub replacement: String,
    #[serde(with = "optional")]
    pub replacement_available_in: Option<Version>,
    pub component: String,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TableFile {
    schema_version: String,
    release: Version,
    apis: Vec<ApiEntry>,
}

/// The table with an index by `(apiVersion, kind)`.
#[derive(Debug)]
pub struct Table {
    /// The newest Kubernetes release the table was reviewed against: the default target.
    pub release: Version,
    pub entries: Vec<ApiEntry>,
    index: HashMap<(String, String), usize>,
}

impl Table {
    /// The embedded table (parsed once). Its validity is a unit test, so an error here means a
    /// broken build, reported as an error rather than a panic.
    pub fn embedded() -> Result<&'static Table> {
        static TABLE: OnceLock<std::result::Result<Table, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| Table::parse(TABLE_YAML))
            .as_ref()
            .map_err(|e| Error::failure("the embedded deprecation table is invalid").caused_by(e))
    }

    /// Parses and validates a table: schema, unique `(apiVersion, kind)`, versions in order.
    pub fn parse(text: &str) -> std::result::Result<Table, String> {
        let file: TableFile =
            serde_saphyr::from_str_with_options(text, crate::manifest::parse_options())
                .map_err(|e| crate::manifest::yaml_error(&e, 1))
                .map_err(|(line, msg)| format!("data/deprecations.yaml:{line}: {msg}"))?;
        if file.schema_version != SCHEMA {
            return Err(format!(
                "schemaVersion is {:?}, expected {SCHEMA:?}",
                file.schema_version
            ));
        }
        let mut index = HashMap::new();
        for (i, entry) in file.apis.iter().enumerate() {
            let key = (entry.api_version.clone(), entry.kind.clone());
            if index.insert(key, i).is_some() {
                return Err(format!(
                    "duplicate entry {} {}",
                    entry.api_version, entry.kind
                ));
            }
            if let Some(removed) = entry.removed_in
                && removed < entry.deprecated_in
            {
                return Err(format!(
                    "{} {}: removedIn is before deprecatedIn",
                    entry.api_version, entry.kind
                ));
            }
        }
        Ok(Table {
            release: file.release,
            entries: file.apis,
            index,
        })
    }

    /// The entry for an object's `apiVersion` and `kind`, if that version is deprecated.
    pub fn lookup(&self, api_version: &str, kind: &str) -> Option<&ApiEntry> {
        self.index
            .get(&(api_version.to_string(), kind.to_string()))
            .map(|&i| &self.entries[i])
    }

    /// Every component named in the table (`k8s`, `cert-manager`, ...).
    pub fn components(&self) -> BTreeSet<&str> {
        self.entries.iter().map(|e| e.component.as_str()).collect()
    }

    /// The default target of a component: the table's `release` for Kubernetes; for other
    /// components the newest version any of their entries names (so everything known counts).
    pub fn default_target(&self, component: &str) -> Version {
        if component == KUBERNETES {
            return self.release;
        }
        self.entries
            .iter()
            .filter(|e| e.component == component)
            .flat_map(|e| [Some(e.deprecated_in), e.removed_in].into_iter().flatten())
            .max()
            .unwrap_or(self.release)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static Table {
        Table::embedded().expect("the embedded table parses")
    }

    #[test]
    fn embedded_table_is_valid_and_current() {
        let t = table();
        assert!(
            t.release >= Version::new(1, 35),
            "the table must cover at least v1.35"
        );
        for e in &t.entries {
            let what = format!("{} {}", e.api_version, e.kind);
            assert!(!e.source.trim().is_empty(), "{what}: source is required");
            assert!(
                !e.kind.ends_with("List"),
                "{what}: lists are expanded, do not list *List kinds"
            );
            if let (Some(avail), Some(removed)) = (e.replacement_available_in, e.removed_in) {
                assert!(
                    avail <= removed,
                    "{what}: replacement must exist before the removal"
                );
            }
            if e.replacement.is_empty() {
                assert!(
                    e.replacement_available_in.is_none(),
                    "{what}: no replacement, no availability"
                );
            }
            if e.component == KUBERNETES {
                assert!(
                    e.deprecated_in <= t.release.next_minor().next_minor(),
                    "{what}: from the future"
                );
            }
        }
        assert!(t.lookup("extensions/v1beta1", "Ingress").is_some());
        assert!(
            t.lookup("flowcontrol.apiserver.k8s.io/v1beta1", "FlowControl")
                .is_none(),
            "pluto's bogus kind"
        );
    }

    #[test]
    fn research_corrections_hold() {
        let t = table();
        let fc = t
            .lookup("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema")
            .expect("flowcontrol v1beta1");
        assert_eq!(
            fc.removed_in,
            Some(Version::new(1, 26)),
            "the guide: v1beta1 unavailable in v1.26"
        );
        for kind in [
            "SubjectAccessReview",
            "SelfSubjectAccessReview",
            "LocalSubjectAccessReview",
        ] {
            assert!(
                t.lookup("authorization.k8s.io/v1beta1", kind).is_some(),
                "{kind} (pluto lacks it)"
            );
        }
        assert!(
            t.lookup("events.k8s.io/v1beta1", "Event").is_some(),
            "kubent lacks it"
        );
        let psp = t
            .lookup("policy/v1beta1", "PodSecurityPolicy")
            .expect("psp");
        assert_eq!(psp.replacement, "", "PodSecurityPolicy has no replacement");
    }

    /// One deliberate disagreement with a peer (data/peer-allowlist.yaml).
    #[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Allowed {
        source: String,
        api_version: String,
        kind: String,
        field: String,
        peer: String,
        ours: String,
        reason: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AllowList {
        allow: Vec<Allowed>,
    }

    fn normalise(v: &str) -> String {
        let v = v.trim();
        if v.is_empty() || v == "<removed>" {
            return String::new();
        }
        match v.parse::<Version>() {
            Ok(v) => v.to_string(),
            Err(_) => v.to_string(),
        }
    }

    /// Cross-checks the table against pluto's and kubent's data: every disagreement must be
    /// listed, with a reason, in data/peer-allowlist.yaml; and every listed one must still exist.
    #[test]
    fn agrees_with_peers_except_where_explained() {
        let csv = include_str!("../../tests/fixtures/third_party/peer-data/peer-data.csv");
        let allow: AllowList =
            serde_saphyr::from_str(include_str!("../../data/peer-allowlist.yaml"))
                .expect("allow-list parses");
        let t = table();
        let mut found = Vec::new();
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split(',').collect();
            assert_eq!(cols.len(), 7, "bad CSV row {line}");
            let (api_version, kind, dep, rem, repl, source) =
                (cols[0], cols[1], cols[2], cols[3], cols[4], cols[6]);
            let source = source.split(':').next().unwrap_or_default().to_string();
            let mut diff = |field: &str, peer: String, ours: String| {
                found.push((
                    source.clone(),
                    api_version.to_string(),
                    kind.to_string(),
                    field.to_string(),
                    peer,
                    ours,
                ));
            };
            let Some(e) = t.lookup(api_version, kind) else {
                diff("missing", String::new(), String::new());
                continue;
            };
            let ours_dep = e.deprecated_in.to_string();
            let ours_rem = e.removed_in.map(|v| v.to_string()).unwrap_or_default();
            if normalise(dep) != ours_dep {
                diff("deprecatedIn", normalise(dep), ours_dep);
            }
            if normalise(rem) != ours_rem {
                diff("removedIn", normalise(rem), ours_rem);
            }
            if normalise(repl) != e.replacement {
                diff("replacement", normalise(repl), e.replacement.clone());
            }
        }
        let listed: Vec<_> = allow
            .allow
            .iter()
            .map(|a| {
                assert!(
                    a.reason.trim().len() > 10,
                    "allow-list entry without a real reason: {a:?}"
                );
                (
                    a.source.clone(),
                    a.api_version.clone(),
                    a.kind.clone(),
                    a.field.clone(),
                    normalise(&a.peer),
                    normalise(&a.ours),
                )
            })
            .collect();
        let unexplained: Vec<_> = found.iter().filter(|d| !listed.contains(d)).collect();
        let stale: Vec<_> = listed.iter().filter(|d| !found.contains(d)).collect();
        assert!(
            unexplained.is_empty(),
            "disagreements with the peers not in data/peer-allowlist.yaml: {unexplained:#?}"
        );
        assert!(
            stale.is_empty(),
            "allow-list entries that no longer disagree (remove them): {stale:#?}"
        );
    }
}
