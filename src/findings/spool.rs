//! Findings on their way to the printer. `check` writes each finding to an unlinked temporary
//! file as it is found (one file per check, so the report keeps its order: every check's
//! findings together, in the order they were found) and the printer reads them back one at a
//! time: a run holds counts, not findings, and its memory does not grow with them.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq};

use super::{Finding, Severity};
use crate::error::{Error, Result};

/// Findings being written, one shelf per check.
pub struct Spool {
    shelves: Vec<Shelf<BufWriter<File>>>,
    rules: BTreeSet<String>,
}

/// The findings written, read back in check order.
pub struct Spooled {
    shelves: Vec<Shelf<File>>,
    rules: BTreeSet<String>,
}

struct Shelf<F> {
    check: &'static str,
    file: F,
    findings: usize,
    errors: usize,
}

fn spool_error(e: impl std::fmt::Display) -> Error {
    Error::failure("cannot spool the findings to a temporary file")
        .caused_by(e)
        .with_hint(
            "check that the temporary directory ($TMPDIR, else /tmp) is writable and has space",
        )
}

impl Spool {
    /// A spool for the findings of `checks`, in that order.
    pub fn new(checks: &[&'static str]) -> Result<Self> {
        let shelves = checks
            .iter()
            .map(|&check| {
                Ok(Shelf {
                    check,
                    file: BufWriter::new(tempfile::tempfile().map_err(spool_error)?),
                    findings: 0,
                    errors: 0,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            shelves,
            rules: BTreeSet::new(),
        })
    }

    /// Writes one finding to its check's shelf.
    pub fn push(&mut self, f: &Finding) -> Result<()> {
        let Some(shelf) = self.shelves.iter_mut().find(|s| s.check == f.check) else {
            return Err(Error::failure(format!(
                "internal error: a finding of the unknown check {:?}",
                f.check
            )));
        };
        serde_json::to_writer(&mut shelf.file, f).map_err(spool_error)?;
        shelf.file.write_all(b"\n").map_err(spool_error)?;
        shelf.findings += 1;
        shelf.errors += usize::from(f.severity == Severity::Error);
        if !self.rules.contains(&f.rule_id()) {
            self.rules.insert(f.rule_id());
        }
        Ok(())
    }

    /// The findings of one check so far.
    pub fn count(&self, check: &str) -> usize {
        self.shelves
            .iter()
            .find(|s| s.check == check)
            .map_or(0, |s| s.findings)
    }

    /// The findings of one check so far that are errors (they fail the check).
    pub fn errors(&self, check: &str) -> usize {
        self.shelves
            .iter()
            .find(|s| s.check == check)
            .map_or(0, |s| s.errors)
    }

    /// Flushes every shelf, for reading.
    pub fn finish(self) -> Result<Spooled> {
        let shelves = self
            .shelves
            .into_iter()
            .map(|s| {
                Ok(Shelf {
                    check: s.check,
                    file: s.file.into_inner().map_err(|e| spool_error(e.error()))?,
                    findings: s.findings,
                    errors: s.errors,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Spooled {
            shelves,
            rules: self.rules,
        })
    }
}

impl Spooled {
    /// Every finding.
    pub fn len(&self) -> usize {
        self.shelves.iter().map(|s| s.findings).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The findings of one check, and how many of them are errors.
    pub fn counts(&self, check: &str) -> (usize, usize) {
        self.shelves
            .iter()
            .find(|s| s.check == check)
            .map_or((0, 0), |s| (s.findings, s.errors))
    }

    /// The `check/rule` ids that have a finding.
    pub fn rules(&self) -> &BTreeSet<String> {
        &self.rules
    }

    /// The findings of `check` (all of them with `None`), read back one at a time. One reader
    /// at a time: the shelves' read positions are shared.
    pub fn iter<'a>(
        &'a self,
        check: Option<&'a str>,
    ) -> impl Iterator<Item = Result<Finding>> + 'a {
        self.shelves
            .iter()
            .filter(move |s| check.is_none_or(|c| c == s.check))
            .flat_map(|s| {
                let mut file = &s.file;
                let rewound = file.rewind().map_err(spool_error);
                let lines = rewound
                    .is_ok()
                    .then(|| BufReader::new(file).lines().take(s.findings))
                    .into_iter()
                    .flatten()
                    .map(move |line| {
                        let line = line.map_err(spool_error)?;
                        let mut f: Finding = serde_json::from_str(&line).map_err(spool_error)?;
                        f.check = s.check;
                        Ok(f)
                    });
                rewound.err().map(Err).into_iter().chain(lines)
            })
    }
}

/// Serialises as the sequence of every finding ([`Finding::public`]: with its help URL), read
/// back as it is written out.
impl Serialize for Spooled {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for f in self.iter(None) {
            seq.serialize_element(&f.map_err(S::Error::custom)?.public())?;
        }
        seq.end()
    }
}

impl Spooled {
    /// A spool holding `findings` (tests and small reports).
    #[cfg(test)]
    pub fn of(checks: &[&'static str], findings: &[Finding]) -> Result<Self> {
        let mut spool = Spool::new(checks)?;
        for f in findings {
            spool.push(f)?;
        }
        spool.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::tests::finding;

    #[test]
    fn reads_back_in_check_order_with_counts() {
        let found = [
            finding("nodepool", Severity::Error),
            finding("deprecations", Severity::Note),
            finding("nodepool", Severity::Warning),
        ];
        let spooled = Spooled::of(&["deprecations", "nodepool", "rbac"], &found).expect("spool");
        let back: Vec<Finding> = spooled.iter(None).collect::<Result<_>>().expect("read");
        assert_eq!(back, [found[1].clone(), found[0].clone(), found[2].clone()]);
        assert_eq!(spooled.counts("nodepool"), (2, 1));
        assert_eq!(spooled.counts("rbac"), (0, 0));
        // A second reading gives the same.
        assert_eq!(spooled.iter(Some("nodepool")).count(), 2);
        let public: Vec<_> = back.iter().map(Finding::public).collect();
        assert_eq!(
            serde_json::to_value(&spooled).expect("json"),
            serde_json::to_value(&public).expect("json")
        );
        // The spool holds no URL; the report has one per finding, from the rule id.
        let mut stored = Vec::new();
        serde_json::to_writer(&mut stored, &back[0]).expect("json");
        assert!(!String::from_utf8_lossy(&stored).contains("helpUri"));
        let out = serde_json::to_value(&spooled).expect("json");
        assert_eq!(out[0]["helpUri"], back[0].help_uri());
        assert!(
            Spool::new(&["rbac"])
                .expect("spool")
                .push(&found[0])
                .is_err()
        );
    }
}
