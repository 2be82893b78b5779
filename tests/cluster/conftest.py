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
    config.addinivalue_line("markers", "faults: stops or kills parts of the shared test cluster (run last)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/cluster/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.cluster)
    # tests that stop or kill parts of the shared cluster run after every other test
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)


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


_CLUSTER_ERROR = []


@pytest.fixture(scope="session")
def slack_standin():
    from tests.channels.standins import SlackApiStandIn
    api = SlackApiStandIn().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def microsoft_standin():
    from tests.channels.standins import MicrosoftStandIn
    server = MicrosoftStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cluster(slack_standin, microsoft_standin):
    """Two Rasa servers and one action server sharing PostgreSQL and Redis behind HAProxy."""
    _need("postgresql", "redis-server", "haproxy")
    if _CLUSTER_ERROR:
        pytest.fail(f"the cluster could not be started: {_CLUSTER_ERROR[0]}", pytrace=False)
    sys.path.insert(0, str(ROOT))
    from train_if_needed import ensure_model
    from local_cluster import Cluster
    from tests.channels.standins import (SLACK_SIGNING_SECRET, SLACK_TOKEN, TEAMS_APP_ID,
                                         TEAMS_APP_PASSWORD)

    ensure_model(ROOT)
    running = Cluster(rasa_replicas=2, action_replicas=1, extra_env={
        "SLACK_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{slack_standin.base}/api/",
        "MICROSOFT_APP_ID": TEAMS_APP_ID, "MICROSOFT_APP_PASSWORD": TEAMS_APP_PASSWORD,
        "MICROSOFT_TENANT_ID": microsoft_standin.TENANT,
        "TEAMS_OPENID_METADATA_URL": microsoft_standin.openid_url, "TEAMS_TOKEN_URL": microsoft_standin.token_url,
        "LOCK_LIFETIME": "10",  # a killed server's conversations wait at most this long
    })
    try:
        running.start(timeout=600)
    except Exception as error:
        _CLUSTER_ERROR.append(error)
        logs = "\n".join(f"--- {n} ---\n{running.log(n)[-2000:]}" for n in ("rasa1", "rasa2", "actions1"))
        raise RuntimeError(f"{error}\n{logs}") from error
    yield running
    running.stop()
