#!/usr/bin/env bash
# Starts the viewer (./latentmap viewer serve) on the local broker, recorded like the cluster's other processes so
# down.sh stops it. When a fleet ran, its epoch (run/fleet.epoch) is passed on, so each tile's ground truth is the
# world at the moment the tile was observed. Page: http://127.0.0.1:$LATENTMAP_VIEWER_PORT/ (default 8088).
# Usage: viewer.sh [other `latentmap viewer serve` flags, e.g. --city-seed N when the fleet ran with --seed N]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
port_open "$KAFKA_PORT" || die "no broker on $BOOTSTRAP: run local-cluster/up.sh first"
is_alive viewer && die "a viewer is already running (pid $(pid_of viewer)) on http://127.0.0.1:$VIEWER_PORT/"
args=(--bootstrap-servers "$BOOTSTRAP" --port "$VIEWER_PORT")
if [[ -f "$RUN_DIR/fleet.epoch" ]]; then args+=(--epoch "$(cat "$RUN_DIR/fleet.epoch")"); fi
start_process viewer "$REPO_DIR/latentmap" viewer serve "${args[@]}" "$@"
viewer_answers() { curl -fsS --max-time 2 "http://127.0.0.1:$VIEWER_PORT/healthz"; }
wait_until "viewer on port $VIEWER_PORT" "$STARTUP_TIMEOUT_S" viewer.out viewer_answers
log "viewer: http://127.0.0.1:$VIEWER_PORT/"
