"""An apology instead of silence when a custom action cannot be run.

Rasa 3.6 logs a failed custom action and drops its events, so the user gets no reply
(RasaHQ/rasa#7630, #5588). We wrap `RemoteAction.run`: when the action server cannot be reached or
answers with an error, the action returns a `BotUttered` apology instead of raising. Rejections
(the action server's way of saying "not this action") still propagate.

For the form's validation action we also keep `requested_slot`, so the form repeats its question
(its `utter_ask_*` responses live in the domain and need no action server): the conversation goes on
where it was once the action server is back. Fact slots are filled only by our actions (custom
mappings), so we also re-set `failed_attempts`: Rasa's form rejects a turn in which no slot other than
`requested_slot` was set, and the rejection would send the message to the fallback in a loop. Installed by importing rasa_addons.tracker_store.
Set ACTION_ENDPOINT_URL to override the action server URL from endpoints.yml.
"""
from __future__ import annotations

import logging
import os

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

APOLOGY = ("Sorry, something went wrong on my side and I can't work that out just now. "
           "Please try again in a moment - I still remember what you told me.")
_FIRST_QUESTION = "age"
_installed = False


def _fallback_events(action_name, tracker):
    events = [BotUttered(text=APOLOGY, metadata={"action_failed": action_name})]
    if action_name.startswith("validate_"):
        requested = tracker.get_slot("requested_slot") or _FIRST_QUESTION
        events.append(SlotSet("requested_slot", requested))
        events.append(SlotSet("failed_attempts", tracker.get_slot("failed_attempts") or 0))
    return events


def install() -> None:
    global _installed
    if _installed:
        return
    original_run = RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):
        override = os.environ.get("ACTION_ENDPOINT_URL")
        if override and self.action_endpoint is not None and self.action_endpoint.url != override:
            self.action_endpoint.url = override
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except RasaException as error:  # unreachable action server, HTTP error, bad response
            logger.error("custom action '%s' failed (%s); apologising to the user", self.name(), error)
            return _fallback_events(self.name(), tracker)

    RemoteAction.run = run
    _installed = True
