"""The Redis lock store, used from several processes at once (each process = one Rasa server).

What a user would notice if it were wrong: two messages of one conversation processed at the same
time (one answer lost or mixed up), messages answered out of order, or a message failing because
its place in the queue was lost.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
import uuid

import pytest
import redis

from rasa.core.lock_store import LockError

from rasa_addons.lock_store import AtomicRedisLockStore, EnvLockStore

CTX = multiprocessing.get_context("spawn")  # fresh interpreters, like separate servers


def _hammer(url: str, conversation: str, turns: int, results) -> None:
    """Enter the lock `turns` times; inside, do a non-atomic read-modify-write of a counter."""
    store = AtomicRedisLockStore(url, lifetime=10, poll_seconds=0.001)
    red = redis.Redis.from_url(url)

    async def run() -> int:
        overlaps = 0
        for _ in range(turns):
            async with store.lock(conversation):
                if red.incr(f"{conversation}:inside") != 1:
                    overlaps += 1
                value = int(red.get(f"{conversation}:counter") or 0)
                await asyncio.sleep(0.0005)
                red.set(f"{conversation}:counter", value + 1)
                red.decr(f"{conversation}:inside")
        return overlaps

    results.put(asyncio.run(run()))


def test_four_processes_never_hold_one_conversation_at_once(redis_server):
    conversation = f"c-{uuid.uuid4().hex}"
    processes, turns = 4, 60
    results = CTX.Queue()
    workers = [CTX.Process(target=_hammer, args=(redis_server.url, conversation, turns, results))
               for _ in range(processes)]
    for w in workers:
        w.start()
    overlaps = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=30)
    red = redis.Redis.from_url(redis_server.url)
    assert overlaps == [0] * processes
    # no increment lost: every critical section saw the previous one's write
    assert int(red.get(f"{conversation}:counter")) == processes * turns
    # the lock is gone once nobody waits
    assert not red.exists(f"hk:lock:{conversation}:tickets", f"hk:lock:{conversation}:next")


def _wait_in_line(url: str, conversation: str, name: str, issued, order_key: str) -> None:
    store = AtomicRedisLockStore(url, lifetime=300, poll_seconds=0.005)
    red = redis.Redis.from_url(url)

    async def run() -> None:
        ticket = store.issue_ticket(conversation)
        issued.put((name, ticket))
        try:
            await store._wait_for_turn(conversation, ticket)
            red.rpush(order_key, name)
        finally:
            store.cleanup(conversation, ticket)

    asyncio.run(run())


def test_messages_are_served_first_come_first_served_across_processes(redis_server):
    conversation = f"c-{uuid.uuid4().hex}"
    order_key = f"{conversation}:order"
    # the holder does not renew its ticket here: a lifetime longer than starting 5 processes
    store = AtomicRedisLockStore(redis_server.url, lifetime=300)
    holder = store.issue_ticket(conversation)  # a message being processed: everyone else waits
    issued = CTX.Queue()
    names, workers = [], []
    for i in range(5):  # each process takes its ticket only after the previous one has its own
        name = f"message-{i}"
        w = CTX.Process(target=_wait_in_line, args=(redis_server.url, conversation, name, issued, order_key))
        w.start()
        got_name, _ticket = issued.get(timeout=60)
        assert got_name == name
        names.append(name)
        workers.append(w)
    red = redis.Redis.from_url(redis_server.url)
    assert red.llen(order_key) == 0  # nobody overtook the message being processed
    store.cleanup(conversation, holder)
    for w in workers:
        w.join(timeout=60)
    assert [n.decode() for n in red.lrange(order_key, 0, -1)] == names


def _hold_forever(url: str, conversation: str, ready) -> None:
    store = AtomicRedisLockStore(url, lifetime=1.5, poll_seconds=0.01)

    async def run() -> None:
        async with store.lock(conversation):
            ready.put(True)
            await asyncio.sleep(3600)

    asyncio.run(run())


def test_a_killed_server_releases_its_conversations_after_the_lifetime(redis_server):
    conversation = f"c-{uuid.uuid4().hex}"
    ready = CTX.Queue()
    holder = CTX.Process(target=_hold_forever, args=(redis_server.url, conversation, ready))
    holder.start()
    ready.get(timeout=60)
    store = AtomicRedisLockStore(redis_server.url, lifetime=1.5, poll_seconds=0.01)

    async def next_message() -> str:
        async with store.lock(conversation):
            return "answered"

    # while the holder is alive (and renewing), a long wait does not get in: 3 x the lifetime
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(next_message(), timeout=4.5))
    os.kill(holder.pid, signal.SIGKILL)  # the server dies mid-turn: no release, no renewal
    holder.join(timeout=10)
    assert asyncio.run(asyncio.wait_for(next_message(), timeout=10)) == "answered"


def test_an_action_longer_than_the_lifetime_keeps_the_lock(redis_server):
    """The holder renews its ticket: a turn 4 x longer than the lifetime is not overtaken."""
    conversation = f"c-{uuid.uuid4().hex}"
    store = AtomicRedisLockStore(redis_server.url, lifetime=0.5, poll_seconds=0.01)
    events = []

    async def turn(name: str, seconds: float) -> None:
        async with store.lock(conversation):
            events.append(f"{name} starts")
            await asyncio.sleep(seconds)
            events.append(f"{name} ends")

    async def both() -> None:
        first = asyncio.ensure_future(turn("slow", 2.0))
        await asyncio.sleep(0.1)
        await asyncio.gather(first, turn("next", 0))

    asyncio.run(both())
    assert events == ["slow starts", "slow ends", "next starts", "next ends"]


def test_without_renewal_a_waiting_message_is_served_after_the_lifetime(redis_server):
    """What happens when a holder outlives its ticket without renewing (e.g. its event loop is
    blocked): the next message is served after `lifetime`, so both run at once. Renewal (above)
    is what prevents this; the lifetime is only the bound for crashed servers."""
    conversation = f"c-{uuid.uuid4().hex}"
    store = AtomicRedisLockStore(redis_server.url, lifetime=0.5, poll_seconds=0.01)
    stale = store.issue_ticket(conversation)  # issued, then never renewed nor released
    started = time.monotonic()

    async def next_message() -> float:
        async with store.lock(conversation):
            return time.monotonic() - started

    waited = asyncio.run(asyncio.wait_for(next_message(), timeout=10))
    assert waited >= 0.4
    assert store.poll(conversation, stale) == -1  # the stale holder is told its ticket expired


def test_redis_unreachable_is_a_lock_error_not_a_silent_pass():
    store = AtomicRedisLockStore(f"redis://127.0.0.1:{_closed_port()}/0", socket_timeout=0.5)

    async def message() -> None:
        async with store.lock("someone"):
            pass

    with pytest.raises(LockError):
        asyncio.run(message())


def test_env_lock_store_follows_redis_url(redis_server, monkeypatch):
    from rasa.core.lock_store import InMemoryLockStore

    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(EnvLockStore(), InMemoryLockStore)
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    assert isinstance(EnvLockStore(), AtomicRedisLockStore)


def _closed_port() -> int:
    import cluster_services
    return cluster_services.free_port()
