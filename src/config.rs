//! `.abema.yaml`: the project configuration, found by walking up from the working directory.
//!
//! Like `.sops.yaml`, the file sits at the root of a GitOps repository and applies to everything
//! below it; `--config FILE` names one explicitly. Unknown keys are an error naming the key and
//! the file, so a typo never silently disables a rule. Each command reads its own section.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::deprecations::IgnoreRule;
use crate::error::{Error, Result};
use crate::manifest::yaml_error;
use crate::nodepool::NodepoolConfig;

/// The file name searched for in the working directory and its parents.
pub const FILE_NAME: &str = ".abema.yaml";

/// The whole `.abema.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// `deprecations:`: defaults for `kubectl abema deprecations`.
    #[serde(default)]
    pub deprecations: DeprecationsConfig,
    /// `nodepool:`: pool names, shapes, priority classes and balloons.
    #[serde(default)]
    pub nodepool: NodepoolConfig,
    /// `seal:`: default recipients when no .sops.yaml rule matches.
    #[serde(default)]
    pub seal: SealConfig,
    /// `rbac:`: personas and owners for `rbac parity|roles|lint`.
    #[serde(default)]
    pub rbac: RbacConfig,
}

/// `rbac:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RbacConfig {
    /// The same people on both clouds (the `--personas` file's `personas:`).
    #[serde(default)]
    pub personas: Vec<crate::rbac::persona::Persona>,
    /// Subject names (groups, users) allowed anything by `rbac lint`, besides personas with
    /// `role: owner`.
    #[serde(default)]
    pub owners: Vec<String>,
}

/// `seal:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SealConfig {
    /// age (`age1...`) or SSH public keys every sealed Secret is encrypted for.
    #[serde(default)]
    pub recipients: Vec<String>,
}

/// `deprecations:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeprecationsConfig {
    /// Default `--target-version` (e.g. `v1.33`).
    pub target_version: Option<String>,
    /// Default `--components` (e.g. `[k8s, cert-manager]`).
    pub components: Option<Vec<String>>,
    /// Findings to ignore, each with a required reason; ignored findings are still counted.
    #[serde(default)]
    pub ignore: Vec<IgnoreRule>,
}

/// A configuration and the file it came from (none when no file was found).
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub path: Option<PathBuf>,
    pub config: Config,
}

impl LoadedConfig {
    /// Loads `explicit` if given (it must exist), else the nearest `.abema.yaml` from `cwd` up.
    pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Self> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => discover(cwd),
        };
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::io(&path, "read configuration file", &e))?;
        let config = parse(&path, &text)?;
        Ok(Self {
            path: Some(path),
            config,
        })
    }

    /// The file name for messages: the path, or "defaults" when there is no file.
    pub fn describe(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "built-in defaults".to_string(),
        }
    }
}

/// The nearest `.abema.yaml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Parses the text of a configuration file; errors name the file, the line and the bad key.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_saphyr::from_str_with_options::<Config>(text, crate::manifest::parse_options()).map_err(
        |e| {
            let (line, message) = yaml_error(&e, 1);
            Error::at(path, line, format!("invalid configuration: {message}")).with_hint(
                "see the README's \"Configuration\" section for the keys each section accepts",
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's example configuration is valid and means what it says.
    #[test]
    fn readme_example_parses() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("```yaml\ndeprecations:")
            .expect("example in README")
            + 8;
        let len = readme[start..].find("```").expect("end of example");
        let config = parse(Path::new("README.md"), &readme[start..start + len]).expect("parses");
        assert_eq!(config.nodepool.shapes.mem.eks.max_pods, Some(58));
        assert_eq!(
            config.nodepool,
            NodepoolConfig {
                shapes: config.nodepool.shapes.clone(),
                ..NodepoolConfig::default()
            }
        );
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let err = parse(
            Path::new("/repo/.abema.yaml"),
            "deprecations:\n  targetVersion: v1.30\n  tagetVersion: v1\n",
        )
        .expect_err("unknown key must fail");
        let msg = err.message();
        assert!(msg.contains("tagetVersion"), "{msg}");
        assert!(msg.contains("/repo/.abema.yaml:3"), "{msg}");
    }

    #[test]
    fn empty_file_is_defaults() {
        let cfg = parse(Path::new(".abema.yaml"), "# nothing yet\n").expect("empty config parses");
        assert!(cfg.deprecations.target_version.is_none());
    }

    #[test]
    fn discover_walks_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nested = dir.path().join("a/b/c");
        std::fs::create_dir_all(&nested).expect("mkdir");
        std::fs::write(dir.path().join("a").join(FILE_NAME), "{}\n").expect("write");
        assert_eq!(
            discover(&nested),
            Some(dir.path().join("a").join(FILE_NAME))
        );
    }
}
