//! The `sops:` block: read in every form SOPS has written (struct or alphabetical order, empty
//! key lists, `key_groups` with one group, unknown key types), written alphabetically like
//! SOPS 3.13 with unknown entries kept.

use serde_json::{Map, Value};

use super::cipher::ValueError;
use super::tree::{Rule, RuleError};

/// The SOPS format version we write: `version` must be a semver that SOPS accepts (it parses
/// it on every load); it names the format, not this tool's version.
pub const SOPS_VERSION: &str = "3.10.2";

/// The six encryption-rule keys of SOPS metadata and creation rules (at most one per file).
pub const RULE_KEYS: [&str; 6] = [
    "unencrypted_suffix",
    "encrypted_suffix",
    "unencrypted_regex",
    "encrypted_regex",
    "unencrypted_comment_regex",
    "encrypted_comment_regex",
];

/// One `sops.age[]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeEntry {
    pub recipient: String,
    pub enc: String,
}

/// The parsed `sops:` block.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub age: Vec<AgeEntry>,
    pub lastmodified: String,
    pub mac: String,
    pub rule: Rule,
    pub mac_only_encrypted: bool,
    pub version: String,
    /// Every other key (pgp, kms, ... and whatever a newer SOPS adds), written back as read.
    pub other: Map<String, Value>,
    /// Whether the age keys came from a single `key_groups` entry (written back that way).
    pub in_key_group: bool,
}

/// Why a `sops:` block cannot be read (names the key; never a value of the file).
#[derive(Debug, PartialEq, Eq)]
pub enum MetadataError {
    /// `sops:` is not a mapping.
    NotAMapping,
    /// `sops.age` is not a list.
    AgeNotAList,
    /// A `sops.age` entry without this field.
    AgeEntryWithout(&'static str),
    /// More than one key group (Shamir secret sharing).
    KeyGroups(usize),
    /// The encryption-rule keys.
    Rule(RuleError),
    /// A required key (`lastmodified`, `mac`) is missing.
    Missing(&'static str),
    /// `sops.lastmodified` is not an RFC 3339 time (the text, which is not secret).
    Time(String),
    /// `sops.mac` is not a sealed value.
    Mac(ValueError),
    /// No `age` recipient: only other key types, which this tool cannot open.
    NoAgeRecipients,
}

impl std::fmt::Display for MetadataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetadataError::NotAMapping => f.write_str("the sops key is not a mapping"),
            MetadataError::AgeNotAList => f.write_str("sops.age is not a list"),
            MetadataError::AgeEntryWithout(field) => write!(f, "sops.age entry without {field}"),
            MetadataError::KeyGroups(n) => write!(
                f,
                "{n} key groups (Shamir secret sharing) are not supported"
            ),
            MetadataError::Rule(e) => write!(f, "sops: {e}"),
            MetadataError::Missing(key) => write!(f, "sops.{key} is missing"),
            MetadataError::Time(text) => {
                write!(f, "sops.lastmodified {text:?} is not an RFC 3339 time")
            }
            MetadataError::Mac(e) => write!(f, "sops.mac: {e}"),
            MetadataError::NoAgeRecipients => {
                f.write_str("no age recipients (other key types are not supported)")
            }
        }
    }
}

impl std::error::Error for MetadataError {}

fn age_entries(value: &Value) -> Result<Vec<AgeEntry>, MetadataError> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let field = |k: &'static str| {
                    item[k]
                        .as_str()
                        .map(str::to_string)
                        .ok_or(MetadataError::AgeEntryWithout(k))
                };
                Ok(AgeEntry {
                    recipient: field("recipient")?,
                    enc: field("enc")?,
                })
            })
            .collect(),
        _ => Err(MetadataError::AgeNotAList),
    }
}

impl Metadata {
    /// Reads the block of a document; `None` when the document is not SOPS-encrypted.
    pub fn read(doc: &Value) -> Result<Option<Metadata>, MetadataError> {
        let Some(block) = doc.get("sops") else {
            return Ok(None);
        };
        let Value::Object(map) = block else {
            return Err(MetadataError::NotAMapping);
        };
        let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
        let mut age = age_entries(map.get("age").unwrap_or(&Value::Null))?;
        let mut in_key_group = false;
        if let Some(groups) = map.get("key_groups").and_then(Value::as_array) {
            match groups.as_slice() {
                [] => {}
                [group] => {
                    age.extend(age_entries(&group["age"])?);
                    in_key_group = true;
                }
                many => return Err(MetadataError::KeyGroups(many.len())),
            }
        }
        let rule_fields: Vec<(&str, Option<&str>)> = RULE_KEYS
            .iter()
            .map(|k| (*k, map.get(*k).and_then(Value::as_str)))
            .collect();
        let rule = Rule::from_fields(&rule_fields).map_err(MetadataError::Rule)?;
        let mut other = Map::new();
        for (k, v) in map {
            let known = [
                "age",
                "key_groups",
                "lastmodified",
                "mac",
                "mac_only_encrypted",
                "version",
                "shamir_threshold",
            ];
            if !known.contains(&k.as_str()) && !RULE_KEYS.contains(&k.as_str()) {
                other.insert(k.clone(), v.clone());
            }
        }
        Ok(Some(Metadata {
            age,
            lastmodified: text("lastmodified").ok_or(MetadataError::Missing("lastmodified"))?,
            mac: text("mac").ok_or(MetadataError::Missing("mac"))?,
            rule,
            mac_only_encrypted: map
                .get("mac_only_encrypted")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            version: text("version").unwrap_or_default(),
            other,
            in_key_group,
        }))
    }

    /// The block to write, keys in alphabetical order.
    pub fn to_value(&self) -> Value {
        let mut entries: Vec<(String, Value)> = self
            .other
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let age: Vec<Value> = self
            .age
            .iter()
            .map(|a| serde_json::json!({"recipient": a.recipient, "enc": a.enc}))
            .collect();
        if self.in_key_group {
            entries.push(("key_groups".into(), serde_json::json!([{"age": age}])));
        } else {
            entries.push(("age".into(), Value::Array(age)));
        }
        let (rule_key, rule_value) = self.rule.metadata_entry();
        entries.push((rule_key.into(), Value::String(rule_value)));
        entries.push((
            "lastmodified".into(),
            Value::String(self.lastmodified.clone()),
        ));
        entries.push(("mac".into(), Value::String(self.mac.clone())));
        if self.mac_only_encrypted {
            entries.push(("mac_only_encrypted".into(), Value::Bool(true)));
        }
        entries.push((
            "version".into(),
            Value::String(if self.version.is_empty() {
                SOPS_VERSION.into()
            } else {
                self.version.clone()
            }),
        ));
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(entries.into_iter().collect())
    }
}

/// `lastmodified` as SOPS uses it for the MAC's associated data: parsed and formatted again
/// with Go's RFC3339 layout (whole seconds, `Z` for UTC, else `+hh:mm`).
pub fn normalize_time(text: &str) -> Result<String, MetadataError> {
    let bad = || MetadataError::Time(text.to_string());
    let t = text.trim();
    if t.len() < 20 || !t.is_char_boundary(19) {
        return Err(bad());
    }
    let (base, rest) = t.split_at(19);
    let b = base.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return Err(bad());
    }
    let rest = match rest.strip_prefix('.') {
        Some(frac) => frac.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let zone = match rest {
        "Z" | "z" | "+00:00" | "-00:00" => "Z".to_string(),
        z if z.len() == 6
            && (z.starts_with('+') || z.starts_with('-'))
            && z.as_bytes()[3] == b':' =>
        {
            z.to_string()
        }
        _ => return Err(bad()),
    };
    let mut base = base.to_string();
    base.replace_range(10..11, "T");
    Ok(format!("{base}{zone}"))
}

/// Now in UTC, as SOPS writes `lastmodified`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_utc(secs)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (the civil-from-days algorithm).
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_normalize_like_go() {
        assert_eq!(
            normalize_time("2024-03-25T22:08:10Z").as_deref(),
            Ok("2024-03-25T22:08:10Z")
        );
        assert_eq!(
            normalize_time("2024-03-25T22:08:10.123456Z").as_deref(),
            Ok("2024-03-25T22:08:10Z")
        );
        assert_eq!(
            normalize_time("2024-03-25T22:08:10+09:00").as_deref(),
            Ok("2024-03-25T22:08:10+09:00")
        );
        assert_eq!(
            normalize_time("2024-03-25T22:08:10+00:00").as_deref(),
            Ok("2024-03-25T22:08:10Z")
        );
        assert!(normalize_time("yesterday").is_err());
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_711_404_490), "2024-03-25T22:08:10Z");
    }
}

#[cfg(test)]
mod forms {
    use super::*;
    use serde_json::json;

    /// Old struct-ordered blocks with empty key lists, one key group, and key types we do not
    /// use: all read, all written back.
    #[test]
    fn every_historical_form_reads_and_writes_back() {
        let doc = json!({"a": 1, "sops": {
            "kms": [], "gcp_kms": [], "azure_kv": [], "hc_vault": [],
            "pgp": [{"fp": "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", "enc": "x"}],
            "key_groups": [{"age": [{"recipient": "age1abc", "enc": "E"}]}],
            "lastmodified": "2024-03-25T22:08:10Z", "mac": "ENC[...]",
            "unencrypted_suffix": "_unencrypted", "version": "3.7.1", "future_field": {"x": 1}}});
        let meta = Metadata::read(&doc).expect("reads").expect("sops");
        assert_eq!(
            meta.age,
            vec![AgeEntry {
                recipient: "age1abc".into(),
                enc: "E".into()
            }]
        );
        assert!(meta.in_key_group);
        let back = meta.to_value();
        for key in [
            "kms",
            "gcp_kms",
            "azure_kv",
            "hc_vault",
            "pgp",
            "future_field",
            "key_groups",
        ] {
            assert_eq!(back[key], doc["sops"][key], "{key} written back");
        }
        let keys: Vec<&String> = back.as_object().expect("map").keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "alphabetical like SOPS 3.13");
        let two = json!({"sops": {"key_groups": [{"age": []}, {"age": []}], "lastmodified": "x", "mac": "y"}});
        assert!(
            Metadata::read(&two)
                .expect_err("shamir")
                .to_string()
                .contains("Shamir")
        );
    }
}
