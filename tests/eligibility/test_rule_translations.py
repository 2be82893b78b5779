"""The rule base in Chinese: every text a person can read has a translation in both scripts, each
translation keeps the English's placeholders, schemes and links, and an answer in Chinese reads as
Chinese from its first line to its last (eligibility/translation.py)."""
import datetime as dt
import re

import pytest
import yaml

from eligibility import SCHEME_IDS, assess, explain_scheme, load_rules
from eligibility.engine import _scheme_names
from eligibility.translation import (RULES_DIR, SIMPLIFIED, TRADITIONAL, english_left, texts_to_translate,
                                     translation_problems)
from fact_extraction.language import script_counts
from scripts.convert_zh import OUTPUTS, RULES_SIMPLIFIED

AS_OF = "2026-12-01"


def entries(language, with_file=False):
    found = {}
    for path in sorted((RULES_DIR / language).rglob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            assert entry["en"] not in found, f"{path.name}: translated twice: {entry['en'][:80]}"
            found[entry["en"]] = (entry.get(language), path) if with_file else entry.get(language)
    return found


@pytest.fixture(scope="module")
def needed():
    return texts_to_translate(load_rules())


@pytest.mark.parametrize("language", [TRADITIONAL, SIMPLIFIED])
def test_every_text_has_a_translation_and_none_is_unused(needed, language):
    catalogue = entries(language)
    missing = [text for text in needed if not catalogue.get(text)]
    assert not missing, f"{len(missing)} texts without a {language} translation " \
                        f"(scripts/rule_translations.py --add), e.g. {missing[:3]}"
    unused = [text for text in catalogue if text not in needed]
    assert not unused, f"{language} translations of texts the rules no longer have: {unused[:3]}"


@pytest.mark.parametrize("language", [TRADITIONAL, SIMPLIFIED])
def test_each_translation_keeps_placeholders_and_links_and_is_in_its_own_script(language):
    problems = [f"{english[:60]!r}: {problem}" for english, chinese in entries(language).items()
                for problem in translation_problems(english, chinese, language)]
    assert not problems, "\n".join(problems[:20])


def test_a_translation_names_the_same_schemes_as_the_english():
    """Cross-references ("they use IANG") become the answer's `see_also` links in every language."""
    rules = load_rules()
    english_pattern, english_ids = _scheme_names(rules)
    for language in (TRADITIONAL, SIMPLIFIED):
        pattern, ids = _scheme_names(rules, language)
        for english, (chinese, path) in entries(language, with_file=True).items():
            own = {path.stem}   # a scheme's own name is never a cross-reference (see_also skips it)
            named_en = {english_ids[n] for n in english_pattern.findall(english)} - own
            named_zh = {ids[n] for n in pattern.findall(chinese or "")} - own
            assert named_en == named_zh, f"{language}: {english[:70]!r} names {named_en}, the translation {named_zh}"


def test_the_simplified_catalogue_is_generated_from_the_traditional_one():
    for path, make in OUTPUTS:
        if RULES_SIMPLIFIED in path.parents:
            assert path.exists() and path.read_text(encoding="utf-8") == make(), \
                f"{path.relative_to(RULES_DIR)} is stale: run scripts/convert_zh.py"
    sources = {p.relative_to(RULES_DIR / TRADITIONAL) for p in (RULES_DIR / TRADITIONAL).rglob("*.yaml")}
    made = {p.relative_to(RULES_SIMPLIFIED) for p in RULES_SIMPLIFIED.rglob("*.yaml")}
    assert made == sources, "a Simplified file without its Traditional source: delete it"


# -- whole answers -------------------------------------------------------------------------------

PEOPLE = {
    "ttps_a_british_earner": {"age": 45, "highest_degree": "master", "annual_income_hkd": 3_000_000,
                              "nationality": "GB", "residence": "overseas", "criminal_record": False},
    "mainland_graduate_with_offer": {"age": 27, "highest_degree": "bachelor", "nationality": "CN",
                                     "residence": "mainland", "hk_job_offer": True,
                                     "job_offer_salary_hkd": 400_000, "bachelor_listed_university": True,
                                     "years_since_bachelor": 3, "work_experience_years": 3,
                                     "recent_work_experience_years": 3},
    "hong_kong_graduate": {"age": 24, "hk_graduate": True, "months_since_hk_graduation": 2,
                           "highest_degree": "master", "nationality": "IN", "residence": "hong_kong",
                           "hk_bachelor_graduate": False},
    "permanent_resident": {"hk_permanent_resident": True},
    "canadian_working_holiday": {"age": 25, "nationality": "CA", "residence": "overseas",
                                 "highest_degree": "bachelor"},
    "nobody_known": {},
    "near_miss_income": {"age": 40, "annual_income_hkd": 2_400_000, "nationality": "AU",
                         "residence": "overseas", "highest_degree": "none"},
    "domestic_helper": {"current_visa": "domestic_helper", "nationality": "PH"},
}


def answer_texts(answer):
    texts = list(answer["notes"])
    if answer["no_visa_needed"]:
        texts.append(answer["no_visa_needed"]["reason"])
    for scheme in answer["schemes"]:
        texts += [scheme["name"], *(scheme["route_label"] and [scheme["route_label"]] or [])]
        texts += scheme["reasons"] + scheme["assumptions"] + scheme["next_steps"]
        if scheme["near_miss"]:
            texts.append(scheme["near_miss"]["message"])
        texts += [s["name"] for s in scheme["see_also"]]
    return texts


def reads_as(text, language):
    """What makes a text not read as `language`: English words left, the other script, a
    placeholder not filled."""
    wrong = script_counts(text)[1 if language == TRADITIONAL else 0]
    problems = english_left(text) + ["other script"] * bool(wrong)
    problems += re.findall(r"\{[a-z_.]+\}", text)
    return problems


@pytest.mark.parametrize("language", [TRADITIONAL, SIMPLIFIED])
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_an_answer_in_chinese_reads_as_chinese_throughout(person, language):
    answer = assess(PEOPLE[person], AS_OF, today=AS_OF, language=language)
    bad = {text: problems for text in answer_texts(answer) if (problems := reads_as(text, language))}
    assert not bad, bad
    english = assess(PEOPLE[person], AS_OF)
    # the same decisions: only the words change
    assert [(s["id"], s["status"], s["route"], s["missing"]) for s in answer["schemes"]] == \
           [(s["id"], s["status"], s["route"], s["missing"]) for s in english["schemes"]]
    assert [s["see_also"] and [x["id"] for x in s["see_also"]] for s in answer["schemes"]] == \
           [s["see_also"] and [x["id"] for x in s["see_also"]] for s in english["schemes"]]


def test_money_and_years_read_the_hong_kong_way():
    answer = assess(PEOPLE["ttps_a_british_earner"], AS_OF, language=TRADITIONAL)
    ttps = next(s for s in answer["schemes"] if s["id"] == "ttps")
    assert ttps["status"] == "eligible" and ttps["route_label"] == "A類"
    assert any("HK$300萬" in r and "HK$250萬" in r for r in ttps["reasons"]), ttps["reasons"]
    near = next(s for s in assess(PEOPLE["near_miss_income"], AS_OF, language=SIMPLIFIED)["schemes"]
                if s["id"] == "ttps")["near_miss"]
    assert near and "HK$10万" in near["message"] and "HK$250万" in near["message"], near


@pytest.mark.parametrize("language, section", [(TRADITIONAL, "/hkt/"), (SIMPLIFIED, "/hks/")])
def test_official_pages_are_immds_chinese_ones(language, section):
    answer = assess(PEOPLE["mainland_graduate_with_offer"], AS_OF, language=language)
    for scheme in answer["schemes"]:
        assert section in scheme["url"], scheme["url"]
        for step in scheme["next_steps"]:
            assert "immd.gov.hk/eng/" not in step, step


@pytest.mark.parametrize("language", [TRADITIONAL, SIMPLIFIED])
@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
@pytest.mark.parametrize("as_of", ["2015-05-04", "2022-12-27", "2022-12-28", AS_OF])
def test_every_scheme_explained_in_chinese_on_every_date(scheme_id, language, as_of):
    info = explain_scheme(scheme_id, as_of, language=language)
    texts = [info["name"], info["summary"], *(info["stay"] and [info["stay"]] or []),
             *(info["fees"] and [info["fees"]] or []), *info["documents"], *info["next_steps"],
             *(c["text"] for c in info["criteria"])]
    bad = {text: problems for text in texts if text and (problems := reads_as(text, language))}
    assert not bad, bad


def test_a_future_date_is_said_in_chinese():
    day = (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=400)).isoformat()
    answer = assess({}, day, today=AS_OF, language=TRADITIONAL)
    assert answer["notes"][0].startswith(f"{day[:4]}年"), answer["notes"][0]
    assert not reads_as(answer["notes"][0], TRADITIONAL)


def test_english_stays_the_default_and_unknown_languages_are_refused():
    assert assess({}, AS_OF)["schemes"][0]["name"] == assess({}, AS_OF, language="en")["schemes"][0]["name"]
    with pytest.raises(ValueError, match="unknown language"):
        assess({}, AS_OF, language="fr")
