"""Three-valued evaluation of criteria written as data.

A criterion is a YAML mapping. Leaves compare one fact with a value or a dated parameter:
    {fact: age, le: {param: assg.max_age}}
Combinators: {all: [...]}, {any: [...]}, {at_least: N, of: [...]}, {not: {...}};
{ref: name} reuses a named predicate (rules/predicates.yaml); {unmodelled: "why"} is a question the
rule base deliberately leaves open; {assume: "text"} is a discretionary criterion that holds with
that assumption stated. Any node may carry `id`, `text` (plain words), `fail` and `pass` (reason
templates; an empty `fail` gives no reason, for a branch another branch explains), `route` (a label
such as TTPS category "A"), and `assumption` (stated when it holds). A child of `all` marked
`gate: true` says who the scheme is for: when it fails, its reasons are the only ones given (a
Vietnamese graduate is told ASMTP is for Mainland residents, not what Mainland graduates use).

Every node evaluates to True, False or None (undecided). None arises only from unknown facts or
unmodelled questions, never from a value that fails: unknown is not false.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .facts import FACTS

LEAF_OPS = ("eq", "ne", "ge", "le", "gt", "lt", "in", "not_in", "contains", "contains_any", "min_items")
COMBINATORS = ("all", "any", "at_least", "not", "ref", "unmodelled", "assume")


class Outcome:
    """A node's value and why. Reason texts are kept as (template, extras) and rendered only when
    a reason is shown: most failed leaves (inside any-of or at-least-N) are never shown.
    Collections default to a shared empty tuple and are only ever replaced, never mutated."""
    __slots__ = ("value", "fails", "passes", "unknown", "assumptions", "notes", "route", "failed_leaves")

    def __init__(self, value, fails=(), passes=(), unknown=frozenset(), assumptions=(), notes=(),
                 route=None, failed_leaves=()):
        self.value = value                  # True, False or None (undecided)
        self.fails = fails
        self.passes = passes
        self.unknown = unknown              # facts whose answers could still decide this node
        self.assumptions = assumptions
        self.notes = notes                  # why a node stays open (unmodelled questions)
        self.route = route
        self.failed_leaves = failed_leaves  # (fact, op, threshold) of leaves that failed


OPERATORS = {
    "eq": lambda value, target: value == target,
    "ne": lambda value, target: value != target,
    "ge": lambda value, target: value >= target,
    "le": lambda value, target: value <= target,
    "gt": lambda value, target: value > target,
    "lt": lambda value, target: value < target,
    "in": lambda value, target: value in target,
    "not_in": lambda value, target: value not in target,
    "contains": lambda value, target: target in value,
    "contains_any": lambda value, target: any(t in value for t in target),
    "min_items": lambda value, target: len(value) >= target,
}


def compare(op: str, value, target) -> bool:
    return OPERATORS[op](value, target)


def prepare(node: dict) -> None:
    """Note on each node what kind it is and whether it carries texts, once, at load time."""
    for sub in walk(node):
        if "fact" in sub:
            sub["_kind"] = "leaf"
            leaf_op(sub)
        else:
            sub["_kind"] = next((k for k in ("all", "any", "at_least", "not", "ref", "unmodelled", "assume")
                                 if k in sub), None)
        sub["_decor"] = any(k in sub for k in ("pass", "assumption", "route", "fail"))


def leaf_op(node: dict) -> str:
    if "_op" in node:   # found once, then remembered on the node
        return node["_op"]
    ops = [op for op in LEAF_OPS if op in node]
    if len(ops) != 1:
        raise ValueError(f"a leaf needs exactly one operator of {LEAF_OPS}: {node}")
    node["_op"] = ops[0]
    return ops[0]


class Evaluator:
    """Evaluates criteria for one set of facts and one set of resolved parameters."""

    def __init__(self, facts: dict, params: dict, predicates: dict,
                 render: Callable[[str, dict], str], fmt: Callable[[str, object], str]):
        self.fmt = fmt        # formats a value the way the named fact reads in a sentence
        self.facts = facts
        self.params = params
        self.predicates = predicates
        self.render = render  # fills {fact} / {param.key} / {met} placeholders in reason templates

    def text(self, reasons: list) -> list:
        """Render (template, extras) reasons into sentences, without repeats."""
        out = []
        for template, extras in reasons:
            for key in ("threshold", "value"):
                if isinstance(extras.get(key), tuple):
                    extras = dict(extras, **{key: self.fmt(*extras[key])})
            sentence = self.render(template, extras)
            if sentence and sentence not in out:
                out.append(sentence)
        return out

    def resolve(self, target):
        if isinstance(target, dict) and "param" in target:
            return self.params[target["param"]]
        return target

    def evaluate(self, node: dict) -> Outcome:
        kind = node.get("_kind")
        if kind is None:
            prepare(node)
            kind = node["_kind"]
        out = self._leaf(node) if kind == "leaf" else self._evaluate(node, kind)
        if node["_decor"]:
            if out.value is True:
                if "pass" in node:
                    out.passes = [(node["pass"], {}), *out.passes]
                if "assumption" in node:
                    out.assumptions = [*out.assumptions, (node["assumption"], {})]
                if "route" in node and out.route is None:
                    out.route = node["route"]
            elif out.value is False and "fail" in node and kind != "leaf":
                out.fails = [(node["fail"], {})]
        return out

    def _evaluate(self, node: dict, kind: str) -> Outcome:
        if kind == "all":
            children = [self.evaluate(child) for child in node["all"]]
            gates = [out for child, out in zip(node["all"], children) if out.value is False and child.get("gate")]
            return self._all(gates or children)
        if kind == "any":
            return self._any([self.evaluate(child) for child in node["any"]])
        if kind == "at_least":
            return self._at_least(node, [self.evaluate(child) for child in node["of"]])
        if kind == "not":
            inner = self.evaluate(node["not"])
            value = None if inner.value is None else not inner.value
            return Outcome(value, fails=inner.passes if value is False else [],
                           unknown=inner.unknown, assumptions=inner.assumptions,
                           failed_leaves=[])
        if kind == "ref":
            return self.evaluate(self.predicates[node["ref"]])
        if kind == "unmodelled":
            return Outcome(None, notes=[(node["unmodelled"], {})])
        if kind == "assume":
            return Outcome(True, assumptions=[(node["assume"], {})])
        raise ValueError(f"not a criterion: {node}")

    def _leaf(self, node: dict) -> Outcome:
        name = node["fact"]
        op = node["_op"]
        target = node[op]
        if type(target) is dict:
            target = self.params[target["param"]]
        assumptions = ()
        value = self.facts.get(name)
        if value is None:
            spec = FACTS[name]
            if spec.assume is None:
                return Outcome(None, unknown={name})
            value = spec.assume
            assumptions = ((spec.assumption, {}),)
        if OPERATORS[op](value, target):
            return Outcome(True, assumptions=assumptions)
        text = (node["fail"] if "fail" in node else DEFAULT_FAILS[op],
                {"threshold": (name, target), "value": (name, value), "label": name})
        return Outcome(False, fails=[text], assumptions=assumptions,
                       failed_leaves=[(name, op, target)])

    @staticmethod
    def _all(children: list) -> Outcome:
        assumptions = [a for c in children for a in c.assumptions]
        if any(c.value is False for c in children):
            bad = [c for c in children if c.value is False]
            return Outcome(False, fails=[f for c in bad for f in c.fails], assumptions=assumptions,
                           failed_leaves=[leaf for c in bad for leaf in c.failed_leaves])
        if all(c.value is True for c in children):
            route = next((c.route for c in children if c.route), None)
            return Outcome(True, passes=[p for c in children for p in c.passes],
                           assumptions=assumptions, route=route)
        open_ = [c for c in children if c.value is None]
        return Outcome(None, unknown=set().union(*(c.unknown for c in open_)),
                       notes=[n for c in open_ for n in c.notes], assumptions=assumptions)

    @staticmethod
    def _any(children: list) -> Outcome:
        winner = next((c for c in children if c.value is True), None)
        if winner is not None:
            return Outcome(True, passes=winner.passes, assumptions=winner.assumptions,
                           route=winner.route)
        if all(c.value is False for c in children):
            return Outcome(False, fails=[f for c in children for f in c.fails],
                           assumptions=[a for c in children for a in c.assumptions],
                           failed_leaves=[leaf for c in children for leaf in c.failed_leaves])
        open_ = [c for c in children if c.value is None]
        return Outcome(None, unknown=set().union(*(c.unknown for c in open_)),
                       notes=[n for c in open_ for n in c.notes])

    def _at_least(self, node: dict, children: list) -> Outcome:
        needed = self.resolve(node["at_least"])
        met = sum(c.value is True for c in children)
        open_count = sum(c.value is None for c in children)
        counts = {"met": met, "needed": needed, "of": len(children), "open": open_count}
        if met >= needed:
            passes = [(node.get("pass_count", "meets {met} of the {of} criteria ({needed} needed)"), counts)]
            return Outcome(True, passes=passes,
                           assumptions=[a for c in children if c.value for a in c.assumptions])
        if met + open_count < needed:
            fails = [(node.get("fail_count", "meets only {met} of the {of} criteria; {needed} are needed"), counts)]
            return Outcome(False, fails=fails,
                           failed_leaves=[leaf for c in children for leaf in c.failed_leaves])
        open_ = [c for c in children if c.value is None]
        return Outcome(None, unknown=set().union(*(c.unknown for c in open_)),
                       notes=[n for c in open_ for n in c.notes])


# Reasons for a failed leaf that has no `fail` text of its own: they name the person's value and
# the threshold. {label} is the fact's label, filled when the reason is rendered (in its language).
DEFAULT_FAILS = {
    "ge": "{label} {value} is below {scheme}'s minimum of {threshold}",
    "gt": "{label} {value} is not above {scheme}'s threshold of {threshold}",
    "le": "{label} {value} is above {scheme}'s limit of {threshold}",
    "lt": "{label} {value} is not below {scheme}'s limit of {threshold}",
    "in": "{label} {value} is not one {scheme} accepts ({threshold})",
    "not_in": "{label} {value} is excluded from {scheme}",
    "eq": "{label} is {value}, but {scheme} needs {threshold}",
    "ne": "{label} {value} is not accepted by {scheme}",
    "contains": "{scheme} needs {threshold} among your {label}",
    "contains_any": "{scheme} needs one of {threshold} among your {label}",
    "min_items": "{scheme} needs at least {threshold} {label}",
}


PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def walk(node: dict):
    """Yield every node of a criterion tree (not following refs)."""
    yield node
    for key in ("all", "any", "of"):
        for child in node.get(key, []):
            yield from walk(child)
    if "not" in node:
        yield from walk(node["not"])
