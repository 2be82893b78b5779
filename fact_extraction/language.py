"""Which language a message is written in, and requests to change it.

Detection is by script, not by a statistical detector (langdetect labels short Chinese as Korean):

- a message whose words are mostly Han characters, or that uses a Chinese function word
  (我, 係, 唔, 的, 是 ...) around English terms ("我做 software engineer"), is Chinese;
- Traditional versus Simplified is decided character by character with an OpenCC round trip:
  a character that `t2s` changes is written only in Traditional, one that `s2hk` changes is
  written only in Simplified (the message is converted whole, so phrase tables keep the
  characters both scripts share, such as 准 in 獲准). Characters common to both scripts (你好, 是, 有) decide nothing,
  and such a message keeps the conversation's current Chinese script (Traditional by default:
  it is Hong Kong's written standard). Cantonese particles (係, 冇, 唔, 嘅, 喺 ...) are Hong Kong
  writing and count as Traditional;
- no Han characters but Latin letters: English. Digits, emoji, punctuation only: None (keep
  the current language).

No Rasa imports: the conversation keeps the result in its `language` slot.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import opencc

ENGLISH, TRADITIONAL, SIMPLIFIED = "en", "zh-Hant", "zh-Hans"
LANGUAGES = (ENGLISH, TRADITIONAL, SIMPLIFIED)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# Words that make a sentence Chinese even when most of its content words are English
# ("我做 software engineer", "佢係 HSBC 嘅 manager").
_CHINESE_FUNCTION_CHARS = set("我你佢他她係是唔不嘅的咗了喺在想有冇沒没可以點怎嗎吗呢啦嘛咩")
# Cantonese written forms: Hong Kong usage, so Traditional even when no character differs.
_CANTONESE_CHARS = set("係冇唔嘅喺咗佢哋嘢咩啲乜嚟睇揾搵嗰噉咁")


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def script_counts(text: str) -> tuple[int, int]:
    """(characters only written in Traditional, characters only written in Simplified).

    The text is converted whole, so OpenCC's phrase tables keep characters that both scripts
    write in that word (獲准 and 批准 stay; 準備 is Traditional, 准备 Simplified)."""
    han = "".join(_HAN.findall(text))
    as_simplified = _converter("t2s").convert(han)
    as_traditional = _converter("s2hk").convert(han)
    if not (len(as_simplified) == len(as_traditional) == len(han)):
        as_simplified = "".join(_converter("t2s").convert(c) for c in han)
        as_traditional = "".join(_converter("s2hk").convert(c) for c in han)
    traditional = simplified = 0
    for char, simplified_char, traditional_char in zip(han, as_simplified, as_traditional):
        if simplified_char != char or char in _CANTONESE_CHARS:
            traditional += 1
        elif traditional_char != char:
            simplified += 1
    return traditional, simplified


def is_chinese(text: str) -> bool:
    """A message is Chinese when Han characters carry it: more Han characters than Latin
    words, or a Chinese function word among them. A Chinese name or a scheme's Chinese
    name inside an English sentence leaves it English."""
    han = _HAN.findall(text)
    if not han:
        return False
    latin_words = len(_LATIN_WORD.findall(text))
    return len(han) > latin_words or any(c in _CHINESE_FUNCTION_CHARS for c in han)


def chinese_script(text: str, current: Optional[str] = None) -> str:
    """zh-Hant or zh-Hans for a Chinese message; when its characters are common to both
    scripts, the current Chinese script, else Traditional."""
    traditional, simplified = script_counts(text)
    if traditional > simplified:
        return TRADITIONAL
    if simplified > traditional:
        return SIMPLIFIED
    return current if current in (TRADITIONAL, SIMPLIFIED) else TRADITIONAL


def detect_language(text: str, current: Optional[str] = None) -> Optional[str]:
    """"en", "zh-Hant", "zh-Hans", or None when the text has no letters to judge by (a number,
    an emoji) or is in a script the assistant does not write (Japanese kana, Korean)."""
    if not text or not text.strip():
        return None
    if is_chinese(text):
        if _KANA_HANGUL.search(text):
            return None
        return chinese_script(text, current)
    if _KANA_HANGUL.search(text):
        return None
    if _LATIN_WORD.search(text):
        return ENGLISH
    return None


# --- requests to change the language -------------------------------------------------------

_ENGLISH_NAMES = r"(?:english|eng|英文|英語|英语)"
_CHINESE_NAMES = r"(?:chinese|中文|華語|华语|漢語|汉语|廣東話|广东话|粵語|粤语|國語|国语|普通話|普通话)"
_TRADITIONAL_NAMES = (r"(?:traditional(?:\s+chinese)?|繁體(?:中文|字)?|繁体(?:中文|字)?|正體(?:中文|字)?"
                      r"|正体(?:中文|字)?|廣東話|广东话|粵語|粤语)")
_SIMPLIFIED_NAMES = r"(?:simplified(?:\s+chinese)?|簡體(?:中文|字)?|简体(?:中文|字)?|普通話|普通话)"

# A request names the language after a verb of speaking or writing ("reply in", 用, 講 ...) or
# stands alone as the whole message ("English please", 「中文」). A statement about languages
# spoken ("I speak English", 「我識講英文」) is not a request.
_EN_REQUEST_VERBS = (r"(?:(?:reply|respond|answer|write|talk|speak|continue|chat|type|text)\s+(?:to\s+me\s+)?in"
                     r"|(?:switch|change|go)\s+(?:back\s+)?(?:the\s+language\s+)?(?:to|into)|use"
                     r"|(?:can|could|do|would)\s+you\s+(?:please\s+)?(?:speak|use|understand|write|read)"
                     r"|in)")
_ZH_REQUEST_VERBS = r"(?:用|講|讲|說|说|轉|转|換|换|改用|改為|改为|轉用|转用|切換到|切换到|切換成|切换成|回覆|回复|回答|答|寫|写|打)"
_POLITE = (r"(?:please|pls|plz|thanks|thank\s+you|唔該|唔该|請|请|麻煩|麻烦|可以嗎|可以吗|好嗎|好吗|得唔得"
           r"|吖|啦|呀|嗎|吗|la|lah|ah)")
_FILLER = r"[\s,，.。!！?？~～]*"


def _standalone(names: str) -> re.Pattern:
    return re.compile(rf"^{_FILLER}(?:{_POLITE}{_FILLER})*(?:in\s+)?{names}(?:{_FILLER}(?:{_POLITE}|only|只得|就得))*{_FILLER}$",
                      re.IGNORECASE)


def _requested(names: str) -> re.Pattern:
    return re.compile(rf"(?:\b{_EN_REQUEST_VERBS}\s+{names}\b|^\s*speak\s+{names}\b"
                      rf"|{_ZH_REQUEST_VERBS}\s*(?:返|番|回)?\s*{names}"
                      rf"|\b{names}\s*[,，]?\s*(?:please|pls|plz|唔該|唔该|thanks)\b)",
                      re.IGNORECASE)


_SWITCHES = [
    # Most specific first: a named script beats "Chinese" in general.
    (SIMPLIFIED, _standalone(_SIMPLIFIED_NAMES), _requested(_SIMPLIFIED_NAMES)),
    (TRADITIONAL, _standalone(_TRADITIONAL_NAMES), _requested(_TRADITIONAL_NAMES)),
    ("zh", _standalone(_CHINESE_NAMES), _requested(_CHINESE_NAMES)),
    (ENGLISH, _standalone(_ENGLISH_NAMES), _requested(_ENGLISH_NAMES)),
]


_NEGATION_BEFORE = re.compile(r"(?:唔好|不要|唔使|不用|別|别|唔識|唔识|不會|不会|don'?t|do\s+not|not|never|can'?t|cannot)\s*$",
                              re.IGNORECASE)


# 「我識講英文」, 「我会说普通话」: a statement of what the person speaks, not a request.
_ABILITY_BEFORE = re.compile(r"(?:識|识|會|会|能|曉|晓)$")


def _negated(text: str, start: int) -> bool:
    """「唔好用英文」, "don't reply in English", 「我識講英文」: not a request."""
    before = text[max(0, start - 8):start]
    return bool(_NEGATION_BEFORE.search(before) or _ABILITY_BEFORE.search(before))


def language_switch(text: str, current: Optional[str] = None,
                    asked: Optional[str] = None) -> Optional[str]:
    """The language the person asks the assistant to use, or None when the message asks for
    none. In answer to the languages or nationality question (`asked`) a language named alone
    ("English", 「普通話」) is the answer, not a request; only an explicit request counts. "Chinese" in general is written in the script of the request itself
    (「请用中文」 -> zh-Hans), else the current Chinese script, else Traditional.

    >>> language_switch("我唔識英文好好，可唔可以用中文？")
    'zh-Hant'
    >>> language_switch("I speak English and French") is None
    True
    """
    if not text:
        return None
    for language, standalone, requested in _SWITCHES:
        # a language's name alone answers the languages or nationality question ("Chinese")
        alone = standalone.search(text) and asked not in ("languages", "nationality")
        if alone or any(not _negated(text, m.start()) for m in requested.finditer(text)):
            if language == "zh":
                if _HAN.search(text):
                    return chinese_script(text, current)
                return current if current in (TRADITIONAL, SIMPLIFIED) else TRADITIONAL
            return language
    return None
