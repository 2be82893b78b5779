"""Fast unit tests of the channel helpers (no server)."""
import re
import time

import pytest
from hypothesis import given, settings, strategies as st

from channels.slack import (
    MESSAGE_BLOCK_LIMIT,
    SECTION_TEXT_LIMIT,
    build_slack_messages,
    mark_choice,
    slack_signature,
    slack_text_to_plain,
    verify_slack_request,
)
from channels.teams import TeamsChannel, build_teams_activities
from channels.text import markdown_to_mrkdwn, split_text

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


# ---------------------------------------------------------------- splitting


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .\n,!?<>|")), max_size=400),
    st.integers(min_value=2, max_value=60),
)
def test_split_keeps_everything_and_respects_limit(text, limit):
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert _squash("".join(pieces)) == _squash(text)


def test_split_prefers_paragraphs_then_lines():
    para = "First paragraph sentence one. Sentence two."
    text = "\n\n".join([para] * 3)
    assert split_text(text, len(para) + 5) == [para, para, para]
    lines = "line one is here\nline two is here\nline three"
    assert split_text(lines, 20) == ["line one is here", "line two is here", "line three"]


def test_split_keeps_sentence_punctuation_and_links_whole():
    text = "Aaaa bbbb cccc. Dddd eeee ffff. Gggg"
    assert split_text(text, 20) == ["Aaaa bbbb cccc.", "Dddd eeee ffff. Gggg"]
    link = "<https://www.immd.gov.hk/eng/services/visas/TTPS.html|Top Talent Pass Scheme>"
    text = "word " * 10 + link + " tail"
    pieces = split_text(text, 100)
    assert any(link in p for p in pieces)  # the cut falls before the link, not inside it
    assert _squash("".join(pieces)) == _squash(text)


def test_split_empty():
    assert split_text("   \n ", 10) == []


# ---------------------------------------------------------------- mrkdwn


def test_markdown_to_mrkdwn_links_bold_and_escaping():
    out = markdown_to_mrkdwn("See **TTPS** at [GovHK](https://www.gov.hk/a?b=1&c=2) <b>&")
    assert out == "See *TTPS* at <https://www.gov.hk/a?b=1&amp;c=2|GovHK> &lt;b&gt;&amp;"


def test_user_looking_markup_cannot_become_a_slack_mention():
    assert "<!channel>" not in markdown_to_mrkdwn("<!channel> hi")


# ---------------------------------------------------------------- Slack blocks


def _buttons(n):
    return [{"title": f"Option {i}", "payload": f"/choose{{\"n\": {i}}}"} for i in range(n)]


def test_seven_buttons_are_all_rendered_in_rows_of_five():
    (message,) = build_slack_messages("Pick one", _buttons(7))
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds == ["section", "actions", "actions"]
    elements = [e for b in message["blocks"][1:] for e in b["elements"]]
    assert [e["value"] for e in elements] == [b["payload"] for b in _buttons(7)]
    assert [len(b["elements"]) for b in message["blocks"][1:]] == [5, 2]
    assert len({e["action_id"] for e in elements}) == 7
    assert message["text"] == "Pick one"


def test_long_answer_split_into_sections_and_messages_without_loss():
    paragraph = ("Hong Kong scheme detail sentence. " * 40).strip()  # ~1360 chars
    text = "\n\n".join(f"{i}: {paragraph}" for i in range(120))  # ~165k chars
    messages = build_slack_messages(text, _buttons(3))
    assert len(messages) > 1
    for m in messages:
        assert len(m["blocks"]) <= MESSAGE_BLOCK_LIMIT
        assert len(m["text"]) <= 40000
        for b in m["blocks"]:
            if b["type"] == "section":
                assert len(b["text"]["text"]) <= SECTION_TEXT_LIMIT
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    assert _squash("".join(sections)) == _squash(text)
    assert messages[-1]["blocks"][-1]["type"] == "actions"


def test_sixty_buttons_overflow_into_next_message():
    messages = build_slack_messages("x", _buttons(300))
    assert sum(len(b["elements"]) for m in messages for b in m["blocks"] if b["type"] == "actions") == 300
    assert all(len(m["blocks"]) <= 50 for m in messages)
    assert all(m["text"] for m in messages)


def test_mark_choice_removes_our_buttons():
    (message,) = build_slack_messages("Pick", _buttons(2))
    blocks = mark_choice(message["blocks"], "Option 1")
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert "Option 1" in blocks[-1]["elements"][0]["text"]


def test_mark_choice_of_a_chinese_button_says_so_in_chinese():
    (message,) = build_slack_messages("你的最高學歷是甚麼？", [{"title": "碩士", "payload": "/inform"}])
    assert mark_choice(message["blocks"], "碩士")[-1]["elements"][0]["text"] == "你選擇了：*碩士*"
    assert mark_choice(message["blocks"], "Master's")[-1]["elements"][0]["text"] == "You chose: *Master's*"
    (simplified,) = build_slack_messages("你现在是否持有香港的工作聘约？", [{"title": "否", "payload": "/inform"}])
    assert mark_choice(simplified["blocks"], "否")[-1]["elements"][0]["text"] == "你选择了：*否*"   # the message tells


# ---------------------------------------------------------------- Slack signing


def test_signature_matches_slack_documentation_example():
    # https://api.slack.com/authentication/verifying-requests-from-slack
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
        b"channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&"
        b"command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        b"commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
        b"trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert (
        slack_signature(SECRET, "1531420618", body)
        == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


@pytest.mark.parametrize(
    "ts_offset, signature, expected",
    [
        (0, "good", None),
        (0, "v0=" + "0" * 64, "signature mismatch"),
        (0, None, "missing"),
        (-301, "good", "five-minute"),
        (+301, "good", "five-minute"),
    ],
)
def test_verify_slack_request(ts_offset, signature, expected):
    now = time.time()
    ts = str(int(now) + ts_offset)
    body = b'{"type":"event_callback"}'
    if signature == "good":
        signature = slack_signature(SECRET, ts, body)
    problem = verify_slack_request(SECRET, ts, signature, body, now=now)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem


def test_verify_rejects_missing_timestamp_and_tampered_body():
    ts = str(int(time.time()))
    sig = slack_signature(SECRET, ts, b"a")
    assert verify_slack_request(SECRET, None, sig, b"a")
    assert verify_slack_request(SECRET, "12abc", sig, b"a")
    assert verify_slack_request(SECRET, ts, sig, b"b")
    assert verify_slack_request("", ts, sig, b"a")


# ---------------------------------------------------------------- Teams cards


def test_teams_buttons_become_hero_cards_of_at_most_six():
    (activity,) = build_teams_activities("Which applies?", _buttons(8))
    cards = activity["attachments"]
    assert [c["contentType"] for c in cards] == ["application/vnd.microsoft.card.hero"] * 2
    assert cards[0]["content"]["text"] == "Which applies?"
    assert [len(c["content"]["buttons"]) for c in cards] == [6, 2]
    first = cards[0]["content"]["buttons"][0]
    assert first == {
        "type": "messageBack",
        "title": "Option 0",
        "text": '/choose{"n": 0}',
        "displayText": "Option 0",
        "value": {"rasa_payload": '/choose{"n": 0}'},
    }


def test_teams_long_text_split():
    text = "\n\n".join(["word " * 1000] * 3)
    activities = build_teams_activities(text)
    assert len(activities) >= 3 and all(len(a["text"]) <= 6000 for a in activities)


def test_teams_user_text_prefers_button_payload_and_strips_mentions():
    assert TeamsChannel.user_text({"text": "Option 0", "value": {"rasa_payload": "/x"}}) == "/x"
    assert TeamsChannel.user_text({"text": "<at>HK Bot</at> hello"}) == "hello"


def test_slack_user_text_is_unescaped():
    assert slack_text_to_plain("I earn &gt; HK$2M &amp; more") == "I earn > HK$2M & more"
    assert slack_text_to_plain("see <https://a.example/x?a=1&amp;b=2>") == "see https://a.example/x?a=1&b=2"
    assert slack_text_to_plain("mail <mailto:a@b.hk|a@b.hk> now") == "mail a@b.hk now"
