#!/usr/bin/env bash
# End-to-end message delivery through the whole platform: throughput, latency, CPU per message.
#
#   tools/loadgen/bench-messages.sh [PAIRS]        (default 100)
#
# Starts the platform with ./parley up on ports and a state directory of its own (so it never
# meets a developer's ./parley up, nor bench-sessions.sh's), edge and routing with C2 and GC logs,
# auth-service with the bench profile; runs `loadgen messages`, which provisions 2 x PAIRS devices
# (each announced with DeviceKeysPublished so it can be sent to), opens a STOMP session for each,
# warms up, then runs a burst (BURST messages per sender, at most WINDOW unreceipted SENDs each)
# and a paced phase (RATE msg/s in all for DURATION). Around each phase it reads the CPU time
# (utime + stime, with reaped children, from /proc/<pid>/stat) of every Parley process (the six
# services, Kafka, Redis; pids from the state directory's pid files), takes the load generator's
# own CPU over the phase from its RESULT line, and
# prints CPU ms per 1,000 messages per process and in all. Stops the platform at the end
# (KEEP_RUNNING=1 leaves it up). Everything goes to $OUT (.parley-bench/messages/results/<time>).
#
# Settings (environment): BURST (200 per sender; 0: no burst), WINDOW (16), RATE (1000; 0: no
# paced phase), DURATION (30s),
# WARMUP (50 per sender), PAYLOAD (100 bytes), PHASE_TIMEOUT (600s: a burst or the paced
# phase's backlog not delivered by then is reported as it stands), SERVICE_HEAP (1g for edge and routing),
# EDGE_JVM_OPTS / ROUTING_JVM_OPTS (extra options), PROFILE=1 (a JFR recording of edge and routing
# during each phase: costs a few % CPU, so the CPU figures of a profiled run are not the ones to
# quote), KEEP_RUNNING=1.
#
# The edge's per-device send rate limit (a burst of 100, then 50/s) is lifted for the benchmark
# (parley.edge.message-rate.*): a burst of 200 per sender would otherwise measure the limiter. Redis
# keeps the platform's appendfsync always: every message is durable before it is delivered.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

pairs=${1:-${PAIRS:-100}}
burst=${BURST:-200}
window=${WINDOW:-16}
rate=${RATE:-1000}
duration=${DURATION:-30s}
warmup=${WARMUP:-50}
payload=${PAYLOAD:-100}
phase_timeout=${PHASE_TIMEOUT:-600s}
heap=${SERVICE_HEAP:-1g}

# A platform of its own: other ports and state than ./parley up and bench-sessions.sh.
export PARLEY_STATE_DIR=${PARLEY_STATE_DIR:-$root/.parley-bench/messages}
export PARLEY_EDGE_SERVICE_PORT=${PARLEY_EDGE_SERVICE_PORT:-18180}
export PARLEY_AUTH_SERVICE_PORT=${PARLEY_AUTH_SERVICE_PORT:-18181}
export PARLEY_KEY_DISTRIBUTION_SERVICE_PORT=${PARLEY_KEY_DISTRIBUTION_SERVICE_PORT:-18182}
export PARLEY_MESSAGE_ROUTING_SERVICE_PORT=${PARLEY_MESSAGE_ROUTING_SERVICE_PORT:-18183}
export PARLEY_PRESENCE_SERVICE_PORT=${PARLEY_PRESENCE_SERVICE_PORT:-18184}
export PARLEY_PUSH_NOTIFICATION_SERVICE_PORT=${PARLEY_PUSH_NOTIFICATION_SERVICE_PORT:-18185}
export PARLEY_KAFKA_PORT=${PARLEY_KAFKA_PORT:-29192}
export PARLEY_KAFKA_CONTROLLER_PORT=${PARLEY_KAFKA_CONTROLLER_PORT:-29193}
export PARLEY_REDIS_PORT=${PARLEY_REDIS_PORT:-26479}

out=${OUT:-$PARLEY_STATE_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$pairs}
mkdir -p "$out/sync"
out=$(cd "$out" && pwd)
log() { echo "[bench-messages] $*" | tee -a "$out/summary.txt"; }

# Edge and routing carry the message path: C2 (the shared defaults stop at C1 for fast start-up),
# a heap of their own, GC logs. The other services keep the shared defaults.
export PARLEY_EDGE_SERVICE_JVM_OPTS="-Xms$heap -Xmx$heap -XX:TieredStopAtLevel=4 \
-Xlog:gc*:file=$out/edge-gc.log:time,uptime,level,tags \
-Dparley.edge.message-rate.capacity=1000000 -Dparley.edge.message-rate.per-second=1000000 \
${EDGE_JVM_OPTS:-}"
export PARLEY_MESSAGE_ROUTING_SERVICE_JVM_OPTS="-Xms$heap -Xmx$heap -XX:TieredStopAtLevel=4 \
-Xlog:gc*:file=$out/routing-gc.log:time,uptime,level,tags ${ROUTING_JVM_OPTS:-}"
export PARLEY_AUTH_SERVICE_PROFILES=bench

loadgen_pid=""
cleanup() {
  if [[ -n $loadgen_pid ]]; then kill "$loadgen_pid" 2>/dev/null || true; fi
  if [[ ${KEEP_RUNNING:-} != 1 ]]; then
    ./parley down >>"$out/parley.log" 2>&1 || true
  fi
}
trap cleanup EXIT

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo);" \
  "load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------------ build, up
./parley up 2>&1 | tee -a "$out/parley.log"
if [[ ! -f tools/loadgen/target/loadgen.classpath ||
  -n $(find tools/loadgen/src/main tools/loadgen/pom.xml -newer tools/loadgen/target/loadgen.classpath -print -quit) ]]; then
  log "building tools/loadgen"
  ./mvnw -q -o -DskipTests -Dspotless.check.skip=true -pl tools/loadgen -am package
  touch tools/loadgen/target/loadgen.classpath
fi

components=(edge-service message-routing-service auth-service key-distribution-service
  presence-service push-notification-service kafka redis)
declare -A pid_of
for c in "${components[@]}"; do
  pid_of[$c]=$(awk '{print $1}' "$PARLEY_STATE_DIR/run/$c.pid")
done
log "pids: $(for c in "${components[@]}"; do printf '%s=%s ' "$c" "${pid_of[$c]}"; done)"
log "edge JVM options: $PARLEY_EDGE_SERVICE_JVM_OPTS"
log "routing JVM options: $PARLEY_MESSAGE_ROUTING_SERVICE_JVM_OPTS"
log "redis appendfsync: $(redis-cli -p "$PARLEY_REDIS_PORT" CONFIG GET appendfsync 2>/dev/null | tail -1 || echo '?')"

# CPU ticks (utime + stime + cutime + cstime) of a process; fields counted after the ")" of comm.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
sample() { # sample NAME: writes one "component ticks" line per process to $out/cpu.NAME
  : >"$out/cpu.$1"
  for c in "${components[@]}"; do echo "$c $(ticks "${pid_of[$c]}")" >>"$out/cpu.$1"; done
  echo "machine $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)" >>"$out/cpu.$1"
}

# --------------------------------------------------------------------------- the load generator
if [[ ${JAVA_HOME:-} != "" ]]; then java="$JAVA_HOME/bin/java"; else java=java; fi
loadgen_cmd=("$java" -Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=4
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -cp "tools/loadgen/target/classes:$(cat tools/loadgen/target/loadgen.classpath)"
  io.parley.loadgen.LoadGen messages
  --edge "ws://localhost:$PARLEY_EDGE_SERVICE_PORT/ws"
  --auth "http://localhost:$PARLEY_AUTH_SERVICE_PORT"
  --pairs "$pairs" --burst "$burst" --window "$window" --rate "$rate" --duration "$duration"
  --warmup "$warmup" --payload-bytes "$payload" --phase-timeout "$phase_timeout"
  --sync-dir "$out/sync")
log "load generator: ${loadgen_cmd[*]//$(cat tools/loadgen/target/loadgen.classpath)/<jars>}"
"${loadgen_cmd[@]}" >"$out/loadgen.log" 2>&1 &
loadgen_pid=$!
tail -n +1 -f "$out/loadgen.log" --pid "$loadgen_pid" &

wait_file() {
  while [[ ! -f $1 ]]; do
    if ! kill -0 "$loadgen_pid" 2>/dev/null; then
      log "the load generator ended before $(basename "$1"); see $out/loadgen.log"
      exit 1
    fi
    sleep 0.05
  done
}

phases=()
if ((burst > 0)); then phases+=(burst); fi
if [[ $rate != 0 ]]; then phases+=(paced); fi
for phase in "${phases[@]}"; do
  wait_file "$out/sync/$phase.ready"
  sleep 2 # let the warm-up's (or burst's) last ACKs and receipts settle
  if [[ ${PROFILE:-} == 1 ]]; then
    for c in edge-service message-routing-service; do
      jcmd "${pid_of[$c]}" JFR.start name="$phase" settings=profile \
        filename="$out/$c-$phase.jfr" >/dev/null
    done
  fi
  sample "$phase.before"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  touch "$out/sync/$phase.go"
  wait_file "$out/sync/$phase.done"
  sample "$phase.after"
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ ${PROFILE:-} == 1 ]]; then
    for c in edge-service message-routing-service; do
      jcmd "${pid_of[$c]}" JFR.stop name="$phase" >/dev/null
    done
  fi
  result=$(cat "$out/sync/$phase.done")
  messages=$(sed -E 's/.* delivered=([0-9]+) .*/\1/' <<<"$result")
  loadgen_ms=$(sed -E 's/.* loadgen_cpu_ms=([0-9]+) .*/\1/' <<<"$result")
  log "$phase: $result"
  log "$phase: load average before $load_before, after $load_after"
  # Per process: CPU ms over the phase and per 1,000 delivered messages.
  join <(sort "$out/cpu.$phase.before") <(sort "$out/cpu.$phase.after") | awk -v hz="$hz" -v n="$messages" \
    -v cores="$(nproc)" -v lg="$loadgen_ms" '
    { ms = ($3 - $2) * 1000 / hz }
    $1 == "machine" { machine = ms; next }
    { printf "  %-26s %8.0f ms CPU  %7.1f ms per 1,000 messages\n", $1, ms, (n > 0 ? ms * 1000 / n : 0); total += ms }
    END {
      printf "  %-26s %8.0f ms CPU  %7.1f ms per 1,000 messages\n", "all Parley processes", total, (n > 0 ? total * 1000 / n : 0)
      printf "  %-26s %8.0f ms CPU  %7.1f ms per 1,000 messages (not counted above)\n", "load generator", lg, (n > 0 ? lg * 1000 / n : 0)
      printf "  %-26s %8.0f ms CPU  (all processes of the machine, %d cores)\n", "machine", machine, cores
    }' | tee -a "$out/summary.txt"
done

status=0
wait "$loadgen_pid" || status=$?
loadgen_pid=""
sed -n '/=== messages: /,$p' "$out/loadgen.log" >>"$out/summary.txt"
ps -eo pid,pcpu,etimes,comm --sort=-pcpu | head -15 >"$out/ps-at-end.txt"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); busiest processes: $out/ps-at-end.txt"
log "GC logs: $out/edge-gc.log, $out/routing-gc.log; all results: $out"
exit $status
