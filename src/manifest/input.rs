//! Turns the paths on the command line into files to read, and reads them within budget.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{MAX_FILE_BYTES, Problem, is_manifest_path};

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputFile {
    /// A file, named on the command line or found below a named directory.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl InputFile {
    /// How the input is named in messages and output.
    pub fn display(&self) -> String {
        match self {
            InputFile::Path(p) => p.display().to_string(),
            InputFile::Stdin => "-".to_string(),
        }
    }
}

/// How directories are walked.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// `--exclude GLOB`: gitignore-style patterns, matched below each walked directory
    /// (`.k8s`, `legacy/`, `*.gen.yaml`) and against the path as printed (`k8s/old/**`).
    pub exclude: Vec<String>,
}

/// A path a walk met and did not read, and why (counted in the summary, listed with `-v`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The inputs to read, the problems met finding them, and what was skipped.
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<InputFile>,
    pub problems: Vec<Problem>,
    pub skipped: Vec<Skipped>,
}

/// [`expand_inputs_with`] with the default walk (no excludes), without the skip list.
pub fn expand_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Problem>) {
    let expanded = expand_inputs_with(paths, &WalkOptions::default());
    (expanded.files, expanded.problems)
}

/// Expands command-line paths: `-` is stdin, a directory is walked, a regular file is taken
/// as it is (any extension). A path that does not exist, or is not a regular file or a
/// directory (a FIFO, a device: reading one could block forever), is a problem.
///
/// A walk keeps `*.yaml`, `*.yml` and `*.json` files; it enters hidden directories
/// (`.k8s/`), follows symbolic links (each file is read once, however many links lead to it;
/// a link back to an enclosing directory is skipped, not followed), honours `.gitignore` only
/// inside a Git work tree (and `.ignore` files everywhere), never enters `.git`, `.hg` or
/// `.svn`, and skips a Helm chart's own files ([`super::is_chart_file`]) and what
/// `--exclude` names. Every skip is listed in [`Expanded::skipped`], except gitignored paths
/// (left out on purpose by the repository) and files without a manifest extension.
pub fn expand_inputs_with(paths: &[PathBuf], options: &WalkOptions) -> Expanded {
    let mut out = Expanded::default();
    walk_inputs(paths, options, &mut |w| match w {
        Walked::File(f) => out.files.push(f),
        Walked::Problem(p) => out.problems.push(p),
        Walked::Skipped(s) => out.skipped.push(s),
    });
    out
}

/// What [`walk_inputs`] meets, in the order it meets it.
#[derive(Clone, Debug)]
pub enum Walked {
    File(InputFile),
    Problem(Problem),
    Skipped(Skipped),
}

/// [`expand_inputs_with`] as a stream: each file, problem and skip handed to `sink` as the walk
/// meets it (a directory's skips at the end of its walk, sorted), so reading can start before
/// the walk ends.
pub fn walk_inputs(paths: &[PathBuf], options: &WalkOptions, sink: &mut dyn FnMut(Walked)) {
    let mut seen: HashMap<FileKey, String> = HashMap::new();
    let display_exclude = display_matcher(&options.exclude);
    for path in paths {
        if path.as_os_str() == "-" {
            sink(Walked::File(InputFile::Stdin));
            continue;
        }
        let name = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, options, &display_exclude, &mut seen, sink),
            Ok(meta) if meta.is_file() => {
                if let Some(first) = first_time(&mut seen, file_key(path), &name) {
                    sink(Walked::Skipped(Skipped {
                        path: name,
                        reason: format!("the same file as {first}, read once"),
                    }));
                } else {
                    sink(Walked::File(InputFile::Path(path.clone())));
                }
            }
            Ok(meta) => sink(Walked::Problem(not_regular(&name, &meta))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => sink(Walked::Problem(
                Problem::new(&name, 0, "no such file or directory")
                    .with_hint("paths are relative to the current directory; use - to read stdin"),
            )),
            Err(e) => sink(Walked::Problem(Problem::new(
                &name,
                0,
                format!("cannot read: {e}"),
            ))),
        }
    }
}

/// What identifies a file however it is reached: device and inode (one `stat`, not a
/// `realpath` per file); elsewhere the canonical path.
#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

#[cfg(unix)]
fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<FileKey> {
    std::fs::canonicalize(path).ok()
}

/// The key of a walked file without a `stat` of its own: the inode the directory entry
/// names (the target's, for a followed link) on the device of its directory (one `stat` per
/// directory, kept in `device` while the sorted walk stays in that directory). A symbolic
/// link may lead to another device, so it is `stat`ed.
#[cfg(unix)]
fn walked_key(entry: &ignore::DirEntry, device: &mut Option<(PathBuf, u64)>) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    let (Some(ino), Some(dir), false) =
        (entry.ino(), entry.path().parent(), entry.path_is_symlink())
    else {
        return file_key(entry.path());
    };
    match device {
        Some((d, dev)) if d == dir => Some((*dev, ino)),
        _ => {
            let dev = std::fs::metadata(dir).ok()?.dev();
            *device = Some((dir.to_path_buf(), dev));
            Some((dev, ino))
        }
    }
}

#[cfg(not(unix))]
fn walked_key(entry: &ignore::DirEntry, _: &mut Option<(PathBuf, u64)>) -> Option<FileKey> {
    file_key(entry.path())
}

/// `None` the first time a file is met; else the name it was first met under. A file whose
/// key is unknown (it vanished) is met for the first time: reading it will say what is wrong.
fn first_time(
    seen: &mut HashMap<FileKey, String>,
    key: Option<FileKey>,
    name: &str,
) -> Option<String> {
    let key = key?;
    match seen.get(&key) {
        Some(first) => Some(first.clone()),
        None => {
            seen.insert(key, name.to_string());
            None
        }
    }
}

/// A problem for a path that is neither a regular file nor a directory.
fn not_regular(name: &str, meta: &std::fs::Metadata) -> Problem {
    Problem::new(
        name,
        0,
        format!(
            "not a regular file ({}); only files, directories and - (stdin) are read",
            file_type_name(meta.file_type())
        ),
    )
    .with_hint("to read a pipe, redirect it to stdin: kubectl abema deprecations - < PIPE")
}

fn file_type_name(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "a special file"
}

fn display_matcher(patterns: &[String]) -> Option<globset::GlobSet> {
    let mut set = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(glob) = globset::Glob::new(p.trim_end_matches('/')) {
            set.add(glob);
        }
    }
    set.build().ok()
}

const VCS_DIRS: [&str; 3] = [".git", ".hg", ".svn"];

fn walk(
    root: &Path,
    options: &WalkOptions,
    display_exclude: &Option<globset::GlobSet>,
    seen: &mut HashMap<FileKey, String>,
    sink: &mut dyn FnMut(Walked),
) {
    // `.gitignore` only inside a Git work tree (the ignore crate's `require_git`): a tarball or
    // a copied directory is read whole. Hidden directories are entered, links followed.
    let mut excludes = ignore::gitignore::GitignoreBuilder::new(root);
    for p in &options.exclude {
        let _ = excludes.add_line(None, p);
    }
    let excludes = excludes.build().ok();
    let display_exclude = display_exclude.clone();
    // This directory's skips, sorted and handed over when its walk ends.
    let mut skips: Vec<Skipped> = Vec::new();
    let skipped: Arc<Mutex<Vec<Skipped>>> = Arc::default();
    let skipped_in_filter = Arc::clone(&skipped);
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .follow_links(true)
        .require_git(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if entry.depth() > 0 && is_dir && VCS_DIRS.iter().any(|v| entry.file_name() == *v) {
                return false;
            }
            if entry.depth() == 0 {
                return true;
            }
            let printed = printed_path(entry.path());
            let excluded = excludes
                .as_ref()
                .is_some_and(|g| g.matched(entry.path(), is_dir).is_ignore())
                || display_exclude
                    .as_ref()
                    .is_some_and(|g| g.is_match(&printed));
            if excluded && let Ok(mut s) = skipped_in_filter.lock() {
                s.push(Skipped {
                    path: printed.display().to_string(),
                    reason: "excluded by --exclude".to_string(),
                });
            }
            !excluded
        })
        .build();
    let mut device = None;
    for entry in walker {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() || !is_manifest_path(entry.path()) {
                    continue;
                }
                let path = printed_path(entry.path());
                let name = path.display().to_string();
                if !file_type.is_file() {
                    let what = std::fs::metadata(entry.path())
                        .map(|m| file_type_name(m.file_type()))
                        .unwrap_or("a special file");
                    skips.push(Skipped {
                        path: name,
                        reason: format!("not a regular file ({what})"),
                    });
                } else if super::is_chart_file(&path) {
                    skips.push(Skipped {
                        path: name,
                        reason: "a Helm chart's own file (Chart.yaml, values), not a manifest"
                            .to_string(),
                    });
                } else if let Some(first) = first_time(seen, walked_key(&entry, &mut device), &name)
                {
                    skips.push(Skipped {
                        path: name,
                        reason: format!("the same file as {first} (a symbolic link), read once"),
                    });
                } else {
                    sink(Walked::File(InputFile::Path(path)));
                }
            }
            Err(err) => {
                let file = err_path(&err).unwrap_or_else(|| root.display().to_string());
                match walk_skip(&err) {
                    Some(reason) => skips.push(Skipped { path: file, reason }),
                    None => sink(Walked::Problem(Problem::new(
                        &file,
                        0,
                        format!("cannot read directory entry: {err}"),
                    ))),
                }
            }
        }
    }
    if let Ok(mut s) = skipped.lock() {
        skips.append(&mut s);
    }
    skips.sort_by(|a, b| a.path.cmp(&b.path));
    skips.into_iter().for_each(|s| sink(Walked::Skipped(s)));
}

/// `kubectl abema deprecations .` prints `base/x.yaml`, not `./base/x.yaml`.
fn printed_path(path: &Path) -> PathBuf {
    path.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Walk errors that are skips: a link back to an enclosing directory, a dangling link.
fn walk_skip(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::Loop { ancestor, .. } => Some(format!(
            "a symbolic link back to {} (a cycle), not followed",
            printed_path(ancestor).display()
        )),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_skip(err),
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some("a symbolic link to nothing (dangling)".to_string())
        }
        _ => None,
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(printed_path(child).display().to_string()),
        _ => None,
    }
}

/// Reads one input as UTF-8 text, refusing files over [`MAX_FILE_BYTES`] (without reading
/// them), binary data and invalid UTF-8, each with the line where the problem is.
pub fn read_input(input: &InputFile) -> Result<String, Problem> {
    let name = input.display();
    let bytes = match input {
        InputFile::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Problem::new(&name, 0, format!("cannot read stdin: {e}")))?;
            if buf.len() as u64 > MAX_FILE_BYTES {
                return Err(too_large(&name, None));
            }
            buf
        }
        InputFile::Path(path) => {
            let cannot = |e: std::io::Error| Problem::new(&name, 0, format!("cannot read: {e}"));
            // Opened without blocking (a FIFO would wait for a writer), then its type checked
            // on the open file: one path lookup per file.
            let file = open_nonblocking(path).map_err(cannot)?;
            let meta = file.metadata().map_err(cannot)?;
            if !meta.is_file() {
                return Err(not_regular(&name, &meta));
            }
            let size = meta.len();
            if size > MAX_FILE_BYTES {
                return Err(too_large(&name, Some(size)));
            }
            let mut buf = Vec::with_capacity(size as usize + 1);
            (&file)
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(cannot)?;
            if buf.len() as u64 > MAX_FILE_BYTES {
                return Err(too_large(&name, None));
            }
            buf
        }
    };
    decode(&name, bytes)
}

/// Opens a file for reading without waiting: on Linux with `O_NONBLOCK` (a FIFO does not wait
/// for a writer; regular files ignore the flag) and `O_NOCTTY`; elsewhere a path that is not
/// a regular file is refused before it is opened.
#[cfg(target_os = "linux")]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32)
        .open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", file_type_name(meta.file_type())),
        ));
    }
    std::fs::File::open(path)
}

fn too_large(name: &str, size: Option<u64>) -> Problem {
    let size = size
        .map(|s| format!(" ({:.1} MiB)", s as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    Problem::new(name, 0, format!("file is larger than the {} MiB limit{size}", MAX_FILE_BYTES / 1024 / 1024))
        .with_hint("manifests are small; is this a build artefact or an archive? exclude it with .gitignore or .ignore")
}

/// Bytes to text: strips a UTF-8 byte-order mark, refuses UTF-16/UTF-32 (named as such: an
/// editor or a PowerShell redirect wrote it), NUL bytes (binary data) and invalid UTF-8,
/// naming the line of the first bad byte.
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    if let Some(encoding) = wide_encoding(&bytes) {
        return Err(Problem::new(
            name,
            1,
            format!("{encoding} text; Kubernetes manifests must be UTF-8: re-save it as UTF-8"),
        )
        .with_hint(format!(
            "e.g. iconv -f {} -t UTF-8",
            encoding.split(' ').next().unwrap_or(encoding)
        )));
    }
    let line_of = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(nul) = memchr_nul(&bytes) {
        return Err(Problem::new(
            name,
            line_of(nul),
            "binary data (a NUL byte), not a YAML or JSON manifest",
        )
        .with_hint(
            "exclude binary files with .gitignore or .ignore, or name only manifest files",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Problem::new(
                name,
                line,
                "invalid UTF-8; Kubernetes manifests must be UTF-8",
            )
            .with_hint("convert the file, e.g. iconv -f LATIN1 -t UTF-8"))
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// UTF-32 or UTF-16, by byte-order mark, or (without one) by an ASCII first character
/// stored in two bytes.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32LE (byte-order mark)"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32BE (byte-order mark)"),
        [0xFF, 0xFE, ..] => Some("UTF-16LE (byte-order mark)"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE (byte-order mark)"),
        [a, 0, b, 0, ..] if a.is_ascii_graphic() && (b.is_ascii() && *b != 0) => {
            Some("UTF-16LE (no byte-order mark)")
        }
        [0, a, 0, b, ..] if a.is_ascii_graphic() && (b.is_ascii() && *b != 0) => {
            Some("UTF-16BE (no byte-order mark)")
        }
        _ => None,
    }
}
