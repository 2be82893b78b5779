"""Start the real action server and Rasa server on free ports, talk to them over HTTP, stop them.

Used by tests/e2e (through the `rasa_stack` fixture in tests/conftest.py), by the channel and
widget tests, and by benchmarks/rasa_latency.py:

    from tests.stack import start_stack
    stack = start_stack()                     # trains first if the model is stale
    stack.talk("alice", "I'm 32")             # -> list of bot message texts
    stack.slots("alice")["age"]               # -> 32
    stack.stop()

Each stack gets its own temporary directory holding an endpoints.yml that points at its action
server, a SQLite tracker store and a SQLite assessment store, and the two servers' logs.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    token: str
    workdir: Path
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    keep_workdir: bool = False
    action_port: int = 0
    env: Dict[str, str] = field(default_factory=dict)

    # -- talking -------------------------------------------------------------------------------
    def send(self, sender: str, text: str, timeout: float = 60) -> List[dict]:
        """POST a message to the REST channel; the raw bot messages (text, buttons, ...)."""
        r = requests.post(f"{self.rasa_url}/webhooks/rest/webhook",
                          json={"sender": sender, "message": text}, timeout=timeout)
        r.raise_for_status()
        return r.json()

    def talk(self, sender: str, text: str) -> List[str]:
        """The texts the bot replies with."""
        return [m["text"] for m in self.send(sender, text) if m.get("text")]

    def tracker(self, sender: str) -> dict:
        r = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker",
                         params={"token": self.token}, timeout=30)
        r.raise_for_status()
        return r.json()

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]

    @property
    def tracker_db(self) -> Path:
        return self.workdir / "tracker.db"

    @property
    def assessment_db(self) -> Path:
        return self.workdir / "assessments.db"

    # -- lifecycle -----------------------------------------------------------------------------
    def stop_process(self, name: str) -> None:
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def restart_actions(self) -> None:
        """Start the action server again on the same port (after stop_process("actions"))."""
        start_action_server(self, self.env, self.action_port)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        if not self.keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _spawn(cmd: List[str], env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float, ok=lambda r: r.status_code == 200) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            r = requests.get(url, timeout=2)
            if ok(r):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def start_action_server(stack: Stack, env: dict, port: int, timeout: float = 120) -> None:
    proc = _spawn([PYTHON, "-m", "rasa_sdk", "--actions", "actions", "-p", str(port)], env,
                  stack.workdir / "actions.log")
    stack.processes["actions"] = proc
    _wait_for(f"http://127.0.0.1:{port}/health", proc, timeout)


def start_stack(credentials_path: Optional[str] = None, env: Optional[dict] = None,
                endpoints_path: Optional[str] = None, model_path: Optional[str] = None,
                train: bool = True, timeout: float = 300, extra_args: Optional[List[str]] = None) -> Stack:
    """Start `rasa run` (REST + API behind a token) and the action server; wait until both answer."""
    if train:
        sys.path.insert(0, str(ROOT / "scripts"))
        from train_if_needed import ensure_model
        ensure_model(ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="hk-assistant-stack-"))
    rasa_port, action_port = free_port(), free_port()
    while action_port == rasa_port:
        action_port = free_port()
    token = uuid.uuid4().hex
    stack = Stack(rasa_url=f"http://127.0.0.1:{rasa_port}", action_url=f"http://127.0.0.1:{action_port}/webhook",
                  token=token, workdir=workdir)

    proc_env = dict(os.environ)
    proc_env["PYTHONPATH"] = str(ROOT) + (os.pathsep + proc_env["PYTHONPATH"] if proc_env.get("PYTHONPATH") else "")
    proc_env.setdefault("ELIGIBILITY_DATABASE_URL", f"sqlite:///{stack.assessment_db}")
    proc_env.setdefault("TRACKER_STORE_DB", str(stack.tracker_db))
    for inherited in ("TRACKER_STORE_URL", "ACTION_ENDPOINT_URL"):  # never talk to someone else's servers
        proc_env.pop(inherited, None)
    proc_env.update(env or {})

    if endpoints_path is None:
        endpoints_path = str(workdir / "endpoints.yml")
        Path(endpoints_path).write_text(
            f'action_endpoint:\n  url: "{stack.action_url}"\n  enable_selective_domain: true\n'
            "tracker_store:\n  type: rasa_addons.tracker_store.EnvSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{stack.tracker_db}"\n')
    if credentials_path is None:
        credentials_path = str(workdir / "credentials.yml")
        Path(credentials_path).write_text("rest:\n")

    stack.action_port, stack.env = action_port, proc_env
    try:
        start_action_server(stack, proc_env, action_port)
        cmd = [PYTHON, "-m", "rasa", "run", "--enable-api", "--auth-token", token,
               "-m", str(model_path or ROOT / "models"), "--port", str(rasa_port),
               "--endpoints", endpoints_path, "--credentials", credentials_path] + list(extra_args or [])
        proc = stack.processes["rasa"] = _spawn(cmd, proc_env, workdir / "rasa.log")
        _wait_for(f"{stack.rasa_url}/status?token={token}", proc, timeout,
                  ok=lambda r: r.status_code == 200 and bool(r.json().get("model_file")))
    except Exception as error:
        logs = "\n".join(f"--- {n} log ---\n{stack.log(n)[-3000:]}" for n in ("actions", "rasa"))
        stack.keep_workdir = True
        stack.stop()
        raise RuntimeError(f"could not start the stack: {error}\n{logs}") from error
    return stack
