"""Shared fixtures. `rasa_stack` starts the real Rasa server and action server once per session.

Markers: `e2e` (whole conversations over HTTP through the real servers; slow, needs a trained
model - trained automatically when stale). Select with `pytest -m e2e`, skip with `-m "not e2e"`.
"""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: whole conversations through the real Rasa and action servers")


_STACK_ERROR = []


@pytest.fixture(scope="session")
def rasa_stack():
    if _STACK_ERROR:  # don't retrain/restart for every test when the first start failed
        pytest.fail(f"the Rasa stack could not be started: {_STACK_ERROR[0]}", pytrace=False)
    from tests.stack import start_stack
    try:
        stack = start_stack()
    except Exception as error:
        _STACK_ERROR.append(error)
        raise
    yield stack
    stack.stop()


@pytest.fixture
def sender():
    """A fresh conversation id per test."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def talk(rasa_stack):
    return rasa_stack.talk


@pytest.fixture
def slots(rasa_stack):
    return rasa_stack.slots
