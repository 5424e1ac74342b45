# Shared by up.sh, status.sh, down.sh and the drills. Sourced, not run.
# Every process this folder starts is recorded in run/pids/<name>.pid; down.sh stops exactly those.
set -euo pipefail

LC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$LC_DIR/.." && pwd)"
RUN_DIR="${LATENTMAP_CLUSTER_RUN_DIR:-$LC_DIR/run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
CONF_OUT="$RUN_DIR/conf"

KAFKA_PORT="${LATENTMAP_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${LATENTMAP_KAFKA_CONTROLLER_PORT:-9093}"
REST_PORT="${LATENTMAP_FLINK_REST_PORT:-8081}"
JM_RPC_PORT="${LATENTMAP_FLINK_RPC_PORT:-6123}"
PROM_PORTS="${LATENTMAP_PROMETHEUS_PORTS:-9249-9259}"
VIEWER_PORT="${LATENTMAP_VIEWER_PORT:-8088}"
TASKMANAGERS="${LATENTMAP_TASKMANAGERS:-2}"
STARTUP_TIMEOUT_S="${LATENTMAP_STARTUP_TIMEOUT_S:-120}"

BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
REST_URL="http://127.0.0.1:$REST_PORT"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Resolves the Kafka and Flink runtimes from Maven Central once; their classpaths land in */target/classpath.txt.
ensure_classpaths() {
  if [[ ! -s "$LC_DIR/kafka-broker/target/classpath.txt" || ! -s "$LC_DIR/flink-session/target/classpath.txt" ]]; then
    log "resolving Kafka and Flink runtimes from Maven Central ..."
    (cd "$REPO_DIR" && mvn -B -q -pl local-cluster/kafka-broker,local-cluster/flink-session -am generate-resources) >&2
  fi
  KAFKA_CP="$(cat "$LC_DIR/kafka-broker/target/classpath.txt")"
  FLINK_CP="$(cat "$LC_DIR/flink-session/target/classpath.txt")"
}

# The drill's topic check (drill/ module): its classes and runtime classpath, built once.
ensure_drill_classpath() {
  if [[ ! -s "$LC_DIR/drill/target/classpath.txt" || ! -d "$LC_DIR/drill/target/classes/io" ]]; then
    log "building the drill's topic check ..."
    (cd "$REPO_DIR" && mvn -B -q -DskipTests -pl local-cluster/drill -am package) >&2
  fi
  DRILL_CP="$LC_DIR/drill/target/classes:$(cat "$LC_DIR/drill/target/classpath.txt")"
}

render_template() { # template output
  sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
      -e "s#@REST_PORT@#$REST_PORT#g" -e "s#@JM_RPC_PORT@#$JM_RPC_PORT#g" -e "s#@PROM_PORTS@#$PROM_PORTS#g" \
      "$1" > "$2"
}

pid_of() { [[ -f "$PID_DIR/$1.pid" ]] && cat "$PID_DIR/$1.pid" || true; }

is_alive() { # name
  local pid; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Starts a command detached in its own session, stdout/stderr to run/logs/<name>.out, PID to run/pids/<name>.pid.
start_process() { # name command...
  local name="$1"; shift
  if is_alive "$name"; then log "$name already running (pid $(pid_of "$name"))"; return 0; fi
  mkdir -p "$LOG_DIR" "$PID_DIR"
  setsid "$@" > "$LOG_DIR/$name.out" 2>&1 < /dev/null &
  echo $! > "$PID_DIR/$name.pid"
  log "started $name (pid $!), log: $LOG_DIR/$name.out"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls a condition once a second until it holds; fails naming what it waited for and the log to read.
wait_until() { # description timeout_s logname command...
  local what="$1" timeout="$2" logname="$3"; shift 3
  local deadline=$(( SECONDS + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then die "$what not ready after ${timeout}s; see $LOG_DIR/$logname"; fi
    if [[ -n "$logname" ]] && ! is_alive "${logname%.*}"; then die "$what: process exited; see $LOG_DIR/$logname"; fi
    sleep 1
  done
}

java_opens() { tr '\n' ' ' < "$LC_DIR/conf/java17-opens.txt"; }

# BashJavaUtils prints the JVM memory flags and dynamic properties Flink's own scripts would use.
flink_resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  java -cp "$FLINK_CP" -Dlog4j.configurationFile="$LC_DIR/conf/log4j2-process.properties" -Dlog.file=/dev/null \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF_OUT/flink" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# Starts TaskManager number $1 (run/pids/taskmanager-$1.pid) against the JobManager up.sh started; up.sh starts
# 1..LATENTMAP_TASKMANAGERS, the drill starts replacements with higher numbers.
start_taskmanager() { # index
  if [[ -z "${TM_PARAMS_0:-}" ]]; then
    local params
    mapfile -t params < <(flink_resource_params GET_TM_RESOURCE_PARAMS)
    (( ${#params[@]} >= 2 )) || die "BashJavaUtils gave no TaskManager memory flags"
    TM_PARAMS_0="${params[0]}"; TM_PARAMS_1="${params[1]}"
  fi
  # shellcheck disable=SC2086 # flag strings from BashJavaUtils are meant to split
  start_process "taskmanager-$1" java $TM_PARAMS_0 $(java_opens) -Dlog.file="$LOG_DIR/taskmanager-$1.log" \
    -Dlog4j.configurationFile="$CONF_OUT/flink/log4j.properties" -cp "$FLINK_CP" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$CONF_OUT/flink" $TM_PARAMS_1
}

registered_taskmanagers() { # at least this many
  [[ "$(flink_rest /overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p')" -ge "$1" ]]
}

kafka_topics() { # args for TopicCommand
  java -cp "$KAFKA_CP" -Dlog4j2.level=WARN org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@"
}

# True when every partition of the given topics has a leader: a producer that starts before its partition's
# leader answers can lose its first batches' sequence numbers (OUT_OF_ORDER_SEQUENCE on a fresh topic).
topics_have_leaders() { # topic...
  local described
  described="$(kafka_topics --describe --topic "$(IFS='|'; echo "$*")" 2>/dev/null)" || return 1
  (( $(grep -c 'PartitionCount' <<<"$described") == $# )) || return 1
  grep -q 'Leader: [0-9]' <<<"$described" && ! grep -Eq 'Leader: (none|-1)' <<<"$described"
}

flink_rest() { # path
  curl -fsS --max-time 5 "$REST_URL$1"
}

# The model bundle the job and the fleet share: LATENTMAP_BUNDLE, else the trained models/latent-scalable, else the
# codec's fixture bundle (tiny untrained networks) written once to run/bundles.
resolve_bundle() {
  if [[ -n "${LATENTMAP_BUNDLE:-}" ]]; then
    [[ -f "$LATENTMAP_BUNDLE/manifest.json" ]] || die "LATENTMAP_BUNDLE=$LATENTMAP_BUNDLE has no manifest.json"
    (cd "$LATENTMAP_BUNDLE" && pwd); return
  fi
  if [[ -f "$REPO_DIR/models/latent-scalable/manifest.json" ]]; then echo "$REPO_DIR/models/latent-scalable"; return; fi
  if ! compgen -G "$RUN_DIR/bundles/*/manifest.json" > /dev/null; then
    "$REPO_DIR/latentmap" demo codec --bundle-dir "$RUN_DIR/bundles" > /dev/null
  fi
  dirname "$(compgen -G "$RUN_DIR/bundles/*/manifest.json" | head -1)"
}
