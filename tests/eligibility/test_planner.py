"""The planner heads for the goal schemes: properties over generated people (hypothesis), and the
situations that motivated it (a fresh HKU graduate, a permanent resident's daughter)."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility import FACTS, SCHEME_IDS, assess
from eligibility.planner import (engine_order, goals_in_text, load_goals, next_question,
                                 questions_needed, sample_values)

AS_OF = "2026-11-26"
ASKABLE = [name for name, spec in FACTS.items() if spec.assume is None]
GOAL_SETS = [None] + [list(g.schemes) for g in load_goals()[0].values()] + [[s] for s in SCHEME_IDS]
PERSON = st.fixed_dictionaries(
    {name: st.one_of(st.none(), st.sampled_from(sample_values(FACTS[name]))) for name in ASKABLE})
GOALS = st.sampled_from(GOAL_SETS)
RELAXED = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(person=PERSON, goals=GOALS, check_all=st.booleans())
def test_questions_always_end_and_never_repeat(person, goals, check_all):
    asked = questions_needed(person, AS_OF, goals, stop_at_first_eligible=not check_all)
    assert len(asked) == len(set(asked)) <= len(ASKABLE)


@RELAXED
@given(person=PERSON, goals=GOALS)
def test_every_question_can_still_change_a_goal_scheme(person, goals):
    scope = set(goals or SCHEME_IDS)
    facts, unknown = {}, []
    while True:
        answer = assess(facts, AS_OF)
        question = next_question(facts, AS_OF, goals=goals, unknown=unknown, answer=answer)
        if question is None:
            break
        open_for = [s["id"] for s in answer["schemes"]
                    if s["status"] == "undecided" and question in s["missing"]]
        assert set(open_for) & scope, f"{question} matters only for {open_for}, not the goal {sorted(scope)}"
        # Some answer to it changes a goal scheme's result, or it is on the way to one.
        if person[question] is None:
            unknown.append(question)
        else:
            facts[question] = person[question]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(st.tuples(PERSON, GOALS), min_size=20, max_size=20))
def test_generated_people_need_no_more_questions_than_with_the_engine_order(people):
    old = sum(len(questions_needed(p, AS_OF, g, engine_order)) for p, g in people)
    new = sum(len(questions_needed(p, AS_OF, g, next_question)) for p, g in people)
    print(f"20 generated people: engine order {old} questions, planner {new}")
    assert new <= old


def test_fresh_hong_kong_graduate_asking_to_stay_is_asked_about_graduating_not_companies():
    graduate = {"age": 23, "highest_degree": "bachelor", "hk_graduate": True, "months_since_hk_graduation": 1,
                "hk_bachelor_graduate": True, "ugc_funded_programme": True, "nationality": "IN",
                "residence": "hong_kong", "hk_permanent_resident": False, "current_visa": "student",
                "languages": ["english"]}
    goals = goals_in_text("Can I stay after I graduate from HKU?")
    assert goals == ["iang"]
    asked = questions_needed(graduate, AS_OF, goals)
    assert "owns_listed_company" not in asked and "net_assets_hkd" not in asked
    assert "parent_hk_permanent_resident" not in asked
    assert "hk_graduate" in asked and len(asked) <= 5
    assert len(asked) < len(questions_needed(graduate, AS_OF, goals, engine_order))


def test_a_parent_who_is_a_permanent_resident_points_to_assg_first():
    daughter = {"age": 29, "nationality": "CA", "parent_hk_permanent_resident": True, "born_overseas": True,
                "parent_settled_overseas_at_birth": True, "highest_degree": "bachelor",
                "languages": ["english"], "hk_permanent_resident": False, "residence": "overseas"}
    facts = {"parent_hk_permanent_resident": True, "nationality": "CA"}
    first = next_question(facts, AS_OF)
    assert first in {"age", "born_overseas", "parent_settled_overseas_at_birth", "highest_degree",
                     "languages", "hk_permanent_resident"}
    asked = questions_needed(daughter, AS_OF, None, given=facts)
    answer = assess({**facts, **{q: daughter[q] for q in asked if daughter.get(q) is not None}}, AS_OF)
    met = [s["id"] for s in answer["schemes"] if s["status"] == "eligible"]
    assert "assg" in met, (asked, met)


def test_schemes_named_or_goals_stated_are_recognised():
    assert goals_in_text("can I get a working holiday visa?") == ["working_holiday"]
    assert "dependant" in goals_in_text("I want to bring my wife and kids")
    assert "permanent_residence" in goals_in_text("how do I get permanent residence after 7 years?")
    assert goals_in_text("I'm 32 and have a master's") == []


def test_a_settled_goal_asks_nothing_more():
    facts = {"hk_permanent_resident": True}
    assert next_question(facts, AS_OF, goals=["ttps"]) is None


@pytest.mark.parametrize("text, expected", [
    ("我老公在香港工作，拿的是高才通，我可以过去吗？", ["dependant", "assg"]),   # joining a spouse
    ("想帶埋老婆仔女過去香港", ["dependant", "assg"]),
    ("我想畢業後留港工作", ["iang"]),
    ("我想去香港工作", ["ttps", "qmas", "gep_professionals", "asmtp", "techtas", "technical_professionals", "iang", "assg"]),
    ("點樣申請永居？", ["permanent_residence"]),
    ("我想去香港投资", ["new_cies", "gep_investment"]),
    # facts about someone else, not goals
    ("我老公喺香港工作", []),
    ("我媽媽是香港永久性居民", []),
])
def test_goals_stated_in_chinese(text, expected):
    assert goals_in_text(text) == expected
