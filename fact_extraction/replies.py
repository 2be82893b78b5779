"""The understanding layer's own texts in the conversation's language: the question asked back for
an ambiguous reading ("French": nationality or language?) with its buttons, and the interpretation
of an amount converted to HK$. The texts are lexicon data (sections `asked_back` and
`interpretations` of fact_extraction/lexicon/<language>.yaml; zh-Hans.yaml is generated from
zh-Hant.yaml); the names they hold (a country, a language, a currency) are CLDR's, through Babel.

An extractor builds the question in English with `ask_back(kind, options, **values)`;
`understand()` puts it in the conversation's language with `in_language`, and says a conversion in
Chinese with `conversion_text`. English interpretations stay the extractors' own."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

import yaml
from babel import Locale
from babel.languages import get_official_languages
from babel.numbers import get_currency_name

from .lexicon import BABEL_LOCALE, HERE
from .readings import Ambiguity


@lru_cache(maxsize=None)
def _file(language: str) -> Dict[str, Any]:
    return yaml.safe_load((HERE / "lexicon" / f"{language}.yaml").read_text(encoding="utf-8")) or {}


def texts(language: str, section: str = "asked_back") -> Dict[str, Any]:
    """The texts of `section` in `language`: English ones for any the language's file lacks (the
    file of that one language: a Chinese lexicon otherwise holds both scripts)."""
    merged = dict(_file("en").get(section) or {})
    if language != "en":
        merged.update(_file(language).get(section) or {})
    return merged


def ask_back(kind: str, options: List[Tuple[str, Dict[str, Any]]], language: str = "en",
             **values: str) -> Ambiguity:
    """The Ambiguity `kind` with `options` as (option name, facts it sets), its texts in `language`.
    `values`: `word` (the words said) and `country` (an ISO code), as the texts need them."""
    ambiguity = Ambiguity("", [], kind=kind, option_names=[name for name, _ in options], values=dict(values))
    ambiguity.options = [("", facts) for _, facts in options]
    return in_language(ambiguity, language)


def in_language(ambiguity: Ambiguity, language: str) -> Ambiguity:
    """The same question and buttons in `language` (unchanged for an ambiguity built without a kind)."""
    if not ambiguity.kind:
        return ambiguity
    entry = texts(language)[ambiguity.kind]
    names = _names(ambiguity.values, language)
    question = entry["question"].format(**names)
    options = [(entry["options"][name].format(**names), facts)
               for name, (_, facts) in zip(ambiguity.option_names, ambiguity.options)]
    return Ambiguity(question, options, kind=ambiguity.kind, option_names=list(ambiguity.option_names),
                     values=dict(ambiguity.values))


def _names(values: Dict[str, str], language: str) -> Dict[str, str]:
    """{word} as said, {country} and {language} named in `language` (CLDR), the word when unknown."""
    word = values.get("word", "")
    locale = Locale.parse(BABEL_LOCALE[language])
    country = values.get("country")
    code = _language_code(word, country)
    quotes = {"zh-Hant": "「」", "zh-Hans": "“”"}.get(language)
    return {"word": word, "quoted": f"{quotes[0]}{word}{quotes[1]}" if quotes else f'"{word}"',
            "country": locale.territories.get(country, word) if country else word,
            "language": locale.languages.get(code, word) if code else word}


def _language_code(word: str, country: Optional[str]) -> Optional[str]:
    """"French" -> fr (its English CLDR name), else the first official language of the country."""
    code = _english_language_names().get(word.lower())
    if code:
        return code
    official = get_official_languages(country) if country else ()
    return official[0] if official else None


@lru_cache(maxsize=1)
def _english_language_names() -> Dict[str, str]:
    return {name.lower(): code for code, name in Locale.parse("en").languages.items() if "_" not in code}


# -- an amount converted to HK$ ------------------------------------------------------------------

def conversion_text(conversion: Dict[str, Any], language: str) -> Optional[str]:
    """「每年 40萬美元，約為每年 HK$312萬（匯率 7.80）」: the conversion in `language`, or None where
    the language has no text for it (English keeps the extractor's own)."""
    entry = texts(language, "interpretations")
    period = conversion.get("period")
    if conversion["currency"] != "HKD":
        key = "converted"
    else:
        key = "hkd_per_month" if period == "month" else "hkd"
    if key not in entry:
        return None
    locale = Locale.parse(BABEL_LOCALE[language])
    per = entry["periods"].get(period or "none", "")
    rate = conversion["rate"]
    return entry[key].format(
        period=per, hkd_period=entry["periods"]["year"] if period else "",
        amount=_wan(conversion["amount"], language), hkd=f"HK${_wan(conversion['hkd'], language)}",
        currency=get_currency_name(conversion["currency"], locale=locale),
        rate=f"{rate:.2f}" if rate >= 1 else f"{rate:.3g}").strip()


def _wan(amount: float, language: str) -> str:
    """An amount in 萬 / 万 (億 / 亿) where it is a round number of them, as Hong Kong writes money."""
    traditional = language == "zh-Hant"
    if amount >= 100_000_000 and amount % 1_000_000 == 0:
        return f"{amount / 100_000_000:g}" + ("億" if traditional else "亿")
    if amount >= 10_000 and amount % 100 == 0:
        return f"{amount / 10_000:g}" + ("萬" if traditional else "万")
    return f"{amount:,.0f}"
