//! Talking to a live cluster: the kube client configured from the kubeconfig (honouring
//! `--kubeconfig`, `KUBECONFIG` and `--context`), raw GETs of JSON and text, and lists
//! paginated 500 at a time. Errors are one line with a hint (unreachable server, missing
//! context, 401, 403).
//!
//! The kube client is async; commands are not, so each call blocks on a single-threaded tokio
//! runtime owned here.

use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};
use serde_json::Value;

use crate::error::{Error, Result};

/// Page size of list requests.
pub const PAGE: usize = 500;

/// A connected cluster.
pub struct Cluster {
    client: kube::Client,
    runtime: tokio::runtime::Runtime,
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::failure("cannot start the async runtime").caused_by(e))?;
        let file = match kubeconfig {
            Some(p) => Kubeconfig::read_from(p),
            None => Kubeconfig::read(),
        }
        .map_err(|e| {
            Error::failure("cannot read the kubeconfig")
                .caused_by(e)
                .with_hint("pass --kubeconfig FILE or set KUBECONFIG")
        })?;
        if let Some(name) = context
            && !file.contexts.iter().any(|c| c.name == name)
        {
            let mut known: Vec<&str> = file.contexts.iter().map(|c| c.name.as_str()).collect();
            known.sort_unstable();
            return Err(
                Error::usage(format!("context {name:?} does not exist in the kubeconfig"))
                    .with_hint(format!(
                        "contexts: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    )),
            );
        }
        let context_name = context
            .map(String::from)
            .or_else(|| file.current_context.clone())
            .unwrap_or_default();
        let options = KubeConfigOptions {
            context: context.map(String::from),
            cluster: None,
            user: None,
        };
        let config = runtime
            .block_on(kube::Config::from_custom_kubeconfig(file, &options))
            .map_err(|e| {
                Error::failure(format!("cannot use context {context_name:?}")).caused_by(e)
            })?;
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string();
        // The client's buffer task is spawned on the runtime it is created in.
        let _guard = runtime.enter();
        let client = kube::Client::try_from(config)
            .map_err(|e| Error::failure("cannot create the Kubernetes client").caused_by(e))?;
        Ok(Cluster {
            client,
            runtime,
            context: context_name,
            server,
            requests: std::cell::Cell::new(0),
        })
    }

    /// GET `path`, the body as text.
    pub fn get_text(&self, path: &str) -> std::result::Result<String, RequestError> {
        self.requests.set(self.requests.get() + 1);
        let request = http::Request::get(path)
            .body(Vec::new())
            .map_err(|e| RequestError::Other(e.to_string()))?;
        self.runtime
            .block_on(self.client.request_text(request))
            .map_err(|e| match e {
                kube::Error::Api(status) => RequestError::Status {
                    code: status.code,
                    message: status.message.clone(),
                },
                other => RequestError::Other(other.to_string()),
            })
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
