//! `seal status`: what each file says about itself, read without a key (nothing is verified):
//! sealed or not, for whom, bound to what, and whether that matches the configuration.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::document::{self, DocError};
use super::recipients::Resolver;
use super::{binding, input, keys};
use crate::error::{ExitStatus, Result};
use crate::output::{Block, OutputFormat, Report, Rows};

/// Every file's status (`seal status`).
#[derive(Debug)]
pub struct StatusReport {
    pub files: Vec<FileStatus>,
}

/// The status of each file; a file that cannot be read carries its error.
pub fn status(files: &[PathBuf], resolver: &Resolver) -> StatusReport {
    StatusReport {
        files: files.iter().map(|p| status_of(p, resolver)).collect(),
    }
}

/// One file's status.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileStatus {
    pub file: String,
    pub sealed: bool,
    pub recipients: Vec<String>,
    pub last_modified: Option<String>,
    /// The bindings as written (not verified), one per bound Secret.
    pub bound_to: Vec<String>,
    /// `null` when no configuration names recipients for the file.
    pub matches_config: Option<bool>,
    pub error: Option<String>,
}

fn status_of(path: &Path, resolver: &Resolver) -> FileStatus {
    let mut st = FileStatus {
        file: path.display().to_string(),
        sealed: false,
        recipients: Vec::new(),
        last_modified: None,
        bound_to: Vec::new(),
        matches_config: None,
        error: None,
    };
    let file = match input::read(&input::input_file(path)) {
        Ok(f) => f,
        Err(p) => {
            st.error = Some(p.message);
            return st;
        }
    };
    match document::recipients(&file.docs[0].value) {
        Ok(meta) => {
            st.sealed = true;
            st.recipients = meta.age.iter().map(|a| a.recipient.clone()).collect();
            st.last_modified = Some(meta.lastmodified.clone());
            for doc in &file.docs {
                if let Some(v) = doc.value["metadata"]["annotations"][binding::ANNOTATION].as_str()
                {
                    st.bound_to.push(v.to_string());
                }
            }
            st.matches_config = match resolver.configured(path) {
                Ok(Some(s)) => {
                    let mut want: Vec<&str> =
                        s.recipients.iter().map(|r| r.text.as_str()).collect();
                    let mut have: Vec<&str> = st.recipients.iter().map(String::as_str).collect();
                    want.sort_unstable();
                    have.sort_unstable();
                    Some(want == have)
                }
                Ok(None) => None,
                Err(p) => {
                    st.error = Some(p.message);
                    None
                }
            };
        }
        Err(DocError::NotSops) => {}
        Err(e) => st.error = Some(e.to_string()),
    }
    st
}

impl Report for StatusReport {
    const FORMATS: &'static [OutputFormat] = OutputFormat::ROWS;

    fn document(&self) -> impl Serialize + '_ {
        json!({"schemaVersion": "abema.dev/seal-status/v1", "files": self.files})
    }

    fn blocks(&self, _format: OutputFormat) -> Result<Vec<Block>> {
        Ok(vec![Block::Rows(Rows {
            headers: vec![
                "FILE",
                "SEALED",
                "RECIPIENTS",
                "BOUND TO",
                "LAST MODIFIED",
                "MATCHES CONFIG",
            ],
            rows: self
                .files
                .iter()
                .map(|s| {
                    vec![
                        s.file.clone(),
                        if s.sealed { "yes" } else { "no" }.into(),
                        s.recipients
                            .iter()
                            .map(|r| keys::short(r))
                            .collect::<Vec<_>>()
                            .join(","),
                        s.bound_to
                            .iter()
                            .map(|b| b.trim_start_matches("abema.dev/v1 ").to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                        s.last_modified.clone().unwrap_or_default(),
                        match (s.matches_config, &s.error) {
                            (_, Some(e)) => format!("error: {e}"),
                            (Some(true), _) => "yes".into(),
                            (Some(false), _) => "no".into(),
                            (None, _) => "-".into(),
                        },
                    ]
                })
                .collect(),
        })])
    }

    /// Always clean: a file that cannot be read is shown with its error.
    fn exit_status(&self, _ignore_errors: bool) -> ExitStatus {
        ExitStatus::Clean
    }
}
