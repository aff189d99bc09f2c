#!/usr/bin/env bash
# Cluster scaling benchmark against the scripted Lean stand-in (a TEST DOUBLE that elaborates nothing): warm checks
# per second of a campaign whose coordinator leases every check to 1, 2, 3 … worker JVMs joined over Hazelcast on
# 127.0.0.1. Each check costs a fixed DELAY_MS inside the stand-in (it sleeps), so a machine's cores are not the
# limit and the figure shows leanforge's cluster plumbing: leasing, the clustered event bus, the coordinator's
# store. Work grows with the workers (SAMPLES_PER_WORKER × workers attempts per theorem of core-nat), so every run
# lasts about as long. Every stand-in answer is a failure, so no fresh rechecks run.
#
#   bench/cluster-standin.sh                        # 1, 2, 3 workers, 4 servers each, 200 ms per check
#   WORKERS="1 2" SERVERS=2 DELAY_MS=100 bench/cluster-standin.sh
#
# Environment: WORKERS (worker counts, default "1 2 3"), SERVERS (warm servers per worker, default 4), DELAY_MS
# (per check, default 200), SAMPLES_PER_WORKER (default 8), MVNW (default ./mvnw; MVNW="./mvnw -o" offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

counts=(${WORKERS:-1 2 3})
servers="${SERVERS:-4}"
delay="${DELAY_MS:-200}"
per_worker="${SAMPLES_PER_WORKER:-8}"
lean_version="4.24.0"  # not $version: standin-lib.sh sets that to the build's

source "$root/bench/standin-lib.sh"
echo "bench: building leanforge…" >&2
(cd "$root" && "${mvnw[@]}" -B -ntp -q -pl prover-loop -am -DskipTests package)
leanforge=("$java_bin" -jar "$root/prover-loop/target/leanforge.jar")

# Every check fails after DELAY_MS, the way Lean reports an unsolved goal.
cat > "$work/fail-slowly.json" <<JSON
{"rules": [{"match": ".", "delayMs": $delay, "messages": [{"severity": 1, "text": "unsolved goals"}]}]}
JSON
server_cmd="'$java_bin' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$classpath' dev.leanforge.bridge.standin.LeanStandIn --rules '$work/fail-slowly.json'"
cat > "$work/policy.yaml" <<'YAML'
rules:
  - match: '.'
    completions: [by simp, by omega, by decide, by norm_num, by rfl, by linarith, by ring, by aesop]
YAML


printf '%-8s %-8s %-9s %-10s %-12s %s\n' workers servers checks wall_s checks_per_s "ratio to linear" | tee "$work/table"
base=""
for n in "${counts[@]}"; do
  cluster="bench-$$-$n"
  coordinator_port=$((30000 + RANDOM % 10000))
  members="127.0.0.1:$coordinator_port"
  worker_ports=()
  for i in $(seq 1 "$n"); do
    port=$((coordinator_port + 10 * i))
    worker_ports+=("$port")
    members="$members,127.0.0.1:$port"
  done
  pids=()
  for i in $(seq 1 "$n"); do
    "${leanforge[@]}" worker --cluster "$members" --cluster-name "$cluster" --cluster-port "${worker_ports[$((i-1))]}" \
      --worker-id "w$i" --workers "$servers" --recheck-workers 1 --server-cmd "$server_cmd" --project-dir "$work" \
      --lean-version "$lean_version" --timeout 60 > "$work/w$i.out" 2> "$work/w$i.err" &
    pids+=($!)
  done
  for i in $(seq 1 "$n"); do
    until grep -q "joined cluster" "$work/w$i.err"; do
      kill -0 "${pids[$((i-1))]}" 2>/dev/null || { echo "worker w$i died:" >&2; cat "$work/w$i.err" >&2; exit 1; }
      sleep 0.5
    done
  done
  echo "load before $n worker(s): $(uptime)" >&2
  "${leanforge[@]}" campaign run --set core-nat --theorems-dir "$root/theorems" --policy "scripted:$work/policy.yaml" \
    --store "$work/store-$n.db" --samples $((per_worker * n)) --stop-on-proof false \
    --in-flight $((2 * servers * n)) --project-dir "$work" --lean-version "$lean_version" --progress false --json \
    --cluster "$members" --cluster-name "$cluster" --cluster-port "$coordinator_port" \
    > "$work/summary-$n.json" 2> "$work/coordinator-$n.err" \
    || { echo "campaign failed:" >&2; cat "$work/coordinator-$n.err" >&2; exit 1; }
  echo "load after: $(uptime)" >&2
  checks="$(grep -o '"checks":[0-9]*' "$work/summary-$n.json" | head -1 | cut -d: -f2)"
  wall="$(grep -o '"wallSeconds":[0-9.Ee+-]*' "$work/summary-$n.json" | head -1 | cut -d: -f2)"
  cps="$(grep -o '"checksPerSecond":[0-9.Ee+-]*' "$work/summary-$n.json" | head -1 | cut -d: -f2)"
  if [ -z "$base" ]; then base="$(awk -v c="$cps" -v n="$n" 'BEGIN { print c / n }')"; fi
  ratio="$(awk -v c="$cps" -v b="$base" -v n="$n" 'BEGIN { printf "%.3f", c / (b * n) }')"
  printf '%-8s %-8s %-9s %-10.1f %-12.1f %s\n' "$n" "$servers" "$checks" "$wall" "$cps" "$ratio" | tee -a "$work/table"
  grep -h "worker w" "$work/coordinator-$n.err" >&2 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
done
echo "stand-in: $delay ms per check; ideal per worker: $(awk -v s="$servers" -v d="$delay" 'BEGIN { printf "%.1f", s * 1000 / d }') checks/s" >&2
