"""One structured result for every channel: the card the answer is built as, and how it is sent.

A card is a plain dict (`type: result_card`): `heading`, `intro` lines (said first, e.g. "you don't
need a visa"), `results` (one per scheme: scheme, name, label, status, route, reason, stay, fees,
url), `notes`, `buttons`, `text` - the same answer as plain text - and `language` with `labels`
(the words a renderer adds itself: stay, fees, official page) in the conversation's language. The website widget, Slack and
Teams receive the card as a custom payload and draw it (widget card, Block Kit, Adaptive Card);
REST and `rasa shell` receive the plain text with buttons.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional

from channels.text import result_card_text
from eligibility import explain_scheme, load_rules
from eligibility.logic import walk

from . import messages
from .common import scheme_label, today

logger = logging.getLogger(__name__)

CARD_CHANNELS = {"socketio", "slack", "teams"}


def scheme_details(scheme_id: str, language: str = "en") -> Dict[str, Any]:
    try:
        return explain_scheme(scheme_id, today(), language=messages.normalise(language))
    except Exception:
        logger.exception("explain_scheme failed for %s", scheme_id)
        return {}


def result_entry(result: Dict[str, Any], language: str = "en") -> Dict[str, Any]:
    """One scheme's line: the deciding reason, and for a scheme met the stay, fees and official page
    (all in the language the engine answered in: the conversation's)."""
    english = result.get("name") or result["id"]
    entry = {"scheme": result["id"], "name": messages.scheme_name(result["id"], english, language),
             "label": scheme_label(result, language),
             "status": result["status"], "route": result.get("route"),
             "reason": (result.get("reasons") or [""])[0],
             "url": messages.scheme_url(result["id"], result.get("url"), language)}
    if result["status"] == "eligible":
        info = scheme_details(result["id"], language)
        entry["stay"] = info.get("stay")
        entry["fees"] = info.get("fees")
    return entry


def make_card(heading: str, intro: List[str], results: List[Dict[str, Any]], notes: List[str],
              buttons: List[Dict[str, str]], language: str = "en") -> Dict[str, Any]:
    card = {"type": "result_card", "heading": heading, "intro": intro, "results": results,
            "notes": notes, "buttons": buttons, "language": messages.normalise(language),
            "labels": {key: messages.text(f"card_{key}", language) for key in ("stay", "fees", "official_page")}}
    card["text"] = result_card_text(card)
    return card


def send_card(dispatcher, tracker, card: Dict[str, Any]) -> None:
    channel = tracker.get_latest_input_channel()
    if channel == "socketio":
        # Rasa's Socket.IO output emits a custom payload as `sio.emit(event, **payload)`: the card
        # goes in `data` (the widget receives it as the message).
        dispatcher.utter_message(json_message={"data": card})
    elif channel in CARD_CHANNELS:
        dispatcher.utter_message(json_message=card)
    else:
        dispatcher.utter_message(text=card["text"], buttons=card["buttons"])


@lru_cache(maxsize=1)
def schemes_requiring_clear_record() -> frozenset:
    """Scheme ids whose criteria (today's versions) use the `no_criminal_record` predicate."""
    rules = load_rules()
    day = rules.check_date(today())
    found = set()
    for scheme_id, scheme in rules.schemes.items():
        version = scheme.version_for(day)
        for criterion in version.criteria:
            if any(node.get("ref") == "no_criminal_record" or node.get("fact") == "criminal_record"
                   for node in walk(criterion)):
                found.add(scheme_id)
    return frozenset(found)
