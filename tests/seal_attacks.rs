//! `seal`/`unseal` tried as an attacker and as a careless user would: path-like names, special
//! files at the destination, reshuffled metadata, injected plaintext, leftovers, signals during
//! `seal edit`, `kill -9` during `unseal --out`. Every case states its exit code and the one
//! `error:` line the user sees, and checks that nothing was written outside the places the
//! case allows and that no secret value appears in any output.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Env, split};

const PASSWORD: &str = "hunter2-correct-horse";

fn secret(name: &str, namespace: Option<&str>) -> String {
    let ns = namespace.map_or(String::new(), |n| format!("  namespace: {n}\n"));
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n{ns}type: Opaque\nstringData:\n  password: {PASSWORD}\n"
    )
}

/// Every file below `dir`, relative, with its content length (symlinks as links).
fn tree(dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<(PathBuf, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).expect("stat");
            let rel = path.strip_prefix(root).expect("below").to_path_buf();
            if meta.is_dir() {
                walk(root, &path, out);
            }
            out.insert((rel, if meta.is_file() { meta.len() } else { 0 }));
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// A prepared environment: a key, its recipient, and a sealed `db.yaml` (shop/db).
struct Scene {
    env: Env,
    key: String,
    recipient: String,
}

impl Scene {
    fn new() -> Self {
        let env = Env::new();
        let (code, recipient, err) = env.run(&["seal", "keygen", "--out", "k.agekey"]);
        assert_eq!(code, 0, "{err}");
        let key = env.work().join("k.agekey").display().to_string();
        let scene = Scene {
            env,
            key,
            recipient: recipient.trim().to_string(),
        };
        scene.env.write("plain.yaml", &secret("db", Some("shop")));
        let (code, _, err) = scene.run(&["seal", "plain.yaml", "--out", "db.yaml", "-r", "$R"]);
        assert_eq!(code, 0, "{err}");
        scene
    }

    /// Runs with `$R` replaced by the recipient and `$K` by the identity file.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("$R", &self.recipient).replace("$K", &self.key))
            .collect();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.env.run(&refs)
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.env.work().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        let changed = text.replacen(from, to, 1);
        assert_ne!(changed, text, "{from:?} not found in {file}");
        std::fs::write(&path, changed).expect("write");
    }
}

struct Case {
    name: &'static str,
    setup: fn(&Scene),
    args: &'static [&'static str],
    code: i32,
    /// What the single `error:` line (or, for exit 3, stdout) says.
    says: &'static str,
    /// Paths below the environment that the case may create or change.
    may_write: &'static [&'static str],
}

fn none(_: &Scene) {}

fn cases() -> Vec<Case> {
    vec![
        // ---- path-like names ----
        Case {
            name: "name climbs out of --out-dir",
            setup: |s| {
                s.env
                    .write("evil.yaml", &secret("../../evil", Some("shop")));
            },
            args: &["seal", "evil.yaml", "--out-dir", "out", "-r", "$R"],
            code: 1,
            says: "metadata.name \"../../evil\" is not a valid Secret name",
            may_write: &[],
        },
        Case {
            name: "absolute namespace",
            setup: |s| {
                s.env.write("abs.yaml", &secret("db", Some("/abs")));
            },
            args: &["seal", "abs.yaml", "--out-dir", "out", "-r", "$R"],
            code: 1,
            says: "metadata.namespace \"/abs\" is not a valid namespace",
            may_write: &[],
        },
        Case {
            name: "slash in the name",
            setup: |s| {
                s.env.write("slash.yaml", &secret("a/b", Some("shop")));
            },
            args: &["seal", "slash.yaml", "-r", "$R"],
            code: 1,
            says: "is not a valid Secret name",
            may_write: &[],
        },
        Case {
            name: "dot-dot namespace",
            setup: |s| {
                s.env.write("dots.yaml", &secret("db", Some("..")));
            },
            args: &["seal", "dots.yaml", "--out-dir", "out", "-r", "$R"],
            code: 1,
            says: "metadata.namespace \"..\" is not a valid namespace",
            may_write: &[],
        },
        Case {
            name: "empty and invalid --namespaces entries",
            setup: none,
            args: &[
                "seal",
                "plain.yaml",
                "--out-dir",
                "out",
                "--namespaces",
                "shop,,Bad_NS",
                "-r",
                "$R",
            ],
            code: 2,
            says: "--namespaces: \"\" is not a valid namespace",
            may_write: &[],
        },
        Case {
            name: "seal create with a path for a name",
            setup: none,
            args: &[
                "seal",
                "create",
                "../../X",
                "-n",
                "shop",
                "--from-literal",
                "a=b",
                "--out-dir",
                "out",
                "-r",
                "$R",
            ],
            code: 2,
            says: "\"../../X\" is not a valid Secret name",
            may_write: &[],
        },
        Case {
            name: "seal create with a path for a namespace",
            setup: none,
            args: &[
                "seal",
                "create",
                "x",
                "-n",
                "../y",
                "--from-literal",
                "a=b",
                "--out-dir",
                "out",
                "-r",
                "$R",
            ],
            code: 2,
            says: "-n \"../y\" is not a valid namespace",
            may_write: &[],
        },
        Case {
            name: "no namespace is refused",
            setup: |s| {
                s.env.write("nons.yaml", &secret("db", None));
            },
            args: &["seal", "nons.yaml", "-r", "$R"],
            code: 1,
            says: "Secret db has no namespace",
            may_write: &[],
        },
        Case {
            name: "generateName is refused",
            setup: |s| {
                s.env.write(
                    "gen.yaml",
                    "apiVersion: v1\nkind: Secret\nmetadata:\n  generateName: db-\n  namespace: shop\nstringData:\n  a: b\n",
                );
            },
            args: &["seal", "gen.yaml", "-r", "$R"],
            code: 1,
            says: "cannot use metadata.generateName",
            may_write: &[],
        },
        // ---- destinations ----
        Case {
            name: "unseal onto a FIFO",
            setup: |s| {
                let status = std::process::Command::new("mkfifo")
                    .arg(s.env.work().join("fifo"))
                    .status()
                    .expect("mkfifo");
                assert!(status.success());
            },
            args: &["unseal", "db.yaml", "--out", "fifo", "-i", "$K"],
            code: 1,
            says: "fifo is a FIFO; refusing to replace it",
            may_write: &[],
        },
        Case {
            name: "unseal through a symlink",
            setup: |s| {
                s.env.write("target.txt", "keep");
                std::os::unix::fs::symlink("target.txt", s.env.work().join("link.yaml"))
                    .expect("symlink");
            },
            args: &["unseal", "db.yaml", "--out", "link.yaml", "-i", "$K"],
            code: 1,
            says: "link.yaml is a symbolic link; refusing to replace it",
            may_write: &[],
        },
        Case {
            name: "seal through a symlink",
            setup: |s| {
                s.env.write("target.txt", "keep");
                std::os::unix::fs::symlink("target.txt", s.env.work().join("link.yaml"))
                    .expect("symlink");
            },
            args: &["seal", "plain.yaml", "--out", "link.yaml", "-r", "$R"],
            code: 1,
            says: "link.yaml is a symbolic link",
            may_write: &[],
        },
        Case {
            name: "unseal onto a directory",
            setup: |s| {
                std::fs::create_dir(s.env.work().join("adir")).expect("mkdir");
            },
            args: &["unseal", "db.yaml", "--out", "adir", "-i", "$K"],
            code: 1,
            says: "adir is a directory",
            may_write: &[],
        },
        Case {
            name: "unseal onto the sealed input",
            setup: none,
            args: &["unseal", "db.yaml", "--out", "db.yaml", "-i", "$K"],
            code: 2,
            says: "is the sealed input db.yaml",
            may_write: &[],
        },
        Case {
            name: "unseal onto a hard link of the sealed input",
            setup: |s| {
                std::fs::hard_link(s.env.work().join("db.yaml"), s.env.work().join("same.yaml"))
                    .expect("link");
            },
            args: &["unseal", "db.yaml", "--out", "same.yaml", "-i", "$K"],
            code: 2,
            says: "is the sealed input db.yaml",
            may_write: &[],
        },
        Case {
            name: "unseal --out-dir onto a symlink writes nothing",
            setup: |s| {
                std::fs::create_dir(s.env.work().join("plain")).expect("mkdir");
                std::os::unix::fs::symlink("../elsewhere", s.env.work().join("plain/db.yaml"))
                    .expect("symlink");
            },
            args: &["unseal", "db.yaml", "--out-dir", "plain", "-i", "$K"],
            code: 1,
            says: "plain/db.yaml is a symbolic link",
            may_write: &[],
        },
        // ---- metadata reshuffles: every value stays in order, the MAC still matches ----
        Case {
            name: "name and namespace keys swapped",
            setup: |s| {
                s.edit(
                    "db.yaml",
                    "  name: db\n  namespace: shop\n",
                    "  namespace: db\n  name: shop\n",
                )
            },
            args: &["unseal", "db.yaml", "-i", "$K"],
            code: 1,
            says: "sealed for shop/db, but the file now says db/shop",
            may_write: &[],
        },
        Case {
            name: "namespace turned into generateName",
            setup: |s| s.edit("db.yaml", "  namespace: shop\n", "  generateName: shop\n"),
            args: &["unseal", "db.yaml", "-i", "$K"],
            code: 1,
            says: "cannot use metadata.generateName",
            may_write: &[],
        },
        Case {
            name: "namespace moved under labels",
            setup: |s| {
                s.edit(
                    "db.yaml",
                    "  namespace: shop\n",
                    "  labels:\n    namespace: shop\n",
                )
            },
            args: &["seal", "verify", "db.yaml", "-i", "$K"],
            code: 1,
            says: "sealed for shop/db, but the file now says db (no namespace)",
            may_write: &[],
        },
        Case {
            name: "binding annotation renamed",
            setup: |s| s.edit("db.yaml", "abema.dev/sealed-for:", "x-note:"),
            args: &["unseal", "db.yaml", "-i", "$K"],
            code: 1,
            says: "binding was moved or removed (1 sealed, 0 in place)",
            may_write: &[],
        },
        Case {
            name: "binding annotation deleted",
            setup: |s| {
                let path = s.env.work().join("db.yaml");
                let text = std::fs::read_to_string(&path).expect("read");
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.contains("sealed-for") && l.trim() != "annotations:")
                    .collect();
                std::fs::write(&path, kept.join("\n") + "\n").expect("write");
            },
            args: &["unseal", "db.yaml", "-i", "$K"],
            code: 1,
            says: "the file was changed after it was sealed",
            may_write: &[],
        },
        Case {
            name: "seal check verifies the binding with a key",
            setup: |s| {
                s.edit(
                    "db.yaml",
                    "  name: db\n  namespace: shop\n",
                    "  namespace: db\n  name: shop\n",
                )
            },
            args: &["seal", "check", "db.yaml", "-i", "$K"],
            code: 3,
            says: "binding",
            may_write: &[],
        },
        // ---- injected plaintext ----
        Case {
            name: "plaintext value added to a sealed file",
            setup: |s| {
                s.edit(
                    "db.yaml",
                    "stringData:\n",
                    &format!("stringData:\n  leaked: {PASSWORD}\n"),
                )
            },
            args: &["seal", "check", "db.yaml"],
            code: 3,
            says: "stringData.leaked is not encrypted",
            may_write: &[],
        },
        Case {
            name: "a sealed file whose rule leaves data readable",
            setup: |s| {
                s.edit(
                    "db.yaml",
                    "stringData:\n",
                    "data:\n  password_plain: aHVudGVy\nstringData:\n",
                );
                s.edit(
                    "db.yaml",
                    "encrypted_regex: ^(data|stringData)$",
                    "encrypted_suffix: _secret",
                );
            },
            args: &["seal", "check", "db.yaml"],
            code: 3,
            says: "does not encrypt it",
            may_write: &[],
        },
        Case {
            name: "scalar data in a plain Secret",
            setup: |s| {
                s.env.write(
                    "scalar.yaml",
                    &format!(
                        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata: {PASSWORD}\n"
                    ),
                );
            },
            args: &["seal", "check", "scalar.yaml"],
            code: 3,
            says: "plaintext data (values not shown)",
            may_write: &[],
        },
        Case {
            name: "sealing with a rule that leaves values readable",
            setup: |s| {
                s.env.write(
                    ".sops.yaml",
                    "creation_rules:\n  - age: $R\n    encrypted_suffix: _secret\n",
                );
                let path = s.env.work().join(".sops.yaml");
                let text = std::fs::read_to_string(&path)
                    .expect("read")
                    .replace("$R", &s.recipient);
                std::fs::write(path, text).expect("write");
            },
            args: &["seal", "plain.yaml", "--out", "sealed.yaml"],
            code: 1,
            says: "stringData.password is stored readable",
            may_write: &[],
        },
        Case {
            name: "leftover temporary file in the tree",
            setup: |s| {
                s.env.write(
                    "deploy/.abema-00c0ffee.tmp",
                    &format!("password: {PASSWORD}\n"),
                );
            },
            args: &["seal", "check", "."],
            code: 3,
            says: "leftover",
            may_write: &[],
        },
        Case {
            name: "leftover edit directory named by a hook",
            setup: |s| {
                s.env
                    .write(".abema-edit-x1/db.yaml", &format!("password: {PASSWORD}\n"));
            },
            args: &["seal", "check", ".abema-edit-x1"],
            code: 3,
            says: "leftover",
            may_write: &[],
        },
    ]
}

#[test]
fn every_attack_is_refused_with_one_line_and_writes_nothing() {
    for case in cases() {
        let scene = Scene::new();
        (case.setup)(&scene);
        let before = tree(scene.env.dir.path());
        let (code, out, err) = scene.run(case.args);
        assert_eq!(
            code, case.code,
            "{}: {:?}\nstdout: {out}\nstderr: {err}",
            case.name, case.args
        );
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        if case.code == 3 {
            assert!(
                out.contains(case.says),
                "{}: stdout lacks {:?}:\n{out}",
                case.name,
                case.says
            );
        } else {
            assert_eq!(errors.len(), 1, "{}: one error line:\n{err}", case.name);
            assert!(
                errors[0].contains(case.says),
                "{}: {:?} not in {:?}",
                case.name,
                case.says,
                errors[0]
            );
        }
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
        for text in [&out, &err] {
            assert!(
                !text.contains(PASSWORD),
                "{}: a secret value was printed:\n{text}",
                case.name
            );
        }
        let after = tree(scene.env.dir.path());
        let changed: Vec<_> = after
            .symmetric_difference(&before)
            .filter(|(p, _)| {
                !case
                    .may_write
                    .iter()
                    .any(|w| p.starts_with(Path::new("work").join(w)))
            })
            .collect();
        assert!(changed.is_empty(), "{}: wrote {changed:?}", case.name);
    }
}

/// `seal --no-namespace` is the explicit way to bind a Secret to no namespace; unseal checks
/// it too.
#[test]
fn no_namespace_needs_saying_and_is_bound() {
    let scene = Scene::new();
    scene.env.write("nons.yaml", &secret("db", None));
    let (code, _, err) = scene.run(&[
        "seal",
        "nons.yaml",
        "--no-namespace",
        "--out",
        "n.yaml",
        "-r",
        "$R",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("bound to db (no namespace)"), "{err}");
    scene.edit("n.yaml", "  name: db\n", "  name: db\n  namespace: prod\n");
    let (code, _, err) = scene.run(&["unseal", "n.yaml", "-i", "$K"]);
    assert_eq!(
        code, 1,
        "adding a namespace changes the MAC or the binding: {err}"
    );
}

fn editor_script(env: &Env) -> PathBuf {
    let script = env.work().join("slow-editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > {0}/edited-path\necho $$ > {0}/editor-pid\nexec sleep 60\n",
            env.work().display()
        ),
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

fn wait_for(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text.trim().to_string();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{} never appeared", path.display());
}

fn alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
        && std::fs::read_to_string(Path::new("/proc").join(pid).join("stat"))
            .is_ok_and(|s| !s.contains(") Z "))
}

/// SIGTERM, SIGHUP and SIGINT during `seal edit`: the editor is ended, the plaintext file and
/// its directory are gone, the sealed file is unchanged, and the exit is 1 with one line.
#[test]
fn signals_during_edit_remove_the_plaintext_and_end_the_editor() {
    for signal in ["TERM", "HUP", "INT"] {
        let scene = Scene::new();
        let script = editor_script(&scene.env);
        let sealed_before = std::fs::read(scene.env.work().join("db.yaml")).expect("read");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
        cmd.current_dir(scene.env.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", scene.env.home())
            .env("TMPDIR", scene.env.work().join("tmp"))
            .env("EDITOR", &script)
            .args(["seal", "edit", "db.yaml", "-i", &scene.key])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        std::fs::create_dir_all(scene.env.work().join("tmp")).expect("tmp");
        let child = cmd.spawn().expect("spawn");
        let edited = PathBuf::from(wait_for(&scene.env.work().join("edited-path")));
        let editor = wait_for(&scene.env.work().join("editor-pid"));
        assert!(edited.exists(), "the plaintext is there while editing");
        assert!(
            std::fs::read_to_string(&edited)
                .expect("read")
                .contains(PASSWORD),
            "the editor sees the plaintext"
        );
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let (code, out, err) = split(child.wait_with_output().expect("wait"));
        assert_eq!(code, 1, "SIG{signal}: {err}");
        assert!(
            err.contains("interrupted; nothing changed"),
            "SIG{signal}: {err}"
        );
        assert!(!out.contains(PASSWORD) && !err.contains(PASSWORD));
        assert!(!edited.exists(), "SIG{signal}: the plaintext file is gone");
        assert!(
            !edited.parent().expect("dir").exists(),
            "SIG{signal}: its directory is gone"
        );
        assert!(!alive(&editor), "SIG{signal}: the editor was ended");
        assert_eq!(
            std::fs::read(scene.env.work().join("db.yaml")).expect("read"),
            sealed_before,
            "SIG{signal}: the sealed file is unchanged"
        );
        assert_eq!(
            std::fs::read_dir(scene.env.work().join("tmp"))
                .expect("ls")
                .count(),
            0,
            "SIG{signal}: nothing left in TMPDIR"
        );
    }
}

/// A failing editor leaves nothing behind either.
#[test]
fn a_failing_editor_leaves_no_plaintext() {
    let scene = Scene::new();
    std::fs::create_dir_all(scene.env.work().join("tmp")).expect("tmp");
    let mut cmd = scene.env.cmd();
    cmd.env("TMPDIR", scene.env.work().join("tmp"))
        .env("EDITOR", "false")
        .args(["seal", "edit", "db.yaml", "-i", &scene.key]);
    let (code, _, err) = split(cmd.output().expect("run"));
    assert_eq!(code, 1);
    assert!(
        err.contains("failed") && err.contains("nothing changed"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(scene.env.work().join("tmp"))
            .expect("ls")
            .count(),
        0
    );
}

/// `kill -9` at any moment of `unseal --out` of a large file leaves no plaintext temporary
/// file in the directory: the output is either absent or complete.
#[test]
fn kill_9_during_unseal_out_leaves_no_temporary_plaintext() {
    let scene = Scene::new();
    let big = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\n  namespace: shop\nstringData:\n  blob: {}\n",
        "x".repeat(8_000_000)
    );
    scene.env.write("big.yaml", &big);
    let (code, _, err) = scene.run(&["seal", "big.yaml", "--out", "big.sealed.yaml", "-r", "$R"]);
    assert_eq!(code, 0, "{err}");
    let (_, complete, _) = scene.run(&["unseal", "big.sealed.yaml", "-i", "$K"]);
    let out_dir = scene.env.work().join("out");
    std::fs::create_dir_all(&out_dir).expect("mkdir");
    for delay_ms in [5u64, 20, 60, 120, 250, 400] {
        let _ = std::fs::remove_file(out_dir.join("plain.yaml"));
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
        cmd.current_dir(scene.env.work())
            .env_clear()
            .env("HOME", scene.env.home())
            .args([
                "unseal",
                "big.sealed.yaml",
                "--out",
                "out/plain.yaml",
                "-i",
                &scene.key,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let names: Vec<String> = std::fs::read_dir(&out_dir)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| n == "plain.yaml"),
            "after {delay_ms} ms: {names:?}"
        );
        if let Ok(text) = std::fs::read_to_string(out_dir.join("plain.yaml")) {
            assert_eq!(text, complete, "after {delay_ms} ms: a partial file");
        }
    }
}

/// Invalid YAML from the editor, with a terminal attached: the user is offered the editor again
/// with the edits kept (not the original), and the file is sealed when the second save parses.
#[test]
fn invalid_yaml_from_the_editor_reopens_it_with_the_edits() {
    let scene = Scene::new();
    let script = scene.env.work().join("two-step-editor.sh");
    // First run: break the YAML (and make an edit). Second run: the edit is still there; repair.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif [ -f {0}/once ]; then\n  grep -q 'first-edit' \"$1\" && echo kept > {0}/kept\n  sed -i 's/^ *broken: \\[$//' \"$1\"\nelse\n  touch {0}/once\n  sed -i 's/{PASSWORD}/first-edit/' \"$1\"\n  echo '  broken: [' >> \"$1\"\nfi\n",
            scene.env.work().display()
        ),
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-abema"));
    cmd.current_dir(scene.env.work())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scene.env.home())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("EDITOR", &script)
        .args(["seal", "edit", "db.yaml", "-i", &scene.key]);
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    let mut p = rexpect::spawn_with_options(cmd, options).expect("spawn in a pty");
    p.exp_string("invalid YAML")
        .expect("the parse error is shown");
    p.exp_string("Re-open the editor with your changes?")
        .expect("offer");
    std::thread::sleep(Duration::from_millis(300));
    p.send("y").expect("answer");
    p.flush().expect("flush");
    p.exp_string("sealed db.yaml again").expect("sealed");
    p.exp_eof().expect("exit");
    assert!(
        scene.env.work().join("kept").exists(),
        "the second run saw the first edit"
    );
    let (code, out, err) = scene.run(&[
        "unseal", "db.yaml", "-i", "$K", "--raw", "--key", "password",
    ]);
    assert_eq!((code, out.as_str()), (0, "first-edit"), "{err}");
}
