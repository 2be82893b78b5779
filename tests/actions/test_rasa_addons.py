"""Rasa-side additions: apology when the action server is down; delete-my-data erases stored events."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_addons.action_failures import APOLOGY
from rasa_addons.tracker_store import EnvSQLTrackerStore

DOMAIN = Domain.load(str(Path(__file__).parents[2] / "domain"))


def tracker_with(events, sender="u1"):
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def test_unreachable_action_server_gives_an_apology():
    action = RemoteAction("action_assess", EndpointConfig("http://127.0.0.1:9/webhook"))
    events = asyncio.run(action.run(None, None, tracker_with([UserUttered("hi")]), DOMAIN))
    assert len(events) == 1 and isinstance(events[0], BotUttered) and events[0].text == APOLOGY


def test_unreachable_validation_keeps_the_question():
    action = RemoteAction("validate_eligibility_form", EndpointConfig("http://127.0.0.1:9/webhook"))
    tracker = tracker_with([SlotSet("requested_slot", "languages"), UserUttered("English")])
    events = asyncio.run(action.run(None, None, tracker, DOMAIN))
    assert events[0].text == APOLOGY and events[1] == SlotSet("requested_slot", "languages")


def test_tracker_store_from_env_and_delete_erases_history(tmp_path, monkeypatch):
    db = tmp_path / "t.db"
    monkeypatch.setenv("TRACKER_STORE_DB", str(db))
    store = EnvSQLTrackerStore(domain=DOMAIN)
    tracker = tracker_with([ActionExecuted("action_listen"), UserUttered("I'm 32 and secret"),
                            SlotSet("age", 32)], sender="bob")
    asyncio.run(store.save(tracker))
    other = tracker_with([UserUttered("keep me")], sender="alice")
    asyncio.run(store.save(other))
    for event in [UserUttered("delete my data"), ActionExecuted("action_delete_data"),
                  BotUttered("Done"), Restarted(), ActionExecuted("action_listen")]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    rows = sqlite3.connect(db).execute("select sender_id, type_name, data from events").fetchall()
    bob = [r for r in rows if r[0] == "bob"]
    assert [r[1] for r in bob] == ["bot", "restart", "action"]
    assert not any("secret" in r[2] for r in bob)
    assert any("keep me" in r[2] for r in rows if r[0] == "alice")
    again = asyncio.run(store.retrieve("bob"))
    assert again.get_slot("age") is None
    again.update(UserUttered("hello again"))
    asyncio.run(store.save(again))
    rows = sqlite3.connect(db).execute("select type_name from events where sender_id='bob'").fetchall()
    assert [r[0] for r in rows] == ["bot", "restart", "action", "user"]


def test_asking_to_confirm_a_deletion_deletes_nothing(tmp_path, monkeypatch):
    """"As I said, I live in Christchurch" read as delete_data only asks to confirm: the answers
    given so far must stay (they were lost once, and the questions started again)."""
    db = tmp_path / "t.db"
    monkeypatch.setenv("TRACKER_STORE_DB", str(db))
    store = EnvSQLTrackerStore(domain=DOMAIN)
    tracker = tracker_with([ActionExecuted("action_listen"), UserUttered("I'm 34"), SlotSet("age", 34)],
                           sender="carol")
    asyncio.run(store.save(tracker))
    for event in [UserUttered("As I said, I live in Christchurch"), ActionExecuted("action_delete_data"),
                  BotUttered("Shall I delete everything you told me?"), ActionExecuted("eligibility_form"),
                  ActionExecuted("action_listen")]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("carol"))
    assert again.get_slot("age") == 34
    assert len(again.events) == len(tracker.events)


def test_action_responses_are_still_validated_but_quickly():
    import time

    import pytest
    from jsonschema import ValidationError

    action = RemoteAction("action_assess", None)
    good = {"events": [{"event": "slot", "name": "age", "value": 3}], "responses": [{"text": "hi"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": "slot", "name": 5}], "responses": []})
    started = time.perf_counter()
    for _ in range(20):
        action._validate_action_result(good)
    assert (time.perf_counter() - started) / 20 < 0.01
