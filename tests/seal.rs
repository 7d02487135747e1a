//! `kubectl abema seal` / `unseal`: the real binary, the peers' SOPS files, the `age` CLI and
//! the npm `sops-age` decryptor.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, fixture, require_tool, root, split};
use serde_json::{Value, json};

const VECTORS: &str = "third_party/secrets/vectors";

fn vector(rel: &str) -> PathBuf {
    fixture(&format!("{VECTORS}/{rel}"))
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

/// A plaintext Secret as `unseal` gives it back: with the binding `seal` added.
fn bound(text: &str) -> Value {
    let mut v = yaml(text);
    let meta = &v["metadata"];
    let value = match meta["namespace"].as_str() {
        Some(ns) => format!(
            "abema.dev/v1 namespace={ns} name={}",
            meta["name"].as_str().expect("name")
        ),
        None => format!("abema.dev/v1 name={}", meta["name"].as_str().expect("name")),
    };
    v["metadata"]["annotations"]["abema.dev/sealed-for"] = json!(value);
    v
}

/// Runs with extra environment variables.
fn run_env(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = env.cmd();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    split(cmd.args(args).output().expect("run"))
}

/// A fresh identity written by `seal keygen`: (identity file, recipient).
fn keygen(env: &Env, name: &str) -> (PathBuf, String) {
    let (code, out, err) = env.run(&["seal", "keygen", "--out", name]);
    assert_eq!(code, 0, "{err}");
    (env.work().join(name), out.trim().to_string())
}

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  labels: {app: db}
type: Opaque
stringData:
  password: correct horse battery staple
  url: postgres://app@db:5432/app
data:
  token: c2VjcmV0LXRva2Vu
";

// ---- conformance -----------------------------------------------------------------------------

/// Every age-encrypted vector unseals, MAC verified, to the plaintext vectors.md states.
#[test]
fn peer_vectors_unseal_to_their_plaintext() {
    let env = Env::new();
    let unseal = |file: &str, key: &str| -> Value {
        let (code, out, err) = env.run(&[
            "unseal",
            vector(file).to_str().expect("path"),
            "-i",
            vector(key).to_str().expect("path"),
        ]);
        assert_eq!(code, 0, "{file}: {err}");
        yaml(&out)
    };
    let flux = "flux-kustomize-controller";
    assert_eq!(
        unseal(
            &format!("{flux}/algorithms-age.yaml"),
            &format!("{flux}/keys/age.txt")
        )["stringData"]["key"],
        "value"
    );
    assert_eq!(
        unseal(
            &format!("{flux}/global-secret.yaml"),
            &format!("{flux}/keys/age-global.txt")
        )["stringData"]["key"],
        "global-value"
    );
    assert_eq!(
        unseal(
            &format!("{flux}/patches-merge1.yaml"),
            &format!("{flux}/keys/age.txt")
        )["stringData"]["key"],
        "merge1"
    );
    assert_eq!(
        unseal(
            &format!("{flux}/patches-merge2.yaml"),
            &format!("{flux}/keys/age.txt")
        )["stringData"]["merge2"],
        "merge2"
    );
    assert_eq!(
        unseal(
            &format!("{flux}/files-file.txt"),
            &format!("{flux}/keys/age.txt")
        )["data"],
        "value"
    );
    // SOPS' dotenv store, and Flux's SOPS document inside a Secret's data field.
    let env_file = |file: &str, key: &str| {
        let (code, out, err) = env.run(&[
            "unseal",
            vector(file).to_str().expect("path"),
            "-i",
            vector(key).to_str().expect("path"),
        ]);
        assert_eq!(code, 0, "{file}: {err}");
        out
    };
    assert_eq!(
        env_file(
            &format!("{flux}/envs-env.env"),
            &format!("{flux}/keys/age.txt")
        ),
        "key=value\n"
    );
    assert_eq!(
        env_file("sops-age-npm/secret.enc.env", "sops-age-npm/key.txt"),
        "secret=this is a secret\nanother_secret=7\n"
    );
    assert_eq!(
        unseal(
            &format!("{flux}/inside-secret.yaml"),
            &format!("{flux}/keys/age.txt")
        )["data"]["key"],
        "dmFsdWU=",
        "base64 of \"value\""
    );
    let helm = unseal("helm-secrets/secrets.age.yaml", "helm-secrets/key.txt");
    assert_eq!(
        (
            helm["global_secret"].as_str(),
            helm["service"]["port"].as_i64()
        ),
        (Some("global_age"), Some(92))
    );
    assert!(
        helm["key"]
            .as_str()
            .is_some_and(|k| k.len() == 910 && k.starts_with("-----BEGIN PGP MESSAGE-----"))
    );
    let npm = unseal("sops-age-npm/secret.enc.json", "sops-age-npm/key.txt");
    assert_eq!(npm["secret"], "this is a secret");
    assert_eq!(
        npm["int"].as_f64(),
        Some(7.0),
        "JSON ints were stored as type:float by that sops"
    );
    assert_eq!(npm["float"].to_string(), "3.14");
    assert_eq!(npm["boolean"], true);
    assert_eq!(npm["0word"], "gotta match go");
    assert_eq!(npm["complex"]["array"], json!(["one", "two", "three"]));
    for name in [
        "example",
        "empty_value",
        "encrypted_regex",
        "encrypted_suffix",
        "unencrypted_regex",
        "unencrypted_suffix",
        "mac_only_encrypted",
    ] {
        let got = unseal(&format!("rops/age_{name}.yaml"), "rops/age_keys.txt");
        let want = yaml(
            &std::fs::read_to_string(vector(&format!("rops/age_{name}_plaintext.yaml")))
                .expect("plaintext"),
        );
        assert_eq!(got, want, "rops/age_{name}.yaml");
    }
    // The post-quantum recipient needs ML-KEM, which the age crate does not have yet: a clear
    // error, not a crash (documented in the README).
    let (code, _, err) = env.run(&[
        "unseal",
        vector(&format!("{flux}/algorithms-age-pq.yaml"))
            .to_str()
            .expect("path"),
        "-i",
        vector(&format!("{flux}/keys/age-pq.txt"))
            .to_str()
            .expect("path"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("post-quantum (mlkem768x25519) age keys are not supported yet")
            && err.contains("age-pq.txt:3"),
        "{err}"
    );
    let public = std::fs::read_to_string(vector(&format!("{flux}/keys/age-pq.txt")))
        .expect("key")
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(str::to_string))
        .expect("public key line");
    env.write(
        "pq.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n",
    );
    let (code, out, err) = env.run(&["seal", "pq.yaml", "-r", &public]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("not supported yet") && err.lines().count() <= 2,
        "{err}"
    );
}

/// A writable copy of a Flux vector and its key.
fn flux_copy(env: &Env) -> (PathBuf, PathBuf) {
    let file = env.work().join("s.yaml");
    std::fs::copy(
        vector("flux-kustomize-controller/global-secret.yaml"),
        &file,
    )
    .expect("copy");
    let key = env.work().join("age.txt");
    std::fs::write(
        &key,
        std::fs::read(vector("flux-kustomize-controller/keys/age-global.txt")).expect("key"),
    )
    .expect("write");
    set_mode(&key, 0o600);
    (file, key)
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} not in {text}");
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn tampering_is_detected_and_named() {
    let env = Env::new();
    let unseal = |file: &Path, key: &Path| {
        env.run(&[
            "unseal",
            file.to_str().expect("p"),
            "-i",
            key.to_str().expect("p"),
        ])
    };
    // A flipped byte in a value names the key path and its line.
    let (file, key) = flux_copy(&env);
    edit_file(&file, "data:5d9WYyV8eyrOhF/m", "data:5d9WYyV8eyrOhF/n");
    let (code, out, err) = unseal(&file, &key);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("stringData.key: the value does not decrypt") && err.contains("s.yaml:8)"),
        "{err}"
    );
    // A readable field changed after sealing: the MAC.
    let (file, key) = flux_copy(&env);
    edit_file(&file, "namespace: default", "namespace: prod");
    let (code, _, err) = unseal(&file, &key);
    assert_eq!(code, 1);
    assert!(
        err.contains("was changed after it was sealed (metadata or a value); re-seal it"),
        "{err}"
    );
    // Two values swapped: each is bound to its key path.
    let file = env.work().join("example.yaml");
    std::fs::copy(vector("rops/age_example.yaml"), &file).expect("copy");
    let text = std::fs::read_to_string(&file).expect("read");
    let values: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(": ENC[").map(|(_, v)| v))
        .take(2)
        .collect();
    let swapped = text
        .replacen(values[0], "@@A@@", 1)
        .replacen(values[1], values[0], 1)
        .replacen("@@A@@", values[1], 1);
    std::fs::write(&file, swapped).expect("write");
    let rops_key = env.work().join("rops.txt");
    std::fs::write(
        &rops_key,
        std::fs::read(vector("rops/age_keys.txt")).expect("key"),
    )
    .expect("write");
    set_mode(&rops_key, 0o600);
    let (code, _, err) = unseal(&file, &rops_key);
    assert_eq!(code, 1);
    assert!(
        err.contains("does not decrypt: it was changed or moved to another key"),
        "{err}"
    );
    // A truncated wrapped key.
    let (file, key) = flux_copy(&env);
    edit_file(
        &file,
        "        d1vA+h/DFoHDV6fU63n/v0BLmi7q0x10pYj95u1Ef1cP24JC/G+M4g==\n",
        "",
    );
    let (code, _, err) = unseal(&file, &key);
    assert_eq!(code, 1);
    assert!(err.contains("is damaged"), "{err}");
    // An unknown type.
    let (file, key) = flux_copy(&env);
    edit_file(&file, "type:str]", "type:blob]");
    let (code, _, err) = unseal(&file, &key);
    assert_eq!(code, 1);
    assert!(
        err.contains("stringData.key: unknown type:blob") || err.contains("stringData.key"),
        "{err}"
    );
    // The wrong identity lists the file's recipients.
    let (file, _) = flux_copy(&env);
    let (other, _) = keygen(&env, "other.agekey");
    let (code, _, err) = unseal(&file, &other);
    assert_eq!(code, 1);
    assert!(
        err.contains("none of your 1 identity matches the file's recipients age1henwn645drkd..."),
        "{err}"
    );
    assert!(err.contains("hint: pass --identity FILE"), "{err}");
    // Not SOPS at all.
    env.write("plain.yaml", SECRET);
    let (code, _, err) = env.run(&["unseal", "plain.yaml", "-i", "other.agekey"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not a SOPS-encrypted document") && err.contains("hint: seal it first"),
        "{err}"
    );
    assert!(
        !err.contains("correct horse"),
        "never the plaintext in an error"
    );
    // An identity file others can read: a warning, still used.
    let (file, key) = flux_copy(&env);
    set_mode(&key, 0o644);
    let (code, _, err) = unseal(&file, &key);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning:") && err.contains("chmod 600"),
        "{err}"
    );
}

// ---- round trips -----------------------------------------------------------------------------

#[test]
fn seal_and_unseal_round_trip_through_every_path() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "gke.agekey");
    let (key2, recipient2) = keygen(&env, "eks.agekey");
    set_mode(&key, 0o600);
    env.write("secret.yaml", SECRET);
    // stdout
    let (code, sealed, err) =
        env.run(&["seal", "secret.yaml", "-r", &recipient, "-r", &recipient2]);
    assert_eq!(code, 0, "{err}");
    for plain in ["correct horse", "postgres://", "c2VjcmV0LXRva2Vu"] {
        assert!(!sealed.contains(plain), "plaintext leaked: {plain}");
    }
    let v = yaml(&sealed);
    assert_eq!(
        v["metadata"],
        bound(SECRET)["metadata"],
        "metadata stays readable"
    );
    assert_eq!(v["sops"]["age"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["sops"]["encrypted_regex"], "^(data|stringData)$");
    assert!(
        v["sops"]["version"]
            .as_str()
            .is_some_and(|s| s.split('.').count() == 3)
    );
    // stdin -> file -> unseal with either key
    let (code, _, err) = {
        let mut cmd = env.cmd();
        split(
            cmd.args([
                "seal",
                "-",
                "--out",
                "sealed.yaml",
                "-r",
                &recipient,
                "-r",
                &recipient2,
            ])
            .write_stdin(SECRET)
            .output()
            .expect("run"),
        )
    };
    assert_eq!(code, 0, "{err}");
    for k in [&key, &key2] {
        let (code, out, err) = env.run(&["unseal", "sealed.yaml", "-i", k.to_str().expect("p")]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(yaml(&out), bound(SECRET));
    }
    // SOPS_AGE_KEY_FILE, SOPS_AGE_KEY and keys.txt are found without --identity.
    let key_text = std::fs::read_to_string(&key).expect("key");
    assert_eq!(
        run_env(
            &env,
            &["unseal", "sealed.yaml"],
            &[("SOPS_AGE_KEY_FILE", key.to_str().expect("p"))]
        )
        .0,
        0
    );
    assert_eq!(
        run_env(
            &env,
            &["unseal", "sealed.yaml"],
            &[("SOPS_AGE_KEY", &key_text)]
        )
        .0,
        0
    );
    let (code, _, err) = env.run(&["unseal", "sealed.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("no age identity"), "{err}");
    std::fs::create_dir_all(env.home().join(".config/sops/age")).expect("mkdir");
    std::fs::write(env.home().join(".config/sops/age/keys.txt"), &key_text).expect("write");
    set_mode(&env.home().join(".config/sops/age/keys.txt"), 0o600);
    assert_eq!(env.run(&["unseal", "sealed.yaml"]).0, 0);
    // --raw and --key
    let (_, out, _) = env.run(&["unseal", "sealed.yaml", "--raw", "--key", "token"]);
    assert_eq!(
        out, "secret-token",
        "data values are base64-decoded, nothing added"
    );
    let (_, out, _) = env.run(&["unseal", "sealed.yaml", "--raw"]);
    assert_eq!(
        out,
        "correct horse battery staple\npostgres://app@db:5432/app\nsecret-token\n"
    );
    // --out writes 0600
    assert_eq!(
        env.run(&["unseal", "sealed.yaml", "--out", "plain.yaml"]).0,
        0
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(env.work().join("plain.yaml"))
            .expect("meta")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    // --in-place, and never twice
    env.write("inplace.yaml", SECRET);
    assert_eq!(
        env.run(&["seal", "inplace.yaml", "--in-place", "-r", &recipient])
            .0,
        0
    );
    let (code, _, err) = env.run(&["seal", "inplace.yaml", "--in-place", "-r", &recipient]);
    assert_eq!(code, 1);
    assert!(
        err.contains("already sealed") && err.contains("inplace.yaml"),
        "{err}"
    );
}

#[test]
fn multi_document_fan_out_and_create() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    let k = key.to_str().expect("p").to_string();
    let second = SECRET.replace("name: db", "name: cache");
    env.write("both.yaml", &format!("{SECRET}---\n{second}"));
    let (code, _, err) = env.run(&["seal", "both.yaml", "-r", &recipient]);
    assert_eq!(code, 2, "several Secrets need --out-dir");
    assert!(err.contains("--out-dir"), "{err}");
    let (code, _, err) = env.run(&["seal", "both.yaml", "-r", &recipient, "--out-dir", "sealed"]);
    assert_eq!(code, 0, "{err}");
    for name in ["shop.db.yaml", "shop.cache.yaml"] {
        let (code, out, err) = env.run(&["unseal", &format!("sealed/{name}"), "-i", &k]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("correct horse"), "{out}");
    }
    // One Secret, many namespaces, each with its own data key.
    let (code, _, err) = env.run(&[
        "seal",
        "both.yaml",
        "-r",
        &recipient,
        "--out-dir",
        "tls",
        "--namespaces",
        "a,b",
    ]);
    assert_eq!(code, 0, "{err}");
    let a = std::fs::read_to_string(env.work().join("tls/a.db.yaml")).expect("a");
    let b = std::fs::read_to_string(env.work().join("tls/b.db.yaml")).expect("b");
    assert_ne!(
        yaml(&a)["sops"]["age"][0]["enc"],
        yaml(&b)["sops"]["age"][0]["enc"]
    );
    let (_, out, _) = env.run(&["unseal", "tls/b.db.yaml", "-i", &k]);
    assert_eq!(yaml(&out)["metadata"]["namespace"], "b");
    // A non-Secret document is named.
    env.write(
        "mixed.yaml",
        &format!("{SECRET}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cfg}}\n"),
    );
    let (code, _, err) = env.run(&["seal", "mixed.yaml", "-r", &recipient, "--out-dir", "x"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("ConfigMap cfg is not a Secret") && err.contains("mixed.yaml:"),
        "{err}"
    );
    assert!(
        !env.work().join("x").exists(),
        "nothing written when one document fails"
    );
    // No recipients at all.
    let (code, _, err) = env.run(&["seal", "both.yaml", "--out-dir", "y"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no recipients") && err.contains("hint:"),
        "{err}"
    );
    // seal create: literals, files and env files; plaintext never written.
    env.write("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n");
    env.write("app.env", "# comment\nUSER=app\nMODE=prod\n");
    let (code, _, err) = env.run(&[
        "seal",
        "create",
        "app",
        "-n",
        "shop",
        "--from-literal",
        "password=hunter2",
        "--from-file",
        "ca.crt=ca.pem",
        "--from-env-file",
        "app.env",
        "-r",
        &recipient,
        "--out",
        "app.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    let sealed = std::fs::read_to_string(env.work().join("app.yaml")).expect("sealed");
    assert!(
        !sealed.contains("hunter2") && !sealed.contains("aHVudGVyMg=="),
        "{sealed}"
    );
    let (_, out, _) = env.run(&["unseal", "app.yaml", "-i", &k]);
    let v = yaml(&out);
    assert_eq!(
        v["metadata"],
        json!({"name": "app", "namespace": "shop",
            "annotations": {"abema.dev/sealed-for": "abema.dev/v1 namespace=shop name=app"}})
    );
    assert_eq!(v["data"]["password"], "aHVudGVyMg==");
    assert_eq!(v["data"]["USER"], "YXBw");
    assert!(v["data"]["ca.crt"].is_string());
}

/// Lines of a sealed file that differ between two versions.
fn changed_lines(a: &str, b: &str) -> Vec<String> {
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.split(':').next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn edit_set_unset_keep_unchanged_ciphertexts() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    let k = key.to_str().expect("p").to_string();
    env.write("s.yaml", SECRET);
    assert_eq!(
        env.run(&["seal", "s.yaml", "--in-place", "-r", &recipient])
            .0,
        0
    );
    let before = std::fs::read_to_string(env.work().join("s.yaml")).expect("read");
    // set: only that value (and the MAC/lastmodified) change.
    let (code, _, err) = env.run(&[
        "seal",
        "set",
        "s.yaml",
        "password",
        "new-password",
        "-i",
        &k,
    ]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(env.work().join("s.yaml")).expect("read");
    let changed = changed_lines(&before, &after);
    assert!(changed.contains(&"password".to_string()), "{changed:?}");
    assert!(
        !changed.contains(&"url".to_string()) && !changed.contains(&"token".to_string()),
        "{changed:?}"
    );
    let (_, out, _) = env.run(&["unseal", "s.yaml", "--raw", "--key", "password", "-i", &k]);
    assert_eq!(out, "new-password");
    // edit through $EDITOR (a script), in a private temp dir that is empty afterwards.
    let tmp = env.work().join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    env.write(
        "editor.sh",
        "#!/bin/sh\nsed -i 's|postgres://app@db:5432/app|postgres://app@db2:5432/app|' \"$1\"\n",
    );
    set_mode(&env.work().join("editor.sh"), 0o755);
    let editor = env.work().join("editor.sh");
    let before = after;
    let (code, _, err) = run_env(
        &env,
        &["seal", "edit", "s.yaml", "-i", &k],
        &[
            ("EDITOR", editor.to_str().expect("p")),
            ("TMPDIR", tmp.to_str().expect("p")),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(env.work().join("s.yaml")).expect("read");
    let changed = changed_lines(&before, &after);
    assert!(
        changed.contains(&"url".to_string()) && !changed.contains(&"password".to_string()),
        "{changed:?}"
    );
    assert_eq!(
        std::fs::read_dir(&tmp).expect("ls").count(),
        0,
        "edit leaves no temp file"
    );
    // An editor that fails changes nothing and still cleans up.
    let (code, _, _) = run_env(
        &env,
        &["seal", "edit", "s.yaml", "-i", &k],
        &[("EDITOR", "false"), ("TMPDIR", tmp.to_str().expect("p"))],
    );
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(env.work().join("s.yaml")).expect("read"),
        after
    );
    assert_eq!(std::fs::read_dir(&tmp).expect("ls").count(), 0);
    // unset
    assert_eq!(
        env.run(&["seal", "unset", "s.yaml", "data.token", "-i", &k])
            .0,
        0
    );
    let (_, out, _) = env.run(&["unseal", "s.yaml", "-i", &k]);
    assert!(yaml(&out)["data"].get("token").is_none(), "{out}");
    let (code, _, err) = env.run(&["seal", "unset", "s.yaml", "data.token", "-i", &k]);
    assert_eq!(code, 1);
    assert!(err.contains("no key data.token"), "{err}");
}

#[test]
fn updatekeys_rotate_status_verify_follow_the_sops_config() {
    let env = Env::new();
    let (gke, gke_r) = keygen(&env, "gke.agekey");
    let (eks, eks_r) = keygen(&env, "eks.agekey");
    let g = gke.to_str().expect("p").to_string();
    env.write(".sops.yaml", &format!("creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {gke_r}\n    encrypted_regex: ^(data|stringData)$\n"));
    env.write("secrets/db.yaml", SECRET);
    let (code, _, err) = env.run(&["seal", "secrets/db.yaml", "--in-place"]);
    assert_eq!(code, 0, "recipients from .sops.yaml: {err}");
    let (code, out, _) = env.run(&["seal", "status", "secrets/db.yaml", "-o", "json"]);
    assert_eq!(code, 0);
    let st = serde_json::from_str::<Value>(&out).expect("json")["files"][0].clone();
    assert_eq!(
        (
            st["sealed"].clone(),
            st["recipients"].clone(),
            st["matchesConfig"].clone()
        ),
        (json!(true), json!([gke_r]), json!(true))
    );
    // The config gains the EKS key: status and check notice, updatekeys fixes it.
    env.write(
        ".sops.yaml",
        &format!("creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: {gke_r},{eks_r}\n"),
    );
    let (code, out, _) = env.run(&["seal", "check", "secrets"]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("recipients") && out.contains("seal updatekeys"),
        "{out}"
    );
    let before = std::fs::read_to_string(env.work().join("secrets/db.yaml")).expect("read");
    let (code, out, err) = env.run(&["seal", "updatekeys", "secrets/db.yaml", "-i", &g]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("recipients +age1"), "{out}");
    let after = std::fs::read_to_string(env.work().join("secrets/db.yaml")).expect("read");
    assert_eq!(
        yaml(&before)["stringData"],
        yaml(&after)["stringData"],
        "values untouched"
    );
    assert_eq!(
        env.run(&["unseal", "secrets/db.yaml", "-i", eks.to_str().expect("p")])
            .0,
        0,
        "the new key opens it"
    );
    assert_eq!(env.run(&["seal", "check", "secrets"]).0, 0);
    let (_, out, _) = env.run(&["seal", "updatekeys", "secrets/db.yaml", "-i", &g]);
    assert!(out.contains("unchanged"), "{out}");
    // rotate: new data key, every value re-encrypted.
    let (code, out, _) = env.run(&["seal", "rotate", "secrets/db.yaml", "-i", &g]);
    assert_eq!(code, 0);
    assert!(out.contains("new data key, 3 values re-encrypted"), "{out}");
    let rotated = std::fs::read_to_string(env.work().join("secrets/db.yaml")).expect("read");
    assert_ne!(
        yaml(&rotated)["stringData"]["password"],
        yaml(&after)["stringData"]["password"]
    );
    let (code, out, _) = env.run(&["seal", "verify", "secrets/db.yaml", "-i", &g]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ok (3 values, MAC verified, bound to shop/db)")
            && !out.contains("correct horse"),
        "{out}"
    );
}

#[test]
fn check_blocks_plaintext_secrets_and_is_part_of_check() {
    let env = Env::new();
    env.write("k8s/secret.yaml", SECRET);
    env.write(
        "k8s/empty.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: e}\ndata: {}\n",
    );
    let (code, out, err) = env.run(&["seal", "check", "k8s"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains(
            "plaintext stringData.password, stringData.url, data.token (values not shown)"
        ),
        "{out}"
    );
    assert!(
        !out.contains("correct horse") && !out.contains("c2VjcmV0"),
        "{out}"
    );
    assert!(
        out.contains("k8s/secret.yaml:9"),
        "the first plaintext value: {out}"
    );
    let (code, out, _) = env.run(&["check", "k8s", "-o", "json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["checks"][2]["name"], "secrets");
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(
        findings.iter().filter(|f| f["check"] == "secrets").count(),
        1,
        "{out}"
    );
}

#[test]
fn keygen_is_private_and_never_overwrites() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).expect("meta").permissions().mode() & 0o777,
        0o600
    );
    assert!(recipient.starts_with("age1"));
    let before = std::fs::read(&key).expect("read");
    let (code, _, err) = env.run(&["seal", "keygen", "--out", "k.agekey"]);
    assert_eq!(code, 1);
    assert!(err.contains("never overwrites"), "{err}");
    assert_eq!(std::fs::read(&key).expect("read"), before);
    let (code, out, _) = env.run(&[
        "seal",
        "keygen",
        "--flux-secret",
        "sops-age",
        "-n",
        "flux-system",
    ]);
    assert_eq!(code, 0);
    let docs: Vec<&str> = out.split("---\n").collect();
    let secret = yaml(docs[1]);
    assert_eq!(
        secret["metadata"],
        json!({"name": "sops-age", "namespace": "flux-system"})
    );
    assert!(
        secret["stringData"]["age.agekey"]
            .as_str()
            .is_some_and(|k| k.contains("AGE-SECRET-KEY-1"))
    );
}

// ---- interoperability ------------------------------------------------------------------------

/// Debian's `age` CLI unwraps every `sops.age[].enc` of our output to exactly 32 bytes.
#[test]
#[ignore = "needs age"]
fn age_cli_unwraps_every_data_key() {
    require_tool("age");
    let env = Env::new();
    let (k1, r1) = keygen(&env, "one.agekey");
    let (k2, r2) = keygen(&env, "two.agekey");
    env.write("s.yaml", SECRET);
    let (_, sealed, _) = env.run(&["seal", "s.yaml", "-r", &r1, "-r", &r2]);
    let v = yaml(&sealed);
    let entries = v["sops"]["age"].as_array().expect("age");
    for (entry, key) in entries.iter().zip([&k1, &k2]) {
        let enc = env.write("enc.age", entry["enc"].as_str().expect("enc"));
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(key)
            .arg(&enc)
            .output()
            .expect("age");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout.len(), 32, "the data key");
    }
}

/// The npm `sops-age` package (an independent JavaScript implementation) decrypts our files.
#[test]
#[ignore = "needs node and sops-age"]
fn sops_age_npm_decrypts_what_we_seal() {
    let module = root().join("target/interop/node_modules/sops-age");
    require_tool("node");
    common::require_file(&module.join("package.json"), "scripts/test.sh");
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    env.write("s.yaml", SECRET);
    assert_eq!(
        env.run(&["seal", "s.yaml", "--out", "sealed.yaml", "-r", &recipient])
            .0,
        0
    );
    let identity = std::fs::read_to_string(&key)
        .expect("key")
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .expect("identity")
        .to_string();
    let script = format!(
        "const {{ decryptSops }} = require({module:?});\n\
         decryptSops({{ path: {path:?}, secretKey: process.env.KEY }}).then(v => console.log(JSON.stringify(v)), e => {{ console.error(String(e)); process.exit(1); }});\n",
        module = module.display().to_string(),
        path = env.work().join("sealed.yaml").display().to_string(),
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .env("KEY", identity)
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["stringData"]["password"], "correct horse battery staple");
    assert_eq!(v["data"]["token"], "c2VjcmV0LXRva2Vu");
    assert_eq!(v["metadata"]["namespace"], "shop");
}

/// SSH public keys are recipients and SSH private keys identities, as age supports.
#[test]
#[ignore = "needs ssh-keygen"]
fn ssh_keys_seal_and_unseal() {
    require_tool("ssh-keygen");
    let env = Env::new();
    let key = env.work().join("id_ed25519");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(key.with_extension("pub")).expect("pub");
    env.write("s.yaml", SECRET);
    let (code, _, err) = env.run(&[
        "seal",
        "s.yaml",
        "--out",
        "sealed.yaml",
        "-r",
        public.trim(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = env.run(&["unseal", "sealed.yaml", "-i", key.to_str().expect("p")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(yaml(&out), bound(SECRET));
}

/// One limit for every reader: a Secret whose sealed file is just under it seals and unseals;
/// one whose sealed file would be over it is refused before anything is written. Budget
/// breaches are sentences, never a library's debug output.
#[test]
fn the_size_limit_holds_both_ways() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    let k = key.to_str().expect("p");
    let big = |n: usize| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\n  namespace: shop\nstringData:\n  blob: {}\n",
            "x".repeat(n)
        )
    };
    env.write("under.yaml", &big(48_000_000));
    let (code, _, err) = env.run(&[
        "seal",
        "under.yaml",
        "--out",
        "under.sealed.yaml",
        "-r",
        &recipient,
    ]);
    assert_eq!(code, 0, "{err}");
    let size = std::fs::metadata(env.work().join("under.sealed.yaml"))
        .expect("stat")
        .len();
    assert!(
        size > 60 << 20 && size <= 64 << 20,
        "just under the limit: {size}"
    );
    let (code, out, err) = env.run(&["seal", "verify", "under.sealed.yaml", "-i", k]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok (1 values"), "{out}");
    let (code, out, err) = env.run(&["unseal", "under.sealed.yaml", "-i", k, "--raw"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.len(), 48_000_001);
    env.write("over.yaml", &big(50_500_000));
    let (code, _, err) = env.run(&[
        "seal",
        "over.yaml",
        "--out",
        "over.sealed.yaml",
        "-r",
        &recipient,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("over the 64 MiB limit of every reader") && err.contains("over.yaml:"),
        "{err}"
    );
    assert!(!env.work().join("over.sealed.yaml").exists());
    // A budget breach reads as a sentence.
    let nested = format!("a: {}1{}\n", "[".repeat(70), "]".repeat(70));
    env.write("deep.yaml", &nested);
    let (code, _, err) = env.run(&["unseal", "deep.yaml", "-i", k]);
    assert_eq!(code, 1);
    assert!(
        err.contains("over the reader's safety limit: it is nested more than 64 levels deep")
            && !err.contains("Depth {"),
        "{err}"
    );
}

/// Many files in one process: unseal to one stream or one file each, verify quietly.
#[test]
fn many_files_in_one_process() {
    let env = Env::new();
    let (key, recipient) = keygen(&env, "k.agekey");
    let k = key.to_str().expect("p");
    env.write("a.yaml", SECRET);
    env.write("b.yaml", &SECRET.replace("name: db", "name: cache"));
    for f in ["a", "b"] {
        let (code, _, err) =
            env.run(&["seal", &format!("{f}.yaml"), "--in-place", "-r", &recipient]);
        assert_eq!(code, 0, "{err}");
    }
    let (code, out, err) = env.run(&["unseal", "a.yaml", "b.yaml", "-i", k]);
    assert_eq!(code, 0, "{err}");
    let docs: Vec<Value> = serde_saphyr::from_multiple(&out).expect("stream");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["metadata"]["name"], "cache");
    let (code, _, err) = env.run(&["unseal", "a.yaml", "b.yaml", "--out-dir", "plain", "-i", k]);
    assert_eq!(code, 0, "{err}");
    for f in ["a.yaml", "b.yaml"] {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(env.work().join("plain").join(f)).expect("written");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let (code, out, err) = env.run(&["seal", "verify", "-q", "a.yaml", "b.yaml", "-i", k]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "quiet on success"
    );
    // One bad file among good ones: named, the others still verified, exit 1.
    env.write(
        "c.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: c}\n",
    );
    let (code, out, err) = env.run(&["seal", "verify", "a.yaml", "c.yaml", "b.yaml", "-i", k]);
    assert_eq!(code, 1);
    assert!(
        out.contains("a.yaml: ok") && out.contains("b.yaml: ok"),
        "{out}"
    );
    assert!(
        err.contains("not a SOPS-encrypted document") && err.contains("c.yaml:"),
        "{err}"
    );
    let (code, _, err) = env.run(&["unseal", "a.yaml", "--out", "x.yaml", "b.yaml", "-i", k]);
    assert_eq!(code, 2, "{err}");
}

/// The help says exactly what is bound, and promises nothing more.
#[test]
fn help_describes_the_binding_as_enforced() {
    let env = Env::new();
    let (code, help, _) = env.run(&["seal", "--help"]);
    assert_eq!(code, 0);
    for needle in [
        "abema.dev/sealed-for",
        "metadata.namespace",
        "metadata.name",
        "generateName",
        "--no-namespace",
        "mac_only_encrypted",
    ] {
        assert!(help.contains(needle), "seal --help lacks {needle}:\n{help}");
    }
    assert!(
        !help.contains("cannot be moved to another namespace or renamed"),
        "the old unqualified promise is gone"
    );
    let (_, help, _) = env.run(&["unseal", "--help"]);
    assert!(
        help.contains("abema.dev/sealed-for") && help.contains("Exit codes"),
        "{help}"
    );
}
