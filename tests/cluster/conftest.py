"""Fixtures for the multi-server tests: private Redis and PostgreSQL instances on loopback.

All tests here carry the `cluster` marker (`pytest -m cluster` selects them, `-m "not cluster"`
skips them). They need Debian's redis-server, postgresql and haproxy: `scripts/setup.sh --test`
installs them; without them the tests are skipped with the reason.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import cluster_services  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "cluster: several Rasa servers sharing PostgreSQL and Redis (tests/cluster)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/cluster/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.cluster)


def _need(*packages):
    missing = [p for p in cluster_services.missing_programs() if p in packages]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (scripts/setup.sh --test installs them)")


@pytest.fixture(scope="session")
def redis_server():
    _need("redis-server")
    server = cluster_services.Redis().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    _need("postgresql")
    server = cluster_services.Postgres().start()
    yield server
    server.stop()
