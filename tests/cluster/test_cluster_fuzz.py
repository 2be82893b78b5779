"""Bad input: 1,000 generated requests on every channel endpoint, through the balancer.

Huge bodies, binary, control characters, malformed JSON, wrong content types, Unicode edge cases,
missing and wrongly typed fields. Slack and Teams requests are half correctly authenticated, so
the body parsing behind the signature check is exercised too. Every request must be answered
(2xx) or refused (4xx): no 5xx, no dropped connection, and the servers still answer afterwards.
"""
from __future__ import annotations

import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List, Optional, Tuple

import pytest
import requests

REQUESTS_PER_ENDPOINT = 1000
SEED = 20261201

UNICODE_EDGES = [
    "\u0000", "\u0001\u0002\u001f", "\u007f", "\u200b\u200c\u200d", "\u202e reversed", "\ufeff", "\uffff",
    "\U0001F600\U0001F1ED\U0001F1F0", "e\u0301" * 50, "\u0644\u063a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea", "\u9999\u6e2f",
    "\\ud800", "\r\n\t", "%s%n%x", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd",
]
CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "application/octet-stream", "application/json; charset=latin-1", "", "application/xml", "*/*"]


def random_text(rng: random.Random, huge: bool = False) -> str:
    kind = rng.randrange(6)
    if huge:
        return rng.choice(["a", "\u9999", "\U0001F600", "x y "]) * rng.choice([10_000, 200_000, 1_000_000])
    if kind == 0:
        return rng.choice(UNICODE_EDGES)
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x250)) for _ in range(rng.randrange(1, 60)))
    if kind == 2:
        return "".join(chr(rng.choice([rng.randrange(0, 32), rng.randrange(0x10000, 0x10FFFF)]))
                       for _ in range(rng.randrange(1, 20)))
    if kind == 3:
        return rng.choice(["hi", "I'm 32", "delete my data", "/inform{\"age\": -1}", "/restart", "/", "/inform{"])
    if kind == 4:
        return ""
    return " ".join(rng.choice(["I", "am", "HK$", "3e308", "-0", "NaN", "null", "\u00a0"]) for _ in range(8))


def random_value(rng: random.Random, depth: int = 0):
    choices = [None, True, 0, -1, 2 ** 70, 1.5e308, "", random_text(rng)]
    if depth < 3:
        choices += [[random_value(rng, depth + 1) for _ in range(rng.randrange(3))],
                    {random_text(rng)[:20]: random_value(rng, depth + 1) for _ in range(rng.randrange(3))}]
    return rng.choice(choices)


def mangle_json(rng: random.Random, obj) -> bytes:
    """A JSON body, sometimes broken."""
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    how = rng.randrange(8)
    if how == 0:
        return text[: rng.randrange(len(text) + 1)].encode()  # truncated
    if how == 1:
        return text.encode() + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))  # trailing bytes
    if how == 2:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))  # binary
    if how == 3:
        return text.encode("utf-16")
    if how == 4:
        return b"\xff\xfe" + text.encode()  # stray byte-order mark
    return text.encode("utf-8", "surrogatepass")


def fields(rng: random.Random, valid: Dict) -> Dict:
    """`valid` with fields dropped, replaced by odd values, or extra ones added."""
    out = dict(valid)
    for key in list(out):
        roll = rng.random()
        if roll < 0.15:
            del out[key]
        elif roll < 0.35:
            out[key] = random_value(rng)
    if rng.random() < 0.2:
        out[random_text(rng)[:30]] = random_value(rng)
    return out


def rest_request(rng: random.Random, i: int) -> Tuple[bytes, Dict[str, str]]:
    valid = {"sender": f"fuzz-{i % 50}", "message": random_text(rng, huge=rng.random() < 0.03),
             "metadata": {"k": "v"}}
    obj = fields(rng, valid) if rng.random() < 0.7 else random_value(rng)
    return mangle_json(rng, obj), {"Content-Type": rng.choice(CONTENT_TYPES)}


def slack_request(rng: random.Random, i: int) -> Tuple[bytes, Dict[str, str]]:
    from channels.slack import slack_signature
    from tests.channels.standins import SLACK_SIGNING_SECRET

    ts = f"{int(time.time())}.{i:06d}"
    event = {"type": rng.choice(["message", "app_mention", "reaction_added", None]), "channel_type": "im",
             "channel": f"DFUZZ{i % 20}", "user": f"UFUZZ{i % 20}", "text": random_text(rng, huge=rng.random() < 0.03),
             "ts": ts}
    payload = {"type": rng.choice(["event_callback", "url_verification", "block_actions", "x"]),
               "event_id": f"EvFUZZ{i}-{rng.random()}", "event": fields(rng, event), "challenge": random_text(rng)}
    payload = fields(rng, payload)
    if rng.random() < 0.2:  # an interaction (form-encoded JSON payload)
        from urllib.parse import urlencode
        body = urlencode({"payload": mangle_json(rng, payload).decode("utf-8", "replace")}).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        body, content_type = mangle_json(rng, payload), rng.choice(CONTENT_TYPES)
    stamp = str(int(time.time()))
    headers = {"Content-Type": content_type}
    roll = rng.random()
    if roll < 0.6:  # correctly signed
        headers.update({"X-Slack-Request-Timestamp": stamp,
                        "X-Slack-Signature": slack_signature(SLACK_SIGNING_SECRET, stamp, body)})
    elif roll < 0.8:
        headers.update({"X-Slack-Request-Timestamp": rng.choice(["", "abc", "9" * 30, "-1", stamp]),
                        "X-Slack-Signature": rng.choice(["", "v0=00", "v1=" + "f" * 64, random_text(rng)[:50]])})
    if rng.random() < 0.1:
        headers["X-Slack-Retry-Num"] = rng.choice(["1", "x", "-5"])
    return body, headers


def teams_request(rng: random.Random, i: int, microsoft) -> Tuple[bytes, Dict[str, str]]:
    from tests.channels.test_teams_channel import _activity, _claims

    activity = fields(rng, _activity(microsoft, text=random_text(rng, huge=rng.random() < 0.03)))
    body = mangle_json(rng, activity)
    headers = {"Content-Type": rng.choice(CONTENT_TYPES)}
    roll = rng.random()
    if roll < 0.5:
        headers["Authorization"] = f"Bearer {microsoft.key.sign(_claims(microsoft))}"
    elif roll < 0.8:
        headers["Authorization"] = rng.choice(["Bearer", "Bearer x.y.z", "Basic abc", random_text(rng)[:100],
                                               "Bearer " + "A" * 10_000])
    return body, headers


def socketio_request(rng: random.Random, i: int) -> Tuple[bytes, Dict[str, str], Dict[str, str], str]:
    """engine.io's HTTP long-polling endpoint: odd query strings and packets."""
    params = fields(rng, {"EIO": rng.choice(["4", "3", "0", "x"]), "transport": rng.choice(["polling", "websocket", ""]),
                          "sid": rng.choice([None, "", "abc", "x" * 300]), "t": str(i)})
    params = {k: str(v) for k, v in params.items() if v is not None}
    body = rng.choice([b"", b"40", b"42[\"user_uttered\",{}]", b"2", mangle_json(rng, random_value(rng))])
    return body, {"Content-Type": rng.choice(CONTENT_TYPES)}, params, rng.choice(["POST", "GET"])


def _fire(url: str, method: str, body: bytes, headers: Dict[str, str], params: Optional[Dict] = None):
    # raw bytes: any character can be sent, except line breaks and leading blanks (HTTP framing)
    headers = {k: v.replace("\r", " ").replace("\n", " ").lstrip().encode("utf-8") for k, v in headers.items()}
    try:
        r = requests.request(method, url, data=body, headers=headers, params=params, timeout=120)
        return r.status_code
    except requests.RequestException as error:
        return f"no response: {type(error).__name__}"


def _run(make: Callable[[int], Tuple], url: str) -> Counter:
    def one(i: int):
        built = make(i)
        if len(built) == 2:
            body, headers = built
            return _fire(url, "POST", body, headers)
        body, headers, params, method = built
        return _fire(url, method, body, headers, params)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return Counter(pool.map(one, range(REQUESTS_PER_ENDPOINT)))


def _generator(endpoint: str, microsoft):
    rngs = {}

    def make(i: int):  # one generator per request index: reproducible whatever the thread order
        rng = rngs.setdefault(i, random.Random(f"{SEED}-{endpoint}-{i}"))
        if endpoint == "rest":
            return rest_request(rng, i)
        if endpoint == "slack":
            return slack_request(rng, i)
        if endpoint == "teams":
            return teams_request(rng, i, microsoft)
        return socketio_request(rng, i)

    return make


PATHS = {"rest": "/webhooks/rest/webhook", "slack": "/webhooks/slack/webhook",
         "teams": "/webhooks/teams/webhook", "socketio": "/socket.io/"}


@pytest.mark.parametrize("endpoint", list(PATHS))
def test_1000_bad_requests_get_no_server_error(cluster, microsoft_standin, endpoint):
    statuses = _run(_generator(endpoint, microsoft_standin), cluster.url + PATHS[endpoint])
    summary = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str))
    print(f"\nfuzz {endpoint}: {REQUESTS_PER_ENDPOINT} requests -> {summary}")
    failures = {s: n for s, n in statuses.items() if not isinstance(s, int) or s >= 500}
    assert failures == {}
    assert sum(statuses.values()) == REQUESTS_PER_ENDPOINT
    # still alive and still answering, on every server
    for server in cluster.rasa:
        r = requests.post(f"http://127.0.0.1:{server.port}/webhooks/rest/webhook",
                          json={"sender": f"after-fuzz-{endpoint}", "message": "hi"}, timeout=60)
        assert r.status_code == 200 and r.json(), r.text
