//! Which objects `nodepool check` judges for a path: a kustomization directory is rendered; a
//! tree is searched for its overlays (kustomizations no other one includes), which are
//! rendered, plus the plain manifests outside any kustomization; a file or `-` is read as is.
//! Rendering failures become problems naming the kustomization, like unreadable files.

use std::path::Path;

use super::select;
use crate::error::Result;
use crate::kustomize;
use crate::manifest::{self, FullObject, InputFile, Problem};

/// What to read for a path: rendered overlays and plain manifest files.
pub fn collect(
    path: &Path,
    objects: &mut Vec<FullObject>,
    errors: &mut Vec<Problem>,
) -> Result<()> {
    let render = |dir: &Path, objects: &mut Vec<FullObject>, errors: &mut Vec<Problem>| {
        match select::rendered_objects(dir) {
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
    };
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

fn read_plain(file: &InputFile, objects: &mut Vec<FullObject>, errors: &mut Vec<Problem>) {
    match manifest::read_input(file) {
        Ok(text) => {
            let (mut o, mut p) = manifest::parse_file_values(&file.display(), &text);
            objects.append(&mut o);
            errors.append(&mut p);
        }
        Err(p) => errors.push(p),
    }
}
