"""The conversation's language: detected from each message, switched on request, set by the widget;
and what a Chinese speaker reads in the replies the actions write."""
from __future__ import annotations

from helpers import form_candidates, make_tracker, run, texts

from actions import messages
from actions.assessment import ActionAssess, ActionShowAllResults
from actions.form import ValidateEligibilityForm
from actions.housekeeping import ActionRestart
from actions.information import ActionOutOfScope
from actions.reading import ActionValidateSlotMappings
from fact_extraction.readings import Reading
from fact_extraction.understanding import Understanding

MAPPINGS, FORM = ActionValidateSlotMappings(), ValidateEligibilityForm()
TOP_EARNER = {"age": 45, "highest_degree": "master", "annual_income_hkd": 3_000_000, "nationality": "GB",
              "residence": "overseas"}


def language_set(events):
    return [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "language"]


def tracker(text, language="en", intent="inform", **kwargs):
    return make_tracker(slots={"language": language, **kwargs.pop("slots", {})}, text=text, intent=intent, **kwargs)


def in_form(text, requested, language, intent="inform"):
    return make_tracker(slots={"requested_slot": requested, "language": language}, text=text, intent=intent,
                        active_loop="eligibility_form",
                        prior_events=[{"event": "active_loop", "name": "eligibility_form"}],
                        events_after=form_candidates())


# -- the language of each message ---------------------------------------------------------------

def test_a_message_in_traditional_chinese_sets_zh_hant():
    assert language_set(run(MAPPINGS, tracker("我今年32歲，喺香港讀完碩士"))[1]) == ["zh-Hant"]


def test_a_message_in_simplified_chinese_sets_zh_hans():
    assert language_set(run(MAPPINGS, tracker("我今年32岁，住在上海，本科毕业"))[1]) == ["zh-Hans"]


def test_an_english_sentence_switches_back_but_a_short_latin_answer_keeps_chinese():
    assert language_set(run(MAPPINGS, tracker("I have a master's degree from HKU", "zh-Hant"))[1]) == ["en"]
    for short in ("OK", "HKU", "yes"):
        assert language_set(run(MAPPINGS, tracker(short, "zh-Hant"))[1]) == [], short


def test_digits_emoji_and_buttons_keep_the_language():
    for text in ("32", "👍", '/inform{"age": 32}'):
        assert language_set(run(MAPPINGS, tracker(text, "zh-Hans"))[1]) == [], text


def test_asking_for_chinese_switches_with_a_confirmation_and_is_no_fact_and_no_goodbye():
    # NLU may well read this as goodbye or as languages spoken; it is neither.
    messages_, events = run(MAPPINGS, tracker("我唔識英文好好，可唔可以用中文？", "en", intent="goodbye",
                                              entities={"languages": ["english"]}))
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "zh-Hant"}]
    assert texts(messages_) == ["好的，之後我會用繁體中文回覆。"]


def test_english_please_and_simplified_please():
    messages_, events = run(MAPPINGS, tracker("English please", "zh-Hant"))
    assert language_set(events) == ["en"] and texts(messages_) == ["OK, I'll reply in English from now on."]
    messages_, events = run(MAPPINGS, tracker("用简体", "zh-Hant"))
    assert language_set(events) == ["zh-Hans"] and texts(messages_) == ["好的，之后我会用简体中文回复。"]
    messages_, events = run(MAPPINGS, tracker("講中文", "en"))
    assert language_set(events) == ["zh-Hant"]


def test_the_widgets_data_lang_sets_the_first_value():
    first = make_tracker(slots={"language": None}, text="/greet", intent="greet")
    first.latest_message["metadata"] = {"language": "zh-Hans", "source": "hk-visa-widget"}
    assert language_set(run(MAPPINGS, first)[1]) == ["zh-Hans"]
    hello = make_tracker(slots={"language": None}, text="hi", intent="greet")
    hello.latest_message["metadata"] = {"language": "zh-Hant"}
    assert language_set(run(MAPPINGS, hello)[1]) == ["zh-Hant"]     # "hi" alone doesn't make it English
    plain = make_tracker(slots={"language": None}, text="hello there, I want to work in Hong Kong", intent="greet")
    assert language_set(run(MAPPINGS, plain)[1]) == ["en"]


def test_a_language_request_in_the_form_is_not_an_answer_the_question_comes_again():
    messages_, events = run(FORM, in_form("可唔可以用中文？", "languages", "zh-Hant"))
    assert messages_ == [] and events == [{"event": "slot", "timestamp": None, "name": "requested_slot",
                                           "value": "languages"}]


# -- replies in Chinese ---------------------------------------------------------------------------

def test_the_answer_card_in_traditional_chinese():
    messages_, _ = run(ActionAssess(), tracker("/inform", "zh-Hant", slots=TOP_EARNER))
    card_text, buttons = messages_[0]["text"], [b["title"] for b in messages_[0]["buttons"]]
    assert card_text.startswith("你看來符合以下 1 個計劃的資格：\n- 高端人才通行證計劃（高才通） - A類")
    assert "根據已公開規則提供的一般資料，並非法律意見" in card_text
    assert buttons[:2] == ["下一步", "所需文件"] and buttons[-1] == "所有結果"
    offer = messages_[-1]
    assert offer["text"].startswith("我還可以核對仍未確定的") and "要繼續嗎？" in offer["text"]
    assert [b["title"] for b in offer["buttons"]] == ["好，核對其餘計劃", "不用了"]


def test_the_answer_card_in_simplified_chinese_links_immds_simplified_page():
    t = tracker("/inform", "zh-Hans", slots=TOP_EARNER)
    t.events[-1]["input_channel"] = "slack"
    card = run(ActionAssess(), t)[0][0]["custom"]
    assert card["heading"] == "你看来符合以下 1 个计划的资格："
    ttps = card["results"][0]
    assert ttps["name"] == "高端人才通行证计划" and ttps["label"] == "高端人才通行证计划（高才通） - A类"
    assert ttps["url"] == "https://www.immd.gov.hk/hks/services/visas/TTPS.html"
    assert [b["title"] for b in card["buttons"]][:2] == ["下一步", "所需文件"]
    assert card["language"] == "zh-Hans" and card["labels"] == {"stay": "逗留期限", "fees": "费用",
                                                                "official_page": "官方网页"}


def test_all_results_in_chinese_end_with_the_chinese_not_legal_advice_line():
    text = texts(run(ActionShowAllResults(), tracker("所有結果", "zh-Hant", slots=TOP_EARNER))[0])[0]
    assert text.startswith("我核對的所有計劃：\n- ")
    assert "高端人才通行證計劃（高才通） - A類：符合資格" in text
    assert text.endswith(messages.i18n("zh-Hant")["not_legal_advice"])


def test_acknowledgements_use_the_chinese_labels_and_money_in_wan():
    reading = Understanding(readings=[Reading("age", 32), Reading("annual_income_hkd", 1_200_000),
                                      Reading("languages", ["english", "cantonese"])],
                            updates={"age": 32, "annual_income_hkd": 1_200_000, "languages": ["english", "cantonese"]},
                            language="zh-Hant")
    assert messages.acknowledgement(reading, "zh-Hant") == \
        "已記下：年齡：32 歲；全年收入：HK$120萬；語言：英文、廣東話。"
    reading.corrections = {"age": (41, 32)}
    assert messages.acknowledgement(reading, "zh-Hans").startswith("已更新：年龄：32 岁（之前是41 岁）。已记下：")


def test_an_unreadable_answer_is_re_asked_in_chinese_with_chinese_buttons():
    messages_, _ = run(FORM, in_form("嗯嗯嗯", "nationality", "zh-Hant"))
    assert messages_[0]["text"].startswith("對不起，我未能把這句理解為問題的答案。")
    assert [b["title"] for b in messages_[0]["buttons"]] == ["跳過這條問題", "不知道"]


def test_out_of_scope_in_chinese_links_immds_chinese_page():
    text = texts(run(ActionOutOfScope(), tracker("我想來香港讀書", "zh-Hant", intent="out_of_scope"))[0])[0]
    assert "不包括來港讀書" in text and text.endswith("https://www.immd.gov.hk/hkt/services/visas/study.html")


def test_start_over_is_confirmed_in_chinese():
    messages_, _ = run(ActionRestart(), tracker("重新開始", "zh-Hant", intent="restart"))
    assert messages_[0]["text"] == "要重新開始嗎？我會忘記你在這次對話中告訴我的所有資料。"
    assert [b["title"] for b in messages_[0]["buttons"]] == ["是，重新開始", "不，保留我的答案"]


def test_a_language_request_read_as_fallback_keeps_the_switch_and_asks_again_in_chinese():
    from actions.housekeeping import ActionDefaultFallback
    import yaml
    from pathlib import Path
    domain = {"responses": yaml.safe_load((Path(__file__).parents[2] / "domain" / "facts.yml").read_text())["responses"]}
    t = make_tracker(slots={"language": "zh-Hant", "requested_slot": "age"}, text="我唔識英文好好，可唔可以用中文？",
                     intent="nlu_fallback")
    dispatcher_messages, events = __import__("asyncio").run(_run_with_domain(ActionDefaultFallback(), t, domain))
    assert [e["event"] for e in events] == ["rewind", "slot"] and events[1]["value"] == "zh-Hant"
    assert dispatcher_messages[0]["response"] == "utter_ask_age"   # rendered with language = zh-Hant


async def _run_with_domain(action, tracker, domain):
    from rasa_sdk.executor import CollectingDispatcher
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return dispatcher.messages, events
