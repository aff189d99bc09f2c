# Sourced by scripts that run the scripted Lean stand-in (a TEST DOUBLE that elaborates nothing) told to accept
# every proof. Needs $root (the repository) and $work (a scratch folder); sets $java_bin, $classpath (lean-bridge's
# main and test jars and their dependencies) and $standin (a --server-cmd line). MVNW runs Maven differently,
# e.g. MVNW="./mvnw -o" offline.
mvnw=(${MVNW:-./mvnw})
echo "building lean-bridge (main and test jars)…" >&2
(cd "$root" && "${mvnw[@]}" -B -ntp -q -pl lean-bridge -DskipTests package \
  && "${mvnw[@]}" -B -ntp -q -pl lean-bridge dependency:build-classpath -Dmdep.includeScope=test \
     -Dmdep.outputFile="$work/deps.classpath")
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/lean-bridge/pom.xml" | head -1)"
classpath="$root/lean-bridge/target/lean-bridge-$version.jar:$root/lean-bridge/target/lean-bridge-$version-tests.jar:$(cat "$work/deps.classpath")"

# Every proof is accepted: no diagnostics and an empty `#print axioms` answer.
cat > "$work/accept-all.json" <<'JSON'
{"rules": [{"match": ".", "axioms": []}]}
JSON

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The stand-in is a short-lived helper JVM: serial GC and the C1 compiler start fastest (as StandInCommand does).
standin="'$java_bin' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$classpath' dev.leanforge.bridge.standin.LeanStandIn --rules '$work/accept-all.json'"
