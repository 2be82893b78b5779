"""Where the time of a turn goes, measured inside a running Rasa server (for benchmarks).

Off unless TURN_PROFILE_FILE is set (`{pid}` in it is replaced by the process id); then every
handled message adds its wall-clock time, split into parts, to running totals written to that
file as JSON ({part: [calls, seconds]}):
    turn              Agent.handle_message, the whole turn (lock wait included)
    lock wait         waiting for the conversation's ticket (Redis lock store)
    NLU               MessageProcessor.parse_message (tokenising, featurising, DIET, our extractors)
    policies          MessageProcessor._predict_next_with_tracker (each prediction of the turn)
    action server     RemoteAction.run: HTTP call to the action server and its work
    tracker store     reading and saving the conversation (PostgreSQL / SQLite)
Time in none of these (building events, responses, the event loop serving other requests) is
the rest: turn - sum(parts). Installed by importing rasa_addons.tracker_store.
"""
from __future__ import annotations

import functools
import json
import os
import time
from collections import defaultdict

_totals = defaultdict(lambda: [0, 0.0])
_installed = False


def _add(part: str, seconds: float) -> None:
    entry = _totals[part]
    entry[0] += 1
    entry[1] += seconds


def _timed_async(part: str, fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return await fn(*args, **kwargs)
        finally:
            _add(part, time.perf_counter() - started)
    return wrapper


def _timed(part: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _add(part, time.perf_counter() - started)
    return wrapper


def install() -> None:
    global _installed
    path = os.environ.get("TURN_PROFILE_FILE")
    if _installed or not path:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor

    from rasa_addons.lock_store import AtomicRedisLockStore
    from rasa_addons.tracker_store import EnvSQLTrackerStore

    MessageProcessor.parse_message = _timed_async("NLU", MessageProcessor.parse_message)
    MessageProcessor._predict_next_with_tracker = _timed("policies", MessageProcessor._predict_next_with_tracker)
    RemoteAction.run = _timed_async("action server", RemoteAction.run)
    for name in ("retrieve", "retrieve_full_tracker", "save"):
        setattr(EnvSQLTrackerStore, name, _timed_async("tracker store", getattr(EnvSQLTrackerStore, name)))
    AtomicRedisLockStore._wait_for_turn = _timed_async("lock wait", AtomicRedisLockStore._wait_for_turn)
    handle = _timed_async("turn", Agent.handle_message)

    @functools.wraps(handle)
    async def handle_and_write(self, message):
        try:
            return await handle(self, message)
        finally:
            target = path.replace("{pid}", str(os.getpid()))
            tmp = f"{target}.tmp"
            with open(tmp, "w") as out:
                json.dump(dict(_totals), out)
            os.replace(tmp, target)

    Agent.handle_message = handle_and_write
    _installed = True
