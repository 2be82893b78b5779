"""How facts and parameters read in a sentence: HK$2,500,000, "a master's degree", "yes", "India"."""
from __future__ import annotations

import math
from functools import lru_cache

import pycountry
from babel import Locale

# English puts "the" before these country names ("nationals of the United Kingdom").
_ARTICLE_PREFIXES = ("United ", "Republic ", "Democratic ", "Federated ", "Kingdom ", "Central African",
                     "Dominican Republic", "Czech Republic")
_ARTICLE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles",
                  "Holy See", "United Arab Emirates"}

DEGREE_NAMES = {
    "none": "no degree", "sub_degree": "a sub-degree (associate degree or higher diploma)",
    "bachelor": "a bachelor's degree", "master": "a master's degree", "doctorate": "a doctorate",
}
SPONSOR_NAMES = {"none": "no one", "spouse": "your spouse or partner", "parent": "a parent", "child": "a child"}
RESIDENCE_NAMES = {"mainland": "the Mainland", "hong_kong": "Hong Kong", "macao": "Macao",
                   "taiwan": "Taiwan", "overseas": "overseas"}
SCHEME_NAMES_SHORT = {
    "assg": "ASSG", "qmas": "QMAS", "gep_professionals": "GEP (professionals)",
    "gep_investment": "GEP (investment)", "asmtp": "ASMTP", "ttps": "TTPS", "iang": "IANG",
    "techtas": "TechTAS", "new_cies": "New CIES", "working_holiday": "the Working Holiday Scheme",
    "dependant": "a dependant visa", "top_tier_extension": "the top-tier extension",
    "permanent_residence": "permanent residence", "technical_professionals": "the Technical Professionals Stream",
    "none": "no Hong Kong visa", "visitor": "a visitor stay", "student": "a student visa", "dependant_visa": "a dependant visa",
    "domestic_helper": "a foreign domestic helper visa",
}


@lru_cache(maxsize=None)
def country_name(code: str, article: bool = True) -> str:
    """A country's everyday English name from ISO 3166 (pycountry): its common name where it has one
    ("South Korea", "Vietnam"), never an inverted form ("Korea, Republic of"); CLDR's (Babel) as the
    last resort. An unknown code is returned as given."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    candidates = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    name = next((c for c in candidates if c and ", " not in c), None)
    head, _, tail = country.name.partition(", ")
    if name is None and tail.endswith((" of", " of the")):   # "Congo, The Democratic Republic of the"
        name = f"{tail[0].lower()}{tail[1:]} {head}" if tail.startswith("The ") else f"{tail} {head}"
    if name is None:
        name = Locale("en").territories.get(code, country.name)
    if article and not name.startswith("the ") and (
            name in _ARTICLE_NAMES or name.startswith(_ARTICLE_PREFIXES) or name.endswith(" Islands")):
        name = "the " + name
    return name


def money(value, language: str = "en") -> str:
    """HK$2,500,000; in Chinese HK$250萬 (万), or 億 (亿), when the amount is a round number of
    them, as Hong Kong writes money."""
    amount = int(round(value))
    if language in ("zh-Hant", "zh-Hans") and amount >= 10_000:
        traditional = language == "zh-Hant"
        if amount >= 100_000_000 and amount % 1_000_000 == 0:
            return f"HK${amount / 100_000_000:g}" + ("億" if traditional else "亿")
        if amount % 100 == 0:
            return f"HK${amount / 10_000:g}" + ("萬" if traditional else "万")
    return f"HK${amount:,}"


def number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


def join(items, language: str = "en") -> str:
    items = [str(i) for i in items]
    if language != "en":
        return "、".join(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=None)
def _territories(language: str) -> dict:
    locale = {"zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}[language]
    return dict(Locale.parse(locale).territories)


def country_name_in(code: str, language: str = "en") -> str:
    """A country's name in the language: pycountry's common English name, CLDR's Chinese one."""
    if language == "en":
        return country_name(code)
    return _territories(language).get(code, code)


# Which fact's value names (eligibility/i18n) a unit reads with in Chinese.
_FACT_OF_UNIT = {"degree": "highest_degree", "visa": "current_visa", "sponsor": "family_sponsor",
                 "residence": "residence"}


def format_value(value, unit: str = "", language: str = "en", fact: str = "") -> str:
    """Format a fact's or parameter's value. `unit` says how to read it: 'hkd', 'country',
    'degree', 'visa', 'sponsor', 'residence', 'years' or '' (plain); `fact`, when given, names the
    fact whose value names a Chinese text uses (eligibility/i18n)."""
    if language != "en":
        return _format_chinese(value, unit, language, fact)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return join(format_value(v, unit) for v in value)
    if isinstance(value, (int, float)):
        if unit == "hkd":
            return money(value)
        return f"{number(value)} years" if unit == "years" else number(value)
    if unit == "country":
        return country_name(value)
    names = {"degree": DEGREE_NAMES, "visa": SCHEME_NAMES_SHORT,
             "sponsor": SPONSOR_NAMES, "residence": RESIDENCE_NAMES}.get(unit)
    if names is not None:
        return names.get(value, value)
    return SCHEME_NAMES_SHORT.get(value, value) if value in SCHEME_NAMES_SHORT and value != "none" else str(value)


def _format_chinese(value, unit: str, language: str, fact: str) -> str:
    from .translation import i18n, translate, value_name
    if isinstance(value, bool):
        return i18n(language)["buttons"]["yes" if value else "no"]
    if isinstance(value, (list, tuple)):
        return join((_format_chinese(v, unit, language, fact) for v in value), language)
    if isinstance(value, (int, float)):
        if unit == "hkd":
            return money(value, language)
        if unit == "years":
            return f"{number(value)}年"
        if "months" in fact:
            return f"{number(value)}個月" if language == "zh-Hant" else f"{number(value)}个月"
        if fact == "age":
            return f"{number(value)}歲" if language == "zh-Hant" else f"{number(value)}岁"
        return number(value)
    if unit == "country":
        return country_name_in(value, language)
    named = value_name(fact or _FACT_OF_UNIT.get(unit, ""), value, language)
    if named:
        return named
    scheme = (i18n(language)["schemes"].get(value) or {}).get("short_name")
    if scheme:
        return scheme
    return translate(str(value), language)


def format_date(day, language: str = "en") -> str:
    """2022-12-28 in English (as the engine has always written dates), 2022年12月28日 in Chinese."""
    if language == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


UNIT_OF_FACT = {"highest_degree": "degree", "current_visa": "visa", "family_sponsor": "sponsor",
                "residence": "residence"}


def fact_unit(fact: str, fact_type: str) -> str:
    if fact.endswith("_hkd"):
        return "hkd"
    if fact_type == "country":
        return "country"
    return UNIT_OF_FACT.get(fact, "")


def more_time(years: float, language: str = "en") -> str:
    """How much more time is needed, rounded up so it is never less than needed:
    0.1 year reads "2 more months", 1.25 years "1.3 more years" (再2個月, 再1.3年)."""
    if years < 1:
        months = max(1, math.ceil(years * 12 - 1e-9))
        if language != "en":
            return f"再{months}" + ("個月" if language == "zh-Hant" else "个月")
        return f"{months} more month" + ("" if months == 1 else "s")
    tenths = math.ceil(years * 10 - 1e-9) / 10
    if language != "en":
        return f"再{number(tenths)}年"
    return f"{number(tenths)} more year" + ("" if tenths == 1 else "s")
