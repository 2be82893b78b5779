"""Is every text the assistant sent written entirely in the conversation's own script?

Shared by the REST conversations (tests/e2e), the widget in Chromium (tests/widget) and the Slack and
Teams channels (tests/channels). A Chinese conversation fails the check when a text the person sees -
a message, a button title, a card's heading, reason, stay, fees, label or link text - has

* an English word left in it. Not English: links and e-mail addresses, HK$ amounts, digits, words
  written in capitals (scheme and document acronyms: TTPS, QMAS, IANG, STEM, ID, and category
  letters such as A in A類), and the few mixed-case terms Chinese writes as they are (`PhD`);
* a Han character of the other Chinese script: a Simplified-only character in Traditional text or a
  Traditional-only one in Simplified text, as `fact_extraction.language.script_counts` counts them
  (an OpenCC round trip). Characters both scripts write in that word pass: 准 in 獲准 is confirmed
  against the whole text converted to Traditional, since `s2hk` alone turns it into 準.

    from tests.e2e.script_check import assert_own_script
    assert_own_script(["你看來符合 1 個計劃：", "下一步"], "zh-Hant")
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, List

import opencc

from fact_extraction.language import SIMPLIFIED, TRADITIONAL, script_counts

# Mixed-case terms Chinese texts write in Latin letters as they are.
LATIN_TERMS_KEPT = frozenset({"PhD"})

_NOT_WORDS = [
    re.compile(r"(?:https?://|mailto:|www\.)[^\s|>)\]）」”]+"),  # links (Slack <url|label>, markdown [label](url))
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),                # e-mail addresses
    re.compile(r"HK\$\s?[\d,.]+"),                                # HK$3,000,000, HK$300萬
    re.compile(r"&(?:amp|lt|gt|quot|#\d+);"),                     # HTML / Slack escapes
]
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def english_words(text: str) -> List[str]:
    """The English words left in a Chinese text (see the module's docstring for what is not one)."""
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    return [word for word in _LATIN_WORD.findall(text)
            if word not in LATIN_TERMS_KEPT and not word.isupper()]


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def other_script_characters(text: str, language: str) -> str:
    """The Han characters of `text` written only in the script that is not `language`'s (empty
    when there are none), as `script_counts` counts them.

    In Traditional text a character `script_counts` takes for Simplified is confirmed against the
    whole text written in Traditional (`t2s` then `s2hk`): phrase tables keep 准 in 獲准, which
    `s2hk` alone changes when the rest of the word is already Traditional."""
    traditional, simplified = script_counts(text)
    if language == SIMPLIFIED:
        return "".join(dict.fromkeys(c for c in _HAN.findall(text) if script_counts(c)[0])) if traditional else ""
    if not simplified:
        return ""
    as_traditional = _converter("s2hk").convert(_converter("t2s").convert(text))
    if len(as_traditional) != len(text):
        return "".join(dict.fromkeys(c for c in _HAN.findall(text) if script_counts(c)[1]))
    return "".join(dict.fromkeys(
        c for c, written in zip(text, as_traditional)
        if _HAN.match(c) and c != written and _converter("t2s").convert(c) == c))


def script_problems(text: str, language: str) -> List[str]:
    """What is wrong with one text in a conversation held in `language` (zh-Hant or zh-Hans)."""
    if language not in (TRADITIONAL, SIMPLIFIED):
        raise ValueError(f"not a Chinese script: {language!r}")
    problems = []
    words = english_words(text)
    if words:
        problems.append("English " + ", ".join(repr(w) for w in dict.fromkeys(words)))
    other = other_script_characters(text, language)
    if other:
        script = "Simplified" if language == TRADITIONAL else "Traditional"
        problems.append(f"{script} {other}")
    return problems


def offending_texts(texts: Iterable[str], language: str) -> List[str]:
    """One line per text that is not entirely in `language`'s script: the problems, then the text."""
    lines = []
    for text in dict.fromkeys(t for t in texts if t):
        problems = script_problems(text, language)
        if problems:
            lines.append(f"[{'; '.join(problems)}] {text!r}")
    return lines


def assert_own_script(texts: Iterable[str], language: str, where: str = "") -> None:
    """Fail, quoting every offending text, unless all `texts` are in `language`'s script."""
    texts = list(texts)
    assert texts, f"no texts to check{(' in ' + where) if where else ''}"
    lines = offending_texts(texts, language)
    assert not lines, (f"{len(lines)} text(s) not entirely in {language}{(' in ' + where) if where else ''}:\n"
                       + "\n".join(lines))
