"""What one message tells us, given what is already known and the question being asked.

This is the single entry point the conversation uses (free messages and answers to a question
alike); it has no Rasa imports, so it is usable and testable on its own:

    u = understand("English and French", known={"nationality": "IN"}, asked="languages")
    u.facts        # every fact the message states, as contract values: {"languages": [...]}
    u.updates      # what to store: new facts, the answer to `asked`, explicit corrections
    u.corrections  # known facts that change: {fact: (old, new)}
    u.held_back    # readings that would change a known fact only incidentally: not applied
    u.dont_know    # the person said they don't know the fact being asked
    u.ambiguity    # a reading to ask back instead of guessing, or None
    u.acknowledgement()  # "Noted - ...", "Updated - ... (was ...)", with conversions, or None

Rule: a fact already known changes only by an explicit correction or by an answer to its own
question, never by an incidental word elsewhere in a message.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from eligibility import FACTS
from eligibility.formatting import fact_unit, format_value

from .normaliser import extract_details, money_note, parse_answer

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


@dataclass
class Reading:
    """One fact read from the message."""
    fact: str
    value: Any                  # contract value
    text: str = ""              # the words it was read from
    interpretation: str = ""    # how it was read, e.g. "US$400,000 a year - about HK$3,120,000 a year at 7.80"
    explicit: bool = False      # stated as a correction ("actually", "not X but Y", "I meant")


@dataclass
class Ambiguity:
    """A reading that could mean two things: asked back rather than guessed."""
    question: str
    options: List[Tuple[str, Dict[str, Any]]]   # (button title, facts that option sets)


@dataclass
class Understanding:
    readings: List[Reading] = field(default_factory=list)
    updates: Dict[str, Any] = field(default_factory=dict)
    corrections: Dict[str, Tuple[Any, Any]] = field(default_factory=dict)
    held_back: Dict[str, Any] = field(default_factory=dict)
    dont_know: bool = False
    ambiguity: Optional[Ambiguity] = None
    language: str = "en"
    asked: Optional[str] = None

    @property
    def facts(self) -> Dict[str, Any]:
        return {r.fact: r.value for r in self.readings}

    def acknowledgement(self, echo_answer: bool = False) -> Optional[str]:
        """What was understood, so the person can correct it. A plain answer to the question
        asked is not echoed unless it needed interpreting (a conversion) or `echo_answer`."""
        noted, updated = [], []
        for reading in self.readings:
            if reading.fact not in self.updates:
                continue
            shown = reading.interpretation or _describe_value(reading.fact, reading.value)
            line = f"{FACTS[reading.fact].label}: {shown}"
            if reading.fact in self.corrections:
                old = self.corrections[reading.fact][0]
                updated.append(f"{line} (was {_describe_value(reading.fact, old)})")
            elif (reading.fact != self.asked or echo_answer or reading.interpretation
                  or len(self.updates) > 1):
                noted.append(line)
        parts = []
        if updated:
            parts.append("Updated - " + "; ".join(updated) + ".")
        if noted:
            parts.append("Noted - " + "; ".join(noted) + ".")
        return " ".join(parts) or None


def _describe_value(fact: str, value: Any) -> str:
    return format_value(value, fact_unit(fact, FACTS[fact].type))


def understand(text: str, *, known: Optional[Mapping[str, Any]] = None, asked: Optional[str] = None,
               language: str = "en", as_of: Optional[_dt.date] = None) -> Understanding:
    """Read `text` (see the module docstring)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    known = dict(known or {})
    result = Understanding(language=language, asked=asked)
    details = extract_details(text, as_of)
    found = dict(details.facts)
    if asked and asked not in found:
        value = parse_answer(asked, text, as_of)
        if value is not None:
            found[asked] = value
    for fact, value in found.items():
        note = money_note(text, as_of, fact) if fact.endswith("_hkd") else None
        result.readings.append(Reading(fact, value, text=text, interpretation=note or ""))
    for reading in result.readings:
        old = known.get(reading.fact)
        if old == reading.value:
            continue  # already known: nothing to store or say
        if old is None:
            result.updates[reading.fact] = reading.value
        elif reading.fact == asked or reading.explicit:
            result.updates[reading.fact] = reading.value
            result.corrections[reading.fact] = (old, reading.value)
        else:
            result.held_back[reading.fact] = reading.value
    return result
