"""Age: "I'm 41", "forty-one", "a 27-year-old nurse", "Kenyan and 33", "61 years", "born in 1990".

Number words are already digits (text2num). A number is an age when a unit or a cue says so
(lexicon `age`), when it stands alone as one part of the message in the `bare_range`
("Kenyan and 33", "61 years"), or when the question asked is the age.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import List

from ..lexicon import has_han
from ..message import Message, reading

FACTS = ("age",)
_NUMBER = re.compile(r"(?<![\w.$£€¥₹,])(\d{1,3})(?![\d,.]\d)")
_YEAR = re.compile(r"\b(19[2-9]\d|20[0-2]\d)\b")
_DATE = re.compile(r"\b(19[2-9]\d|20[0-2]\d)-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})[/.](\d{1,2})[/.](19[2-9]\d|20[0-2]\d)\b")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_NAMED_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3})[a-z]*\.?,?\s+(19[2-9]\d|20[0-2]\d)\b"
                         r"|\b(?P<m2>[a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(19[2-9]\d|20[0-2]\d)\b", re.I)
# a part of the message that is only a number, maybe with "years": "Kenyan and 33", "61 years"
_BARE = re.compile(r"^\s*(?:and\s+|aged?\s+)?(\d{1,3})\s*(?:years?|yrs?|y)?\s*$", re.I)
# the profile shorthand "29M", "32F" (age and sex), upper case only: "30m" is an amount
_AGE_SEX = re.compile(r"^\s*(\d{2})[MF]\s*$")


def read(msg: Message) -> List:
    if not msg.lexicon.age["before_number"]:
        return []
    asked = msg.asked == "age"
    for m in re.finditer(r"(?<![\w.$£€¥₹,])(\d{2})(?=[MF]\b)", msg.text):
        if _AGE_SEX.match(_part(msg, m.start())):
            found = _age(msg, int(m.group(1)), m)
            if found:
                return [found]
    for m in _NUMBER.finditer(msg.text):
        age = int(m.group(1))
        if 0 < age <= 120 and _said_as_an_age(msg, m, age, asked):
            found = _age(msg, age, m)
            if found:
                return [found]
    if asked:
        year = _YEAR.fullmatch(msg.text.strip())
        if year:
            age = msg.as_of.year - int(year.group(1))
            return [reading(msg, "age", age, year.start(), year.end(), explicit=True,
                            interpretation=f"{age} (born in {year.group(1)}; {age - 1} if your birthday is still to come)")]
    return _from_birth(msg)


def _said_as_an_age(msg: Message, m: re.Match, age: int, asked: bool) -> bool:
    lex = msg.lexicon.age
    after = msg.lower[m.end():m.end() + 20].lstrip()
    before = msg.lower[max(0, m.start() - 30):m.start()].rstrip()
    # a hedge between the cue and the number: "I'm around 40", "aged about 33"
    before = re.sub(r"(?:\s+(?:" + "|".join(map(re.escape, msg.lexicon.context["hedge"])) + r"))+$", "", before)
    if any(after.startswith(word.lstrip("-")) or msg.lower[m.end():].startswith(word) for word in lex["after_number"]):
        return True                                    # "41 years old", "a 27-year-old"
    if any(after.startswith(word) for word in lex["not_after"]):
        return False                                   # "5 years into my career", "5 foot 11"
    if any(re.search(("" if has_han(cue[:1]) else r"(?:^|\W)") + re.escape(cue) + r"$", before)
           for cue in lex["before_number"]):
        return age >= 14 or asked                      # "I'm 41", "aged 33"
    low, high = lex["bare_range"]
    if (asked or msg.asked is None) and low <= age <= high and _BARE.match(_part(msg, m.start())):
        return True                                    # "Kenyan and 33", "61 years"
    return asked


def _part(msg: Message, pos: int) -> str:
    """The piece of the clause around `pos` between commas and "and"s."""
    start, end = msg.clause(pos)
    pieces = re.split(r"\s*(?:,|&|;|\band\b|\bplus\b)\s*", msg.text[start:end])
    offset = start
    for piece in pieces:
        found = msg.text.find(piece, offset)
        if found <= pos < found + len(piece) + 1:
            return piece
        offset = found + len(piece)
    return msg.text[start:end]


def _age(msg: Message, age: int, m: re.Match):
    ctx = msg.context(m.start(), m.end())
    if ctx.other_person:
        return None
    if has_han(msg.text) and _of_someone_named_after(msg, m.end()):
        return None        # 「我有個兩歲嘅女」: the daughter's age
    if msg.is_question(m.start()) and not ctx.first_person and msg.asked != "age":
        return None        # 「35歲仲可唔可以申請？」 "can a 45 year old apply?": asks about an age
    if _birthday_to_come(msg, m):
        return reading(msg, "age", age - 1, m.start(1), m.end(1), explicit=ctx.first_person, hedged=ctx.hedged,
                       interpretation=f"{age - 1} ({age} on your coming birthday)")
    return reading(msg, "age", age, m.start(1), m.end(1), explicit=ctx.first_person, hedged=ctx.hedged)


def _birthday_to_come(msg: Message, m: re.Match) -> bool:
    """"I turn 40 in February", "22 next month": the age now is one less."""
    lex = msg.lexicon.age
    before = msg.lower[max(msg.clause(m.start())[0], m.start() - 20):m.start()].rstrip()
    after = msg.lower[m.end():m.end() + 25].lstrip()
    if any(re.search(r"(?:^|\W)" + re.escape(cue) + r"$", before) for cue in lex["past_before"]):
        return False                                   # "I turned 45 in June"
    return (any(re.search(r"(?:^|\W)" + re.escape(cue) + r"$", before) for cue in lex["upcoming_before"])
            or any(re.match(re.escape(cue) + r"\b", after) for cue in lex["upcoming_after"]))


def _of_someone_named_after(msg: Message, pos: int) -> bool:
    """Chinese puts an age before the person it belongs to: 兩歲嘅女兒, 三十歲的太太."""
    tail = msg.text[pos:pos + 6].replace(" ", "")
    if not re.match(r"[歲岁]?[的嘅之]", tail):
        return False
    if re.match(r"[歲岁]?[的嘅之](?:仔|女)", tail):
        return True
    return any(f.start <= pos + 4 for f in msg.find(msg.lexicon.context["other_people"],
                                                     within=(pos, min(len(msg.text), pos + 8))))


def _from_birth(msg: Message) -> List:
    lex = msg.lexicon.age
    for m in _YEAR.finditer(msg.text):      # Chinese: the year before the word, 「1990年出世」
        tail = msg.lower[m.end():m.end() + 8].replace(" ", "")
        if any(tail.startswith(cue) for cue in lex["born_after"]) and not msg.context(m.start(), m.end()).other_person:
            age = msg.as_of.year - int(m.group(1))
            return [reading(msg, "age", age, m.start(), m.end(),
                            interpretation=f"{age} (born in {m.group(1)}; {age - 1} if your birthday is still to come)")]
    for cue in msg.find(lex["born"]):
        tail = (cue.end, min(len(msg.text), cue.end + 30))
        date = _DATE.search(msg.text, *tail)
        named = _NAMED_DATE.search(msg.text, *tail)
        if named and (named.group("m1") or named.group("m2")).lower() in _MONTHS:
            date = named
            mo = _MONTHS.index((named.group("m1") or named.group("m2")).lower()) + 1
            y, d = (named.group(3), named.group(1)) if named.group("m1") else (named.group(6), named.group(5))
        elif date:
            y, mo, d = ((date.group(1), date.group(2), date.group(3)) if date.group(1)
                        else (date.group(6), date.group(5), date.group(4)))
        if date:
            try:
                born = _dt.date(int(y), int(mo), int(d))
            except ValueError:
                continue
            today = msg.as_of
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            return [reading(msg, "age", age, date.start(), date.end(),
                            interpretation=f"{age} (born {born.isoformat()})")]
        year = _YEAR.search(msg.text, *tail)
        if year and msg.context(cue.start, cue.end).other_person is None:
            age = msg.as_of.year - int(year.group(1))
            return [reading(msg, "age", age, year.start(), year.end(),
                            interpretation=f"{age} (born in {year.group(1)}; {age - 1} if your birthday is still to come)")]
    return []
