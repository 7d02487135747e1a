//! The fast path of the manifest reader: the head of a block-style document (`apiVersion`,
//! `kind`, `metadata.name`, `metadata.namespace` and the ignore annotation) without running
//! the YAML parser.
//!
//! It is a validator for a strict subset of YAML, one line at a time: block mappings and
//! sequences with consistent indentation, plain scalars, quoted scalars without escapes,
//! block scalars (skipped), and one-line flow collections of plain or quoted scalars. Every
//! document it accepts is valid YAML with the same head as the full parser reads; anything
//! outside the subset (anchors, aliases, tags, multi-line plain or quoted scalars, escapes,
//! complex or quoted keys, flow mappings spanning lines, duplicate keys, `List` kinds, null
//! heads, a deep or huge document) returns `None`, and the full parser decides, errors
//! included. So does what only a whole-value read rejects (a non-finite or out-of-range float
//! such as `.inf` or `1e999`, a null key), so that [`super::fast_spec`] can rely on a
//! validated document being readable. The property tests in `tests.rs` check that both paths
//! agree.

/// The head of a document, as the full parser would read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FastHead {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub ignore_deprecations: Option<String>,
}

/// The parser's budgets, mirrored: beyond them the full parser reports the error.
const MAX_DEPTH: usize = 48;
const MAX_ENTRIES: usize = 200_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Map,
    Seq,
}

/// Where a mapping sits, for the keys the head needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Root,
    Metadata,
    Annotations,
    Other,
}

struct Frame<'a> {
    indent: usize,
    kind: Kind,
    role: Role,
    keys: Vec<&'a str>,
}

/// A scalar value's text, if it is in the subset.
pub(super) enum Value<'a> {
    /// Empty: a nested block follows, or null.
    Open,
    /// `|` or `>`: skip the indented block.
    Block,
    /// `{}` / `[]` / a one-line flow collection (read with [`flow`] when needed).
    Flow,
    /// A plain scalar (comment cut off).
    Plain(&'a str),
    /// The content of a quoted scalar (without escapes).
    Quoted(&'a str),
}

/// What a flow collection is read into: `()` only validates it, a JSON value holds it.
pub(super) trait Flow: Sized {
    /// A scalar (the content of a quoted one); `None` when its value is not certain.
    fn scalar(text: &str, quoted: bool) -> Option<Self>;
    fn seq(items: Vec<Self>) -> Option<Self>;
    /// The entries of a mapping (keys unique).
    fn map(entries: Vec<(&[u8], Self)>) -> Option<Self>;
}

impl Flow for () {
    fn scalar(_: &str, _: bool) -> Option<Self> {
        Some(())
    }

    fn seq(_: Vec<Self>) -> Option<Self> {
        Some(())
    }

    fn map(_: Vec<(&[u8], Self)>) -> Option<Self> {
        Some(())
    }
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/')
}

/// Cuts a ` #comment` (a `#` after a space) off a value.
fn strip_comment(v: &str) -> &str {
    match v.find(" #") {
        Some(i) => v[..i].trim_end(),
        None => v.trim_end(),
    }
}

/// A plain scalar in block context: no indicator first, no `: ` or trailing `:` inside.
fn plain_ok(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let indicator = matches!(
        first,
        b'?' | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    let dash_space = first == b'-' && (b.len() == 1 || b[1] == b' ');
    !indicator
        && !dash_space
        && !v.contains(": ")
        && !v.ends_with(':')
        && !v.contains('\t')
        && !float_trap(v)
}

/// A plain scalar the parser may read as a non-finite float, which it rejects when reading a
/// whole value: `.inf`, `-.Inf`, `.nan`, and numbers out of range (`1e999`, 400 digits).
fn float_trap(v: &str) -> bool {
    let t = v.strip_prefix(['-', '+']).unwrap_or(v);
    if let Some(word) = t.strip_prefix('.')
        && (word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("nan"))
    {
        return true;
    }
    t.bytes().any(|c| c.is_ascii_digit())
        && t.bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'.' | b'_' | b'e' | b'E' | b'+' | b'-'))
        && (t.contains(['e', 'E']) || t.len() > 300)
}

/// Reads a one-line flow collection of plain or quoted scalars (nested collections allowed)
/// that starts `v`; returns it and the rest of the line after it.
pub(super) fn flow<B: Flow>(v: &str) -> Option<(B, &str)> {
    let b = v.as_bytes();
    let mut i = 0;
    let read = collection(b, &mut i, 0)?;
    Some((read, v.get(i..)?))
}

fn skip_spaces(b: &[u8], i: &mut usize) {
    while *i < b.len() && b[*i] == b' ' {
        *i += 1;
    }
}

fn trim_end(b: &[u8]) -> &[u8] {
    let mut end = b.len();
    while end > 0 && b[end - 1] == b' ' {
        end -= 1;
    }
    &b[..end]
}

fn collection<'b, B: Flow>(b: &'b [u8], i: &mut usize, depth: usize) -> Option<B> {
    if depth > 16 {
        return None;
    }
    let open = *b.get(*i)?;
    let close = if open == b'[' { b']' } else { b'}' };
    *i += 1;
    skip_spaces(b, i);
    let mut keys: Vec<&'b [u8]> = Vec::new();
    let mut items: Vec<B> = Vec::new();
    let done = |keys: Vec<&[u8]>, items: Vec<B>| {
        if open == b'[' {
            B::seq(items)
        } else {
            B::map(keys.into_iter().zip(items).collect())
        }
    };
    if b.get(*i) == Some(&close) {
        *i += 1;
        return done(keys, items);
    }
    loop {
        if open == b'{' {
            // Keys are scalars, unique (quoted or not: `"a"` and `a` are the same key).
            if matches!(b.get(*i), Some(b'[' | b'{')) {
                return None;
            }
            let start = *i;
            node::<()>(b, i, depth)?;
            let raw = &b[start..*i];
            let key = match raw {
                [q @ (b'"' | b'\''), inner @ .., last] if q == last => inner,
                // A null key: a whole-value read rejects it.
                _ if null_like_bytes(trim_end(raw)) => return None,
                _ => trim_end(raw),
            };
            if keys.contains(&key) {
                return None;
            }
            keys.push(key);
            skip_spaces(b, i);
            if b.get(*i) != Some(&b':') || b.get(*i + 1) != Some(&b' ') {
                return None;
            }
            *i += 2;
            skip_spaces(b, i);
        }
        items.push(node(b, i, depth)?);
        skip_spaces(b, i);
        match b.get(*i) {
            Some(b',') => {
                *i += 1;
                skip_spaces(b, i);
                if b.get(*i) == Some(&close) {
                    *i += 1;
                    return done(keys, items);
                }
            }
            Some(c) if *c == close => {
                *i += 1;
                return done(keys, items);
            }
            _ => return None,
        }
    }
}

fn node<B: Flow>(b: &[u8], i: &mut usize, depth: usize) -> Option<B> {
    match *b.get(*i)? {
        b'[' | b'{' => collection(b, i, depth + 1),
        q @ (b'"' | b'\'') => {
            let start = *i + 1;
            let len = b[start..].iter().position(|c| *c == q)?;
            let inner = &b[start..start + len];
            if inner.contains(&b'\\') {
                return None;
            }
            *i = start + len + 1;
            B::scalar(std::str::from_utf8(inner).ok()?, true)
        }
        first => {
            let indicator = matches!(
                first,
                b'?' | b':'
                    | b','
                    | b']'
                    | b'}'
                    | b'#'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b'%'
                    | b'@'
                    | b'`'
            );
            let dash_ok = b
                .get(*i + 1)
                .is_some_and(|c| !matches!(c, b' ' | b',' | b'[' | b']' | b'{' | b'}'));
            if indicator || (first == b'-' && !dash_ok) {
                return None;
            }
            let start = *i;
            while *i < b.len()
                && !matches!(b[*i], b',' | b'[' | b']' | b'{' | b'}')
                && !(b[*i] == b':'
                    && b.get(*i + 1)
                        .is_none_or(|c| matches!(c, b' ' | b',' | b']' | b'}')))
            {
                if b[*i] == b'#' && b[*i - 1] == b' ' {
                    return None;
                }
                if matches!(b[*i], b'"' | b'\'') {
                    return None;
                }
                *i += 1;
            }
            let text = std::str::from_utf8(trim_end(&b[start..*i])).ok()?;
            if *i == start || float_trap(text) {
                return None;
            }
            B::scalar(text, false)
        }
    }
}

/// Classifies the value part of a `key: value` line or a sequence item.
pub(super) fn value(v: &str) -> Option<Value<'_>> {
    let v = v.trim_start();
    if v.is_empty() || v.starts_with('#') {
        return Some(Value::Open);
    }
    if matches!(v.as_bytes()[0], b'|' | b'>') {
        let rest = strip_comment(&v[1..]);
        return rest
            .bytes()
            .all(|c| matches!(c, b'+' | b'-'))
            .then_some(Value::Block);
    }
    if matches!(v.as_bytes()[0], b'[' | b'{') {
        let ((), rest) = flow(v)?;
        // After the collection: nothing, or a comment separated by whitespace.
        let ok =
            rest.trim().is_empty() || (rest.starts_with(' ') && rest.trim_start().starts_with('#'));
        return ok.then_some(Value::Flow);
    }
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        // A quoted scalar ends at its closing quote; after it only a comment may follow.
        let end = v[1..].find(q)? + 1;
        let (inner, rest) = (&v[1..end], &v[end + 1..]);
        let rest_ok =
            rest.trim().is_empty() || (rest.starts_with(' ') && rest.trim_start().starts_with('#'));
        return (!inner.contains('\\') && rest_ok).then_some(Value::Quoted(inner));
    }
    let v = strip_comment(v);
    plain_ok(v).then_some(Value::Plain(v))
}

fn null_like(v: &str) -> bool {
    null_like_bytes(v.as_bytes())
}

fn null_like_bytes(v: &[u8]) -> bool {
    matches!(v, b"~" | b"null" | b"Null" | b"NULL")
}

/// The document after its own `---` marker line (the splitter keeps it): only a bare marker
/// or one followed by a comment is in the subset.
pub(super) fn body(text: &str) -> Option<&str> {
    match text.strip_prefix("---") {
        Some(rest) => {
            let (marker, body) = rest.split_once('\n').unwrap_or((rest, ""));
            // `---#` is no marker, and a `\r` inside the line is a line break to the parser.
            let marker = marker.strip_suffix('\r').unwrap_or(marker);
            let comment = marker.trim_start_matches(' ');
            let marker_ok = marker.is_empty()
                || (marker.starts_with(' ') && (comment.is_empty() || comment.starts_with('#')));
            (marker_ok && !marker.contains('\r')).then_some(body)
        }
        None => Some(text),
    }
}

/// The head of a document in the subset; `None` means "ask the full parser".
pub fn head(text: &str) -> Option<FastHead> {
    let text = body(text)?;
    let mut head = FastHead::default();
    let mut frames: Vec<Frame<'_>> = Vec::new();
    // `Some(indent, role)`: the previous line opened a nested block under a key at `indent`.
    let mut open: Option<(usize, Role)> = None;
    let mut block_parent: Option<usize> = None;
    // The indentation of a block scalar's content, once its first content line is seen.
    let mut block_indent: Option<usize> = None;
    let mut entries = 0usize;
    let mut seen_content = false;
    // A tab anywhere is outside the subset; a `\r` only at the end of a line is (CRLF). Both
    // are looked for once in the whole text, not per line.
    if text.contains('\t') {
        return None;
    }
    let has_cr = text.contains('\r');
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if has_cr && line.contains('\r') {
            return None;
        }
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if let Some(parent) = block_parent {
            if content.is_empty() {
                // A blank line with more spaces than the content before it: the parser decides.
                if block_indent.is_none() && indent > parent + 1 {
                    return None;
                }
                continue;
            }
            if indent > parent {
                match block_indent {
                    None => block_indent = Some(indent),
                    Some(b) if indent < b => return None,
                    Some(_) => {}
                }
                continue;
            }
            block_parent = None;
            block_indent = None;
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with("---") || content.starts_with("...") || content.starts_with('%') {
            return None;
        }
        entries += 1;
        if entries > MAX_ENTRIES || frames.len() > MAX_DEPTH {
            return None;
        }
        // A sequence item.
        if content == "-" || content.starts_with("- ") {
            if !seen_content {
                return None; // a top-level sequence: not an object; the parser says so
            }
            match open.take() {
                // `metadata` and its annotations must be mappings: the parser rejects a list.
                Some((_, Role::Metadata | Role::Annotations)) => return None,
                Some((p, role)) if indent >= p => {
                    frames.push(Frame {
                        indent,
                        kind: Kind::Seq,
                        role,
                        keys: Vec::new(),
                    });
                }
                _ => {
                    while frames.last().is_some_and(|f| f.indent > indent) {
                        frames.pop();
                    }
                    if !frames
                        .last()
                        .is_some_and(|f| f.kind == Kind::Seq && f.indent == indent)
                    {
                        return None;
                    }
                }
            }
            let item = content[1..].trim_start_matches(' ');
            let item_col = line.len() - item.len();
            if item.is_empty() || item.starts_with('#') {
                open = Some((indent, Role::Other));
                continue;
            }
            if item.starts_with("- ") || item == "-" {
                return None;
            }
            if let Some((key, rest)) = split_key(item) {
                frames.push(Frame {
                    indent: item_col,
                    kind: Kind::Map,
                    role: Role::Other,
                    keys: vec![key],
                });
                match value(rest)? {
                    Value::Open => open = Some((item_col, Role::Other)),
                    Value::Block => block_parent = Some(item_col),
                    Value::Flow | Value::Plain(_) | Value::Quoted(_) => {}
                }
            } else {
                match value(item)? {
                    Value::Plain(_) | Value::Quoted(_) | Value::Flow => {}
                    Value::Block => block_parent = Some(indent),
                    Value::Open => return None,
                }
            }
            continue;
        }
        // A mapping entry.
        let (key, rest) = split_key(content)?;
        let role = match open.take() {
            Some((p, role)) if indent > p => {
                frames.push(Frame {
                    indent,
                    kind: Kind::Map,
                    role,
                    keys: Vec::new(),
                });
                role
            }
            Some((p, _)) if indent == p => {
                // The opened key had no nested block: it was null. Same mapping continues.
                same_map(&mut frames, indent)?
            }
            _ => {
                if !seen_content {
                    if indent != 0 {
                        return None;
                    }
                    frames.push(Frame {
                        indent: 0,
                        kind: Kind::Map,
                        role: Role::Root,
                        keys: Vec::new(),
                    });
                    Role::Root
                } else {
                    same_map(&mut frames, indent)?
                }
            }
        };
        seen_content = true;
        let frame = frames.last_mut()?;
        if frame.keys.contains(&key) {
            return None; // duplicate key: the parser reports it
        }
        frame.keys.push(key);
        let parsed = value(rest)?;
        let wanted = match (role, key) {
            (Role::Root, "apiVersion") => Some(&mut head.api_version),
            (Role::Root, "kind") => Some(&mut head.kind),
            (Role::Metadata, "name") => Some(&mut head.name),
            (Role::Metadata, "namespace") => Some(&mut head.namespace),
            (Role::Annotations, crate::manifest::IGNORE_ANNOTATION) => {
                Some(&mut head.ignore_deprecations)
            }
            _ => None,
        };
        match parsed {
            Value::Open => {
                if wanted.is_some() {
                    return None;
                }
                let child = match (role, key) {
                    (Role::Root, "metadata") => Role::Metadata,
                    (Role::Metadata, "annotations") => Role::Annotations,
                    _ => Role::Other,
                };
                open = Some((indent, child));
            }
            Value::Block => {
                if wanted.is_some() {
                    return None;
                }
                block_parent = Some(indent);
            }
            Value::Flow => {
                let matters = wanted.is_some()
                    || (role == Role::Root && key == "metadata")
                    || (role == Role::Metadata && key == "annotations")
                    || (role == Role::Root && key == "items");
                if matters && !rest.trim_start().starts_with("{}") {
                    return None;
                }
            }
            Value::Plain(text) | Value::Quoted(text) => {
                if let Some(slot) = wanted {
                    if null_like(text) {
                        return None;
                    }
                    *slot = Some(text.to_string());
                } else if (role == Role::Root && key == "metadata")
                    || (role == Role::Metadata && key == "annotations")
                {
                    return None; // a scalar where a mapping was expected: the parser decides
                }
            }
        }
    }
    if block_parent.is_some() && frames.is_empty() {
        return None;
    }
    if !seen_content || head.kind.as_deref().is_some_and(|k| k.ends_with("List")) {
        return None;
    }
    Some(head)
}

/// Pops to the mapping at `indent` (closing deeper blocks and a sequence at the same column).
fn same_map(frames: &mut Vec<Frame<'_>>, indent: usize) -> Option<Role> {
    while frames
        .last()
        .is_some_and(|f| f.indent > indent || (f.kind == Kind::Seq && f.indent == indent))
    {
        frames.pop();
    }
    match frames.last() {
        Some(f) if f.kind == Kind::Map && f.indent == indent => Some(f.role),
        _ => None,
    }
}

/// `key: rest` or `key:` with a plain key of the safe charset (not null: a whole-value read
/// rejects a null key).
pub(super) fn split_key(content: &str) -> Option<(&str, &str)> {
    let b = content.as_bytes();
    let mut i = 0;
    while i < b.len() && is_key_char(b[i]) {
        i += 1;
    }
    if i == 0
        || b.get(i) != Some(&b':')
        || !(i + 1 == b.len() || b[i + 1] == b' ')
        || null_like(&content[..i])
    {
        return None;
    }
    Some((&content[..i], &content[i + 1..]))
}
