"""No silent fall back to memory: a storage error is logged and the user gets an apology.

Rasa 3.6 wraps every tracker store in a FailSafeTrackerStore: when the database fails, a tracker
is read as "new conversation" and saved to this process's memory instead. With several servers
that memory is invisible to the others, so replicas drift apart and conversations silently lose
their history. For our SQL tracker store we skip that wrapper, and when a message cannot be
handled because the conversation store (PostgreSQL) or the lock store (Redis) is unreachable,
we log the error and answer with an apology. Nothing is written anywhere else: once the database
is back, the conversation goes on from what was stored.
Installed by importing rasa_addons.tracker_store.
"""
from __future__ import annotations

import logging

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import LockError

logger = logging.getLogger(__name__)

APOLOGY = ("Sorry, I can't reach my records just now, so I couldn't take in your last message. "
           "Please send it again in a minute - nothing you told me before is lost.")
_installed = False


def storage_errors() -> tuple:
    import redis
    import sqlalchemy.exc

    return (sqlalchemy.exc.SQLAlchemyError, LockError, redis.exceptions.RedisError, ConnectionError)


def install() -> None:
    global _installed
    if _installed:
        return
    from rasa_addons.tracker_store import EnvSQLTrackerStore

    original_create_tracker_store = Agent._create_tracker_store
    original_handle_message = Agent.handle_message
    errors = storage_errors()

    def create_tracker_store(store, domain):
        if isinstance(store, EnvSQLTrackerStore):
            store.domain = domain
            return store  # errors reach handle_message below instead of a memory fallback
        return original_create_tracker_store(store, domain)

    async def handle_message(self, message):
        try:
            return await original_handle_message(self, message)
        except errors as error:
            logger.error("conversation %s: storage unavailable, message not handled (%s: %s); apologising",
                         message.sender_id, type(error).__name__, error)
            channel = message.output_channel
            try:
                await channel.send_text_message(message.sender_id, APOLOGY)
            except Exception:  # noqa: BLE001 - the channel itself may be down; the error is logged
                logger.exception("could not send the storage apology to %s", message.sender_id)
            if isinstance(channel, CollectingOutputChannel):
                return channel.messages
            return None

    Agent._create_tracker_store = staticmethod(create_tracker_store)
    Agent.handle_message = handle_message
    _installed = True
