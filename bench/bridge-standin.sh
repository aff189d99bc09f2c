#!/usr/bin/env bash
# Bridge benchmark against the scripted Lean stand-in (a TEST DOUBLE that elaborates nothing and accepts every
# proof): measures the pool and LSP plumbing alone, not Lean. Extra arguments go to PoolBenchmark, e.g.
#   bench/bridge-standin.sh --workers 1,2,4 --checks 1000 --fresh
# Defaults: workers 1,2; 400 measured checks after 50 warm-up (below the pool's recycle quota of 500 per worker).
# Environment: MVNW (default ./mvnw) to run Maven differently, e.g. MVNW="./mvnw -o" offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvnw=(${MVNW:-./mvnw})
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "bench: building lean-bridge (main and test jars)…" >&2
"${mvnw[@]}" -B -ntp -q -pl lean-bridge -DskipTests package
"${mvnw[@]}" -B -ntp -q -pl lean-bridge dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/deps.classpath"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' lean-bridge/pom.xml | head -1)"
classpath="$root/lean-bridge/target/lean-bridge-$version.jar:$root/lean-bridge/target/lean-bridge-$version-tests.jar:$(cat "$work/deps.classpath")"

# Every proof is accepted: no diagnostics and an empty `#print axioms` answer.
cat > "$work/accept-all.json" <<'JSON'
{"rules": [{"match": ".", "axioms": []}]}
JSON

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The stand-in is a short-lived helper JVM: serial GC and the C1 compiler start fastest (as StandInCommand does).
standin="'$java_bin' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$classpath' dev.leanforge.bridge.standin.LeanStandIn --rules '$work/accept-all.json'"

exec_args=(--project-dir "$work" --server-cmd "$standin" --workers 1,2 --checks 400 --warmup 50 "$@")
"$java_bin" -cp "$classpath" dev.leanforge.bridge.bench.PoolBenchmark "${exec_args[@]}"
