//! Streamed output of `kubectl abema deprecations`: every format is written while the scan
//! runs, so memory does not grow with the number of findings. This is the one part of the
//! module that writes (through [`Printer`]): a report that is never held whole cannot be
//! handed to [`Printer::report`].
//!
//! - JSON and YAML: the document's head (`schemaVersion`, `targetVersion`,
//!   `componentTargets`), then each finding as it comes, then `errors`, `skipped`, the
//!   cluster-mode fields, `notes`, and `summary` last (known only at the end).
//! - table, wide, Markdown: aligned per chunk of 1,000 rows (`output::RowStream`); CSV row by
//!   row.
//! - SARIF: the rules, then each result.
//! - JUnit: its root elements carry the counts, known only at the end, so the test cases are
//!   spooled to an unnamed temporary file and copied out after the header.
//!
//! Problems are printed on stderr as they come (`error: FILE:LINE: reason`) and kept for the
//! `errors` of JSON/YAML/JUnit (they are bounded by the inputs, not by the findings).

use std::collections::BTreeMap;
use std::io::{Read, Seek, Write};

use serde::Serialize;

use super::ci::{self, JunitCounts, SarifRules};
use super::{Event, Finding, Status, Summary, Table, Version, live};
use crate::error::{Error, Result};
use crate::manifest::{Problem, Skipped};
use crate::output::{OutputFormat, Printer, RowStream};

/// Buffered stdout text is written out in pieces of about this size.
const FLUSH_BYTES: usize = 64 * 1024;

/// The head of the JSON/YAML document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Head<'a> {
    pub schema_version: &'static str,
    pub target_version: Version,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub component_targets: &'a BTreeMap<String, Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<&'a live::ClusterInfo>,
}

/// What is known only at the end.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tail<'a> {
    errors: &'a [Problem],
    #[serde(skip_serializing_if = "<[Skipped]>::is_empty")]
    skipped: &'a [Skipped],
    #[serde(skip_serializing_if = "<[live::StaleAnnotation]>::is_empty")]
    stale_annotations: &'a [live::StaleAnnotation],
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_deprecated_apis: Option<&'a Vec<live::RequestedApi>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    summary: &'a Summary,
}

/// The cluster-mode parts of a report, written at the end.
#[derive(Default)]
pub struct Extras<'a> {
    pub stale_annotations: &'a [live::StaleAnnotation],
    pub requested_deprecated_apis: Option<&'a Vec<live::RequestedApi>>,
}

enum Sink {
    Json {
        any: bool,
    },
    Yaml {
        any: bool,
    },
    Rows(RowStream),
    Sarif {
        rules: SarifRules,
        tail: String,
        any: bool,
    },
    Junit {
        spool: std::fs::File,
        counts: JunitCounts,
        target: String,
    },
}

/// Writes one report while its events arrive.
pub struct Renderer<'a> {
    printer: &'a Printer,
    print_problems: bool,
    sink: Sink,
    out: String,
    pub summary: Summary,
    errors: Vec<Problem>,
    notes: Vec<String>,
}

impl<'a> Renderer<'a> {
    /// Starts the output; `print_problems` prints each problem on stderr as it arrives.
    pub fn new(printer: &'a Printer, head: &Head<'_>, print_problems: bool) -> Result<Self> {
        let mut out = String::new();
        let sink = match printer.format() {
            OutputFormat::Json => {
                let text = json_pretty(head)?;
                // `{ ...head fields... ,\n  "findings": [`
                out.push_str(text.trim_end().trim_end_matches('}').trim_end());
                out.push_str(",\n  \"findings\": [");
                Sink::Json { any: false }
            }
            OutputFormat::Yaml => {
                out.push_str(&yaml(head)?);
                Sink::Yaml { any: false }
            }
            OutputFormat::Sarif => {
                let rules = SarifRules::new(Table::embedded()?);
                let frame = ci::sarif_frame(&head.target_version.to_string(), &rules);
                let text = json_pretty(&frame)?;
                let marker = "\"results\": []";
                let cut = text
                    .find(marker)
                    .ok_or_else(|| Error::failure("cannot write SARIF"))?;
                out.push_str(&text[..cut]);
                out.push_str("\"results\": [");
                Sink::Sarif {
                    rules,
                    tail: text[cut + marker.len()..].to_string(),
                    any: false,
                }
            }
            OutputFormat::Junit => Sink::Junit {
                spool: tempfile::tempfile().map_err(|e| {
                    Error::failure("cannot create a temporary file for the JUnit report")
                        .caused_by(e)
                })?,
                counts: JunitCounts::default(),
                target: head.target_version.to_string(),
            },
            format => Sink::Rows(RowStream::new(format, headers(format))),
        };
        Ok(Self {
            printer,
            print_problems,
            sink,
            out,
            summary: Summary::default(),
            errors: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// Takes one event of the scan.
    pub fn event(&mut self, event: Event) -> Result<()> {
        match event {
            Event::Finding(f) => self.finding(&f)?,
            Event::Clean(o) => {
                if let Sink::Junit { spool, counts, .. } = &mut self.sink {
                    counts.tests += 1;
                    spool_write(spool, &ci::junit_clean(&o))?;
                }
            }
            Event::Problem(p) => {
                if self.print_problems {
                    self.printer
                        .problem(&p.location(), &p.message, p.hint.as_deref());
                }
                self.summary.errors += 1;
                self.errors.push(p);
            }
            Event::Note(n) => {
                self.printer.warning(&n);
                self.notes.push(n);
            }
        }
        if self.out.len() >= FLUSH_BYTES {
            self.printer.data_raw(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    fn finding(&mut self, f: &Finding) -> Result<()> {
        match (f.ignored.is_some(), f.status) {
            (true, _) => self.summary.ignored += 1,
            (false, Status::Removed) => self.summary.removed += 1,
            (false, Status::Deprecated) => self.summary.deprecated += 1,
            (false, Status::Upcoming) => self.summary.upcoming += 1,
        }
        match &mut self.sink {
            Sink::Json { any } => {
                self.out.push_str(if *any { ",\n" } else { "\n" });
                *any = true;
                indent_into(&json_pretty(f)?, "    ", &mut self.out);
            }
            Sink::Yaml { any } => {
                if !*any {
                    self.out.push_str("findings:\n");
                    *any = true;
                }
                self.out.push_str(&yaml(&[f])?);
            }
            Sink::Sarif { rules, any, .. } => {
                self.out.push_str(if *any { ",\n" } else { "\n" });
                *any = true;
                indent_into(
                    &json_pretty(&ci::sarif_result(f, rules))?,
                    "        ",
                    &mut self.out,
                );
            }
            Sink::Junit { spool, counts, .. } => {
                counts.finding(f);
                spool_write(spool, &ci::junit_finding(f))?;
            }
            Sink::Rows(rows) => {
                if f.ignored.is_none() {
                    rows.push(row(f, self.printer.format()), &mut self.out);
                }
            }
        }
        Ok(())
    }

    /// Writes the end of the output and the summary line; returns the summary.
    pub fn finish(
        mut self,
        files: usize,
        objects: usize,
        skipped: &[Skipped],
        extras: &Extras<'_>,
    ) -> Result<Summary> {
        self.summary.files = files;
        self.summary.objects = objects;
        self.summary.skipped = skipped.len();
        for s in skipped {
            self.printer
                .detail(&format!("skipped {}: {}", s.path, s.reason));
        }
        let tail = Tail {
            errors: &self.errors,
            skipped,
            stale_annotations: extras.stale_annotations,
            requested_deprecated_apis: extras.requested_deprecated_apis,
            notes: &self.notes,
            summary: &self.summary,
        };
        match &mut self.sink {
            Sink::Json { any } => {
                self.out.push_str(if *any { "\n  ]" } else { "]" });
                let text = json_pretty(&tail)?;
                // `{\n  "errors": ...\n}` -> `,\n  "errors": ...\n}`
                self.out.push(',');
                self.out.push_str(text.trim_start().trim_start_matches('{'));
                self.out.push('\n');
            }
            Sink::Yaml { any } => {
                if !*any {
                    self.out.push_str("findings: []\n");
                }
                self.out.push_str(&yaml(&tail)?);
            }
            Sink::Sarif { tail, any, .. } => {
                if *any {
                    self.out.push_str("\n      ]");
                } else {
                    self.out.push(']');
                }
                self.out.push_str(tail);
                self.out.push('\n');
            }
            Sink::Junit {
                spool,
                counts,
                target,
            } => {
                for e in &self.errors {
                    counts.tests += 1;
                    counts.errors += 1;
                    spool_write(spool, &ci::junit_error(e))?;
                }
                self.printer.data_raw(&ci::junit_header(target, counts))?;
                copy_spool(spool, self.printer)?;
                self.out.push_str(ci::JUNIT_FOOTER);
            }
            Sink::Rows(rows) => rows.finish(&mut self.out),
        }
        self.printer.data_raw(&self.out)?;
        self.out.clear();
        Ok(self.summary)
    }
}

fn headers(format: OutputFormat) -> Vec<&'static str> {
    let mut headers = vec![
        "NAME",
        "NAMESPACE",
        "KIND",
        "VERSION",
        "REPLACEMENT",
        "STATUS",
        "FILE:LINE",
    ];
    if wide(format) {
        headers.extend(["DEPRECATED IN", "REMOVED IN", "REPLACEMENT AVAILABLE IN"]);
    }
    headers
}

/// CSV is for machines: every column. Markdown (pull-request comments) stays narrow.
fn wide(format: OutputFormat) -> bool {
    matches!(format, OutputFormat::Wide | OutputFormat::Csv)
}

fn row(f: &Finding, format: OutputFormat) -> Vec<String> {
    let mut status = f.status.as_str().to_string();
    if f.templated {
        status.push_str(" (templated)");
    }
    let mut row = vec![
        f.name.clone().unwrap_or_default(),
        f.namespace.clone().unwrap_or_default(),
        f.kind.clone(),
        f.api_version.clone(),
        f.replacement.clone(),
        status,
        match (&f.evidence, f.line) {
            (Some(evidence), 0) => evidence.clone(),
            _ => format!("{}:{}", f.file, f.line),
        },
    ];
    if wide(format) {
        row.push(f.deprecated_in.to_string());
        row.push(f.removed_in.map(|v| v.to_string()).unwrap_or_default());
        row.push(
            f.replacement_available_in
                .map(|v| v.to_string())
                .unwrap_or_default(),
        );
    }
    row
}

fn json_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::failure("cannot render JSON output").caused_by(e))
}

fn yaml<T: Serialize>(value: &T) -> Result<String> {
    serde_saphyr::to_string(value)
        .map_err(|e| Error::failure("cannot render YAML output").caused_by(e))
}

/// Appends `text` with every line indented by `indent`.
fn indent_into(text: &str, indent: &str, out: &mut String) {
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
}

fn spool_write(spool: &mut std::fs::File, text: &str) -> Result<()> {
    spool
        .write_all(text.as_bytes())
        .map_err(|e| Error::failure("cannot write the JUnit report's temporary file").caused_by(e))
}

fn copy_spool(spool: &mut std::fs::File, printer: &Printer) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::failure("cannot read the JUnit report's temporary file").caused_by(e)
    };
    spool.rewind().map_err(fail)?;
    let mut buf = vec![0u8; FLUSH_BYTES];
    loop {
        let n = spool.read(&mut buf).map_err(fail)?;
        if n == 0 {
            return Ok(());
        }
        printer.data_bytes(&buf[..n])?;
    }
}
