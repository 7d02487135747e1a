//! Writing files so that a reader (or a crash) never sees half of one, and so that a write
//! never replaces something that is not a regular file.
//!
//! - The destination must be a regular file or absent: a symlink, directory, FIFO, socket or
//!   device there is refused (never replaced, never written through).
//! - The content goes to an unnamed file in the destination's directory (Linux `O_TMPFILE`),
//!   is flushed to disk, then linked into place (`linkat`) and renamed over the destination;
//!   the directory is flushed after the rename. A crash before the link leaves nothing behind;
//!   only the instant between link and rename can leave a `.abema-*.tmp` file, which
//!   `kubectl abema seal check` reports. Where `O_TMPFILE` is not available (other systems,
//!   some filesystems) a named `.abema-*.tmp` file in the same directory is used.
//! - [`Mode::Private`] (plaintext secrets) is created 0600 before the first byte is written
//!   and stays 0600 through the rename, whatever the old file's mode. [`Mode::Public`]
//!   (patches, sealed files) keeps an existing file's mode, and gets the umask's for a new one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Who may read what is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The normal mode: an existing file's, else 0666 minus the umask.
    Public,
    /// Owner only (0600): decrypted secrets, private keys.
    Private,
}

impl Mode {
    fn bits(self) -> u32 {
        match self {
            Mode::Public => 0o666,
            Mode::Private => 0o600,
        }
    }
}

/// What kind of thing is at a path, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        return "a symbolic link";
    }
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Refuses a destination that exists and is not a regular file (symlinks included).
pub fn check_destination(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(()),
        Ok(meta) => Err(Error::failure(format!(
            "{} is {}; refusing to replace it",
            path.display(),
            kind_of(&meta)
        ))
        .with_hint(
            "name a regular file (or a new one); leave out the output option to write to stdout",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, "inspect", &e)),
    }
}

/// Whether two paths name the same existing file (the same inode, through links too).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Replaces `path` with `contents` atomically, creating parent directories as needed.
pub fn write(path: &Path, contents: &[u8], mode: Mode) -> Result<()> {
    check_destination(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create directory", &e))?;
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(target_os = "linux")]
    if unnamed::write(dir, path, contents, mode, existing.as_ref())? {
        sync_dir(dir);
        return Ok(());
    }
    named_write(dir, path, contents, mode, existing)?;
    sync_dir(dir);
    Ok(())
}

/// The portable way: a named temporary file in the same directory, renamed over the target.
fn named_write(
    dir: &Path,
    path: &Path,
    contents: &[u8],
    mode: Mode,
    existing: Option<std::fs::Permissions>,
) -> Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".abema-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode.bits()));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "create a temporary file in", &e))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), "write", &e))?;
    if let (Mode::Public, Some(perms)) = (mode, existing) {
        let _ = std::fs::set_permissions(tmp.path(), perms);
    }
    tmp.persist(path)
        .map_err(|e| Error::io(path, "replace", &e.error))?;
    Ok(())
}

/// Flushes a directory entry change to disk (best effort: some filesystems refuse).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode as FsMode, OFlags};

    use super::Mode;
    use crate::error::{Error, Result};

    /// Writes through an `O_TMPFILE` file; `Ok(false)` when the filesystem or kernel cannot
    /// make one (the caller falls back to a named temporary file).
    pub fn write(
        dir: &Path,
        path: &Path,
        contents: &[u8],
        mode: Mode,
        existing: Option<&std::fs::Permissions>,
    ) -> Result<bool> {
        let fd = match rustix::fs::openat(
            CWD,
            dir,
            OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
            FsMode::from_raw_mode(mode.bits()),
        ) {
            Ok(fd) => fd,
            Err(_) => return Ok(false),
        };
        let mut file = std::fs::File::from(fd);
        file.write_all(contents)
            .and_then(|()| {
                if let (Mode::Public, Some(perms)) = (mode, existing) {
                    file.set_permissions(perms.clone())?;
                }
                file.sync_all()
            })
            .map_err(|e| Error::io(path, "write", &e))?;
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        // A new file is linked straight to its name: no moment with a temporary name.
        if std::fs::symlink_metadata(path).is_err() {
            match rustix::fs::linkat(CWD, proc_path.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW) {
                Ok(()) => return Ok(true),
                Err(rustix::io::Errno::EXIST) => {}
                Err(_) => return Ok(false),
            }
        }
        let tmp = dir.join(format!(".abema-{:016x}.tmp", rand::random::<u64>()));
        if rustix::fs::linkat(CWD, proc_path.as_str(), CWD, &tmp, AtFlags::SYMLINK_FOLLOW).is_err()
        {
            return Ok(false);
        }
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, "replace", &e)
        })?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    fn mode_of(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
    }

    #[test]
    fn replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b.yaml");
        write(&path, b"one", Mode::Public).expect("write");
        write(&path, b"two", Mode::Public).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
        assert_eq!(names(&dir.path().join("a")), ["b.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_whatever_the_old_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plain.yaml");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&path, b"secret", Mode::Private).expect("write");
        assert_eq!(mode_of(&path), 0o600);
        let public = dir.path().join("public.yaml");
        std::fs::write(&public, "old").expect("write");
        std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write(&public, b"new", Mode::Public).expect("write");
        assert_eq!(mode_of(&public), 0o640, "an existing file keeps its mode");
        let fresh = dir.path().join("fresh.yaml");
        write(&fresh, b"new", Mode::Public).expect("write");
        assert_ne!(
            mode_of(&fresh),
            0o600,
            "a new public file gets the umask's mode"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_and_symlinks_are_never_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("target.yaml");
        std::fs::write(&target, "keep").expect("write");
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let err = write(&link, b"x", Mode::Private).expect_err("symlink");
        assert!(err.message().contains("symbolic link"), "{}", err.message());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        assert!(write(&sub, b"x", Mode::Public).is_err());
        assert!(same_file(&link, &target));
        assert!(!same_file(&sub, &target));
    }
}
