#!/usr/bin/env bash
# Verification API benchmark against the scripted Lean stand-in (a TEST DOUBLE that elaborates nothing and accepts
# every proof): checks/s through POST /api/check with N concurrent HTTP clients, next to the same checks submitted to
# the pool directly, on one warm pool. Measures leanforge's HTTP/JSON/scan/pool plumbing, never Lean. Extra
# arguments go to VerifyBenchmark, e.g.
#   bench/verify-standin.sh --workers 2 --clients 1,4,16 --checks 400 --batch 8
# Environment: MVNW (default ./mvnw) to run Maven differently, e.g. MVNW="./mvnw -o" offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvnw=(${MVNW:-./mvnw})
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "bench: building leanforge (and lean-bridge's test jar, which holds the stand-in)…" >&2
"${mvnw[@]}" -B -ntp -q -pl prover-loop -am -DskipTests package
"${mvnw[@]}" -B -ntp -q -pl lean-bridge dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/deps.classpath"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' lean-bridge/pom.xml | head -1)"
standin_cp="$root/lean-bridge/target/lean-bridge-$version.jar:$root/lean-bridge/target/lean-bridge-$version-tests.jar:$(cat "$work/deps.classpath")"

cat > "$work/accept-all.json" <<'JSON'
{"rules": [{"match": ".", "axioms": []}]}
JSON

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
standin="'$java_bin' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$standin_cp' dev.leanforge.bridge.standin.LeanStandIn --rules '$work/accept-all.json'"

echo "load before: $(uptime)" >&2
"$java_bin" -cp "$root/prover-loop/target/leanforge.jar" dev.leanforge.loop.verify.VerifyBenchmark \
  --project-dir "$work" --server-cmd "$standin" "$@"
echo "load after: $(uptime)" >&2
