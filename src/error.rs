//! Error kinds, exit codes and the one error type every command returns.
//!
//! The shape follows jj's `command_error.rs`: an error has a *kind* (which decides the exit
//! code), a one-line message, an optional chain of causes and optional hints. Rendering is
//! done once, by [`crate::output::Printer::error`], as
//!
//! ```text
//! error: <what happened> (<file>:<line>)
//! caused by: <cause>
//! hint: <what to try>
//! ```
//!
//! Domain modules never build an [`Error`]: each returns its own typed error (a
//! [`crate::manifest::Problem`], [`crate::seal::sealer::SealError`], [`crate::rbac::RbacError`],
//! ...) carrying the file, line and offending value, whose `Display` is the one-line message.
//! Every conversion into [`Error`] is in this file, one `From` per domain error, and is where
//! the kind (usage or failure) and the hints are decided; commands only write `?`.

use std::fmt;
use std::path::Path;

/// The process exit codes, the same for every command (README "Exit codes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing to report.
    Clean = 0,
    /// A check found problems (deprecated APIs, drift, plaintext secrets, violations).
    Findings = 3,
    /// Deprecations only: something is already removed at the target version.
    Removed = 4,
    /// Bad input, I/O, unreachable cluster, wrong key.
    Error = 1,
    /// The command line itself is wrong.
    Usage = 2,
}

impl ExitStatus {
    /// The numeric code handed to the operating system.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The outcome of a check: unreadable input fails it (unless `--ignore-errors`), else any
    /// finding.
    pub fn of_check(errors: usize, findings: usize, ignore_errors: bool) -> ExitStatus {
        if errors > 0 && !ignore_errors {
            ExitStatus::Error
        } else if findings > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }

    /// The worse of two outcomes: usage and error beat findings, removed beats deprecated.
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        fn rank(s: ExitStatus) -> u8 {
            match s {
                ExitStatus::Clean => 0,
                ExitStatus::Findings => 1,
                ExitStatus::Removed => 2,
                ExitStatus::Error => 3,
                ExitStatus::Usage => 4,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// What kind of failure an [`Error`] is; decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line is wrong (exit 2).
    Usage,
    /// Input, I/O or environment is wrong (exit 1).
    Failure,
    /// stdout was closed by the reader (`| head`): exit quietly.
    BrokenPipe,
}

/// The error type of the whole crate.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    causes: Vec<String>,
    hints: Vec<String>,
}

/// Shorthand used by every fallible function of the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// A failure caused by input, I/O or the environment (exit code 1).
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failure, message)
    }

    /// A failure at a place in a file: `message (file:line)`.
    pub fn at(path: &Path, line: usize, message: impl fmt::Display) -> Self {
        Self::failure(format!("{message} ({}:{line})", path.display()))
    }

    /// An I/O error on a named file, with a hint for the common cases.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let e = Self::failure(format!("cannot {action} {}", path.display())).caused_by(err);
        match err.kind() {
            std::io::ErrorKind::NotFound => {
                e.with_hint("check the path; it is relative to the current directory")
            }
            std::io::ErrorKind::PermissionDenied => e.with_hint("check the file's permissions"),
            _ => e,
        }
    }

    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Appends a `caused by:` line.
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// Appends a `hint:` line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn causes(&self) -> &[String] {
        &self.causes
    }

    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// The exit status this error ends the process with.
    pub fn exit_status(&self) -> ExitStatus {
        match self.kind {
            ErrorKind::Usage => ExitStatus::Usage,
            ErrorKind::Failure => ExitStatus::Error,
            ErrorKind::BrokenPipe => ExitStatus::Clean,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<crate::manifest::Problem> for Error {
    /// A problem with one input as a failure: `message (file:line)`, or `file: message` when
    /// there is no line, with its hint.
    fn from(p: crate::manifest::Problem) -> Self {
        let message = if p.line > 0 {
            format!("{} ({}:{})", p.message, p.file, p.line)
        } else {
            format!("{}: {}", p.file, p.message)
        };
        let e = Self::failure(message);
        match p.hint {
            Some(h) => e.with_hint(h),
            None => e,
        }
    }
}

impl From<crate::seal::sealer::SealError> for Error {
    /// What the command line asks for is a usage error with its hint; a wrong input a failure.
    fn from(e: crate::seal::sealer::SealError) -> Self {
        use crate::seal::sealer::SealError;
        match e {
            SealError::Usage(message, hint) => Self::usage(message).with_hint(hint),
            SealError::Input(p) => p.into(),
        }
    }
}

impl From<crate::manifest::YamlError> for Error {
    fn from(e: crate::manifest::YamlError) -> Self {
        Self::failure("cannot write YAML").caused_by(e)
    }
}

impl From<crate::rbac::RbacError> for Error {
    /// A persona the role set cannot be generated for is a usage error (as the personas file
    /// is named on the command line); a bad service account or embedded data is a failure.
    fn from(e: crate::rbac::RbacError) -> Self {
        use crate::rbac::RbacError;
        match e {
            RbacError::UnknownRole { .. }
            | RbacError::MissingField { .. }
            | RbacError::NoNamespaces { .. } => Self::usage(e.to_string()),
            RbacError::EmbeddedData { .. } | RbacError::ServiceAccount { .. } => {
                Self::failure(e.to_string())
            }
            RbacError::Yaml(e) => e.into(),
        }
    }
}

impl From<crate::deprecations::TableError> for Error {
    /// The embedded table is checked by a unit test: an error here is a broken build.
    fn from(e: crate::deprecations::TableError) -> Self {
        Self::failure("the embedded deprecation table is invalid").caused_by(e)
    }
}

impl From<crate::deprecations::IgnoreError> for Error {
    fn from(e: crate::deprecations::IgnoreError) -> Self {
        Self::failure(e.to_string())
    }
}

impl From<crate::deprecations::options::OptionsError> for Error {
    /// What the command line names is a usage error; the configuration file's, a failure.
    fn from(e: crate::deprecations::options::OptionsError) -> Self {
        use crate::deprecations::options::OptionsError as O;
        match e {
            O::ConfigTarget { .. } => Self::failure(e.to_string()),
            O::NeedsCluster { .. } | O::Target(_) => Self::usage(e.to_string()),
            O::UnknownComponent { ref known, .. } => {
                let hint = format!("known components: {}", known.join(", "));
                Self::usage(e.to_string()).with_hint(hint)
            }
            O::Ignore(e) => e.into(),
        }
    }
}

impl From<crate::deprecations::fix::FixError> for Error {
    fn from(e: crate::deprecations::fix::FixError) -> Self {
        Self::failure(e.to_string())
    }
}

impl From<crate::kustomize::KustomizeError> for Error {
    fn from(e: crate::kustomize::KustomizeError) -> Self {
        use crate::kustomize::KustomizeError as K;
        match &e {
            K::NotRun { error, .. } => Self::failure(e.to_string())
                .caused_by(error)
                .with_hint("install kubectl (>= 1.27, with kustomize v5) and put it on PATH"),
            K::Failed { dir, message } => Self::failure(e.to_string())
                .caused_by(message)
                .with_hint(format!(
                    "run `kubectl kustomize {}` to see the whole error",
                    dir.display()
                )),
            K::Io {
                path,
                action,
                error,
            } => Self::io(path, action, error),
            K::TempDir(cause) => Self::failure(e.to_string()).caused_by(cause),
            K::Wrapper(cause) => Self::failure(e.to_string()).caused_by(cause),
            K::Unsafe { entry, .. } => Self::failure(e.to_string())
                .with_hint(format!("add this entry under `patches:` by hand:\n{entry}")),
            K::NotUtf8 { .. } | K::Yaml { .. } | K::NotAMapping { .. } => {
                Self::failure(e.to_string())
            }
        }
    }
}

impl From<std::io::Error> for Error {
    /// Only for writes to stdout/stderr: file I/O goes through [`Error::io`], which names the file.
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            Self::new(ErrorKind::BrokenPipe, "broken pipe")
        } else {
            Self::failure("cannot write output").caused_by(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_orders_outcomes() {
        use ExitStatus::*;
        assert_eq!(Clean.worst(Findings), Findings);
        assert_eq!(Removed.worst(Findings), Removed);
        assert_eq!(Findings.worst(Error), Error);
        assert_eq!(Error.worst(Removed), Error);
        assert_eq!(Usage.worst(Error), Usage);
    }

    #[test]
    fn domain_errors_decide_kind_and_hints() {
        use crate::kustomize::KustomizeError;
        use crate::rbac::RbacError;
        let role = Error::from(RbacError::UnknownRole {
            persona: "dev".into(),
            role: "boss".into(),
        });
        assert_eq!(role.kind(), ErrorKind::Usage);
        assert!(
            role.message()
                .starts_with("persona dev: role \"boss\" is not one of owner")
        );
        let ksa = Error::from(RbacError::ServiceAccount {
            persona: Some("dev".into()),
            ksa: "web".into(),
        });
        assert_eq!(ksa.kind(), ErrorKind::Failure);
        assert_eq!(
            ksa.message(),
            "persona dev: service account \"web\" is not namespace/name"
        );
        let edit = Error::from(KustomizeError::Unsafe {
            path: "k/kustomization.yaml".into(),
            why: "`patches:` is not a list",
            entry: "- path: p.yaml\n".into(),
        });
        assert_eq!(
            edit.message(),
            "cannot edit k/kustomization.yaml safely: `patches:` is not a list"
        );
        assert_eq!(
            edit.hints(),
            ["add this entry under `patches:` by hand:\n- path: p.yaml\n"]
        );
    }

    #[test]
    fn broken_pipe_exits_quietly() {
        let e = Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(e.kind(), ErrorKind::BrokenPipe);
        assert_eq!(e.exit_status(), ExitStatus::Clean);
    }
}
