"""Fixtures for the channel tests: local stand-ins + a real Rasa server and action server.

The stack is the dialogue helper's `tests/stack.py` `start_stack(...)` when it
exists; otherwise (or with CHANNELS_OWN_STACK=1) an equivalent started here:
`rasa run --enable-api --auth-token ...` with the newest model in models/ (or
CHANNELS_TEST_MODEL) and `rasa run actions`, on free ports.
"""
import glob
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import pytest
import requests

from tests.channels.standins import (
    SLACK_SIGNING_SECRET,
    SLACK_TOKEN,
    TEAMS_APP_ID,
    TEAMS_APP_PASSWORD,
    MicrosoftStandIn,
    SlackApiStandIn,
    free_port,
)

REPO = Path(__file__).resolve().parents[2]
CREDENTIALS = REPO / "credentials.yml"



def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "channels: tests that start a Rasa server + action server")


class Stack:
    """What the channel tests need from a running stack."""

    def __init__(self, url: str, token: Optional[str], stop: Any) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self._stop = stop

    def tracker(self, conversation_id: str) -> Dict[str, Any]:
        params = {"token": self.token} if self.token else {}
        resp = requests.get(
            f"{self.url}/conversations/{quote(conversation_id, safe=':|@')}/tracker",
            params=params,
            timeout=30,
        )
        resp.raise_for_status()
        return resp.json()

    def user_texts(self, conversation_id: str) -> List[str]:
        return [e.get("text") for e in self.tracker(conversation_id)["events"] if e["event"] == "user"]

    def bot_events(self, conversation_id: str) -> List[Dict[str, Any]]:
        return [e for e in self.tracker(conversation_id)["events"] if e["event"] == "bot"]

    def stop(self) -> None:
        self._stop()


def _wait_http(url: str, timeout: float, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout}s")


def _newest_model() -> Optional[str]:
    if os.environ.get("CHANNELS_TEST_MODEL"):
        return os.environ["CHANNELS_TEST_MODEL"]
    models = sorted(glob.glob(str(REPO / "models" / "*.tar.gz")), key=os.path.getmtime)
    return models[-1] if models else None


def _start_own_stack(credentials: Path, env: Dict[str, str], log_dir: Path) -> Stack:
    model = _newest_model()
    if not model:
        pytest.skip("no trained model in models/ (train first, or set CHANNELS_TEST_MODEL)")
    rasa = str(Path(sys.executable).with_name("rasa"))
    # an explicitly set PYTHONPATH comes first (lets CHANNELS_TEST_ACTIONS live outside the repo)
    python_path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p)
    full_env = {**os.environ, **env, "PYTHONPATH": python_path}
    procs: List[subprocess.Popen] = []
    logs = []

    def launch(args: List[str], name: str) -> subprocess.Popen:
        log = open(log_dir / f"{name}.log", "w")
        logs.append(log)
        proc = subprocess.Popen(args, cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        procs.append(proc)
        return proc

    def stop() -> None:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()

    try:
        endpoints = log_dir / "endpoints.yml"
        actions_module = os.environ.get("CHANNELS_TEST_ACTIONS", "actions")
        if actions_module != "actions" or (REPO / "actions").is_dir():
            action_port = free_port()
            action_proc = launch(
                [rasa, "run", "actions", "--actions", actions_module, "-p", str(action_port)],
                "actions",
            )
            _wait_http(f"http://127.0.0.1:{action_port}/health", 120, action_proc)
            endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n")
        else:
            endpoints.write_text("")
        port = free_port()
        token = secrets.token_hex(8)
        rasa_proc = launch(
            [rasa, "run", "-m", model, "--enable-api", "--auth-token", token,
             "--credentials", str(credentials), "--endpoints", str(endpoints),
             "-p", str(port), "-i", "127.0.0.1"],
            "rasa",
        )
        _wait_http(f"http://127.0.0.1:{port}/status?token={token}", 240, rasa_proc)
        # /status answers before the model is loaded; wait for it
        deadline = time.time() + 240
        while time.time() < deadline:
            status = requests.get(f"http://127.0.0.1:{port}/status", params={"token": token}, timeout=5)
            if status.ok and status.json().get("model_id"):
                break
            time.sleep(0.5)
    except BaseException:
        stop()
        raise
    return Stack(f"http://127.0.0.1:{port}", token, stop)


def start_channel_stack(credentials: Path, env: Dict[str, str], log_dir: Path) -> Stack:
    if not os.environ.get("CHANNELS_OWN_STACK"):
        try:
            from tests.stack import start_stack  # the dialogue helper's harness
        except ImportError:
            start_stack = None
        if start_stack is not None:
            kwargs: Dict[str, Any] = {}
            if os.environ.get("CHANNELS_TEST_MODEL"):
                kwargs = {"model_path": os.environ["CHANNELS_TEST_MODEL"], "train": False}
            stack = start_stack(credentials_path=str(credentials), env=env, **kwargs)
            return Stack(stack.rasa_url, stack.token, stack.stop)
    return _start_own_stack(credentials, env, log_dir)


@pytest.fixture(scope="session")
def slack_api():
    server = SlackApiStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def microsoft():
    server = MicrosoftStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def channel_stack(slack_api, microsoft):
    """One Rasa + action server for all channel tests, wired to the stand-ins."""
    env = {
        "SLACK_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{slack_api.base}/api/",
        "MICROSOFT_APP_ID": TEAMS_APP_ID,
        "MICROSOFT_APP_PASSWORD": TEAMS_APP_PASSWORD,
        "MICROSOFT_TENANT_ID": microsoft.TENANT,
        "TEAMS_OPENID_METADATA_URL": microsoft.openid_url,
        "TEAMS_TOKEN_URL": microsoft.token_url,
        "TEAMS_KEY_REFRESH_MIN_SECONDS": "0",  # lets the key-rotation test run in any order
    }
    log_dir = Path(os.environ.get("CHANNELS_TEST_LOG_DIR") or tempfile.mkdtemp(prefix="channels-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = start_channel_stack(CREDENTIALS, env, log_dir)
    yield stack
    stack.stop()
