"""How well the assistant understands people: fact extraction evaluated on sets written apart from it.

Every message of an evaluation set goes through the one entry point the conversation uses,
`fact_extraction.understand(text, known=..., asked=..., language=..., as_of=...)`, and its `.facts`
(every fact the message states) is compared with the facts the case lists. Printed per language:

  - facts exact: stated facts returned with exactly the stated value (target >= 97 %);
  - false facts: fact names returned that the message did not state - count, share of all returned
    facts (target <= 0.5 %) and share of messages with at least one;
  - wrong values (a stated fact returned with another value) and missed facts, separately;
  - whole-message exact match (the returned facts are exactly the stated ones);
  - the same per fact and per family (`why` = misreadings seen in use).

The sets (schema: tests/nlu_eval/facts_en.yml's header) are tests/nlu_eval/facts_en.yml and
tests/nlu_eval/facts_zh.yml; `--set PATH` runs any other file of that schema instead, e.g. a
held-out set kept outside the repository. No trained model is needed.

`--model` instead evaluates the trained Rasa model's intents and `scheme`/`term` entities on
tests/nlu_eval/expected_facts.yml (test_nlu.yml is generated from it with `--write-rasa-yaml`).

Usage (from the repository root):
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py                       # both sets
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --show-failures       # ... and every failing case
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --set ~/held_out.yml  # another set (repeatable)
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --json                # one JSON object
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --model [models/x.tar.gz]  # intents/entities
  PYTHONPATH=. .venv/bin/python benchmarks/nlu_eval.py --write-rasa-yaml     # regenerate test_nlu.yml
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import glob
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # quiet TensorFlow if extraction loads it (Rasa, spaCy)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL_DIR = os.path.join(ROOT, "tests", "nlu_eval")
FACT_SETS = [os.path.join(EVAL_DIR, "facts_en.yml"), os.path.join(EVAL_DIR, "facts_zh.yml")]
CASES_FILE = os.path.join(EVAL_DIR, "expected_facts.yml")
RASA_FILE = os.path.join(EVAL_DIR, "test_nlu.yml")

FAMILIES = (
    "age", "degree", "languages", "money", "country_residence", "durations", "yes_no", "visas",
    "family", "negation", "hedge", "other_person", "plan_vs_fact", "correction",
    "answer_to_question", "multi_fact", "no_fact",
)
WHY = "why"  # extra tag: a misreading seen in use
CASE_KEYS = {"text", "asked", "known", "facts", "families", "language"}
TARGET_FACTS_EXACT = 0.97
TARGET_FALSE_FACTS = 0.005


# ------------------------------------------------------------------ evaluation sets
@dataclass
class Case:
    text: str
    facts: Dict[str, Any]
    families: List[str] = field(default_factory=list)
    asked: Optional[str] = None
    known: Dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    source: str = ""


@dataclass
class FactSet:
    path: str
    as_of: dt.date
    cases: List[Case]


def load_set(path: str) -> FactSet:
    """Read one evaluation set: `as_of`, optional default `language`, and `cases`."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    as_of = data["as_of"]
    as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
    default_language = data.get("language", "en")
    cases = []
    for i, raw in enumerate(data["cases"]):
        unknown = set(raw) - CASE_KEYS
        if unknown:
            raise ValueError(f"{path}: case {i} ({raw.get('text')!r}) has unknown keys {sorted(unknown)}")
        cases.append(Case(text=raw["text"], facts=dict(raw.get("facts") or {}),
                          families=list(raw.get("families") or []), asked=raw.get("asked"),
                          known=dict(raw.get("known") or {}),
                          language=raw.get("language", default_language),
                          source=f"{os.path.basename(path)}#{i}"))
    return FactSet(path, as_of, cases)


# ------------------------------------------------------------------ scoring
def same_value(want: Any, got: Any) -> bool:
    """Exact, except for float noise in numbers (0.088 * 3,200,000 is 281599.99999999994)."""
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)):
        return list(want) == list(got)
    return want == got


@dataclass
class Outcome:
    case: Case
    got: Dict[str, Any]
    exact: List[str]           # stated facts returned with the stated value
    wrong: List[str]           # stated facts returned with another value
    missed: List[str]          # stated facts not returned
    false: List[str]           # facts returned that the message does not state
    error: str = ""

    @property
    def whole_exact(self) -> bool:
        return not (self.wrong or self.missed or self.false or self.error)


def evaluate_case(case: Case, as_of: dt.date) -> Outcome:
    from fact_extraction import understand

    try:
        got = dict(understand(case.text, known=case.known, asked=case.asked,
                              language=case.language, as_of=as_of).facts)
        error = ""
    except Exception as exc:  # a crash is a failure of the case, not of the benchmark
        got, error = {}, f"{type(exc).__name__}: {exc}"
    want = case.facts
    exact = [f for f in want if f in got and same_value(want[f], got[f])]
    wrong = [f for f in want if f in got and not same_value(want[f], got[f])]
    missed = [f for f in want if f not in got]
    false = [f for f in got if f not in want]
    return Outcome(case, got, exact, wrong, missed, false, error)


@dataclass
class Tally:
    messages: int = 0
    whole_exact: int = 0
    stated: int = 0
    exact: int = 0
    wrong: int = 0
    missed: int = 0
    returned: int = 0
    false: int = 0
    messages_with_false: int = 0
    errors: int = 0

    def add(self, o: Outcome) -> None:
        self.messages += 1
        self.whole_exact += o.whole_exact
        self.stated += len(o.case.facts)
        self.exact += len(o.exact)
        self.wrong += len(o.wrong)
        self.missed += len(o.missed)
        self.returned += len(o.got)
        self.false += len(o.false)
        self.messages_with_false += bool(o.false)
        self.errors += bool(o.error)

    def as_dict(self) -> Dict[str, Any]:
        d = dict(self.__dict__)
        d["facts_exact_share"] = _share(self.exact, self.stated)
        d["false_share_of_returned"] = _share(self.false, self.returned)
        d["false_share_of_messages"] = _share(self.messages_with_false, self.messages)
        d["whole_exact_share"] = _share(self.whole_exact, self.messages)
        return d


def _share(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


@dataclass
class Report:
    label: str
    outcomes: List[Outcome] = field(default_factory=list)

    def overall(self) -> Tally:
        tally = Tally()
        for o in self.outcomes:
            tally.add(o)
        return tally

    def by_family(self) -> Dict[str, Tally]:
        tallies: Dict[str, Tally] = defaultdict(Tally)
        for o in self.outcomes:
            for family in o.case.families:
                tallies[family].add(o)
        order = {f: i for i, f in enumerate(FAMILIES + (WHY,))}
        return dict(sorted(tallies.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    def by_fact(self) -> Dict[str, Dict[str, int]]:
        per: Dict[str, Counter] = defaultdict(Counter)
        for o in self.outcomes:
            for f in o.case.facts:
                per[f]["stated"] += 1
            for f in o.exact:
                per[f]["exact"] += 1
            for f in o.wrong:
                per[f]["wrong"] += 1
            for f in o.missed:
                per[f]["missed"] += 1
            for f in o.false:
                per[f]["false"] += 1
        return {f: dict(per[f]) for f in sorted(per)}


def evaluate(sets: Iterable[FactSet]) -> List[Report]:
    """One report per language; Chinese also as both scripts together."""
    by_language: Dict[str, Report] = {}
    for fact_set in sets:
        for case in fact_set.cases:
            outcome = evaluate_case(case, fact_set.as_of)
            by_language.setdefault(case.language, Report(case.language)).outcomes.append(outcome)
    reports = [by_language[lang] for lang in sorted(by_language, key=_language_order)]
    chinese = [r for r in reports if r.label.startswith("zh")]
    if len(chinese) > 1:
        reports.append(Report("zh (both scripts)", [o for r in chinese for o in r.outcomes]))
    return reports


def _language_order(lang: str) -> Tuple[int, str]:
    return ({"en": 0, "zh-Hant": 1, "zh-Hans": 2}.get(lang, 3), lang)


# ------------------------------------------------------------------ printing
def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def print_report(report: Report, show_failures: bool) -> None:
    t = report.overall()
    print(f"\n=== {report.label}: {t.messages} messages, {t.stated} stated facts")
    print(f"facts exact            {t.exact:4d}/{t.stated:<4d} {_pct(t.exact, t.stated)}"
          f"   target >= {TARGET_FACTS_EXACT:.0%}")
    print(f"false facts            {t.false:4d}        {_pct(t.false, t.returned)} of {t.returned} returned facts"
          f"   target <= {TARGET_FALSE_FACTS:.1%}")
    print(f"  messages with one    {t.messages_with_false:4d}/{t.messages:<4d} {_pct(t.messages_with_false, t.messages)}")
    print(f"wrong values           {t.wrong:4d}/{t.stated:<4d} {_pct(t.wrong, t.stated)}")
    print(f"missed facts           {t.missed:4d}/{t.stated:<4d} {_pct(t.missed, t.stated)}")
    print(f"whole message exact    {t.whole_exact:4d}/{t.messages:<4d} {_pct(t.whole_exact, t.messages)}")
    if t.errors:
        print(f"messages that raised   {t.errors:4d}")

    print("\nper family              msgs   facts exact        wrong  missed  false   whole message exact")
    for family, ft in report.by_family().items():
        print(f"  {family:20s} {ft.messages:5d}   {ft.exact:4d}/{ft.stated:<4d} {_pct(ft.exact, ft.stated)}"
              f"  {ft.wrong:5d}  {ft.missed:6d}  {ft.false:5d}   "
              f"{ft.whole_exact:4d}/{ft.messages:<4d} {_pct(ft.whole_exact, ft.messages)}")

    print("\nper fact                           facts exact        wrong  missed  false")
    for fact, c in report.by_fact().items():
        stated, exact = c.get("stated", 0), c.get("exact", 0)
        print(f"  {fact:32s} {exact:4d}/{stated:<4d} {_pct(exact, stated)}"
              f"  {c.get('wrong', 0):5d}  {c.get('missed', 0):6d}  {c.get('false', 0):5d}")

    if show_failures:
        failures = [o for o in report.outcomes if not o.whole_exact]
        print(f"\nfailing cases ({len(failures)}):")
        for o in failures:
            context = "".join([f" asked={o.case.asked}" if o.case.asked else "",
                               f" known={o.case.known}" if o.case.known else ""])
            print(f"- [{o.case.source}] {o.case.text!r}{context}")
            print(f"    want {o.case.facts}")
            print(f"    got  {o.got}")
            details = [f"{name}: {', '.join(facts)}" for name, facts in
                       (("wrong", o.wrong), ("missed", o.missed), ("false", o.false)) if facts]
            if o.error:
                details.append(f"raised {o.error}")
            print("    " + "; ".join(details))


def report_json(report: Report) -> Dict[str, Any]:
    return {
        "language": report.label,
        "overall": report.overall().as_dict(),
        "by_family": {f: t.as_dict() for f, t in report.by_family().items()},
        "by_fact": report.by_fact(),
        "failures": [{"source": o.case.source, "text": o.case.text, "asked": o.case.asked,
                      "known": o.case.known, "want": o.case.facts, "got": o.got,
                      "wrong": o.wrong, "missed": o.missed, "false": o.false, "error": o.error}
                     for o in report.outcomes if not o.whole_exact],
    }


# ------------------------------------------------------------------ trained model: intents and entities
def load_cases() -> Tuple[str, List[Dict[str, Any]]]:
    """The intent/entity set tests/nlu_eval/expected_facts.yml."""
    with open(CASES_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data["as_of"], data["cases"]


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


def model_eval(model_path: str, cases: List[Dict[str, Any]]) -> Dict[str, Any]:
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


def print_model_eval(m: Dict[str, Any], n_cases: int) -> None:
    print(f"intent/entity set: {CASES_FILE} ({n_cases} messages)")
    print(f"model: {m['model']} (load {m['model_load_seconds']} s, {m['mean_parse_ms']} ms/message)")
    print(f"intent macro F1: {m['intent_macro_f1']:.3f}  (accuracy {m['intent_accuracy']:.3f})")
    print(f"entity F1, scheme/term: {m['entity_vocab_f1']:.3f} "
          f"(P {m['entity_vocab_precision']:.3f}, R {m['entity_vocab_recall']:.3f})")
    print(f"entity F1, all entities incl. facts: {m['entity_all_f1']:.3f} "
          f"(P {m['entity_all_precision']:.3f}, R {m['entity_all_recall']:.3f})")
    for err in m["intent_errors"]:
        print(f"  intent miss: {err['text']!r} want {err['want']} got {err['got']} ({err['confidence']})")


# ------------------------------------------------------------------ command line
def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", dest="sets", metavar="PATH",
                    help="evaluation set to run instead of the project's two (repeatable)")
    ap.add_argument("--show-failures", action="store_true", help="list every case that is not exact")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--model", nargs="?", const="", default=None, metavar="PATH",
                    help="evaluate the trained model's intents and entities on expected_facts.yml "
                         "(PATH, or the newest model in --model-dir)")
    ap.add_argument("--model-dir", default=os.path.join(ROOT, "models"))
    ap.add_argument("--write-rasa-yaml", action="store_true", help="regenerate tests/nlu_eval/test_nlu.yml")
    ap.add_argument("--facts-only", action="store_true", help=argparse.SUPPRESS)  # the default now
    args = ap.parse_args(argv)

    if args.write_rasa_yaml:
        write_rasa_yaml()
        return
    if args.model is not None:
        _, cases = load_cases()
        result = model_eval(args.model or _latest_model(args.model_dir), cases)
        if args.json:
            print(json.dumps(result, indent=2, default=str))
        else:
            print_model_eval(result, len(cases))
        return

    sets = [load_set(p) for p in (args.sets or FACT_SETS) if args.sets or os.path.exists(p)]
    reports = evaluate(sets)
    if args.json:
        print(json.dumps({"sets": [s.path for s in sets], "reports": [report_json(r) for r in reports]},
                         indent=2, ensure_ascii=False, default=str))
        return
    for s in sets:
        print(f"set {os.path.relpath(s.path)}: {len(s.cases)} messages, as_of {s.as_of}")
    for report in reports:
        print_report(report, args.show_failures)


if __name__ == "__main__":
    main()
