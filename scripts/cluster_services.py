"""Private PostgreSQL, Redis and HAProxy instances on loopback, each in its own temporary directory.

Used by scripts/local_cluster.py (`make cluster`) and the multi-server tests (tests/cluster). Nothing
here touches the system's own services: each instance gets a free 127.0.0.1 port and a data
directory of its own, and is stopped (and its directory removed) by `stop()`.

Needs Debian's postgresql, redis-server and haproxy (scripts/cluster.sh installs them).
PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(check, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready within {timeout:.0f} s")


def _stop(proc: Optional[subprocess.Popen], timeout: float = 15, sig=signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def missing_programs() -> List[str]:
    """The programs this module needs that are not installed."""
    missing = []
    if not postgres_bin_dir():
        missing.append("postgresql")
    for program, package in (("redis-server", "redis-server"), ("haproxy", "haproxy")):
        if not shutil.which(program) and not os.path.exists(f"/usr/sbin/{program}"):
            missing.append(package)
    return missing


def postgres_bin_dir() -> Optional[str]:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]))
    return dirs[-1] if dirs and os.path.exists(os.path.join(dirs[-1], "postgres")) else None


class Service:
    name = "service"

    def __init__(self, workdir: Optional[Path] = None) -> None:
        self.own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix=f"hk-{self.name}-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: Optional[subprocess.Popen] = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def _spawn(self, cmd: List[str], user: Optional[str] = None) -> subprocess.Popen:
        if user and os.geteuid() == 0:
            cmd = ["runuser", "-u", user, "--"] + cmd
        log = open(self.log_path, "ab")
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, remove: bool = True) -> None:
        _stop(self.proc)
        self.proc = None
        if remove and self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def kill(self) -> None:
        """Stop abruptly (SIGKILL), as a crash would."""
        _stop(self.proc, sig=signal.SIGKILL)
        self.proc = None

    def restart(self) -> None:
        self.stop(remove=False)
        self.start()

    def start(self) -> "Service":
        raise NotImplementedError


class Redis(Service):
    name = "redis"

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> "Redis":
        self.proc = self._spawn(["redis-server", "--bind", LOOPBACK, "--port", str(self.port),
                                 "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
                                 "--protected-mode", "yes"])
        wait_until(lambda: port_open(self.port), 20, "redis-server")
        return self


class Postgres(Service):
    """A PostgreSQL cluster of its own: database `assistant`, user `assistant` (trust on loopback)."""

    name = "postgres"
    database = "assistant"
    user = "assistant"

    def __init__(self, workdir: Optional[Path] = None, max_connections: int = 100) -> None:
        super().__init__(workdir)
        self.max_connections = max_connections
        self.bin = postgres_bin_dir()
        if not self.bin:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.data = self.workdir / "data"
        self.socket_dir = self.workdir / "socket"
        self._initialised = False

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{LOOPBACK}:{self.port}/{self.database}"

    def _run(self, cmd: List[str]) -> None:
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def _initdb(self) -> None:
        self.socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self._run([f"{self.bin}/initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nlisten_addresses = '{LOOPBACK}'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.socket_dir}'\nmax_connections = {self.max_connections}\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")

    def start(self) -> "Postgres":
        if not self._initialised:
            self._initdb()
        self.proc = self._spawn([f"{self.bin}/postgres", "-D", str(self.data)], user="postgres")
        psql = [f"{self.bin}/psql", "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                "-qAtc"]

        def ready() -> bool:
            return subprocess.run(psql + ["select 1"], capture_output=True, timeout=10).returncode == 0

        wait_until(ready, 60, "PostgreSQL", interval=0.2)
        if not self._initialised:
            subprocess.run(psql + [f"create role {self.user} login"], check=True, capture_output=True)
            subprocess.run(psql + [f"create database {self.database} owner {self.user}"], check=True,
                           capture_output=True)
            self._initialised = True
        return self

    def stop(self, remove: bool = True) -> None:
        # SIGINT = PostgreSQL's "fast" shutdown: connections are closed, the data stays consistent
        _stop(self.proc, sig=signal.SIGINT, timeout=30)
        self.proc = None
        if remove and self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


class HAProxy(Service):
    """HTTP front ends on loopback: one for the Rasa servers, one for the action servers.

    Rasa: round robin, except Socket.IO. Its long polling needs every request of one session on
    the server that made it, so /socket.io requests stick to a server by a cookie HAProxy sets
    (`SERVERID`), or by the `sid` query parameter for clients that keep no cookies. A server
    that stops accepting connections is taken out within a few seconds; a request that could not reach it
    is sent to another (`retry-on conn-failure`: only when nothing was delivered, so a message
    is never processed twice).
    """

    name = "haproxy"

    def __init__(self, rasa_backends: Dict[str, int], action_backends: Optional[Dict[str, int]] = None,
                 workdir: Optional[Path] = None, port: Optional[int] = None,
                 action_port: Optional[int] = None) -> None:
        super().__init__(workdir)
        self.port = port or self.port
        self.action_port = action_port or free_port()
        self.rasa_backends = dict(rasa_backends)
        self.action_backends = dict(action_backends or {})

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def action_url(self) -> str:
        return f"http://{LOOPBACK}:{self.action_port}/webhook"

    def config(self) -> str:
        def servers(backends: Dict[str, int], cookie: bool) -> str:
            return "\n".join(
                f"    server {name} {LOOPBACK}:{port} check inter 1s fall 3 rise 2"
                + (f" cookie {name}" if cookie else "") for name, port in backends.items())

        text = f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 300s
    timeout server 300s
    timeout tunnel 3600s
    # a busy Rasa server answers its health check late (NLU holds its event loop): without a
    # generous check timeout (default: the check interval) both servers look down under load
    timeout check 10s
    retries 3
    option redispatch
    retry-on conn-failure

frontend assistant
    bind {LOOPBACK}:{self.port}
    acl socketio path_beg /socket.io
    use_backend rasa_socketio if socketio
    default_backend rasa

backend rasa
    balance roundrobin
    option httpchk GET /
{servers(self.rasa_backends, False)}

backend rasa_socketio
    balance url_param sid
    cookie SERVERID insert indirect nocache
    option httpchk GET /
{servers(self.rasa_backends, True)}
"""
        if self.action_backends:
            text += f"""
frontend actions
    bind {LOOPBACK}:{self.action_port}
    default_backend actions

backend actions
    balance roundrobin
    option httpchk GET /health
{servers(self.action_backends, False)}
"""
        return text

    def start(self) -> "HAProxy":
        path = self.workdir / "haproxy.cfg"
        path.write_text(self.config())
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        subprocess.run([binary, "-c", "-q", "-f", str(path)], check=True, capture_output=True, timeout=30)
        self.proc = self._spawn([binary, "-db", "-f", str(path)])
        wait_until(lambda: port_open(self.port), 20, "haproxy")
        return self
