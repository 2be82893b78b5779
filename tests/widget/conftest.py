"""Fixtures for the website widget tests: a real Rasa + action server (tests/stack.py) with the
shipped Socket.IO channel, the demo page served by scripts/serve_web.py, and Debian's headless
Chromium driven by Playwright (no browser downloads: `executable_path=/usr/bin/chromium`).

Set WIDGET_TEST_RASA_URL=http://127.0.0.1:5005 to reuse a Rasa server you already run (with the
socketio channel, SOCKETIO_JWT_KEY unset) instead of starting a stack, or WIDGET_TEST_MODEL=<path>
to start the stack with that model and no "train if stale" step. WIDGET_TEST_CREDENTIALS=<file>
replaces the socketio block taken from credentials.yml (to try a channel variant).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDGET_JS = ROOT / "widget" / "dist" / "hk-visa-widget.js"
OUTPUT = ROOT / "test-output"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
JWT_ENV = "SOCKETIO_JWT_KEY"
JWT_SECRET = "widget-test-secret-" + os.urandom(8).hex()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium chromium-driver")
    return CHROMIUM


@pytest.fixture(scope="session")
def widget_built() -> Path:
    """The bundle is built in set-up (`cd widget && npm ci && npm run build`); build it here if
    node_modules is present but dist is stale, fail loudly otherwise."""
    src = ROOT / "widget" / "src"
    newest_src = max(p.stat().st_mtime for p in src.rglob("*.js"))
    if not WIDGET_JS.exists() or WIDGET_JS.stat().st_mtime < newest_src:
        if (ROOT / "widget" / "node_modules").is_dir() and shutil.which("npm"):
            subprocess.run(["npm", "run", "build"], cwd=ROOT / "widget", check=True,
                           stdout=subprocess.DEVNULL)
        else:
            pytest.fail("widget not built: run `cd widget && npm ci && npm run build`")
    return WIDGET_JS


@pytest.fixture(scope="session")
def web_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def wrong_key_port() -> int:
    """A second allowed origin, whose page gets tokens signed with the wrong key."""
    return _free_port()


@pytest.fixture(scope="session")
def widget_stack(web_port, wrong_key_port):
    """Rasa + actions with the socketio block of the shipped credentials.yml, a JWT required
    (SOCKETIO_JWT_KEY) and only the demo pages' origins allowed (SOCKETIO_CORS_ORIGINS)."""
    env_url = os.environ.get("WIDGET_TEST_RASA_URL")
    if env_url:
        class External:
            rasa_url = env_url.rstrip("/")
            jwt = False
        yield External()
        return
    from tests.stack import start_stack

    creds_file = Path(os.environ.get("WIDGET_TEST_CREDENTIALS") or ROOT / "credentials.yml")
    shipped = yaml.safe_load(creds_file.read_text())
    socketio = {k: v for k, v in shipped.items() if "socketio" in k.lower()}
    assert socketio, f"{creds_file} has no socketio channel for the widget"
    tmp = Path(tempfile.mkdtemp(prefix="widget-creds-"))
    creds = tmp / "credentials.yml"
    creds.write_text(yaml.safe_dump(socketio))
    origins = [f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{wrong_key_port}"]
    model = os.environ.get("WIDGET_TEST_MODEL")
    stack = start_stack(
        credentials_path=str(creds),
        model_path=model or None,
        train=not model,
        env={JWT_ENV: JWT_SECRET, "SOCKETIO_CORS_ORIGINS": ",".join(origins)},
        extra_args=["--cors", *origins],
    )
    stack.jwt = True
    try:
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


class WebServer:
    def __init__(self, port: int, server_url: str, jwt: bool, secret: str = JWT_SECRET):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        env = dict(os.environ)
        args = [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(port),
                "--server-url", server_url, "--quiet"]
        if jwt:
            env[JWT_ENV] = secret
            args += ["--jwt-secret-env", JWT_ENV]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("serve_web.py exited: " + self.proc.stderr.read().decode())
            try:
                if requests.get(self.url + "healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise TimeoutError("serve_web.py did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def demo_site(widget_built, widget_stack, web_port):
    """The demo page on the origin the Rasa server allows."""
    server = WebServer(web_port, widget_stack.rasa_url, jwt=getattr(widget_stack, "jwt", False))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """A font with Chinese glyphs, without which Chromium draws Chinese text as empty boxes
    (scripts/setup.sh --test installs fonts-noto-cjk). The family names `fc-list :lang=zh` finds."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig's fc-list missing: apt-get install -y fontconfig fonts-noto-cjk")
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not found:
        pytest.skip("no Chinese font (fc-list :lang=zh is empty): apt-get install -y fonts-noto-cjk")
    return found


@pytest.fixture
def chinese_page(demo_site, cjk_font):
    """The demo page with the widget's `data-lang` set to a Chinese script: chinese_page("zh-Hans")."""
    return lambda language: f"{demo_site.url}?lang={language}"
