"""Which question to ask next, for the schemes the person is after (their goal schemes).

The engine's `missing` ranks every open fact for every scheme. The planner instead heads for an
answer about the goal schemes:

1. Only goal schemes still undecided count; a scheme already met or failed drops out, and a fact
   that matters only for schemes outside the goal is not asked.
2. Among those schemes, the most plausible first (what is known points to it: a parent who is a
   permanent resident -> ASSG, a Hong Kong degree -> IANG, a job offer -> GEP/ASMTP; `hints` in
   goals.yaml), then the one with the fewest unknown facts in its most promising branch (the
   cheapest set of answers that would meet it).
3. In that branch: the fact that is open for the most goal schemes, then the easiest, then the
   vocabulary's order.

No Rasa here: `next_question(facts, as_of, goals=..., unknown=...)` is a plain function, and
`questions_needed` replays a whole person to count the questions (tests and `python -m
eligibility.planner` compare it with the engine's own order).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import yaml

from .engine import PRECONDITION, Context, assess
from .facts import FACTS, SCHEME_IDS, validate_facts
from .logic import compare, leaf_op
from .rulebase import load_rules

GOALS_FILE = Path(__file__).with_name("goals.yaml")
FACT_ORDER = {name: i for i, name in enumerate(FACTS)}
IMPOSSIBLE = (float("inf"), frozenset())


@dataclass(frozen=True)
class Goal:
    name: str
    schemes: Tuple[str, ...]
    phrases: Tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def load_goals() -> Tuple[Dict[str, Goal], Dict[str, list]]:
    data = yaml.safe_load(GOALS_FILE.read_text(encoding="utf-8"))
    goals = {}
    for name, spec in data["goals"].items():
        unknown = [s for s in spec["schemes"] if s not in SCHEME_IDS]
        if unknown:
            raise ValueError(f"goals.yaml: goal {name} names unknown schemes {unknown}")
        chinese = [p for t in spec.get("phrases_zh") or [] for p in dict.fromkeys([t, _simplified(t)])]
        goals[name] = Goal(name, tuple(spec["schemes"]),
                           tuple(re.compile(rf"\b(?:{p})\b") for p in spec.get("phrases") or [])
                           + tuple(re.compile(p) for p in chinese))
    hints = data.get("hints") or {}
    for scheme, leaves in hints.items():
        if scheme not in SCHEME_IDS:
            raise ValueError(f"goals.yaml: hints for unknown scheme {scheme}")
        for leaf in leaves:
            if leaf.get("fact") not in FACTS:
                raise ValueError(f"goals.yaml: hint for {scheme} names unknown fact {leaf.get('fact')}")
            leaf_op(leaf)
    return goals, hints


def _simplified(text: str) -> str:
    """A Traditional phrase in Simplified characters (OpenCC, Hong Kong to Simplified)."""
    import opencc
    return opencc.OpenCC("hk2s").convert(text)


def goals_in_text(text: str) -> List[str]:
    """Scheme ids of the goals a message states ("I want to stay after graduating" -> ['iang'])."""
    goals, _ = load_goals()
    lowered = (text or "").lower()
    found: List[str] = []
    for goal in goals.values():
        if any(p.search(lowered) for p in goal.phrases):
            found += [s for s in goal.schemes if s not in found]
    return found


def goal_names_in_text(text: str) -> List[str]:
    goals, _ = load_goals()
    lowered = (text or "").lower()
    return [g.name for g in goals.values() if any(p.search(lowered) for p in g.phrases)]


def plausibility(scheme_id: str, facts: Dict[str, Any]) -> int:
    """How many of the scheme's hints the known facts meet (more = ask about it first)."""
    _, hints = load_goals()
    score = 0
    for leaf in hints.get(scheme_id, []):
        value = facts.get(leaf["fact"])
        op = leaf["_op"]
        if value is not None and compare(op, value, leaf[op]):
            score += 1
    return score


class _Paths:
    """The cheapest set of unknown facts that would make a criterion true (or false)."""

    def __init__(self, ctx: Context, scheme):
        self.evaluator = ctx.evaluator(scheme)
        self.predicates = ctx.rules.predicates

    def cost(self, node: dict, want: bool) -> Tuple[float, FrozenSet[str]]:
        value = self.evaluator.evaluate(node).value
        if value is want:
            return 0, frozenset()
        if value is (not want):
            return IMPOSSIBLE
        kind = node["_kind"]
        if kind == "leaf":
            return 1, frozenset([node["fact"]])
        if kind == "ref":
            return self.cost(self.predicates[node["ref"]], want)
        if kind == "not":
            return self.cost(node["not"], not want)
        if kind in ("unmodelled", "assume"):
            return 0, frozenset()   # nothing to ask: the rule base leaves it open
        if kind in ("all", "any"):
            children = node[kind]
            # all-true and any-false need every child; all-false and any-true need one.
            needed = len(children) if (kind == "all") == want else 1
        else:   # at_least N of children
            children = node["of"]
            n = self.evaluator.resolve(node["at_least"])
            needed = n if want else len(children) - n + 1
        return self._cheapest(children, want, needed)

    def _cheapest(self, children: list, want: bool, needed: int) -> Tuple[float, FrozenSet[str]]:
        costs = sorted((self.cost(child, want) for child in children), key=lambda c: (c[0], sorted(c[1])))
        chosen = costs[:needed]
        if len(chosen) < needed or any(c[0] == float("inf") for c in chosen):
            return IMPOSSIBLE
        facts = frozenset().union(*(c[1] for c in chosen))
        return len(facts), facts


def promising_branch(facts: Dict[str, Any], as_of, scheme_id: str) -> FrozenSet[str]:
    """Unknown facts on the cheapest way to meeting the scheme (empty when none is left)."""
    rules = load_rules()
    day = rules.check_date(as_of)
    ctx = Context(rules, validate_facts(facts), day)
    scheme = rules.schemes[scheme_id]
    version = scheme.version_for(day)
    if version.not_in_operation:
        return frozenset()
    root = {"all": [PRECONDITION] + version.criteria}
    cost, path = _Paths(ctx, scheme).cost(root, True)
    return path if cost != float("inf") else frozenset()


def goal_scope(goals: Optional[Sequence[str]]) -> List[str]:
    """The schemes to decide: the goal schemes, or every scheme when no goal is known."""
    return [s for s in SCHEME_IDS if s in goals] if goals else list(SCHEME_IDS)


def open_goal_schemes(answer: dict, goals: Optional[Sequence[str]], unknown: Iterable[str],
                      facts: Dict[str, Any]) -> Dict[str, List[str]]:
    """Undecided goal schemes -> the facts that could still decide them and can be asked."""
    scope = set(goal_scope(goals))
    skip = set(unknown) | set(facts)
    result = {}
    for scheme in answer["schemes"]:
        if scheme["id"] in scope and scheme["status"] == "undecided":
            askable = [f for f in scheme.get("missing") or [] if f not in skip and f in FACTS]
            if askable:
                result[scheme["id"]] = askable
    return result


def goals_settled(answer: dict, goals: Optional[Sequence[str]], unknown: Iterable[str],
                  facts: Dict[str, Any], stop_at_first_eligible: bool = True) -> bool:
    """Nothing more to ask for the goal: every goal scheme decided (or nothing left that could
    decide it), or - unless every scheme is to be checked - a goal scheme met that is at least as
    plausible as every one still open."""
    scope = set(goal_scope(goals))
    still_open = open_goal_schemes(answer, goals, unknown, facts)
    if stop_at_first_eligible and still_open:
        # Stop at a scheme met unless an open one is more plausible (a permanent-resident parent
        # points to ASSG: meeting the Working Holiday Scheme first is not the answer that matters).
        met = [plausibility(s["id"], facts) for s in answer["schemes"]
               if s["id"] in scope and s["status"] == "eligible"]
        if met and max(met) >= max(plausibility(s, facts) for s in still_open):
            return True
    return not still_open


def next_question(facts: Dict[str, Any], as_of, goals: Optional[Sequence[str]] = None,
                  unknown: Iterable[str] = (), stop_at_first_eligible: bool = True,
                  answer: Optional[dict] = None) -> Optional[str]:
    """The next fact to ask about for the goal schemes, or None when the goal is settled."""
    facts = {k: v for k, v in facts.items() if v is not None}
    unknown = set(unknown)
    answer = answer or assess(facts, as_of)
    if goals_settled(answer, goals, unknown, facts, stop_at_first_eligible):
        return None
    open_schemes = open_goal_schemes(answer, goals, unknown, facts)
    order = {s: i for i, s in enumerate(goal_scope(goals))}

    def branch(scheme_id: str) -> List[str]:
        askable = set(open_schemes[scheme_id])
        path = [f for f in promising_branch(facts, as_of, scheme_id) if f in askable]
        # No way to meet it through askable facts (say, an unmodelled criterion): what could fail it.
        return path or list(askable)

    branches = {s: branch(s) for s in open_schemes}
    target = min(branches, key=lambda s: (-plausibility(s, facts), len(branches[s]), order[s]))
    settles = {f: sum(f in facts_open for facts_open in open_schemes.values()) for f in branches[target]}
    return min(branches[target], key=lambda f: (-settles[f], FACTS[f].ease, FACT_ORDER[f]))


def engine_order(facts: Dict[str, Any], as_of, goals: Optional[Sequence[str]] = None,
                 unknown: Iterable[str] = (), stop_at_first_eligible: bool = True,
                 answer: Optional[dict] = None) -> Optional[str]:
    """The order used before the planner: the engine's ranked `missing`, whatever the goal
    (kept to measure the planner against it; the same stopping rule)."""
    facts = {k: v for k, v in facts.items() if v is not None}
    unknown = set(unknown)
    answer = answer or assess(facts, as_of)
    if goals_settled(answer, goals, unknown, facts, stop_at_first_eligible):
        return None
    return next((f for f in answer["missing"] if f not in facts and f not in unknown), None)


Chooser = Callable[..., Optional[str]]


def questions_needed(person: Dict[str, Any], as_of, goals: Optional[Sequence[str]] = None,
                     choose: Chooser = next_question, stop_at_first_eligible: bool = True,
                     given: Optional[Dict[str, Any]] = None) -> List[str]:
    """Replay a conversation: ask what `choose` picks, answer from `person` (a fact the person
    lacks - None - is "I don't know"), until nothing is left. Returns the questions asked."""
    facts = dict(given or {})
    unknown: List[str] = []
    asked: List[str] = []
    while True:
        question = choose(facts, as_of, goals=goals, unknown=unknown,
                          stop_at_first_eligible=stop_at_first_eligible)
        if question is None:
            return asked
        if question in asked or len(asked) > len(FACTS):
            raise RuntimeError(f"{question} asked again after {asked}")
        asked.append(question)
        if person.get(question) is None:
            unknown.append(question)
        else:
            facts[question] = person[question]


def _compare(samples: int = 300, seed: int = 7) -> None:
    """Print question counts for generated people: the engine's order against the planner's."""
    import random
    import statistics
    rng = random.Random(seed)
    rules_day = "2026-11-26"
    goal_choices = [None] + [list(g.schemes) for g in load_goals()[0].values()] + [[s] for s in SCHEME_IDS]
    old_counts, new_counts, no_goal = [], [], []
    for _ in range(samples):
        person = {name: _random_value(rng, spec) for name, spec in FACTS.items() if spec.assume is None}
        goals = rng.choice(goal_choices)
        old_counts.append(len(questions_needed(person, rules_day, goals, engine_order)))
        new_counts.append(len(questions_needed(person, rules_day, goals, next_question)))
        if goals is None:
            no_goal.append((old_counts[-1], new_counts[-1]))
    print(f"{samples} generated people (seed {seed}), questions until the goal is settled:")
    for label, counts in (("engine order", old_counts), ("planner", new_counts)):
        print(f"  {label:13s} total {sum(counts):5d}  mean {statistics.mean(counts):5.2f}  "
              f"median {statistics.median(counts):4.1f}  max {max(counts)}")
    if no_goal:
        print(f"  of which {len(no_goal)} with no goal stated: engine order {sum(o for o, _ in no_goal)}, "
              f"planner {sum(n for _, n in no_goal)} questions")
    print(f"  planner asked fewer for {sum(n < o for o, n in zip(old_counts, new_counts))}, "
          f"the same for {sum(n == o for o, n in zip(old_counts, new_counts))}, "
          f"more for {sum(n > o for o, n in zip(old_counts, new_counts))}")


SAMPLE_VALUES = {
    "age": [17, 18, 25, 29, 30, 31, 35, 40, 41, 50, 51, 60],
    "money": [0, 300_000, 1_000_000, 2_000_000, 2_500_000, 5_000_000, 30_000_000],
    "years": [0, 0.5, 1, 2, 3, 5, 7, 10],
    "months_since_hk_graduation": [0, 3, 6, 7, 24],
    "country": ["GB", "US", "CN", "IN", "CA", "AU", "JP", "FR", "AF", "KP"],
}


def sample_values(spec) -> list:
    """A small set of values for one fact (generated people and tests)."""
    if spec.type == "bool":
        return [True, False]
    if spec.type in ("enum", "scheme_or_visa"):
        return list(spec.values)
    if spec.type == "list":
        return [["english"], ["english", "cantonese"], ["putonghua"], ["other"], ["cantonese", "putonghua"]]
    if spec.type == "country":
        return SAMPLE_VALUES["country"]
    if spec.name == "age":
        return SAMPLE_VALUES["age"]
    if spec.name.endswith("_hkd"):
        return SAMPLE_VALUES["money"]
    if spec.name in SAMPLE_VALUES:
        return SAMPLE_VALUES[spec.name]
    return [y for y in SAMPLE_VALUES["years"] if spec.maximum is None or y <= spec.maximum]


def _random_value(rng, spec):
    if rng.random() < 0.1:
        return None   # the person doesn't know
    return rng.choice(sample_values(spec))


if __name__ == "__main__":
    _compare()
