"""Checks that the Python packages training needs are importable; run first by the Maven build.

Exit status 1 with the apt-get line to run when something is missing, instead of a wall of import errors.
"""

from __future__ import annotations

import importlib
import sys

REQUIRED = {"torch": "python3-torch", "numpy": "python3-numpy", "PIL": "python3-pil", "onnx": "python3-onnx"}


def missing_packages() -> list:
    missing = []
    for module, package in REQUIRED.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    return missing


def main() -> int:
    missing = missing_packages()
    if missing:
        print(f"latentmap training tests need the Debian packages {', '.join(missing)} for {sys.executable}.\n"
              f"Install them with: apt-get install -y {' '.join(REQUIRED.values())}", file=sys.stderr)
        return 1
    import torch

    print(f"python {sys.version.split()[0]}, torch {torch.__version__}: training environment ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
