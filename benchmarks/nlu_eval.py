"""NLU evaluation on the held-out set in tests/nlu_eval/ (written separately from data/nlu).

Prints:
  - intent macro F1 (and accuracy) of the trained model,
  - entity F1: `scheme`/`term` entities, and all entities incl. the fact entities of FactExtractor,
  - the normaliser's exact-fact accuracy (whole-message exact dict match, and per-fact accuracy).

Usage (from the repo root):
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py [--model models/x.tar.gz | --model-dir models]
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --facts-only      # no model needed
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --write-rasa-yaml  # regenerate test_nlu.yml
"""
from __future__ import annotations

import argparse
import asyncio
import glob
import json
import os
import sys
import time
from collections import Counter, defaultdict
from typing import Any, Dict, List, Tuple

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL_DIR = os.path.join(ROOT, "tests", "nlu_eval")
CASES_FILE = os.path.join(EVAL_DIR, "expected_facts.yml")
RASA_FILE = os.path.join(EVAL_DIR, "test_nlu.yml")


def load_cases() -> Tuple[str, List[Dict[str, Any]]]:
    with open(CASES_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data["as_of"], data["cases"]


# ------------------------------------------------------------------ Rasa YAML test file
def _annotate(text: str, entities: List[Dict[str, Any]]) -> str:
    out = text
    for ent in sorted(entities or [], key=lambda e: -text.index(e["text"])):
        i = out.index(ent["text"])
        j = i + len(ent["text"])
        ann = json.dumps({"entity": ent["entity"], "value": ent["value"]})
        out = out[:i] + f"[{out[i:j]}]{ann}" + out[j:]
    return out


def write_rasa_yaml() -> None:
    _, cases = load_cases()
    by_intent: Dict[str, List[str]] = defaultdict(list)
    for case in cases:
        by_intent[case["intent"]].append(_annotate(case["text"], case.get("entities")))
    lines = ["version: \"3.1\"", "# GENERATED from expected_facts.yml by benchmarks/nlu_eval.py --write-rasa-yaml",
             "# (held-out NLU test set; `rasa test nlu --nlu tests/nlu_eval/test_nlu.yml` reads it too)", "nlu:"]
    for intent, examples in by_intent.items():
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {ex}" for ex in examples)
    with open(RASA_FILE, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {RASA_FILE} ({len(cases)} examples, {len(by_intent)} intents)")


# ------------------------------------------------------------------ normaliser accuracy
def fact_accuracy(as_of: str, cases: List[Dict[str, Any]]) -> Dict[str, Any]:
    from fact_extraction import extract_facts

    exact = 0
    per_fact_total: Counter = Counter()
    per_fact_ok: Counter = Counter()
    misses = []
    for case in cases:
        want = case.get("facts") or {}
        got = extract_facts(case["text"], as_of)
        if got == want:
            exact += 1
        else:
            misses.append({"text": case["text"], "want": want, "got": got})
        for fact in set(want) | set(got):
            per_fact_total[fact] += 1
            if fact in want and fact in got and want[fact] == got[fact]:
                per_fact_ok[fact] += 1
    total_facts = sum(per_fact_total.values())
    return {
        "messages": len(cases),
        "exact_match_accuracy": exact / len(cases) if cases else 0.0,
        "per_fact_accuracy": sum(per_fact_ok.values()) / total_facts if total_facts else 1.0,
        "facts_scored": total_facts,
        "by_fact": {f: f"{per_fact_ok[f]}/{per_fact_total[f]}" for f in sorted(per_fact_total)},
        "misses": misses,
    }


# ------------------------------------------------------------------ model evaluation
def _latest_model(model_dir: str) -> str:
    models = sorted(glob.glob(os.path.join(model_dir, "*.tar.gz")), key=os.path.getmtime)
    if not models:
        sys.exit(f"no model in {model_dir}; train one first (rasa train nlu)")
    return models[-1]


def _entity_set(entities: List[Dict[str, Any]], kinds=None) -> set:
    out = set()
    for e in entities:
        if kinds and e["entity"] not in kinds:
            continue
        value = e["value"]
        if isinstance(value, list):
            value = tuple(value)
        out.add((e["entity"], value))
    return out


def _f1(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def model_eval(model_path: str, as_of: str, cases: List[Dict[str, Any]]) -> Dict[str, Any]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    from sklearn.metrics import f1_score

    t0 = time.time()
    agent = Agent.load(model_path)
    load_s = time.time() - t0
    y_true, y_pred, errors = [], [], []
    counts = {"vocab": [0, 0, 0], "all": [0, 0, 0]}
    t0 = time.time()
    for case in cases:
        parsed = asyncio.run(agent.parse_message(case["text"]))
        intent = (parsed.get("intent") or {}).get("name")
        y_true.append(case["intent"])
        y_pred.append(intent)
        if intent != case["intent"]:
            errors.append({"text": case["text"], "want": case["intent"], "got": intent,
                           "confidence": round((parsed.get("intent") or {}).get("confidence", 0), 3)})
        want_vocab = {(e["entity"], e["value"]) for e in case.get("entities") or []}
        want_facts = {(k, tuple(v) if isinstance(v, list) else v) for k, v in (case.get("facts") or {}).items()}
        got = parsed.get("entities") or []
        for key, want, kinds in (("vocab", want_vocab, {"scheme", "term"}), ("all", want_vocab | want_facts, None)):
            got_set = _entity_set(got, kinds)
            counts[key][0] += len(want & got_set)
            counts[key][1] += len(got_set - want)
            counts[key][2] += len(want - got_set)
    parse_s = time.time() - t0
    labels = sorted(set(y_true))
    result = {
        "model": model_path,
        "model_load_seconds": round(load_s, 1),
        "mean_parse_ms": round(1000 * parse_s / len(cases), 1),
        "intent_accuracy": sum(a == b for a, b in zip(y_true, y_pred)) / len(cases),
        "intent_macro_f1": f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0),
        "intent_errors": errors,
    }
    for key, (tp, fp, fn) in counts.items():
        p, r, f = _f1(tp, fp, fn)
        result[f"entity_{key}_precision"], result[f"entity_{key}_recall"], result[f"entity_{key}_f1"] = p, r, f
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model .tar.gz (default: newest in --model-dir)")
    ap.add_argument("--model-dir", default=os.path.join(ROOT, "models"))
    ap.add_argument("--facts-only", action="store_true", help="only the normaliser (no model)")
    ap.add_argument("--write-rasa-yaml", action="store_true", help="regenerate tests/nlu_eval/test_nlu.yml")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    if args.write_rasa_yaml:
        write_rasa_yaml()
        return
    as_of, cases = load_cases()
    facts = fact_accuracy(as_of, cases)
    report: Dict[str, Any] = {"normaliser": facts}
    if not args.facts_only:
        report["model"] = model_eval(args.model or _latest_model(args.model_dir), as_of, cases)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
        return
    print(f"held-out set: {len(cases)} messages, as_of {as_of}")
    print(f"normaliser exact-fact accuracy (whole message): {facts['exact_match_accuracy']:.3f}")
    print(f"normaliser per-fact accuracy: {facts['per_fact_accuracy']:.3f} over {facts['facts_scored']} facts")
    for miss in facts["misses"]:
        print(f"  miss: {miss['text']!r}\n        want {miss['want']}\n        got  {miss['got']}")
    if "model" in report:
        m = report["model"]
        print(f"model: {m['model']} (load {m['model_load_seconds']} s, {m['mean_parse_ms']} ms/message)")
        print(f"intent macro F1: {m['intent_macro_f1']:.3f}  (accuracy {m['intent_accuracy']:.3f})")
        print(f"entity F1, scheme/term: {m['entity_vocab_f1']:.3f} "
              f"(P {m['entity_vocab_precision']:.3f}, R {m['entity_vocab_recall']:.3f})")
        print(f"entity F1, all entities incl. facts: {m['entity_all_f1']:.3f} "
              f"(P {m['entity_all_precision']:.3f}, R {m['entity_all_recall']:.3f})")
        for err in m["intent_errors"]:
            print(f"  intent miss: {err['text']!r} want {err['want']} got {err['got']} ({err['confidence']})")


if __name__ == "__main__":
    main()
