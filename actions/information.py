"""Answers about schemes, documents, stay, fees, terms, and why a question is asked."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, SCHEME_IDS, explain_scheme

from .assessment import requested_scheme
from .common import NOT_LEGAL_ADVICE, bullet, today
from .glossary import TERMS

logger = logging.getLogger(__name__)


def target_schemes(tracker: Tracker) -> List[str]:
    """The scheme asked about, else the schemes the person is eligible for."""
    scheme = requested_scheme(tracker)
    if scheme in SCHEME_IDS:
        return [scheme]
    return list(tracker.get_slot("eligible_schemes") or [])


def scheme_info(scheme_id: str) -> Optional[Dict[str, Any]]:
    try:
        return explain_scheme(scheme_id, today())
    except Exception:
        logger.exception("explain_scheme failed for %s", scheme_id)
        return None


def ask_which(dispatcher: CollectingDispatcher, what: str) -> None:
    dispatcher.utter_message(text=f"Which scheme do you want {what} for? For example TTPS, QMAS, ASSG, GEP or IANG.")


class ActionExplainScheme(Action):
    def name(self) -> Text:
        return "action_explain_scheme"

    async def run(self, dispatcher, tracker, domain):
        scheme = requested_scheme(tracker)
        info = scheme_info(scheme) if scheme in SCHEME_IDS else None
        if not info:
            ask_which(dispatcher, "an explanation")
            return []
        text = f"{info['name']}: {info.get('summary', '')}".strip()
        criteria = [c.get("text") for c in info.get("criteria") or [] if c.get("text")]
        if criteria:
            text += "\nMain criteria:\n" + bullet(criteria)
        if info.get("url"):
            text += f"\nOfficial page: {info['url']}"
        dispatcher.utter_message(text=text)
        return []


class _PerScheme:
    """Mixin (not an Action, so rasa_sdk doesn't register it): one line per scheme asked about."""

    field = ""
    what = ""
    heading = ""

    async def run(self, dispatcher, tracker, domain):
        schemes = target_schemes(tracker)
        if not schemes:
            ask_which(dispatcher, self.what)
            return []
        lines = []
        for scheme_id in schemes:
            info = scheme_info(scheme_id)
            if not info:
                continue
            value = self.value(info)
            if value:
                lines.append(f"{info['name']}: {value}" + (f" ({info['url']})" if info.get("url") else ""))
        if not lines:
            ask_which(dispatcher, self.what)
            return []
        dispatcher.utter_message(text=self.heading + "\n" + bullet(lines) + "\n" + NOT_LEGAL_ADVICE)
        return []

    def value(self, info: Dict[str, Any]) -> str:
        value = info.get(self.field)
        return "; ".join(value) if isinstance(value, list) else (value or "")


class ActionDocuments(_PerScheme, Action):
    what, heading = "the documents", "What you'll need:"

    def name(self) -> Text:
        return "action_documents"

    def value(self, info):
        docs = info.get("documents") or info.get("next_steps") or []
        return "; ".join(docs) if isinstance(docs, list) else str(docs)


class ActionStay(_PerScheme, Action):
    field, what, heading = "stay", "the length of stay", "How long you can stay:"

    def name(self) -> Text:
        return "action_stay"


class ActionFees(_PerScheme, Action):
    field, what, heading = "fees", "the fees", "Fees:"

    def name(self) -> Text:
        return "action_fees"


class ActionExplainTerm(Action):
    def name(self) -> Text:
        return "action_explain_term"

    async def run(self, dispatcher, tracker, domain):
        term = None
        for entity in (tracker.latest_message or {}).get("entities", []) or []:
            if entity.get("entity") == "term":
                term = entity.get("value")
        term = term or tracker.get_slot("term")
        if term in TERMS:
            dispatcher.utter_message(text=TERMS[term])
        else:
            dispatcher.utter_message(text="I can explain terms such as the Talent List, the aggregate list of "
                                          "universities, the top-tier extension or the right of abode. Which one?")
        return []


class ActionExplainWhy(Action):
    """'Why do you need this?' - the fact's `why`, for the question being asked (or the last one)."""

    def name(self) -> Text:
        return "action_explain_why"

    async def run(self, dispatcher, tracker, domain):
        fact = tracker.get_slot("requested_slot")
        named = [e.get("entity") for e in (tracker.latest_message or {}).get("entities", []) or []
                 if e.get("entity") in FACTS]
        if named:
            fact = named[0]
        if fact in FACTS:
            dispatcher.utter_message(text=f"I ask because: {FACTS[fact].why}")
        else:
            dispatcher.utter_message(text="I only ask questions whose answers can change which schemes you "
                                          "qualify for, and I stop as soon as nothing more could change the result.")
        return []
