"""The answer: assess the facts held in slots, report, store; and the follow-ups that re-use it.

Every action recomputes from the facts (the engine is stateless), so a corrected slot always gives a
fresh answer; nothing here caches a previous result.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, assess
from eligibility.errors import EligibilityError

from .common import (
    ACRONYMS,
    latest_intent,
    NOT_LEGAL_ADVICE,
    bullet,
    describe,
    facts_from_slots,
    latest_fact_entities,
    parse_value,
    scheme_label,
    today,
)

logger = logging.getLogger(__name__)

STATUS_SLOTS = {"eligible": "eligible_schemes", "not_eligible": "ineligible_schemes",
                "undecided": "undecided_schemes"}


def run_assessment(tracker: Tracker, overrides: Optional[Dict[str, Any]] = None):
    facts = facts_from_slots(tracker.current_slot_values())
    if overrides:
        facts.update(overrides)
    as_of = today()
    return facts, as_of, assess(facts, as_of)


def by_status(answer: Dict[str, Any], status: str) -> List[Dict[str, Any]]:
    return [s for s in answer.get("schemes", []) if s.get("status") == status]


def status_events(answer: Dict[str, Any]) -> List[EventType]:
    return [SlotSet(slot, [s["id"] for s in by_status(answer, status)]) for status, slot in STATUS_SLOTS.items()]


def schemes_asked_about(tracker: Tracker) -> List[str]:
    """Scheme ids the user named in this conversation (their results are shown even if negative)."""
    asked = []
    for event in tracker.events_after_latest_restart():
        if event.get("event") != "user":
            continue
        for entity in (event.get("parse_data") or {}).get("entities", []) or []:
            if entity.get("entity") == "scheme" and entity.get("value") not in asked:
                asked.append(entity.get("value"))
    return asked


def fact_phrase(fact: str) -> str:
    spec = FACTS.get(fact)
    return spec.label if spec else fact.replace("_", " ")


def compose_answer(facts: Dict[str, Any], answer: Dict[str, Any], unknown: List[str],
                   asked: List[str], check_all: bool = True) -> str:
    parts: List[str] = []
    if facts:
        parts.append("Here is what I have:\n" + bullet([describe(f, v) for f, v in facts.items()]))
    eligible = by_status(answer, "eligible")
    if eligible:
        lines = []
        for s in eligible:
            reason = (s.get("reasons") or [""])[0]
            lines.append(f"{scheme_label(s)}" + (f": {reason}" if reason else ""))
        parts.append(f"You look eligible for {len(eligible)} scheme{'s' if len(eligible) > 1 else ''}:\n"
                     + bullet(lines))
    else:
        parts.append("Based on what you told me, you don't currently meet the published criteria of any "
                     "scheme I cover.")
    undecided = by_status(answer, "undecided")
    if undecided and (check_all or not eligible):   # else the offer to check the rest names them
        lines = []
        for s in undecided:
            missing = [fact_phrase(f) for f in s.get("missing") or [] if f not in unknown]
            dk = [fact_phrase(f) for f in s.get("missing") or [] if f in unknown]
            if missing:
                why = f"depends on {', '.join(missing)}"
                if dk:
                    why += "; you said you don't know " + ", ".join(dk)
            elif dk:
                why = "depends on what you said you don't know: " + ", ".join(dk)
            else:
                why = (s.get("reasons") or ["can't be decided from the published rules alone"])[0]
            lines.append(f"{scheme_label(s)}: {why}")
        parts.append("Still open:\n" + bullet(lines))
    asked_negative = [s for s in by_status(answer, "not_eligible") if s["id"] in asked]
    if asked_negative:
        parts.append("You asked about:\n" + bullet(
            [f"{scheme_label(s)}: not eligible - {(s.get('reasons') or ['see the criteria'])[0]}"
             for s in asked_negative]))
    assumptions: List[str] = []
    for s in eligible or answer.get("schemes", [])[:1]:
        for a in s.get("assumptions") or []:
            if a not in assumptions:
                assumptions.append(a)
    if assumptions:
        parts.append("I assumed:\n" + bullet(assumptions))
    near = [s["near_miss"]["message"] for s in answer.get("schemes", [])
            if s.get("status") != "eligible" and s.get("near_miss") and s["near_miss"].get("message")]
    if near:
        parts.append("Nearly there:\n" + bullet(near))
    if eligible:
        for s in eligible:
            # Every step: how and where to apply, what to prepare, the stay, the fees at this date,
            # and the official page (the engine ends the list with it).
            parts.append(f"Next steps for {scheme_label(s)}:\n" + bullet(s.get("next_steps") or [s.get("url", "")]))
    parts.append("Ask \"why not TTPS?\", \"what documents do I need?\", \"what if my income were HK$2.6M?\" "
                 "or \"show all results\".")
    parts.append(NOT_LEGAL_ADVICE)
    return "\n\n".join(parts)


NOTHING_NEW = ("I didn't find anything in that which changes your answer. You can correct a fact "
               "(\"actually I'm 41\"), ask \"why not TTPS?\" or \"what documents do I need?\", "
               "or say \"start over\".")


def offer_to_check_the_rest(dispatcher: CollectingDispatcher, answer: Dict[str, Any],
                            unknown: List[str], check_all: bool) -> None:
    """The form stops at the first scheme met; offer to ask what the open schemes still need."""
    if check_all or not by_status(answer, "eligible"):
        return
    still_open = [s for s in by_status(answer, "undecided")
                  if any(f not in unknown for f in s.get("missing") or [])]
    questions = [f for f in answer.get("missing") or [] if f not in unknown]
    if not still_open or not questions:
        return
    names = ", ".join(ACRONYMS.get(s["id"], s["name"]) for s in still_open)
    dispatcher.utter_message(
        text=f"I can also check the {len(still_open)} scheme{'s' if len(still_open) > 1 else ''} still open "
             f"({names}) - at most {len(questions)} more question{'s' if len(questions) > 1 else ''}. Shall I?",
        buttons=[{"title": "Yes, check the others", "payload": "/affirm"},
                 {"title": "No, that's enough", "payload": "/deny"}])


class ActionCheckAll(Action):
    """The user wants every scheme checked: the form now asks until nothing could change."""

    def name(self) -> Text:
        return "action_check_all"

    async def run(self, dispatcher, tracker, domain):
        return [SlotSet("check_all", True)]


class ActionAssess(Action):
    def name(self) -> Text:
        return "action_assess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            facts, as_of, answer = run_assessment(tracker)
        except EligibilityError as error:
            dispatcher.utter_message(text=f"Sorry, I can't assess that: {error}")
            return []
        if (tracker.get_slot("assessed") and latest_intent(tracker) == "inform"
                and not latest_fact_entities(tracker)):
            # After an answer, a message with no fact in it changes nothing: don't repeat the answer.
            dispatcher.utter_message(text=NOTHING_NEW)
            return []
        unknown = list(tracker.get_slot("unknown_facts") or [])
        check_all = bool(tracker.get_slot("check_all"))
        dispatcher.utter_message(text=compose_answer(facts, answer, unknown, schemes_asked_about(tracker), check_all))
        offer_to_check_the_rest(dispatcher, answer, unknown, check_all)
        try:
            from eligibility.store import AssessmentStore
            AssessmentStore().save(tracker.sender_id, facts, as_of, answer)
        except Exception:  # storing must never lose the user's answer
            logger.exception("could not store the assessment for %s", tracker.sender_id)
        return status_events(answer) + [SlotSet("assessed", True)]


class ActionShowAllResults(Action):
    def name(self) -> Text:
        return "action_show_all_results"

    async def run(self, dispatcher, tracker, domain):
        _facts, _as_of, answer = run_assessment(tracker)
        labels = {"eligible": "eligible", "not_eligible": "not eligible", "undecided": "not decided yet"}
        lines = []
        for s in answer.get("schemes", []):
            reason = (s.get("reasons") or [""])[0]
            if s.get("status") == "undecided" and s.get("missing"):
                reason = "depends on " + ", ".join(fact_phrase(f) for f in s["missing"])
            lines.append(f"{scheme_label(s)}: {labels.get(s.get('status'), s.get('status'))}"
                         + (f" - {reason}" if reason else ""))
        dispatcher.utter_message(text="All schemes I check:\n" + bullet(lines) + "\n\n" + NOT_LEGAL_ADVICE)
        return status_events(answer)


def requested_scheme(tracker: Tracker) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities", []) or []:
        if entity.get("entity") == "scheme":
            return entity.get("value")
    return tracker.get_slot("scheme")


class ActionWhyNot(Action):
    def name(self) -> Text:
        return "action_why_not"

    async def run(self, dispatcher, tracker, domain):
        scheme_id = requested_scheme(tracker)
        _facts, _as_of, answer = run_assessment(tracker)
        scheme = next((s for s in answer.get("schemes", []) if s["id"] == scheme_id), None)
        if scheme is None:
            dispatcher.utter_message(text="Which scheme do you mean? For example \"why not TTPS?\" or "
                                          "\"why not QMAS?\".")
            return []
        name = scheme_label(scheme)
        reasons = scheme.get("reasons") or []
        if scheme["status"] == "eligible":
            text = f"Actually, you look eligible for {name}: " + "; ".join(reasons[:2])
        elif scheme["status"] == "undecided":
            missing = ", ".join(fact_phrase(f) for f in scheme.get("missing") or []) or "questions the rules leave open"
            text = f"{name} isn't decided yet - it depends on {missing}."
            if reasons:
                text += "\n" + bullet(reasons)
        else:
            text = f"Why you don't meet {name}:\n" + bullet(reasons or ["one of its criteria is not met"])
        if scheme.get("near_miss") and scheme["near_miss"].get("message"):
            text += f"\nNearly there: {scheme['near_miss']['message']}"
        dispatcher.utter_message(text=text)
        return [SlotSet("scheme", scheme_id)]


def status_phrase(result: Optional[Dict[str, Any]]) -> str:
    """'eligible (category A)', 'not eligible', 'not decided yet'."""
    if not result:
        return "unknown"
    phrase = {"eligible": "eligible", "not_eligible": "not eligible", "undecided": "not decided yet"}[result["status"]]
    route = result.get("route")
    if route:
        phrase += f" (category {route})" if result["id"] == "ttps" else f" ({str(route).replace('_', ' ')})"
    return phrase


class ActionWhatIf(Action):
    """Re-assess with changed facts WITHOUT changing the slots, and say what would change."""

    def name(self) -> Text:
        return "action_what_if"

    async def run(self, dispatcher, tracker, domain):
        as_of = today()
        changes = {}
        for fact, value in latest_fact_entities(tracker).items():
            parsed = parse_value(fact, value, None, as_of)
            if parsed is not None:
                changes[fact] = parsed
        if not changes:
            dispatcher.utter_message(text="Tell me what to change, e.g. \"what if my income were HK$2.6M?\" or "
                                          "\"what if I had a job offer?\".")
            return []
        facts, _as_of, before = run_assessment(tracker)
        _f, _a, after = run_assessment(tracker, changes)
        old = {s["id"]: s for s in before.get("schemes", [])}
        lines = []
        for s in after.get("schemes", []):
            prev = old.get(s["id"])
            if prev is None or prev.get("status") != s.get("status") or prev.get("route") != s.get("route"):
                lines.append(f"{s['name']}: {status_phrase(prev)} -> {status_phrase(s)}")
        what = ", ".join(describe(f, v) for f, v in changes.items())
        if lines:
            text = f"If {what}:\n" + bullet(lines)
        else:
            text = f"If {what}, nothing would change in your results."
        text += "\n(I haven't changed your answers - say e.g. \"actually ...\" to correct one.)"
        dispatcher.utter_message(text=text)
        return []
