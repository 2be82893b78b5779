"""Two Rasa servers share conversations: races, Slack retries, Socket.IO, "delete my data", purge.

The cluster (tests/cluster/conftest.py) is two Rasa servers and one action server on PostgreSQL
and Redis, behind HAProxy, all on 127.0.0.1.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.e2e.conversation import converse

ROUNDS = 200
OPENERS = ("hi", "I'm 32")


def _send_direct(server, sender: str, text: str) -> list:
    r = requests.post(f"http://127.0.0.1:{server.port}/webhooks/rest/webhook",
                      json={"sender": sender, "message": text}, timeout=120)
    r.raise_for_status()
    return r.json()


def _check_turns(events: list, texts) -> list:
    """Problems in one conversation's stored events: each text once, whole turns, time order."""
    problems = []
    user_texts = [e.get("text") for e in events if e["event"] == "user"]
    for text in texts:
        if user_texts.count(text) != 1:
            problems.append(f"{text!r} stored {user_texts.count(text)} times")
    # a turn = user message ... bot's actions ... action_listen; the next user message only after it
    listening = True
    for e in events:
        if e["event"] == "user":
            if not listening:
                problems.append("two turns interleaved")
            listening = False
        elif e["event"] == "action" and e.get("name") == "action_listen":
            listening = True
    stamps = [e["timestamp"] for e in events]
    if stamps != sorted(stamps):
        problems.append("events out of order")
    return problems


def test_two_messages_at_once_on_two_servers_200_times(cluster):
    """Each round: a new conversation; its two messages leave together, one to each server."""
    rasa1, rasa2 = cluster.rasa[0], cluster.rasa[1]
    lost = duplicated = unanswered = interleaved = out_of_order = 0

    def one_round(i: int):
        sender = f"race-{i}-{uuid.uuid4().hex[:8]}"
        barrier = threading.Barrier(2)
        replies = {}

        def send(server, text):
            barrier.wait(timeout=30)
            replies[text] = _send_direct(server, sender, text)

        threads = [threading.Thread(target=send, args=(rasa1, OPENERS[0])),
                   threading.Thread(target=send, args=(rasa2, OPENERS[1]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        events = cluster.tracker(sender)["events"]
        return replies, _check_turns(events, OPENERS)

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(one_round, range(ROUNDS)))
    for replies, problems in results:
        unanswered += sum(1 for text in OPENERS if not replies.get(text))
        lost += sum(1 for p in problems if "stored 0 times" in p)
        duplicated += sum(1 for p in problems if "stored" in p and "stored 0 times" not in p)
        interleaved += sum(1 for p in problems if "interleaved" in p)
        out_of_order += sum(1 for p in problems if "out of order" in p)
    print(f"\nrace: {ROUNDS} rounds x 2 messages: lost {lost}, duplicated {duplicated}, interleaved {interleaved}, "
          f"out of order {out_of_order}, unanswered {unanswered}")
    assert (lost, duplicated, interleaved, out_of_order, unanswered) == (0, 0, 0, 0, 0)


def test_a_conversation_continues_whichever_server_answers(cluster, sender_id):
    cluster.talk(sender_id, "I'm 35")
    for server in cluster.rasa:  # both servers read the same state from PostgreSQL
        assert cluster.tracker(sender_id, server)["slots"]["age"] == 35


@pytest.fixture
def sender_id():
    return f"c-{uuid.uuid4().hex[:12]}"


def test_delete_my_data_removes_every_trace_from_postgres_whichever_server(cluster, sender_id):
    from eligibility.store import AssessmentStore

    opener = "I'm 45, I have a master's degree and earn HK$3 million a year. I'm British and live in London."
    facts = {"residence": "overseas", "hk_job_offer": False, "hk_graduate": False}
    converse(cluster, sender_id, opener, facts, check_all=False)  # round robin: both servers take turns
    store = AssessmentStore(cluster.postgres.url)
    assert len(store.for_conversation(sender_id)) >= 1
    assert "Shall I delete" in "\n".join(cluster.talk(sender_id, "please delete my data"))
    assert store.for_conversation(sender_id) != []           # nothing deleted before the button
    assert "deleted" in "\n".join(cluster.talk(sender_id, "/delete_data"))
    assert store.for_conversation(sender_id) == []
    import sqlalchemy as sa
    engine = sa.create_engine(cluster.postgres.url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("select type_name, data from events where sender_id = :s"),
                                  {"s": sender_id}).fetchall()
    engine.dispose()
    assert not any("3 million" in data for _type, data in rows)
    assert not any(type_name == "user" for type_name, _data in rows)  # no message of the user is left
    slots = cluster.slots(sender_id)
    assert slots["age"] is None and slots["annual_income_hkd"] is None


def test_retention_purge_on_the_cluster_database(cluster, sender_id):
    import subprocess
    import sys

    from tests.stack import ROOT
    cluster.talk(sender_id, "hi")
    env = cluster.env()
    out = subprocess.run([sys.executable, "-m", "rasa_addons.purge", "--days", "0"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "deleted" in out.stdout
    r = requests.get(f"{cluster.url}/conversations/{sender_id}/tracker", params={"token": cluster.token}, timeout=30)
    assert [e for e in r.json()["events"] if e["event"] == "user"] == []


def _slack_event(event_id: str, user: str, channel: str, text: str, ts: str) -> bytes:
    return json.dumps({"type": "event_callback", "event_id": event_id, "team_id": "T1",
                       "authorizations": [{"user_id": "UBOT"}],
                       "event": {"type": "message", "channel_type": "im", "channel": channel, "user": user,
                                 "text": text, "ts": ts, "event_ts": ts}}).encode()


def _post_slack(server, body: bytes, retry: int = 0) -> requests.Response:
    from channels.slack import slack_signature
    from tests.channels.standins import SLACK_SIGNING_SECRET
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": slack_signature(SLACK_SIGNING_SECRET, ts, body)}
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
    return requests.post(f"http://127.0.0.1:{server.port}/webhooks/slack/webhook", data=body,
                         headers=headers, timeout=30)


def test_a_slack_retry_on_the_other_server_is_answered_once(cluster, slack_standin):
    suffix = uuid.uuid4().hex[:8].upper()
    user, channel = f"U{suffix}", f"D{suffix}"
    body = _slack_event(f"Ev{suffix}", user, channel, "hi", f"{int(time.time())}.000100")
    assert _post_slack(cluster.rasa[0], body).status_code == 200
    retried = _post_slack(cluster.rasa[1], body, retry=1)  # Slack retries; the balancer picks the other
    assert retried.status_code == 200 and retried.headers.get("X-Slack-No-Retry") == "1"
    slack_standin.wait_for(lambda reqs: any(r["body"].get("channel") == channel for r in reqs), timeout=60)
    time.sleep(2)  # a duplicate answer would be posted by now
    events = cluster.tracker(f"{user}_{channel}")["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["hi"]


def test_the_widget_socket_io_works_through_the_balancer(cluster):
    """Long polling (several HTTP requests per session) needs the balancer's stickiness."""
    import socketio

    answers, done = [], threading.Event()
    client = socketio.Client(reconnection=False)
    session_id = uuid.uuid4().hex

    @client.on("session_confirm")
    def confirmed(sid):
        client.emit("user_uttered", {"message": "hi", "session_id": session_id})

    @client.on("bot_uttered")
    def bot(message):
        answers.append(message)
        done.set()

    client.connect(cluster.url, transports=["polling"], socketio_path="/socket.io", wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": session_id})
        assert done.wait(timeout=90), "no answer over Socket.IO"
        for _ in range(5):  # more polling round trips: each must reach the same server
            client.emit("user_uttered", {"message": "hi", "session_id": session_id})
            time.sleep(0.3)
    finally:
        client.disconnect()
    assert answers and answers[0].get("text")
