"""The normaliser's exact-fact accuracy on the held-out set (no model needed).

Floors are honest: measured on first contact with the held-out set (106 messages, as_of 2026-11-26):
whole-message exact match 0.943 (100/106), per-fact accuracy 0.887 (63/71 facts).
The floors sit a little below so that a regression fails the test and rephrasing noise does not.
"""
import importlib.util
import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# load benchmarks/nlu_eval.py by path (the package tests/nlu_eval has the same name)
_spec = importlib.util.spec_from_file_location("benchmarks_nlu_eval", os.path.join(ROOT, "benchmarks", "nlu_eval.py"))
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
fact_accuracy, load_cases = _mod.fact_accuracy, _mod.load_cases

EXACT_FLOOR = 0.90
PER_FACT_FLOOR = 0.85


def test_exact_fact_accuracy_on_held_out_set():
    as_of, cases = load_cases()
    assert len(cases) >= 80
    result = fact_accuracy(as_of, cases)
    misses = "\n".join(f"{m['text']!r}: want {m['want']} got {m['got']}" for m in result["misses"])
    assert result["exact_match_accuracy"] >= EXACT_FLOOR, misses
    assert result["per_fact_accuracy"] >= PER_FACT_FLOOR, misses


def test_no_false_facts_from_messages_that_carry_none():
    """Questions, small talk and bare answers must not invent facts."""
    as_of, cases = load_cases()
    empty = [c for c in cases if not c.get("facts")]
    from fact_extraction import extract_facts
    wrong = [(c["text"], extract_facts(c["text"], as_of)) for c in empty if extract_facts(c["text"], as_of)]
    assert wrong == []


def test_rasa_test_file_is_generated_from_the_cases():
    _, cases = load_cases()
    with open(os.path.join(ROOT, "tests", "nlu_eval", "test_nlu.yml"), encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    n = sum(len([l for l in block["examples"].splitlines() if l.strip().startswith("- ")]) for block in data["nlu"])
    assert n == len(cases)
