"""The conversation's language: detected from the script of each message, switched on request."""
import pytest

from fact_extraction.language import detect_language, is_chinese, language_switch, script_counts


@pytest.mark.parametrize("text, expected", [
    # Traditional: characters only written in Traditional, or Cantonese written forms
    ("我想申請優才計劃", "zh-Hant"),
    ("未有", "zh-Hant"),
    ("還沒有", "zh-Hant"),
    ("我老公係香港永久居民", "zh-Hant"),
    ("冇", "zh-Hant"),
    ("佢喺深圳返工", "zh-Hant"),
    ("台灣", "zh-Hant"),               # 台 is written in Hong Kong too: not Simplified evidence
    ("高才通是什麼？", "zh-Hant"),
    # Simplified
    ("年薪80万人民币", "zh-Hans"),
    ("没有签证", "zh-Hans"),
    ("无", "zh-Hans"),
    ("我在上海工作，想申请高才通", "zh-Hans"),
    # mixed Cantonese-English is Chinese
    ("我做 software engineer", "zh-Hant"),
    ("佢係 HSBC 嘅 manager", "zh-Hant"),
    ("我有 master degree 喺 HKU 讀嘅", "zh-Hant"),
    ("我的 salary 是 50k 一个月", "zh-Hans"),
    # English, including a Chinese name or term inside an English sentence
    ("I want to work in Hong Kong", "en"),
    ("My name is 陳大文 and I work at HSBC as a software engineer", "en"),
    ("I want 優才", "en"),
    ("ok", "en"),
    # nothing to judge by, or a script the assistant does not write
    ("35", None),
    ("", None),
    ("   ", None),
    ("🙂👍", None),
    ("HK$ 30,000 / 12", "en"),
    ("こんにちは", None),
    ("안녕하세요", None),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text, current, expected", [
    # characters common to both scripts keep the current Chinese script, else Traditional
    ("你好", None, "zh-Hant"),
    ("你好", "zh-Hans", "zh-Hans"),
    ("你好", "zh-Hant", "zh-Hant"),
    ("你好", "en", "zh-Hant"),
    ("是", "zh-Hans", "zh-Hans"),
    # one distinctive character decides even against the current script
    ("沒有", "zh-Hans", "zh-Hant"),
    ("没有", "zh-Hant", "zh-Hans"),
    ("ok", "zh-Hans", "en"),
    ("35", "zh-Hans", None),
])
def test_detect_language_with_current(text, current, expected):
    assert detect_language(text, current=current) == expected


def test_script_counts_round_trip():
    assert script_counts("簽證") == (2, 0)
    assert script_counts("签证") == (0, 2)
    assert script_counts("你好") == (0, 0)


def test_chinese_needs_more_han_than_latin_words_or_a_function_word():
    assert is_chinese("優才")
    assert is_chinese("QMAS 優才")
    assert not is_chinese("apply for 優才 please")
    assert is_chinese("我做 software engineer at a big bank")


@pytest.mark.parametrize("text, expected", [
    ("English please", "en"),
    ("english pls", "en"),
    ("in English", "en"),
    ("In English please!", "en"),
    ("Can you reply in English?", "en"),
    ("Do you speak English?", "en"),
    ("speak English", "en"),
    ("switch to English", "en"),
    ("英文", "en"),
    ("用英文", "en"),
    ("用返英文啦", "en"),
    ("請用英文回答", "en"),
    ("英文唔該", "en"),
    ("講中文", "zh-Hant"),
    ("中文", "zh-Hant"),
    ("中文可以嗎", "zh-Hant"),
    ("可唔可以用中文？", "zh-Hant"),
    ("我唔識英文好好，可唔可以用中文？", "zh-Hant"),
    ("繁體", "zh-Hant"),
    ("用繁體中文", "zh-Hant"),
    ("Traditional Chinese please", "zh-Hant"),
    ("用简体", "zh-Hans"),
    ("简体中文", "zh-Hans"),
    ("簡體", "zh-Hans"),
    ("请用中文", "zh-Hans"),
    ("switch to simplified Chinese", "zh-Hans"),
    ("I don't speak English well, Chinese please", "zh-Hant"),
])
def test_language_switch(text, expected):
    assert language_switch(text) == expected


@pytest.mark.parametrize("text", [
    "I speak English and French",
    "I speak English",
    "English is my first language and I also speak some Mandarin",
    "我識講英文同廣東話",
    "我会说普通话",
    "唔好用英文",
    "don't reply in English",
    "I want to work in Hong Kong",
    "我想申請優才",
    "",
])
def test_not_a_language_switch(text):
    assert language_switch(text) is None


def test_chinese_in_general_follows_the_current_script():
    assert language_switch("Chinese please", current="zh-Hans") == "zh-Hans"
    assert language_switch("Chinese please", current="en") == "zh-Hant"
    assert language_switch("中文", current="zh-Hans") == "zh-Hans"


def test_a_language_named_alone_answers_the_languages_question():
    assert language_switch("English", asked="languages") is None
    assert language_switch("普通話", asked="languages") is None
    assert language_switch("please reply in English", asked="languages") == "en"


@pytest.mark.parametrize("asked", ["nationality", "languages"])
def test_a_language_name_alone_answers_the_question_asked(asked):
    """"What is your nationality?" - "Chinese" is the answer, not a request to reply in Chinese."""
    assert language_switch("Chinese", "en", asked=asked) is None
    assert language_switch("Chinese please", "en", asked=asked) == "zh-Hant"
