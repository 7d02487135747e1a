//! Reading the files `seal` and `unseal` work on: a plaintext Secret manifest (one or more
//! documents), a sealed file (one document, or one `sops -e` stream of several), or a sealed
//! dotenv file. Reading goes through [`crate::manifest::read_input`], so the same size limit,
//! UTF-8 and binary-data checks apply as everywhere else; errors are [`Problem`]s naming the
//! file and line, never a value.

use std::path::Path;

use serde_json::Value;

use super::document::DocError;
use super::{dotenv, keys};
use crate::manifest::{self, InputFile, Problem};

/// One YAML document of a file.
pub struct Doc {
    /// The line where the document's content starts.
    pub line: usize,
    /// The line `text` starts at.
    first_line: usize,
    text: String,
    pub value: Value,
}

/// A file read for sealing or unsealing.
pub struct SealFile {
    /// The file as named on the command line (`-` for stdin).
    pub name: String,
    pub docs: Vec<Doc>,
    /// A SOPS dotenv file (one document, unflattened from `KEY=VALUE` lines).
    pub dotenv: bool,
}

/// Reads `input`: its documents (empty ones dropped), or the dotenv store.
pub fn read(input: &InputFile) -> Result<SealFile, Problem> {
    let name = input.display();
    let text = manifest::read_input(input)?;
    parse(name, text)
}

/// Like [`read`] for text already in memory (the edited plaintext of `seal edit`).
pub fn parse(name: String, text: String) -> Result<SealFile, Problem> {
    if dotenv::is_dotenv(&text) {
        let value = dotenv::parse(&text);
        return Ok(SealFile {
            name,
            docs: vec![Doc {
                line: 1,
                first_line: 1,
                text,
                value,
            }],
            dotenv: true,
        });
    }
    let mut docs = Vec::new();
    for doc in manifest::split_documents(&text) {
        let value: Value = serde_saphyr::from_str_with_options(doc.text, manifest::parse_options())
            .map_err(|e| {
                let (line, message) = manifest::yaml_error(&e, doc.first_line);
                Problem::new(&name, line, format!("invalid YAML: {message}"))
            })?;
        if value.is_null() {
            continue;
        }
        docs.push(Doc {
            line: doc.content_line,
            first_line: doc.first_line,
            text: doc.text.to_string(),
            value,
        });
    }
    if docs.is_empty() {
        return Err(Problem::new(&name, 1, "no YAML document in it"));
    }
    Ok(SealFile {
        name,
        docs,
        dotenv: false,
    })
}

impl SealFile {
    /// The documents' values (for [`super::document::open`]).
    pub fn values(&self) -> Vec<Value> {
        self.docs.iter().map(|d| d.value.clone()).collect()
    }

    /// Whether the file is sealed (its first document has a `sops:` block).
    pub fn is_sealed(&self) -> bool {
        self.docs[0].value.get("sops").is_some()
    }

    /// The 1-based line of a dotted key path inside document `doc` (best effort: the first
    /// line that holds each key in turn, searching forward; the document's line if none).
    pub fn line_of(&self, doc: usize, path: &str) -> usize {
        let Some(doc) = self.docs.get(doc) else {
            return 1;
        };
        let mut line = doc.line;
        let lines: Vec<&str> = doc.text.lines().collect();
        let mut from = 0;
        for key in path.split('.') {
            let found = lines.iter().enumerate().skip(from).find(|(_, l)| {
                let t = l.trim_start().trim_start_matches("- ");
                t.starts_with(&format!("{key}:")) || t.starts_with(&format!("\"{key}\":"))
            });
            match found {
                Some((i, _)) => {
                    from = i + 1;
                    line = doc.first_line + i;
                }
                None => break,
            }
        }
        line
    }

    /// A problem at document `doc`, key path `path`.
    pub fn problem_at(&self, doc: usize, path: &str, message: impl Into<String>) -> Problem {
        Problem::new(&self.name, self.line_of(doc, path), message)
    }

    /// A document error as a problem naming the file and line, with a hint where one helps.
    pub fn problem(&self, err: DocError) -> Problem {
        self.problem_in(err, None)
    }

    /// Like [`Self::problem`] for an error of a subset of the documents: `docs[k]` is the
    /// document the error's index `k` means.
    pub fn problem_in(&self, err: DocError, docs: Option<&[usize]>) -> Problem {
        let index = err.document().unwrap_or(0);
        let doc = docs.map_or(index, |d| d.get(index).copied().unwrap_or(0));
        let line = match &err {
            DocError::Value(_, e) => self.line_of(doc, &e.path),
            DocError::Binding(e) => self.line_of(doc, e.path),
            DocError::MacMismatch | DocError::Metadata(_) | DocError::Key(_) => {
                self.line_of(doc, "sops")
            }
            _ => self.docs.get(doc).map_or(1, |d| d.line),
        };
        let hint = match &err {
            DocError::Key(keys::UnwrapError::NoMatch { .. })
            | DocError::Key(keys::UnwrapError::NoIdentities) => Some(
                "pass --identity FILE, or set SOPS_AGE_KEY_FILE / SOPS_AGE_KEY (the same variables sops reads)",
            ),
            DocError::NotSops => Some("seal it first: kubectl abema seal FILE"),
            DocError::AlreadySealed => Some(
                "to change values use `kubectl abema seal edit|set`; to change recipients `seal updatekeys`",
            ),
            DocError::Binding(e) => e.hint,
            _ => None,
        };
        let problem = Problem::new(&self.name, line, err.to_string());
        match hint {
            Some(h) => problem.with_hint(h),
            None => problem,
        }
    }
}

/// The input a path names (`-` is stdin).
pub fn input_file(path: &Path) -> InputFile {
    if path.as_os_str() == "-" {
        InputFile::Stdin
    } else {
        InputFile::Path(path.to_path_buf())
    }
}
