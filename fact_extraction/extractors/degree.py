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
        if level == "not_a_degree":
            continue         # "a postgraduate diploma in education" is no master's
        if _reference(msg, f):
            continue         # "my master's uni", or naming the degree asked about: not a new highest degree
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
    if best is None:
        listed = _listed_phrase(msg, found)
        if listed:
            return listed
    if best is None and msg.asked == "stem_degree":
        return _stem_field_alone(msg)
    if best is None:
        generic_field = _generic_degree_field(msg)
        if generic_field:
            return generic_field
        for f in msg.find(lex["generic"]):
            lead = msg.lower[max(0, f.start - 30):f.start]
            if _DENIED.search(lead) and not msg.context(f.start, f.end).other_person:
                denied_generic = denied_generic or f
        if denied_generic is None:
            return []
        ctx = msg.context(denied_generic.start, denied_generic.end)
        if msg.known.get("highest_degree") == "sub_degree":
            # "no degree" is true of a higher diploma too: nothing new is stated; in answer to the
            # question it confirms what is known
            if msg.asked != "highest_degree":
                return []
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
    readings += _listed(msg, best) or _listed_phrase(msg, [best])
    readings += _hong_kong_graduate(msg, best)
    return readings


def _hong_kong_graduate(msg: Message, degree: Found) -> List:
    """"my bachelor's at CityU as a non-local student": whether the Hong Kong degree is a bachelor's. Only
    for a non-local graduate (said so, known, or the question asked): a Hong Kong university alone does
    not make one."""
    non_local = (msg.known.get("hk_graduate") is True or msg.asked == "hk_graduate"
                 or msg.has(msg.lexicon.yes_no["facts"].get("hk_graduate", [])))
    if not non_local:
        return []
    lo, hi = msg.sentence(degree.start)
    for f in msg.find(msg.lexicon.universities["hong_kong"], within=(lo, hi)):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.plan or ctx.negated or msg.is_question(f.start):
            continue
        return [reading(msg, "hk_bachelor_graduate", degree.value == "bachelor", degree.start, degree.end,
                        interpretation=f"a {degree.text(msg)} from {f.value}")]
    return []


def _reference(msg: Message, f: Found) -> bool:
    """The degree is named to say which one ("my master's uni isn't listed"; "it's an MBA" in answer to
    the STEM question), not stated as the highest degree."""
    if msg.asked in ("stem_degree", "bachelor_listed_university", "postgraduate_listed_university"):
        return True
    return any(re.match(r"\s+" + re.escape(word) + r"\b", msg.lower[f.end:])
               for word in msg.lexicon.degree["reference_nouns"])


def _listed_phrase(msg: Message, degrees: List[Found]) -> List:
    """"my master's uni isn't on the aggregate list", "my uni IS on the list": the listed-university fact
    of the degree named, or of the one listed-university fact already known."""
    for f in msg.find(msg.lexicon.degree["listed_phrases"]):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.plan or msg.is_question(f.start):
            continue
        lo, hi = msg.clause(f.start)
        named = [d for d in degrees if lo <= d.start < hi]
        if named:
            level = named[0].value
            fact = {"bachelor": "bachelor_listed_university", "master": "postgraduate_listed_university",
                    "doctorate": "postgraduate_listed_university"}.get(level)
        else:
            known = [k for k in ("bachelor_listed_university", "postgraduate_listed_university") if k in msg.known]
            fact = msg.asked if msg.asked in ("bachelor_listed_university", "postgraduate_listed_university") \
                else (known[0] if len(known) == 1 else None)
        if fact:
            return [reading(msg, fact, not ctx.negated, f.start, f.end, explicit=ctx.first_person)]
    return []


def _generic_degree_field(msg: Message) -> List:
    """"my degree is in marketing", "my degree is not STEM": the field of a degree whose level is not said."""
    lex = msg.lexicon.degree
    for g in msg.find(lex["generic"]):
        ctx = msg.context(g.start, g.end)
        if ctx.other_person or ctx.plan or msg.is_question(g.start):
            continue
        lo, hi = msg.clause(g.start)
        for f in _fields(msg, (g.end, hi)):
            link = msg.lower[g.end:f.start].split()
            if link and link[-1] in ("in", "of") and not msg.context(f.start, f.end).negated:
                return [reading(msg, "stem_degree", f.value, f.start, f.end, explicit=ctx.first_person)]
    return []


def _stem(msg: Message, degree: Found) -> List:
    """"MSc in computer science" -> STEM; "an MBA", "a BA in history" -> not STEM."""
    lex = msg.lexicon.degree
    named = lex["field_degrees"].get(degree.phrase)
    if named is not None:      # "MBA", "LLB", "BEng": the degree names its field
        return [reading(msg, "stem_degree", named, degree.start, degree.end,
                        interpretation=f"{degree.text(msg)} - {'STEM' if named else 'not STEM'}")]
    # the field is said in the degree's own clause: "PhD, 15 yrs in finance" is no finance PhD
    window = (degree.start, min(msg.clause_and_apposition(degree.start)[1], degree.end + 40))
    if has_han(degree.text(msg)):      # 「博士學位，專業是化學」: Chinese names the field in the next clause
        window = (degree.start, min(msg.sentence(degree.start)[1], degree.end + 20))
    lead = (max(0, degree.start - 30), degree.start)
    for f in _fields(msg, window):
        link = msg.lower[degree.end:f.start]
        if any(word in link.split() for word in ("in", "of")) or link.strip() in ("", "'s", "s") or (
                _chinese_link(link, lex["field_links"])):
            return [reading(msg, "stem_degree", f.value, f.start, f.end)]
    for f in _fields(msg, lead):
        if msg.lower[f.end:degree.start].strip() in ("", "degree", "a", "an", *lex["field_before"]):
            return [reading(msg, "stem_degree", f.value, f.start, f.end)]
    return []


def _fields(msg: Message, within) -> List[Found]:
    """Fields of study (STEM: True) in text order; upper-case-only ones ("IT": "it" is a pronoun) too."""
    lex = msg.lexicon.degree
    fields = {**{p: False for p in lex["non_stem_fields"]}, **{p: True for p in lex["stem_fields"]}}
    found = list(msg.find(fields, within=within))
    found += [f for f in msg.find(lex["stem_fields_cased"], within=within, case_sensitive=True)
              if not any(g.start < f.end and f.start < g.end for g in found)]
    return sorted((Found(f.start, f.end, f.phrase, f.value if f.value in (True, False) else True) for f in found),
                  key=lambda f: f.start)


def _chinese_link(link: str, links: List[str]) -> bool:
    """碩士讀金融, 博士學位，專業是化學: the words between a degree and its field, without spaces."""
    link = link.replace(" ", "")
    return bool(link) and has_han(link) and any(link.endswith(word) or link == word for word in links
                                                 if has_han(word))


def _stem_field_alone(msg: Message) -> List:
    """In answer to the STEM question: "computer science", "accounting"."""
    lex = msg.lexicon.degree
    table = {p: level for level, phrases in lex["levels"].items() for p in phrases}
    for f in msg.find(table):                 # "it's an MBA so no": the degree names its field
        if f.phrase in lex["field_degrees"] and not msg.context(f.start, f.end).negated:
            named = lex["field_degrees"][f.phrase]
            return [reading(msg, "stem_degree", named, f.start, f.end, explicit=True)]
    for f in _fields(msg, (0, len(msg.text))):
        if not msg.context(f.start, f.end).negated:
            return [reading(msg, "stem_degree", f.value, f.start, f.end, explicit=True)]
        if f.phrase == "stem":            # "not STEM"
            return [reading(msg, "stem_degree", False, f.start, f.end, explicit=True)]
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
