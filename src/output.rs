//! All printing goes through here: data to stdout, status and diagnostics to stderr.
//!
//! Commands build plain data (rows, serialisable reports) and hand it to a [`Printer`], which
//! renders it in the format chosen with `-o` and applies `--color` and `-q`. Nothing else in the
//! crate prints (enforced by `clippy::print_stdout`/`print_stderr`). A domain operation's
//! result implements [`Report`], and [`Printer::report`] prints it the same way for every
//! command.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::{Padding, Style};

use crate::error::{Error, ExitStatus, Result};
use crate::manifest::Problem;

/// `-o/--output`: how data is printed on stdout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people (the default).
    #[default]
    Table,
    /// The table with more columns.
    Wide,
    /// A versioned JSON document (see the README for each schema).
    Json,
    /// The JSON document as YAML.
    Yaml,
    /// A GitHub-flavoured Markdown table (for pull-request comments).
    Markdown,
    /// Comma-separated values with a header row.
    Csv,
    /// JUnit XML, one test case per object (check and deprecations).
    Junit,
    /// SARIF 2.1.0 for code-scanning UIs (check and deprecations).
    Sarif,
}

impl OutputFormat {
    /// The name `-o` takes (`json`, `sarif`).
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

    /// Every format: the CI reports too.
    pub const REPORTS: &'static [OutputFormat] = &[
        Self::Table,
        Self::Wide,
        Self::Json,
        Self::Yaml,
        Self::Markdown,
        Self::Csv,
        Self::Junit,
        Self::Sarif,
    ];
    /// Rows (a table, Markdown, CSV) or a document (JSON, YAML).
    pub const ROWS: &'static [OutputFormat] = &[
        Self::Table,
        Self::Wide,
        Self::Json,
        Self::Yaml,
        Self::Markdown,
        Self::Csv,
    ];
    /// Prose for people, or a document.
    pub const DOCUMENT: &'static [OutputFormat] = &[Self::Table, Self::Json, Self::Yaml];
    /// Text (a patch, a diff, a script) or files, nothing else.
    pub const TEXT: &'static [OutputFormat] = &[Self::Table];

    /// Whether the format is a machine contract (JSON/YAML) rather than rows.
    pub fn is_document(self) -> bool {
        matches!(self, OutputFormat::Json | OutputFormat::Yaml)
    }

    /// Whether the format is a CI report only `check` and `deprecations` write.
    pub fn is_ci_report(self) -> bool {
        matches!(self, OutputFormat::Junit | OutputFormat::Sarif)
    }
}

/// `--color`: when to colour diagnostics on stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Rows with a header, rendered as a table, Markdown or CSV.
#[derive(Debug, Default)]
pub struct Rows {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// What a report prints before its data, in every format.
#[derive(Debug)]
pub enum Notice {
    /// `warning: ...` on stderr.
    Warning(String),
    /// `note: ...` on stderr.
    Note(String),
}

/// One piece of what a report prints in the formats that are not a document, in order.
#[derive(Debug)]
pub enum Block {
    /// Text on stdout (a trailing newline is added when missing; empty text prints nothing).
    Text(String),
    /// Rows on stdout, as a table, Markdown or CSV.
    Rows(Rows),
    /// A status line on stderr (silenced by `-q`).
    Status(String),
    /// `note: ...` on stderr.
    Note(String),
}

/// The result of a command's operation, as [`Printer::report`] prints it: the problems, the
/// notices, then the document (JSON, YAML) or the blocks and the summary line.
pub trait Report {
    /// The `-o` formats the report is written in. Any other is refused as a usage error
    /// (exit 2) before the command runs (`commands::run` reads this table).
    const FORMATS: &'static [OutputFormat];

    /// Inputs that could not be read: `error: FILE:LINE: reason` on stderr, first.
    fn problems(&self) -> &[Problem] {
        &[]
    }

    /// Warnings and notes on stderr, after the problems, in every format.
    fn notices(&self) -> Vec<Notice> {
        Vec::new()
    }

    /// The JSON/YAML document.
    fn document(&self) -> impl Serialize + '_;

    /// What the other formats print, in order.
    fn blocks(&self, format: OutputFormat) -> Result<Vec<Block>>;

    /// The status line on stderr that ends the output of the formats that are not a document.
    fn summary_line(&self) -> Option<String> {
        None
    }

    /// The command's exit status; `ignore_errors` is `--ignore-errors`.
    fn exit_status(&self, ignore_errors: bool) -> ExitStatus;
}

/// The one place that writes to stdout and stderr.
#[derive(Debug)]
pub struct Printer {
    format: OutputFormat,
    color: bool,
    quiet: bool,
    verbose: u8,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

impl Printer {
    /// `no_color_env` is whether `NO_COLOR` is set to a non-empty value, `dumb_term` whether
    /// `TERM=dumb` (read by [`crate::context::Ctx`], the only reader of the environment).
    pub fn new(
        format: OutputFormat,
        color: ColorChoice,
        quiet: bool,
        verbose: u8,
        no_color_env: bool,
        dumb_term: bool,
    ) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stderr().is_terminal() && !no_color_env && !dumb_term,
        };
        Self {
            format,
            color,
            quiet,
            verbose,
        }
    }

    /// A printer for errors that happen before the options are resolved.
    pub fn fallback() -> Self {
        Self::new(
            OutputFormat::Table,
            ColorChoice::Never,
            false,
            0,
            true,
            false,
        )
    }

    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Whether `-q` was given (commands whose whole output is a success line skip it).
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    pub fn verbose(&self) -> u8 {
        self.verbose
    }

    /// Writes text to stdout as it is (a trailing newline is added when missing).
    pub fn data(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()?;
        Ok(())
    }

    /// Writes text to stdout exactly as it is (streamed output written in pieces).
    pub fn data_raw(&self, text: &str) -> Result<()> {
        self.data_bytes(text.as_bytes())
    }

    /// Writes bytes to stdout as they are (a spooled report copied out).
    pub fn data_bytes(&self, bytes: &[u8]) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(())
    }

    /// Writes a serialisable document in the JSON or YAML format chosen with `-o`, as it is
    /// serialised.
    pub fn document<T: Serialize>(&self, value: &T) -> Result<()> {
        if self.format != OutputFormat::Yaml {
            return self.json(value);
        }
        self.write_with(|out| {
            serde_saphyr::to_io_writer(out, value).map_err(|e| match e {
                serde_saphyr::SerializeError::IO { error } => Error::from(error),
                e => Error::failure("cannot render YAML output").caused_by(e),
            })
        })
    }

    /// Hands `write` a buffered stdout, then flushes it.
    pub fn write_with(
        &self,
        write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> Result<()>,
    ) -> Result<()> {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
        Ok(())
    }

    /// Writes pretty JSON to stdout as it is serialised: a large report is never held twice.
    pub fn json<T: Serialize>(&self, value: &T) -> Result<()> {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut out, value).map_err(|e| {
            if e.is_io() {
                Error::from(std::io::Error::from(e))
            } else {
                Error::failure("cannot render JSON output").caused_by(e)
            }
        })?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }

    /// Writes rows as a table, Markdown or CSV depending on `-o`.
    pub fn rows(&self, rows: &Rows) -> Result<()> {
        let text = match self.format {
            OutputFormat::Markdown => render_markdown(rows),
            OutputFormat::Csv => render_csv(rows),
            _ => render_table(rows),
        };
        self.data(&text)
    }

    /// Prints a report: its problems and notices, then its document (JSON, YAML) or its blocks
    /// and summary line; returns its exit status.
    pub fn report<R: Report>(&self, report: &R, ignore_errors: bool) -> Result<ExitStatus> {
        debug_assert!(
            R::FORMATS.contains(&self.format),
            "commands::run refuses an -o the report does not write"
        );
        self.problems(report.problems());
        for notice in report.notices() {
            match notice {
                Notice::Warning(w) => self.warning(&w),
                Notice::Note(n) => self.note(&n),
            }
        }
        if self.format.is_document() {
            self.document(&report.document())?;
        } else {
            for block in report.blocks(self.format)? {
                match block {
                    Block::Text(text) => self.data(&text)?,
                    Block::Rows(rows) => self.rows(&rows)?,
                    Block::Status(line) => self.status(&line),
                    Block::Note(note) => self.note(&note),
                }
            }
            if let Some(line) = report.summary_line() {
                self.status(&line);
            }
        }
        Ok(report.exit_status(ignore_errors))
    }

    /// A status line on stderr (silenced by `-q`).
    pub fn status(&self, message: &str) {
        if !self.quiet {
            self.stderr_line(None, message);
        }
    }

    /// A detail line on stderr, shown only with `-v`.
    pub fn detail(&self, message: &str) {
        if self.verbose > 0 && !self.quiet {
            self.stderr_line(None, message);
        }
    }

    /// `warning: ...` on stderr (silenced by `-q`).
    pub fn warning(&self, message: &str) {
        if !self.quiet {
            self.stderr_line(Some(("warning", YELLOW)), message);
        }
    }

    /// `note: ...` on stderr (silenced by `-q`): something the user should know that is not
    /// wrong, such as a weaker guarantee than usual.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            self.stderr_line(Some(("note", CYAN)), message);
        }
    }

    /// A problem with one input: `error: FILE:LINE: reason` and an optional hint. Never silenced.
    pub fn problem(&self, location: &str, message: &str, hint: Option<&str>) {
        self.stderr_line(Some(("error", RED)), &format!("{location}: {message}"));
        if let Some(hint) = hint {
            self.stderr_line(Some(("hint", CYAN)), hint);
        }
    }

    /// [`Printer::problem`] for every input that could not be read.
    pub fn problems(&self, problems: &[Problem]) {
        for p in problems {
            self.problem(&p.location(), &p.message, p.hint.as_deref());
        }
    }

    /// The final error of a command: `error:`, `caused by:` and `hint:` lines. Never silenced.
    pub fn error(&self, err: &Error) {
        self.stderr_line(Some(("error", RED)), err.message());
        for cause in err.causes() {
            self.stderr_line(Some(("caused by", "")), cause);
        }
        for hint in err.hints() {
            self.stderr_line(Some(("hint", CYAN)), hint);
        }
    }

    fn stderr_line(&self, label: Option<(&str, &str)>, message: &str) {
        let line = match label {
            Some((label, style)) if self.color && !style.is_empty() => {
                format!("{style}{label}:{RESET} {message}\n")
            }
            Some((label, _)) => format!("{label}: {message}\n"),
            None => format!("{message}\n"),
        };
        // A closed stderr is not worth failing for: there is nobody left to tell.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// How many rows a streamed table aligns at once (see [`RowStream`]).
pub const CHUNK_ROWS: usize = 1000;

/// Rows written as they come, so memory does not grow with their number: CSV row by row; a
/// table (and Markdown) aligned per chunk of [`CHUNK_ROWS`] rows. A column is as wide as the
/// widest cell seen so far, never narrower than in an earlier chunk, so up to 1,000 rows
/// print exactly as [`Printer::rows`] does, and a longer listing only ever widens to the
/// right at a chunk boundary.
#[derive(Debug)]
pub struct RowStream {
    format: OutputFormat,
    headers: Vec<&'static str>,
    widths: Vec<usize>,
    pending: Vec<Vec<String>>,
    started: bool,
}

impl RowStream {
    pub fn new(format: OutputFormat, headers: Vec<&'static str>) -> Self {
        let widths = headers.iter().map(|h| width(h)).collect();
        Self {
            format,
            headers,
            widths,
            pending: Vec::new(),
            started: false,
        }
    }

    /// Adds a row; text that is ready to print is appended to `out`.
    pub fn push(&mut self, row: Vec<String>, out: &mut String) {
        if self.format == OutputFormat::Csv {
            if !self.started {
                self.started = true;
                csv_line(self.headers.iter().copied(), out);
            }
            csv_line(row.iter().map(String::as_str), out);
            return;
        }
        self.pending.push(row);
        if self.pending.len() >= CHUNK_ROWS {
            self.flush(out);
        }
    }

    /// Appends what is still pending to `out`.
    pub fn finish(&mut self, out: &mut String) {
        self.flush(out);
    }

    fn cell(&self, c: &str) -> String {
        match self.format {
            OutputFormat::Markdown => c.replace('|', "\\|"),
            _ if c.is_empty() => "-".to_string(),
            _ => c.to_string(),
        }
    }

    fn flush(&mut self, out: &mut String) {
        if self.pending.is_empty() {
            return;
        }
        let rows: Vec<Vec<String>> = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|r| r.iter().map(|c| self.cell(c)).collect())
            .collect();
        for row in &rows {
            for (w, c) in self.widths.iter_mut().zip(row) {
                *w = (*w).max(width(c));
            }
        }
        let markdown = self.format == OutputFormat::Markdown;
        if !self.started {
            self.started = true;
            let headers: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
            self.line(&headers, markdown, out);
            if markdown {
                out.push('|');
                for w in &self.widths {
                    out.push_str(&"-".repeat(w + 2));
                    out.push('|');
                }
                out.push('\n');
            }
        }
        for row in &rows {
            self.line(row, markdown, out);
        }
    }

    fn line(&self, row: &[String], markdown: bool, out: &mut String) {
        let start = out.len();
        if markdown {
            out.push('|');
        }
        for (i, w) in self.widths.iter().enumerate() {
            let c = row.get(i).map(String::as_str).unwrap_or_default();
            let pad = w - width(c).min(*w);
            if markdown {
                out.push(' ');
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
                out.push_str(" |");
            } else {
                out.push_str(c);
                out.push_str(&" ".repeat(pad + 3));
            }
        }
        if !markdown {
            let trimmed = out[start..].trim_end().len();
            out.truncate(start + trimmed);
        }
        out.push('\n');
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn csv_line<'a>(cells: impl Iterator<Item = &'a str>, out: &mut String) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push('\n');
}

/// kubectl-style columns: no borders, three spaces between columns, no trailing spaces.
fn render_table(rows: &Rows) -> String {
    let mut builder = Builder::default();
    builder.push_record(rows.headers.iter().map(|h| h.to_string()));
    for row in &rows.rows {
        builder.push_record(row.iter().map(|c| {
            if c.is_empty() {
                "-".to_string()
            } else {
                c.clone()
            }
        }));
    }
    let mut table = builder.build();
    table.with(Style::empty()).with(Padding::new(0, 3, 0, 0));
    let mut out = String::new();
    for line in table.to_string().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render_markdown(rows: &Rows) -> String {
    let mut builder = Builder::default();
    builder.push_record(rows.headers.iter().map(|h| h.to_string()));
    for row in &rows.rows {
        builder.push_record(row.iter().map(|c| c.replace('|', "\\|")));
    }
    let mut table = builder.build();
    table.with(Style::markdown());
    let mut out = table.to_string();
    out.push('\n');
    out
}

fn render_csv(rows: &Rows) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::new();
    let header: Vec<String> = rows.headers.iter().map(|h| field(h)).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for row in &rows.rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rows {
        Rows {
            headers: vec!["NAME", "KIND"],
            rows: vec![
                vec!["web".into(), "Ingress".into()],
                vec!["a,b".into(), String::new()],
            ],
        }
    }

    #[test]
    fn table_is_kubectl_style() {
        assert_eq!(
            render_table(&sample()),
            "NAME   KIND\nweb    Ingress\na,b    -\n"
        );
    }

    #[test]
    fn csv_quotes_fields() {
        assert_eq!(render_csv(&sample()), "NAME,KIND\nweb,Ingress\n\"a,b\",\n");
    }

    #[test]
    fn streamed_rows_print_as_the_table_does() {
        for format in [
            OutputFormat::Table,
            OutputFormat::Markdown,
            OutputFormat::Csv,
        ] {
            let rows = sample();
            let mut stream = RowStream::new(format, rows.headers.clone());
            let mut out = String::new();
            for r in &rows.rows {
                stream.push(r.clone(), &mut out);
            }
            stream.finish(&mut out);
            let whole = match format {
                OutputFormat::Markdown => render_markdown(&rows),
                OutputFormat::Csv => render_csv(&rows),
                _ => render_table(&rows),
            };
            assert_eq!(out, whole, "{format:?}");
        }
    }

    #[test]
    fn streamed_table_widens_per_chunk_only() {
        let mut stream = RowStream::new(OutputFormat::Table, vec!["A", "B"]);
        let mut out = String::new();
        for i in 0..CHUNK_ROWS {
            stream.push(vec![format!("{}", i % 10), "x".into()], &mut out);
        }
        assert_eq!(
            out.lines().count(),
            CHUNK_ROWS + 1,
            "a full chunk is printed at once"
        );
        stream.push(vec!["wider".into(), "y".into()], &mut out);
        stream.finish(&mut out);
        assert!(out.starts_with("A   B\n0   x\n"), "{}", &out[..20]);
        assert!(out.ends_with("wider   y\n"), "{out:?}");
    }

    #[test]
    fn markdown_has_header_separator() {
        let md = render_markdown(&sample());
        assert!(md.starts_with("| NAME | KIND    |\n|------|"), "{md}");
    }
}
