//! `kubectl abema rbac`: scenario pairs under tests/fixtures/rbac/, each with its exact
//! expected drift rows (`expected.yaml`), run through the real binary.

mod common;

use common::{Env, fixture};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expected {
    personas: Vec<ExpectedPersona>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    unmapped: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedPersona {
    name: String,
    verdict: String,
    /// The exact rows, when the drift is small enough to list.
    #[serde(default)]
    drift: Option<Vec<String>>,
    /// Rows that must be there (large drifts).
    #[serde(default)]
    includes: Vec<String>,
    /// Rows that must not be there.
    #[serde(default)]
    excludes: Vec<String>,
}

/// `side verb group/resource[#name] namespace[ except a,b]`, or `side verb url:/path -`.
fn row(r: &Value) -> String {
    let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    let what = match r["nonResourceURL"].as_str() {
        Some(url) => format!("url:{url}"),
        None => {
            let group = if s("apiGroup").is_empty() {
                "core".to_string()
            } else {
                s("apiGroup")
            };
            let name = r["resourceName"]
                .as_str()
                .map(|n| format!("#{n}"))
                .unwrap_or_default();
            format!("{group}/{}{name}", s("resource"))
        }
    };
    let except: Vec<&str> = r["exceptNamespaces"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let except = if except.is_empty() {
        String::new()
    } else {
        format!(" except {}", except.join(","))
    };
    format!(
        "{} {} {what} {}{except}",
        s("side"),
        s("verb"),
        s("namespace")
    )
}

fn scenario(name: &str) {
    let dir = fixture(&format!("rbac/{name}"));
    let arg = |p: &str| dir.join(p).to_str().expect("utf-8").to_string();
    let env = Env::new();
    let (code, out, err) = env.run(&[
        "rbac",
        "parity",
        "--gke",
        &arg("gke"),
        "--eks",
        &arg("eks"),
        "--personas",
        &arg("personas.yaml"),
        "-o",
        "json",
    ]);
    let report: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{name}: bad JSON ({e}): {out}\n{err}"));
    assert_eq!(report["schemaVersion"], "abema.dev/rbac-parity/v1");
    let expected: Expected = serde_saphyr::from_str(
        &std::fs::read_to_string(dir.join("expected.yaml")).expect("expected.yaml"),
    )
    .expect("expected.yaml parses");
    let personas = report["personas"].as_array().expect("personas");
    assert_eq!(personas.len(), expected.personas.len(), "{name}");
    let mut any_drift = false;
    for want in &expected.personas {
        let got = personas
            .iter()
            .find(|p| p["name"] == want.name.as_str())
            .unwrap_or_else(|| panic!("{name}: persona {}", want.name));
        let rows: Vec<String> = got["drift"]
            .as_array()
            .expect("drift")
            .iter()
            .map(row)
            .collect();
        assert_eq!(
            got["verdict"],
            want.verdict.as_str(),
            "{name}/{}: {rows:#?}",
            want.name
        );
        any_drift |= !rows.is_empty();
        if let Some(exact) = &want.drift {
            assert_eq!(&rows, exact, "{name}/{}", want.name);
        }
        for r in &want.includes {
            assert!(rows.contains(r), "{name}/{}: missing {r}", want.name);
        }
        for r in &want.excludes {
            assert!(!rows.contains(r), "{name}/{}: unexpected {r}", want.name);
        }
        for r in got["drift"].as_array().expect("drift") {
            assert!(
                !r["provenance"].as_array().expect("provenance").is_empty(),
                "every row says where it comes from"
            );
            for field in ["verb", "resource", "apiGroup"] {
                assert!(
                    !r[field].as_str().unwrap_or_default().contains('*')
                        || r["nonResourceURL"].is_string(),
                    "no wildcards in rows: {r}"
                );
            }
        }
    }
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for n in &expected.notes {
        assert!(
            notes.iter().any(|x| x.contains(n.as_str())),
            "{name}: note {n:?} not in {notes:#?}"
        );
        assert!(err.contains(n.as_str()), "{name}: notes also go to stderr");
    }
    let unmapped: Vec<&str> = report["unmappedPrincipals"]
        .as_array()
        .expect("unmapped")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for u in &expected.unmapped {
        assert!(
            unmapped.iter().any(|x| x.contains(u.as_str())),
            "{name}: unmapped {u:?} not in {unmapped:?}"
        );
    }
    assert_eq!(code, if any_drift { 3 } else { 0 }, "{name}: {err}");
}

#[test]
fn every_scenario_gives_its_expected_drift() {
    let root = fixture("rbac");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("scenarios")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expected.yaml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        scenario(&name);
    }
}
