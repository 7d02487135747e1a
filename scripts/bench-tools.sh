#!/bin/sh
# Tools the benches compare against, unpacked into target/interop (no root needed):
#   ripgrep   Debian's package (apt-get download + dpkg -x), the baseline of benches/check.rs
set -eu
cd "$(dirname "$0")/.."
dest=target/interop/ripgrep
if [ ! -x "$dest/usr/bin/rg" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download ripgrep >/dev/null 2>&1)
    mkdir -p "$dest"
    dpkg -x "$tmp"/ripgrep_*.deb "$dest"
    rm -rf "$tmp"
fi
echo "ripgrep: $("$dest/usr/bin/rg" --version | tr "\n" " " | cut -c1-15)"
