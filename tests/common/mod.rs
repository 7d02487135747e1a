//! Shared test support: run the real binary in a sealed environment.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// The crate root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A sealed environment: its own HOME and working directory, a kubeconfig that points
/// nowhere, no colour, fixed width, and no configuration from the developer's machine.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        std::fs::create_dir_all(dir.path().join("work")).expect("work");
        Self { dir }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The working directory of commands run in this environment.
    pub fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Writes a file below the working directory, creating parents.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.work().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        path
    }

    /// `kubectl-abema ARGS` in this environment.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
        self.seal(&mut cmd);
        cmd
    }

    pub fn seal(&self, cmd: &mut assert_cmd::Command) {
        cmd.current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("KUBECONFIG", self.home().join("kubeconfig-does-not-exist"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100");
    }

    /// `text` as a snapshot stores it: this environment's directory as `[ENV]` and the crate
    /// version as `[VERSION]`, the same on every machine and in every release.
    pub fn normalise(&self, text: &str) -> String {
        text.replace(&self.dir.path().display().to_string(), "[ENV]")
            .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
    }

    /// Runs the binary and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().expect("run kubectl-abema");
        split(out)
    }

    /// Runs the binary with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> (i32, String, String) {
        let out = self
            .cmd()
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .expect("run kubectl-abema");
        split(out)
    }
}

pub fn split(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Copies a directory tree (for tests that write into a copy of a fixture).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("below root");
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &dest).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Asserts that an external tool is on PATH. Tests that need a tool scripts/test.sh installs
/// are `#[ignore = "needs TOOL"]`: a plain `cargo test` lists them as ignored, and
/// scripts/test.sh runs them with `-- --include-ignored`, where a missing tool fails.
pub fn require_tool(name: &str) {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(found, "{name} is not on PATH; scripts/test.sh installs it");
}

/// Asserts that a file a test needs exists, like [`require_tool`].
pub fn require_file(path: &Path, installed_by: &str) {
    assert!(
        path.exists(),
        "{} is missing; {installed_by} installs it",
        path.display()
    );
}
