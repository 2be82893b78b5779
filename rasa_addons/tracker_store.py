"""SQL tracker store configured from the environment; also erases a conversation on "delete my data".

endpoints.yml:
    tracker_store:
      type: rasa_addons.tracker_store.EnvSQLTrackerStore
      dialect: sqlite
      db: rasa_tracker.db

Environment (all optional; without them the SQLite file rasa_tracker.db in the working directory):
    TRACKER_STORE_URL   a full SQLAlchemy URL, e.g. postgresql://user:pw@host:5432/rasa
                        (overrides everything in endpoints.yml)
    TRACKER_STORE_DB    just the SQLite file (or database name), e.g. /var/lib/assistant/tracker.db

    SQL_POOL_SIZE, SQL_MAX_OVERFLOW  PostgreSQL connections per Rasa process (default 5 + 5, not
                        Rasa's 50 + 100: with several servers that would exceed PostgreSQL's
                        100 connections; `python -m rasa_addons.pools N M` sizes them)

A database error is not hidden: there is no fall back to memory (rasa_addons.storage_failures);
the user gets an apology and the error is logged. Connections are checked before use
(pool_pre_ping), so after a database restart the next message works again.

When a turn contains `action_delete_data` that deleted (confirmed: it restarts the conversation;
asking to confirm deletes nothing), every stored event of that conversation up to and including
that action is deleted, so the conversation's history is really gone, not just hidden
behind a restart.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted

from . import action_failures, input_validation, lock_store, speedups

logger = logging.getLogger(__name__)
DELETE_ACTION = "action_delete_data"
DEFAULT_POOL_SIZE = 5
DEFAULT_MAX_OVERFLOW = 5

action_failures.install()
speedups.install()
lock_store.install()
input_validation.install()


def _restarted_by(events: list, index: int) -> bool:
    """The delete action at `index` deleted (it restarted the conversation) rather than only asking
    the person to confirm: a `Restarted` event follows it before the next action."""
    for event in events[index + 1:]:
        if isinstance(event, ActionExecuted):
            return False
        if isinstance(event, Restarted):
            return True
    return False


class EnvSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, dialect: str = "sqlite", host: Optional[str] = None,
                 port: Optional[int] = None, db: str = "rasa_tracker.db", username: Optional[str] = None,
                 password: Optional[str] = None, event_broker=None, login_db: Optional[str] = None,
                 query: Optional[dict] = None, **kwargs: Any) -> None:
        url = os.environ.get("TRACKER_STORE_URL")
        if url:
            from sqlalchemy.engine.url import make_url
            parsed = make_url(url)
            dialect, host, port = parsed.drivername, parsed.host, parsed.port
            db, username, password = parsed.database, parsed.username, parsed.password
            query = dict(parsed.query) or None
        elif os.environ.get("TRACKER_STORE_DB"):
            db = os.environ["TRACKER_STORE_DB"]
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db, username=username,
                         password=password, event_broker=event_broker, login_db=login_db, query=query,
                         **kwargs)
        if self.engine.dialect.name == "postgresql":
            import sqlalchemy as sa

            url = self.engine.url
            self.engine.dispose()  # Rasa's engine (pool 50 + 100) only created the tables
            self.engine = sa.create_engine(
                url, pool_pre_ping=True,
                pool_size=int(os.environ.get("SQL_POOL_SIZE") or DEFAULT_POOL_SIZE),
                max_overflow=int(os.environ.get("SQL_MAX_OVERFLOW") or DEFAULT_MAX_OVERFLOW))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker) -> None:
        events = list(tracker.events)
        if not any(isinstance(e, ActionExecuted) and e.action_name == DELETE_ACTION for e in events):
            await super().save(tracker)  # the usual case: no extra query
            return
        cut = None
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            for index in range(len(events) - 1, stored - 1, -1):
                event = events[index]
                if isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION \
                        and _restarted_by(events, index):
                    cut = index
                    break
            if cut is None:
                pass
            else:
                deleted = session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id).delete()
                for event in events[cut + 1:]:
                    data = event.as_dict()
                    session.add(self.SQLEvent(
                        sender_id=tracker.sender_id, type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                        action_name=data.get("name"), data=json.dumps(data)))
                session.commit()
                logger.info("deleted %d stored events of conversation %s at the user's request",
                            deleted, tracker.sender_id)
        if cut is None:
            await super().save(tracker)
        else:
            await self.stream_events(tracker)


    def purge_idle_conversations(self, days: float, now: Optional[float] = None) -> int:
        """Delete every event of the conversations whose last event is older than `days` days.

        Whole conversations go (never the start of one still in use). Returns how many."""
        import sqlalchemy as sa
        import time

        if days < 0:
            raise ValueError("days must be 0 or more")
        cutoff = (time.time() if now is None else now) - days * 86400
        with self.session_scope() as session:
            idle = (session.query(self.SQLEvent.sender_id)
                    .group_by(self.SQLEvent.sender_id)
                    .having(sa.func.max(self.SQLEvent.timestamp) < cutoff))
            senders = [sender for (sender,) in idle.all()]
            for start in range(0, len(senders), 500):
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id.in_(senders[start:start + 500])).delete(synchronize_session=False)
            session.commit()
        return len(senders)


from . import storage_failures  # noqa: E402 - needs EnvSQLTrackerStore defined

storage_failures.install()

from . import turn_profile  # noqa: E402 - wraps the methods installed above

turn_profile.install()
