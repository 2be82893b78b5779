"""A message prepared for the extractors: normalised text, phrase search, and context read once.

Context is data (fact_extraction/lexicon/<language>.yaml, section `context`) applied here and
nowhere else. For a phrase found in the message, `Message.context(start, end)` says whether, within
its clause, it is
  - negated        ("no listed company", "I don't have a business plan", "not yet")
  - hedged         ("about 12", "maybe 12", "12ish"): the value is kept, the reading says "about"
  - about someone else ("my husband is a permanent resident"): who, e.g. "spouse", "parent"
  - a plan, not a fact ("I want to study a master's", "who wants to work in Hong Kong")
  - first person   ("I'm", "I have", "my"): a direct statement by the person
and whether the whole message is worded as a correction ("actually", "I meant", "X not Y").
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, List, Mapping, Optional, Tuple

from text_to_num import alpha2digit

from .lexicon import CHINESE, Lexicon, has_han

# English sentences come from spaCy's rule-based sentencizer on a blank pipeline (no model download):
# its tokenizer keeps "B.Sc.", "e.g." and "U.S." whole, so their dots end no sentence. Within a
# sentence, a clause ends at a comma, a spaced dash or a word that starts a new statement.
_SENTENCE_PUNCT = (".", "!", "?", ";", "\n", "\n\n", "\r\n", "...", "…", "!!", "??", "?!")
_CLAUSE_BREAK = re.compile(r",(?!\d{3})|(?<![\d\s])\s+-\s+(?![\d\s])|\b(?:but|while|whereas|although|though|who|which|that)\b",
                           re.I)
# Other languages: sentence punctuation and clause words by pattern.
_CLAUSE_END = re.compile(r"[;!?\n。；！？]|\.(?=\s|$)|,(?!\d{3})|，|(?<![\d\s])\s+-\s+(?![\d\s])|\b(?:but|while|whereas|although|though|who|which|that)\b",
                         re.I)
_SENTENCE_END = re.compile(r"[;!?\n。；！？]|\.(?=\s|$)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_ALPHA2DIGIT_LANG = {"en": "en"}


@dataclass(frozen=True)
class Context:
    negated: bool = False
    hedged: bool = False
    other_person: Optional[str] = None   # "spouse", "parent", "child", "other"
    plan: bool = False
    first_person: bool = False


@dataclass(frozen=True)
class Found:
    """A phrase found in the message."""
    start: int
    end: int
    phrase: str      # the lexicon phrase (lower case)
    value: Any       # what the lexicon maps it to

    def text(self, message: "Message") -> str:
        return message.text[self.start:self.end]


@lru_cache(maxsize=4096)
def _pattern(phrase: str, case_sensitive: bool) -> re.Pattern:
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    if has_han(phrase):     # Chinese text gets a space between Han and digits or Latin: 500強 -> 500 強
        body = re.sub(r"(?<=[A-Za-z0-9])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[A-Za-z0-9\\$])", r"\\s?", body)
    # Han text has no spaces between words: a Han phrase edge needs no word boundary
    left = r"(?<![\w$])" if phrase[:1].isalnum() and not phrase.startswith("n'") and not has_han(phrase[:1]) else ""
    right = r"(?![\w])" if (phrase[-1:].isalnum() or phrase[-1:] in ".'") and not has_han(phrase[-1:]) else ""
    return re.compile(left + body + right, 0 if case_sensitive else re.I)


class Message:
    def __init__(self, raw: str, *, lexicon: Lexicon, asked: Optional[str] = None,
                 known: Optional[Mapping[str, Any]] = None, as_of: Optional[_dt.date] = None):
        self.raw = raw
        self.lexicon = lexicon
        self.asked = asked
        self.known = dict(known or {})
        self.as_of = as_of or _dt.date.today()
        text = raw.translate(_APOSTROPHES)
        if lexicon.language in _ALPHA2DIGIT_LANG:
            text = _words_to_digits(text, _ALPHA2DIGIT_LANG[lexicon.language])
        if lexicon.language in CHINESE:
            text = _chinese_to_spaced_digits(text, lexicon.context["not_numbers"])
        self.text = text
        self.lower = text.lower()
        self._clauses = self._clause_bounds()
        self.correction = any(True for _ in self.find(lexicon.context["correction"])) or bool(
            self.not_x_but_y())

    # ---------------------------------------------------------------- phrase search
    def find(self, phrases: Iterable[str] | Mapping[str, Any], *, case_sensitive: bool = False,
             within: Optional[Tuple[int, int]] = None) -> Iterator[Found]:
        """Non-overlapping occurrences of the phrases, longest phrase first, in text order."""
        table = phrases if isinstance(phrases, Mapping) else {p: p for p in phrases}
        taken: List[Tuple[int, int]] = []
        hits: List[Found] = []
        lo, hi = within or (0, len(self.text))
        for phrase in sorted(table, key=len, reverse=True):
            for m in _pattern(phrase, case_sensitive).finditer(self.text, lo, hi):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                hits.append(Found(m.start(), m.end(), phrase.lower(), table[phrase]))
        return iter(sorted(hits, key=lambda f: f.start))

    def has(self, phrases: Iterable[str], within: Optional[Tuple[int, int]] = None) -> bool:
        return next(self.find(phrases, within=within), None) is not None

    # ---------------------------------------------------------------- clauses and context
    def _clause_bounds(self) -> List[Tuple[int, int]]:
        if self.lexicon.language != "en":
            return _split(self.text, _CLAUSE_END, 0, len(self.text))
        self._sentences = _english_sentences(self.text)
        return [clause for lo, hi in self._sentences for clause in _split(self.text, _CLAUSE_BREAK, lo, hi)]

    def clause(self, pos: int) -> Tuple[int, int]:
        for start, end in self._clauses:
            if start <= pos < end or (pos == end and start < end):
                return start, end
        return 0, len(self.text)

    def clause_and_apposition(self, pos: int) -> Tuple[int, int]:
        """The clause at `pos`, with the next one when it starts "both"/"all"/"each" and so says more
        about this one ("a BEng and an MSc, both in civil engineering")."""
        start, end = self.clause(pos)
        if re.match(r"[,;]?\s*(?:both|all|each)\b", self.lower[end:]):
            nxt = len(self.lower[end:]) - len(self.lower[end:].lstrip(",; "))
            end = self.clause(end + nxt)[1]
        return start, end

    def sentence(self, pos: int) -> Tuple[int, int]:
        """The sentence around `pos` (clauses joined up to . ! ? ; or a new line)."""
        if self.lexicon.language == "en":
            return next(((lo, hi) for lo, hi in self._sentences if lo <= pos <= hi), (0, len(self.text)))
        start = max([m.end() for m in _SENTENCE_END.finditer(self.text, 0, pos)] or [0])
        end = next((m.start() for m in _SENTENCE_END.finditer(self.text, pos)), len(self.text))
        return start, end

    def context(self, start: int, end: int) -> Context:
        """The context of the words at start:end (see the module docstring)."""
        cues = self.lexicon.context
        lo, _ = self.clause(start)
        _, hi = self.clause(max(end - 1, start))
        before = self.lower[lo:start]
        after = self.lower[end:hi]
        # negation and hedges reach back only to the last "and"/"or": "no degree and 5 years"
        near = re.split(r"\b(?:and|or|plus)\b|&", before)[-1]
        denial = near
        if has_han(near):     # 差唔多 (about) and 唔好意思 (sorry) hold 唔 but deny nothing
            for phrase in cues["hedge"] + cues["correction"]:
                denial = denial.replace(phrase, " " * len(phrase)) if has_han(phrase) else denial
        negated = any(_pattern(c, False).search(denial) for c in cues["negation"]) or any(
            _pattern(c, False).match(after.lstrip()) for c in cues["negation_after"])
        hedged = any(_pattern(c, False).search(near) for c in cues["hedge"]) or any(
            _pattern(c, False).match(after.lstrip()) or after.startswith(c) for c in cues["hedge_after"])
        # the subject nearest before the phrase: "my wife is 39 and I'm 41" - 41 is the person's
        other, other_at = None, -1
        for f in self.find(cues["other_people"], within=(lo, start)):
            other, other_at = f.value, f.end
        if other and re.search(r"\b(?:i|i'm|im|i've|i'd|me)\b|我(?![們们哋])", self.lower[other_at:start]):
            other = None
        if other is None and has_han(self.text[lo:end]):
            other = self._chinese_subject(lo, start)
        plan = any(_pattern(c, False).search(before) for c in cues["plan"]) or any(
            after.lstrip().startswith(c) for c in cues["plan_after"])
        first = any(_pattern(c, False).search(before) for c in cues["first_person"])
        return Context(negated=negated, hedged=hedged, other_person=other, plan=plan,
                       first_person=first and other is None)

    def _chinese_subject(self, clause_start: int, pos: int) -> Optional[str]:
        """Chinese drops a subject already said: in 「我老婆喺香港，係永久居民」 the second clause is
        still about the wife. A clause with no subject of its own before `pos` takes the last one
        said earlier in the sentence (another person, or 我)."""
        if re.search(r"我(?![們们哋])", self.text[clause_start:pos]):
            return None
        sentence_start, _ = self.sentence(clause_start)
        last, last_at = None, -1
        for f in self.find(self.lexicon.context["other_people"], within=(sentence_start, clause_start)):
            last, last_at = f.value, f.end
        for m in re.finditer(r"我(?![們们哋])", self.text[sentence_start:clause_start]):
            if sentence_start + m.start() >= last_at:
                last, last_at = None, sentence_start + m.end()
        return last

    def is_question(self, pos: int) -> bool:
        """The clause at `pos` asks something ("can you explain the talent list?"), states nothing."""
        start, end = self.clause(pos)
        ends_with_mark = self.text[end:end + 1] in ("?", "？") or self.text[start:end].rstrip().endswith("?")
        opener = self.lower[start:end].lstrip()
        # an opener asks only at the start of a sentence: ", which is on the list" is a relative clause
        first = not self.lower[self.sentence(pos)[0]:start].strip(" \t\n.,;:!-，。；：！、")
        ending = self.lower[start:end].rstrip(" ~.!。！")
        return ends_with_mark or (first and opener.startswith(tuple(self.lexicon.context["question_openers"]))) or (
            ending.endswith(tuple(self.lexicon.context["question_endings"])))

    def is_hypothetical(self, pos: int) -> bool:
        """A supposition or a question ("what if I earned HK$2.5M?", "is HK$1M enough?")."""
        start, _ = self.sentence(pos)
        opener = self.lower[start:].lstrip()
        return self.is_question(pos) or opener.startswith(tuple(self.lexicon.context["hypothetical_openers"]))

    def not_x_but_y(self) -> List[Tuple[str, str]]:
        """("British", "French") for "I'm British not French" / "not French but British"."""
        pairs = []
        for m in re.finditer(r"([\w$.']+)\s*,?\s+not\s+([\w$.']+)", self.text, re.I):
            pairs.append((m.group(1), m.group(2)))
        for m in re.finditer(r"\bnot\s+([\w$.']+)\s*,?\s+but\s+([\w$.']+)", self.text, re.I):
            pairs.append((m.group(2), m.group(1)))
        if has_han(self.text):
            pairs += _chinese_not_x_but_y(self.text)
        return [(right, wrong) for right, wrong in pairs
                if right.lower() not in _NOT_A_VALUE and wrong.lower() not in _NOT_A_VALUE]


@lru_cache(maxsize=1)
def _english_pipeline():
    """spaCy's blank English pipeline with a sentencizer; the lexicon's dotted abbreviations ("B.Sc.",
    "Ph.D.", "p.a.") are tokenizer exceptions, so their full stop ends no sentence."""
    import spacy
    from spacy.symbols import ORTH
    from .lexicon import lexicon
    nlp = spacy.blank("en")
    for phrase in _dotted_phrases(lexicon("en")):
        for form in {phrase, phrase.lower(), phrase.upper(), phrase.title(), phrase.capitalize()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer", config={"punct_chars": list(_SENTENCE_PUNCT)})
    return nlp


def _dotted_phrases(lex: Lexicon) -> List[str]:
    """Single-word lexicon entries that end with a full stop after another one: "b.sc.", "ph.d.", "u.s."."""
    words = [p for phrases in lex.degree["levels"].values() for p in phrases] + list(lex.degree["levels_cased"])
    words += list(lex.money["per_year"]) + list(lex.money["per_month"]) + list(lex.nationality["country_aliases"])
    words += list(lex.age["after_number"])
    return [w for w in words if " " not in w and w.endswith(".") and "." in w[:-1]]


def _english_sentences(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each sentence, end before its closing punctuation; contiguous, so the space after
    a full stop belongs to the next sentence."""
    bounds, start = [], 0
    for sent in _english_pipeline()(text).sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        last = words[-1]
        closed = last.text in _SENTENCE_PUNCT and len(words) > 1
        bounds.append((start, last.idx if closed else last.idx + len(last.text)))
        start = last.idx + len(last.text)
    return bounds or [(0, len(text))]


def _split(text: str, pattern: re.Pattern, lo: int, hi: int) -> List[Tuple[int, int]]:
    """The pieces of text[lo:hi] between matches of `pattern`; a word that starts a statement ("but")
    stays with the piece it starts."""
    bounds, start = [], lo
    for m in pattern.finditer(text, lo, hi):
        bounds.append((start, m.start()))
        start = m.end() if not m.group(0)[:1].isalpha() else m.start()
    bounds.append((start, hi))
    return bounds


# words around "not" that make it a plain negation ("I'm not sure", "do not have"), not "X not Y"
_NOT_A_VALUE = set("""i i'm im it's its is are am was were be been do does did have has had can could will would
should may might must just still really probably certainly definitely maybe but and or so that if yet
sure a an the any my your to in on at of for with from by as this that there here very too quite
why what who how when where married working living""".split())


# ---------------------------------------------------------------- Chinese text
# 「唔係X，係Y」「不是X，是Y」「是Y，不是X」: Y is right, X is wrong
_ZH_NOT_X = r"(?:唔係|不是|並不是|并不是|唔啱|不对|不對)"
_ZH_IS = r"(?:係|是|应该是|應該係|應該是)"
_ZH_WORD = r"\s*([^\s，,。；;：:！!？?]{1,12}?)\s*"


def _chinese_not_x_but_y(text: str) -> List[Tuple[str, str]]:
    pairs = []
    for m in re.finditer(_ZH_NOT_X + _ZH_WORD + r"[，,、]\s*(?:我|佢|而)?\s*" + _ZH_IS + _ZH_WORD + r"(?=[，,。；;！!？?]|$)", text):
        pairs.append((m.group(2), m.group(1)))
    for m in re.finditer(r"(?<![唔不])" + _ZH_IS + _ZH_WORD + r"[，,、]\s*" + _ZH_NOT_X + _ZH_WORD + r"(?=[，,。；;！!？?]|$)", text):
        pairs.append((m.group(1), m.group(2)))
    return [(right.strip(), wrong.strip()) for right, wrong in pairs if right.strip() and wrong.strip()]


_HALF = re.compile(r"(\d+)\s*(年|個月|个月|个半月)半")
_HAN_CHAR = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# two plain digits side by side are a range, not a number: 七八年 (seven or eight years); so is a
# number followed by 幾/多 (三十幾歲 is thirty-something, 十多年 ten-odd years): left unread
_RANGE = re.compile(r"^[一二兩两三四五六七八九]{2,3}$")
_SOME_MORE = re.compile(r"\s*[幾几多]")
# the numerals of cheques and contracts are other words in a chat (大陸, 參加, 隊伍): not numbers here
_FINANCIAL = re.compile(r"[壹貳贰參叁肆伍陸陆柒捌玖]")


def _chinese_to_spaced_digits(text: str, not_numbers: Iterable[str]) -> str:
    """Chinese numerals to digits (chinese_numbers: 卅五 -> 35, 萬五 -> 15000, 1.5M -> 1500000),
    half units (兩年半 -> 2.5年), then a space between Han and Latin letters or digits, so that
    the extractors' word boundaries hold in text written without spaces (我35歲 -> 我 35 歲)."""
    from .chinese_numbers import find_chinese_numbers
    protected = [(m.start(), m.end()) for word in not_numbers for m in re.finditer(re.escape(word), text)]
    out, last = [], 0
    for number in find_chinese_numbers(text):
        if any(s < number.end and number.start < e for s, e in protected) or _RANGE.match(number.text) \
                or _FINANCIAL.search(number.text) \
                or (_SOME_MORE.match(text, number.end) and not number.text.isdigit()) \
                or (text[number.start - 1:number.start] in ("幾", "几", "多") and number.text in "萬万千百億亿"):
            continue
        if number.text.isdigit() and not number.text.startswith("0"):
            continue
        value = number.value
        out.append(text[last:number.start])
        out.append(f"{value:g}" if isinstance(value, float) else str(value))
        last = number.end
    text = "".join(out) + text[last:]
    text = _HALF.sub(lambda m: f"{m.group(1)}.5{m.group(2)}", text)
    text = re.sub(r"(?<![\d.])半年", "0.5年", text)
    text = re.sub(rf"({_HAN_CHAR})(?=[A-Za-z0-9$])", r"\1 ", text)
    return re.sub(rf"([A-Za-z0-9$%])(?={_HAN_CHAR})", r"\1 ", text)


def _words_to_digits(text: str, language: str) -> str:
    """Number words to digits ("forty-one" -> "41") with text2num; small counts before a unit too
    ("six yrs", "two and a half years")."""
    text = re.sub(r"\ba\s+year\s+and\s+a\s+half\b", "1.5 years", text, flags=re.I)
    text = re.sub(r"\bhalf\s+a\s+year\b", "0.5 years", text, flags=re.I)
    text = re.sub(r"\bone\s+(year|month)\b", r"1 \1", text, flags=re.I)
    # a multiplier after typed digits stays a word ("2.5 million", not "2.5 1000000")
    text = re.sub(r"\bhalf\s+a\s+(million|billion)\b", r"0.5 \1", text, flags=re.I)
    text = re.sub(r"\b(?:a|one)\s+(million|billion)\b", r"1 \1", text, flags=re.I)
    protected = re.sub(r"(\d)(\s*)(thousand|million|billion)\b", lambda m: m.group(1) + m.group(2) + "Q" + m.group(3),
                       text, flags=re.I)
    converted = re.sub(r"Q(thousand|million|billion)\b", r"\1", alpha2digit(protected, language), flags=re.I)
    return re.sub(r"\b(one|two|three|four|five|six|seven|eight|nine|ten)\b(?=(?:\s+and\s+a\s+half)?[\s-]+"
                  r"(?:years?|yrs?|months?|mos?|mths?|lakhs?|crores?|million|k\b))",
                  lambda m: str(_SMALL[m.group(1).lower()]), converted, flags=re.I)


_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}

NUMBER = r"(?P<num>\d+(?:[.,]\d+)*)(?P<half>\s+and\s+a\s+half)?"


def to_number(text: str, half: Optional[str] = None) -> float | int:
    value = float(text.replace(",", "")) if text.count(",") and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) \
        else float(text.replace(",", "."))
    if half:
        value += 0.5
    return int(value) if value.is_integer() else value


def reading(message: Message, fact: str, value: Any, start: int, end: int, *, explicit: bool = False,
            interpretation: str = "", hedged: bool = False):
    """A Reading of `message.text[start:end]`, with its span in the message as given when known."""
    from .readings import Reading
    words = message.text[start:end]
    hypothetical = message.is_hypothetical(start)
    if message.text != message.raw:        # number words were turned into digits: find the words
        found = message.raw.find(words)
        start, end = (found, found + len(words)) if found >= 0 else (None, None)
    explicit = explicit or message.correction
    return Reading(fact, value, text=words, interpretation=interpretation, explicit=explicit,
                   start=start, end=end, hedged=hedged, hypothetical=hypothetical)
