#!/usr/bin/env bash
# Starts the simulated fleet as a process publishing to the local broker in real time (pace 1, capture times from
# now), recorded like the cluster's other processes so down.sh stops it.
# Usage: fleet.sh [--seconds N] [other `latentmap sim produce` flags...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bundle="${LATENTMAP_BUNDLE:-}"
if [[ -z "$bundle" ]]; then
  if [[ -f "$REPO_DIR/models/latent-scalable/manifest.json" ]]; then
    bundle="$REPO_DIR/models/latent-scalable"
  else
    bundle="$(dirname "$(ls -d "$RUN_DIR"/bundles/*/manifest.json | head -1)")"
  fi
fi
port_open "$KAFKA_PORT" || die "no broker on $BOOTSTRAP: run local-cluster/up.sh first"
start_process fleet "$REPO_DIR/latentmap" sim produce --bootstrap-servers "$BOOTSTRAP" \
  --topic "${LATENTMAP_TOPIC_FRAMES:-fleet.frames}" --bundle "$bundle" --pace 1 --epoch now "$@"
