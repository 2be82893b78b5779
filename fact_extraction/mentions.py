"""Scheme and term names mentioned in a message ("why not TTPS?", "what is the talent list?"),
as `scheme` / `term` entities with contract ids; the names are lexicon data (section `mentions`)."""
from __future__ import annotations

from typing import Any, Dict, List

from eligibility.facts import SCHEME_IDS

from .lexicon import lexicon
from .message import Message

CASE_ONLY = {"pr", "whs", "gep"}   # short forms that are words too: upper case only ("PR")


def names(kind: str, language: str = "en") -> Dict[str, str]:
    return lexicon(language).mentions[kind]


def term_ids(language: str = "en") -> set:
    return set(names("term", language).values())


def extract_mentions(text: str, language: str = "en") -> List[Dict[str, Any]]:
    message = Message(text, lexicon=lexicon(language))
    found = []
    for kind in ("scheme", "term"):
        table = {k: v for k, v in names(kind, language).items() if k not in CASE_ONLY}
        cased = {k.upper(): v for k, v in names(kind, language).items() if k in CASE_ONLY}
        hits = list(message.find(table)) + list(message.find(cased, case_sensitive=True))
        for f in sorted(hits, key=lambda f: f.start):
            if kind == "scheme" and f.value not in SCHEME_IDS:
                continue
            found.append({"entity": kind, "value": f.value, "start": f.start, "end": f.end})
    return found
