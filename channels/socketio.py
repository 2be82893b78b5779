"""Socket.IO channel for the website widget: optional JWT and origins from the environment.

Configured in credentials.yml as `channels.socketio.SocketIOChannel:`. It keeps
Rasa's channel name `socketio` and path `/socket.io`, so the widget is unaffected.

Environment (both optional, so the assistant starts with no environment at all):
  SOCKETIO_JWT_KEY       if set, every connection must send `auth: {token: <JWT>}`
                         signed with this key (algorithm SOCKETIO_JWT_METHOD,
                         default HS256); otherwise connections are refused.
  SOCKETIO_CORS_ORIGINS  comma-separated origins (e.g. https://adviser.example)
                         allowed to connect - checked by engine.io for polling
                         AND WebSocket connections (browsers do not apply CORS to
                         WebSockets). Unset: origin handling is left to `rasa run --cors`.

With REDIS_URL set (several Rasa servers), replies are published through Redis
(python-socketio's AsyncRedisManager), so a message emitted to a session's room
reaches the browser whichever server holds its connection; the balancer still
keeps each connection on one server (sticky), which long polling needs.

Rasa's own `${VAR}` substitution in credentials.yml fails when a variable is
unset, which is why these are read here instead.
"""
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)

ENV_JWT_KEY = "SOCKETIO_JWT_KEY"
ENV_JWT_METHOD = "SOCKETIO_JWT_METHOD"
ENV_CORS_ORIGINS = "SOCKETIO_CORS_ORIGINS"
# Session ids are conversation ids: only long random-looking ones are accepted from a browser.
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def parse_origins(value: Optional[str]) -> List[str]:
    return [o.strip().rstrip("/") for o in (value or "").split(",") if o.strip()]


class SocketIOChannel(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        if credentials.pop("jwt_key", None):
            logger.warning(
                "Ignoring 'jwt_key' in credentials.yml: set %s in the environment.",
                ENV_JWT_KEY,
            )
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            os.environ.get(ENV_JWT_KEY) or None,
            os.environ.get(ENV_JWT_METHOD) or credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        channel.allowed_origins = parse_origins(os.environ.get(ENV_CORS_ORIGINS))
        return channel

    allowed_origins: List[str] = []

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        if self.sio is None:
            return socketio_webhook
        redis_url = os.environ.get("REDIS_URL")
        if redis_url:
            import socketio

            # replaced before any connection is made: the manager starts listening on first use
            self.sio.manager = socketio.AsyncRedisManager(redis_url, channel="hk-socketio")
            self.sio.manager.set_server(self.sio)
        if self.allowed_origins:
            # engine.io then refuses connections whose Origin is not listed
            self.sio.eio.cors_allowed_origins = list(self.allowed_origins)
        sio, namespace, persistent = self.sio, self.namespace, self.session_persistence

        # Replaces Rasa 3.6's handler, which calls the coroutine `sio.enter_room` without awaiting
        # it (python-socketio 5.x): the socket never joined its session's room, so with
        # session_persistence no reply ever reached the browser.
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id")
            session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) else uuid.uuid4().hex
            if persistent:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        sio.on("session_request", session_request, namespace=namespace)
        return socketio_webhook
