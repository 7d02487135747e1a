//! The plaintext side of `seal edit`: a private temporary file, the editor, and cleanup that
//! holds when the user or the system interrupts.
//!
//! The plaintext is written to `$TMPDIR/.abema-edit-XXXXXX/<file name>`: a directory created
//! 0700 holding a file created 0600. It is removed when the [`Session`] is dropped: after a
//! save, on editor failure, and on SIGINT, SIGTERM or SIGHUP, which end the editor first
//! (SIGTERM, then SIGKILL after a second). Only `kill -9` of this process can leave the
//! directory behind; it is then owner-only and outside the repository.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// The flag set by SIGINT, SIGTERM and SIGHUP, installed once per process.
fn interrupted() -> Arc<AtomicBool> {
    static FLAG: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let set = flag.clone();
        // If a handler cannot be installed, signals keep their default action (the process
        // ends; the Drop of the session does not run): said in the module documentation.
        let _ = ctrlc::set_handler(move || set.store(true, Ordering::SeqCst));
        flag
    })
    .clone()
}

/// How an editor run ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The editor exited successfully; the file holds the edited text.
    Saved,
    /// The editor exited with a failure (its status as text).
    Failed(String),
    /// A signal arrived; the editor was ended.
    Interrupted,
}

/// A plaintext temporary file for one edit.
pub struct Session {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Session {
    /// Writes `text` to a new private temporary file named `file_name`.
    pub fn new(file_name: &str, text: &str) -> std::io::Result<Session> {
        // Install the handler before any plaintext exists.
        let _ = interrupted();
        let mut builder = tempfile::Builder::new();
        builder.prefix(".abema-edit-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = builder.tempdir()?;
        let path = dir.path().join(file_name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        Ok(Session { dir, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The private directory (for tests and messages).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `editor` (a shell command line, as `$EDITOR` holds it) on the file and waits,
    /// ending the editor when a signal arrives.
    pub fn run(&self, editor: &str) -> std::io::Result<Outcome> {
        let flag = interrupted();
        if flag.load(Ordering::SeqCst) {
            return Ok(Outcome::Interrupted);
        }
        // `exec` so that the child is the editor itself, which ending it reaches.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("exec {editor} \"$1\""))
            .arg("sh")
            .arg(&self.path)
            .spawn()?;
        loop {
            if flag.load(Ordering::SeqCst) {
                end(&mut child);
                return Ok(Outcome::Interrupted);
            }
            if let Some(status) = child.try_wait()? {
                // A signal that arrived while the editor exited still counts.
                if flag.load(Ordering::SeqCst) {
                    return Ok(Outcome::Interrupted);
                }
                return Ok(if status.success() {
                    Outcome::Saved
                } else {
                    Outcome::Failed(status.to_string())
                });
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The edited text.
    pub fn read(&self) -> std::io::Result<Zeroizing<String>> {
        std::fs::read_to_string(&self.path).map(Zeroizing::new)
    }
}

/// Ends the editor: SIGTERM, then SIGKILL if it is still there after a second.
fn end(child: &mut Child) {
    #[cfg(target_os = "linux")]
    if let Some(pid) = i32::try_from(child.id())
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_private_and_removed_on_drop() {
        let session = Session::new("db.yaml", "password: x\n").expect("session");
        let dir = session.dir().to_path_buf();
        assert!(
            dir.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".abema-edit-"))
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(session.path()), 0o600);
        }
        assert_eq!(session.run("sed -i s/x/y/").expect("run"), Outcome::Saved);
        assert_eq!(*session.read().expect("read"), "password: y\n");
        assert!(matches!(
            session.run("false").expect("run"),
            Outcome::Failed(_)
        ));
        drop(session);
        assert!(!dir.exists());
    }
}
