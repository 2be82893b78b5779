"""Benchmark of the eligibility engine: throughput and p50/p99 latency of `assess` on generated
fact sets, without and with the SQLite store, and in Traditional and Simplified Chinese (the
answer's texts from the translation catalogue). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/eligibility_bench.py [--n 10000] [--seed 7]
"""
import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from eligibility import FACTS, assess
from eligibility.store import AssessmentStore

DATES = ["2015-06-01", "2019-01-01", "2023-01-01", "2024-12-01", "2026-11-26"]


def random_value(spec, rng):
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type in ("enum", "scheme_or_visa"):
        return rng.choice(spec.values)
    if spec.type == "list":
        return rng.sample(list(spec.values), rng.randint(0, len(spec.values)))
    if spec.type == "country":
        return rng.choice(["GB", "US", "CN", "IN", "JP", "AU", "AF", "VN", "FR", "CA"])
    if spec.name == "age":
        return rng.randint(16, 70)
    if spec.name.endswith("_hkd"):
        return rng.choice([0, 300_000, 1_000_000, 2_000_000, 2_500_000, 40_000_000]) + rng.randint(0, 2) * 10
    high = spec.maximum if spec.maximum is not None else 20
    return round(rng.uniform(0, min(high, 20)), 1)


def fact_sets(n, seed):
    rng = random.Random(seed)
    names = list(FACTS)
    for _ in range(n):
        chosen = rng.sample(names, rng.randint(0, len(names)))
        yield {name: random_value(FACTS[name], rng) for name in chosen}, rng.choice(DATES)


def measure(label, work, items):
    latencies = []
    start = time.perf_counter()
    for facts, as_of in items:
        t0 = time.perf_counter()
        work(facts, as_of)
        latencies.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]
    print(f"{label:22} n={len(items):6}  throughput={len(items) / total:8.0f}/s  "
          f"p50={pct(50):.3f} ms  p99={pct(99):.3f} ms  max={latencies[-1]:.3f} ms  "
          f"mean={statistics.mean(latencies):.3f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    items = list(fact_sets(args.n, args.seed))
    assess({}, "2026-11-26")   # load the rules once, outside the measurement
    measure("assess", assess, items)
    for language in ("zh-Hant", "zh-Hans"):
        assess({}, "2026-11-26", language=language)   # the catalogue loads once, outside the measurement
        measure(f"assess in {language}", lambda facts, as_of, lang=language: assess(facts, as_of, language=lang), items)
    with tempfile.TemporaryDirectory() as tmp:
        store = AssessmentStore(f"sqlite:///{Path(tmp) / 'bench.db'}")

        def assess_and_store(facts, as_of, counter=iter(range(10**9))):
            store.save(f"bench-{next(counter) % 500}", facts, as_of, assess(facts, as_of))

        measure("assess + SQLite store", assess_and_store, items)


if __name__ == "__main__":
    main()
