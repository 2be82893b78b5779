"""The simulated people of benchmarks/conversation_eval.py are well-formed.

This checks the people files, not the assistant: every fact is a valid contract §2 value, every
scheme id exists, each person's expected schemes lie within their goal, and there are enough
people in each language. How well the assistant serves them is a benchmark figure, not a test.
"""
from collections import Counter

import pytest

from benchmarks.conversation_eval import FACT_NAMES, PEOPLE_DIR, Speaker, engine_facts, load_people, problems
from eligibility import SCHEME_IDS, validate_facts

PEOPLE = load_people(PEOPLE_DIR)


@pytest.mark.parametrize("person", PEOPLE, ids=[p.id for p in PEOPLE])
def test_person_is_well_formed(person):
    assert problems(person) == []


@pytest.mark.parametrize("person", PEOPLE, ids=[p.id for p in PEOPLE])
def test_profile_facts_pass_the_engine_validation(person):
    facts = engine_facts(person.profile)
    assert validate_facts(facts) == facts  # already in contract form (e.g. languages in contract order)
    assert set(person.expected_eligible) | set(person.also_eligible) <= set(SCHEME_IDS)


def test_enough_people_in_each_language():
    counts = Counter(p.language for p in PEOPLE)
    assert counts["en"] >= 40
    assert counts["zh-Hant"] + counts["zh-Hans"] >= 10
    assert counts["zh-Hant"] >= 5 and counts["zh-Hans"] >= 5


def test_people_cover_every_scheme_as_expected_somewhere():
    expected = {s for p in PEOPLE for s in p.expected_eligible}
    assert expected == set(SCHEME_IDS)


def test_people_include_permanent_residents_and_people_who_qualify_for_nothing():
    assert any(p.expect_no_visa_needed and p.profile["hk_permanent_resident"] for p in PEOPLE)
    assert any(not p.truly_eligible and not p.expect_no_visa_needed for p in PEOPLE)
    assert any(p.profile["criminal_record"] for p in PEOPLE)


@pytest.mark.parametrize("person", PEOPLE, ids=[p.id for p in PEOPLE])
def test_every_fact_of_the_profile_can_be_said(person):
    speaker = Speaker(person)
    for fact in sorted(FACT_NAMES):
        text = speaker.say(fact, person.profile[fact])
        assert isinstance(text, str) and text.strip(), fact
