#!/usr/bin/env bash
# Installs what the build needs beyond Java and Maven, each only when it is missing: Debian's PyTorch stack for
# /usr/bin/python3, which the training module's tests run on (no PyPI here), and Debian's Chromium, in which the
# viewer's test loads its page headless.
set -euo pipefail
packages=()
if ! /usr/bin/python3 -c 'import torch, numpy, PIL, onnx' 2>/dev/null; then
  packages+=(python3-torch python3-numpy python3-pil python3-onnx)
fi
if ! command -v chromium > /dev/null 2>&1; then
  packages+=(chromium)
fi
if (( ${#packages[@]} == 0 )); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "need root to install: apt-get install -y ${packages[*]}" >&2
  exit 1
fi
echo "installing ${packages[*]} (Debian) ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
