//! `nodepool select`: find the workload in a kustomization, answer the checklist, write the
//! pool's patch and its `patches:` entry, and prove the result with `kubectl kustomize`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::lint::WORKLOAD_KINDS;
use super::patch;
use super::pool::{NodepoolConfig, Pool, ShapeKind};
use super::requests;
use crate::error::{Error, Result};
use crate::kustomize::{self, PatchEntry};
use crate::manifest::{self, FullObject};

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerSource {
    Flag,
    Prompt,
    Inferred,
}

/// One answered question.
#[derive(Clone, Debug, Serialize)]
pub struct Answer<T> {
    pub value: T,
    pub source: AnswerSource,
    pub detail: String,
}

/// The three answers.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answers {
    pub mem_per_vcpu: Answer<ShapeKind>,
    pub reschedulable: Answer<bool>,
    pub nat: Answer<bool>,
}

impl Answers {
    pub fn pool(&self) -> Pool {
        Pool::new(
            self.nat.value,
            self.mem_per_vcpu.value,
            self.reschedulable.value,
        )
    }
}

/// The workload as found in the rendered kustomization.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub api_version: String,
    #[serde(skip)]
    pub value: Value,
}

/// The kustomization file of `dir`, or an error with a hint.
fn kustomization_file(dir: &Path) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(Error::failure(format!(
            "{}: no such directory",
            dir.display()
        )));
    }
    kustomize::find_file(dir).ok_or_else(|| {
        Error::failure(format!("{}: no kustomization.yaml", dir.display())).with_hint(
            "run it in (or name) the overlay directory whose kustomization.yaml deploys the workload",
        )
    })
}

/// Renders `dir` and returns its objects.
fn rendered_objects(dir: &Path) -> Result<Vec<FullObject>> {
    let text = kustomize::render(dir)?;
    let label = format!("{} (rendered)", dir.display());
    let (objects, problems) = manifest::parse_file_values(&label, &text);
    if let Some(p) = problems.first() {
        return Err(Error::failure(format!("{}: {}", p.location(), p.message)));
    }
    Ok(objects)
}

/// Finds the one workload of `kind` named `name`.
fn find_workload(objects: &[FullObject], kind: &str, name: &str, dir: &Path) -> Result<Workload> {
    let matches: Vec<&FullObject> = objects
        .iter()
        .filter(|o| o.object.kind == kind && o.object.name.as_deref() == Some(name))
        .collect();
    match matches.as_slice() {
        [one] => {
            let w = Workload {
                kind: kind.to_string(),
                name: name.to_string(),
                namespace: one.object.namespace.clone(),
                api_version: one.object.api_version.clone(),
                value: one.value.clone(),
            };
            if w.api_version != "apps/v1" {
                return Err(Error::failure(format!(
                    "{kind} {name} is {}; node-pool patches target apps/v1",
                    w.api_version
                ))
                .with_hint(format!(
                    "migrate it to apps/v1 first: kubectl abema deprecations {}",
                    dir.display()
                )));
            }
            Ok(w)
        }
        [] => {
            let existing: Vec<String> = objects
                .iter()
                .filter(|o| WORKLOAD_KINDS.contains(&o.object.kind.as_str()))
                .map(|o| {
                    format!(
                        "{}/{}",
                        o.object.kind,
                        o.object.name.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            let hint = if existing.is_empty() {
                "it renders no Deployment or StatefulSet".to_string()
            } else {
                format!("workloads in {}: {}", dir.display(), existing.join(", "))
            };
            Err(
                Error::failure(format!("{kind} {name} not found in {}", dir.display()))
                    .with_hint(hint),
            )
        }
        many => {
            let namespaces: Vec<&str> = many
                .iter()
                .map(|o| o.object.namespace.as_deref().unwrap_or("<none>"))
                .collect();
            Err(Error::failure(format!(
                "{} workloads named {kind} {name} in {} (namespaces {}); one patch entry would select all of them",
                many.len(),
                dir.display(),
                namespaces.join(", ")
            ))
            .with_hint("rename one, or select the pool in the overlay that renders only one"))
        }
    }
}

/// Question 1 from the workload's effective requests.
pub fn infer_shape(cfg: &NodepoolConfig, workload: &Workload) -> Result<Answer<ShapeKind>> {
    let spec = &workload.value["spec"]["template"]["spec"];
    let (req, errors) = requests::effective(spec);
    if let Some(e) = errors.first() {
        return Err(Error::failure(format!(
            "{} {}: {e}",
            workload.kind, workload.name
        )));
    }
    if !req.has_cpu || req.total.cpu_milli == 0 {
        return Err(Error::failure(format!(
            "cannot infer memory per vCPU: {} {} has no CPU request",
            workload.kind, workload.name
        ))
        .with_hint("set resources.requests.cpu and memory on its containers, or answer with --cpu or --mem"));
    }
    let ratio = req.total.gib_per_vcpu().unwrap_or(0.0);
    let value = if ratio <= cfg.max_gib_per_vcpu_on_cpu {
        ShapeKind::Cpu
    } else {
        ShapeKind::Mem
    };
    Ok(Answer {
        value,
        source: AnswerSource::Inferred,
        detail: format!(
            "effective requests {} = {ratio:.2} GiB per vCPU ({} {} GiB)",
            req.total,
            if value == ShapeKind::Cpu { "<=" } else { ">" },
            cfg.max_gib_per_vcpu_on_cpu
        ),
    })
}

/// Signs that a workload does not tolerate being rescheduled (hints, never answers).
fn reschedule_hints(workload: &Workload, objects: &[FullObject]) -> Vec<String> {
    let mut hints = Vec::new();
    let template = &workload.value["spec"]["template"];
    let safe =
        &template["metadata"]["annotations"]["cluster-autoscaler.kubernetes.io/safe-to-evict"];
    if safe.as_str() == Some("false") {
        hints.push(
            "the pods are annotated cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\""
                .into(),
        );
    }
    if workload.value["spec"]["replicas"].as_u64() == Some(1) {
        hints.push("replicas: 1 (an eviction is an outage)".into());
    }
    let labels = template["metadata"]["labels"].as_object();
    for o in objects
        .iter()
        .filter(|o| o.object.kind == "PodDisruptionBudget")
    {
        let selector = o.value["spec"]["selector"]["matchLabels"].as_object();
        let selects = match (selector, labels) {
            (Some(sel), Some(labels)) => {
                !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v))
            }
            _ => false,
        };
        let zero = matches!(&o.value["spec"]["maxUnavailable"], Value::Number(n) if n.as_u64() == Some(0))
            || o.value["spec"]["maxUnavailable"].as_str() == Some("0%");
        if selects && zero && o.object.namespace == workload.namespace {
            hints.push(format!(
                "PodDisruptionBudget {} has maxUnavailable: 0",
                o.object.name.as_deref().unwrap_or("?")
            ));
        }
    }
    hints
}

/// A planned change: the files to write and the kustomization diff.
#[derive(Debug)]
pub struct Plan {
    pub patch_path: PathBuf,
    pub patch_text: String,
    pub kustomization_path: PathBuf,
    pub kustomization_before: String,
    pub kustomization_after: String,
    pub replaced: usize,
    pub warnings: Vec<String>,
}

/// Plans the edit of `dir` for `pool` (nothing is written).
fn plan(dir: &Path, cfg: &NodepoolConfig, pool: Pool, workload: &Workload) -> Result<Plan> {
    let kustomization_path = kustomization_file(dir)?;
    let before = std::fs::read_to_string(&kustomization_path)
        .map_err(|e| Error::io(&kustomization_path, "read", &e))?;
    let parsed = kustomize::parse(&kustomization_path, &before)?;
    let mut warnings = Vec::new();
    if !parsed["patchesStrategicMerge"].is_null() {
        warnings.push(format!(
            "{}: 'patchesStrategicMerge' is deprecated since kustomize v5; it keeps working, the node pool goes under 'patches:' (`kustomize edit fix` converts the rest)",
            kustomization_path.display()
        ));
    }
    let rel = cfg.patch_path(pool);
    let entry = PatchEntry {
        path: rel.clone(),
        group: "apps".into(),
        version: "v1".into(),
        kind: workload.kind.clone(),
        name: workload.name.clone(),
    };
    let prefix = format!("{}/", cfg.patch_dir.trim_end_matches('/'));
    let ours = |p: &Value| {
        p["path"].as_str().is_some_and(|s| s.starts_with(&prefix))
            && p["target"]["kind"].as_str() == Some(workload.kind.as_str())
            && p["target"]["name"].as_str() == Some(workload.name.as_str())
    };
    let edit = kustomize::upsert_patch(&kustomization_path, &before, &entry, ours)?;
    Ok(Plan {
        patch_path: dir.join(rel),
        patch_text: patch::render(cfg, pool),
        kustomization_path,
        kustomization_before: before,
        kustomization_after: edit.text,
        replaced: edit.replaced,
        warnings,
    })
}

/// The workload `nodepool select` wires, as found in the rendered kustomization, with the
/// hints for its rescheduling question.
#[derive(Debug)]
pub struct Found {
    pub workload: Workload,
    pub hints: Vec<String>,
}

/// Renders `dir` and finds the workload `kind`/`name` in it.
pub fn find(dir: &Path, kind: &str, name: &str) -> Result<Found> {
    kustomization_file(dir)?;
    let objects = rendered_objects(dir)?;
    let workload = find_workload(&objects, kind, name, dir)?;
    let hints = reschedule_hints(&workload, &objects);
    Ok(Found { workload, hints })
}

/// What `nodepool select` did (or, with `dry_run`, would do).
#[derive(Debug)]
pub struct Selection<'a> {
    pub dir: &'a Path,
    pub cfg: &'a NodepoolConfig,
    pub workload: Workload,
    pub answers: Answers,
    pub plan: Plan,
    pub dry_run: bool,
}

/// Plans the edit of `dir` for the answers' pool and, unless `dry_run`, writes and verifies
/// it ([`apply`]).
pub fn wire<'a>(
    dir: &'a Path,
    cfg: &'a NodepoolConfig,
    workload: Workload,
    answers: Answers,
    dry_run: bool,
) -> Result<Selection<'a>> {
    let pool = answers.pool();
    let plan = plan(dir, cfg, pool, &workload)?;
    if !dry_run {
        apply(dir, cfg, pool, &workload, &plan)?;
    }
    Ok(Selection {
        dir,
        cfg,
        workload,
        answers,
        plan,
        dry_run,
    })
}

/// Writes a plan, renders the kustomization again and checks the workload now carries exactly
/// the pool's affinity and priority class; on any failure the files are restored.
fn apply(
    dir: &Path,
    cfg: &NodepoolConfig,
    pool: Pool,
    workload: &Workload,
    plan: &Plan,
) -> Result<()> {
    let old_patch = std::fs::read(&plan.patch_path).ok();
    crate::atomic::write(
        &plan.patch_path,
        plan.patch_text.as_bytes(),
        crate::atomic::Mode::Public,
    )?;
    let result = crate::atomic::write(
        &plan.kustomization_path,
        plan.kustomization_after.as_bytes(),
        crate::atomic::Mode::Public,
    )
    .and_then(|()| verify(dir, cfg, pool, workload));
    if let Err(err) = result {
        let _ = crate::atomic::write(
            &plan.kustomization_path,
            plan.kustomization_before.as_bytes(),
            crate::atomic::Mode::Public,
        );
        match old_patch {
            Some(bytes) => {
                let _ = crate::atomic::write(&plan.patch_path, &bytes, crate::atomic::Mode::Public);
            }
            None => {
                let _ = std::fs::remove_file(&plan.patch_path);
            }
        }
        return Err(err.with_hint("nothing was changed: the files were restored"));
    }
    Ok(())
}

fn verify(dir: &Path, cfg: &NodepoolConfig, pool: Pool, workload: &Workload) -> Result<()> {
    let objects = rendered_objects(dir)?;
    let found = find_workload(objects.as_slice(), &workload.kind, &workload.name, dir)?;
    let spec = &found.value["spec"]["template"]["spec"];
    let got = patch::identify(cfg, spec);
    let pc = spec["priorityClassName"].as_str();
    if got != Some(pool) || pc != Some(cfg.priority_class(pool).name.as_str()) {
        return Err(Error::failure(format!(
            "after kubectl kustomize {}, {} {} does not carry pool {} (affinity: {}, priorityClassName: {})",
            dir.display(),
            workload.kind,
            workload.name,
            cfg.name(pool),
            got.map(|p| cfg.name(p)).unwrap_or_else(|| "not canonical".into()),
            pc.unwrap_or("none")
        ))
        .with_hint("another patch applied after ours may overwrite the affinity; check the kustomization's patches and components"));
    }
    Ok(())
}
