//! The YAML test suite's cases about directives, document markers and comments (copied to
//! `tests/fixtures/third_party/yaml-test-suite/`), through the manifest reader: a valid case
//! must give the documents of its `in.json`, in order; an error case must be an error with a
//! file:line, from the library and from the real binary. Byte-order-mark and CRLF variants of
//! every valid case must read the same.
//!
//! Empty documents (`--- # only a comment`) are `null` in `in.json`; the reader drops them (they
//! are not objects), so `null` documents are left out of both sides.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, fixture};
use kubectl_abema::manifest;
use serde_json::Value;

/// Valid cases the reader rejects on purpose, and error cases it accepts, with the reason.
const EXCEPTIONS: &[(&str, &str)] = &[];

fn cases() -> Vec<PathBuf> {
    let dir = fixture("third_party/yaml-test-suite");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("in.yaml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    cases
}

fn id(case: &Path) -> String {
    case.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// The documents of `in.json`; `None` when the case has none (its values have no JSON form:
/// then only "no error" is checked).
fn expected(case: &Path) -> Option<Vec<Value>> {
    let text = std::fs::read_to_string(case.join("in.json")).ok()?;
    Some(
        serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .map(|v| v.expect("in.json is JSON"))
            .filter(|v| !v.is_null())
            .collect(),
    )
}

/// The reader's documents, or the first problem.
fn read(name: &str, text: &str) -> Result<Vec<Value>, manifest::Problem> {
    let mut out = Vec::new();
    for doc in manifest::read_values(name, text) {
        let (_, value) = doc?;
        if !value.is_null() {
            out.push(value);
        }
    }
    Ok(out)
}

fn is_exception(id: &str) -> bool {
    EXCEPTIONS.iter().any(|(e, _)| *e == id)
}

#[test]
fn valid_cases_give_the_documents_of_in_json() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| !c.join("error").exists()) {
        let id = id(case);
        if is_exception(&id) {
            continue;
        }
        let text = std::fs::read_to_string(case.join("in.yaml")).expect("in.yaml");
        let want = expected(case);
        let variants = [
            ("as is", text.clone()),
            ("CRLF", text.replace('\n', "\r\n")),
            ("BOM", format!("\u{feff}{text}")),
        ];
        for (variant, input) in variants {
            // The BOM goes through the same decoding as a file's bytes.
            let decoded = match variant {
                "BOM" => {
                    let path = std::env::temp_dir().join(format!("yaml-suite-{id}.yaml"));
                    std::fs::write(&path, input.as_bytes()).expect("write");
                    let read = manifest::read_input(&manifest::InputFile::Path(path.clone()));
                    let _ = std::fs::remove_file(&path);
                    read.expect("decodes")
                }
                _ => input,
            };
            let name = format!("{id}.yaml");
            if want.is_none() {
                // Values without a JSON form (null or complex keys): the scan reads them.
                let m = manifest::parse_file(&name, &decoded);
                if let Some(p) = m.problems.first() {
                    failures.push(format!("{id} ({variant}): {}: {}", p.location(), p.message));
                }
                continue;
            }
            match read(&name, &decoded) {
                Ok(got) if want.as_ref().is_none_or(|w| *w == got) => {}
                Ok(got) => failures.push(format!("{id} ({variant}): got {got:?}, want {want:?}")),
                Err(p) => {
                    failures.push(format!("{id} ({variant}): {}: {}", p.location(), p.message))
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_cases_are_errors_with_a_line() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| c.join("error").exists()) {
        let id = id(case);
        if is_exception(&id) {
            continue;
        }
        let text = std::fs::read_to_string(case.join("in.yaml")).expect("in.yaml");
        match read(&format!("{id}.yaml"), &text) {
            Ok(got) => failures.push(format!("{id}: accepted as {got:?}")),
            Err(p) if p.line == 0 => failures.push(format!("{id}: no line: {}", p.message)),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_binary_reads_valid_cases_and_reports_error_cases_as_file_line() {
    let env = Env::new();
    let mut errors = Vec::new();
    for case in cases() {
        let id = id(&case);
        if is_exception(&id) {
            continue;
        }
        let bad = case.join("error").exists();
        let dir = if bad { "bad" } else { "good" };
        let text = std::fs::read_to_string(case.join("in.yaml")).expect("in.yaml");
        env.write(&format!("{dir}/{id}.yaml"), &text);
        if bad {
            errors.push(id);
        }
    }
    let (code, _, err) = env.run(&["deprecations", "good"]);
    assert_eq!(code, 0, "valid YAML is not an error:\n{err}");
    assert!(!err.contains("error:"), "{err}");
    let (code, _, err) = env.run(&["deprecations", "bad"]);
    assert_eq!(code, 1);
    for id in errors {
        let prefix = format!("error: bad/{id}.yaml:");
        let line = err.lines().find(|l| l.starts_with(&prefix));
        let numbered =
            line.and_then(|l| l[prefix.len()..].split(':').next()?.parse::<usize>().ok());
        assert!(
            numbered.is_some_and(|n| n > 0),
            "{id}: no `error: FILE:LINE: message` line in\n{err}"
        );
    }
}
