#!/usr/bin/env bash
# Re-runs the red-team corpus with `./leanforge check` against the scripted Lean stand-in (a TEST DOUBLE) told to
# accept every proof it is shown: only leanforge's own defences stand between each cheat and PROVED.
# Expect every file REJECTED and exit code 1. Extra arguments go to `leanforge check` (e.g. --json).
# Environment: MVNW (default ./mvnw) to run Maven differently, e.g. MVNW="./mvnw -o" offline.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
cd "$root"
mvnw=(${MVNW:-./mvnw})
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "redteam: building lean-bridge (main and test jars)…" >&2
"${mvnw[@]}" -B -ntp -q -pl lean-bridge -DskipTests package
"${mvnw[@]}" -B -ntp -q -pl lean-bridge dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/deps.classpath"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' lean-bridge/pom.xml | head -1)"
classpath="$root/lean-bridge/target/lean-bridge-$version.jar:$root/lean-bridge/target/lean-bridge-$version-tests.jar:$(cat "$work/deps.classpath")"

cat > "$work/accept-all.json" <<'JSON'
{"rules": [{"match": ".", "axioms": []}]}
JSON
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
standin="'$java_bin' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$classpath' dev.leanforge.bridge.standin.LeanStandIn --rules '$work/accept-all.json'"

set +e
"$root/leanforge" check --server-cmd "$standin" --project-dir "$work" "$@" "$here"/*.lean
status=$?
set -e
echo "redteam: leanforge check exited $status (1 = every cheat refused or failed; 0 would mean a cheat was PROVED)" >&2
exit $(( status == 1 ? 0 : 1 ))
