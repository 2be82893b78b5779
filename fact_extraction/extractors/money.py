"""Amounts of money: income, offered salary, business profit, assessable income, net assets (HK$).

"US$400k a year", "32 lakh rupees", "$2.5 million USD", "HK$50k a month", "RM 300,000". The
currency is a word or symbol before or after the number (CLDR names and symbols via Babel, plus
lexicon `money.currencies`); a bare "$" is HK$. Multipliers (k, million, lakh, crore) are lexicon
data. A monthly amount is made yearly. Other currencies are converted at the dated rate in
fact_extraction/exchange_rates.yaml, and the interpretation shows the conversion. Which fact an
amount is comes from the words in its clause ("earn", "offer", "profit", "net assets") or from the
question asked; an amount with no such word is not guessed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Tuple

from ..lexicon import exchange_rates, has_han
from ..message import Message, reading
from .answers import UNIT_AFTER

FACTS = ("annual_income_hkd", "assessable_income_hkd", "job_offer_salary_hkd", "business_profit_hkd",
         "net_assets_hkd")


@lru_cache(maxsize=8)
def _amount_pattern(language: str, currencies: Tuple[str, ...], multipliers: Tuple[str, ...]) -> re.Pattern:
    cur = "|".join(re.escape(c) for c in sorted(currencies, key=len, reverse=True))
    mult = "|".join(re.escape(m) for m in sorted(multipliers, key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<pre>{cur})\s?)?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"(?:\s?(?P<mult>{mult})(?![a-z]))?(?:\s?(?P<post>{cur})(?![a-z]))?", re.I)


def amounts(msg: Message):
    """(start, end, HK$ value per year, interpretation, said per year/month, conversion) for each amount
    of money; the conversion (amount, currency, period, hkd, rate) lets the interpretation be said in
    another language (understanding.py)."""
    lex = msg.lexicon.money
    if not lex["facts"]:
        return []
    words = msg.lexicon.currencies
    multipliers = {k.lower(): v for k, v in lex["multipliers"].items()}
    pattern = _amount_pattern(msg.lexicon.language, tuple(words), tuple(multipliers))
    found = []
    for m in pattern.finditer(msg.text):
        if not (m.group("pre") or m.group("post") or m.group("mult")):
            if msg.asked not in FACTS and not _pay_word_before(msg, m.start()):
                continue
            if UNIT_AFTER.match(msg.text, m.end()):
                continue   # "24歲", "5 years": an age or a duration, never an amount of money
        if m.group("pre") and m.group("pre")[-1].isalpha() and m.start("pre") > 0 \
                and msg.text[m.start("pre") - 1].isalnum():
            continue
        number = float(m.group("num").replace(",", ""))
        mult = m.group("mult")
        if mult and mult.lower() not in multipliers:
            continue
        amount = number * (multipliers[mult.lower()] if mult else 1)
        # an explicit code after the number wins over a symbol before it: "$2.5 million USD"
        code = (words.get((m.group("post") or "").lower()) or _symbol_currency(msg, m.group("pre"))
                or lex["multiplier_currency"].get((mult or "").lower()) or "HKD")
        end = m.end()
        gap = len(msg.lower[end:]) - len(msg.lower[end:].lstrip())
        tail = msg.lower[end + gap:end + gap + 16]
        period = {p: "month" for p in lex["per_month"] if _starts_word(tail, p)}
        period.update({p: "year" for p in lex["per_year"] if _starts_word(tail, p)})
        said = max(period, key=len) if period else None
        if said:
            end += gap + len(said)
        elif (mult or "").lower() in lex["yearly_multipliers"]:
            said, period = mult, {mult: "year"}      # "18 LPA": lakh per annum
        monthly, yearly = period.get(said) == "month", period.get(said) == "year"
        if not said and (lex["per_month_before"] or lex["per_year_before"]):
            said = _period_before(msg, m.start())
            monthly, yearly = said == "month", said == "year"
        in_words = f"{_symbol(code)}{number:g} {mult.lower()}" if (mult or "").lower() in lex["multiplier_currency"] \
            else None
        hkd, note = _convert(msg, amount, code, monthly, yearly, in_words)
        conversion = {"amount": amount, "currency": code, "period": "month" if monthly else "year" if yearly else None,
                      "hkd": hkd, "rate": float(exchange_rates()["rates"][code]["rate"])}
        found.append((m.start(), end, hkd, note, bool(said), conversion))
    return found


def _pay_word_before(msg: Message, start: int) -> bool:
    """Chinese: a number right after a pay word is money even with no currency named (月薪萬五,
    年薪係150萬); it is taken as HK$, and the acknowledgement shows it so."""
    if not has_han(msg.text):
        return False
    lo, _ = msg.clause(start)
    lead = msg.lower[max(lo, start - 10):start].replace(" ", "")
    for filler in sorted(msg.lexicon.context["hedge"] + ["係", "是", "有", "都", "就"], key=len, reverse=True):
        if has_han(filler) and lead.endswith(filler):       # 年收入大概一百萬, 年薪係150萬
            lead = lead[:-len(filler)]
    words = [w for w in msg.lexicon.money["per_month_before"] + msg.lexicon.money["per_year_before"]
             + msg.lexicon.money["facts"].get("annual_income_hkd", []) if has_han(w)]
    return any(lead.endswith(w) for w in words)


def _period_before(msg: Message, start: int) -> Optional[str]:
    """Chinese says the period before the amount: 月入8萬, 年薪80萬, 每個月HK$30K. The period word
    nearest before the amount in its clause."""
    lex = msg.lexicon.money
    lo, _ = msg.clause(start)
    best = None
    for period, words in (("month", lex["per_month_before"]), ("year", lex["per_year_before"])):
        for f in msg.find(words, within=(lo, start)):
            if best is None or f.end > best[0]:
                best = (f.end, period)
    return best[1] if best else None


def _symbol_currency(msg: Message, symbol):
    """"$" is HK$ unless the message names the US, Canada, ... ("US citizen in Seattle, $180k")."""
    if not symbol:
        return None
    homes = msg.lexicon.money["shared_symbols"].get(symbol)
    if not homes:
        return msg.lexicon.currencies.get(symbol.lower())
    named = {f.value for f in msg.find(msg.lexicon.countries)} | {f.value for f in msg.find(msg.lexicon.demonyms)}
    named |= {f.value for f in msg.find(msg.lexicon.nationality["country_aliases_cased"], case_sensitive=True)}
    return next((code for country, code in homes.items() if country in named), homes["default"])


def _starts_word(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def _convert(msg: Message, amount: float, code: str, monthly: bool, yearly: bool, in_words=None):
    rate = float(exchange_rates()["rates"][code]["rate"])
    per_year = amount * (12 if monthly else 1)
    hkd = int(round(per_year * rate))
    period = " a month" if monthly else " a year" if yearly else ""
    if code == "HKD":
        shown = f"HK${short(amount)}{period}"
        note = shown + (f" - HK${short(per_year)} a year" if monthly else "")
    else:
        shown = f"{in_words or _symbol(code) + short(amount)}{period}"
        note = f"{shown} - about HK${short(hkd)}{' a year' if monthly or yearly else ''} at {rate_text(rate)}"
    return hkd, note


def _symbol(code: str) -> str:
    return {"USD": "US$", "GBP": "£", "EUR": "€", "SGD": "S$", "AUD": "A$", "CAD": "C$", "NZD": "NZ$",
            "INR": "₹", "CNY": "RMB ", "JPY": "¥", "TWD": "NT$"}.get(code, code + " ")


def short(value: float) -> str:
    """3_120_000 -> "3.12M", 400_000 -> "400k", 950 -> "950"."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.2f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


def rate_text(rate: float) -> str:
    return f"{rate:.2f}" if rate >= 1 else f"{rate:.3g}"


def read(msg: Message) -> List:
    readings = []
    taken = set()
    for start, end, hkd, note, periodic, conversion in amounts(msg):
        fact = _fact_for(msg, start, end) or ("annual_income_hkd" if periodic else None)
        if fact is None or fact in taken:
            continue
        ctx = msg.context(start, end)
        if ctx.other_person or ctx.negated or (ctx.plan and fact != msg.asked and not msg.is_hypothetical(start)):
            continue         # "I'd like to earn HK$1M some day", "my target salary is ..."
        taken.add(fact)
        found = reading(msg, fact, hkd, start, end, interpretation=note,
                        explicit=ctx.first_person or fact == msg.asked, hedged=ctx.hedged)
        found.conversion = conversion
        readings.append(found)
    return readings


def _fact_for(msg: Message, start: int, end: int) -> Optional[str]:
    lo, hi = msg.clause(start)
    window = (max(0, lo - 40) if lo == start else lo, hi)
    nearest = []
    for priority, (fact, cues) in enumerate(msg.lexicon.money["facts"].items()):
        for f in msg.find(cues, within=window):
            distance = start - f.end if f.end <= start else f.start - end
            nearest.append((distance, priority, fact))
    if nearest:
        fact = min(nearest)[2]
        if fact == "annual_income_hkd" and has_han(msg.text) and _offer_before(msg, start):
            return "job_offer_salary_hkd"
        return fact
    return msg.asked if msg.asked in FACTS else None


def _offer_before(msg: Message, start: int) -> bool:
    """「香港公司俾咗offer我，月薪六萬」: pay named after a job offer, in the same sentence, is the
    offer's pay (the subject of the second clause is the offer)."""
    lo, _ = msg.sentence(start)
    for f in msg.find(msg.lexicon.money["facts"].get("job_offer_salary_hkd", []), within=(lo, start)):
        if not msg.context(f.start, f.end).negated:
            return True
    return False
