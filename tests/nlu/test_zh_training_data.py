"""The Chinese training data covers every intent, in both scripts, and the Simplified file is current."""
from pathlib import Path

import yaml

from fact_extraction.language import detect_language
from scripts.convert_zh import SIMPLIFIED, TRADITIONAL, convert, is_cantonese, read_examples

ROOT = Path(__file__).resolve().parents[2]


def domain_intents():
    return set(yaml.safe_load((ROOT / "domain" / "conversation.yml").read_text(encoding="utf-8"))["intents"])


def test_every_intent_has_traditional_and_simplified_examples():
    traditional, simplified = read_examples(TRADITIONAL), read_examples(SIMPLIFIED)
    for intent in domain_intents():
        assert len(traditional.get(intent, [])) >= 10, f"{intent}: too few Traditional examples"
        assert len(simplified.get(intent, [])) >= 8, f"{intent}: too few Simplified examples"


def test_no_chinese_intent_outside_the_domain():
    assert set(read_examples(TRADITIONAL)) <= domain_intents()
    assert set(read_examples(SIMPLIFIED)) <= domain_intents()


def test_simplified_file_is_generated_from_the_traditional_one():
    assert SIMPLIFIED.read_text(encoding="utf-8") == convert(), "run scripts/convert_zh.py"


def test_simplified_examples_are_not_written_in_traditional_or_cantonese():
    for intent, examples in read_examples(SIMPLIFIED).items():
        for example in examples:
            assert detect_language(example, current="zh-Hans") in ("zh-Hans", "en"), (intent, example)
            assert not is_cantonese(example), (intent, example)
