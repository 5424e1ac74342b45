"""Runs exported ONNX files with ONNX Runtime Java (no ONNX Runtime for Python on Debian) to compare with PyTorch.

The ONNX Runtime jar is taken from ``LATENTMAP_ORT_JAR`` (Maven passes the resolved dependency) or the local Maven
repository; ``find_ort_jar`` returns None when neither exists, and callers report that clearly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

ORT_JAR_ENV = "LATENTMAP_ORT_JAR"
ORT_VERSION = "1.23.2"
RUNNER = Path(__file__).resolve().parent / "resources" / "OrtRun.java"
RUN_TIMEOUT_S = 120


def find_ort_jar() -> Optional[Path]:
    configured = os.environ.get(ORT_JAR_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise FileNotFoundError(f"{ORT_JAR_ENV}={configured} does not exist")
        return path
    local = (Path.home() / ".m2" / "repository" / "com" / "microsoft" / "onnxruntime" / "onnxruntime" / ORT_VERSION
             / f"onnxruntime-{ORT_VERSION}.jar")
    return local if local.is_file() and shutil.which("java") else None


def run_with_onnx_runtime(jobs: Sequence[Tuple[Path, str, np.ndarray]], jar: Path) -> List[Dict[str, np.ndarray]]:
    """jobs: (model, input name, float32 input) -> per job, output name -> array, computed by ONNX Runtime Java."""
    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for index, (model, input_name, array) in enumerate(jobs):
            input_path = Path(tmp) / f"in{index}.f32"
            input_path.write_bytes(np.ascontiguousarray(array, dtype="<f4").tobytes())
            shape = ",".join(str(d) for d in array.shape)
            lines.append(f"{model} {input_name} {input_path} {shape} {Path(tmp) / f'out{index}'}")
        jobs_file = Path(tmp) / "jobs.txt"
        jobs_file.write_text("\n".join(lines))
        completed = subprocess.run(["java", "-cp", str(jar), str(RUNNER), str(jobs_file)], capture_output=True,
                                   text=True, timeout=RUN_TIMEOUT_S)
        if completed.returncode != 0:
            raise RuntimeError(f"ONNX Runtime Java failed:\n{completed.stderr}")
        results = []
        for index in range(len(jobs)):
            outputs = {}
            for data in Path(tmp).glob(f"out{index}.*.f32"):
                name = data.name[len(f"out{index}."):-len(".f32")]
                shape_text = data.with_suffix(".shape").read_text().strip("[] \n")
                shape = tuple(int(d) for d in shape_text.split(",")) if shape_text else ()
                outputs[name] = np.frombuffer(data.read_bytes(), dtype="<f4").reshape(shape)
            results.append(outputs)
        return results
