"""Family in Hong Kong: "my husband is a Hong Kong permanent resident" -> family_sponsor spouse;
"my mum has a permanent HKID" -> family_sponsor parent and parent_hk_permanent_resident;
"no family in Hong Kong" -> family_sponsor none. These are never the person's own residency facts.
"""
from __future__ import annotations

from typing import List

from ..message import Message, reading

FACTS = ("family_sponsor", "parent_hk_permanent_resident")


def read(msg: Message) -> List:
    lex = msg.lexicon.family
    if not lex["in_hong_kong"]:
        return []
    for f in msg.find(lex["nobody"]):
        return [reading(msg, "family_sponsor", "none", f.start, f.end, explicit=True)]
    readings = []
    for f in msg.find(lex["in_hong_kong"]):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person not in ("spouse", "parent", "child") or ctx.plan:
            continue
        permanent = msg.has(lex["permanent"], within=(f.start, f.end))
        if ctx.negated:
            if ctx.other_person == "parent" and permanent:
                readings.append(reading(msg, "parent_hk_permanent_resident", False, f.start, f.end))
            continue
        if ctx.other_person == "parent" and permanent:
            readings.append(reading(msg, "parent_hk_permanent_resident", True, f.start, f.end))
            continue
        if not any(r.fact == "family_sponsor" for r in readings):
            readings.append(reading(msg, "family_sponsor", ctx.other_person, f.start, f.end, explicit=True,
                                    interpretation=f"your {_who(msg, f.start)} in Hong Kong"))
    return readings


def _who(msg: Message, pos: int) -> str:
    start = msg.clause(pos)[0]
    found = [f for f in msg.find(msg.lexicon.context["other_people"], within=(start, pos))]
    if not found or " " in found[-1].phrase:     # "married to": say who, not the phrase
        return {"spouse": "spouse", "parent": "parent", "child": "child"}.get(found[-1].value if found else "",
                                                                             "family member")
    return found[-1].text(msg)
