"""Highest degree, whether it is STEM, and whether it came from a listed university.

The highest completed degree named wins. Not a completed degree of the person's own: a plan or one
in progress ("I want to study a master's", "doing an MBA"), a negated one ("no master's"), someone
else's ("my wife has a PhD"). "No degree" is `none`, except that it does not overrule a known
sub-degree (a higher diploma is "no degree" to many people).
"""
from __future__ import annotations

import re
from typing import List, Optional

from eligibility.lists import find_university, universities

from ..lexicon import has_han
from ..message import Found, Message, reading

FACTS = ("highest_degree", "stem_degree", "bachelor_listed_university", "postgraduate_listed_university")
# "no degree", "don't have a university degree": the denial is right before the word
_DENIED = re.compile(r"(?:\bno|\bnot|n't have|n't got|\bnever|\bwithout|\bnot have)\s+(?:an?\s+)?(?:\w+\s+)?$")
RANK = {"none": 0, "sub_degree": 1, "bachelor": 2, "master": 3, "doctorate": 4}


def read(msg: Message) -> List:
    lex = msg.lexicon.degree
    table = {p: level for level, phrases in lex["levels"].items() for p in phrases}
    found = list(msg.find(table)) + list(msg.find(lex["levels_cased"], case_sensitive=True))
    found = [f for f in found if not any(g is not f and g.start <= f.start and f.end <= g.end
                                         and (g.end - g.start) > (f.end - f.start) for g in found)]
    best: Optional[Found] = None
    denied_generic = None
    for f in found:
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.plan or (msg.is_question(f.start) and msg.asked != "highest_degree"):
            continue
        if msg.lower[f.end:].lstrip().startswith(tuple(lex["student_after"])):
            continue       # 「我係博士生」: studying for it
        level = f.value
        if ctx.negated:
            if level in ("bachelor",) and f.phrase in ("a degree", "university degree", "uni degree",
                                                       "college degree", "first degree"):
                denied_generic = f
            continue
        if level == "none" and f.phrase.startswith("no ") or level == "none" and "n't" in f.phrase:
            denied_generic = f
            continue
        if best is None or RANK[level] > RANK[best.value]:
            best = f
    if best is None and msg.asked == "stem_degree":
        return _stem_field_alone(msg)
    if best is None:
        for f in msg.find(lex["generic"]):
            lead = msg.lower[max(0, f.start - 30):f.start]
            if _DENIED.search(lead) and not msg.context(f.start, f.end).other_person:
                denied_generic = denied_generic or f
        if denied_generic is None:
            return []
        ctx = msg.context(denied_generic.start, denied_generic.end)
        if msg.known.get("highest_degree") == "sub_degree":
            # "no degree" is true of a higher diploma too: it confirms what is known
            return [reading(msg, "highest_degree", "sub_degree", denied_generic.start, denied_generic.end,
                            interpretation="a higher diploma or associate degree, not a university degree")]
        return [reading(msg, "highest_degree", "none", denied_generic.start, denied_generic.end,
                        explicit=ctx.first_person)]
    ctx = msg.context(best.start, best.end)
    # naming a lower degree ("my bachelor's is in CS") is no correction of a higher one known
    known = msg.known.get("highest_degree")
    explicit = ctx.first_person and (known not in RANK or RANK[best.value] >= RANK[known])
    readings = [reading(msg, "highest_degree", best.value, best.start, best.end, explicit=explicit)]
    stem = _stem(msg, best)
    readings += stem
    readings += _listed(msg, best)
    return readings


def _stem(msg: Message, degree: Found) -> List:
    """"MSc in computer science" -> STEM; "an MBA", "a BA in history" -> not STEM."""
    lex = msg.lexicon.degree
    if degree.phrase == "mba":
        return [reading(msg, "stem_degree", False, degree.start, degree.end, interpretation="MBA - not STEM")]
    window = (degree.start, min(len(msg.text), degree.end + 40))
    lead = (max(0, degree.start - 30), degree.start)
    fields = {**{p: False for p in lex["non_stem_fields"]}, **{p: True for p in lex["stem_fields"]}}
    for f in msg.find(fields, within=window):
        link = msg.lower[degree.end:f.start]
        if any(word in link.split() for word in ("in", "of")) or link.strip() in ("", "'s", "s") or (
                _chinese_link(link, lex["field_links"])):
            return [reading(msg, "stem_degree", f.value, f.start, f.end)]
    for f in msg.find(fields, within=lead):
        if msg.lower[f.end:degree.start].strip() in ("", "degree", "a", "an", *lex["field_before"]):
            return [reading(msg, "stem_degree", f.value, f.start, f.end)]
    return []


def _chinese_link(link: str, links: List[str]) -> bool:
    """碩士讀金融, 博士學位，專業是化學: the words between a degree and its field, without spaces."""
    link = link.replace(" ", "")
    return bool(link) and has_han(link) and any(link.endswith(word) or link == word for word in links
                                                 if has_han(word))


def _stem_field_alone(msg: Message) -> List:
    """In answer to the STEM question: "computer science", "accounting"."""
    lex = msg.lexicon.degree
    fields = {**{p: False for p in lex["non_stem_fields"]}, **{p: True for p in lex["stem_fields"]}}
    for f in msg.find(fields):
        if not msg.context(f.start, f.end).negated:
            return [reading(msg, "stem_degree", f.value, f.start, f.end, explicit=True)]
    return []


def _listed(msg: Message, degree: Found) -> List:
    """"master's from HKU" -> whether that university is on the aggregate list (eligibility.lists)."""
    lex = msg.lexicon.universities
    names = {**{name: name for name in universities() if name.isascii()}, **lex["elsewhere"], **lex["hong_kong"]}
    window = (degree.start, min(len(msg.text), degree.end + 60))
    for f in msg.find(names, within=window):
        listed = find_university(f.value, msg.as_of)["listed"]
        if listed is None:
            return []
        fact = "bachelor_listed_university" if degree.value == "bachelor" else (
            "postgraduate_listed_university" if degree.value in ("master", "doctorate") else None)
        if fact is None:
            return []
        note = f"{f.value} - {'on' if listed else 'not on'} the aggregate list"
        return [reading(msg, fact, listed, f.start, f.end, interpretation=note)]
    return []
