"""validate_eligibility_form: read the answer, then let the planner pick the next question.

The form's required slots are dynamic: after every message we run `eligibility.assess` on the facts
known so far and ask what `eligibility.planner.next_question` picks for the person's goal schemes
(`goal_schemes`; none stated = every scheme). When the goal is settled the form completes
(-> action_assess).

Messages are read only through `fact_extraction.understand()` (actions/reading.py), with the question
asked, so "5" or "yes" answer it and an incidental word never changes a known fact.

No dead ends: an answer that cannot be read is re-asked once; read wrong twice, the question is left
open with a note (the answer then says what depends on it). Every question is asked at most three
times (`question_counts`), whatever comes in between. A question or chit-chat in the middle
rejects the form's turn, so the rules answer it and the form then repeats its question.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, assess
from eligibility.planner import next_question as plan_next_question

from . import messages
from .assessment import status_events
from .common import DONT_KNOW_INTENTS, facts_from_slots, latest_intent, today
from .reading import (NOT_AN_ANSWER, ask_ambiguity, fact_events, form_was_active, is_language_request, is_payload,
                      language, read_message)

logger = logging.getLogger(__name__)

FORM = "eligibility_form"
MAX_FAILED_ATTEMPTS = 2
MAX_TIMES_ASKED = 3
# Intents the classifier may give a short answer ("no family there" can look like a goodbye): when
# the message still answers the question asked, it is read as that answer.
SMALL_TALK = {"goodbye", "thank", "greet", "chitchat", "out_of_scope", "help", "bot_challenge"}
# Intents a short answer is often taken for: "no family there" (a follow-up about family), "as I
# said, I live in Christchurch" (delete my data). When the message answers the question asked, it
# is the answer (and the form goes on); otherwise the rules answer the intent.
READ_AS_ANSWER_WHEN_IT_IS_ONE = SMALL_TALK | {"ask_follow_up", "delete_data", "restart"}


def next_question(facts: Dict[str, Any], unknown: List[str], as_of, check_all: bool = True,
                  answer: Optional[Dict[str, Any]] = None, goals: Optional[List[str]] = None) -> Optional[str]:
    """The planner's next question for the goal schemes; None when the goal is settled.

    Unless the person asked to check every scheme, the questions stop at the first goal scheme met
    that is at least as plausible as those still open; the answer then offers to check the rest.
    """
    return plan_next_question(facts, as_of, goals=goals or None, unknown=unknown,
                              stop_at_first_eligible=not check_all, answer=answer)


class ValidateEligibilityForm(Action):
    def name(self) -> Text:
        return "validate_eligibility_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent = latest_intent(tracker)
        requested = tracker.get_slot("requested_slot")
        unknown = list(tracker.get_slot("unknown_facts") or [])
        failed = int(tracker.get_slot("failed_attempts") or 0)
        events: List[EventType] = []
        re_ask = False   # the answer couldn't be read: the same question once more
        lang = language(tracker)

        resuming = self._resuming(tracker)
        reading_here = form_was_active(tracker) and not resuming
        if (reading_here and intent in NOT_AN_ANSWER and not (is_payload(tracker) and intent == "inform")
                and not (intent in READ_AS_ANSWER_WHEN_IT_IS_ONE
                         and requested in read_message(tracker, requested).facts)):
            return []   # reject: the rules answer it, then the form asks again
        if reading_here and requested and is_language_request(tracker):
            # 「可唔可以用中文？」: the switch was confirmed; the same question again, in the new language.
            return [SlotSet("requested_slot", requested)]
        if reading_here:
            reading = read_message(tracker, requested, lang)
            events += fact_events(reading, unknown)
            acknowledgement = messages.acknowledgement(reading, lang) if not is_payload(tracker) else None
            if acknowledgement:
                dispatcher.utter_message(text=acknowledgement)
            answered = requested is not None and requested in reading.updates
            if requested and not answered and requested in reading.facts:
                answered = True   # the same value again: nothing to store, but it is an answer
            if requested and not answered and (reading.dont_know or intent in DONT_KNOW_INTENTS):
                self._leave_open(requested, unknown, events)
                dispatcher.utter_message(text=messages.text("leave_open", lang))
                answered = True
            if reading.ambiguity is not None and not answered:
                ask_ambiguity(dispatcher, reading)
                events.append(SlotSet("failed_attempts", failed))   # counts as handled
            elif requested and not answered and not reading.updates:
                failed += 1
                if failed >= MAX_FAILED_ATTEMPTS:
                    self._leave_open(requested, unknown, events)
                    dispatcher.utter_message(text=messages.text(
                        "unreadable_twice", lang, label=messages.fact_label(requested, lang)))
                    failed = 0
                else:
                    re_ask = True
                    dispatcher.utter_message(
                        text=messages.text("unreadable", lang, why=messages.fact_why(requested, lang)),
                        buttons=[{"title": messages.text("skip_button", lang), "payload": "/skip"},
                                 {"title": messages.text("dont_know_button", lang), "payload": "/dont_know"}])
                events.append(SlotSet("failed_attempts", failed))
            elif answered and failed:
                events.append(SlotSet("failed_attempts", 0))

        # What to ask next (or nothing: the form completes).
        slots = dict(tracker.current_slot_values())
        for event in events:
            if event.get("event") == "slot":
                slots[event["name"]] = event["value"]
        facts = facts_from_slots(slots)
        as_of = today()
        answer = assess(facts, as_of)
        goals = list(tracker.get_slot("goal_schemes") or [])
        check_all = bool(tracker.get_slot("check_all"))
        counts = dict(tracker.get_slot("question_counts") or {})
        question = requested if re_ask else next_question(facts, unknown, as_of, check_all, answer, goals)
        while question is not None and counts.get(question, 0) >= MAX_TIMES_ASKED:
            # Asked three times already (answers in between were about something else): leave it.
            self._leave_open(question, unknown, events)
            dispatcher.utter_message(text=messages.text("leave_for_now", lang,
                                                        label=messages.fact_label(question, lang)))
            question = next_question(facts, unknown, as_of, check_all, answer, goals)
        if question is not None and (reading_here or resuming or question != requested):
            counts[question] = counts.get(question, 0) + 1   # the form asks it (again) now
        events += status_events(answer)
        events += [SlotSet("question_counts", counts), SlotSet("requested_slot", question)]
        return events

    @staticmethod
    def _leave_open(fact: str, unknown: List[str], events: List[EventType]) -> None:
        if fact not in unknown:
            unknown.append(fact)
        events += [SlotSet(fact, None), SlotSet("unknown_facts", list(unknown))]

    @staticmethod
    def _resuming(tracker: Tracker) -> bool:
        """True when the form runs again after another action answered the user's last message.

        Then Rasa asks us for the next slot without anything to validate; rejecting would end the form.
        """
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                return False
            if event.get("event") == "action" and event.get("name") not in (
                "action_listen", "action_extract_slots", FORM, None,
            ):
                return True
        return False
