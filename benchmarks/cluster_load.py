"""Load: 1 vs 2 Rasa servers, 20 and 50 concurrent conversations, next to the stock `rasa init` bot.

    make bench-cluster
    PYTHONPATH=. .venv/bin/python benchmarks/cluster_load.py [--conversations 20 50] [--turns 5]

Starts the local cluster (scripts/local_cluster.py: PostgreSQL, Redis, HAProxy, 2 Rasa servers,
1 action server, all on 127.0.0.1) plus one Rasa server with the stock `rasa init` model (made and
trained once into ~/.cache/hk-assistant/rasa-init), on the same PostgreSQL and Redis.
Each conversation sends `--turns` messages back to back (each after the previous answer); all
conversations start together. Figures: turns per second over the whole run (throughput at that
load), p50/p95 of a turn's latency. "1 server" = requests straight to one Rasa server; "2 servers"
= through HAProxy (round robin). Then where a turn's time goes, from the servers' own timers
(rasa_addons/turn_profile.py).

The machine may be shared: the load average is printed next to each figure; compare figures of
one run only.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from local_cluster import Cluster, Server  # noqa: E402
from cluster_services import LOOPBACK, free_port  # noqa: E402

OURS = ["hi", "I'm 32", "I'm British", "I live in London", "I have a master's degree", "I earn HK$600,000 a year",
        "no", "yes"]
STOCK = ["hi", "I am great", "yes", "bye", "hello", "I am sad", "no", "goodbye"]
STOCK_DIR = Path(os.environ.get("RASA_INIT_BOT_DIR") or Path.home() / ".cache" / "hk-assistant" / "rasa-init")


def loadavg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def stock_model() -> Path:
    """The stock `rasa init` bot's model, made once."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz")) if STOCK_DIR.exists() else []
    if models:
        return models[-1]
    STOCK_DIR.mkdir(parents=True, exist_ok=True)
    print(f"making the stock bot: rasa init in {STOCK_DIR} (trains once, a few minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
                   cwd=STOCK_DIR, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
    return sorted((STOCK_DIR / "models").glob("*.tar.gz"))[-1]


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_load(url: str, conversations: int, turns: int, messages: List[str]) -> Dict:
    latencies: List[float] = []
    errors = 0

    def conversation(i: int) -> None:
        nonlocal errors
        sender = f"load-{uuid.uuid4().hex[:10]}"
        with requests.Session() as session:
            for turn in range(turns):
                started = time.perf_counter()
                try:
                    r = session.post(f"{url}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": messages[turn % len(messages)]}, timeout=300)
                    ok = r.status_code == 200 and r.json()
                except requests.RequestException:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += 0 if ok else 1

    before = loadavg()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        list(pool.map(conversation, range(conversations)))
    wall = time.perf_counter() - started
    return {"turns": len(latencies), "throughput": len(latencies) / wall, "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95), "errors": errors, "wall": wall, "load": f"{before} -> {loadavg()}"}


def _lock_hammer(url: str, which: str, conversation: str, entries: int, results) -> None:
    """Enter one conversation's lock `entries` times; count entries that overlapped another's."""
    import asyncio

    import redis

    from rasa.core.lock_store import RedisLockStore

    from rasa_addons.lock_store import AtomicRedisLockStore

    red = redis.Redis.from_url(url)
    if which == "ours":
        store = AtomicRedisLockStore(url, lifetime=5, poll_seconds=0.005)
        lock = lambda: store.lock(conversation)  # noqa: E731
    else:
        params = red.connection_pool.connection_kwargs
        store = RedisLockStore(host=params["host"], port=params["port"], db=params.get("db", 0))
        lock = lambda: store.lock(conversation, lock_lifetime=5, wait_time_in_seconds=0.005)  # noqa: E731

    async def run():
        overlaps = failures = 0
        for _ in range(entries):
            try:
                async with lock():
                    if red.incr(f"{conversation}:inside") != 1:
                        overlaps += 1
                    await asyncio.sleep(0.002)
                    red.decr(f"{conversation}:inside")
            except Exception:  # noqa: BLE001 - a lost ticket: the message would fail
                failures += 1
        return overlaps, failures

    results.put(asyncio.run(run()))


def lock_race(url: str, processes: int = 4, entries: int = 20, deadline: float = 240) -> str:
    """Rasa 3.6's RedisLockStore next to ours, from several processes at once."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    lines = []
    for which in ("Rasa 3.6 RedisLockStore", "ours"):
        results = ctx.Queue()
        conversation = f"lock-race-{uuid.uuid4().hex[:8]}"
        workers = [ctx.Process(target=_lock_hammer, args=(url, "ours" if which == "ours" else "rasa", conversation,
                                                          entries, results)) for _ in range(processes)]
        for w in workers:
            w.start()
        import queue
        got, until = [], time.monotonic() + deadline
        try:
            for _ in workers:
                got.append(results.get(timeout=max(1.0, until - time.monotonic())))
        except queue.Empty:
            pass
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
                w.join(timeout=10)
        overlaps, failures = sum(g[0] for g in got), sum(g[1] for g in got)
        unfinished = "" if len(got) == processes else f", {processes - len(got)} process(es) still waiting after {deadline:.0f} s"
        lines.append(f"  {which:<24} {processes} processes x {entries} entries: {overlaps} overlapping entries, "
                     f"{failures} failed to get the lock{unfinished}")
    return "\n".join(lines)


def read_profiles(directory: Path) -> Dict[str, List[float]]:
    totals: Dict[str, List[float]] = {}
    for path in directory.glob("profile-*.json"):
        for part, (calls, seconds) in json.loads(path.read_text()).items():
            entry = totals.setdefault(part, [0, 0.0])
            entry[0] += calls
            entry[1] += seconds
    return totals


def profile_rows(before: Dict, after: Dict) -> List[str]:
    delta = {part: (after[part][0] - before.get(part, [0, 0])[0], after[part][1] - before.get(part, [0, 0.0])[1])
             for part in after}
    turns = delta.get("turn", (0, 0.0))[0]
    if not turns:
        return ["  (no turns recorded)"]
    total = delta["turn"][1] / turns
    rows, accounted = [], 0.0
    for part in ("lock wait", "tracker store", "NLU", "policies", "action server"):
        calls, seconds = delta.get(part, (0, 0.0))
        per_turn = seconds / turns
        accounted += per_turn
        rows.append(f"  {part:<15} {per_turn * 1000:8.1f} ms/turn {100 * per_turn / total:5.1f} %   ({calls / turns:.1f} calls/turn)")
    rows.append(f"  {'rest':<15} {(total - accounted) * 1000:8.1f} ms/turn {100 * (total - accounted) / total:5.1f} %")
    rows.append(f"  {'turn (server)':<15} {total * 1000:8.1f} ms        over {turns} turns")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--turns", type=int, default=5, help="messages per conversation")
    parser.add_argument("--action-servers", type=int, default=1)
    parser.add_argument("--no-stock", action="store_true", help="skip the stock `rasa init` bot")
    parser.add_argument("--no-lock-race", dest="lock_race", action="store_false",
                        help="skip Rasa's RedisLockStore vs ours from several processes")
    args = parser.parse_args()

    from train_if_needed import ensure_model
    ensure_model(ROOT)
    stock = None if args.no_stock else stock_model()

    profile_dir = Path(tempfile.mkdtemp(prefix="hk-profile-"))
    print(f"load average at start: {loadavg()} (1/5/15 min; {os.cpu_count()} CPUs)", flush=True)
    started = time.monotonic()
    cluster = Cluster(2, args.action_servers, extra_env={"TURN_PROFILE_FILE": str(profile_dir / "profile-{pid}.json")})
    cluster.start(log=lambda what: print(f"  starting {what}", flush=True))
    stock_server = None
    try:
        if stock:
            port = free_port()
            env = cluster.env()
            env["TURN_PROFILE_FILE"] = ""
            stock_server = Server("stock", port, [sys.executable, "-m", "rasa", "run", "-m", str(stock),
                                                 "--interface", LOOPBACK, "--port", str(port), "--endpoints",
                                                 str(ROOT / "endpoints.yml")], env,
                                  cluster.workdir / "stock.log", f"http://{LOOPBACK}:{port}/")
            stock_server.start().wait_ready(600)
        print(f"servers up in {time.monotonic() - started:.0f} s; load average {loadavg()}", flush=True)
        print("Lock stores used from several processes at once (one conversation; ticket lifetime 5 s):",
              flush=True)
        lock_lines = lock_race(cluster.redis.url) if args.lock_race else "  (skipped)"
        print(lock_lines, flush=True)
        one = f"http://{LOOPBACK}:{cluster.rasa[0].port}"
        targets = [("ours, 1 server", one, OURS), ("ours, 2 servers", cluster.url, OURS)]
        if stock_server:
            targets.insert(0, ("stock rasa init, 1 server", f"http://{LOOPBACK}:{stock_server.port}", STOCK))
        for _name, url, messages in targets:  # warm up (first calls load lazily)
            run_load(url, 2, 2, messages)

        rows, profiles = [], []
        for name, url, messages in targets:
            for conversations in [1] + list(args.conversations):
                before = read_profiles(profile_dir)
                result = run_load(url, conversations, args.turns, messages)
                rows.append((name, conversations, result))
                print(f"  {name:<26} {conversations:>3} conv: {result['throughput']:6.1f} turns/s  "
                      f"p50 {result['p50'] * 1000:7.0f} ms  p95 {result['p95'] * 1000:7.0f} ms  "
                      f"errors {result['errors']}  load {result['load']}", flush=True)
                if name.startswith("ours") and conversations == max(args.conversations):
                    profiles.append((f"{name}, {conversations} conversations", profile_rows(before, read_profiles(profile_dir))))
                if name.startswith("ours") and conversations == 1:
                    profiles.append((f"{name}, 1 conversation", profile_rows(before, read_profiles(profile_dir))))
    finally:
        if stock_server:
            stock_server.stop()
        cluster.stop()
        import shutil
        shutil.rmtree(profile_dir, ignore_errors=True)

    print(f"\nLoad: {args.turns} turns per conversation, sent back to back; {os.cpu_count()} CPUs shared")
    print(f"| bot / servers | conversations | turns/s | p50 ms | p95 ms | errors | load avg (before -> after) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, conversations, r in rows:
        print(f"| {name} | {conversations} | {r['throughput']:.1f} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} "
              f"| {r['errors']} | {r['load']} |")
    by = {(n, c): r for n, c, r in rows}
    for conversations in args.conversations:
        one_r, two_r = by.get(("ours, 1 server", conversations)), by.get(("ours, 2 servers", conversations))
        if one_r and two_r:
            print(f"2 servers / 1 server throughput at {conversations} conversations: "
                  f"{two_r['throughput'] / one_r['throughput']:.2f}x")
        stock_r = by.get(("stock rasa init, 1 server", conversations))
        if stock_r and one_r:
            print(f"ours / stock p50 at {conversations} conversations (1 server): {one_r['p50'] / stock_r['p50']:.2f}")
    print("\nLock stores used from several processes at once (one conversation):")
    print(lock_lines)
    print("\nWhere a turn's time goes (servers' own timers, mean per turn):")
    for title, lines in profiles:
        print(f"{title}:")
        print("\n".join(lines))
    print(f"\nload average at end: {loadavg()}; total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
