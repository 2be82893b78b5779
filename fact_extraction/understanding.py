"""What one message tells us, given what is already known and the question being asked.

This is the single entry point the conversation uses (free messages and answers to a question
alike); it has no Rasa imports, so it is usable and testable on its own:

    u = understand("English and French", known={"nationality": "IN"}, asked="languages")
    u.facts        # every fact the message states, as contract values: {"languages": [...]}
    u.updates      # what to store: new facts, the answer to `asked`, explicit corrections
    u.corrections  # known facts that change: {fact: (old, new)}
    u.held_back    # readings that would change a known fact only incidentally: not applied
    u.hypothetical # facts said in a supposition or question ("what if I earned HK$2.5M?"): not applied
    u.dont_know    # the person said they don't know the fact being asked
    u.ambiguity    # a reading to ask back instead of guessing, or None
    u.acknowledgement()  # "Noted - ...", "Updated - ... (was ...)", with conversions, or None

Rule: a fact already known changes only by an explicit correction or by an answer to its own
question, never by an incidental word elsewhere in a message.

The pipeline: the text is prepared once (fact_extraction/message.py: number words, clauses, the
context cues), every extractor in fact_extraction/extractors/ reads it, the answer to the question
asked is read by its type if no extractor found it, and the readings are checked against the fact
vocabulary and weighed against what is known.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from eligibility import FACTS
from eligibility.errors import FactError
from eligibility.facts import validate_fact
from eligibility.formatting import fact_unit, format_value

from .extractors import EXTRACTORS, answers
from .lexicon import CHINESE, LANGUAGES, has_han, lexicon
from .message import Message
from .readings import Ambiguity, Reading
from .replies import conversion_text, in_language

__all__ = ["understand", "Understanding", "Reading", "Ambiguity", "LANGUAGES"]


@dataclass
class Understanding:
    readings: List[Reading] = field(default_factory=list)
    updates: Dict[str, Any] = field(default_factory=dict)
    corrections: Dict[str, Tuple[Any, Any]] = field(default_factory=dict)
    held_back: Dict[str, Any] = field(default_factory=dict)
    hypothetical: Dict[str, Any] = field(default_factory=dict)   # "what if I earned HK$2.5M?": not stored
    dont_know: bool = False
    ambiguity: Optional[Ambiguity] = None
    language: str = "en"
    asked: Optional[str] = None

    @property
    def facts(self) -> Dict[str, Any]:
        return {r.fact: r.value for r in self.readings}

    def acknowledgement(self, echo_answer: bool = False) -> Optional[str]:
        """What was understood, so the person can correct it. A plain answer to the question
        asked is not echoed unless it needed interpreting (a conversion, "about") or `echo_answer`."""
        noted, updated = [], []
        for reading in self.readings:
            if reading.fact not in self.updates:
                continue
            shown = reading.interpretation or describe(reading.fact, reading.value)
            line = f"{FACTS[reading.fact].label}: {shown}"
            if reading.fact in self.corrections:
                old = self.corrections[reading.fact][0]
                updated.append(f"{line} (was {describe(reading.fact, old)})")
            elif (reading.fact != self.asked or echo_answer or reading.interpretation
                  or len(self.updates) > 1):
                noted.append(line)
        parts = []
        if updated:
            parts.append("Updated - " + "; ".join(updated) + ".")
        if noted:
            parts.append("Noted - " + "; ".join(noted) + ".")
        return " ".join(parts) or None


def describe(fact: str, value: Any, language: str = "en") -> str:
    """A value as the person would say it: "12 years", "HK$1.2M", "Kenya", "English and Cantonese"."""
    from .extractors.money import short
    from .vocabulary import raw_vocabulary, value_label
    spec, unit = FACTS[fact], raw_vocabulary().get(fact, {}).get("unit")
    if spec.type == "country":
        return lexicon(language).locale.territories.get(value, value)
    if spec.type == "list":
        return format_value([value_label(fact, v) for v in value])
    if spec.type == "enum" or (spec.type == "scheme_or_visa" and value in (raw_vocabulary()[fact].get("values") or ())):
        return value_label(fact, value)
    if unit == "hkd":
        return f"HK${short(value)}"
    if unit in ("years", "months") and not isinstance(value, bool):
        return f"{format_value(value)} {unit[:-1] if value == 1 else unit}"
    return format_value(value, fact_unit(fact, spec.type))


def _as_date(as_of: Any) -> _dt.date:
    if as_of is None:
        return _dt.date.today()
    if isinstance(as_of, _dt.date):
        return as_of
    return _dt.date.fromisoformat(str(as_of))


def _valid(reading: Reading) -> bool:
    if reading.fact not in FACTS:
        return False
    try:
        reading.value = validate_fact(reading.fact, reading.value)
    except FactError:
        return False
    return True


def reading_language(text: str, language: str) -> str:
    """The lexicon a message is read with. The caller passes the conversation's language; the
    message's own script decides the phrasing read: Han characters are read with a Chinese lexicon
    (which includes the English words, for mixed messages) whatever `language` says, and a message
    with no Han character with the English one."""
    if not has_han(text):
        return "en"
    if language in CHINESE:
        return language
    from .language import detect_language
    detected = detect_language(text)
    return detected if detected in CHINESE else "zh-Hant"


def read(text: str, *, known: Optional[Mapping[str, Any]] = None, asked: Optional[str] = None,
         language: str = "en", as_of: Any = None) -> Tuple[List[Reading], List[Ambiguity], Message]:
    """Every reading and ambiguity in `text`, one per fact (the first extractor to read a fact wins)."""
    message = Message(text or "", lexicon=lexicon(reading_language(text, language)), asked=asked, known=known,
                      as_of=_as_date(as_of))
    readings: Dict[str, Reading] = {}
    ambiguities: List[Ambiguity] = []
    for extractor in EXTRACTORS:
        for item in extractor.read(message):
            if isinstance(item, Ambiguity):
                ambiguities.append(item)
            elif item is not None and item.fact not in readings and _valid(item):
                readings[item.fact] = item
    if asked in FACTS and asked not in readings:
        for item in answers.read_answer(message):
            if _valid(item):
                readings[item.fact] = item
    corrected = _corrected_number(message, readings)
    if corrected:       # "I meant 53, not 35": read again as the answer to the fact corrected
        again, _, _ = read(text, known=known, asked=corrected, language=language, as_of=as_of)
        for item in again:
            if item.fact == corrected and item.value != message.known[corrected]:
                item.explicit = True
                readings[corrected] = item
    return list(readings.values()), ambiguities, message


def _corrected_number(message: Message, readings: Mapping[str, Reading]) -> Optional[str]:
    """The one known number a correction names without saying which fact it is ("sorry, it's 1.5M
    not 1.2M", "no, 15 years, not 5"): the known value appears among the message's numbers."""
    if not message.correction or message.asked:
        return None
    said = set(_numbers(message))
    facts = [fact for fact, value in message.known.items()
             if fact in FACTS and fact not in readings and FACTS[fact].type in ("int", "number")
             and not isinstance(value, bool) and value in said]
    return facts[0] if len(facts) == 1 else None


def _numbers(message: Message):
    """Every number in the message, also times a multiplier written after it ("1.2M" -> 1.2, 1200000)."""
    import re
    multipliers = {k.lower(): v for k, v in message.lexicon.money["multipliers"].items()}
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s?([a-z]+)?", message.lower):
        number = float(m.group(1))
        yield number
        if m.group(2) in multipliers:
            yield number * multipliers[m.group(2)]


def understand(text: str, *, known: Optional[Mapping[str, Any]] = None, asked: Optional[str] = None,
               language: str = "en", as_of: Optional[_dt.date] = None) -> Understanding:
    """Read `text` (see the module docstring)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if asked is not None and asked not in FACTS:
        raise ValueError(f"asked must be a fact of the vocabulary (eligibility/facts.yaml), not {asked!r}")
    known = {k: v for k, v in dict(known or {}).items() if v is not None}
    found, ambiguities, message = read(text, known=known, asked=asked, language=language, as_of=as_of)
    result = Understanding(readings=found, language=language, asked=asked)
    for reading in found:
        if reading.conversion and language in CHINESE:      # the conversion said in the conversation's language
            reading.interpretation = conversion_text(reading.conversion, language) or reading.interpretation
        if reading.hedged and not reading.interpretation:
            reading.interpretation = "about " + describe(reading.fact, reading.value, language)
    if asked and asked not in result.facts and answers.dont_know(message):
        result.dont_know = True
    for ambiguity in ambiguities:
        settled = any(all(known.get(f) == v for f, v in option.items()) for _, option in ambiguity.options)
        if not settled:
            result.ambiguity = in_language(ambiguity, language)   # asked in the conversation's language
            break
    for reading in result.readings:
        if reading.hypothetical and reading.fact != asked:
            result.hypothetical[reading.fact] = reading.value
            continue
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
