"""The texts the actions write themselves, in the conversation's language (`language` slot).

One catalogue, actions/messages.yaml: every entry in English and Traditional Chinese; Simplified
Chinese is made from the Traditional text with OpenCC `hk2s` and the few words the Mainland writes
differently, unless the entry gives its own. Scheme names, fact labels, value names and the
yes / no / don't-know / skip buttons come from eligibility/i18n/<language>.yaml.

The engine's texts (reasons, assumptions, next steps, stay, fees) come from eligibility.assess(...,
language=...) already in the conversation's language (eligibility/translation.py).
"""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

import opencc
import yaml

from eligibility import FACTS, translation
from eligibility.formatting import fact_unit, format_value

ENGLISH, TRADITIONAL, SIMPLIFIED = "en", "zh-Hant", "zh-Hans"
LANGUAGES = (ENGLISH, TRADITIONAL, SIMPLIFIED)
CATALOGUE = Path(__file__).with_name("messages.yaml")
I18N = translation.I18N_DIR
# Hong Kong words hk2s keeps that the Mainland writes otherwise (as scripts/convert_zh.py does).
MAINLAND_TERMS = {"身分": "身份", "甚么": "什么", "资料": "信息", "现时": "目前", "一间": "一家", "纪录": "记录",
                  "每宗": "每项", "修毕": "修完", "「": "“", "」": "”", "/hkt/": "/hks/"}


def normalise(language: Optional[str]) -> str:
    return language if language in LANGUAGES else ENGLISH


def is_chinese(language: Optional[str]) -> bool:
    return language in (TRADITIONAL, SIMPLIFIED)


def to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    for hong_kong, mainland in MAINLAND_TERMS.items():
        converted = converted.replace(hong_kong, mainland)
    return converted


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("hk2s")


@lru_cache(maxsize=1)
def catalogue() -> Dict[str, Any]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def _pick(entry: Dict[str, str], language: str) -> Optional[str]:
    if language in entry:
        return entry[language]
    if language == SIMPLIFIED and TRADITIONAL in entry:
        return to_simplified(entry[TRADITIONAL])
    return None


def text(key: str, language: Optional[str] = ENGLISH, **values: Any) -> str:
    """The catalogue entry `key` in `language`, its {placeholders} filled from `values`."""
    language = normalise(language)
    entry = catalogue()["messages"][key]
    template = _pick(entry, language)
    if template is None:   # the lint test makes this unreachable for the catalogue as shipped
        template = entry[ENGLISH]
    return template.format(**values)


def placeholders(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def page(topic: str, language: Optional[str]) -> str:
    entry = catalogue()["pages"][topic]
    return _pick(entry, normalise(language)) or entry[ENGLISH]


def route_label(scheme_id: str, route: Optional[str], english: Optional[str], language: Optional[str]) -> Optional[str]:
    """'category A' / 'A類': the engine's route label in the conversation's language."""
    if not route or not is_chinese(language):
        return english
    entry = catalogue()["routes"].get(f"{scheme_id}.{route}")
    return (_pick(entry, language) if entry else None) or english


# -- texts from eligibility/i18n -----------------------------------------------------------------

def i18n(language: str) -> Dict[str, Any]:
    return translation.i18n(language)


def scheme_name(scheme_id: str, english: str, language: Optional[str], short: bool = False) -> str:
    language = normalise(language)
    if short:
        return translation.scheme_short_name(scheme_id, english, language)
    return translation.scheme_name(scheme_id, english, language)


def scheme_url(scheme_id: str, english: Optional[str], language: Optional[str]) -> Optional[str]:
    return translation.scheme_url(scheme_id, english, normalise(language))


def fact_label(fact: str, language: Optional[str]) -> str:
    spec = FACTS.get(fact)
    english = spec.label if spec else fact.replace("_", " ")
    return translation.fact_label(fact, english, normalise(language))


def fact_why(fact: str, language: Optional[str]) -> str:
    """Why the assistant asks for `fact` ("why do you ask?"), in the conversation's language."""
    if is_chinese(language):
        why = (i18n(language)["facts"].get(fact) or {}).get("why")
        if why:
            return why
    return FACTS[fact].why


def value_name(fact: str, value: Any, language: str) -> Optional[str]:
    return (i18n(language)["values"].get(fact) or {}).get(value)


def button_title(key: str, language: Optional[str]) -> str:
    """yes / no / dont_know / skip in the conversation's language."""
    if is_chinese(language):
        return i18n(language)["buttons"][key]
    return {"yes": "Yes", "no": "No", "dont_know": "I don't know", "skip": "Skip this question"}[key]


def not_legal_advice(language: Optional[str], english: str) -> str:
    return i18n(language)["not_legal_advice"] if is_chinese(language) else english


def join_names(names, language: Optional[str]) -> str:
    return text("name_separator", language).join(names)


def hkd(amount: float, language: Optional[str]) -> str:
    """HK$1,200,000 in English; HK$120萬 (万) in Chinese, where the amount is a round number of 萬
    (the engine's own formatting, so a card and the engine's reasons write money alike)."""
    from eligibility.formatting import money
    return money(amount, normalise(language))


# -- facts as they read in a Chinese reply -------------------------------------------------------

def describe_value(fact: str, value: Any, language: str) -> str:
    """A fact's value in Chinese: 是 / 否, 碩士, 英文、廣東話, 英國, HK$120萬 (the engine's formatting),
    and numbers with their unit after a space, as an acknowledgement shows them: 5 年, 32 歲."""
    spec = FACTS[fact]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not fact.endswith("_hkd"):
        number = f"{value:g}"
        if fact == "age":
            return f"{number} 歲" if language == TRADITIONAL else f"{number} 岁"
        if "months" in fact:
            return f"{number} 個月" if language == TRADITIONAL else f"{number} 个月"
        if "years" in fact:
            return f"{number} 年"
        return number
    return format_value(value, fact_unit(fact, spec.type), language, fact)


def converted(item, reading, language: str) -> Optional[str]:
    """How an amount in another currency, or a monthly one, was read (「每年 40萬美元，約為每年
    HK$312萬（匯率 7.80）」), when the understanding layer said it in this language; else None."""
    conversion = getattr(item, "conversion", None)
    if not conversion or getattr(reading, "language", None) != language or not item.interpretation:
        return None
    if conversion["currency"] == "HKD" and conversion.get("period") != "month":
        return None      # HK$ a year: the value says it all
    return item.interpretation


def acknowledgement(reading, language: Optional[str], echo_answer: bool = False) -> Optional[str]:
    """What was understood ("Noted - age: 32."), so the person can correct it. English keeps the
    understanding layer's own wording; Chinese uses the i18n labels and value names, with the same
    rule for what is said (a plain answer to the question asked is not echoed)."""
    language = normalise(language)
    if not is_chinese(language):
        return reading.acknowledgement(echo_answer=echo_answer)
    noted, updated = [], []
    for item in reading.readings:
        if item.fact not in reading.updates:
            continue
        shown = ("約" if language == TRADITIONAL else "约") * bool(item.hedged) + (
            converted(item, reading, language) or describe_value(item.fact, item.value, language))
        line = text("fact_line", language, label=fact_label(item.fact, language), value=shown)
        if item.fact in reading.corrections:
            old = describe_value(item.fact, reading.corrections[item.fact][0], language)
            updated.append(text("was", language, line=line, old=old))
        elif (item.fact != reading.asked or echo_answer or item.interpretation or len(reading.updates) > 1):
            noted.append(line)
    separator = text("list_separator", language)
    parts = []
    if updated:
        parts.append(text("updated", language, items=separator.join(updated)))
    if noted:
        parts.append(text("noted", language, items=separator.join(noted)))
    return "".join(parts) or None
