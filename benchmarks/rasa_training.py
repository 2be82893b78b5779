#!/usr/bin/env python
"""Benchmark: how long `rasa train` takes for this assistant, and how big the model is.

Trains into a temporary directory (models/ is left alone) with --force, so the figure is a full
training. Prints wall time, peak memory of the training process and the model size.
Usage: PYTHONPATH=. .venv/bin/python benchmarks/rasa_training.py
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "rasa", "train", "--domain", "domain", "--force", "--out", out,
                        "--fixed-model-name", "bench"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        model = Path(out) / "bench.tar.gz"
        size = model.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"cpus available:        {os.cpu_count()}")
    print(f"training time:         {seconds:.1f} s (rasa train --force, NLU + core)")
    print(f"model size:            {size / 1e6:.1f} MB ({size} bytes)")
    print(f"peak training memory:  {peak_kb / 1024:.0f} MB RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
