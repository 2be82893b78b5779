"""The website widget in real headless Chromium against a real Rasa server and action server.

    PYTHONPATH=. .venv/bin/pytest -m browser tests/widget

Needs Debian's `chromium` (apt-get install -y chromium chromium-driver), the pinned `playwright`
pip package (never `playwright install`) and the built bundle (cd widget && npm ci && npm run build).
Screenshots go to test-output/.
"""
from __future__ import annotations

import re
import time

import pytest

from tests.widget.conftest import WebServer, _free_port

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"

# The messages as a user sees them: speaker, visible text (screen-reader prefix removed), buttons.
MESSAGES_JS = """() => {
  const root = document.querySelector('#hk-visa-widget').shadowRoot;
  return Array.from(root.querySelectorAll('.hkvw-log .hkvw-msg')).map(m => {
    const b = m.querySelector('.hkvw-bubble');
    let text = m.textContent;
    if (b) { const c = b.cloneNode(true); c.querySelectorAll('.hkvw-sr').forEach(x => x.remove()); text = c.textContent; }
    return {
      from: m.classList.contains('hkvw-user') ? 'user' : m.classList.contains('hkvw-system') ? 'system' : 'bot',
      text: text.trim(),
      buttons: Array.from(m.querySelectorAll('.hkvw-reply')).map(x => x.textContent),
    };
  });
}"""

IMG_COUNT_JS = """() => document.querySelectorAll('img').length +
  document.querySelector('#hk-visa-widget').shadowRoot.querySelectorAll('img').length"""


class Chat:
    """Drives the widget the way a person does: reads bubbles, clicks buttons, types."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def messages(self):
        return self.page.evaluate(MESSAGES_JS)

    def bot_count(self):
        return sum(1 for m in self.messages() if m["from"] == "bot")

    def wait_for_bot(self, before: int, timeout: float = 90, settle: float = 1.5):
        """Wait until the bot has said something new and then gone quiet; return the new messages."""
        deadline = time.monotonic() + timeout
        while self.bot_count() <= before:
            if time.monotonic() > deadline:
                status = self.page.locator(".hkvw-status").inner_text()
                hint = ""
                if self.bot_count() == 0 and status == "Connected":
                    hint = ("; connected but nothing ever arrived: with session_persistence the "
                            "channel must `await sio.enter_room(...)` (docs/widget.md)")
                raise AssertionError(
                    f"no reply from the bot within {timeout}s (widget status: {status!r}){hint}")
            self.page.wait_for_timeout(200)
        count, quiet_since = self.bot_count(), time.monotonic()
        while time.monotonic() - quiet_since < settle and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)
            now = self.bot_count()
            if now != count:
                count, quiet_since = now, time.monotonic()
        return [m for m in self.messages() if m["from"] == "bot"][before:]

    def type(self, text: str):
        before = self.bot_count()
        box = self.page.get_by_label("Type your message")
        box.fill(text)
        box.press("Enter")
        return self.wait_for_bot(before)

    def click(self, title: str):
        before = self.bot_count()
        group = self.page.get_by_role("group", name="Suggested replies").last
        group.get_by_role("button", name=title, exact=True).click()
        return self.wait_for_bot(before)

    def open(self, url: str):
        self.page.goto(url)
        self.page.get_by_role("log").wait_for()


# A person who clearly fits the Top Talent Pass Scheme by income (category A): HK$3M a year.
OPENING = "Hi! I'm 35 and I have a master's degree"
PERSONA = [  # (pattern in the bot's question, ("click", button title) | ("type", text))
    (r"how old|your age", ("type", "35")),
    (r"highest .*qualification|degree do you", ("click", "Master's")),
    (r"aggregate list|listed university|top 100", ("click", "No")),
    (r"stem|science, technology", ("click", "No")),
    (r"assessable income", ("click", "I don't know")),
    (r"income|earn", ("type", "HK$3,000,000 a year")),
    (r"nationality|citizen", ("type", "British")),
    (r"resident|where do you live", ("click", "Overseas")),
    (r"languages?", ("click", "English")),
    (r"job offer|offer of employment", ("click", "No")),
    (r"how many years.*(work|experience)|work experience", ("type", "12 years")),
    (r"permanent resident", ("click", "No")),
    (r"criminal", ("click", "No")),
    (r"funds|support yourself", ("click", "Yes")),
]
# The answer lists the schemes the person looks eligible for; TTPS must be there, category A.
TTPS_ANSWER = re.compile(r"eligible.*Top Talent Pass Scheme[^\n]*category A", re.I | re.S)


def next_move(question: dict):
    text = question["text"].lower()
    for pattern, move in PERSONA:
        if re.search(pattern, text):
            kind, value = move
            if kind == "click" and value not in question["buttons"]:
                if "I don't know" in question["buttons"]:
                    return ("click", "I don't know")
                continue
            return move
    if "I don't know" in question["buttons"]:
        return ("click", "I don't know")
    if question["buttons"]:
        return ("click", question["buttons"][-1])
    return ("type", "I don't know")


def transcript(chat) -> str:
    return "\n".join(f"{m['from']}: {m['text']} {m['buttons'] or ''}" for m in chat.messages())


def is_answer(replies) -> bool:
    return any(TTPS_ANSWER.search(m["text"]) for m in replies)


def test_conversation_to_an_answer_with_reload_and_xss(browser, demo_site, output_dir):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    chat = Chat(page)
    chat.open(demo_site.url)

    greeting = chat.wait_for_bot(0)
    assert any("Hong Kong" in m["text"] for m in greeting), greeting
    replies = chat.type(OPENING)

    answered_questions = []
    reloaded = False
    for turn in range(30):
        if is_answer(replies):
            break
        question = replies[-1]
        assert question["text"] not in answered_questions, (
            f"asked again after it was answered (conversation lost?): {question['text']!r}\n"
            + transcript(chat))
        if turn == 1 and not reloaded:
            # Reload mid-conversation: transcript and pending buttons come back, and the
            # server-side conversation continues where it was.
            before = chat.messages()
            page.reload()
            page.get_by_role("log").wait_for()
            page.wait_for_function("() => window.HKVisaWidget && HKVisaWidget.socket.connected")
            assert chat.messages() == before, "transcript changed across the reload"
            reloaded = True
        kind, value = next_move(question)
        answered_questions.append(question["text"])
        replies = chat.click(value) if kind == "click" else chat.type(value)
    else:
        pytest.fail("no answer naming a scheme after 30 turns:\n" + transcript(chat))
    assert reloaded, "the conversation ended before the mid-conversation reload"
    assert is_answer(replies)
    assert not any(m["text"] == m2 for m in replies for m2 in answered_questions)

    # Links in bot text are real links that open safely.
    for link in page.locator(".hkvw-bot .hkvw-bubble a").all():
        href = link.get_attribute("href")
        assert href.startswith(("https://", "http://", "mailto:")), href
        if not href.startswith("mailto:"):
            assert "noopener" in link.get_attribute("rel")

    # Markup typed by the user is shown as text, never parsed.
    before = chat.bot_count()
    box = page.get_by_label("Type your message")
    box.fill(XSS)
    box.press("Enter")
    chat.wait_for_bot(before)
    users = [m for m in chat.messages() if m["from"] == "user"]
    assert users[-1]["text"] == XSS
    assert page.evaluate(IMG_COUNT_JS) == 0, "an <img> element was created from message text"
    assert chat.dialogs == [], f"a dialog fired: {chat.dialogs}"
    assert errors == [], errors

    page.locator(".hkvw-user").last.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "widget.png"))
    (output_dir / "widget-transcript.txt").write_text(transcript(chat), encoding="utf-8")
    context.close()


def test_accessibility_keyboard_and_restart(browser, demo_site):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    chat = Chat(page)
    chat.open(demo_site.url)
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    greeting = chat.wait_for_bot(0)
    assert greeting
    # New messages are added inside the live region.
    assert log.locator(".hkvw-bot").count() == chat.bot_count() > 0

    # Every control has an accessible name.
    page.get_by_label("Type your message").wait_for()
    page.get_by_role("button", name="Send").wait_for()
    page.get_by_role("button", name="Restart the conversation").wait_for()
    close = page.get_by_role("button", name="Close chat")

    # Keyboard only: type and send with Enter; Escape closes and returns focus to the launcher.
    box = page.get_by_label("Type your message")
    box.focus()
    before = chat.bot_count()
    page.keyboard.type("I'm 30")
    page.keyboard.press("Enter")
    assert chat.wait_for_bot(before)
    page.keyboard.press("Escape")
    launcher = page.get_by_role("button", name=re.compile("Open chat"))
    assert launcher.get_attribute("aria-expanded") == "false"
    assert launcher.evaluate("el => el.getRootNode().activeElement === el")
    page.keyboard.press("Enter")
    # (hidden while the panel is open, so found by class rather than by role)
    assert page.locator(".hkvw-launcher").get_attribute("aria-expanded") == "true"
    assert box.evaluate("el => el.getRootNode().activeElement === el")
    assert close.is_visible()

    # Restart: transcript cleared, the server forgets, the bot says so.
    before = chat.bot_count()
    page.get_by_role("button", name="Restart the conversation").click()
    replies = chat.wait_for_bot(0)
    texts = [m["text"] for m in chat.messages()]
    assert "I'm 30" not in texts
    assert any("start over" in m["text"].lower() or "forgotten" in m["text"].lower() for m in replies), replies
    context.close()


def test_reconnects_and_keeps_the_conversation(browser, demo_site):
    context = browser.new_context()
    page = context.new_page()
    chat = Chat(page)
    chat.open(demo_site.url)
    chat.wait_for_bot(0)
    session = page.evaluate("HKVisaWidget.sessionId")
    chat.type("I'm 41")
    # Drop the transport as a server restart would; socket.io reconnects and the widget
    # re-sends session_request with the same session id.
    page.evaluate("HKVisaWidget.socket.io.engine.close()")
    page.wait_for_function("() => !HKVisaWidget.socket.connected")
    page.wait_for_function("() => HKVisaWidget.socket.connected", timeout=30000)
    assert page.evaluate("HKVisaWidget.sessionId") == session
    replies = chat.type("actually I'm 42")
    assert replies, "no reply after reconnecting"
    context.close()


def test_phone_sized_screen(browser, demo_site, output_dir):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    chat = Chat(page)
    chat.open(demo_site.url)
    chat.wait_for_bot(0)
    chat.type("I'm 35")
    panel = page.locator(".hkvw-panel").bounding_box()
    assert panel["x"] == 0 and panel["width"] == 375, panel  # full screen on a phone
    assert panel["height"] >= 600, panel
    box = page.get_by_label("Type your message")
    assert box.is_visible() and box.bounding_box()["y"] + box.bounding_box()["height"] <= 667
    # 16px avoids iOS zooming into the field; nothing scrolls sideways.
    assert box.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 16
    assert page.locator(".hkvw-log").evaluate("el => el.scrollWidth <= el.clientWidth")
    for button in page.locator(".hkvw-reply").all():
        bb = button.bounding_box()
        assert bb["x"] >= 0 and bb["x"] + bb["width"] <= 375 and bb["height"] >= 32
    page.screenshot(path=str(output_dir / "widget-phone.png"))
    context.close()


def test_connection_refused_with_wrong_token_or_from_other_origin(browser, widget_stack, widget_built,
                                                                  wrong_key_port):
    if not getattr(widget_stack, "jwt", False):
        pytest.skip("external Rasa server without JWT (WIDGET_TEST_RASA_URL)")
    # 1. An allowed origin whose page carries a token signed with the wrong key: Rasa refuses
    #    the Socket.IO connection and the widget says so.
    forged = WebServer(wrong_key_port, widget_stack.rasa_url, jwt=True, secret="not-the-key")
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(forged.url)
        page.wait_for_function(
            "() => document.querySelector('#hk-visa-widget').shadowRoot"
            ".querySelector('.hkvw-root').getAttribute('data-auth-failed') === 'true'", timeout=20000)
        assert "refused" in page.locator(".hkvw-status").inner_text()
        assert Chat(page).bot_count() == 0
        context.close()
    finally:
        forged.stop()

    # 2. A valid token, but the page is on an origin Rasa does not allow.
    other = WebServer(_free_port(), widget_stack.rasa_url, jwt=True)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(other.url)
        page.wait_for_timeout(4000)
        assert not page.evaluate("HKVisaWidget.socket.connected")
        assert Chat(page).bot_count() == 0
        context.close()
    finally:
        other.stop()


def test_traditional_chinese_ui(browser, demo_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_site.url + "?lang=zh-Hant")
    chat = Chat(page)
    assert chat.wait_for_bot(0)  # the conversation works; bot text comes from Rasa as is
    page.get_by_label("輸入訊息").wait_for()
    page.get_by_role("button", name="重新開始對話").wait_for()
    page.get_by_role("button", name="傳送").wait_for()
    assert page.locator(".hkvw-root").get_attribute("lang") == "zh-Hant"
    assert page.get_by_role("log").get_attribute("aria-label") == "對話內容"
    context.close()


RESULT_CARDS_JS = """() => {
  const root = document.querySelector('#hk-visa-widget').shadowRoot;
  return Array.from(root.querySelectorAll('.hkvw-result-scheme')).map(c => ({
    scheme: c.getAttribute('data-scheme'),
    title: c.querySelector('.hkvw-card-title').textContent,
    reason: (c.querySelector('.hkvw-result-reason') || {}).textContent || '',
    stay: (c.querySelector('.hkvw-result-stay') || {}).textContent || '',
    fees: (c.querySelector('.hkvw-result-fees') || {}).textContent || '',
    link: (c.querySelector('a.hkvw-result-link') || {}).href || '',
    rel: (c.querySelector('a.hkvw-result-link') || {rel: ''}).rel,
  }));
}"""


def test_the_answer_is_a_result_card_with_buttons(browser, demo_site, output_dir):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    chat = Chat(page)
    chat.open(demo_site.url)
    chat.wait_for_bot(0)
    replies = chat.type("I'm British and I earn HK$3 million a year")
    cards = page.evaluate(RESULT_CARDS_JS)
    assert cards, transcript(chat)
    ttps = cards[0]
    assert ttps["scheme"] == "ttps" and ttps["title"] == "Top Talent Pass Scheme (TTPS) - category A", cards
    assert "HK$3,000,000" in ttps["reason"]
    assert ttps["stay"].startswith("Stay: ") and ttps["fees"].startswith("Fees: ")
    assert ttps["link"].startswith("https://www.immd.gov.hk/") and "noopener" in ttps["rel"]
    answer = next(m for m in replies if "Top Talent Pass Scheme" in m["text"])
    assert {"Next steps", "Documents", "All results"} <= set(answer["buttons"]), answer
    before = chat.bot_count()   # the answer's own buttons (an offer to check the others may follow it)
    page.locator(".hkvw-reply", has_text="Next steps").last.click()
    follow = chat.wait_for_bot(before)
    assert any("Next steps for TTPS" in m["text"] for m in follow), follow
    assert errors == [], errors
    page.screenshot(path=str(output_dir / "widget-result-card.png"))
    context.close()
