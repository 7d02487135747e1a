//! Where private keys come from, in SOPS' order: `--identity` files, else `SOPS_AGE_KEY`,
//! `SOPS_AGE_KEY_FILE` and `<config dir>/sops/age/keys.txt`. The caller reads the environment
//! and passes the values in.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::keys::{self, Identity};
use crate::manifest::Problem;

/// The places identities may come from.
#[derive(Debug, Default)]
pub struct Sources {
    /// `--identity FILE`, repeatable; when given, nothing else is read.
    pub files: Vec<PathBuf>,
    /// `SOPS_AGE_KEY`: identities in a variable.
    pub sops_age_key: Option<Zeroizing<String>>,
    /// `SOPS_AGE_KEY_FILE`.
    pub sops_age_key_file: Option<PathBuf>,
    /// `<config dir>/sops/age/keys.txt` (read only if it exists).
    pub default_file: Option<PathBuf>,
}

impl Sources {
    /// Whether any identity may be available without asking (for `seal check`, which verifies
    /// MACs only when it can).
    pub fn any(&self) -> bool {
        !self.files.is_empty()
            || self.sops_age_key.is_some()
            || self.sops_age_key_file.is_some()
            || self.default_file.as_deref().is_some_and(Path::is_file)
    }
}

/// Identities loaded, and warnings about them (files readable by others).
pub struct Loaded {
    pub identities: Vec<Identity>,
    pub warnings: Vec<String>,
}

fn from_file(path: &Path, required: bool, out: &mut Loaded) -> Result<(), Problem> {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => Zeroizing::new(t),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(
                Problem::new(&name, 0, format!("cannot read identity file: {e}"))
                    .with_hint("check the path given to --identity or SOPS_AGE_KEY_FILE"),
            );
        }
    };
    if let Some(mode) = mode_readable_by_others(path) {
        out.warnings.push(format!(
            "{name} holds private keys but its mode is {mode:04o}; run: chmod 600 {name}"
        ));
    }
    out.identities.extend(keys::parse_identities(&text, &name)?);
    Ok(())
}

#[cfg(unix)]
fn mode_readable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn mode_readable_by_others(_: &Path) -> Option<u32> {
    None
}

/// Loads every identity the sources name.
pub fn load(sources: &Sources) -> Result<Loaded, Problem> {
    let mut out = Loaded {
        identities: Vec::new(),
        warnings: Vec::new(),
    };
    for path in &sources.files {
        from_file(path, true, &mut out)?;
    }
    if !sources.files.is_empty() {
        return Ok(out);
    }
    if let Some(text) = &sources.sops_age_key {
        out.identities
            .extend(keys::parse_identities(text, "SOPS_AGE_KEY")?);
    }
    if let Some(file) = &sources.sops_age_key_file {
        from_file(file, true, &mut out)?;
    }
    if let Some(file) = &sources.default_file {
        from_file(file, false, &mut out)?;
    }
    Ok(out)
}
