//! The README's console examples, run: every ```` ```console ```` block of README.md is a script
//! of `$ ` commands and the output each prints (stdout and stderr, in order), and this test
//! runs them with the real binary and compares, so the README cannot drift from the binary.
//!
//! `kubectl abema ...` and `cargo run --release -- ...` run the binary under test; other
//! commands (`head`, `sed`, `echo $?`) run as written. A block runs in a fresh copy of
//! `examples/` and `tests/fixtures/` (commands that write files write there). A block that
//! cannot run here is preceded by `<!-- not run: REASON -->` (a cluster, random ciphertext,
//! an editor); the test lists those with their reasons, and fails on a marker without one.
//! `ABEMA_BLESS=1 cargo test --test readme -- --include-ignored` rewrites the outputs in the
//! README with what the binary prints (then read the diff).

#![allow(clippy::print_stderr)] // the skipped blocks are listed with their reasons

mod common;

use std::path::Path;
use std::process::Command;

/// One command of a block and what the README says it prints.
struct Step {
    command: String,
    expected: Vec<String>,
    /// 0-based index of the README line after the command (where its output starts).
    at: usize,
}

struct Block {
    /// 1-based line of the ```` ```console ```` fence.
    line: usize,
    skip: Option<String>,
    steps: Vec<Step>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```console" {
            i += 1;
            continue;
        }
        let marker = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
        let skip = marker
            .and_then(|l| l.trim().strip_prefix("<!-- not run:"))
            .map(|r| r.trim_end_matches("-->").trim().to_string());
        let mut block = Block {
            line: i + 1,
            skip,
            steps: Vec::new(),
        };
        i += 1;
        while i < lines.len() && lines[i].trim() != "```" {
            let line = lines[i];
            if let Some(command) = line.strip_prefix("$ ") {
                let mut command = command.to_string();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    command.pop();
                    i += 1;
                    command.push(' ');
                    command.push_str(lines[i].trim_start());
                }
                block.steps.push(Step {
                    command,
                    expected: Vec::new(),
                    at: i + 1,
                });
            } else if let Some(step) = block.steps.last_mut() {
                step.expected.push(line.trim_end().to_string());
            }
            i += 1;
        }
        out.push(block);
        i += 1;
    }
    out
}

/// PATH with the binaries under test first (kubectl finds the plugin and its completion).
fn path() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_kubectl-abema"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).expect("PATH")
}

/// Ciphertext is random: `ENC[AES256_GCM,data:...,type:str]` compares as `ENC[...]`, and a
/// time stamp (`2026-12-02T19:09:29Z`, a sealed file's last modification) as `<time>`.
fn normal(line: &str) -> String {
    let line = times(line);
    let mut out = String::new();
    let mut rest = line.as_str();
    while let Some(i) = rest.find("ENC[AES256_GCM,") {
        out.push_str(&rest[..i]);
        out.push_str("ENC[...]");
        rest = rest[i..].find(']').map_or("", |j| &rest[i + j + 1..]);
    }
    out.push_str(rest);
    out
}

fn times(line: &str) -> String {
    let shape = b"dddd-dd-ddTdd:dd:ddZ";
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let stamp = b.get(i..i + shape.len()).is_some_and(|w| {
            w.iter().zip(shape).all(|(c, s)| {
                if *s == b'd' {
                    c.is_ascii_digit()
                } else {
                    c == s
                }
            })
        });
        if stamp {
            out.push_str("<time>");
            i += shape.len();
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `kubectl abema` and `cargo run --release --` are the binary under test.
const PRELUDE: &str = r#"
kubectl() { if [ "$1" = abema ]; then shift; "$ABEMA" "$@"; else command kubectl "$@"; fi; }
cargo() { if [ "$1 $2 $3" = "run --release --" ]; then shift 3; "$ABEMA" "$@"; else echo "cargo is not run by tests/readme.rs" >&2; return 97; fi; }
"#;

/// Runs a block's steps; the mismatches, each with the README's and the binary's text, and
/// the output of each mismatching step (for `ABEMA_BLESS=1`).
fn run_block(
    block: &Block,
    dir: &Path,
    outputs: &mut Vec<(usize, usize, Vec<String>)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut last = 0;
    for step in &block.steps {
        let got = if step.command.trim() == "echo $?" {
            format!("{last}\n")
        } else {
            let out = Command::new("bash")
                .arg("-c")
                .arg(format!("{PRELUDE}\n{{ {}\n}} 2>&1", step.command))
                .current_dir(dir)
                .env_clear()
                .env("PATH", path())
                .env("HOME", dir)
                .env("ABEMA", env!("CARGO_BIN_EXE_kubectl-abema"))
                .env("NO_COLOR", "1")
                .env("KUBECONFIG", dir.join("no-kubeconfig"))
                .output()
                .expect("bash");
            last = out.status.code().unwrap_or(-1);
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let got: Vec<String> = got.lines().map(|l| l.trim_end().to_string()).collect();
        let same = got.len() == step.expected.len()
            && got
                .iter()
                .zip(&step.expected)
                .all(|(g, e)| normal(g) == normal(e));
        if !same {
            outputs.push((step.at, step.expected.len(), got.clone()));
            problems.push(format!(
                "README.md:{} `$ {}`\n--- the README says:\n{}\n--- the binary prints:\n{}",
                block.line,
                step.command,
                step.expected.join("\n"),
                got.join("\n")
            ));
        }
    }
    problems
}

#[test]
#[ignore = "needs kubectl"]
fn readme_console_examples_print_what_they_say() {
    common::require_tool("kubectl");
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let blocks = blocks(&readme);
    assert!(blocks.len() >= 15, "{} console blocks", blocks.len());
    let mut problems = Vec::new();
    let mut outputs = Vec::new();
    let mut ran = 0;
    for block in &blocks {
        match &block.skip {
            Some(reason) if reason.is_empty() => problems.push(format!(
                "README.md:{}: a `not run` marker without a reason",
                block.line
            )),
            Some(reason) => eprintln!("README.md:{}: not run: {reason}", block.line),
            None => {
                let dir = tempfile::tempdir().expect("tempdir");
                for sub in ["examples", "tests/fixtures", "scripts"] {
                    common::copy_tree(&common::root().join(sub), &dir.path().join(sub));
                }
                problems.extend(run_block(block, dir.path(), &mut outputs));
                ran += 1;
            }
        }
    }
    assert!(ran >= 10, "only {ran} blocks ran");
    if std::env::var_os("ABEMA_BLESS").is_some() {
        // Rewrites each step's output in README.md with what the binary printed.
        let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
        for (at, len, got) in outputs.into_iter().rev() {
            lines.splice(at..at + len, got);
        }
        let path = common::root().join("README.md");
        std::fs::write(&path, lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(
        problems.is_empty(),
        "{}\n\n(ABEMA_BLESS=1 cargo test --test readme -- --include-ignored rewrites the outputs)",
        problems.join("\n\n")
    );
}
