"""Whole conversations in Traditional and Simplified Chinese through the real Rasa and action servers.

The person greets in Chinese; from then on every question, button, acknowledgement and the answer
card are in their script. Answers are sent as a Chinese speaker's button clicks (the payloads of
the Chinese buttons) or plain digits: reading free Chinese answers belongs to the understanding
layer and is tested there. Every text and button title of the two whole conversations, their
answers and next steps included, must be entirely in the person's script (tests/e2e/script_check.py).
"""
from __future__ import annotations

import json
import re

import pytest
import yaml
from conversation import format_transcript

from actions.messages import I18N
from eligibility import FACTS
from fact_extraction.language import script_counts
from tests.e2e.script_check import assert_own_script

pytestmark = pytest.mark.e2e

HAN = re.compile(r"[\u4e00-\u9fff]")


def answer(fact, value) -> str:
    """A number typed as digits; everything else the button a Chinese speaker clicks."""
    if FACTS[fact].type in ("int", "number") and not fact.endswith("_hkd"):
        return str(value)
    return "/inform" + json.dumps({fact: value})


def converse_in_chinese(stack, sender, opener, facts, language, max_turns=40):
    """Answer every question from `facts` (else 不知道) until the answer card arrives; check that
    each question is the i18n question with Chinese buttons. Returns the transcript."""
    texts = yaml.safe_load((I18N / f"{language}.yaml").read_text(encoding="utf-8"))
    transcript = [(opener, stack.send(sender, opener))]
    for _ in range(max_turns):
        requested = stack.slots(sender).get("requested_slot")
        if not requested:
            return transcript
        replies = transcript[-1][1]
        question = texts["facts"][requested]["question"]
        asked = [m for m in replies if m.get("text") == question]
        assert asked, f"{requested} not asked in {language}:\n{dump(transcript)}"
        titles = [b["title"] for b in asked[-1].get("buttons", [])]
        assert titles and titles[-1] == texts["buttons"]["dont_know"], titles
        assert all(HAN.search(t) for t in titles), titles
        text = answer(requested, facts[requested]) if requested in facts else "/dont_know"
        transcript.append((text, stack.send(sender, text)))
    raise AssertionError(f"the questions did not end in {max_turns} turns:\n{dump(transcript)}")


def dump(transcript):
    return format_transcript([(user, [m.get("text") for m in bots]) for user, bots in transcript])


def bot_texts(transcript):
    return [m["text"] for _, bots in transcript for m in bots if m.get("text")]


def shown_texts(transcript):
    """Every text and button title the bot sent."""
    return [t for _, bots in transcript for m in bots
            for t in [m.get("text")] + [b.get("title") for b in m.get("buttons") or []] if t]


def without_engine_data(text: str) -> str:
    """A reply without the engine's English reasons (after a scheme's name on a result line)."""
    return "\n".join(line.split(": ", 1)[0] if line.startswith("- ") else line for line in text.splitlines())


def test_a_cantonese_speaker_in_hong_kong_reaches_iang_in_traditional_chinese(rasa_stack, sender):
    facts = {"age": 24, "highest_degree": "master", "nationality": "CN", "residence": "hong_kong",
             "hk_graduate": True, "months_since_hk_graduation": 2, "hk_bachelor_graduate": False,
             "ugc_funded_programme": True, "hk_permanent_resident": False, "hk_job_offer": False,
             "current_visa": "student", "criminal_record": False}
    transcript = converse_in_chinese(rasa_stack, sender, "你好，想查詢一下", facts, "zh-Hant")
    said = bot_texts(transcript)
    assert said[0].startswith("你好！我可以幫你看看能否來香港工作或居住"), dump(transcript)
    assert rasa_stack.slots(sender)["language"] == "zh-Hant"
    card = next(m for m in transcript[-1][1] if m.get("text", "").startswith("你看來符合"))
    assert "非本地畢業生留港／來港就業安排" in card["text"], dump(transcript)
    assert "並非法律意見" in card["text"]
    assert [b["title"] for b in card["buttons"]][:2] == ["下一步", "所需文件"]
    for text in said:                      # every reply is Chinese, in Traditional characters
        assert HAN.search(text), f"an English reply: {text}"
        assert script_counts(without_engine_data(text))[1] == 0, f"Simplified characters in: {text}"
    steps = rasa_stack.send(sender, card["buttons"][0]["payload"])
    assert any(m.get("text", "").startswith("非本地畢業生安排的下一步：") for m in steps), steps
    assert_own_script(shown_texts(transcript + [(card["buttons"][0]["payload"], steps)]), "zh-Hant")


def test_a_mandarin_speaker_in_shanghai_reaches_an_answer_in_simplified_chinese(rasa_stack, sender):
    facts = {"age": 30, "highest_degree": "bachelor", "nationality": "CN", "residence": "mainland",
             "hk_job_offer": True, "job_offer_salary_hkd": 400_000, "job_on_talent_list": True,
             "foreign_permanent_residence": False, "hk_graduate": False, "hk_permanent_resident": False,
             "criminal_record": False, "bachelor_listed_university": False, "languages": ["putonghua"]}
    transcript = converse_in_chinese(rasa_stack, sender, "你好，想查询一下", facts, "zh-Hans")
    said = bot_texts(transcript)
    assert said[0].startswith("你好！我可以帮你看看能否来香港工作或居住"), dump(transcript)
    assert rasa_stack.slots(sender)["language"] == "zh-Hans"
    card = next(m for m in transcript[-1][1] if m.get("text", "").startswith("你看来符合"))
    assert "输入内地人才计划" in card["text"], dump(transcript)
    assert "并非法律意见" in card["text"]
    assert [b["title"] for b in card["buttons"]][-1] == "所有结果"
    for text in said:
        assert HAN.search(text), f"an English reply: {text}"
        assert script_counts(without_engine_data(text))[0] == 0, f"Traditional characters in: {text}"
    next_steps = next(b["payload"] for b in card["buttons"] if b["title"] == "下一步")
    steps = rasa_stack.send(sender, next_steps)
    assert any(m.get("text", "").startswith("内地人才计划的下一步：") for m in steps), steps
    assert_own_script(shown_texts(transcript + [(next_steps, steps)]), "zh-Hans")
    # "English please" switches the rest of the conversation, with a confirmation in English.
    assert rasa_stack.talk(sender, "English please")[0] == "OK, I'll reply in English from now on."
    assert rasa_stack.slots(sender)["language"] == "en"


def test_asking_for_chinese_mid_conversation_switches_and_asks_the_same_question_again(rasa_stack, sender):
    rasa_stack.talk(sender, "hi")
    requested = rasa_stack.slots(sender)["requested_slot"]
    assert requested
    replies = rasa_stack.talk(sender, "我唔識英文好好，可唔可以用中文？")
    slots = rasa_stack.slots(sender)
    assert replies[0] == "好的，之後我會用繁體中文回覆。", replies
    assert slots["language"] == "zh-Hant" and slots.get("languages") is None
    assert not any("再見" in r or "Goodbye" in r for r in replies), replies
    texts = yaml.safe_load((I18N / "zh-Hant.yaml").read_text(encoding="utf-8"))
    assert replies[-1] == texts["facts"][slots["requested_slot"]]["question"], replies
