//! [`Ctx`]: the global options resolved once, handed to every command.
//!
//! This is the only module that reads the process environment (`NO_COLOR`, `TERM`, the working
//! directory, and through [`Ctx::env`] the variables individual commands honour), so commands and domain modules stay testable with plain values.

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::config::LoadedConfig;
use crate::error::{Error, Result};
use crate::output::Printer;

/// The resolved global options.
#[derive(Debug)]
pub struct Ctx {
    pub printer: Printer,
    pub global: GlobalArgs,
    pub cwd: PathBuf,
    config: OnceCell<LoadedConfig>,
}

impl Ctx {
    pub fn new(global: GlobalArgs) -> Result<Self> {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|v| v == "dumb");
        let printer = Printer::new(
            global.output,
            global.color,
            global.quiet,
            global.verbose,
            no_color,
            dumb,
        );
        let cwd = std::env::current_dir()
            .map_err(|e| Error::failure("cannot read the current directory").caused_by(e))?;
        Ok(Self {
            printer,
            global,
            cwd,
            config: OnceCell::new(),
        })
    }

    /// An environment variable (UTF-8), for the commands that honour one (SOPS_AGE_KEY,
    /// SOPS_AGE_KEY_FILE, EDITOR, ...). Empty values count as unset.
    pub fn env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    /// The user's configuration directory as SOPS resolves it: `$XDG_CONFIG_HOME`, else
    /// `$HOME/.config` (`$HOME/Library/Application Support` on macOS).
    pub fn config_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = self.env("XDG_CONFIG_HOME") {
            return Some(PathBuf::from(dir));
        }
        let home = PathBuf::from(self.env("HOME")?);
        Some(if cfg!(target_os = "macos") {
            home.join("Library/Application Support")
        } else {
            home.join(".config")
        })
    }

    /// `.abema.yaml` (or `--config`), loaded on first use so that commands which do not need
    /// it (completion, help) work even when it is broken.
    pub fn config(&self) -> Result<&LoadedConfig> {
        if let Some(config) = self.config.get() {
            return Ok(config);
        }
        let loaded = LoadedConfig::load(self.global.config.as_deref(), &self.cwd)?;
        if let Some(path) = &loaded.path {
            self.printer
                .detail(&format!("using configuration {}", path.display()));
        }
        Ok(self.config.get_or_init(|| loaded))
    }
}
