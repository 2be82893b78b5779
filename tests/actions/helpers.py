"""Build rasa_sdk trackers the way Rasa sends them, run an action, collect messages and events."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS

DOMAIN: Dict[str, Any] = {}


def user_event(text: str, intent: str, entities: Optional[Dict[str, Any]] = None) -> dict:
    return {"event": "user", "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": 0.99},
                           "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
                           "text": text}}


def make_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "inform",
                 entities: Optional[Dict[str, Any]] = None, events_after: Optional[List[dict]] = None,
                 sender: str = "tester", active_loop: Optional[str] = None,
                 prior_events: Optional[List[dict]] = None) -> Tracker:
    """A tracker whose latest message is (text, intent, entities).

    `events_after` follow the user message (e.g. the form's slot candidates after
    ActionExecuted(eligibility_form), as Rasa's FormAction builds them).
    """
    all_slots = {name: None for name in FACTS}
    all_slots.update({"requested_slot": None, "unknown_facts": None, "failed_attempts": 0.0,
                      "eligible_schemes": None, "ineligible_schemes": None, "undecided_schemes": None,
                      "assessed": False, "scheme": None, "term": None, "check_all": False,
                      "language": "en"})
    all_slots.update(slots or {})
    message = user_event(text, intent, entities)
    events = list(prior_events or []) + [message] + list(events_after or [])
    return Tracker(sender_id=sender, slots=all_slots, latest_message=message["parse_data"] | {"text": text},
                   events=events, paused=False, followup_action=None,
                   active_loop={"name": active_loop} if active_loop else {}, latest_action_name="action_listen")


def form_candidates(**values) -> List[dict]:
    """What FormAction sends the validation action: its own execution, then the slot candidates."""
    return [{"event": "action", "name": "eligibility_form"}] + [
        {"event": "slot", "name": k, "value": v} for k, v in values.items()]


def run(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def texts(messages) -> List[str]:
    return [m.get("text") for m in messages if m.get("text")]
