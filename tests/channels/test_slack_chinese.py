"""Chinese conversations through the real Slack channel: signed events and button clicks in, Block
Kit posts out to the Slack Web API stand-in, to the answer card and its next steps.

The person writes and clicks as in tests/e2e/chinese_people.py; every text Slack would show them
(message and notification text, sections, headers, context lines, button titles, the clicked
message's update) must be in their own script (tests/e2e/script_check.py).
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import pytest
import requests

from channels.slack import slack_signature
from tests.channels.standins import SLACK_SIGNING_SECRET, bot_events_settled
from tests.e2e.chinese_people import (
    CANTONESE_GRADUATE_IN_HONG_KONG,
    MANDARIN_ENGINEER_IN_SHANGHAI,
    fact_asked,
    next_move,
)
from tests.e2e.script_check import offending_texts

pytestmark = pytest.mark.channels

BOT_USER = "UBOT0001"
NEXT_STEPS = "下一步"


def _signed_post(stack, body: bytes, content_type: str) -> requests.Response:
    timestamp = str(int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": slack_signature(SLACK_SIGNING_SECRET, timestamp, body)}
    return requests.post(f"{stack.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30)


class SlackConversation:
    """One person in a direct message with the assistant, through the Slack channel."""

    def __init__(self, stack, slack_api):
        self.stack, self.slack_api = stack, slack_api
        suffix = uuid.uuid4().hex[:8].upper()
        self.user, self.channel = f"U{suffix}", f"D{suffix}"
        self.conversation = f"{self.user}_{self.channel}"   # conversation_granularity: channel
        self.read = 0      # posts already returned

    def posts(self) -> List[Dict[str, Any]]:
        return self.slack_api.posts(self.channel)

    def updates(self) -> List[Dict[str, Any]]:
        return [r["body"] for r in self.slack_api.recorded("/api/chat.update")
                if r["body"].get("channel") == self.channel]

    def _turn(self, body: bytes, content_type: str) -> List[Dict[str, Any]]:
        """Send one request; the posts that answer it, once the assistant has finished its turn."""
        before = len(self.stack.user_texts(self.conversation))
        assert _signed_post(self.stack, body, content_type).status_code == 200
        deadline = time.time() + 60
        while len(self.stack.user_texts(self.conversation)) == before:
            assert time.time() < deadline, "the message never reached the assistant"
            time.sleep(0.3)
        answered = len(bot_events_settled(self.stack, self.conversation))
        self.slack_api.wait_for(lambda _: len(self.posts()) >= answered)
        new, self.read = self.posts()[self.read:], len(self.posts())
        return new

    def say(self, text: str) -> List[Dict[str, Any]]:
        ts = f"{time.time():.6f}"
        event = {
            "token": "deprecated-verification-token", "team_id": "T0001", "api_app_id": "A0001",
            "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
            "event": {"type": "message", "channel_type": "im", "channel": self.channel, "user": self.user,
                      "text": text, "ts": ts, "event_ts": ts},
        }
        return self._turn(json.dumps(event).encode(), "application/json")

    def click(self, post: Dict[str, Any], title: str) -> List[Dict[str, Any]]:
        """Click the button titled `title` under `post`, as Slack posts a block_actions payload."""
        for block in post["blocks"]:
            if block["type"] != "actions":
                continue
            for element in block["elements"]:
                if element["text"]["text"] == title:
                    ts = f"{time.time():.6f}"
                    clicked = {
                        "type": "block_actions",
                        "user": {"id": self.user, "username": "tester", "team_id": "T0001"},
                        "team": {"id": "T0001"}, "trigger_id": f"{uuid.uuid4().int}",
                        "container": {"type": "message", "message_ts": ts, "channel_id": self.channel},
                        "channel": {"id": self.channel, "name": "directmessage"},
                        "message": {"type": "message", "ts": ts, "text": post["text"], "blocks": post["blocks"]},
                        "actions": [{**element, "block_id": block["block_id"], "action_ts": ts}],
                    }
                    return self._turn(urlencode({"payload": json.dumps(clicked)}).encode(),
                                      "application/x-www-form-urlencoded")
        raise AssertionError(f"no button {title!r} under {post['text']!r}: {buttons(post)}")


def sections(post: Dict[str, Any]) -> List[str]:
    return [b["text"]["text"] for b in post.get("blocks", []) if b["type"] in ("section", "header")]


def buttons(post: Dict[str, Any]) -> List[str]:
    return [e["text"]["text"] for b in post.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def shown_texts(post: Dict[str, Any]) -> List[str]:
    """Every text of a post or update a person sees: the notification text and each block's words."""
    texts = [post.get("text") or ""]
    for block in post.get("blocks", []):
        if block["type"] in ("section", "header"):
            texts.append(block["text"]["text"])
            texts.extend(f["text"] for f in block.get("fields", []))
        elif block["type"] == "context":
            texts.extend(e.get("text", "") for e in block["elements"])
        elif block["type"] == "actions":
            texts.extend(e["text"]["text"] for e in block["elements"])
    return texts


def the_question(posts: List[Dict[str, Any]], language: str) -> Optional[Dict[str, Any]]:
    return next((p for p in reversed(posts) if any(fact_asked(s, language) for s in sections(p))), None)


def transcript(talk: SlackConversation) -> str:
    return "\n".join(f"{' | '.join(sections(p))} {buttons(p) or ''}" for p in talk.posts())


@pytest.mark.parametrize("person", [CANTONESE_GRADUATE_IN_HONG_KONG, MANDARIN_ENGINEER_IN_SHANGHAI],
                         ids=["cantonese-hong-kong-zh-Hant", "mandarin-shanghai-zh-Hans"])
def test_a_chinese_speaker_reaches_the_answer_and_next_steps_in_slack(channel_stack, slack_api, person):
    talk = SlackConversation(channel_stack, slack_api)
    replies = talk.say(person.opener)
    answer = None
    for _ in range(30):
        answer = next((p for p in replies if NEXT_STEPS in buttons(p)
                       and any(name in " ".join(sections(p)) for name in person.scheme_names)), None)
        if answer:
            break
        question = the_question(replies, person.language)
        assert question, f"neither a question nor the answer:\n{transcript(talk)}"
        kind, value = next_move(person, sections(question)[-1], buttons(question))
        replies = talk.click(question, value) if kind == "click" else talk.say(value)
    assert answer, f"no answer naming {person.scheme} after 30 turns:\n{transcript(talk)}"
    # a Block Kit card: the heading, then the scheme in bold with its deciding reason
    assert answer["blocks"][0]["type"] in ("header", "section"), answer["blocks"]

    steps = talk.click(answer, NEXT_STEPS)
    assert any(person.next_steps_heading in s for p in steps for s in sections(p)), transcript(talk)

    shown = [t for p in talk.posts() + talk.updates() for t in shown_texts(p)]
    offending = offending_texts(shown, person.language)
    assert not offending, (f"{len(offending)} Slack text(s) not entirely in {person.language}:\n"
                           + "\n".join(offending))
