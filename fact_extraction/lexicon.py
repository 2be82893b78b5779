"""The words each extractor reads, per language: lexicon/<language>.yaml plus what libraries keep.

- country names: pycountry (ISO 3166-1 names) and Babel/CLDR (everyday names, in any locale);
  demonyms are not in either, so they are data in the YAML, and every code is checked to be a real
  ISO 3166-1 country (pycountry) - "ZZ" is never a nationality
- currency names and symbols: Babel/CLDR, for the currencies fact_extraction/exchange_rates.yaml
  has a dated rate for
- language names: Babel/CLDR, for the ISO 639-1 languages (pycountry)

A Chinese lexicon is en.yaml, then zh-Hant.yaml and zh-Hans.yaml added to it (lists joined, tables
merged): Hong Kong messages mix English words in ("我有master degree", "月薪60K"), and people mix
the two scripts, so either Chinese lexicon reads both scripts and the English words. Country and
language names come from CLDR in both Chinese locales; Chinese demonyms are made from the country
names (中國 -> 中國人, 中國籍), since neither library lists them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import pycountry
import yaml
from babel import Locale
from babel.numbers import get_currency_name

HERE = Path(__file__).parent
LANGUAGES = ("en", "zh-Hant", "zh-Hans")
BABEL_LOCALE = {"en": "en", "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}
CHINESE = ("zh-Hant", "zh-Hans")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def _load(language: str) -> Dict[str, Any]:
    return yaml.safe_load((HERE / "lexicon" / f"{language}.yaml").read_text(encoding="utf-8")) or {}


def _merge(base: Any, extra: Any) -> Any:
    """extra added to base: lists joined (no repeats), tables merged key by key."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def _section(raw: Dict[str, Any], name: str, **defaults: Any) -> Dict[str, Any]:
    section = dict(defaults)
    section.update(raw.get(name) or {})
    return section


def is_country(code: str) -> bool:
    """A real ISO 3166-1 alpha-2 country (pycountry): 'ZZ' or 'EU' are not."""
    return isinstance(code, str) and len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=1)
def exchange_rates() -> Dict[str, Any]:
    return yaml.safe_load((HERE / "exchange_rates.yaml").read_text(encoding="utf-8"))


class Lexicon:
    """All phrasing for one language."""

    def __init__(self, language: str):
        raw = _load(language)
        if language in CHINESE:
            raw = _merge(_merge(_load("en"), _load("zh-Hant")), _load("zh-Hans"))
        self.language = language
        self.locale = Locale.parse(BABEL_LOCALE[language])
        # the locales whose CLDR names are read: both Chinese scripts for Chinese, and English
        self.name_locales = [self.locale] + ([Locale.parse(BABEL_LOCALE[other]) for other in CHINESE
                                              if other != language] + [Locale.parse("en")]
                                             if language in CHINESE else [])
        self.context = _section(raw, "context", negation=[], negation_after=[], hedge=[], hedge_after=[],
                                other_people={}, plan=[], plan_after=[], first_person=[],
                                correction=[], question_openers=[], hypothetical_openers=[],
                                question_endings=[], not_numbers=[])
        self.answers = _section(raw, "answers", dont_know=[], yes=[], no=[], zero=[], values={})
        self.age = _section(raw, "age", after_number=[], before_number=[], not_after=[], born=[],
                            bare_range=[16, 99], upcoming_before=[], upcoming_after=[],
                            past_before=[], born_after=[])
        self.degree = _section(raw, "degree", levels={}, levels_cased={}, generic=[], stem_fields=[],
                               non_stem_fields=[], field_links=[], field_degrees={},
                               reference_nouns=[], listed_phrases=[], stem_fields_cased=[],
                               field_before=[], student_after=[])
        self.languages = _section(raw, "languages", names={}, ambiguous=[], cues=[], weak=[], joiners=[],
                                  cues_after=[], weak_after=[])
        self.nationality = _section(raw, "nationality", cues=[], cues_after=[], country_cues=[], demonyms={},
                                    country_aliases={}, country_aliases_cased={}, not_before=[],
                                    demonym_suffixes=[])
        self.residence = _section(raw, "residence", cues=[], cues_after=[], from_cues=[], residents=[], places={},
                                  places_cased={}, present_openers=[],
                                  here_is_hong_kong=[], not_after=[])
        self.money = _section(raw, "money", multipliers={}, currencies={}, multiplier_currency={},
                              shared_symbols={}, per_month=[], per_year=[], facts={},
                              yearly_multipliers=[], per_month_before=[], per_year_before=[])
        self.durations = _section(raw, "durations", years=[], months=[], facts={}, graduation=[], ago=[],
                                  since=[], relative={}, recent=[], whole_career=[],
                                  ago_before=[], whole_experience=[])
        self.yes_no = _section(raw, "yes_no", facts={}, false_phrases={}, answer_phrases={}, negated_only={},
                               negated_only_context={}, permanent_residence_words=[], born=[],
                               born_after=[])
        self.family = _section(raw, "family", in_hong_kong=[], permanent=[], nobody=[], sponsoring_visas=[],
                                pronouns=[], at_my_birth=[], chinese_national=[], settled=[])
        self.visas = _section(raw, "visas", names={}, cues=[], cues_after=[], past=[])
        self.mentions = _section(raw, "mentions", scheme={}, term={})
        self.universities = _section(raw, "universities", hong_kong={}, elsewhere={})
        self.countries = self._countries() if self.nationality["cues"] else {}
        self.demonyms = self._demonyms()
        self.language_names = self._language_names() if self.languages["cues"] else {}
        self.currencies = self._currencies() if self.money["facts"] else {}

    def _countries(self) -> Dict[str, str]:
        """Lower-case country name -> ISO code: pycountry's names, CLDR's names in this locale,
        then the YAML's everyday aliases."""
        names: Dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                if getattr(country, attr, None):
                    names[getattr(country, attr).lower()] = country.alpha_2
        for locale in self.name_locales:
            for code, name in locale.territories.items():
                if is_country(code):
                    names.setdefault(name.lower(), code)
        for alias, code in self.nationality["country_aliases"].items():
            names[alias.lower()] = self._checked(code)
        return names

    def _demonyms(self) -> Dict[str, str]:
        listed = {word.lower(): self._checked(code)
                  for code, words in self.nationality["demonyms"].items() for word in words}
        # Chinese: a country name and a suffix (中國人, 日本籍, 馬來西亞公民); not Hong Kong, a place
        for locale in self.name_locales:
            for code, name in locale.territories.items():
                if is_country(code) and code != "HK" and has_han(name):
                    for suffix in self.nationality["demonym_suffixes"]:
                        listed.setdefault(name + suffix, code)
        if self.language != "en":
            return listed
        # the regular English demonym of a one-word country name ending in "a": Uganda -> Ugandan,
        # Zambia -> Zambian; the YAML's own demonyms win
        derived: Dict[str, str] = {}
        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            if " " not in name and name.isalpha() and name.lower().endswith("a"):
                derived[name.lower() + "n"] = country.alpha_2
        return {**derived, **listed}

    @staticmethod
    def _checked(code: str) -> str:
        if not is_country(code):
            raise ValueError(f"lexicon: {code!r} is not an ISO 3166-1 country")
        return code.upper()

    def _language_names(self) -> Dict[str, str]:
        """Lower-case language name -> contract value; CLDR names of ISO 639-1 languages are `other`
        unless the YAML says otherwise."""
        names: Dict[str, str] = {}
        for locale in self.name_locales:
            for language in pycountry.languages:
                code = getattr(language, "alpha_2", None)
                name = locale.languages.get(code) if code else None
                # short English names are other words ("ewe", "ido"); a Han name is 2-3 characters
                if name and len(name) >= (2 if has_han(name) else 4):
                    names.setdefault(name.lower(), "other")
        for chinese in ("chinese", "中文"):
            names.pop(chinese, None)
        for name, value in self.languages["names"].items():
            names[name.lower()] = value
        return names

    def _currencies(self) -> Dict[str, str]:
        """Currency word or symbol -> ISO 4217 code, for the currencies with a dated rate."""
        words: Dict[str, str] = {}
        for code in exchange_rates()["rates"]:
            words[code.lower()] = code
            for count in (1, 2):
                words[get_currency_name(code, count=count, locale=self.locale).lower()] = code
            symbol = self.locale.currency_symbols.get(code)
            if symbol and symbol != code:
                words[symbol.lower()] = code
            # "NZ dollars", "AU dollar": an ISO 4217 code starts with its country's ISO 3166 code
            if get_currency_name(code, count=2, locale="en").lower().endswith(" dollars"):
                for noun in ("dollar", "dollars"):
                    words.setdefault(f"{code[:2].lower()} {noun}", code)
        if self.language in CHINESE:
            from .chinese_numbers import currency_names
            words.update({name.lower(): code for name, code in currency_names().items()
                          if code in exchange_rates()["rates"]})
        for word, code in self.money["currencies"].items():
            words[str(word).lower()] = code
        return words


@lru_cache(maxsize=None)
def lexicon(language: str = "en") -> Lexicon:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return Lexicon(language)
