"""Start over and delete my data (each confirmed with buttons), and the clarifying reply for
messages the assistant could not understand."""
from __future__ import annotations

import logging
from typing import Text

from rasa_sdk import Action
from rasa_sdk.events import AllSlotsReset, FollowupAction, Restarted, SlotSet, UserUtteranceReverted

from . import messages
from .common import facts_set_this_turn
from .reading import language, message_language



def confirmed(tracker, intent: str) -> bool:
    """The message is the confirmation button's own payload ("/restart"), not typed words: typed
    words may be misread ("yes, as I said at the start"), so they are confirmed first."""
    return str((tracker.latest_message or {}).get("text") or "").strip() == f"/{intent}"


def confirmed_or_ask(dispatcher, tracker, intent: str, key: str, lang: str) -> bool:
    """True when the message is the confirmation button's payload; otherwise ask to confirm
    (`<key>_confirm` with `<key>_yes` / `<key>_no` buttons) and return False."""
    if confirmed(tracker, intent):
        return True
    dispatcher.utter_message(
        text=messages.text(f"{key}_confirm", lang),
        buttons=[{"title": messages.text(f"{key}_yes", lang), "payload": f"/{intent}"},
                 {"title": messages.text(f"{key}_no", lang), "payload": "/keep_going"}])
    return False


class ActionKeepGoing(Action):
    """"No, keep my answers" after a start-over or delete question."""

    def name(self) -> Text:
        return "action_keep_going"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=messages.text("kept_everything", language(tracker)))
        return []


class ActionDeleteData(Action):
    """Delete the stored assessments and forget the conversation.

    The assessments go through eligibility's AssessmentStore. The conversation is restarted (all
    slots reset); the Rasa-side tracker store (rasa_addons.tracker_store) also deletes this
    conversation's stored events when it sees this action, keeping only what follows it.
    """

    def name(self) -> Text:
        return "action_delete_data"

    async def run(self, dispatcher, tracker, domain):
        lang = language(tracker)
        if not confirmed_or_ask(dispatcher, tracker, "delete_data", "delete", lang):
            return []
        deleted = 0
        try:
            from eligibility.store import AssessmentStore
            deleted = AssessmentStore().delete_conversation(tracker.sender_id)
        except Exception:
            logger.exception("could not delete stored assessments for %s", tracker.sender_id)
            dispatcher.utter_message(text=messages.text("delete_failed", lang))
            return []
        dispatcher.utter_message(text=messages.text("deleted_one", lang) if deleted == 1
                                 else messages.text("deleted_many", lang, count=deleted))
        # The language is how the person talks, not something they told: it is kept.
        return [AllSlotsReset(), Restarted(), SlotSet("language", lang), FollowupAction("action_listen")]


class ActionRestart(Action):
    """Start over: forget everything said in this conversation (overrides Rasa's action_restart).

    After a `Restarted` event Rasa predicts the next action on an empty tracker, where no rule applies
    and the core fallback would fire ("Sorry, I didn't understand"); so we ask it to listen instead.
    """

    def name(self) -> Text:
        return "action_restart"

    async def run(self, dispatcher, tracker, domain):
        lang = language(tracker)
        if not confirmed_or_ask(dispatcher, tracker, "restart", "restart", lang):
            return []
        dispatcher.utter_message(response="utter_restart")
        return [Restarted(), SlotSet("language", lang), FollowupAction("action_listen")]


class ActionDefaultFallback(Action):
    """Low NLU confidence: ask the user to rephrase rather than guess; the message is forgotten."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher, tracker, domain):
        new, requested = message_language(tracker)
        if requested:
            # 「我唔識英文好好，可唔可以用中文？」 read with low confidence: the switch was confirmed
            # (action_validate_slot_mappings); keep it past the revert and ask the open question again
            # in the new language.
            requested = tracker.get_slot("requested_slot")
            if requested:
                # the language slot is already set this turn, so Rasa renders the new language's variation
                dispatcher.utter_message(response=f"utter_ask_{requested}")
            return [UserUtteranceReverted(), SlotSet("language", new)]
        if facts_set_this_turn(tracker, also=("goal_schemes",)) and not tracker.active_loop_name:
            # The words around them were not understood, but the facts (or the goal) were ("Noted
            # - ..." is already said): keep them and go on with the questions, not ask to rephrase.
            return [FollowupAction("eligibility_form")]
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]

