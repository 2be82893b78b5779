"""Turn what people type into contract §2 fact values.

Built on a blank spaCy English pipeline (tokeniser only, no downloaded model) with the project's
own EntityRuler patterns (gazetteer.py) plus regular expressions for amounts, ages and durations.

Public API
----------
extract_facts(text, as_of=None) -> dict          every fact found in a free message
parse_answer(fact, text, as_of=None) -> value    a bare answer to the question for `fact`, or None
money_note(text, as_of=None) -> str | None       which exchange rate was used (None: no amount)
extract_details(text, as_of=None) -> Details     facts + character spans + notes + hints + mentions
extract_mentions(text) -> list[dict]             `scheme` / `term` mentions (contract scheme ids)

Safety rule: when a message is ambiguous, nothing is extracted. A bare number in a free message is
not an age, a bare amount without a word saying what it is is not an income, "Chinese" is neither a
language nor a nationality unless the context says which.
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import yaml

from eligibility import FACTS

from . import gazetteer as G

__all__ = [
    "extract_facts", "parse_answer", "money_note", "extract_details", "extract_mentions",
    "Details", "exchange_rates", "FACT_TYPES",
]

# --------------------------------------------------------------------------------------------
# fact types (contract §2), from the eligibility package: one source of truth
# --------------------------------------------------------------------------------------------
MONEY_FACTS = {name for name in FACTS if name.endswith("_hkd")}
MONTH_FACTS = {"months_since_hk_graduation"}


FACT_TYPES: Dict[str, str] = {name: spec.type for name, spec in FACTS.items()}
SCHEME_IDS = sorted(set(G.SCHEMES.values()))

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _as_date(as_of: Any) -> _dt.date:
    if as_of is None:
        return _dt.date.today()
    if isinstance(as_of, _dt.datetime):
        return as_of.date()
    if isinstance(as_of, _dt.date):
        return as_of
    return _dt.date.fromisoformat(str(as_of)[:10])


def _num(value: float) -> float | int:
    """A number of years/months: an int when whole, else rounded to 2 decimals."""
    value = round(float(value), 2)
    return int(value) if value == int(value) else value


_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD_NUMBERS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30, "half a": 0.5,
    "a couple of": 2, "couple of": 2, "a couple": 2, "several": None, "a few": None, "few": None,
}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")


def _month_num(word: str) -> int:
    return _MONTHS[word.lower()[:3]]


_CLAUSE_SPLIT = re.compile(r"[;!?\n。；！？]|\.(?=\s|$)|,(?!\d{3})|，|\bbut\b|\bwhile\b|\bwhereas\b", re.I)
_SENT_SPLIT = re.compile(r"[;!?\n。；！？]|\.(?=\s|$)", re.I)


def _bounds(text: str, splitter: re.Pattern, pos: int) -> Tuple[int, int]:
    start, end = 0, len(text)
    for m in splitter.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _before(text: str, pos: int, n: int = 45, splitter: re.Pattern = _CLAUSE_SPLIT) -> str:
    start, _ = _bounds(text, splitter, pos)
    return text[max(start, pos - n):pos].lower()


def _after(text: str, pos: int, n: int = 45, splitter: re.Pattern = _CLAUSE_SPLIT) -> str:
    _, end = _bounds(text, splitter, pos)
    return text[pos:min(end, pos + n)].lower()


# --------------------------------------------------------------------------------------------
# spaCy: blank English + EntityRuler built from the gazetteers
# --------------------------------------------------------------------------------------------
# key (lower-case phrase) -> list of (kind, value)
def _build_lexicon() -> Dict[str, List[Tuple[str, str]]]:
    lex: Dict[str, List[Tuple[str, str]]] = {}

    def add(key: str, kind: str, value: str) -> None:
        lst = lex.setdefault(key.lower(), [])
        if (kind, value) not in lst:
            lst.append((kind, value))

    for code, (names, demonyms) in G.COUNTRIES.items():
        for n in names:
            add(n, "country", code)
            if code != "CN" and code != "TW":
                add(n, "place", "overseas")
        for d in demonyms:
            add(d, "demonym", code)
    for region, places in G.REGIONS.items():
        for p in places:
            add(p, "place", region)
    for word, value in G.LANGUAGES.items():
        add(word, "language", value)
    for word in G.AMBIGUOUS_LANGUAGES:
        add(word, "language", "?chinese")
    for word, value in G.DEGREES.items():
        add(word, "degree", value)
    for alias, name in G.HK_UNIVERSITIES.items():
        add(alias, "university", name)
        add(alias, "hk_university", name)
    for alias, name in G.OTHER_UNIVERSITIES.items():
        add(alias, "university", name)
    for word, value in G.SCHEMES.items():
        add(word, "scheme", value)
    for word, value in G.TERMS.items():
        add(word, "term", value)
    add("hongkonger", "place_demonym", "hong_kong")
    add("hong konger", "place_demonym", "hong_kong")
    add("macanese", "place_demonym", "macao")
    add("mainlander", "place_demonym", "mainland")
    add("mainland chinese", "place_demonym", "mainland")
    return lex


_LEXICON = _build_lexicon()
# Short words that are ordinary English in lower case ("us", "la", "pr"): they only count in their
# upper-case spelling. Entries here are matched on the exact token text (ORTH), not LOWER.
_CASE_ONLY = {"us", "la", "sf", "kl", "oz", "pr", "ust", "eth", "whs", "rok", "nz"}
_CASED_ENTRIES: Dict[str, List[Tuple[str, str]]] = {}


def _add_cased(key: str, kind: str, value: str) -> None:
    lst = _CASED_ENTRIES.setdefault(key, [])
    if (kind, value) not in lst:
        lst.append((kind, value))


for _k in list(_LEXICON):
    if _k in _CASE_ONLY:
        for _kind, _val in _LEXICON.pop(_k):
            _add_cased(_k.upper(), _kind, _val)
for _k, _v in G.CASE_SENSITIVE_COUNTRY.items():
    _add_cased(_k, "country", _v)
    if _v != "CN":
        _add_cased(_k, "place", "overseas")
for _k, _v in G.CASE_SENSITIVE_PLACES.items():
    _add_cased(_k, "place", _v)
for _k, _v in G.CASE_SENSITIVE_DEGREES.items():
    _add_cased(_k, "degree", _v)


@functools.lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = []
    for key in _LEXICON:
        if _CJK.search(key):
            continue  # the English tokeniser does not split CJK text; matched by regex instead
        patterns.append({"label": "LEX", "pattern": key, "id": key})
    for key in _CASED_ENTRIES:
        toks = [t.text for t in nlp.make_doc(key)]
        patterns.append({"label": "CASED", "pattern": [{"ORTH": t} for t in toks], "id": key})
    ruler.add_patterns(patterns)
    return nlp


@dataclass
class Mention:
    start: int
    end: int
    text: str
    meanings: List[Tuple[str, str]]

    def values(self, kind: str) -> List[str]:
        return [v for k, v in self.meanings if k == kind]

    def has(self, kind: str) -> bool:
        return any(k == kind for k, _ in self.meanings)


_CJK_KEYS = sorted((k for k in _LEXICON if _CJK.search(k)), key=len, reverse=True)


def _mentions(text: str) -> List[Mention]:
    doc = _nlp()(text)
    found: List[Mention] = []
    for ent in doc.ents:
        key = ent.ent_id_
        meanings = _CASED_ENTRIES.get(key) if ent.label_ == "CASED" else _LEXICON.get(key)
        if meanings:
            found.append(Mention(ent.start_char, ent.end_char, ent.text, list(meanings)))
    taken = [(m.start, m.end) for m in found]
    for key in _CJK_KEYS:
        for m in re.finditer(re.escape(key), text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Mention(m.start(), m.end(), m.group(0), list(_LEXICON[key])))
    found.sort(key=lambda m: m.start)
    return found


# --------------------------------------------------------------------------------------------
# exchange rates and money
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def exchange_rates() -> Dict[str, Any]:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange_rates.yaml")
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_CURRENCY_WORDS = [
    (r"hk\$|hkd|hk dollars?|hong kong dollars?|港币|港幣|港元", "HKD"),
    (r"us\$|usd|u\.s\. dollars?|us dollars?|american dollars?", "USD"),
    (r"rmb|cny|yuan|renminbi|人民币|人民幣|元|¥|￥", "CNY"),
    (r"jpy|yen|日元|円", "JPY"),
    (r"£|gbp|pounds?(?: sterling)?|quid|sterling", "GBP"),
    (r"€|eur|euros?", "EUR"),
    (r"a\$|au\$|aud|australian dollars?", "AUD"),
    (r"c\$|ca\$|cad|canadian dollars?", "CAD"),
    (r"s\$|sgd|singapore dollars?", "SGD"),
    (r"nz\$|nzd|new zealand dollars?", "NZD"),
    (r"nt\$|twd|ntd|taiwan dollars?", "TWD"),
    (r"mop|patacas?", "MOP"),
    (r"chf|swiss francs?", "CHF"),
    (r"krw|₩|won", "KRW"),
    (r"inr|₹|rupees?|rs\.?", "INR"),
    (r"myr|rm|ringgit", "MYR"),
    (r"thb|baht|฿", "THB"),
    (r"php|₱|philippine pesos?", "PHP"),
    (r"aed|dirhams?", "AED"),
    (r"\$|dollars?|bucks", "$"),
]
_CUR_ALT = "|".join(p for p, _ in _CURRENCY_WORDS)
_MULT_ALT = r"k|m|mn|mil|mill|million|millions|thousand|grand|bn|billion|萬|万|w"
_MONEY_RE = re.compile(
    r"(?<![\w.])(?P<pre>" + _CUR_ALT + r")?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>" + _MULT_ALT + r")(?![a-z]))?"
    r"(?:\s?(?P<suf>" + _CUR_ALT + r")(?![a-z]))?"
    r"(?:\s?(?P<per>(?:a|per|/|each|every|an)\s?(?:month|mo|mth|year|yr|annum)|monthly|annually|yearly|"
    r"p\.m\.|pm|p\.a\.|pa|pcm|/m|/y|/yr|/mo|/month|/year|per month|per annum|a yr|每月|一个月|每年|年薪|月薪))?"
    r"(?![\w])",
    re.I,
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "mill": 1e6,
                "million": 1e6, "millions": 1e6, "bn": 1e9, "billion": 1e9, "萬": 1e4, "万": 1e4, "w": 1e4}

# keyword -> money fact; nearest keyword before the amount (or right after it) wins
_MONEY_KEYWORDS = [
    (r"assessable income", "assessable_income_hkd"),
    (r"job offer|offered|the offer|offer(?:s|ing)?\b|new job pays|job pays|role pays|position pays|"
     r"they(?:'ll| will)? pay|would pay|will pay|offered salary", "job_offer_salary_hkd"),
    (r"net assets|net worth|assets|worth|savings|wealth|investable|to invest|invest|portfolio|资产|資產",
     "net_assets_hkd"),
    (r"profits?|business makes|company makes|turnover", "business_profit_hkd"),
    (r"earn\w*|income|salary|salaries|make|making|made|paid|pay|package|comp\b|compensation|wage|wages|"
     r"take home|收入|年薪|月薪|人工", "annual_income_hkd"),
]
_MONTHLY_HINT = re.compile(r"monthly|per month|a month|每月|月薪|/month|/mo\b|pcm", re.I)
_YEARLY_HINT = re.compile(r"annual|yearly|per year|a year|per annum|年薪", re.I)


@dataclass
class Money:
    start: int
    end: int
    text: str
    amount: float
    currency: str  # ISO code; "$" = plain dollar sign (assumed HK$)
    period: str  # "year" | "month"
    period_stated: bool
    currency_stated: bool
    fact: Optional[str] = None

    def hkd_per_year(self) -> int:
        rate = _rate(self.currency)
        factor = 12 if self.period == "month" else 1
        return int(round(self.amount * rate * factor))


def _currency_code(token: Optional[str]) -> Optional[str]:
    if not token:
        return None
    for pattern, code in _CURRENCY_WORDS:
        if re.fullmatch(pattern, token.strip(), re.I):
            return code
    return None


def _rate(code: str) -> float:
    if code in ("$", "HKD"):
        return 1.0
    return float(exchange_rates()["rates"][code]["rate"])


def _money_in(text: str, need_context: bool = True) -> List[Money]:
    out: List[Money] = []
    for m in _MONEY_RE.finditer(text):
        pre, suf, mult, per = m.group("pre"), m.group("suf"), m.group("mult"), m.group("per")
        num_txt = m.group("num")
        # years, times and list numbers are not money
        if not (pre or suf or mult) and re.fullmatch(r"(19|20)\d\d", num_txt):
            continue
        if per and per.lower() in ("pm", "p.m.") and not (pre or suf or mult) and float(num_txt.replace(",", "")) <= 12:
            continue  # "5pm" is a time
        currency = _currency_code(pre) or _currency_code(suf)
        if currency is None and pre == "" and suf is None:
            currency = None
        amount = float(num_txt.replace(",", ""))
        if mult:
            ml = mult.lower() if mult not in ("萬", "万") else mult
            if ml == "m" and mult == "m" and not (pre or suf) and amount < 10 and not need_context:
                pass
            amount *= _MULTIPLIERS.get(ml, 1)
        # period
        period, stated = "year", False
        if per:
            stated = True
            period = "month" if re.search(r"mo|mth|month|pm|p\.m|pcm|/m|月", per, re.I) else "year"
        else:
            win = _before(text, m.start(), 40)
            aft = _after(text, m.end(), 25)
            if _MONTHLY_HINT.search(win) or re.match(r"^\s*(?:a|per|every)\s+month|^\s*monthly", aft):
                period, stated = "month", True
            elif _YEARLY_HINT.search(win) or re.match(r"^\s*(?:a|per)\s+year|^\s*annually", aft):
                period, stated = "year", True
        end = m.end() if per else (m.end("suf") if suf else (m.end("mult") if mult else m.end("num")))
        start = m.start("pre") if pre else m.start("num")
        money = Money(start, end, text[start:end], amount, currency or "HKD", period, stated,
                      currency is not None)
        if currency == "$":
            money.currency = "HKD"
        # which fact?
        money.fact = _money_fact(text, money)
        has_marker = bool(currency or mult)
        if need_context:
            if money.fact is None:
                if has_marker and stated:
                    money.fact = "annual_income_hkd"  # "90k a month": an income
                else:
                    continue
            if not has_marker and amount < 1000:
                continue  # "earn 5" is not an amount we trust
        out.append(money)
    return out


def _money_fact(text: str, money: Money) -> Optional[str]:
    before = _before(text, money.start, 60)
    best: Tuple[int, Optional[str]] = (-1, None)
    for pattern, fact in _MONEY_KEYWORDS:
        for m in re.finditer(r"\b(?:" + pattern + r")", before):
            # nearest keyword wins (by its end, so "assessable income" beats "income")
            if m.end() > best[0]:
                best = (m.end(), fact)
    if best[1] == "annual_income_hkd" and re.search(r"\b(?:job offer|offer|offered)\b", before) and \
            re.search(r"\b(?:pay\w*|paid|salary|package)\W*$", before[:best[0]] + " ") and \
            not re.search(r"\b(?:earn\w*|income|make|making)\b", before):
        best = (best[0], "job_offer_salary_hkd")  # "an offer ... paying HK$900k"
    if best[1] is None:
        after = _after(text, money.end, 30)
        for pattern, fact in _MONEY_KEYWORDS:
            if re.search(r"^\s*(?:a year |a month |per year |per month )?(?:in |of |as )?(?:my |the )?(?:"
                         + pattern + r")", after):
                return fact
    # "offer" preceded by "no" etc is handled by the boolean rules; the amount stays an offer salary
    return best[1]


def _describe_money(money: Money) -> str:
    rates = exchange_rates()
    per = "a month" if money.period == "month" else "a year"
    hkd = money.hkd_per_year()
    if money.currency == "HKD":
        base = f"HK${money.amount:,.0f} {per}"
        if not money.currency_stated:
            base += " (no currency given, so HK$ was assumed)"
    else:
        entry = rates["rates"][money.currency]
        src = entry.get("source") or rates["default_source"]
        base = (f"{money.currency} {money.amount:,.0f} {per} at HK${entry['rate']} per {money.currency} "
                f"({entry.get('name', money.currency)}; approximate reference rate as of {rates['as_of']}, "
                f"{src['title']} {src['url']})")
    if money.period == "month":
        base += " x 12"
    elif not money.period_stated:
        base += " (taken as a yearly figure)"
    return f"{base} = HK${hkd:,} a year"


def money_note(text: str, as_of: Any = None, fact: Optional[str] = None) -> Optional[str]:
    """Say how each amount in `text` was turned into HK$ a year, naming the exchange rate used.

    Returns None when there is no amount. `fact` treats the text as a bare answer for that fact.
    """
    monies = _money_in(text, need_context=fact is None)
    if not monies:
        return None
    return "; ".join(_describe_money(m) for m in monies)


# --------------------------------------------------------------------------------------------
# ages
# --------------------------------------------------------------------------------------------
_AGE_AFTER_BAD = re.compile(
    r"^\s*(?:k\b|m\b|%|\$|,\d|\.\d|(?:years?|yrs?|y)\s*(?:of|in|at|with|into|exp|experience|working|abroad|"
    r"overseas|ago|since|on|here)|(?:years?|yrs?)\s+(?:as|work)|months?|mths?|hours?|times|kids|children|hkd|usd)",
    re.I)
_AGE_PATTERNS = [
    re.compile(r"\b(?:i'?m|i\s+am|im|i’m)\s+(?:now\s+|currently\s+|just\s+|about\s+|almost\s+|turning\s+)?"
               r"(?P<n>\d{1,2})(?!\d)(?!\s*(?:yrs?|years?)?\s*(?:of|in|into|at)\b)", re.I),
    re.compile(r"\b(?P<n>\d{1,2})\s*(?:years?|yrs?|y)[\s-]*(?:old|of age)\b", re.I),
    re.compile(r"\b(?P<n>\d{1,2})\s*(?:yo|y/o|y\.o\.)(?![a-z])", re.I),
    re.compile(r"\b(?:age|aged|my age is|age is|age:)\s*(?:is\s*)?(?P<n>\d{1,2})\b", re.I),
    re.compile(r"\bturned\s+(?P<n>\d{1,2})\b", re.I),
    re.compile(r"\bif\s+i\s+(?:were|was|am|turn)\s+(?P<n>\d{1,2})(?!\d)(?!\s*(?:yrs?|years?)?\s*(?:of|in|into|at)\b)", re.I),
    re.compile(r"(?P<n>\d{1,2})\s*[岁歲]"),
]
_BIRTH_PATTERNS = [
    re.compile(r"\b(?:born|b\.|dob|date of birth|birthday)\s*(?:is|:)?\s*(?:in|on)?\s*"
               r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>" + _MONTH_RE + r")\.?,?\s+(?P<y1>(?:19|20)\d\d)"
               r"|(?P<m2>" + _MONTH_RE + r")\.?\s+(?:(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<y2>(?:19|20)\d\d)"
               r"|(?P<y3>(?:19|20)\d\d)[-/.](?P<mo3>\d{1,2})[-/.](?P<d3>\d{1,2})"
               r"|(?P<d4>\d{1,2})[/.](?P<mo4>\d{1,2})[/.](?P<y4>(?:19|20)\d\d)"
               r"|(?:the\s+)?(?P<y5>(?:19|20)\d\d)(?!\d))", re.I),
    re.compile(r"(?P<y6>(?:19|20)\d\d)\s*年?\s*(?:出生|生)"),
]


def _age_from_birth(y: int, mo: Optional[int], d: Optional[int], as_of: _dt.date) -> Optional[int]:
    age = as_of.year - y
    if mo:
        if (as_of.month, as_of.day) < (mo, d or 1) and (d or as_of.month != mo):
            age -= 1
    return age if 0 <= age <= 120 else None


def _find_age(text: str, as_of: _dt.date) -> Optional[Tuple[int, int, int]]:
    for pat in _BIRTH_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        g = m.groupdict()
        y = next(int(g[k]) for k in ("y1", "y2", "y3", "y4", "y5", "y6") if g.get(k))
        mo = None
        if g.get("m1"):
            mo = _month_num(g["m1"])
        elif g.get("m2"):
            mo = _month_num(g["m2"])
        elif g.get("mo3"):
            mo = int(g["mo3"])
        elif g.get("mo4"):
            mo = int(g["mo4"])
        d = next((int(g[k]) for k in ("d1", "d2", "d3", "d4") if g.get(k)), None)
        age = _age_from_birth(y, mo, d, as_of)
        if age is not None:
            return age, m.start(), m.end()
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            n = int(m.group("n"))
            if not 14 <= n <= 99:
                continue
            if _AGE_AFTER_BAD.match(text[m.end("n"):]):
                continue
            return n, m.start("n"), m.end("n")
    return None


# --------------------------------------------------------------------------------------------
# durations
# --------------------------------------------------------------------------------------------
_NUMWORD = (r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
            r"fourteen|fifteen|sixteen|eighteen|twenty|thirty|half a|a couple of|couple of|an?)")
_DUR = (r"\b" + _NUMWORD + r"(?P<plus>\+)?\s*(?:-\s*)?(?P<and_half>(?:and|&) a half\s*)?"
        r"(?P<unit>years?|yrs?|yr|y|months?|mths?|mos?|m|年|个月|個月)(?![a-z])(?P<and_half2>\s*and a half)?")
_DUR_RE = re.compile(_DUR, re.I)
_SINCE_RE = re.compile(r"\bsince\s+(?:(?P<mon>" + _MONTH_RE + r")\.?\s+)?(?P<y>(?:19|20)\d\d)\b"
                       r"|\bsince\s+(?P<y2>(?:19|20)\d\d)[-/](?P<mo2>\d{1,2})\b", re.I)


def _dur_years(m: re.Match) -> Optional[float]:
    n_txt = m.group("n").lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", n_txt):
        n = float(n_txt)
    else:
        n = _WORD_NUMBERS.get(n_txt)
        if n is None:
            return None
    if m.group("and_half") or m.group("and_half2"):
        n += 0.5
    unit = m.group("unit").lower()
    if unit.startswith("m") or unit in ("个月", "個月"):
        if unit == "m" and n >= 100:
            return None
        return n / 12.0
    return n


def _since_years(m: re.Match, as_of: _dt.date) -> Optional[float]:
    if m.group("y"):
        y = int(m.group("y"))
        mo = _month_num(m.group("mon")) if m.group("mon") else None
    else:
        y, mo = int(m.group("y2")), int(m.group("mo2"))
    if mo:
        months = (as_of.year - y) * 12 + (as_of.month - mo)
        return round(months / 12.0, 1) if months >= 0 else None
    years = as_of.year - y
    return float(years) if years >= 0 else None


def _parse_duration(text: str, as_of: _dt.date, unit: str = "years") -> Optional[float]:
    """A bare duration answer: '5', '5 yrs', '18 months', 'since 2019', 'none'."""
    t = text.strip().lower()
    if re.fullmatch(r"(?:none|no|zero|nil|0|not any|never|nope|n/?a)\.?", t):
        return 0.0
    m = _SINCE_RE.search(t)
    if m:
        years = _since_years(m, as_of)
        if years is not None:
            return years * 12 if unit == "months" else years
    m = re.search(r"\b(?:in|from)\s+(?:(?P<mon>" + _MONTH_RE + r")\.?\s+)?(?P<y>(?:19|20)\d\d)\b", t)
    if m and ("ago" not in t):
        y = int(m.group("y"))
        mo = _month_num(m.group("mon")) if m.group("mon") else None
        months = (as_of.year - y) * 12 + ((as_of.month - mo) if mo else 0)
        if months >= 0:
            return months if unit == "months" else round(months / 12.0, 1)
    m = _DUR_RE.search(t)
    if m:
        years = _dur_years(m)
        if years is not None:
            return years * 12 if unit == "months" else years
    m = re.fullmatch(r"(?:about|around|roughly|approx\.?|~|maybe|almost|nearly|over|just over)?\s*"
                     r"(\d+(?:\.\d+)?)\s*\+?\.?", t)
    if m:
        return float(m.group(1))
    m = re.fullmatch(r"(?:about |around )?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)", t)
    if m:
        return float(_WORD_NUMBERS[m.group(1)])
    if re.fullmatch(r"half a year|six months|half year", t):
        return 6.0 if unit == "months" else 0.5
    m = re.fullmatch(r"(?P<y>(?:19|20)\d\d)", t)
    if m:
        years = as_of.year - int(m.group("y"))
        if years >= 0:
            return years * 12 if unit == "months" else float(years)
    return None


# --------------------------------------------------------------------------------------------
# booleans
# --------------------------------------------------------------------------------------------
_YES = re.compile(
    r"^(?:y|ya|yes+|yeah|yea|yep|yup|sure|of course|ofc|correct|right|true|definitely|absolutely|certainly|"
    r"indeed|i do|i have|i did|i am|i'm|i will|do|have|affirmative|ok|okay|yes i (?:do|have|am|did)|"
    r"yes please|that's right|that is right|that's correct|uh huh|是|是的|有|係|对|對|好)\b", re.I)
_NO = re.compile(
    r"^(?:n|no+|nope|nah|not really|negative|never|none|false|i don't|i do not|i haven't|i have not|"
    r"i didn't|i did not|i'm not|i am not|don't|dont|haven't|not at all|not yet|no i (?:don't|haven't|am not)|"
    r"不|不是|没有|沒有|冇|唔係|唔)\b", re.I)
_DONT_KNOW = re.compile(r"\b(?:don'?t know|do not know|dunno|not sure|no idea|unsure|idk|no clue|can't remember|"
                        r"cannot remember|don'?t remember|maybe|perhaps|不知道|唔知)\b", re.I)


def _parse_bool(text: str) -> Optional[bool]:
    t = text.strip().lower()
    if _DONT_KNOW.search(t):
        return None
    yes, no = bool(_YES.match(t)), bool(_NO.match(t))
    if yes and not no:
        return True
    if no and not yes:
        return False
    return None


# --------------------------------------------------------------------------------------------
# the extraction
# --------------------------------------------------------------------------------------------
@dataclass
class Details:
    facts: Dict[str, Any] = field(default_factory=dict)
    spans: Dict[str, List[Tuple[int, int, Any]]] = field(default_factory=dict)  # fact -> (start, end, value)
    notes: List[str] = field(default_factory=list)
    hints: Dict[str, Any] = field(default_factory=dict)
    mentions: List[Dict[str, Any]] = field(default_factory=list)

    def set(self, fact: str, value: Any, start: int, end: int, overwrite: bool = True) -> None:
        if fact in self.facts and not overwrite:
            return
        self.facts[fact] = value
        self.spans[fact] = [(start, end, value)]


_NEG_BEFORE = re.compile(r"(?:\bno\b|\bnot\b|n't|\bnever\b|\bwithout\b|\bno longer\b|\bnor\b)[^,.;]{0,18}$", re.I)
_WEAK_LANG = re.compile(r"(?:a bit of|a little|little|basic|some|limited|broken|learning|beginner|conversational|"
                        r"elementary|not|n't|no|nor|poor|rusty|weak|bad)\s*(?:,\s*)?$", re.I)
_LANG_CONTEXT = re.compile(r"\b(?:speak\w*|spoke|spoken|fluent\w*|language\w*|native|mother tongue|write|writ\w*|"
                           r"read|know|bilingual|trilingual|multilingual|proficient|good|excellent|"
                           r"business|work(?:ing)? proficiency|languages?:|lang)\b", re.I)
_LANG_CONNECT = re.compile(r"^\s*(?:,|and|&|/|\+|plus|as well as|or|also|,\s*and|,\s*plus)?\s*"
                           r"(?:fluent|native|good|excellent|some|basic|a bit of|a little|little|written|spoken)?\s*$",
                           re.I)
_DEGREE_NEG = re.compile(r"(?:\bno\b|\bnot\b|n't|\bnever\b|\bwithout\b|\bdoing\b|\bstudying\b|\bpursuing\b|"
                         r"\bcurrently\b|\bworking on\b|\bmiddle of\b|\bplan\w*\b|\bwant\w*\b|\bhope\w*\b|"
                         r"\bapply\w*\b|\bwill\b|\bstart\w*\b|\bgoing to\b|\bthinking\b|\bconsider\w*\b|"
                         r"\benrolled\b|\bin progress\b|\bfinishing\b|\bnext year\b)[^,.;]{0,22}$", re.I)
_NATION_BEFORE = re.compile(r"(?:\bi'?m|\bi am|\bim|\bi’m|\bam|nationality(?: is)?:?|citizenship(?: is)?:?|"
                            r"\bhold(?:ing)?|\bwith|\bhave|\bas|\bi'm a|\ba|\ban)\s*(?:an?\s+)?(?:\w+\s+)?$", re.I)
_NATION_AFTER = re.compile(r"^\s*(?:citizen\w*|nationals?|nationality|passports?|passport holder|by birth|"
                           r"man|woman|guy|girl|person|here|living|born|and\s+\w+\s*(?:citizen|national|passport)"
                           r"|and\b|,|\.|;|!|\?|$|\(|-|too|as well)", re.I)
_COUNTRY_NATION_BEFORE = re.compile(r"(?:\bfrom|citizen of|national of|nationality(?: is)?:?|citizenship(?: is)?:?|"
                                    r"passport from|born and raised in|native of|come from|comes from|"
                                    r"i'?m from|hail from|citizen(?:ship)? in)\s*(?:the\s+)?$", re.I)
_COUNTRY_NATION_AFTER = re.compile(r"^\s*(?:citizen\w*|nationals?|nationality|passports?|passport holder)", re.I)
_RES_BEFORE = re.compile(
    r"(?:\b(?:live|living|lives|based|reside|residing|resident|located|staying|stay|settled|home is)\s+(?:in|at|out of)"
    r"|\b(?:i|we)\s+(?:currently\s+|now\s+)?(?:work|am|'m)\s+(?:in|at)"
    r"|\bi'?m\s+(?:currently\s+|now\s+|still\s+)?(?:in|at|based in|living in)"
    r"|\bi\s+am\s+(?:currently\s+|now\s+)?(?:in|at)"
    r"|\b(?:moved|relocated)\s+(?:back\s+)?to|\bcurrently\s+in|\bnow\s+in|\bresidence(?: is)?:?"
    r"|住在|住喺|在|喺|residing)\s*(?:the\s+)?$", re.I)
_RES_FROM = re.compile(r"\b(?:from|come from|comes from|originally from)\s*(?:the\s+)?$", re.I)


def _is_negated(text: str, pos: int) -> bool:
    return bool(_NEG_BEFORE.search(_before(text, pos, 30)))


def extract_mentions(text: str) -> List[Dict[str, Any]]:
    """`scheme` and `term` mentions with contract ids, e.g. 'why not TTPS?' -> scheme ttps."""
    out = []
    for m in _mentions(text):
        for kind in ("scheme", "term"):
            for value in m.values(kind):
                # "dependant" alone in "dependant visa" context is a scheme; "PR" only as a word
                out.append({"entity": kind, "value": value, "start": m.start, "end": m.end, "text": m.text})
    return out


def _language_groups(text: str, mentions: List[Mention], require_context: bool) -> Tuple[List[Tuple[Mention, str]], bool]:
    langs = [m for m in mentions if m.has("language")]
    groups: List[List[Mention]] = []
    for m in langs:
        if groups and _LANG_CONNECT.match(text[groups[-1][-1].end:m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    accepted: List[Tuple[Mention, str]] = []
    ambiguous_chinese = False
    for grp in groups:
        ok = not require_context
        if not ok:
            for m in grp:
                val = m.values("language")[0]
                if m.text.lower() not in G.AMBIGUOUS_LANGUAGE_DEMONYM and val != "?chinese":
                    ok = True
            before = _before(text, grp[0].start, 40, _SENT_SPLIT)
            after = _after(text, grp[-1].end, 30, _SENT_SPLIT)
            if _LANG_CONTEXT.search(before) or re.match(
                    r"^\s*(?:(?:is|are)\s+(?:\w+\s+)?(?:good|fluent|native|excellent|great|ok|okay|decent|strong|"
                    r"perfect|my first|my mother)|speaker|speaking|fluently|native|:|\s*\((?:fluent|native))",
                    after):
                ok = True
        if not ok:
            continue
        prev_end = None
        for m in grp:
            window = text[prev_end if prev_end is not None else max(0, m.start - 25):m.start]
            prev_end = m.end
            if prev_end is not None and _WEAK_LANG.search(window):
                continue
            if m is grp[0] and _WEAK_LANG.search(_before(text, m.start, 25)):
                continue
            val = m.values("language")[0]
            if val == "?chinese":
                ambiguous_chinese = True
                continue
            accepted.append((m, val))
    return accepted, ambiguous_chinese


def _set_languages(details: Details, accepted: List[Tuple[Mention, str]]) -> None:
    if not accepted:
        return
    values = [v for v in G.LANGUAGE_ORDER if any(val == v for _, val in accepted)]
    details.facts["languages"] = values
    spans = []
    for v in values:
        m = next(m for m, val in accepted if val == v)
        spans.append((m.start, m.end, v))
    details.spans["languages"] = spans


def _find_nationality(text: str, mentions: List[Mention], lang_mentions: set, strict: bool = True
                      ) -> Optional[Tuple[str, Mention]]:
    for m in mentions:
        if id(m) in lang_mentions:
            continue
        before = _before(text, m.start, 30)
        after = _after(text, m.end, 30)
        if _NEG_BEFORE.search(before[-14:]) and strict:
            continue
        if m.has("demonym"):
            code = m.values("demonym")[0]
            ambiguous = m.text.lower() in G.AMBIGUOUS_LANGUAGE_DEMONYM | {"chinese"}
            if not strict or _NATION_BEFORE.search(before) and _NATION_AFTER.match(after) \
                    or _COUNTRY_NATION_AFTER.match(after) or \
                    (not ambiguous and not before.strip() and _NATION_AFTER.match(after)) or \
                    (ambiguous and not before.strip() and re.match(r"^\s*(?:,|;)", text[m.end:]) and
                     (m.start == 0 or re.search(r"[,;]\s*$", text[:m.start]))):  # "38 yo, Dutch, ..."
                if strict and m.text.lower() in G.AMBIGUOUS_LANGUAGE_DEMONYM | {"chinese"} and re.match(
                        r"^\s*(?:and|,|&)\s*\w+\s*$", after):
                    continue  # "English and Cantonese" is a language list
                return code, m
        if m.has("country"):
            code = m.values("country")[0]
            if not strict or _COUNTRY_NATION_BEFORE.search(before) or _COUNTRY_NATION_AFTER.match(after):
                return code, m
    return None


def _find_residence(text: str, mentions: List[Mention], strict: bool = True) -> Optional[Tuple[str, Mention]]:
    fallback = None
    for m in mentions:
        if not (m.has("place") or m.has("place_demonym")):
            continue
        if m.has("university") or (m.has("degree") and not m.has("place")):
            continue
        region = (m.values("place") or m.values("place_demonym"))[0]
        if not strict:
            return region, m
        before = _before(text, m.start, 40)
        after = _after(text, m.end, 25)
        if _NEG_BEFORE.search(before[-14:]) and not re.search(r"住", before):
            continue
        if re.search(r"\b(?:my|our|his|her)\s+(?:wife|husband|spouse|partner|parents?|mum|mom|mother|dad|father|"
                     r"sons?|daughters?|kids?|children|child|family|brother|sister|friend|boss|company|employer)\b",
                     before):
            continue  # someone else's residence
        if re.match(r"^\s*permanent\s+resident", after):
            continue  # "a HK permanent resident" is the right of abode, not where they live
        if re.search(r"\b(?:to|want|plan|hope|move|moving|come|coming|relocate|relocating|go|going|visit\w*)\s+"
                     r"(?:to\s+|in\s+)?(?:the\s+)?$", before):
            continue
        if m.has("place_demonym") or _RES_BEFORE.search(before) or re.match(r"^\s*(?:permanent\s+)?resident\b", after) \
                or re.match(r"^\s*(?:based|native|local)\b", after):
            if re.match(r"^\s*permanent resident", after) and region == "hong_kong":
                return region, m
            return region, m
        if fallback is None and _RES_FROM.search(before) and region != "overseas" and not m.has("country"):
            fallback = (region, m)
        if fallback is None and _RES_FROM.search(before) and m.has("place") and not m.has("country"):
            fallback = (region, m)
    return fallback


_STEM_FIELDS = re.compile(r"^\s*(?:degree\s+)?(?:\w+\s+)?(?:in|of)\s+(?:the\s+)?(computer science|comp sci|cs|computing|"
                          r"engineering|\w+ engineering|physics|maths?|mathematics|statistics|data science|"
                          r"chemistry|biology|biochem\w*|biotech\w*|ai|artificial intelligence|machine learning|"
                          r"information technology|it|software|science|electronics|robotics|medicine|pharmacy|"
                          r"neuroscience|geology|astronomy|actuarial science|quant\w*|"
                          r"business|finance|economics|accounting|law|marketing|arts?|history|english|"
                          r"literature|psychology|management|education|design|music|journalism|sociology|"
                          r"politics|philosophy|hospitality|communications?|fine arts|languages?|translation|"
                          r"linguistics)\b", re.I)
_NON_STEM = {"business", "finance", "economics", "accounting", "law", "marketing", "art", "arts", "history",
             "english", "literature", "psychology", "management", "education", "design", "music", "journalism",
             "sociology", "politics", "philosophy", "hospitality", "communication", "communications", "fine arts",
             "language", "languages", "translation", "linguistics"}
_VISA_RE = re.compile(
    r"\b(?:i'?m|i am|im|currently|now|holding|hold|have|got|with|on)\s+(?:currently\s+|still\s+)?(?:on\s+)?"
    r"(?:an?\s+|my\s+|the\s+)?(?P<v>" + "|".join(sorted((re.escape(k) for k in G.SCHEMES), key=len, reverse=True))
    + r"|student|visitor|tourist|visit|dependant|dependent|training|employment|work)\s*(?:visa|permit|status)?\b",
    re.I)
_VISA_WORDS = {"student": "student", "visitor": "visitor", "tourist": "visitor", "visit": "visitor",
               "dependant": "dependant_visa", "dependent": "dependant_visa", "employment": "gep_professionals",
               "work": "gep_professionals"}


def extract_details(text: str, as_of: Any = None) -> Details:
    """Every fact in a free message, with character spans, notes and hints."""
    as_of_d = _as_date(as_of)
    details = Details()
    if not text or not text.strip():
        return details
    mentions = _mentions(text)
    details.mentions = extract_mentions(text)
    low = text.lower()

    # --- age
    age = _find_age(text, as_of_d)
    if age:
        details.set("age", age[0], age[1], age[2])

    # --- money
    for money in _money_in(text):
        if money.fact and money.fact not in details.facts:
            details.set(money.fact, money.hkd_per_year(), money.start, money.end)
            details.notes.append(_describe_money(money))

    # --- languages (before nationality: "English" in a language list is not a nationality)
    accepted, amb_chinese = _language_groups(text, mentions, require_context=True)
    _set_languages(details, accepted)
    if amb_chinese:
        details.hints["ambiguous_language"] = "chinese"
    lang_ids = {id(m) for m, _ in accepted}
    for m in mentions:  # every mention in an accepted language group is not a nationality
        if m.has("language") and (id(m) in lang_ids or m.values("language")[0] == "?chinese" and amb_chinese):
            lang_ids.add(id(m))

    # --- degrees
    best = None
    degree_mentions = []
    for m in mentions:
        if not m.has("degree"):
            continue
        value = m.values("degree")[0]
        if not value:
            continue
        if m.text.lower() == "a degree" and re.search(r"\bin\s*$", _before(text, m.start, 10)):
            continue
        if value != "none" and _DEGREE_NEG.search(_before(text, m.start, 35)):
            if value == "bachelor" and m.text.lower() in ("a degree", "university degree", "college degree") and \
                    re.search(r"n't|\bno\b|\bnot\b|\bnever\b|\bwithout\b", _before(text, m.start, 20)):
                value = "none"
            else:
                continue
        if value == "none" and m.text.lower() in ("dse", "hkdse", "a levels", "a-levels", "gcse", "gcses") and \
                not re.search(r"\bonly\b|\bjust\b|highest", low):
            continue
        degree_mentions.append((m, value))
        if best is None or G.DEGREE_RANK[value] > G.DEGREE_RANK[best[1]]:
            best = (m, value)
    if re.search(r"\b(?:didn'?t|did not|never)\s+(?:go to|went to|attend|finish|complete)\w*\s+(?:uni|university|college)\b",
                 low) and best is None:
        mm = re.search(r"(?:uni|university|college)\b", low)
        details.set("highest_degree", "none", mm.start(), mm.end())
    if best:
        details.set("highest_degree", best[1], best[0].start, best[0].end)
        # STEM field right after the highest degree
        fm = _STEM_FIELDS.match(text[best[0].end:best[0].end + 45])
        if fm:
            fieldname = fm.group(1).lower()
            details.set("stem_degree", fieldname not in _NON_STEM, best[0].start, best[0].end + fm.end())

    # --- universities
    for m in mentions:
        if not m.has("university"):
            continue
        name = m.values("university")[0]
        if m.has("hk_university"):
            details.hints.setdefault("hk_university", name)
        # which degree does this university belong to? the nearest degree mention in the clause
        near = None
        cs, ce = _bounds(text, _CLAUSE_SPLIT, m.start)
        for dm, dv in degree_mentions:
            if cs <= dm.start <= ce and dv in ("bachelor", "master", "doctorate"):
                if near is None or abs(dm.start - m.start) < abs(near[0].start - m.start):
                    near = (dm, dv)
        if near is None and len([d for d in degree_mentions if d[1] in ("bachelor", "master", "doctorate")]) == 1:
            near = next((dm, dv) for dm, dv in degree_mentions if dv in ("bachelor", "master", "doctorate"))
        details.hints.setdefault("universities", []).append(
            {"name": name, "degree": near[1] if near else None, "start": m.start, "end": m.end})
        if near is None:
            continue
        listed = _university_listed(name, as_of_d)
        if listed is None:
            continue
        fact = "bachelor_listed_university" if near[1] == "bachelor" else "postgraduate_listed_university"
        details.set(fact, listed, m.start, m.end, overwrite=False)

    # --- nationality
    nat = _find_nationality(text, mentions, lang_ids)
    if nat:
        details.set("nationality", nat[0], nat[1].start, nat[1].end)

    # --- residence
    res = _find_residence(text, [m for m in mentions if id(m) not in lang_ids])
    if res:
        details.set("residence", res[0], res[1].start, res[1].end)
    elif nat and nat[1].text.lower() in ("mainlander", "mainland chinese"):
        details.set("residence", "mainland", nat[1].start, nat[1].end)

    _extract_durations(text, details, as_of_d, degree_mentions)
    _extract_booleans(text, details, mentions)
    return details


def _university_listed(name: str, as_of: _dt.date) -> Optional[bool]:
    try:
        from eligibility.lists import find_university  # may not exist yet; guarded
    except Exception:  # noqa: BLE001 - any import problem means "unknown"
        return None
    try:
        found = find_university(name, as_of)
    except Exception:  # noqa: BLE001
        return None
    if not found:
        return None
    listed = found.get("listed") if isinstance(found, dict) else None
    return listed if isinstance(listed, bool) else None


_SECTOR = (r"(?:finance|financial services|banking|investment banking|fintech|tech|technology|it|i\.t\.|"
           r"innovation and technology|i&t|innotech|trade|international trade|trading|software|ai|"
           r"asset management|insurance|logistics|semiconductors?|biotech)")


def _extract_durations(text: str, details: Details, as_of: _dt.date, degree_mentions) -> None:
    low = text.lower()
    dur = _DUR
    rules = [
        # (regex, fact)
        (r"(?:lived|living|been|resided|residing|stayed|staying|here|resident)\s+(?:in\s+)?(?:hong kong|hk|香港)?\s*"
         r"(?:for\s+)?(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+)?" + dur + r"(?!\s*ago)"
         r"(?=[^.;]{0,25}(?:hong kong|hk|here)|)", "years_residence_hk_ctx"),
        (r"(?:in|at|with)\s+(?:a\s+|an\s+)?(?:multinational|mnc|big\s?(?:four|4)|fortune 500|global firm|"
         r"international company|multinationals|mncs)\w*\s+(?:for\s+)?(?:about\s+)?" + dur, "multinational_experience_years"),
        (dur + r"\s+(?:of\s+(?:work\s+)?(?:experience\s+)?)?(?:at|in|with|for)\s+(?:a\s+|an\s+)?(?:multinational|mnc|"
         r"big\s?(?:four|4)|fortune 500|global firm|multinationals|mncs)", "multinational_experience_years"),
        (dur + r"\s+(?:of\s+)?(?:work(?:ing)?\s+)?(?:experience\s+|exp\s+)?(?:abroad|overseas|outside (?:of )?"
         r"(?:china|hong kong|hk|my country))", "international_experience_years"),
        (r"(?:worked|working)\s+(?:abroad|overseas)\s+(?:for\s+)?" + dur, "international_experience_years"),
        (dur + r"\s+(?:of\s+)?(?:work(?:ing)?\s+)?(?:experience\s+|exp\s+)?(?:in|within)\s+(?:the\s+)?" + _SECTOR + r"\b",
         "sector_experience_years"),
        (r"(?:last|past)\s+(?:5|five)\s+(?:years|yrs),?\s+(?:i\s+)?(?:have\s+|'ve\s+)?(?:worked|been working)\s+"
         r"(?:for\s+)?" + dur, "recent_work_experience_years"),
        (dur + r"\s+(?:of\s+(?:which|them)\s+)?(?:in|within)\s+the\s+(?:last|past)\s+(?:5|five)\s+(?:years|yrs)",
         "recent_work_experience_years"),
        (dur + r"\s+(?:of\s+)?(?:relevant\s+|professional\s+|full[- ]time\s+|graduate[- ]level\s+|work(?:ing)?\s+|"
         r"post[- ]grad\w*\s+)*(?:work\s+)?(?:experience|exp|expereince|experiance|exp\.)\b", "work_experience_years"),
        (r"(?:worked|working|been working|been employed|employed|career of)\s+(?:\w+\s+){0,4}?(?:for\s+)(?:about\s+|around\s+|"
         r"almost\s+|nearly\s+|over\s+)?" + dur, "work_experience_years"),
        (r"(?:work(?:ing)?\s+)?experience\s*(?:of|:|is|=)?\s*(?:about\s+|around\s+)?" + dur, "work_experience_years"),
        (r"(?:been\s+)?(?:working|worked)\s+(?:\w+\s+){0,4}?since\s+", "work_since"),
        (r"(?:on|under|holding|with)\s+(?:my\s+|the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}?(?:visa|pass)\s+(?:for\s+)?"
         r"(?:about\s+)?" + dur, "years_on_current_visa"),
        (r"(?:graduated|graduation|got my (?:bachelor'?s?|degree|first degree|bsc|ba)|finished (?:uni|university|"
         r"college|my (?:bachelor'?s?|degree)))\s+(?:\w+\s+){0,4}?" + dur + r"\s+ago", "graduated_ago"),
    ]
    for pattern, fact in rules:
        for m in re.finditer(pattern, low, re.I):
            if fact == "work_since":
                sm = _SINCE_RE.match(low, m.end() - len("since ") if low[m.end() - 6:m.end()] == "since " else m.end())
                sm = _SINCE_RE.search(low, m.start())
                if sm and sm.start() - m.end() < 5:
                    yrs = _since_years(sm, as_of)
                    if yrs is not None:
                        details.set("work_experience_years", _num(yrs), m.start(), sm.end(), overwrite=False)
                continue
            try:
                years = _dur_years(m)
            except IndexError:
                years = None
            if years is None:
                continue
            if _is_negated(low, m.start()) and not re.search(r"\bno\b", m.group(0)):
                pass
            if fact == "years_residence_hk_ctx":
                window = low[max(0, m.start() - 30):m.end() + 30]
                if not re.search(r"hong kong|\bhk\b|香港|\bhere\b", window):
                    continue
                fact = "years_residence_hk"
            if fact == "graduated_ago":
                window = low[max(0, m.start() - 60):m.end() + 40]
                if any(u["name"] in G.HK_UNIVERSITIES.values() for u in details.hints.get("universities", [])) \
                        and re.search("|".join(re.escape(k) for k in G.HK_UNIVERSITIES if not _CJK.search(k)), window):
                    details.set("months_since_hk_graduation", _num(years * 12), m.start(), m.end(), overwrite=False)
                near_degrees = [dv for dm, dv in degree_mentions]
                if "bachelor" in near_degrees and len(set(near_degrees)) == 1 or \
                        re.search(r"bachelor|first degree|bsc|\bba\b", m.group(0)):
                    details.set("years_since_bachelor", _num(years), m.start(), m.end(), overwrite=False)
                continue
            details.set(fact, _num(years), m.start(), m.end(), overwrite=False)
    # "bachelor's in 2019", "graduated in 2019", "BSc (2016)"
    m = re.search(r"(?:bachelor'?s?|bsc|b\.sc|\bba\b|beng|first degree|undergrad\w*|graduated|graduation)\b[^.;]{0,30}?"
                  r"(?:in|from|class of|\()\s*(?:" + _MONTH_RE + r"\s+)?((?:19|20)\d\d)\b", low)
    if m and "years_since_bachelor" not in details.facts:
        near_degrees = {dv for dm, dv in degree_mentions}
        seg = m.group(0)
        if re.search(r"bachelor|bsc|b\.sc|\bba\b|beng|first degree|undergrad", seg) or (
                "bachelor" in near_degrees and not near_degrees - {"bachelor", "none"}):
            yrs = as_of.year - int(m.group(1))
            if 0 <= yrs <= 80:
                details.set("years_since_bachelor", yrs, m.start(), m.end())
    # residence in HK since YEAR
    m = re.search(r"(?:in|lived in|living in|been in|moved to|came to|arrived in)\s+(?:hong kong|hk)\s+(?:\w+\s+){0,2}?"
                  r"since\s+", low)
    if m and "years_residence_hk" not in details.facts:
        sm = _SINCE_RE.search(low, m.start())
        if sm:
            yrs = _since_years(sm, as_of)
            if yrs is not None:
                details.set("years_residence_hk", _num(yrs), m.start(), sm.end())


def _extract_booleans(text: str, details: Details, mentions: List[Mention]) -> None:
    low = text.lower()

    def first(pattern: str) -> Optional[re.Match]:
        return re.search(pattern, low, re.I)

    def setb(fact: str, value: bool, m: re.Match) -> None:
        details.set(fact, value, m.start(), m.end(), overwrite=False)

    # job offer
    m = first(r"\b(?:no|don'?t have an?|do not have an?|haven'?t got an?|without an?|not yet got an?|no hk|no firm)\s+"
              r"(?:\w+\s+)?(?:job offer|offer|job lined up|employer)")
    if m:
        setb("hk_job_offer", False, m)
    m = first(r"\b(?:have|got|received|accepted|signed|holding|hold|with|landed|get)\s+(?:an?\s+|the\s+)?"
              r"(?:\w+\s+){0,3}?(?:job offer|offer (?:from|with|in|at))|\boffered\s+(?:me\s+)?(?:an?\s+)?"
              r"(?:job|role|position)|\b(?:job offer|offer letter)\b|\b(?:hired|employed) by an? (?:hk|hong kong)")
    if m and "hk_job_offer" not in details.facts:
        setb("hk_job_offer", True, m)
    if "job_offer_salary_hkd" in details.facts and "hk_job_offer" not in details.facts:
        s, e, _ = details.spans["job_offer_salary_hkd"][0]
        details.set("hk_job_offer", True, s, e)

    # HK permanent resident / foreign PR
    m = first(r"\b(?:not|n't|no longer)\s+(?:a\s+)?(?:hong kong\s+|hk\s+)?permanent resident(?!\s+(?:of|in)\s+(?!hong kong|hk))")
    if m:
        setb("hk_permanent_resident", False, m)
    m = first(r"\b(?:i'?m|i am|am|already)\s+(?:already\s+)?(?:a\s+)?(?:hong kong|hk)\s+permanent resident"
              r"|\bi\s+(?:already\s+)?(?:have|hold|got)\s+(?:a\s+|the\s+)?(?:hong kong\s+|hk\s+)?(?:permanent (?:hkid|id|identity card)|"
              r"right of abode)|\bi'?m\s+(?:already\s+)?(?:a\s+)?permanent resident (?:of|in) (?:hong kong|hk)")
    if m and "hk_permanent_resident" not in details.facts:
        setb("hk_permanent_resident", True, m)
    m = first(r"\b(?:green card|(?:have|hold|got|with)\s+(?:a\s+)?(?:permanent residen\w+|pr)\s+(?:in|of|for)\s+"
              r"(?!hong kong|hk)\w+|(?:i'?m|i am)\s+(?:a\s+)?permanent resident\s+(?:in|of)\s+(?!hong kong|hk)\w+"
              r"|(?:canadian|australian|us|american|uk|british|new zealand|singapore) (?:pr|permanent residen\w+))")
    if m:
        setb("foreign_permanent_residence", True, m)

    # criminal record
    m = first(r"\b(?:no|clean|never (?:been|had a))\s+(?:criminal\s+)?(?:record|convictions?|convicted)|"
              r"\bnever been convicted|\bdon'?t have a (?:criminal )?record|\bno criminal")
    if m:
        setb("criminal_record", False, m)
    m = first(r"\b(?:have|got|has)\s+a\s+(?:criminal\s+)?(?:record|conviction)|\b(?:i was|was once|been)\s+convicted")
    if m and "criminal_record" not in details.facts:
        setb("criminal_record", True, m)

    # business plan, listed company, achievement
    m = first(r"\b(?:start|set up|setup|open|launch|found|establish|run|join|build)\w*\s+(?:a\s+|my\s+|our\s+|an?\s+)?"
              r"(?:own\s+)?(?:\w+\s+)?(?:business|company|startup|start-up|firm|venture)\b[^.;]{0,25}?(?:in|to)\s+"
              r"(?:hong kong|hk)|\b(?:business plan|incubat\w+|cyberport|hkstp|science park)\b")
    if m and not _is_negated(low, m.start()):
        setb("business_plan", True, m)
    m = first(r"\b(?:own|run|founded|control)\s+(?:a\s+)?(?:publicly\s+)?listed company|\bmy company is (?:publicly )?listed")
    if m:
        setb("owns_listed_company", True, m)
    m = first(r"\b(?:won|received|awarded|got)\s+(?:an?\s+|the\s+)?(?:olympic|nobel|national|international|"
              r"gold|silver|pulitzer|oscar|grammy|turing)\s+(?:\w+\s+)?(?:medal|prize|award)")
    if m:
        setb("exceptional_achievement", True, m)

    # born overseas
    m = re.search(r"\bborn\s+(?:and\s+raised\s+)?(?:in|at)\s+(?!(?:19|20)\d\d)", low)
    if m:
        for mm in mentions:
            if mm.start >= m.end() and mm.start - m.end() <= 5 and (mm.has("place") or mm.has("country")):
                region = (mm.values("place") or ["overseas" if mm.values("country") not in (["CN"], ["TW"]) else
                                                 ("mainland" if mm.values("country") == ["CN"] else "taiwan")])[0]
                details.set("born_overseas", region == "overseas", m.start(), mm.end, overwrite=False)
                break

    # parent is a HK permanent resident
    m = first(r"\b(?:my\s+)?(?:mum|mom|mother|dad|father|parent|parents|papa|mama)\b[^.;]{0,40}?"
              r"(?:hong kong|hk)\s+permanent\s+(?:resident|id|identity card|hkid)|"
              r"\b(?:mum|mom|mother|dad|father|parent|parents)\b[^.;]{0,25}?(?:has|have|holds?)\s+(?:a\s+)?"
              r"(?:permanent hkid|permanent id|right of abode)")
    if m:
        setb("parent_hk_permanent_resident", not bool(re.search(r"\bnot\b|n't|\bno\b", m.group(0))), m)

    # family sponsor
    m = first(r"\bmy\s+(wife|husband|spouse|partner|fianc\w*|parents?|mum|mom|mother|dad|father|sons?|daughters?|"
              r"child|children|kids?)\b[^.;]{0,30}?\b(?:in|lives? in|works? in|living in|is from|are from|based in)\s+"
              r"(?:hong kong|hk)\b")
    if m:
        rel = m.group(1)
        value = ("spouse" if rel in ("wife", "husband", "spouse", "partner") or rel.startswith("fianc") else
                 "parent" if rel in ("parent", "parents", "mum", "mom", "mother", "dad", "father") else "child")
        setb("family_sponsor", value, m)

    # current visa
    m = _VISA_RE.search(low)
    if m and not re.search(r"\b(?:want|apply|applying|get|qualify|eligible|about|what|tell|how|why|for)\b",
                           low[max(0, m.start() - 20):m.start()]):
        word = m.group("v").lower()
        value = _VISA_WORDS.get(word) or G.SCHEMES.get(word)
        if value == "dependant":
            value = "dependant_visa"
        if value and value != "permanent_residence" and (word in _VISA_WORDS or re.search(r"\b(?:on|holding|hold)\b",
                                                                                           m.group(0))):
            if value in SCHEME_IDS or value in ("none", "visitor", "student", "dependant_visa"):
                setb("current_visa", value, m)

    # non-local graduate in HK
    m = first(r"\bnon[- ]?local\s+(?:student|graduate|grad)|\binternational student\b[^.;]{0,40}?(?:hong kong|hk|"
              + "|".join(re.escape(k) for k in G.HK_UNIVERSITIES if not _CJK.search(k)) + r")\b")
    if m:
        setb("hk_graduate", True, m)
    m = first(r"\bas\s+a\s+local\s+student")
    if m and "hk_graduate" not in details.facts:
        setb("hk_graduate", False, m)

    # Talent List
    m = first(r"\b(?:job|role|post|position|profession|occupation)\s+is\s+(?:on|in)\s+the\s+talent list")
    if m:
        setb("job_on_talent_list", True, m)


def extract_facts(text: str, as_of: Any = None) -> Dict[str, Any]:
    """Every fact found in a free message, as contract §2 values."""
    return dict(extract_details(text, as_of).facts)


# --------------------------------------------------------------------------------------------
# bare answers
# --------------------------------------------------------------------------------------------
def parse_answer(fact: str, text: str, as_of: Any = None) -> Any:
    """Interpret `text` as an answer to the question for `fact`; None when it is not one."""
    if text is None:
        return None
    t = text.strip()
    if not t:
        return None
    as_of_d = _as_date(as_of)
    ftype = FACT_TYPES.get(fact)
    if ftype is None:
        raise ValueError(f"unknown fact: {fact}")
    low = t.lower()
    if _DONT_KNOW.search(low) and fact not in ("languages",):
        return None
    # a full sentence may carry the fact in free form
    free = extract_details(t, as_of_d)
    if fact in free.facts:
        return free.facts[fact]

    if fact == "age":
        m = re.fullmatch(r"(?:about |around |i'?m |age |aged )?(\d{1,3})\s*(?:years?|yrs?|y/?o)?(?: old)?\.?", low)
        if m and 0 < int(m.group(1)) <= 120:
            return int(m.group(1))
        m = re.search(r"\b((?:19|20)\d\d)\b", low)
        if m and re.fullmatch(r"(?:born\s+(?:in\s+)?)?((?:19|20)\d\d)\.?", low):
            return _age_from_birth(int(m.group(1)), None, None, as_of_d)
        found = _find_age(t, as_of_d)
        return found[0] if found else None
    if fact in MONEY_FACTS:
        if re.fullmatch(r"(?:none|nothing|zero|nil|no|0|n/a|no income|i don'?t have any)\.?", low):
            return 0
        monies = _money_in(t, need_context=False)
        if monies:
            return monies[0].hkd_per_year()
        return None
    if ftype == "bool":
        return _parse_bool(t)
    if ftype == "number":
        unit = "months" if fact in MONTH_FACTS else "years"
        value = _parse_duration(t, as_of_d, unit)
        return _num(value) if value is not None else None
    if ftype == "int":
        m = re.search(r"\d+", low)
        return int(m.group(0)) if m else None
    mentions = _mentions(t)
    if fact == "highest_degree":
        if re.fullmatch(r"(?:none|no|nothing|no degree|nope|nah|n/a|high school only|only high school)\.?", low):
            return "none"
        best = None
        for m in mentions:
            for v in m.values("degree"):
                if v and (best is None or G.DEGREE_RANK[v] > G.DEGREE_RANK[best]):
                    best = v
        if best is None and re.search(r"\bdegree\b|\buni\b|\bgrad\b|\bgraduate\b", low):
            best = "bachelor" if re.fullmatch(r"(?:a |uni |university |college )?(?:degree|grad|graduate)\.?", low) else None
        if best is None:
            m = re.fullmatch(r"(?:associate|ad|hd|sub[- ]degree)\.?", low)
            if m:
                best = "sub_degree"
            elif low in ("master", "masters", "msc", "phd", "doctor", "doctorate", "bachelor", "bachelors"):
                best = {"master": "master", "masters": "master", "msc": "master", "phd": "doctorate",
                        "doctor": "doctorate", "doctorate": "doctorate"}.get(low, "bachelor")
        return best
    if fact == "languages":
        accepted, _ = _language_groups(t, mentions, require_context=False)
        if not accepted:
            return None
        return [v for v in G.LANGUAGE_ORDER if any(val == v for _, val in accepted)]
    if ftype == "country":
        if t.strip() in G.COUNTRIES:
            return t.strip()
        nat = _find_nationality(t, mentions, set(), strict=False)
        return nat[0] if nat else None
    if fact == "residence":
        res = _find_residence(t, mentions, strict=False)
        if res:
            return res[0]
        for m in mentions:
            if m.has("country"):
                code = m.values("country")[0]
                return {"CN": "mainland", "TW": "taiwan"}.get(code, "overseas")
        if re.search(r"\b(?:outside|abroad|overseas|elsewhere|other country|foreign)\b", low):
            return "overseas"
        return None
    if fact == "family_sponsor":
        if re.search(r"\b(?:wife|husband|spouse|partner|married)\b", low):
            return "spouse"
        if re.search(r"\b(?:parents?|mum|mom|mother|dad|father)\b", low):
            return "parent"
        if re.search(r"\b(?:sons?|daughters?|child|children|kids?)\b", low):
            return "child"
        if re.fullmatch(r"(?:no|none|nobody|no one|nope|nah|n/a|not really|no family)\.?", low):
            return "none"
        return None
    if ftype == "scheme_or_visa":
        if re.fullmatch(r"(?:no|none|nope|nothing|no visa|not yet|n/a|i don'?t have one|nah)\.?", low):
            return "none"
        for word, value in _VISA_WORDS.items():
            if re.search(r"\b" + word + r"\b", low):
                return value
        for m in mentions:
            for v in m.values("scheme"):
                return "dependant_visa" if v == "dependant" else v
        return None
    if ftype == "enum":
        spec_values = None
        for m in mentions:
            pass
        return low if spec_values and low in spec_values else None
    return None
