//! The rule catalogue: every rule id `check` can emit, with a one-line description and a help
//! URL that points at the rule's heading in the README's "Check rules" section
//! (`https://github.com/abema/kubectl-abema#nodepoolpool-affinity`). SARIF's rules and the
//! findings' `helpUri` come from here; a finding stores only its rule id, and its URL is
//! looked up when it is written out.

use std::collections::BTreeSet;

/// The project page: SARIF's `informationUri` and the base of every help URL.
pub const HOME: &str = "https://github.com/abema/kubectl-abema";

/// The README section that lists the rules (the help URL of an id not in the catalogue).
pub const SECTION: &str = "https://github.com/abema/kubectl-abema#check-rules";

/// One rule: its id (`check/rule`, or `input-error`), what it checks, where it is explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub description: &'static str,
    /// `HOME#anchor`: GitHub's anchor of the README heading that is the id itself.
    pub help_uri: &'static str,
}

/// `rule!("nodepool/pool-affinity", "nodepoolpool-affinity", "...")`: the anchor is written
/// out because `concat!` takes literals only; a test checks it is GitHub's anchor of the id.
macro_rules! rule {
    ($id:literal, $anchor:literal, $description:literal) => {
        Rule {
            id: $id,
            description: $description,
            help_uri: concat!("https://github.com/abema/kubectl-abema#", $anchor),
        }
    };
}

/// Every rule, in the README's order.
pub const RULES: &[Rule] = &[
    rule!(
        "deprecations/removed-api",
        "deprecationsremoved-api",
        "An API version the target Kubernetes release no longer serves: the manifest fails to apply."
    ),
    rule!(
        "deprecations/deprecated-api",
        "deprecationsdeprecated-api",
        "An API version that is deprecated at the target Kubernetes release and will be removed."
    ),
    rule!(
        "deprecations/upcoming-api",
        "deprecationsupcoming-api",
        "An API version deprecated only after the target release, or one ignored in .abema.yaml."
    ),
    rule!(
        "nodepool/pool-affinity",
        "nodepoolpool-affinity",
        "A workload must require exactly one canonical node pool through its node affinity."
    ),
    rule!(
        "nodepool/priority-class",
        "nodepoolpriority-class",
        "A workload must carry the priority class of the pool it is placed on."
    ),
    rule!(
        "nodepool/pool-shape",
        "nodepoolpool-shape",
        "A workload's memory per vCPU must match its pool's shape (cpu or mem)."
    ),
    rule!(
        "nodepool/fit",
        "nodepoolfit",
        "A workload's pod requests must fit one node of its pool on both clouds."
    ),
    rule!(
        "nodepool/balloon",
        "nodepoolballoon",
        "A workload's pod should fit one balloon pod of its autoscaled pool (a warning)."
    ),
    rule!(
        "nodepool/requests",
        "nodepoolrequests",
        "A workload's CPU and memory requests must be readable and present."
    ),
    rule!(
        "secrets/plaintext",
        "secretsplaintext",
        "A Secret is committed unsealed, or a value of a sealed one is stored readable."
    ),
    rule!(
        "secrets/recipients",
        "secretsrecipients",
        "A sealed Secret is not sealed for the recipients .sops.yaml names for its path."
    ),
    rule!(
        "secrets/integrity",
        "secretsintegrity",
        "A sealed Secret's metadata, MAC or ciphertext does not verify: edited or damaged."
    ),
    rule!(
        "secrets/binding",
        "secretsbinding",
        "A sealed Secret's name or namespace is not the one it was sealed for."
    ),
    rule!(
        "secrets/leftover",
        "secretsleftover",
        "A temporary file left by an interrupted edit, which may hold plaintext."
    ),
    rule!(
        "rbac/privilege",
        "rbacprivilege",
        "A role bound to non-owners grants Secrets, escalation or a path to them."
    ),
    rule!(
        "input-error",
        "input-error",
        "An input that could not be read: no check can say it is fine."
    ),
];

/// The catalogue's entry for `check/rule` (`input-error` has no check: pass `""`).
pub fn find(check: &str, rule: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| match r.id.split_once('/') {
        Some((c, name)) => c == check && name == rule,
        None => check.is_empty() && r.id == rule,
    })
}

/// The entry for a whole id (`nodepool/fit`, `input-error`).
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The help URL of `check/rule`: the rule's README heading, else the section of all rules.
pub fn help_uri(check: &str, rule: &str) -> &'static str {
    find(check, rule).map_or(SECTION, |r| r.help_uri)
}

/// GitHub's anchor of a README heading: lowercased, punctuation other than `-` and `_`
/// dropped, spaces turned into `-` (a repeated heading would get `-1`, `-2`: see the tests).
pub fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor the headings of a Markdown text get on GitHub (fenced code skipped; a repeated
/// heading numbered `-1`, `-2` as GitHub does). The tests check the help URLs against the
/// README with it.
pub fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let heading = line.trim_start_matches('#');
        if fenced || heading.len() == line.len() || !heading.starts_with(' ') {
            continue;
        }
        let anchor = github_anchor(heading);
        let mut unique = anchor.clone();
        let mut n = 0;
        while anchors.contains(&unique) {
            n += 1;
            unique = format!("{anchor}-{n}");
        }
        anchors.insert(unique);
    }
    anchors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deprecations::Status;

    fn readme_anchors() -> BTreeSet<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        anchors(&std::fs::read_to_string(path).expect("README.md"))
    }

    #[test]
    fn every_help_uri_is_a_readme_heading_named_by_the_rule_id() {
        let anchors = readme_anchors();
        assert!(anchors.contains("check-rules"), "{SECTION}");
        assert!(SECTION.starts_with(HOME));
        for r in RULES {
            let anchor = github_anchor(r.id);
            assert_eq!(r.help_uri, format!("{HOME}#{anchor}"), "{}", r.id);
            assert!(
                anchors.contains(&anchor),
                "README.md has no `#### {}`",
                r.id
            );
            assert!(
                !r.description.is_empty() && !r.description.contains('\n'),
                "{}",
                r.id
            );
        }
        let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len(), "each id once");
    }

    #[test]
    fn github_anchors() {
        assert_eq!(
            github_anchor(" nodepool/pool-affinity"),
            "nodepoolpool-affinity"
        );
        assert_eq!(
            github_anchor(" `kubectl abema check [PATH...]`"),
            "kubectl-abema-check-path"
        );
        assert_eq!(github_anchor("Check rules"), "check-rules");
        let md = "# A b\n```\n# not a heading\n```\n## A b\n#no\n";
        let got: Vec<String> = anchors(md).into_iter().collect();
        assert_eq!(got, ["a-b", "a-b-1"]);
    }

    /// The catalogue is exactly the rules the checks emit: each check's list of its rules is
    /// in it, and nothing else is (the checks assert, in debug builds, that what they emit is
    /// on their list).
    #[test]
    fn the_catalogue_is_every_rule_the_checks_emit() {
        let statuses = [Status::Removed, Status::Deprecated, Status::Upcoming];
        // A new status is a compile error here until it is listed above.
        for s in statuses {
            match s {
                Status::Removed | Status::Deprecated | Status::Upcoming => {}
            }
        }
        let mut emitted: BTreeSet<String> = statuses
            .iter()
            .map(|s| format!("deprecations/{}-api", s.as_str()))
            .collect();
        emitted.extend(
            crate::nodepool::lint::RULES
                .iter()
                .map(|r| format!("nodepool/{r}")),
        );
        emitted.extend(
            crate::seal::check::RULES
                .iter()
                .map(|r| format!("secrets/{r}")),
        );
        emitted.extend(crate::rbac::lint::RULES.iter().map(|r| format!("rbac/{r}")));
        emitted.insert("input-error".into());
        let catalogue: BTreeSet<String> = RULES.iter().map(|r| r.id.to_string()).collect();
        assert_eq!(emitted, catalogue);
        for id in &emitted {
            let (check, rule) = id.split_once('/').unwrap_or(("", id));
            assert_ne!(help_uri(check, rule), SECTION, "{id}");
            assert_eq!(by_id(id).map(|r| r.help_uri), Some(help_uri(check, rule)));
        }
        assert_eq!(help_uri("nodepool", "no-such-rule"), SECTION);
    }
}
