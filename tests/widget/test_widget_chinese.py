"""Chinese conversations in the website widget, in real headless Chromium, to the answer and its
next steps, every visible text in the person's own script.

    PYTHONPATH=. .venv/bin/pytest tests/widget/test_widget_chinese.py

The page sets the widget's `data-lang` (zh-Hant or zh-Hans, the demo page's `?lang=`); the person
types and clicks as in tests/e2e/chinese_people.py. Needs what tests/widget needs plus a Chinese font
(fonts-noto-cjk, installed by scripts/setup.sh --test; skipped without one). Screenshots of the
answer card and of the next steps go to test-output/widget-<language>-*.png.
"""
from __future__ import annotations

import time

import pytest

from tests.e2e.chinese_people import (
    CANTONESE_GRADUATE_IN_HONG_KONG,
    MANDARIN_ENGINEER_IN_SHANGHAI,
    fact_asked,
    next_move,
)
from tests.e2e.script_check import offending_texts

pytestmark = pytest.mark.browser

# The widget's own words (widget/src/i18n.js) a test finds its controls by.
UI = {
    "zh-Hant": {"input": "輸入訊息", "suggestions": "建議回覆", "next_steps": "下一步"},
    "zh-Hans": {"input": "输入消息", "suggestions": "建议回复", "next_steps": "下一步"},
}

# Every message as the person sees it: speaker, visible text (the screen-reader prefix removed), the
# reply buttons, and the schemes of a result card.
MESSAGES_JS = """() => {
  const root = document.querySelector('#hk-visa-widget').shadowRoot;
  return Array.from(root.querySelectorAll('.hkvw-log .hkvw-msg')).map(m => {
    const b = m.querySelector('.hkvw-bubble');
    let text = m.innerText;
    if (b) { const c = b.cloneNode(true); c.querySelectorAll('.hkvw-sr').forEach(x => x.remove()); text = c.innerText || c.textContent; }
    return {
      from: m.classList.contains('hkvw-user') ? 'user' : m.classList.contains('hkvw-system') ? 'system' : 'bot',
      text: (text || '').trim(),
      buttons: Array.from(m.querySelectorAll('.hkvw-reply')).map(x => x.textContent),
      schemes: Array.from(m.querySelectorAll('.hkvw-result-scheme')).map(c => c.getAttribute('data-scheme')),
    };
  });
}"""

# Every text of the result cards, field by field (title, reason, stay, fees, link text, notes).
CARD_TEXTS_JS = """() => {
  const root = document.querySelector('#hk-visa-widget').shadowRoot;
  return Array.from(root.querySelectorAll('.hkvw-result *')).filter(e => !e.children.length)
    .map(e => e.textContent.trim()).filter(Boolean);
}"""

# The widget's own visible words: title, connection status, buttons, input placeholder.
CHROME_JS = """() => {
  const root = document.querySelector('#hk-visa-widget').shadowRoot;
  const texts = Array.from(root.querySelectorAll('.hkvw-header, .hkvw-form button'))
    .map(e => e.innerText.trim());
  texts.push(root.querySelector('.hkvw-input').getAttribute('placeholder') || '');
  return texts.filter(Boolean);
}"""


class ChineseChat:
    """Drives the widget as a Chinese speaker: reads the bubbles, clicks reply buttons, types."""

    def __init__(self, page, language: str):
        self.page, self.ui = page, UI[language]
        self.seen = {}  # every bot text and reply button shown so far (buttons go once answered)

    def messages(self):
        return self.page.evaluate(MESSAGES_JS)

    def bot_count(self) -> int:
        return sum(1 for m in self.messages() if m["from"] == "bot")

    def wait_for_bot(self, before: int, timeout: float = 90, settle: float = 1.5):
        """Wait until the bot has said something new and gone quiet; the new bot messages."""
        deadline = time.monotonic() + timeout
        while self.bot_count() <= before:
            assert time.monotonic() < deadline, f"no reply within {timeout:.0f} s:\n{self.transcript()}"
            self.page.wait_for_timeout(200)
        count, quiet_since = self.bot_count(), time.monotonic()
        while time.monotonic() - quiet_since < settle and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)
            if self.bot_count() != count:
                count, quiet_since = self.bot_count(), time.monotonic()
        shown = self.messages()
        for m in shown:
            if m["from"] != "user":
                self.seen.update(dict.fromkeys([m["text"], *m["buttons"]]))
        return [m for m in shown if m["from"] == "bot"][before:]

    def type(self, text: str):
        before = self.bot_count()
        box = self.page.get_by_label(self.ui["input"])
        box.fill(text)
        box.press("Enter")
        return self.wait_for_bot(before)

    def click(self, title: str):
        before = self.bot_count()
        group = self.page.get_by_role("group", name=self.ui["suggestions"]).last
        group.get_by_role("button", name=title, exact=True).click()
        return self.wait_for_bot(before)

    def transcript(self) -> str:
        return "\n".join(f"{m['from']}: {m['text']} {m['buttons'] or ''}" for m in self.messages())


def converse_to_the_answer(chat: ChineseChat, person, max_turns: int = 30):
    """The opener, then the person's answers until a result card naming their scheme arrives.
    Returns the answer message."""
    replies = chat.type(person.opener)
    for _ in range(max_turns):
        answers = [m for m in replies if person.scheme in m["schemes"]]
        if answers:
            return answers[-1]
        question = next((m for m in reversed(replies) if fact_asked(m["text"], person.language)), replies[-1])
        kind, value = next_move(person, question["text"], question["buttons"])
        replies = chat.click(value) if kind == "click" else chat.type(value)
    pytest.fail(f"no answer naming {person.scheme} after {max_turns} turns:\n{chat.transcript()}")


def visible_texts(chat: ChineseChat):
    """Everything the assistant and the widget showed: bot and system messages, reply buttons,
    each result card field, the widget's title, status, buttons and placeholder."""
    texts = list(chat.seen)
    texts.extend(chat.page.evaluate(CARD_TEXTS_JS))
    texts.extend(chat.page.evaluate(CHROME_JS))
    return texts


@pytest.mark.parametrize("person", [CANTONESE_GRADUATE_IN_HONG_KONG, MANDARIN_ENGINEER_IN_SHANGHAI],
                         ids=["cantonese-hong-kong-zh-Hant", "mandarin-shanghai-zh-Hans"])
def test_a_chinese_speaker_reaches_the_answer_and_next_steps_in_their_own_script(
        browser, chinese_page, output_dir, person):
    language = person.language
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale=language)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(chinese_page(language))
    page.get_by_role("log").wait_for()
    chat = ChineseChat(page, language)
    assert page.locator(".hkvw-root").get_attribute("lang") == language

    greeting = chat.wait_for_bot(0)
    assert greeting and greeting[0]["text"].startswith("你好"), chat.transcript()
    answer = converse_to_the_answer(chat, person)

    # The answer: a result card naming the scheme in the person's script, with the next-steps button.
    card = page.locator(f".hkvw-result-scheme[data-scheme='{person.scheme}']").last
    assert card.is_visible()
    title = card.locator(".hkvw-card-title").inner_text()
    assert any(name in title for name in person.scheme_names), title
    assert UI[language]["next_steps"] in answer["buttons"], answer
    card.scroll_into_view_if_needed()
    page.locator(".hkvw-panel").screenshot(path=str(output_dir / f"widget-{language}-answer.png"))

    # Next steps, from the answer's own button (an offer to check the other schemes may follow it).
    before = chat.bot_count()
    page.locator(".hkvw-reply", has_text=UI[language]["next_steps"]).last.click()
    steps = chat.wait_for_bot(before)
    shown = [m for m in steps if person.next_steps_heading in m["text"]]
    assert shown, chat.transcript()
    step_bubble = page.locator(".hkvw-bot .hkvw-bubble", has_text=person.next_steps_heading).last
    assert step_bubble.is_visible()
    step_bubble.scroll_into_view_if_needed()
    page.locator(".hkvw-panel").screenshot(path=str(output_dir / f"widget-{language}-next-steps.png"))
    (output_dir / f"widget-{language}-transcript.txt").write_text(chat.transcript(), encoding="utf-8")
    assert errors == [], errors

    # Everything the person saw is in their own script.
    offending = offending_texts(visible_texts(chat), language)
    context.close()
    assert not offending, (f"{len(offending)} visible text(s) not entirely in {language}:\n"
                           + "\n".join(offending))
