"""The Chinese lexicon: zh-Hans.yaml is generated from zh-Hant.yaml, and both load into one lexicon
that also holds the English words (for mixed messages)."""
import subprocess
import sys
from pathlib import Path

from fact_extraction.lexicon import lexicon
from fact_extraction.understanding import reading_language

ROOT = Path(__file__).resolve().parents[2]


def test_simplified_lexicon_is_not_stale():
    sys.path.insert(0, str(ROOT / "scripts"))
    import convert_zh
    current = (ROOT / "fact_extraction" / "lexicon" / "zh-Hans.yaml").read_text(encoding="utf-8")
    assert current == convert_zh.convert_lexicon(), "run scripts/convert_zh.py"


def test_a_chinese_lexicon_reads_both_scripts_and_english():
    for language in ("zh-Hant", "zh-Hans"):
        lex = lexicon(language)
        levels = {p: level for level, phrases in lex.degree["levels"].items() for p in phrases}
        assert levels["碩士"] == levels["硕士"] == levels["master's"] == "master"
        assert lex.countries["德國"] == lex.countries["德国"] == lex.countries["germany"] == "DE"
        assert lex.demonyms["日本籍"] == lex.demonyms["日本人"] == "JP"
        assert lex.language_names["法文"] == lex.language_names["法语"] == "other"
        assert lex.currencies["人民幣"] == lex.currencies["人民币"] == "CNY"
        assert "中文" not in lex.language_names          # Cantonese or Putonghua: not guessed


def test_the_script_of_the_message_picks_the_phrasing_read():
    assert reading_language("我今年32歲", "en") == "zh-Hant"
    assert reading_language("我今年32岁", "en") == "zh-Hans"
    assert reading_language("I'm 32", "zh-Hant") == "en"
    assert reading_language("我有master degree", "zh-Hans") == "zh-Hans"
