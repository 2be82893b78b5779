"""Yes/no facts stated in a sentence: "no listed company of my own" (false), "I have a permanent
HKID" (true), "I don't have a business plan" (false), "born in Manila" (born overseas).

Each fact has phrases that state it (lexicon `yes_no.facts`); negated, the fact is false. Someone
else's fact is not the person's ("my husband is a permanent resident": see family.py), and a plan is
not a fact ("I want to start a business" is not a business plan). A plain "yes"/"no" in answer to
the question asked is read in answers.py.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import List

from ..lexicon import has_han
from ..message import Message, reading
from . import places

FACTS = ("owns_listed_company", "exceptional_achievement", "hk_job_offer", "job_on_talent_list",
         "tp_list_trade", "techtas_rd_role", "business_plan", "criminal_record", "sufficient_funds",
         "hk_permanent_resident", "foreign_permanent_residence", "born_overseas", "hk_graduate",
         "ugc_funded_programme")
# a plan is still a business plan ("I plan to start a business in HK with a plan")
PLAN_IS_THE_FACT = {"business_plan"}


def read(msg: Message) -> List:
    lex = msg.lexicon.yes_no
    readings = []
    for fact, phrases in lex["facts"].items():
        value = None
        for f in msg.find(phrases):
            ctx = msg.context(f.start, f.end)
            if ctx.other_person and re.search(r"\b(?:me|my)\b", f.phrase):
                ctx = replace(ctx, other_person=None, first_person=True)   # "they offered me"
            answered = _answered(msg, f)
            if answered is not None and not ctx.other_person:
                value = reading(msg, fact, answered, f.start, f.end, explicit=True)
                value.hypothetical = False       # answered, so no longer a question
                break
            if ctx.other_person or msg.is_question(f.start):
                continue
            if ctx.plan and fact not in PLAN_IS_THE_FACT:
                continue
            if fact == "foreign_permanent_residence" and not _foreign(msg, f):
                continue
            value = reading(msg, fact, not ctx.negated, f.start, f.end, explicit=ctx.first_person)
            break
        if value is None:
            for f in msg.find(lex["negated_only"].get(fact, [])):
                ctx = msg.context(f.start, f.end)
                needed = lex["negated_only_context"].get(fact)
                if needed and not msg.has(needed, within=msg.sentence(f.start)):
                    continue
                if ctx.negated and not ctx.other_person and not ctx.plan and not msg.is_question(f.start):
                    value = reading(msg, fact, False, f.start, f.end, explicit=ctx.first_person)
                    break
        if value is None:
            for f in msg.find(lex["false_phrases"].get(fact, [])):
                if not msg.context(f.start, f.end).other_person:
                    value = reading(msg, fact, False, f.start, f.end)
                    break
        if value is not None:
            readings.append(value)
    if msg.asked in lex["answer_phrases"] and not any(r.fact == msg.asked for r in readings):
        for f in msg.find(lex["answer_phrases"][msg.asked]):
            ctx = msg.context(f.start, f.end)
            if not ctx.other_person and not ctx.plan:
                readings.append(reading(msg, msg.asked, not ctx.negated, f.start, f.end, explicit=True))
                break
    readings += _born(msg)
    readings += _place_pr(msg, {r.fact for r in readings})
    return [r for r in readings if r.fact in _known_facts()]


def _known_facts():
    from eligibility import FACTS as SPEC
    return SPEC


def _foreign(msg: Message, f) -> bool:
    """"permanent resident of Canada" is foreign; "... of Hong Kong" is not."""
    tail = (f.end, min(len(msg.text), f.end + 30))
    for place in places._places(msg):
        if tail[0] <= place.start < tail[1]:
            return place.value == "overseas"
        if has_han(f.phrase) and f.start - 2 <= place.end <= f.start:     # 加拿大永久居留權
            return place.value == "overseas"
    return f.phrase in ("green card", "indefinite leave to remain", "ilr") or f.phrase.endswith(
        ("anywhere", "elsewhere", "abroad", "overseas"))


def _place_pr(msg: Message, done: set) -> List:
    """"I'm an Australian PR", "Canadian permanent resident": foreign permanent residence."""
    if "foreign_permanent_residence" in done:
        return []
    words = msg.lexicon.yes_no["permanent_residence_words"]
    for f in msg.find(words):
        before = msg.lower[max(0, f.start - 25):f.start].split()
        if not before:
            continue
        word = before[-1]
        code = msg.lexicon.demonyms.get(word) or msg.lexicon.countries.get(word)
        ctx = msg.context(f.start, f.end)
        if code and code not in places.GREATER_CHINA and not ctx.other_person:
            return [reading(msg, "foreign_permanent_residence", not ctx.negated, f.start - len(word) - 1, f.end,
                            explicit=ctx.first_person)]
    return []


def _born(msg: Message) -> List:
    for cue in msg.find(msg.lexicon.yes_no["born_after"]):      # Chinese: 喺加拿大出世
        ctx = msg.context(cue.start, cue.end)
        if ctx.other_person or ctx.negated:
            continue
        for place in places._places(msg):
            if cue.start - 2 <= place.end <= cue.start:
                return [reading(msg, "born_overseas", place.value == "overseas", place.start, cue.end,
                                explicit=ctx.first_person)]
    for cue in msg.find(msg.lexicon.yes_no["born"]):
        ctx = msg.context(cue.start, cue.end)
        if ctx.other_person:
            continue
        for place in places._places(msg):
            if cue.end <= place.start <= cue.end + 3:
                return [reading(msg, "born_overseas", place.value == "overseas", cue.start, place.end,
                                explicit=ctx.first_person)]
    return []


def _answered(msg: Message, f):
    """"Hong Kong permanent resident? no.": a question the person asks and answers themselves."""
    end = msg.clause(f.start)[1]
    m = re.match(r"\s*\?\s*(?P<word>[a-z]+)\b", msg.lower[end:])
    if not m or msg.lower[f.end:end].strip():
        return None
    answers = msg.lexicon.answers
    word = m.group("word")
    return True if word in answers["yes"] else False if word in answers["no"] else None
