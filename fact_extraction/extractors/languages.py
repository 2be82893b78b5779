"""Languages spoken and written well: english, cantonese, putonghua, other (contract order).

A language name counts when the clause says it is spoken ("I speak ...", "fluent in ...", lexicon
`languages.cues`), when the question asked is the languages, or when the message is nothing but a
list of languages. A list carries its context: in "English and French" both count. A language said
to be weak ("a little French", "basic Mandarin") or denied ("not Cantonese") is not counted, and the
interpretation says so. "Chinese" alone is asked back: Cantonese, Putonghua or both?
"""
from __future__ import annotations

import re
from typing import List

from eligibility.facts import LANGUAGE_ORDER

from ..lexicon import has_han
from ..message import Found, Message, reading
from ..replies import ask_back

FACTS = ("languages",)
_FILLER = re.compile(r"^[\s,.;:!&/+\-()]*(?:(?:and|n|or|plus|also|both|fluent|fluently|well|too|native|good|"
                     r"basic|some|a|little|lil|bit|of|as|with)\b[\s,.;:!&/+\-()]*)*$", re.I)
# Chinese lists: 英文、廣東話同普通話
_HAN_FILLER = re.compile(r"^[\s,，、/和同及與与跟以還还有埋都也]*$")


def mentions(msg: Message) -> List[Found]:
    names = dict(msg.lexicon.language_names)
    names.update({word: "ambiguous" for word in msg.lexicon.languages["ambiguous"]})
    return list(msg.find(names))


def groups(msg: Message) -> List[List[Found]]:
    """Language names next to each other, joined only by list words ("English, French and a bit of Thai")."""
    result: List[List[Found]] = []
    for f in mentions(msg):
        gap = msg.text[result[-1][-1].end:f.start] if result else ""
        if result and (_FILLER.match(gap) or (gap and _HAN_FILLER.match(gap))):
            result[-1].append(f)
        else:
            result.append([f])
    return result


def spoken(msg: Message, group: List[Found]) -> bool:
    """The group is a list of languages the person speaks, not nationalities or other words."""
    if msg.asked == "languages":
        return True
    lo, _ = msg.sentence(group[0].start)
    before = (lo, group[0].start)
    # after the first language: "Portuguese (native) + English (C1)", "Japanese and English, both business level"
    after = (group[0].end, msg.clause_and_apposition(group[-1].end - 1)[1])
    if msg.has(msg.lexicon.languages["cues"], within=before) or msg.has(
            msg.lexicon.languages["cues_after"], within=after):
        return True
    if msg.has(msg.lexicon.languages["cues_after"], within=after):
        return True        # 「國語同英文都流利」
    rest = msg.text[:group[0].start] + msg.text[group[-1].end:]
    return len(group) > 1 and (_FILLER.match(rest) is not None or _HAN_FILLER.match(rest) is not None)


def read(msg: Message) -> List:
    if not msg.lexicon.languages["cues"]:
        return []
    chosen, dropped, spans, unclear = set(), [], [], []
    denied_chinese = False
    for group in groups(msg):
        if not spoken(msg, group):
            continue
        for f in group:
            gap_start = max(msg.clause(f.start)[0], f.start - 18)
            gap = (gap_start, f.start)
            ctx = msg.context(f.start, f.end)
            if ctx.other_person:
                continue
            # "English so-so" a few words on; Chinese says it right after the name (「英文麻麻」)
            weak_after = (f.end, min(msg.clause(f.start)[1], f.end + 20))
            if ctx.negated or msg.has(msg.lexicon.languages["weak"], within=gap) or _weak_after(msg, f) or (
                    not has_han(msg.text[f.start:f.end])
                    and msg.has(msg.lexicon.languages["weak_after"], within=weak_after)):
                dropped.append(f.text(msg))
                if f.value == "ambiguous" and ctx.negated:
                    denied_chinese = True     # "can't write Chinese": neither Chinese language is counted
                continue
            if f.value == "ambiguous":
                if re.match(r"\s*\(\s*$", msg.text[f.end:next((g.start for g in group if g.start > f.start), f.end)]):
                    continue     # "Chinese (Putonghua)": the brackets say which
                unclear.append(f)
                continue
            chosen.add(f.value)
            spans.append(f)
    if denied_chinese:
        chosen -= {"cantonese", "putonghua"}
        spans = [f for f in spans if f.value not in ("cantonese", "putonghua")]
    if not spans and not unclear:
        return []
    values = [v for v in LANGUAGE_ORDER if v in chosen]
    if unclear:
        base = list(values)
        options = [(name, {"languages": [v for v in LANGUAGE_ORDER if v in set(base) | set(add)]})
                   for name, add in (("cantonese", ["cantonese"]), ("putonghua", ["putonghua"]),
                                     ("both", ["cantonese", "putonghua"]))]
        return [ask_back("chinese_language", options, word=unclear[0].text(msg))]
    start, end = spans[0].start, spans[-1].end
    note = ""
    if dropped:
        note = ", ".join(_name(v) for v in values) + " (not counted: " + ", ".join(dropped) + ")"
    # "I speak English" said in passing does not drop a language known: only an answer or a correction
    return [reading(msg, "languages", values, start, end, interpretation=note, explicit=msg.asked == "languages")]


def _weak_after(msg: Message, f: Found) -> bool:
    """「英語一般」「英文麻麻」: said to be weak right after the name."""
    tail = msg.lower[f.end:msg.clause(f.start)[1]].lstrip()
    return any(tail.startswith(word) for word in msg.lexicon.languages["weak_after"])


def _name(value: str) -> str:
    return {"putonghua": "Putonghua", "other": "another language"}.get(value, value.capitalize())
