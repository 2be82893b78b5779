"""Reading a user's message: facts through `fact_extraction.understand()`, goals from goals.yaml.

Every fact slot has a single `custom` mapping, so only these functions ever set a fact: an
incidental word never overwrites one. Inside the form `validate_eligibility_form` reads the message
(it knows the question asked); outside it `action_validate_slot_mappings` does, and both also
recognise goals ("can I get IANG?", "I want to bring my family") into `goal_schemes`.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet

from eligibility import FACTS, SCHEME_IDS
from eligibility.planner import goals_in_text
from fact_extraction.language import detect_language, language_switch
from fact_extraction.understanding import Understanding, understand

from . import messages
from .common import facts_from_slots, latest_intent, today, valid_value

logger = logging.getLogger(__name__)

FORM = "eligibility_form"
# Messages whose words are not facts about the person: hypotheses and requests about the bot.
WANTS = re.compile(r"\b(can|could|may|do|am|would) i\b|\beligible\b|\bqualify\b|\bapply\b|\bi want\b")
NOT_FACTS = {"what_if", "restart", "delete_data", "keep_going"}
# Intents that are never an answer to the form's question: the form rejects the turn and the rules
# answer them; facts said in them are read here.
NOT_AN_ANSWER = {
    "what_if", "goodbye", "restart", "delete_data", "keep_going", "ask_scheme_info", "ask_why",
    "ask_why_not", "ask_documents", "ask_stay", "ask_fees", "ask_term", "ask_follow_up",
    "show_all_results", "chitchat", "out_of_scope", "help", "bot_challenge", "thank", "greet",
}


def language(tracker: Tracker) -> str:
    """The conversation's language: the `language` slot, else the client's (the widget's
    `data-lang`, sent as message metadata), else English."""
    return messages.normalise(tracker.get_slot("language") or client_language(tracker))


def client_language(tracker: Tracker) -> Optional[str]:
    """The language the client says it shows (`metadata.language`: "en", "zh-Hant", "zh-Hans")."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    if not metadata:
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                metadata = event.get("metadata") or {}
                break
    tag = str(metadata.get("language") or "").strip().lower() if isinstance(metadata, dict) else ""
    if tag in ("zh-hant", "zh-hk", "zh-tw", "zh-mo") or tag.startswith("zh-hant"):
        return messages.TRADITIONAL
    if tag.startswith("zh"):
        return messages.SIMPLIFIED
    if tag.startswith("en"):
        return messages.ENGLISH
    return None


# A Chinese conversation stays Chinese on a short Latin-only message ("OK", "HKU", "yes"): only a
# sentence of at least this many English words switches it back (or asking for English).
MIN_ENGLISH_WORDS_TO_SWITCH = 3


def message_language(tracker: Tracker) -> Tuple[str, bool]:
    """(the language for this message on, whether the person asked for it).

    A request ("English please", 「講中文」, 「用简体」) switches; otherwise the message's script
    (`detect_language`) decides, and a message with no letters (digits, emoji, a button) keeps the
    current language."""
    current = language(tracker)
    if is_payload(tracker):
        return current, False
    text = (tracker.latest_message or {}).get("text") or ""
    asked = tracker.get_slot("requested_slot") if form_was_active(tracker) else None
    requested = language_switch(text, current, asked=asked)
    if requested:
        return requested, True
    detected = detect_language(text, current)
    if detected == messages.ENGLISH and messages.is_chinese(current) \
            and len(re.findall(r"[A-Za-z]+", text)) < MIN_ENGLISH_WORDS_TO_SWITCH:
        detected = current
    return detected or current, False


def language_events(dispatcher, tracker: Tracker) -> Tuple[str, bool, List[EventType]]:
    """Set `language` for this message; confirm a requested switch in the new language.
    Returns (language, whether the message was a request to switch, events)."""
    new, requested = message_language(tracker)
    if requested:
        dispatcher.utter_message(text=messages.text("language_switched", new))
    events: List[EventType] = []
    if tracker.get_slot("language") != new:
        events.append(SlotSet("language", new))
    return new, requested, events


def is_language_request(tracker: Tracker) -> bool:
    """The message asks for a language (「可唔可以用中文？」): it is neither a fact nor an answer."""
    return message_language(tracker)[1]


def is_payload(tracker: Tracker) -> bool:
    """The message is a button's payload ("/inform{...}"), not typed words."""
    return str((tracker.latest_message or {}).get("text") or "").startswith("/")


def payload_facts(tracker: Tracker) -> Dict[str, Any]:
    """Facts a button payload carries, in contract form (others dropped). A list value
    (`{"languages": ["english"]}`) may arrive as one entity per item: they are gathered."""
    values: Dict[str, Any] = {}
    for entity in (tracker.latest_message or {}).get("entities", []) or []:
        fact = entity.get("entity")
        if fact not in FACTS:
            continue
        value = entity.get("value")
        if FACTS[fact].type == "list":
            items = value if isinstance(value, list) else [value]
            values[fact] = list(values.get(fact, [])) + [v for v in items if v not in values.get(fact, [])]
        else:
            values[fact] = value
    facts = {}
    for fact, value in values.items():
        ok = valid_value(fact, value)
        if ok is not None:
            facts[fact] = ok
    return facts


def read_message(tracker: Tracker, asked: Optional[str], lang: Optional[str] = None) -> Understanding:
    """What the latest message tells us, given the facts known and the question asked."""
    lang = lang or language(tracker)
    known = facts_from_slots(tracker.current_slot_values())
    if is_payload(tracker):
        reading = Understanding(language=lang, asked=asked)
        for fact, value in payload_facts(tracker).items():
            old = known.get(fact)
            if old != value:
                reading.updates[fact] = value
                if old is not None:
                    reading.corrections[fact] = (old, value)
        reading.dont_know = latest_intent(tracker) in ("dont_know", "skip")
        return reading
    text = (tracker.latest_message or {}).get("text") or ""
    try:
        reading = understand(text, known=known, asked=asked, language=lang, as_of=today())
        if not reading.updates and not reading.dont_know and _is_bare_correction(text, lang):
            corrected = corrected_fact(tracker, known, asked)
            if corrected:
                again = understand(text, known=known, asked=corrected, language=lang, as_of=today())
                if corrected in again.updates:
                    return again
        return reading
    except Exception:   # a reading bug must never break the conversation
        logger.exception("understand() failed on %r", text)
        return Understanding(language=lang, asked=asked)


def _is_bare_correction(text: str, lang: str) -> bool:
    """"Correction - twenty-two", 「更正一下：2」: a correction that names no fact."""
    from fact_extraction.lexicon import lexicon
    lowered = text.lower()
    return any(marker in lowered for marker in lexicon(messages.normalise(lang)).context["correction"])


def corrected_fact(tracker: Tracker, known: Dict[str, Any], asked: Optional[str]) -> Optional[str]:
    """The fact a correction that names none is about: the question answered before the one now
    asked, else the only number known (after the answer, "wait, correction - 22" corrects the age)."""
    questions = [e.get("value") for e in tracker.events
                 if e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value")]
    earlier = [q for q in reversed(questions) if q != asked and q in known]
    if earlier:
        return earlier[0]
    numbers = [fact for fact, value in known.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return numbers[0] if len(numbers) == 1 else None


def fact_events(reading: Understanding, unknown: List[str]) -> List[EventType]:
    """SlotSet events for the facts to store; a fact now known is no longer "don't know"."""
    events: List[EventType] = []
    for fact, value in reading.updates.items():
        if fact in FACTS:
            events.append(SlotSet(fact, value))
            if fact in unknown:
                unknown.remove(fact)
    if any(f in reading.updates for f in FACTS) and unknown is not None:
        events.append(SlotSet("unknown_facts", list(unknown)))
    return events


def goal_events(tracker: Tracker) -> List[EventType]:
    """Goals stated in the message (named schemes and goal phrases), added to `goal_schemes`."""
    if is_payload(tracker) and latest_intent(tracker) not in ("inform",):
        return []
    text = (tracker.latest_message or {}).get("text") or ""
    found = [] if is_payload(tracker) else goals_in_text(text)
    # A scheme named counts as a goal when the person asks for it ("can I get IANG?"), not when
    # they ask what it is ("what is QMAS?").
    # "I'm on TTPS" is a fact, "can I get TTPS?" a goal.
    if WANTS.search(text.lower()):
        for entity in (tracker.latest_message or {}).get("entities", []) or []:
            if entity.get("entity") == "scheme" and entity.get("value") in SCHEME_IDS:
                if entity["value"] not in found:
                    found.append(entity["value"])
    if not found:
        return []
    goals = list(tracker.get_slot("goal_schemes") or [])
    added = [s for s in found if s not in goals]
    return [SlotSet("goal_schemes", goals + added)] if added else []


def form_was_active(tracker: Tracker) -> bool:
    """The form was asking a question when the latest user message arrived (events after the
    message, such as the form's own activation, don't count)."""
    active = None
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None)
    if latest_user is None:
        return (tracker.active_loop or {}).get("name") == FORM
    for event in tracker.events[:latest_user]:
        kind = event.get("event")
        if kind == "active_loop":
            active = event.get("name")
        elif kind in ("restart", "session_started"):
            active = None
    return active == FORM


class ActionValidateSlotMappings(Action):
    """Runs after every user message (Rasa's action_extract_slots): goals always; facts only for
    messages outside the form (inside it the form's validation reads them, knowing the question)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang, switch_request, events = language_events(dispatcher, tracker)
        if switch_request:
            return events   # 「可唔可以用中文？」 asks for a language: no fact, no goal in it
        events += goal_events(tracker)
        intent = latest_intent(tracker)
        if intent in NOT_FACTS or (form_was_active(tracker) and intent not in NOT_AN_ANSWER):
            return events   # an answer in the form: its validation reads it, knowing the question
        reading = read_message(tracker, None, lang)
        unknown = list(tracker.get_slot("unknown_facts") or [])
        events += fact_events(reading, unknown)
        acknowledgement = messages.acknowledgement(reading, lang, echo_answer=True) if not is_payload(tracker) else None
        if acknowledgement:
            dispatcher.utter_message(text=acknowledgement)
        if reading.ambiguity is not None:
            ask_ambiguity(dispatcher, reading)
        return events


def ask_ambiguity(dispatcher, reading: Understanding) -> None:
    import json
    buttons = [{"title": title, "payload": "/inform" + json.dumps(facts)}
               for title, facts in reading.ambiguity.options]
    dispatcher.utter_message(text=reading.ambiguity.question, buttons=buttons)
