//! The deprecated-API table, `data/deprecations.yaml`, embedded at build time.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::version::{Version, optional};

/// Why the deprecation table is invalid: the entry (`apiVersion`, `kind`) or the line at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Not YAML, or not the table's schema.
    Yaml { line: usize, message: String },
    /// A `schemaVersion` this build does not read.
    Schema { found: String },
    /// An entry that fails a rule of the table, e.g. "removedIn is before deprecatedIn".
    Entry {
        api_version: String,
        kind: String,
        rule: &'static str,
    },
    /// Two entries for one `(apiVersion, kind)`.
    Duplicate { api_version: String, kind: String },
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Yaml { line, message } => {
                write!(f, "data/deprecations.yaml:{line}: {message}")
            }
            TableError::Schema { found } => {
                write!(f, "schemaVersion is {found:?}, expected {SCHEMA:?}")
            }
            TableError::Entry {
                api_version,
                kind,
                rule,
            } => write!(f, "{api_version} {kind}: {rule}"),
            TableError::Duplicate { api_version, kind } => {
                write!(f, "duplicate entry {api_version} {kind}")
            }
        }
    }
}

impl std::error::Error for TableError {}

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
    /// Older replacements on the way to `replacement` that are removed later: named instead when
    /// the target does not serve `replacement` yet (oldest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interim_replacements: Vec<Interim>,
    pub component: String,
    /// A fact that comes from a pre-release of the newest release (it may still change).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prerelease: bool,
    pub source: String,
}

/// A replacement served from `available_in` until `removed_in`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Interim {
    pub api_version: String,
    pub available_in: Version,
    pub removed_in: Version,
}

/// The replacement to name for an entry at a target version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// Empty when no replacement is served at the target (or there is none at all).
    pub api_version: String,
    pub available_in: Option<Version>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TableFile {
    schema_version: String,
    release: Version,
    newest: Version,
    newest_tag: String,
    newest_is_prerelease: bool,
    apis: Vec<ApiEntry>,
}

/// The table with an index by `(apiVersion, kind)`.
#[derive(Debug)]
pub struct Table {
    /// The newest final Kubernetes release of the data: the default target.
    pub release: Version,
    /// The newest release the data knows (a pre-release when `newest_is_prerelease`).
    pub newest: Version,
    /// The k8s.io/api tag the newest data comes from (`v0.37.0-beta.0`).
    pub newest_tag: String,
    pub newest_is_prerelease: bool,
    pub entries: Vec<ApiEntry>,
    index: HashMap<(String, String), usize>,
}

impl Table {
    /// The embedded table (parsed once). Its validity is a unit test, so an error here means a
    /// broken build, reported as an error rather than a panic.
    pub fn embedded() -> Result<&'static Table, TableError> {
        static TABLE: OnceLock<Result<Table, TableError>> = OnceLock::new();
        TABLE
            .get_or_init(|| Table::parse(TABLE_YAML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and validates a table: schema, unique `(apiVersion, kind)`, versions in order.
    pub fn parse(text: &str) -> Result<Table, TableError> {
        let file: TableFile =
            serde_saphyr::from_str_with_options(text, crate::manifest::parse_options())
                .map_err(|e| crate::manifest::yaml_error(&e, 1))
                .map_err(|(line, message)| TableError::Yaml { line, message })?;
        if file.schema_version != SCHEMA {
            return Err(TableError::Schema {
                found: file.schema_version,
            });
        }
        let mut index = HashMap::new();
        for (i, entry) in file.apis.iter().enumerate() {
            let key = (entry.api_version.clone(), entry.kind.clone());
            let broken = |rule: &'static str| TableError::Entry {
                api_version: entry.api_version.clone(),
                kind: entry.kind.clone(),
                rule,
            };
            if index.insert(key, i).is_some() {
                return Err(TableError::Duplicate {
                    api_version: entry.api_version.clone(),
                    kind: entry.kind.clone(),
                });
            }
            if let Some(removed) = entry.removed_in
                && removed < entry.deprecated_in
            {
                return Err(broken("removedIn is before deprecatedIn"));
            }
            if entry.replacement.is_empty() != entry.replacement_available_in.is_none() {
                return Err(broken("replacement and replacementAvailableIn go together"));
            }
            for w in entry.interim_replacements.windows(2) {
                if w[0].available_in > w[1].available_in {
                    return Err(broken("interimReplacements out of order"));
                }
            }
        }
        Ok(Table {
            release: file.release,
            newest: file.newest,
            newest_tag: file.newest_tag,
            newest_is_prerelease: file.newest_is_prerelease,
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

    /// The replacement to name at `target`: the newest one of the chain (interim versions, then
    /// `replacement`) that the target serves; when the target serves none yet, the first one that
    /// is still served at the target's time or later; never a version removed at the target.
    pub fn advice(&self, entry: &ApiEntry, target: Version) -> Advice {
        if entry.replacement.is_empty() {
            return Advice {
                api_version: String::new(),
                available_in: None,
            };
        }
        let mut chain: Vec<(&str, Option<Version>, Option<Version>)> = entry
            .interim_replacements
            .iter()
            .map(|i| {
                (
                    i.api_version.as_str(),
                    Some(i.available_in),
                    Some(i.removed_in),
                )
            })
            .collect();
        let final_removed = self
            .lookup(&entry.replacement, &entry.kind)
            .and_then(|e| e.removed_in);
        chain.push((
            entry.replacement.as_str(),
            entry.replacement_available_in,
            final_removed,
        ));
        let served = |(_, avail, removed): &(&str, Option<Version>, Option<Version>)| {
            avail.is_none_or(|a| a <= target) && removed.is_none_or(|r| target < r)
        };
        let pick = chain.iter().rev().find(|c| served(c)).or_else(|| {
            chain
                .iter()
                .find(|(_, _, removed)| removed.is_none_or(|r| target < r))
        });
        match pick {
            Some((api_version, available_in, _)) => Advice {
                api_version: api_version.to_string(),
                available_in: *available_in,
            },
            None => Advice {
                api_version: String::new(),
                available_in: None,
            },
        }
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
            t.release >= Version::new(1, 36),
            "the table must cover at least v1.36"
        );
        assert!(t.newest >= t.release, "newest is at least the release");
        assert_eq!(
            t.newest_is_prerelease,
            t.newest > t.release,
            "a newest release beyond the default target is a pre-release"
        );
        assert!(
            t.entries
                .iter()
                .any(|e| e.deprecated_in <= Version::new(1, 8)),
            "the table covers v1.8"
        );
        for e in &t.entries {
            let what = format!("{} {}", e.api_version, e.kind);
            assert!(!e.source.trim().is_empty(), "{what}: source is required");
            assert!(
                !e.kind.ends_with("List"),
                "{what}: lists are expanded, do not list *List kinds"
            );
            let first = e
                .interim_replacements
                .first()
                .map(|i| Some(i.available_in))
                .unwrap_or(e.replacement_available_in);
            if let (Some(avail), Some(removed)) = (first, e.removed_in) {
                assert!(
                    avail <= removed,
                    "{what}: the first replacement must exist before the removal"
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
                    e.deprecated_in <= t.newest.next_minor().next_minor(),
                    "{what}: from the future"
                );
                for i in &e.interim_replacements {
                    assert!(
                        i.available_in < i.removed_in,
                        "{what}: interim {} served for no release",
                        i.api_version
                    );
                }
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
        assert_eq!(
            fc.replacement, "flowcontrol.apiserver.k8s.io/v1",
            "v1beta3 was itself removed in v1.32"
        );
        let v = Version::new;
        // Issue 12: the API server's lifecycle data, not another tool's list.
        for kind in [
            "DeviceClass",
            "ResourceClaim",
            "ResourceClaimTemplate",
            "ResourceSlice",
        ] {
            let e = t.lookup("resource.k8s.io/v1beta1", kind).expect(kind);
            assert_eq!((e.deprecated_in, e.removed_in), (v(1, 35), Some(v(1, 38))));
            assert_eq!(e.replacement, "resource.k8s.io/v1");
            let e = t.lookup("resource.k8s.io/v1beta2", kind).expect(kind);
            assert_eq!(e.deprecated_in, v(1, 36), "v1beta2 {kind}");
        }
        for kind in [
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
        ] {
            let a = t
                .lookup("admissionregistration.k8s.io/v1alpha1", kind)
                .expect(kind);
            assert_eq!(a.removed_in, Some(v(1, 32)), "v1alpha1 {kind}");
            let b = t
                .lookup("admissionregistration.k8s.io/v1beta1", kind)
                .expect(kind);
            assert_eq!(b.removed_in, Some(v(1, 34)), "v1beta1 {kind}");
        }
        let vac = t
            .lookup("storage.k8s.io/v1beta1", "VolumeAttributesClass")
            .expect("vac");
        assert_eq!(vac.removed_in, Some(v(1, 37)));
        for (api, kind, dep) in [
            ("apiregistration.k8s.io/v1beta1", "APIService", v(1, 19)),
            ("storage.k8s.io/v1beta1", "StorageClass", v(1, 19)),
            ("storage.k8s.io/v1beta1", "VolumeAttachment", v(1, 19)),
            ("coordination.k8s.io/v1beta1", "Lease", v(1, 19)),
            ("events.k8s.io/v1beta1", "Event", v(1, 22)),
            ("extensions/v1beta1", "Deployment", v(1, 8)),
            ("apps/v1beta1", "Deployment", v(1, 8)),
            ("extensions/v1beta1", "PodSecurityPolicy", v(1, 11)),
            ("coordination.k8s.io/v1beta1", "LeaseCandidate", v(1, 36)),
            ("v1", "Endpoints", v(1, 33)),
            ("v1", "ComponentStatus", v(1, 19)),
        ] {
            let e = t.lookup(api, kind).expect(kind);
            assert_eq!(e.deprecated_in, dep, "{api} {kind}");
        }
        for (api, kind, removed) in [
            (
                "authorization.k8s.io/v1beta1",
                "SelfSubjectRulesReview",
                v(1, 22),
            ),
            (
                "authentication.k8s.io/v1beta1",
                "SelfSubjectReview",
                v(1, 33),
            ),
            ("networking.k8s.io/v1beta1", "IPAddress", v(1, 37)),
            ("networking.k8s.io/v1beta1", "ServiceCIDR", v(1, 37)),
            (
                "admissionregistration.k8s.io/v1beta1",
                "MutatingAdmissionPolicy",
                v(1, 40),
            ),
            (
                "certificates.k8s.io/v1beta1",
                "ClusterTrustBundle",
                v(1, 40),
            ),
            (
                "storagemigration.k8s.io/v1beta1",
                "StorageVersionMigration",
                v(1, 40),
            ),
            ("apps/v1beta1", "ControllerRevision", v(1, 16)),
            ("apps/v1beta2", "ControllerRevision", v(1, 16)),
            ("resource.k8s.io/v1alpha2", "ResourceClaim", v(1, 31)),
            ("batch/v2alpha1", "CronJob", v(1, 21)),
            ("settings.k8s.io/v1alpha1", "PodPreset", v(1, 20)),
            (
                "admissionregistration.k8s.io/v1alpha1",
                "InitializerConfiguration",
                v(1, 14),
            ),
            ("extensions/v1beta1", "ThirdPartyResource", v(1, 8)),
            ("scheduling.k8s.io/v1alpha1", "Workload", v(1, 36)),
        ] {
            let e = t.lookup(api, kind).expect(kind);
            assert_eq!(e.removed_in, Some(removed), "{api} {kind}");
        }
        assert!(
            t.lookup("networking.k8s.io/v1alpha1", "ClusterCIDR")
                .is_some(),
            "alpha APIs real files carry"
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

    #[test]
    fn advice_never_names_a_version_removed_at_the_target() {
        let t = table();
        let v = Version::new;
        let fc = t
            .lookup("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema")
            .expect("fc");
        let at = |target| t.advice(fc, target);
        assert_eq!(
            at(v(1, 26)).api_version,
            "flowcontrol.apiserver.k8s.io/v1beta3"
        );
        assert_eq!(at(v(1, 26)).available_in, Some(v(1, 26)));
        assert_eq!(at(v(1, 29)).api_version, "flowcontrol.apiserver.k8s.io/v1");
        assert_eq!(at(v(1, 36)).api_version, "flowcontrol.apiserver.k8s.io/v1");
        assert_eq!(at(v(1, 36)).available_in, Some(v(1, 29)));
        for e in &t.entries {
            for target in (8..=40).map(|m| v(1, m)) {
                let a = t.advice(e, target);
                if let Some(r) = t.lookup(&a.api_version, &e.kind) {
                    assert!(
                        r.removed_in.is_none_or(|r| target < r),
                        "{} {} at {target}: advice {} is removed",
                        e.api_version,
                        e.kind,
                        a.api_version
                    );
                }
            }
        }
        let psp = t
            .lookup("extensions/v1beta1", "PodSecurityPolicy")
            .expect("psp");
        assert_eq!(t.advice(psp, v(1, 16)).api_version, "policy/v1beta1");
        assert_eq!(t.advice(psp, v(1, 25)).api_version, "", "nothing served");
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

    /// Cross-checks the table against pluto's and kubent's data and the migration guide's
    /// removals: every disagreement must be listed, with a reason, in data/peer-allowlist.yaml;
    /// and every listed one must still exist.
    #[test]
    fn agrees_with_peers_except_where_explained() {
        // The peers' data, then the migration guide's removals (its deprecatedIn is `*`: not given).
        let csv = [
            include_str!("../../tests/fixtures/third_party/peer-data/peer-data.csv"),
            include_str!("../../tests/fixtures/third_party/deprecation-guide/removals.csv"),
        ];
        let allow: AllowList =
            serde_saphyr::from_str(include_str!("../../data/peer-allowlist.yaml"))
                .expect("allow-list parses");
        let t = table();
        let mut found = Vec::new();
        for line in csv
            .iter()
            .flat_map(|c| c.lines().skip(1))
            .filter(|l| !l.trim().is_empty())
        {
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
            if dep != "*" && normalise(dep) != ours_dep {
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
