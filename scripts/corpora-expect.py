#!/usr/bin/env python3
"""Expected deprecation findings for the real corpora in tests/fixtures/corpora/.

Written independently of the Rust code: it reads the lifecycle extracts
(data/lifecycle/*.yaml, the API server's own prerelease-lifecycle data) and the hand
entries (data/deprecations-hand.yaml), never data/deprecations.yaml or anything under
src/, and it parses the manifests with PyYAML, not with our reader. Run once; its
output, tests/fixtures/corpora/expected.tsv, is committed and tests/corpora.rs
compares the binary's answers with it:

    python3 scripts/corpora-expect.py > tests/fixtures/corpora/expected.tsv

Rules, from the data's own header comments:
- a kind is removed at the first release its lifecycle data names, or at the release
  after the last tag that still carries it (whichever is first); deprecated at the
  release named; a hand entry that lists a field overrides it ("" = none);
- a document that PyYAML cannot read is expected as an error (file), and each of its
  `---`-separated parts whose top-level `apiVersion:` and `kind:` lines are literal
  (no `{{`) as a templated finding at the `apiVersion:` line;
- a finding's line is where its mapping starts, 1-based: the first key of a block
  mapping (a list item's too), the `{` of a JSON object;
- `kind: List` (and any `*List` with items) is expanded.

Needs PyYAML (Debian python3-yaml, or pip install pyyaml).
"""

import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "tests", "fixtures", "corpora")
TARGETS = ["v1.16", "v1.22", "v1.25", "v1.32", "v1.36"]
SUFFIXES = (".yaml", ".yml", ".json")


def release(text):
    """'1.22' / 'v1.22' / 'v0.22.3' (a k8s.io tag) -> (1, 22)."""
    m = re.match(r"v?(\d+)\.(\d+)", text)
    if not m:
        raise ValueError(text)
    major, minor = int(m.group(1)), int(m.group(2))
    if major == 0:  # k8s.io/api tag v0.M.P is Kubernetes v1.M.P
        major = 1
    return (major, minor)


def lifecycle():
    """(apiVersion, kind) -> {'deprecated': rel|None, 'removed': rel|None}."""
    table = {}
    folder = os.path.join(ROOT, "data", "lifecycle")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        newest_tag = doc["newestTag"]
        newest = release(newest_tag)
        for e in doc["entries"]:
            key = (e["apiVersion"], e["kind"])
            if key in table:
                sys.exit(f"{name}: {key} declared twice")
            removed = release(e["removed"]) if e.get("removed") else None
            if e["lastTag"] != newest_tag:
                last = release(e["lastTag"])
                gone = (last[0], last[1] + 1) if last < newest else last
                removed = gone if removed is None else min(removed, gone)
            deprecated = release(e["deprecated"]) if e.get("deprecated") else None
            table[key] = {"deprecated": deprecated, "removed": removed}
    with open(os.path.join(ROOT, "data", "deprecations-hand.yaml"), encoding="utf-8") as f:
        hand = yaml.safe_load(f)
    for kind in hand.get("notObjects", []):
        for key in [k for k in table if k[1] == kind["kind"]]:
            del table[key]
    for e in hand["entries"]:
        key = (e["apiVersion"], e["kind"])
        row = table.setdefault(key, {"deprecated": None, "removed": None})
        for field, name in (("deprecatedIn", "deprecated"), ("removedIn", "removed")):
            if field in e:
                row[name] = release(e[field]) if e[field] else None
    return table


def status(table, api_version, kind, target):
    row = table.get((api_version, kind))
    if row is None:
        return None
    if row["removed"] is not None and row["removed"] <= target:
        return "removed"
    if row["deprecated"] is not None and row["deprecated"] <= target:
        return "deprecated"
    return None


def objects(node):
    """(apiVersion, kind, line) of every object in a composed document node."""
    if not isinstance(node, yaml.MappingNode):
        return
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    api, kind = fields.get("apiVersion"), fields.get("kind")
    if not (isinstance(api, yaml.ScalarNode) and isinstance(kind, yaml.ScalarNode)):
        return
    items = fields.get("items")
    if kind.value.endswith("List") and isinstance(items, yaml.SequenceNode):
        for item in items.value:
            yield from objects(item)
        return
    yield api.value, kind.value, node.start_mark.line + 1


def templated(text):
    """(apiVersion, kind, line) of each part with literal top-level lines."""
    api = kind = None
    for number, line in enumerate(text.splitlines() + ["---"], start=1):
        if line.startswith("---"):
            if api and kind:
                yield api[0], kind, api[1]
            api = kind = None
            continue
        if "{{" in line:
            continue
        m = re.match(r"apiVersion:\s*(\S+)\s*(#.*)?$", line)
        if m and api is None:
            api = (m.group(1).strip("\"'"), number)
        m = re.match(r"kind:\s*(\S+)\s*(#.*)?$", line)
        if m and kind is None:
            kind = m.group(1).strip("\"'")


def scan(path):
    """('ok', objects) or ('error', templated objects)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        try:
            json.loads(text)
            # Valid JSON; PyYAML (YAML 1.1) refuses tabs that JSON allows as
            # whitespace. A tab is one column, so lines keep their numbers.
            text = text.replace("\t", " ")
        except ValueError:
            pass
    try:
        # Constructing, not only composing: a mapping key that is itself a
        # mapping (`name: {{ template "x" . }}`) composes but is no manifest.
        list(yaml.safe_load_all(text))
        found = [o for doc in yaml.compose_all(text, Loader=yaml.SafeLoader) for o in objects(doc)]
        return "ok", found
    except yaml.YAMLError:
        return "error", list(templated(text))


def main():
    table = lifecycle()
    rows = []
    for folder, dirs, files in os.walk(CORPORA):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(SUFFIXES):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, CORPORA)
            outcome, found = scan(path)
            if outcome == "error":
                rows.append(("error", rel, "", "", "", "", ""))
            for target in TARGETS:
                for api, kind, line in found:
                    s = status(table, api, kind, release(target))
                    if s:
                        flag = "templated" if outcome == "error" else ""
                        rows.append((target, rel, str(line), api, kind, s, flag))
    print("# target\tfile\tline\tapiVersion\tkind\tstatus\ttemplated")
    print("# generated by scripts/corpora-expect.py; do not edit")
    for row in sorted(rows):
        print("\t".join(row))


if __name__ == "__main__":
    main()
