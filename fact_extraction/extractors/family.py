"""Family in Hong Kong: "my husband is a Hong Kong permanent resident" -> family_sponsor spouse;
"my mum has a permanent HKID" -> family_sponsor parent and parent_hk_permanent_resident;
"no family in Hong Kong" -> family_sponsor none. These are never the person's own residency facts.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List

from ..message import Message, reading

FACTS = ("family_sponsor", "parent_hk_permanent_resident", "parent_settled_overseas_at_birth")


def read(msg: Message) -> List:
    lex = msg.lexicon.family
    if not lex["in_hong_kong"]:
        return []
    for f in msg.find(lex["nobody"]):
        return [reading(msg, "family_sponsor", "none", f.start, f.end, explicit=True)]
    readings = []
    for f in msg.find(lex["in_hong_kong"]):
        ctx = _resolve_pronoun(msg, f.start, msg.context(f.start, f.end))
        if ctx.other_person not in ("spouse", "parent", "child") or ctx.plan:
            continue
        permanent = msg.has(lex["permanent"], within=(f.start, f.end))
        if _elsewhere(msg, f):
            continue         # "my mum is in Canada and she is a PR there"
        if f.phrase.startswith("not "):
            ctx = replace(ctx, negated=True)     # "my wife is not in HK"
        if ctx.negated:
            if ctx.other_person == "parent" and permanent:
                readings.append(reading(msg, "parent_hk_permanent_resident", False, f.start, f.end))
            elif msg.known.get("family_sponsor") == ctx.other_person and not permanent:
                # "my wife is not in HK": the family member known to be there is not
                readings.append(reading(msg, "family_sponsor", "none", f.start, f.end, explicit=True,
                                        interpretation=f"your {_who(msg, f.start)} is not in Hong Kong"))
            continue
        if ctx.other_person == "parent" and permanent:
            readings.append(reading(msg, "parent_hk_permanent_resident", True, f.start, f.end))
            continue
        if not any(r.fact == "family_sponsor" for r in readings):
            readings.append(reading(msg, "family_sponsor", ctx.other_person, f.start, f.end, explicit=True,
                                    interpretation=f"your {_who(msg, f.start)} in Hong Kong"))
    if not any(r.fact == "family_sponsor" for r in readings):
        readings += _on_a_sponsoring_visa(msg)
    readings += _parent_overseas_at_birth(msg)
    return readings


def _parent_overseas_at_birth(msg: Message) -> List:
    """"My father was a Chinese national living in Malaysia when I was born": a parent, Chinese, living
    outside Greater China, at the person's birth (the ASSG fact)."""
    from .places import _places
    lex = msg.lexicon.family
    for born in msg.find(lex["at_my_birth"]):
        lo, hi = msg.sentence(born.start)
        parents = [f for f in msg.find(msg.lexicon.context["other_people"], within=(lo, born.start))
                   if f.value == "parent"]
        if not parents or not msg.has(lex["chinese_national"], within=(parents[0].end, hi)):
            continue
        ctx = msg.context(parents[0].start, born.end)
        if msg.is_question(born.start):
            continue
        abroad = [p for p in _places(msg) if parents[0].end <= p.start < hi and p.value == "overseas"
                  and msg.has(msg.lexicon.residence["cues"] + lex["settled"],
                              within=(max(parents[0].end, p.start - 25), p.start))]
        if abroad:
            return [reading(msg, "parent_settled_overseas_at_birth", not ctx.negated, parents[0].start, born.end,
                            interpretation=f"your {parents[0].text(msg)}, a Chinese national living in "
                                           f"{abroad[0].text(msg)} when you were born")]
    return []


def _on_a_sponsoring_visa(msg: Message) -> List:
    """"my wife is on a QMAS visa": a spouse or parent holding a Hong Kong work or talent visa."""
    visas = msg.lexicon.visas
    for f in msg.find(visas["names"]):
        if f.value not in msg.lexicon.family["sponsoring_visas"]:
            continue
        ctx = msg.context(f.start, f.end)
        if ctx.other_person not in ("spouse", "parent") or ctx.plan or ctx.negated or msg.is_question(f.start):
            continue
        before = msg.lower[max(msg.clause(f.start)[0], f.start - 16):f.start].rstrip()
        tail = msg.lower[f.end:f.end + 16].lstrip()
        if any(before.endswith(c) for c in visas["cues"]) or any(tail.startswith(c) for c in visas["cues_after"]):
            return [reading(msg, "family_sponsor", ctx.other_person, f.start, f.end, explicit=True,
                            interpretation=f"your {_who(msg, f.start)} in Hong Kong on {f.text(msg)}")]
    return []


def _who(msg: Message, pos: int) -> str:
    start = msg.clause(pos)[0]
    found = [f for f in msg.find(msg.lexicon.context["other_people"], within=(start, pos))]
    if not found or " " in found[-1].phrase:     # "married to": say who, not the phrase
        return {"spouse": "spouse", "parent": "parent", "child": "child"}.get(found[-1].value if found else "",
                                                                             "family member")
    return found[-1].text(msg)


def _resolve_pronoun(msg: Message, pos: int, ctx):
    """"my mother holds a HKPR ID and she lives in Hong Kong": "she" is the mother."""
    from dataclasses import replace
    if ctx.other_person != "other":
        return ctx
    people = list(msg.find(msg.lexicon.context["other_people"], within=(0, pos)))
    if not people or people[-1].phrase not in msg.lexicon.family["pronouns"]:
        return ctx
    named = [p for p in people if p.phrase not in msg.lexicon.family["pronouns"]]
    return replace(ctx, other_person=named[-1].value) if named else ctx


def _elsewhere(msg: Message, f) -> bool:
    """A residency word that names no place ("a PR", "permanent resident") in a sentence about a place
    outside Hong Kong."""
    from .places import _places
    if any(word in f.phrase for word in ("hong kong", "hk", "香港")):
        return False
    lo, hi = msg.sentence(f.start)
    return any(lo <= p.start < hi and p.value != "hong_kong" for p in _places(msg))
