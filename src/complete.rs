//! Answers kubectl's plugin completion (kubectl >= 1.26, the cobra `__complete` protocol).
//!
//! kubectl runs `kubectl_complete-abema WORD...` with the words typed after `abema` (the last
//! one is the word being completed, possibly empty) and reads one candidate per line
//! (`candidate<TAB>description`), then a final `:<directive>` line. We walk the same clap tree
//! the parser uses, so completion can never drift from the CLI.

use clap::Command;

/// cobra's `ShellCompDirectiveDefault`: let the shell complete file names.
pub const DIRECTIVE_FILES: u32 = 0;
/// cobra's `ShellCompDirectiveNoFileComp`: only our candidates.
pub const DIRECTIVE_NO_FILES: u32 = 4;

/// Candidates (with optional descriptions) and the cobra directive for `words`.
pub fn complete(root: &Command, words: &[String]) -> (Vec<(String, String)>, u32) {
    let mut root = root.clone();
    root.build();
    let (current, previous) = match words.split_last() {
        Some((cur, prev)) => (cur.as_str(), prev),
        None => ("", &[][..]),
    };
    let mut cmd = &root;
    let mut pending_value: Option<&clap::Arg> = None;
    let mut after_double_dash = false;
    for word in previous {
        if let Some(arg) = pending_value.take() {
            let _ = arg;
            continue;
        }
        if after_double_dash {
            continue;
        }
        if word == "--" {
            after_double_dash = true;
        } else if let Some(long) = word.strip_prefix("--") {
            if !long.contains('=') {
                pending_value = find_long(cmd, long).filter(|a| takes_value(a));
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-o` takes a value; `-qv` are flags; `-ojson` carries its value.
            if let Some(c) = shorts.chars().next()
                && shorts.len() == 1
            {
                pending_value = find_short(cmd, c).filter(|a| takes_value(a));
            }
        } else if let Some(sub) = cmd.find_subcommand(word) {
            cmd = sub;
        }
    }
    if let Some(arg) = pending_value {
        return value_candidates(arg, current);
    }
    if current.starts_with('-') && !after_double_dash {
        if let Some((flag, value)) = current.split_once('=')
            && let Some(arg) = flag.strip_prefix("--").and_then(|l| find_long(cmd, l))
        {
            let (values, directive) = value_candidates(arg, value);
            return (
                values
                    .into_iter()
                    .map(|(v, d)| (format!("{flag}={v}"), d))
                    .collect(),
                directive,
            );
        }
        return (flag_candidates(cmd, current), DIRECTIVE_NO_FILES);
    }
    let subcommands: Vec<(String, String)> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name().starts_with(current))
        .map(|s| (s.get_name().to_string(), about(s.get_about())))
        .collect();
    if cmd.has_subcommands() {
        return (subcommands, DIRECTIVE_NO_FILES);
    }
    let positional = cmd.get_positionals().next();
    match positional {
        Some(arg) if !arg.get_possible_values().is_empty() => value_candidates(arg, current),
        Some(_) => (Vec::new(), DIRECTIVE_FILES),
        None => (Vec::new(), DIRECTIVE_NO_FILES),
    }
}

/// Renders candidates in cobra's format: one per line, then `:<directive>`.
pub fn render(candidates: &[(String, String)], directive: u32) -> String {
    let mut out = String::new();
    for (value, description) in candidates {
        out.push_str(value);
        if !description.is_empty() {
            out.push('\t');
            out.push_str(description);
        }
        out.push('\n');
    }
    out.push_str(&format!(":{directive}\n"));
    out
}

fn find_long<'a>(cmd: &'a Command, long: &str) -> Option<&'a clap::Arg> {
    cmd.get_arguments().find(|a| a.get_long() == Some(long))
}

fn find_short(cmd: &Command, short: char) -> Option<&clap::Arg> {
    cmd.get_arguments().find(|a| a.get_short() == Some(short))
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_action().takes_values()
}

fn value_candidates(arg: &clap::Arg, prefix: &str) -> (Vec<(String, String)>, u32) {
    let values = arg.get_possible_values();
    if values.is_empty() {
        let is_path = matches!(
            arg.get_value_hint(),
            clap::ValueHint::AnyPath | clap::ValueHint::FilePath | clap::ValueHint::DirPath
        );
        return (
            Vec::new(),
            if is_path {
                DIRECTIVE_FILES
            } else {
                DIRECTIVE_NO_FILES
            },
        );
    }
    let candidates = values
        .iter()
        .filter(|v| !v.is_hide_set() && v.get_name().starts_with(prefix))
        .map(|v| (v.get_name().to_string(), about(v.get_help())))
        .collect();
    (candidates, DIRECTIVE_NO_FILES)
}

fn flag_candidates(cmd: &Command, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
    {
        let help = about(arg.get_help());
        if let Some(long) = arg.get_long() {
            let flag = format!("--{long}");
            if flag.starts_with(prefix) {
                out.push((flag, help.clone()));
            }
        }
        if let Some(short) = arg.get_short() {
            let flag = format!("-{short}");
            if prefix.len() <= 2 && flag.starts_with(prefix) && !prefix.starts_with("--") {
                out.push((flag, help));
            }
        }
    }
    out
}

fn about(text: Option<&clap::builder::StyledStr>) -> String {
    text.map(|t| t.to_string().lines().next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    fn names(w: &[&str]) -> (Vec<String>, u32) {
        let (c, d) = complete(&crate::cli::command(), &words(w));
        (c.into_iter().map(|(v, _)| v).collect(), d)
    }

    #[test]
    fn lists_subcommands() {
        let (c, d) = names(&[""]);
        assert!(
            c.contains(&"deprecations".to_string()) && c.contains(&"check".to_string()),
            "{c:?}"
        );
        assert_eq!(d, DIRECTIVE_NO_FILES);
    }

    #[test]
    fn completes_long_flags_including_globals() {
        let (c, _) = names(&["deprecations", "--o"]);
        assert_eq!(c, vec!["--output".to_string()]);
    }

    #[test]
    fn completes_flag_values() {
        let (c, d) = names(&["deprecations", "-o", "js"]);
        assert_eq!(c, vec!["json".to_string()]);
        assert_eq!(d, DIRECTIVE_NO_FILES);
        let (c, _) = names(&["deprecations", "--output=y"]);
        assert_eq!(c, vec!["--output=yaml".to_string()]);
    }

    #[test]
    fn paths_fall_back_to_file_completion() {
        let (c, d) = names(&["deprecations", "-q", ""]);
        assert!(c.is_empty());
        assert_eq!(d, DIRECTIVE_FILES);
    }

    #[test]
    fn renders_cobra_format() {
        assert_eq!(
            render(&[("a".into(), "x".into()), ("b".into(), String::new())], 4),
            "a\tx\nb\n:4\n"
        );
    }
}
