//! JUnit XML for CI test reports (GitLab, Jenkins): `check -o junit`.

use std::io::Write;

use super::{Severity, Spooled};
use crate::error::Result;
use crate::manifest::Problem;

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: one test suite per check, one test case per finding (object and rule; errors
/// fail, warnings and notes are skipped with the message), one erroring case per unreadable
/// input. Written to `out` as the findings are read back from the spool.
pub fn write(
    out: &mut impl Write,
    checks: &[&'static str],
    findings: &Spooled,
    problems: &[Problem],
) -> Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubectl-abema check\">\n",
    )?;
    for check in checks {
        let (tests, failures) = findings.counts(check);
        writeln!(
            out,
            "  <testsuite name=\"{check}\" tests=\"{tests}\" failures=\"{failures}\">"
        )?;
        for f in findings.iter(Some(check)) {
            let f = f?;
            let tag = if f.severity == Severity::Error {
                "failure"
            } else {
                "skipped"
            };
            writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{} {}\">\n      <{tag} message=\"{}\"/>\n    </testcase>",
                xml(&f.rule_id()),
                xml(&f.object()),
                xml(&f.place()),
                xml(&f.message)
            )?;
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    writeln!(
        out,
        "  <testsuite name=\"inputs\" tests=\"{}\" errors=\"{}\">",
        problems.len(),
        problems.len()
    )?;
    for p in problems {
        writeln!(
            out,
            "    <testcase classname=\"input-error\" name=\"{}:{}\">\n      <error message=\"{}\"/>\n    </testcase>",
            xml(&p.file),
            p.line,
            xml(&p.message)
        )?;
    }
    out.write_all(b"  </testsuite>\n</testsuites>\n")?;
    Ok(())
}
