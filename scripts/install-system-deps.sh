#!/usr/bin/env bash
# Installs what the build needs beyond Java and Maven: Debian's PyTorch stack for /usr/bin/python3, which the
# training module's tests run on (no PyPI here). Does nothing when it is already there.
set -euo pipefail
if /usr/bin/python3 -c 'import torch, numpy, PIL, onnx' 2>/dev/null; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "need root to install: apt-get install -y python3-torch python3-numpy python3-pil python3-onnx" >&2
  exit 1
fi
echo "installing python3-torch python3-numpy python3-pil python3-onnx (Debian) ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy python3-pil python3-onnx >/dev/null
