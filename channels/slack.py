"""Slack channel: Events API + interactivity, secrets only from the environment.

Configured in credentials.yml as `channels.slack.SlackChannel:`; the webhook is
`/webhooks/slack/webhook` (events AND interactivity use the same URL).

Environment:
  SLACK_TOKEN           bot token (xoxb-...)                     - required
  SLACK_SIGNING_SECRET  app signing secret                       - required
  SLACK_API_URL         Web API base URL (default https://slack.com/api/; tests
                        point it at a local stand-in)

Without SLACK_TOKEN and SLACK_SIGNING_SECRET the channel is disabled: the server
starts, and the webhook answers 503 to everything.

Differences from Rasa 3.6's SlackInput/SlackBot:
- the signature (HMAC-SHA256 over `v0:{timestamp}:{body}`) is checked before the
  body is parsed; missing headers, bad timestamps and timestamps more than five
  minutes away are refused with 401;
- events are de-duplicated by `event_id` and by channel+ts, so Slack's retries
  (X-Slack-Retry-Num) and an `app_mention` + `message` pair are answered once
  (across all Rasa servers through Redis when REDIS_URL is set);
- any number of buttons (Rasa drops all of them above five): Block Kit
  `actions` blocks of at most five buttons each;
- long answers are split at paragraph/line/sentence boundaries into section
  blocks (<= 3000 chars), messages of <= 50 blocks and <= 40000 chars of text;
- Markdown links/bold become mrkdwn; `&`, `<`, `>` are escaped;
- a clicked button's message is updated to show the choice (no double clicks).
"""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels.text import card_labels, chunks, label_separator, markdown_to_mrkdwn, split_text

logger = logging.getLogger(__name__)

ENV_TOKEN = "SLACK_TOKEN"
ENV_SIGNING_SECRET = "SLACK_SIGNING_SECRET"
ENV_API_URL = "SLACK_API_URL"
DEFAULT_API_URL = "https://slack.com/api/"

MAX_REQUEST_AGE_SECONDS = 5 * 60
SECTION_TEXT_LIMIT = 3000  # section block text
MESSAGE_TEXT_LIMIT = 40000  # chat.postMessage `text`
MESSAGE_BLOCK_LIMIT = 50  # blocks per message
BUTTONS_PER_ACTIONS_BLOCK = 5  # Slack allows 25; 5 keeps rows readable
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
ACTION_ID_PREFIX = "rasa_button_"


# --------------------------------------------------------------------------- #
# request signing


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for `body` at `timestamp`."""
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256)
    return "v0=" + digest.hexdigest()


def verify_slack_request(
    signing_secret: str,
    timestamp: Optional[str],
    signature: Optional[str],
    body: bytes,
    now: Optional[float] = None,
    max_age: int = MAX_REQUEST_AGE_SECONDS,
) -> Optional[str]:
    """Check a request's signature. Returns None if authentic, else the reason."""
    if not signing_secret:
        return "channel has no signing secret"
    if not timestamp or not signature:
        return "missing X-Slack-Request-Timestamp or X-Slack-Signature header"
    if not timestamp.isdigit() or len(timestamp) > 12:
        return "malformed timestamp"
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > max_age:
        return "timestamp outside the five-minute window"
    expected = slack_signature(signing_secret, timestamp, body)
    if not hmac.compare_digest(expected.encode("utf-8"), signature.encode("utf-8")):
        return "signature mismatch"
    return None


class _SeenCache:
    """Remembers keys for `ttl` seconds (bounded), for de-duplicating deliveries."""

    def __init__(self, ttl: float = 3600, max_size: int = 20000) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._seen: "OrderedDict[str, float]" = OrderedDict()

    def check_and_add(self, *keys: Optional[str]) -> bool:
        """True if any key was seen before; records all keys."""
        now = time.monotonic()
        while self._seen:
            oldest_key, added = next(iter(self._seen.items()))
            if now - added < self.ttl and len(self._seen) <= self.max_size:
                break
            self._seen.popitem(last=False)
        keys_present = [k for k in keys if k]
        seen = any(k in self._seen for k in keys_present)
        for key in keys_present:
            self._seen[key] = now
        return seen


class _RedisSeenCache:
    """`_SeenCache` shared by every Rasa server through Redis (SET NX EX: atomic per key), so a
    retry that lands on another server is recognised too. Used when REDIS_URL is set."""

    def __init__(self, url: str, ttl: int = 3600, prefix: str = "hk:slack:seen:") -> None:
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.ttl, self.prefix = ttl, prefix
        self._local = _SeenCache(ttl)  # only while Redis is unreachable

    def check_and_add(self, *keys: Optional[str]) -> bool:
        keys_present = [k for k in keys if k]
        if not keys_present:
            return False
        try:
            pipe = self.red.pipeline(transaction=False)
            for key in keys_present:
                pipe.set(self.prefix + key, b"1", nx=True, ex=self.ttl)
            return not all(pipe.execute())
        except Exception:  # noqa: BLE001 - Redis down: de-duplicate within this server only
            logger.warning("Slack: Redis unreachable, duplicate filter limited to this server", exc_info=True)
            return self._local.check_and_add(*keys_present)


def seen_cache():
    url = os.environ.get("REDIS_URL")
    return _RedisSeenCache(url) if url else _SeenCache()


_BARE_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>\s]+)>")
_LABELLED_LINK = re.compile(r"<(?:https?|mailto|tel):[^|>\s]+\|([^>]*)>")


def slack_text_to_plain(text: str) -> str:
    """What the user typed: Slack's link markup and `&amp;`/`&lt;`/`&gt;` escapes undone."""
    text = _LABELLED_LINK.sub(r"\1", text or "")
    text = _BARE_LINK.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


# --------------------------------------------------------------------------- #
# rendering


def _button_element(index: int, button: Dict[Text, Any]) -> Dict[Text, Any]:
    title = str(button.get("title") or button.get("payload") or "")
    if len(title) > BUTTON_TEXT_LIMIT:
        title = title[: BUTTON_TEXT_LIMIT - 1] + "\u2026"
    element: Dict[Text, Any] = {
        "type": "button",
        "action_id": f"{ACTION_ID_PREFIX}{index}",
        "text": {"type": "plain_text", "text": title or "\u2026", "emoji": True},
    }
    if button.get("url"):
        element["url"] = button["url"]
    else:
        value = str(button.get("payload") or title)
        if len(value) > BUTTON_VALUE_LIMIT:
            logger.warning("Slack button payload longer than %s chars", BUTTON_VALUE_LIMIT)
            value = value[:BUTTON_VALUE_LIMIT]
        element["value"] = value
    return element


def build_slack_messages(
    text: Optional[str], buttons: Optional[List[Dict[Text, Any]]] = None
) -> List[Dict[Text, Any]]:
    """Render a bot response as a list of chat.postMessage argument dicts.

    Each dict has `text` (notification/fallback text, <= 40000 chars) and `blocks`
    (<= 50): the answer as mrkdwn section blocks of <= 3000 chars, followed by
    the buttons as `actions` blocks of at most five buttons.
    """
    buttons = list(buttons or [])
    sections = split_text(markdown_to_mrkdwn(text or ""), SECTION_TEXT_LIMIT)

    messages: List[Dict[Text, Any]] = []
    blocks: List[Dict[Text, Any]] = []
    fallback: List[str] = []

    def flush() -> None:
        nonlocal blocks, fallback
        if blocks:
            messages.append({"text": "\n\n".join(fallback), "blocks": blocks})
        blocks, fallback = [], []

    for section in sections:
        used = sum(len(f) + 2 for f in fallback)
        if len(blocks) >= MESSAGE_BLOCK_LIMIT or used + len(section) > MESSAGE_TEXT_LIMIT:
            flush()
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": section}})
        fallback.append(section)

    elements = [_button_element(i, b) for i, b in enumerate(buttons)]
    for group_index, group in enumerate(chunks(elements, BUTTONS_PER_ACTIONS_BLOCK)):
        if len(blocks) >= MESSAGE_BLOCK_LIMIT:
            flush()
        if not fallback:
            # a message made only of buttons still needs fallback text
            fallback.append(", ".join(e["text"]["text"] for e in group))
        blocks.append(
            {"type": "actions", "block_id": f"rasa_actions_{group_index}", "elements": group}
        )
    flush()
    return messages


def _mrkdwn_section(text: str) -> Dict[Text, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": markdown_to_mrkdwn(text)[:SECTION_TEXT_LIMIT]}}


def result_card_blocks(card: Dict[Text, Any]) -> Dict[Text, Any]:
    """A result card (actions/cards.py) as one chat.postMessage: Block Kit sections per scheme with
    the deciding reason, stay, fees and the official page as context, then the buttons."""
    labels, separator = card_labels(card), label_separator(card)
    blocks: List[Dict[Text, Any]] = [_mrkdwn_section(line) for line in card.get("intro") or [] if line]
    if card.get("heading"):
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": card["heading"][:150]}})
    for result in card.get("results") or []:
        label = markdown_to_mrkdwn(result.get("label") or result.get("name") or "")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": (
            f"*{label}*\n{markdown_to_mrkdwn(result.get('reason') or '')}")[:SECTION_TEXT_LIMIT]}})
        context = []
        for key in ("stay", "fees"):
            if result.get(key):
                title = markdown_to_mrkdwn(labels[key] + separator.rstrip())
                context.append({"type": "mrkdwn", "text": f"*{title}* {markdown_to_mrkdwn(result[key])}"[:2000]})
        if result.get("url"):
            page = markdown_to_mrkdwn(labels["official_page"]).replace("|", "\u2223")
            context.append({"type": "mrkdwn", "text": f"<{result['url']}|{page}>"})
        if context:
            blocks.append({"type": "context", "elements": context})
    for note in card.get("notes") or []:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": markdown_to_mrkdwn(note)[:2000]}]})
    elements = [_button_element(i, b) for i, b in enumerate(card.get("buttons") or [])]
    for group_index, group in enumerate(chunks(elements, BUTTONS_PER_ACTIONS_BLOCK)):
        blocks.append({"type": "actions", "block_id": f"rasa_actions_{group_index}", "elements": group})
    return {"text": (card.get("text") or card.get("heading") or "")[:MESSAGE_TEXT_LIMIT],
            "blocks": blocks[:MESSAGE_BLOCK_LIMIT]}


# "You chose:" in the language of the message clicked and its button (a Chinese conversation's
# messages and buttons are Chinese; 是 / 否 alone do not tell the script, the message does).
YOU_CHOSE = {"en": "You chose: ", "zh-Hant": "你選擇了：", "zh-Hans": "你选择了："}


def you_chose(choice: str, blocks: Optional[List[Dict[Text, Any]]] = None) -> str:
    from fact_extraction.language import detect_language
    said = [(b.get("text") or {}).get("text") or "" for b in blocks or []]
    said += [e.get("text") or "" for b in blocks or [] if b.get("type") == "context" for e in b.get("elements") or []
             if isinstance(e, dict)]
    language = detect_language(choice or "") or "en"
    if language != "en":
        language = detect_language(" ".join(said + [choice])) or language
    return YOU_CHOSE.get(language, YOU_CHOSE["en"])


def mark_choice(blocks: List[Dict[Text, Any]], choice: str) -> List[Dict[Text, Any]]:
    """The clicked message's blocks with our button rows replaced by the choice."""
    kept = [
        b
        for b in blocks or []
        if not (b.get("type") == "actions" and str(b.get("block_id", "")).startswith("rasa_actions_"))
    ]
    kept.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"{you_chose(choice, blocks)}*{markdown_to_mrkdwn(choice)}*"}],
        }
    )
    return kept


# --------------------------------------------------------------------------- #
# output


class SlackOutput(SlackBot):
    """Posts responses with Block Kit; the Web API base URL is configurable."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: Text = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)

    async def _post_blocks(self, recipient_id: Text, text: Optional[str], buttons: Any) -> None:
        recipient = self.slack_channel or recipient_id
        for message in build_slack_messages(text, buttons):
            await self._post_message(channel=recipient, **message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._post_blocks(recipient_id, text, None)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._post_blocks(recipient_id, text, buttons)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        await self._post_message(
            channel=recipient,
            text=image,
            blocks=[{"type": "image", "image_url": image, "alt_text": image}],
        )

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: Text, attachment: Dict[Text, Any], **kwargs: Any
    ) -> None:
        recipient = self.slack_channel or recipient_id
        await self._post_message(channel=recipient, attachments=[attachment])

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        channel = json_message.pop("channel", None) or self.slack_channel or recipient_id
        json_message.pop("as_user", None)
        if json_message.get("type") == "result_card":
            await self._post_message(channel=channel, **result_card_blocks(json_message))
            return
        await self._post_message(channel=channel, **json_message)


# --------------------------------------------------------------------------- #
# input


class SlackChannel(SlackInput):
    """Slack Events API input channel (see module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        for secret in ("slack_token", "slack_signing_secret"):
            if credentials.pop(secret, None):
                logger.warning(
                    "Ignoring '%s' in credentials.yml: Slack secrets are read only "
                    "from the environment (%s, %s).",
                    secret,
                    ENV_TOKEN,
                    ENV_SIGNING_SECRET,
                )
        return cls(
            slack_token=os.environ.get(ENV_TOKEN, ""),
            slack_signing_secret=os.environ.get(ENV_SIGNING_SECRET, ""),
            slack_channel=credentials.get("slack_channel"),
            proxy=credentials.get("proxy"),
            use_threads=bool(credentials.get("use_threads", True)),
            conversation_granularity=credentials.get("conversation_granularity", "channel"),
            api_url=os.environ.get(ENV_API_URL) or DEFAULT_API_URL,
        )

    def __init__(
        self,
        slack_token: Text = "",
        slack_signing_secret: Text = "",
        slack_channel: Optional[Text] = None,
        proxy: Optional[Text] = None,
        use_threads: bool = True,
        conversation_granularity: Text = "channel",
        api_url: Text = DEFAULT_API_URL,
    ) -> None:
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.enabled = bool(slack_token and slack_signing_secret)
        super().__init__(
            slack_token,
            slack_channel=slack_channel,
            proxy=proxy,
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self._seen = seen_cache()

    def _validate_credentials(self) -> None:
        if not self.enabled:
            logger.warning(
                "Slack channel disabled: set %s and %s to enable it. "
                "/webhooks/slack/webhook answers 503 until then.",
                ENV_TOKEN,
                ENV_SIGNING_SECRET,
            )

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> OutputChannel:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    # -- helpers ------------------------------------------------------------

    def _run_in_background(self, coro: Awaitable[Any]) -> None:
        async def guarded() -> None:
            try:
                await coro
            except Exception:  # noqa: BLE001 - log, never crash the server
                logger.exception("Slack: failed to handle a message")

        task = asyncio.ensure_future(guarded())
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    def _thread_for(self, event: Dict[Text, Any]) -> Optional[Text]:
        if event.get("thread_ts"):
            return event["thread_ts"]
        # answer mentions in channels in a thread; DMs stay flat
        if self.use_threads and event.get("channel_type") != "im":
            return event.get("ts")
        return None

    @staticmethod
    def _bot_user_ids(payload: Dict[Text, Any]) -> List[Text]:
        ids = list(payload.get("authed_users") or [])
        for auth in payload.get("authorizations") or []:
            if auth.get("user_id"):
                ids.append(auth["user_id"])
        return ids

    def _is_answerable_event(self, event: Dict[Text, Any]) -> bool:
        if event.get("type") not in ("message", "app_mention"):
            return False
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return False
        if not (event.get("text") or "").strip():
            return False
        return (
            event.get("channel_type") == "im"
            or event.get("type") == "app_mention"
            or (self.slack_channel is not None and event.get("channel") == self.slack_channel)
        )

    # -- handlers -----------------------------------------------------------

    async def _handle_event_callback(
        self,
        payload: Dict[Text, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        event = payload.get("event") or {}
        channel_ts = (
            f"msg:{event.get('channel')}:{event.get('ts')}" if event.get("ts") else None
        )
        event_id = payload.get("event_id")
        if self._seen.check_and_add(f"event:{event_id}" if event_id else None, channel_ts):
            logger.info("Slack: duplicate delivery of %s ignored", event_id or channel_ts)
            return response.text("", headers={"X-Slack-No-Retry": "1"})

        if not self._is_answerable_event(event):
            return response.text("")

        channel_id = event.get("channel")
        thread_id = self._thread_for(event)
        conversation_id = self._get_conversation_id(event["user"], channel_id, thread_id)
        text = slack_text_to_plain(
            self._sanitize_user_message(event["text"], self._bot_user_ids(payload))
        )
        metadata = {
            "out_channel": channel_id,
            "thread_id": thread_id,
            "users": self._bot_user_ids(payload),
            "slack_event_id": event_id,
        }
        message = UserMessage(
            text,
            self.get_output_channel(channel_id, thread_id),
            conversation_id,
            input_channel=self.name(),
            metadata=metadata,
        )
        self._run_in_background(on_new_message(message))
        return response.text("")

    async def _handle_interaction(
        self,
        payload: Dict[Text, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        if payload.get("type") != "block_actions" or not payload.get("actions"):
            return response.text("")
        action = payload["actions"][0]
        if self._seen.check_and_add(
            f"action:{payload.get('trigger_id')}:{action.get('action_ts')}"
        ):
            return response.text("")
        if action.get("type") != "button" or action.get("value") is None:
            return response.text("")  # link buttons: nothing to send to the bot

        user_id = (payload.get("user") or {}).get("id")
        channel_id = (payload.get("channel") or {}).get("id") or (
            payload.get("container") or {}
        ).get("channel_id")
        if not user_id or not channel_id:
            return response.text("", status=HTTPStatus.BAD_REQUEST)
        clicked = payload.get("message") or {}
        thread_id = clicked.get("thread_ts") if clicked.get("thread_ts") else None
        conversation_id = self._get_conversation_id(user_id, channel_id, thread_id)
        title = ((action.get("text") or {}).get("text")) or action["value"]

        output = self.get_output_channel(channel_id, thread_id)

        async def handle() -> None:
            if clicked.get("ts") and clicked.get("blocks"):
                try:
                    await output.client.chat_update(  # type: ignore[attr-defined]
                        channel=channel_id,
                        ts=clicked["ts"],
                        text=clicked.get("text") or title,
                        blocks=mark_choice(clicked["blocks"], title),
                    )
                except Exception:  # noqa: BLE001
                    logger.warning("Slack: could not update the clicked message", exc_info=True)
            await on_new_message(
                UserMessage(
                    action["value"],
                    output,
                    conversation_id,
                    input_channel=self.name(),
                    metadata={"out_channel": channel_id, "thread_id": thread_id, "users": [user_id]},
                )
            )

        self._run_in_background(handle())
        return response.text("")

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        slack_webhook = Blueprint("custom_slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.text(
                    "Slack channel is not configured.", status=HTTPStatus.SERVICE_UNAVAILABLE
                )
            body: bytes = request.body or b""
            problem = verify_slack_request(
                self.slack_signing_secret,
                request.headers.get("X-Slack-Request-Timestamp"),
                request.headers.get("X-Slack-Signature"),
                body,
            )
            if problem:
                logger.warning("Slack: refused request (%s)", problem)
                return response.text("Invalid Slack signature.", status=HTTPStatus.UNAUTHORIZED)

            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/json":
                    payload = json.loads(body)
                    if payload.get("type") == "url_verification":
                        return response.json({"challenge": payload.get("challenge", "")})
                    if payload.get("type") == "event_callback":
                        return await self._handle_event_callback(payload, on_new_message)
                    return response.text("")
                if content_type == "application/x-www-form-urlencoded":
                    form = parse_qs(body.decode("utf-8"))
                    payload = json.loads(form["payload"][0])
                    return await self._handle_interaction(payload, on_new_message)
            except (ValueError, KeyError, TypeError, AttributeError):
                logger.warning("Slack: malformed request body", exc_info=True)
                return response.text("Malformed request.", status=HTTPStatus.BAD_REQUEST)
            return response.text("Unsupported content type.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook
