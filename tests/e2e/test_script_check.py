"""The "entirely in its own script" check the Chinese conversation tests share."""
import pytest

from tests.e2e.script_check import assert_own_script, english_words, script_problems

CLEAN_TRADITIONAL_CARD = [
    "你看來符合以下 1 個計劃的資格：",
    "高端人才通行證計劃（TTPS） - A類",
    "全年收入 HK$300萬，達到A類 HK$250萬 的要求",
    "逗留期限：36 個月",
    "費用：HK$600",
    "[官方網頁](https://www.immd.gov.hk/hkt/services/visas/TTPS.html)",
    "你需要 PhD 或 STEM 學位證明及身份證（ID）副本",
    "下一步", "所需文件", "所有結果",
]


def test_a_clean_card_passes_in_each_script():
    assert_own_script(CLEAN_TRADITIONAL_CARD, "zh-Hant")
    assert_own_script(["你看来符合以下 1 个计划的资格：", "逗留期限：36 个月", "<https://www.immd.gov.hk/hks/|官方网页>",
                       "费用：HK$600 &amp; HK$1,300"], "zh-Hans")


def test_an_english_word_left_in_is_caught_with_its_text():
    with pytest.raises(AssertionError) as failure:
        assert_own_script(["逗留期限：36 個月", "Stay: 36 個月"], "zh-Hant")
    assert "'Stay'" in str(failure.value) and "Stay: 36 個月" in str(failure.value)
    assert "逗留期限：36 個月'" not in str(failure.value)


def test_link_text_counts_but_the_address_does_not():
    assert english_words("<https://www.immd.gov.hk/eng/services/visas/TTPS.html|Official page>") == [
        "Official", "page"]
    assert english_words("官方網頁：https://www.immd.gov.hk/eng/services/visas/IANG.html") == []


@pytest.mark.parametrize("text, language, wrong", [
    ("「簽证」", "zh-Hant", "证"),        # a Simplified character in Traditional text
    ("「簽证」", "zh-Hans", "簽"),        # and the other way round
    ("你係咪香港人？", "zh-Hans", "係"),   # Cantonese forms are Hong Kong writing
])
def test_a_character_of_the_other_script_is_caught(text, language, wrong):
    problems = script_problems(text, language)
    assert len(problems) == 1 and wrong in problems[0], problems
    with pytest.raises(AssertionError):
        assert_own_script([text], language)


def test_characters_both_scripts_write_in_that_word_pass():
    assert script_problems("獲准留港", "zh-Hant") == []
    assert script_problems("获准留港", "zh-Hans") == []
