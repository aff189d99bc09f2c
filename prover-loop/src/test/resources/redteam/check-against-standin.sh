#!/usr/bin/env bash
# Re-runs the red-team corpus with `./leanforge check` against the scripted Lean stand-in (a TEST DOUBLE) told to
# accept every proof it is shown: only leanforge's own defences stand between each cheat and PROVED.
# Expect every file REJECTED and exit code 1. Extra arguments go to `leanforge check` (e.g. --json).
# Environment: MVNW (default ./mvnw) to run Maven differently, e.g. MVNW="./mvnw -o" offline.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/bench/standin-lib.sh"

set +e
"$root/leanforge" check --server-cmd "$standin" --project-dir "$work" "$@" "$here"/*.lean
status=$?
set -e
echo "redteam: leanforge check exited $status (1 = every cheat refused or failed; 0 would mean a cheat was PROVED)" >&2
exit $(( status == 1 ? 0 : 1 ))
