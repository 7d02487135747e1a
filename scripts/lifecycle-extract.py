#!/usr/bin/env python3
"""Extract the API server's own API lifecycle data into a compact, committed YAML file.

Kubernetes declares, for every beta and alpha type (and some GA ones), the release it was
introduced in, deprecated in and removed in, and its replacement, in the generated files
`<group>/<version>/zz_generated.prerelease-lifecycle.go` of the `k8s.io/api` repository
(`pkg/apis/...` of `k8s.io/kube-aggregator` for APIService and of
`k8s.io/apiextensions-apiserver` for CustomResourceDefinition). This script
reads those files from every release tag of a git mirror with `git show`/`git cat-file`, and
writes only the data: per (group, version, kind) the values of the NEWEST tag that declares
it, the first and last tag that declare it, and a header with every tag read and its commit.
No Go code is copied.

Usage (Python 3 standard library only):

    scripts/lifecycle-extract.py --repo /path/to/kubernetes-api.git --name kubernetes/api \
        --out data/lifecycle/k8s-api.yaml
    scripts/lifecycle-extract.py --repo /path/to/kube-aggregator.git \
        --name kubernetes/kube-aggregator --prefix pkg/apis/ --out data/lifecycle/kube-aggregator.yaml
    scripts/lifecycle-extract.py --repo /path/to/apiextensions-apiserver.git \
        --name kubernetes/apiextensions-apiserver --prefix pkg/apis/ \
        --out data/lifecycle/apiextensions-apiserver.yaml

Tags read: every final release tag `v0.M.P` with M >= 16 (k8s.io/api v0.M is Kubernetes v1.M),
plus the pre-release tags (`-alpha.N`, `-beta.N`, `-rc.N`) of a minor that has no final
release yet; those are marked `prerelease: true`. `*List` kinds are left out (lists are
expanded by the scanner and their items checked).

The table itself (`data/deprecations.yaml`) is generated from this extract and
`data/deprecations-hand.yaml` by `tests/deprecation_table.rs` (`ABEMA_BLESS=1` rewrites it).
"""

import argparse
import re
import subprocess
import sys

TAG = re.compile(r"^v0\.(\d+)\.(\d+)(?:-(alpha|beta|rc)\.(\d+))?$")
FUNC = re.compile(
    r"func \(in \*(\w+)\) APILifecycle(Introduced|Deprecated|Removed)\(\) \(major, minor int\) \{\s*"
    r"return (\d+), (\d+)\s*\}"
)
REPL = re.compile(
    r"func \(in \*(\w+)\) APILifecycleReplacement\(\) schema\.GroupVersionKind \{\s*"
    r'return schema\.GroupVersionKind\{Group: "([^"]*)", Version: "([^"]*)", Kind: "([^"]*)"\}\s*\}'
)
KNOWN = re.compile(r"AddKnownTypes\(\s*SchemeGroupVersion,(.*?)\)", re.S)
PRERELEASE_VERSION = re.compile(r"^v\d+(alpha|beta)\d+$")
GROUP_CONST = re.compile(r'GroupName\s*=\s*"([^"]*)"')
GROUP_MARKER = re.compile(r"^//\s*\+groupName=(\S*)\s*$", re.M)
PRE_ORDER = {"alpha": 0, "beta": 1, "rc": 2, None: 3}


def git(repo, *args):
    return subprocess.run(
        ["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True
    ).stdout


class Blobs:
    """`git cat-file --batch`, cached by object id (most files do not change between tags)."""

    def __init__(self, repo):
        self.proc = subprocess.Popen(
            ["git", "--git-dir", repo, "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.cache = {}

    def get(self, oid):
        if oid not in self.cache:
            self.proc.stdin.write(oid.encode() + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline().split()
            size = int(header[2])
            data = self.proc.stdout.read(size)
            self.proc.stdout.read(1)
            self.cache[oid] = data.decode("utf-8", "replace")
        return self.cache[oid]


def release_tags(repo, first_minor):
    tags = []
    for t in git(repo, "tag").split():
        m = TAG.match(t)
        if not m or int(m.group(1)) < first_minor:
            continue
        tags.append((int(m.group(1)), int(m.group(2)), PRE_ORDER[m.group(3)], int(m.group(4) or 0), t))
    tags.sort()
    finals = {minor for (minor, _, pre, _, _) in tags if pre == 3}
    chosen = []
    for minor, patch, pre, n, t in tags:
        if pre == 3:
            chosen.append((t, minor, False))
        elif minor not in finals and patch == 0:
            chosen.append((t, minor, True))
    return chosen


def group_of(files, blobs, directory):
    for name in ("register.go", "doc.go"):
        oid = files.get(directory + name)
        if oid is None:
            continue
        text = blobs.get(oid)
        m = GROUP_CONST.search(text) if name == "register.go" else GROUP_MARKER.search(text)
        if m:
            return m.group(1)
    return None


def parse(text):
    kinds = {}
    for kind, what, major, minor in FUNC.findall(text):
        kinds.setdefault(kind, {})[what.lower()] = f"{major}.{minor}"
    for kind, group, version, rkind in REPL.findall(text):
        gv = f"{group}/{version}" if group else version
        kinds.setdefault(kind, {})["replacement"] = f"{gv} {rkind}"
    return kinds


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, help="git directory of the mirror")
    ap.add_argument("--name", required=True, help="owner/name of the repository, for the header")
    ap.add_argument("--prefix", default="", help="directory holding <group>/<version>/ (kube-aggregator: pkg/apis/)")
    ap.add_argument("--first-minor", type=int, default=16)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    blobs = Blobs(args.repo)
    tags = release_tags(args.repo, args.first_minor)
    read = []
    entries = {}  # (group, version, kind) -> dict
    for tag, minor, pre in tags:
        commit = git(args.repo, "rev-parse", tag + "^{commit}").strip()
        listing = git(args.repo, "ls-tree", "-r", tag, "--", args.prefix or ".")
        files = {}
        for line in listing.splitlines():
            meta, path = line.split("\t", 1)
            files[path] = meta.split()[2]
        found = 0
        for path, oid in sorted(files.items()):
            if not path.endswith("/register.go"):
                continue
            directory = path[: -len("register.go")]
            version = directory.rstrip("/").rsplit("/", 1)[-1]
            if not re.match(r"^v\d+((alpha|beta)\d+)?$", version):
                continue
            group = group_of(files, blobs, directory)
            if group is None:
                continue
            lifecycle = files.get(directory + "zz_generated.prerelease-lifecycle.go")
            declared = parse(blobs.get(lifecycle)) if lifecycle else {}
            # Alpha/beta kinds registered with the scheme but without lifecycle functions:
            # recorded as present (firstTag..lastTag) with no declared releases.
            if PRERELEASE_VERSION.match(version):
                for block in KNOWN.findall(blobs.get(oid)):
                    for kind in re.findall(r"&(\w+)\{\}", block):
                        declared.setdefault(kind, {})
            for kind, values in declared.items():
                if kind.endswith("List"):
                    continue
                found += 1
                key = (group, version, kind)
                e = entries.setdefault(key, {"firstTag": tag})
                # Tags are read oldest first: the newest declaring tag's values win.
                for k in ("introduced", "deprecated", "removed", "replacement"):
                    e.pop(k, None)
                e.update(values)
                e["lastTag"] = tag
                e["lastMinor"] = minor
                snapshot = {k: values.get(k) for k in ("introduced", "deprecated", "removed", "replacement")}
                if not pre:
                    e["atFinal"] = snapshot
                elif e.get("atFinal") != snapshot:
                    e["prerelease"] = True
                else:
                    e.pop("prerelease", None)
        read.append((tag, commit, pre, found))
    blobs.proc.stdin.close()
    blobs.proc.wait()

    newest_tag, newest_minor, newest_pre = tags[-1]
    out = []
    out.append("# Generated by scripts/lifecycle-extract.py from the zz_generated.prerelease-lifecycle.go")
    out.append(f"# files of github.com/{args.name}, one line per (group, version, kind): the values of the")
    out.append("# newest tag that declares the kind (lastTag), and the first tag that does (firstTag).")
    out.append("# An alpha/beta kind registered with the scheme (register.go) but without lifecycle functions")
    out.append("# has no releases, only firstTag/lastTag. prerelease: the values (or the kind) first appear in")
    out.append("# a pre-release tag (a minor without a final release).")
    out.append("# Releases are Kubernetes major.minor (k8s.io tag v0.M.P is Kubernetes v1.M.P). Data only.")
    out.append("schemaVersion: abema.dev/lifecycle-extract/v1")
    out.append(f"repository: {args.name}")
    out.append(f"newestTag: {newest_tag}")
    out.append(f"newestRelease: v1.{newest_minor}")
    out.append(f"newestIsPrerelease: {'true' if newest_pre else 'false'}")
    out.append("tags:")
    for tag, commit, pre, found in read:
        extra = ", prerelease: true" if pre else ""
        out.append(f"  - {{tag: {tag}, commit: {commit}, kinds: {found}{extra}}}")
    out.append("entries:")
    for (group, version, kind), e in sorted(entries.items()):
        gv = f"{group}/{version}" if group else version
        parts = [f"apiVersion: {gv}", f"kind: {kind}"]
        for k in ("introduced", "deprecated", "removed"):
            if k in e:
                parts.append(f"{k}: {quote(e[k])}")
        if "replacement" in e:
            parts.append(f"replacement: {quote(e['replacement'])}")
        parts.append(f"firstTag: {e['firstTag']}")
        parts.append(f"lastTag: {e['lastTag']}")
        if e.get("prerelease"):
            parts.append("prerelease: true")
        out.append("  - {" + ", ".join(parts) + "}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{args.out}: {len(read)} tags, {len(entries)} kinds, newest {newest_tag}", file=sys.stderr)


if __name__ == "__main__":
    main()
