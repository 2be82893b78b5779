"""Microsoft Teams (Azure Bot Service) channel for single-tenant bot registrations.

Configured in credentials.yml as `channels.teams.TeamsChannel:`; the messaging
endpoint is `/webhooks/teams/webhook`.

Environment:
  MICROSOFT_APP_ID          the bot's Microsoft App ID (client id)     - required
  MICROSOFT_APP_PASSWORD    a client secret of that app registration  - required
  MICROSOFT_TENANT_ID       the tenant of the single-tenant app       - required
  TEAMS_OPENID_METADATA_URL inbound token OpenID configuration
                            (default https://login.botframework.com/v1/.well-known/openidconfiguration)
  TEAMS_TOKEN_URL           outbound token endpoint; `{tenant}` is replaced
                            (default https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token)
  TEAMS_ALLOWED_ISSUERS     comma-separated accepted `iss` values
                            (default https://api.botframework.com)
  TEAMS_JWT_LEEWAY_SECONDS  clock skew allowed on exp/nbf (default 300, as the
                            Bot Framework SDKs)
  TEAMS_KEY_REFRESH_MIN_SECONDS  minimum time between key-set downloads caused by
                            an unknown `kid` (default 60)

Without the three MICROSOFT_* variables the channel is disabled (503 to all
requests) and the server still starts. Nothing is fetched at start-up.

What differs from Rasa 3.6's BotFramework channel:
- outbound tokens come from the tenant's endpoint (client credentials, scope
  https://api.botframework.com/.default), cached until shortly before expiry,
  fetched with aiohttp (no blocking `requests` call in the event loop);
- inbound tokens: RS256 only (alg pinned, `none`/HS256 refused), signature
  against the JWKS published in the OpenID configuration (re-fetched on an
  unknown `kid`, at most once a minute, and daily), issuer, audience = app id,
  exp/nbf, the key's channel endorsements, and the activity's serviceUrl must
  equal the token's `serviceurl` claim;
- welcomes new members on conversationUpdate (sends `/greet` to the assistant);
- buttons become Hero cards with messageBack buttons (the user sees the title,
  the assistant gets the payload); at most six buttons per card.
"""
import asyncio
import json
import logging
import os
import re
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text
from urllib.parse import quote

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.text import card_labels, chunks, split_text

logger = logging.getLogger(__name__)

ENV_APP_ID = "MICROSOFT_APP_ID"
ENV_APP_PASSWORD = "MICROSOFT_APP_PASSWORD"
ENV_TENANT_ID = "MICROSOFT_TENANT_ID"
ENV_OPENID_URL = "TEAMS_OPENID_METADATA_URL"
ENV_TOKEN_URL = "TEAMS_TOKEN_URL"
ENV_ISSUERS = "TEAMS_ALLOWED_ISSUERS"
ENV_LEEWAY = "TEAMS_JWT_LEEWAY_SECONDS"
ENV_KEY_REFRESH = "TEAMS_KEY_REFRESH_MIN_SECONDS"

DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
DEFAULT_ISSUERS = ("https://api.botframework.com",)
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
DEFAULT_LEEWAY = 300

TEXT_LIMIT = 6000  # characters per activity (Teams' limit is ~28 KB per message)
BUTTONS_PER_CARD = 6  # Teams shows at most six actions on a card
KEY_REFRESH_MIN_INTERVAL = 60.0
KEY_MAX_AGE = 24 * 3600.0
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)

_BEARER = re.compile(r"^Bearer\s+(\S+)$")
_MENTION = re.compile(r"<at>[^<]*</at>")


class AuthError(Exception):
    """An inbound request that must not reach the assistant."""


# --------------------------------------------------------------------------- #
# outbound token


class TokenProvider:
    """Client-credentials tokens from the tenant's endpoint, cached until expiry."""

    def __init__(self, app_id: str, app_password: str, token_url: str) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = token_url
        self._token: Optional[str] = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        async with self._lock:
            if self._token and time.time() < self._expires_at - 60:
                return self._token
            data = {
                "grant_type": "client_credentials",
                "client_id": self.app_id,
                "client_secret": self.app_password,
                "scope": BOT_FRAMEWORK_SCOPE,
            }
            async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
                async with session.post(self.token_url, data=data) as resp:
                    body = await resp.text()
                    if resp.status != 200:
                        raise RuntimeError(
                            f"token endpoint answered {resp.status}: {body[:300]}"
                        )
                    token_data = json.loads(body)
            self._token = token_data["access_token"]
            self._expires_at = time.time() + int(token_data.get("expires_in", 3600))
            return self._token


# --------------------------------------------------------------------------- #
# inbound token validation


class InboundTokenValidator:
    """Validates Bot Connector JWTs against the published OpenID keys."""

    def __init__(
        self,
        app_id: str,
        openid_url: str,
        issuers: Iterable[str],
        leeway: int = DEFAULT_LEEWAY,
        refresh_min_interval: float = KEY_REFRESH_MIN_INTERVAL,
    ) -> None:
        self.app_id = app_id
        self.openid_url = openid_url
        self.issuers = list(issuers)
        self.leeway = leeway
        self.refresh_min_interval = refresh_min_interval
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _fetch_keys(self) -> None:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.get(self.openid_url) as resp:
                resp.raise_for_status()
                config = await resp.json(content_type=None)
            async with session.get(config["jwks_uri"]) as resp:
                resp.raise_for_status()
                jwks = await resp.json(content_type=None)
        self._keys = {k["kid"]: k for k in jwks.get("keys", []) if k.get("kid")}
        self._fetched_at = time.monotonic()

    async def _key(self, kid: str) -> Dict[str, Any]:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            stale = not self._keys or age > KEY_MAX_AGE
            unknown = kid not in self._keys and age >= self.refresh_min_interval
            if stale or unknown:
                try:
                    await self._fetch_keys()
                except Exception as error:  # noqa: BLE001
                    logger.warning("Teams: could not fetch signing keys: %s", error)
                    if not self._keys:
                        raise AuthError("signing keys unavailable") from error
        if kid not in self._keys:
            raise AuthError(f"unknown signing key {kid!r}")
        return self._keys[kid]

    async def validate(self, authorization: Optional[str], activity: Dict[str, Any]) -> Dict[str, Any]:
        """Claims of a valid token; raises AuthError otherwise."""
        if not authorization:
            raise AuthError("no Authorization header")
        match = _BEARER.match(authorization.strip())
        if not match:
            raise AuthError("Authorization is not a Bearer token")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthError(f"malformed token: {error}") from error
        if header.get("alg") != "RS256":
            raise AuthError(f"algorithm {header.get('alg')!r} not allowed")
        kid = header.get("kid")
        if not kid or not isinstance(kid, str):
            raise AuthError("token has no key id")
        jwk = await self._key(kid)
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            claims = jwt.decode(
                token,
                key=public_key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=self.issuers,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise AuthError(f"invalid token: {error}") from error

        endorsements = jwk.get("endorsements")
        channel_id = activity.get("channelId")
        if endorsements is not None and channel_id and channel_id not in endorsements:
            raise AuthError(f"key not endorsed for channel {channel_id!r}")

        claimed_url = claims.get("serviceurl") or claims.get("serviceUrl")
        if claimed_url is not None:
            if _norm_url(claimed_url) != _norm_url(activity.get("serviceUrl")):
                raise AuthError("activity serviceUrl does not match the token")
        return claims


def _norm_url(url: Any) -> str:
    return url.strip().rstrip("/").lower() if isinstance(url, str) else ""


# --------------------------------------------------------------------------- #
# rendering


def hero_card(text: Optional[str], buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """A Hero card attachment; buttons send their payload via messageBack."""
    card_buttons = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "")
        if button.get("url"):
            card_buttons.append({"type": "openUrl", "title": title, "value": button["url"]})
            continue
        payload = str(button.get("payload") or title)
        card_buttons.append(
            {
                "type": "messageBack",
                "title": title,
                "text": payload,
                "displayText": title,
                "value": {"rasa_payload": payload},
            }
        )
    content: Dict[str, Any] = {"buttons": card_buttons}
    if text:
        content["text"] = text
    return {"contentType": "application/vnd.microsoft.card.hero", "content": content}


def result_adaptive_card(card: Dict[str, Any]) -> Dict[str, Any]:
    """A result card (actions/cards.py) as one message with an Adaptive Card (schema 1.4): a
    container per scheme with the deciding reason and a fact set (stay, fees), the official page as
    a link, and the buttons as Action.Submit (messageBack payloads, as the Hero cards)."""
    labels = card_labels(card)
    body: List[Dict[str, Any]] = [{"type": "TextBlock", "text": line, "wrap": True}
                                  for line in card.get("intro") or [] if line]
    if card.get("heading"):
        body.append({"type": "TextBlock", "text": card["heading"], "weight": "Bolder", "size": "Medium",
                     "wrap": True})
    for result in card.get("results") or []:
        items: List[Dict[str, Any]] = [
            {"type": "TextBlock", "text": result.get("label") or result.get("name") or "", "weight": "Bolder",
             "wrap": True},
            {"type": "TextBlock", "text": result.get("reason") or "", "wrap": True, "spacing": "None"}]
        facts = [{"title": labels[key], "value": result[key]} for key in ("stay", "fees") if result.get(key)]
        if facts:
            items.append({"type": "FactSet", "facts": facts})
        if result.get("url"):
            items.append({"type": "TextBlock", "text": f"[{labels['official_page']}]({result['url']})", "wrap": True})
        body.append({"type": "Container", "style": "emphasis", "items": items, "separator": True})
    for note in card.get("notes") or []:
        body.append({"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True, "size": "Small"})
    actions = []
    for button in card.get("buttons") or []:
        payload = str(button.get("payload") or button.get("title") or "")
        title = str(button.get("title") or payload)
        actions.append({"type": "Action.Submit", "title": title,
                        "data": {"rasa_payload": payload,
                                 "msteams": {"type": "messageBack", "text": payload, "displayText": title}}})
    # the notification preview: the card's own words, English only for a card with none
    summary = card.get("heading") or next((line for line in card.get("intro") or [] if line), "") or "Your result"
    content = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
               "version": "1.4", "body": body, "actions": actions}
    return {"type": "message", "text": "", "summary": summary[:100],
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": content}]}


def build_teams_activities(
    text: Optional[str], buttons: Optional[List[Dict[str, Any]]] = None
) -> List[Dict[str, Any]]:
    """Message activity bodies (without from/recipient) for one bot response.

    Long text is split at paragraph/line/sentence boundaries; buttons go on
    Hero cards of at most six buttons, the first card carrying the last piece
    of text.
    """
    pieces = split_text(text or "", TEXT_LIMIT)
    activities: List[Dict[str, Any]] = []
    if not buttons:
        return [{"type": "message", "textFormat": "markdown", "text": p} for p in pieces]
    card_text = pieces.pop() if pieces else None
    for piece in pieces:
        activities.append({"type": "message", "textFormat": "markdown", "text": piece})
    cards = [
        hero_card(card_text if i == 0 else None, group)
        for i, group in enumerate(chunks(list(buttons), BUTTONS_PER_CARD))
    ]
    activities.append(
        {"type": "message", "attachmentLayout": "list", "attachments": cards, "text": ""}
    )
    return activities


# --------------------------------------------------------------------------- #
# output


class TeamsOutput(BotFramework):
    """Sends activities to the Bot Connector with a tenant token (aiohttp)."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(
        self,
        token_provider: TokenProvider,
        conversation: Dict[Text, Any],
        bot: Dict[Text, Any],
        service_url: Text,
    ) -> None:
        super().__init__(token_provider.app_id, "", conversation, bot, service_url)
        self.token_provider = token_provider

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:
        token = await self.token_provider.get()
        return {"content-type": "application/json", "Authorization": f"Bearer {token}"}

    def prepare_message(self, recipient_id: Text, message_data: Dict[Text, Any]) -> Dict[Text, Any]:
        data = {
            "type": "message",
            "recipient": {"id": recipient_id},
            "from": self.bot,
            "conversation": {"id": self.conversation["id"]},
            "text": "",
        }
        data.update(message_data)
        return data

    async def send(self, message_data: Dict[Text, Any]) -> None:
        url = "{}conversations/{}/activities".format(
            self.global_uri, quote(str(self.conversation["id"]), safe="")
        )
        headers = await self._get_headers()
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.post(url, headers=headers, data=json.dumps(message_data)) as resp:
                if resp.status >= 300:
                    logger.error(
                        "Teams: connector refused an activity (%s): %s",
                        resp.status,
                        (await resp.text())[:500],
                    )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for activity in build_teams_activities(text):
            await self.send(self.prepare_message(recipient_id, activity))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        for activity in build_teams_activities(text, buttons):
            await self.send(self.prepare_message(recipient_id, activity))

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        if json_message.get("type") == "result_card":
            json_message = result_adaptive_card(json_message)
        json_message.setdefault("type", "message")
        await self.send(self.prepare_message(recipient_id, json_message))


# --------------------------------------------------------------------------- #
# input


class TeamsChannel(BotFrameworkInput):
    """Teams / Azure Bot Service input channel (see module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        for secret in ("app_id", "app_password", "tenant_id"):
            if credentials.pop(secret, None):
                logger.warning(
                    "Ignoring '%s' in credentials.yml: Teams settings are read from "
                    "the environment (%s, %s, %s).",
                    secret,
                    ENV_APP_ID,
                    ENV_APP_PASSWORD,
                    ENV_TENANT_ID,
                )
        env = os.environ
        issuers = [i.strip() for i in env.get(ENV_ISSUERS, "").split(",") if i.strip()]
        return cls(
            app_id=env.get(ENV_APP_ID, ""),
            app_password=env.get(ENV_APP_PASSWORD, ""),
            tenant_id=env.get(ENV_TENANT_ID, ""),
            openid_url=env.get(ENV_OPENID_URL) or DEFAULT_OPENID_URL,
            token_url=env.get(ENV_TOKEN_URL) or DEFAULT_TOKEN_URL,
            issuers=issuers or list(DEFAULT_ISSUERS),
            leeway=int(env.get(ENV_LEEWAY) or DEFAULT_LEEWAY),
            key_refresh_min_seconds=float(env.get(ENV_KEY_REFRESH) or KEY_REFRESH_MIN_INTERVAL),
            welcome_payload=credentials.get("welcome_payload", "/greet"),
        )

    def __init__(  # noqa: PLR0913 - deliberately not calling super(): no network at start
        self,
        app_id: Text = "",
        app_password: Text = "",
        tenant_id: Text = "",
        openid_url: Text = DEFAULT_OPENID_URL,
        token_url: Text = DEFAULT_TOKEN_URL,
        issuers: Optional[List[Text]] = None,
        leeway: int = DEFAULT_LEEWAY,
        key_refresh_min_seconds: float = KEY_REFRESH_MIN_INTERVAL,
        welcome_payload: Optional[Text] = "/greet",
    ) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.tenant_id = tenant_id
        self.enabled = bool(app_id and app_password and tenant_id)
        self.welcome_payload = welcome_payload
        self.token_provider = TokenProvider(
            app_id, app_password, token_url.replace("{tenant}", quote(tenant_id, safe=""))
        )
        self.validator = InboundTokenValidator(
            app_id, openid_url, issuers or list(DEFAULT_ISSUERS), leeway, key_refresh_min_seconds
        )
        if not self.enabled:
            logger.warning(
                "Teams channel disabled: set %s, %s and %s to enable it. "
                "/webhooks/teams/webhook answers 503 until then.",
                ENV_APP_ID,
                ENV_APP_PASSWORD,
                ENV_TENANT_ID,
            )

    def _output(self, activity: Dict[Text, Any]) -> TeamsOutput:
        return TeamsOutput(
            self.token_provider,
            activity["conversation"],
            activity["recipient"],
            activity["serviceUrl"],
        )

    @staticmethod
    def _sender_id(activity: Dict[Text, Any], user_id: Text) -> Text:
        conversation = activity.get("conversation") or {}
        kind = conversation.get("conversationType")
        if kind in (None, "personal"):
            return user_id
        # group chats and channels: one conversation per user per Teams conversation
        return f"{user_id}|{conversation.get('id')}"

    @staticmethod
    def user_text(activity: Dict[Text, Any]) -> Text:
        """What the user said: a clicked button's payload, else the text minus @mentions."""
        value = activity.get("value")
        if isinstance(value, dict) and isinstance(value.get("rasa_payload"), str):
            return value["rasa_payload"]
        return _MENTION.sub(" ", activity.get("text") or "").strip()

    async def _handle(
        self,
        activity: Dict[Text, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        kind = activity.get("type")
        if kind == "message":
            text = self.user_text(activity)
            if not text:
                return
            metadata = self.add_attachments_to_metadata(activity, None)
            await on_new_message(
                UserMessage(
                    text,
                    self._output(activity),
                    self._sender_id(activity, activity["from"]["id"]),
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )
        elif kind == "conversationUpdate" and self.welcome_payload:
            conversation_type = (activity.get("conversation") or {}).get("conversationType")
            if conversation_type not in (None, "personal"):
                return  # no greeting broadcast to every new member of a team/group
            bot_id = (activity.get("recipient") or {}).get("id")
            for member in activity.get("membersAdded") or []:
                if member.get("id") and member["id"] != bot_id:
                    await on_new_message(
                        UserMessage(
                            self.welcome_payload,
                            self._output(activity),
                            self._sender_id(activity, member["id"]),
                            input_channel=self.name(),
                        )
                    )

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        @teams_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.text(
                    "Teams channel is not configured.", status=HTTPStatus.SERVICE_UNAVAILABLE
                )
            try:
                activity = json.loads(request.body or b"")
                if not isinstance(activity, dict):
                    raise ValueError("activity is not an object")
            except ValueError:
                activity = None
            try:
                await self.validator.validate(
                    request.headers.get("Authorization"), activity or {}
                )
            except AuthError as error:
                logger.warning("Teams: refused request (%s)", error)
                return response.text("Unauthorized.", status=HTTPStatus.UNAUTHORIZED)
            if activity is None:
                return response.text("Malformed activity.", status=HTTPStatus.BAD_REQUEST)
            for field in ("conversation", "recipient", "serviceUrl", "from"):
                if not activity.get(field):
                    return response.text(
                        f"Activity has no {field}.", status=HTTPStatus.BAD_REQUEST
                    )
            try:
                await self._handle(activity, on_new_message)
            except Exception:  # noqa: BLE001 - the connector must get an answer
                logger.exception("Teams: failed to handle an activity")
            return response.text("", status=HTTPStatus.OK)

        return teams_webhook
