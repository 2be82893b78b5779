"""Chinese numerals and amounts of money, including the Hong Kong forms cn2an does not read."""
import pytest

from fact_extraction.chinese_numbers import (
    currency_names, find_chinese_numbers, find_money, parse_chinese_number, parse_money,
)


@pytest.mark.parametrize("text, expected", [
    # plain Chinese numerals
    ("零", 0), ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十五", 35), ("九十九", 99),
    ("一百", 100), ("一百零五", 105), ("一千", 1000), ("十萬", 100_000), ("一百五十萬", 1_500_000),
    ("八千五", 8500), ("一億", 100_000_000), ("1.2億", 120_000_000),
    # 兩 / 两 for two
    ("兩", 2), ("两", 2), ("兩萬", 20_000), ("两万", 20_000), ("兩千", 2000),
    # Hong Kong decades
    ("廿", 20), ("廿五", 25), ("卅", 30), ("卅五", 35), ("卌", 40), ("卅九", 39),
    # a leading unit is one of it, the next digit its tenth
    ("萬五", 15_000), ("万五", 15_000), ("千五", 1500), ("百五", 150), ("萬", 10_000),
    # the digit after 萬 is its tenth: 3萬5 is 35,000, not 30,005
    ("3萬5", 35_000), ("8萬", 80_000), ("1.5萬", 15_000), ("1點5萬", 15_000), ("一點五萬", 15_000),
    # Arabic with Latin suffixes, commas and full-width digits
    ("30K", 30_000), ("30k", 30_000), ("1.5M", 1_500_000), ("2.5m", 2_500_000), ("1,500,000", 1_500_000),
    ("１２", 12), ("３０Ｋ", 30_000), ("35", 35), ("0", 0),
    # financial (capital) numerals
    ("壹萬", 10_000), ("伍仟", 5000),
])
def test_parse_chinese_number(text, expected):
    value = parse_chinese_number(text)
    assert value == expected
    assert isinstance(value, int)


@pytest.mark.parametrize("text", ["", "   ", "abc", "two", "歲", "K", None])
def test_parse_chinese_number_rejects_non_numbers(text):
    assert parse_chinese_number(text) is None


def test_decimal_stays_a_float_when_not_whole():
    assert parse_chinese_number("1.5") == 1.5


@pytest.mark.parametrize("text, expected", [
    ("我今年三十五歲", [35]),
    ("我卅五歲，做咗十年", [35, 10]),
    ("我做 software engineer 做咗 5 年", [5]),
    ("月入8萬，年薪一百萬", [80_000, 1_000_000]),
    ("我有三個仔", [3]),
    # numerals inside words that are not numbers
    ("我一般都係做IT", []),
    ("萬一唔批點算", []),
    ("千萬唔好", []),
    ("我十分鍾意香港", []),
    ("一些資料", []),
    ("冇", []),
    ("", []),
])
def test_find_chinese_numbers(text, expected):
    assert [n.value for n in find_chinese_numbers(text)] == expected


def test_find_chinese_numbers_gives_the_words_read():
    (number,) = find_chinese_numbers("我今年卅五歲")
    assert (number.text, number.start, number.end) == ("卅五", 3, 5)


@pytest.mark.parametrize("text, expected", [
    ("月入8萬港元", (80_000, "HKD", "month")),
    ("年薪80萬人民幣", (800_000, "CNY", "year")),
    ("年薪80万人民币", (800_000, "CNY", "year")),
    ("150萬台幣", (1_500_000, "TWD", None)),
    ("人工萬五蚊一個月", (15_000, "HKD", "month")),
    ("每個月賺兩萬人仔", (20_000, "CNY", "month")),
    ("月薪3萬5", (35_000, None, "month")),
    ("月薪35000", (35_000, None, "month")),
    ("年收入1.5M港紙", (1_500_000, "HKD", "year")),
    ("HK$30K per month", (30_000, "HKD", "month")),
    ("年薪 US$200k", (200_000, "USD", "year")),
    ("我有100萬美金資產", (1_000_000, "USD", None)),
    ("身家五百萬", (5_000_000, None, None)),
    ("RMB 80万 一年", (800_000, "CNY", "year")),
    ("年薪60萬港幣", (600_000, "HKD", "year")),
    ("月薪5万新加坡元", (50_000, "SGD", "month")),
    ("年薪10萬英鎊", (100_000, "GBP", "year")),
    ("年薪十萬歐羅", (100_000, "EUR", "year")),
    ("年入三百萬日圓", (3_000_000, "JPY", "year")),
])
def test_find_money(text, expected):
    money = parse_money(text)
    assert money is not None
    assert (money.amount, money.currency, money.period) == expected


@pytest.mark.parametrize("text", [
    "我今年三十五歲",          # an age is not money
    "我做咗3年",               # nor a duration
    "我有兩個仔",
    "未有",
    "蚊好多",                  # 蚊 (mosquito) with no number
    "",
])
def test_no_money(text):
    assert find_money(text) == []


def test_a_duration_next_to_a_salary_is_not_money():
    assert [(m.amount, m.period) for m in find_money("我做咗3年，月薪2万")] == [(20_000, "month")]


def test_currency_names_come_from_cldr_and_the_colloquial_table():
    names = currency_names()
    # CLDR (Babel): Hong Kong, Traditional and Simplified names
    assert names["港元"] == "HKD"
    assert names["人民幣"] == "CNY" and names["人民币"] == "CNY"
    assert names["新台幣"] == "TWD"
    assert names["瑞士法郎"] == "CHF"
    # colloquial
    assert names["港紙"] == "HKD" and names["人仔"] == "CNY" and names["美金"] == "USD"
    assert names["台幣"] == "TWD"
