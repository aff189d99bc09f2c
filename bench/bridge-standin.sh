#!/usr/bin/env bash
# Bridge benchmark against the scripted Lean stand-in (a TEST DOUBLE that elaborates nothing and accepts every
# proof): measures the pool and LSP plumbing alone, not Lean. Extra arguments go to PoolBenchmark, e.g.
#   bench/bridge-standin.sh --workers 1,2,4 --checks 1000 --fresh
# Defaults: workers 1,2; 400 measured checks after 50 warm-up (below the pool's recycle quota of 500 per worker).
# Environment: MVNW (default ./mvnw) to run Maven differently, e.g. MVNW="./mvnw -o" offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/bench/standin-lib.sh"

exec_args=(--project-dir "$work" --server-cmd "$standin" --workers 1,2 --checks 400 --warmup 50 "$@")
"$java_bin" -cp "$classpath" dev.leanforge.bridge.bench.PoolBenchmark "${exec_args[@]}"
