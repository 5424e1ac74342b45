#!/usr/bin/env bash
# Failure drill: with the cluster up and the fleet publishing, kill -9 a TaskManager mid-run, start a replacement,
# and show from the output topics (read_committed) that no tile version was lost or repeated and that the job
# restored from a checkpoint. The kill comes once the job has committed output; the fleet is stopped once the
# restored job has committed more (--seconds only bounds the drive). Brings the cluster up if it is not (up.sh), submits its own job (fresh consumer group
# and transactional ids, output judged from where the topics ended before it), cancels that job at the end and leaves
# the cluster up. Prints the verdict as `name value unit` lines on stdout; exits 1 when a version was lost or repeated.
# Usage: drill.sh [--seconds N] [-- fleet flags]   (default: --seconds 120 -- --vehicles 2 --cameras 1 --tick-stride 2)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fleet_seconds="${LATENTMAP_DRILL_FLEET_SECONDS:-120}"
fleet_args=(--vehicles 2 --cameras 1 --tick-stride 2 --threads 1)
while (( $# )); do
  case "$1" in
    --seconds) fleet_seconds="$2"; shift 2 ;;
    --) shift; fleet_args=("$@"); break ;;
    *) die "unknown argument $1 (usage: drill.sh [--seconds N] [-- fleet flags])" ;;
  esac
done
[[ "$fleet_seconds" =~ ^[0-9]+$ ]] && (( fleet_seconds >= 10 )) || die "--seconds must be a whole number >= 10: $fleet_seconds"
checkpoint_interval="${LATENTMAP_DRILL_CHECKPOINT_INTERVAL:-5 s}"
timeout_s="${LATENTMAP_DRILL_TIMEOUT_S:-180}"   # longest wait for any one stage
drill_dir="$RUN_DIR/drill"

parallelism="${LATENTMAP_JOB_PARALLELISM:-$TASKMANAGERS}"
# up.sh when anything it starts is down (a TaskManager killed by an earlier drill, say); it keeps what runs.
for name in kafka jobmanager $(seq -f 'taskmanager-%g' 1 "$TASKMANAGERS"); do
  if ! is_alive "$name"; then "$LC_DIR/up.sh"; break; fi
done
ensure_classpaths
is_alive fleet && die "a fleet is running (pid $(pid_of fleet)): the drill starts its own; wait for it or run down.sh"
running="$(flink_rest /jobs/overview | grep -o '"jid":"[^"]*","name":"[^"]*","start-time":[0-9]*,"end-time":-1' || true)"
[[ -z "$running" ]] || die "a job is running on the session cluster, the drill needs its slots: $running"
free_slots() { [[ "$(flink_rest /overview | sed -n 's/.*"slots-available":\([0-9]*\).*/\1/p')" -ge "$1" ]]; }
wait_until "$parallelism free task slots" "$timeout_s" "" free_slots "$parallelism"

ensure_drill_classpath
check() { java -cp "$DRILL_CP" io.latentmap.localcluster.DrillCheck "$1" --bootstrap-servers "$BOOTSTRAP" "${@:2}"; }
now_ms() { date +%s%3N; }

# --- Flink REST, read with grep/sed: the fields used are flat JSON values --------------------------------------------
job_state() { { flink_rest "/jobs/$job_id" | grep -o '"state":"[A-Z_]*"' | head -1 | cut -d'"' -f4; } || true; }
# Every vertex RUNNING (the job's state alone says RUNNING while its tasks still wait for slots).
all_tasks_running() {
  local counts; counts="$(flink_rest "/jobs/$job_id" | grep -o '"status-counts":{[^}]*}')" || return 1
  [[ "$counts" =~ \"RUNNING\":[1-9] ]] && [[ -z "$(echo "$counts" | sed 's/"RUNNING":[0-9]*//' | grep -o ':[1-9]')" ]]
}
restored_field() { # field of the last restore (id, restore_timestamp), empty when none
  { flink_rest "/jobs/$job_id/checkpoints" | grep -o '"restored":{[^}]*}' | grep -o "\"$1\":[0-9]*" | cut -d: -f2; } || true
}
completed_field() { # field of the newest completed checkpoint (id, trigger_timestamp, ...), empty when none
  { flink_rest "/jobs/$job_id/checkpoints" | grep -o '"latest":{"completed":{[^}]*}' | grep -o "\"$1\":[0-9]*" \
    | cut -d: -f2; } || true
}
restored_after() { local t; t="$(restored_field restore_timestamp)"; [[ -n "$t" ]] && (( t >= $1 )); }
checkpoint_triggered_after() { local t; t="$(completed_field trigger_timestamp)"; [[ -n "$t" ]] && (( t > $1 )); }
fleet_done() { ! is_alive fleet; }

cancel_job() {
  if [[ -n "${job_id:-}" ]]; then
    curl -fsS -X PATCH --max-time 10 "$REST_URL/jobs/$job_id?mode=cancel" > /dev/null 2>&1 || true
    log "cancelled drill job $job_id"
  fi
}
trap cancel_job EXIT

# --- 1. a fresh job, judged from where its output topics end now --------------------------------------------------
rm -rf "$drill_dir"; mkdir -p "$drill_dir"
check mark --out "$drill_dir/start.offsets"
suffix="drill-$(date +%s)"
job_id="$(LATENTMAP_JOB_PARALLELISM="$parallelism" "$LC_DIR/submit.sh" --kafka.group-id "latentmap-$suffix" --kafka.transactional-id-prefix "latentmap-$suffix" \
  --kafka.starting-offsets LATEST --checkpoint.interval "$checkpoint_interval")"
wait_until "drill job $job_id running on every task" "$timeout_s" "" all_tasks_running

# --- 2. the fleet, until the job has committed output (so a checkpoint completed) --------------------------------
"$LC_DIR/fleet.sh" --seconds "$fleet_seconds" "${fleet_args[@]}"
check await-updates --from "$drill_dir/start.offsets" --timeout-seconds "$timeout_s" \
  || die "the job committed no tile update within ${timeout_s}s; see $LOG_DIR"
is_alive fleet || die "the fleet finished before the kill: give it more --seconds; see $LOG_DIR/fleet.out"
before_restore="$(restored_field id)"

# --- 3. kill -9 one TaskManager mid-run, start a replacement --------------------------------------------------------
victim=""
for f in "$PID_DIR"/taskmanager-*.pid; do
  name="$(basename "$f" .pid)"
  if is_alive "$name"; then victim="$name"; break; fi
done
[[ -n "$victim" ]] || die "no TaskManager is running"
victim_pid="$(pid_of "$victim")"
kill_ms="$(now_ms)"
kill -KILL "$victim_pid"
log "killed $victim (pid $victim_pid) at checkpoint $(completed_field id)"
replacement=1
while [[ -f "$PID_DIR/taskmanager-$replacement.pid" ]]; do replacement=$(( replacement + 1 )); done
start_taskmanager "$replacement"

wait_until "the job restored from a checkpoint" "$timeout_s" "" restored_after "$kill_ms"
wait_until "every task running again" "$timeout_s" "taskmanager-$replacement.out" all_tasks_running
recovered_ms="$(now_ms)"
restored_id="$(restored_field id)"
log "job restored from checkpoint $restored_id (before the kill: ${before_restore:-none}) and runs on every task"
check mark --out "$drill_dir/restored.offsets"

# --- 4. output committed after the restore, then the fleet stopped and one more checkpoint, so all is judged -----
check await-updates --from "$drill_dir/restored.offsets" --timeout-seconds "$timeout_s" \
  || die "the job committed no tile update after its restore within ${timeout_s}s; see $LOG_DIR"
if is_alive fleet; then
  kill -TERM "$(pid_of fleet)"
  wait_until "the fleet to stop" "$timeout_s" "" fleet_done
fi
fleet_done_ms="$(now_ms)"
wait_until "a checkpoint after the fleet stopped" "$timeout_s" "" checkpoint_triggered_after "$fleet_done_ms"
[[ "$(job_state)" == RUNNING ]] || die "drill job is $(job_state), not RUNNING"

# --- 5. verdict ------------------------------------------------------------------------------------------------------
echo "drill.killed_taskmanager_pid $victim_pid pid"
echo "drill.recovery_seconds $(( (recovered_ms - kill_ms) / 1000 )) s"
echo "drill.restored_from_checkpoint $restored_id id"
check verdict --from "$drill_dir/start.offsets" --after "$drill_dir/restored.offsets"
