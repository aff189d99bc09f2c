#!/bin/sh
# mathlib-project.sh DIR TOOLCHAIN [MATHLIB_REV]: makes DIR a Lake project that requires Mathlib at MATHLIB_REV
# (default: the toolchain's version, e.g. v4.24.0 for leanprover/lean4:v4.24.0, a tag Mathlib publishes for each
# Lean release), fetches Mathlib's prebuilt cache (`lake exe cache get`) and builds a module importing Mathlib, so
# that `leanforge … --project-dir DIR` checks Mathlib statements without building anything. Files already in DIR
# are kept. Needs lake on PATH, git and network. Used by docker/Dockerfile (target mathlib) and the GitHub workflows.
set -eu
dir="${1:?usage: mathlib-project.sh DIR TOOLCHAIN [MATHLIB_REV]}"
toolchain="${2:?usage: mathlib-project.sh DIR TOOLCHAIN [MATHLIB_REV]}"
rev="${3:-${toolchain##*:}}"
mkdir -p "$dir"
cd "$dir"
printf '%s\n' "$toolchain" > lean-toolchain
printf '%s\n' \
  'name = "leanforge_work"' \
  'defaultTargets = ["LeanforgeWork"]' \
  '' \
  '[[require]]' \
  'name = "mathlib"' \
  'git = "https://github.com/leanprover-community/mathlib4"' \
  "rev = \"$rev\"" \
  '' \
  '[[lean_lib]]' \
  'name = "LeanforgeWork"' > lakefile.toml
printf '%s\n' 'import Mathlib' > LeanforgeWork.lean
lake update
lake exe cache get
lake build
grep -q '"mathlib"' lake-manifest.json
echo "Mathlib $rev ready in $(pwd)"
