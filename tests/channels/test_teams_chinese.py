"""Chinese conversations through the real Teams channel: activities signed with the stand-in's keys
in, replies out to the stand-in Bot Connector (Hero cards for questions, an Adaptive Card for the
answer), clicking the cards' buttons, to the answer and its next steps.

The person writes and clicks as in tests/e2e/chinese_people.py; every text Teams would show them
(message text, card texts, fact sets, button titles, the notification summary) must be in their
own script (tests/e2e/script_check.py).
"""
from __future__ import annotations

import time
import uuid
from typing import Any, Dict, List, Optional

import pytest
import requests

from tests.channels.standins import TEAMS_APP_ID, bot_events_settled
from tests.e2e.chinese_people import (
    CANTONESE_GRADUATE_IN_HONG_KONG,
    MANDARIN_ENGINEER_IN_SHANGHAI,
    fact_asked,
    next_move,
)
from tests.e2e.script_check import offending_texts

pytestmark = pytest.mark.channels

BOT = {"id": f"28:{TEAMS_APP_ID}", "name": "HK move assistant"}
NEXT_STEPS = "下一步"


class TeamsConversation:
    """One person in a personal chat with the assistant, through the Teams channel."""

    def __init__(self, stack, microsoft):
        self.stack, self.microsoft = stack, microsoft
        self.user = {"id": f"29:{uuid.uuid4().hex}", "name": "陳大文", "aadObjectId": str(uuid.uuid4())}
        self.conversation = {"id": f"a:{uuid.uuid4().hex}", "conversationType": "personal",
                             "tenantId": microsoft.TENANT}
        self.read = 0

    def token(self) -> str:
        now = int(time.time())
        return self.microsoft.key.sign({"iss": "https://api.botframework.com", "aud": TEAMS_APP_ID,
                                        "iat": now - 5, "nbf": now - 5, "exp": now + 3600,
                                        "serviceurl": self.microsoft.service_url})

    def replies(self) -> List[Dict[str, Any]]:
        return [r["body"] for r in self.microsoft.replies()
                if r["body"]["conversation"]["id"] == self.conversation["id"]]

    def _send(self, **fields: Any) -> List[Dict[str, Any]]:
        """Post one message activity; the replies to it, once the assistant has finished its turn."""
        activity = {
            "type": "message", "id": uuid.uuid4().hex, "timestamp": "2025-01-01T00:00:00.000Z",
            "serviceUrl": self.microsoft.service_url, "channelId": "msteams", "from": self.user,
            "conversation": self.conversation, "recipient": BOT,
            "channelData": {"tenant": {"id": self.microsoft.TENANT}}, **fields,
        }
        sender = self.user["id"]
        before = len(self.stack.user_texts(sender))
        response = requests.post(f"{self.stack.url}/webhooks/teams/webhook", json=activity,
                                 headers={"Authorization": f"Bearer {self.token()}"}, timeout=120)
        assert response.status_code == 200, response.text
        assert len(self.stack.user_texts(sender)) > before, "the message never reached the assistant"
        bot_events_settled(self.stack, sender)
        # one activity per text message or card; quiet for a second means the turn is delivered
        count, since = -1, time.time()
        deadline = time.time() + 30
        while time.time() < deadline and (len(self.replies()) != count or time.time() - since < 1.0):
            if len(self.replies()) != count:
                count, since = len(self.replies()), time.time()
            time.sleep(0.2)
        new, self.read = self.replies()[self.read:], len(self.replies())
        return new

    def say(self, text: str) -> List[Dict[str, Any]]:
        return self._send(text=text)

    def click(self, reply: Dict[str, Any], title: str) -> List[Dict[str, Any]]:
        """Click a Hero card's messageBack button or an Adaptive Card's Action.Submit, as Teams does."""
        for button in card_buttons(reply):
            if (button.get("title") or "") == title:
                payload = (button.get("value") or button.get("data") or {})["rasa_payload"]
                return self._send(text=title, value={"rasa_payload": payload})
        raise AssertionError(f"no button {title!r}: {[b.get('title') for b in card_buttons(reply)]}")


def card_buttons(reply: Dict[str, Any]) -> List[Dict[str, Any]]:
    found = []
    for attachment in reply.get("attachments") or []:
        content = attachment.get("content") or {}
        found.extend(content.get("buttons") or [])          # Hero card
        found.extend(content.get("actions") or [])          # Adaptive Card
    return found


def _adaptive_texts(elements: List[Dict[str, Any]]) -> List[str]:
    texts = []
    for element in elements:
        if element.get("type") == "TextBlock":
            texts.append(element.get("text") or "")
        elif element.get("type") == "FactSet":
            texts.extend(t for fact in element.get("facts", []) for t in (fact.get("title"), fact.get("value")))
        texts.extend(_adaptive_texts(element.get("items") or []))
    return texts


def shown_texts(reply: Dict[str, Any]) -> List[str]:
    """Every text of a reply a person sees: message text, notification summary, card texts, facts
    and button titles."""
    texts = [reply.get("text") or "", reply.get("summary") or ""]
    for attachment in reply.get("attachments") or []:
        content = attachment.get("content") or {}
        texts.extend([content.get("title") or "", content.get("subtitle") or "", content.get("text") or ""])
        texts.extend(_adaptive_texts(content.get("body") or []))
        texts.extend(b.get("title") or "" for b in card_buttons(reply))
        texts.extend(b.get("displayText") or "" for b in content.get("buttons") or [])
    return [t for t in texts if t]


def words(reply: Dict[str, Any]) -> str:
    return " ".join(shown_texts(reply))


def the_question(replies: List[Dict[str, Any]], language: str) -> Optional[Dict[str, Any]]:
    for reply in reversed(replies):
        for text in [reply.get("text")] + [(a.get("content") or {}).get("text") for a in reply.get("attachments") or []]:
            if fact_asked(text, language):
                return {"text": text, "reply": reply}
    return None


def transcript(talk: TeamsConversation) -> str:
    return "\n".join(f"{words(r)} " for r in talk.replies())


@pytest.mark.parametrize("person", [CANTONESE_GRADUATE_IN_HONG_KONG, MANDARIN_ENGINEER_IN_SHANGHAI],
                         ids=["cantonese-hong-kong-zh-Hant", "mandarin-shanghai-zh-Hans"])
def test_a_chinese_speaker_reaches_the_answer_and_next_steps_in_teams(channel_stack, microsoft, person):
    talk = TeamsConversation(channel_stack, microsoft)
    replies = talk.say(person.opener)
    answer = None
    for _ in range(30):
        answer = next((r for r in replies if any(b.get("title") == NEXT_STEPS for b in card_buttons(r))
                       and any(name in words(r) for name in person.scheme_names)), None)
        if answer:
            break
        question = the_question(replies, person.language)
        assert question, f"neither a question nor the answer:\n{transcript(talk)}"
        titles = [b.get("title") for b in card_buttons(question["reply"])]
        kind, value = next_move(person, question["text"], titles)
        replies = talk.click(question["reply"], value) if kind == "click" else talk.say(value)
    assert answer, f"no answer naming {person.scheme} after 30 turns:\n{transcript(talk)}"
    assert answer["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"

    steps = talk.click(answer, NEXT_STEPS)
    assert any(person.next_steps_heading in words(r) for r in steps), transcript(talk)

    shown = [t for r in talk.replies() for t in shown_texts(r)]
    offending = offending_texts(shown, person.language)
    assert not offending, (f"{len(offending)} Teams text(s) not entirely in {person.language}:\n"
                           + "\n".join(offending))
