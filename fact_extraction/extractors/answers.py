"""The answer to the question asked, when no extractor read it from the wording: by the fact's type.

- yes/no facts: "yes", "nope", "it's an MBA so no" (the answer word that ends or starts the message
  wins; one polarity alone is enough)
- numbers: the first number, hedges kept ("maybe 12", "12ish"); "0, it's a local hospital" is 0;
  "none"/"never" is 0
- closed values: a value's name or a synonym in eligibility/facts.yaml (`synonyms`)
And whether the person said they don't know ("no idea", "not sure", "skip").
"""
from __future__ import annotations

import re
from typing import Any, List, Optional

from eligibility import FACTS as SPEC

from ..message import Message, reading

_FIRST_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s+and\s+a\s+half)?")


def dont_know(msg: Message) -> bool:
    text = msg.lower.strip()
    return bool(text) and (msg.has(msg.lexicon.answers["dont_know"]) or text in ("?", "??", "-"))


def read_answer(msg: Message) -> List:
    spec = SPEC.get(msg.asked or "")
    if spec is None:
        return []
    kind = spec.type
    if dont_know(msg) and not _FIRST_NUMBER.search(msg.text):
        return []
    if kind == "bool":
        value = yes_or_no(msg)
        return [] if value is None else [reading(msg, msg.asked, value, 0, len(msg.text), explicit=True)]
    if kind in ("int", "number"):
        return _number(msg, spec)
    if kind in ("enum", "scheme_or_visa"):
        return _closed(msg, spec)
    return []


def yes_or_no(msg: Message) -> Optional[bool]:
    answers = msg.lexicon.answers
    yes, no = list(msg.find(answers["yes"])), list(msg.find(answers["no"]))
    yes = [f for f in yes if f.value not in answers.get("yes_alone", ()) or not _still_under_way(msg, f)]
    # a word inside a longer answer word of the other polarity is part of it: 有 in 未有, 係 in 唔係
    yes = [f for f in yes if not any(g.start <= f.start and f.end <= g.end and g.end - g.start > f.end - f.start
                                     for g in no)]
    no = [f for f in no if not any(g.start <= f.start and f.end <= g.end and g.end - g.start > f.end - f.start
                                   for g in yes)]
    # words of both polarities that overlap: the one that starts first is the word (未有呀 is 未有 + 呀,
    # not 未 + 有呀)
    yes, no = ([f for f in yes if not any(g.start < f.start < g.end for g in no)],
               [f for f in no if not any(g.start < f.start < g.end for g in yes)])
    words = sorted([(f.start, True) for f in yes] + [(f.start, False) for f in no])
    if not words:
        return None
    polarities = {p for _, p in words}
    if len(polarities) == 1:
        return words[0][1]
    text = msg.lower.rstrip(" .!")
    last_start, last = words[-1]
    if text.endswith(msg.lower[last_start:].rstrip(" .!")) and len(text) - last_start <= 5:
        return last          # "..., so no"
    return words[0][1] if words[0][0] == 0 else None


def _still_under_way(msg: Message, found) -> bool:
    """An auxiliary answer opens a sentence of something still under way ("I'm still looking",
    "I have applied"): the next word is one of `yes_alone_not_before` or ends in -ing."""
    following = re.match(r"\s*([a-z']+)", msg.lower[found.end:])
    if not following:
        return False
    word = following.group(1)
    return word.endswith("ing") or word in msg.lexicon.answers.get("yes_alone_not_before", ())


# A unit written after a number says what kind of number it is.
UNIT_AFTER = re.compile(r"\s*(years?|yrs?|y/o|yo|months?|weeks?|歲|岁|年|個月|个月|周|週)", re.I)


def _unit_fits(fact: str, unit: str) -> bool:
    if unit in ("歲", "岁", "y/o", "yo") or unit.startswith("year") or unit.startswith("yr") or unit == "年":
        return fact == "age" or "years" in fact
    return "months" in fact or fact == "age"


def _number(msg: Message, spec) -> List:
    m = _FIRST_NUMBER.search(msg.text)
    if m is None and msg.lexicon.language == "en":
        small = re.search(r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten)\b", msg.lower)
        if small:
            value = "zero one two three four five six seven eight nine ten".split().index(small.group(1))
            ctx = msg.context(small.start(), small.end())
            return [reading(msg, msg.asked, value, small.start(), small.end(), explicit=True, hedged=ctx.hedged)]
    if m is None:
        if msg.has(msg.lexicon.answers["zero"]) and not dont_know(msg):
            first = next(msg.find(msg.lexicon.answers["zero"]))
            return [reading(msg, msg.asked, 0, first.start, first.end, explicit=True)]
        return []
    unit = UNIT_AFTER.match(msg.text, m.end())
    if unit and not _unit_fits(msg.asked, unit.group(1).lower()):
        return []   # "24歲" in answer to the income question is an age, not HK$24
    value: Any = float(m.group(1).replace(",", "."))
    if m.group(0).endswith("half"):
        value += 0.5
    value = int(value) if float(value).is_integer() else value
    if spec.type == "int" and not isinstance(value, int):
        value = round(value)
    if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
        return []
    ctx = msg.context(m.start(), m.end())
    return [reading(msg, msg.asked, value, m.start(1), m.end(1), explicit=True, hedged=ctx.hedged)]


def _closed(msg: Message, spec) -> List:
    from ..vocabulary import synonyms
    table = {**synonyms(msg.asked, msg.lexicon.language), **msg.lexicon.answers["values"].get(msg.asked, {})}
    for f in msg.find(table):
        ctx = msg.context(f.start, f.end)
        if ctx.negated and f.value != "none":
            continue
        return [reading(msg, msg.asked, f.value, f.start, f.end, explicit=True)]
    if yes_or_no(msg) is False and "none" in (spec.values or ()):
        return [reading(msg, msg.asked, "none", 0, len(msg.text), explicit=True)]
    return []
