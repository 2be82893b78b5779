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

from . import messages
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
    short_name,
    today,
)
from .reading import language

logger = logging.getLogger(__name__)

STATUS_SLOTS = {"eligible": "eligible_schemes", "not_eligible": "ineligible_schemes",
                "undecided": "undecided_schemes"}


def run_assessment(tracker: Tracker, overrides: Optional[Dict[str, Any]] = None):
    facts = facts_from_slots(tracker.current_slot_values())
    if overrides:
        facts.update(overrides)
    as_of = today()
    return facts, as_of, assess(facts, as_of, language=language(tracker))


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


def fact_phrase(fact: str, lang: str = "en") -> str:
    return messages.fact_label(fact, lang)


def fact_phrases(facts: List[str], lang: str) -> str:
    return messages.join_names([fact_phrase(f, lang) for f in facts], lang)


def offer_to_check_the_rest(dispatcher: CollectingDispatcher, answer: Dict[str, Any],
                            unknown: List[str], check_all: bool, lang: str = "en") -> None:
    """The form stops at the first scheme met; offer to ask what the open schemes still need."""
    if check_all or not by_status(answer, "eligible"):
        return
    still_open = [s for s in by_status(answer, "undecided")
                  if any(f not in unknown for f in s.get("missing") or [])]
    questions = [f for f in answer.get("missing") or [] if f not in unknown]
    if not still_open or not questions:
        return
    names = messages.join_names([short_name(s, lang) for s in still_open], lang)
    dispatcher.utter_message(
        text=messages.text("offer_check_rest", lang, count=len(still_open), names=names, questions=len(questions),
                           schemes=messages.text("scheme_word_many" if len(still_open) > 1 else "scheme_word_one", lang),
                           question_word=messages.text("question_word_many" if len(questions) > 1
                                                       else "question_word_one", lang)),
        buttons=[{"title": messages.text("check_others_yes", lang), "payload": "/affirm"},
                 {"title": messages.text("check_others_no", lang), "payload": "/deny"}])


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
            dispatcher.utter_message(text=messages.text("cant_assess", language(tracker), error=error))
            return []
        lang = language(tracker)
        unknown = list(tracker.get_slot("unknown_facts") or [])
        check_all = bool(tracker.get_slot("check_all"))
        goals = list(tracker.get_slot("goal_schemes") or [])
        before = tracker.get_slot("answered_results")
        if tracker.get_slot("assessed") and before:
            # Only what changed since the last answer; it always says where the person stands.
            checking = check_all and not tracker.get_slot("checked_all_answered")
            lead = messages.text("lead_checking_others" if checking else "lead_that", lang)
            card = what_changed(before, answer, facts, goals, lead, lang)
        else:
            card = first_answer(facts, answer, unknown, goals, schemes_asked_about(tracker), lang)
        send_card(dispatcher, tracker, card)
        offer_to_check_the_rest(dispatcher, answer, unknown, check_all, lang)
        try:
            from eligibility.store import AssessmentStore
            AssessmentStore().save(tracker.sender_id, facts, as_of, answer)
        except Exception:  # storing must never lose the user's answer
            logger.exception("could not store the assessment for %s", tracker.sender_id)
        return status_events(answer) + [SlotSet("assessed", True),
                                        SlotSet("answered_results", answered_results(answer)),
                                        SlotSet("checked_all_answered", check_all)]


# -- the answer: what matters first, as one structured result (actions/cards.py renders it) ------

SHORT_DISCLAIMER = messages.text("short_disclaimer", "en")


def no_visa_needed(answer: Dict[str, Any], facts: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The engine's `no_visa_needed` (contract §3): null, or why this person needs no visa."""
    return answer.get("no_visa_needed")


def relevance_order(schemes: List[Dict[str, Any]], goals: List[str], facts: Dict[str, Any]):
    """Goal schemes first (in the order stated), then the most plausible, then the usual order."""
    order = {sid: i for i, sid in enumerate(SCHEME_IDS)}
    return sorted(schemes, key=lambda s: (s["id"] not in goals,
                                          goals.index(s["id"]) if s["id"] in goals else 0,
                                          -plausibility(s["id"], facts), order.get(s["id"], 99)))


def criminal_record_note(facts: Dict[str, Any], answer: Dict[str, Any], lang: str = "en") -> Optional[str]:
    """A conviction: name the schemes that ask for a clear record; ImmD decides case by case."""
    if facts.get("criminal_record") is not True:
        return None
    affected = [s for s in answer.get("schemes", []) if s["id"] in schemes_requiring_clear_record()]
    names = messages.join_names([short_name(s, lang) for s in affected], lang)
    return messages.text("conviction_note", lang, names=names)


def answer_buttons(answer: Dict[str, Any], goals: List[str], facts: Dict[str, Any],
                   lang: str = "en") -> List[Dict[str, str]]:
    """Next steps, documents, "why not X" for a scheme the person is after but doesn't meet, all results."""
    buttons = []
    if by_status(answer, "eligible"):
        buttons.append({"title": messages.text("button_next_steps", lang),
                        "payload": '/ask_follow_up{"topic": "next_steps"}'})
        buttons.append({"title": messages.text("button_documents", lang), "payload": "/ask_documents"})
    candidates = relevance_order(by_status(answer, "not_eligible"), goals, facts)
    wanted = [s for s in candidates if s["id"] in goals] or [
        s for s in candidates if plausibility(s["id"], facts)]
    if wanted and not no_visa_needed(answer, facts):
        buttons.append({"title": messages.text("button_why_not", lang, name=short_name(wanted[0], lang)),
                        "payload": '/ask_why_not{"scheme": "%s"}' % wanted[0]["id"]})
    buttons.append({"title": messages.text("button_all_results", lang), "payload": "/show_all_results"})
    return buttons


def open_notes(answer: Dict[str, Any], unknown: List[str], goals: List[str], lang: str = "en") -> List[str]:
    """Schemes left open by something the person didn't know: say what they depend on."""
    lines = []
    for s in by_status(answer, "undecided"):
        if goals and s["id"] not in goals:
            continue
        dk = [f for f in s.get("missing") or [] if f in unknown]
        if dk:
            lines.append(messages.text("open_note", lang, name=short_name(s, lang), facts=fact_phrases(dk, lang)))
    return lines[:3]


def first_answer(facts: Dict[str, Any], answer: Dict[str, Any], unknown: List[str], goals: List[str],
                 asked: List[str], lang: str = "en") -> Dict[str, Any]:
    """The result card of a first answer: the eligible schemes that matter most, one line each."""
    intro, notes = [], []
    free = no_visa_needed(answer, facts)
    if free:
        intro.append(messages.text("no_visa_needed", lang, reason=free["reason"]))
    eligible = relevance_order(by_status(answer, "eligible"), goals, facts)
    results = [result_entry(s, lang) for s in eligible]
    heading = ""
    if eligible:
        heading = (messages.text("heading_eligible_many", lang, count=len(eligible)) if len(eligible) > 1
                   else messages.text("heading_eligible_one", lang))
    elif not free:
        failed = [s for s in by_status(answer, "not_eligible") if s["id"] in goals]
        if failed:
            heading = messages.text("heading_goal_not_met", lang,
                                    names=messages.join_names([short_name(s, lang) for s in failed], lang))
            results = [result_entry(s, lang) for s in failed]
        else:
            intro.append(messages.text("no_scheme_met", lang))
    for s in by_status(answer, "not_eligible"):
        if s["id"] in asked and s["id"] not in goals and not free:
            reason = (s.get("reasons") or [messages.text("see_criteria", lang)])[0]
            notes.append(messages.text("asked_not_eligible", lang, name=short_name(s, lang), reason=reason))
    note = criminal_record_note(facts, answer, lang)
    if note:
        notes.append(note)
    notes += open_notes(answer, unknown, goals, lang)
    notes += answer.get("notes") or []   # e.g. a date after today: the rules may change before then
    if not eligible and not free:
        near = [s["near_miss"]["message"] for s in relevance_order(answer.get("schemes", []), goals, facts)
                if s.get("near_miss") and s["near_miss"].get("message")]
        if near:
            notes.append(messages.text("nearly_there", lang, message=near[0]))
    notes.append(messages.text("short_disclaimer", lang))
    return make_card(heading, intro, results, notes, answer_buttons(answer, goals, facts, lang), lang)


def what_changed(before: Dict[str, List[Any]], answer: Dict[str, Any], facts: Dict[str, Any],
                 goals: List[str], lead: str = "That", lang: str = "en") -> Dict[str, Any]:
    """After a new fact: only what changed since the last answer ("That adds TTPS category B")."""
    lines, results = [], []
    for s in relevance_order(answer.get("schemes", []), goals, facts):
        old_status, old_route, old_label = (list(before.get(s["id"]) or []) + [None, None, None])[:3]
        if old_status == s["status"] and old_route == s.get("route"):
            continue
        reason = (s.get("reasons") or [""])[0]
        suffix = messages.text("reason_suffix", lang, reason=reason.rstrip(".")) if reason else ""
        if s["status"] == "eligible":
            lines.append(messages.text("change_adds", lang, lead=lead, name=scheme_label(s, lang), reason=suffix))
            results.append(result_entry(s, lang))
        elif old_status == "eligible":
            # named as it was met: "TTPS - category A"
            was = scheme_label(dict(s, route=old_route, route_label=old_label), lang)
            lines.append(messages.text("change_rules_out", lang, lead=lead, name=was, reason=suffix))
    intro = []
    free = no_visa_needed(answer, facts)
    if free:
        intro.append(messages.text("no_visa_needed", lang, reason=free["reason"]))
    if not lines:
        eligible = relevance_order(by_status(answer, "eligible"), goals, facts)
        if eligible:
            lines.append(messages.text("no_change_eligible", lang, lead=lead,
                                       names=messages.join_names([scheme_label(s, lang) for s in eligible], lang)))
        elif not free:
            lines.append(messages.text("no_change_none", lang, lead=lead))
    notes = []
    note = criminal_record_note(facts, answer, lang)
    if note:
        notes.append(note)
    return make_card("", intro + lines, results, notes, answer_buttons(answer, goals, facts, lang), lang)


def answered_results(answer: Dict[str, Any]) -> Dict[str, List[Any]]:
    return {s["id"]: [s["status"], s.get("route"), s.get("route_label")] for s in answer.get("schemes", [])}


class ActionShowAllResults(Action):
    def name(self) -> Text:
        return "action_show_all_results"

    async def run(self, dispatcher, tracker, domain):
        _facts, _as_of, answer = run_assessment(tracker)
        lang = language(tracker)
        lines = []
        for s in answer.get("schemes", []):
            reason = (s.get("reasons") or [""])[0]
            if s.get("status") == "undecided" and s.get("missing"):
                reason = messages.text("depends_on", lang, facts=fact_phrases(s["missing"], lang))
            lines.append(messages.text("status_line", lang, name=scheme_label(s, lang),
                                       status=messages.text(f"status_{s.get('status')}", lang),
                                       reason=messages.text("detail_suffix", lang, reason=reason) if reason else ""))
        dispatcher.utter_message(text=messages.text("all_results_heading", lang) + "\n" + bullet(lines) + "\n\n"
                                 + messages.not_legal_advice(lang, NOT_LEGAL_ADVICE))
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
        lang = language(tracker)
        if scheme is None:
            dispatcher.utter_message(text=messages.text("which_scheme_why_not", lang))
            return []
        name = scheme_label(scheme, lang)
        reasons = scheme.get("reasons") or []
        if scheme["status"] == "eligible":
            text = messages.text("actually_eligible", lang, name=name, reasons="; ".join(reasons[:2]))
        elif scheme["status"] == "undecided":
            missing = fact_phrases(scheme.get("missing") or [], lang) or messages.text("open_questions", lang)
            text = messages.text("undecided_depends", lang, name=name, facts=missing)
            if reasons:
                text += "\n" + bullet(reasons)
        else:
            text = messages.text("why_you_dont_meet", lang, name=name) + "\n" + bullet(
                reasons or [messages.text("criterion_not_met", lang)])
        if scheme.get("near_miss") and scheme["near_miss"].get("message"):
            text += "\n" + messages.text("nearly_there", lang, message=scheme["near_miss"]["message"])
        dispatcher.utter_message(text=text)
        return [SlotSet("scheme", scheme_id)]


def status_phrase(result: Optional[Dict[str, Any]], lang: str = "en") -> str:
    """'eligible (category A)', 'not eligible', 'not decided yet'."""
    if not result:
        return messages.text("status_unknown", lang)
    phrase = messages.text(f"status_{result['status']}", lang)
    route = messages.route_label(result["id"], result.get("route"), result.get("route_label"), lang)
    if route:
        phrase += messages.text("route_suffix", lang, route=route)
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
        lang = language(tracker)
        if not changes:
            dispatcher.utter_message(text=messages.text("what_if_ask", lang))
            return []
        facts, _as_of, before = run_assessment(tracker)
        _f, _a, after = run_assessment(tracker, changes)
        old = {s["id"]: s for s in before.get("schemes", [])}
        lines = []
        for s in after.get("schemes", []):
            prev = old.get(s["id"])
            if prev is None or prev.get("status") != s.get("status") or prev.get("route") != s.get("route"):
                name = messages.scheme_name(s["id"], s["name"], lang)
                lines.append(f"{name}: {status_phrase(prev, lang)} -> {status_phrase(s, lang)}")
        if messages.is_chinese(lang):
            what = messages.join_names([messages.text("fact_line", lang, label=fact_phrase(f, lang),
                                                      value=messages.describe_value(f, v, lang))
                                        for f, v in changes.items()], lang)
        else:
            what = ", ".join(describe(f, v) for f, v in changes.items())
        if lines:
            text = messages.text("what_if_changes", lang, what=what) + "\n" + bullet(lines)
        else:
            text = messages.text("what_if_nothing", lang, what=what)
        text += "\n" + messages.text("what_if_kept", lang)
        dispatcher.utter_message(text=text)
        return []
