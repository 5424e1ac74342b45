#!/usr/bin/env bash
# Submits the map-update job (jobs/target/latentmap-job.jar) to the session cluster up.sh started, through Flink's
# REST API, reading the topics up.sh created. Usage: submit.sh [--bundle DIR] [extra job flags...]
# Without --bundle: LATENTMAP_BUNDLE, else models/latent-scalable when present, else the codec's fixture bundle.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bundle=""
if [[ "${1:-}" == "--bundle" ]]; then bundle="$(cd "$2" && pwd)"; shift 2; fi
[[ -n "$bundle" ]] || bundle="$(resolve_bundle)"
jar="$REPO_DIR/jobs/target/latentmap-job.jar"
if [[ ! -f "$jar" ]]; then
  log "building the job jar ..."
  (cd "$REPO_DIR" && mvn -B -q -DskipTests -pl jobs -am package) >&2
fi
flink_rest /overview > /dev/null || die "no Flink REST API on $REST_URL: run local-cluster/up.sh first"

upload="$(curl -fsS -X POST -H "Expect:" -F "jarfile=@$jar" "$REST_URL/jars/upload")"
jar_id="$(basename "$(echo "$upload" | sed -n 's/.*"filename":"\([^"]*\)".*/\1/p')")"
[[ -n "$jar_id" ]] || die "jar upload failed: $upload"

args=(--kafka.bootstrap-servers "$BOOTSTRAP" --bundle.dir "$bundle" --state.backend ROCKSDB "$@")
json_args="$(printf '"%s",' "${args[@]}")"
response="$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"entryClass\":\"io.latentmap.jobs.MapUpdateJob\",\"parallelism\":${LATENTMAP_JOB_PARALLELISM:-$TASKMANAGERS},\"programArgsList\":[${json_args%,}]}" \
  "$REST_URL/jars/$jar_id/run")"
job_id="$(echo "$response" | sed -n 's/.*"jobid":"\([^"]*\)".*/\1/p')"
[[ -n "$job_id" ]] || die "job submission failed: $response"
echo "$job_id" > "$RUN_DIR/job.id"
log "submitted map-update job $job_id with bundle $bundle; web UI: $REST_URL/#/job/running/$job_id/overview"
echo "$job_id"
