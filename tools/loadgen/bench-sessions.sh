#!/usr/bin/env bash
# Idle STOMP sessions on one edge JVM: how many it holds, its heap per session, the CONNECT rate.
#
#   tools/loadgen/bench-sessions.sh [SESSIONS]        (default 50000)
#
# Starts the platform with ./parley up on ports and a state directory of its own (so it never
# meets a developer's ./parley up), the edge with EDGE_HEAP (2g) and a GC log, auth-service with
# the bench profile; provisions SESSIONS accounts, measures the edge's heap after a full GC, opens
# the sessions with tools/loadgen, measures again while they are held, prints the heap per session,
# and stops the platform. Everything it measured goes to $OUT (.parley-bench/results/<time>).
#
# Settings (environment): SOURCES (127.0.0.1-127.0.0.4), CONCURRENCY (200 CONNECTs in flight),
# HOLD (60s), HEARTBEAT (10000 ms), EDGE_HEAP (2g), EDGE_JVM_OPTS (extra edge options),
# MAX_FAILURES (1000 per load generator: then its ramp stops), LOADGEN_HEAP (1g per process), PROCESSES (load generator processes; default: as many as the
# open-files limit needs), KEEP_RUNNING=1 (leave the platform up afterwards).
#
# Needs file descriptors: each session is one socket in the load generator and one in the edge,
# so both processes need SESSIONS + a few thousand. This script raises `ulimit -n` before it
# starts anything, so the services inherit it; where the hard limit cannot be raised (no
# CAP_SYS_RESOURCE, as on the 2-core benchmark machine: 20,000) it says so and splits the load
# generator into PROCESSES processes below the limit, so the edge's limit is what stops. It widens
# net.ipv4.ip_local_port_range only when SESSIONS exceed ~28,000 per source address, only as
# root, says so, and puts the old range back at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

sessions=${1:-${SESSIONS:-50000}}
sources=${SOURCES:-127.0.0.1-127.0.0.4}
concurrency=${CONCURRENCY:-200}
hold=${HOLD:-60s}
heartbeat=${HEARTBEAT:-10000}
edge_heap=${EDGE_HEAP:-2g}

# A platform of its own: other ports, other state, so a developer's ./parley up is never touched.
export PARLEY_STATE_DIR=${PARLEY_STATE_DIR:-$root/.parley-bench}
export PARLEY_EDGE_SERVICE_PORT=${PARLEY_EDGE_SERVICE_PORT:-18080}
export PARLEY_AUTH_SERVICE_PORT=${PARLEY_AUTH_SERVICE_PORT:-18081}
export PARLEY_KEY_DISTRIBUTION_SERVICE_PORT=${PARLEY_KEY_DISTRIBUTION_SERVICE_PORT:-18082}
export PARLEY_MESSAGE_ROUTING_SERVICE_PORT=${PARLEY_MESSAGE_ROUTING_SERVICE_PORT:-18083}
export PARLEY_PRESENCE_SERVICE_PORT=${PARLEY_PRESENCE_SERVICE_PORT:-18084}
export PARLEY_PUSH_NOTIFICATION_SERVICE_PORT=${PARLEY_PUSH_NOTIFICATION_SERVICE_PORT:-18085}
export PARLEY_KAFKA_PORT=${PARLEY_KAFKA_PORT:-29092}
export PARLEY_KAFKA_CONTROLLER_PORT=${PARLEY_KAFKA_CONTROLLER_PORT:-29093}
export PARLEY_REDIS_PORT=${PARLEY_REDIS_PORT:-26379}

out=${OUT:-$PARLEY_STATE_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$sessions}
mkdir -p "$out"
out=$(cd "$out" && pwd)
log() { echo "[bench-sessions] $*" | tee -a "$out/summary.txt"; }

# Only the edge gets the big heap, the GC log and the C2 compiler (the shared defaults stop at C1
# for fast start-up); auth-service gets the bench profile and C2 for signing 50,000 tokens.
export PARLEY_EDGE_SERVICE_JVM_OPTS="-Xms256m -Xmx$edge_heap -XX:TieredStopAtLevel=4 \
-Xlog:gc*:file=$out/edge-gc.log:time,uptime,level,tags ${EDGE_JVM_OPTS:-}"
export PARLEY_AUTH_SERVICE_PROFILES=bench
export PARLEY_AUTH_SERVICE_JVM_OPTS="-Xmx1g -XX:TieredStopAtLevel=4"

# ------------------------------------------------------------------ file descriptors and ports
need=$((sessions + 5000))
if [[ $(ulimit -Hn) != unlimited && $(ulimit -Hn) -lt $need ]]; then
  if ulimit -Hn "$need" 2>/dev/null; then
    log "raised the hard limit of open files to $need"
  else
    log "cannot raise the hard limit of open files above $(ulimit -Hn) here (raising it needs root"
    log "with CAP_SYS_RESOURCE, or /etc/security/limits.conf): no process can hold more than"
    log "$(ulimit -Hn) sockets, so the edge stops short of that and the load generator is split"
  fi
fi
ulimit -Sn "$(ulimit -Hn)"
hard=$(ulimit -Hn)
log "open files per process: $(ulimit -Sn) (inherited by the services and the load generator)"
# Each load generator process holds at most this many sessions (its own sockets plus a margin).
if [[ $hard == unlimited ]]; then per_process=1000000; else per_process=$((hard - 2000)); fi
processes=${PROCESSES:-$(((sessions + per_process - 1) / per_process))}
log "load generator: $processes process(es)"

range_file=/proc/sys/net/ipv4/ip_local_port_range
old_range=$(tr -s '\t ' ' ' <"$range_file")
read -r low high <<<"$old_range"
addresses=$(awk -F- -v s="$sources" 'BEGIN {
  n = split(s, items, ","); total = 0
  for (i = 1; i <= n; i++) {
    if (split(items[i], r, "-") == 2) { a = r[1]; sub(/.*\./, "", a); b = r[2]; sub(/.*\./, "", b); total += b - a + 1 }
    else total += 1
  }
  print total }')
restore_range=""
if ((sessions > (high - low) * addresses)); then
  if [[ $(id -u) == 0 && -w $range_file ]]; then
    echo "10000 65000" >"$range_file"
    restore_range=$old_range
    log "widened net.ipv4.ip_local_port_range from '$old_range' to '10000 65000' (root); restored at the end"
  else
    log "$sessions sessions over $addresses source address(es) exceed the ephemeral ports ($old_range);"
    log "add SOURCES or widen net.ipv4.ip_local_port_range as root"
  fi
else
  log "ephemeral ports: $old_range, $((high - low)) per source address x $addresses addresses: enough, range left as is"
fi

cleanup() {
  if [[ -n $restore_range ]]; then
    echo "$restore_range" >"$range_file"
    log "restored net.ipv4.ip_local_port_range to '$restore_range'"
  fi
  for pid in "${loadgen_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP_RUNNING:-} != 1 ]]; then
    ./parley down >>"$out/parley.log" 2>&1 || true
  fi
}
loadgen_pids=()
trap cleanup EXIT

# ---------------------------------------------------------------------------------- build, up
./parley up 2>&1 | tee -a "$out/parley.log"
if [[ ! -f tools/loadgen/target/loadgen.classpath ||
  -n $(find tools/loadgen/src/main tools/loadgen/pom.xml -newer tools/loadgen/target/loadgen.classpath -print -quit) ]]; then
  log "building tools/loadgen"
  ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl tools/loadgen package
  touch tools/loadgen/target/loadgen.classpath
fi

edge_pid=$(awk '{print $1}' "$PARLEY_STATE_DIR/run/edge-service.pid")
log "edge-service pid $edge_pid, heap options: $PARLEY_EDGE_SERVICE_JVM_OPTS"

# Heap in use after a full GC, in KB: old generation and survivors from jstat -gc. Eden is left
# out: on a busy edge it fills again between the GC and jstat (20,000 sessions' heart-beats
# allocate tens of MB/s), which overstated the first figures by up to 4 KB per session.
heap_used_kb() {
  jcmd "$1" GC.run >/dev/null
  sleep 1
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.0f\n", $col["S0U"] + $col["S1U"] + $col["OU"] }'
}
# Live bytes as the class histogram counts them (it runs its own full GC): the exact live set.
histogram_kb() { awk '/^Total/ { printf "%.0f\n", $3 / 1024 }' "$1"; }
threads_of() { ls "/proc/$1/task" | wc -l; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Provisioning writes ~7 Redis keys per account; with fsync on every write (the platform's
# setting) a busy disk makes 50,000 accounts take minutes. It is not what is measured, so the
# bench Redis syncs every second while accounts are made, and on every write again before the
# first connection.
redis_fsync() {
  if command -v redis-cli >/dev/null; then
    redis-cli -p "$PARLEY_REDIS_PORT" CONFIG SET appendfsync "$1" >/dev/null &&
      log "bench Redis: appendfsync $1"
  else
    log "no redis-cli on PATH: Redis keeps appendfsync always while accounts are provisioned"
  fi
}

# ---------------------------------------------------------------------------- the load generator
if [[ ${JAVA_HOME:-} != "" ]]; then java="$JAVA_HOME/bin/java"; else java=java; fi
rm -f "$out"/provisioned.* "$out/go" "$out"/ready.*
redis_fsync everysec
loadgen_pids=()
for ((k = 1; k <= processes; k++)); do
  share=$((sessions / processes + (k <= sessions % processes ? 1 : 0)))
  loadgen_cmd=("$java" -Xms128m "-Xmx${LOADGEN_HEAP:-1g}" -XX:+UseSerialGC -Xss256k
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
    -cp "tools/loadgen/target/classes:$(cat tools/loadgen/target/loadgen.classpath)"
    io.parley.loadgen.LoadGen sessions
    --edge "ws://localhost:$PARLEY_EDGE_SERVICE_PORT/ws"
    --auth "http://localhost:$PARLEY_AUTH_SERVICE_PORT"
    --sessions "$share" --source-addresses "$sources"
    --connect-concurrency "$(((concurrency + processes - 1) / processes))"
    --hold "$hold" --heartbeat "$heartbeat" --max-failures "${MAX_FAILURES:-1000}"
    --provisioned-file "$out/provisioned.$k" --go-file "$out/go" --ready-file "$out/ready.$k")
  log "load generator $k: ${loadgen_cmd[*]//$(cat tools/loadgen/target/loadgen.classpath)/<jars>}"
  "${loadgen_cmd[@]}" >"$out/loadgen.$k.log" 2>&1 &
  loadgen_pids+=($!)
done
tail -n +1 -f "$out/loadgen.1.log" --pid "${loadgen_pids[0]}" &

# Waits until every load generator wrote FILE.<k>, or fails if one ended first.
wait_for_all() {
  for ((k = 1; k <= processes; k++)); do
    while [[ ! -f $1.$k ]]; do
      if ! kill -0 "${loadgen_pids[k - 1]}" 2>/dev/null; then
        log "load generator $k ended before $(basename "$1"); see $out/loadgen.$k.log"
        exit 1
      fi
      sleep 1
    done
  done
}

wait_for_all "$out/provisioned"
redis_fsync always
sleep 5 # let the edge take in the AccountRegistered events before the baseline
base_kb=$(heap_used_kb "$edge_pid")
base_threads=$(threads_of "$edge_pid")
base_rss=$(rss_kb "$edge_pid")
jcmd "$edge_pid" GC.class_histogram >"$out/edge-histogram-baseline.txt"
log "baseline (accounts provisioned, no session): edge heap used after full GC ${base_kb} KB, ${base_threads} threads, RSS ${base_rss} KB"
touch "$out/go"

wait_for_all "$out/ready"
connected=$(cat "$out"/ready.* | awk '{ s += $1 } END { print s + 0 }')
held_kb=$(heap_used_kb "$edge_pid")
held_threads=$(threads_of "$edge_pid")
held_rss=$(rss_kb "$edge_pid")
jcmd "$edge_pid" GC.class_histogram >"$out/edge-histogram-held.txt"
jcmd "$edge_pid" GC.heap_info >"$out/edge-heap-info.txt"
log "with $connected sessions held: edge heap used after full GC ${held_kb} KB, ${held_threads} threads, RSS ${held_rss} KB"
if ((connected > 0)); then
  log "$(awk -v b="$base_kb" -v h="$held_kb" -v n="$connected" \
    'BEGIN { printf "edge heap per session (jstat, old gen after full GC): %.1f KB ((%d - %d) KB / %d sessions)", (h - b) / n, h, b, n }')"
  log "$(awk -v b="$(histogram_kb "$out/edge-histogram-baseline.txt")" \
    -v h="$(histogram_kb "$out/edge-histogram-held.txt")" -v n="$connected" \
    'BEGIN { printf "edge live heap per session (class histograms): %.1f KB ((%d - %d) KB / %d sessions)", (h - b) / n, h, b, n }')"
  log "edge RSS per session: $(awk -v b="$base_rss" -v h="$held_rss" -v n="$connected" 'BEGIN { printf "%.1f KB", (h - b) / n }')"
fi

# Classes whose bytes grew between the two histograms, as bytes per session.
awk -v n="$connected" '
  FNR == NR && $1 ~ /^[0-9]+:$/ { base[$4] = $3; next }
  $1 ~ /^[0-9]+:$/ && n > 0 { d = $3 - base[$4]; if (d > 0) printf "%10.1f B/session  %s\n", d / n, $4 }
' "$out/edge-histogram-baseline.txt" "$out/edge-histogram-held.txt" | sort -rn | awk 'NR <= 25' >"$out/edge-histogram-per-session.txt"
log "top classes by bytes per session (edge, held minus baseline):"
tee -a "$out/summary.txt" <"$out/edge-histogram-per-session.txt"

status=0
for pid in "${loadgen_pids[@]}"; do
  wait "$pid" || status=1
done
loadgen_pids=()
for ((k = 1; k <= processes; k++)); do
  echo "--- load generator $k" >>"$out/summary.txt"
  sed -n '/=== sessions ===/,$p' "$out/loadgen.$k.log" >>"$out/summary.txt"
done
# All processes together: counts add up; the rate is every CONNECTED over the longest ramp.
log "$(grep -h '^RESULT' "$out"/loadgen.*.log | tr ' =' '\n\n' | awk '
  /^(requested|connected|failed|alive|ramp_s)$/ { key = $0; next }
  key != "" { if (key == "ramp_s") { if ($0 + 0 > ramp + 0) ramp = $0 + 0 } else total[key] += $0; key = "" }
  END { printf "all: requested %d, connected %d, failed %d, alive at the end %d; CONNECT rate %.0f/s over %.1f s",
        total["requested"], total["connected"], total["failed"], total["alive"],
        (ramp > 0 ? total["connected"] / ramp : 0), ramp }')"
log "GC log: $out/edge-gc.log; all results: $out"
exit $status
