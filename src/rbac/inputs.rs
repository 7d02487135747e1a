//! Reading one side's exports: every file is recognised by its content, not its name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::model::{Binding, Role};
use crate::manifest::{self, InputFile, Problem};

/// An aws-auth `mapRoles`/`mapUsers` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct AwsAuthEntry {
    /// `rolearn` or `userarn`.
    pub arn: String,
    pub is_role: bool,
    pub username: Option<String>,
    pub groups: Vec<String>,
    pub file: String,
    pub line: usize,
}

/// An EKS access entry with its associated access policies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccessEntry {
    pub principal_arn: String,
    pub username: Option<String>,
    pub groups: Vec<String>,
    pub kind: String,
    /// (policy name, scope: None = cluster, Some(namespaces)).
    pub policies: Vec<(String, Option<Vec<String>>)>,
}

/// A GKE IAM binding.
#[derive(Clone, Debug, PartialEq)]
pub struct IamBinding {
    pub role: String,
    pub members: Vec<String>,
    pub condition: Option<String>,
    pub source: String,
}

/// A resource the cluster serves: from discovery in live mode, or a discovery export
/// (`kubectl api-resources -o wide`, `kubectl get --raw /apis/GROUP/VERSION`, kubectl's
/// discovery cache, an aggregated `APIGroupDiscoveryList`).
#[derive(Clone, Debug, PartialEq)]
pub struct Served {
    pub group: String,
    pub resource: String,
    pub namespaced: bool,
    /// Empty when the export does not say (`kubectl api-resources` without `-o wide`).
    pub verbs: Vec<String>,
}

/// A ServiceAccount object (for workload-identity checks).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceAccount {
    /// `namespace/name`.
    pub name: String,
    pub annotations: BTreeMap<String, String>,
    pub source: String,
}

/// An EKS Pod Identity association (`aws eks list-/describe-pod-identity-association(s)`).
#[derive(Clone, Debug, PartialEq)]
pub struct PodIdentity {
    /// `namespace/name` of the service account.
    pub service_account: String,
    /// Only the describe output names the role.
    pub role_arn: Option<String>,
}

/// Everything read for one side.
#[derive(Clone, Debug, Default)]
pub struct SideInputs {
    pub roles: Vec<Role>,
    pub cluster_roles: Vec<Role>,
    pub bindings: Vec<Binding>,
    pub crds: Vec<Value>,
    pub aws_auth: Vec<AwsAuthEntry>,
    pub aws_auth_seen: bool,
    pub access_entries: BTreeMap<String, AccessEntry>,
    pub authentication_mode: Option<String>,
    pub iam: Vec<IamBinding>,
    pub security_group: Option<String>,
    pub service_accounts: Vec<ServiceAccount>,
    pub pod_identities: Vec<PodIdentity>,
    /// The served resources (live mode or a discovery export), which take precedence over
    /// the built-in universe.
    pub served: Vec<Served>,
    /// Where the served resources came from (`file (what)` -> resources), for the notes.
    pub discovery: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
    pub errors: Vec<Problem>,
    /// Input Kubernetes or the cloud would reject or misread (unknown kinds in an RBAC file,
    /// wrong JSON types, missing roleRef, subjects without kind, unknown authentication
    /// modes): errors unless `--lenient` ([`SideInputs::settle`]).
    pub strict: Vec<Problem>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

/// The kinds a side's files may hold (others in an RBAC file are typos or misplaced objects).
const KNOWN_KINDS: [&str; 8] = [
    "ClusterRole",
    "Role",
    "ClusterRoleBinding",
    "RoleBinding",
    "CustomResourceDefinition",
    "ServiceAccount",
    "ConfigMap",
    "List",
];

/// Discovery documents (`kubectl get --raw`, kubectl's discovery cache), read as JSON.
const DISCOVERY_KINDS: [&str; 2] = ["APIResourceList", "APIGroupDiscoveryList"];

fn discovery_kind(value: &Value) -> Option<&str> {
    value["kind"]
        .as_str()
        .filter(|k| DISCOVERY_KINDS.contains(k))
}

const AUTHENTICATION_MODES: [&str; 3] = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];

/// The line of a JSON file where `key` holds a value not starting with `expected` (or its
/// first occurrence): JSON values carry no positions once parsed.
fn json_line(text: &str, key: &str, expected: char) -> usize {
    let needle = format!("\"{key}\"");
    let mut first = None;
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find(&needle) {
            rest = &rest[at + needle.len()..];
            first.get_or_insert(i + 1);
            let value = rest.trim_start().trim_start_matches(':').trim_start();
            if !value.is_empty() && !value.starts_with(expected) {
                return i + 1;
            }
        }
    }
    first.unwrap_or(1)
}

/// What a JSON field that should be a list of strings is instead.
#[derive(Debug)]
enum NotStrings<'a> {
    /// A list holding this non-string.
    Holding(&'a Value),
    /// Not a list.
    Other(&'a Value),
}

impl std::fmt::Display for NotStrings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotStrings::Holding(item) => write!(f, "a list of strings, not one holding {item}"),
            NotStrings::Other(value) => write!(f, "a list of strings, not {value}"),
        }
    }
}

/// A list of strings, or what it is instead (`null`/missing is the empty list).
fn string_list(value: &Value) -> Result<Vec<String>, NotStrings<'_>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(String::from).ok_or(NotStrings::Holding(i)))
            .collect(),
        other => Err(NotStrings::Other(other)),
    }
}

/// One file parsed, before it is added: the costly part, done on every core by
/// [`SideInputs::read`]. `yaml` is `None` when only [`SideInputs::add_parsed`] can tell whether
/// the YAML reading is needed (JSON that may be a cloud export).
struct ParsedText {
    /// The text is `kubectl api-resources` output (read by [`SideInputs::add_parsed`]).
    api_resources: bool,
    json: Option<Result<Value, serde_json::Error>>,
    yaml: Option<(Vec<manifest::FullObject>, Vec<Problem>)>,
}

/// Whether the first line is the header `kubectl api-resources` prints.
fn is_api_resources_table(text: &str) -> bool {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let columns: Vec<&str> = header.split_whitespace().collect();
    columns.first() == Some(&"NAME")
        && columns.contains(&"NAMESPACED")
        && (columns.contains(&"APIVERSION") || columns.contains(&"APIGROUP"))
}

impl ParsedText {
    fn new(name: &str, text: &str) -> ParsedText {
        if is_api_resources_table(text) {
            return ParsedText {
                api_resources: true,
                json: None,
                yaml: None,
            };
        }
        let trimmed = text.trim_start();
        let json = (trimmed.starts_with('{') || trimmed.starts_with('['))
            .then(|| serde_json::from_str::<Value>(text));
        let kubernetes_json = |v: &Value| v.get("apiVersion").is_some() && v.get("kind").is_some();
        let yaml_needed = match &json {
            None => true,
            Some(Ok(v)) => kubernetes_json(v) && discovery_kind(v).is_none(),
            Some(Err(_)) => !name.ends_with(".json"),
        };
        ParsedText {
            api_resources: false,
            yaml: yaml_needed.then(|| manifest::parse_file_values(name, text)),
            json,
        }
    }
}

impl SideInputs {
    /// Strict problems become errors, or warnings with `lenient` (also returned, for commands
    /// that print only these).
    pub fn settle(&mut self, lenient: bool) -> Vec<String> {
        let strict = std::mem::take(&mut self.strict);
        if !lenient {
            self.errors.extend(strict);
            return Vec::new();
        }
        let downgraded: Vec<String> = strict
            .into_iter()
            .map(|p| format!("{}: {} (--lenient: read anyway)", p.location(), p.message))
            .collect();
        self.warnings.extend(downgraded.iter().cloned());
        downgraded
    }

    /// A JSON field that must be a list of strings; a wrong type is a strict problem.
    fn json_strings(&mut self, file: &str, text: &str, value: &Value, key: &str) -> Vec<String> {
        string_list(&value[key]).unwrap_or_else(|why| {
            self.strict.push(Problem::new(
                file,
                json_line(text, key, '['),
                format!("invalid JSON: {key} must be {why}"),
            ));
            Vec::new()
        })
    }

    /// A JSON field that must be a string if present.
    fn json_string(&mut self, file: &str, text: &str, value: &Value, key: &str) -> Option<String> {
        match &value[key] {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => {
                self.strict.push(Problem::new(
                    file,
                    json_line(text, key, '"'),
                    format!("invalid JSON: {key} must be a string, not {other}"),
                ));
                None
            }
        }
    }

    /// Reads files and directories (recursively, manifest extensions). Files are read and
    /// parsed on every core, then added in input order.
    pub fn read(paths: &[PathBuf]) -> SideInputs {
        let mut side = SideInputs::default();
        let (files, problems) = manifest::expand_inputs(paths);
        side.errors.extend(problems);
        let parsed = crate::parallel::map(&files, 2, |file| {
            manifest::read_input(file).map(|text| {
                let parsed = ParsedText::new(&file.display(), &text);
                (text, parsed)
            })
        });
        for (file, result) in files.iter().zip(parsed) {
            match result {
                Ok((text, parsed)) => side.add_parsed(file, &text, parsed),
                Err(p) => side.errors.push(p),
            }
        }
        side
    }

    /// Adds one file's content.
    pub fn add_text(&mut self, file: &InputFile, text: &str) {
        let parsed = ParsedText::new(&file.display(), text);
        self.add_parsed(file, text, parsed);
    }

    fn add_parsed(&mut self, file: &InputFile, text: &str, parsed: ParsedText) {
        let name = file.display();
        if parsed.api_resources {
            self.add_api_resources_table(&name, text);
            return;
        }
        let yaml = match parsed.json {
            Some(Ok(value)) if discovery_kind(&value).is_some() => {
                let kind = discovery_kind(&value).unwrap_or_default().to_string();
                self.add_discovery(&name, &kind, &value);
                return;
            }
            Some(Ok(value)) if self.add_cloud_json(&name, text, &value) => return,
            // A .json file is JSON: its syntax error is not a YAML one.
            Some(Err(e)) if name.ends_with(".json") => {
                self.errors
                    .push(Problem::new(&name, e.line(), format!("invalid JSON: {e}")));
                return;
            }
            _ => parsed.yaml,
        };
        let (objects, problems) = yaml.unwrap_or_else(|| manifest::parse_file_values(&name, text));
        let recognised_before = self.count();
        self.errors.extend(problems);
        let rbac_file = objects.iter().any(|o| {
            o.value["apiVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with("rbac.authorization.k8s.io/"))
        });
        for o in objects {
            let kind = o.value["kind"].as_str().unwrap_or_default();
            if rbac_file && !KNOWN_KINDS.contains(&kind) {
                let known: std::collections::BTreeSet<String> =
                    KNOWN_KINDS.iter().map(|k| k.to_string()).collect();
                let hint = super::suggest::closest(kind, &known)
                    .map(|k| format!(" (did you mean {k}?)"))
                    .unwrap_or_default();
                self.strict.push(Problem::new(
                    &name,
                    o.object.source.line,
                    format!("unknown kind {kind:?} in an RBAC file{hint}"),
                ));
            }
            self.add_object(&name, o.object.source.line, o.value);
        }
        if self.count() == recognised_before && self.errors.iter().all(|e| e.file != name) {
            self.warnings.push(format!("{name}: not recognised (no RBAC objects, CRDs, aws-auth or cloud IAM export); ignored"));
        }
    }

    fn count(&self) -> usize {
        self.roles.len()
            + self.cluster_roles.len()
            + self.bindings.len()
            + self.crds.len()
            + usize::from(self.aws_auth_seen)
            + self.access_entries.len()
            + self.iam.len()
            + usize::from(self.authentication_mode.is_some())
            + usize::from(self.security_group.is_some())
            + self.service_accounts.len()
            + self.pod_identities.len()
            + self.discovery.len()
    }

    /// `kubectl api-resources [-o wide]`: columns are found by the header's offsets (kubectl
    /// aligns them; SHORTNAMES and CATEGORIES may be empty). Verbs print as `[get list]`.
    fn add_api_resources_table(&mut self, file: &str, text: &str) {
        let mut lines = text
            .lines()
            .enumerate()
            .skip_while(|(_, l)| l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return;
        };
        let mut starts: Vec<(usize, &str)> = Vec::new();
        let mut at = 0;
        for word in header.split_whitespace() {
            let offset = header[at..].find(word).map_or(at, |o| at + o);
            starts.push((offset, word));
            at = offset + word.len();
        }
        let column = |line: &str, name: &str| -> Option<String> {
            let i = starts.iter().position(|(_, w)| *w == name)?;
            let from = starts[i].0;
            let to = starts.get(i + 1).map_or(line.len(), |(o, _)| *o);
            line.get(from.min(line.len())..to.min(line.len()))
                .map(|v| v.trim().to_string())
        };
        let before = self.served.len();
        for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let namespaced = match column(line, "NAMESPACED").as_deref() {
                Some("true") => true,
                Some("false") => false,
                other => {
                    self.strict.push(Problem::new(
                        file,
                        i + 1,
                        format!(
                            "kubectl api-resources: NAMESPACED is {:?}, not true or false (columns must line up with the header)",
                            other.unwrap_or_default()
                        ),
                    ));
                    continue;
                }
            };
            let group = match column(line, "APIVERSION") {
                Some(gv) => gv
                    .rsplit_once('/')
                    .map(|(g, _)| g.to_string())
                    .unwrap_or_default(),
                None => column(line, "APIGROUP").unwrap_or_default(),
            };
            let verbs = column(line, "VERBS")
                .map(|v| {
                    v.trim_matches(['[', ']'])
                        .split([' ', ','])
                        .filter(|v| !v.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            self.served.push(Served {
                group,
                resource: column(line, "NAME").unwrap_or_default(),
                namespaced,
                verbs,
            });
        }
        *self
            .discovery
            .entry(format!("{file} (kubectl api-resources)"))
            .or_default() += self.served.len() - before;
    }

    /// A discovery document: `APIResourceList` (one group version, subresources included) or
    /// the aggregated `APIGroupDiscoveryList` (every group, its preferred version first).
    fn add_discovery(&mut self, file: &str, kind: &str, value: &Value) {
        let before = self.served.len();
        if kind == "APIResourceList" {
            let group = value["groupVersion"]
                .as_str()
                .and_then(|gv| gv.rsplit_once('/'))
                .map(|(g, _)| g.to_string())
                .unwrap_or_default();
            for r in value["resources"].as_array().into_iter().flatten() {
                let Some(name) = r["name"].as_str() else {
                    continue;
                };
                self.served.push(Served {
                    group: group.clone(),
                    resource: name.to_string(),
                    namespaced: r["namespaced"].as_bool().unwrap_or(true),
                    verbs: strings(&r["verbs"]),
                });
            }
        } else {
            for g in value["items"].as_array().into_iter().flatten() {
                let group = g["metadata"]["name"].as_str().unwrap_or_default();
                let Some(version) = g["versions"].as_array().and_then(|v| v.first()) else {
                    continue;
                };
                for r in version["resources"].as_array().into_iter().flatten() {
                    let Some(name) = r["resource"].as_str() else {
                        continue;
                    };
                    let namespaced = r["scope"].as_str() != Some("Cluster");
                    self.served.push(Served {
                        group: group.to_string(),
                        resource: name.to_string(),
                        namespaced,
                        verbs: strings(&r["verbs"]),
                    });
                    for sub in r["subresources"].as_array().into_iter().flatten() {
                        if let Some(sub_name) = sub["subresource"].as_str() {
                            self.served.push(Served {
                                group: group.to_string(),
                                resource: format!("{name}/{sub_name}"),
                                namespaced,
                                verbs: strings(&sub["verbs"]),
                            });
                        }
                    }
                }
            }
        }
        *self
            .discovery
            .entry(format!("{file} ({kind})"))
            .or_default() += self.served.len() - before;
    }

    fn add_object(&mut self, file: &str, line: usize, value: Value) {
        let kind = value["kind"].as_str().unwrap_or_default().to_string();
        let kind = kind.as_str();
        match kind {
            "ClusterRole" | "Role" => match serde_json::from_value::<Role>(value) {
                Ok(mut role) => {
                    role.source = format!("{file}:{line}");
                    if kind == "ClusterRole" {
                        self.cluster_roles.push(role);
                    } else {
                        self.roles.push(role);
                    }
                }
                Err(e) => {
                    self.errors
                        .push(Problem::new(file, line, format!("invalid {kind}: {e}")))
                }
            },
            "ClusterRoleBinding" | "RoleBinding" => {
                match serde_json::from_value::<Binding>(value) {
                    Ok(mut b) => {
                        b.cluster = kind == "ClusterRoleBinding";
                        b.source = format!("{file}:{line}");
                        self.check_binding(file, line, kind, &b);
                        self.bindings.push(b);
                    }
                    Err(e) => {
                        self.errors
                            .push(Problem::new(file, line, format!("invalid {kind}: {e}")))
                    }
                }
            }
            "CustomResourceDefinition" => self.crds.push(value),
            "APIResourceList" | "APIGroupDiscoveryList" => self.add_discovery(file, kind, &value),
            "ServiceAccount" => {
                let meta = &value["metadata"];
                self.service_accounts.push(ServiceAccount {
                    name: format!(
                        "{}/{}",
                        meta["namespace"].as_str().unwrap_or("default"),
                        meta["name"].as_str().unwrap_or_default()
                    ),
                    annotations: meta["annotations"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect(),
                    source: format!("{file}:{line}"),
                })
            }
            "ConfigMap" if value["metadata"]["name"] == "aws-auth" => {
                self.add_aws_auth(file, line, &value)
            }
            _ => {}
        }
    }

    /// What the API server's validation would reject in a binding.
    fn check_binding(&mut self, file: &str, line: usize, kind: &str, b: &Binding) {
        let name = b.describe();
        let refs: &[&str] = if b.cluster {
            &["ClusterRole"]
        } else {
            &["Role", "ClusterRole"]
        };
        if b.role_ref.name.is_empty() {
            self.strict.push(Problem::new(
                file,
                line,
                format!("{name}: no roleRef (a {kind} must name the role it grants)"),
            ));
        } else if !refs.contains(&b.role_ref.kind.as_str()) {
            self.strict.push(Problem::new(
                file,
                line,
                format!(
                    "{name}: roleRef kind {:?} is not {}",
                    b.role_ref.kind,
                    refs.join(" or ")
                ),
            ));
        }
        for (i, s) in b.subjects.iter().enumerate() {
            let problem = match s.kind.as_str() {
                "" => Some("has no kind (User, Group or ServiceAccount)".to_string()),
                "User" | "Group" => None,
                "ServiceAccount" if b.cluster && s.namespace.as_deref().unwrap_or("").is_empty() => {
                    Some("is a ServiceAccount without namespace in a ClusterRoleBinding (it matches no one)".into())
                }
                "ServiceAccount" => None,
                other => Some(format!(
                    "has kind {other:?}, not User, Group or ServiceAccount"
                )),
            };
            if let Some(p) = problem {
                self.strict.push(Problem::new(
                    file,
                    line,
                    format!("{name}: subjects[{i}] {p}"),
                ));
            }
        }
    }

    fn add_aws_auth(&mut self, file: &str, line: usize, cm: &Value) {
        self.aws_auth_seen = true;
        for (key, is_role) in [("mapRoles", true), ("mapUsers", false)] {
            let Some(text) = cm["data"][key].as_str() else {
                continue;
            };
            let entries: Value =
                match serde_saphyr::from_str_with_options(text, manifest::parse_options()) {
                    Ok(v) => v,
                    Err(e) => {
                        let (l, message) = manifest::yaml_error(&e, 1);
                        self.errors.push(
                            Problem::new(
                                file,
                                line + l,
                                format!("aws-auth {key}: invalid YAML: {message}"),
                            )
                            .with_hint(
                                "the authenticator drops the whole key when it does not parse",
                            ),
                        );
                        continue;
                    }
                };
            for (i, entry) in entries.as_array().into_iter().flatten().enumerate() {
                // The authenticator decodes with Go's encoding/json: keys match case-insensitively.
                let get = |k: &str| {
                    entry.as_object().and_then(|m| {
                        m.iter()
                            .find(|(key, _)| key.eq_ignore_ascii_case(k))
                            .map(|(_, v)| v.clone())
                    })
                };
                let arn = get(if is_role { "rolearn" } else { "userarn" })
                    .and_then(|v| v.as_str().map(String::from));
                let Some(arn) = arn else {
                    self.warnings.push(format!(
                        "{file}: aws-auth {key}[{i}] has no {} and is skipped",
                        if is_role { "rolearn" } else { "userarn" }
                    ));
                    continue;
                };
                self.aws_auth.push(AwsAuthEntry {
                    arn,
                    is_role,
                    username: get("username").and_then(|v| v.as_str().map(String::from)),
                    groups: get("groups").map(|g| strings(&g)).unwrap_or_default(),
                    file: file.to_string(),
                    line,
                });
            }
        }
    }

    /// Cloud exports (JSON); returns whether the value was one.
    fn add_cloud_json(&mut self, file: &str, text: &str, value: &Value) -> bool {
        if let Some(mode) = value["cluster"]["accessConfig"].get("authenticationMode") {
            match mode.as_str() {
                Some(m) if AUTHENTICATION_MODES.contains(&m) => {
                    self.authentication_mode = Some(m.to_string())
                }
                _ => self.strict.push(Problem::new(
                    file,
                    json_line(text, "authenticationMode", '"'),
                    format!(
                        "invalid JSON: authenticationMode {mode} is not one of {}",
                        AUTHENTICATION_MODES.join(", ")
                    ),
                )),
            }
            return true;
        }
        if value["cluster"]["arn"]
            .as_str()
            .is_some_and(|a| a.contains(":eks:"))
        {
            self.authentication_mode = Some("CONFIG_MAP".into());
            return true;
        }
        let associations = match (value.get("association"), value["associations"].as_array()) {
            (Some(one), _) => std::slice::from_ref(one),
            (None, Some(list)) => list.as_slice(),
            (None, None) => &[],
        };
        if !associations.is_empty() {
            for a in associations {
                self.pod_identities.push(PodIdentity {
                    service_account: format!(
                        "{}/{}",
                        a["namespace"].as_str().unwrap_or_default(),
                        a["serviceAccount"].as_str().unwrap_or_default()
                    ),
                    role_arn: a["roleArn"].as_str().map(String::from),
                });
            }
            return true;
        }
        if let Some(arns) = value["accessEntries"].as_array() {
            for arn in arns.iter().filter_map(Value::as_str) {
                self.access_entries
                    .entry(arn.to_string())
                    .or_insert_with(|| AccessEntry {
                        principal_arn: arn.to_string(),
                        kind: "STANDARD".into(),
                        ..Default::default()
                    });
            }
            return true;
        }
        if let Some(e) = value.get("accessEntry") {
            let Some(arn) = e["principalArn"].as_str() else {
                return false;
            };
            let username = self.json_string(file, text, e, "username");
            let groups = self.json_strings(file, text, e, "kubernetesGroups");
            let entry = self
                .access_entries
                .entry(arn.to_string())
                .or_insert_with(|| AccessEntry {
                    principal_arn: arn.to_string(),
                    ..Default::default()
                });
            entry.username = username;
            entry.groups = groups;
            entry.kind = e["type"].as_str().unwrap_or("STANDARD").to_string();
            return true;
        }
        if let Some(policies) = value["associatedAccessPolicies"].as_array() {
            let Some(arn) = value["principalArn"].as_str() else {
                return false;
            };
            let mut arns = Vec::new();
            for p in policies {
                arns.push(self.json_string(file, text, p, "policyArn"));
            }
            let entry = self
                .access_entries
                .entry(arn.to_string())
                .or_insert_with(|| AccessEntry {
                    principal_arn: arn.to_string(),
                    kind: "STANDARD".into(),
                    ..Default::default()
                });
            for (p, policy_arn) in policies.iter().zip(arns) {
                let Some(policy_arn) = policy_arn else {
                    continue;
                };
                let name = policy_arn
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let scope = match p["accessScope"]["type"].as_str() {
                    Some("namespace") => Some(strings(&p["accessScope"]["namespaces"])),
                    _ => None,
                };
                entry.policies.push((name, scope));
            }
            return true;
        }
        if value["bindings"]
            .as_array()
            .is_some_and(|b| b.iter().all(|x| x.get("role").is_some()))
            && value.get("kind").is_none()
        {
            self.add_iam_policy(file, text, value, "project");
            return true;
        }
        if let Some(items) = value.as_array()
            && items.iter().all(|i| i.get("policy").is_some())
        {
            for item in items {
                let source = format!(
                    "{} {}",
                    item["type"].as_str().unwrap_or("resource"),
                    item["id"].as_str().unwrap_or("?")
                );
                self.add_iam_policy(file, text, &item["policy"], &source);
            }
            return true;
        }
        if value.get("authenticatorGroupsConfig").is_some()
            || value.get("currentMasterVersion").is_some()
        {
            let config = &value["authenticatorGroupsConfig"];
            if config["enabled"].as_bool() == Some(true) {
                self.security_group = config["securityGroup"].as_str().map(String::from);
            } else {
                self.security_group = Some(String::new());
            }
            return true;
        }
        if value.get("kind").is_some() {
            return false; // a Kubernetes object or List: read as a manifest
        }
        false
    }

    fn add_iam_policy(&mut self, file: &str, text: &str, policy: &Value, source: &str) {
        for b in policy["bindings"].as_array().into_iter().flatten() {
            let members = self.json_strings(file, text, b, "members");
            let role = self.json_string(file, text, b, "role").unwrap_or_default();
            self.iam.push(IamBinding {
                role,
                members,
                condition: b["condition"]["expression"].as_str().map(|e| {
                    format!(
                        "{} ({e})",
                        b["condition"]["title"].as_str().unwrap_or("condition")
                    )
                }),
                source: format!("{file} ({source})"),
            });
        }
    }
}

impl SideInputs {
    /// Reads a live cluster: RBAC objects, CRDs, the aws-auth ConfigMap and the served
    /// resources (discovery), through the kube client.
    pub fn read_cluster(
        cluster: &crate::cluster::Cluster,
    ) -> Result<SideInputs, crate::error::Error> {
        use crate::cluster::RequestError;
        let mut side = SideInputs::default();
        let label = format!("context {}", cluster.context);
        let lists = [
            (
                "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                "ClusterRole",
            ),
            (
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                "ClusterRoleBinding",
            ),
            ("/apis/rbac.authorization.k8s.io/v1/roles", "Role"),
            (
                "/apis/rbac.authorization.k8s.io/v1/rolebindings",
                "RoleBinding",
            ),
            (
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "CustomResourceDefinition",
            ),
        ];
        for (path, kind) in lists {
            let items = match cluster.list(path, "") {
                Ok(items) => items,
                Err(RequestError::Status { code: 404, .. })
                    if kind == "CustomResourceDefinition" =>
                {
                    Vec::new()
                }
                Err(e) => return Err(cluster.error(&format!("listing {kind}s"), e)),
            };
            for mut item in items {
                // List items carry no kind.
                item["kind"] = Value::String(kind.to_string());
                side.add_object(&label, 0, item);
            }
        }
        match cluster.get_json("/api/v1/namespaces/kube-system/configmaps/aws-auth") {
            Ok(mut cm) => {
                cm["kind"] = Value::String("ConfigMap".into());
                side.add_object(&label, 0, cm);
            }
            Err(RequestError::Status { code: 404, .. }) => {}
            Err(e) => return Err(cluster.error("reading kube-system/aws-auth", e)),
        }
        let mut group_versions = vec!["v1".to_string()];
        if let Ok(apis) = cluster.get_json("/apis") {
            for g in apis["groups"].as_array().into_iter().flatten() {
                if let Some(gv) = g["preferredVersion"]["groupVersion"].as_str() {
                    group_versions.push(gv.to_string());
                }
            }
        }
        for gv in group_versions {
            let path = if gv == "v1" {
                "/api/v1".to_string()
            } else {
                format!("/apis/{gv}")
            };
            let Ok(mut doc) = cluster.get_json(&path) else {
                continue;
            };
            doc["groupVersion"] = Value::String(gv.clone());
            side.add_discovery(&label, "APIResourceList", &doc);
        }
        Ok(side)
    }

    /// Adds what another reading of the same side found (a context plus export files).
    pub fn merge(&mut self, other: SideInputs) {
        self.roles.extend(other.roles);
        self.cluster_roles.extend(other.cluster_roles);
        self.bindings.extend(other.bindings);
        self.crds.extend(other.crds);
        self.aws_auth.extend(other.aws_auth);
        self.aws_auth_seen |= other.aws_auth_seen;
        for (k, v) in other.access_entries {
            self.access_entries.entry(k).or_insert(v);
        }
        self.authentication_mode = self
            .authentication_mode
            .take()
            .or(other.authentication_mode);
        self.iam.extend(other.iam);
        self.security_group = self.security_group.take().or(other.security_group);
        self.served.extend(other.served);
        for (source, n) in other.discovery {
            *self.discovery.entry(source).or_default() += n;
        }
        self.service_accounts.extend(other.service_accounts);
        self.pod_identities.extend(other.pod_identities);
        self.warnings.extend(other.warnings);
        self.errors.extend(other.errors);
        self.strict.extend(other.strict);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_auth_keys_match_case_insensitively_and_exports_are_recognised() {
        let mut side = SideInputs::default();
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n    - rOlEaRn: arn:aws:iam::1:role/a\n      UserName: a\n      GROUPS: [g]\n";
        side.add_text(&InputFile::Path("cm.yaml".into()), cm);
        assert_eq!(side.aws_auth.len(), 1);
        assert_eq!(
            (
                side.aws_auth[0].arn.as_str(),
                side.aws_auth[0].groups.clone()
            ),
            ("arn:aws:iam::1:role/a", vec!["g".to_string()])
        );
        side.add_text(
            &InputFile::Path("iam.json".into()),
            r#"{"bindings": [{"role": "roles/viewer", "members": ["user:a@b.c"]}], "version": 1}"#,
        );
        assert_eq!(side.iam.len(), 1);
        side.add_text(&InputFile::Path("anc.json".into()), r#"[{"id": "123", "type": "folder", "policy": {"bindings": [{"role": "roles/editor", "members": ["group:g@b.c"]}]}}]"#);
        assert_eq!(side.iam.len(), 2);
        assert!(side.iam[1].source.contains("folder 123"));
        side.add_text(&InputFile::Path("gke.json".into()), r#"{"name": "c", "currentMasterVersion": "1.33", "authenticatorGroupsConfig": {"enabled": true, "securityGroup": "gke-security-groups@b.c"}}"#);
        assert_eq!(
            side.security_group.as_deref(),
            Some("gke-security-groups@b.c")
        );
        assert!(side.warnings.is_empty(), "{:?}", side.warnings);
    }
}
