"""The fact vocabulary's wording (eligibility/facts.yaml): value labels, answer buttons, synonyms.

eligibility/facts.yaml is the one source of fact names, labels, units, questions and synonyms; the
Rasa domain's fact slots and questions are generated from it (scripts/generate_domain.py).
Fields read here (all optional): `unit`, `value_labels` {value: label}, `buttons` [{title, value}]
(the answer buttons, when not one per value), `synonyms` {language: {value: [words]}}.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Tuple

import yaml

from eligibility import FACTS
from eligibility.facts import FACTS_FILE


@lru_cache(maxsize=1)
def raw_vocabulary() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))


def value_label(fact: str, value: Any) -> str:
    labels = raw_vocabulary().get(fact, {}).get("value_labels") or {}
    return str(labels.get(value, str(value).replace("_", " ")))


def buttons(fact: str) -> List[Tuple[str, Any]]:
    """(title, value) answer buttons for a closed fact; [] for open ones (numbers, countries)."""
    spec, entry = FACTS[fact], raw_vocabulary().get(fact, {})
    if spec.type == "bool":
        return [("Yes", True), ("No", False)]
    listed = [(b["title"], b["value"]) for b in entry.get("buttons") or []]
    if spec.type == "list":
        return listed
    if spec.type in ("enum", "scheme_or_visa"):
        shown = {value for _, value in listed}
        own = [v for v in (entry.get("values") or []) if v not in shown]
        return listed + [(value_label(fact, v), v) for v in own] if listed else \
            [(value_label(fact, v), v) for v in spec.values]
    return []


@lru_cache(maxsize=None)
def synonyms(fact: str, language: str = "en") -> Dict[str, Any]:
    """Words that name each closed value of `fact` in `language`: word -> value."""
    entry = raw_vocabulary().get(fact, {})
    table: Dict[str, Any] = {}
    if language == "en":
        for value in FACTS[fact].values or ():
            table[str(value).replace("_", " ")] = value
        for title, value in buttons(fact):
            table[title.lower()] = value
    for value, words in ((entry.get("synonyms") or {}).get(language) or {}).items():
        for word in words:
            table[str(word).lower()] = value
    return {word: value for word, value in table.items() if value in (FACTS[fact].values or ())}
