//! Splits a YAML stream into documents at `---` lines, without parsing.
//!
//! YAML forbids a line that starts with `---` or `...` followed by a space or the end of the
//! line inside any scalar (the spec's `c-forbidden`), so a `---` at column 0 is always a
//! document boundary. Splitting first lets each document be parsed on its own: one broken
//! document does not hide the others, and every error gets its exact line in the file.

/// One document of a file.
#[derive(Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// 0-based index among the non-empty documents of the file.
    pub index: usize,
    /// 1-based line in the file where `text` starts (the `---` line, if there is one).
    pub first_line: usize,
    /// 1-based line of the first line with content (not blank, not a comment, not `---`).
    pub content_line: usize,
    /// The document's text, including its `---` marker line.
    pub text: &'a str,
}

/// Splits `text` into its non-empty documents (documents of only comments and blank lines
/// are dropped, as YAML parsers do).
///
/// A document is: its directives (`%YAML`, `%TAG`) if any, its `---` line if any, the body,
/// and its `...` end marker if any. After `...` a new document starts, with or without `---`
/// (a bare document); directives are only directives before a document's body.
pub fn split_documents(text: &str) -> Vec<Document<'_>> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut offset = 0usize;
    // Whether the current document has body lines (or its `---`), and directive lines.
    let mut body = false;
    let mut directives = false;
    for (line_no, line) in (1usize..).zip(text.split_inclusive('\n')) {
        let next = offset + line.len();
        if is_document_marker(line) {
            // `---` after a body starts a new document; after directives it is their document's.
            if offset > start && (body || !directives) {
                push(&mut docs, &text[start..offset], start_line);
                start = offset;
                start_line = line_no;
                directives = false;
            }
            body = true;
        } else if is_document_end(line) {
            push(&mut docs, &text[start..next], start_line);
            start = next;
            start_line = line_no + 1;
            body = false;
            directives = false;
        } else if !body && line.starts_with('%') {
            directives = true;
        } else if !body && !is_blank_or_comment(line) {
            body = true;
        }
        offset = next;
    }
    push(&mut docs, &text[start..], start_line);
    docs
}

fn is_document_marker(line: &str) -> bool {
    marker(line, "---")
}

/// `...`: the end of a document (YAML's document suffix).
fn is_document_end(line: &str) -> bool {
    marker(line, "...")
}

fn marker(line: &str, token: &str) -> bool {
    line.strip_prefix(token)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn push<'a>(docs: &mut Vec<Document<'a>>, text: &'a str, first_line: usize) {
    let mut directive = None;
    let mut content = None;
    for (offset, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with("--- #") {
            continue;
        }
        if is_document_end(line) {
            continue;
        }
        if line.starts_with('%') && content.is_none() {
            directive.get_or_insert(offset);
            continue;
        }
        content = Some(offset);
        break;
    }
    // Directives without a document are kept, for the parser to report.
    if let Some(offset) = content.or(directive) {
        docs.push(Document {
            index: docs.len(),
            first_line,
            content_line: first_line + offset,
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_and_keeps_lines() {
        let text = "# header\n---\na: 1\n---\n\nb: 2\n--- # c\n---\nc: |\n  ---not a marker\n";
        let docs = split_documents(text);
        let summary: Vec<(usize, usize, usize)> = docs
            .iter()
            .map(|d| (d.index, d.first_line, d.content_line))
            .collect();
        assert_eq!(summary, vec![(0, 2, 3), (1, 4, 6), (2, 8, 9)]);
        assert_eq!(docs[2].text, "---\nc: |\n  ---not a marker\n");
    }

    #[test]
    fn no_marker_is_one_document() {
        let docs = split_documents("a: 1\nb: ---\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].content_line, 1);
    }

    #[test]
    fn marker_needs_space_or_end() {
        assert!(is_document_marker("---\n"));
        assert!(is_document_marker("--- |\n"));
        assert!(is_document_marker("---"));
        assert!(!is_document_marker("----\n"));
        assert!(!is_document_marker(" ---\n"));
    }

    #[test]
    fn directives_and_document_ends() {
        let text =
            "%YAML 1.2\n%TAG ! tag:x,2000:\n---\na: 1\n...\n# c\nb: 2\n...\n%YAML 1.2\n---\nc: 3\n";
        let docs = split_documents(text);
        let summary: Vec<(usize, usize, usize)> = docs
            .iter()
            .map(|d| (d.index, d.first_line, d.content_line))
            .collect();
        assert_eq!(summary, vec![(0, 1, 4), (1, 6, 7), (2, 9, 11)]);
        assert_eq!(
            docs[0].text,
            "%YAML 1.2\n%TAG ! tag:x,2000:\n---\na: 1\n...\n"
        );
        assert_eq!(docs[1].text, "# c\nb: 2\n...\n");
        // `...` alone, and a comment after it, make no document.
        assert_eq!(split_documents("a: 1\n...\n...\n# end\n").len(), 1);
    }

    #[test]
    fn empty_and_comment_only_input_has_no_documents() {
        assert!(split_documents("").is_empty());
        assert!(split_documents("# only a comment\n---\n").is_empty());
    }
}
