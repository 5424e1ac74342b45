#!/usr/bin/env bash
# One line per process this folder started, then what the broker and the Flink REST API say.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
shopt -s nullglob
any=0
for f in "$PID_DIR"/*.pid; do
  name="$(basename "$f" .pid)"; any=1
  if is_alive "$name"; then echo "$name running pid $(pid_of "$name")"; else echo "$name stopped (stale pid $(pid_of "$name"))"; fi
done
(( any )) || echo "nothing started by local-cluster/up.sh"
if port_open "$KAFKA_PORT"; then echo "kafka listening $BOOTSTRAP"; else echo "kafka not listening on $BOOTSTRAP"; fi
if overview="$(flink_rest /overview 2>/dev/null)"; then echo "flink $REST_URL $overview"; else echo "flink REST not answering on $REST_URL"; fi
if jobs="$(flink_rest /jobs/overview 2>/dev/null)"; then
  echo "$jobs" | grep -o '"jid":"[^"]*","name":"[^"]*"[^}]*"state":"[^"]*"' | sed 's/"//g' || true
fi
# Prometheus: each Flink process serves its metrics on the first free port of the range.
first="${PROM_PORTS%-*}"; last="${PROM_PORTS#*-}"
for port in $(seq "$first" "$last"); do
  metrics="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/metrics" 2>/dev/null)" || continue
  if grep -q '^flink_jobmanager_' <<< "$metrics"; then role=jobmanager
  elif tm="$(grep -o 'tm_id="[^"]*"' <<< "$metrics" | head -1)"; then role="taskmanager $tm"
  else role=unknown; fi
  echo "prometheus http://127.0.0.1:$port/metrics $role"
done
