"""Alembic migrations of the assessment store's schema (eligibility/store.py).

    python -m eligibility.migrations upgrade            # to the newest schema (ELIGIBILITY_DATABASE_URL)
    python -m eligibility.migrations current            # the revision a database is at
    python -m eligibility.migrations downgrade base     # remove the schema

AssessmentStore upgrades its database when it first opens it, so running this by hand is only
needed to migrate before starting servers (scripts/cluster.py and the Kubernetes Job do). On
PostgreSQL the upgrade holds an advisory lock, so servers starting together migrate once.
A database made before migrations existed (table created directly) is stamped at the first
revision, whose schema it has, and then upgraded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
FIRST_REVISION = "0001"
_ADVISORY_LOCK_ID = 0x48_4B_41_53  # any constant shared by every process migrating this schema


def config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def head() -> str:
    from alembic.script import ScriptDirectory

    from sqlalchemy import create_engine
    return ScriptDirectory.from_config(config(create_engine("sqlite://"))).get_current_head()


def current(engine: Engine) -> Optional[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as connection:
        if postgres:
            connection.execute(text("select pg_advisory_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        try:
            cfg = config(engine)
            cfg.attributes["connection"] = connection
            tables = set(inspect(connection).get_table_names())
            if "assessments" in tables and "alembic_version" not in tables:
                command.stamp(cfg, FIRST_REVISION)
            command.upgrade(cfg, revision)
            connection.commit()
        finally:
            if postgres:
                connection.execute(text("select pg_advisory_unlock(:id)"), {"id": _ADVISORY_LOCK_ID})
                connection.commit()


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect() as connection:
        cfg = config(engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
        connection.commit()
