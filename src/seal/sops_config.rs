//! `.sops.yaml` `creation_rules`: the same file `sops` and Flux users already keep, so one
//! configuration serves every tool. Lookup walks up from the output file's directory; the
//! first rule whose `path_regex` matches the path relative to the config's directory wins.

use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

use super::tree::Rule;
use crate::manifest::Problem;

/// What a matching rule says.
#[derive(Debug)]
pub struct CreationRule {
    pub config: PathBuf,
    pub index: usize,
    pub recipients: Vec<String>,
    pub rule: Option<Rule>,
    pub mac_only_encrypted: bool,
}

/// The nearest `.sops.yaml` from `dir` up (SOPS stops after 100 levels).
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .take(100)
        .map(|d| d.join(".sops.yaml"))
        .find(|p| p.is_file())
}

/// Comma-separated string or list, as SOPS accepts key fields.
fn key_list(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        Value::Array(items) => items.iter().flat_map(key_list).collect(),
        _ => Vec::new(),
    }
}

/// The first creation rule of `config` matching `target` (an absolute path that need not
/// exist yet; `config` is absolute too, as [`find`] returns it for an absolute directory).
pub fn matching_rule(
    config: &Path,
    text: &str,
    target: &Path,
) -> Result<Option<CreationRule>, Problem> {
    let name = config.display().to_string();
    let doc: Value = serde_saphyr::from_str_with_options(text, crate::manifest::parse_options())
        .map_err(|e| {
            let (line, message) = crate::manifest::yaml_error(&e, 1);
            Problem::new(&name, line, format!("invalid YAML: {message}"))
        })?;
    let base = config.parent().unwrap_or(Path::new("/"));
    let target_abs = crate::kustomize::normal(target);
    let base_abs = crate::kustomize::normal(base);
    let relative = target_abs
        .strip_prefix(&base_abs)
        .unwrap_or(&target_abs)
        .to_string_lossy()
        .replace('\\', "/");
    for (index, rule) in doc["creation_rules"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(pattern) = rule["path_regex"].as_str().filter(|p| !p.is_empty()) {
            let re = Regex::new(pattern).map_err(|e| {
                Problem::new(
                    &name,
                    0,
                    format!("creation_rules[{index}].path_regex is not a regular expression: {e}"),
                )
            })?;
            if !re.is_match(&relative) {
                continue;
            }
        }
        let mut recipients = key_list(&rule["age"]);
        for group in rule["key_groups"].as_array().into_iter().flatten() {
            recipients.extend(key_list(&group["age"]));
        }
        recipients.dedup();
        let fields: Vec<(&str, Option<&str>)> = super::metadata::RULE_KEYS
            .iter()
            .map(|k| (*k, rule[*k].as_str()))
            .collect();
        let any = fields.iter().any(|(_, v)| v.is_some());
        let parsed = if any {
            Some(
                Rule::from_fields(&fields)
                    .map_err(|e| Problem::new(&name, 0, format!("creation_rules[{index}]: {e}")))?,
            )
        } else {
            None
        };
        return Ok(Some(CreationRule {
            config: config.to_path_buf(),
            index,
            recipients,
            rule: parsed,
            mac_only_encrypted: rule["mac_only_encrypted"].as_bool().unwrap_or(false),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_rule_wins() {
        let text = "creation_rules:\n  - path_regex: ^prod/.*\\.yaml$\n    age: age1prod, age1breakglass\n    encrypted_regex: ^(data|stringData)$\n  - age: [age1dev]\n";
        let config = Path::new("/repo/.sops.yaml");
        let prod = matching_rule(config, text, Path::new("/repo/prod/db.yaml"))
            .expect("ok")
            .expect("rule");
        assert_eq!(
            (prod.index, prod.recipients.clone()),
            (
                0,
                vec!["age1prod".to_string(), "age1breakglass".to_string()]
            )
        );
        assert!(prod.rule.is_some());
        let dev = matching_rule(config, text, Path::new("/repo/dev/db.yaml"))
            .expect("ok")
            .expect("rule");
        assert_eq!(
            (dev.index, dev.recipients),
            (1, vec!["age1dev".to_string()])
        );
        assert!(dev.rule.is_none());
    }
}
