//! Which objects `nodepool check` judges for a path: a kustomization directory is rendered; a
//! tree is searched for its overlays (kustomizations no other one includes), which are
//! rendered, plus the plain manifests outside any kustomization; a file or `-` is read as is.
//! A rendered object is placed in the file it came from (Kustomize's origin annotation) and
//! keeps the overlay as `via`. Rendering failures become problems naming the kustomization,
//! like unreadable files.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::kustomize;
use crate::manifest::{self, FullObject, InputFile, Problem};

/// An object to judge, and the overlay it was rendered from.
pub struct Placed {
    pub object: FullObject,
    pub via: Option<String>,
}

/// What to read for a path: rendered overlays and plain manifest files.
pub fn collect(path: &Path, objects: &mut Vec<Placed>, errors: &mut Vec<Problem>) -> Result<()> {
    if path.is_dir() {
        if kustomize::find_file(path).is_some() {
            render(path, objects, errors);
            return Ok(());
        }
        let (leaves, all) = kustomize::overlays(path)?;
        for dir in &leaves {
            render(dir, objects, errors);
        }
        let (files, mut problems) = manifest::expand_inputs(&[path.to_path_buf()]);
        errors.append(&mut problems);
        for file in files {
            let inside = match &file {
                InputFile::Path(p) => p
                    .ancestors()
                    .skip(1)
                    .any(|a| all.contains(&kustomize::normal(a))),
                InputFile::Stdin => false,
            };
            if !inside {
                read_plain(&file, objects, errors);
            }
        }
        return Ok(());
    }
    let (files, mut problems) = manifest::expand_inputs(&[path.to_path_buf()]);
    errors.append(&mut problems);
    for file in files {
        read_plain(&file, objects, errors);
    }
    Ok(())
}

/// Renders one overlay; a failure is a problem naming its kustomization file.
pub fn render(dir: &Path, objects: &mut Vec<Placed>, errors: &mut Vec<Problem>) {
    match rendered(dir) {
        Ok(mut o) => objects.append(&mut o),
        Err(e) => {
            let file = kustomize::find_file(dir).unwrap_or_else(|| dir.to_path_buf());
            let mut message = e.message().to_string();
            for c in e.causes() {
                message.push_str(": ");
                message.push_str(c);
            }
            let mut p = Problem::new(&file.display().to_string(), 1, message);
            if let Some(h) = e.hints().first() {
                p = p.with_hint(h.clone());
            }
            errors.push(p);
        }
    }
}

/// An overlay's objects, each placed in its origin file (see [`locate`]); an object without a
/// local origin (generated, or from a remote base) keeps its line in the rendered stream
/// (`DIR (rendered):LINE`).
fn rendered(dir: &Path) -> Result<Vec<Placed>> {
    let rendered = kustomize::render_with_origins(dir)?;
    let label = format!("{} (rendered)", dir.display());
    let (objects, problems) = manifest::parse_file_values(&label, &rendered.text);
    if let Some(p) = problems.first() {
        return Err(crate::error::Error::failure(format!(
            "{}: {}",
            p.location(),
            p.message
        )));
    }
    let via = dir.display().to_string();
    let mut heads: BTreeMap<std::path::PathBuf, Vec<manifest::Object>> = BTreeMap::new();
    Ok(objects
        .into_iter()
        .map(|mut object| {
            if let Some(file) = rendered.origin_file(&object.value) {
                let heads = heads.entry(file.clone()).or_insert_with(|| {
                    std::fs::read_to_string(&file)
                        .map(|text| {
                            manifest::parse_file(&file.display().to_string(), &text).objects
                        })
                        .unwrap_or_default()
                });
                object.object.source = locate(heads, &file, &object.object);
            }
            Placed {
                object,
                via: Some(via.clone()),
            }
        })
        .collect())
}

/// Where `object` is written among a file's objects: the one of its kind and name, else the
/// one of its kind whose name `namePrefix`/`nameSuffix` turned into the rendered name, else
/// the only one of its kind; if none of these is unique, the start of the file.
fn locate(heads: &[manifest::Object], file: &Path, object: &manifest::Object) -> manifest::Source {
    let same_kind: Vec<&manifest::Object> =
        heads.iter().filter(|h| h.kind == object.kind).collect();
    let rendered = object.name.as_deref().unwrap_or_default();
    let affixed: Vec<&&manifest::Object> = same_kind
        .iter()
        .filter(|h| h.name.as_deref().is_some_and(|n| rendered.contains(n)))
        .collect();
    let found = same_kind
        .iter()
        .find(|h| h.name == object.name)
        .or(match affixed.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
        .or(match same_kind.as_slice() {
            [one] => Some(one),
            _ => None,
        });
    match found {
        Some(h) => h.source.clone(),
        None => manifest::Source {
            file: file.display().to_string(),
            document: 0,
            line: 1,
        },
    }
}

fn read_plain(file: &InputFile, objects: &mut Vec<Placed>, errors: &mut Vec<Problem>) {
    match manifest::read_input(file) {
        Ok(text) => {
            let (o, mut p) = manifest::parse_file_values(&file.display(), &text);
            objects.extend(o.into_iter().map(|object| Placed { object, via: None }));
            errors.append(&mut p);
        }
        Err(p) => errors.push(p),
    }
}
