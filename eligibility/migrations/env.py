"""Alembic environment: runs on the connection (or engine) eligibility.migrations hands over."""
from alembic import context

from eligibility.store import Base

connection = context.config.attributes.get("connection")
if connection is None:
    from sqlalchemy import create_engine
    engine = context.config.attributes.get("engine") or create_engine(
        context.config.get_main_option("sqlalchemy.url"), future=True)
    connection = engine.connect()

context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
