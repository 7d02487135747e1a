//! "Did you mean": the name of a set nearest to a given one by edit distance.

use std::collections::BTreeSet;

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The bound group closest to `group`, if one is near (a likely typo).
pub(super) fn closest<'a>(group: &str, bound: &'a BTreeSet<String>) -> Option<&'a String> {
    bound
        .iter()
        .map(|b| {
            (
                if b.eq_ignore_ascii_case(group) {
                    0
                } else {
                    distance(group, b)
                },
                b,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_group() {
        let bound: BTreeSet<String> = [
            "platform:editors".to_string(),
            "platform:viewers".to_string(),
        ]
        .into();
        assert_eq!(
            closest("platfrom:editors", &bound).map(String::as_str),
            Some("platform:editors")
        );
        assert_eq!(
            closest("Platform:Editors", &bound).map(String::as_str),
            Some("platform:editors")
        );
        assert!(closest("finance", &bound).is_none());
    }
}
