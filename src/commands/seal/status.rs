//! `kubectl abema seal status FILE...`: sealed or not, for whom, matching the configuration.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use serde_json::json;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};
use crate::output::Rows;
use crate::seal::document::{self, DocError};
use crate::seal::recipients::Resolver;
use crate::seal::{binding, input, keys};

/// Show whether files are sealed, for whom, and whether that matches the configuration
///
/// Reads only the readable parts (no private key is used, so nothing is verified: use
/// `seal verify` for that). BOUND TO is the abema.dev/sealed-for binding as written.
///
/// Exit codes: 0 always (a file that cannot be read is shown with its error), 2 usage.
///
/// Example:
///
///   kubectl abema seal status sealed/*.yaml -o json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct StatusArgs {
    /// Files to inspect
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileStatus {
    file: String,
    sealed: bool,
    recipients: Vec<String>,
    last_modified: Option<String>,
    /// The bindings as written (not verified), one per bound Secret.
    bound_to: Vec<String>,
    /// `null` when no configuration names recipients for the file.
    matches_config: Option<bool>,
    error: Option<String>,
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

pub fn run(args: &StatusArgs, ctx: &Ctx) -> Result<ExitStatus> {
    let resolver = super::resolver(&[], ctx)?;
    let statuses: Vec<FileStatus> = args.files.iter().map(|p| status_of(p, &resolver)).collect();
    if ctx.printer.format().is_document() {
        ctx.printer
            .document(&json!({"schemaVersion": "abema.dev/seal-status/v1", "files": statuses}))?;
        return Ok(ExitStatus::Clean);
    }
    let rows = Rows {
        headers: vec![
            "FILE",
            "SEALED",
            "RECIPIENTS",
            "BOUND TO",
            "LAST MODIFIED",
            "MATCHES CONFIG",
        ],
        rows: statuses
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
    };
    ctx.printer.rows(&rows)?;
    Ok(ExitStatus::Clean)
}
