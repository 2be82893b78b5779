"""Durations in years (or months): work experience and its parts, time since a degree or a Hong Kong
graduation, years on the current visa, years of residence in Hong Kong.

"6 yrs exp", "8 years as a nurse", "finished my MPhil 5 months ago", "graduated in 2019",
"lived in HK since 2017", "12ish" (in answer to a years question). Which fact a duration is comes
from the words in its clause (lexicon `durations.facts`, first match wins), or from the question asked.
A negated duration ("no experience") is 0 for work experience and nothing otherwise.
"""
from __future__ import annotations

import re
from typing import List, Optional

from ..lexicon import has_han
from ..message import NUMBER, Message, reading, to_number

FACTS = ("work_experience_years", "recent_work_experience_years", "multinational_experience_years",
         "sector_experience_years", "international_experience_years", "years_since_bachelor",
         "months_since_hk_graduation", "years_on_current_visa", "years_residence_hk")
MONTH_FACTS = ("months_since_hk_graduation",)
SUB_EXPERIENCE = ("multinational_experience_years", "sector_experience_years", "international_experience_years")
_YEAR = re.compile(r"\b(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(19[5-9]\d|20[0-4]\d)\b",
                   re.I)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _unit_pattern(msg: Message) -> re.Pattern:
    lex = msg.lexicon.durations
    years = "|".join(sorted(map(re.escape, lex["years"]), key=len, reverse=True))
    months = "|".join(sorted(map(re.escape, lex["months"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w$.]){NUMBER}\s*(?P<plus>\+)?\s*-?\s*(?:(?P<y>{years})|(?P<m>{months}))(?![a-z])",
                      re.I)


def read(msg: Message) -> List:
    lex = msg.lexicon.durations
    if not lex["years"]:
        return []
    readings, taken = [], set()
    for m in _unit_pattern(msg).finditer(msg.text):
        value = to_number(m.group("num"), m.group("half"))
        months = bool(m.group("m"))
        tail = msg.lower[m.end():m.end() + 12].lstrip()
        if not months and tail.startswith(("old", "of age")) or msg.lower[m.end():].startswith("-old"):
            continue   # an age
        ago = any(tail.startswith(word) for word in lex["ago"]) or msg.has(
            lex["ago_before"], within=(msg.clause(m.start())[0], m.start()))    # 學士畢業三年
        fact = _fact_for(msg, m.start(), m.end(), ago)
        if fact is None or fact in taken:
            continue
        ctx = msg.context(m.start(), m.end())
        if ctx.other_person or ctx.plan:
            continue
        if ctx.negated:
            continue
        if fact == "years_residence_hk" and _elsewhere(msg, m.start()):
            continue     # "I've lived here in Dubai for 3 years"
        taken.add(fact)
        readings.append(_reading(msg, fact, value, months, m.start(), m.end(), ctx))
        # "5 years' experience in fintech", 「做咗5年IT」: a field of work is the career, so the whole
        # experience too (a multinational employer is one job, not the career)
        whole = lex["whole_experience"] if fact == "sector_experience_years" else []
        if fact in SUB_EXPERIENCE and "work_experience_years" not in taken and (msg.has(
                ["experience", "exp", "exp."] + whole, within=msg.clause(m.start())) or fact in lex["whole_career"]):
            taken.add("work_experience_years")
            readings.append(_reading(msg, "work_experience_years", value, months, m.start(), m.end(), ctx))
    for f in msg.find(lex["relative"]):
        value, unit = f.value
        fact = _fact_for(msg, f.start, f.end, ago=True)
        ctx = msg.context(f.start, f.end)
        if fact and fact not in taken and not ctx.other_person:
            taken.add(fact)
            readings.append(_reading(msg, fact, value, unit == "months", f.start, f.end, ctx))
    readings += _parts_of_experience(msg, readings, taken)
    readings += _since_year(msg, taken)
    readings += _no_experience(msg, taken)
    return readings


def _parts_of_experience(msg: Message, readings: List, taken: set) -> List:
    """Parts of the work experience said after it: "8 years, all of it in banking" (sector 8),
    "9 years, 6 of them overseas" (international 6), "15 years, the last 5 all in fintech" (recent 5,
    sector 5), "4 yrs, all of them in the last 5 years" (recent 4)."""
    work = next((r for r in readings if r.fact == "work_experience_years"), None)
    if work is None:
        return []
    at = msg.text.find(work.text)
    if at < 0:
        return []
    lo, hi = at + len(work.text), msg.sentence(at)[1]
    lex = msg.lexicon.durations
    found = []
    for m in re.finditer(r"\b(?:all\s+of\s+(?:it|them|those)|all|(?P<n>\d+(?:\.\d+)?)\s+of\s+(?:them|those|it)"
                         r"|the\s+(?:last|past)\s+(?P<last>\d+(?:\.\d+)?)(?:\s*(?:years?|yrs?))?)\b", msg.lower[:hi], re.I):
        if m.start() < lo:
            continue
        value = to_number(m.group("n") or m.group("last")) if (m.group("n") or m.group("last")) else work.value
        clause_end = msg.clause(m.start())[1]
        rest = (m.end(), clause_end)
        parts = [fact for fact in SUB_EXPERIENCE if msg.has(lex["facts"].get(fact, []), within=rest)]
        if m.group("last") or msg.has(lex["recent"], within=rest):
            parts.append("recent_work_experience_years")
        for fact in parts:
            if fact not in taken and value <= work.value:
                taken.add(fact)
                found.append(reading(msg, fact, value, m.start(), m.end(), hedged=work.hedged,
                                     explicit=work.explicit))
    return found


def _reading(msg: Message, fact: str, value, months: bool, start: int, end: int, ctx):
    if fact in MONTH_FACTS:
        converted = value if months else value * 12
    else:
        converted = round(value / 12, 1) if months else value
    converted = int(converted) if float(converted).is_integer() else converted
    note = ""
    if months != (fact in MONTH_FACTS):
        note = f"{msg.text[start:end]} = {converted} {'months' if fact in MONTH_FACTS else 'years'}"
    return reading(msg, fact, converted, start, end, interpretation=note, hedged=ctx.hedged,
                   explicit=ctx.first_person or fact == msg.asked)


def _fact_for(msg: Message, start: int, end: int, ago: bool) -> Optional[str]:
    lex = msg.lexicon.durations
    window = msg.clause(start)
    if ago:
        if not msg.has(lex["graduation"], within=window):
            if msg.asked in FACTS:
                return msg.asked
            # "I got in through QMAS three years ago", "moved to HK 3 years ago"
            return next((fact for fact in ("years_on_current_visa", "years_residence_hk")
                         if msg.has(lex["facts"].get(fact, []), within=window)), None)
        if msg.asked in ("years_since_bachelor", "months_since_hk_graduation"):
            return msg.asked
        if _hong_kong_study(msg):
            return "months_since_hk_graduation"
        levels = msg.lexicon.degree["levels"]
        higher = sum((levels.get(level, []) for level in ("master", "doctorate")), [])
        # the bachelor's in the clause, or the only degree of the sentence ("B.Sc maths, graduated 4 years ago")
        sentence = msg.sentence(start)
        bachelor = msg.has(levels.get("bachelor", []), within=window) or (
            msg.has(levels.get("bachelor", []), within=sentence) and not msg.has(higher, within=sentence))
        only_a_bachelor = msg.known.get("highest_degree") == "bachelor" and not msg.has(higher, within=window)
        return "years_since_bachelor" if bachelor or only_a_bachelor else None
    for fact, cues in lex["facts"].items():
        if msg.has(cues, within=window):
            return fact
    if has_han(msg.text[window[0]:window[1]]) and msg.asked not in FACTS:
        # 「我持有…的簽證，已經三年了」: the second clause goes on about the first
        sentence = (msg.sentence(start)[0], window[0])
        for fact, cues in lex["facts"].items():
            if fact != "work_experience_years" and msg.has(cues, within=sentence):
                return fact
    return msg.asked if msg.asked in FACTS else None


def _hong_kong_study(msg: Message) -> bool:
    return msg.has(msg.lexicon.universities["hong_kong"]) or msg.has(
        ["in hong kong", "in hk", "在香港", "喺香港", "在港", "來港讀", "来港读"])


def _since_year(msg: Message, taken: set) -> List:
    """"since 2019", "graduated in 2019": whole years to the assessment date."""
    lex = msg.lexicon.durations
    readings = []
    for m in _YEAR.finditer(msg.text):
        year = int(m.group(2))
        if year > msg.as_of.year:
            continue
        month = _MONTHS.index(m.group("month").lower()[:3]) + 1 if m.group("month") else None
        before = msg.lower[max(0, m.start() - 40):m.start()]
        window = msg.clause(m.start())
        years = msg.as_of.year - year
        if month:
            years = round(((msg.as_of.year - year) * 12 + msg.as_of.month - month) / 12 * 2) / 2
            years = int(years) if float(years).is_integer() else years
        bachelor_in = re.search(r"\bin\s+$", before) and msg.has(
            msg.lexicon.degree["levels"].get("bachelor", []), within=(window[0], m.start()))
        if re.search(r"\b(?:since|from)\s+$", before):
            fact = _fact_for(msg, m.start(), m.end(), ago=False)
        elif re.search(r"\b(?:graduated|graduation|finished|completed|class of)\b[^.;]*$", before) \
                or msg.asked == "years_since_bachelor" or bachelor_in:
            if _hong_kong_study(msg) and msg.asked != "years_since_bachelor":
                fact, years = "months_since_hk_graduation", years * 12
            elif msg.has(msg.lexicon.degree["levels"].get("bachelor", []), within=window) \
                    or msg.asked == "years_since_bachelor":
                fact = "years_since_bachelor"
            else:
                continue
        else:
            continue
        if fact is None or fact in taken:
            continue
        ctx = msg.context(m.start(), m.end())
        if ctx.other_person:
            continue
        taken.add(fact)
        unit = "months" if fact in MONTH_FACTS else "years"
        readings.append(reading(msg, fact, years, m.start(), m.end(), explicit=ctx.first_person,
                                interpretation=f"{years} {unit} (since {m.group(0)}, counted to {msg.as_of.isoformat()})"))
    return readings


def _no_experience(msg: Message, taken: set) -> List:
    """"no work experience", "never worked": 0 years."""
    if "work_experience_years" in taken:
        return []
    for f in msg.find(["work experience", "experience", "worked", "job before"]):
        ctx = msg.context(f.start, f.end)
        rest = msg.lower[f.end:msg.clause(f.start)[1]].strip()
        if rest and not rest.startswith(("yet", "at all", "so far")):
            continue     # "no experience in Hong Kong" is not "no experience"
        if ctx.negated and not ctx.other_person and not ctx.plan:
            return [reading(msg, "work_experience_years", 0, f.start, f.end, explicit=ctx.first_person)]
    return []


def _elsewhere(msg: Message, pos: int) -> bool:
    """The clause names a place outside Hong Kong."""
    from .places import _places
    lo, hi = msg.clause(pos)
    return any(lo <= p.start < hi and p.value != "hong_kong" for p in _places(msg))
