"""Every fact and scheme has its Traditional and Simplified Chinese texts; a missing one fails."""
import re
from pathlib import Path

import pytest
import yaml

from fact_extraction.language import script_counts
from scripts.convert_zh import convert_i18n

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "eligibility" / "i18n"
LANGUAGES = {"zh-Hant": "hkt", "zh-Hans": "hks"}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


FACTS = load(ROOT / "eligibility" / "facts.yaml")
SCHEMES = {s["id"]: s for s in (load(p) for p in sorted((ROOT / "eligibility" / "rules" / "schemes").glob("*.yaml")))}


def texts(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, str):
        yield node


@pytest.fixture(params=sorted(LANGUAGES))
def language(request):
    return request.param


@pytest.fixture
def i18n(language):
    data = load(I18N / f"{language}.yaml")
    assert data["language"] == language
    return data


def test_every_fact_has_a_label_and_a_question(i18n):
    missing = [fact for fact in FACTS
               if not i18n["facts"].get(fact, {}).get("label") or not i18n["facts"].get(fact, {}).get("question")]
    assert not missing, f"no Chinese label or question for {missing}"
    assert set(i18n["facts"]) <= set(FACTS), "a translated fact that facts.yaml does not have"


def test_every_fact_has_a_chinese_reason_for_asking(i18n):
    """"Why do you ask?" in a Chinese conversation answers with the fact's Chinese `why`."""
    missing = [fact for fact in FACTS if not i18n["facts"].get(fact, {}).get("why")]
    assert not missing, f"no Chinese 'why' for {missing}"
    english = [fact for fact in FACTS if re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", i18n["facts"][fact]["why"])]
    assert not english, f"a 'why' left in English for {english}"


def test_every_allowed_value_has_a_name(i18n):
    for fact, spec in FACTS.items():
        if spec.get("type") in ("enum", "list"):
            missing = set(spec["values"]) - set(i18n["values"].get(fact, {}))
            assert not missing, f"{fact}: no Chinese name for {missing}"


def test_every_scheme_has_a_name_and_immds_chinese_page(i18n, language):
    for scheme_id, scheme in SCHEMES.items():
        translated = i18n["schemes"].get(scheme_id)
        assert translated and translated.get("name") and translated.get("short_name"), f"no Chinese name for {scheme_id}"
        # the same ImmD page as the English link, in the language's own section
        assert translated["url"] == scheme["url"].replace("/eng/", f"/{LANGUAGES[language]}/"), scheme_id
    assert set(i18n["schemes"]) <= set(SCHEMES)


def test_not_legal_advice_line_and_buttons(i18n):
    assert "法律意見" in i18n["not_legal_advice"] or "法律意见" in i18n["not_legal_advice"]
    assert set(i18n["buttons"]) >= {"yes", "no", "dont_know"}


def test_each_file_is_written_in_its_own_script():
    for language, wrong in (("zh-Hant", 1), ("zh-Hans", 0)):
        for text in texts(load(I18N / f"{language}.yaml")):
            assert script_counts(text)[wrong] == 0, f"{language}: {text}"


def test_simplified_file_is_generated_from_the_traditional_one():
    assert (I18N / "zh-Hans.yaml").read_text(encoding="utf-8") == convert_i18n(), "run scripts/convert_zh.py"
