"""Refuse malformed REST-channel requests with 400 instead of a server error.

Rasa 3.6's REST channel reads `request.json.get(...)` with no checks: a JSON body that is not an
object (a list, a number) raises AttributeError, i.e. a 500; a non-string `sender` or `message`
goes on into the pipeline and fails there. We check the request first, where Rasa reads the sender
(`RestInput._extract_sender`, the first thing its handler does): a JSON object, `sender` a string
of 1-255 characters (the tracker store's column), `message` a string of at most
REST_MAX_MESSAGE_CHARS characters (default 5000), `metadata` an object if present.
Installed by importing rasa_addons.tracker_store.
"""
from __future__ import annotations

import os

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage

MAX_SENDER_CHARS = 255
_installed = False


def max_message_chars() -> int:
    return int(os.environ.get("REST_MAX_MESSAGE_CHARS") or 5000)


def check_rest_body(body) -> None:
    """Raise InvalidUsage (400) unless `body` is a message the REST channel can handle."""
    if not isinstance(body, dict):
        raise InvalidUsage("The body must be a JSON object.")
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER_CHARS:
        raise InvalidUsage(f"'sender' must be a string of 1-{MAX_SENDER_CHARS} characters.")
    if not isinstance(message, str):
        raise InvalidUsage("'message' must be a string.")
    if len(message) > max_message_chars():
        raise InvalidUsage(f"'message' is longer than {max_message_chars()} characters.")
    if "\x00" in sender or "\x00" in message:
        raise InvalidUsage("NUL characters are not accepted.")
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        raise InvalidUsage("'metadata' must be a JSON object.")
    if body.get("input_channel") is not None and not isinstance(body["input_channel"], str):
        raise InvalidUsage("'input_channel' must be a string.")


def install() -> None:
    global _installed
    if _installed:
        return

    async def _extract_sender(self, request):
        check_rest_body(request.json)  # Sanic answers 400 to a body that is not JSON
        return request.json["sender"]

    RestInput._extract_sender = _extract_sender
    _installed = True
