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

from eligibility import FACTS, SCHEME_IDS, assess
from eligibility.planner import plausibility
from eligibility.errors import EligibilityError

from .cards import make_card, result_entry, schemes_requiring_clear_record, send_card
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
        unknown = list(tracker.get_slot("unknown_facts") or [])
        check_all = bool(tracker.get_slot("check_all"))
        goals = list(tracker.get_slot("goal_schemes") or [])
        before = tracker.get_slot("answered_results")
        if tracker.get_slot("assessed") and before:
            # Only what changed since the last answer; it always says where the person stands.
            lead = "Checking the others" if check_all and not tracker.get_slot("checked_all_answered") else "That"
            card = what_changed(before, answer, facts, goals, lead)
        else:
            card = first_answer(facts, answer, unknown, goals, schemes_asked_about(tracker))
        send_card(dispatcher, tracker, card)
        offer_to_check_the_rest(dispatcher, answer, unknown, check_all)
        try:
            from eligibility.store import AssessmentStore
            AssessmentStore().save(tracker.sender_id, facts, as_of, answer)
        except Exception:  # storing must never lose the user's answer
            logger.exception("could not store the assessment for %s", tracker.sender_id)
        return status_events(answer) + [SlotSet("assessed", True),
                                        SlotSet("answered_results", answered_results(answer)),
                                        SlotSet("checked_all_answered", check_all)]


# -- the answer: what matters first, as one structured result (actions/cards.py renders it) ------

SHORT_DISCLAIMER = "General information from the published rules, not legal advice; ImmD decides every application."


def no_visa_needed(answer: Dict[str, Any], facts: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The engine's `no_visa_needed` (contract §3): null, or why this person needs no visa."""
    return answer.get("no_visa_needed")


def relevance_order(schemes: List[Dict[str, Any]], goals: List[str], facts: Dict[str, Any]):
    """Goal schemes first (in the order stated), then the most plausible, then the usual order."""
    order = {sid: i for i, sid in enumerate(SCHEME_IDS)}
    return sorted(schemes, key=lambda s: (s["id"] not in goals,
                                          goals.index(s["id"]) if s["id"] in goals else 0,
                                          -plausibility(s["id"], facts), order.get(s["id"], 99)))


def short_name(scheme: Dict[str, Any]) -> str:
    return ACRONYMS.get(scheme["id"]) or scheme.get("name") or scheme["id"]


def criminal_record_note(facts: Dict[str, Any], answer: Dict[str, Any]) -> Optional[str]:
    """A conviction: name the schemes that ask for a clear record; ImmD decides case by case."""
    if facts.get("criminal_record") is not True:
        return None
    affected = [s for s in answer.get("schemes", []) if s["id"] in schemes_requiring_clear_record()]
    names = ", ".join(short_name(s) for s in affected)
    return (f"Your conviction matters for {names}: they ask for a clear criminal record, so I can't say you "
            "meet them. ImmD decides each case individually (the offence and how long ago it was count), "
            "so it is worth asking ImmD before you apply.")


def answer_buttons(answer: Dict[str, Any], goals: List[str], facts: Dict[str, Any]) -> List[Dict[str, str]]:
    """Next steps, documents, "why not X" for a scheme the person is after but doesn't meet, all results."""
    buttons = []
    if by_status(answer, "eligible"):
        buttons.append({"title": "Next steps", "payload": '/ask_follow_up{"topic": "next_steps"}'})
        buttons.append({"title": "Documents", "payload": "/ask_documents"})
    candidates = relevance_order(by_status(answer, "not_eligible"), goals, facts)
    wanted = [s for s in candidates if s["id"] in goals] or [
        s for s in candidates if plausibility(s["id"], facts)]
    if wanted and not no_visa_needed(answer, facts):
        buttons.append({"title": f"Why not {short_name(wanted[0])}?",
                        "payload": '/ask_why_not{"scheme": "%s"}' % wanted[0]["id"]})
    buttons.append({"title": "All results", "payload": "/show_all_results"})
    return buttons


def open_notes(answer: Dict[str, Any], unknown: List[str], goals: List[str]) -> List[str]:
    """Schemes left open by something the person didn't know: say what they depend on."""
    lines = []
    for s in by_status(answer, "undecided"):
        if goals and s["id"] not in goals:
            continue
        dk = [fact_phrase(f) for f in s.get("missing") or [] if f in unknown]
        if dk:
            lines.append(f"{short_name(s)} is still open: it depends on {', '.join(dk)}, which you left open.")
    return lines[:3]


def first_answer(facts: Dict[str, Any], answer: Dict[str, Any], unknown: List[str], goals: List[str],
                 asked: List[str]) -> Dict[str, Any]:
    """The result card of a first answer: the eligible schemes that matter most, one line each."""
    intro, notes = [], []
    free = no_visa_needed(answer, facts)
    if free:
        intro.append("You don't need a visa: " + free["reason"])
    eligible = relevance_order(by_status(answer, "eligible"), goals, facts)
    results = [result_entry(s) for s in eligible]
    heading = ""
    if eligible:
        heading = f"You look eligible for {len(eligible)} scheme{'s' if len(eligible) > 1 else ''}:"
    elif not free:
        failed = [s for s in by_status(answer, "not_eligible") if s["id"] in goals]
        if failed:
            heading = "You don't meet " + ", ".join(short_name(s) for s in failed) + " at the moment:"
            results = [result_entry(s) for s in failed]
        else:
            intro.append("Based on what you told me, you don't currently meet the published criteria of any "
                         "scheme I cover.")
    for s in by_status(answer, "not_eligible"):
        if s["id"] in asked and s["id"] not in goals and not free:
            notes.append(f"{short_name(s)} (you asked): not eligible - {(s.get('reasons') or ['see its criteria'])[0]}")
    note = criminal_record_note(facts, answer)
    if note:
        notes.append(note)
    notes += open_notes(answer, unknown, goals)
    notes += answer.get("notes") or []   # e.g. a date after today: the rules may change before then
    if not eligible and not free:
        near = [s["near_miss"]["message"] for s in relevance_order(answer.get("schemes", []), goals, facts)
                if s.get("near_miss") and s["near_miss"].get("message")]
        if near:
            notes.append("Nearly there: " + near[0])
    notes.append(SHORT_DISCLAIMER)
    return make_card(heading, intro, results, notes, answer_buttons(answer, goals, facts))


def what_changed(before: Dict[str, List[Any]], answer: Dict[str, Any], facts: Dict[str, Any],
                 goals: List[str], lead: str = "That") -> Dict[str, Any]:
    """After a new fact: only what changed since the last answer ("That adds TTPS category B")."""
    lines, results = [], []
    for s in relevance_order(answer.get("schemes", []), goals, facts):
        old_status, old_route, old_label = (list(before.get(s["id"]) or []) + [None, None, None])[:3]
        if old_status == s["status"] and old_route == s.get("route"):
            continue
        reason = (s.get("reasons") or [""])[0]
        if s["status"] == "eligible":
            lines.append(f"{lead} adds {scheme_label(s)}" + (f": {reason}." if reason else "."))
            results.append(result_entry(s))
        elif old_status == "eligible":
            was = scheme_label(dict(s, route_label=old_label))   # named as it was met: "TTPS - category A"
            lines.append(f"{lead} rules out {was}" + (f": {reason}." if reason else "."))
    intro = []
    free = no_visa_needed(answer, facts)
    if free:
        intro.append("You don't need a visa: " + free["reason"])
    if not lines:
        eligible = relevance_order(by_status(answer, "eligible"), goals, facts)
        if eligible:
            lines.append(f"{lead} doesn't change your answer: you still look eligible for "
                         + ", ".join(scheme_label(s) for s in eligible) + ".")
        elif not free:
            lines.append(f"{lead} doesn't change your answer: no scheme is met yet.")
    notes = []
    note = criminal_record_note(facts, answer)
    if note:
        notes.append(note)
    return make_card("", intro + lines, results, notes, answer_buttons(answer, goals, facts))


def answered_results(answer: Dict[str, Any]) -> Dict[str, List[Any]]:
    return {s["id"]: [s["status"], s.get("route"), s.get("route_label")] for s in answer.get("schemes", [])}


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
    if result.get("route_label"):
        phrase += f" ({result['route_label']})"
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
