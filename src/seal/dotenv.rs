//! SOPS' dotenv store: `KEY=VALUE` lines, the `sops:` block flattened into `sops_*` keys
//! (`sops_age__list_0__map_enc`), newlines escaped as `\n`. Read for `unseal` so env files
//! sealed by `sops` (e.g. for a kustomize `secretGenerator`) open like any other.

use serde_json::{Map, Value};

/// Whether `text` is a SOPS-encrypted dotenv file.
pub fn is_dotenv(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let all_pairs = lines.clone().all(|l| {
        l.split_once('=')
            .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' ') && !k.contains(':'))
    });
    all_pairs && lines.any(|l| l.starts_with("sops_mac="))
}

fn unescape(v: &str) -> String {
    v.replace("\\n", "\n")
}

/// Sets `path` (already split at `__`) in `root`, creating maps and lists on the way.
fn insert(root: &mut Value, path: &[&str], value: Value) {
    let Some((head, rest)) = path.split_first() else {
        *root = value;
        return;
    };
    if let Some(index) = head
        .strip_prefix("list_")
        .and_then(|i| i.parse::<usize>().ok())
    {
        if !root.is_array() {
            *root = Value::Array(Vec::new());
        }
        // SOPS writes list items in order; an index past the end would only grow the list
        // with nulls (a memory bomb for `list_99999999999`), so it is dropped instead, which
        // makes the MAC fail and the file refused.
        if let Value::Array(items) = root
            && index <= items.len()
        {
            if index == items.len() {
                items.push(Value::Null);
            }
            insert(&mut items[index], rest, value);
        }
        return;
    }
    let key = head.strip_prefix("map_").unwrap_or(head);
    if !root.is_object() {
        *root = Value::Object(Map::new());
    }
    if let Value::Object(map) = root {
        insert(
            map.entry(key.to_string()).or_insert(Value::Null),
            rest,
            value,
        );
    }
}

/// The document: each key a string value, and the unflattened `sops` block.
pub fn parse(text: &str) -> Value {
    let mut doc = Map::new();
    let mut sops = Value::Object(Map::new());
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key.strip_prefix("sops_") {
            Some(flat) => {
                let path: Vec<&str> = flat.split("__").collect();
                insert(&mut sops, &path, Value::String(unescape(value)));
            }
            None => {
                doc.insert(key.to_string(), Value::String(unescape(value)));
            }
        }
    }
    doc.insert("sops".into(), sops);
    Value::Object(doc)
}

/// `KEY=VALUE` lines of a plaintext document.
pub fn emit(doc: &Value) -> String {
    let mut out = String::new();
    for (k, v) in doc.as_object().into_iter().flatten() {
        let text = match v {
            Value::String(s) => s.replace('\n', "\\n"),
            other => other.to_string(),
        };
        out.push_str(&format!("{k}={text}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unflattens_the_metadata() {
        let text = "a=ENC[x]\nsops_age__list_0__map_enc=line1\\nline2\nsops_age__list_0__map_recipient=age1x\nsops_mac=ENC[y]\nsops_version=3.9.0\n";
        assert!(is_dotenv(text));
        let doc = parse(text);
        assert_eq!(doc["sops"]["age"][0]["enc"], "line1\nline2");
        assert_eq!(doc["sops"]["age"][0]["recipient"], "age1x");
        assert_eq!(doc["a"], "ENC[x]");
        assert!(!is_dotenv("apiVersion: v1\nkind: Secret\n"));
    }
}
