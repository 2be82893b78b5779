"""Conversation locks shared by several Rasa servers: a ticket lock on Redis updated atomically.

Rasa 3.6's RedisLockStore reads the whole lock, changes it in Python and writes it back, so two
servers issuing tickets at the same moment can overwrite each other: both messages of one
conversation run at once, or a waiting message loses its ticket. Here every change is one Lua
script, which Redis runs atomically, and the time comes from the Redis server (no clock skew
between servers).

Per conversation two keys hold the lock:
    <prefix><id>:next     the last ticket number issued (INCR)
    <prefix><id>:tickets  a sorted set: ticket number -> the time it expires (ms)
The ticket served is the lowest number that has not expired: first come, first served.

A ticket expires `lifetime` seconds after it was issued or last renewed. While a message waits or
is processed its server renews the ticket every lifetime/3 seconds, so a long action never loses
the lock; only a server that died (no renewals) loses its tickets, and the next message of that
conversation goes on after at most `lifetime` seconds.

endpoints.yml:
    lock_store:
      type: rasa_addons.lock_store.EnvLockStore
Environment:
    REDIS_URL           redis://host:port/db - this lock store; unset: Rasa's in-memory lock store
                        (correct only with a single Rasa server)
    LOCK_LIFETIME       seconds a ticket lives without renewal (default 60)
    LOCK_POLL_SECONDS   how often a waiting message checks whether its turn has come (default 0.02)
"""
from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 60.0
DEFAULT_POLL = 0.02
KEY_PREFIX = "hk:lock:"

# KEYS[1] = next, KEYS[2] = tickets; ARGV[1] = lifetime ms. Returns the new ticket number.
_ISSUE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lifetime = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local n = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], now + lifetime, n)
redis.call('PEXPIRE', KEYS[1], lifetime * 2)
redis.call('PEXPIRE', KEYS[2], lifetime * 2)
return n
"""

# KEYS[2] = tickets; ARGV[1] = ticket, ARGV[2] = lifetime ms.
# Renews the ticket and returns 1 if it is now served, 0 if it waits, -1 if it has expired.
_POLL = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lifetime = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return -1
end
redis.call('ZADD', KEYS[2], 'XX', now + lifetime, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lifetime * 2)
redis.call('PEXPIRE', KEYS[2], lifetime * 2)
local ticket_numbers = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  table.insert(ticket_numbers, tonumber(member))
end
table.sort(ticket_numbers)
if ticket_numbers[1] == tonumber(ARGV[1]) then
  return 1
end
return 0
"""

# KEYS[1] = next, KEYS[2] = tickets; ARGV[1] = ticket. Removes it; deletes the lock when empty.
_RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
end
return 1
"""


def _lifetime_from_env() -> float:
    return float(os.environ.get("LOCK_LIFETIME") or DEFAULT_LIFETIME)


class AtomicRedisLockStore(LockStore):
    """Ticket locks on Redis; every read-modify-write is a single Lua script."""

    def __init__(self, url: Text, lifetime: Optional[float] = None, poll_seconds: Optional[float] = None,
                 key_prefix: Text = KEY_PREFIX, socket_timeout: float = 5.0) -> None:
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout)
        self.lifetime = float(lifetime) if lifetime else _lifetime_from_env()
        self.poll_seconds = float(poll_seconds or os.environ.get("LOCK_POLL_SECONDS") or DEFAULT_POLL)
        self.key_prefix = key_prefix
        self._issue = self.red.register_script(_ISSUE)
        self._poll = self.red.register_script(_POLL)
        self._release = self.red.register_script(_RELEASE)
        super().__init__()

    def _keys(self, conversation_id: Text) -> list:
        base = f"{self.key_prefix}{conversation_id}"
        return [base + ":next", base + ":tickets"]

    @property
    def _lifetime_ms(self) -> int:
        return max(1, int(self.lifetime * 1000))

    # -- the atomic operations ------------------------------------------------------------------
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = 0) -> int:
        try:
            return int(self._issue(keys=self._keys(conversation_id), args=[self._lifetime_ms]))
        except Exception as error:  # Redis unreachable: the message cannot be ordered safely
            raise LockError(f"could not issue a ticket for conversation '{conversation_id}': {error}") from error

    def poll(self, conversation_id: Text, ticket: int) -> int:
        """Renew `ticket`; 1 if it is served now, 0 if it waits, -1 if it expired."""
        return int(self._poll(keys=self._keys(conversation_id), args=[ticket, self._lifetime_ms]))

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._release(keys=self._keys(conversation_id), args=[ticket_number])

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        try:
            self.finish_serving(conversation_id, ticket_number)
        except Exception:  # the ticket then expires by itself after `lifetime`
            logger.exception("could not release ticket %s of conversation %s", ticket_number, conversation_id)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = 0,
                   wait_time_in_seconds: float = 0) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id)
        renewer = None
        try:
            await self._wait_for_turn(conversation_id, ticket)
            renewer = asyncio.ensure_future(self._keep_renewing(conversation_id, ticket))
            yield self.get_lock(conversation_id) or TicketLock(conversation_id)
        finally:
            if renewer is not None:
                renewer.cancel()
            self.cleanup(conversation_id, ticket)

    async def _wait_for_turn(self, conversation_id: Text, ticket: int) -> None:
        while True:  # each poll also renews the waiting ticket
            try:
                state = self.poll(conversation_id, ticket)
            except Exception as error:
                raise LockError(f"lock store unreachable for conversation '{conversation_id}': {error}") from error
            if state == 1:
                return
            if state == -1:
                raise LockError(f"ticket {ticket} of conversation '{conversation_id}' expired while waiting")
            await asyncio.sleep(self.poll_seconds)

    async def _keep_renewing(self, conversation_id: Text, ticket: int) -> None:
        while True:
            await asyncio.sleep(self.lifetime / 3)
            try:
                if self.poll(conversation_id, ticket) == -1:
                    logger.error("ticket %s of conversation %s expired while its message was processed",
                                 ticket, conversation_id)
                    return
            except Exception:
                logger.warning("could not renew the lock of conversation %s", conversation_id, exc_info=True)

    # -- read-only views (diagnostics, Rasa's LockStore interface) -----------------------------
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        from rasa.core.lock import Ticket
        from collections import deque

        members = self.red.zrange(self._keys(conversation_id)[1], 0, -1, withscores=True)
        if not members:
            return None
        tickets = sorted((Ticket(int(number), score / 1000.0) for number, score in members),
                         key=lambda t: t.number)
        return TicketLock(conversation_id, deque(tickets))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("tickets change only through the atomic scripts")

    def delete_lock(self, conversation_id: Text) -> None:
        self.red.delete(*self._keys(conversation_id))


class EnvLockStore:
    """Chosen by REDIS_URL: the atomic Redis lock store, or Rasa's in-memory one without it.

    Rasa builds custom lock stores as `cls(endpoint_config=...)`; `__new__` returns the store.
    """

    def __new__(cls, endpoint_config=None, **_):
        url = os.environ.get("REDIS_URL")
        kwargs = dict(getattr(endpoint_config, "kwargs", None) or {})
        if not url:
            logger.info("REDIS_URL is not set: conversation locks are kept in memory (one Rasa server only)")
            return InMemoryLockStore()
        store = AtomicRedisLockStore(url, lifetime=kwargs.get("lifetime"), poll_seconds=kwargs.get("poll_seconds"))
        logger.info("conversation locks on Redis (%s), ticket lifetime %.0f s", store.red.connection_pool
                    .connection_kwargs.get("host"), store.lifetime)
        return store


_installed = False


def install() -> None:
    """REDIS_URL also applies when an endpoints file has no `lock_store` section."""
    global _installed
    if _installed:
        return
    original_create = LockStore.create

    def create(obj):
        if obj is None and os.environ.get("REDIS_URL"):
            return EnvLockStore()
        return original_create(obj)

    LockStore.create = staticmethod(create)
    _installed = True
