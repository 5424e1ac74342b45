#!/usr/bin/env bash
# Brings up, on this machine, a KRaft Kafka broker, a Flink session cluster (JobManager + TaskManagers) and the
# job's topics, all as plain processes from Maven Central artifacts. Idempotent: what already runs is kept.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_classpaths
mkdir -p "$LOG_DIR" "$PID_DIR" "$CONF_OUT/flink"

# --- Kafka (KRaft: format storage once, then run kafka.Kafka) ---------------------------------------------------
render_template "$LC_DIR/conf/kafka-server.properties.template" "$CONF_OUT/kafka-server.properties"
if [[ ! -f "$RUN_DIR/kafka-data/meta.properties" ]]; then
  cluster_id="$(java -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid)"
  java -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF_OUT/kafka-server.properties" \
    > "$LOG_DIR/kafka-format.out" 2>&1 || die "kafka storage format failed; see $LOG_DIR/kafka-format.out"
fi
broker_started=$SECONDS
start_process kafka java -Xmx1g -Dlog.file="$LOG_DIR/kafka.log" \
  -Dlog4j2.configurationFile="$LC_DIR/conf/log4j2-process.properties" \
  -cp "$KAFKA_CP" kafka.Kafka "$CONF_OUT/kafka-server.properties"
wait_until "kafka broker on $BOOTSTRAP" "$STARTUP_TIMEOUT_S" kafka.out port_open "$KAFKA_PORT"
log "kafka broker ready on $BOOTSTRAP in $(( SECONDS - broker_started ))s"

# --- Topics (DESIGN.md: names, keys; hdmap.tiles is compacted) -------------------------------------------------
partitions="${LATENTMAP_PARTITIONS:-4}"
# One JVM per topic (TopicCommand creates one at a time), run side by side: each spends its seconds starting up.
topic_pids=()
kafka_topics --create --if-not-exists --topic "${LATENTMAP_TOPIC_FRAMES:-fleet.frames}" --partitions "$partitions" \
  --config max.message.bytes=8388608 >&2 & topic_pids+=($!)
kafka_topics --create --if-not-exists --topic "${LATENTMAP_TOPIC_DLQ:-fleet.frames.dlq}" --partitions 1 \
  --config max.message.bytes=8388608 >&2 & topic_pids+=($!)
kafka_topics --create --if-not-exists --topic "${LATENTMAP_TOPIC_TILE_UPDATES:-hdmap.tile-updates}" \
  --partitions "$partitions" >&2 & topic_pids+=($!)
kafka_topics --create --if-not-exists --topic "${LATENTMAP_TOPIC_TILES:-hdmap.tiles}" --partitions "$partitions" \
  --config cleanup.policy=compact --config min.compaction.lag.ms=0 >&2 & topic_pids+=($!)

# --- Flink session cluster ---------------------------------------------------------------------------------------
render_template "$LC_DIR/conf/flink-config.yaml.template" "$CONF_OUT/flink/config.yaml"
cp "$LC_DIR/conf/log4j2-process.properties" "$CONF_OUT/flink/log4j.properties"
opens="$(java_opens)"

mapfile -t jm_params < <(flink_resource_params GET_JM_RESOURCE_PARAMS)
(( ${#jm_params[@]} >= 2 )) || die "BashJavaUtils gave no JobManager memory flags"
# shellcheck disable=SC2086 # flag strings from BashJavaUtils are meant to split
start_process jobmanager java ${jm_params[0]} $opens -Dlog.file="$LOG_DIR/jobmanager.log" \
  -Dlog4j.configurationFile="$CONF_OUT/flink/log4j.properties" -cp "$FLINK_CP" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$CONF_OUT/flink" --executionMode cluster ${jm_params[1]}
# TaskManagers retry until the JobManager answers, so all start at once while the topics are being created.
for i in $(seq 1 "$TASKMANAGERS"); do start_taskmanager "$i"; done

for pid in "${topic_pids[@]}"; do wait "$pid" || die "topic creation failed (see above)"; done
wait_until "leaders of the job's topics" "$STARTUP_TIMEOUT_S" kafka.out topics_have_leaders \
  "${LATENTMAP_TOPIC_FRAMES:-fleet.frames}" "${LATENTMAP_TOPIC_DLQ:-fleet.frames.dlq}" \
  "${LATENTMAP_TOPIC_TILE_UPDATES:-hdmap.tile-updates}" "${LATENTMAP_TOPIC_TILES:-hdmap.tiles}"
log "topics ready"
wait_until "flink REST on $REST_URL" "$STARTUP_TIMEOUT_S" jobmanager.out flink_rest /overview
wait_until "$TASKMANAGERS TaskManagers registered" "$STARTUP_TIMEOUT_S" "" registered_taskmanagers "$TASKMANAGERS"
log "flink session cluster ready: $REST_URL ($(flink_rest /overview))"
