//! A small Kubernetes API server for tests, started inside the test process: it serves
//! `/version`, discovery (`/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`), lists with
//! `limit`/`continue` pagination and `labelSelector` (equality), gets, and `/metrics`, from a
//! readable fixture file (`tests/fixtures/apiserver/*.yaml`). Tests reach it through a real
//! kubeconfig and the real kube client. Bearer tokens are checked (401), a fixture may forbid
//! everything (403). Plain HTTP on 127.0.0.1; one request per connection.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    pub group_version: String,
    pub kind: String,
    pub plural: String,
    #[serde(default = "yes")]
    pub namespaced: bool,
    #[serde(default)]
    pub objects: Vec<Value>,
}

fn yes() -> bool {
    true
}

/// A cluster, as a fixture.
#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    pub version: Value,
    pub resources: Vec<Resource>,
    /// `/metrics` text; absent: 403 (metrics usually need their own permission).
    #[serde(default)]
    pub metrics: Option<String>,
    /// Answer 403 to every request.
    #[serde(default)]
    pub forbidden: bool,
    /// Serve requests without a token: kubectl (client-go) sends no bearer token over plain
    /// HTTP.
    #[serde(default)]
    pub anonymous: bool,
}

impl Fixture {
    pub fn load(path: &Path) -> Fixture {
        let text = std::fs::read_to_string(path).expect("fixture");
        serde_saphyr::from_str(&text).expect("fixture parses")
    }
}

/// The token every request must carry.
pub const TOKEN: &str = "test-token";

pub struct ApiServer {
    pub port: u16,
    /// Requests served, by path (without the query).
    pub requests: Arc<AtomicUsize>,
}

impl ApiServer {
    pub fn start(fixture: Fixture) -> ApiServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let fixture = Arc::new(fixture);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let fixture = fixture.clone();
                let counter = counter.clone();
                std::thread::spawn(move || {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let _ = serve(stream, &fixture);
                });
            }
        });
        ApiServer { port, requests }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A kubeconfig with contexts `test` (current; namespace `default`), `bad-token`, and
    /// `unreachable` (a closed port).
    pub fn kubeconfig(&self, dir: &Path) -> PathBuf {
        let path = dir.join("kubeconfig");
        let text = format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: test\n  cluster: {{server: \"{url}\"}}\n- name: nowhere\n  cluster: {{server: \"http://127.0.0.1:9\"}}\nusers:\n- name: test\n  user: {{token: {TOKEN}}}\n- name: bad\n  user: {{token: wrong}}\ncontexts:\n- name: test\n  context: {{cluster: test, user: test, namespace: default}}\n- name: bad-token\n  context: {{cluster: test, user: bad}}\n- name: unreachable\n  context: {{cluster: nowhere, user: test}}\n",
            url = self.url()
        );
        std::fs::write(&path, text).expect("write kubeconfig");
        path
    }
}

fn status(code: u16, reason: &str, message: &str) -> (u16, String) {
    (code, json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code}).to_string())
}

fn serve(mut stream: TcpStream, fixture: &Fixture) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut authorized = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("authorization")
            && value.trim() == format!("Bearer {TOKEN}")
        {
            authorized = true;
        }
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let (code, body, content_type) = if !authorized && !fixture.anonymous {
        let (c, b) = status(401, "Unauthorized", "Unauthorized");
        (c, b, "application/json")
    } else if fixture.forbidden {
        let (c, b) = status(
            403,
            "Forbidden",
            &format!("forbidden: cannot get path \"{path}\""),
        );
        (c, b, "application/json")
    } else if path == "/metrics" {
        match &fixture.metrics {
            Some(m) => (200, m.clone(), "text/plain"),
            None => {
                let (c, b) = status(
                    403,
                    "Forbidden",
                    "forbidden: User cannot get path \"/metrics\"",
                );
                (c, b, "application/json")
            }
        }
    } else {
        let (c, b) = route(fixture, path, query);
        (c, b, "application/json")
    };
    let reason = match code {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        _ => "Not Found",
    };
    write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        kv.split_once('=')
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| decode(v))
    })
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&v[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(fixture: &Fixture, path: &str, query: &str) -> (u16, String) {
    let groups: BTreeMap<String, Vec<&Resource>> =
        fixture.resources.iter().fold(BTreeMap::new(), |mut m, r| {
            m.entry(r.group_version.clone())
                .or_insert_with(Vec::new)
                .push(r);
            m
        });
    if path == "/version" {
        return (200, fixture.version.to_string());
    }
    if path == "/api" {
        return (
            200,
            json!({"kind": "APIVersions", "versions": ["v1"]}).to_string(),
        );
    }
    if path == "/apis" {
        let mut by_group: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for gv in groups.keys().filter(|gv| gv.contains('/')) {
            let (g, _) = gv.split_once('/').unwrap_or_default();
            by_group.entry(g.to_string()).or_default().push(gv.clone());
        }
        let list: Vec<Value> = by_group
            .iter()
            .map(|(g, gvs)| {
                let versions: Vec<Value> = gvs.iter().map(|gv| json!({"groupVersion": gv, "version": gv.split_once('/').map(|x| x.1).unwrap_or_default()})).collect();
                json!({"name": g, "versions": versions, "preferredVersion": versions[0]})
            })
            .collect();
        return (
            200,
            json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": list}).to_string(),
        );
    }
    let rest = if let Some(r) = path.strip_prefix("/api/v1") {
        ("v1".to_string(), r)
    } else if let Some(r) = path.strip_prefix("/apis/") {
        let mut parts = r.splitn(3, '/');
        let (g, v) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let gv = format!("{g}/{v}");
        let consumed = g.len() + v.len() + 1;
        (gv, &r[consumed.min(r.len())..])
    } else {
        return status(
            404,
            "NotFound",
            "the server could not find the requested resource",
        );
    };
    let (gv, rest) = rest;
    let Some(resources) = groups.get(&gv) else {
        return status(
            404,
            "NotFound",
            "the server could not find the requested resource",
        );
    };
    if rest.is_empty() || rest == "/" {
        let list: Vec<Value> = resources
            .iter()
            .map(|r| json!({"name": r.plural, "singularName": "", "namespaced": r.namespaced, "kind": r.kind, "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]}))
            .collect();
        return (200, json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": list}).to_string());
    }
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let (namespace, plural, name) = match segments.as_slice() {
        ["namespaces", ns, plural] => (Some(*ns), *plural, None),
        ["namespaces", ns, plural, name] => (Some(*ns), *plural, Some(*name)),
        [plural] => (None, *plural, None),
        [plural, name] => (None, *plural, Some(*name)),
        _ => {
            return status(
                404,
                "NotFound",
                "the server could not find the requested resource",
            );
        }
    };
    let Some(resource) = resources.iter().find(|r| r.plural == plural) else {
        return status(
            404,
            "NotFound",
            "the server could not find the requested resource",
        );
    };
    let selector = query_param(query, "labelSelector");
    let matching: Vec<&Value> = resource
        .objects
        .iter()
        .filter(|o| namespace.is_none_or(|ns| o["metadata"]["namespace"] == ns))
        .filter(|o| {
            selector.as_ref().is_none_or(|sel| {
                sel.split(',').all(|kv| {
                    kv.split_once('=')
                        .is_some_and(|(k, v)| o["metadata"]["labels"][k] == v)
                })
            })
        })
        .collect();
    if let Some(name) = name {
        return match matching.iter().find(|o| o["metadata"]["name"] == name) {
            Some(o) => (200, o.to_string()),
            None => status(404, "NotFound", &format!("{plural} \"{name}\" not found")),
        };
    }
    let limit: usize = query_param(query, "limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    let start: usize = query_param(query, "continue")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let end = start.saturating_add(limit).min(matching.len());
    let page: Vec<Value> = matching[start.min(end)..end]
        .iter()
        .map(|o| {
            // List items carry neither apiVersion nor kind, as from a real server.
            let mut o = (*o).clone();
            if let Some(m) = o.as_object_mut() {
                m.remove("apiVersion");
                m.remove("kind");
            }
            o
        })
        .collect();
    let cont = if end < matching.len() {
        end.to_string()
    } else {
        String::new()
    };
    (200, json!({"kind": format!("{}List", resource.kind), "apiVersion": gv, "metadata": {"resourceVersion": "1", "continue": cont}, "items": page}).to_string())
}
