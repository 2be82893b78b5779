"""Conversations and assessments on PostgreSQL: schema migrations, pool sizes, no silent memory
fall back (an apology instead), and the retention purge."""
from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid

import pytest
from sqlalchemy import create_engine, inspect

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_addons.tracker_store  # noqa: F401 - installs the addons
from eligibility import migrations
from eligibility.engine import assess
from eligibility.store import AssessmentStore, Base
from rasa_addons.lock_store import AtomicRedisLockStore
from rasa_addons.pools import pool_sizes
from rasa_addons.storage_failures import APOLOGY
from rasa_addons.tracker_store import EnvSQLTrackerStore

AS_OF = "2026-11-26"


@pytest.fixture
def fresh_database(postgres_server):
    """A new empty database on the shared PostgreSQL; its URL."""
    import subprocess
    name = f"t_{uuid.uuid4().hex[:10]}"
    subprocess.run([f"{postgres_server.bin}/psql", "-h", "127.0.0.1", "-p", str(postgres_server.port), "-U",
                    "postgres", "-qAtc", f"create database {name} owner assistant"], check=True, capture_output=True)
    return f"postgresql://assistant@127.0.0.1:{postgres_server.port}/{name}"


def test_alembic_creates_the_schema_the_store_declares(fresh_database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(fresh_database, future=True)
    migrations.upgrade(engine)
    assert migrations.current(engine) == migrations.head()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    migrations.downgrade(engine, "base")
    assert "assessments" not in inspect(engine).get_table_names()


def test_a_database_made_before_migrations_is_adopted_and_keeps_its_rows(fresh_database):
    engine = create_engine(fresh_database, future=True)
    Base.metadata.create_all(engine)  # how the store made its table before Alembic
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "insert into assessments (conversation_id, as_of, rules_version, facts, results, created_at) "
            "values ('old', '2026-01-01', 'r1', '{}', '{}', '2026-01-01')")
    store = AssessmentStore(fresh_database)
    assert migrations.current(store.engine) == migrations.head()
    assert [r["conversation_id"] for r in store.for_conversation("old")] == ["old"]


def test_assessments_on_postgres_are_saved_deleted_and_purged(fresh_database):
    store = AssessmentStore(fresh_database)
    answer = assess({}, AS_OF)
    now = dt.datetime(2026, 11, 26, 12, 0)
    store.save("alice", {}, AS_OF, answer, now=now - dt.timedelta(days=31))
    store.save("alice", {}, AS_OF, answer, now=now)
    store.save("bob", {}, AS_OF, answer, now=now)
    assert store.purge_older_than(30, now=now) == 1
    assert len(store.for_conversation("alice")) == 1
    assert store.delete_conversation("alice") == 1
    assert store.for_conversation("alice") == [] and len(store.for_conversation("bob")) == 1


def test_tracker_store_pool_is_sized_for_several_servers(fresh_database, monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_URL", fresh_database)
    monkeypatch.setenv("SQL_POOL_SIZE", "3")
    monkeypatch.setenv("SQL_MAX_OVERFLOW", "2")
    store = EnvSQLTrackerStore()
    assert (store.engine.pool.size(), store.engine.pool._max_overflow) == (3, 2)
    monkeypatch.delenv("SQL_POOL_SIZE")
    monkeypatch.delenv("SQL_MAX_OVERFLOW")
    assert EnvSQLTrackerStore().engine.pool.size() == 5  # not Rasa's 50 (+ 100 overflow)


@pytest.mark.parametrize("rasa_servers,action_servers", [(1, 1), (2, 2), (4, 4), (10, 10), (40, 40)])
def test_pool_sizes_for_n_servers_fit_postgres_default_connections(rasa_servers, action_servers):
    sizes = pool_sizes(rasa_servers, action_servers)
    per_process = sizes["SQL_POOL_SIZE"] + sizes["SQL_MAX_OVERFLOW"]
    assert per_process * (rasa_servers + action_servers) <= 100 - 10
    assert sizes["SQL_POOL_SIZE"] >= 1


def test_too_many_servers_for_the_database_is_refused():
    with pytest.raises(ValueError, match="max_connections"):
        pool_sizes(50, 50)


def test_our_tracker_store_is_not_wrapped_in_a_memory_fallback(fresh_database, monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_URL", fresh_database)
    store = EnvSQLTrackerStore()
    assert Agent._create_tracker_store(store, Domain.empty()) is store


class _ReadyAgent:
    """Just enough of an Agent for handle_message: the lock store is all it touches first."""

    def __init__(self, lock_store):
        self.lock_store = lock_store
        self.processor = None

    def is_ready(self):
        return True


def test_a_storage_outage_gets_an_apology_not_silence():
    from cluster_services import free_port

    unreachable = AtomicRedisLockStore(f"redis://127.0.0.1:{free_port()}/0", socket_timeout=0.5)
    channel = CollectingOutputChannel()
    reply = asyncio.run(Agent.handle_message(_ReadyAgent(unreachable), UserMessage("hi", channel, "u-1")))
    assert [m["text"] for m in reply] == [APOLOGY]


def test_database_down_is_an_error_not_an_empty_conversation(fresh_database, monkeypatch, postgres_server):
    """With the database unreachable, reading a conversation raises (-> apology) instead of
    returning a new empty conversation that would then be saved only in memory."""
    import sqlalchemy.exc

    monkeypatch.setenv("TRACKER_STORE_URL", fresh_database)
    store = EnvSQLTrackerStore(domain=Domain.empty())
    tracker = DialogueStateTracker.from_events("carol", [ActionExecuted("action_listen"), UserUttered("hi")])
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    store.engine.url = store.engine.url.set(port=1)  # as if PostgreSQL went away
    import sqlalchemy as sa
    store.engine = sa.create_engine(store.engine.url, pool_pre_ping=True)
    store.sessionmaker = sa.orm.sessionmaker(bind=store.engine)
    with pytest.raises(sqlalchemy.exc.OperationalError):
        asyncio.run(store.retrieve("carol"))


def test_retention_purge_deletes_idle_conversations_whole(fresh_database, monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_URL", fresh_database)
    store = EnvSQLTrackerStore(domain=Domain.empty())
    now = time.time()
    old, recent = now - 40 * 86400, now - 86400
    asyncio.run(store.save(DialogueStateTracker.from_events(
        "idle", [ActionExecuted("action_listen", timestamp=old), UserUttered("hi", timestamp=old)])))
    asyncio.run(store.save(DialogueStateTracker.from_events(
        "active", [ActionExecuted("action_listen", timestamp=old), UserUttered("hi", timestamp=recent)])))
    assert store.purge_idle_conversations(30, now=now) == 1
    assert asyncio.run(store.retrieve("idle")) is None
    assert len(asyncio.run(store.retrieve("active")).events) == 2  # never cut in the middle
