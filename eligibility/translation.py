"""The rule base's texts in Traditional and Simplified Chinese.

Every text a person can read from the rule files (criteria, reasons, assumptions, next steps,
documents, stay, fees, situations, text parameters, the Working Holiday arrangements) and the
engine's own sentences is written in English in the rules, and translated in a catalogue keyed by
that English text, as gettext does:

    rules/zh-Hant/<file>.yaml   - {en: <English template>, zh-Hant: <Traditional template>} entries,
                                  one file per rule file they translate (hand-written)
    rules/zh-Hans/<file>.yaml   - the same in Simplified Chinese, made from zh-Hant by
                                  scripts/convert_zh.py (OpenCC hk2s + Mainland terms)

Keying by the English text means an edited English text has no translation until someone writes
one: tests/eligibility/test_rule_translations.py fails on a missing, stale or unused entry and on a
translation whose {placeholders} differ from the English.

Values that fill the placeholders are written in the language too (formatting.format_value):
HK$250萬, 3年, 英國, 碩士.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

ENGLISH, TRADITIONAL, SIMPLIFIED = "en", "zh-Hant", "zh-Hans"
LANGUAGES = (ENGLISH, TRADITIONAL, SIMPLIFIED)
RULES_DIR = Path(__file__).with_name("rules")
I18N_DIR = Path(__file__).with_name("i18n")
TRANSLATED_DIRS = (TRADITIONAL, SIMPLIFIED)   # folders under rules/ that hold translations


def normalise(language: Optional[str]) -> str:
    if language in (None, "", ENGLISH):
        return ENGLISH
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    return language


def is_chinese(language: Optional[str]) -> bool:
    return language in (TRADITIONAL, SIMPLIFIED)


@lru_cache(maxsize=None)
def catalogue(language: str) -> Dict[str, str]:
    """English template -> its translation, from every file under rules/<language>/."""
    entries: Dict[str, str] = {}
    folder = RULES_DIR / language
    for path in sorted(folder.rglob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if entry.get(language):
                entries[entry["en"]] = entry[language]
    return entries


def translate(text: str, language: str) -> str:
    """The text in `language`; English when it has no translation (the lint test keeps the shipped
    rule base complete, so this only happens while a text is being written)."""
    if language == ENGLISH or not text:
        return text
    return catalogue(language).get(text, text)


@lru_cache(maxsize=None)
def i18n(language: str) -> dict:
    """Scheme names, fact labels, value names and buttons (eligibility/i18n/<language>.yaml)."""
    return yaml.safe_load((I18N_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


def _i18n_text(section: str, key: str, field: str, english: str, language: str) -> str:
    """One text of eligibility/i18n/<language>.yaml (a scheme's name, a fact's label ...), or the
    English one in English or where the language has none."""
    if language == ENGLISH:
        return english
    return (i18n(language)[section].get(key) or {}).get(field) or english


def scheme_short_name(scheme_id: str, english: str, language: str) -> str:
    return _i18n_text("schemes", scheme_id, "short_name", english, language)


def scheme_name(scheme_id: str, english: str, language: str) -> str:
    return _i18n_text("schemes", scheme_id, "name", english, language)


def scheme_url(scheme_id: str, english: str, language: str) -> str:
    return _i18n_text("schemes", scheme_id, "url", english, language)


def fact_label(fact: str, english: str, language: str) -> str:
    return _i18n_text("facts", fact, "label", english, language)


def value_name(fact: str, value, language: str) -> Optional[str]:
    return (i18n(language)["values"].get(fact) or {}).get(value)


# -- what needs translating (the lint test and scripts/rule_translations.py) ---------------------

def texts_to_translate(rules) -> Dict[str, str]:
    """Every English template a person can read, with the file it comes from (its translation goes
    in rules/<language>/<that file>)."""
    from .engine import PHRASES
    from .facts import FACTS
    from .lists import working_holiday_arrangements
    from .logic import DEFAULT_FAILS, walk

    found: Dict[str, str] = {}

    def add(text, where):
        if isinstance(text, str) and text.strip() and text not in found:
            found[text] = where

    for name, phrase in PHRASES.items():
        add(phrase, "engine.yaml")
    for template in DEFAULT_FAILS.values():
        add(template, "engine.yaml")
    for spec in FACTS.values():
        add(spec.assumption, "facts.yaml")
    for predicate in rules.predicates.values():
        for node in walk(predicate):
            for key in ("text", "fail", "pass", "assumption", "assume", "unmodelled"):
                add(node.get(key), "predicates.yaml")
    for scheme in rules.schemes.values():
        where = f"schemes/{scheme.id}.yaml"
        for route_label in scheme.routes.values():
            add(route_label, where)
        for version in scheme.versions:
            add(version.not_in_operation, where)
            for text in version.texts():
                add(text, where)
    for entry in rules.situations.get("no_visa_needed", []):
        add(entry.get("reason"), "situations.yaml")
    for entry in rules.situations.get("out_of_scope", []):
        add(entry.get("text"), "situations.yaml")
    for key, param in rules.parameters.items():
        for value in param["values"]:
            add(value.get("value") if isinstance(value.get("value"), str) else None,
                f"parameters/{param['_file']}")
    for arrangement in working_holiday_arrangements().values():
        for field in ("work", "study"):   # the Working Holiday conditions a person reads
            add(arrangement[field], "lists/working_holiday.yaml")
    return found


# -- what a translation must keep (the lint test and scripts/rule_translations.py --check) -------

# Latin words a Chinese text may keep: names and codes people write in Latin letters in Chinese too.
LATIN_KEPT = {"PhD", "iAM", "Smart", "eBrochure", "eVisa", "App", "e-Visa", "Visa", "Travel", "Pass"}
_URL = re.compile(r"https?://\S+?(?=[\s，。；、）」]|$)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


def placeholders(text: str) -> set:
    from .logic import PLACEHOLDER
    return set(PLACEHOLDER.findall(text))


def english_left(text: str) -> list:
    """English words in a Chinese text (URLs, {placeholders}, acronyms and LATIN_KEPT aside)."""
    from .logic import PLACEHOLDER
    bare = PLACEHOLDER.sub(" ", _URL.sub(" ", text))
    return [w for w in _ENGLISH_WORD.findall(bare) if w not in LATIN_KEPT]


def translation_problems(english: str, chinese: str, language: str = TRADITIONAL) -> list:
    """What is wrong with one translation: placeholders, English left, the other script, links."""
    from fact_extraction.language import script_counts   # the project's own OpenCC round trip
    problems = []
    if not chinese or not chinese.strip():
        return ["no translation"]
    if placeholders(english) != placeholders(chinese):
        problems.append(f"placeholders {sorted(placeholders(chinese))} differ from the English "
                        f"{sorted(placeholders(english))}")
    left = english_left(chinese)
    if left:
        problems.append(f"English left: {' '.join(left)}")
    wrong = script_counts(chinese)[1 if language == TRADITIONAL else 0]
    if wrong:
        problems.append(f"{wrong} character(s) of the other script")
    own = "/hkt/" if language == TRADITIONAL else "/hks/"
    for url in _URL.findall(chinese):
        if "immd.gov.hk/" in url and "/eng/" in url:
            problems.append(f"ImmD's English page {url}: use its Chinese twin ({own})")
    return problems
