#!/usr/bin/env bash
# Builds the linux/amd64 release archive and writes the krew manifest plugins/abema.yaml.
#
#   scripts/package-krew.sh            build (cargo build --release) and package
#   ABEMA_BIN_DIR=dir scripts/...      package binaries already built in dir (tests use this)
#   DIST_DIR, KREW_MANIFEST            where the archive and manifest go (default dist/, plugins/abema.yaml)
#
# The archive is reproducible (sorted, owner 0, mtime 0, gzip -n), so the sha256 in the manifest
# only changes when the binaries do.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n '/^\[package\]/,/^\[/{s/^version *= *"\(.*\)"/\1/p}' Cargo.toml | head -n 1)
[[ -n $version ]] || { echo "error: cannot read the version from Cargo.toml" >&2; exit 1; }
dist=${DIST_DIR:-dist}
manifest=${KREW_MANIFEST:-plugins/abema.yaml}
bin_dir=${ABEMA_BIN_DIR:-}
if [[ -z $bin_dir ]]; then
  cargo build --release --locked --bins
  bin_dir=${CARGO_TARGET_DIR:-target}/release
fi
archive="kubectl-abema_v${version}_linux_amd64.tar.gz"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -m 0755 "$bin_dir/kubectl-abema" "$bin_dir/kubectl_complete-abema" "$stage/"
install -m 0644 LICENSE README.md "$stage/"
mkdir -p "$dist" "$(dirname "$manifest")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - \
  kubectl-abema kubectl_complete-abema LICENSE README.md | gzip -n -9 > "$dist/$archive.tmp"
mv "$dist/$archive.tmp" "$dist/$archive"
sha=$(sha256sum "$dist/$archive" | cut -d' ' -f1 | tr 'A-F' 'a-f')

cat > "$manifest.tmp" <<YAML
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: abema
spec:
  version: v${version}
  homepage: https://github.com/abema/kubectl-abema
  shortDescription: Platform checks for GKE and EKS workloads
  description: |
    Walks application developers through a multi-cloud (GKE and EKS) platform's rules:
    deprecated and removed Kubernetes APIs in manifests (kubectl abema deprecations),
    and every check at once for CI and pre-commit (kubectl abema check).
    kubectl >= 1.26 completes "kubectl abema <TAB>" through kubectl_complete-abema.
  platforms:
    - selector:
        matchLabels:
          os: linux
          arch: amd64
      uri: https://github.com/abema/kubectl-abema/releases/download/v${version}/${archive}
      sha256: ${sha}
      bin: kubectl-abema
      files:
        - from: kubectl-abema
          to: .
        - from: kubectl_complete-abema
          to: .
        - from: LICENSE
          to: .
YAML
mv "$manifest.tmp" "$manifest"
echo "wrote $dist/$archive (sha256 $sha) and $manifest"
