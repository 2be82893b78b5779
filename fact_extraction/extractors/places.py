"""Nationality (ISO 3166-1 code) and residence (mainland, hong_kong, macao, taiwan, overseas).

Nationality: a demonym ("Kenyan", "I'm British"), or a country after "from"/"citizen of". A word
that is also a language ("French", "English", "Chinese") is a nationality only with a cue ("I'm
French", "French citizen") or in answer to the nationality question; in answer to the languages
question or in a list of languages spoken it is a language; alone it is asked back.
Residence: a place after "live in", "based in", ... (Greater China places also after "from": "a nurse
from Macau"); not a place someone plans to go ("wants to work in Hong Kong") or someone else's.
"""
from __future__ import annotations

import re
from typing import List, Optional

from ..message import Found, Message, reading
from ..readings import Ambiguity
from . import languages as language_extractor

FACTS = ("nationality", "residence")
GREATER_CHINA = {"CN": "mainland", "HK": "hong_kong", "MO": "macao", "TW": "taiwan"}


def read(msg: Message) -> List:
    if not msg.lexicon.nationality["cues"]:
        return []
    return _nationality(msg) + _residence(msg)


# ------------------------------------------------------------------ nationality
def _in_language_list(msg: Message, f: Found) -> bool:
    for group in language_extractor.groups(msg):
        if any(g.start <= f.start < g.end for g in group):
            return language_extractor.spoken(msg, group)
    return False


def _nationality(msg: Message) -> List:
    lex = msg.lexicon.nationality
    language_names = set(msg.lexicon.language_names) | set(msg.lexicon.languages["ambiguous"])
    denied = {wrong.lower() for _, wrong in msg.not_x_but_y()}
    candidates = []
    for f in msg.find(msg.lexicon.demonyms):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or f.phrase in denied or ctx.negated:
            continue
        before = (msg.clause(f.start)[0], f.start)
        after = (f.end, min(len(msg.text), f.end + 22))
        cued = msg.has(lex["cues"], within=before) or _starts(msg, f.end, lex["cues_after"])
        if not cued and not _own_part(msg, f):
            continue   # "I work for an American company", "I love Japanese food"
        if f.phrase in language_names and _in_language_list(msg, f):
            continue
        if f.phrase in language_names and _followed_by_a_noun(msg, f):
            continue   # "a French teacher", "Chinese food"
        if f.phrase in language_names and not cued and _own_part(msg, f, alone=True) and _parts(msg) > 1:
            candidates.append(("plain", f))   # "38 yo, Dutch, live in Amsterdam"
            continue
        if f.phrase in language_names:
            if _in_language_list(msg, f) or (msg.asked == "languages" and not cued):
                continue
            if not cued and msg.asked != "nationality":
                candidates.append(("ambiguous", f))
                continue
        candidates.append(("cued" if cued else "plain", f))
    for f in _countries(msg):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.negated or ctx.plan or f.phrase in denied or f.value in ("HK", "MO"):
            continue
        before = (max(msg.clause(f.start)[0], f.start - 25), f.start)
        if msg.has(lex["country_cues"] + lex["cues"], within=before) or _starts(msg, f.end, lex["cues_after"]) \
                or msg.asked == "nationality":
            if not msg.has(msg.lexicon.residence["cues"], within=before) or msg.asked == "nationality":
                candidates.append(("cued", f))
    if not candidates:
        return []
    kind, f = next(((k, c) for k, c in candidates if k == "cued"), candidates[0])
    if kind == "ambiguous":
        code = msg.lexicon.demonyms[f.phrase]
        word = f.text(msg)
        value = "other" if msg.lexicon.language_names.get(f.phrase) is None else msg.lexicon.language_names[f.phrase]
        if f.phrase in msg.lexicon.languages["ambiguous"]:
            spoken = {"languages": ["cantonese", "putonghua"]}
        else:
            known = list(msg.known.get("languages") or [])
            spoken = {"languages": [v for v in ("english", "cantonese", "putonghua", "other")
                                    if v in set(known) | {value}]}
        return [Ambiguity(f"Do you mean you are {word}, or that you speak {word}?",
                          [(f"I am {word}", {"nationality": code}), (f"I speak {word}", spoken)])]
    code = msg.lexicon.demonyms.get(f.phrase, f.value)
    ctx = msg.context(f.start, f.end)
    return [reading(msg, "nationality", code, f.start, f.end, explicit=kind == "cued" and ctx.first_person)]


def _followed_by_a_noun(msg: Message, f: Found) -> bool:
    nxt = re.match(r"\s+([a-z]+)", msg.lower[f.end:])
    if not nxt:
        return False
    word = nxt.group(1)
    allowed = set(msg.lexicon.nationality["cues_after"]) | {"and", "or", "but", "not", "too", "by", "with", "from",
                                                            "living", "based", "who", "and", "born"}
    return word not in allowed and not word.startswith("citizen")


def _own_part(msg: Message, f: Found, alone: bool = False) -> bool:
    """The word starts its part of the message ("Kenyan and 33", "Kenyan nurse"), or is all of it."""
    from .age import _part
    part = _part(msg, f.start).strip().lower()
    word = f.phrase
    if alone:
        return part == word
    return re.match(r"^(?:(?:i'?m|i am|a|an|and)\s+)?" + re.escape(word) + r"\b", part) is not None


def _parts(msg: Message) -> int:
    return len([p for p in re.split(r"\s*(?:,|;|\.|&|\band\b)\s*", msg.text) if p.strip()])


def _countries(msg: Message) -> List[Found]:
    lex = msg.lexicon.nationality
    found = list(msg.find(msg.lexicon.countries))
    found += list(msg.find(lex["country_aliases_cased"], case_sensitive=True))
    # "US" / "UK" upper case only: "us" is a pronoun
    return sorted({(f.start, f.end): f for f in found if f.phrase not in ("us",) or msg.text[f.start:f.end] == "US"}
                  .values(), key=lambda f: f.start)


def _starts(msg: Message, pos: int, words: List[str]) -> bool:
    tail = msg.lower[pos:pos + 25].lstrip(" -")
    return any(tail.startswith(w) and (len(tail) == len(w) or not tail[len(w)].isalnum()) for w in words)


# ------------------------------------------------------------------ residence
def _places(msg: Message) -> List[Found]:
    lex = msg.lexicon.residence
    table = {p: region for region, places in lex["places"].items() for p in places}
    found = list(msg.find(table)) + list(msg.find(lex["places_cased"], case_sensitive=True))
    taken = [(f.start, f.end) for f in found]
    for f in _countries(msg):
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        found.append(Found(f.start, f.end, f.phrase, GREATER_CHINA.get(f.value, "overseas")))
    return sorted(found, key=lambda f: f.start)


def _residence(msg: Message) -> List:
    lex = msg.lexicon.residence
    best: Optional[Found] = None
    city_names = {p.lower() for p in lex["places"].get("overseas", [])} - {"overseas", "abroad"}
    for f in _places(msg):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.plan or ctx.negated:
            continue
        before = (max(msg.clause(f.start)[0], f.start - 22), f.start)
        cued = (msg.has(lex["cues"], within=before) or _starts(msg, f.end, lex["cues_after"])
                or f.phrase in lex["residents"])
        if re.search(r"(?:permanent (?:resident|residence|residency)|\bpr) (?:of|in)\s*$", msg.lower[before[0]:f.start]):
            cued = False
        if not cued and (f.value != "overseas" or f.phrase in city_names):
            lead = msg.lower[before[0]:f.start].rstrip()
            cued = any(lead.endswith(c) or lead.endswith(c + " the") for c in lex["from_cues"])
        if cued or msg.asked == "residence":
            best = f
            break
    if best is None:
        return []
    ctx = msg.context(best.start, best.end)
    return [reading(msg, "residence", best.value, best.start, best.end, explicit=ctx.first_person)]
