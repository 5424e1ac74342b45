#!/usr/bin/env bash
# Starts the simulated fleet as a process publishing to the local broker in real time (pace 1, capture times from
# now), recorded like the cluster's other processes so down.sh stops it. The capture time of simulation time 0 is
# written to run/fleet.epoch, so the viewer can show the ground truth of the moment each tile describes.
# Usage: fleet.sh [--seconds N] [other `latentmap sim produce` flags except --epoch...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bundle="$(resolve_bundle)"
port_open "$KAFKA_PORT" || die "no broker on $BOOTSTRAP: run local-cluster/up.sh first"
is_alive fleet && die "a fleet is already running (pid $(pid_of fleet)); wait for it or run down.sh"
epoch="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
mkdir -p "$RUN_DIR"
echo "$epoch" > "$RUN_DIR/fleet.epoch"
start_process fleet "$REPO_DIR/latentmap" sim produce --bootstrap-servers "$BOOTSTRAP" \
  --topic "${LATENTMAP_TOPIC_FRAMES:-fleet.frames}" --bundle "$bundle" --pace 1 --epoch "$epoch" "$@"
