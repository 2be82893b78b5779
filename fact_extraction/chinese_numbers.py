"""Numbers and amounts of money written the way people in Hong Kong and on the Mainland write them.

    parse_chinese_number("萬五")      -> 15000       find_chinese_numbers("我三十五歲") -> [NumberSpan(35, ...)]
    parse_chinese_number("卅五")      -> 35          find_money("月入8萬港元") -> [Money(80000, "HKD", "month", ...)]
    parse_chinese_number("1.5M")      -> 1500000     find_money("年薪80萬人民幣") -> [Money(800000, "CNY", "year", ...)]

Chinese numerals are read by cn2an. A small pre-pass first rewrites the Hong Kong forms cn2an
does not read: 卅/廿/卌 (30/20/40), a leading 萬/千/百 meaning one of it with the next digit as
its tenth (萬五 = 15,000, 千五 = 1,500), 點 in 1點5萬, and the Latin suffixes K and M (30K, 1.5M).
"3萬5" (35,000, the next digit is the tenth of 萬) is cn2an's own reading.

Currency names come from CLDR via Babel (港元/港幣, 人民幣/人民币, 新台幣, 美元, 英鎊 ... in
Traditional, Hong Kong and Simplified locales); the colloquial names CLDR does not have (港紙,
蚊, 人仔, 台幣, 美金, 歐羅 ...) are the small table below.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional

import cn2an
from babel import Locale

_DIGITS = "零〇一二兩两三四五六七八九壹貳贰參叁肆伍陸陆柒捌玖"
_UNITS = "十拾廿卅卌百佰千仟萬万億亿"
_DECADES = {"廿": "二十", "卅": "三十", "卌": "四十"}
_LATIN_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}

# A number: Arabic (with thousands commas, a decimal part, a K/M suffix) or Chinese numerals,
# possibly mixed (3萬5, 1.5萬, 八萬五千), or a leading unit meaning one of it (萬五, 千五).
_NUMBER = re.compile(
    rf"(?:(?<![A-Za-z0-9.])\d[\d,]*(?:\.\d+)?|[{_DIGITS}{_UNITS}])"
    rf"(?:[\d{_DIGITS}{_UNITS}]|[點点.](?=[\d{_DIGITS}]))*"
    rf"(?:\s?(?:[kKmMbB](?![A-Za-z])|mil(?:lion)?\b|million\b))?"
)
# Words that contain a numeral but are not numbers: 一般 (general), 一些 (some), 萬一 (in case),
# 千萬 (by all means), 十分 (very) ... A numeral in them is skipped.
_NOT_NUMBERS = re.compile(
    r"一般|一些|一起|一直|一定|一樣|一样|一下|一切|一齊|一齐|一向|一旦|一致|一點|一点|一啲|一路|一早|一生"
    r"|統一|统一|唯一|萬一|万一|千萬|千万|十分|一於|一于|一方面|百分之|第[一二三四五六七八九十]"
)


@dataclass(frozen=True)
class NumberSpan:
    value: float | int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Money:
    amount: float | int
    currency: Optional[str]      # ISO 4217 code, None when the message names none
    period: Optional[str]        # "month", "year", or None when the message names none
    start: int
    end: int
    text: str


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII (３０Ｋ -> 30K), keeping each character's position."""
    return "".join(unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1 else c
                   for c in text)


def _as_int_if_whole(value: float) -> float | int:
    return int(round(value)) if abs(value - round(value)) < 1e-9 else value


def _hong_kong_forms(numeral: str) -> str:
    """Rewrite what cn2an does not read into what it does."""
    for decade, written in _DECADES.items():
        numeral = numeral.replace(decade, written)
    if numeral[0] in "萬万千百":          # 萬五 = 一萬五 = 15,000
        numeral = "一" + numeral
    numeral = numeral.replace("點", "点")
    numeral = re.sub(r"(?<=\d)点(?=\d)", ".", numeral)      # 1點5萬 = 1.5萬
    # cn2an reads 1.5萬 but not 一点五万: turn a Chinese decimal before a unit into digits.
    match = re.fullmatch(rf"([{_DIGITS}十]+)点([{_DIGITS}]+)([万萬亿億千百]?)", numeral)
    if match:
        whole, fraction, unit = match.groups()
        fraction_digits = "".join(str(cn2an.cn2an(digit, "normal")) for digit in fraction)
        numeral = f"{cn2an.cn2an(whole, 'smart')}.{fraction_digits}{unit}"
    return numeral


def parse_chinese_number(text: str) -> Optional[float | int]:
    """The number the whole text writes, or None. Integers come back as int."""
    if text is None:
        return None
    text = _normalise(text).strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    multiplier = 1
    suffix = re.search(r"(?:[kKmMbB]|mil|million)$", text)
    if suffix and len(text) > len(suffix.group()):
        multiplier = _LATIN_MULTIPLIERS[suffix.group()[0].lower()]
        text = text[: suffix.start()]
    try:
        value = cn2an.cn2an(_hong_kong_forms(text), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return _as_int_if_whole(float(value) * multiplier)


def find_chinese_numbers(text: str) -> List[NumberSpan]:
    """Every number written in the text, Arabic or Chinese, in order. Numerals inside words that
    are not numbers (一般, 萬一, 十分) are skipped. The caller decides what a number means from
    the words around it (歲, 年, 萬, 蚊 ...)."""
    normalised = _normalise(text or "")
    skipped = [m.span() for m in _NOT_NUMBERS.finditer(normalised)]
    spans = []
    for match in _NUMBER.finditer(normalised):
        start, end = match.span()
        raw = match.group().rstrip(",")
        end = start + len(raw)
        if any(s <= start < e for s, e in skipped):
            continue
        value = parse_chinese_number(raw)
        if value is None:
            continue
        spans.append(NumberSpan(value, start, end, text[start:end]))
    return spans


# --- money ---------------------------------------------------------------------------------

# Colloquial names CLDR does not list. 蚊 is Cantonese for a dollar (Hong Kong dollars unless
# another currency is named); 人仔 is Cantonese for renminbi; 塊/块(錢) is the Mainland's yuan.
COLLOQUIAL_CURRENCIES: Dict[str, str] = {
    "港紙": "HKD", "港币": "HKD", "港幣": "HKD", "港元": "HKD", "港刀": "HKD", "蚊": "HKD", "HKD": "HKD",
    "HK$": "HKD", "港$": "HKD",
    "人仔": "CNY", "RMB": "CNY", "rmb": "CNY", "CNY": "CNY", "塊錢": "CNY", "块钱": "CNY", "塊": "CNY",
    "块": "CNY", "元人民幣": "CNY", "元人民币": "CNY", "¥": "CNY", "￥": "CNY",
    "台幣": "TWD", "台币": "TWD", "臺幣": "TWD", "NT$": "TWD",
    "美金": "USD", "US$": "USD", "USD": "USD",
    "英鎊": "GBP", "英镑": "GBP", "£": "GBP", "GBP": "GBP",
    "歐羅": "EUR", "欧罗": "EUR", "€": "EUR", "EUR": "EUR",
    "日元": "JPY", "日圓": "JPY", "円": "JPY",
    "星元": "SGD", "坡幣": "SGD", "坡币": "SGD", "新幣": "SGD", "新币": "SGD", "S$": "SGD",
    "馬幣": "MYR", "马币": "MYR", "澳門幣": "MOP", "澳门币": "MOP", "葡幣": "MOP", "葡币": "MOP",
    "澳幣": "AUD", "澳币": "AUD", "加幣": "CAD", "加币": "CAD", "紐幣": "NZD", "纽币": "NZD",
    "印度盧比": "INR", "盧比": "INR", "卢比": "INR",
    # "<country's short name>元": 加元 is the Canadian dollar as 美元 is the US one
    "加元": "CAD", "澳元": "AUD", "紐元": "NZD", "纽元": "NZD", "新西蘭元": "NZD", "新西兰元": "NZD",
    "坡元": "SGD", "韓元": "KRW", "韩元": "KRW", "韓圜": "KRW", "泰銖": "THB", "泰铢": "THB",
    "令吉": "MYR", "披索": "PHP", "澳門元": "MOP", "澳门元": "MOP",
}
_CLDR_LOCALES = ("zh_Hant_HK", "zh_Hant", "zh_Hans")


@lru_cache(maxsize=None)
def currency_names() -> Dict[str, str]:
    """Chinese currency name -> ISO code: CLDR's names in Hong Kong, Traditional and Simplified
    Chinese, then the colloquial table (which wins where they overlap)."""
    names: Dict[str, str] = {}
    for locale_id in _CLDR_LOCALES:
        locale = Locale.parse(locale_id)
        for code, name in locale.currencies.items():
            if len(code) == 3 and name and not name.isascii():
                names.setdefault(name, code)
    names.update(COLLOQUIAL_CURRENCIES)
    return names


@lru_cache(maxsize=None)
def _currency_pattern() -> re.Pattern:
    alternatives = sorted(currency_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives))


_MONTHLY = re.compile(r"月入|月薪|月收入?|每月|每個月|每个月|一個月|一个月|個月|个月|/\s*月|per\s+month|a\s+month|/\s*m(?:onth)?\b|pm\b",
                      re.IGNORECASE)
_YEARLY = re.compile(r"年薪|年入|年收入?|每年|一年|全年|年總收入|年总收入|/\s*年|per\s+(?:year|annum)|a\s+year|p\.?a\.?\b|/\s*y(?:ea)?r?\b",
                     re.IGNORECASE)
# How far before / after a number a currency name or period word still belongs to it.
_BEFORE, _AFTER = 8, 12
# A number followed by one of these counts something else (3年, 一個月, 35歲), never money.
_MEASURE_AFTER = re.compile(r"\s*(?:年|個|个|歲|岁|次|週|周|星期|日(?![圓元円幣币])|天|號|号|點鐘|点钟|years?|months?|yrs?)")


def _nearest(pattern: re.Pattern, text: str, start: int, end: int) -> Optional[re.Match]:
    """The match nearest the number, looking a few characters before and after it."""
    best = None
    for match in pattern.finditer(text, max(0, start - _BEFORE), min(len(text), end + _AFTER)):
        if match.end() <= start or match.start() >= end:
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, match)
    return best[1] if best else None


def find_money(text: str) -> List[Money]:
    """Amounts of money with their currency and period, for numbers that come with a currency
    name or symbol, a pay word (月入, 年薪, 收入, 人工, 賺) or a Chinese myriad (8萬).

    "月入8萬港元" -> Money(80000, "HKD", "month"); "150萬台幣" -> Money(1500000, "TWD", None).
    The currency is None when the message names none: the caller decides (Hong Kong dollars
    when the person lives in Hong Kong, renminbi on the Mainland ...)."""
    normalised = _normalise(text or "")
    results = []
    for number in find_chinese_numbers(normalised):
        if _MEASURE_AFTER.match(normalised, number.end):
            continue
        currency_match = _nearest(_currency_pattern(), normalised, number.start, number.end)
        # 蚊 / 塊 / 元 only count right after the number ("三萬蚊"), never before it.
        if currency_match and currency_match.group() in ("蚊", "塊", "块", "塊錢", "块钱") \
                and currency_match.start() < number.start:
            currency_match = None
        pay_context = re.search(r"月入|月薪|年薪|年入|收入|人工|工資|工资|薪水|薪金|賺|赚|資產|资产|身家|存款|盈利|利潤|利润|salary|income",
                                normalised[max(0, number.start - 10):number.end + 4], re.IGNORECASE)
        myriad = re.search(r"[萬万億亿]|[kKmM]$", number.text)
        if not (currency_match or pay_context or myriad):
            continue
        currency = currency_names()[currency_match.group()] if currency_match else None
        period = _period(normalised, number)
        span_start = min(number.start, currency_match.start()) if currency_match else number.start
        span_end = max(number.end, currency_match.end()) if currency_match else number.end
        results.append(Money(number.value, currency, period, span_start, span_end,
                             text[span_start:span_end]))
    return results


def _period(text: str, number: NumberSpan) -> Optional[str]:
    """"month" or "year" from the nearest period word (月入, 年薪, 每月, per year ...)."""
    found = []
    for period, pattern in (("month", _MONTHLY), ("year", _YEARLY)):
        match = _nearest(pattern, text, number.start, number.end)
        if match:
            distance = number.start - match.end() if match.end() <= number.start else match.start() - number.end
            found.append((distance, period))
    return min(found)[1] if found else None


def parse_money(text: str) -> Optional[Money]:
    """The first amount of money in the text, or None."""
    found = find_money(text)
    return found[0] if found else None
