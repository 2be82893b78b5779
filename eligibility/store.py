"""Stores each assessment, keyed by an opaque conversation id (SQLAlchemy 1.4, 2.0-style).

SQLite file `eligibility.db` by default; any SQLAlchemy URL from ELIGIBILITY_DATABASE_URL
(e.g. postgresql://user:pw@host/db). Optional: `assess` works without it.

The schema is created and migrated by Alembic (eligibility/migrations) the first time a process
opens a database. One engine (and connection pool) per database URL per process, so creating
an AssessmentStore per call is cheap. PostgreSQL pool per process: ELIGIBILITY_DB_POOL_SIZE
(default 2) + ELIGIBILITY_DB_MAX_OVERFLOW (default 3); connections are checked before use, so a
restarted database is reconnected to instead of failing the next request.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from typing import Dict, Optional

from sqlalchemy import JSON, Column, Date, DateTime, Integer, String, create_engine, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base

DEFAULT_URL = "sqlite:///eligibility.db"
Base = declarative_base()


class Assessment(Base):
    __tablename__ = "assessments"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), index=True, nullable=False)
    as_of = Column(Date, nullable=False)
    rules_version = Column(String(64), nullable=False)
    facts = Column(JSON, nullable=False)
    results = Column(JSON, nullable=False)
    created_at = Column(DateTime, index=True, nullable=False)


_engines: Dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """This process's engine for `url`, with the schema migrated to the newest revision."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            kwargs = {}
            if url.startswith("postgresql"):
                kwargs = dict(pool_size=int(os.environ.get("ELIGIBILITY_DB_POOL_SIZE") or 2),
                              max_overflow=int(os.environ.get("ELIGIBILITY_DB_MAX_OVERFLOW") or 3),
                              pool_pre_ping=True)
            engine = create_engine(url, future=True, **kwargs)
            from eligibility.migrations import upgrade
            upgrade(engine)
            _engines[url] = engine
        return engine


class AssessmentStore:
    def __init__(self, url: Optional[str] = None):
        self.url = url or os.environ.get("ELIGIBILITY_DATABASE_URL") or DEFAULT_URL
        self.engine = engine_for(self.url)

    def save(self, conversation_id: str, facts: dict, as_of, answer: dict,
             now: Optional[dt.datetime] = None) -> int:
        """Store one assessment; `answer` is what `assess` returned. Returns the record id."""
        record = Assessment(
            conversation_id=str(conversation_id),
            as_of=dt.date.fromisoformat(str(answer.get("as_of", as_of))),
            rules_version=answer["rules_version"],
            facts=json.loads(json.dumps(facts)),
            results={"schemes": answer["schemes"], "missing": answer["missing"]},
            created_at=now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        )
        with Session(self.engine) as session, session.begin():
            session.add(record)
            session.flush()
            return record.id

    def for_conversation(self, conversation_id: str) -> list:
        with Session(self.engine) as session:
            rows = session.execute(
                select(Assessment).where(Assessment.conversation_id == str(conversation_id))
                .order_by(Assessment.id)).scalars().all()
            return [{"id": r.id, "conversation_id": r.conversation_id, "as_of": r.as_of.isoformat(),
                     "rules_version": r.rules_version, "facts": r.facts, "results": r.results,
                     "created_at": r.created_at.isoformat()} for r in rows]

    def delete_conversation(self, conversation_id: str) -> int:
        """Forget a person: delete every record of this conversation. Returns how many went."""
        with Session(self.engine) as session, session.begin():
            result = session.execute(
                delete(Assessment).where(Assessment.conversation_id == str(conversation_id)))
            return result.rowcount

    def purge_older_than(self, days: int, now: Optional[dt.datetime] = None) -> int:
        """Delete records made more than `days` days ago. Returns how many went."""
        if days < 0:
            raise ValueError("days must be 0 or more")
        now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        cutoff = now - dt.timedelta(days=days)
        with Session(self.engine) as session, session.begin():
            result = session.execute(delete(Assessment).where(Assessment.created_at < cutoff))
            return result.rowcount
