"""Shared helpers: the facts held in slots, the assessment date, and how values read in replies."""
from __future__ import annotations

import datetime
import logging
import os
from typing import Any, Dict, List, Optional

from eligibility import FACTS
from eligibility.facts import validate_fact

logger = logging.getLogger(__name__)

FACT_NAMES: List[str] = list(FACTS)
BOOL_INTENTS = {"affirm": True, "deny": False}
DONT_KNOW_INTENTS = {"dont_know", "skip"}
NOT_LEGAL_ADVICE = (
    "This is general information based on the published rules, not legal advice; "
    "the Immigration Department decides every application."
)

try:  # how values read in a sentence (lead's module); plain fallback if it moves
    from eligibility.formatting import fact_unit, format_value
except ImportError:  # pragma: no cover
    def fact_unit(fact, fact_type):
        return "hkd" if fact.endswith("_hkd") else ""

    def format_value(value, unit=""):
        if isinstance(value, bool):
            return "yes" if value else "no"
        if unit == "hkd":
            return f"HK${int(value):,}"
        return str(value)

try:
    from fact_extraction import parse_answer as _parse_answer
except Exception:  # pragma: no cover - NLU package not importable: fall back to type-based parsing
    _parse_answer = None


def today() -> datetime.date:
    """The assessment date: today, or ASSISTANT_AS_OF (YYYY-MM-DD) for reproducible tests."""
    fixed = os.environ.get("ASSISTANT_AS_OF")
    if fixed:
        return datetime.date.fromisoformat(fixed)
    return datetime.date.today()


def facts_from_slots(slots: Dict[str, Any]) -> Dict[str, Any]:
    """The known facts (slot not None) that are valid contract values; anything else is dropped."""
    facts = {}
    for name in FACT_NAMES:
        value = slots.get(name)
        if value is None:
            continue
        try:
            facts[name] = validate_fact(name, value)
        except ValueError:
            logger.warning("dropping invalid value %r for fact %s", value, name)
    return facts


def valid_value(fact: str, value: Any) -> Optional[Any]:
    """The value in contract form if it already is a valid contract value, else None."""
    if value is None:
        return None
    if FACTS[fact].type in ("int", "number") and isinstance(value, str):
        return None  # a number still in text form must go through the parser
    try:
        return validate_fact(fact, value)
    except ValueError:
        return None


def parse_value(fact: str, value: Any, intent: Optional[str], as_of: datetime.date) -> Optional[Any]:
    """Interpret a slot candidate (an entity value or the raw text of a bare answer) for `fact`."""
    ok = valid_value(fact, value)
    if ok is not None:
        return ok
    spec = FACTS[fact]
    if isinstance(value, str) and _parse_answer is not None and not value.startswith("/"):
        try:
            parsed = _parse_answer(fact, value, as_of)
        except Exception:  # a parser bug must not break the conversation
            logger.exception("parse_answer failed for %s: %r", fact, value)
            parsed = None
        ok = valid_value(fact, parsed)
        if ok is not None:
            return ok
    if spec.type == "bool" and intent in BOOL_INTENTS:
        return BOOL_INTENTS[intent]
    if isinstance(value, str) and spec.type in ("int", "number"):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
        return valid_value(fact, int(number) if spec.type == "int" and number.is_integer() else number)
    if isinstance(value, str) and spec.type in ("enum", "scheme_or_visa"):
        return valid_value(fact, value.strip().lower().replace(" ", "_"))
    if isinstance(value, str) and spec.type == "country":
        return valid_value(fact, value.strip().upper())
    return None


def describe(fact: str, value: Any) -> str:
    """'age: 32', 'annual income: HK$1,200,000' - one fact as it reads in the summary."""
    spec = FACTS[fact]
    return f"{spec.label}: {format_value(value, fact_unit(fact, spec.type))}"


# Abbreviations people use, shown next to the full name so either is recognised in a reply.
ACRONYMS = {"assg": "ASSG", "qmas": "QMAS", "gep_professionals": "GEP", "gep_investment": "GEP investment",
            "asmtp": "ASMTP", "ttps": "TTPS", "iang": "IANG", "techtas": "TechTAS", "new_cies": "New CIES"}


def scheme_label(scheme: Dict[str, Any], language: str = "en") -> str:
    """'Top Talent Pass Scheme (TTPS) - category A' / '高端人才通行證計劃（高才通） - A類': the name,
    its acronym (in Chinese its short name), and the route in plain words (the engine's
    `route_label`; the route id never reaches a person)."""
    from . import messages
    if messages.is_chinese(language):
        name = messages.scheme_name(scheme["id"], scheme.get("name") or scheme["id"], language)
        short = messages.scheme_name(scheme["id"], name, language, short=True)
        if short and short not in name:
            name = f"{name}（{short}）"
    else:
        name = scheme.get("name") or scheme["id"]
        acronym = ACRONYMS.get(scheme["id"])
        if acronym and acronym not in name:
            name = f"{name} ({acronym})"
    route = messages.route_label(scheme["id"], scheme.get("route"), scheme.get("route_label"), language)
    return f"{name} - {route}" if route else name


def short_name(scheme: Dict[str, Any], language: str = "en") -> str:
    """'TTPS' / '高才通': how a scheme is named in a list."""
    from . import messages
    english = ACRONYMS.get(scheme["id"]) or scheme.get("name") or scheme["id"]
    return messages.scheme_name(scheme["id"], english, language, short=True)


def bullet(lines: List[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def latest_intent(tracker) -> Optional[str]:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_fact_entities(tracker) -> Dict[str, Any]:
    """Fact entities in the latest user message (their values are already contract values)."""
    found = {}
    for entity in (tracker.latest_message or {}).get("entities", []) or []:
        if entity.get("entity") in FACTS:
            found[entity["entity"]] = entity.get("value")
    return found


def facts_set_this_turn(tracker, also=()) -> bool:
    """A fact slot (or one of the slots named in `also`) was set after the latest user message (by
    action_validate_slot_mappings)."""
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None)
    if latest_user is None:
        return False
    return any(e.get("event") == "slot" and (e.get("name") in FACTS or e.get("name") in also)
               for e in tracker.events[latest_user:])
