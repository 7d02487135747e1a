//! Kubernetes object names as they reach file names: validated before anything is written,
//! and joined to an output directory so that the result can only be inside it.
//!
//! The rules are the API server's: a Secret's `metadata.name` is a DNS-1123 subdomain (at most
//! 253 characters of `a-z`, `0-9`, `-` and `.`, starting and ending alphanumeric), a namespace a
//! DNS-1123 label (at most 63 characters of `a-z`, `0-9` and `-`, starting and ending
//! alphanumeric). Neither can hold `/`, `..` as a whole name, or a leading dot, so a valid name
//! never leaves the directory it is joined to; [`out_path`] checks the joined path anyway.

use std::path::{Component, Path, PathBuf};

fn alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn label_problem(label: &str) -> Option<&'static str> {
    if label.is_empty() {
        return Some("is empty");
    }
    if !label.chars().all(|c| alnum(c) || c == '-') {
        return Some("may hold only lower-case letters, digits and '-'");
    }
    if !label.starts_with(alnum) || !label.ends_with(alnum) {
        return Some("must start and end with a letter or digit");
    }
    None
}

/// Why `name` is not a valid Secret name (DNS-1123 subdomain), if it is not.
pub fn name_problem(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some(format!("is {} characters long (at most 253)", name.len()));
    }
    if name.is_empty() {
        return Some("is empty".into());
    }
    for label in name.split('.') {
        if let Some(p) = label_problem(label) {
            return Some(if label.is_empty() {
                "has an empty part between dots (or starts or ends with a dot)".into()
            } else {
                format!(
                    "{p} (in each dot-separated part, as in a DNS name: lower-case letters, digits, '-', '.')"
                )
            });
        }
    }
    None
}

/// Why `namespace` is not a valid namespace name (DNS-1123 label), if it is not.
pub fn namespace_problem(namespace: &str) -> Option<String> {
    if namespace.len() > 63 {
        return Some(format!(
            "is {} characters long (at most 63)",
            namespace.len()
        ));
    }
    label_problem(namespace).map(|p| {
        if namespace.is_empty() {
            p.to_string()
        } else {
            format!("{p} (a DNS label)")
        }
    })
}

/// `<dir>/<namespace>.<name>.yaml` (or `<name>.yaml`), for names that passed
/// [`name_problem`]/[`namespace_problem`]. `None` when the joined path would not be a plain file
/// name inside `dir` (a name the validators let through by mistake still cannot escape).
pub fn out_path(dir: &Path, namespace: Option<&str>, name: &str) -> Option<PathBuf> {
    let file = match namespace {
        Some(ns) => format!("{ns}.{name}.yaml"),
        None => format!("{name}.yaml"),
    };
    let mut components = Path::new(&file).components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(c)), None) if c == file.as_str() && !file.starts_with('.') => {
            Some(dir.join(file))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_api_server() {
        for ok in ["db", "db-1", "a.b.c", "0", &"a".repeat(253)] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "../../evil",
            "/abs",
            "a/b",
            ".",
            "..",
            ".hidden",
            "Upper",
            "a_b",
            "-a",
            "a-",
            "a..b",
            "a\nb",
            "ä",
            &"a".repeat(254),
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        for ok in ["shop", "shop-staging", "a1", &"a".repeat(63)] {
            assert_eq!(namespace_problem(ok), None, "{ok}");
        }
        for bad in ["", "a.b", "Bad_NS", "/abs", "..", "-x", &"a".repeat(64)] {
            assert!(namespace_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn out_path_stays_inside_the_directory() {
        let dir = Path::new("/out");
        assert_eq!(
            out_path(dir, Some("shop"), "db"),
            Some(PathBuf::from("/out/shop.db.yaml"))
        );
        assert_eq!(
            out_path(dir, None, "db"),
            Some(PathBuf::from("/out/db.yaml"))
        );
        assert_eq!(out_path(dir, Some(".."), "x"), None);
        assert_eq!(out_path(dir, None, "../../evil"), None);
        assert_eq!(out_path(dir, Some("/abs"), "x"), None);
        assert_eq!(out_path(dir, None, ""), None);
    }
}
