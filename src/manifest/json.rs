//! JSON streams: concatenated values (`{..}{..}`, as `kubectl apply -f` accepts) and
//! top-level arrays of objects, split into one [`Document`] per object without parsing.
//!
//! The split only looks at brackets and double-quoted strings. Each piece is then read by the
//! same YAML parser as every other document (JSON is YAML), so errors, budgets and `List`
//! expansion are the same, and a huge array is read one element at a time. Text that is not a
//! JSON stream (a YAML flow document, comments, single quotes) is left to the YAML reader.

use super::split::Document;

/// The documents of a JSON stream: `None` when `text` is not one (then it is read as YAML),
/// or when it is a single object (the YAML reader reads that the same way).
pub fn split<'a>(text: &'a str) -> Option<Vec<Document<'a>>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if !matches!(b.get(i), Some(b'{' | b'[')) {
        return None;
    }
    let mut line = 1 + count_lines(&b[..i]);
    let mut counted = i;
    let mut docs = Vec::new();
    let mut values = 0usize;
    while i < b.len() {
        let mut line_at = |pos: usize| {
            line += count_lines(&b[counted..pos]);
            counted = pos;
            line
        };
        // After a first value, what does not split is the last document: read as YAML, it
        // is reported with its line, and the values before it are still read.
        let rest = |docs: &mut Vec<Document<'a>>, line: usize| {
            push(docs, &text[i..], line);
        };
        let end = match b[i] {
            b'{' | b'[' => value_end(b, i),
            _ => None,
        };
        let Some(end) = end else {
            if values == 0 {
                return None;
            }
            let first_line = line_at(i);
            rest(&mut docs, first_line);
            break;
        };
        match b[i] {
            b'{' => {
                let first_line = line_at(i);
                push(&mut docs, &text[i..end], first_line);
                i = end;
            }
            _ => {
                // Each element of a top-level array is a document of its own.
                let mut j = skip_ws(b, i + 1);
                while j < end - 1 {
                    let element_end = value_end(b, j).filter(|e| *e > j)?;
                    if !matches!(b[j], b'{' | b'[' | b'"') && !json_scalar(&text[j..element_end]) {
                        return None; // `[--- , ...]` is not JSON
                    }
                    let first_line = line_at(j);
                    push(&mut docs, &text[j..element_end], first_line);
                    j = skip_ws(b, element_end);
                    match b.get(j) {
                        Some(b',') => j = skip_ws(b, j + 1),
                        Some(b']') if j == end - 1 => {}
                        _ => return None,
                    }
                }
                i = end;
            }
        }
        values += 1;
        i = skip_ws(b, i);
    }
    let single_object = values == 1 && docs.len() == 1 && b.get(skip_ws(b, 0)) == Some(&b'{');
    (!single_object).then_some(docs)
}

fn push<'a>(docs: &mut Vec<Document<'a>>, text: &'a str, line: usize) {
    docs.push(Document {
        index: docs.len(),
        first_line: line,
        content_line: line,
        text,
    });
}

fn count_lines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// The end (exclusive) of the JSON value starting at `start`: a string, a collection, or a
/// scalar token. `None` for what JSON does not allow (comments, single quotes, unbalanced
/// brackets), so the caller leaves the text to the YAML reader.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i)?,
            b'{' | b'[' => {
                // JSON keys are strings: `{{ .Values.x }}` (a template) is not JSON.
                if b[i] == b'{' && !matches!(b.get(skip_ws(b, i + 1)), Some(b'"' | b'}')) {
                    return None;
                }
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\'' | b'#' => return None,
            b',' | b' ' | b'\t' | b'\r' | b'\n' | b':' if depth > 0 => i += 1,
            b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => return Some(i),
            _ => {
                i += 1;
                if depth == 0
                    && b.get(i)
                        .is_none_or(|c| matches!(c, b',' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
                {
                    return Some(i);
                }
            }
        }
        if depth == 0 && i > start && b[start] == b'"' {
            return Some(i);
        }
    }
    None
}

/// A JSON number, `true`, `false` or `null`.
fn json_scalar(token: &str) -> bool {
    matches!(token, "true" | "false" | "null")
        || (token.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            && token
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            && token.parse::<f64>().is_ok())
}

/// The end (exclusive) of the double-quoted string starting at `start`.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Option<Vec<(usize, &str)>> {
        split(text).map(|d| d.into_iter().map(|d| (d.first_line, d.text)).collect())
    }

    #[test]
    fn concatenated_objects() {
        assert_eq!(
            pieces("{\"a\":1}{\"b\":\"}{\"}\n\n{\"c\":[1,{}]}\n"),
            Some(vec![
                (1, "{\"a\":1}"),
                (1, "{\"b\":\"}{\"}"),
                (3, "{\"c\":[1,{}]}")
            ])
        );
    }

    #[test]
    fn arrays_are_split_into_elements() {
        assert_eq!(
            pieces("[\n  {\"a\": 1},\n  {\"b\": [2]}, 3, \"x\"\n]\n"),
            Some(vec![
                (2, "{\"a\": 1}"),
                (3, "{\"b\": [2]}"),
                (3, "3"),
                (3, "\"x\"")
            ])
        );
        assert_eq!(pieces("[]"), Some(vec![]));
        assert_eq!(pieces("[ ]\n[{}]"), Some(vec![(2, "{}")]));
    }

    #[test]
    fn what_does_not_split_after_a_value_is_the_last_document() {
        assert_eq!(
            pieces("{\"a\": 1}\nb: 2\n"),
            Some(vec![(1, "{\"a\": 1}"), (2, "b: 2\n")])
        );
        assert_eq!(
            pieces("{}\n{\"a\": \"x"),
            Some(vec![(1, "{}"), (2, "{\"a\": \"x")])
        );
    }

    #[test]
    fn not_json_streams_are_left_to_yaml() {
        for text in [
            "{\"a\": 1}\n",
            "a: 1\n",
            "{a: 'x}'}\n{b: 1}",
            "[a, # c\n b]",
            "[1, 2",
            "{{- if .Values.x }}\napiVersion: v1\n",
            "[{a: 1}, {b: 2}]",
            "[\n--- ,\n...\n]\n",
            "[yes, no]",
            "{\"a\": \"x",
            "",
        ] {
            assert_eq!(pieces(text), None, "{text:?}");
        }
    }
}
