//! The kube client behind [`super::Cluster`] (the `cluster` feature).

use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};

use super::RequestError;
use crate::error::{Error, Result};

/// The kube client and the runtime its calls block on.
pub(super) struct Transport {
    client: kube::Client,
    runtime: tokio::runtime::Runtime,
}

impl Transport {
    /// Connects with the kubeconfig and the context: the transport, the context name and the
    /// server URL.
    pub(super) fn connect(
        kubeconfig: Option<&Path>,
        context: Option<&str>,
    ) -> Result<(Transport, String, String)> {
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
        Ok((Transport { client, runtime }, context_name, server))
    }

    /// GET `path`, the body as text.
    pub(super) fn get_text(&self, path: &str) -> std::result::Result<String, RequestError> {
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
}
