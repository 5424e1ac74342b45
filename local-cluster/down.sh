#!/usr/bin/env bash
# Stops every process up.sh started (and only those): TERM, then KILL after a grace period. Data stays in run/
# unless --purge is given.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
grace_s="${LATENTMAP_STOP_GRACE_S:-20}"
shopt -s nullglob
# Reverse start order: producers, the viewer and TaskManagers before the JobManager, Kafka last.
order=()
for f in "$PID_DIR"/fleet*.pid "$PID_DIR"/viewer.pid "$PID_DIR"/taskmanager-*.pid "$PID_DIR"/jobmanager.pid "$PID_DIR"/kafka.pid "$PID_DIR"/*.pid; do
  n="$(basename "$f" .pid)"; [[ " ${order[*]-} " == *" $n "* ]] || order+=("$n")
done
for name in "${order[@]}"; do
  pid="$(pid_of "$name")"
  if is_alive "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$(( SECONDS + grace_s ))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; log "$name (pid $pid) killed after ${grace_s}s"; else log "$name (pid $pid) stopped"; fi
  fi
  rm -f "$PID_DIR/$name.pid"
done
if [[ "${1:-}" == "--purge" ]]; then rm -rf "$RUN_DIR"; log "removed $RUN_DIR"; fi
