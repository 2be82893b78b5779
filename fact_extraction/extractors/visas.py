"""The Hong Kong stay held now (current_visa): "FDH visa", "I'm on IANG", "student visa holder".

A visa name counts with a cue ("on", "hold", "... visa", "... holder") or in answer to the question;
not one someone plans to apply for ("I want TTPS"), nor a question about a scheme. Values are only
those the fact vocabulary allows (eligibility/facts.yaml), so a visa kind the vocabulary does not
have yet is left unread rather than mapped to another one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import List

from eligibility import FACTS as SPEC

from ..message import Message, reading

FACTS = ("current_visa",)
_VISA_WORDS = ("visa", "簽證", "签证")


def read(msg: Message) -> List:
    lex = msg.lexicon.visas
    allowed = set(SPEC["current_visa"].values or ())
    denied = None        # "I'm not on a student visa anymore, I'm on IANG now": the visa held wins
    for f in msg.find(lex["names"]):
        if f.value not in allowed:
            continue
        ctx = msg.context(f.start, f.end)
        if ctx.other_person and _held_through(msg, f):
            ctx = replace(ctx, other_person=None, first_person=True)   # "on my husband's dependant visa"
        if ctx.other_person or ctx.plan or (msg.is_question(f.start) and msg.asked != "current_visa"):
            continue
        if msg.has(lex["past"], within=(msg.clause(f.start)[0], f.start)):
            continue       # 「以前拎過學生簽證」: not the stay held now
        before = msg.lower[max(msg.clause(f.start)[0], f.start - 16):f.start]
        tail = msg.lower[f.end:f.end + 16].lstrip()
        cued = (any(before.rstrip().endswith(c) for c in lex["cues"])
                or any(tail.startswith(c) for c in lex["cues_after"]) or f.phrase.endswith(_VISA_WORDS))
        if not (cued or msg.asked == "current_visa"):
            continue
        if ctx.negated:
            if f.phrase.endswith(_VISA_WORDS) and denied is None:
                denied = reading(msg, "current_visa", "none", f.start, f.end, explicit=ctx.first_person)
            continue
        return [reading(msg, "current_visa", f.value, f.start, f.end, explicit=ctx.first_person)]
    return [denied] if denied else []


def _held_through(msg: Message, f) -> bool:
    """"I'm on my wife's dependant visa": the visa is the person's, named after someone else's."""
    before = msg.lower[msg.clause(f.start)[0]:f.start]
    return re.search(r"\b(?:i'?m|i am|i've been|i have been)\s+(?:on|with|holding)\s+(?:my|a|an)\s+\w+(?:'s)?\s+$",
                     before) is not None
