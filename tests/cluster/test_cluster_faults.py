"""Faults on the shared cluster: the action server, Redis and PostgreSQL restarted mid-run, and a
Rasa server killed mid-conversation. Marked `faults`: they run after every other cluster test."""
from __future__ import annotations

import uuid

import pytest

from rasa_addons.action_failures import APOLOGY as ACTION_APOLOGY
from rasa_addons.storage_failures import APOLOGY as STORAGE_APOLOGY

pytestmark = pytest.mark.faults


def _user_texts(cluster, sender):
    return [e["text"] for e in cluster.tracker(sender)["events"] if e["event"] == "user"]


@pytest.fixture
def sender():
    return f"fault-{uuid.uuid4().hex[:12]}"


def test_postgres_restart_apology_during_outage_none_after_nothing_lost(cluster, sender):
    assert STORAGE_APOLOGY not in cluster.talk(sender, "I'm 35")
    cluster.postgres.stop(remove=False)
    try:
        during = [cluster.talk(sender, "I'm 36") for _ in range(3)]  # whichever server answers
    finally:
        cluster.postgres.start()
    assert all(replies == [STORAGE_APOLOGY] for replies in during), during
    after = cluster.talk(sender, "I'm 37")
    assert after and STORAGE_APOLOGY not in after
    assert _user_texts(cluster, sender) == ["I'm 35", "I'm 37"]  # nothing before the outage lost
    assert cluster.slots(sender)["age"] == 37


def test_redis_restart_apology_during_outage_none_after_nothing_lost(cluster, sender):
    assert STORAGE_APOLOGY not in cluster.talk(sender, "I'm 35")
    cluster.redis.stop(remove=False)
    try:
        during = [cluster.talk(sender, "I'm 36") for _ in range(3)]
    finally:
        cluster.redis.start()
    assert all(replies == [STORAGE_APOLOGY] for replies in during), during
    after = cluster.talk(sender, "I'm 37")
    assert after and STORAGE_APOLOGY not in after
    assert _user_texts(cluster, sender) == ["I'm 35", "I'm 37"]


def test_action_server_restart(cluster, sender):
    first = cluster.talk(sender, "I'm 35")
    assert ACTION_APOLOGY not in first
    actions = cluster.actions[0]
    actions.stop()
    try:
        during = cluster.talk(sender, "I'm British")
    finally:
        actions.start()
        actions.wait_ready(300)
    assert ACTION_APOLOGY in during
    import time
    from cluster_services import wait_until
    wait_until(lambda: ACTION_APOLOGY not in cluster.talk(f"probe-{time.monotonic()}", "hi"), 30,
               "the balancer to see the action server again", interval=1)
    after = cluster.talk(sender, "I live in London")
    assert after and ACTION_APOLOGY not in after
    assert _user_texts(cluster, sender) == ["I'm 35", "I'm British", "I live in London"]
    assert cluster.slots(sender)["age"] == 35


def test_a_rasa_server_killed_mid_conversation_the_other_goes_on(cluster, sender):
    """Runs last: leaves one Rasa server."""
    cluster.talk(sender, "I'm 35")
    cluster.talk(sender, "I'm British")  # round robin: each server has handled this conversation
    cluster.rasa[0].kill()
    replies = [cluster.talk(sender, text) for text in ("I live in London", "I'm 36")]
    assert all(replies), replies
    assert _user_texts(cluster, sender) == ["I'm 35", "I'm British", "I live in London", "I'm 36"]
    assert cluster.slots(sender)["age"] == 36
