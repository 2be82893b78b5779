"""Local stand-ins for Slack's Web API and for Microsoft's login + Bot Connector.

Each runs an aiohttp server on a free port in a background thread and records
what it receives, so tests can assert what the channel sent out.
"""
import asyncio
import base64
import json
import secrets
import socket
import threading
import time
from typing import Any, Dict, List, Optional

import jwt
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

# the secrets the stack under test is started with (fresh per test session)
SLACK_TOKEN = "xoxb-local-test-token"
SLACK_SIGNING_SECRET = secrets.token_hex(16)
TEAMS_APP_ID = "00000000-aaaa-bbbb-cccc-000000000001"
TEAMS_APP_PASSWORD = secrets.token_hex(12)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _BackgroundServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.requests: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None

    def app(self) -> web.Application:  # pragma: no cover - overridden
        raise NotImplementedError

    def record(self, entry: Dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(entry)

    def recorded(self, path_prefix: str = "") -> List[Dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if r["path"].startswith(path_prefix)]

    def wait_for(self, predicate, timeout: float = 20.0) -> List[Dict[str, Any]]:
        """Wait until predicate(requests) is truthy; returns the requests."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self._lock:
                snapshot = list(self.requests)
            if predicate(snapshot):
                return snapshot
            time.sleep(0.1)
        with self._lock:
            return list(self.requests)

    def start(self) -> "_BackgroundServer":
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._runner = web.AppRunner(self.app())
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("stand-in server did not start")
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)


class SlackApiStandIn(_BackgroundServer):
    """Answers chat.postMessage / chat.update like Slack's Web API does."""

    def app(self) -> web.Application:
        counter = {"n": 0}

        async def api(request: web.Request) -> web.Response:
            method = request.match_info["method"]
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw or b"{}")
            else:
                body = dict((await request.post()).items()) if raw else {}
            self.record(
                {
                    "path": f"/api/{method}",
                    "method": method,
                    "auth": request.headers.get("Authorization"),
                    "body": body,
                }
            )
            counter["n"] += 1
            ts = f"{int(time.time())}.{counter['n']:06d}"
            return web.json_response(
                {"ok": True, "channel": body.get("channel"), "ts": body.get("ts", ts),
                 "message": {"text": body.get("text"), "ts": ts}}
            )

        app = web.Application()
        app.router.add_post("/api/{method}", api)
        return app

    def posts(self, channel: Optional[str] = None) -> List[Dict[str, Any]]:
        return [
            r["body"]
            for r in self.recorded("/api/chat.postMessage")
            if channel is None or r["body"].get("channel") == channel
        ]


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class RsaKey:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def jwk(self, endorsements: Optional[List[str]] = None) -> Dict[str, Any]:
        numbers = self.private.public_key().public_numbers()
        key = {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
        }
        if endorsements is not None:
            key["endorsements"] = endorsements
        return key

    def sign(self, claims: Dict[str, Any], kid: Optional[str] = None) -> str:
        return jwt.encode(claims, self.private_pem, algorithm="RS256", headers={"kid": kid or self.kid})


class MicrosoftStandIn(_BackgroundServer):
    """OpenID configuration + JWKS, tenant token endpoint and a Bot Connector."""

    TENANT = "11111111-2222-3333-4444-555555555555"

    def __init__(self) -> None:
        super().__init__()
        self.key = RsaKey("local-key-1")
        self.published: List[Dict[str, Any]] = [self.key.jwk(endorsements=["msteams", "emulator"])]
        self.tokens_issued: List[str] = []

    @property
    def openid_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base}/{{tenant}}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base}/connector/"

    def app(self) -> web.Application:
        async def openid(request: web.Request) -> web.Response:
            self.record({"path": "/openid"})
            return web.json_response(
                {
                    "issuer": "https://api.botframework.com",
                    "jwks_uri": f"{self.base}/v1/.well-known/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )

        async def keys(request: web.Request) -> web.Response:
            self.record({"path": "/keys"})
            return web.json_response({"keys": self.published})

        async def token(request: web.Request) -> web.Response:
            form = dict((await request.post()).items())
            self.record({"path": "/token", "tenant": request.match_info["tenant"], "form": form})
            issued = f"local-access-token-{len(self.tokens_issued) + 1}"
            self.tokens_issued.append(issued)
            return web.json_response(
                {"token_type": "Bearer", "expires_in": 3599, "access_token": issued}
            )

        async def activities(request: web.Request) -> web.Response:
            self.record(
                {
                    "path": "/connector/activities",
                    "conversation": request.match_info["conversation"],
                    "auth": request.headers.get("Authorization"),
                    "body": await request.json(),
                }
            )
            return web.json_response({"id": f"reply-{len(self.requests)}"}, status=201)

        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", openid)
        app.router.add_get("/v1/.well-known/keys", keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", token)
        app.router.add_post("/connector/v3/conversations/{conversation}/activities", activities)
        return app

    def replies(self, conversation: Optional[str] = None) -> List[Dict[str, Any]]:
        return [
            r
            for r in self.recorded("/connector/activities")
            if conversation is None or r["conversation"] == conversation
        ]


def bot_events_settled(stack, conversation_id: str, timeout: float = 60) -> list:
    """The conversation's bot events once the assistant has finished its turn: the tracker ends in
    action_listen and has stopped growing for a second."""
    deadline = time.time() + timeout
    last, since = -1, time.time()
    while time.time() < deadline:
        events = stack.tracker(conversation_id)["events"]
        if len(events) != last:
            last, since = len(events), time.time()
        elif events and events[-1].get("name") == "action_listen" and time.time() - since > 1.0:
            break
        time.sleep(0.3)
    return stack.bot_events(conversation_id)
