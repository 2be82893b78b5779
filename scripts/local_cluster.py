"""Several Rasa servers sharing conversations, on this machine, on loopback only.

    scripts/cluster.sh                         (`make cluster`: installs what is needed, then this)
    RASA_REPLICAS=2 ACTION_REPLICAS=1 CLUSTER_PORT=5005 PYTHONPATH=. .venv/bin/python scripts/local_cluster.py

Starts PostgreSQL (conversations + assessments), Redis (conversation locks, Slack duplicate
filter, Socket.IO messages between servers), ACTION_REPLICAS action servers, RASA_REPLICAS Rasa
servers and HAProxy in front of both (127.0.0.1:CLUSTER_PORT for the assistant). Each service
gets its own temporary directory; Ctrl-C stops everything and removes them (the data too).

The tests (tests/cluster) use the same `Cluster` class.
"""
from __future__ import annotations

import argparse
import os
import signal
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
sys.path.insert(0, str(ROOT / "scripts"))

import cluster_services as services  # noqa: E402
from cluster_services import LOOPBACK, free_port, wait_until  # noqa: E402

PYTHON = sys.executable


@dataclass
class Server:
    name: str
    port: int
    cmd: List[str]
    env: Dict[str, str]
    log_path: Path
    health: str
    proc: Optional[subprocess.Popen] = None

    def start(self) -> "Server":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def wait_ready(self, timeout: float) -> None:
        def ready() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log_path}")
            try:
                return requests.get(self.health, timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(ready, timeout, self.name, interval=0.5)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        services._stop(self.proc, sig=sig, timeout=20)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


@dataclass
class Cluster:
    rasa_replicas: int = 2
    action_replicas: int = 1
    port: Optional[int] = None
    model: Path = ROOT / "models"
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    extra_env: Dict[str, str] = field(default_factory=dict)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="hk-cluster-")))
    postgres: Optional[services.Postgres] = None
    redis: Optional[services.Redis] = None
    haproxy: Optional[services.HAProxy] = None
    rasa: List[Server] = field(default_factory=list)
    actions: List[Server] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.haproxy.url

    def env(self) -> Dict[str, str]:
        from rasa_addons.pools import pool_sizes

        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.update({
            "TRACKER_STORE_URL": self.postgres.url,
            "ELIGIBILITY_DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "ACTION_ENDPOINT_URL": self.haproxy.action_url,
            "SANIC_HOST": LOOPBACK,  # the action server's bind address
        })
        env.pop("TRACKER_STORE_DB", None)
        env.update({k: str(v) for k, v in pool_sizes(self.rasa_replicas, self.action_replicas).items()})
        env.update(self.extra_env)
        return env

    def _rasa_server(self, index: int, port: int, env: Dict[str, str]) -> Server:
        cmd = [PYTHON, "-m", "rasa", "run", "--enable-api", "--auth-token", self.token, "-m", str(self.model),
               "--interface", LOOPBACK, "--port", str(port), "--endpoints", str(ROOT / "endpoints.yml"),
               "--credentials", str(ROOT / "credentials.yml")]
        return Server(f"rasa{index}", port, cmd, env, self.workdir / f"rasa{index}.log",
                      f"http://{LOOPBACK}:{port}/status?token={self.token}")

    def _action_server(self, index: int, port: int, env: Dict[str, str]) -> Server:
        cmd = [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
        return Server(f"actions{index}", port, cmd, env, self.workdir / f"actions{index}.log",
                      f"http://{LOOPBACK}:{port}/health")

    def start(self, timeout: float = 600, log=lambda *_: None) -> "Cluster":
        try:
            log("PostgreSQL"); self.postgres = services.Postgres().start()  # its own directory: owned by the postgres user
            log("Redis"); self.redis = services.Redis(self.workdir / "redis").start()
            rasa_ports = {f"rasa{i + 1}": free_port() for i in range(self.rasa_replicas)}
            action_ports = {f"actions{i + 1}": free_port() for i in range(self.action_replicas)}
            self.haproxy = services.HAProxy(rasa_ports, action_ports, self.workdir / "haproxy", port=self.port)
            env = self.env()
            log("database schema (Alembic)")
            subprocess.run([PYTHON, "-m", "eligibility.migrations", "upgrade"], cwd=ROOT, env=env, check=True,
                           capture_output=True, timeout=120)
            self.actions = [self._action_server(i + 1, p, env) for i, p in enumerate(action_ports.values())]
            self.rasa = [self._rasa_server(i + 1, p, env) for i, p in enumerate(rasa_ports.values())]
            log(f"{len(self.actions)} action server(s), {len(self.rasa)} Rasa server(s)")
            for server in self.actions + self.rasa:
                server.start()
            for server in self.actions + self.rasa:
                server.wait_ready(timeout)
            log("HAProxy"); self.haproxy.start()
            wait_until(self._front_ready, 30, "HAProxy health checks")
        except BaseException:
            self.stop()
            raise
        return self

    def _front_ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/status?token={self.token}", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def restart_server(self, server: Server, timeout: float = 600) -> None:
        server.stop()
        server.start()
        server.wait_ready(timeout)

    def stop(self) -> None:
        if self.haproxy:
            self.haproxy.stop()
        for server in self.rasa + self.actions:
            server.stop()
        for service in (self.redis, self.postgres):
            if service:
                service.stop()
        import shutil
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- talking through the balancer ----------------------------------------------------------
    def send(self, sender: str, text: str, timeout: float = 120) -> List[dict]:
        r = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                          timeout=timeout)
        r.raise_for_status()
        return r.json()

    def talk(self, sender: str, text: str) -> List[str]:
        return [m["text"] for m in self.send(sender, text) if m.get("text")]

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]

    def tracker(self, sender: str, server: Optional[Server] = None) -> dict:
        base = f"http://{LOOPBACK}:{server.port}" if server else self.url
        r = requests.get(f"{base}/conversations/{sender}/tracker", params={"token": self.token}, timeout=60)
        r.raise_for_status()
        return r.json()

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", type=int, default=int(os.environ.get("RASA_REPLICAS", 2)))
    parser.add_argument("--actions", type=int, default=int(os.environ.get("ACTION_REPLICAS", 1)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", 5005)))
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from train_if_needed import ensure_model
    ensure_model(ROOT)

    cluster = Cluster(args.rasa, args.actions, port=args.port,
                      token=os.environ.get("RASA_API_TOKEN") or uuid.uuid4().hex)
    stopping = []

    def stop(*_):
        if not stopping:
            stopping.append(True)
            print("\nStopping the cluster...", flush=True)
            cluster.stop()
            sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    cluster.start(log=lambda what: print(f"==> starting {what}", flush=True))
    print(f"""
The cluster is up ({time.monotonic() - started:.0f} s), everything on {LOOPBACK}:
  Assistant (HAProxy): {cluster.url}    REST: curl -s {cluster.url}/webhooks/rest/webhook -d '{{"sender":"me","message":"hi"}}'
  Rasa servers:        {', '.join(f'{s.name} :{s.port}' for s in cluster.rasa)}
  Action servers:      {', '.join(f'{s.name} :{s.port}' for s in cluster.actions)} (behind {cluster.haproxy.action_url})
  PostgreSQL:          {cluster.postgres.url}
  Redis:               {cluster.redis.url}
  HTTP API token:      {cluster.token}
  Logs:                {cluster.workdir}
Press Ctrl-C to stop everything (the cluster's data is removed).""", flush=True)
    while True:  # exit if a server dies
        time.sleep(2)
        dead = [s.name for s in cluster.rasa + cluster.actions if not s.running()]
        if dead:
            for name in dead:
                print(f"--- {name} stopped unexpectedly; the end of its log:\n{cluster.log(name)[-3000:]}",
                      file=sys.stderr)
            stop()


if __name__ == "__main__":
    main()
