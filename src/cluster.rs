//! Talking to a live cluster: the kube client configured from the kubeconfig (honouring
//! `--kubeconfig`, `KUBECONFIG` and `--context`), raw GETs of JSON and text, and lists
//! paginated 500 at a time. Errors are one line with a hint (unreachable server, missing
//! context, 401, 403).
//!
//! The kube client is async; commands are not, so each call blocks on a single-threaded tokio
//! runtime owned by the transport (`client.rs`). Built without the `cluster` feature, the
//! transport is a type without values whose `connect` fails: the flags still parse, the rest of
//! this module and every caller compile unchanged, and no kube, k8s-openapi or tokio is built.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

#[cfg(feature = "cluster")]
mod client;
#[cfg(feature = "cluster")]
use client::Transport;

/// Without the `cluster` feature: no transport can exist, so no [`Cluster`] either.
#[cfg(not(feature = "cluster"))]
enum Transport {}

#[cfg(not(feature = "cluster"))]
impl Transport {
    fn connect(_: Option<&Path>, _: Option<&str>) -> Result<(Transport, String, String)> {
        Err(Error::usage(
            "this build has no cluster support (built without the `cluster` feature); reinstall with default features",
        ))
    }

    fn get_text(&self, _: &str) -> std::result::Result<String, RequestError> {
        match *self {}
    }
}

/// Page size of list requests.
pub const PAGE: usize = 500;

/// A connected cluster.
pub struct Cluster {
    transport: Transport,
    /// The context name, for messages and finding locations.
    pub context: String,
    /// The server URL, for messages.
    pub server: String,
    /// How many HTTP requests were made (for the benchmark and `-v`).
    pub requests: std::cell::Cell<usize>,
}

/// A failed request, kept apart so callers can degrade (e.g. `/metrics` forbidden).
#[derive(Debug)]
pub enum RequestError {
    Status { code: u16, message: String },
    Other(String),
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Status { code, message } => write!(f, "HTTP {code}: {message}"),
            RequestError::Other(m) => f.write_str(m),
        }
    }
}

impl Cluster {
    /// Connects with the kubeconfig (`--kubeconfig` FILE, else `KUBECONFIG`, else
    /// `~/.kube/config`) and the context (`--context`, else the current one).
    pub fn connect(kubeconfig: Option<&Path>, context: Option<&str>) -> Result<Cluster> {
        let (transport, context, server) = Transport::connect(kubeconfig, context)?;
        Ok(Cluster {
            transport,
            context,
            server,
            requests: std::cell::Cell::new(0),
        })
    }

    /// GET `path`, the body as text.
    pub fn get_text(&self, path: &str) -> std::result::Result<String, RequestError> {
        self.requests.set(self.requests.get() + 1);
        self.transport.get_text(path)
    }

    /// GET `path` as JSON.
    pub fn get_json(&self, path: &str) -> std::result::Result<Value, RequestError> {
        let text = self.get_text(path)?;
        serde_json::from_str(&text)
            .map_err(|e| RequestError::Other(format!("{path}: invalid JSON: {e}")))
    }

    /// Every item of a list, 500 per page, following `continue`.
    pub fn list(&self, path: &str, query: &str) -> std::result::Result<Vec<Value>, RequestError> {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut url = format!("{path}?limit={PAGE}");
            if !query.is_empty() {
                url.push('&');
                url.push_str(query);
            }
            if let Some(t) = &token {
                url.push_str("&continue=");
                url.push_str(&encode(t));
            }
            let mut page = self.get_json(&url)?;
            if let Some(Value::Array(list)) = page.get_mut("items").map(Value::take) {
                items.extend(list);
            }
            token = page["metadata"]["continue"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(String::from);
            if token.is_none() {
                return Ok(items);
            }
        }
    }

    /// A failed request as the command's error, with a hint for the usual causes.
    pub fn error(&self, what: &str, err: RequestError) -> Error {
        match err {
            RequestError::Status { code: 401, message } => Error::failure(format!("{what}: unauthorized (401) by {}", self.server))
                .caused_by(message)
                .with_hint(format!("the credentials of context {:?} were refused: log in again (gcloud / aws eks update-kubeconfig)", self.context)),
            RequestError::Status { code: 403, message } => Error::failure(format!("{what}: forbidden (403)"))
                .caused_by(message)
                .with_hint("your identity lacks list/get on these resources; ask for a read-only role or use another context"),
            RequestError::Status { code, message } => Error::failure(format!("{what}: HTTP {code} from {}", self.server)).caused_by(message),
            RequestError::Other(message) => Error::failure(format!("{what}: cannot reach {}", self.server))
                .caused_by(message)
                .with_hint(format!("check that context {:?} points at a running cluster you can reach (VPN, proxy)", self.context)),
        }
    }
}

/// Percent-encodes a query value.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(all(test, not(feature = "cluster")))]
mod tests {
    use crate::error::ErrorKind;

    /// Built without `cluster`: connecting is a usage error (exit 2) that says how to get it.
    /// (The pattern is irrefutable: no `Cluster` can exist in this build.)
    #[test]
    fn connect_without_the_feature_is_a_usage_error() {
        let Err(e) = super::Cluster::connect(None, Some("prod"));
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert!(
            e.message().contains("built without the `cluster` feature"),
            "{}",
            e.message()
        );
    }
}
