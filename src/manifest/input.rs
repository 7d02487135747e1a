//! Turns the paths on the command line into files to read, and reads them within budget.

use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Expands command-line paths: `-` is stdin, a directory is walked (recursively, honouring
/// `.gitignore`, `.ignore` and hidden-file rules, keeping only manifest extensions), a file is
/// taken as it is. Paths that do not exist or cannot be walked become problems.
pub fn expand_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(InputFile::Stdin);
        } else if path.is_dir() {
            walk(path, &mut files, &mut problems);
        } else if path.exists() {
            files.push(InputFile::Path(path.clone()));
        } else {
            problems.push(
                Problem::new(&path.display().to_string(), 0, "no such file or directory")
                    .with_hint("paths are relative to the current directory; use - to read stdin"),
            );
        }
    }
    (files, problems)
}

fn walk(root: &Path, files: &mut Vec<InputFile>, problems: &mut Vec<Problem>) {
    // `require_git(false)`: a .gitignore is honoured even outside a git checkout (an unpacked
    // release tarball, a CI workspace without .git).
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_manifest_path(entry.path()) {
                    // `kubectl abema deprecations .` prints `base/x.yaml`, not `./base/x.yaml`.
                    let path = entry
                        .path()
                        .strip_prefix("./")
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|_| entry.into_path());
                    files.push(InputFile::Path(path));
                }
            }
            Err(err) => {
                let file = err_path(&err).unwrap_or_else(|| root.display().to_string());
                problems.push(Problem::new(
                    &file,
                    0,
                    format!("cannot read directory entry: {err}"),
                ));
            }
        }
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
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
            let size = std::fs::metadata(path)
                .map(|m| m.len())
                .map_err(|e| Problem::new(&name, 0, format!("cannot read: {e}")))?;
            if size > MAX_FILE_BYTES {
                return Err(too_large(&name, Some(size)));
            }
            std::fs::read(path).map_err(|e| Problem::new(&name, 0, format!("cannot read: {e}")))?
        }
    };
    decode(&name, bytes)
}

fn too_large(name: &str, size: Option<u64>) -> Problem {
    let size = size
        .map(|s| format!(" ({:.1} MiB)", s as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    Problem::new(name, 0, format!("file is larger than the {} MiB limit{size}", MAX_FILE_BYTES / 1024 / 1024))
        .with_hint("manifests are small; is this a build artefact or an archive? exclude it with .gitignore or .ignore")
}

/// Bytes to text: strips a UTF-8 byte-order mark, refuses NUL bytes (binary data) and invalid
/// UTF-8, naming the line of the first bad byte.
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Problem> {
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
