#!/usr/bin/env python
"""Benchmark: model load time, REST round-trip latency (1 and 20 concurrent conversations), memory.

Starts this assistant (tests/stack.py: real Rasa server + action server, temporary SQLite stores)
and, for comparison, a stock `rasa init --no-prompt` bot created, trained and served from a temp
directory in the same run on another port. Prints the figures; asserts nothing.
Usage: PYTHONPATH=. .venv/bin/python benchmarks/rasa_latency.py [--rounds N] [--skip-stock]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import List

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.stack import _spawn, _wait_for, free_port, start_stack  # noqa: E402

# A realistic conversation for our assistant: a multi-fact opener, answers, a question, follow-ups.
OUR_TURNS = ["hi", "I'm 32, master's from HKU, speak English and Cantonese, earn HK$1.2M a year",
             "British", "/inform{\"residence\": \"overseas\"}", "no", "what is QMAS?", "5", "I don't know",
             "yes", "why not TTPS?"]
STOCK_TURNS = ["hi", "I am sad", "yes", "great", "bye", "hello", "are you a bot?", "I am happy", "no", "goodbye"]


def percentile(values: List[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def converse(url: str, turns: List[str], rounds: int, out: List[float], think: float = 0.0) -> None:
    for _ in range(rounds):
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        for text in turns:
            if think:
                time.sleep(think * (0.5 + hash((sender, text)) % 100 / 100))  # 0.5-1.5 x think
            started = time.perf_counter()
            r = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
            r.raise_for_status()
            out.append((time.perf_counter() - started) * 1000)


def run_load(url: str, turns: List[str], users: int, rounds: int, think: float = 0.0) -> List[float]:
    results: List[List[float]] = [[] for _ in range(users)]
    threads = [threading.Thread(target=converse, args=(url, turns, rounds, results[i], think))
               for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for r in results for x in r]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (from /proc), in MB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except FileNotFoundError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def report(label: str, values: List[float]) -> None:
    print(f"{label:<44} n={len(values):<4} p50={percentile(values, 50):7.1f} ms  "
          f"p95={percentile(values, 95):7.1f} ms  max={max(values):7.1f} ms")


def stock_bot(rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-stock-") as tmp:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", tmp], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        train_s = time.monotonic() - started
        port = free_port()
        log = Path(tmp) / "rasa.log"
        started = time.monotonic()
        proc = _spawn([sys.executable, "-m", "rasa", "run", "--enable-api", "-m", str(Path(tmp) / "models"),
                       "--port", str(port)], dict(os.environ), log)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for(f"{url}/status", proc, 300, ok=lambda r: r.status_code == 200 and bool(r.json().get("model_file")))
            load_s = time.monotonic() - started
            converse(url, STOCK_TURNS, 1, [])  # warm-up
            single = run_load(url, STOCK_TURNS, 1, rounds)
            return {"init_and_train_s": train_s, "load_s": load_s, "single": single, "rss": rss_mb(proc.pid)}
        finally:
            import signal
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="conversations per user (10 turns each)")
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean seconds a user takes between messages in the paced 20-user run")
    args = parser.parse_args()

    started = time.monotonic()
    stack = start_stack()  # trains first only if the model is stale
    load_s = time.monotonic() - started
    try:
        converse(stack.rasa_url, OUR_TURNS, 1, [])  # warm-up
        single = run_load(stack.rasa_url, OUR_TURNS, 1, args.rounds)
        concurrent = run_load(stack.rasa_url, OUR_TURNS, 20, max(1, args.rounds // 2))
        paced = run_load(stack.rasa_url, OUR_TURNS, 20, max(1, args.rounds // 2), think=args.think)
        rasa_rss = rss_mb(stack.processes["rasa"].pid)
        actions_rss = rss_mb(stack.processes["actions"].pid)
    finally:
        stack.stop()

    print(f"cpus available: {os.cpu_count()}")
    print(f"{'assistant: start to ready (model load)':<44} {load_s:7.1f} s (both servers; model already trained)")
    report("assistant REST round trip, 1 conversation", single)
    report("assistant REST, 20 users back-to-back", concurrent)
    report(f"assistant REST, 20 users ~{args.think:g}s think time", paced)
    print(f"{'assistant memory (RSS) after load test':<44} rasa {rasa_rss:.0f} MB, action server {actions_rss:.0f} MB")
    if not args.skip_stock:
        stock = stock_bot(args.rounds)
        print(f"{'stock rasa init bot: init + train':<44} {stock['init_and_train_s']:7.1f} s")
        print(f"{'stock rasa init bot: start to ready':<44} {stock['load_s']:7.1f} s")
        report("stock bot REST round trip, 1 conversation", stock["single"])
        print(f"{'stock bot memory (RSS)':<44} {stock['rss']:.0f} MB")
        ratio = percentile(single, 50) / percentile(stock["single"], 50)
        print(f"p50 ratio assistant / stock at 1 user: {ratio:.2f} (aim <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
