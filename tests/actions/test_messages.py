"""Lint of the reply texts: every text the actions write, every response and every question exists
in English, Traditional and Simplified Chinese, in the right script, with the same placeholders."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions import messages
from eligibility import load_rules
from fact_extraction.language import script_counts

ROOT = Path(__file__).resolve().parents[2]
CHINESE = ("zh-Hant", "zh-Hans")
ENTRIES = messages.catalogue()["messages"]


def keys_used_in_actions():
    """Catalogue keys named in the actions' code: text("key", ...), and the f-string families."""
    used = set()
    for path in (ROOT / "actions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'messages\.text\(\s*"(\w+)"', source))
        used |= set(re.findall(r'ask_which\(dispatcher, "(\w+)"', source))
        for line in re.findall(r"what, heading = .*", source):
            used |= set(re.findall(r'"((?:what|heading)_\w+)"', line))
    used |= {f"status_{s}" for s in ("eligible", "not_eligible", "undecided")}
    used |= {f"topic_{t}" for t in messages.catalogue()["pages"]}
    used |= {f"card_{k}" for k in ("stay", "fees", "official_page")}
    return used


def test_every_key_the_actions_use_is_in_the_catalogue():
    missing = sorted(keys_used_in_actions() - set(ENTRIES))
    assert not missing, f"not in actions/messages.yaml: {missing}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_is_in_every_language_with_the_same_placeholders(key):
    entry = ENTRIES[key]
    assert entry.get("en"), f"{key}: no English text"
    assert entry.get("zh-Hant"), f"{key}: no Traditional Chinese text"
    english = messages.placeholders(entry["en"])
    for language in CHINESE:
        chinese = messages._pick(entry, language)
        assert chinese, f"{key}: no {language} text"
        assert messages.placeholders(chinese) <= english, f"{key} ({language}) uses a placeholder English doesn't"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_chinese_entries_are_in_their_own_script(key):
    traditional, simplified = (messages._pick(ENTRIES[key], language) for language in CHINESE)
    assert script_counts(traditional)[1] == 0, f"{key}: Simplified characters in the Traditional text"
    assert script_counts(simplified)[0] == 0, f"{key}: Traditional characters in the Simplified text: {simplified}"


def test_out_of_scope_pages_are_immds_chinese_twins():
    for topic, page in messages.catalogue()["pages"].items():
        assert "/eng/" in page["en"], topic
        assert page["zh-Hant"] == page["en"].replace("/eng/", "/hkt/"), topic
        assert page["zh-Hans"] == page["en"].replace("/eng/", "/hks/"), topic


def test_every_route_of_the_rule_base_has_a_chinese_label():
    routes = messages.catalogue()["routes"]
    for scheme_id, scheme in load_rules().schemes.items():
        for route in scheme.routes:
            assert routes.get(f"{scheme_id}.{route}", {}).get("zh-Hant"), f"no Chinese label for {scheme_id} {route}"


def load_domain(name):
    return yaml.safe_load((ROOT / "domain" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", ["conversation.yml", "facts.yml"])
def test_every_response_has_both_chinese_variations_and_an_english_default(file):
    for name, variations in load_domain(file)["responses"].items():
        assert "condition" not in variations[0], f"{name}: the English default must come first"
        by_language = {v["condition"][0]["value"]: v for v in variations if v.get("condition")}
        assert set(by_language) == set(CHINESE), f"{name}: Chinese variations {sorted(by_language)}"
        for language, variation in by_language.items():
            assert variation["condition"] == [{"type": "slot", "name": "language", "value": language}]
            counts = script_counts(variation["text"])
            assert counts[1 if language == "zh-Hant" else 0] == 0, f"{name} ({language}) in the wrong script"
            assert [b["payload"] for b in variation.get("buttons", [])] == \
                [b["payload"] for b in variations[0].get("buttons", [])], f"{name}: other buttons in {language}"
            assert all(re.search(r"[\u4e00-\u9fff]", b["title"]) for b in variation.get("buttons", [])), \
                f"{name}: an English button title in {language}"


def test_the_language_slot_is_the_contract_extension():
    slot = load_domain("conversation.yml")["slots"]["language"]
    assert slot["values"] == ["en", "zh-Hant", "zh-Hans"]
    assert slot["influence_conversation"] is False and slot["mappings"] == [{"type": "custom"}]


@pytest.mark.parametrize("language, amount, shown", [
    ("en", 3_000_000, "HK$3,000,000"),
    ("zh-Hant", 3_000_000, "HK$300萬"),
    ("zh-Hans", 3_000_000, "HK$300万"),
    ("zh-Hant", 2_500_000, "HK$250萬"),
    ("zh-Hant", 960_000, "HK$96萬"),
    ("zh-Hant", 1_234_567, "HK$1,234,567"),
    ("zh-Hant", 9_000, "HK$9,000"),
    ("zh-Hant", 300_000_000, "HK$3億"),
])
def test_money_is_shown_in_hk_dollars_with_wan_where_natural(language, amount, shown):
    assert messages.hkd(amount, language) == shown


# -- the glossary and "why do you ask?" -----------------------------------------------------------

from actions import glossary  # noqa: E402
from eligibility import FACTS  # noqa: E402


@pytest.mark.parametrize("term", sorted(glossary.TERMS))
def test_every_glossary_term_is_explained_in_both_chinese_scripts(term):
    traditional, simplified = (glossary.explain(term, language) for language in CHINESE)
    assert traditional != glossary.TERMS[term], f"{term}: no Traditional Chinese explanation"
    assert script_counts(traditional)[1] == 0, f"{term}: Simplified characters in the Traditional text"
    assert script_counts(simplified)[0] == 0, f"{term}: Traditional characters in the Simplified text"
    assert glossary.explain(term, "en") == glossary.TERMS[term]


@pytest.mark.parametrize("question, term", [
    ("人才清單是什麼？", "talent_list"), ("甚麼是綜合名單？", "aggregate_list"),
    ("應評稅入息是指什麼", "assessable_income"), ("人才清单是什么？", "talent_list"),
    ("什么是综合名单", "aggregate_list"), ("資產淨值點計？", "net_assets"),
    ("What is the talent list?", "talent_list"), ("我今年35歲", None)])
def test_a_chinese_question_names_its_term(question, term):
    assert glossary.find_term(question) == term
    if term:
        assert glossary.explain(term, "zh-Hant").startswith(("人才清單", "合資格大學綜合名單", "應評稅入息", "新資本投資者"))


def test_the_reason_for_asking_is_in_the_conversations_language():
    assert messages.fact_why("age", "en") == FACTS["age"].why
    assert messages.fact_why("age", "zh-Hant").startswith("多個計劃設有年齡限制")
    assert messages.fact_why("age", "zh-Hans").startswith("多个计划设有年龄限制")
    assert all(messages.fact_why(fact, "zh-Hant") != FACTS[fact].why for fact in FACTS)
