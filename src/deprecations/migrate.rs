//! `deprecations --fix` over files: scan, convert each file that has findings with
//! [`super::fix::fix_text`], write it atomically (or, with `dry_run`, diff it), then scan again
//! so the exit status says what is left.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Finding, ScanOptions, Status, Summary, Table, fix, scan_with};
use crate::error::{Error, Result};
use crate::manifest::{Problem, WalkOptions};

/// What `--fix` works on.
#[derive(Debug)]
pub struct FixOptions<'a> {
    pub paths: &'a [PathBuf],
    pub walk: &'a WalkOptions,
    pub table: &'a Table,
    pub options: &'a ScanOptions,
    /// Print a unified diff instead of writing.
    pub dry_run: bool,
}

/// What `--fix` did.
#[derive(Debug)]
pub struct Migration {
    /// The inputs the scan before fixing could not read.
    pub errors: Vec<Problem>,
    /// The counts of the scan before fixing.
    pub before: Summary,
    /// One line per object converted or left, and the diffs of a dry run.
    pub text: String,
    /// The conversions' notes, `FILE:LINE: note`.
    pub warnings: Vec<String>,
    pub fixed: usize,
    pub left: usize,
    pub dry_run: bool,
    /// The scan after writing (`None` for a dry run, which wrote nothing).
    pub after: Option<Summary>,
}

/// Converts what can be converted, file by file, atomically; then scans again.
pub fn migrate(o: &FixOptions<'_>) -> Result<Migration> {
    if o.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::usage("--fix rewrites files; it cannot take stdin")
            .with_hint("save the manifests to a file first"));
    }
    let scan = scan_with(o.paths, o.walk, o.table, o.options);
    let mut m = Migration {
        text: String::new(),
        warnings: Vec::new(),
        fixed: 0,
        left: 0,
        dry_run: o.dry_run,
        after: None,
        errors: Vec::new(),
        before: Summary::default(),
    };
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in scan
        .findings
        .iter()
        .filter(|f| f.ignored.is_none() && f.status != Status::Upcoming)
    {
        // A template is not YAML to edit: its source is changed by hand.
        if f.templated {
            m.text.push_str(&format!(
                "not fixed {}:{} {} {} ({}): an unrendered template; change its apiVersion line by hand\n",
                f.file,
                f.line,
                f.kind,
                f.name.as_deref().unwrap_or_default(),
                f.api_version
            ));
            m.left += 1;
            continue;
        }
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    for (file, findings) in by_file {
        fix_file(file, &findings, &mut m)?;
    }
    m.errors = scan.errors;
    m.before = scan.summary;
    if !o.dry_run {
        m.after = Some(scan_with(o.paths, o.walk, o.table, o.options).summary);
    }
    Ok(m)
}

/// Converts one file's findings, recording what was done in `m`.
fn fix_file(file: &str, findings: &[&Finding], m: &mut Migration) -> Result<()> {
    let path = Path::new(file);
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read", &e))?;
    let lines: Vec<(String, String, Option<String>, usize)> = findings
        .iter()
        .map(|f| {
            (
                f.api_version.clone(),
                f.kind.clone(),
                f.name.clone(),
                f.line,
            )
        })
        .collect();
    let wanted = |api: &str, kind: &str| {
        findings
            .iter()
            .find(|f| f.api_version == api && f.kind == kind)
            .map(|f| f.replacement.clone())
    };
    let result = fix::fix_text(file, &text, &wanted, &lines)?;
    for c in &result.changes {
        m.text.push_str(&format!(
            "fixed {file}:{} {} {}: {} -> {}\n",
            c.line, c.kind, c.name, c.from, c.to
        ));
        for note in &c.notes {
            m.warnings.push(format!("{file}:{}: {note}", c.line));
        }
    }
    for s in &result.skipped {
        m.text.push_str(&format!(
            "not fixed {file}:{} {} {} ({}): {}\n",
            s.line, s.kind, s.name, s.api_version, s.reason
        ));
    }
    m.fixed += result.changes.len();
    m.left += result.skipped.len();
    if result.changes.is_empty() {
        return Ok(());
    }
    // Never write a file that no longer reads.
    let check = crate::manifest::parse_file(file, &result.text);
    if let Some(p) = check.problems.first() {
        return Err(Error::failure(format!(
            "{file}: the converted file would not parse ({}); nothing written",
            p.message
        )));
    }
    if m.dry_run {
        let diff = similar::TextDiff::from_lines(&text, &result.text);
        m.text.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(file, file)
                .to_string(),
        );
    } else {
        crate::atomic::write(path, result.text.as_bytes(), crate::atomic::Mode::Public)?;
    }
    Ok(())
}
