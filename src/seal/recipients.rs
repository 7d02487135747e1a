//! Who a file is sealed for: `--recipient`, else the first matching `.sops.yaml` creation
//! rule for the output path (walking up from its directory, as `sops` does), else
//! `.abema.yaml` `seal.recipients`.

use std::path::{Path, PathBuf};

use super::keys::{self, Recipient};
use super::sops_config;
use super::tree::Rule;
use crate::manifest::Problem;

/// Recipients and rule for one output path, and where they came from.
pub struct Sealing {
    pub recipients: Vec<Recipient>,
    pub rule: Rule,
    pub mac_only_encrypted: bool,
    /// `--recipient`, `<.sops.yaml> creation_rules[N]` or `<.abema.yaml> seal.recipients`.
    pub source: String,
}

/// What recipients may come from, resolved by the caller (no environment or cwd inside).
pub struct Resolver {
    /// The working directory relative paths are resolved against.
    pub cwd: PathBuf,
    /// `--recipient` values.
    pub explicit: Vec<String>,
    /// `.abema.yaml` `seal.recipients`, and how to name that file in messages.
    pub config: Vec<String>,
    pub config_source: String,
}

fn parse_all(texts: &[String], source: &str) -> Result<Vec<Recipient>, Problem> {
    texts
        .iter()
        .map(|t| Recipient::parse(t).map_err(|e| Problem::new(source, 0, e.to_string())))
        .collect()
}

impl Resolver {
    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        }
    }

    /// The recipients the configuration (not `--recipient`) names for `target`; `None` when
    /// nothing names any.
    pub fn configured(&self, target: &Path) -> Result<Option<Sealing>, Problem> {
        let target = self.absolute(target);
        let dir = target.parent().unwrap_or(&self.cwd);
        if let Some(config) = sops_config::find(dir) {
            let name = config.display().to_string();
            let text = std::fs::read_to_string(&config)
                .map_err(|e| Problem::new(&name, 0, format!("cannot read: {e}")))?;
            if let Some(rule) = sops_config::matching_rule(&config, &text, &target)?
                && !rule.recipients.is_empty()
            {
                let source = format!("{name} creation_rules[{}]", rule.index);
                return Ok(Some(Sealing {
                    recipients: parse_all(&rule.recipients, &source)?,
                    rule: rule.rule.unwrap_or_else(Rule::kubernetes),
                    mac_only_encrypted: rule.mac_only_encrypted,
                    source,
                }));
            }
        }
        if !self.config.is_empty() {
            let source = format!("{} seal.recipients", self.config_source);
            return Ok(Some(Sealing {
                recipients: parse_all(&self.config, &source)?,
                rule: Rule::kubernetes(),
                mac_only_encrypted: false,
                source,
            }));
        }
        Ok(None)
    }

    /// The recipients to seal `target` for: `--recipient` first, then the configuration.
    pub fn for_target(&self, target: &Path) -> Result<Option<Sealing>, Problem> {
        if !self.explicit.is_empty() {
            return Ok(Some(Sealing {
                recipients: parse_all(&self.explicit, "--recipient")?,
                rule: Rule::kubernetes(),
                mac_only_encrypted: false,
                source: "--recipient".into(),
            }));
        }
        self.configured(target)
    }

    /// The recipients a sealed file should have now: the configuration's, else its current
    /// ones (`updatekeys`, `rotate`).
    pub fn wanted(&self, target: &Path, current: &[String]) -> Result<Vec<Recipient>, Problem> {
        match self.configured(target)? {
            Some(s) => Ok(s.recipients),
            None => parse_all(current, &target.display().to_string()),
        }
    }
}

/// Recipients in `have` and `want` compared as sets: (added, removed), shortened for messages.
pub fn change(have: &[String], want: &[Recipient]) -> (Vec<String>, Vec<String>) {
    let added = want
        .iter()
        .filter(|w| !have.contains(&w.text))
        .map(|w| keys::short(&w.text))
        .collect();
    let removed = have
        .iter()
        .filter(|h| !want.iter().any(|w| &&w.text == h))
        .map(|h| keys::short(h))
        .collect();
    (added, removed)
}
