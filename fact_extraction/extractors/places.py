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

from eligibility.facts import LANGUAGE_ORDER

from ..lexicon import has_han
from ..message import Found, Message, reading
from ..replies import ask_back
from ..readings import Ambiguity
from . import languages as language_extractor

FACTS = ("nationality", "residence")
GREATER_CHINA = {"CN": "mainland", "HK": "hong_kong", "MO": "macao", "TW": "taiwan"}
# named as a place, these are a residence, not a nationality ("I'm from Taiwan")
GREATER_CHINA_PLACES = ("HK", "MO", "TW")


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


def _demonym_kind(msg: Message, f: Found, denied: set) -> Optional[str]:
    """How a demonym reads here: "cued" ("I'm Kenyan"), "plain" ("Kenyan and 33"), "ambiguous"
    ("French" alone: nationality or language?) or None (not a nationality here)."""
    ctx = msg.context(f.start, f.end)
    if ctx.other_person or ctx.negated or f.phrase in denied:
        return None
    lex = msg.lexicon.nationality
    cued = msg.has(lex["cues"], within=(msg.clause(f.start)[0], f.start)) or _starts(msg, f.end, lex["cues_after"])
    if not cued and not _own_part(msg, f):
        return None          # "I work for an American company"
    if f.phrase not in msg.lexicon.language_names and f.phrase not in msg.lexicon.languages["ambiguous"]:
        return "cued" if cued else "plain"
    # a word that is also a language: "French", "English", "Chinese"
    if _in_language_list(msg, f) or _followed_by_a_noun(msg, f):
        return None          # "I speak English and French", "a French teacher"
    if cued or msg.asked == "nationality":
        return "cued" if cued else "plain"
    if msg.asked == "languages":
        return None
    if _own_part(msg, f, alone=True) and _parts(msg) > 1:
        return "plain"       # "38 yo, Dutch, live in Amsterdam"
    return "ambiguous"


def _nationality(msg: Message) -> List:
    lex = msg.lexicon.nationality
    denied = {wrong.lower() for _, wrong in msg.not_x_but_y()}     # "I'm British not French"
    candidates = [(kind, f) for f in msg.find(msg.lexicon.demonyms)
                  for kind in [_demonym_kind(msg, f, denied)] if kind]
    for f in _countries(msg):
        ctx = msg.context(f.start, f.end)
        if ctx.other_person or ctx.negated or ctx.plan or f.phrase in denied or f.value in GREATER_CHINA_PLACES:
            continue
        before = (max(msg.clause(f.start)[0], f.start - 25), f.start)
        # "from Jordan", "citizen of Chad" - but "I'm Jordan" is a name, not a nationality
        country_cues = lex["country_cues"] + [c for c in lex["cues"] if not c.startswith(("i ", "i'", "im"))]
        cued = msg.has(country_cues, within=before) or _starts(msg, f.end, lex["cues_after"])
        if _starts(msg, f.end, lex["not_before"]):
            continue     # "a master's from a UK uni", "from a US company": a place, not a nationality
        lives_there = msg.has(msg.lexicon.residence["cues"], within=before)
        if msg.asked == "nationality" or (cued and not lives_there):
            candidates.append(("cued", f))
    if not candidates:
        return []
    kind, f = next(((k, c) for k, c in candidates if k == "cued"), candidates[0])
    if kind == "ambiguous":
        return [_nationality_or_language(msg, f)]
    ctx = msg.context(f.start, f.end)
    code = msg.lexicon.demonyms.get(f.phrase, f.value)
    return [reading(msg, "nationality", code, f.start, f.end, explicit=kind == "cued" and ctx.first_person)]


def _nationality_or_language(msg: Message, f: Found) -> Ambiguity:
    word, code = f.text(msg), msg.lexicon.demonyms[f.phrase]
    known = set(msg.known.get("languages") or [])
    def speaking(*values):
        return {"languages": [v for v in LANGUAGE_ORDER if v in known | set(values)]}
    if f.phrase in msg.lexicon.languages["ambiguous"]:      # "Chinese": which language?
        speak = [("cantonese", speaking("cantonese")), ("putonghua", speaking("putonghua"))]
    else:
        speak = [("language", speaking(msg.lexicon.language_names[f.phrase]))]
    return ask_back("nationality_or_language", [("nationality", {"nationality": code})] + speak,
                    word=word, country=code)


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
    # "24 y/o australian": an age may come first
    lead = r"^(?:(?:i'?m|i am|a|an|and|\d{1,2}\s*(?:y/o|yo|y\.o\.|years? old|yrs? old|yr old)?)\s+)?"
    return re.match(lead + re.escape(word) + r"\b", part) is not None


def _parts(msg: Message) -> int:
    return len([p for p in re.split(r"\s*(?:,|;|\.|&|\band\b)\s*", msg.text) if p.strip()])


def _countries(msg: Message) -> List[Found]:
    lex = msg.lexicon.nationality
    found = list(msg.find(msg.lexicon.countries))
    found += list(msg.find(lex["country_aliases_cased"], case_sensitive=True))
    # in lower case too when "citizen", "passport", ... follows: "us citizen", "uk passport"
    found += [f for f in msg.find(lex["country_aliases_cased"]) if _starts(msg, f.end, lex["cues_after"])]
    # "US" / "UK" upper case only: "us" is a pronoun
    # lower-case "us" only before "citizen", "passport", ...: "us citizen"
    return sorted({(f.start, f.end): f for f in found if f.phrase not in ("us",) or msg.text[f.start:f.end] == "US"
                   or _starts(msg, f.end, lex["cues_after"])}.values(), key=lambda f: f.start)


def _starts(msg: Message, pos: int, words: List[str]) -> bool:
    tail = msg.lower[pos:pos + 25].lstrip(" -")
    return any(tail.startswith(w) and (len(tail) == len(w) or not tail[len(w)].isalnum() or has_han(w[-1:]))
               for w in words)


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
        if ctx.other_person or ctx.plan or ctx.negated or _starts(msg, f.end, lex["not_after"]):
            continue
        before = (max(msg.clause(f.start)[0], f.start - 22), f.start)
        cued = (msg.has(lex["cues"], within=before) or _starts(msg, f.end, lex["cues_after"])
                or f.phrase in lex["residents"])
        if re.search(r"(?:permanent (?:resident|residence|residency)|\bpr) (?:of|in)\s*$", msg.lower[before[0]:f.start]):
            cued = False
        if not cued and (f.value != "overseas" or f.phrase in city_names):
            lead = msg.lower[before[0]:f.start].rstrip()
            cued = any(lead.endswith(c) or lead.endswith(c + " the") for c in lex["from_cues"])
        if not cued and re.search(r"\bin(?:\s+the)?\s*$", msg.lower[before[0]:f.start]):
            cued = _present_in(msg, f)
        if cued or msg.asked == "residence":
            best = f
            break
    if best is None:
        for f in msg.find(lex["here_is_hong_kong"]):
            ctx = msg.context(f.start, f.end)
            if not (ctx.other_person or ctx.negated or ctx.plan) and not re.match(r"\s+in\b", msg.lower[f.end:]):
                return [reading(msg, "residence", "hong_kong", f.start, f.end, explicit=ctx.first_person,
                                interpretation="Hong Kong")]
        return []
    ctx = msg.context(best.start, best.end)
    return [reading(msg, "residence", best.value, best.start, best.end, explicit=ctx.first_person)]


def _present_in(msg: Message, f: Found) -> bool:
    """"in <place>" where the person is now: its own part of the message ("Thai, in Bangkok"), or a clause
    the person opens in the present ("I'm an accountant in London", "I make S$150k a year in Singapore")."""
    from .age import _part
    if re.fullmatch(r"\s*(?:(?:now|currently|still)\s+)?in\s+(?:the\s+)?" + re.escape(f.text(msg)) + r"\s*",
                    _part(msg, f.start), re.I):
        # not after a time worked: "three years of experience abroad, in London" is where they worked
        earlier = msg.lower[msg.sentence(f.start)[0]:f.start]
        return not re.search(r"\b(?:experience|exp|worked|working|years?|yrs?|months?)\b", earlier)
    opener = msg.lower[msg.clause(f.start)[0]:f.start].lstrip()
    if re.search(r"\b(?:of|about|with|for|to|like|love|visit|visiting|visitor|tourist|trip|holiday|vacation|"
                 r"travelling|traveling|conference)\b", opener):
        return False     # "I'm a big fan of life in Hong Kong", "I'm on a trip in Tokyo"
    return any(re.match(re.escape(o) + r"\b", opener) for o in msg.lexicon.residence["present_openers"])
