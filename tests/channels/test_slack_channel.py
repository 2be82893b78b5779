"""Slack channel against a real Rasa server + action server and a local Slack Web API stand-in."""
import json
import time
import uuid
from typing import Any, Dict, Optional
from urllib.parse import urlencode

import pytest
import requests

from channels.slack import slack_signature
from channels.text import markdown_to_mrkdwn
from tests.channels.standins import bot_events_settled, SLACK_SIGNING_SECRET, SLACK_TOKEN

pytestmark = pytest.mark.channels

BOT_USER = "UBOT0001"


def _event(user: str, channel: str, text: str, event_id: Optional[str] = None) -> Dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {
        "token": "deprecated-verification-token",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        },
    }


def _post(stack, body: bytes, content_type: str, *, secret: str = SLACK_SIGNING_SECRET,
          timestamp: Optional[str] = None, signature: Optional[str] = "sign",
          extra_headers: Optional[Dict[str, str]] = None) -> requests.Response:
    timestamp = timestamp or str(int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp}
    if signature == "sign":
        headers["X-Slack-Signature"] = slack_signature(secret, timestamp, body)
    elif signature is not None:
        headers["X-Slack-Signature"] = signature
    headers.update(extra_headers or {})
    return requests.post(f"{stack.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30)


def _post_event(stack, payload: Dict[str, Any], **kwargs: Any) -> requests.Response:
    return _post(stack, json.dumps(payload).encode(), "application/json", **kwargs)


def _ids():
    suffix = uuid.uuid4().hex[:8].upper()
    user, channel = f"U{suffix}", f"D{suffix}"
    return user, channel, f"{user}_{channel}"  # conversation_granularity: channel


def _section_texts(post: Dict[str, Any]):
    return [b["text"]["text"] for b in post.get("blocks", []) if b["type"] == "section"]


def _button_values(post: Dict[str, Any]):
    return [e.get("value") for b in post.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def test_url_verification_challenge(channel_stack):
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "token": "x"}).encode()
    resp = _post(channel_stack, body, "application/json")
    assert resp.status_code == 200
    assert resp.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    # and not without a valid signature
    assert _post(channel_stack, body, "application/json", signature="v0=" + "0" * 64).status_code == 401


def test_signed_message_is_answered_with_blocks_and_buttons_work(channel_stack, slack_api):
    user, channel, conversation = _ids()
    resp = _post_event(channel_stack, _event(user, channel, "/greet"))
    assert resp.status_code == 200

    bot_events = bot_events_settled(channel_stack, conversation)
    assert channel_stack.user_texts(conversation) == ["/greet"]
    assert bot_events, "the assistant did not answer /greet"
    posts = slack_api.wait_for(lambda _: len(slack_api.posts(channel)) >= len(bot_events))
    posts = slack_api.posts(channel)
    assert len(posts) == len(bot_events)
    auths = {r["auth"] for r in slack_api.recorded("/api/chat.postMessage") if r["body"].get("channel") == channel}
    assert auths == {f"Bearer {SLACK_TOKEN}"}

    for event, post in zip(bot_events, posts):
        assert "thread_ts" not in post  # DMs are answered flat
        assert 0 < len(post["blocks"]) <= 50 and post["text"]
        expected_text = markdown_to_mrkdwn(event.get("text") or "").split()
        shown = " ".join(_section_texts(post)).split()
        assert shown == expected_text  # every word, in order, nothing dropped
        for block in post["blocks"]:
            if block["type"] == "section":
                assert block["text"]["type"] == "mrkdwn" and len(block["text"]["text"]) <= 3000
            else:
                assert block["type"] == "actions" and 1 <= len(block["elements"]) <= 5
        buttons = (event.get("data") or {}).get("buttons") or []
        assert _button_values(post) == [b["payload"] for b in buttons]

    # click the first button of the last message that has any, as Slack would post it
    with_buttons = [(e, p) for e, p in zip(bot_events, posts) if _button_values(p)]
    if not with_buttons:
        pytest.skip("the greeting has no buttons to click")
    event, post = with_buttons[-1]
    action_block = next(b for b in post["blocks"] if b["type"] == "actions")
    element = action_block["elements"][0]
    clicked = {
        "type": "block_actions",
        "user": {"id": user, "username": "tester", "team_id": "T0001"},
        "team": {"id": "T0001"},
        "trigger_id": f"{uuid.uuid4().int}",
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": channel},
        "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "ts": "1700000000.000100", "text": post["text"], "blocks": post["blocks"]},
        "actions": [{**element, "block_id": action_block["block_id"], "action_ts": f"{time.time():.6f}"}],
    }
    body = urlencode({"payload": json.dumps(clicked)}).encode()
    before = len(channel_stack.user_texts(conversation))
    assert _post(channel_stack, body, "application/x-www-form-urlencoded").status_code == 200
    deadline = time.time() + 60
    while time.time() < deadline and len(channel_stack.user_texts(conversation)) == before:
        time.sleep(0.3)
    assert channel_stack.user_texts(conversation)[-1] == element["value"]
    updates = slack_api.wait_for(lambda _: slack_api.recorded("/api/chat.update"))
    update = [r["body"] for r in slack_api.recorded("/api/chat.update") if r["body"]["channel"] == channel][-1]
    assert update["ts"] == "1700000000.000100"
    assert not [b for b in update["blocks"] if b["type"] == "actions"]
    assert element["text"]["text"] in update["blocks"][-1]["elements"][0]["text"]


@pytest.mark.parametrize(
    "case",
    ["wrong_signature", "wrong_secret", "missing_signature", "missing_timestamp", "old_timestamp", "future_timestamp", "tampered_body"],
)
def test_forged_requests_are_refused_and_never_reach_the_assistant(channel_stack, slack_api, case):
    user, channel, conversation = _ids()
    payload = _event(user, channel, f"forged {case}")
    body = json.dumps(payload).encode()
    now = int(time.time())
    kwargs: Dict[str, Any] = {}
    if case == "wrong_signature":
        kwargs["signature"] = "v0=" + "a" * 64
    elif case == "wrong_secret":
        kwargs["secret"] = "not-the-signing-secret"
    elif case == "missing_signature":
        kwargs["signature"] = None
    elif case == "old_timestamp":
        # correctly signed, but six minutes old: a replay
        kwargs["timestamp"] = str(now - 6 * 60)
    elif case == "future_timestamp":
        kwargs["timestamp"] = str(now + 6 * 60)
    if case == "missing_timestamp":
        headers = {"Content-Type": "application/json",
                   "X-Slack-Signature": slack_signature(SLACK_SIGNING_SECRET, str(now), body)}
        resp = requests.post(f"{channel_stack.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30)
    elif case == "tampered_body":
        ts = str(now)
        signature = slack_signature(SLACK_SIGNING_SECRET, ts, body)
        tampered = body.replace(b"forged", b"FORGED")
        resp = _post(channel_stack, tampered, "application/json", timestamp=ts, signature=signature)
    else:
        resp = _post(channel_stack, body, "application/json", **kwargs)

    assert resp.status_code in (401, 403)
    time.sleep(1.5)  # give a (wrongly) accepted message time to show up
    assert channel_stack.user_texts(conversation) == []
    assert slack_api.posts(channel) == []


def test_forged_button_click_is_refused(channel_stack, slack_api):
    user, channel, conversation = _ids()
    clicked = {"type": "block_actions", "user": {"id": user}, "channel": {"id": channel},
               "trigger_id": "1", "actions": [{"type": "button", "value": "/greet", "action_ts": "1"}]}
    body = urlencode({"payload": json.dumps(clicked)}).encode()
    resp = _post(channel_stack, body, "application/x-www-form-urlencoded", signature="v0=" + "b" * 64)
    assert resp.status_code == 401
    time.sleep(1.5)
    assert channel_stack.user_texts(conversation) == []


def test_retried_event_is_answered_once(channel_stack, slack_api):
    user, channel, conversation = _ids()
    payload = _event(user, channel, "/greet")
    assert _post_event(channel_stack, payload).status_code == 200
    bot_events = bot_events_settled(channel_stack, conversation)
    assert bot_events
    slack_api.wait_for(lambda _: len(slack_api.posts(channel)) >= len(bot_events))
    answered = len(slack_api.posts(channel))

    # Slack redelivers the same event (same event_id), freshly signed, as retry 1 and 2
    for attempt, reason in ((1, "http_timeout"), (2, "http_error")):
        resp = _post_event(
            channel_stack, payload,
            extra_headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason},
        )
        assert resp.status_code == 200
    # the same message delivered again as app_mention with another event_id (channel+ts)
    mention = json.loads(json.dumps(payload))
    mention["event_id"] = "EvOTHER" + uuid.uuid4().hex[:6]
    mention["event"]["type"] = "app_mention"
    assert _post_event(channel_stack, mention).status_code == 200

    time.sleep(3)
    assert channel_stack.user_texts(conversation) == ["/greet"]
    assert len(slack_api.posts(channel)) == answered


def test_bot_messages_and_edits_are_ignored(channel_stack, slack_api):
    user, channel, conversation = _ids()
    own = _event(user, channel, "I am the bot")
    own["event"]["bot_id"] = "B0001"
    edit = _event(user, channel, "edited")
    edit["event"]["subtype"] = "message_changed"
    for payload in (own, edit):
        assert _post_event(channel_stack, payload).status_code == 200
    time.sleep(1.5)
    assert channel_stack.user_texts(conversation) == []
