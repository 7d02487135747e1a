//! `deprecations`' options resolved: flags over `.abema.yaml` over the table's defaults, into
//! the [`ScanOptions`] of a scan, with the warning when the target is beyond what the table
//! knows.

use std::collections::BTreeMap;

use super::{IgnoreError, Ignores, KUBERNETES, ScanOptions, Table, Targets, Version, VersionError};
use crate::config::DeprecationsConfig;

/// What the options are resolved from.
#[derive(Debug)]
pub struct Request<'a> {
    /// `.abema.yaml` `deprecations:`, and how to name the file in errors.
    pub config: &'a DeprecationsConfig,
    pub config_source: String,
    /// `--target-version`: `VERSION`, `COMPONENT=VERSION`, `cluster` or `next`.
    pub target_versions: &'a [String],
    /// `--components` (empty: the configuration's, else all).
    pub components: &'a [String],
    pub show_upcoming: bool,
    /// Keep the objects without findings (JUnit reports one test case per object).
    pub keep_clean: bool,
    /// The server's version, when a cluster is scanned (`cluster` and `next` need it).
    pub server_version: Option<Version>,
}

/// The resolved options, and a warning when the target is beyond the table's data.
#[derive(Debug)]
pub struct Resolved {
    pub options: ScanOptions,
    pub warning: Option<String>,
}

/// Why a request's options cannot be resolved.
#[derive(Debug, PartialEq, Eq)]
pub enum OptionsError {
    /// `.abema.yaml` `deprecations.targetVersion` is not a version.
    ConfigTarget { source: String, error: VersionError },
    /// `--target-version cluster|next` without `--cluster`.
    NeedsCluster { version: String },
    /// `--target-version` is not a version.
    Target(VersionError),
    /// A component the table does not know, named with `flag`.
    UnknownComponent {
        flag: &'static str,
        component: String,
        known: Vec<String>,
    },
    /// `deprecations.ignore` cannot be used.
    Ignore(IgnoreError),
}

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionsError::ConfigTarget { source, error } => {
                write!(f, "{source}: deprecations.targetVersion: {error}")
            }
            OptionsError::NeedsCluster { version } => write!(
                f,
                "--target-version {version} needs --cluster (it is the server's version)"
            ),
            OptionsError::Target(e) => write!(f, "--target-version: {e}"),
            OptionsError::UnknownComponent {
                flag, component, ..
            } => write!(f, "{flag}: unknown component {component:?}"),
            OptionsError::Ignore(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OptionsError {}

impl From<IgnoreError> for OptionsError {
    fn from(e: IgnoreError) -> Self {
        OptionsError::Ignore(e)
    }
}

/// Resolves the scan options of a request.
pub fn resolve(table: &Table, request: &Request<'_>) -> Result<Resolved, OptionsError> {
    let config = request.config;
    let mut targets = Targets {
        kubernetes: table.release,
        components: BTreeMap::new(),
    };
    if let Some(v) = &config.target_version {
        targets.kubernetes = v.parse().map_err(|error| OptionsError::ConfigTarget {
            source: request.config_source.clone(),
            error,
        })?;
    }
    for spec in request.target_versions {
        let (component, version) = match spec.split_once('=') {
            Some((c, v)) => (c.trim(), v),
            None => (KUBERNETES, spec.as_str()),
        };
        let version: Version = match (version, request.server_version) {
            ("cluster", Some(v)) => v,
            ("next", Some(v)) => v.next_minor(),
            ("cluster" | "next", None) => {
                return Err(OptionsError::NeedsCluster {
                    version: version.to_string(),
                });
            }
            _ => version.parse().map_err(OptionsError::Target)?,
        };
        check_component(component, table, "--target-version")?;
        if component == KUBERNETES {
            targets.kubernetes = version;
        } else {
            targets.components.insert(component.to_string(), version);
        }
    }
    let warning = beyond_the_data(targets.kubernetes, table);
    let components = if request.components.is_empty() {
        config.components.clone().unwrap_or_default()
    } else {
        request.components.to_vec()
    };
    for c in &components {
        check_component(c, table, "--components")?;
    }
    let ignores = Ignores::new(&request.config_source, &config.ignore)?;
    Ok(Resolved {
        options: ScanOptions {
            targets,
            components,
            show_upcoming: request.show_upcoming,
            ignores,
            keep_clean: request.keep_clean,
        },
        warning,
    })
}

/// A target the data cannot speak for: beyond the newest release it knows (APIs deprecated or
/// removed after that are not in the table), or the newest one when only its pre-releases are.
fn beyond_the_data(target: Version, table: &Table) -> Option<String> {
    let newest = if table.newest_is_prerelease {
        format!(
            "{} (from its pre-release k8s.io/api {})",
            table.newest, table.newest_tag
        )
    } else {
        table.newest.to_string()
    };
    if target > table.newest {
        Some(format!(
            "target {target} is beyond the newest Kubernetes release the deprecation table knows, \
             {newest}: APIs deprecated or removed after {} are not reported",
            table.newest
        ))
    } else if target == table.newest && table.newest_is_prerelease {
        Some(format!(
            "target {target} is not released yet: the deprecation table knows it from its \
             pre-release k8s.io/api {} (entries marked prerelease may still change)",
            table.newest_tag
        ))
    } else {
        None
    }
}

fn check_component(component: &str, table: &Table, flag: &'static str) -> Result<(), OptionsError> {
    let known = table.components();
    if known.contains(component) {
        return Ok(());
    }
    Err(OptionsError::UnknownComponent {
        flag,
        component: component.to_string(),
        known: known.into_iter().map(String::from).collect(),
    })
}
