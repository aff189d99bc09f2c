#!/bin/sh
# install-elan.sh TOOLCHAIN: installs elan into $ELAN_HOME (default ~/.elan) with TOOLCHAIN (a lean-toolchain line,
# e.g. leanprover/lean4:v4.24.0) as its default toolchain, and prints the versions of lean and lake.
# Used by docker/Dockerfile and the GitHub workflows. Needs curl and network; elan itself is its latest release
# (only the toolchain is pinned). On GitHub Actions it also puts elan's bin directory on the PATH of later steps.
set -eu
toolchain="${1:?usage: install-elan.sh TOOLCHAIN   (e.g. leanprover/lean4:v4.24.0)}"
elan_home="${ELAN_HOME:-$HOME/.elan}"
init="$(mktemp)"
curl -sSfL https://elan.lean-lang.org/elan-init.sh -o "$init"
sh "$init" -y --no-modify-path --default-toolchain "$toolchain"
rm -f "$init"
"$elan_home/bin/lean" --version
"$elan_home/bin/lake" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$elan_home/bin" >> "$GITHUB_PATH"
fi
