"""Teams channel against a real Rasa server + action server.

Microsoft is replaced by a local stand-in: an OpenID configuration and key set
holding locally generated RSA keys, a tenant token endpoint, and a Bot Connector
(the activity's serviceUrl) that records the replies.
"""
import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, Optional

import pytest
import requests

from tests.channels.standins import bot_events_settled, TEAMS_APP_ID, TEAMS_APP_PASSWORD, RsaKey

pytestmark = pytest.mark.channels

ISSUER = "https://api.botframework.com"
BOT = {"id": f"28:{TEAMS_APP_ID}", "name": "HK move assistant"}


def _claims(microsoft, **overrides: Any) -> Dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": TEAMS_APP_ID,
        "iat": now - 5,
        "nbf": now - 5,
        "exp": now + 3600,
        "serviceurl": microsoft.service_url,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _activity(microsoft, text: Optional[str] = "/greet", kind: str = "message", **extra: Any):
    user = f"29:{uuid.uuid4().hex}"
    activity = {
        "type": kind,
        "id": uuid.uuid4().hex,
        "timestamp": "2025-01-01T00:00:00.000Z",
        "serviceUrl": microsoft.service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": "Test User", "aadObjectId": str(uuid.uuid4())},
        "conversation": {
            "id": f"a:{uuid.uuid4().hex};messageid=1",
            "conversationType": "personal",
            "tenantId": microsoft.TENANT,
        },
        "recipient": BOT,
        "channelData": {"tenant": {"id": microsoft.TENANT}},
    }
    if text is not None:
        activity["text"] = text
    activity.update(extra)
    return activity


def _post(stack, activity: Dict[str, Any], token: Optional[str], scheme: str = "Bearer"):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"{scheme} {token}"
    return requests.post(f"{stack.url}/webhooks/teams/webhook", json=activity, headers=headers, timeout=60)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: Dict[str, Any], claims: Dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


def _hs256(claims: Dict[str, Any], secret: bytes, kid: str) -> str:
    signing_input = _unsigned({"alg": "HS256", "typ": "JWT", "kid": kid}, claims)
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def _replies_for(microsoft, activity):
    return [r for r in microsoft.replies() if r["body"]["conversation"]["id"] == activity["conversation"]["id"]]


def _wait_replies(microsoft, activity, count: int, timeout: float = 30):
    microsoft.wait_for(lambda _: len(_replies_for(microsoft, activity)) >= count, timeout)
    return _replies_for(microsoft, activity)


def _assert_reply_renders(reply: Dict[str, Any], bot_event: Dict[str, Any], activity: Dict[str, Any]):
    body = reply["body"]
    assert body["type"] == "message"
    assert body["from"] == BOT  # the bot answers as itself ...
    assert body["recipient"]["id"] == activity["from"]["id"]  # ... to the user who wrote
    buttons = (bot_event.get("data") or {}).get("buttons") or []
    if buttons:
        cards = body["attachments"]
        assert all(c["contentType"] == "application/vnd.microsoft.card.hero" for c in cards)
        assert cards[0]["content"].get("text", "").split() == (bot_event.get("text") or "").split()
        card_buttons = [b for c in cards for b in c["content"]["buttons"]]
        assert all(len(c["content"]["buttons"]) <= 6 for c in cards)
        assert [b["value"]["rasa_payload"] for b in card_buttons] == [b["payload"] for b in buttons]
        assert [b["displayText"] for b in card_buttons] == [b["title"] for b in buttons]
        assert {b["type"] for b in card_buttons} == {"messageBack"}
    else:
        assert body["text"].split() == (bot_event.get("text") or "").split()


def test_signed_activity_is_answered_through_the_connector(channel_stack, microsoft):
    activity = _activity(microsoft, "/greet")
    resp = _post(channel_stack, activity, microsoft.key.sign(_claims(microsoft)))
    assert resp.status_code == 200, resp.text
    sender = activity["from"]["id"]
    assert channel_stack.user_texts(sender) == ["/greet"]
    bot_events = bot_events_settled(channel_stack, sender)
    assert bot_events
    replies = _wait_replies(microsoft, activity, len(bot_events))
    assert len(replies) == len(bot_events)
    for reply, event in zip(replies, bot_events):
        _assert_reply_renders(reply, event, activity)

    # outbound token: client credentials at the TENANT's endpoint, used as Bearer on every reply
    token_requests = [r for r in microsoft.recorded("/token")]
    assert token_requests, "no token was requested"
    first = token_requests[0]
    assert first["tenant"] == microsoft.TENANT
    assert first["form"] == {
        "grant_type": "client_credentials",
        "client_id": TEAMS_APP_ID,
        "client_secret": TEAMS_APP_PASSWORD,
        "scope": "https://api.botframework.com/.default",
    }
    assert {r["auth"] for r in replies} <= {f"Bearer {t}" for t in microsoft.tokens_issued}
    assert all(r["auth"].startswith("Bearer local-access-token-") for r in replies)

    # a clicked card button: Teams sends the title as text and our payload in `value`
    with_buttons = [e for e in bot_events if (e.get("data") or {}).get("buttons")]
    if with_buttons:
        button = with_buttons[-1]["data"]["buttons"][0]
        click = dict(activity, id=uuid.uuid4().hex, text=button["title"],
                     value={"rasa_payload": button["payload"]})
        assert _post(channel_stack, click, microsoft.key.sign(_claims(microsoft))).status_code == 200
        assert channel_stack.user_texts(sender)[-1] == button["payload"]
    # the token is cached: one request for all replies so far
    assert len(microsoft.recorded("/token")) == 1


def test_new_member_is_welcomed(channel_stack, microsoft):
    activity = _activity(microsoft, None, kind="conversationUpdate")
    user = {"id": activity["from"]["id"], "name": "New Person"}
    activity["membersAdded"] = [BOT, user]
    resp = _post(channel_stack, activity, microsoft.key.sign(_claims(microsoft)))
    assert resp.status_code == 200
    assert channel_stack.user_texts(user["id"]) == ["/greet"]
    # the bot itself being added produces no conversation of its own
    assert channel_stack.user_texts(BOT["id"]) == []
    bot_events = bot_events_settled(channel_stack, user["id"])
    assert bot_events
    replies = _wait_replies(microsoft, activity, len(bot_events))
    assert replies and replies[0]["body"]["recipient"]["id"] == user["id"]


def test_rotated_key_is_fetched_on_unknown_kid(channel_stack, microsoft):
    new_key = RsaKey(f"rotated-{uuid.uuid4().hex[:6]}")
    microsoft.published.append(new_key.jwk(endorsements=["msteams"]))
    activity = _activity(microsoft, "/greet")
    resp = _post(channel_stack, activity, new_key.sign(_claims(microsoft)))
    assert resp.status_code == 200
    assert channel_stack.user_texts(activity["from"]["id"]) == ["/greet"]


def _forged(case: str, microsoft, activity: Dict[str, Any]):
    """(token or None, scheme) for each way a request can be forged."""
    key = microsoft.key
    if case == "wrong_issuer":
        return key.sign(_claims(microsoft, iss="https://sts.windows.net/evil/")), "Bearer"
    if case == "wrong_audience":
        return key.sign(_claims(microsoft, aud="some-other-bot")), "Bearer"
    if case == "expired":
        now = int(time.time())
        return key.sign(_claims(microsoft, iat=now - 7200, nbf=now - 7200, exp=now - 3600)), "Bearer"
    if case == "not_yet_valid":
        return key.sign(_claims(microsoft, nbf=int(time.time()) + 3600, exp=int(time.time()) + 7200)), "Bearer"
    if case == "no_expiry":
        return key.sign(_claims(microsoft, exp=None)), "Bearer"
    if case == "wrong_key_same_kid":
        return RsaKey(key.kid).sign(_claims(microsoft)), "Bearer"
    if case == "unpublished_key":
        return RsaKey("never-published").sign(_claims(microsoft)), "Bearer"
    if case == "hs256_with_public_key":  # algorithm confusion: HMAC keyed with the public JWK
        return _hs256(_claims(microsoft), json.dumps(key.jwk()).encode(), key.kid), "Bearer"
    if case == "hs256_with_app_password":
        return _hs256(_claims(microsoft), TEAMS_APP_PASSWORD.encode(), key.kid), "Bearer"
    if case == "alg_none":
        return _unsigned({"alg": "none", "typ": "JWT", "kid": key.kid}, _claims(microsoft)) + ".", "Bearer"
    if case == "service_url_mismatch":  # valid token for another serviceUrl: replies must not be redirected
        return key.sign(_claims(microsoft, serviceurl="https://smba.trafficmanager.net/emea/")), "Bearer"
    if case == "channel_not_endorsed":
        activity["channelId"] = "webchat"  # the key is endorsed for msteams and emulator only
        return key.sign(_claims(microsoft)), "Bearer"
    if case == "missing_header":
        return None, "Bearer"
    if case == "basic_scheme":
        return base64.b64encode(b"user:pass").decode(), "Basic"
    if case == "garbage":
        return "not.a.jwt", "Bearer"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "wrong_issuer",
        "wrong_audience",
        "expired",
        "not_yet_valid",
        "no_expiry",
        "wrong_key_same_kid",
        "unpublished_key",
        "hs256_with_public_key",
        "hs256_with_app_password",
        "alg_none",
        "service_url_mismatch",
        "channel_not_endorsed",
        "missing_header",
        "basic_scheme",
        "garbage",
    ],
)
def test_forged_tokens_are_refused_and_never_reach_the_assistant(channel_stack, microsoft, case):
    activity = _activity(microsoft, f"forged {case}")
    token, scheme = _forged(case, microsoft, activity)
    resp = _post(channel_stack, activity, token, scheme)
    assert resp.status_code == 401, (case, resp.status_code, resp.text)
    time.sleep(1.0)
    assert channel_stack.user_texts(activity["from"]["id"]) == []
    assert _replies_for(microsoft, activity) == []


def test_forged_welcome_is_refused(channel_stack, microsoft):
    activity = _activity(microsoft, None, kind="conversationUpdate")
    activity["membersAdded"] = [{"id": activity["from"]["id"]}]
    token = microsoft.key.sign(_claims(microsoft, aud="another-app"))
    assert _post(channel_stack, activity, token).status_code == 401
    time.sleep(1.0)
    assert channel_stack.user_texts(activity["from"]["id"]) == []
