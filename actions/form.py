"""validate_eligibility_form: the engine decides what to ask next; answers are parsed and checked.

The form's required slots are dynamic: after every answer we run `eligibility.assess` on the facts
known so far and ask the engine's first missing fact that the user has not said they don't know.
When nothing left could change a result the list is empty and the form completes (-> action_assess).

Validation follows financial-demo's pattern: a bad answer is re-asked kindly; after two failed tries
we explain why the question matters and offer to skip it. "I don't know" / "skip" adds the fact to
`unknown_facts` (never asked again; the answer says what depends on it). When the message is a
question or chit-chat (nothing extracted), we return nothing, so the form is rejected and the rules
answer the question; the form then resumes and repeats its question.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, assess

from .assessment import status_events
from .common import (
    DONT_KNOW_INTENTS,
    describe,
    facts_from_slots,
    latest_fact_entities,
    latest_intent,
    parse_value,
    today,
)

logger = logging.getLogger(__name__)

FORM = "eligibility_form"
MAX_FAILED_ATTEMPTS = 2
# Messages that are not answers: let the rules handle them, then the form resumes.
NOT_AN_ANSWER = {"what_if"}


def next_question(facts: Dict[str, Any], unknown: List[str], as_of, check_all: bool = True,
                  answer: Optional[Dict[str, Any]] = None) -> Optional[str]:
    """The first fact the engine still needs that the user has not said they don't know.

    Unless the user asked to check every scheme, we stop as soon as one scheme is met: the answer
    then names it and offers to check the schemes still open (no wasted questions).
    """
    answer = answer or assess(facts, as_of)
    if not check_all and any(s["status"] == "eligible" for s in answer["schemes"]):
        return None
    for fact in answer.get("missing") or []:
        if fact not in unknown and fact not in facts and fact in FACTS:
            return fact
    return None


class ValidateEligibilityForm(Action):
    def name(self) -> Text:
        return "validate_eligibility_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        as_of = today()
        intent = latest_intent(tracker)
        requested = tracker.get_slot("requested_slot")
        candidates = tracker.slots_to_validate()
        unknown = list(tracker.get_slot("unknown_facts") or [])
        failed = int(tracker.get_slot("failed_attempts") or 0)
        slots = dict(tracker.current_slot_values())
        events: List[EventType] = []

        check_all = bool(tracker.get_slot("check_all"))
        if self._resuming(tracker):  # back from answering a question: just ask the next one
            return [SlotSet("requested_slot", next_question(facts_from_slots(slots), unknown, as_of, check_all))]
        if intent in NOT_AN_ANSWER and requested:
            return []  # reject: rules run action_what_if; slots stay untouched

        # 1. Facts volunteered in this message (entities): re-check and keep them.
        volunteered = latest_fact_entities(tracker)
        noted, updated = [], []
        for fact, value in volunteered.items():
            before = self._previous_value(tracker, fact)
            parsed = parse_value(fact, value, intent, as_of)
            slots[fact] = parsed
            events.append(SlotSet(fact, parsed))
            if parsed is not None and fact in unknown:
                unknown.remove(fact)
                events.append(SlotSet("unknown_facts", unknown))
            # A plain answer to the question asked needs no echo; several facts at once do.
            if parsed is not None and (fact != requested or len(volunteered) > 1):
                if before is not None and before != parsed:
                    updated.append(describe(fact, parsed) + f" (was {describe(fact, before).split(': ', 1)[1]})")
                elif before is None:
                    noted.append(describe(fact, parsed))
        if updated:
            dispatcher.utter_message(text="Updated - " + "; ".join(updated) + ".")
        if noted:
            dispatcher.utter_message(text="Noted - " + "; ".join(noted) + ".")

        # 2. The answer to the question being asked.
        answered_requested = False
        if requested:
            if requested in volunteered and slots.get(requested) is not None:
                answered_requested = True
            elif intent in DONT_KNOW_INTENTS:
                if requested not in unknown:
                    unknown.append(requested)
                events += [SlotSet(requested, None), SlotSet("unknown_facts", unknown)]
                dispatcher.utter_message(text="No problem, I'll leave that open.")
                answered_requested = True
            elif requested in candidates and not volunteered:
                # A bare answer ("5", "yes", "HKU"). A message in which other facts were recognised
                # is not read as an answer to this question: we move on and re-ask if still needed.
                parsed = parse_value(requested, candidates[requested], intent, as_of)
                events.append(SlotSet(requested, parsed))
                slots[requested] = parsed
                if parsed is not None:
                    answered_requested = True
                else:
                    failed += 1
                    events.append(SlotSet("failed_attempts", failed))
                    self._explain_failure(dispatcher, requested, failed)
                    # keep asking the same question
                    events.append(SlotSet("requested_slot", requested))
                    return events
            elif requested in candidates:
                events.append(SlotSet(requested, None))  # drop the raw text from_text put there
                slots[requested] = None
            elif not events:
                return []  # nothing for the form in this message: reject, rules answer it

        if answered_requested and failed:
            events.append(SlotSet("failed_attempts", 0))

        # 3. What to ask next (or nothing: the form completes).
        facts = facts_from_slots(slots)
        answer = assess(facts, as_of)   # once per turn: the status slots and the next question
        events += status_events(answer)
        events.append(SlotSet("requested_slot", next_question(facts, unknown, as_of, check_all, answer)))
        return events

    @staticmethod
    def _previous_value(tracker: Tracker, fact: str) -> Any:
        """The fact's value before this message (the slot may already hold the new one)."""
        latest_user = None
        for index in range(len(tracker.events) - 1, -1, -1):
            if tracker.events[index].get("event") == "user":
                latest_user = index
                break
        value = None
        for event in tracker.events[: latest_user if latest_user is not None else len(tracker.events)]:
            if event.get("event") == "slot" and event.get("name") == fact:
                value = event.get("value")
            elif event.get("event") in ("restart", "reset_slots"):
                value = None
        return value

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

    @staticmethod
    def _explain_failure(dispatcher: CollectingDispatcher, fact: str, failed: int) -> None:
        spec = FACTS[fact]
        if failed < MAX_FAILED_ATTEMPTS:
            dispatcher.utter_message(
                text="Sorry, I couldn't read that as an answer to my question. Could you put it another way?"
            )
            return
        dispatcher.utter_message(
            text=f"I still couldn't read that, sorry. I ask because: {spec.why} "
            "If you're not sure, you can skip this question and I'll tell you what depends on it.",
            buttons=[
                {"title": "Skip this question", "payload": "/skip"},
                {"title": "I don't know", "payload": "/dont_know"},
            ],
        )
