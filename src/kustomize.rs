//! Kustomize: rendering a directory with `kubectl kustomize`, finding the overlays of a tree,
//! and adding one `patches:` entry to a `kustomization.yaml` without disturbing the rest.
//!
//! Rendering shells out to `kubectl kustomize` (the plugin runs under kubectl, so it is there,
//! and it is the kustomize the user deploys with) rather than re-implementing kustomize.
//!
//! Editing is a line-level splice, not a YAML round trip: a round trip through a serde YAML
//! crate loses comments and formatting. (`deprecations --fix` uses the lossless `yaml-edit`
//! tree for its field-level conversions; here one list entry is added or replaced, and the
//! splice keeps the file byte for byte elsewhere.) Safety comes from a check: the edited text is
//! parsed again and must equal the original document with exactly the intended change to
//! `patches:`; anything else is refused before writing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// Why rendering, reading or editing a kustomization failed. Names the directory or file
/// the user named; `From<KustomizeError> for crate::error::Error` adds causes and hints.
#[derive(Debug)]
pub enum KustomizeError {
    /// `kubectl` could not be started.
    NotRun { dir: PathBuf, error: std::io::Error },
    /// `kubectl kustomize` failed; its message ([`kubectl_error`]).
    Failed { dir: PathBuf, message: String },
    /// `kubectl kustomize` printed something that is not UTF-8.
    NotUtf8 { dir: PathBuf },
    /// A file or directory could not be read, written or resolved.
    Io {
        path: PathBuf,
        action: &'static str,
        error: std::io::Error,
    },
    /// No temporary directory for the wrapper kustomization.
    TempDir(std::io::Error),
    /// The wrapper kustomization could not be serialised.
    Wrapper(serde_json::Error),
    /// A kustomization file that is not YAML.
    Yaml {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A kustomization file that is not a mapping.
    NotAMapping { path: PathBuf },
    /// An edit that cannot be made safely; `entry` is the entry to add by hand.
    Unsafe {
        path: PathBuf,
        why: &'static str,
        entry: String,
    },
}

impl std::fmt::Display for KustomizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KustomizeError::NotRun { dir, .. } => {
                write!(f, "cannot run kubectl kustomize {}", dir.display())
            }
            KustomizeError::Failed { dir, .. } => {
                write!(f, "kubectl kustomize {} failed", dir.display())
            }
            KustomizeError::NotUtf8 { dir } => write!(
                f,
                "kubectl kustomize {} printed invalid UTF-8",
                dir.display()
            ),
            KustomizeError::Io { path, action, .. } => {
                write!(f, "cannot {action} {}", path.display())
            }
            KustomizeError::TempDir(_) => f.write_str("cannot create a temporary directory"),
            KustomizeError::Wrapper(_) => f.write_str("cannot write the wrapper kustomization"),
            KustomizeError::Yaml {
                path,
                line,
                message,
            } => write!(f, "invalid YAML: {message} ({}:{line})", path.display()),
            KustomizeError::NotAMapping { path } => write!(
                f,
                "a kustomization must be a mapping ({}:1)",
                path.display()
            ),
            KustomizeError::Unsafe { path, why, .. } => {
                write!(f, "cannot edit {} safely: {why}", path.display())
            }
        }
    }
}

impl std::error::Error for KustomizeError {}

type Result<T, E = KustomizeError> = std::result::Result<T, E>;

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> KustomizeError {
    let path = path.to_path_buf();
    move |error| KustomizeError::Io {
        path,
        action,
        error,
    }
}

/// The file names kustomize accepts, in its order of preference.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The kustomization file of a directory, if it has one.
pub fn find_file(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// `kubectl kustomize DIR`: the rendered manifests.
pub fn render(dir: &Path) -> Result<String> {
    run_kustomize(dir, dir)
}

/// `kubectl kustomize ROOT`; messages name `dir`, the directory the user named.
fn run_kustomize(root: &Path, dir: &Path) -> Result<String> {
    let output = Command::new("kubectl")
        .arg("kustomize")
        .arg(root)
        .output()
        .map_err(|error| KustomizeError::NotRun {
            dir: dir.to_path_buf(),
            error,
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(KustomizeError::Failed {
            dir: dir.to_path_buf(),
            message: kubectl_error(&stderr),
        });
    }
    String::from_utf8(output.stdout).map_err(|_| KustomizeError::NotUtf8 {
        dir: dir.to_path_buf(),
    })
}

/// The annotation Kustomize's `buildMetadata: [originAnnotations]` sets on every object.
pub const ORIGIN_ANNOTATION: &str = "config.kubernetes.io/origin";

/// A rendering whose objects say which file they came from (see [`render_with_origins`]).
pub struct Rendered {
    pub text: String,
    /// The wrapper kustomization's directory (gone once rendered; origins are relative to it).
    wrapper: PathBuf,
    /// The overlay as the user named it, and as an absolute path.
    dir: PathBuf,
    absolute: PathBuf,
}

impl Rendered {
    /// The file an object came from, as the user would name it (`examples/base/api.yaml`
    /// for an overlay named `examples/overlays/eks`), from its origin annotation's `path:`.
    /// `None` for generated objects and remote resources (no local path).
    pub fn origin_file(&self, object: &Value) -> Option<PathBuf> {
        let origin = object["metadata"]["annotations"][ORIGIN_ANNOTATION].as_str()?;
        let mut path = None;
        for line in origin.lines() {
            if line.starts_with("repo:") {
                return None;
            }
            if let Some(p) = line.strip_prefix("path:") {
                path = Some(p.trim().trim_matches(|c| c == '"' || c == '\''));
            }
        }
        let file = normal(&self.wrapper.join(path?));
        Some(normal(&self.dir.join(relative(&self.absolute, &file))))
    }
}

/// `to` relative to the directory `from` (both absolute and normal).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    out.extend(&to[common..]);
    out
}

/// `kubectl kustomize` of `dir` through a wrapper kustomization (in a temporary directory)
/// that includes it and asks for `buildMetadata: [originAnnotations]`, so every object names
/// the file it came from and findings can point at `base/deployment.yaml`, not at a line of
/// the rendered stream. The user's tree is not touched. Kustomize refuses absolute resource
/// paths, so the wrapper names `dir` relative to itself.
pub fn render_with_origins(dir: &Path) -> Result<Rendered> {
    let absolute =
        std::fs::canonicalize(dir).map_err(io(dir, "resolve the kustomization directory"))?;
    let temp = tempfile::Builder::new()
        .prefix("abema-render-")
        .tempdir()
        .map_err(KustomizeError::TempDir)?;
    let wrapper = std::fs::canonicalize(temp.path())
        .map_err(io(temp.path(), "resolve the temporary directory"))?;
    let include = relative(&wrapper, &absolute);
    let text = serde_json::to_string(&json!({
        "resources": [include.to_string_lossy()],
        "buildMetadata": ["originAnnotations"],
    }))
    .map_err(KustomizeError::Wrapper)?;
    let file = wrapper.join(FILE_NAMES[0]);
    std::fs::write(&file, text).map_err(io(&file, "write"))?;
    let text = match run_kustomize(&wrapper, dir) {
        Ok(text) => text,
        // The wrapper's error names temporary paths; the overlay's own rendering names the
        // user's files (and if it succeeds, the wrapper's error is the one to show).
        Err(e) => return Err(render(dir).err().unwrap_or(e)),
    };
    Ok(Rendered {
        text,
        wrapper,
        dir: dir.to_path_buf(),
        absolute,
    })
}

/// The message of a failed kubectl run: kustomize's `# Warning:` lines skipped, klog's
/// `E1201 ... "command failed" err="..."` unwrapped, long messages cut.
fn kubectl_error(stderr: &str) -> String {
    let line = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("# Warning"))
        .unwrap_or("no message");
    let message = match line.split_once("err=\"") {
        Some((_, rest)) => rest.strip_suffix('"').unwrap_or(rest).replace("\\\"", "\""),
        None => line.trim_start_matches("error: ").to_string(),
    };
    const MAX: usize = 300;
    match message.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &message[..cut]),
        None => message,
    }
}

/// Parses a kustomization file's text; errors name the file and line.
pub fn parse(path: &Path, text: &str) -> Result<Value> {
    let value: Value = serde_saphyr::from_str_with_options(text, crate::manifest::parse_options())
        .map_err(|e| {
            let (line, message) = crate::manifest::yaml_error(&e, 1);
            KustomizeError::Yaml {
                path: path.to_path_buf(),
                line,
                message,
            }
        })?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Ok(json!({})),
        _ => Err(KustomizeError::NotAMapping {
            path: path.to_path_buf(),
        }),
    }
}

/// Directories a kustomization includes (`resources:`, `components:`, `bases:` that are
/// directories on disk; remote URLs and files are not).
pub fn included_dirs(dir: &Path, kustomization: &Value) -> Vec<PathBuf> {
    ["resources", "components", "bases"]
        .iter()
        .flat_map(|key| kustomization[*key].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .map(|entry| dir.join(entry))
        .filter(|p| p.is_dir())
        .collect()
}

/// The kustomization directories under `root` that no other one includes: the overlays
/// that are deployed. Bases are checked through them.
pub fn overlays(root: &Path) -> Result<(Vec<PathBuf>, BTreeSet<PathBuf>)> {
    let dirs = ignore::WalkBuilder::new(root)
        .require_git(false)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_dir()))
        .map(ignore::DirEntry::into_path)
        .filter(|d| find_file(d).is_some());
    overlays_among(dirs)
}

/// Of kustomization directories, those no other one includes (the overlays), and all of
/// them in normal form.
pub fn overlays_among(
    dirs: impl IntoIterator<Item = PathBuf>,
) -> Result<(Vec<PathBuf>, BTreeSet<PathBuf>)> {
    let mut all = BTreeSet::new();
    let mut included = BTreeSet::new();
    for dir in dirs {
        let Some(file) = find_file(&dir) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).map_err(io(&file, "read kustomization"))?;
        let value = parse(&file, &text)?;
        all.insert(normal(&dir));
        for d in included_dirs(&dir, &value) {
            included.insert(normal(&d));
        }
    }
    let leaves = all
        .iter()
        .filter(|d| !included.contains(*d))
        .cloned()
        .collect();
    Ok((leaves, all))
}

/// A lexical normal form (no `.`/`..` components) so included paths compare equal.
pub fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// One `patches:` entry with a target.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchEntry {
    pub path: String,
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
}

impl PatchEntry {
    fn value(&self) -> Value {
        json!({"path": self.path, "target": {
            "group": self.group, "version": self.version, "kind": self.kind, "name": self.name}})
    }

    fn lines(&self, indent: &str) -> String {
        format!(
            "{indent}- path: {}\n{indent}  target:\n{indent}    group: {}\n{indent}    version: {}\n{indent}    kind: {}\n{indent}    name: {}\n",
            self.path, self.group, self.version, self.kind, self.name
        )
    }
}

/// The result of an edit.
#[derive(Debug)]
pub struct Edit {
    pub text: String,
    /// How many existing entries were replaced.
    pub replaced: usize,
}

fn is_top_level_key(line: &str) -> bool {
    let first = line.chars().next();
    first.is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-') && line.contains(':')
}

/// Adds `entry` to `patches:`, removing existing entries for which `replaces` is true.
/// Comments, order and every other line are kept; the result is verified by re-parsing.
pub fn upsert_patch(
    path: &Path,
    text: &str,
    entry: &PatchEntry,
    replaces: impl Fn(&Value) -> bool,
) -> Result<Edit> {
    let before = parse(path, text)?;
    let refuse = |why: &'static str| KustomizeError::Unsafe {
        path: path.to_path_buf(),
        why,
        entry: entry.lines(""),
    };
    let old_patches: Vec<Value> = match &before["patches"] {
        Value::Null => Vec::new(),
        Value::Array(items) => items.clone(),
        _ => return Err(refuse("`patches:` is not a list")),
    };
    let kept: Vec<Value> = old_patches
        .iter()
        .filter(|p| !replaces(p))
        .cloned()
        .collect();
    let replaced = old_patches.len() - kept.len();

    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let key_line = lines
        .iter()
        .position(|l| l.starts_with("patches:") && !l.starts_with("patchesStrategicMerge"));
    let mut out = String::with_capacity(text.len() + 200);
    match key_line {
        None => {
            out.push_str(text);
            if !text.is_empty() && !text.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("patches:\n");
            out.push_str(&entry.lines(""));
        }
        Some(k) => {
            let rest = lines[k]["patches:".len()..].trim();
            let inline_empty = rest == "[]" || rest.starts_with("[]");
            if !(rest.is_empty() || rest.starts_with('#') || inline_empty) {
                return Err(refuse("`patches:` is written in flow style"));
            }
            // The block: lines after the key up to the next top-level key; trailing blank and
            // comment lines belong to what follows.
            let mut end = k + 1;
            let mut last_content = k;
            while end < lines.len() && !is_top_level_key(lines[end]) {
                let t = lines[end].trim();
                if !t.is_empty() && !t.starts_with('#') {
                    last_content = end;
                }
                end += 1;
            }
            let block = &lines[k + 1..=last_content];
            let indent: String = block
                .iter()
                .find(|l| l.trim_start().starts_with("- "))
                .map(|l| l[..l.len() - l.trim_start().len()].to_string())
                .unwrap_or_default();
            // Items start at `<indent>- `.
            let starts: Vec<usize> = block
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    l.starts_with(&format!("{indent}- ")) || l.trim_end() == format!("{indent}-")
                })
                .map(|(i, _)| i)
                .collect();
            if starts.len() != old_patches.len() {
                return Err(refuse(
                    "could not match the `patches:` items to their lines",
                ));
            }
            for l in &lines[..k] {
                out.push_str(l);
            }
            if inline_empty {
                out.push_str("patches:\n");
            } else {
                out.push_str(lines[k]);
            }
            let first_item = starts.first().copied().unwrap_or(block.len());
            for l in &block[..first_item] {
                out.push_str(l);
            }
            for (n, &start) in starts.iter().enumerate() {
                let stop = starts.get(n + 1).copied().unwrap_or(block.len());
                if replaces(&old_patches[n]) {
                    continue;
                }
                for l in &block[start..stop] {
                    out.push_str(l);
                }
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&entry.lines(&indent));
            for l in &lines[last_content + 1..] {
                out.push_str(l);
            }
        }
    }
    let after = parse(path, &out)?;
    let mut expected = before.clone();
    let mut patches = kept;
    patches.push(entry.value());
    if let Some(map) = expected.as_object_mut() {
        map.insert("patches".into(), Value::Array(patches));
    }
    if after != expected {
        return Err(refuse("the edited file would not mean what it should"));
    }
    Ok(Edit {
        text: out,
        replaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, pool: &str) -> PatchEntry {
        PatchEntry {
            path: format!("patches/nodepools/{pool}.yaml"),
            group: "apps".into(),
            version: "v1".into(),
            kind: "Deployment".into(),
            name: name.into(),
        }
    }

    fn ours(name: &'static str) -> impl Fn(&Value) -> bool {
        move |p: &Value| {
            p["path"]
                .as_str()
                .is_some_and(|s| s.starts_with("patches/nodepools/"))
                && p["target"]["name"] == name
        }
    }

    #[test]
    fn appends_a_patches_block_and_keeps_comments() {
        let text = "# overlay for GKE\nresources:\n  - ../base # the app\nnamePrefix: gke-\n";
        let edit = upsert_patch(
            Path::new("k.yaml"),
            text,
            &entry("api", "public-cpu"),
            ours("api"),
        )
        .expect("edit");
        assert!(edit.text.starts_with(text), "{}", edit.text);
        assert!(edit.text.ends_with("patches:\n- path: patches/nodepools/public-cpu.yaml\n  target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: api\n"));
        assert_eq!(edit.replaced, 0);
    }

    #[test]
    fn replaces_our_entry_keeps_others_in_place() {
        let text = "resources:\n- ../base\npatches:\n  # sidecar\n  - path: sidecar.yaml\n    target: {kind: Deployment}\n  - path: patches/nodepools/private-mem.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: api\n\n# images last\nimages:\n  - name: app\n    newTag: v2\n";
        let edit = upsert_patch(
            Path::new("k.yaml"),
            text,
            &entry("api", "public-cpu-asg"),
            ours("api"),
        )
        .expect("edit");
        assert_eq!(edit.replaced, 1);
        assert!(!edit.text.contains("private-mem"));
        assert!(edit.text.contains("  # sidecar\n  - path: sidecar.yaml\n"));
        assert!(
            edit.text
                .contains("  - path: patches/nodepools/public-cpu-asg.yaml\n    target:\n")
        );
        assert!(
            edit.text
                .ends_with("\n# images last\nimages:\n  - name: app\n    newTag: v2\n"),
            "{}",
            edit.text
        );
        let again = upsert_patch(
            Path::new("k.yaml"),
            &edit.text,
            &entry("api", "public-cpu-asg"),
            ours("api"),
        )
        .expect("edit");
        assert_eq!(again.text, edit.text, "idempotent");
    }

    #[test]
    fn empty_flow_list_becomes_a_block_and_flow_lists_are_refused() {
        let edit = upsert_patch(
            Path::new("k.yaml"),
            "patches: []\n",
            &entry("a", "public-cpu"),
            ours("a"),
        )
        .expect("edit");
        assert!(edit.text.starts_with("patches:\n- path:"), "{}", edit.text);
        let err = upsert_patch(
            Path::new("k.yaml"),
            "patches: [{path: x.yaml}]\n",
            &entry("a", "public-cpu"),
            ours("a"),
        )
        .expect_err("flow");
        assert!(err.to_string().contains("flow style"), "{err}");
    }

    #[test]
    fn kubectl_errors_are_unwrapped() {
        let stderr = "# Warning: 'patchesStrategicMerge' is deprecated.\nE1201 11:47:40.806805   15836 run.go:72] \"command failed\" err=\"no matches for Id Deployment.v1.apps/api.[noNs]\"\n";
        assert_eq!(
            kubectl_error(stderr),
            "no matches for Id Deployment.v1.apps/api.[noNs]"
        );
        assert_eq!(kubectl_error("error: boom\n"), "boom");
    }

    #[test]
    fn normal_paths_compare() {
        assert_eq!(
            normal(Path::new("a/overlays/gke/../../base")),
            PathBuf::from("a/base")
        );
        assert_eq!(normal(Path::new("./a/./b")), PathBuf::from("a/b"));
    }
}
