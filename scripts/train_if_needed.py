#!/usr/bin/env python
"""Train a Rasa model only when no model in models/ is newer than everything it is built from.

Inputs: config.yml, domain.yml (or domain/), data/, and the tokenizer the pipeline trains with
(fact_extraction/han_tokenizer.py and its Hong Kong terms). The rest of fact_extraction runs only
when a message is read, from the code on disk, so changing it needs no new model. Shared by the Makefile, the run script and
tests/stack.py. Usage: python scripts/train_if_needed.py [--force] [--quiet-check]
Exit code 0 when a current model exists (trained now or before).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("config.yml", "domain.yml", "domain", "data", "fact_extraction/han_tokenizer.py",
          "fact_extraction/hk_terms.txt")
SKIP_SUFFIXES = (".pyc",)


def newest_input_mtime(root: Path = ROOT) -> float:
    newest = 0.0
    for name in INPUTS:
        path = root / name
        if not path.exists():
            continue
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for f in files:
            if "__pycache__" in f.parts or f.suffix in SKIP_SUFFIXES:
                continue
            newest = max(newest, f.stat().st_mtime)
    return newest


def latest_model(root: Path = ROOT):
    models = sorted((root / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def needs_training(root: Path = ROOT) -> bool:
    model = latest_model(root)
    return model is None or model.stat().st_mtime < newest_input_mtime(root)


def train(root: Path = ROOT) -> Path:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    rasa = [sys.executable, "-m", "rasa"]
    print("Training the Rasa model (this takes a few minutes on 2 cores)...", flush=True)
    started = time.monotonic()
    subprocess.run(rasa + ["train", "--domain", "domain", "--out", str(root / "models")], cwd=root, env=env, check=True)
    model = latest_model(root)
    print(f"Trained {model.name} in {time.monotonic() - started:.0f} s", flush=True)
    return model


def ensure_model(root: Path = ROOT, force: bool = False) -> Path:
    if force or needs_training(root):
        return train(root)
    model = latest_model(root)
    print(f"Model {model.name} is up to date; not training.", flush=True)
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even if the model is current")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 when training is needed")
    args = parser.parse_args()
    if args.check:
        stale = needs_training()
        print("training needed" if stale else "model up to date")
        return 1 if stale else 0
    ensure_model(force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
