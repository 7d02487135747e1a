//! The plugin as kubectl and shells see it: help, version, kubectl plugin discovery,
//! completion scripts (and their drift), kubectl's own plugin completion.
//!
//! Every command's `--help` is an `insta` snapshot in `tests/snapshots/cli__help*.snap`. After
//! changing the CLI, rewrite them and review the diff before committing:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test cli every_help   # or `cargo insta review`
//! git diff tests/snapshots/
//! ```
//!
//! Under `CI=true` insta never writes: a snapshot that differs fails the test.

mod common;

use std::path::PathBuf;

use common::Env;

/// A directory holding both binaries under their installed names, to put first on PATH.
fn plugin_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kubectl-abema"))
        .parent()
        .expect("bin dir")
        .to_path_buf()
}

fn path_with_plugin() -> std::ffi::OsString {
    let mut paths = vec![plugin_path()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("PATH")
}

#[test]
fn help_says_kubectl_abema_and_lists_global_options() {
    let env = Env::new();
    let (code, out, _) = env.run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: kubectl abema [OPTIONS] <COMMAND>"),
        "{out}"
    );
    for sub in ["deprecations", "check", "completion"] {
        assert!(out.contains(sub), "{sub} missing from help");
    }
    let (code, out, _) = env.run(&["deprecations", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: kubectl abema deprecations [OPTIONS] [PATH]..."),
        "{out}"
    );
    assert!(out.contains("Global Options:"), "{out}");
    for flag in [
        "--kubeconfig",
        "--context",
        "--namespace",
        "--output",
        "--color",
        "--quiet",
        "--verbose",
        "--config",
    ] {
        assert!(
            out.contains(flag),
            "{flag} missing from deprecations --help"
        );
    }
    assert!(
        out.contains("kubectl abema deprecations k8s/ --target-version v1.33"),
        "help shows an example:\n{out}"
    );
}

/// Every command path of the clap tree below `prefix` (the empty path is the top level).
fn command_paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    out.push(prefix.to_vec());
    for sub in cmd.get_subcommands() {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        command_paths(sub, &path, out);
    }
}

#[test]
fn every_help_matches_its_snapshot() {
    let env = Env::new();
    let mut paths = Vec::new();
    command_paths(&kubectl_abema::cli::command(), &[], &mut paths);
    let mut snapshots = Vec::new();
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let (code, out, err) = env.run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let name = std::iter::once("help")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("-");
        insta::assert_snapshot!(name.as_str(), env.normalise(&out), &args.join(" "));
        snapshots.push(format!("cli__{name}.snap"));
    }
    let stale: Vec<String> = std::fs::read_dir(common::root().join("tests/snapshots"))
        .expect("tests/snapshots")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with("cli__help") && f.ends_with(".snap") && !snapshots.contains(f))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots of commands that no longer exist: {stale:?}; remove them"
    );
}

#[test]
fn version_and_usage_errors() {
    let env = Env::new();
    let (code, out, _) = env.run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("kubectl-abema {}", env!("CARGO_PKG_VERSION"))
    );
    let (code, _, err) = env.run(&["deprecations", "--no-such-flag"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unexpected argument '--no-such-flag'"),
        "{err}"
    );
    let (code, _, err) = env.run(&["deprecatons"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("similar") || err.contains("tip"),
        "suggests the right command: {err}"
    );
}

/// An `-o` a command does not write is a usage error naming what it writes, before anything
/// runs (no file is read or written); the formats it does write are accepted.
#[test]
fn unsupported_output_formats_are_usage_errors() {
    let env = Env::new();
    for (args, format, writes) in [
        (
            &["nodepool", "patch", "public-cpu"][..],
            "json",
            "leave -o out",
        ),
        (&["completion", "bash"][..], "yaml", "leave -o out"),
        (
            &["seal", "keygen"][..],
            "sarif",
            "-o table, -o json, -o yaml",
        ),
        (
            &["deprecations", "--fix", "--dry-run", "."][..],
            "json",
            "leave -o out",
        ),
        (&["rbac", "lint"][..], "junit", "-o csv"),
        (&["nodepool", "list"][..], "sarif", "-o markdown"),
        (&["unseal", "x.yaml"][..], "csv", "leave -o out"),
    ] {
        let (code, out, err) = env.run(&[args, &["-o", format]].concat());
        let what = format!("{args:?} -o {format}");
        assert_eq!(code, 2, "{what}: {err}");
        assert!(out.is_empty(), "{what}: {out}");
        assert!(
            err.contains(&format!(
                "error: -o {format} is not an output of `kubectl abema "
            )) && err.contains(writes),
            "{what}: {err}"
        );
    }
    assert!(!env.work().join("x.yaml").exists());
    let (code, out, _) = env.run(&["nodepool", "list", "-o", "csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("POOL,NAT,"), "{out}");
}

#[test]
#[ignore = "needs kubectl"]
fn kubectl_finds_and_runs_the_plugin() {
    common::require_tool("kubectl");
    let env = Env::new();
    let out = std::process::Command::new("kubectl")
        .args(["plugin", "list"])
        .env("PATH", path_with_plugin())
        .env("HOME", env.home())
        .output()
        .expect("kubectl plugin list");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("kubectl-abema"),
        "kubectl plugin list:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new("kubectl")
        .args(["abema", "--help"])
        .env("PATH", path_with_plugin())
        .env("HOME", env.home())
        .output()
        .expect("kubectl abema --help");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: kubectl abema"));
}

fn kubectl_complete(words: &[&str]) -> Vec<String> {
    let env = Env::new();
    let mut args = vec!["__complete", "abema"];
    args.extend_from_slice(words);
    let out = std::process::Command::new("kubectl")
        .args(&args)
        .env("PATH", path_with_plugin())
        .env("HOME", env.home())
        .env("KUBECONFIG", env.home().join("none"))
        .output()
        .expect("kubectl __complete");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
#[ignore = "needs kubectl"]
fn kubectl_plugin_completion_end_to_end() {
    common::require_tool("kubectl");
    let subcommands = kubectl_complete(&[""]);
    for sub in [
        "check",
        "deprecations",
        "nodepool",
        "seal",
        "unseal",
        "rbac",
        "completion",
    ] {
        assert!(
            subcommands.contains(&sub.to_string()),
            "kubectl __complete abema \"\" gave {subcommands:?}"
        );
    }
    assert_eq!(
        subcommands.last().map(String::as_str),
        Some(":4"),
        "no file completion for subcommands"
    );
    let flags = kubectl_complete(&["deprecations", "--o"]);
    assert!(flags.contains(&"--output".to_string()), "{flags:?}");
    let values = kubectl_complete(&["deprecations", "-o", ""]);
    assert!(
        values.contains(&"json".to_string()) && values.contains(&"sarif".to_string()),
        "{values:?}"
    );
}

#[test]
fn completion_scripts_match_the_committed_ones() {
    let env = Env::new();
    for (shell, file) in [
        ("bash", "kubectl-abema.bash"),
        ("zsh", "_kubectl-abema"),
        ("fish", "kubectl-abema.fish"),
        ("powershell", "kubectl-abema.ps1"),
    ] {
        let (code, out, _) = env.run(&["completion", shell]);
        assert_eq!(code, 0);
        let committed_path = common::root().join("completions").join(file);
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        if std::env::var_os("ABEMA_BLESS").is_some() {
            std::fs::create_dir_all(committed_path.parent().expect("dir")).expect("mkdir");
            std::fs::write(&committed_path, &out).expect("bless");
            continue;
        }
        assert!(
            committed == out,
            "completions/{file} is out of date with the CLI; regenerate: ABEMA_BLESS=1 cargo test --test cli completion_scripts"
        );
    }
}

#[test]
fn bash_runs_the_completion_script() {
    common::require_tool("bash");
    let script = common::root().join("completions/kubectl-abema.bash");
    // The function the script registers with `complete -F FUNCTION ... kubectl-abema`.
    let text = std::fs::read_to_string(&script).expect("completions/kubectl-abema.bash");
    let function = text
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("complete -F ")
                .and_then(|r| r.split_whitespace().next())
        })
        .expect("complete -F line")
        .to_string();
    let complete = |line: &str| -> Vec<String> {
        let words: Vec<&str> = line.split(' ').collect();
        let cword = words.len() - 1;
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
             {function} kubectl-abema '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words[cword],
            words[cword.saturating_sub(1)]
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &program])
            .output()
            .expect("bash");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    };
    let subs = complete("kubectl-abema dep");
    assert_eq!(subs, vec!["deprecations".to_string()]);
    let flags = complete("kubectl-abema deprecations --target");
    assert_eq!(flags, vec!["--target-version".to_string()]);
    let values = complete("kubectl-abema deprecations -o y");
    assert_eq!(values, vec!["yaml".to_string()]);
}
